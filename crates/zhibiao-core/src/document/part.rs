//! The part of the report each paragraph belongs to: the review of last year or of five
//! years, the plan of this year or of the five-year plan, told by headings and by the first
//! words of paragraphs.

use super::{has_any, Part};
use crate::layout::{Layout, Role};
use crate::Kind;
use opening::{chars_before, opening_part, Years};

mod opening;

/// Five-year plan names, with the first year of each.
const PLANS: [(&str, i32); 12] = [
    // Older reports (九五 1996–2000); 十五 only where it can be no number (第十五届).
    ("八五", 1991),
    ("九五", 1996),
    ("“十五”", 2001),
    ("十五计划", 2001),
    ("十五时期", 2001),
    ("十五期间", 2001),
    ("十一五", 2006),
    ("十二五", 2011),
    ("十三五", 2016),
    ("十四五", 2021),
    ("十五五", 2026),
    ("十六五", 2031),
];

/// The span of a five-year plan named in `t`, the latest one named.
pub fn plan_span(t: &str) -> Option<(i32, i32)> {
    // Every name holds a 五 (a test says so): a text without one names none, and is searched
    // once, not once a name.
    crate::chars::find_short(t, "五")?;
    PLANS
        .iter()
        .rev()
        .find(|(name, _)| crate::chars::find_short(t, name).is_some())
        .map(|&(_, a)| (a, a + 4))
}

/// The part a heading opens, if it says.
fn heading_part(t: &str, year: i32, level: u8) -> Option<Part> {
    let span = plan_span(t);
    let names_year = |y: i32| t.contains(&format!("{y}年"));
    if has_any(t, crate::lexicon::get().document.review_heading) {
        // 过去五年工作回顾 / 2022年和过去五年工作回顾: the years before the report's, counted.
        let counted = || years_reviewed(t).map(|n| (year - n, year - 1));
        let (since, span) = match span.or_else(counted) {
            Some((a, b)) if b < year && !names_year(year - 1) && !has_any(t, &["一年"]) => {
                (Some(a), Some((a, b)))
            }
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
    // 二、今后五年的奋斗目标: the years from the report's on.
    if let Some(n) = years_ahead(t).filter(|_| !names_year(year)) {
        return Some(Part {
            kind: Kind::Target,
            period: year + n - 1,
            since: Some(year),
            span: Some((year, year + n - 1)),
        });
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
    if names_year(year) || has_any(t, crate::lexicon::get().document.plan_heading) {
        return Some(Part {
            kind: Kind::Target,
            period: year,
            since: None,
            span: None,
        });
    }
    None
}

/// How many years a review's heading counts back: 过去五年 / 五年来 / 五年工作回顾 (2 to 10
/// years, written as a count), or the five years of 本届政府 (a government's term).
fn years_reviewed(t: &str) -> Option<i32> {
    if has_any(t, &["本届政府"]) {
        return Some(5);
    }
    t.match_indices('年')
        .find_map(|(i, _)| crate::span::years_ending(&t[..i]))
}

/// How many years, from the report's on, 今后五年 / 未来五年 / 今后三年 opening `t` (within its
/// first chars) looks ahead.
pub(super) fn years_ahead(t: &str) -> Option<i32> {
    let head = chars_before(t, 12, |c| matches!(c, '，' | '。' | '：'));
    crate::lexicon::get()
        .document
        .years_ahead
        .iter()
        .find_map(|w| {
            let (i, _) = head.match_indices(w).next()?;
            let rest = &head[i + w.len()..];
            let rest = rest.strip_prefix("的").unwrap_or(rest);
            let y = crate::chars::find_short(rest, "年")?;
            crate::span::years_ending(&rest[..y]).filter(|_| rest[..y].chars().count() <= 2)
        })
}

/// The part of each paragraph of `layout`, and its heading path (一、… › （二）…), for the
/// report of `year`: a heading opens a part when it says so, and else like any paragraph, by
/// its first words ([`opening_part`]); the part holds until another opens.
pub(super) fn paragraph_parts(layout: &Layout, year: i32) -> (Vec<Part>, Vec<String>) {
    let mut state = Part {
        kind: Kind::Actual,
        period: year - 1,
        since: None,
        span: None,
    };
    let mut parts = Vec::with_capacity(layout.paragraphs.len());
    let mut sections = Vec::with_capacity(layout.paragraphs.len());
    let mut path: Vec<(u8, String)> = Vec::new();
    // The path joined, made again only when a heading changes it (not once a paragraph).
    let mut section = String::new();
    let years = Years::new(year);
    // The review of several years last opened (by a heading or a paragraph), which a bullet
    // paragraph (——…) goes back to after a paragraph on the last year alone.
    let mut review: Option<Part> = None;
    let spans = |p: &Part| (p.kind == Kind::Actual && p.since.is_some()).then_some(*p);
    for p in layout.paragraphs.iter() {
        // A part is told by a paragraph's opening words: its first 200 chars are enough.
        let text = layout.folded_str(p.start, p.end.min(p.start + 200));
        match p.role {
            Role::Heading { level } => {
                let title = chars_before(text, 40, |c| matches!(c, '。' | '；'));
                path.retain(|(l, _)| *l < level);
                path.push((level, title.trim().to_string()));
                section = path
                    .iter()
                    .map(|(_, t)| t.as_str())
                    .collect::<Vec<_>>()
                    .join(" › ");
                if let Some(part) = heading_part(text, year, level) {
                    state = part;
                    review = spans(&part);
                } else if let Some(part) = opening_part(text, &years, &state) {
                    state = part;
                    review = spans(&part);
                }
            }
            Role::Body => {
                if let Some(part) = opening_part(text, &years, &state) {
                    state = part;
                    // A review of the last year that opens as one (刚刚过去的2025年，… / 过去一年
                    // / 2025年，…) holds; one that only names it (2012年末，全国移动电话用户…)
                    // is a paragraph of the five years' review.
                    // Read only while a review of several years is open.
                    let aside = || {
                        part.kind == Kind::Actual
                            && part.since.is_none()
                            && !opening::reviews_last_year(text, &years)
                    };
                    review = spans(&part).or_else(|| review.filter(|_| aside()));
                } else if let Some(r) = review.filter(|r| {
                    // 2012年末，全国移动电话用户…。 then ——科技创新能力明显增强。…: back to
                    // the five years.
                    text.trim_start().starts_with("——")
                        && state.kind == Kind::Actual
                        && state.since.is_none()
                        && state.span == r.span
                }) {
                    state = r;
                }
            }
            Role::Other => {}
        }
        parts.push(state);
        sections.push(section.clone());
    }
    (parts, sections)
}
