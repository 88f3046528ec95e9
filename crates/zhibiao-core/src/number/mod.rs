//! Stage 5a, numbers: numerals in width-folded text — Arabic, Chinese and mixed.
//!
//! [`numeral_at`] is the hot-path recogniser the quantity stage calls at (almost) every char
//! position: it reads the longest numeral starting exactly at a position and allocates nothing.
//! It reads
//!
//! - Arabic numerals: `3773.41`, `1,234,567.5`, with magnitude words `1.5万`, `3773.41亿`,
//!   `3.2万亿`, `120万`, `5千`, and one space before a magnitude word (`176 亿`);
//! - Chinese numerals, ordinary (`三千五百`, `两千零五`, `十`), financial (`壹佰伍拾`) and
//!   traditional (`萬`, `億`), with `点` decimals (`一万零一十八点一五`), abbreviated tails
//!   (`三千五` = 3500, `一万三` = 13000), approximations inside (`一千多万`), digit strings with
//!   a zero (`二〇二三`) and two or more magnitude words alone (`千亿`, `百万`, `万亿`);
//! - mixed forms: `5億1萬4千6百`, `3万5千`, `3万4000`, `1千零20`.
//!
//! It leaves alone what belongs to units and to later stages: `千` that starts a unit name
//! (`120万千瓦` → `120万`), `百` of `百分之`/`百分点`, a trailing `多`/`余` (`20多项` → `20`),
//! signs (`负`, `-`), and any context (labels such as `十四五`, idioms such as `一切`).
//!
//! [`percent_at`] reads a percentage (`百分之五十`, `5.5%`, `千分之五`, `3.5‰`), in per cent.
//! [`recognize`] scans a whole text for numbers and percentages, with the sign and ambiguity
//! filters of a stand-alone recogniser; the peer-spec test and the fuzz tests use it.

mod arabic;
mod chinese;
mod class;
mod percent;
mod recognizer;
#[cfg(test)]
mod tests;

use crate::decode::fold_text;
use chinese::parse;
use class::{cn, Cn};
use percent::{percent_keyword, percent_sign_after};
use recognizer::recognize_at;

/// A numeral found in width-folded text: chars `start..end`, its value with any magnitude
/// word (万, 亿, 万亿, 千, 百) that is part of it applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Numeral {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// Written (at least partly) in Chinese numerals (三千五百, 两, 十).
    pub chinese: bool,
    /// A magnitude word (百, 千, 万, 亿, 兆 or a variant) is part of it (1.5万, 3773.41亿,
    /// 千亿, 三千五百).
    pub magnitude: bool,
}

/// A number or percentage found by [`recognize`]: chars `start..end` of the text (end
/// exclusive), its value (in per cent when `percent`), sign applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recognized {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// A percentage (`50%`, `百分之五十`, `千分之五`, and for [`recognize`] also
    /// `3个百分点`); `value` is then in per cent.
    pub percent: bool,
}

/// The longest numeral starting exactly at `start` in width-folded `chars`, if any.
///
/// Returns `None` at once for chars that cannot start a numeral. A single magnitude word
/// (`百`, `千`, `万`, `亿`), a lone `零`, and a lone financial digit (`伍` of 队伍, `陆` of
/// 陆续, `拾` of 收拾) are not numerals here; `十` alone is (10). Whether the position is a
/// sensible start (not inside a longer run of digits, not a label like `十四五`) is the
/// caller's business.
pub fn numeral_at(chars: &[char], start: usize) -> Option<Numeral> {
    let &c = chars.get(start)?;
    if !c.is_ascii_digit() {
        // 〇 (U+3007) is the lowest char that can start a Chinese numeral.
        if (c as u32) < 0x3007 {
            return None;
        }
        match cn(c) {
            Some(Cn::Digit(..) | Cn::Zero | Cn::Unit(_)) => {}
            _ => return None,
        }
    }
    parse(chars, start, false)
}

/// The percentage starting exactly at `start` in width-folded `chars`, if any; its `value`
/// is in per cent.
///
/// Reads `百分之五十` (50), `百分之五十五点五七九` (55.579), `千分之五` (0.5), `万分之三`
/// (0.03), `百万分之五`, spaces inside the keyword (`百 分 之 2`), `百分之百` (100), and a
/// numeral followed by `%` (`50%`, `5.5 %`), `‰` (per mille) or `‱`. The numeral's own span
/// is `start..` up to the sign; `end` is after the `%`.
///
/// Not percentages: `X分之Y` after a digit (`五百分之二` is a fraction), approximations
/// (`百分之二三十`), URL escapes (`%2D`), and percentage points (`3个百分点`), which differ
/// from per cent and are left to the caller.
pub fn percent_at(chars: &[char], start: usize) -> Option<Numeral> {
    let &c = chars.get(start)?;
    if matches!(c, '百' | '佰' | '千' | '仟' | '万' | '萬') {
        if let Some(p) = percent_keyword(chars, start) {
            return Some(p);
        }
    }
    percent_sign_after(chars, numeral_at(chars, start)?)
}

/// Every number and percentage in `text`, left to right, non-overlapping, the longest at each
/// position; offsets are chars of `text`.
///
/// The text is width-folded first ([`fold_text`]); in full-width typesetting a `，` between a
/// full-width digit and exactly three full-width digits is read as a thousands separator
/// (`９，９９９`). On top of [`numeral_at`] and [`percent_at`] it reads signs (`负3.9%`,
/// `-22.2%`; not a `-` after a digit, letter or dash), decimals written `.5`, and percentage
/// points as percentages (`3个百分点`, like Recognizers-Text). It applies cheap ambiguity
/// filters: no numeral starts right after a digit, a numeral char or `%`; a single Chinese
/// digit counts only before punctuation, a space, the end, `是` or a measure word (so not
/// `一切`, `四川`, `两两`, `二三十`); a single financial digit also needs a boundary before it
/// (not `入伍`, `收拾`, `大陆`); `十` of `十足`/`十分` is not a number.
pub fn recognize(text: &str) -> Vec<Recognized> {
    let original: Vec<char> = text.chars().collect();
    let mut chars = fold_text(&original);
    let wide = |c: char| ('０'..='９').contains(&c);
    for i in 1..original.len() {
        if original[i] == '，'
            && wide(original[i - 1])
            && i + 3 < original.len()
            && original[i + 1..i + 4].iter().all(|&c| wide(c))
            && original
                .get(i + 4)
                .is_none_or(|&c| !wide(c) && !c.is_ascii_digit())
        {
            chars[i] = ',';
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match recognize_at(&chars, i) {
            Some(r) => {
                i = r.end.max(i + 1);
                out.push(r);
            }
            None => i += 1,
        }
    }
    out
}
