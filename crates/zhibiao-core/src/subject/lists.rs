//! Lists of subjects: `split_list` and the scope and owner the items share.

use super::*;
use crate::chars::FirstChars;
use std::sync::OnceLock;

/// The items of a list before 分别 (工业增加值、制造业增加值占GDP比重), each given the measure
/// that the last one carries (→ 工业增加值占GDP比重, 制造业增加值占GDP比重).
pub fn split_list(before: &str) -> Vec<String> {
    // 一、二、三产业增加值: the three sectors, listed by their numbers (before 一、 is taken
    // for an enumerator).
    let raw = before.trim();
    for head in ["一、二、三产业", "一、二、三次产业"] {
        if let Some(rest) = crate::chars::find_short(raw, head).map(|p| &raw[p + head.len()..]) {
            let rest = clean(rest);
            return ["第一", "第二", "第三"]
                .iter()
                .map(|n| format!("{n}产业{rest}"))
                .collect();
        }
    }
    let before = clean(before);
    let mut items = list_items(&before);
    // 城乡居民人均可支配收入分别增长8.7%和8.6%: urban, then rural.
    if items.len() < 2 {
        if let Some(rest) = before.strip_prefix("城乡") {
            return vec![format!("城镇{rest}"), format!("农村{rest}")];
        }
        // 城镇和农村居民人均可支配收入: the two halves named.
        for (a, b) in PAIRED {
            for and in ["和", "与", "及"] {
                // `{a}{and}{b}` as a prefix, read part by part (no String built for it).
                let rest = before
                    .strip_prefix(a)
                    .and_then(|r| r.strip_prefix(and))
                    .and_then(|r| r.strip_prefix(b));
                if let Some(rest) = rest {
                    return vec![format!("{a}{rest}"), format!("{b}{rest}")];
                }
            }
        }
        // 一二三产增加值 / 一二三产业增加值: the three sectors.
        for head in ["一二三产业", "一二三产"] {
            if let Some(rest) = before.strip_prefix(head) {
                return ["第一", "第二", "第三"]
                    .iter()
                    .map(|n| format!("{n}产业{rest}"))
                    .collect();
            }
        }
        return items;
    }
    if share_rank_noun(&mut items) {
        return items;
    }
    // 城镇、农村常住居民人均可支配收入: the halves share all the last one says after its own.
    if let [first, .., last] = items.as_slice() {
        if let Some((a, b)) = PAIRED
            .iter()
            .find(|(a, b)| first == a && last.starts_with(b))
        {
            let rest = last[b.len()..].to_string();
            if items.len() == 2 && !rest.is_empty() {
                return vec![format!("{a}{rest}"), last.clone()];
            }
        }
    }
    share_around(&mut items);
    share_head(&mut items);
    share_one_char_rest(&mut items);
    share_owner(&mut items);
    share_scope(&mut items);
    items
}

/// 铼、碲回收冶炼能力: a thing named by one char, parallel to the last item's first char, has
/// all the last item says after it (铼回收冶炼能力).
fn share_one_char_rest(items: &mut [String]) {
    let Some(last) = items.last().cloned() else {
        return;
    };
    let Some(first) = last.chars().next() else {
        return;
    };
    let rest = &last[first.len_utf8()..];
    if rest.chars().count() < 2 {
        return;
    }
    let n = items.len();
    for it in &mut items[..n - 1] {
        if it.chars().count() == 1 {
            it.push_str(rest);
        }
    }
}

/// Halves a measure is often given for, named before the words they share (城镇、农村居民…).
const PAIRED: &[(&str, &str)] = &[("城镇", "农村"), ("城市", "农村"), ("城市", "乡村")];

/// The cleaned items of a list, split at 、 and ，, else at 和 / 及 / 与 when every part is long
/// enough to name a thing.
fn list_items(before: &str) -> Vec<String> {
    let parts: Vec<&str> = before.split(['、', '，']).collect();
    let mut items: Vec<String> = parts
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let item = clean(p);
            // 肉、奶产量 / 粮、棉、油: a thing named by one char before the next item.
            match p.trim().chars().last() {
                Some(c)
                    if item.is_empty()
                        && k + 1 < parts.len()
                        && crate::chars::is_cjk(c)
                        && !"和及与等各均都是为在的了".contains(c) =>
                {
                    c.to_string()
                }
                _ => item,
            }
        })
        .filter(|s| !s.is_empty())
        .collect();
    if items.len() < 2 {
        // 满意和基本满意率 is one thing; 二氧化硫排放量与化学需氧量排放量 are two.
        let parts: Vec<String> = before.split(['和', '及', '与']).map(clean).collect();
        if parts.len() >= 2 && parts.iter().all(|p| p.chars().count() >= 3) {
            items = parts;
        }
    }
    items
}

/// 改造老旧供热、燃气、排水管网: short items between a longer first and last one are the middle
/// of one phrase, whose words before the first item's own (改造老旧) and after the last item's
/// (管网) every item shares (改造老旧燃气管网).
fn share_around(items: &mut [String]) {
    let n = items.len();
    if n < 3 {
        return;
    }
    let width = items[1].chars().count();
    let short = |s: &String| s.chars().count() == width;
    if !(2..=3).contains(&width) || !items[1..n - 1].iter().all(short) {
        return;
    }
    let (first, last) = (items[0].clone(), items[n - 1].clone());
    let (fc, lc): (Vec<char>, Vec<char>) = (first.chars().collect(), last.chars().collect());
    if fc.len() <= width || lc.len() <= width {
        return;
    }
    // Only a phrase that opens on a verb of works (改造老旧…管网), or things of one kind
    // (国家一级博物馆、文化馆、图书馆), is read so: not 新一代信息技术、新能源、输变电装备.
    let works_words = crate::lexicon::get().subject.works;
    let works = works_words.iter().any(|w| first.starts_with(w));
    let one_kind = items
        .iter()
        .all(|it| it.chars().last() == fc.last().copied());
    if !works && !one_kind {
        return;
    }
    let before: String = fc[..fc.len() - width].iter().collect();
    let after: String = if works && lc.len() - width <= 2 {
        lc[width..].iter().collect()
    } else {
        String::new()
    };
    for (i, it) in items.iter_mut().enumerate() {
        let mut whole = it.clone();
        if i > 0 && !whole.starts_with(&before) {
            whole = format!("{before}{whole}");
        }
        if i < n - 1 && !whole.ends_with(&after) {
            whole.push_str(&after);
        }
        *it = whole;
    }
}

/// 国家级、部级创新平台: the noun after the last rank is every rank's; true when it is shared.
fn share_rank_noun(items: &mut [String]) -> bool {
    if let Some((last, head)) = items.split_last() {
        if head
            .iter()
            .all(|it| it.ends_with('级') && it.chars().count() <= 4)
        {
            if let Some(at) = last.rfind('级') {
                let noun = &last[at + '级'.len_utf8()..];
                if noun.chars().count() >= 2 {
                    let noun = noun.to_string();
                    for it in items.iter_mut().rev().skip(1) {
                        it.push_str(&noun);
                    }
                    return true;
                }
            }
        }
    }
    false
}

/// Heads of measures the last item of a list shares with the items before it that lack one
/// (see [`share_head`]).
fn shared_heads() -> crate::lexicon::Words {
    crate::lexicon::get().subject.shared_heads
}

/// Amounts of sales, shared only by a short list (限额以上通讯器材、家用电器、新能源汽车零售额;
/// not 进口货值、免签入境游客…、离岛免税销售额, five things of their own).
fn shared_sales() -> crate::lexicon::Words {
    crate::lexicon::get().subject.shared_sales
}

/// Heads of a rate or share of what stands before them. An item that names its own measure
/// (规模以上工业增加值) takes only the rate of the last (固定资产投资增速 → 增速, 投资 being
/// that item's own noun); a bare one (文化及相关产业) takes the whole measure
/// (增加值占地区生产总值比重).
fn shared_rates() -> crate::lexicon::Words {
    crate::lexicon::get().subject.shared_rates
}

/// The head of the last item (增加值, 占…比重, 零售额) shared by the items before it that lack
/// one.
fn share_head(items: &mut [String]) {
    static HEADS: OnceLock<[FirstChars; 3]> = OnceLock::new();
    let [heads, rates, sales] =
        HEADS.get_or_init(|| [shared_heads(), shared_rates(), shared_sales()].map(FirstChars::new));
    let n = items.len();
    let Some((last, before)) = items.split_last_mut() else {
        return;
    };
    let last: &str = last;
    let (whole, rate) = (head_suffix(last, heads), head_suffix(last, rates));
    let whole = whole.or_else(|| (n <= 3).then(|| head_suffix(last, sales)).flatten());
    for it in before {
        let own_measure = shared_heads()
            .iter()
            .any(|h| it.ends_with(h) && !shared_rates().contains(h) && *h != "产业");
        // 生猪出栏量、茶叶出口量: a volume of its own takes only a rate.
        if it.ends_with('量') && rate.is_none() {
            continue;
        }
        // 规上工业增加值、固定资产投资: an item with a measure of its own takes no other
        // (only a rate of it).
        let Some(suffix) = (if own_measure { rate } else { whole }) else {
            continue;
        };
        let rest = head_rest(it, suffix);
        it.push_str(&rest);
    }
}

/// The longest suffix of `last` that starts with the first occurrence of a head (not at the
/// start): the earliest place after the first char where a head occurs whose first occurrence
/// is not at 0 (a head `last` opens with counts nowhere), in one pass over the chars.
fn head_suffix<'a>(last: &'a str, heads: &FirstChars) -> Option<&'a str> {
    last.char_indices().skip(1).find_map(|(p, c)| {
        let tail = &last[p..];
        heads
            .starting(c)
            .iter()
            .any(|(_, h)| tail.starts_with(h) && !last.starts_with(h))
            .then_some(tail)
    })
}

/// What of the shared head `suffix` an item takes: 工业增加值 + 增加值占GDP比重 → 工业增加值
/// 占GDP比重 (the overlap once); 制造业、数字经济核心产业增加值 → 制造业增加值 (a sector named
/// …业 takes no 产业).
fn head_rest(it: &str, suffix: &str) -> String {
    let overlap = suffix
        .char_indices()
        .map(|(i, _)| i)
        .chain([suffix.len()])
        .filter(|&k| k > 0 && it.ends_with(&suffix[..k]))
        .max()
        .unwrap_or(0);
    let mut rest = suffix[overlap..].to_string();
    if it.ends_with('业') {
        if let Some(r) = rest.strip_prefix("产业") {
            rest = r.to_string();
        }
    }
    rest
}

/// 限额以上通讯器材、家用电器…零售额: a scope the first item opens with is every item's.
pub(super) fn share_scope(items: &mut [String]) {
    let scopes = crate::lexicon::get().subject.shared_scopes;
    // 对东盟、欧盟进出口: trade with each partner.
    if items.first().is_some_and(|first| first.starts_with('对'))
        && items.iter().any(|it| it.ends_with("出口"))
    {
        for it in items.iter_mut().skip(1) {
            if !it.starts_with('对') {
                it.insert(0, '对');
            }
        }
        return;
    }
    let Some(scope) = items
        .first()
        .and_then(|first| scopes.iter().find(|s| first.starts_with(**s)))
    else {
        return;
    };
    for it in items.iter_mut().skip(1) {
        // 规模以上工业增加值、固定资产投资增速: industry only takes 规模以上.
        let industry = crate::chars::find_short(it, "制造业").is_some()
            || crate::chars::find_short(it, "工业").is_some();
        if !scopes.iter().any(|s| it.starts_with(s)) && (*scope == "限额以上" || industry) {
            *it = format!("{scope}{it}");
        }
    }
}

/// 生产安全事故起数、死亡人数 / 省属企业工业总产值、利润 / 地方财政收入、支出: the owner named once in the first item
/// (生产安全事故, 省属企业) owns the short measures after it (生产安全事故死亡人数, 省属企业利润),
/// unless they are measures of the same kind as the first's (一般公共预算收入、税收收入).
pub(super) fn share_owner(items: &mut [String]) {
    let heads = crate::lexicon::get().subject.owned_measures;
    let Some(first) = items.first().cloned() else {
        return;
    };
    let head_of = |s: &str| heads.iter().find(|h| s.ends_with(*h)).copied();
    let Some(head) = head_of(&first) else {
        return;
    };
    let owner = &first[..first.len() - head.len()];
    // 营业总收入、利润总额: 总 is part of the measure, no owner stands before it.
    if owner.chars().count() < 2 || is_verb_phrase(owner) || owner.ends_with('总') {
        return;
    }
    for it in items.iter_mut().skip(1) {
        let other = head_of(it);
        if it.chars().count() <= 4
            && other.is_some_and(|o| o != head && !o.ends_with(head) && !head.ends_with(o))
            && !it.starts_with(owner)
        {
            *it = format!("{owner}{it}");
        }
    }
}

#[cfg(test)]
#[path = "lists_tests.rs"]
mod tests;
