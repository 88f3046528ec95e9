//! Scoring a comparison against a gold file, as `tests/data/spec/compare.md` (*Scoring*)
//! defines: a predicted row matches a gold row when `year`, `measure` and `target` agree (value
//! within 1e-9 relative); it is right when `verdict` also agrees and, for reported outcomes,
//! the outcome value agrees. One prediction matches at most one gold row.

use serde::Serialize;

use crate::compare::{Row, Verdict};

/// The score of a comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompareScore {
    /// Gold rows.
    pub gold: usize,
    /// Predicted rows.
    pub predicted: usize,
    /// Gold rows with a matching prediction.
    pub matched: usize,
    /// Gold rows matched and right.
    pub right: usize,
    /// `matched / gold` and `right / gold` (1 for an empty gold file).
    pub matched_share: f64,
    pub right_share: f64,
    /// One line per gold row not right: what the gold says and what was predicted.
    pub wrong: Vec<String>,
}

fn same(a: f64, b: f64) -> bool {
    a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

fn target_agrees(g: &Row, p: &Row) -> bool {
    g.year == p.year
        && g.measure == p.measure
        && same(g.target.value, p.target.value)
        && g.target.unit == p.target.unit
        && g.target.bound == p.target.bound
        && g.target.stretch == p.target.stretch
        && match (g.target.upper, p.target.upper) {
            (Some(a), Some(b)) => same(a, b),
            (None, _) => true,
            (Some(_), None) => false,
        }
}

fn is_right(g: &Row, p: &Row) -> bool {
    g.verdict == p.verdict
        && match (&g.outcome, &p.outcome) {
            (None, _) => g.verdict == Verdict::NotReported,
            (Some(a), Some(b)) => same(a.value, b.value),
            (Some(_), None) => false,
        }
}

fn describe(r: &Row) -> String {
    let verdict = match r.verdict {
        Verdict::Met => "met",
        Verdict::Missed => "missed",
        Verdict::NotReported => "not_reported",
    };
    let outcome = r
        .outcome
        .as_ref()
        .map(|o| format!("{}{} ({})", o.value, o.unit, o.quote))
        .unwrap_or_else(|| "—".into());
    format!("{verdict}, outcome {outcome}")
}

/// Scores `predicted` rows against `gold` rows.
pub fn score(gold: &[Row], predicted: &[Row]) -> CompareScore {
    let mut used = vec![false; predicted.len()];
    let (mut matched, mut right) = (0, 0);
    let mut wrong = Vec::new();
    for g in gold {
        // A right candidate first, else any that matches.
        let candidates: Vec<usize> = (0..predicted.len())
            .filter(|&i| !used[i] && target_agrees(g, &predicted[i]))
            .collect();
        let pick = candidates
            .iter()
            .copied()
            .find(|&i| is_right(g, &predicted[i]))
            .or_else(|| candidates.first().copied());
        let head = format!(
            "{} {} {:?} target {}{}",
            g.year, g.subject, g.measure, g.target.value, g.target.unit
        );
        match pick {
            Some(i) => {
                used[i] = true;
                matched += 1;
                if is_right(g, &predicted[i]) {
                    right += 1;
                } else {
                    wrong.push(format!(
                        "{head}: gold {}; predicted {}",
                        describe(g),
                        describe(&predicted[i])
                    ));
                }
            }
            None => wrong.push(format!("{head}: gold {}; no row predicted", describe(g))),
        }
    }
    let share = |n: usize| {
        if gold.is_empty() {
            1.0
        } else {
            n as f64 / gold.len() as f64
        }
    };
    CompareScore {
        gold: gold.len(),
        predicted: predicted.len(),
        matched,
        right,
        matched_share: share(matched),
        right_share: share(right),
        wrong,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: &str) -> Row {
        serde_json::from_str(line).expect("row")
    }

    #[test]
    fn matched_and_right_follow_the_spec() {
        let g = row(
            r#"{"target_doc": "a", "outcome_doc": "b", "year": 2015, "subject": "地区生产总值", "measure": "growth", "target": {"value": 8, "unit": "%", "bound": "exact", "stretch": false}, "outcome": {"value": 8.9, "unit": "%", "quote": "增长8.9%"}, "verdict": "met"}"#,
        );
        let nr = row(
            r#"{"target_doc": "a", "outcome_doc": "b", "year": 2015, "subject": "社会消费品零售总额", "measure": "growth", "target": {"value": 11.5, "unit": "%", "bound": "exact", "stretch": false}, "outcome": null, "verdict": "not_reported"}"#,
        );
        let s = score(&[g.clone(), nr.clone()], &[g.clone(), nr.clone()]);
        assert_eq!((s.matched, s.right, s.right_share), (2, 2, 1.0));
        // The right target with the wrong outcome: matched, not right.
        let mut off = g.clone();
        off.outcome.as_mut().unwrap().value = 8.8;
        let s = score(&[g.clone(), nr.clone()], &[off, nr.clone()]);
        assert_eq!((s.matched, s.right), (2, 1));
        assert_eq!(s.wrong.len(), 1);
        // Another target value: not matched.
        let mut other = g.clone();
        other.target.value = 7.0;
        let s = score(&[g], &[other]);
        assert_eq!((s.matched, s.right, s.matched_share), (0, 0, 0.0));
    }
}
