//! The fact: one quantified outcome or target, with the quote that proves it.
//!
//! Field names and values follow `tests/data/spec/facts.md` exactly, so that a gold file scores
//! any output with no conversion.

use std::sync::Arc;

use serde::{Deserialize, Serialize, Serializer};

/// Outcome already reached, or goal set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Actual,
    Target,
}

/// What kind of number a fact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Level,
    Growth,
    Pp,
    Share,
    Rank,
    Ratio,
}

/// How the number bounds the true value (applied to the signed value).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    Exact,
    AtLeast,
    AtMost,
    About,
    Nearly,
    Range,
}

/// A unit-like enum of the facts: its values, their names in every output (as serde writes
/// them), and the value of a name. The one place these names are written.
pub trait Named: Sized + Copy + 'static {
    /// Every value, in order.
    const ALL: &'static [Self];
    /// The name in every output (`at_least`).
    fn name(self) -> &'static str;
    /// The value named `name`, as [`Named::name`] writes it.
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.name() == name)
    }
    /// Every name, in order (for a schema's enum).
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|v| v.name()).collect()
    }
}

impl Named for Kind {
    const ALL: &'static [Kind] = &[Kind::Actual, Kind::Target];
    fn name(self) -> &'static str {
        Kind::name(self)
    }
}

impl Named for Measure {
    const ALL: &'static [Measure] = &[
        Measure::Level,
        Measure::Growth,
        Measure::Pp,
        Measure::Share,
        Measure::Rank,
        Measure::Ratio,
    ];
    fn name(self) -> &'static str {
        Measure::name(self)
    }
}

impl Named for Bound {
    const ALL: &'static [Bound] = &[
        Bound::Exact,
        Bound::AtLeast,
        Bound::AtMost,
        Bound::About,
        Bound::Nearly,
        Bound::Range,
    ];
    fn name(self) -> &'static str {
        Bound::name(self)
    }
}

impl Named for crate::Level {
    const ALL: &'static [crate::Level] = &[
        crate::Level::National,
        crate::Level::Province,
        crate::Level::Prefecture,
        crate::Level::County,
    ];
    fn name(self) -> &'static str {
        crate::Level::name(self)
    }
}

impl Kind {
    /// The name in every output (`actual`, `target`), as serde writes it.
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Actual => "actual",
            Kind::Target => "target",
        }
    }
}

impl Measure {
    /// The name in every output (`growth`), as serde writes it.
    pub const fn name(self) -> &'static str {
        match self {
            Measure::Level => "level",
            Measure::Growth => "growth",
            Measure::Pp => "pp",
            Measure::Share => "share",
            Measure::Rank => "rank",
            Measure::Ratio => "ratio",
        }
    }
}

impl Bound {
    /// The name in every output (`at_least`), as serde writes it.
    pub const fn name(self) -> &'static str {
        match self {
            Bound::Exact => "exact",
            Bound::AtLeast => "at_least",
            Bound::AtMost => "at_most",
            Bound::About => "about",
            Bound::Nearly => "nearly",
            Bound::Range => "range",
        }
    }
}

/// A number as a person writes it, in every output: `377341000000`, `3.3`, `-0.8` (never
/// `377341000000.0` nor an exponent).
pub fn number(v: f64) -> String {
    match integral(v) {
        Some(i) => format!("{i}"),
        None => format!("{v}"),
    }
}

/// The integer an integral value prints as in every output (377341000000, not
/// 377341000000.0), or `None` for a fraction, an infinity, NaN or a value past ±9×10¹⁵.
pub fn integral(v: f64) -> Option<i64> {
    (v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15).then_some(v as i64)
}

/// A number as reports write it, with its unit: 126万亿元, 3773.41亿元, 1.2万人, 6.5%, 12个百分点.
/// Counts and amounts of 10,000 or more are written in 万, 亿 or 万亿; rates, shares and
/// ratios (%, 个百分点, 倍, units with `/`) as they are.
pub fn amount(value: f64, unit: &str) -> String {
    let plain = matches!(unit, "%" | "个百分点" | "倍" | "岁" | "年" | "天" | "‰")
        || unit.contains('/')
        || !value.is_finite();
    if plain || value.abs() < 1e4 {
        return format!("{}{unit}", number(value));
    }
    let (scale, word) = if value.abs() >= 1e12 {
        (1e12, "万亿")
    } else if value.abs() >= 1e8 {
        (1e8, "亿")
    } else {
        (1e4, "万")
    };
    let mut s = format!("{:.4}", value / scale);
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    format!("{s}{word}{unit}")
}

/// A value with its bound as reports write it: 6%以上, 5%左右, 3%以内, 近10万人, 6~6.5%.
pub fn with_bound(value: f64, upper: Option<f64>, unit: &str, bound: Bound) -> String {
    match (bound, upper) {
        (Bound::Range, Some(u)) => {
            let low = amount(value, unit);
            let low = low.strip_suffix(unit).unwrap_or(&low).to_string();
            format!("{low}~{}", amount(u, unit))
        }
        (Bound::AtLeast, _) => format!("{}以上", amount(value, unit)),
        (Bound::AtMost, _) => format!("{}以内", amount(value, unit)),
        (Bound::About, _) => format!("{}左右", amount(value, unit)),
        (Bound::Nearly, _) => format!("近{}", amount(value, unit)),
        _ => amount(value, unit),
    }
}

/// One quantified claim of a report.
///
/// `doc`, `section` and `region` are the same for many facts of a report: they are shared
/// (`Arc<str>`, made once a report, or once a section) rather than copied into every fact, and
/// serialise as plain strings, as a `String` does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// Document id: the report file's stem.
    pub doc: Arc<str>,
    /// Shortest clause stating the fact; an exact substring of the report with line breaks removed.
    pub quote: String,
    pub kind: Kind,
    /// The year the value refers to (last year of a span).
    pub period: i32,
    /// First year of a multi-year span, or null.
    #[serde(default)]
    pub since: Option<i32>,
    /// A yearly average over the span (年均).
    #[serde(default)]
    pub average: bool,
    /// What is measured, as the report words it.
    pub subject: String,
    pub measure: Measure,
    /// The number, scaled by any magnitude word; the low end of a range.
    #[serde(serialize_with = "ser_num")]
    pub value: f64,
    /// The high end of a range.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "ser_opt_num"
    )]
    pub upper: Option<f64>,
    /// Unit with the magnitude word removed (元, 亩, %, 个百分点, 倍, 位 …).
    pub unit: String,
    pub bound: Bound,
    /// Aspirational target (力争, 争取).
    #[serde(default)]
    pub stretch: bool,
    /// League of a rank (全省, 全国), null otherwise.
    #[serde(default)]
    pub scope: Option<String>,
    /// First line (1-based) of the original file holding the quote.
    #[serde(default)]
    pub line_start: usize,
    /// Last line (1-based) of the original file holding the quote.
    #[serde(default)]
    pub line_end: usize,
    /// Char offset of the quote in the joined text (the report with line breaks removed).
    #[serde(default)]
    pub offset: usize,
    /// Heading path of the part the fact stands in (一、… › （二）…).
    #[serde(default, skip_serializing_if = "is_empty")]
    pub section: Arc<str>,
    /// Canonical indicator id from the registry (`gdp`, `cpi` …), or null.
    #[serde(default)]
    pub indicator: Option<String>,
    /// Region of the report (江门市), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Arc<str>>,
    /// Why an unusual reading was chosen (gold files only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// No section: the field is left out of the output.
fn is_empty(s: &Arc<str>) -> bool {
    s.is_empty()
}

/// Integral values print as JSON integers (377341000000, not 377341000000.0).
pub(crate) fn ser_num<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    match integral(*v) {
        Some(i) => s.serialize_i64(i),
        None => s.serialize_f64(*v),
    }
}

pub(crate) fn ser_opt_num<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => ser_num(v, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names written by hand are the ones serde writes (one spelling everywhere).
    #[test]
    fn names_are_the_serde_names() {
        let serde = |v: serde_json::Value| v.as_str().unwrap_or_default().to_string();
        for k in [Kind::Actual, Kind::Target] {
            assert_eq!(k.name(), serde(serde_json::to_value(k).unwrap()));
        }
        for m in [
            Measure::Level,
            Measure::Growth,
            Measure::Pp,
            Measure::Share,
            Measure::Rank,
            Measure::Ratio,
        ] {
            assert_eq!(m.name(), serde(serde_json::to_value(m).unwrap()));
        }
        for b in [
            Bound::Exact,
            Bound::AtLeast,
            Bound::AtMost,
            Bound::About,
            Bound::Nearly,
            Bound::Range,
        ] {
            assert_eq!(b.name(), serde(serde_json::to_value(b).unwrap()));
        }
        for l in [
            crate::Level::National,
            crate::Level::Province,
            crate::Level::Prefecture,
            crate::Level::County,
        ] {
            assert_eq!(l.name(), serde(serde_json::to_value(l).unwrap()));
        }
        for k in Kind::ALL {
            assert_eq!(Kind::from_name(k.name()), Some(*k));
        }
        for m in Measure::ALL {
            assert_eq!(Measure::from_name(m.name()), Some(*m));
        }
        for b in Bound::ALL {
            assert_eq!(Bound::from_name(b.name()), Some(*b));
        }
        for l in crate::Level::ALL {
            assert_eq!(crate::Level::from_name(l.name()), Some(*l));
        }
        assert_eq!(Bound::from_name("above"), None);
        assert_eq!(Bound::names().len(), 6);
        assert_eq!(amount(377_341_000_000.0, "元"), "3773.41亿元");
        assert_eq!(with_bound(6.0, Some(6.5), "%", Bound::Range), "6~6.5%");
        assert_eq!(number(377341000000.0), "377341000000");
        assert_eq!(number(-0.8), "-0.8");
    }

    /// The shared fields serialise as the strings they hold (an empty section left out), and
    /// read back.
    #[test]
    fn shared_fields_are_strings() {
        let mut f = Fact {
            doc: "d".into(),
            quote: "q".into(),
            kind: Kind::Actual,
            period: 2022,
            since: None,
            average: false,
            subject: "s".into(),
            measure: Measure::Level,
            value: 1.0,
            upper: None,
            unit: "元".into(),
            bound: Bound::Exact,
            stretch: false,
            scope: None,
            line_start: 1,
            line_end: 1,
            offset: 0,
            section: Arc::default(),
            indicator: None,
            region: None,
            note: None,
        };
        let json = serde_json::to_string(&f).unwrap();
        assert!(json.starts_with(r#"{"doc":"d","#), "{json}");
        assert!(
            !json.contains("section") && !json.contains("region"),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Fact>(&json).unwrap(), f);
        f.section = "一、 › （二）\"\n".into();
        f.region = Some("江门市".into());
        let json = serde_json::to_string(&f).unwrap();
        assert!(
            json.contains(r#","section":"一、 › （二）\"\n","#),
            "{json}"
        );
        assert!(json.contains(r#","region":"江门市""#), "{json}");
        assert_eq!(serde_json::from_str::<Fact>(&json).unwrap(), f);
    }
}
