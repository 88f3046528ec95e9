"""Throughput of zhibiao from Python against the CLI, and against the Python tools a researcher
would use otherwise (Recognizers-Text number + percent models, jionlp), on the same text.

    cargo build --release -p zhibiao        # the CLI measured (or set ZHIBIAO_BIN)
    pip install ./python                    # zhibiao for Python (a release build)
    pip install recognizers-text-suite 'emoji<2' jionlp   # optional: the tools compared
    (Recognizers-Text imports emoji.UNICODE_EMOJI, gone in emoji 2)
    python bench/python.py [-n 10] [--others-budget 60]

All on one core: this process and the CLI are pinned to core 0 (sched_setaffinity / taskset).
The bundled reports (tests/data/*.txt, tests/data/provinces-2026/*.txt) are read N times:
zhibiao from the files (read, decode, extract, as the CLI), the CLI in one process with
`-j 1 -f jsonl`. The other tools get the decoded text of each report (they cannot read files)
for as many passes as fit in --others-budget seconds (at least one report). A measurement,
not a test.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import time

REPO = pathlib.Path(__file__).resolve().parents[1]


def pin() -> str:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
        return "pinned to core 0"
    return "not pinned"


def report(name: str, items: int, what: str, nbytes: int, seconds: float) -> None:
    print(
        f"{name:<34} {items:>9,} {what:<9} {seconds:>8.2f} s "
        f"{items / seconds:>12,.0f} {what}/s {nbytes / 1e6 / seconds:>8.2f} MB/s"
    )


def bench_cli(files: list, reps: int, nbytes: int) -> None:
    binary = os.environ.get("ZHIBIAO_BIN") or str(REPO / "target" / "release" / "zhibiao")
    if not os.path.isfile(binary):
        print(f"{'zhibiao CLI':<34} not built ({binary}): cargo build --release -p zhibiao")
        return
    pin_cmd = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    args = [*pin_cmd, binary, "extract", "-q", "-j", "1", "-f", "jsonl", *(map(str, files * reps))]
    started = time.perf_counter()
    done = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        print(f"zhibiao CLI exited with {done.returncode}")
        return
    facts = done.stdout.count(b"\n")
    report("zhibiao CLI (-j 1, JSONL)", facts, "facts", nbytes * reps, seconds)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=10, help="passes over the reports (default 10)")
    ap.add_argument("--others-budget", type=float, default=60.0,
                    help="seconds for each other tool (default 60)")
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, {pin()}")

    import zhibiao

    data = REPO / "tests" / "data"
    files = sorted(data.glob("*.txt")) + sorted((data / "provinces-2026").glob("*.txt"))
    nbytes = sum(p.stat().st_size for p in files)
    texts = [p.read_text(encoding="utf-8") for p in files]
    print(f"{len(files)} reports, {nbytes / 1e6:.2f} MB, {args.n} passes "
          f"({nbytes * args.n / 1e6:.1f} MB)\n")

    bench_cli(files, args.n, nbytes)

    zhibiao.extract(files[0])  # warm up (the registry is built on first use)
    started = time.perf_counter()
    facts = 0
    for _ in range(args.n):
        for p in files:
            facts += len(zhibiao.extract(p))
    seconds = time.perf_counter() - started
    report("zhibiao.extract(path)", facts, "facts", nbytes * args.n, seconds)

    started = time.perf_counter()
    facts = sum(len(f) for f in zhibiao.extract_many(files * args.n, jobs=1))
    seconds = time.perf_counter() - started
    report("zhibiao.extract_many(jobs=1)", facts, "facts", nbytes * args.n, seconds)

    try:
        import pyarrow  # noqa: F401
    except ImportError:
        print(f"{'zhibiao.facts_table(jobs=1)':<34} pyarrow not installed")
    else:
        started = time.perf_counter()
        rows = zhibiao.facts_table(files * args.n, jobs=1).num_rows
        seconds = time.perf_counter() - started
        report("zhibiao.facts_table(jobs=1)", rows, "facts", nbytes * args.n, seconds)

    others(texts, args.others_budget)


def run_budget(name: str, texts: list, budget: float, f, what: str) -> None:
    """Runs `f(text) -> items` over the texts, in passes, until `budget` seconds are spent
    (whole reports; at least one)."""
    items = done_bytes = 0
    started = time.perf_counter()
    while True:
        for t in texts:
            items += f(t)
            done_bytes += len(t.encode("utf-8"))
            if time.perf_counter() - started > budget:
                break
        else:
            continue
        break
    seconds = time.perf_counter() - started
    report(name, items, what, done_bytes, seconds)


def others(texts: list, budget: float) -> None:
    try:
        from recognizers_number import NumberRecognizer
        from recognizers_text import Culture
    except ImportError:
        print(f"{'Recognizers-Text':<34} not installed (pip install recognizers-text-suite)")
    else:
        rec = NumberRecognizer(Culture.Chinese)
        number, percent = rec.get_number_model(), rec.get_percentage_model()
        run_budget("Recognizers-Text number+percent", texts, budget,
                   lambda t: len(number.parse(t)) + len(percent.parse(t)), "entities")
    try:
        import jionlp
    except ImportError:
        print(f"{'jionlp':<34} not installed (pip install jionlp)")
    else:
        # jionlp has no general number or percent extractor: money amounts (with parsing to a
        # number) are its nearest tool.
        run_budget("jionlp ner.extract_money", texts, budget,
                   lambda t: len(jionlp.ner.extract_money(t, with_parsing=True)), "amounts")


if __name__ == "__main__":
    main()
