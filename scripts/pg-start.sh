#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tracker's tests and prints its URL as the last
# line of standard output:
#
#   url=$(scripts/pg-start.sh [DIR] | tail -n1)     # DIR defaults to /tmp/zhibiao-pg
#   ZHIBIAO_TEST_PG=$url cargo test -p zhibiao-tracker
#   scripts/pg-stop.sh [DIR] [--rm]
#
# On Debian, as root (as CI runs), installs the server from Debian's `postgresql` package when
# it is missing. The cluster lives in DIR (data/, sock/, log, port), runs as the `postgres`
# system user when started by root (initdb refuses root), listens on a free port of 127.0.0.1
# only, trusts every local connection (no password: it is a test cluster; fsync is off too) and
# has a database `zhibiao_test` owned by the superuser `postgres`. A second run while the
# cluster in DIR is up only prints the URL again; a cluster in DIR that is down is restarted.
# Progress goes to standard error.
set -euo pipefail

dir=${1:-/tmp/zhibiao-pg}
db=zhibiao_test
say() { echo "pg-start: $*" >&2; }
die() {
    say "$*"
    exit 1
}

server_bin() {
    # The newest installed server (Debian installs each major version under its own directory).
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
    if [[ -n $d && -x $d/initdb && -x $d/postgres && -x $d/pg_ctl ]]; then
        echo "$d"
    fi
}

bin=$(server_bin)
if [[ -z $bin ]]; then
    [[ $EUID -eq 0 ]] || die "the PostgreSQL server is not installed; as root: apt-get install postgresql"
    say "installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update >&2
    apt-get install -y --no-install-recommends postgresql >&2
    bin=$(server_bin)
    [[ -n $bin ]] || die "postgresql was installed but no server is under /usr/lib/postgresql/*/bin"
fi

# Root runs the server as `postgres` (created by the package); anyone else as themselves.
if [[ $EUID -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "no postgres system user (is the postgresql package installed?)"
    if command -v runuser >/dev/null; then
        as_pg() { runuser -u postgres -- "$@"; }
    else
        as_pg() { su -s /bin/sh postgres -c "$(printf '%q ' "$@")"; }
    fi
else
    as_pg() { "$@"; }
fi

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
[[ $EUID -eq 0 ]] && chown postgres: "$dir"
as_pg test -w "$dir" || die "$dir is not writable by the postgres user (choose a directory under /tmp)"

# One run at a time per directory.
exec 9>"$dir/.lock"
flock 9

data=$dir/data
sock=$dir/sock
psql_bin=$bin/psql
[[ -x $psql_bin ]] || psql_bin=psql

running() { as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if [[ ! -f $data/PG_VERSION ]]; then
    say "creating a cluster in $data ($("$bin/postgres" --version))"
    as_pg mkdir -p "$sock"
    as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --no-locale >&2
    as_pg sh -c "cat >> '$data/postgresql.conf'" <<CONF

# zhibiao test cluster (scripts/pg-start.sh): loopback and a socket in $sock only; no
# durability needed.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sock'
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
fi

if running && [[ -f $dir/port ]]; then
    port=$(cat "$dir/port")
    say "already running on port $port"
else
    port=
    # The port of the last start first (the URL stays the same), then from a random point.
    previous=$(cat "$dir/port" 2>/dev/null || true)
    start=$((54320 + RANDOM % 500))
    for p in $previous $(seq "$start" $((start + 199))); do
        port_free "$p" || continue
        # 9>&-: the server must not inherit (and hold for ever) the lock of this script.
        if as_pg "$bin/pg_ctl" -D "$data" -l "$dir/log" -w -t 60 -o "-p $p" start >&2 9>&-; then
            port=$p
            break
        fi
        say "could not start on port $p (see $dir/log); trying another"
        if running; then as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >&2 || true; fi
    done
    [[ -n $port ]] || die "could not start PostgreSQL (see $dir/log)"
    echo "$port" >"$dir/port"
fi

for _ in $(seq 1 60); do
    if "$psql_bin" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
        break
    fi
    sleep 0.5
done
"$psql_bin" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc 'SELECT 1' >/dev/null ||
    die "PostgreSQL on port $port does not answer (see $dir/log)"

if [[ $("$psql_bin" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$db'") != 1 ]]; then
    "$psql_bin" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE $db OWNER postgres" >&2
fi

echo "postgres://postgres@127.0.0.1:$port/$db"
