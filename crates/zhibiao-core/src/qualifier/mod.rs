//! Stage 6a, qualifiers: the words around a quantity that bound it (以上 / 左右 / 近 / 不超过),
//! make it a fall (下降 / 压减), a change (增长 / 提高) or a stretch goal (力争 / 争取), and the
//! bound, measure and sign they give it.

use crate::chars::{FirstChars, LastChars};
use crate::quantity::{Quantity, Sort};
use crate::{Bound, Measure};

fn ends_with(f: &[char], lo: usize, i: usize, w: &str) -> Option<usize> {
    let mut j = i;
    for c in w.chars().rev() {
        if j <= lo || f[j - 1] != c {
            return None;
        }
        j -= 1;
    }
    Some(j)
}

/// Where `w` ends when it starts at `i` and ends by `hi`: its chars compared as they are read
/// (no count of them first).
fn starts_with(f: &[char], i: usize, hi: usize, w: &str) -> Option<usize> {
    let mut k = i;
    for c in w.chars() {
        if k >= hi || f.get(k) != Some(&c) {
            return None;
        }
        k += 1;
    }
    Some(k)
}

/// Bound words before a number, longest first, with the bound they give.
const BEFORE: &[(&str, Bound)] = &[
    ("不少于", Bound::AtLeast),
    ("至少", Bound::AtLeast),
    ("不低于", Bound::AtLeast),
    ("不超过", Bound::AtMost),
    ("不高于", Bound::AtMost),
    ("控制在", Bound::AtMost),
    ("超过", Bound::AtLeast),
    ("突破", Bound::AtLeast),
    ("迈上", Bound::AtLeast),
    ("站上", Bound::AtLeast),
    ("跨上", Bound::AtLeast),
    ("跨过", Bound::AtLeast),
    ("迈过", Bound::AtLeast),
    ("连跨", Bound::AtLeast),
    ("跨越", Bound::AtLeast),
    ("跃上", Bound::AtLeast),
    ("多于", Bound::AtLeast),
    ("高于", Bound::AtLeast),
    ("大于", Bound::AtLeast),
    ("低于", Bound::AtMost),
    ("少于", Bound::AtMost),
    ("小于", Bound::AtMost),
    ("大约", Bound::About),
    ("接近", Bound::Nearly),
    ("将近", Bound::Nearly),
    ("不到", Bound::Nearly),
    ("不足", Bound::Nearly),
    ("逾", Bound::AtLeast),
    ("超", Bound::AtLeast),
    ("约", Bound::About),
    ("近", Bound::Nearly),
];

/// The last char of each word of [`BEFORE`], in its order (every word is of three-byte chars:
/// the last three bytes are its last char).
const BEFORE_LAST: [char; BEFORE.len()] = {
    let mut t = ['\0'; BEFORE.len()];
    let mut k = 0;
    while k < BEFORE.len() {
        let b = BEFORE[k].0.as_bytes();
        let n = b.len();
        assert!(n >= 3 && n.is_multiple_of(3) && b[n - 3] & 0xf0 == 0xe0);
        let u =
            (b[n - 3] as u32 & 0x0f) << 12 | (b[n - 2] as u32 & 0x3f) << 6 | b[n - 1] as u32 & 0x3f;
        t[k] = match char::from_u32(u) {
            Some(c) => c,
            None => panic!("not a char"),
        };
        k += 1;
    }
    t
};

/// Bound words after a quantity.
const AFTER: &[(&str, Bound)] = &[
    ("及以上", Bound::AtLeast),
    ("及以下", Bound::AtMost),
    ("以上", Bound::AtLeast),
    ("之上", Bound::AtLeast),
    ("以下", Bound::AtMost),
    ("以内", Bound::AtMost),
    ("之内", Bound::AtMost),
    ("左右", Bound::About),
    ("上下", Bound::About),
];

/// A bound word ending at `i` (the numeral's start), not reaching before `lo`: the bound and
/// where the word starts. 上百亿 (上 before a Chinese magnitude) is at least.
pub fn bound_before(f: &[char], lo: usize, i: usize) -> Option<(Bound, usize)> {
    let mut j = i;
    while j > lo && f[j - 1] == ' ' {
        j -= 1;
    }
    // 突破了500亿元 / 超过了10万人: the verb's bound with a 了 after it.
    if j > lo + 1 && f[j - 1] == '了' && ends_a_bound_word(f[j - 2]) {
        j -= 1;
    }
    if j <= lo || !ends_a_bound_word(f[j - 1]) {
        return None;
    }
    let last = f[j - 1];
    for (k, (w, b)) in BEFORE.iter().enumerate() {
        // Only the words ending with the char before `j` are compared.
        if BEFORE_LAST[k] != last {
            continue;
        }
        if let Some(s) = ends_with(f, lo, j, w) {
            // 最近 / 附近 are not "nearly"; 超 in 超大 is not a bound (numbers follow 超 directly).
            if *w == "近" && s > lo && matches!(f[s - 1], '最' | '附' | '临' | '就' | '将') {
                continue;
            }
            // 跨过3个万亿元大关 / 连跨两个千亿台阶: the steps are counted, not bounded.
            if crossing().contains(w) && counts_steps(f, i) {
                continue;
            }
            return Some((*b, s));
        }
    }
    if j > lo && f[j - 1] == '上' && f.get(i).is_some_and(|c| "百千万亿".contains(*c)) {
        return Some((Bound::AtLeast, j - 1));
    }
    // 进出口总额连续两年过万亿元 / 营收过100亿元: 过 alone is at least (not 经过, 度过, 超过…).
    if j > lo
        && f[j - 1] == '过'
        && !(j - 1 > lo && "经通度越错超跨迈走穿胜闯熬挺渡难不".contains(f[j - 2]))
    {
        return Some((Bound::AtLeast, j - 1));
    }
    None
}

/// Words of crossing a milestone (迈上3万亿元 is at least 3万亿元).
fn crossing() -> crate::lexicon::Words {
    crate::lexicon::get().qualifier.crossing
}

/// Whether the numeral at `i` counts steps (3个, 两个): a count, not a bounded level.
fn counts_steps(f: &[char], i: usize) -> bool {
    let mut k = i;
    while k < f.len() && (f[k].is_ascii_digit() || "一二两三四五六七八九十".contains(f[k]))
    {
        k += 1;
    }
    k > i && f.get(k) == Some(&'个')
}

/// The last chars of the words of [`BEFORE`] and 上 (上百亿): no bound word ends at any other.
fn ends_a_bound_word(c: char) -> bool {
    matches!(
        c,
        '于' | '少'
            | '过'
            | '在'
            | '破'
            | '上'
            | '约'
            | '近'
            | '到'
            | '足'
            | '逾'
            | '超'
            | '跨'
            | '越'
    )
}

/// A bound word starting at `i` (just past the unit): the bound and where the word ends.
pub fn bound_after(f: &[char], i: usize, hi: usize) -> Option<(Bound, usize)> {
    if i >= hi || !f.get(i).copied().is_some_and(starts_an_after_word) {
        return None;
    }
    AFTER
        .iter()
        .find_map(|(w, b)| starts_with(f, i, hi, w).map(|e| (*b, e)))
}

/// The first chars of the words of [`AFTER`]: no bound word after a quantity starts with any
/// other.
fn starts_an_after_word(c: char) -> bool {
    matches!(c, '及' | '以' | '之' | '左' | '上')
}

/// Verbs of a fall: the number after them is negative.
fn fall() -> &'static [&'static str] {
    crate::lexicon::get().qualifier.fall
}

/// What may follow a lone 减 and make a word of its own (减少, 减排), not a cut.
fn not_cuts() -> &'static [&'static str] {
    crate::lexicon::get().qualifier.not_cuts
}

/// Verbs of a change against the previous period (the number is a growth rate).
fn change() -> &'static [&'static str] {
    crate::lexicon::get().qualifier.change
}

/// The verbs [`back_over_qualifiers`] skips, in the order it tries them, with their last char.
const VERBS_OF_REACHING: [(&str, char); 6] = [
    ("完成", '成'),
    ("实现", '现'),
    ("保持在", '在'),
    ("稳定在", '在'),
    ("保持", '持'),
    ("达到", '到'),
];

/// Skips back over spaces, 了 and bound words from `i`, not reaching before `lo`.
pub fn back_over_qualifiers(f: &[char], lo: usize, i: usize) -> usize {
    let mut j = i;
    loop {
        while j > lo && matches!(f[j - 1], ' ' | '了' | '达' | '为') {
            j -= 1;
        }
        for (w, last) in VERBS_OF_REACHING {
            // A word is compared only where its last char stands before `j`.
            if j > lo && f[j - 1] == last {
                if let Some(s) = ends_with(f, lo, j, w) {
                    j = s;
                }
            }
        }
        match bound_before(f, lo, j) {
            Some((_, s)) if s < j => j = s,
            _ => return j,
        }
    }
}

/// Whether a fall verb stands just before the number (past its bound words).
pub fn falls(f: &[char], lo: usize, num_start: usize) -> bool {
    falls_before(f, lo, back_over_qualifiers(f, lo, num_start))
}

/// Whether a change verb stands just before the number (past its bound words).
pub fn changes(f: &[char], lo: usize, num_start: usize) -> bool {
    changes_before(f, lo, back_over_qualifiers(f, lo, num_start))
}

/// [`falls`] given the start of the qualifiers, `j = back_over_qualifiers(f, lo, num_start)`
/// (the fact stage has it already).
pub fn falls_before(f: &[char], lo: usize, j: usize) -> bool {
    static FALL: std::sync::OnceLock<LastChars> = std::sync::OnceLock::new();
    let fall = FALL.get_or_init(|| LastChars::new(fall()));
    ends_with_any(f, lo, j, fall) || improves_level(f, lo, j)
}

/// 至少降低30% / 最少减少一半: a bound word before the verb of a fall that ends at `j`
/// (`back_over_qualifiers` of the number), bounding the fall.
pub fn bound_before_fall(f: &[char], lo: usize, j: usize) -> Option<Bound> {
    static FALL: std::sync::OnceLock<LastChars> = std::sync::OnceLock::new();
    let fall = FALL.get_or_init(|| LastChars::new(fall()));
    let verb = fall
        .ending(*f.get(j.checked_sub(1)?)?)
        .filter_map(|w| ends_with(f, lo, j, w))
        .min()?;
    crate::lexicon::get()
        .qualifier
        .at_least
        .iter()
        .any(|w| ends_with(f, lo, verb, w).is_some())
        .then_some(Bound::AtLeast)
}

/// Whether a word of `words` ends at `j` (not before `lo`): only the words ending with the
/// char before `j` are tried.
fn ends_with_any(f: &[char], lo: usize, j: usize, words: &LastChars) -> bool {
    j > lo
        && words
            .ending(f[j - 1])
            .any(|w| ends_with(f, lo, j, w).is_some())
}

/// PM2.5浓度改善10.8%: a concentration improves by falling.
fn improves_level(f: &[char], lo: usize, j: usize) -> bool {
    ends_with(f, lo, j, "改善").is_some_and(|s| {
        let before: String = crate::chars::string(&f[lo..s]);
        before.contains("浓度")
    })
}

/// [`changes`] given the start of the qualifiers, as [`falls_before`].
pub fn changes_before(f: &[char], lo: usize, j: usize) -> bool {
    static CHANGE_OR_FALL: std::sync::OnceLock<LastChars> = std::sync::OnceLock::new();
    let words = CHANGE_OR_FALL.get_or_init(|| LastChars::new(change().iter().chain(fall())));
    ends_with_any(f, lo, j, words)
        || improves_level(f, lo, j)
        || crate::lexicon::get().qualifier.averages.iter().any(|w| {
            ends_with(f, lo, j, w).is_some_and(|s| !names_a_rate(&f[lo..s]))
                && has_change_before(f, lo, j)
        })
}

/// 对世界经济增长的贡献率年均超过30%: a rate or a share named right before 年均 is averaged,
/// not changed (the 增长 inside its name is no change); 增长率 / 增速 are changes.
fn names_a_rate(before: &[char]) -> bool {
    let ends = |w: &str| {
        let k = w.chars().count();
        before.len() >= k && before[before.len() - k..].iter().copied().eq(w.chars())
    };
    (ends("率") || ends("比重") || ends("占比")) && !ends("增长率")
}

fn has_change_before(f: &[char], lo: usize, j: usize) -> bool {
    static CHANGE: std::sync::OnceLock<FirstChars> = std::sync::OnceLock::new();
    CHANGE
        .get_or_init(|| FirstChars::new(change()))
        .occurs_in_chars(&f[lo..j])
}

/// Whether the word `w` starts at `i`.
pub fn starts_with_word(f: &[char], i: usize, w: &str) -> bool {
    w.chars().enumerate().all(|(k, c)| f.get(i + k) == Some(&c))
}

/// The bound of a quantity given the bound words before and after it: a range; else the word
/// after, else the one before; else 20多项 (at least) or N强 (at most); else exact.
pub fn bound(q: &Quantity, before: Option<Bound>, after: Option<Bound>) -> Bound {
    if q.upper.is_some() {
        Bound::Range
    } else if let Some(b) = after.or(before) {
        b
    } else if q.top {
        Bound::AtMost
    } else if q.more {
        Bound::AtLeast
    } else {
        Bound::Exact
    }
}

/// A bound turned by a fall (下降不超过3% is a value of at least -3%).
pub fn flip(b: Bound) -> Bound {
    match b {
        Bound::AtLeast => Bound::AtMost,
        Bound::AtMost => Bound::AtLeast,
        b => b,
    }
}

/// A fall's value: negated, the ends of a range swapped.
pub fn signed(value: f64, upper: Option<f64>, fall: bool) -> (f64, Option<f64>) {
    match (fall, upper) {
        (false, _) => (value, upper),
        (true, Some(u)) => (-u, Some(-value)),
        (true, None) => (-value, None),
    }
}

/// The verbs in a quantity's segment.
pub struct Verbs {
    /// A change verb (增长, 提高, or a fall verb) stands just before the number.
    pub change: bool,
    /// A fall verb (下降, 压减) stands just before the number.
    pub fall: bool,
    /// A change verb opens the segment before a short object (平均压减时间58%), read for a
    /// percent or points only: `Some(true)` for a fall.
    pub leading: Option<bool>,
}

/// The verbs of the segment `f[lo..j]` before the quantity `q` (`j` where its qualifiers start,
/// as [`back_over_qualifiers`] gives it; `pre` the segment's words, cleaned).
pub fn verbs(f: &[char], lo: usize, j: usize, pre: &str, q: &Quantity) -> Verbs {
    let percentish = matches!(q.sort, Sort::Percent | Sort::Points);
    // 旅游人次和花费增长均超20%: the verb stands before 均 (each), not 人均 / 年均 / 平均.
    let j = if j > lo + 1 && f[j - 1] == '均' && !"人年平户日月亩".contains(f[j - 2]) {
        j - 1
    } else if j > lo + 1 && f[j - 1] == '别' && f[j - 2] == '分' {
        // 同比增长分别为6.4%、7.9%: the verb stands before 分别 (为 is skipped already).
        j - 2
    } else {
        j
    };
    Verbs {
        change: changes_before(f, lo, j),
        fall: falls_before(f, lo, j),
        leading: if percentish {
            leading_change(pre)
        } else {
            None
        },
    }
}

/// Whether the quantity's own words make it a fall: a fall verb before it (not before a
/// proportion), a place lost (下降3位), or a cut opening its segment (压减时间58%).
pub fn own_fall(f: &[char], q: &Quantity, lo: usize, v: &Verbs) -> bool {
    (q.sort != Sort::Proportion && v.fall)
        || (q.sort == Sort::RankChange && rank_falls(f, lo, q.start))
        || v.leading == Some(true)
}

fn rank_falls(f: &[char], lo: usize, i: usize) -> bool {
    let s: String = crate::chars::string(&f[lo..i]);
    crate::lexicon::get()
        .qualifier
        .rank_falls
        .iter()
        .any(|w| s.ends_with(w))
}

/// 压减时间58%: a change verb opening the segment, before a short object. `Some(true)` for a
/// fall.
/// Also after 平均 within the segment (重点事项办理平均减时间83%), and a lone 减 before a
/// two-char object (减时间83%、减材料54%: the genre's 减环节, 减材料, 减时限, 减跑动).
fn leading_change(pre: &str) -> Option<bool> {
    let t = match pre.rfind("平均") {
        Some(i) => &pre[i + "平均".len()..],
        None => pre,
    };
    if let Some(rest) = t.strip_prefix('减') {
        if (1..=2).contains(&rest.chars().count())
            && !not_cuts().iter().any(|w| rest.starts_with(w))
        {
            return Some(true);
        }
    }
    let falls = crate::lexicon::get().qualifier.leading_falls;
    let rises = crate::lexicon::get().qualifier.leading_rises;
    for (words, fall) in [(falls, true), (rises, false)] {
        if let Some(w) = words.iter().find(|w| t.starts_with(*w)) {
            let rest = t[w.len()..].chars().count();
            if (1..=4).contains(&rest) {
                return Some(fall);
            }
        }
    }
    None
}

/// The measure the quantity's own words give (`seg` its segment's words, `q_end` its end past a
/// bound word after it); `None` for a percent or multiple that names none, which goes on with
/// the measure of the quantity before or is a share (a multiple: a ratio).
pub fn own_measure(
    f: &[char],
    q: &Quantity,
    q_end: usize,
    seg: &str,
    v: &Verbs,
) -> Option<Measure> {
    Some(match q.sort {
        // 比上年增加1000亿元 / 优良天数增加25天: a change in the unit itself.
        // 比上年增加1000亿元 / 学位增加326万个: an absolute increase is a level (the amount
        // added); so is an amount cut.
        // 在“世界500强”排名由369位上升到235位: places in a ranking.
        Sort::Amount
            if q.unit == "位"
                && crate::lexicon::get()
                    .qualifier
                    .rank_words
                    .iter()
                    .any(|w| seg.contains(w)) =>
        {
            Measure::Rank
        }
        Sort::Amount | Sort::OrdinalCount => Measure::Level,
        Sort::Proportion => Measure::Ratio,
        Sort::Points => Measure::Pp,
        Sort::Rank => Measure::Rank,
        Sort::RankChange => Measure::Growth,
        Sort::Percent | Sort::Times => {
            if starts_with_word(f, q.start, "翻")
                || starts_with_word(f, q.start, "倍增")
                || v.change
                || v.leading.is_some()
                || starts_with_word(f, q.end, "增长")
                || starts_with_word(f, q_end, "增长")
                || crate::lexicon::get()
                    .qualifier
                    .growth_targets
                    .iter()
                    .any(|w| starts_with_word(f, q_end, w))
                || starts_with_word(f, q.start, "成倍")
                || starts_with_word(f, q.start, "持平")
                || growth_target_named(seg)
            {
                Measure::Growth
            } else if is_ratio(seg) {
                Measure::Ratio
            } else {
                return None;
            }
        }
    })
}

/// 经济增长预期目标定为7.5%左右 / 广义货币M2增长目标为13%左右: the target of a growth,
/// named before the number.
fn growth_target_named(seg: &str) -> bool {
    let seg = seg.trim_end().trim_end_matches(['为', '是']);
    crate::lexicon::get()
        .qualifier
        .targets_set
        .iter()
        .find_map(|w| seg.strip_suffix(w))
        .map(|h| h.strip_suffix("预期").unwrap_or(h))
        .is_some_and(|h| h.ends_with("增长") || h.ends_with("增速"))
}

/// 为年度计划的123.5%, 是过去总量的7倍: a ratio to a named reference.
pub fn is_ratio(seg: &str) -> bool {
    let seg = seg.trim_end_matches(['达', '为', ' ']);
    seg.ends_with('的')
        && !seg.contains('占')
        && (seg.contains('为')
            || seg.contains('是')
            || seg.contains("相当于")
            // 接待游客恢复到上年的78% / 恢复至2019年的105%: a level against an earlier one.
            || seg.contains("恢复到")
            || seg.contains("恢复至")
            // 分别完成年计划的118.2% / 完成年度目标的105%: a level against the plan.
            || seg.ends_with("计划的")
            || seg.ends_with("目标的"))
}

/// Words that make a target a stretch goal.
pub(crate) fn stretch() -> &'static [&'static str] {
    crate::lexicon::get().qualifier.stretch
}

/// Whether the clause `f[clause..i]` opens with a stretch word (，力争8%).
pub fn opens_with_stretch(f: &[char], clause: usize, i: usize) -> bool {
    let opening: String = crate::chars::string(&f[clause..i]);
    stretch()
        .iter()
        .any(|w| opening.trim_start().starts_with(w))
}

/// Whether a stretch word stands in `f[lo..i]`.
pub fn stretched(f: &[char], lo: usize, i: usize) -> bool {
    let s: String = crate::chars::string(&f[lo..i]);
    stretch().iter().any(|w| s.contains(w))
}

#[cfg(test)]
mod tests;
