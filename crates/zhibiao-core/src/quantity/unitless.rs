//! A numeral with no unit after it: an amount of money written as a bare magnitude, a
//! milestone, a travel time, a head count, years, else a proportion.

use super::*;
use crate::chars::{find_short, is_cjk, LastChars};
use crate::number::Numeral;

/// A numeral with no unit after it, as [`without_unit`] and [`unitless`] read it.
#[derive(Clone, Copy)]
pub(super) struct Candidate<'a> {
    /// The folded text.
    pub(super) f: &'a [char],
    pub(super) n: &'a Numeral,
    /// Where the sentence (or clause) read starts.
    pub(super) start: usize,
    /// Where the words after the numeral start (past spaces and 多 / 余).
    pub(super) i: usize,
    /// Where the quantity must end.
    pub(super) end: usize,
    /// "More than" (300余万, 300多).
    pub(super) more: bool,
}

/// A number with no unit after it: an amount of money written as a bare magnitude (千亿授信额度)
/// or a milestone (迈上5万亿台阶), else what [`unitless`] reads.
pub(super) fn without_unit(c: Candidate) -> Option<Quantity> {
    let Candidate {
        f,
        n,
        start,
        i,
        end,
        more,
    } = c;
    // 千亿授信额度, 增量均超百亿, 上百亿: a bare magnitude word as an amount of money.
    let bare = n.chinese && n.magnitude && n.value >= 1e8;
    let next = f.get(i).copied();
    // Not 连跨两个千亿台阶 (a count of steps of a size).
    let counted = n.start > start && f[n.start - 1] == '个';
    // Only a big magnitude may be a milestone: the words after it are read for one only then.
    let big = n.magnitude && n.value >= 1e8 && !counted;
    // 迈上5万亿台阶 / 连续迈上4万亿、5万亿两个台阶: a milestone of money.
    let rest: String = if big {
        crate::chars::string(f.get(i..end.min(i + 14)).unwrap_or(&[]))
    } else {
        String::new()
    };
    let rest = rest.split(['，', '；']).next().unwrap_or("");
    let steps = crate::lexicon::get().quantity.steps;
    let to_step = steps
        .iter()
        .filter_map(|w| find_short(rest, w))
        .min()
        .map(|k| &rest[..k]);
    let milestone = big
        && to_step.is_some_and(|p| {
            p.chars().all(|c| {
                c.is_ascii_digit() || ".、和个两一二三四五六七八九十百千万亿元新级大".contains(c)
            })
        });
    let ok = milestone
        || bare
            && (i >= end
                || next.is_some_and(|c| "，。；、！？）".contains(c))
                || crate::lexicon::get()
                    .quantity
                    .money_nouns
                    .iter()
                    .any(|w| starts_with(f, i, w)));
    if !ok {
        return unitless(c);
    }
    // The step word goes with the amount (迈上5万亿台阶、五年增量…: not 台阶's).
    let step_end = if milestone && to_step == Some("") {
        i + 2
    } else {
        i
    };
    let mut q = simple(n.start, step_end, n.start, n.value, "元", Sort::Amount);
    q.implied_unit = true;
    q.more = more;
    Some(q)
}

/// A number with no unit and no amount of money: a travel time, a head count, years ahead or a
/// length in years, else a proportion.
fn unitless(c: Candidate) -> Option<Quantity> {
    travel_time(c)
        .or_else(|| head_count(c))
        .or_else(|| years_counted(c))
        .or_else(|| proportion(c.f, c.n, c.start, c.end))
}

/// 30分钟对接广州都市圈: a travel time as a commitment; 待泊时间减少8.9小时 / 压缩至1小时以内:
/// a time cut or held (a verb of `time_changed` right before it).
fn travel_time(c: Candidate) -> Option<Quantity> {
    let Candidate {
        f,
        n,
        i,
        more,
        start,
        ..
    } = c;
    for (u, verbs) in [("分钟", travel()), ("小时", travel())] {
        if starts_with(f, i, u) {
            let j = i + u.chars().count();
            if verbs.iter().any(|v| starts_with(f, j, v))
                || time_changed(&f[start.min(n.start)..n.start])
            {
                let mut q = simple(n.start, j, n.start, n.value, u, Sort::Amount);
                q.more = more;
                return Some(q);
            }
        }
    }
    None
}

/// Whether a verb of `time_changed` ends `head` (the words before a time).
fn time_changed(head: &[char]) -> bool {
    static WORDS: std::sync::OnceLock<LastChars> = std::sync::OnceLock::new();
    WORDS
        .get_or_init(|| LastChars::new(crate::lexicon::get().quantity.time_changed))
        .end(head)
}

/// A head count with no unit: 近8万市民直接受益 (people named after it), 740多万玉林人民 /
/// 各族群众 / 242万偏远农村居民 / 390万65岁以上老年人 (people of a place or a kind named
/// before 人民 or a word of `people_of`), “湘易办”用户突破3500万 /
/// 常住人口达1000万 (the people named just before it).
fn head_count(c: Candidate) -> Option<Quantity> {
    let Candidate {
        f,
        n,
        start,
        i,
        more,
        ..
    } = c;
    // 740多万玉林人民 (a place of up to three chars), 242万偏远农村居民 / 1.6万山洪泥石流灾害
    // 受灾群众 / 80万重点群体 (群众, 居民 and 群体 after words of up to ten chars that say which).
    let of_a_place = || {
        (1..=10).any(|k| {
            // 390万65岁以上老年人: an age threshold may say which.
            f.get(i..i + k).is_some_and(|w| {
                let aged = w.contains(&'岁');
                w.iter().all(|c| {
                    is_cjk(*c) && !"的个名家万亿和与及".contains(*c) || aged && c.is_ascii_digit()
                })
            }) && (k <= 3 && starts_with(f, i + k, "人民")
                || people_of().iter().any(|w| starts_with(f, i + k, w)))
        })
    };
    let named_after = (!n.chinese || n.magnitude)
        && n.value >= 10.0
        && (people().iter().any(|w| starts_with(f, i, w))
            || (n.magnitude && f[n.start].is_ascii_digit() && of_a_place()));
    // 农村贫困人口减少1000万以上: a bound may close the count.
    let closed = crate::lexicon::get()
        .quantity
        .closing_bounds
        .iter()
        .find(|w| starts_with(f, i, w))
        .map_or(i, |_| i + 2);
    let named_before = || {
        n.magnitude
            && !n.chinese
            && f.get(closed).is_none_or(|c| "，。；、！？）".contains(*c))
            && people_before(f, start, n.start)
    };
    if !named_after && !named_before() {
        return None;
    }
    let mut q = simple(n.start, i, n.start, n.value, "人", Sort::Amount);
    q.implied_unit = true;
    q.more = more;
    Some(q)
}

/// Years with no unit of their own: the years since it last happened (太湖水质30年来首次达到
/// 良好), years ahead (提前三年完成), a length of time in years, not a year (平均受教育年限
/// 达到10.5年).
fn years_counted(c: Candidate) -> Option<Quantity> {
    let Candidate {
        f,
        n,
        start,
        i,
        end,
        ..
    } = c;
    // 太湖水质30年来首次达到良好 / 分别为35年来、20年来首次: the years since it last
    // happened, counted.
    if starts_with(f, i, "年来") && n.value >= 2.0 && n.value.fract() == 0.0 {
        let rest = &f[i + 2..end.min(i + 16)];
        let stop = rest
            .iter()
            .position(|c| matches!(c, '，' | '。' | '；'))
            .unwrap_or(rest.len());
        if rest[..stop].windows(2).any(|w| w == ['首', '次']) {
            return Some(simple(n.start, i + 2, n.start, n.value, "年", Sort::Amount));
        }
    }
    // 提前三年完成
    if f.get(i) == Some(&'年') && n.start >= 2 && starts_with(f, n.start - 2, "提前") {
        return Some(simple(n.start, i + 1, n.start, n.value, "年", Sort::Amount));
    }
    // 平均受教育年限达到10.5年: a length of time in years, not a year.
    if f.get(i) == Some(&'年') && !n.chinese {
        let before: String = f[n.start.saturating_sub(10).max(start)..n.start]
            .iter()
            .collect();
        // Not 20.2026年 (an item number, then a year).
        let decimals = f[n.start..n.end]
            .iter()
            .skip_while(|c| **c != '.')
            .skip(1)
            .take_while(|c| c.is_ascii_digit())
            .count();
        // 年限从13.5年提高到14年: the end of a pair of lengths, the 年限 further back.
        let pair_end = n.value < 100.0
            && before.ends_with('到')
            && f[n.start.saturating_sub(24).max(start)..n.start]
                .windows(2)
                .any(|w| w == ['年', '限']);
        if (n.value.fract() != 0.0 && decimals <= 2) || before.contains("年限") || pair_end {
            return Some(simple(n.start, i + 1, n.start, n.value, "年", Sort::Amount));
        }
    }
    None
}

/// Whether the words before a number at `at` name people (用户, 人口), past a verb of reaching
/// (超, 突破, 达到).
fn people_before(f: &[char], start: usize, at: usize) -> bool {
    let people = crate::lexicon::get().quantity.people_before;
    let reach = crate::lexicon::get().quantity.reach_people;
    let before: String = f[at.saturating_sub(10).max(start)..at].iter().collect();
    // The people right before the number (人口1000万) first, then past a verb.
    std::iter::once("").chain(reach.iter().copied()).any(|r| {
        before
            .strip_suffix(r)
            // 农村贫困人口累计减少8000多万.
            .map(|b| b.strip_suffix("累计").unwrap_or(b))
            .is_some_and(|b| people.iter().any(|p| b.ends_with(p)))
    })
}
