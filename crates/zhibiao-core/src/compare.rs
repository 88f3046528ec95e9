//! Targets against outcomes: a year's targets (from its report) paired with the outcomes the
//! next year's report states, with a verdict — as `tests/data/spec/compare.md` defines.

use serde::{Deserialize, Serialize};

use crate::indicator::{normalize, Direction, Registry};
use crate::{Bound, Extraction, Fact, Kind, Measure};

mod works;
use works::{jaccard, same_stage, same_works, works_key};

/// Whether a target was met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Met,
    Missed,
    NotReported,
}

/// The target side of a row, as the gold format has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetSide {
    #[serde(serialize_with = "crate::fact::ser_num")]
    pub value: f64,
    pub unit: String,
    pub bound: Bound,
    pub stretch: bool,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "crate::fact::ser_opt_num"
    )]
    pub upper: Option<f64>,
}

/// The outcome side of a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeSide {
    #[serde(serialize_with = "crate::fact::ser_num")]
    pub value: f64,
    pub unit: String,
    pub quote: String,
    /// Lines of the later report holding the quote.
    #[serde(default)]
    pub line_start: usize,
    #[serde(default)]
    pub line_end: usize,
}

/// One target and what became of it. The first fields are the gold format of compare.md.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Row {
    pub target_doc: String,
    pub outcome_doc: String,
    pub year: i32,
    pub subject: String,
    pub measure: Measure,
    pub target: TargetSide,
    pub outcome: Option<OutcomeSide>,
    pub verdict: Verdict,
    /// Registry id of the indicator, when known.
    #[serde(default)]
    pub indicator: Option<String>,
    /// Direction used for the verdict.
    #[serde(default = "up")]
    pub direction: Direction,
    /// Outcome − target (in the target's unit), when reported.
    #[serde(default)]
    pub margin: Option<f64>,
    /// The quote of the target, and its lines in the earlier report.
    #[serde(default)]
    pub target_quote: String,
    #[serde(default)]
    pub target_line: usize,
}

fn up() -> Direction {
    Direction::Up
}

/// How a comparison was set up, and what to tell the user about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub rows: Vec<Row>,
    /// True when the two reports were given in the wrong order and were swapped.
    pub swapped: bool,
    pub notes: Vec<String>,
}

impl Comparison {
    /// Counts of met, missed and not reported rows.
    pub fn summary(&self) -> (usize, usize, usize) {
        let n = |v| self.rows.iter().filter(|r| r.verdict == v).count();
        (n(Verdict::Met), n(Verdict::Missed), n(Verdict::NotReported))
    }
}

/// Why two reports cannot be compared.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CompareError {
    /// A report's year could not be found.
    NoYear { doc: String },
    /// Both reports are of the same year.
    SameYear { year: i32 },
    /// The reports are of different regions: each side is the report's id, its region and
    /// the header line the region was read from.
    DifferentRegions {
        earlier: Box<Side>,
        later: Box<Side>,
    },
}

/// A report's region as read, for a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub doc: String,
    pub region: String,
    /// The header line the region was read from; `None` when it was given by the user.
    pub from: Option<String>,
}

impl Side {
    fn of(d: &crate::Document) -> Side {
        Side {
            doc: d.id.clone(),
            region: d.region.clone().unwrap_or_default(),
            from: d.region_from.clone(),
        }
    }
}

impl std::fmt::Display for Side {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.from {
            Some(line) => write!(f, "{}: {}, read from \"{line}\"", self.doc, self.region),
            None => write!(f, "{}: {}, as given", self.doc, self.region),
        }
    }
}

impl std::fmt::Display for CompareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CompareError::NoYear { doc } => write!(f, "{doc}: no report year found (no date line, dated title or dated heading), cannot tell which year its targets are for: give it with --year"),
            CompareError::SameYear { year } => write!(f, "both reports are of {year}: give the report of one year and the report of a later year"),
            CompareError::DifferentRegions { earlier, later } => {
                write!(f, "{} and {} are of different regions ({earlier}; {later}): compare a region with itself, or give the region with --region", earlier.doc, later.doc)
            }
        }
    }
}

impl std::error::Error for CompareError {}

/// Options of a comparison.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Tolerance of an `about` target in % and 个百分点 units.
    pub about_points: f64,
    /// Tolerance of an `about` target in other units, as a share of the value.
    pub about_share: f64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            about_points: 0.5,
            about_share: 0.05,
        }
    }
}

/// Compares the targets of `earlier` with the outcomes stated in `later`. Reports given in the
/// wrong order are swapped (and `swapped` says so); reports of the same year or of different
/// regions are refused.
pub fn compare(
    earlier: &Extraction,
    later: &Extraction,
    registry: &Registry,
    opts: Options,
) -> Result<Comparison, CompareError> {
    let ye = earlier.document.year.ok_or_else(|| CompareError::NoYear {
        doc: earlier.document.id.clone(),
    })?;
    let yl = later.document.year.ok_or_else(|| CompareError::NoYear {
        doc: later.document.id.clone(),
    })?;
    if ye == yl {
        return Err(CompareError::SameYear { year: ye });
    }
    let (e, l, swapped) = if ye > yl {
        (later, earlier, true)
    } else {
        (earlier, later, false)
    };
    let (re, rl) = (
        region_key(e.document.region.as_deref()),
        region_key(later_region(l)),
    );
    if let (Some(a), Some(b)) = (&re, &rl) {
        if a != b {
            return Err(CompareError::DifferentRegions {
                earlier: Box::new(Side::of(&e.document)),
                later: Box::new(Side::of(&l.document)),
            });
        }
    }
    let mut notes = Vec::new();
    if swapped {
        notes.push(format!(
            "the reports were given in the wrong order: comparing the targets of {} ({}) with the outcomes in {} ({})",
            e.document.id,
            e.document.year.unwrap_or(0),
            l.document.id,
            l.document.year.unwrap_or(0)
        ));
    }
    let year = e.document.year.unwrap_or(0);
    if l.document.year != Some(year + 1) {
        notes.push(format!(
            "{} is the report of {}, not of {}: it may not state the outcomes of {year}",
            l.document.id,
            l.document.year.unwrap_or(0),
            year + 1
        ));
    }
    if re.is_none() || rl.is_none() {
        notes.push("a report's region is unknown: make sure both are of the same region".into());
    }
    let rows = pair(e, l, year, registry, opts);
    Ok(Comparison {
        rows,
        swapped,
        notes,
    })
}

fn later_region(l: &Extraction) -> Option<&str> {
    l.document.region.as_deref()
}

/// A region's name reduced for matching: 江门市 / 江门 → 江门; 广西壮族自治区 → 广西; a name
/// with its parents is the place itself: 呼伦贝尔市海拉尔区 / 海拉尔区 → 海拉尔.
pub fn region_key(region: Option<&str>) -> Option<String> {
    let r = normalize(crate::header::own_name(region?.trim()));
    if r.is_empty() {
        return None;
    }
    let suffixes = crate::lexicon::get().compare.region_suffixes;
    let mut k = r.clone();
    for s in suffixes {
        if let Some(b) = k.strip_suffix(s) {
            if b.chars().count() >= 2 {
                k = b.to_string();
                break;
            }
        }
    }
    Some(k)
}

/// The targets of `year` in `e` with the outcome of each in `l`.
pub fn pair(
    e: &Extraction,
    l: &Extraction,
    year: i32,
    registry: &Registry,
    opts: Options,
) -> Vec<Row> {
    let targets = e
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Target && f.period == year && f.since.is_none());
    let outcomes: Vec<&Fact> = l
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Actual && f.period == year && f.since.is_none())
        .collect();
    let outcome_ids: Vec<Option<String>> = outcomes
        .iter()
        .map(|o| effective_indicator(o, registry))
        .collect();
    targets
        .map(|t| {
            let id = effective_indicator(t, registry);
            let found = best_outcome_with(t, id.as_deref(), &outcomes, &outcome_ids);
            let direction = direction_of(t, id.as_deref(), registry);
            let target = TargetSide {
                value: t.value,
                unit: t.unit.clone(),
                bound: t.bound,
                stretch: t.stretch,
                upper: t.upper,
            };
            let (outcome, verdict, margin) = match found {
                Some((o, v)) => {
                    let met = is_met(t, v, direction, opts);
                    (
                        Some(OutcomeSide {
                            value: o.value,
                            unit: o.unit.clone(),
                            quote: o.quote.clone(),
                            line_start: o.line_start,
                            line_end: o.line_end,
                        }),
                        if met { Verdict::Met } else { Verdict::Missed },
                        Some(tidy(v - t.value)),
                    )
                }
                None => (None, Verdict::NotReported, None),
            };
            Row {
                target_doc: e.document.id.clone(),
                outcome_doc: l.document.id.clone(),
                year,
                subject: t.subject.clone(),
                measure: t.measure,
                target,
                outcome,
                verdict,
                indicator: id,
                direction,
                margin,
                target_quote: t.quote.clone(),
                target_line: t.line_start,
            }
        })
        .collect()
}

/// A difference without the float noise of the subtraction (8.9 − 8 → 0.9, not
/// 0.9000000000000004): 12 significant digits.
fn tidy(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let scale = 10f64.powi(11 - x.abs().log10().floor() as i32);
    (x * scale).round() / scale
}

/// The direction of a target: ranks are better when smaller; else the registry's; else, for a
/// change the target wants below zero (二氧化硫排放量下降3%), down; else up.
fn direction_of(t: &Fact, indicator: Option<&str>, registry: &Registry) -> Direction {
    if t.measure == Measure::Rank {
        return Direction::Down;
    }
    let wants_fall = matches!(t.measure, Measure::Growth | Measure::Pp) && t.value < 0.0;
    indicator
        .and_then(|id| registry.get(id))
        .map(|i| i.direction)
        .unwrap_or(if wants_fall {
            Direction::Down
        } else {
            Direction::Up
        })
}

/// A fact's indicator: its own, or the one its subject names once the words of the deed are
/// stripped (城镇登记失业率控制到 → 城镇登记失业率 → registered_unemployment_rate).
pub(crate) fn effective_indicator(f: &Fact, registry: &Registry) -> Option<String> {
    f.indicator.clone().or_else(|| {
        let key = works_key(&f.subject);
        (key.chars().count() >= 4)
            .then(|| registry.lookup(&key, f.measure).map(|i| i.id.clone()))
            .flatten()
    })
}

/// The outcome that measures what `t` targets, and its value in `t`'s unit (indicators as the
/// extraction assigned them).
#[cfg(test)]
fn best_outcome<'a>(t: &Fact, outcomes: &[&'a Fact]) -> Option<(&'a Fact, f64)> {
    let ids: Vec<Option<String>> = outcomes.iter().map(|o| o.indicator.clone()).collect();
    best_outcome_with(t, t.indicator.as_deref(), outcomes, &ids)
}

/// The outcome that measures what `t` (of indicator `id`) targets, and its value in `t`'s
/// unit. With an indicator on both sides, the same indicator; with none on either, the same
/// works once the subjects are normalised ([`same_works`]), and for a level an outcome within
/// a factor of three of the target (10.6亿元 planned for a whole project is not the 5100万元
/// of one part of it).
fn best_outcome_with<'a>(
    t: &Fact,
    id: Option<&str>,
    outcomes: &[&'a Fact],
    outcome_ids: &[Option<String>],
) -> Option<(&'a Fact, f64)> {
    let mut best: Option<(&Fact, f64, f64)> = None;
    for (&o, oid) in outcomes.iter().zip(outcome_ids) {
        if o.measure != t.measure {
            continue;
        }
        // With an indicator on one side only, the other's subject was not recognised
        // (货物进出口 ↔ 货物进出口总额, 民生实事 ↔ 民生实事全面完成): the works decide.
        let same = match (id, oid.as_deref()) {
            (Some(a), Some(b)) => a == b,
            _ => same_works(&t.subject, &o.subject) && same_stage(t, o),
        };
        if !same || (t.measure == Measure::Rank && t.scope != o.scope) {
            continue;
        }
        let Some(v) = convert(o.value, &o.unit, &t.unit) else {
            continue;
        };
        if (id.is_none() || oid.is_none()) && t.measure == Measure::Level {
            let ratio = v / t.value;
            if !(ratio.is_finite() && (1.0 / 3.0..=3.0).contains(&ratio)) {
                continue;
            }
        }
        let sim = jaccard(&works_key(&t.subject), &works_key(&o.subject));
        if best.as_ref().is_none_or(|b| sim > b.2) {
            best = Some((o, v, sim));
        }
    }
    best.map(|(o, v, _)| (o, v))
}

/// `value` in unit `from` expressed in unit `to`, when the units convert.
pub fn convert(value: f64, from: &str, to: &str) -> Option<f64> {
    if from == to {
        return Some(value);
    }
    // Factors to a base unit per family.
    const FACTORS: &[(&str, &str, f64)] = &[
        ("吨", "kg", 1000.0),
        ("公斤", "kg", 1.0),
        ("千克", "kg", 1.0),
        ("斤", "kg", 0.5),
        ("公里", "m", 1000.0),
        ("千米", "m", 1000.0),
        ("米", "m", 1.0),
        ("平方公里", "m2", 1.0e6),
        ("平方千米", "m2", 1.0e6),
        ("平方米", "m2", 1.0),
        ("公顷", "m2", 1.0e4),
        ("亩", "m2", 10000.0 / 15.0),
        ("千瓦", "w", 1.0e3),
        ("兆瓦", "w", 1.0e6),
        ("吉瓦", "w", 1.0e9),
        ("千瓦时", "wh", 1.0e3),
        ("兆瓦时", "wh", 1.0e6),
        ("个百分点", "pp", 1.0),
        ("元", "yuan", 1.0),
        ("人", "person", 1.0),
        ("名", "person", 1.0),
        ("位", "person", 1.0),
    ];
    let f = FACTORS.iter().find(|(u, _, _)| *u == from)?;
    let t = FACTORS.iter().find(|(u, _, _)| *u == to)?;
    (f.1 == t.1).then(|| value * f.2 / t.2)
}

/// Whether outcome `v` (in the target's unit) meets target `t` (compare.md, Verdicts).
pub fn is_met(t: &Fact, v: f64, direction: Direction, opts: Options) -> bool {
    let tol = if t.unit == "%" || t.unit == "个百分点" {
        opts.about_points
    } else {
        opts.about_share * t.value.abs()
    };
    let eps = 1e-9 * t.value.abs().max(1.0);
    match (t.bound, direction) {
        (Bound::AtMost, _) => v <= t.value + eps,
        (Bound::About, Direction::Up) => v >= t.value - tol - eps,
        (Bound::About, Direction::Down) => v <= t.value + tol + eps,
        (Bound::Range, Direction::Up) => v >= t.value - eps,
        (Bound::Range, Direction::Down) => v <= t.upper.unwrap_or(t.value) + eps,
        (_, Direction::Up) => v >= t.value - eps,
        (_, Direction::Down) => v <= t.value + eps,
    }
}

#[cfg(test)]
mod tests;
