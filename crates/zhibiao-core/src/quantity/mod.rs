//! Stage 5b, quantities: numerals with their units — amounts, percent, percentage points,
//! multiples, ranks and ranges — and the numbers that only name, date or label things.

mod forms;
mod read;
mod scan;
mod shared;
#[cfg(test)]
mod tests;
mod unitless;

pub use forms::*;
use read::*;
pub use scan::*;

/// What sort of quantity it is, from its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// An amount with a unit (元, 亩, 人, 家 …).
    Amount,
    /// Per cent.
    Percent,
    /// Percentage points (个百分点).
    Points,
    /// A multiple (倍).
    Times,
    /// A place in a league (排全省第2, 全国50强).
    Rank,
    /// A change of place (上升3位).
    RankChange,
    /// The count of an ordinal that makes a stock (成为第4条…): read as a level.
    OrdinalCount,
    /// A proportion written X∶1 or as a bare 比值 (城乡居民收入比缩小到2.3∶1): a ratio in 倍.
    Proportion,
}

/// A quantity in width-folded text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// First char: the numeral, or the 第 / 百分之 / 翻 that introduces it.
    pub start: usize,
    /// Just past the unit.
    pub end: usize,
    /// First char of the numeral itself (qualifiers are read before it).
    pub num_start: usize,
    pub value: f64,
    /// The high end of a range.
    pub upper: Option<f64>,
    pub unit: String,
    pub sort: Sort,
    /// League of a rank (全省, 全国 …).
    pub scope: Option<String>,
    /// 20多项 / 1300余个: more than the number.
    pub more: bool,
    /// A rank given as "N强" (place N or better).
    pub top: bool,
    /// The unit was implied (千亿授信额度 → 元).
    pub implied_unit: bool,
}

/// Units that follow a numeral, longest first where one is a prefix of another.
fn units() -> &'static [&'static str] {
    crate::lexicon::get().quantity.units
}

/// Counters a Chinese numeral may take and still be a fact (十件, 三组, 两个).
fn chinese_counters() -> &'static [&'static str] {
    crate::lexicon::get().quantity.chinese_counters
}

/// Places a rank's league can be (全省, 全国 …), longest first.
fn scopes() -> &'static [&'static str] {
    crate::lexicon::get().quantity.scopes
}

/// The Chinese digits and magnitudes [`is_cn_digit`] knows.
const CN_DIGITS: [char; 31] = [
    '零', '〇', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万',
    '亿', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖', '拾', '佰', '仟', '萬', '億',
];

/// A 1024-bit filter of chars: bit `c % 1024` set for each of `chars` (a char whose bit is clear
/// is none of them; most chars of a report are passed over by one test).
const fn filter(chars: &[char]) -> [u64; 16] {
    let mut t = [0u64; 16];
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k] as u32 % 1024;
        t[(c / 64) as usize] |= 1 << (c % 64);
        k += 1;
    }
    t
}

/// Whether `c`'s bit is set in `filter`.
fn in_filter(filter: &[u64; 16], c: char) -> bool {
    filter[(c as u32 / 64 % 16) as usize] >> (c as u32 % 64) & 1 != 0
}

const CN_FILTER: [u64; 16] = filter(&CN_DIGITS);

/// The chars a quantity may start with ([`may_start`]).
const START_FILTER: [u64; 16] = {
    let mut t = CN_FILTER;
    let more = filter(&[
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '第', '连', '翻', '倍', '持', '成', '首',
    ]);
    let mut k = 0;
    while k < 16 {
        t[k] |= more[k];
        k += 1;
    }
    t
};

/// The chars [`quantities`] stops at: the quote marks and the chars of [`START_FILTER`].
const SCAN_FILTER: [u64; 16] = {
    let mut t = START_FILTER;
    let quotes = filter(&['“', '”']);
    let mut k = 0;
    while k < 16 {
        t[k] |= quotes[k];
        k += 1;
    }
    t
};

fn is_cn_digit(c: char) -> bool {
    in_filter(&CN_FILTER, c)
        && matches!(
            c,
            '零' | '〇'
                | '一'
                | '二'
                | '两'
                | '三'
                | '四'
                | '五'
                | '六'
                | '七'
                | '八'
                | '九'
                | '十'
                | '百'
                | '千'
                | '万'
                | '亿'
                | '壹'
                | '贰'
                | '叁'
                | '肆'
                | '伍'
                | '陆'
                | '柒'
                | '捌'
                | '玖'
                | '拾'
                | '佰'
                | '仟'
                | '萬'
                | '億'
        )
}

/// Whether a quantity may start at `c`: every reading of [`quantities`] opens with a digit, a
/// Chinese numeral or one of these words' first chars (第, 连续, 翻番, 倍增, 持平, 成倍), so any
/// other char is passed over at once.
fn may_start(c: char) -> bool {
    in_filter(&START_FILTER, c)
        && (c.is_ascii_digit()
            || is_cn_digit(c)
            || matches!(c, '第' | '连' | '翻' | '倍' | '持' | '成' | '首'))
}

fn starts_with(f: &[char], i: usize, s: &str) -> bool {
    (i..).zip(s.chars()).all(|(k, c)| f.get(k) == Some(&c))
}

/// The unit at `i`, if any: its text and length in chars.
pub fn unit_at(f: &[char], i: usize) -> Option<(&'static str, usize)> {
    let c = *f.get(i)?;
    if c == '%' {
        return Some(("%", 1));
    }
    // Per mille: 人口自然增长率6‰.
    if c == '‰' {
        return Some(("‰", 1));
    }
    if c == '倍' {
        return Some(("倍", 1));
    }
    // 迈上5万亿台阶: a step (台阶), not machines (台).
    if c == '台' && f.get(i + 1) == Some(&'阶') {
        return None;
    }
    // 22亿方 (cubic metres of gas), not 5方面 / 3方案.
    if c == '方'
        && f.get(i + 1)
            .is_some_and(|n| "面案式法向位针便阵舱".contains(*n))
    {
        return None;
    }
    // Only the units that start with this char, longest first as units() lists them; one
    // written out (28.5微克每立方米) is reported as its alias (微克/立方米).
    units_by_first()
        .get(&c)?
        .iter()
        .find(|u| starts_with(f, i, u.written))
        .map(|u| (u.reported, u.len))
}

/// A unit of units(): as written, as reported (its alias, else as written), and its length in
/// chars.
struct Unit {
    written: &'static str,
    reported: &'static str,
    len: usize,
}

type UnitsByFirst = std::collections::HashMap<char, Vec<Unit>, crate::chars::FxBuild>;

/// units() grouped by their first char, in units() order, built once.
/// Hashed by FxHash: the keys are the lexicon's (SipHash of the char took ~110 instructions a
/// lookup).
fn units_by_first() -> &'static UnitsByFirst {
    static MAP: std::sync::OnceLock<UnitsByFirst> = std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let aliases = crate::lexicon::get().quantity.unit_aliases;
        let mut m = UnitsByFirst::default();
        for &written in units() {
            if let Some(c) = written.chars().next() {
                let reported = aliases
                    .iter()
                    .find(|(w, _)| *w == written)
                    .map_or(written, |(_, u)| u);
                m.entry(c).or_default().push(Unit {
                    written,
                    reported,
                    len: written.chars().count(),
                });
            }
        }
        m
    })
}

/// Skips ordinary spaces from `i`.
fn skip_spaces(f: &[char], mut i: usize) -> usize {
    while i < f.len() && f[i] == ' ' {
        i += 1;
    }
    i
}

/// Units that count things (家, 个, 人 …), as against amounts of money or matter.
pub fn is_counter(unit: &str) -> bool {
    let matter = crate::lexicon::get().quantity.matter;
    !matter.contains(&unit)
}
