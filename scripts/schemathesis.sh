#!/usr/bin/env bash
# Schemathesis against the tracker's JSON API: generates requests from the OpenAPI document
# (/api/openapi.json) of a release `zhibiao serve --demo` on a temporary database and a free
# port, authenticated as the demo admin with an API token made through the users page, and
# checks every response: no 5xx, and statuses, content types, headers and bodies as the
# document says.
#
#   bash scripts/schemathesis.sh              # 100 examples per operation and phase (< 3 min)
#   bash scripts/schemathesis.sh -n 200       # more
#   bash scripts/schemathesis.sh --seed 7     # other examples (the default seed is 1)
#
# Installs schemathesis (pinned, from PyPI) into a virtual environment under target/ when it
# is missing. Ends with one line: operations, test cases, failures, server errors. Exits
# non-zero when a check fails, the server answers 5xx, a build fails or the server does not
# start.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
examples=100 seed=1
while [ $# -gt 0 ]; do
    case "$1" in
        -n) examples="${2:?-n needs a number}"; shift ;;
        --seed) seed="${2:?--seed needs a number}"; shift ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "schemathesis.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

target="$(realpath -m "${CARGO_TARGET_DIR:-target}")"
venv="$target/schemathesis-venv"
st="$venv/bin/schemathesis"
if ! "$st" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    echo "==> installing schemathesis $SCHEMATHESIS_VERSION into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi
"$st" --version

echo "==> cargo build --release -p zhibiao"
cargo build --release -p zhibiao --quiet
bin="$target/release/zhibiao"

tmp=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$bin" serve --demo --db "$tmp/demo.db" --addr "127.0.0.1:$port" >"$tmp/server.log" 2>&1 &
server=$!
up() { python3 -c "import urllib.request, sys; urllib.request.urlopen(sys.argv[1], timeout=1)" "$base/healthz" 2>/dev/null; }
for _ in $(seq 1 100); do
    if up; then break; fi
    if ! kill -0 "$server" 2>/dev/null; then cat "$tmp/server.log" >&2; echo "the server exited" >&2; exit 1; fi
    sleep 0.1
done
up || { cat "$tmp/server.log" >&2; echo "the server does not answer" >&2; exit 1; }

# An API token for the demo admin, made as its owner does: log in through the form, then press
# "生成令牌" on 我的账号 (POST /users/ID/token with the session's CSRF token) and read the token
# off the page. (Only a token's owner makes it.)
token=$("$venv/bin/python" - "$base" <<'PY'
import http.cookiejar, re, sys, urllib.parse, urllib.request

base = sys.argv[1]
jar = http.cookiejar.CookieJar()
web = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

def csrf(html):
    return re.search(r'name="csrf" value="([0-9a-f]+)"', html).group(1)

def post(path, fields):
    data = urllib.parse.urlencode(fields).encode()
    return web.open(base + path, data).read().decode()

login = web.open(base + "/login").read().decode()
post("/login", {"csrf": csrf(login), "name": "admin", "password": "demo-admin-2023", "next": "/users"})
account = web.open(base + "/account").read().decode()
row = re.search(r'action="/users/(\d+)/token"', account)
page = post(f"/users/{row.group(1)}/token", {"csrf": csrf(account)})
print(re.search(r'class="token" readonly value="([0-9a-f]{64})"', page).group(1))
PY
)
echo "==> API token for the demo admin: ${token:0:8}…"

echo "==> schemathesis run $base/api/openapi.json (max $examples examples per operation)"
# Requests that fit the document but name a report, task or department that does not exist,
# carry a stale version, or date progress after today, are refused with 400, 404 or 409 by
# design (the document says so in words): for the three operations that take them,
# "schema-valid request rejected" accepts those too. Every other check stands as it is.
cat >"$tmp/schemathesis.toml" <<'TOML'
[[operations]]
include-operation-id = "createCommitment"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404", "409"]

[[operations]]
include-operation-id = "createUpdate"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404", "409"]

[[operations]]
include-operation-id = "assignCommitments"
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404", "409"]
TOML

set +e
# Run from the temporary directory: schemathesis keeps its example database in the current
# one (.schemathesis/).
(cd "$tmp" && "$st" --config-file "$tmp/schemathesis.toml" run "$base/api/openapi.json" \
    --url "$base" \
    --header "Authorization: Bearer $token" \
    --checks all \
    --max-examples "$examples" \
    --seed "$seed" \
    --continue-on-failure \
    --report junit --report-junit-path "$tmp/junit.xml") \
    2>&1 | tee "$tmp/run.log"
status=${PIPESTATUS[0]}
set -e

# The server's view: every 5xx it sent was logged as an internal error.
errors=$(grep -c "internal error" "$tmp/server.log" || true)
if [ "$errors" -gt 0 ]; then
    echo "the server logged $errors internal errors:" >&2
    grep "internal error" "$tmp/server.log" | sort | uniq -c >&2
    status=1
fi
operations=$(grep -oE 'Tested: [0-9]+' "$tmp/run.log" | grep -oE '[0-9]+' || echo 0)
cases=$(grep -oE '[0-9]+ generated' "$tmp/run.log" | grep -oE '[0-9]+' || echo 0)
failures=$(grep -oE '[0-9]+ unique failures' "$tmp/run.log" | grep -oE '[0-9]+' || echo 0)
echo "schemathesis: $operations operations, $cases test cases, $failures failures, $errors server errors (5xx) -> $([ "$status" -eq 0 ] && echo ok || echo FAILED)"
exit "$status"
