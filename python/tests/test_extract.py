"""zhibiao.extract and extract_many: the CLI's facts, its errors, from threads and processes."""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import pathlib
import pickle

import pytest

import zhibiao

from conftest import ALL_REPORTS, DATA, FORMATS, TEXT_REPORTS, jsonl, run_cli

JIANGMEN = DATA / "jiangmen-2023.txt"


@pytest.fixture(scope="module")
def cli_facts(cli):
    """`zhibiao extract -f jsonl FILE` for every bundled report, run in parallel."""

    def one(path):
        done = run_cli(cli, "extract", "-f", "jsonl", "-q", str(path))
        assert done.returncode == 0, done.stderr
        return path, jsonl(done.stdout)

    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        return dict(pool.map(one, ALL_REPORTS))


@pytest.mark.parametrize("path", ALL_REPORTS, ids=lambda p: p.name)
def test_same_facts_as_the_cli(path, cli_facts):
    got = [f.to_dict() for f in zhibiao.extract(path)]
    want = cli_facts[path]
    assert len(want) > 0
    assert got == want


def test_every_bundled_report_is_checked():
    # 3 reports in tests/data, 30 provinces, 8 in other formats.
    assert len(TEXT_REPORTS) >= 33
    assert all(p.is_file() for p in ALL_REPORTS)


def test_attributes_match_the_json():
    facts = zhibiao.extract(JIANGMEN)
    for f in facts:
        d = f.to_dict()
        for key, value in d.items():
            assert getattr(f, key) == value, key
        assert f.to_json().startswith('{"doc":"jiangmen-2023"')
    gdp = [f for f in facts if f.indicator == "gdp" and f.kind == "actual"]
    assert gdp and gdp[0].unit == "元" and gdp[0].value == 377341000000.0
    assert "3773.41亿元" in repr(gdp[0])


def test_bytes_and_text_give_the_facts_of_the_file():
    want = zhibiao.extract(JIANGMEN)
    raw = JIANGMEN.read_bytes()
    assert zhibiao.extract(raw, doc="jiangmen-2023") == want
    assert zhibiao.extract(bytearray(raw), doc="jiangmen-2023") == want
    assert zhibiao.extract(memoryview(raw), doc="jiangmen-2023") == want
    assert zhibiao.extract(raw.decode("utf-8"), doc="jiangmen-2023") == want
    # GB18030 bytes are detected and decoded.
    gbk = raw.decode("utf-8").encode("gb18030")
    assert zhibiao.extract(gbk, doc="jiangmen-2023") == want
    # Without doc=, facts of bytes and text are of the document "report".
    assert {f.doc for f in zhibiao.extract(raw)} == {"report"}


def test_a_text_example():
    facts = zhibiao.extract("过去一年，实现地区生产总值3773.41亿元，增长3.3%。")
    assert [(f.kind, f.subject, f.measure, f.value, f.unit) for f in facts] == [
        ("actual", "地区生产总值", "level", 377341000000.0, "元"),
        ("actual", "地区生产总值", "growth", 3.3, "%"),
    ]


def test_format_forces_the_reader():
    html = (FORMATS / "jiangmen-2023.html").read_bytes()
    assert zhibiao.extract(html, format="html") == zhibiao.extract(html)
    # Read as text, the page's markup is text: other facts than the article's.
    assert zhibiao.extract(html, format="text") != zhibiao.extract(html)
    with pytest.raises(zhibiao.ReportError, match="corrupt PDF"):
        zhibiao.extract(html, format="pdf")
    with pytest.raises(ValueError, match="format="):
        zhibiao.extract(html, format="xls")


# ---- errors -------------------------------------------------------------------------------

BAD_FILES = [
    ("corrupt.docx", "a corrupt Word (.docx) file"),
    ("encrypted.pdf", "an encrypted PDF"),
    ("no-text-layer.pdf", "a PDF with no text layer"),
    ("zip-bomb.docx", "zip bomb"),
    ("no-article.html", "an HTML page with no article text"),
]


@pytest.mark.parametrize("name,cause", BAD_FILES)
def test_bad_files_raise_report_error_as_the_cli_says(name, cause, cli):
    path = FORMATS / name
    with pytest.raises(zhibiao.ReportError) as e:
        zhibiao.extract(path)
    assert e.value.path == str(path)
    assert cause in e.value.cause
    done = run_cli(cli, "extract", "-f", "jsonl", str(path))
    assert done.returncode == 1
    assert f"zhibiao: {e.value}" in done.stderr


def test_missing_files_and_directories():
    with pytest.raises(zhibiao.ReportError) as e:
        zhibiao.extract(pathlib.Path("/nonexistent/report.txt"))
    assert (e.value.path, e.value.cause) == ("/nonexistent/report.txt", "no such file")
    assert str(e.value) == "/nonexistent/report.txt: no such file"
    with pytest.raises(zhibiao.ReportError, match="is a directory"):
        zhibiao.extract(DATA)


def test_bad_bytes():
    with pytest.raises(zhibiao.ReportError) as e:
        zhibiao.extract(b"")
    assert e.value.path is None and e.value.cause.startswith("empty")
    with pytest.raises(zhibiao.ReportError):
        zhibiao.extract(bytes(range(256)) * 64)
    # Not a PDF, whatever its first bytes say: an error, not a crash.
    with pytest.raises(zhibiao.ReportError):
        zhibiao.extract(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    with pytest.raises(zhibiao.ReportError):
        zhibiao.extract(b"PK\x03\x04" + b"\x00" * 100)


def test_report_errors_pickle():
    e = zhibiao.ReportError("a.pdf", "an encrypted PDF")
    back = pickle.loads(pickle.dumps(e))
    assert (back.path, back.cause, str(back)) == ("a.pdf", "an encrypted PDF", str(e))


def test_wrong_types():
    with pytest.raises(TypeError, match="not int"):
        zhibiao.extract(42)
    with pytest.raises(TypeError, match="pathlib.Path"):
        zhibiao.extract(str(JIANGMEN))
    with pytest.raises(TypeError):
        zhibiao.extract_many([42])
    with pytest.raises(TypeError):
        zhibiao.extract_many(b"abc")
    with pytest.raises(ValueError, match="jobs"):
        zhibiao.extract_many([JIANGMEN], jobs=0)
    with pytest.raises(ValueError, match="errors"):
        zhibiao.extract_many([JIANGMEN], errors="ignore")


def test_text_with_no_facts_is_no_facts():
    assert zhibiao.extract("今天天气很好。") == []


# ---- many, threads, processes -------------------------------------------------------------


def test_extract_many_is_extract_in_order():
    paths = TEXT_REPORTS + FORMAT_REPORTS_SOME
    want = [zhibiao.extract(p) for p in paths]
    assert zhibiao.extract_many(paths) == want
    assert zhibiao.extract_many(paths, jobs=1) == want
    assert zhibiao.extract_many([str(p) for p in paths], jobs=3) == want


FORMAT_REPORTS_SOME = [FORMATS / "jiangmen-2023.docx", FORMATS / "hailar-2015.html"]


def test_extract_many_errors():
    paths = [JIANGMEN, FORMATS / "encrypted.pdf", pathlib.Path("/nonexistent.txt")]
    with pytest.raises(zhibiao.ReportError) as e:
        zhibiao.extract_many(paths)
    assert e.value.path == str(FORMATS / "encrypted.pdf")
    got = zhibiao.extract_many(paths, errors="return")
    assert got[0] == zhibiao.extract(JIANGMEN)
    assert isinstance(got[1], zhibiao.ReportError) and "encrypted" in got[1].cause
    assert isinstance(got[2], zhibiao.ReportError) and got[2].cause == "no such file"


def test_threads_give_the_same_facts():
    paths = TEXT_REPORTS * 2
    want = [zhibiao.extract(p) for p in paths]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        got = list(pool.map(zhibiao.extract, paths))
    assert got == want
    # extract_many from several threads at once.
    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        many = list(pool.map(lambda _: zhibiao.extract_many(TEXT_REPORTS, jobs=2), range(3)))
    assert all(m == want[: len(TEXT_REPORTS)] for m in many)


def test_processes_give_the_same_facts():
    paths = TEXT_REPORTS[:8]
    want = [zhibiao.extract(p) for p in paths]
    for method in ("spawn", "fork"):
        if method not in multiprocessing.get_all_start_methods():
            continue
        with multiprocessing.get_context(method).Pool(2) as pool:
            got = pool.map(zhibiao.extract, paths)
        assert got == want, method


def test_facts_pickle():
    facts = zhibiao.extract(JIANGMEN)
    assert pickle.loads(pickle.dumps(facts)) == facts


# ---- memory -------------------------------------------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    import resource

    return pages * resource.getpagesize() / 1e6


@pytest.mark.skipif(not pathlib.Path("/proc/self/statm").exists(), reason="Linux /proc only")
def test_memory_is_flat_over_10000_calls():
    text = "2023年政府工作报告\n过去一年，实现地区生产总值3773.41亿元，增长3.3%。\n今年预期目标：地区生产总值增长5%左右。\n"
    raw = text.encode("gb18030")

    def calls(n):
        for i in range(n):
            facts = zhibiao.extract(text if i % 2 else raw)
            assert len(facts) == 3
            facts[0].to_dict()
            if i % 10 == 0:
                try:
                    zhibiao.extract(b"")
                except zhibiao.ReportError:
                    pass

    calls(1_000)  # warm up: allocator pools, the registry, the indicator memo
    before = _rss_mb()
    calls(10_000)
    after = _rss_mb()
    assert after - before < 8, f"RSS grew {after - before:.1f} MB over 10,000 calls"


def test_the_docstring_examples():
    text = "2023年政府工作报告\n二、2023年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。"
    f = zhibiao.extract(text)[0]
    assert (f.kind, f.period, f.measure, f.value, f.bound) == ("target", 2023, "growth", 5.0, "about")
    facts = zhibiao.extract("2023年政府工作报告\n过去一年，实现地区生产总值3773.41亿元，增长3.3%。")
    assert [(f.kind, f.subject, f.value, f.unit) for f in facts] == [
        ("actual", "地区生产总值", 377341000000.0, "元"),
        ("actual", "地区生产总值", 3.3, "%"),
    ]
    assert all(f.period == 2022 for f in facts)


def test_the_gil_is_released_while_rust_works():
    import threading
    import time

    # Enough work that the call outlasts many 1 ms sleeps however fast the core gets (three
    # rounds took 0.2 s in session 11 and the check below on the time alone went flaky).
    paths = TEXT_REPORTS * 12
    finished = threading.Event()

    def work():
        zhibiao.extract_many(paths, jobs=1)
        finished.set()

    worker = threading.Thread(target=work)
    ticks = 0
    started = time.perf_counter()
    worker.start()
    while not finished.is_set():
        ticks += 1
        time.sleep(0.001)
    worker.join()
    seconds = time.perf_counter() - started
    # Held for the whole call, the GIL would let this loop run only before and after it: a
    # tick or two, not dozens.
    assert ticks > 20, (seconds, ticks)
