"""Extracts a directory of reports with Spark's mapInPandas on a local session.

    pip install pyspark            # needs a Java runtime (17 or later for Spark 4)
    python python/examples/spark_extract.py [DIR] [--repeat N] [--out facts.parquet]

Spark distributes the file paths; each Python worker runs zhibiao on its share and returns
pandas DataFrames with the columns of the CLI's Parquet facts. On a cluster the same code runs
unchanged, as long as every executor has zhibiao installed and sees the files (a shared file
system, or read the bytes with `spark.read.format("binaryFile")` and pass them to
`zhibiao.extract`).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import time
from typing import Iterator

import pandas as pd

import zhibiao

SPARK_TYPES = {
    "string": "STRING",
    "int32": "INT",
    "int64": "BIGINT",
    "double": "DOUBLE",
    "bool": "BOOLEAN",
}


def facts_schema() -> str:
    """The Spark schema of the facts, from zhibiao's own Arrow schema."""
    schema = zhibiao.facts_table([]).schema
    return ", ".join(f"`{f.name}` {SPARK_TYPES[str(f.type)]}" for f in schema)


def extract_partition(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Runs in the Python workers: the facts of each batch of paths, one Arrow table a file
    (read once). A file that cannot be read is left out, its cause printed to the worker's
    standard error."""
    import sys

    import pyarrow as pa

    for batch in batches:
        tables = []
        for path in batch["path"]:
            try:
                tables.append(zhibiao.facts_table([path], jobs=1))
            except zhibiao.ReportError as e:
                print(f"zhibiao: {e}", file=sys.stderr)
        if tables:
            # One chunk a column: Spark converts the frame back to Arrow batches.
            yield pa.concat_tables(tables).combine_chunks().to_pandas()


def main() -> None:
    here = pathlib.Path(__file__).resolve()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default=str(here.parents[2] / "tests" / "data"))
    ap.add_argument("--repeat", type=int, default=1, help="each file this many times (a bigger corpus)")
    ap.add_argument("--partitions", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--out", help="write the facts to this Parquet directory")
    args = ap.parse_args()

    # The workers run this interpreter (the one zhibiao is installed in), not `python3` on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession

    root = pathlib.Path(args.dir)
    paths = sorted(
        str(p)
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix in {".txt", ".html", ".docx", ".pdf"}
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    )
    paths = paths * args.repeat
    size = sum(os.path.getsize(p) for p in paths)

    spark = (
        SparkSession.builder.master(f"local[{args.partitions}]")
        .appName("zhibiao")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    started = time.perf_counter()
    files = spark.createDataFrame([(p,) for p in paths], "path STRING").repartition(args.partitions)
    facts = files.mapInPandas(extract_partition, schema=facts_schema())
    if args.out:
        facts.write.mode("overwrite").parquet(args.out)
        facts = spark.read.parquet(args.out)
    facts = facts.cache()
    n = facts.count()
    seconds = time.perf_counter() - started
    print(f"{len(paths)} files, {size / 1e6:.1f} MB: {n} facts in {seconds:.1f} s "
          f"({n / seconds:,.0f} facts/s, {size / 1e6 / seconds:.2f} MB/s, "
          f"{args.partitions} partitions)")
    print("targets by indicator (top 5):")
    top = (
        facts.where("kind = 'target' AND indicator IS NOT NULL")
        .groupBy("indicator")
        .count()
        .orderBy("count", ascending=False)
        .limit(5)
        .collect()
    )
    for row in top:
        print(f"  {row['indicator']:<28} {row['count']}")
    spark.stop()


if __name__ == "__main__":
    main()
