//! Scanning a sentence for quantities: numerals, big counts and labels (tenths: `forms`).

use super::*;
use crate::chars::is_cjk;
use crate::number::{numeral_at, Numeral};

/// Finds every quantity in `f[start..end]` (a sentence of width-folded text).
pub fn quantities(f: &[char], start: usize, end: usize) -> Vec<Quantity> {
    let mut out = Vec::new();
    quantities_into(f, start, end, &mut out);
    out
}

/// [`quantities`] written into `out` (cleared first): a caller that reads sentence after
/// sentence keeps one vector for them all instead of a new one each.
pub fn quantities_into(f: &[char], start: usize, end: usize, out: &mut Vec<Quantity>) {
    out.clear();
    let mut quoted = false;
    let mut quote_open = 0;
    let mut i = start;
    while i < end {
        // Chars that neither open or close a quote nor may start a quantity are passed over in
        // one tight loop (below they would only be stepped over).
        match next_in_scan_filter(&f[i..end]) {
            Some(k) => i += k,
            None => break,
        }
        let c = f[i];
        if c == '“' {
            quoted = true;
            quote_open = i;
        } else if c == '”' {
            quoted = false;
        }
        // Numbers inside a short quoted name (“1+6+3”, “三项工程”, “万亩千亿”) are labels.
        // A run of good years (“二十二连丰”, “九连A”) is no name: it is counted.
        let in_name = || {
            quoted
                && f[quote_open..end.min(quote_open + 14)].contains(&'”')
                && !quoted_run(f, quote_open, end)
        };
        if !may_start(c) || in_name() {
            i += 1;
            continue;
        }
        match read_at(f, i, start, end) {
            Some((q, next)) => {
                out.extend(q);
                i = next;
            }
            None => i += 1,
        }
    }
    super::shared::share_units(f, start, out);
}

/// [`SCAN_FILTER`] a byte a bit: `SCAN_BYTES[c % 1024]` is 1 where the filter's bit is set.
const SCAN_BYTES: [u8; 1024] = {
    let mut t = [0u8; 1024];
    let mut k = 0;
    while k < 1024 {
        t[k] = (SCAN_FILTER[k / 64] >> (k % 64) & 1) as u8;
        k += 1;
    }
    t
};

/// `f.iter().position(|&c| in_filter(&SCAN_FILTER, c))`, a byte loaded a char (no shifts),
/// four chars a step: their bytes or-ed and tested once (most steps hold none of the chars
/// looked for).
pub(super) fn next_in_scan_filter(f: &[char]) -> Option<usize> {
    let hit = |c: char| SCAN_BYTES[(c as u32 % 1024) as usize];
    let mut k = 0;
    for four in f.chunks_exact(4) {
        if hit(four[0]) | hit(four[1]) | hit(four[2]) | hit(four[3]) != 0 {
            break;
        }
        k += 4;
    }
    f[k..].iter().position(|&c| hit(c) != 0).map(|p| k + p)
}

/// “二十二连丰” / “六连A” / “五连冠”: a quote holding only a run of wins.
fn quoted_run(f: &[char], open: usize, end: usize) -> bool {
    let Some(close) = (open + 1..end.min(open + 14)).find(|&j| f[j] == '”') else {
        return false;
    };
    let inner = &f[open + 1..close];
    inner.len() >= 3
        && inner[inner.len() - 2] == '连'
        && "丰增AＡ好优胜降冠".contains(inner[inner.len() - 1])
        && inner[..inner.len() - 2]
            .iter()
            .all(|c| c.is_ascii_digit() || "一二两三四五六七八九十".contains(*c))
}

/// What is read at `i`, where a quantity may start: the quantity (none when the words read are
/// no fact, as 前百分之一 or a label) and where reading goes on; `None` when nothing is read.
fn read_at(f: &[char], i: usize, start: usize, end: usize) -> Option<(Option<Quantity>, usize)> {
    if f[i] == '第' {
        if let Some(read) = ordinal(f, i, end, start) {
            return Some(read);
        }
    }
    run_count(f, i, end)
        .or_else(|| fraction(f, i, end))
        .or_else(|| slash_fraction(f, i, start, end))
        .or_else(|| doubling(f, i))
        .or_else(|| per_part(f, i, start, end))
        .or_else(|| change_word(f, i, start))
        .or_else(|| {
            let q = tenths(f, i, start, end)?;
            let next = q.end;
            Some((Some(q), next))
        })
        .or_else(|| numeral(f, i, start, end))
}

/// A run after 连续 (连续5年, 连续两届, 连续16个季度), read as a count.
fn run_count(f: &[char], i: usize, end: usize) -> Option<(Option<Quantity>, usize)> {
    let c = f[i];
    // 连续5年 / 连续三年 / 连续两届 / 连续16个季度: a run, read as a count (the fact stage
    // keeps it only when it is its claim's only number).
    if c == '连' && starts_with(f, i, "连续") {
        if let Some(n) = numeral_at(f, i + 2).filter(|n| n.end < end && n.value >= 2.0) {
            let unit = if f[n.end] == '年' {
                Some(("年", 1))
            } else if f[n.end] == '届' {
                Some(("届", 1))
            } else if starts_with(f, n.end, "个季度") {
                Some(("个", 3))
            } else if starts_with(f, n.end, "个月") {
                Some(("个月", 2))
            } else {
                None
            };
            if let Some((u, len)) = unit.filter(|_| n.value.fract() == 0.0 && !n.magnitude) {
                return Some((
                    Some(simple(i + 2, n.end + len, i + 2, n.value, u, Sort::Amount)),
                    n.end + len,
                ));
            }
        }
    }
    None
}

/// 占全国1/3以上 / 稳定在全国1/10以上 / 占全国增量的1/4: a fraction written with a slash,
/// read as a share in per cent (1 to 3 digits each side, the numerator below the
/// denominator, no other digit, dot or slash around: not a date 2025/3/5 nor a ratio name).
fn slash_fraction(
    f: &[char],
    i: usize,
    start: usize,
    end: usize,
) -> Option<(Option<Quantity>, usize)> {
    let digits = |k: usize| (k..end).take_while(|&j| f[j].is_ascii_digit()).count();
    if !f[i].is_ascii_digit()
        || (i > start && (f[i - 1].is_ascii_alphanumeric() || matches!(f[i - 1], '.' | '/' | '-')))
    {
        return None;
    }
    let a = digits(i);
    let slash = i + a;
    if !(1..=3).contains(&a) || f.get(slash) != Some(&'/') || slash + 1 >= end {
        return None;
    }
    let b = digits(slash + 1);
    let stop = slash + 1 + b;
    if !(1..=3).contains(&b)
        || f.get(stop)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '%'))
    {
        return None;
    }
    let value = |from: usize, len: usize| {
        f[from..from + len].iter().fold(0.0, |v, c| {
            v * 10.0 + f64::from(c.to_digit(10).unwrap_or(0))
        })
    };
    let (n, d) = (value(i, a), value(slash + 1, b));
    if n < 1.0 || n >= d {
        return None;
    }
    Some((
        Some(simple(i, stop, i, n * 100.0 / d, "%", Sort::Percent)),
        stop,
    ))
}

/// A Chinese fraction (三分之一), read as a share in per cent.
fn fraction(f: &[char], i: usize, end: usize) -> Option<(Option<Quantity>, usize)> {
    let c = f[i];
    // 三分之一 / 四分之三: a fraction, read as a share in per cent (百分之 and 千分之 are
    // read below).
    // (分之 read in place, first: most Chinese digits are not followed by it.)
    let fen = f.get(i + 1..i + 3) == Some(&['分', '之'][..]);
    if fen && is_cn_digit(c) && c != '百' && c != '千' && c != '万' {
        if let (Some(d), Some(n)) = (
            numeral_at(f, i).filter(|d| d.end == i + 1),
            numeral_at(f, i + 3).filter(|n| n.end <= end),
        ) {
            if d.value >= 2.0 && n.value >= 1.0 && n.value < d.value {
                // Unrounded, as 1/3 is below: 三分之一 → 33.333333333333336.
                let v = n.value * 100.0 / d.value;
                return Some((Some(simple(i, n.end, i, v, "%", Sort::Percent)), n.end));
            }
        }
    }
    None
}

/// A doubling (翻一番, 翻两番), read as growth in per cent.
fn doubling(f: &[char], i: usize) -> Option<(Option<Quantity>, usize)> {
    let c = f[i];
    if c == '翻' {
        // 翻两番 = ×4, 翻三番 = ×8.
        let times = [("翻两番", 300.0), ("翻三番", 700.0), ("翻了两番", 300.0)]
            .iter()
            .find(|(w, _)| starts_with(f, i, w));
        if let Some((w, v)) = times {
            let len = w.chars().count();
            return Some((Some(simple(i, i + len, i, *v, "%", Sort::Percent)), i + len));
        }
        let two = starts_with(f, i, "翻一番")
            || starts_with(f, i, "翻了一番")
            || starts_with(f, i, "翻番");
        if two {
            let len = if f[i + 1] == '了' {
                4
            } else if f[i + 1] == '番' {
                2
            } else {
                3
            };
            // 翻了一番多: more than doubled.
            let more = f.get(i + len) == Some(&'多');
            let end = i + len + usize::from(more);
            let mut q = simple(i, end, i, 100.0, "%", Sort::Percent);
            q.more = more;
            return Some((Some(q), end));
        }
    }
    None
}

/// A per cent or per mille written in words (百分之六, 千分之六, 百分之八至百分之十).
fn per_part(f: &[char], i: usize, start: usize, end: usize) -> Option<(Option<Quantity>, usize)> {
    // 百分之六; 千分之六: per mille, kept as written (unit ‰, value 6). Not 进入ESI前千分之一
    // (a threshold that names a group, as 前1% does). Any char but 百 or 千 starts neither.
    if !matches!(f[i], '百' | '千') {
        return None;
    }
    let per = if starts_with(f, i, "百分之") {
        Some("%")
    } else if starts_with(f, i, "千分之") {
        Some("‰")
    } else {
        None
    };
    if let Some(unit) = per {
        if let Some(p) = numeral_at(f, i + 3).filter(|p| p.end <= end) {
            let top =
                i > start && f[i - 1] == '前' && !(i >= start + 2 && starts_with(f, i - 2, "提前"));
            let mut q = simple(i, p.end, i, p.value, unit, Sort::Percent);
            // 百分之八至百分之十: a range.
            let prefix: String = crate::chars::string(&f[i..i + 3]);
            let mut j = p.end;
            if matches!(f.get(j), Some('-' | '—' | '–' | '~' | '～' | '至' | '到')) {
                j += 1;
                if f.get(j) == Some(&'—') {
                    j += 1;
                }
                let upper = starts_with(f, j, &prefix)
                    .then(|| numeral_at(f, j + 3))
                    .flatten()
                    .filter(|m| m.end <= end && m.value >= p.value);
                if let Some(m) = upper {
                    q = simple(i, m.end, i, p.value, unit, Sort::Percent);
                    q.upper = Some(m.value);
                }
            }
            let next = q.end;
            return Some(((!top).then_some(q), next));
        }
    }
    None
}

/// A change named by words alone: 实现倍增, 与上年持平, 成倍增长, 两位数增长.
fn change_word(f: &[char], i: usize, start: usize) -> Option<(Option<Quantity>, usize)> {
    let c = f[i];
    // 实现倍增 / 高新技术企业数量三年倍增。: doubled (not 倍增计划, a name).
    if c == '倍'
        && starts_with(f, i, "倍增")
        && i >= start + 2
        && (starts_with(f, i - 2, "实现")
            || starts_with(f, i - 1, "了")
            || (f[i - 1] == '年' && f.get(i + 2).is_none_or(|c| "，。；、！".contains(*c))))
    {
        return Some((Some(simple(i, i + 2, i, 100.0, "%", Sort::Percent)), i + 2));
    }
    // 居民消费价格与上年持平: a change of nothing.
    if c == '持'
        && starts_with(f, i, "持平")
        && crate::lexicon::get()
            .quantity
            .against_last_year
            .iter()
            .any(|w| {
                let l = w.chars().count();
                i >= start + l && starts_with(f, i - l, w)
            })
    {
        return Some((Some(simple(i, i + 2, i, 0.0, "%", Sort::Percent)), i + 2));
    }
    // 成倍增长: doubled or more.
    if c == '成' && starts_with(f, i, "成倍增长") {
        let mut q = simple(i, i + 2, i, 100.0, "%", Sort::Percent);
        q.more = true;
        return Some((Some(q), i + 2));
    }
    // 保持两位数增长: growth of ten per cent or more.
    if c == '两' && starts_with(f, i, "两位数增长") {
        let mut q = simple(i, i + 3, i, 10.0, "%", Sort::Percent);
        q.more = true;
        return Some((Some(q), i + 3));
    }
    None
}

/// A numeral at a number boundary, read as a quantity (none when it only names, dates or
/// labels).
fn numeral(f: &[char], i: usize, start: usize, end: usize) -> Option<(Option<Quantity>, usize)> {
    let c = f[i];
    let boundary = i == 0 || !(f[i - 1].is_ascii_digit() || f[i - 1] == '.');
    if boundary && (c.is_ascii_digit() || is_cn_digit(c)) {
        if let Some(n) = numeral_at(f, i).filter(|n| n.end <= end) {
            return Some(match quantity(f, n, start, end) {
                Some(q) => {
                    let next = q.end.max(n.end);
                    (Some(q), next)
                }
                None => (None, n.end),
            });
        }
        if let Some(q) = round_magnitude(f, i, start, end) {
            let next = q.end;
            return Some((Some(q), next));
        }
    }
    None
}

/// 上千家, 近万场, 超千场, 近百场, 上万支: a lone 百, 千 or 万 after a word of approach,
/// before a counter, is that round number (上 and 过 mean at least it; 近 and 超 are read
/// as qualifiers). Not 近百年 (a time), not 成千上万 (an idiom).
fn round_magnitude(f: &[char], i: usize, start: usize, end: usize) -> Option<Quantity> {
    let value = match f[i] {
        '百' => 100.0,
        '千' => 1000.0,
        '万' => 10000.0,
        _ => return None,
    };
    let before = *f.get(i.checked_sub(1).filter(|&b| b >= start)?)?;
    if !matches!(before, '上' | '近' | '超' | '逾' | '过') || (i >= 3 && f[i - 3] == '成') {
        return None;
    }
    let (unit, len) = unit_at(f, i + 1).filter(|(_, l)| i + 1 + l <= end)?;
    if matches!(unit, "年" | "岁" | "天" | "周" | "度" | "方" | "%") || unit.contains('元') {
        return None;
    }
    let n = Numeral {
        start: i,
        end: i + 1,
        value,
        chinese: true,
        magnitude: true,
    };
    let mut q = quantity(f, n, start, end).filter(|q| q.end == i + 1 + len)?;
    q.more |= matches!(before, '上' | '过');
    Some(q)
}

/// `N大` + a noun the clause sets up (建设5大微短剧基地, 组建三大国资平台公司, 实施…四大专项行动):
/// a count of the things, in the counter their kind takes (个, 项, 家). Only when a verb of
/// building or carrying out opens the clause, the noun ends it, and no quote mark holds the
/// number (“五大文化” is a name; 六大产业全链条总产值… and 7大产业集群对…贡献率 measure something
/// else).
pub(super) fn big_count(
    f: &[char],
    n: &Numeral,
    start: usize,
    i: usize,
    end: usize,
) -> Option<Quantity> {
    let deeds = crate::lexicon::get().quantity.big_deeds;
    if f.get(i) != Some(&'大') || n.value.fract() != 0.0 || !(2.0..=20.0).contains(&n.value) {
        return None;
    }
    if n.start > 0 && matches!(f[n.start - 1], '“' | '"' | '‘') {
        return None;
    }
    let noun_end = i + 1 + big_noun(f, i + 1, end).chars().count();
    if noun_end - (i + 1) < 2 || noun_end >= f.len() || !"，。；、和".contains(f[noun_end]) {
        return None;
    }
    let clause = (start..n.start)
        .rev()
        .find(|&k| matches!(f[k], '，' | '；' | '。' | '：'))
        .map_or(start, |k| k + 1);
    let before: String = crate::chars::string(&f[clause..n.start]);
    if !deeds.iter().any(|d| before.contains(d)) || before.contains(['“', '”']) {
        return None;
    }
    let noun: String = crate::chars::string(&f[i + 1..noun_end]);
    let unit = if crate::lexicon::get()
        .quantity
        .item_nouns
        .iter()
        .any(|w| noun.ends_with(w))
    {
        "项"
    } else if crate::lexicon::get()
        .quantity
        .firm_nouns
        .iter()
        .any(|w| noun.ends_with(w))
    {
        "家"
    } else if crate::lexicon::get()
        .quantity
        .place_nouns
        .iter()
        .any(|w| noun.ends_with(w))
    {
        "个"
    } else {
        return None;
    };
    Some(simple(n.start, i + 1, n.start, n.value, unit, Sort::Amount))
}

/// The noun after an `N大` count at `from` (5大|微短剧基地): CJK up to 的, 和 or a mark.
pub fn big_noun(f: &[char], from: usize, end: usize) -> String {
    f[from.min(f.len())..end.min(from + 13).min(f.len())]
        .iter()
        .take_while(|&&c| is_cjk(c) && c != '的' && c != '和')
        .collect()
}

pub(super) fn simple(
    start: usize,
    end: usize,
    num_start: usize,
    value: f64,
    unit: &str,
    sort: Sort,
) -> Quantity {
    Quantity {
        start,
        end,
        num_start,
        value,
        upper: None,
        unit: unit.to_string(),
        sort,
        scope: None,
        more: false,
        top: false,
        implied_unit: false,
    }
}

/// Is the numeral a label: a year, a date, part of a code (G325, PM2.5, 5G, 1+6+3), a plan
/// name (十四五), a size class (千亿级)?
pub(super) fn is_label(f: &[char], n: &Numeral, end: usize) -> bool {
    let before = if n.start > 0 {
        Some(f[n.start - 1])
    } else {
        None
    };
    let after = f.get(n.end).copied().filter(|_| n.end < end.max(n.end + 1));
    // 提前 before the number: read only where a 前 or a Chinese digit stands before it.
    let ahead = || n.start >= 2 && starts_with(f, n.start - 2, "提前");
    if before.is_some_and(|c| {
        c.is_ascii_alphabetic() || matches!(c, '+' | '-' | '/' | '·' | '前' | '×' | '*')
    }) && !ahead()
    {
        return true;
    }
    if after.is_some_and(|c| c.is_ascii_alphabetic() || c == '+' || c == '·')
        && !starts_with(f, n.end, "TEU")
        && !starts_with(f, n.end, "GW")
        && !starts_with(f, n.end, "MW")
        && !starts_with(f, n.end, "kW")
        && !starts_with(f, n.end, "km")
        // 算力规模达到11.4万P: petaflops, after a magnitude word and alone.
        && !(n.magnitude
            && f.get(n.end) == Some(&'P')
            && !f.get(n.end + 1).is_some_and(|c| c.is_ascii_alphanumeric()))
        // 智能算力达4800PF / 1.3万PF / 10EFLOPS.
        && ![
            "PFLOPS", "EFLOPS", "Pflops", "Eflops", "PFlops", "EFlops", "PF", "EF",
        ]
        .iter()
        .any(|u| {
            starts_with(f, n.end, u)
                && !f
                    .get(n.end + u.len())
                    .is_some_and(|c| c.is_ascii_alphanumeric())
        })
    {
        return true;
    }
    if after.is_some_and(|c| {
        matches!(
            c,
            '月' | '日' | '号' | '届' | '级' | '大' | '型' | '星' | '路' | '线' | '期' | '版'
        )
    }) {
        return true;
    }
    if starts_with(f, n.end, "周年") {
        return true;
    }
    if after == Some('年')
        && !n.chinese
        && n.value.fract() == 0.0
        && (1900.0..=2100.0).contains(&n.value)
    {
        return true;
    }
    // Chinese numerals run together (十四五, 一二三产业) or ordinal (第…) are names.
    if n.chinese {
        if before.is_some_and(|c| is_cn_digit(c) || c == '第' || c == '之' || c == '前') && !ahead()
        {
            return true;
        }
        if after.is_some_and(is_cn_digit) {
            return true;
        }
    }
    false
}

#[cfg(test)]
#[path = "scan_tests.rs"]
mod tests;

#[cfg(test)]
mod kept_tests {
    /// Into one vector kept across the sentences of a whole report, `quantities_into` gives
    /// each sentence what `quantities` gives it (nothing of the sentence before shows), and
    /// `sentences_into`, kept across its paragraphs, what `sentences` gives.
    #[test]
    fn kept_vectors_as_new_ones() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/jiangmen-2023.txt"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let l = crate::layout::layout(&text);
        let (mut spans, mut kept) = (Vec::new(), Vec::new());
        let mut n = 0;
        for p in &l.paragraphs {
            crate::sentence::sentences_into(&l.folded, p.start, p.end, &mut spans);
            assert_eq!(spans, crate::sentence::sentences(&l.folded, p.start, p.end));
            for &(s, e) in &spans {
                super::quantities_into(&l.folded, s, e, &mut kept);
                assert_eq!(kept, super::quantities(&l.folded, s, e), "{s}..{e}");
                n += kept.len();
            }
        }
        assert!(n > 150, "{n} quantities");
    }
}
