//! The panel: over many reports, one row per region × year × indicator × measure, with the
//! target set for the year (from that year's report) and the outcome stated for it (from the
//! next year's report). Reports of one region chain by year on their own.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::compare::{convert, effective_indicator, is_met, region_key, Options, Verdict};
use crate::indicator::{Direction, Registry};
use crate::{Bound, Extraction, Fact, Kind, Measure};

/// One region × year × indicator × measure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelRow {
    pub region: String,
    pub year: i32,
    pub indicator: String,
    pub measure: Measure,
    pub unit: String,
    pub target_value: Option<f64>,
    pub target_upper: Option<f64>,
    pub target_bound: Option<Bound>,
    /// The stretch target (力争…), when one is set beside the target.
    pub target_stretch_value: Option<f64>,
    pub target_quote: Option<String>,
    pub target_doc: Option<String>,
    pub outcome_value: Option<f64>,
    pub outcome_quote: Option<String>,
    pub outcome_doc: Option<String>,
    /// Met or missed when both sides are known; not_reported for a target with no outcome in
    /// an available next-year report; none otherwise.
    pub verdict: Option<Verdict>,
}

/// Builds the panel of a set of reports. Notes say what could not be used (no year, no region,
/// two reports of one region and year).
pub fn panel(
    reports: &[Extraction],
    registry: &Registry,
    opts: Options,
) -> (Vec<PanelRow>, Vec<String>) {
    let mut notes = Vec::new();
    // region key → (display name, year → report)
    let mut regions: BTreeMap<String, (String, BTreeMap<i32, &Extraction>)> = BTreeMap::new();
    for r in reports {
        let (Some(year), Some(key)) = (r.document.year, region_key(r.document.region.as_deref()))
        else {
            let d = &r.document;
            let missing = match (d.year, &d.region) {
                (None, None) => "no year and no region",
                (None, Some(_)) => "no year",
                _ => "no region",
            };
            let head = d
                .title
                .as_deref()
                .map(|t| format!(" (title read: \"{t}\")"))
                .unwrap_or_else(|| " (no title line)".to_string());
            notes.push(format!(
                "{}: {missing} found in its header{head}, left out of the panel: give it with --region / --year FILE=YEAR",
                d.id
            ));
            continue;
        };
        let entry = regions
            .entry(key)
            .or_insert_with(|| (short_region(r), BTreeMap::new()));
        if let Some(first) = entry.1.get(&year) {
            notes.push(format!(
                "{}: a second report of {} {year} (after {}; region read from {:?}), left out",
                r.document.id,
                entry.0,
                first.document.id,
                r.document
                    .region_from
                    .as_deref()
                    .unwrap_or("the command line")
            ));
            continue;
        }
        entry.1.insert(year, r);
    }
    let mut rows = Vec::new();
    for (display, by_year) in regions.values() {
        // (year, indicator, measure) → row
        let mut cells: BTreeMap<(i32, String, String), PanelRow> = BTreeMap::new();
        for (&year, report) in by_year {
            for f in report.facts.iter().filter(|f| f.since.is_none()) {
                // The fact's indicator, or the one its subject names without the words of
                // the deed (城镇登记失业率控制到).
                let Some(ind) = effective_indicator(f, registry) else {
                    continue;
                };
                let ind = &ind;
                let (cell_year, is_target) = match f.kind {
                    Kind::Target if f.period == year => (year, true),
                    Kind::Actual if f.period == year - 1 => (year - 1, false),
                    _ => continue,
                };
                let key = (cell_year, ind.clone(), format!("{:?}", f.measure));
                let row = cells
                    .entry(key)
                    .or_insert_with(|| empty_row(display, cell_year, ind, f));
                if is_target {
                    set_target(row, f, &report.document.id);
                } else {
                    set_outcome(row, f, &report.document.id);
                }
            }
        }
        for ((year, _, _), mut row) in cells {
            let next_report = by_year.contains_key(&(year + 1));
            row.verdict = verdict(&row, registry, opts, next_report);
            rows.push(row);
        }
    }
    (rows, notes)
}

/// 江门市 for the panel (the place's own name: 海拉尔区, not 呼伦贝尔市海拉尔区).
fn short_region(r: &Extraction) -> String {
    r.document.region.clone().unwrap_or_default()
}

fn empty_row(region: &str, year: i32, indicator: &str, f: &Fact) -> PanelRow {
    PanelRow {
        region: region.to_string(),
        year,
        indicator: indicator.to_string(),
        measure: f.measure,
        unit: f.unit.clone(),
        target_value: None,
        target_upper: None,
        target_bound: None,
        target_stretch_value: None,
        target_quote: None,
        target_doc: None,
        outcome_value: None,
        outcome_quote: None,
        outcome_doc: None,
        verdict: None,
    }
}

fn set_target(row: &mut PanelRow, f: &Fact, doc: &str) {
    if f.stretch {
        if row.target_stretch_value.is_none() {
            row.target_stretch_value = convert(f.value, &f.unit, &row.unit);
        }
        return;
    }
    if row.target_value.is_some() {
        return;
    }
    if row.outcome_value.is_none() {
        row.unit = f.unit.clone();
    }
    row.target_value = convert(f.value, &f.unit, &row.unit);
    row.target_upper = f.upper.and_then(|u| convert(u, &f.unit, &row.unit));
    row.target_bound = Some(f.bound);
    row.target_quote = Some(f.quote.clone());
    row.target_doc = Some(doc.to_string());
}

fn set_outcome(row: &mut PanelRow, f: &Fact, doc: &str) {
    if row.outcome_value.is_some() {
        return;
    }
    let Some(v) = convert(f.value, &f.unit, &row.unit) else {
        return;
    };
    row.outcome_value = Some(v);
    row.outcome_quote = Some(f.quote.clone());
    row.outcome_doc = Some(doc.to_string());
}

fn verdict(
    row: &PanelRow,
    registry: &Registry,
    opts: Options,
    next_report: bool,
) -> Option<Verdict> {
    let (value, bound) = (row.target_value?, row.target_bound?);
    let Some(outcome) = row.outcome_value else {
        return next_report.then_some(Verdict::NotReported);
    };
    let direction = if row.measure == Measure::Rank {
        Direction::Down
    } else {
        registry
            .get(&row.indicator)
            .map(|i| i.direction)
            .unwrap_or(Direction::Up)
    };
    let t = Fact {
        doc: Default::default(),
        quote: String::new(),
        kind: Kind::Target,
        period: row.year,
        since: None,
        average: false,
        subject: String::new(),
        measure: row.measure,
        value,
        upper: row.target_upper,
        unit: row.unit.clone(),
        bound,
        stretch: false,
        scope: None,
        line_start: 0,
        line_end: 0,
        offset: 0,
        section: Default::default(),
        indicator: None,
        region: None,
        note: None,
    };
    Some(if is_met(&t, outcome, direction, opts) {
        Verdict::Met
    } else {
        Verdict::Missed
    })
}

/// Counts of rows per verdict, for a summary line.
pub fn summary(rows: &[PanelRow]) -> HashMap<&'static str, usize> {
    let mut m = HashMap::new();
    for r in rows {
        let k = match r.verdict {
            Some(Verdict::Met) => "met",
            Some(Verdict::Missed) => "missed",
            Some(Verdict::NotReported) => "not_reported",
            None => "open",
        };
        *m.entry(k).or_insert(0) += 1;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_of_a_region_chain_by_year() {
        let a = crate::extract("a", "——2015年2月5日在某区第十四届人民代表大会第四次会议上\n一、2014年工作回顾\n全区地区生产总值增长9.1%。\n二、2015年工作安排\n地区生产总值增长8%。\n");
        let b = crate::extract("b", "——2016年2月5日在某区第十四届人民代表大会第五次会议上\n一、2015年工作回顾\n全区地区生产总值增长8.9%。\n二、2016年工作安排\n地区生产总值增长7.5%。\n");
        let (rows, notes) = panel(&[b, a], Registry::builtin(), Options::default());
        assert!(notes.is_empty(), "{notes:?}");
        type Cell = (i32, Option<f64>, Option<f64>, Option<Verdict>);
        let gdp: Vec<Cell> = rows
            .iter()
            .filter(|r| r.indicator == "gdp" && r.measure == Measure::Growth)
            .map(|r| (r.year, r.target_value, r.outcome_value, r.verdict))
            .collect();
        assert_eq!(
            gdp,
            vec![
                (2014, None, Some(9.1), None),
                (2015, Some(8.0), Some(8.9), Some(Verdict::Met)),
                (2016, Some(7.5), None, None),
            ]
        );
    }

    #[test]
    fn reports_named_with_and_without_parents_chain() {
        let a = crate::extract("a", "呼伦贝尔市海拉尔区政府工作报告\n——2015年2月5日在区第十四届人民代表大会第四次会议上\n一、2014年工作回顾\n城镇登记失业率控制在3.8%。\n二、2015年工作安排\n城镇登记失业率控制在4%以内。\n");
        let b = crate::extract("b", "海拉尔区政府工作报告\n一、2015年工作回顾\n城镇登记失业率控制到3.9%。\n二、2016年工作安排\n地区生产总值增长7.5%。\n");
        let (rows, notes) = panel(&[a, b], Registry::builtin(), Options::default());
        assert!(notes.is_empty(), "{notes:?}");
        let row = rows
            .iter()
            .find(|r| r.year == 2015 && r.indicator == "registered_unemployment_rate")
            .expect("the 2015 unemployment row");
        assert_eq!(row.region, "海拉尔区");
        assert_eq!(
            (row.target_value, row.outcome_value),
            (Some(4.0), Some(3.9))
        );
        assert_eq!(row.verdict, Some(Verdict::Met));
    }
}
