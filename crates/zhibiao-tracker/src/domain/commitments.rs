//! Commitments from a report: one per task of the plan, as the core divides it the way an
//! office divides a report in its 分工方案 (`tests/data/spec/tasks.md`): a lead sentence and
//! the sentences that carry it out, the main-targets passage, each item of a list of 民生实事.
//! Framing, transitions, resolve, the review of the past year and multi-year outlooks are in
//! no task.

use serde::{Deserialize, Serialize};
use zhibiao_core::{Bound, Extraction, Fact, Measure, Named};

/// A target a commitment carries: the core's target fact, reduced to what the tracker shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Target {
    pub subject: String,
    /// The core's measure (what kind of quantity).
    #[schema(schema_with = measure_schema)]
    pub measure: Measure,
    pub value: f64,
    pub upper: Option<f64>,
    pub unit: String,
    #[schema(schema_with = bound_schema)]
    pub bound: Bound,
    pub stretch: bool,
    pub period: i32,
    pub quote: String,
    /// Char offset of the quote in the joined text.
    pub offset: usize,
    pub indicator: Option<String>,
}

/// The schema of a [`Bound`] (the core's type, which has no OpenAPI derive): the core's names.
fn bound_schema() -> utoipa::openapi::Object {
    names_schema(Bound::names())
}

/// The schema of a [`Measure`]: the core's names.
fn measure_schema() -> utoipa::openapi::Object {
    names_schema(Measure::names())
}

fn names_schema(names: Vec<&'static str>) -> utoipa::openapi::Object {
    utoipa::openapi::ObjectBuilder::new()
        .schema_type(utoipa::openapi::schema::Type::String)
        .enum_values(Some(names))
        .build()
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

    /// The target as a person writes it, its value as every output writes it
    /// ([`zhibiao_core::fact::with_bound`]): `地区生产总值增长6%以上（力争）`, `近10万人`, `6~6.5%`.
    pub fn display(&self) -> String {
        let body = zhibiao_core::fact::with_bound(self.value, self.upper, &self.unit, self.bound);
        let stretch = if self.stretch { "（力争）" } else { "" };
        format!("{}{body}{stretch}", self.subject_prefix())
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
    /// 序号 in the division: the part's heading numbers and the task's place in it (三、（一）2.).
    pub number: String,
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
pub fn drafts(x: &Extraction) -> Vec<Draft> {
    let Some(year) = x.document.year else {
        return Vec::new();
    };
    let lay = &x.layout;
    x.tasks()
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
                number: t.number,
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

/// Where the sentences of a quote start, in chars, after the first: the places it can be split
/// at. A sentence ends at 。！？ (or ；, as the core's sentences do not) and the closing quotes
/// or brackets right after it.
pub fn sentence_starts(quote: &str) -> Vec<usize> {
    let chars: Vec<char> = quote.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if matches!(chars[i], '。' | '！' | '？' | '!' | '?') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j], '”' | '’' | '」' | '』' | '）' | ')')
            {
                j += 1;
            }
            while j < chars.len() && chars[j].is_whitespace() {
                j += 1;
            }
            if j < chars.len() {
                out.push(j);
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// The sentences of a quote, each with the char offset it starts at.
pub fn sentences(quote: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = quote.chars().collect();
    let mut starts = vec![0];
    starts.extend(sentence_starts(quote));
    starts
        .iter()
        .enumerate()
        .map(|(k, &s)| {
            let e = starts.get(k + 1).copied().unwrap_or(chars.len());
            (s, chars[s..e].iter().collect::<String>().trim().to_string())
        })
        .collect()
}

/// A task's name from its first sentence, as the core names one: the sentence without its full
/// stop when short (a lead sentence), else its first clause; at most 60 chars.
pub fn title_of(sentence: &str) -> String {
    let s = sentence.trim().trim_end_matches(['。', '！', '？', '；']);
    let short = s.chars().count() <= 30;
    let t = if short {
        s
    } else {
        s.split(['，', '：', '；']).next().unwrap_or(s)
    };
    t.chars().take(60).collect()
}

/// The number of the `n`th part (2, 3 …) split from the task numbered `base`: 2.之二.
pub fn split_number(base: &str, n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match DIGITS.get(n) {
        Some(d) if n > 0 => format!("{base}之{d}"),
        _ => format!("{base}之{n}"),
    }
}

/// The report's text with every line break removed: the text offsets point into.
pub fn joined(text: &str) -> Vec<char> {
    text.chars().filter(|&c| c != '\n').collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const JIANGMEN: &str = include_str!("../../../../tests/data/jiangmen-2023.txt");

    #[test]
    fn the_bound_schema_names_what_serde_writes() {
        let written: Vec<serde_json::Value> = Bound::ALL
            .iter()
            .map(|b| serde_json::to_value(b).unwrap())
            .collect();
        assert_eq!(bound_schema().enum_values, Some(written));
    }

    fn jiangmen() -> Vec<Draft> {
        let x = zhibiao_core::extract("jiangmen-2023", JIANGMEN);
        drafts(&x)
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
        // Sequence numbers run 1, 2, 3 …, and each task has its 序号 in the division.
        assert!(d.iter().enumerate().all(|(i, c)| c.seq == i + 1));
        assert!(
            d.iter().all(|c| !c.number.is_empty()),
            "{:?}",
            d.iter().map(|c| &c.number).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_report_without_a_year_has_no_commitments() {
        let text = "推动高质量发展。";
        let x = zhibiao_core::extract("x", text);
        assert!(x.document.year.is_none() || drafts(&x).len() <= 1);
    }

    #[test]
    fn quotes_split_at_their_sentences() {
        let q = "提升硬联通能力。加快建设深江铁路。确保“十四五”规划落地！";
        assert_eq!(sentence_starts(q), vec![8, 17]);
        let s = sentences(q);
        assert_eq!(s.len(), 3);
        assert_eq!(s[1], (8, "加快建设深江铁路。".to_string()));
        assert_eq!(title_of(&s[1].1), "加快建设深江铁路");
        // A closing quote stays with its sentence; a quote of one sentence cannot be split.
        assert_eq!(sentence_starts("他说“好。”然后走了。"), vec![6]);
        assert!(sentence_starts("提升硬联通能力。").is_empty());
        assert!(sentence_starts("").is_empty());
        assert_eq!(
            title_of("加快建设深江铁路、珠肇高铁江门段等项目，推动广湛高铁江门段建成通车，力争新开工项目超过10个。"),
            "加快建设深江铁路、珠肇高铁江门段等项目"
        );
        assert_eq!(split_number("三、（一）2.", 2), "三、（一）2.之二");
        assert_eq!(split_number("1.", 12), "1.之12");
        // Every real task of Jiangmen: the offsets are char boundaries of the quote.
        for d in jiangmen() {
            let n = d.quote.chars().count();
            for at in sentence_starts(&d.quote) {
                assert!(at > 0 && at < n);
            }
            let joined: String = sentences(&d.quote).into_iter().map(|(_, s)| s).collect();
            assert_eq!(
                joined.chars().filter(|c| !c.is_whitespace()).count(),
                d.quote.chars().filter(|c| !c.is_whitespace()).count()
            );
        }
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
