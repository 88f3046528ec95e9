#!/usr/bin/env bash
# Measures a corpus run of `zhibiao extract`: a directory of N reports (default 1,000) made by
# repeating the bundled reports (tests/data/provinces-2026/*.txt and tests/data/*.txt), given
# to one process on all cores, as in `zhibiao extract CORPUS -f jsonl -o OUT`. Prints the
# whole-process throughput (MB/s of input over wall time) and the peak memory (RSS). A
# measurement, not a pass/fail test: it fails only when the build or the run fails.
#
#   bash bench/corpus.sh                 # 1,000 reports (~55 MB)
#   bash bench/corpus.sh --n 10000       # 10,000 reports (~550 MB): the same peak RSS shows
#                                        # that memory does not grow with the corpus
#   bash bench/corpus.sh -f csv          # another output format (jsonl, csv, xlsx, parquet)
#   bash bench/corpus.sh -j 1            # one thread (default: all cores)
#   bash bench/corpus.sh --runs 5        # runs of the same corpus (default 3): each is shown,
#                                        # the summary is of the fastest (the least disturbed
#                                        # by other work on the machine); peak RSS is the most
#                                        # of all runs
#
# The corpus is made of hard links (copies when the temporary directory is on another file
# system) in a temporary directory under target/, one sub-directory per repetition, so every
# report has its own path and document id; it is deleted at the end. The input is read from
# the page cache (the same few files, linked many times): the figures are for a warm cache.
# Peak RSS comes from /usr/bin/time -v (Debian's `time`: installed with apt-get when missing
# and possible; else the RSS is not shown).
set -euo pipefail
cd "$(dirname "$0")/.."

n=1000
format=jsonl
jobs=()
runs=3
while [ $# -gt 0 ]; do
    case "$1" in
        --n | -n) n="${2:?--n needs a number}"; shift ;;
        -f | --format) format="${2:?-f needs a format}"; shift ;;
        -j | --jobs) jobs=(-j "${2:?-j needs a number}"); shift ;;
        --runs) runs="${2:?--runs needs a number}"; shift ;;
        -h | --help) sed -n '2,24p' "$0"; exit 0 ;;
        *) echo "corpus.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

if [ ! -x /usr/bin/time ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "==> apt-get install -y time (for peak RSS)"
    apt-get install -y -qq time >/dev/null 2>&1 ||
        { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq time >/dev/null 2>&1; } ||
        echo "corpus.sh: could not install time; peak RSS will not be shown" >&2
fi

echo "==> cargo build --release -p zhibiao"
cargo build --release -p zhibiao --quiet
target="${CARGO_TARGET_DIR:-target}"
bin="$target/release/zhibiao"

src=(tests/data/provinces-2026/*.txt tests/data/*.txt)
m=${#src[@]}
tmp=$(mktemp -d "$target/corpus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

echo "==> making a corpus of $n reports from $m in $tmp/corpus"
link() { ln "$@" 2>/dev/null || cp "$@"; }
for ((rep = 0; rep * m < n; rep++)); do
    dir=$(printf '%s/corpus/rep-%05d' "$tmp" "$rep")
    mkdir -p "$dir"
    left=$((n - rep * m))
    if [ "$left" -ge "$m" ]; then
        link "${src[@]}" "$dir/"
    else
        link "${src[@]:0:left}" "$dir/"
    fi
done
files=$(find "$tmp/corpus" -type f | wc -l)
bytes=$(find "$tmp/corpus" -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
out="$tmp/out.$format"
cores=$(nproc 2>/dev/null || echo 1)

echo "==> zhibiao extract CORPUS -f $format -o OUT ${jobs[*]:-(all $cores cores)}, $runs runs"
best_wall=""
best_cpu=""
max_rss=""
for ((run = 1; run <= runs; run++)); do
    status=0
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -v -o "$tmp/time" "$bin" extract -q -f "$format" "${jobs[@]}" -o "$out" \
            "$tmp/corpus" 2>"$tmp/err" || status=$?
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
            n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$tmp/time")
        cpu=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$tmp/time")
        rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tmp/time")
    else
        TIMEFORMAT='%R %U %S'
        { time "$bin" extract -q -f "$format" "${jobs[@]}" -o "$out" "$tmp/corpus" 2>"$tmp/err" ||
            status=$?; } 2>"$tmp/time"
        read -r wall user sys <"$tmp/time"
        cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')
        rss=""
    fi
    if [ "$status" -ne 0 ]; then
        echo "corpus.sh: zhibiao exited with $status:" >&2
        grep -v 'warning:' "$tmp/err" | head -5 >&2
        exit "$status"
    fi
    awk -v run="$run" -v bytes="$bytes" -v wall="$wall" -v cpu="$cpu" -v rss="$rss" 'BEGIN {
        printf "run %d: %.2f s wall, %.2f s cpu, %.1f MB/s", run, wall, cpu, (wall > 0 ? bytes / 1e6 / wall : 0)
        if (rss != "") printf ", peak RSS %.1f MB", rss / 1024
        printf "\n" }'
    if [ -z "$best_wall" ] || awk -v a="$wall" -v b="$best_wall" 'BEGIN { exit !(a < b) }'; then
        best_wall=$wall
        best_cpu=$cpu
    fi
    if [ -n "$rss" ] && { [ -z "$max_rss" ] || [ "$rss" -gt "$max_rss" ]; }; then
        max_rss=$rss
    fi
done
wall=$best_wall
cpu=$best_cpu
rss=$max_rss

facts=""
case "$format" in
    jsonl) facts=$(wc -l <"$out") ;;
    csv) facts=$(($(wc -l <"$out") - 1)) ;;
esac
warnings=$(grep -c 'warning:' "$tmp/err" || true)
out_bytes=$(stat -c %s "$out")
awk -v files="$files" -v bytes="$bytes" -v wall="$wall" -v cpu="$cpu" -v rss="$rss" \
    -v facts="$facts" -v warnings="$warnings" -v out_bytes="$out_bytes" -v cores="$cores" 'BEGIN {
    printf "reports    %d (%.1f MB)\n", files, bytes / 1e6
    if (facts != "") printf "facts      %d (%d warnings)\n", facts, warnings
    printf "output     %.1f MB\n", out_bytes / 1e6
    printf "wall       %.2f s (the fastest run)\n", wall
    printf "cpu        %.2f s (user + sys; %.2f cores busy of %d)\n", cpu, (wall > 0 ? cpu / wall : 0), cores
    if (wall > 0) printf "throughput %.1f MB/s, whole process\n", bytes / 1e6 / wall
    if (rss != "") printf "peak RSS   %.1f MB\n", rss / 1024
}'
