//! Commitments from a report: one per task of the plan, as the core divides it the way an
//! office divides a report in its 分工方案 (`tests/data/spec/tasks.md`): a lead sentence and
//! the sentences that carry it out, the main-targets passage, each item of a list of 民生实事.
//! Framing, transitions, resolve, the review of the past year and multi-year outlooks are in
//! no task.

use serde::{Deserialize, Serialize};
use zhibiao_core::document::describe;
use zhibiao_core::layout::layout;
use zhibiao_core::tasks::divide_layout;
use zhibiao_core::{Bound, Extraction, Fact, Measure};

/// A target a commitment carries: the core's target fact, reduced to what the tracker shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub subject: String,
    pub measure: Measure,
    pub value: f64,
    pub upper: Option<f64>,
    pub unit: String,
    pub bound: Bound,
    pub stretch: bool,
    pub period: i32,
    pub quote: String,
    /// Char offset of the quote in the joined text.
    pub offset: usize,
    pub indicator: Option<String>,
}

impl Target {
    pub fn from_fact(f: &Fact) -> Target {
        Target {
            subject: f.subject.clone(),
            measure: f.measure,
            value: f.value,
            upper: f.upper,
            unit: f.unit.clone(),
            bound: f.bound,
            stretch: f.stretch,
            period: f.period,
            quote: f.quote.clone(),
            offset: f.offset,
            indicator: f.indicator.clone(),
        }
    }

    /// The target as a person writes it: `增长6%以上（力争7%）`-like, e.g. `6%以上`, `4%以内`.
    pub fn display(&self) -> String {
        let v = |x: f64| format_number(x);
        let body = match (self.bound, self.upper) {
            (Bound::Range, Some(u)) => format!("{}-{}{}", v(self.value), v(u), self.unit),
            _ => format!("{}{}", v(self.value), self.unit),
        };
        let bound = match self.bound {
            Bound::AtLeast => "以上",
            Bound::AtMost => "以内",
            Bound::About => "左右",
            Bound::Nearly => "（接近）",
            Bound::Exact | Bound::Range => "",
        };
        let stretch = if self.stretch { "（力争）" } else { "" };
        format!("{}{body}{bound}{stretch}", self.subject_prefix())
    }

    fn subject_prefix(&self) -> String {
        if self.subject.is_empty() {
            String::new()
        } else {
            let has_verb = ["增长", "增速", "涨幅", "增幅", "下降", "降低"]
                .iter()
                .any(|v| self.subject.ends_with(v));
            let verb = match self.measure {
                Measure::Growth if !has_verb => "增长",
                _ => "",
            };
            format!("{}{verb}", self.subject)
        }
    }
}

/// A number without trailing zeros, large amounts in 亿 or 万: 377341000000 → 3773.41亿.
pub fn format_number(x: f64) -> String {
    fn trim(s: String) -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            s
        }
    }
    let a = x.abs();
    if a >= 1e8 {
        format!("{}亿", trim(format!("{:.2}", x / 1e8)))
    } else if a >= 1e4 && (x / 1e4).fract() == 0.0 {
        format!("{}万", trim(format!("{:.2}", x / 1e4)))
    } else {
        trim(format!("{x:.2}"))
    }
}

/// One commitment found in a report, before it is stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Draft {
    /// 1-based order in the report.
    pub seq: usize,
    /// Heading path of the part (二、… › （一）…).
    pub section: String,
    /// The task's name: its lead sentence (提升硬联通能力), or its first clause.
    pub title: String,
    /// The sentence as the report words it (joined text, trimmed).
    pub quote: String,
    /// Char offset of the sentence in the joined text, and its length in chars.
    pub offset: usize,
    pub len: usize,
    pub targets: Vec<Target>,
}

/// The commitments of a report: `text` is its decoded text, `x` its extraction. One per task
/// of the core's division of the plan ([`zhibiao_core::tasks`]): its quote is the task's whole
/// text, its targets the target facts of the report's year inside it.
pub fn drafts(text: &str, x: &Extraction) -> Vec<Draft> {
    let Some(year) = x.document.year else {
        return Vec::new();
    };
    let lay = layout(text);
    let described = describe(&x.document.id, &lay);
    divide_layout(&x.document.id, &lay, &described, &x.facts)
        .into_iter()
        .map(|t| {
            let (s, e) = trim_span(&lay.joined, t.offset, t.end);
            let targets = t
                .targets
                .iter()
                .filter(|f| f.period == year && f.since.is_none())
                .map(Target::from_fact)
                .collect();
            Draft {
                seq: t.seq,
                section: t.part,
                title: t.title,
                quote: lay.slice(s, e),
                offset: s,
                len: e - s,
                targets,
            }
        })
        .collect()
}

fn trim_span(chars: &[char], mut s: usize, mut e: usize) -> (usize, usize) {
    let space = |c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}';
    while s < e && space(chars[s]) {
        s += 1;
    }
    while e > s && space(chars[e - 1]) {
        e -= 1;
    }
    (s, e)
}

/// The report's text with every line break removed: the text offsets point into.
pub fn joined(text: &str) -> Vec<char> {
    text.chars().filter(|&c| c != '\n').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const JIANGMEN: &str = include_str!("../../../../tests/data/jiangmen-2023.txt");

    fn jiangmen() -> Vec<Draft> {
        let x = zhibiao_core::extract("jiangmen-2023", JIANGMEN);
        drafts(JIANGMEN, &x)
    }

    #[test]
    fn the_plan_of_jiangmen_becomes_commitments() {
        let d = jiangmen();
        // One per task of the division (tests/data/gold/tasks/jiangmen-2023.tasks.jsonl has
        // 10): not one per sentence, and nothing of the framing (2023年是…开局之年).
        assert_eq!(
            d.len(),
            10,
            "{:?}",
            d.iter().map(|c| &c.quote).collect::<Vec<_>>()
        );
        assert!(d[0].quote.starts_with("今年经济社会发展的主要预期目标是"));
        assert!(d[1].quote.starts_with("提升硬联通能力。"));
        assert_eq!(d[1].title, "提升硬联通能力");
        assert!(d
            .iter()
            .all(|c| c.section.starts_with("二、2023年工作安排")));
        assert!(!d
            .iter()
            .any(|c| c.quote.contains("开局之年") || c.quote.contains("各位代表")));
        // Quotes are exact spans of the joined text, at their offsets.
        let j = joined(JIANGMEN);
        for c in &d {
            let at: String = j[c.offset..c.offset + c.len].iter().collect();
            assert_eq!(at, c.quote);
            for t in &c.targets {
                assert!(c.quote.contains(&t.quote), "{} not in {}", t.quote, c.quote);
            }
        }
        // Nothing from the review of 2022.
        assert!(!d.iter().any(|c| c.section.contains("回顾")));
        // The main economic target is a quantified commitment.
        let gdp = d
            .iter()
            .find(|c| c.targets.iter().any(|t| t.subject.contains("地区生产总值")))
            .expect("a GDP commitment");
        let t = gdp
            .targets
            .iter()
            .find(|t| t.subject.contains("地区生产总值"))
            .unwrap();
        assert_eq!(t.period, 2023);
        assert_eq!(t.unit, "%");
        assert!(!d.iter().any(|c| c.quote.ends_with('：')));
        // Sequence numbers run 1, 2, 3 …
        assert!(d.iter().enumerate().all(|(i, c)| c.seq == i + 1));
    }

    #[test]
    fn a_report_without_a_year_has_no_commitments() {
        let text = "推动高质量发展。";
        let x = zhibiao_core::extract("x", text);
        assert!(x.document.year.is_none() || drafts(text, &x).len() <= 1);
    }

    #[test]
    fn numbers_format_for_people() {
        assert_eq!(format_number(377341000000.0), "3773.41亿");
        assert_eq!(format_number(6.0), "6");
        assert_eq!(format_number(6.5), "6.5");
        assert_eq!(format_number(20000.0), "2万");
        assert_eq!(format_number(12345.0), "12345");
    }
}
