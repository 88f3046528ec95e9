//! Final ratings suggested from the next year's report: each target of a commitment is paired
//! with the outcome the later report states ([`zhibiao_core::compare`]); all met → kept, some →
//! partly, none → broken. An admin confirms.

use zhibiao_core::compare::{compare, Options, Row, Verdict};
use zhibiao_core::{Extraction, Registry};

use super::commitments::Target;
use super::Rating;
use zhibiao_core::fact::amount;

/// A rating suggested for one commitment, with the reasons.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    pub commitment_id: i64,
    pub rating: Rating,
    /// One line per target: `地区生产总值 目标 6% → 实际 4.0%：未达成`.
    pub note: String,
}

/// The rating that verdicts add up to; `None` when no target's outcome was reported.
pub fn from_verdicts(verdicts: &[Verdict]) -> Option<Rating> {
    let reported: Vec<_> = verdicts
        .iter()
        .filter(|v| **v != Verdict::NotReported)
        .collect();
    if reported.is_empty() {
        return None;
    }
    let met = reported.iter().filter(|v| ***v == Verdict::Met).count();
    Some(if met == reported.len() {
        Rating::Kept
    } else if met == 0 {
        Rating::Broken
    } else {
        Rating::Partly
    })
}

/// Suggestions for the commitments of the `earlier` report, from the outcomes in `later`.
/// Reports that cannot be compared (different regions, no year) give no suggestion.
pub fn suggest(
    earlier: &Extraction,
    later: &Extraction,
    commitments: &[(i64, Vec<Target>)],
) -> Vec<Suggestion> {
    let Ok(cmp) = compare(earlier, later, Registry::builtin(), Options::default()) else {
        return Vec::new();
    };
    if cmp.swapped {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (id, targets) in commitments {
        let rows: Vec<&Row> = targets
            .iter()
            .filter_map(|t| cmp.rows.iter().find(|r| same_target(r, t)))
            .collect();
        let verdicts: Vec<Verdict> = rows.iter().map(|r| r.verdict).collect();
        let Some(rating) = from_verdicts(&verdicts) else {
            continue;
        };
        let note = rows
            .iter()
            .map(|r| {
                let outcome = r
                    .outcome
                    .as_ref()
                    .map(|o| amount(o.value, &o.unit))
                    .unwrap_or_else(|| "未报告".into());
                let verdict = match r.verdict {
                    Verdict::Met => "达成",
                    Verdict::Missed => "未达成",
                    Verdict::NotReported => "未报告",
                };
                format!(
                    "{} 目标 {} → 实际 {outcome}：{verdict}",
                    r.subject,
                    amount(r.target.value, &r.target.unit)
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        out.push(Suggestion {
            commitment_id: *id,
            rating,
            note,
        });
    }
    out
}

fn same_target(r: &Row, t: &Target) -> bool {
    r.target_quote == t.quote
        && r.subject == t.subject
        && r.measure == t.measure
        && r.target.value == t.value
        && r.target.unit == t.unit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::commitments::drafts;

    #[test]
    fn verdicts_add_up() {
        use Verdict::*;
        assert_eq!(from_verdicts(&[Met, Met]), Some(Rating::Kept));
        assert_eq!(from_verdicts(&[Met, Missed]), Some(Rating::Partly));
        assert_eq!(from_verdicts(&[Missed, NotReported]), Some(Rating::Broken));
        assert_eq!(from_verdicts(&[NotReported]), None);
        assert_eq!(from_verdicts(&[]), None);
    }

    #[test]
    fn hailar_2016_rates_the_commitments_of_2015() {
        let t15 = include_str!("../../../../tests/data/hailar-2015.txt");
        let t16 = include_str!("../../../../tests/data/hailar-2016.txt");
        let x15 = zhibiao_core::extract("hailar-2015", t15);
        let x16 = zhibiao_core::extract("hailar-2016", t16);
        let d = drafts(&x15);
        let cs: Vec<(i64, Vec<Target>)> = d
            .iter()
            .map(|d| (d.seq as i64, d.targets.clone()))
            .collect();
        let s = suggest(&x15, &x16, &cs);
        assert!(!s.is_empty(), "no suggestion");
        assert!(s.iter().all(|s| !s.note.is_empty()));
        // Given the other way round, nothing is suggested.
        assert!(suggest(&x16, &x15, &cs).is_empty());
    }
}
