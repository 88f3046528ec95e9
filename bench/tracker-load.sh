#!/usr/bin/env bash
# Load on the tracker (`zhibiao serve`): seeds a database with 10 reports × 300 commitments ×
# 50 updates (through the store and one SQL transaction, not over HTTP), starts the release
# server on 127.0.0.1, and drives 200 concurrent clients (each its own session) against the
# dashboard (GET /) and the list (GET /commitments?page=1…5), twice:
#   1. paced, with crates/zhibiao-tracker/examples/load.rs (tokio + reqwest, per-request
#      latency per route): each client sends one request every 100 ms (users clicking fast;
#      2000 req/s offered in all): the latency a user sees with 200 people at work;
#   2. closed loop, with wrk (Debian's `wrk`, installed with apt-get when missing) and
#      bench/wrk-sessions.lua: 200 connections, each sending its next request as soon as the
#      last is answered, the requests spread over the 200 sessions; the dashboard, then the
#      list's five pages, each for the run's length after a 3 s warm-up. Every session is
#      checked to get a 200 page before and after (wrk counts no redirect as an error).
#      Without wrk, the closed loop runs on the Rust generator instead (which needs more CPU
#      per request than the server, on the same 2 cores: it measures itself as much).
# Prints requests, errors, p50/p90/p99/max per route, the server's peak RSS, and the time of
# one report import through the upload form (after the paced run).
#
#   bash bench/tracker-load.sh                 # 200 clients, 20 s each run
#   bash bench/tracker-load.sh -c 50 -d 10     # 50 clients, 10 s
#   bash bench/tracker-load.sh -t 200          # paced run at one request per 200 ms each
#   bash bench/tracker-load.sh --quick         # 200 clients, 5 s (CI)
#   bash bench/tracker-load.sh --mixed         # issue 6: 80% reads / 20% progress updates,
#                                              # 200 clients, 300 s paced; then every
#                                              # acknowledged write counted in the DB
#   bash bench/tracker-load.sh --mixed --db postgres://…   # the same on PostgreSQL
#   ZHIBIAO_BIN=A/zhibiao ZHIBIAO_LOAD=A/load bash bench/tracker-load.sh --mixed
#                                              # binaries built before (A/B of two commits)
#
# Targets (issue 5): dashboard and list p99 <= 20 ms at 200 clients, zero errors; import of a
# report <= 200 ms; checked on both runs. A measurement: it fails when a request errs or a
# build/run fails, and prints whether the targets are met without failing on them (the figures
# depend on the machine; the load generator shares its 2 cores with the server).
set -euo pipefail
cd "$(dirname "$0")/.."

clients=200 secs=20 think=100 reports=10 per=300 updates=50 mixed=0 db=""
while [ $# -gt 0 ]; do
    case "$1" in
        -c) clients="${2:?-c needs a number}"; shift ;;
        -d) secs="${2:?-d needs seconds}"; shift ;;
        -t) think="${2:?-t needs milliseconds}"; shift ;;
        --quick) secs=5 ;;
        --mixed) mixed=20; secs=300 ;;
        --db) db="${2:?--db needs a postgres:// URL}"; shift ;;
        -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
        *) echo "tracker-load.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

target="${CARGO_TARGET_DIR:-target}"
bin="${ZHIBIAO_BIN:-$target/release/zhibiao}"
load="${ZHIBIAO_LOAD:-$target/release/examples/load}"
if [ -n "${ZHIBIAO_BIN:-}" ] && [ -n "${ZHIBIAO_LOAD:-}" ]; then
    # A/B runs: binaries built before (say from another commit), nothing built here.
    echo "==> using $bin and $load as they are"
else
    echo "==> cargo build --release -p zhibiao -p zhibiao-tracker --example load"
    cargo build --release -p zhibiao --quiet
    cargo build --release -p zhibiao-tracker --example load --quiet
fi

tmp=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT

echo "==> seeding $reports reports × $per commitments × $updates updates"
if [ -n "$db" ]; then
    # PostgreSQL: the seed goes through the store (its schema is made on open).
    "$load" seed "$db" "$tmp/sessions" "$reports" "$per" "$updates" "$clients"
else
    db="$tmp/load.db"
    "$load" seed "$db" "$tmp/sessions" "$reports" "$per" "$updates" "$clients"
fi

# A free port: bind 0 in the kernel's eyes by asking python, else a fixed one.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18080)
"$bin" serve --db "$db" --addr "127.0.0.1:$port" >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.1
done
kill -0 "$server" || { cat "$tmp/server.log"; echo "the server did not start" >&2; exit 1; }

# Raise the open-files limit for 200 connections on each side.
ulimit -n 4096 2>/dev/null || true
# wrk for the closed loop: Debian's package, installed when missing (and apt-get is there).
closed_loop_tool() {
    command -v curl >/dev/null 2>&1 || return 1 # for the sessions' check
    command -v wrk >/dev/null 2>&1 && return 0
    if command -v apt-get >/dev/null 2>&1; then
        echo "==> installing wrk (Debian package)"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
        { $sudo apt-get update -qq && $sudo apt-get install -y -qq wrk; } >/dev/null 2>&1 || true
    fi
    command -v wrk >/dev/null 2>&1
}

# Every seeded session gets the dashboard as a 200 page (not a redirect to the login page).
sessions_ok() {
    local bad=0 token code
    while read -r token _; do
        code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: zb_session=$token" "http://127.0.0.1:$port/")
        [ "$code" = 200 ] || bad=$((bad + 1))
    done <"$tmp/sessions"
    echo "sessions answered other than 200 ($1): $bad"
    [ "$bad" -eq 0 ]
}

closed_loop() {
    local ok=0 list=("/commitments?page=1" "/commitments?page=2" "/commitments?page=3" "/commitments?page=4" "/commitments?page=5")
    echo "==> closed loop: $clients connections back to back over $clients sessions, $secs s a route, wrk"
    sessions_ok before || ok=1
    wrk -t1 -c"$clients" -d3s -s bench/wrk-sessions.lua "http://127.0.0.1:$port" -- "$tmp/sessions" / "${list[@]}" >/dev/null
    for route in dashboard list; do
        if [ "$route" = dashboard ]; then paths=(/); else paths=("${list[@]}"); fi
        line=$(wrk -t1 -c"$clients" -d"${secs}s" --timeout 5s -s bench/wrk-sessions.lua \
            "http://127.0.0.1:$port" -- "$tmp/sessions" "${paths[@]}" | grep '^wrk:') || { ok=1; continue; }
        # line: "wrk: requests N errors E p50 X p90 Y p99 Z max M (ms)"
        read -r _ _ n _ errors _ <<<"$line"
        echo "closed $route ${line#wrk: } $((n / secs)) req/s" | tee -a "$tmp/paced"
        [ "$errors" -eq 0 ] || ok=1
    done
    sessions_ok after || ok=1
    return "$ok"
}

status=0
echo "==> paced: $clients clients, one request per $think ms each, $secs s, ${mixed:-0}% writes, http://127.0.0.1:$port"
"$load" run "http://127.0.0.1:$port" "$tmp/sessions" "$clients" "$secs" "$think" "$mixed" "$tmp/acked1" | tee "$tmp/paced" || status=1
if [ "$mixed" -gt 0 ]; then
    echo "==> counting the acknowledged writes in the database (after the run, server still up)"
    "$load" verify "$db" "$tmp/acked1" || status=1
elif closed_loop_tool; then
    closed_loop || status=1
else
    echo "==> saturated (no wrk): $clients clients back to back, $secs s, Rust generator"
    "$load" run "http://127.0.0.1:$port" "$tmp/sessions" "$clients" "$secs" 0 || status=1
fi
rss=$(awk '/VmHWM/ {print $2}' "/proc/$server/status" 2>/dev/null || echo "?")
echo "server peak RSS: ${rss} kB"
if [ "$mixed" -gt 0 ]; then
    # Issue 5's latency targets are for reads alone; this run is judged by its errors and by
    # the acknowledged writes found in the database (above).
    echo "mixed run: issue 5's p99 targets apply to the read-only runs (bash bench/tracker-load.sh)"
    exit "$status"
fi
awk '
  /^GET / { if ($7 > 20) over = over " paced " $1 " " $2 " p99 " $7 " ms > 20 ms;" }
  /^closed / { if ($12 > 20) over = over " closed loop " $2 " p99 " $12 " ms > 20 ms;" }
  /^import of one report/ { for (i = 1; i <= NF; i++) if ($i == "ms,") ms = $(i - 1) }
  END {
    if (ms > 200) over = over " import " ms " ms > 200 ms;"
    if (over == "") print "targets met: p99 <= 20 ms on both routes (each run), import <= 200 ms";
    else print "targets NOT met:" over
  }' "$tmp/paced"
exit "$status"
