//! The part a paragraph opens by its first words (过去一年 / 过去五年 / 2023年是 / 今年…),
//! read once for each paragraph.

use super::{plan_span, PLANS};
use crate::document::{has_any, Part};
use crate::Kind;

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
fn five_years_words() -> crate::lexicon::Words {
    crate::lexicon::get().document.five_years
}

/// The text after a greeting that opens it (各位代表！/ 各位代表，).
fn strip_greeting(t: &str) -> &str {
    for &g in crate::lexicon::get().document.greetings {
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

/// The part a paragraph opens by its first words (过去一年 / 过去五年 / 2023年是 / 今年…):
/// last year, the close of a five-year plan, five years, this year, or a five-year plan named.
pub(super) fn opening_part(t: &str, years: &Years, state: &Part) -> Option<Part> {
    // 各位代表！2025年目标任务顺利完成…: the greeting is not the paragraph's first words.
    let o = Opening::read(strip_greeting(t.trim_start()), years);
    o.last_year(state)
        .or_else(|| o.closing_year(state))
        .or_else(|| o.five_years())
        .or_else(|| o.years_ahead())
        .or_else(|| o.years_since())
        .or_else(|| o.this_year())
        .or_else(|| o.plan_named())
        .or_else(|| o.plan_drafted())
}

/// Whether a paragraph opens as a review of the last year (过去一年 / 一年来 / 2025年，… /
/// 2025年是… / 刚刚过去的2025年), not one that only names it in passing (2012年末，…).
pub(super) fn reviews_last_year(t: &str, years: &Years) -> bool {
    let t = strip_greeting(t.trim_start());
    let head = first_chars(t, 40);
    has_any(head, last_year_opens())
        || has_any(head, last_year_next())
        || has_any(head, crate::lexicon::get().document.last_year_words)
        || starts_then(t, &years.prev_y, "，")
        || starts_then(t, &years.prev_y, "是")
}

/// Five-year plan names and 五年, in a sentence about five years rather than one.
fn five_words() -> crate::lexicon::Words {
    crate::lexicon::get().document.five_words
}

/// The report's year and the year before, written out once a report (2026年, 2025年) for the
/// openings of all its paragraphs.
pub(super) struct Years {
    year: i32,
    /// The year before the report's, which the review speaks of.
    prev: i32,
    /// `{year}年`.
    year_y: String,
    /// `{prev}年`.
    prev_y: String,
}

impl Years {
    pub(super) fn new(year: i32) -> Self {
        Years {
            year,
            prev: year - 1,
            year_y: format!("{year}年"),
            prev_y: format!("{}年", year - 1),
        }
    }
}

/// Whether `t` starts with `y` and then `then` (`t.starts_with(&format!("{y}{then}"))`).
fn starts_then(t: &str, y: &str, then: &str) -> bool {
    t.strip_prefix(y).is_some_and(|r| r.starts_with(then))
}

/// Whether `t` holds `before`, `y`, `after` in a row (`t.contains(&format!("{before}{y}{after}"))`;
/// `y`, a year and 年, cannot overlap itself, so every place it stands is tried).
fn holds(t: &str, before: &str, y: &str, after: &str) -> bool {
    let mut from = 0;
    while let Some(p) = crate::chars::find_short(&t[from..], y) {
        let i = from + p;
        if t[..i].ends_with(before) && t[i + y.len()..].starts_with(after) {
            return true;
        }
        from = i + y.len();
    }
    false
}

/// The first `n` chars of `t` (`t.chars().take(n).collect::<String>()` without the copy).
fn first_chars(t: &str, n: usize) -> &str {
    match t.char_indices().nth(n) {
        Some((i, _)) => &t[..i],
        None => t,
    }
}

/// The first `n` chars of `t`, or fewer: those before the first char that `stop` accepts
/// (`first_chars(t.split(stop).next().unwrap(), n)`).
pub(super) fn chars_before(t: &str, n: usize, stop: impl Fn(char) -> bool) -> &str {
    for (k, (i, c)) in t.char_indices().enumerate() {
        if k == n || stop(c) {
            return &t[..i];
        }
    }
    t
}

/// The byte just past the first 。 or ！ of `t` (both three bytes in UTF-8, led by E3 and EF:
/// memchr finds the candidates).
fn first_stop(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    memchr::memchr2_iter(0xe3, 0xef, b)
        .find(|&i| b[i..].starts_with("。".as_bytes()) || b[i..].starts_with("！".as_bytes()))
        .map(|i| i + 3)
}

/// The first words of a paragraph (its greeting stripped), as [`opening_part`] reads them.
struct Opening<'a> {
    text: &'a str,
    year: i32,
    /// The year before the report's, which the review speaks of.
    prev: i32,
    /// `{year}年` and `{prev}年`.
    year_y: &'a str,
    prev_y: &'a str,
    /// The first 16 chars.
    lead: &'a str,
    /// The first sentence, up to 40 chars.
    first: &'a str,
    /// Where the first 。 or ！ is looked for, the one the second sentence starts after
    /// ([`Opening::second_lead`]): none stands before this byte.
    stop_from: usize,
    marks: Marks,
}

/// What an [`Opening`]'s `lead` and `first` hold, so that where a char is missing no word with
/// it is searched for.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Marks {
    /// Whether `lead` and `first` hold a 五: every word of [`five_words`], [`five_years_words`] and
    /// [`PLANS`] does.
    lead_five: bool,
    first_five: bool,
    /// Whether `lead` and `first` hold a 年: every word of [`last_year_opens`],
    /// [`this_year_opens`] and the years written out (2026年) does.
    lead_year: bool,
    first_year: bool,
    /// Whether `lead` holds a 根, 按 or 依: without one it holds none of 根据, 按照, 依据.
    lead_drafted: bool,
}

/// Words that open a paragraph on last year.
fn last_year_opens() -> crate::lexicon::Words {
    crate::lexicon::get().document.last_year_opens
}
/// Words that open the second sentence on last year.
fn last_year_next() -> crate::lexicon::Words {
    crate::lexicon::get().document.last_year_next
}
/// Words that open a paragraph on this year.
fn this_year_opens() -> crate::lexicon::Words {
    crate::lexicon::get().document.this_year_opens
}

/// What one pass over the first chars of a text that starts with no space finds, as
/// [`Opening::read_simple`] finds it with a search each.
struct Lead {
    /// Byte ends of the first 16 chars and of the first sentence (up to 40 chars, to a 。！；).
    lead: usize,
    first: usize,
    /// Byte index of the first 五 and of the first 年 in the longer of the two, if any.
    five: Option<usize>,
    year: Option<usize>,
    /// Whether the first 16 chars hold a 根, 按 or 依 (which 根据, 按照 and 依据 start with).
    drafted: bool,
}

impl Lead {
    fn read(text: &str) -> Lead {
        let mut chars = text.char_indices();
        let (mut five, mut year, mut drafted) = (None, None, false);
        let mut first = None;
        // The first 16 chars, the lead: the first sentence may end among them.
        for _ in 0..16 {
            let Some((i, c)) = chars.next() else {
                return Lead {
                    lead: text.len(),
                    first: first.unwrap_or(text.len()),
                    five,
                    year,
                    drafted,
                };
            };
            match c {
                '。' | '！' | '；' if first.is_none() => first = Some(i),
                '五' if five.is_none() => five = Some(i),
                '年' if year.is_none() => year = Some(i),
                '根' | '按' | '依' => drafted = true,
                _ => {}
            }
        }
        let lead = chars.offset();
        // Then, if it has not ended, the rest of the first sentence, up to its 40th char.
        if first.is_none() {
            for k in 16.. {
                let Some((i, c)) = chars.next() else { break };
                match c {
                    _ if k == 40 => {
                        first = Some(i);
                        break;
                    }
                    '。' | '！' | '；' => {
                        first = Some(i);
                        break;
                    }
                    '五' if five.is_none() => five = Some(i),
                    '年' if year.is_none() => year = Some(i),
                    _ => {}
                }
            }
        }
        Lead {
            lead,
            first: first.unwrap_or(text.len()),
            five,
            year,
            drafted,
        }
    }
}

impl<'a> Opening<'a> {
    /// The first words of `text`. A text that starts with no space (what [`opening_part`]
    /// passes) is read in one pass over its first chars ([`Lead`]): the 16th char, the end of
    /// the first sentence, and where the first 五 and 年 stand (both three bytes: a char of
    /// `lead` or `first` when it ends inside them), instead of two walks and four searches.
    fn read(text: &'a str, years: &'a Years) -> Self {
        // `text.trim_start() != text`, without trimming.
        if text.chars().next().is_some_and(char::is_whitespace) {
            return Self::read_simple(text, years);
        }
        let l = Lead::read(text);
        let (lead, first) = (&text[..l.lead], &text[..l.first]);
        let within = |at: Option<usize>, end: usize| at.is_some_and(|i| i + 3 <= end);
        let marks = Marks {
            lead_five: within(l.five, l.lead),
            first_five: within(l.five, l.first),
            lead_year: within(l.year, l.lead),
            first_year: within(l.year, l.first),
            lead_drafted: l.drafted,
        };
        // The second sentence starts after the first 。 or ！: the one that ends `first`, or
        // one after it (none stands inside it).
        Self::new(text, years, (lead, first), l.first, marks)
    }

    /// [`Opening::read`] for any text, a search for each thing.
    fn read_simple(text: &'a str, years: &'a Years) -> Self {
        let lead = first_chars(text, 16);
        // The first sentence's first 40 chars and the second's first 8, read up to where they
        // stop (the second sentence starts after the first 。 or ！, the first stops at a ； too);
        // `split` decoded every char of both sentences.
        let first = chars_before(text.trim_start(), 40, |c| matches!(c, '。' | '！' | '；'));
        let marks = Marks {
            lead_five: crate::chars::find_short(lead, "五").is_some(),
            first_five: crate::chars::find_short(first, "五").is_some(),
            lead_year: crate::chars::find_short(lead, "年").is_some(),
            first_year: crate::chars::find_short(first, "年").is_some(),
            lead_drafted: lead.contains(['根', '按', '依']),
        };
        Self::new(text, years, (lead, first), 0, marks)
    }

    /// The opening of `text` for the report's years, from its first 16 chars and first sentence
    /// (`lead`, `first`), the byte from which the first 。 or ！ (after which the second
    /// sentence starts) is looked for (`stop_from`) and what the two hold, as either reader
    /// found them.
    fn new(
        text: &'a str,
        years: &'a Years,
        (lead, first): (&'a str, &'a str),
        stop_from: usize,
        marks: Marks,
    ) -> Self {
        Opening {
            text,
            year: years.year,
            prev: years.prev,
            year_y: &years.year_y,
            prev_y: &years.prev_y,
            lead,
            first,
            stop_from,
            marks,
        }
    }

    /// The first 8 chars of the second sentence, up to a 。 or ！ (the second sentence starts
    /// after the first 。 or ！). Found when a rule asks, not for every paragraph: two rules read
    /// it, each only after its other tests passed.
    fn second_lead(&self) -> &'a str {
        let (text, from) = (self.text, self.stop_from);
        let stop = if text[from..].starts_with(['。', '！']) {
            Some(from + 3)
        } else {
            first_stop(&text[from..]).map(|i| from + i)
        };
        match stop {
            Some(i) => chars_before(text[i..].trim_start(), 8, |c| matches!(c, '。' | '！')),
            None => "",
        }
    }

    /// A paragraph that opens on last year alone: 过去一年 / 2025年，… / 刚刚过去的2025年很不
    /// 平凡。 / 刚刚过去的2025年，是“十四五”收官之年。一年来，…
    fn last_year(&self, state: &Part) -> Option<Part> {
        let (prev, prev_y) = (self.prev, self.prev_y);
        let (lead, first) = (self.lead, self.first);
        let opens = self.marks.lead_year
            && (has_any(lead, last_year_opens())
                || starts_then(lead, prev_y, "，")
                || starts_then(lead, prev_y, ","));
        // `find_short`, not `contains`/`find`: no two-way searcher for a short needle.
        let names_year = self.marks.first_year && crate::chars::find_short(first, prev_y).is_some();
        // Inside a multi-year review, a paragraph about the last year opens on it (刚刚过去的
        // 2025年…); one naming it later (全省地区生产总值连跨3个千亿级台阶，2025年人均…) goes
        // on with the span.
        // 2025年四大主导产业占GDP比重较2020年提高约14个百分点: the span's end against its start
        // goes on with the span too.
        let near_start = match state.span {
            None => true,
            Some((a, _)) => {
                crate::chars::find_short(first, prev_y)
                    .is_some_and(|i| first[..i].chars().count() <= 6)
                    && crate::chars::find_short(first, &format!("{}年", a - 1)).is_none()
            }
        };
        let year_alone = names_year
            && near_start
            && !(self.marks.first_five && has_any(first, five_words()))
            && !holds(first, "比", prev_y, "");
        // The next sentence opens on the year.
        let next_on_year = names_year && has_any(self.second_lead(), last_year_next());
        (opens || year_alone || next_on_year).then(|| last_year(prev, state))
    }

    /// 2025年是“十四五”收官之年，… / 2021年是“十四五”开局之年，…: about that year, unless the
    /// next sentence looks back on the five years (回望“十四五”…).
    fn closing_year(&self, state: &Part) -> Option<Part> {
        let prev = self.prev;
        let first = self.first;
        if !(starts_then(first, self.prev_y, "是")
            && has_any(first, crate::lexicon::get().document.closing_year))
        {
            return None;
        }
        let second: String = self
            .text
            .split(['。', '！'])
            .nth(1)
            .unwrap_or("")
            .chars()
            .take(30)
            .collect();
        if has_any(&second, five_words())
            || has_any(&second, crate::lexicon::get().document.looking_back)
        {
            return None;
        }
        let span = plan_span(first).filter(|&(_, b)| b < self.year);
        Some(Part {
            kind: Kind::Actual,
            period: prev,
            since: None,
            span: span.or(state.span),
        })
    }

    /// …标志着“十四五”圆满收官。五年来，…: a paragraph whose first or second sentence opens on
    /// the five years reviews them.
    fn five_years(&self) -> Option<Part> {
        let second_five = self.marks.first_five
            && has_any(self.first, five_words())
            && has_any(self.second_lead(), five_years_words());
        // 这是综合经济实力显著提升的五年。: a heading of the five-year review.
        let this_was = self.first.starts_with("这是")
            && self
                .first
                .trim_end_matches(['。', '！'])
                .ends_with("的五年");
        (self.marks.lead_five && has_any(self.lead, five_years_words()) || second_five || this_was)
            .then(|| Part {
                kind: Kind::Actual,
                period: self.prev,
                since: Some(self.year - 5),
                span: Some((self.year - 5, self.prev)),
            })
    }

    /// 今后五年，… / 未来五年，我们…: the years from the report's on, looked ahead to.
    fn years_ahead(&self) -> Option<Part> {
        // A paragraph opens on them (a heading may number itself first: part.rs reads it).
        if !(self.lead.starts_with("今后") || self.lead.starts_with("未来")) {
            return None;
        }
        let n = super::years_ahead(self.lead)?;
        Some(Part {
            kind: Kind::Target,
            period: self.year + n - 1,
            since: Some(self.year),
            span: Some((self.year, self.year + n - 1)),
        })
    }

    /// “十四五”以来，… / 三年来，… / 2021年以来，…: a paragraph that opens on the years from a
    /// start to last year — a plan still running, a few years counted back, a year named.
    fn years_since(&self) -> Option<Part> {
        if !self.marks.lead_year && !self.marks.lead_five {
            return None;
        }
        let head = chars_before(self.lead, 12, |c| matches!(c, '，' | ','));
        let a = if let Some(h) = head.strip_suffix("以来") {
            let h = h.trim_end_matches("时期").trim_end_matches("期间");
            let running = plan_span(h).filter(|&(a, b)| a < self.year && b >= self.year);
            match running {
                Some((a, _)) if PLANS.iter().any(|p| p.1 == a && h.contains(p.0)) => Some(a),
                _ => crate::span::since_named(head).filter(|_| {
                    let h = h.strip_prefix('自').unwrap_or(h);
                    h.len() == "2021年".len()
                }),
            }
        } else {
            let h = head.strip_suffix("年来")?;
            let h = h
                .strip_prefix('近')
                .or_else(|| h.strip_prefix('这'))
                .unwrap_or(h);
            (h.chars().count() <= 2)
                .then(|| crate::span::years_ending(h))
                .flatten()
                .map(|n| self.year - n)
        }?;
        (a < self.prev).then_some(Part {
            kind: Kind::Actual,
            period: self.prev,
            since: Some(a),
            span: Some((a, self.prev)),
        })
    }

    /// 今年是… / 2026年，… / 做好2026年…: the plan of this year.
    fn this_year(&self) -> Option<Part> {
        let (lead, year, year_y) = (self.lead, self.year, self.year_y);
        let opens = self.marks.lead_year
            && (has_any(lead, this_year_opens())
                || starts_then(lead, year_y, "是")
                || starts_then(lead, year_y, "，")
                || starts_then(lead, year_y, "经济社会")
                || holds(lead, "做好", year_y, "")
                || holds(lead, "", year_y, "政府工作")
                || holds(lead, "", year_y, "主要")
                || holds(lead, "", year_y, "经济社会发展"));
        opens.then_some(Part {
            kind: Kind::Target,
            period: year,
            since: None,
            span: None,
        })
    }

    /// 根据《…关于制定…第十五个五年规划的建议》，我们编制了“十五五”规划纲要（草案）…: the
    /// outline of the coming plan, drafted on the party's proposal, sets its targets.
    fn plan_drafted(&self) -> Option<Part> {
        if !self.marks.lead_drafted
            || !has_any(self.lead, crate::lexicon::get().document.drafted_on)
        {
            return None;
        }
        let first = self.text.split('。').next().unwrap_or("");
        let first = first_chars(first, 120);
        let a = PLANS
            .iter()
            .find(|(name, _)| first.contains(name))
            .map(|p| p.1)
            .or_else(|| {
                let at = first.find("个五年规划")?;
                let n: String = first[..at]
                    .chars()
                    .rev()
                    .take_while(|c| "一二三四五六七八九十".contains(*c))
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect();
                PLANS.iter().find(|p| p.0 == format!("{n}五")).map(|p| p.1)
            })?;
        let wanted = has_any(first, crate::lexicon::get().document.plan_papers);
        (wanted && a >= self.year).then_some(Part {
            kind: Kind::Target,
            period: a + 4,
            since: Some(a),
            span: Some((a, a + 4)),
        })
    }

    /// A five-year plan named near the start: a past one reviewed (“十四五”时期，…), or the
    /// coming one planned (“十五五”时期，…).
    fn plan_named(&self) -> Option<Part> {
        let lead = self.lead;
        if !self.marks.lead_five {
            return None;
        }
        let (a, b) = plan_span(lead)?;
        let name = PLANS.iter().find(|p| p.1 == a).map(|p| p.0).unwrap_or("");
        let at = lead.find(name).map(|i| lead[..i].chars().count());
        if b < self.year && at.is_some_and(|i| i < 12) {
            return Some(Part {
                kind: Kind::Actual,
                period: b,
                since: Some(a),
                span: Some((a, b)),
            });
        }
        if a >= self.year && at.is_some_and(|i| i < 4) {
            return Some(Part {
                kind: Kind::Target,
                period: b,
                since: Some(a),
                span: Some((a, b)),
            });
        }
        None
    }
}

#[cfg(test)]
#[path = "opening_tests.rs"]
mod tests;
