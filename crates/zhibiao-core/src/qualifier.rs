//! Stage 6a, qualifiers: the words around a quantity that bound it (以上 / 左右 / 近 / 不超过),
//! make it a fall (下降 / 压减), a change (增长 / 提高) or a stretch goal (力争 / 争取).

use crate::Bound;

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

fn starts_with(f: &[char], i: usize, hi: usize, w: &str) -> Option<usize> {
    let l = w.chars().count();
    (i + l <= hi && f[i..i + l].iter().copied().eq(w.chars())).then_some(i + l)
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
    if j <= lo || !ends_a_bound_word(f[j - 1]) {
        return None;
    }
    for (w, b) in BEFORE {
        if let Some(s) = ends_with(f, lo, j, w) {
            // 最近 / 附近 are not "nearly"; 超 in 超大 is not a bound (numbers follow 超 directly).
            if *w == "近" && s > lo && matches!(f[s - 1], '最' | '附' | '临' | '就' | '将') {
                continue;
            }
            // 跨过3个万亿元大关 / 连跨两个千亿台阶: the steps are counted, not bounded.
            if CROSSING.contains(w) && counts_steps(f, i) {
                continue;
            }
            return Some((*b, s));
        }
    }
    if j > lo && f[j - 1] == '上' && f.get(i).is_some_and(|c| "百千万亿".contains(*c)) {
        return Some((Bound::AtLeast, j - 1));
    }
    None
}

/// Words of crossing a milestone (迈上3万亿元 is at least 3万亿元).
const CROSSING: &[&str] = &[
    "迈上", "站上", "跨上", "跨过", "迈过", "连跨", "跨越", "跃上",
];

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
    AFTER
        .iter()
        .find_map(|(w, b)| starts_with(f, i, hi, w).map(|e| (*b, e)))
}

/// Verbs of a fall: the number after them is negative.
fn fall() -> &'static [&'static str] {
    crate::lexicon::get().qualifier.fall
}

/// Verbs of a change against the previous period (the number is a growth rate).
fn change() -> &'static [&'static str] {
    crate::lexicon::get().qualifier.change
}

/// Skips back over spaces, 了 and bound words from `i`, not reaching before `lo`.
pub fn back_over_qualifiers(f: &[char], lo: usize, i: usize) -> usize {
    let mut j = i;
    loop {
        while j > lo && matches!(f[j - 1], ' ' | '了' | '达' | '为') {
            j -= 1;
        }
        for w in ["完成", "实现", "保持", "达到"] {
            if let Some(s) = ends_with(f, lo, j, w) {
                j = s;
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
    fall().iter().any(|w| ends_with(f, lo, j, w).is_some()) || improves_level(f, lo, j)
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
    change()
        .iter()
        .chain(fall())
        .any(|w| ends_with(f, lo, j, w).is_some())
        || improves_level(f, lo, j)
        || ["年均", "平均"]
            .iter()
            .any(|w| ends_with(f, lo, j, w).is_some() && has_change_before(f, lo, j))
}

fn has_change_before(f: &[char], lo: usize, j: usize) -> bool {
    let s: String = crate::chars::string(&f[lo..j]);
    change().iter().any(|w| s.contains(w))
}

/// Words that make a target a stretch goal.
pub(crate) fn stretch() -> &'static [&'static str] {
    crate::lexicon::get().qualifier.stretch
}

/// Whether a stretch word stands in `f[lo..i]`.
pub fn stretched(f: &[char], lo: usize, i: usize) -> bool {
    let s: String = crate::chars::string(&f[lo..i]);
    stretch().iter().any(|w| s.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bound_word_ends_in_the_fast_check() {
        for (w, _) in BEFORE {
            assert!(ends_a_bound_word(w.chars().last().unwrap()), "{w}");
        }
    }

    fn c(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn bounds() {
        let f = c("退税减税降费近148亿元");
        assert_eq!(bound_before(&f, 0, 7), Some((Bound::Nearly, 6)));
        let f = c("城镇新增就业4万人以上");
        assert_eq!(bound_after(&f, 9, f.len()), Some((Bound::AtLeast, 11)));
        let f = c("推动亚太森博等企业产值上百亿");
        assert_eq!(bound_before(&f, 0, 12), Some((Bound::AtLeast, 11)));
        let f = c("最近3年");
        assert_eq!(bound_before(&f, 0, 2), None);
    }

    #[test]
    fn falls_and_changes() {
        let f = c("工程建设全流程审批时间压减50%以上");
        assert!(falls(&f, 0, 13));
        let f = c("固定资产投资下降0.8%");
        assert!(falls(&f, 0, 8) && changes(&f, 0, 8));
        let f = c("新能源汽车消费增长超2倍");
        assert!(changes(&f, 0, 10) && !falls(&f, 0, 10));
        let f = c("占固定资产投资比重44.2%");
        assert!(!changes(&f, 0, 9));
    }
}
