#!/usr/bin/env bash
# Same facts, byte for byte: saves what `zhibiao extract -f jsonl` (and `zhibiao docs -f jsonl`)
# print for every bundled report and for a generated corpus, then compares a later build's
# output with the saved one. A speed change must leave every byte as it was.
#
#   bash bench/same-facts.sh save [DIR]              # save the current build's output (default
#                                                    # DIR: target/same-facts/baseline)
#   bash bench/same-facts.sh compare [DIR]           # run the current build, compare with DIR;
#                                                    # exit 1 naming every file that differs
#   bash bench/same-facts.sh save --n 10000          # corpus size (default 1,000 reports)
#   bash bench/same-facts.sh compare --bin PATH      # another binary (default: build and use
#                                                    # target/release/zhibiao)
#
# Inputs, each run alone (one output file each, standard error kept too, so a warning or an
# error that changes shows): tests/data/*.txt, tests/data/provinces-2026/*.txt,
# tests/data/headers/*, tests/data/formats/* (HTML, DOCX, PDF, and the broken ones, whose error
# messages are compared as well). The corpus is made as bench/corpus.sh makes it (the bundled
# reports repeated, hard links, one sub-directory per repetition) in target/same-facts/corpus,
# kept between runs so its paths, and so the output, are the same; it is read by one process on
# all cores (`extract CORPUS -o OUT`), whose output is the same for any number of threads.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-}"
case "$mode" in
    save | compare) shift ;;
    -h | --help | "") sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "same-facts.sh: the mode is save or compare, not: $mode" >&2; exit 2 ;;
esac
n=1000
bin=""
dir=""
while [ $# -gt 0 ]; do
    case "$1" in
        --n | -n) n="${2:?--n needs a number}"; shift ;;
        --bin) bin="${2:?--bin needs a path}"; shift ;;
        -*) echo "same-facts.sh: unknown option: $1" >&2; exit 2 ;;
        *) dir="$1" ;;
    esac
    shift
done
target="${CARGO_TARGET_DIR:-target}"
root="$target/same-facts"
dir="${dir:-$root/baseline}"
if [ -z "$bin" ]; then
    echo "==> cargo build --release -p zhibiao" >&2
    cargo build --release -p zhibiao --quiet
    bin="$target/release/zhibiao"
fi

# Runs the build on every input into directory $1.
run_all() {
    local out="$1" f name
    rm -rf "$out"
    mkdir -p "$out/files"
    for f in tests/data/*.txt tests/data/provinces-2026/*.txt tests/data/headers/* tests/data/formats/*; do
        [ -f "$f" ] || continue
        name="${f#tests/data/}"
        name="${name//\//__}"
        "$bin" extract -q -f jsonl "$f" >"$out/files/$name.jsonl" 2>"$out/files/$name.err" || true
        "$bin" docs -q -f jsonl "$f" >"$out/files/$name.docs.jsonl" 2>/dev/null || true
    done
    make_corpus
    "$bin" extract -q -f jsonl -o "$out/corpus.jsonl" "$root/corpus" 2>"$out/corpus.err" || true
    "$bin" docs -q -f jsonl -o "$out/corpus.docs.jsonl" "$root/corpus" 2>/dev/null || true
    echo "$n" >"$out/corpus.size"
}

# The corpus of bench/corpus.sh: $n reports, the bundled ones repeated.
make_corpus() {
    local src=(tests/data/provinces-2026/*.txt tests/data/*.txt) m rep d left
    m=${#src[@]}
    if [ -f "$root/corpus.size" ] && [ "$(cat "$root/corpus.size")" = "$n" ]; then return; fi
    rm -rf "$root/corpus"
    for ((rep = 0; rep * m < n; rep++)); do
        d=$(printf '%s/corpus/rep-%05d' "$root" "$rep")
        mkdir -p "$d"
        left=$((n - rep * m))
        if [ "$left" -ge "$m" ]; then
            ln "${src[@]}" "$d/" 2>/dev/null || cp "${src[@]}" "$d/"
        else
            ln "${src[@]:0:left}" "$d/" 2>/dev/null || cp "${src[@]:0:left}" "$d/"
        fi
    done
    echo "$n" >"$root/corpus.size"
}

mkdir -p "$root"
if [ "$mode" = save ]; then
    echo "==> saving the output of $bin into $dir ($n corpus reports)" >&2
    run_all "$dir"
    echo "saved: $(find "$dir" -type f | wc -l) files, $(cat "$dir"/files/*.jsonl "$dir"/corpus.jsonl | wc -l) lines" >&2
    exit 0
fi

[ -d "$dir" ] || { echo "same-facts.sh: no saved output in $dir (run save first)" >&2; exit 2; }
n=$(cat "$dir/corpus.size")
new="$root/new"
echo "==> running $bin ($n corpus reports) and comparing with $dir" >&2
run_all "$new"
status=0
while IFS= read -r rel; do
    if [ ! -f "$new/$rel" ]; then
        echo "missing: $rel" >&2; status=1
    elif ! cmp -s "$dir/$rel" "$new/$rel"; then
        echo "differs: $rel" >&2
        diff "$dir/$rel" "$new/$rel" | head -4 >&2 || true
        status=1
    fi
done < <(cd "$dir" && find . -type f | sed 's|^\./||' | sort)
while IFS= read -r rel; do
    [ -f "$dir/$rel" ] || { echo "new file: $rel" >&2; status=1; }
done < <(cd "$new" && find . -type f | sed 's|^\./||' | sort)
if [ "$status" -eq 0 ]; then
    echo "identical: $(find "$dir" -type f | wc -l) files, $(cat "$new"/files/*.jsonl "$new"/corpus.jsonl | wc -l) lines" >&2
fi
exit "$status"
