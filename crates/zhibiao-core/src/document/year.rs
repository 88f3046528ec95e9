//! The report's year: from a date line, the title, a month line, a dated heading or the
//! review's opening words; else guessed from the years the body names.

use super::{has_any, para_text, strip_spaces, Document};
use crate::layout::{Layout, Role};

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
            // 是2007年的2.1倍 / 比2007年提高 / 较2021年增加 / 由2010年的: a base year compared
            // with, not the year reviewed.
            if i > 4 && matches!(f[i - 5], '比' | '较' | '是' | '由' | '从' | '于') {
                continue;
            }
            let y: i32 = crate::chars::string(&f[i - 4..i]).parse().unwrap_or(0);
            if (1949..=2100).contains(&y) {
                *counts.entry(y).or_insert(0) += 1;
            }
        }
    }
    // A short text (an excerpt, a web copy's first page) may name its year once only: the
    // latest year named is still a better guess than none.
    let y = counts
        .iter()
        .rev()
        .find(|(_, &n)| n >= 2)
        .or_else(|| counts.iter().next_back())
        .map(|(&y, _)| y)?;
    let text: String = crate::chars::string(f);
    if text.contains(&format!("{y}年工作回顾")) {
        return Some((y + 1, None));
    }
    // Words that only a plan uses of its own year: the year is then sure.
    let sure = crate::lexicon::get()
        .document
        .plan_year_sure
        .iter()
        .map(|w| format!("{y}{w}"))
        .find(|p| text.contains(p.as_str()));
    if sure.is_some() {
        return Some((y, sure));
    }
    let plans = crate::lexicon::get()
        .document
        .plan_year_words
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

/// Sets the year `doc` states and the line it is read from (and the date, from a date line):
/// the first of a date line, the title, a month line, a dated heading and the review's
/// opening words that names one.
pub(super) fn read_stated_year(doc: &mut Document, layout: &Layout, head: &[String]) {
    if let Some((date, year, t)) = head
        .iter()
        .find_map(|t| date_line(t).map(|(date, year)| (date, year, t)))
    {
        doc.date = Some(date);
        doc.year = Some(year);
        doc.year_from = Some(crate::header::clip(t));
        return;
    }
    let found = doc
        .title
        .as_deref()
        .and_then(|t| Some((year_before(t, "年")?, t.to_string())))
        .or_else(|| year_of_month_line(head))
        .or_else(|| year_of_dated_heading(layout))
        .or_else(|| year_of_review_opening(layout));
    if let Some((y, from)) = found {
        doc.year = Some(y);
        doc.year_from = Some(from);
    }
}

/// "2024年3月" alone on a line near the top (a date line without the day): the year and the
/// line.
fn year_of_month_line(head: &[String]) -> Option<(i32, String)> {
    head.iter().take(12).find_map(|t| {
        let s = strip_spaces(t);
        let y = year_before(&s, "年")?;
        (s.chars().count() <= 12 && s.ends_with('月')).then(|| (y, crate::header::clip(t)))
    })
}

/// A heading "2023年工作安排" names the plan year, "2022年工作回顾" the year before: the
/// report's year and the heading.
fn year_of_dated_heading(layout: &Layout) -> Option<(i32, String)> {
    (0..layout.paragraphs.len())
        .filter(|&i| matches!(layout.paragraphs[i].role, Role::Heading { .. }))
        .find_map(|i| {
            let t = para_text(layout, i);
            let y = year_before(&t, "年")?;
            // 到2030年的主要目标 names a horizon, not the plan year.
            if t.contains(&format!("到{y}年")) || t.contains(&format!("至{y}年")) {
                return None;
            }
            if t.contains("回顾") || t.contains("总结") {
                Some((y + 1, t))
            } else if has_any(&t, crate::lexicon::get().document.year_plan_heading) {
                Some((y, t))
            } else {
                None
            }
        })
        .map(|(y, t)| (y, crate::header::clip(&t)))
}

/// 一、过去一年和五年工作回顾 / 2022年是党和国家历史上极为重要的一年: the review opens on the
/// year it reviews, the year before the report's. The report's year and the paragraph.
fn year_of_review_opening(layout: &Layout) -> Option<(i32, String)> {
    let mut in_review = false;
    for i in 0..layout.paragraphs.len().min(80) {
        let t = para_text(layout, i);
        if matches!(layout.paragraphs[i].role, Role::Heading { .. }) {
            in_review = has_any(&t, crate::lexicon::get().document.year_review_heading);
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
                    return Some((y + 1, crate::header::clip(&t)));
                }
            }
        }
        return None;
    }
    None
}

/// The year the periods are read with: the stated year, or else the year the body plans for
/// (set in `doc` as found), or else a guess (with a warning; 0 when the text names no year).
pub(super) fn periods_year(doc: &mut Document, f: &[char], warnings: &mut Vec<String>) -> i32 {
    if let Some(y) = doc.year {
        return y;
    }
    match likely_year(f) {
        // The body plans for a year it names (2026年经济社会发展…, 做好2026年…): that is the
        // report's year, as sure as a dated heading.
        Some((y, Some(phrase))) => {
            doc.year = Some(y);
            doc.year_from = Some(phrase);
            y
        }
        guess => {
            warnings.push(
                "no report year found (no date line, title or dated heading): periods are guesses (give the year with --year)"
                    .into(),
            );
            guess.map(|(y, _)| y).unwrap_or(0)
        }
    }
}
