#!/usr/bin/env bash
# Measures the throughput of `zhibiao extract` over the bundled reports (tests/data/*.txt and
# tests/data/provinces-2026/*.txt): MB/s on one core and peak memory. A measurement, not a
# pass/fail test: it fails only when the build or a run fails.
#
#   bash bench/throughput.sh            # 20 repetitions
#   bash bench/throughput.sh --quick    # 2 repetitions (CI)
#   bash bench/throughput.sh -n 50      # 50 repetitions
#
# The file list is passed N times to one process, so start-up costs count once and the
# extraction dominates. The process is pinned to core 0 with taskset when available, and
# timed with /usr/bin/time -v when available (else bash's `time`, without peak memory).
set -euo pipefail
cd "$(dirname "$0")/.."

reps=20
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) reps=2 ;;
        -n) reps="${2:?-n needs a number}"; shift ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "throughput.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

echo "==> cargo build --release -p zhibiao"
cargo build --release -p zhibiao --quiet
bin="${CARGO_TARGET_DIR:-target}/release/zhibiao"

files=(tests/data/*.txt tests/data/provinces-2026/*.txt)
bytes=$(cat "${files[@]}" | wc -c)
args=()
for ((i = 0; i < reps; i++)); do args+=("${files[@]}"); done

pin=()
if command -v taskset >/dev/null 2>&1; then pin=(taskset -c 0); fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "==> ${#files[@]} reports, $bytes bytes, $reps repetitions${pin:+, pinned to core 0}"
status=0
if [ -x /usr/bin/time ]; then
    /usr/bin/time -v -o "$tmp/time" "${pin[@]}" "$bin" extract -f jsonl "${args[@]}" \
        >"$tmp/out" 2>"$tmp/err" || status=$?
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$tmp/time")
    cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$tmp/time")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time")
else
    TIMEFORMAT='%R %U %S'
    { time "${pin[@]}" "$bin" extract -f jsonl "${args[@]}" >"$tmp/out" 2>"$tmp/err" || status=$?; } 2>"$tmp/time"
    read -r wall user sys <"$tmp/time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')
    rss=""
fi
if [ "$status" -ne 0 ]; then
    echo "throughput.sh: zhibiao exited with $status:" >&2
    grep -v 'warning:' "$tmp/err" | head -5 >&2
    exit "$status"
fi

facts=$(wc -l <"$tmp/out")
warnings=$(grep -c 'warning:' "$tmp/err" || true)
awk -v bytes="$bytes" -v reps="$reps" -v wall="$wall" -v cpu="$cpu" -v rss="$rss" \
    -v facts="$facts" -v warnings="$warnings" 'BEGIN {
    total = bytes * reps
    printf "input      %.1f MB (%d x %.2f MB)\n", total / 1e6, reps, bytes / 1e6
    printf "facts      %d per pass (%d warnings per pass)\n", facts / reps, warnings / reps
    printf "wall       %.2f s\n", wall
    printf "cpu        %.2f s (user + sys)\n", cpu
    if (wall > 0) printf "throughput %.1f MB/s on one core\n", total / 1e6 / wall
    if (rss != "") printf "peak RSS   %.1f MB\n", rss / 1024
}'
