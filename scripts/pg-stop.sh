#!/usr/bin/env bash
# Stops the cluster that scripts/pg-start.sh started in DIR (default /tmp/zhibiao-pg);
# with --rm, also deletes DIR.
#
#   scripts/pg-stop.sh [DIR] [--rm]
set -euo pipefail

dir=/tmp/zhibiao-pg
remove=false
for arg in "$@"; do
    case $arg in
    --rm) remove=true ;;
    -*)
        echo "usage: $0 [DIR] [--rm]" >&2
        exit 2
        ;;
    *) dir=$arg ;;
    esac
done

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
if [[ $EUID -eq 0 ]]; then
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

if [[ -f $dir/data/PG_VERSION && -n $bin ]]; then
    if as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2
    else
        echo "pg-stop: no server running in $dir/data" >&2
    fi
else
    echo "pg-stop: no cluster in $dir" >&2
fi
if $remove; then
    rm -rf "$dir"
fi
