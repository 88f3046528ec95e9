"""zhibiao: quantified targets and outcomes ("facts") from Chinese government work reports.

The same Rust extractor as the ``zhibiao`` command line tool, in-process::

    >>> import zhibiao
    >>> facts = zhibiao.extract("2023年政府工作报告\\n过去一年，实现地区生产总值3773.41亿元，增长3.3%。")
    >>> [(f.kind, f.subject, f.value, f.unit) for f in facts]
    [('actual', '地区生产总值', 377341000000.0, '元'), ('actual', '地区生产总值', 3.3, '%')]

A source is a file (``pathlib.Path`` or any ``os.PathLike``), its bytes, or the report's text
(``str``). Files and bytes are read by content, whatever their name: plain text in any encoding
(UTF-8, UTF-16, GB18030/GBK), web pages, Word (.docx) and PDF with a text layer.

Tables: ``facts_frame``, ``documents_frame``, ``compare_frame``, ``panel_frame`` and
``tasks_frame`` give pandas DataFrames; the ``*_table`` functions give ``pyarrow.Table``s with
the column names and types of the CLI's Parquet export. pandas and pyarrow are optional: each
is imported only by the functions that need it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable, List, Literal, Optional, Sequence, Tuple, Union

from . import _zhibiao
from ._errors import ReportError
from ._zhibiao import Fact

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    import pyarrow

__all__ = [
    "Fact",
    "ReportError",
    "extract",
    "extract_many",
    "facts_frame",
    "facts_table",
    "documents_frame",
    "documents_table",
    "compare_frame",
    "compare_table",
    "panel_frame",
    "panel_table",
    "tasks_frame",
    "tasks_table",
    "indicators",
]

__version__: str = _zhibiao.__version__

Source = Union[str, bytes, bytearray, memoryview, "os.PathLike[str]"]
PathArg = Union[str, "os.PathLike[str]"]
Format = Optional[Literal["text", "html", "docx", "pdf"]]


def _load(source: Source, doc: Optional[str], format: Format) -> Any:
    """A source read and extracted (an internal ``Report``)."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return _zhibiao._load("bytes", bytes(source), doc, format)
    if isinstance(source, str):
        if "\n" not in source and len(source) < 4096 and _is_file(source):
            raise TypeError(
                f"{source!r} names a file, but a str is the report's text: "
                f"pass pathlib.Path({source!r}) to read the file"
            )
        return _zhibiao._load("text", source, doc, format)
    if isinstance(source, os.PathLike):
        return _zhibiao._load("path", _fspath(source), doc, format)
    raise TypeError(
        "a report is a path (pathlib.Path), bytes or str (its text), "
        f"not {type(source).__name__}"
    )


def _is_file(s: str) -> bool:
    try:
        return os.path.isfile(s)
    except (OSError, ValueError):
        return False


def _fspath(p: Any) -> str:
    path = os.fspath(p)
    return os.fsdecode(path) if isinstance(path, bytes) else path


def _paths(paths: Union[PathArg, Iterable[PathArg]]) -> List[str]:
    """One path or many, as strings."""
    if isinstance(paths, (str, os.PathLike)):
        return [_fspath(paths)]
    if isinstance(paths, (bytes, bytearray, memoryview)):
        raise TypeError("expected paths, not bytes: extract(bytes) reads a report's bytes")
    out = []
    for p in paths:
        if not isinstance(p, (str, os.PathLike)):
            raise TypeError(f"expected a path (str or os.PathLike), not {type(p).__name__}")
        out.append(_fspath(p))
    return out


def _load_all(paths: Union[PathArg, Iterable[PathArg]], jobs: Optional[int]) -> List[Any]:
    """Reports of many files, read in parallel; the first failure (in input order) raised."""
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs must be a positive int or None, not {jobs!r}")
    out = []
    for r in _zhibiao._load_many(_paths(paths), jobs):
        if isinstance(r, tuple):
            raise ReportError(r[0], r[1])
        out.append(r)
    return out


def extract(source: Source, *, format: Format = None, doc: Optional[str] = None) -> List[Fact]:
    """The facts of one report, in report order: the facts ``zhibiao extract -f jsonl`` writes.

    ``source`` is a file (``pathlib.Path``, any ``os.PathLike``), the file's bytes, or the
    report's text as a ``str``. ``format`` is ``None`` to tell the format by content (as the CLI
    does), or one of ``"text"``, ``"html"``, ``"docx"``, ``"pdf"`` to read it as that.
    ``doc`` is the document id of the facts (default: the file's stem, ``"report"`` for bytes
    and text).

    Raises ``ReportError`` (with ``.path`` and ``.cause``) for a report that cannot be read:
    a missing file, an empty or binary one, a scanned PDF, a corrupt DOCX …

        >>> text = "2023年政府工作报告\n二、2023年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。"
        >>> f = zhibiao.extract(text)[0]
        >>> f.kind, f.period, f.measure, f.value, f.bound
        ('target', 2023, 'growth', 5.0, 'about')
    """
    return _load(source, doc, format).facts()


def extract_many(
    paths: Iterable[PathArg],
    jobs: Optional[int] = None,
    *,
    errors: Literal["raise", "return"] = "raise",
) -> List[Any]:
    """The facts of many files, one list per file in input order, read on ``jobs`` threads
    (default: one per core) in Rust with the GIL released.

    With ``errors="raise"`` the first file (in input order) that cannot be read raises
    ``ReportError``; with ``errors="return"`` its place in the result holds the
    ``ReportError`` instead, and the other files are returned.

        >>> per_file = zhibiao.extract_many(sorted(pathlib.Path("tests/data").glob("*.txt")))
        >>> [len(facts) for facts in per_file]   # hailar-2015, hailar-2016, jiangmen-2023
        [...]
    """
    if errors not in ("raise", "return"):
        raise ValueError(f"errors must be 'raise' or 'return', not {errors!r}")
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise ValueError(f"jobs must be a positive int or None, not {jobs!r}")
    out: List[Any] = []
    for r in _zhibiao._load_many(_paths(paths), jobs):
        if isinstance(r, tuple):
            e = ReportError(r[0], r[1])
            if errors == "raise":
                raise e
            out.append(e)
        else:
            out.append(r.facts())
    return out


# ---- tables ---------------------------------------------------------------------------------

_PANDAS_TYPES = {
    ("str", False): "string",
    ("str", True): "string",
    ("i32", False): "int32",
    ("i32", True): "Int32",
    ("i64", False): "int64",
    ("i64", True): "Int64",
    ("f64", False): "float64",
    ("f64", True): "float64",
    ("bool", False): "bool",
    ("bool", True): "boolean",
}


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as e:
        raise ImportError(
            "zhibiao's *_frame functions need pandas, which is not installed: "
            "pip install pandas (or use the *_table functions, which need pyarrow)"
        ) from e
    return pandas


def _pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as e:
        raise ImportError(
            "zhibiao's *_table functions need pyarrow, which is not installed: "
            "pip install pyarrow (or use the *_frame functions, which need pandas)"
        ) from e
    return pyarrow


def _frame(schema: Sequence[Tuple[str, str, bool]], columns: Sequence[list]) -> "pandas.DataFrame":
    pd = _pandas()
    data = {
        name: pd.array(values, dtype=_PANDAS_TYPES[ty, nullable])
        for (name, ty, nullable), values in zip(schema, columns)
    }
    return pd.DataFrame(data, columns=[name for name, _, _ in schema])


def _table(schema: Sequence[Tuple[str, str, bool]], columns: Sequence[list]) -> "pyarrow.Table":
    pa = _pyarrow()
    types = {
        "str": pa.string(),
        "i32": pa.int32(),
        "i64": pa.int64(),
        "f64": pa.float64(),
        "bool": pa.bool_(),
    }
    fields = [pa.field(name, types[ty], nullable) for name, ty, nullable in schema]
    arrays = [pa.array(values, type=f.type) for f, values in zip(fields, columns)]
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def _with_notes(frame: Any, notes: List[str]) -> Any:
    if hasattr(frame, "attrs"):  # pandas
        frame.attrs["notes"] = list(notes)
        return frame
    meta = dict(frame.schema.metadata or {})
    meta[b"zhibiao.notes"] = "\n".join(notes).encode()
    return frame.replace_schema_metadata(meta)


def facts_frame(paths: Union[PathArg, Iterable[PathArg]], *, jobs: Optional[int] = None) -> "pandas.DataFrame":
    """The facts of these files as a pandas DataFrame: the columns of
    ``zhibiao extract -o facts.parquet`` (doc, kind, period … quote … indicator, then the
    document's title, level, year, date, speaker, path, format), typed as there.

    Raises ``ReportError`` for the first file that cannot be read.

        >>> df = zhibiao.facts_frame(pathlib.Path("tests/data").glob("*.txt"))
        >>> df[df.indicator == "gdp"][["doc", "kind", "period", "value", "unit"]]
    """
    return _frame(*_zhibiao._facts_table(_load_all(paths, jobs)))


def facts_table(paths: Union[PathArg, Iterable[PathArg]], *, jobs: Optional[int] = None) -> "pyarrow.Table":
    """``facts_frame`` as a ``pyarrow.Table``, with the schema of the CLI's Parquet facts."""
    return _table(*_zhibiao._facts_table(_load_all(paths, jobs)))


def documents_frame(paths: Union[PathArg, Iterable[PathArg]], *, jobs: Optional[int] = None) -> "pandas.DataFrame":
    """One row per file: id, path, format, title (政府工作报告), region (江门市), level, year,
    date, speaker, encoding (GB18030 …), chars, lines, facts, warnings — the columns of the
    CLI's ``.docs.parquet``."""
    return _frame(*_zhibiao._documents_table(_load_all(paths, jobs)))


def documents_table(paths: Union[PathArg, Iterable[PathArg]], *, jobs: Optional[int] = None) -> "pyarrow.Table":
    """``documents_frame`` as a ``pyarrow.Table``."""
    return _table(*_zhibiao._documents_table(_load_all(paths, jobs)))


def _compare(earlier: Source, later: Source, region: Optional[str], year: Optional[int], about_points: float, about_share: float) -> Tuple[Any, Any, List[str]]:
    e = _load(earlier, None, None)
    l = _load(later, None, None)
    return _zhibiao._compare_table(e, l, region, year, about_points, about_share)


def compare_frame(
    earlier: Source,
    later: Source,
    *,
    region: Optional[str] = None,
    year: Optional[int] = None,
    about_points: float = 0.5,
    about_share: float = 0.05,
) -> "pandas.DataFrame":
    """A year's targets (from ``earlier``, the report of year Y) against the outcomes the next
    report (``later``, Y+1) states, one row per target with a verdict (met, missed,
    not_reported): the columns of ``zhibiao compare -f csv``. Sources as for ``extract``;
    ``region`` and ``year`` as the CLI's ``--region`` and ``--year``; notes (reports swapped …)
    in ``frame.attrs["notes"]``.

    Raises ``ReportError`` for a report that cannot be read and ``ValueError`` when the two
    cannot be compared (a report with no year, two reports of one year).

        >>> cmp = zhibiao.compare_frame(Path("hailar-2015.txt"), Path("hailar-2016.txt"))
        >>> cmp.verdict.value_counts()
    """
    schema, columns, notes = _compare(earlier, later, region, year, about_points, about_share)
    return _with_notes(_frame(schema, columns), notes)


def compare_table(
    earlier: Source,
    later: Source,
    *,
    region: Optional[str] = None,
    year: Optional[int] = None,
    about_points: float = 0.5,
    about_share: float = 0.05,
) -> "pyarrow.Table":
    """``compare_frame`` as a ``pyarrow.Table`` (notes in the schema metadata ``zhibiao.notes``)."""
    schema, columns, notes = _compare(earlier, later, region, year, about_points, about_share)
    return _with_notes(_table(schema, columns), notes)


def panel_frame(
    paths: Union[PathArg, Iterable[PathArg]],
    *,
    region: Optional[str] = None,
    jobs: Optional[int] = None,
) -> "pandas.DataFrame":
    """Region × year × indicator × measure over many reports — each year's target, the outcome
    the next report states, the verdict: the columns of ``zhibiao panel -o panel.parquet``.
    ``region`` names the region of reports whose header names none. Notes in
    ``frame.attrs["notes"]``.

        >>> panel = zhibiao.panel_frame(sorted(Path("reports").glob("*.txt")))
        >>> panel[(panel.indicator == "gdp") & (panel.measure == "growth")]
    """
    schema, columns, notes = _zhibiao._panel_table(_load_all(paths, jobs), region)
    return _with_notes(_frame(schema, columns), notes)


def panel_table(
    paths: Union[PathArg, Iterable[PathArg]],
    *,
    region: Optional[str] = None,
    jobs: Optional[int] = None,
) -> "pyarrow.Table":
    """``panel_frame`` as a ``pyarrow.Table``, the schema of the CLI's panel Parquet."""
    schema, columns, notes = _zhibiao._panel_table(_load_all(paths, jobs), region)
    return _with_notes(_table(schema, columns), notes)


def tasks_frame(report: Source) -> "pandas.DataFrame":
    """The plan of a report divided into tasks, as an office divides it (三、2026年工作安排 ›
    （一）… › each task): the columns of ``zhibiao tasks -f csv``."""
    return _frame(*_zhibiao._tasks_table(_load(report, None, None)))


def tasks_table(report: Source) -> "pyarrow.Table":
    """``tasks_frame`` as a ``pyarrow.Table``."""
    return _table(*_zhibiao._tasks_table(_load(report, None, None)))


def indicators() -> List[dict]:
    """The built-in indicator registry, as ``zhibiao indicators -f jsonl`` lists it: one dict
    per indicator with id (``gdp``), name (地区生产总值), english, direction, measures,
    aliases and renames."""
    return _zhibiao._indicators()
