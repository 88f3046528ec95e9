#!/usr/bin/env bash
# The tracker's own connection pools (store/postgres.rs `Pool`, store/sqlite.rs `Readers`)
# against r2d2 (+ r2d2_postgres, r2d2_sqlite) on the same work (issue 15): steady-state
# checkout + a cheap read with 1, 4 and 16 threads, how requests fail while PostgreSQL is down,
# and how many fail after a restart. Starts a throwaway PostgreSQL cluster (scripts/pg-start.sh,
# stopped and started by the program itself for the outage and restart runs, removed at the
# end) and a SQLite file in a temporary directory; prints Markdown tables (medians).
#
#   bash bench/pool-compare.sh            # 3 runs of everything, 3 s per steady-state cell
#   bash bench/pool-compare.sh 1 1        # REPS SECONDS: a quick look
#
# Takes about 6 minutes with the defaults (the outage runs wait for r2d2's 30 s
# connection_timeout). See crates/zhibiao-tracker/examples/pool_compare.rs for what each pool
# and column is.
set -euo pipefail
cd "$(dirname "$0")/.."

reps=${1:-3}
secs=${2:-3}
dir=$(mktemp -d /tmp/zhibiao-pool-XXXXXX)
pg_dir=$dir/pg
chmod 755 "$dir"
trap 'bash scripts/pg-stop.sh "$pg_dir" --rm >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT

cargo build --release -p zhibiao-tracker --example pool_compare
url=$(bash scripts/pg-start.sh "$pg_dir" | tail -n1)
echo "PostgreSQL: $url; load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
"${CARGO_TARGET_DIR:-target}/release/examples/pool_compare" "$url" "$pg_dir" "$dir/tracker.db" "$reps" "$secs"
