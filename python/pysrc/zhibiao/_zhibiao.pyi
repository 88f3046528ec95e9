"""Type stubs of the native module (Rust, PyO3). The public API is ``zhibiao``."""

from typing import Any, List, Optional, Sequence, Tuple, Union

__version__: str

class Fact:
    """One quantified outcome or target of a report, with the quote that proves it.

    The attributes are the fields of a line of ``zhibiao extract -f jsonl``::

        >>> f = zhibiao.extract("过去一年，实现地区生产总值3773.41亿元，增长3.3%。")[0]
        >>> f.kind, f.subject, f.measure, f.value, f.unit, f.quote
        ('actual', '地区生产总值', 'level', 377341000000.0, '元', '实现地区生产总值3773.41亿元')

    Facts compare equal when every field is equal, and pickle (for multiprocessing).
    """

    @property
    def doc(self) -> str:
        """Document id: the file's stem (``jiangmen-2023``)."""
    @property
    def quote(self) -> str:
        """The shortest clause stating the fact, exactly as in the report (line breaks removed)."""
    @property
    def kind(self) -> str:
        """``"actual"`` (an outcome: 实现…增长3.3%) or ``"target"`` (a goal: 增长5%左右)."""
    @property
    def period(self) -> int:
        """The year the value refers to (the last year of a span)."""
    @property
    def since(self) -> Optional[int]:
        """The first year of a multi-year span (过去五年), else ``None``."""
    @property
    def average(self) -> bool:
        """A yearly average over the span (年均增长)."""
    @property
    def subject(self) -> str:
        """What is measured, as the report words it (地区生产总值)."""
    @property
    def measure(self) -> str:
        """``level``, ``growth``, ``pp`` (个百分点), ``share``, ``rank`` or ``ratio``."""
    @property
    def value(self) -> float:
        """The number, scaled by any magnitude word (3773.41亿 → 377341000000.0); the low end of a range."""
    @property
    def upper(self) -> Optional[float]:
        """The high end of a range (6%–6.5% → 6.5), else ``None``."""
    @property
    def unit(self) -> str:
        """The unit without its magnitude word: 元, 亩, %, 个百分点, 倍, 位 …"""
    @property
    def bound(self) -> str:
        """``exact``, ``at_least`` (以上), ``at_most`` (以内), ``about`` (左右), ``nearly`` (近) or ``range``."""
    @property
    def stretch(self) -> bool:
        """An aspirational target (力争, 争取)."""
    @property
    def scope(self) -> Optional[str]:
        """The league of a rank (全省, 全国), else ``None``."""
    @property
    def line_start(self) -> int:
        """First line (1-based) of the source holding the quote."""
    @property
    def line_end(self) -> int:
        """Last line (1-based) of the source holding the quote."""
    @property
    def offset(self) -> int:
        """Character offset of the quote in the report's text with line breaks removed."""
    @property
    def section(self) -> Optional[str]:
        """Heading path of the part the fact stands in (一、… › （二）…), else ``None``."""
    @property
    def indicator(self) -> Optional[str]:
        """Indicator id from the registry (``gdp``, ``cpi`` …; see ``zhibiao.indicators()``), else ``None``."""
    @property
    def region(self) -> Optional[str]:
        """The report's region (江门市), when known."""
    def to_dict(self) -> dict[str, Any]:
        """The fact as ``zhibiao extract -f jsonl`` writes it (``json.loads`` of its line)."""
    def to_json(self) -> str:
        """The fact's line of ``zhibiao extract -f jsonl``, without the line break."""
    def __eq__(self, other: object) -> bool: ...

class Report:
    """A report read and extracted (internal)."""

    @property
    def warnings(self) -> List[str]: ...
    @property
    def path(self) -> str: ...
    @property
    def text(self) -> str: ...
    def facts(self) -> List[Fact]: ...
    def document(self) -> dict[str, Any]: ...

Schema = List[Tuple[str, str, bool]]
Columns = List[List[Any]]

def _fact_from_json(json: str) -> Fact: ...
def _load(kind: str, payload: Union[str, bytes], doc: Optional[str] = None, format: Optional[str] = None) -> Report: ...
def _load_many(paths: Sequence[str], jobs: Optional[int] = None, format: Optional[str] = None) -> List[Union[Report, Tuple[str, str]]]: ...
def _facts_table(reports: Sequence[Report]) -> Tuple[Schema, Columns]: ...
def _documents_table(reports: Sequence[Report]) -> Tuple[Schema, Columns]: ...
def _compare_table(
    earlier: Report,
    later: Report,
    region: Optional[str] = None,
    year: Optional[int] = None,
    about_points: float = 0.5,
    about_share: float = 0.05,
) -> Tuple[Schema, Columns, List[str]]: ...
def _panel_table(reports: Sequence[Report], region: Optional[str] = None) -> Tuple[Schema, Columns, List[str]]: ...
def _tasks_table(report: Report) -> Tuple[Schema, Columns]: ...
def _indicators() -> List[dict[str, Any]]: ...
