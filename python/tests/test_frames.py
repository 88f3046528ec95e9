"""The tables: the CLI's Parquet, CSV and JSONL outputs, as pandas DataFrames and Arrow tables."""

from __future__ import annotations

import os
import subprocess
import sys

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import zhibiao

from conftest import DATA, FORMATS, REPO, TEXT_REPORTS, jsonl, run_cli

HAILAR = [DATA / "hailar-2015.txt", DATA / "hailar-2016.txt"]
# Distinct stems: the CLI names a document by its stem, and keeps the extension only when
# two inputs share one (jiangmen-2023.txt, jiangmen-2023.pdf); zhibiao keeps the stem.
SOME = [DATA / "jiangmen-2023.txt", *HAILAR, FORMATS / "jiangmen-2023-2col.pdf"]


def test_facts_table_is_the_cli_parquet(cli, tmp_path):
    out = tmp_path / "facts.parquet"
    done = run_cli(cli, "extract", "-q", "-o", str(out), *map(str, SOME))
    assert done.returncode == 0, done.stderr
    want = pq.read_table(out)
    got = zhibiao.facts_table(SOME)
    assert got.schema.equals(want.schema, check_metadata=False), (got.schema, want.schema)
    assert got.num_rows > 100
    assert got.equals(want)
    docs = pq.read_table(tmp_path / "facts.docs.parquet")
    got_docs = zhibiao.documents_table(SOME)
    assert got_docs.schema.equals(docs.schema, check_metadata=False)
    assert got_docs.equals(docs)


def test_panel_table_is_the_cli_parquet(cli, tmp_path):
    out = tmp_path / "panel.parquet"
    done = run_cli(cli, "panel", "-o", str(out), *map(str, TEXT_REPORTS))
    assert done.returncode == 0, done.stderr
    want = pq.read_table(out)
    got = zhibiao.panel_table(TEXT_REPORTS)
    assert got.schema.equals(want.schema, check_metadata=False)
    assert got.num_rows > 100
    assert got.equals(want)
    frame = zhibiao.panel_frame(TEXT_REPORTS)
    assert len(frame) == got.num_rows
    assert list(frame.columns) == got.schema.names


def test_facts_frame_types():
    df = zhibiao.facts_frame(SOME)
    assert len(df) == sum(len(zhibiao.extract(p)) for p in SOME)
    types = df.dtypes.astype(str).to_dict()
    assert types["period"] == "int32"
    assert types["since"] == "Int32"
    assert types["value"] == "float64"
    assert types["line_start"] == "int64"
    assert types["stretch"] == "bool"
    assert isinstance(df["subject"].dtype, pd.StringDtype)
    assert set(df["kind"]) == {"actual", "target"}
    gdp = df[(df.indicator == "gdp") & (df.doc == "jiangmen-2023") & (df.measure == "level")]
    assert 377341000000.0 in set(gdp.value)
    # The same rows as the Arrow table.
    t = zhibiao.facts_table(SOME).to_pandas()
    assert list(t["quote"]) == list(df["quote"])


def test_documents_frame():
    df = zhibiao.documents_frame(SOME)
    assert list(df["id"]) == ["jiangmen-2023", "hailar-2015", "hailar-2016", "jiangmen-2023-2col"]
    assert list(df["format"]) == ["text", "text", "text", "pdf"]
    assert df.loc[0, "region"] == "江门市"
    assert df.loc[0, "year"] == 2023
    assert (df["facts"] > 0).all()


def test_compare_frame_is_the_cli_compare(cli):
    done = run_cli(cli, "compare", "-f", "jsonl", *map(str, HAILAR))
    assert done.returncode == 0, done.stderr
    want = jsonl(done.stdout)
    df = zhibiao.compare_frame(*HAILAR)
    assert len(df) == len(want) > 0
    assert list(df["verdict"]) == [r["verdict"] for r in want]
    assert list(df["subject"]) == [r["subject"] for r in want]
    assert list(df["target_value"]) == [r["target"]["value"] for r in want]
    # Given the wrong way round, swapped, with the CLI's note.
    swapped = zhibiao.compare_frame(HAILAR[1], HAILAR[0])
    assert list(swapped["verdict"]) == list(df["verdict"])
    done = run_cli(cli, "compare", "-f", "jsonl", *map(str, reversed(HAILAR)))
    notes = [line.split("note: ", 1)[1] for line in done.stderr.splitlines() if "note: " in line]
    assert swapped.attrs["notes"] == notes
    assert "wrong order" in notes[0]
    t = zhibiao.compare_table(*HAILAR)
    assert t.num_rows == len(df)


def test_compare_errors():
    same = DATA / "hailar-2015.txt"
    with pytest.raises(ValueError):
        zhibiao.compare_frame(same, same)
    with pytest.raises(zhibiao.ReportError):
        zhibiao.compare_frame(same, FORMATS / "encrypted.pdf")


def test_tasks_frame_is_the_cli_tasks(cli):
    report = DATA / "provinces-2026" / "gansu-2026.txt"
    done = run_cli(cli, "tasks", "-f", "jsonl", str(report))
    assert done.returncode == 0, done.stderr
    want = jsonl(done.stdout)
    df = zhibiao.tasks_frame(report)
    assert len(df) == len(want) > 5
    assert list(df["text"]) == [t["text"] for t in want]
    assert list(df["seq"]) == [t["seq"] for t in want]
    assert zhibiao.tasks_table(report).num_rows == len(want)


def test_indicators_are_the_cli_registry(cli):
    done = run_cli(cli, "indicators", "-f", "jsonl")
    assert done.returncode == 0, done.stderr
    got = zhibiao.indicators()
    assert got == jsonl(done.stdout)
    assert any(i["id"] == "gdp" for i in got)


def test_frames_raise_report_error():
    with pytest.raises(zhibiao.ReportError):
        zhibiao.facts_frame([DATA / "jiangmen-2023.txt", FORMATS / "corrupt.docx"])


def test_missing_pandas_and_pyarrow_say_so():
    code = """
import sys
sys.modules['pandas'] = None
sys.modules['pyarrow'] = None
import zhibiao, pathlib
p = pathlib.Path(sys.argv[1])
assert zhibiao.extract(p)
for f, need in ((zhibiao.facts_frame, 'pip install pandas'), (zhibiao.facts_table, 'pip install pyarrow')):
    try:
        f([p])
    except ImportError as e:
        assert need in str(e), e
    else:
        raise SystemExit('no ImportError')
print('ok')
"""
    done = subprocess.run(
        [sys.executable, "-c", code, str(DATA / "jiangmen-2023.txt")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_duckdb_example_runs():
    script = REPO / "python" / "examples" / "duckdb_panel.py"
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "GDP growth targets for 2026" in done.stdout
    assert "北京市" in done.stdout


@pytest.mark.skipif(
    os.environ.get("ZHIBIAO_TEST_SPARK") != "1",
    reason="PySpark and a Java runtime are heavy for CI: set ZHIBIAO_TEST_SPARK=1 to run",
)
def test_spark_example_gives_the_facts_of_extract():
    script = REPO / "python" / "examples" / "spark_extract.py"
    reports = DATA / "provinces-2026"
    want = sum(len(zhibiao.extract(p)) for p in sorted(reports.glob("*.txt")))
    done = subprocess.run(
        [sys.executable, str(script), str(reports), "--repeat", "2"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "60 files, " in done.stdout
    assert f": {2 * want} facts in " in done.stdout
