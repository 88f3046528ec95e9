//! Periods and spans: inside a passage that reviews or plans several years (过去五年, "十四五"
//! 时期, "十五五", 到2030年), what the number itself is decides whether it belongs to the whole
//! span or to its last year (facts.md, *Periods and spans*):
//!
//! | the number is … | reading |
//! |---|---|
//! | a state reached at the end (达到, 提高到, 突破 + a level; a rate; a length) | [`Role::End`]: `since` null |
//! | an amount added or done over the span (累计, 新增, 建成, 实施 …) | [`Role::Over`]: `since` the first year |
//! | a change over the span, a yearly average | [`Role::Over`] |
//! | a value held throughout, a milestone crossed in an unstated year (稳定在, 稳居, 接连突破) | [`Role::Over`] |
//!
//! The functions here read only the words around one number; the fact stage applies them.

use crate::chars::{FirstChars, LastChars};
use crate::Measure;

/// Whether a number in a multi-year passage covers the span or only its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A state at the end of the span (period = last year, since = null).
    End,
    /// An amount, change, average or held value over the span (since = first year).
    Over,
}

/// Verbs that bring a level or rate to a state (达到3050万亩, 提高到84%, 突破4500家).
fn reach() -> &'static [&'static str] {
    crate::lexicon::get().span.reach
}

/// Words of a value held throughout the span or a milestone crossed in an unstated year.
fn held() -> &'static [&'static str] {
    crate::lexicon::get().span.held
}

/// Verbs of an amount done or added over the span (五年累计…, 新建…, 实施…).
fn amount() -> &'static [&'static str] {
    crate::lexicon::get().span.amount
}

/// Nouns of a stock or size measured at a point in time (总里程, 全长, 装机容量).
fn stock() -> &'static [&'static str] {
    crate::lexicon::get().span.stock
}

/// Whether `own` ends with a word of [`reach`] that `keep` accepts: only the words ending with
/// its last char are tried (an index by last char, built once; `any` over all 48 words cost
/// a `memcmp` each).
fn ends_with_reach(own: &str, keep: impl Fn(&str) -> bool) -> bool {
    static BY_LAST: std::sync::OnceLock<LastChars> = std::sync::OnceLock::new();
    ends_with_any(BY_LAST.get_or_init(|| LastChars::new(reach())), own, keep)
}

/// Whether `own` ends with a word of [`stock`] (as [`ends_with_reach`]).
fn ends_with_stock(own: &str) -> bool {
    static BY_LAST: std::sync::OnceLock<LastChars> = std::sync::OnceLock::new();
    let index = BY_LAST.get_or_init(|| LastChars::new(stock()));
    ends_with_any(index, own, |_| true)
}

/// Whether `own` ends with a word of `index` that `keep` accepts (the lexicon's words are never
/// empty, so an empty `own` ends with none).
fn ends_with_any(index: &LastChars, own: &str, keep: impl Fn(&str) -> bool) -> bool {
    let Some(last) = own.chars().next_back() else {
        return false;
    };
    index.ending(last).any(|w| keep(w) && own.ends_with(w))
}

fn has(words: &str, w: &str) -> bool {
    crate::chars::find_short(words, w).is_some()
}

/// Whether a word of [`held`] occurs in `words` (one pass, words indexed by first char).
fn has_held(words: &str) -> bool {
    static HELD: std::sync::OnceLock<FirstChars> = std::sync::OnceLock::new();
    HELD.get_or_init(|| FirstChars::new(held()))
        .occurs_in(words)
}

/// Whether a word of [`reach`] of two chars or more occurs in `words`.
fn has_strong_reach(words: &str) -> bool {
    static STRONG: std::sync::OnceLock<FirstChars> = std::sync::OnceLock::new();
    STRONG
        .get_or_init(|| FirstChars::new(reach().iter().filter(|w| w.chars().count() >= 2)))
        .occurs_in(words)
}

/// Whether the words hold a verb of an amount done (新建, 实施, 累计 …) — not one inside a
/// name (国家生态文明建设示范区, 全域建设标准).
fn does_amount(words: &str) -> bool {
    // The words indexed by their first character, to look up by the character at hand.
    static BY_FIRST: std::sync::OnceLock<FirstChars> = std::sync::OnceLock::new();
    let by_first = BY_FIRST.get_or_init(|| FirstChars::new(amount()));
    words.char_indices().any(|(i, c)| {
        let here = &words[i..];
        by_first.starting(c).iter().any(|(_, w)| {
            here.starts_with(w)
                && !crate::lexicon::get()
                    .span
                    .in_names
                    .iter()
                    .any(|n| here[w.len()..].starts_with(n))
        })
    })
}

/// The role of a number in a multi-year passage.
///
/// `seg` is the clause's words before the number (qualifiers such as 超 / 近 included), `after`
/// the words after it up to the end of its clause, `prev` the role of the number before it in
/// the same sentence when this one continues its list (、其中…), `unit` its unit.
pub fn role(
    measure: Measure,
    unit: &str,
    seg: &str,
    clause: &str,
    after: &str,
    next: &str,
    prev: Option<Role>,
) -> Role {
    let held = has_held(seg);
    match measure {
        // 高于全国平均水平18.3个百分点: a gap against a reference, at the end.
        Measure::Pp if crate::lexicon::get().span.gaps.iter().any(|w| has(seg, w)) => Role::End,
        Measure::Growth | Measure::Pp => Role::Over,
        // 城乡居民收入比值由3.27缩小至2.93: the ratio reached; 为“十三五”时期的2.2倍: over it.
        Measure::Ratio => ratio_role(seg),
        // 居全国第1位: where it stands at the end; 稳居 / 连续…居 / 位列…: held or won.
        Measure::Rank => rank_role(seg, held),
        Measure::Share => {
            // 五年生产原煤65亿吨，占全国近三成: the share of an amount over the span; so are
            // the part of the spending put to a use (财政支出八成以上投向民生领域, 74%以上用于
            // 民生) and the rate of the proposals handled (建议办结率、提案办复率均为100%).
            let of_amount = crate::lexicon::get()
                .span
                .put_to
                .iter()
                .any(|w| has(seg, w) || has(after, w))
                || crate::lexicon::get()
                    .span
                    .handled_rates
                    .iter()
                    .any(|w| has(seg, w));
            // 水质优良率保持100%: held throughout (not 水土保持率).
            let held = held || seg.trim_end().ends_with("保持");
            if held || of_amount || (seg.trim_start().starts_with('占') && prev == Some(Role::Over))
            {
                Role::Over
            } else {
                Role::End
            }
        }
        Measure::Level => level_role(unit, [seg, clause, after, next], prev, held),
    }
}

/// Whether a level is the last year's because the clause after it (`next`) sets it against a
/// base year (地方财政总收入完成326.8亿元，是2007年的2.3倍) or gives its yearly average growth
/// over the span (社会消费品零售总额完成960亿元，年均增长17.6%); not an amount summed over the
/// span or a change (`seg`, its clause's words before it: 五年累计完成…), nor a count (`unit`).
fn grown_to(unit: &str, seg: &str, next: &str) -> bool {
    // Not steps counted (连跨两个万亿元台阶) nor a change itself (比2010年增加13480元).
    let own = seg.trim_end_matches(['超', '近', '约', '逾', '了', '达']);
    if crate::quantity::is_counter(unit)
        || crate::lexicon::get()
            .span
            .totals
            .iter()
            .any(|w| has(seg, w))
        || crate::lexicon::get()
            .span
            .change_ends
            .iter()
            .any(|w| own.ends_with(w))
    {
        return false;
    }
    let t = next.trim_start_matches(['，', '、', ',']);
    if crate::lexicon::get()
        .span
        .average_growth
        .iter()
        .any(|w| t.starts_with(w))
    {
        return true;
    }
    let Some(rest) = crate::lexicon::get()
        .span
        .compared
        .iter()
        .find_map(|w| t.strip_prefix(w))
    else {
        return false;
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    digits == 4 && rest[digits..].starts_with('年')
}

/// Whether the words after a milestone, before the clause ends, count the steps it is one of
/// (…和三千亿元两个台阶, …、9万亿三个大台阶).
fn steps_named_after(after: &str) -> bool {
    let clause = after.split(['，', '；', '。']).next().unwrap_or(after);
    let clause = first_chars(clause, 20);
    crate::lexicon::get()
        .span
        .steps_counted
        .iter()
        .filter_map(|w| crate::chars::find_short(clause, w))
        .any(|p| {
            clause[..p]
                .chars()
                .next_back()
                .is_some_and(|c| "两二三四五六七八九十23456789".contains(c))
        })
}

/// The role of a ratio: reached (由3.27缩小至2.93) or over the span (为“十三五”时期的2.2倍).
fn ratio_role(seg: &str) -> Role {
    let own = seg.rsplit(['、', '，', '；']).next().unwrap_or(seg);
    // 是“十二五”末的2.3倍: against a point in time, a ratio of the value's year (not 是“十一五”
    // 时期的3.2倍, a sum against the plan before).
    let at_a_point = own
        .trim_end()
        .strip_suffix('的')
        .is_some_and(|r| r.ends_with(['末', '底']));
    if at_a_point || ends_with_reach(own, |w| w.chars().count() >= 2) {
        Role::End
    } else {
        Role::Over
    }
}

/// The role of a rank: where it stands at the end (居全国第1位, 位列国内前三, 全国第一), else
/// held or won in one of the years.
fn rank_role(seg: &str, held: bool) -> Role {
    let own = seg.rsplit(['、', '，', '；']).next().unwrap_or(seg);
    let reached = ends_with_reach(own, |w| w.ends_with(['到', '至']));
    // 位列国内前三 / 跻身全国50强: where it stands at the end; a place in an evaluation
    // (位列…运行评估第一名) was won in one of the years.
    let placed = crate::lexicon::get()
        .span
        .placed
        .iter()
        .any(|w| has(own, w))
        && !crate::lexicon::get()
            .span
            .evaluations
            .iter()
            .any(|w| has(own, w) && !own.contains('居'));
    // 综合算力指数全国第一: a place named with no verb is where it stands.
    let bare = crate::lexicon::get()
        .span
        .places_bare
        .iter()
        .any(|w| own.ends_with(w))
        && !crate::lexicon::get()
            .span
            .not_placed
            .iter()
            .any(|w| has(own, w));
    if !held && (placed || reached || bare) {
        Role::End
    } else {
        Role::Over
    }
}

/// The role of a level: an absolute change or works done over the span, or a stock, a state or
/// a level reached at the end.
fn level_role(unit: &str, words: [&str; 4], prev: Option<Role>, held: bool) -> Role {
    let [seg, clause, after, next] = words;
    // 跨越3个千亿元台阶: steps crossed in the span's years.
    if held
        || (unit == "个"
            && crate::lexicon::get()
                .span
                .steps
                .iter()
                .any(|w| has(first_chars(after, 8), w)))
    {
        return Role::Over;
    }
    // 跨越两千亿元和三千亿元两个台阶 / 连续跨越7万亿、8万亿、9万亿三个大台阶: each milestone
    // of the list was crossed in one of the span's years.
    if unit != "个" && steps_named_after(after) {
        return Role::Over;
    }
    // 完成326.8亿元，是2007年的2.3倍 / 960亿元，年均增长17.6%: the last year's level.
    if grown_to(unit, seg, next) {
        return Role::End;
    }
    let own = seg.rsplit(['、', '，', '；']).next().unwrap_or(seg);
    // 较2020年提高1.16岁 / 增加4374.4亿元: an absolute change over the span.
    if crate::lexicon::get().span.absolute_changes.iter().any({
        let bare = own.trim_end_matches(['超', '近', '约', '逾', '了']);
        move |w| bare.ends_with(w)
    }) {
        return Role::Over;
    }
    // 断流30年后稳定复流 / 人均预期寿命达到80岁: a duration or an age is a state.
    if matches!(unit, "年" | "岁") {
        return Role::End;
    }
    // 累计达到46个 / 从1832户增加到3382户: reached a level, whatever was done on the way;
    // 超过 / 突破 alone may bound an amount done (高校毕业生留省就业超过66万人).
    if ends_with_reach(own, |w| w.ends_with(['到', '至']) || w == "达到") {
        return Role::End;
    }
    // 年接待游客超过8亿人次 / 年产值: a yearly rate, as it stands at the end.
    let own_trim = own.trim_start_matches(['，', '、', ' ']);
    if own_trim.starts_with('年')
        && !own_trim.starts_with("年均")
        && !own_trim.starts_with("年度")
        && own_trim.chars().nth(1).is_some_and(crate::chars::is_cjk)
    {
        return Role::End;
    }
    if does_amount(own) {
        return Role::Over;
    }
    let reach = ends_with_reach(own, |_| true) || has_strong_reach(own);
    if reach || ends_with_stock(own) {
        return Role::End;
    }
    // 16条主要支流入黄口全部达到优良水质: the count, then what it reached.
    if own.chars().count() <= 1 && (has(after, "达到") || has(after, "达标")) {
        return Role::End;
    }
    // 4个国家级区域医疗中心建设进展顺利 / 3个省级区域医疗中心加快建设: works under way, as
    // they stand at the end.
    if crate::lexicon::get()
        .span
        .under_way
        .iter()
        .any(|w| has(after, w))
    {
        return Role::End;
    }
    // 山阳、勉县等6个抽水蓄能项目核准建设: the works done, named after the number.
    if does_amount(after) {
        return Role::Over;
    }
    // A bare item of a list goes on as the one before it (新增铁路…639公里、其中高铁370公里).
    if let Some(p) = prev {
        if own.chars().count() <= 12 {
            return p;
        }
    }
    // 生产总值6.66万亿元，财政总收入7019亿元…: a name and its number closing the clause,
    // no verb of doing anywhere in it: a stock at the end.
    if prev != Some(Role::Over)
        && after.trim().is_empty()
        && !own.is_empty()
        && !does_amount(clause)
    {
        return Role::End;
    }
    Role::Over
}

/// The first `n` chars of `s` (all of it when shorter).
fn first_chars(s: &str, n: usize) -> &str {
    &s[..s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)]
}

/// A run counted back from the period: 连续5年 / 连续11个季度 / 连续30个月 gives the first year
/// it covers, the period being its last year.
pub fn run_since(text: &str, period: i32) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i + 2 < chars.len() {
        if chars[i] == '连' && chars[i + 1] == '续' {
            let mut j = i + 2;
            let start = j;
            while j < chars.len()
                && (chars[j].is_ascii_digit() || "一二两三四五六七八九十".contains(chars[j]))
            {
                j += 1;
            }
            if j > start {
                let num: String = crate::chars::string(&chars[start..j]);
                let n = count_value(&num)?;
                let rest: String = chars[j..].iter().take(3).collect();
                if n >= 1 {
                    if rest.starts_with('年') {
                        return Some(period - n + 1);
                    }
                    if rest.starts_with("个季度") {
                        let last = period * 4 + 3;
                        return Some((last - n + 1).div_euclid(4));
                    }
                    if rest.starts_with("个月") {
                        let last = period * 12 + 11;
                        return Some((last - n + 1).div_euclid(12));
                    }
                }
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    None
}

/// 自2019年以来 / 2022年以来: the year a span starts from, named in the sentence.
pub fn since_named(text: &str) -> Option<i32> {
    let idx = crate::chars::find_short(text, "年以来")?;
    let head = &text[..idx];
    let digits: String = head
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if digits.chars().count() != 4 {
        return None;
    }
    let y: i32 = digits.chars().rev().collect::<String>().parse().ok()?;
    (1949..=2100).contains(&y).then_some(y)
}

/// 高新技术企业数3年 / 十年 (before 翻一番, 增长2倍): the number of years words end on, 2 to 10,
/// written as a count (not the end of a year such as 2025).
pub fn years_ending(head: &str) -> Option<i32> {
    let digits: String = {
        let mut v: Vec<char> = head
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit() || "一二两三四五六七八九十".contains(*c))
            .collect();
        v.reverse();
        v.into_iter().collect()
    };
    if digits.is_empty() || digits.chars().count() > 2 {
        return None;
    }
    count_value(&digits).filter(|n| (2..=10).contains(n))
}

/// 较“十三五”末的 / 比十三五末: the last year of the five-year plan named right before a number.
pub fn plan_end_before(text: &str) -> Option<i32> {
    let t = text.trim_end();
    let t = t.strip_suffix('的').unwrap_or(t);
    let t = t.strip_suffix('末')?;
    // 由“八五”期末的833亿元.
    let t = t.strip_suffix('期').unwrap_or(t);
    let t = t.trim_end_matches(['”', '"', '’', '」']);
    crate::document::plan_span(t)
        .filter(|_| {
            crate::lexicon::get()
                .span
                .plans
                .iter()
                .any(|p| t.ends_with(p))
        })
        .map(|(_, b)| b)
}

/// The value of a short count (5, 11, 三, 十九, 两).
fn count_value(s: &str) -> Option<i32> {
    if let Ok(n) = s.parse::<i32>() {
        return Some(n);
    }
    let digit = |c: char| "零一二三四五六七八九".find(c).map(|p| (p / 3) as i32);
    let chars: Vec<char> = s
        .chars()
        .map(|c| if c == '两' { '二' } else { c })
        .collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => digit(*c),
        ['十', b] => Some(10 + digit(*b)?),
        [a, '十'] => Some(digit(*a)? * 10),
        [a, '十', b] => Some(digit(*a)? * 10 + digit(*b)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
