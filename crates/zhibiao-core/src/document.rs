//! Stage 3, document: title, region, level, delivery date, report year.

use serde::{Deserialize, Serialize};

pub use crate::header::Level;

/// What a report is: its metadata, found from its text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Document id (the file stem).
    pub id: String,
    pub title: Option<String>,
    /// Region of the government (江门市), when found.
    pub region: Option<String>,
    pub level: Option<Level>,
    /// Date delivered, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The year the report plans for (the review part speaks of the year before).
    pub year: Option<i32>,
    /// Who delivered it (市长 吴晓晖), when found.
    pub speaker: Option<String>,
    /// Encoding the bytes were read as, when decoded from bytes.
    pub encoding: Option<String>,
    /// Characters of text.
    pub chars: usize,
    /// Lines of the original file.
    pub lines: usize,
    /// The header line the region was read from (for messages; not exported).
    #[serde(skip)]
    pub region_from: Option<String>,
    /// The line the year was read from (for messages; not exported).
    #[serde(skip)]
    pub year_from: Option<String>,
    /// The year the periods of the facts were read with: `year`, or a guess when it is
    /// unknown (see [`give`]; not exported).
    #[serde(skip)]
    pub periods_year: i32,
}

/// What the user says a report is, for a report whose header does not say (or says wrong).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Given {
    /// The region (海拉尔区; a name with its parents is the place itself).
    pub region: Option<String>,
    /// The year the report plans for.
    pub year: Option<i32>,
}

/// Applies what the user gives to an extraction: the region (and its level) and the year.
/// The periods of the facts move with the year (they were read relative to the year found
/// or guessed: a fact of "过去一年" in a report given as 2016 is of 2015). Returns notes on
/// what changed from what the report says.
pub fn give(x: &mut crate::Extraction, given: &Given) -> Vec<String> {
    let mut notes = Vec::new();
    let d = &mut x.document;
    if let Some(r) = given
        .region
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        let own = crate::header::own_name(r).to_string();
        if let Some(read) = d.region.as_deref().filter(|read| *read != own) {
            notes.push(format!(
                "{}: region {own} as given (the report says {read})",
                d.id
            ));
        }
        d.level = Some(crate::header::level_of(r));
        d.region = Some(own);
        d.region_from = None;
        for f in &mut x.facts {
            f.region = d.region.clone();
        }
    }
    if let Some(y) = given.year {
        if let Some(read) = d.year.filter(|read| *read != y) {
            notes.push(format!(
                "{}: year {y} as given (the report says {read})",
                d.id
            ));
        }
        let shift = y - d.periods_year;
        d.year = Some(y);
        d.year_from = None;
        d.periods_year = y;
        if shift != 0 {
            for f in &mut x.facts {
                f.period += shift;
                f.since = f.since.map(|s| s + shift);
            }
        }
        x.warnings
            .retain(|w| !w.starts_with("no report year found"));
    }
    notes
}

use crate::layout::{Layout, Role};
use crate::Kind;

/// The period a part of the report speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub kind: Kind,
    /// The year (the last year of a span).
    pub period: i32,
    /// The first year of a span (过去五年, 十四五时期, 十五五), or `None` for one year.
    pub since: Option<i32>,
    /// A span that a sentence may switch to with 五年来 / 十四五时期 and the like.
    pub span: Option<(i32, i32)>,
}

/// Metadata and, for every paragraph of the layout, its part and heading path.
#[derive(Debug, Clone)]
pub struct Described {
    pub document: Document,
    /// One per paragraph: the part it belongs to.
    pub parts: Vec<Part>,
    /// One per paragraph: the heading path (一、… › （二）…).
    pub sections: Vec<String>,
    pub warnings: Vec<String>,
}

/// Finds a report's metadata and the period of each of its parts.
pub fn describe(id: &str, layout: &Layout) -> Described {
    let mut warnings = Vec::new();
    let f = &layout.folded;
    // Titles, date lines and speakers are short: the first 100 chars of a paragraph will do.
    let para_text = |i: usize| -> String {
        let p = &layout.paragraphs[i];
        crate::chars::string(&f[p.start..p.end.min(p.start + 100)])
    };
    // The header: the paragraphs before the greeting (各位代表：), or the first ones when there
    // is none. A report may begin at the greeting: then it has no header at all.
    let greeting = (0..layout.paragraphs.len().min(80)).find(|&i| {
        let t = strip_spaces(&para_text(i));
        t.starts_with("各位代表") && (t.chars().count() <= 12 || t.starts_with("各位代表："))
    });
    let head: Vec<String> = (0..greeting.unwrap_or(layout.paragraphs.len().min(40)))
        .map(para_text)
        .collect();
    // The opening: the greeting's paragraph and the next two (我代表…人民政府向大会报告工作);
    // the greeting may stand alone (各位代表：) or open the first paragraph.
    let opening: String = greeting
        .map(|g| {
            (g..layout.paragraphs.len().min(g + 3))
                .map(para_text)
                .collect()
        })
        .unwrap_or_default();

    let mut doc = Document {
        id: id.to_string(),
        lines: layout.lines(),
        ..Document::default()
    };
    doc.chars = layout.joined.len();
    doc.title = head
        .iter()
        .find(|t| crate::header::is_title(t))
        .map(|t| strip_spaces(t));
    for t in &head {
        if let Some((date, year)) = date_line(t) {
            doc.date = Some(date);
            doc.year = Some(year);
            doc.year_from = Some(crate::header::clip(t));
            break;
        }
    }
    if doc.year.is_none() {
        if let Some(t) = doc.title.as_deref() {
            doc.year = year_before(t, "年");
            doc.year_from = doc.year.map(|_| t.to_string());
        }
    }
    if doc.year.is_none() {
        // "2024年3月" alone on a line near the top (a date line without the day).
        if let Some((y, t)) = head.iter().take(12).find_map(|t| {
            let s = strip_spaces(t);
            let y = year_before(&s, "年")?;
            (s.chars().count() <= 12 && s.ends_with('月')).then_some((y, t))
        }) {
            doc.year = Some(y);
            doc.year_from = Some(crate::header::clip(t));
        }
    }
    if doc.year.is_none() {
        // A heading "2023年工作安排" names the plan year, "2022年工作回顾" the year before.
        if let Some((y, t)) = (0..layout.paragraphs.len())
            .filter(|&i| matches!(layout.paragraphs[i].role, Role::Heading { .. }))
            .find_map(|i| {
                let t = para_text(i);
                let y = year_before(&t, "年")?;
                // 到2030年的主要目标 names a horizon, not the plan year.
                if t.contains(&format!("到{y}年")) || t.contains(&format!("至{y}年")) {
                    return None;
                }
                if t.contains("回顾") || t.contains("总结") {
                    Some((y + 1, t))
                } else if has_any(
                    &t,
                    &["安排", "工作", "任务", "总体要求", "主要目标", "预期目标"],
                ) {
                    Some((y, t))
                } else {
                    None
                }
            })
        {
            doc.year = Some(y);
            doc.year_from = Some(crate::header::clip(&t));
        }
    }
    if doc.year.is_none() {
        // 一、过去一年和五年工作回顾 / 2022年是党和国家历史上极为重要的一年: the review opens
        // on the year it reviews, the year before the report's.
        let mut in_review = false;
        for i in 0..layout.paragraphs.len().min(80) {
            let t = para_text(i);
            if matches!(layout.paragraphs[i].role, Role::Heading { .. }) {
                in_review = has_any(&t, &["回顾", "总结"]);
                continue;
            }
            if !in_review {
                continue;
            }
            let s = t.trim_start();
            let digits: String = s.chars().take(4).collect();
            if digits.chars().all(|c| c.is_ascii_digit())
                && (s[4..].starts_with("年是") || s[4..].starts_with("年，"))
            {
                if let Ok(y) = digits.parse::<i32>() {
                    if (1949..=2100).contains(&y) {
                        doc.year = Some(y + 1);
                        doc.year_from = Some(crate::header::clip(&t));
                    }
                }
            }
            break;
        }
    }
    if let Some(found) = crate::header::find_region(&head, doc.title.as_deref(), &opening) {
        let mut level = crate::header::level_of(&found.name);
        // A city named alone (义乌市) is a prefecture unless its report governs towns and no
        // counties: then it is a county-level city.
        if level == Level::Prefecture
            && found.name.ends_with('市')
            && crate::header::governs_towns_only(f)
        {
            level = Level::County;
        }
        doc.level = Some(level);
        doc.region = Some(crate::header::own_name(&found.name).to_string());
        doc.region_from = Some(found.line);
    }
    doc.speaker = head.iter().find_map(|t| speaker(t));
    let year = match doc.year {
        Some(y) => y,
        None => match likely_year(f) {
            // The body plans for a year it names (2026年经济社会发展…, 做好2026年…): that is
            // the report's year, as sure as a dated heading.
            Some((y, Some(phrase))) => {
                doc.year = Some(y);
                doc.year_from = Some(phrase);
                y
            }
            guess => {
                warnings.push(
                    "no report year found (no date line, title or dated heading): periods are guesses"
                        .into(),
                );
                guess.map(|(y, _)| y).unwrap_or(0)
            }
        },
    };
    doc.periods_year = year;

    let single_review = Part {
        kind: Kind::Actual,
        period: year - 1,
        since: None,
        span: None,
    };
    let mut state = single_review;
    let mut parts = Vec::with_capacity(layout.paragraphs.len());
    let mut sections = Vec::with_capacity(layout.paragraphs.len());
    let mut path: Vec<(u8, String)> = Vec::new();
    for p in layout.paragraphs.iter() {
        // A part is told by a paragraph's opening words: its first 200 chars are enough.
        let text = layout.folded_str(p.start, p.end.min(p.start + 200));
        match p.role {
            Role::Heading { level } => {
                let title: String = text
                    .split(['。', '；'])
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(40)
                    .collect();
                path.retain(|(l, _)| *l < level);
                path.push((level, title.trim().to_string()));
                if let Some(part) = heading_part(text, year, level) {
                    state = part;
                } else if let Some(part) = opening_part(text, year, &state) {
                    state = part;
                }
            }
            Role::Body => {
                if let Some(part) = opening_part(text, year, &state) {
                    state = part;
                }
            }
            Role::Other => {}
        }
        parts.push(state);
        sections.push(
            path.iter()
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join(" › "),
        );
    }
    Described {
        document: doc,
        parts,
        sections,
        warnings,
    }
}

fn strip_spaces(t: &str) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The four-digit year just before `suffix` at its first occurrence, if any.
fn year_before(t: &str, suffix: &str) -> Option<i32> {
    let chars: Vec<char> = t.chars().collect();
    let suf: Vec<char> = suffix.chars().collect();
    (4..chars.len()).find_map(|i| {
        if chars[i..].starts_with(&suf) && chars[i - 4..i].iter().all(|c| c.is_ascii_digit()) {
            let y: i32 = crate::chars::string(&chars[i - 4..i]).parse().ok()?;
            (1949..=2100).contains(&y).then_some(y)
        } else {
            None
        }
    })
}

/// The report year guessed from the years the text names: the latest year named at least
/// twice as a time (not 到2035年), which is the plan year when the text plans for it (2024年
/// 工作 / 2024年经济社会发展: the phrase is returned with it) and else the year before the report.
fn likely_year(f: &[char]) -> Option<(i32, Option<String>)> {
    let mut counts: std::collections::BTreeMap<i32, usize> = std::collections::BTreeMap::new();
    for i in 4..f.len() {
        if f[i] == '年'
            && f[i - 4..i].iter().all(|c| c.is_ascii_digit())
            && !(i > 4 && f[i - 5].is_ascii_digit())
        {
            if i > 4 && matches!(f[i - 5], '到' | '至' | '-' | '—') {
                continue;
            }
            let y: i32 = crate::chars::string(&f[i - 4..i]).parse().unwrap_or(0);
            if (1949..=2100).contains(&y) {
                *counts.entry(y).or_insert(0) += 1;
            }
        }
    }
    let y = counts
        .iter()
        .rev()
        .find(|(_, &n)| n >= 2)
        .map(|(&y, _)| y)?;
    let text: String = crate::chars::string(f);
    if text.contains(&format!("{y}年工作回顾")) {
        return Some((y + 1, None));
    }
    // Words that only a plan uses of its own year: the year is then sure.
    let sure = [
        "年经济社会发展",
        "年政府工作",
        "年主要预期目标",
        "年工作安排",
        "年工作任务",
        "年重点工作",
    ]
    .iter()
    .map(|w| format!("{y}{w}"))
    .find(|p| text.contains(p.as_str()));
    if sure.is_some() {
        return Some((y, sure));
    }
    let plans = ["年工作", "年主要", "年是"]
        .iter()
        .any(|w| text.contains(&format!("{y}{w}")));
    Some(if plans { (y, None) } else { (y + 1, None) })
}

/// "——2023年2月16日在江门市第十六届人民代表大会第三次会议上": date and year.
fn date_line(t: &str) -> Option<(String, i32)> {
    let t = strip_spaces(t);
    if !t.contains("代表大会") {
        return None;
    }
    let chars: Vec<char> = t.chars().collect();
    // Arabic or Chinese numerals: 2023年2月16日 / 二〇二六年一月二十七日.
    let num = |i: &mut usize| -> Option<u32> {
        let n = crate::number::numeral_at(&chars, *i)?;
        *i = n.end;
        (n.value.fract() == 0.0 && n.value >= 0.0 && n.value < 10000.0).then_some(n.value as u32)
    };
    for s in 0..chars.len() {
        if s > 0
            && (chars[s - 1].is_ascii_digit() || "〇零一二三四五六七八九十".contains(chars[s - 1]))
        {
            continue;
        }
        let mut i = s;
        let Some(y) = num(&mut i) else { continue };
        if chars.get(i) != Some(&'年') {
            continue;
        }
        i += 1;
        let Some(m) = num(&mut i) else { continue };
        if chars.get(i) != Some(&'月') {
            continue;
        }
        i += 1;
        let Some(d) = num(&mut i) else { continue };
        if chars.get(i) != Some(&'日') || !(1949..=2100).contains(&y) || !(1..=12).contains(&m) {
            continue;
        }
        return Some((format!("{y:04}-{m:02}-{d:02}"), y as i32));
    }
    None
}

/// Government level from the region's name (see [`crate::header::level_of`]).
pub use crate::header::level_of;

/// "◇江门市市长 吴晓晖" / "海拉尔区人民政府区长　杜联合" → the speaker line.
fn speaker(t: &str) -> Option<String> {
    let t = t.trim().trim_start_matches(['◇', '◆', '□']);
    let n = t.chars().count();
    if n > 30 || t.contains('，') || t.contains('。') || t.contains("报告") {
        return None;
    }
    [
        "总理", "省长", "市长", "区长", "县长", "主席", "州长", "旗长", "盟长",
    ]
    .iter()
    .any(|w| t.contains(w))
    .then(|| t.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn has_any(t: &str, words: &[&str]) -> bool {
    words.iter().any(|w| t.contains(w))
}

/// Five-year plan names, with the first year of each.
const PLANS: [(&str, i32); 6] = [
    ("十一五", 2006),
    ("十二五", 2011),
    ("十三五", 2016),
    ("十四五", 2021),
    ("十五五", 2026),
    ("十六五", 2031),
];

/// The span of a five-year plan named in `t`, the latest one named.
pub fn plan_span(t: &str) -> Option<(i32, i32)> {
    PLANS
        .iter()
        .rev()
        .find(|(name, _)| t.contains(name))
        .map(|&(_, a)| (a, a + 4))
}

/// The part a heading opens, if it says.
fn heading_part(t: &str, year: i32, level: u8) -> Option<Part> {
    let span = plan_span(t);
    let names_year = |y: i32| t.contains(&format!("{y}年"));
    if has_any(t, &["回顾", "总结", "成就", "过去"]) {
        let (since, span) = match span {
            Some((a, b)) if b < year && !names_year(year - 1) => (Some(a), Some((a, b))),
            Some((a, b)) if b < year => (None, Some((a, b))),
            _ => (None, None),
        };
        return Some(Part {
            kind: Kind::Actual,
            period: year - 1,
            since,
            span,
        });
    }
    if level > 1 {
        return None;
    }
    if let Some((a, b)) = span.filter(|&(a, _)| a >= year) {
        if !names_year(year) {
            return Some(Part {
                kind: Kind::Target,
                period: b,
                since: Some(a),
                span: Some((a, b)),
            });
        }
        return Some(Part {
            kind: Kind::Target,
            period: year,
            since: None,
            span: Some((a, b)),
        });
    }
    if names_year(year)
        || has_any(
            t,
            &[
                "安排",
                "重点工作",
                "主要工作",
                "主要任务",
                "总体要求",
                "今年",
            ],
        )
    {
        return Some(Part {
            kind: Kind::Target,
            period: year,
            since: None,
            span: None,
        });
    }
    None
}

/// The review of last year alone, keeping a five-year span a sentence may still switch to.
fn last_year(prev: i32, state: &Part) -> Part {
    let span = if state.kind == Kind::Actual {
        state.span
    } else {
        None
    };
    Part {
        kind: Kind::Actual,
        period: prev,
        since: None,
        span,
    }
}

/// Words that open a review of the five years before the report's year.
const FIVE_YEARS: &[&str] = &[
    "过去五年",
    "五年来",
    "过去的五年",
    "这五年",
    "五年间",
    "五年里",
];

/// The text after a greeting that opens it (各位代表！/ 各位代表，).
fn strip_greeting(t: &str) -> &str {
    for g in ["各位代表", "同志们"] {
        if let Some(rest) = t.strip_prefix(g) {
            if let Some(c) = rest
                .chars()
                .next()
                .filter(|c| matches!(c, '！' | '，' | '：' | '!' | ','))
            {
                return rest[c.len_utf8()..].trim_start();
            }
        }
    }
    t
}

/// The part a paragraph opens by its first words (过去一年 / 过去五年 / 2023年是 / 今年…).
fn opening_part(t: &str, year: i32, state: &Part) -> Option<Part> {
    // 各位代表！2025年目标任务顺利完成…: the greeting is not the paragraph's first words.
    let t = strip_greeting(t.trim_start());
    let lead: String = t.chars().take(16).collect();
    let prev = year - 1;
    if has_any(&lead, &["过去一年", "过去的一年", "去年以来", "一年来"])
        || lead.starts_with(&format!("{prev}年，"))
        || lead.starts_with(&format!("{prev}年,"))
    {
        return Some(last_year(prev, state));
    }
    // 刚刚过去的2025年很不平凡。 / 2025年，…: a paragraph that opens on last year alone.
    let first: String = t
        .trim_start()
        .split(['。', '！', '；'])
        .next()
        .unwrap_or("")
        .chars()
        .take(40)
        .collect();
    let five_words = ["五年", "十一五", "十二五", "十三五", "十四五", "十五五"];
    if first.contains(&format!("{prev}年"))
        && !has_any(&first, &five_words)
        && !first.contains(&format!("比{prev}年"))
    {
        return Some(last_year(prev, state));
    }
    // The first words of the second sentence.
    let second_lead: String = t
        .split(['。', '！'])
        .nth(1)
        .unwrap_or("")
        .trim_start()
        .chars()
        .take(8)
        .collect();
    // 刚刚过去的2025年，是“十四五”收官之年。一年来，…: the next sentence opens on the year.
    if first.contains(&format!("{prev}年"))
        && has_any(
            &second_lead,
            &["一年来", "过去一年", "这一年", "过去的一年"],
        )
    {
        return Some(last_year(prev, state));
    }
    // 2025年是“十四五”收官之年，…: about that year, unless the next sentence looks back on the
    // five years (回望“十四五”…).
    if first.starts_with(&format!("{prev}年是")) && has_any(&first, &["收官", "最后一年", "决胜"])
    {
        let second: String = t
            .split(['。', '！'])
            .nth(1)
            .unwrap_or("")
            .chars()
            .take(30)
            .collect();
        if !has_any(&second, &five_words) && !has_any(&second, &["回望", "回顾"]) {
            let span = plan_span(&first).filter(|&(_, b)| b < year);
            return Some(Part {
                kind: Kind::Actual,
                period: prev,
                since: None,
                span: span.or(state.span),
            });
        }
    }
    // …标志着“十四五”圆满收官。五年来，…: a paragraph whose first or second sentence opens on
    // the five years reviews them.
    let second_five = has_any(&first, &five_words) && has_any(&second_lead, FIVE_YEARS);
    if has_any(&lead, FIVE_YEARS) || second_five {
        return Some(Part {
            kind: Kind::Actual,
            period: prev,
            since: Some(year - 5),
            span: Some((year - 5, prev)),
        });
    }
    if has_any(
        &lead,
        &[
            "今年是",
            "今年政府工作",
            "今年经济社会发展",
            "今年的主要",
            "今年主要",
            "做好今年",
        ],
    ) || lead.starts_with(&format!("{year}年是"))
        || lead.starts_with(&format!("{year}年，"))
        || lead.starts_with(&format!("{year}年经济社会"))
        || lead.contains(&format!("做好{year}年"))
        || lead.contains(&format!("{year}年政府工作"))
        || lead.contains(&format!("{year}年主要"))
        || lead.contains(&format!("{year}年经济社会发展"))
    {
        return Some(Part {
            kind: Kind::Target,
            period: year,
            since: None,
            span: None,
        });
    }
    if let Some((a, b)) = plan_span(&lead) {
        let name = PLANS.iter().find(|p| p.1 == a).map(|p| p.0).unwrap_or("");
        let at = lead.find(name).map(|i| lead[..i].chars().count());
        if b < year && at.is_some_and(|i| i < 12) {
            return Some(Part {
                kind: Kind::Actual,
                period: b,
                since: Some(a),
                span: Some((a, b)),
            });
        }
        if a >= year && at.is_some_and(|i| i < 4) {
            return Some(Part {
                kind: Kind::Target,
                period: b,
                since: Some(a),
                span: Some((a, b)),
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::layout;

    #[test]
    fn jiangmen_header_and_out_of_order_headings() {
        let text = " 政府工作报告\n——2023年2月16日在江门市第十六届人民代表大会第三次会议上\n\n过去一年，实现地区生产总值3773.41亿元，增长3.3%。\n2023年是全面贯彻落实党的二十大精神的开局之年。\n地区生产总值增长6%以上。\n\n◇江门市市长 吴晓晖\n\n一、2022年工作回顾\n\n二、2023年工作安排\n";
        let l = layout(text);
        let d = describe("jiangmen-2023", &l);
        assert_eq!(d.document.year, Some(2023));
        assert_eq!(d.document.date.as_deref(), Some("2023-02-16"));
        assert_eq!(d.document.region.as_deref(), Some("江门市"));
        assert_eq!(d.document.level, Some(Level::Prefecture));
        assert_eq!(d.document.speaker.as_deref(), Some("江门市市长 吴晓晖"));
        let kinds: Vec<(Kind, i32)> = l
            .paragraphs
            .iter()
            .zip(&d.parts)
            .filter(|(p, _)| p.role == Role::Body)
            .map(|(_, part)| (part.kind, part.period))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (Kind::Actual, 2022),
                (Kind::Target, 2023),
                (Kind::Target, 2023)
            ]
        );
    }

    #[test]
    fn a_city_governing_towns_only_is_county_level() {
        // 义乌市 alone, with its 镇（街道）: a county-level city; with 县（市、区）: a prefecture.
        let town = "政府工作报告\n——2024年1月10日在义乌市第十七届人民代表大会第四次会议上\n过去一年，地区生产总值增长5.7%。各镇（街道）协同发力，14个镇街全部完成目标。\n";
        let d = describe("yiwu", &layout(town));
        assert_eq!(d.document.region.as_deref(), Some("义乌市"));
        assert_eq!(d.document.level, Some(Level::County));
        let city = town.replace("14个镇街", "7个县（市、区）");
        let d = describe("x", &layout(&city));
        assert_eq!(d.document.level, Some(Level::Prefecture));
        // No word of towns or counties: a city stays a prefecture.
        let plain = "政府工作报告\n——2024年1月10日在义乌市第十七届人民代表大会第四次会议上\n过去一年，地区生产总值增长5.7%。\n";
        assert_eq!(
            describe("x", &layout(plain)).document.level,
            Some(Level::Prefecture)
        );
    }

    /// The kind, period and first year of each body paragraph of `text`.
    fn body_parts(text: &str) -> Vec<(Kind, i32, Option<i32>)> {
        let l = layout(text);
        let d = describe("x", &l);
        l.paragraphs
            .iter()
            .zip(&d.parts)
            .filter(|(p, _)| p.role == Role::Body)
            .map(|(_, p)| (p.kind, p.period, p.since))
            .collect()
    }

    #[test]
    fn five_year_review_and_plan() {
        let text = "2026年某省政府工作报告\n一、2025年和“十四五”时期工作回顾\n过去一年，全省地区生产总值增长5.1%。\n五年来，全省地区生产总值年均增长5.5%。\n二、“十五五”时期主要目标任务\n“十五五”时期，全省地区生产总值年均增长5%左右。\n三、2026年重点工作\n全省地区生产总值增长5%左右。\n";
        let l = layout(text);
        let d = describe("x", &l);
        assert_eq!(d.document.year, Some(2026));
        assert_eq!(d.document.region.as_deref(), Some("某省"));
        assert_eq!(
            body_parts(text),
            vec![
                (Kind::Actual, 2025, None),
                (Kind::Actual, 2025, Some(2021)),
                (Kind::Target, 2030, Some(2026)),
                (Kind::Target, 2026, None),
            ]
        );
    }

    #[test]
    fn a_greeting_does_not_hide_a_five_year_review() {
        // The heading names one year; the five years open in a paragraph's second sentence,
        // after 各位代表！, and the next paragraph opens on last year after the greeting.
        let text = "2026年某省政府工作报告\n一、2025年工作回顾\n过去一年，全省地区生产总值增长5.1%。\n各位代表！2025年目标任务顺利完成，标志着“十四五”圆满收官。五年来，我们奋力前行。地区生产总值年均增长5.2%。\n各位代表！刚刚过去的2025年，是极不平凡的一年。地区生产总值增长5.1%。\n";
        assert_eq!(
            body_parts(text),
            vec![
                (Kind::Actual, 2025, None),
                (Kind::Actual, 2025, Some(2021)),
                (Kind::Actual, 2025, None),
            ]
        );
    }

    #[test]
    fn given_region_and_year_replace_what_the_header_says() {
        // No header: the year is a guess from the body (2015, named twice as the plan year).
        let text = "各位代表：\n过去一年，地区生产总值增长8.9%。\n2015年是关键之年。2015年地区生产总值增长8%。\n";
        let mut x = crate::extract("x", text);
        assert_eq!(x.document.region, None);
        let before: Vec<i32> = x.facts.iter().map(|f| f.period).collect();
        assert!(!before.is_empty());
        let guessed = x.document.periods_year;
        let notes = give(
            &mut x,
            &Given {
                region: Some("呼伦贝尔市海拉尔区".into()),
                year: Some(guessed + 1),
            },
        );
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(x.document.region.as_deref(), Some("海拉尔区"));
        assert_eq!(x.document.level, Some(Level::County));
        let after: Vec<i32> = x.facts.iter().map(|f| f.period).collect();
        assert_eq!(after, before.iter().map(|p| p + 1).collect::<Vec<_>>());
        assert!(x
            .facts
            .iter()
            .all(|f| f.region.as_deref() == Some("海拉尔区")));
        // A year given over one the header states is noted.
        let mut y = crate::extract(
            "y",
            "政府工作报告\n——2016年2月19日在海拉尔区第十四届人民代表大会第五次会议上\n各位代表：\n",
        );
        let notes = give(
            &mut y,
            &Given {
                region: None,
                year: Some(2017),
            },
        );
        assert_eq!(
            notes,
            vec!["y: year 2017 as given (the report says 2016)".to_string()]
        );
    }
}
