//! Cleaning a segment into a subject: leading words, enumerators, spans, runs, years and
//! examples dropped.

use super::*;
use crate::chars::find_short;
use std::borrow::Cow;

/// Words indexed by one of their chars: `(char, words)` sorted by char, found by binary search
/// (cheaper than hashing for the few lookups of each subject).
struct ByChar(Vec<(char, Vec<&'static str>)>);

impl ByChar {
    /// `words` indexed by the char `key` gives, each list in the order of `words`.
    fn new(words: impl Iterator<Item = &'static str>, key: fn(&str) -> Option<char>) -> Self {
        let mut index: Vec<(char, Vec<&'static str>)> = Vec::new();
        for w in words {
            let Some(c) = key(w) else { continue };
            match index.binary_search_by_key(&c, |e| e.0) {
                Ok(i) => index[i].1.push(w),
                Err(i) => index.insert(i, (c, vec![w])),
            }
        }
        ByChar(index)
    }

    /// The words indexed by `c`.
    fn get(&self, c: char) -> &[&'static str] {
        match self.0.binary_search_by_key(&c, |e| e.0) {
            Ok(i) => &self.0[i].1,
            Err(_) => &[],
        }
    }
}

/// The leading and trailing words of [`lead`] and [`trail`], indexed by their first and last
/// char: a subject is matched against the few words that can fit it, not against all of them.
struct Edges {
    /// Lead words by first char, in the lexicon's order (the first that fits is stripped).
    lead: ByChar,
    /// Trail words by last char, the longest first (拟安排 before 排).
    trail: ByChar,
    /// The longest lead or trail word, in bytes: a longer text is none of them.
    longest: usize,
}

fn edges() -> &'static Edges {
    static EDGES: std::sync::OnceLock<Edges> = std::sync::OnceLock::new();
    EDGES.get_or_init(|| {
        let mut trail = ByChar::new(trail_set().0.iter().copied(), |w| w.chars().next_back());
        for (_, list) in &mut trail.0 {
            // Two words of one length cannot both end a subject: their order does not matter.
            list.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        let longest = lead()
            .iter()
            .chain(trail_set().0.iter())
            .map(|w| w.len())
            .max()
            .unwrap_or(0);
        Edges {
            lead: ByChar::new(lead().iter().copied(), |w| w.chars().next()),
            trail,
            longest,
        }
    })
}

/// One leading or trailing word stripped from `s`: the first lead word (in the lexicon's
/// order) that leaves something, else the longest trail word.
fn strip_once_str(s: &str) -> Option<&str> {
    let e = edges();
    let first = s.chars().next()?;
    for w in e.lead.get(first) {
        if let Some(r) = s.strip_prefix(w) {
            if !r.is_empty() {
                return Some(r);
            }
        }
    }
    let last = s.chars().next_back()?;
    e.trail.get(last).iter().find_map(|w| s.strip_suffix(w))
}

/// A subject from the words before a quantity: connectors, governing verbs, change verbs and
/// qualifiers removed.
///
/// Every step after the years and runs only cuts words from the ends of the text: they move
/// the bounds of a slice of it, and the subject is copied once, at the end.
pub fn clean(seg: &str) -> String {
    let whole = drop_runs(drop_years(drop_enumerator(seg.trim())));
    let mut t = drop_rate_base(&whole);
    while let Some(next) = strip_once_str(t) {
        t = next;
    }
    // 比上年年初预算增加…: a comparison, not a subject.
    if t.starts_with('比') || t.starts_with('较') {
        return String::new();
    }
    // 十年增加… / 五年累计… / 近3年: the span opening the words is no part of the subject.
    let t = drop_leading_span(t);
    let t = drop_rank_verb(t);
    let t = take_quoted_label(t);
    let (put, t) = take_what_is_reviewed(t);
    if put.is_empty() {
        let t = drop_duration_and_comparison(t);
        if names_nothing(t) {
            return String::new();
        }
        return t.to_string();
    }
    let mut s = String::with_capacity(put.len() + t.len());
    s.push_str(put);
    s.push_str(t);
    let n = drop_duration_and_comparison(&s).len();
    s.truncate(n);
    if names_nothing(&s) {
        return String::new();
    }
    s
}

/// Drops the base of a rate and the 从 of a change from the end.
fn drop_rate_base(s: &str) -> &str {
    // Each word ends with 月, 年, 额, 从 or 由: without one of them last, none is stripped
    // (most subjects), so the `strip_suffix` are not tried.
    if !matches!(
        s.chars().next_back(),
        Some('月' | '年' | '额' | '从' | '由')
    ) {
        return s;
    }
    // 城乡低保标准从每人每月800元 / 增值税起征点从月销售额10万元: the base of a rate and the 从
    // of a change are no part of it.
    let mut s = s;
    for _ in 0..2 {
        for w in ["每人每月", "每人每年", "每月", "月销售额", "从", "由"] {
            if let Some(h) = s.strip_suffix(w).filter(|h| h.chars().count() >= 2) {
                s = h;
            }
        }
    }
    s
}

/// Drops the verb of a rank and its league from the end.
fn drop_rank_verb(s: &str) -> &str {
    // 铼、碲回收冶炼能力位列国内 / 天水经开区跻身全国: the verb of a rank and its league.
    // The scopes and the verbs are tried only when their last char ends the text (most
    // subjects end with neither).
    let mut t = s;
    let scope_last = |c| {
        matches!(
            c,
            '国' | '内' | '省' | '球' | '界' | '市' | '区' | '州' | '盟' | '县' | '旗'
        )
    };
    let scopes = if t.chars().next_back().is_some_and(scope_last) {
        scopes()
    } else {
        &[]
    };
    for scope in scopes {
        if let Some(h) = t.strip_suffix(scope) {
            t = h;
            break;
        }
    }
    if !matches!(
        t.chars().next_back(),
        Some('身' | '列' | '居' | '入' | '名')
    ) {
        return s;
    }
    for verb in rank_verbs() {
        if let Some(h) = t.strip_suffix(verb).filter(|h| h.chars().count() >= 2) {
            return h;
        }
    }
    s
}

/// The leagues of a rank (位列国内), tried in this order.
fn scopes() -> crate::lexicon::Words {
    crate::lexicon::get().subject.rank_scopes
}

/// The verbs of a rank (跻身全国), tried in this order.
fn rank_verbs() -> crate::lexicon::Words {
    crate::lexicon::get().subject.rank_verbs
}

/// A list named by a quoted label becomes the label.
fn take_quoted_label(s: &str) -> &str {
    // 电动汽车、锂电池、光伏产品“新三样”出口: a list named by a quoted label is the label.
    // No “, no label: one memchr first (most subjects have neither char).
    if find_short(s, "“").is_none() {
        return s;
    }
    if let Some(last) = s.rfind('、') {
        if let Some(q) = s[last..].find('“').map(|q| last + q) {
            let head = &s[last + '、'.len_utf8()..q];
            // (Not 起数、死亡人数较“十三五”同期: a period compared with.)
            let compared = head.ends_with(['较', '比']);
            if !head.is_empty()
                && !head.ends_with('等')
                && !compared
                && find_short(&s[q..], "”").is_some()
            {
                return &s[q..];
            }
        }
    }
    s
}

/// Keeps what is put to the vote after 审议, and that the government put it (提请): the
/// subject is the first part (`""` or 提请) and then the second, a slice of `s`.
fn take_what_is_reviewed(s: &str) -> (&'static str, &str) {
    // 提请省人大常委会审议地方性法规草案: what the government put to the vote, without the
    // body that votes (提请审议地方性法规草案).
    if let Some(p) = find_short(s, "审议") {
        let rest = &s[p + "审议".len()..];
        if rest.chars().count() >= 2 {
            // The words before 审议 become 提请, or go.
            if find_short(&s[..p], "提请").is_some() {
                return ("提请", &s[p..]);
            }
            return ("", rest);
        }
    }
    ("", s)
}

/// Drops how long (连年, 多年来) and a comparison (同比, 比“十三五”时期) from the end.
fn drop_duration_and_comparison(s: &str) -> &str {
    // The words of the first three steps end with 年, 来 or 比: without one of them last,
    // none of the steps changes the text (most subjects).
    let s = if matches!(s.chars().next_back(), Some('年' | '来' | '比')) {
        drop_duration(s)
    } else {
        s
    };
    drop_comparison(s)
}

/// Drops how long (连年, 多年来, 3年) and 同比 / 与上年 from the end.
fn drop_duration(s: &str) -> &str {
    let mut s = s;
    // 粮食产量连年 / 多年来: how long, not what.
    for w in ["连续多年", "连年", "多年来", "多年"] {
        if let Some(h) = s.strip_suffix(w).filter(|h| h.chars().count() >= 2) {
            s = h;
        }
    }
    // 高新技术企业数3年 (翻一番): the years a change took are its span, not its subject.
    if let Some(head) = s.strip_suffix('年') {
        if crate::span::years_ending(head).is_some() {
            let n = head
                .chars()
                .rev()
                .take_while(|c| crate::chars::is_count_digit(*c))
                .map(char::len_utf8)
                .sum::<usize>();
            if head.chars().count() >= 2 + head[head.len() - n..].chars().count() {
                s = &head[..head.len() - n];
            }
        }
    }
    for w in ["与上年", "与去年", "同比"] {
        if let Some(h) = s.strip_suffix(w).filter(|h| h.chars().count() >= 2) {
            s = h;
        }
    }
    s
}

/// Drops a comparison (比“十三五”时期) and a dated start (由“八五”期末) from the end.
fn drop_comparison(s: &str) -> &str {
    let mut s = s;
    // 累计使用外资比“十三五”时期: the comparison after the subject is no part of it.
    // The later of the two, in a tail of at most ten chars: only those are read back (a
    // later one within them is the last of the text; none there, the last is too far).
    let last = s
        .char_indices()
        .rev()
        .take(10)
        .find(|&(_, c)| matches!(c, '比' | '较'));
    if let Some((p, _)) = last {
        let tail = &s[p..];
        if p > 0
            && ["年", "时期", "同期", "全国", "全省", "平均", "末"]
                .iter()
                .any(|w| find_short(tail, w).is_some())
        {
            s = &s[..p];
        }
    }
    // 国内生产总值由“八五”期末: the start of a 由…增加到 pair, dated by a plan's end (the
    // tail ends with 末, and so does the text: looked at first, before the search back).
    if !s.ends_with('末') {
        return s;
    }
    if let Some(p) = crate::chars::rfind_either(s, '由', '从') {
        let tail = &s[p..];
        if p > 0 && tail.chars().count() <= 10 && find_short(tail, "五").is_some() {
            return &s[..p];
        }
    }
    s
}

/// Whether what is left names nothing: a lone change verb, connector or verb, or one char.
fn names_nothing(s: &str) -> bool {
    // A lone connector or verb left over names nothing.
    let e = edges();
    // In the index of its first char if it is a lead word, of its last if a trail word.
    let is_in = |index: &ByChar, c: Option<char>| c.is_some_and(|c| index.get(c).contains(&s));
    // Each change word is two or three chars of three bytes: another length is none of them.
    // A text longer than every lead and trail word is none of them: not looked up.
    let short = s.len() <= e.longest;
    (matches!(s.len(), 6 | 9) && change_only().contains(&s))
        || short && is_in(&e.lead, s.chars().next())
        || short && is_in(&e.trail, s.chars().next_back())
        || s.chars().count() < 2
}

/// A lone change verb (增加4374.4亿元, 增加到3382户) names nothing: the subject is the one
/// before.
fn change_only() -> crate::lexicon::Words {
    crate::lexicon::get().subject.change_only
}

/// A list item's opening number (1. / 1、 / （1） / (一) / 一是): it labels, it is not what
/// is measured.
pub(super) fn drop_enumerator(s: &str) -> &str {
    let t = s.trim_start();
    let digits = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || crate::chars::is_cn_digit(*c)))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    if digits > 0 {
        let rest = &t[digits..];
        for sep in ['.', '、', '．', '是'] {
            if let Some(r) = rest.strip_prefix(sep) {
                return r;
            }
        }
        return s;
    }
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(r) = t.strip_prefix(open) {
            if let Some(p) = r.find(close) {
                let inner = &r[..p];
                if !inner.is_empty()
                    && inner
                        .chars()
                        .all(|c| c.is_ascii_digit() || crate::chars::is_cn_digit(c))
                {
                    return &r[p + close.len_utf8()..];
                }
            }
        }
    }
    s
}

/// 十年 / 五年 / 近3年 / 过去五年 / 五年来 opening a subject: how long, not what.
/// What is left is always the end of `s`: a slice of it.
pub(super) fn drop_leading_span(s: &str) -> &str {
    // “十五五”时期 / 十四五期间 / “十四五”以来: a plan's years.
    let unquoted = s.trim_start_matches(['“', '"']);
    if let Some(rest) = ["十一五", "十二五", "十三五", "十四五", "十五五"]
        .iter()
        .find_map(|p| unquoted.strip_prefix(p))
    {
        let rest = rest.trim_start_matches(['”', '"']);
        if let Some(r) = ["时期", "期间", "以来"]
            .iter()
            .find_map(|w| rest.strip_prefix(w))
        {
            if r.chars().count() >= 2 {
                return r;
            }
        }
    }
    let opens = s
        .chars()
        .next()
        .is_some_and(|c| crate::chars::is_count_digit(c) || matches!(c, '过' | '近' | '经'));
    if !opens {
        return s;
    }
    let mut t = s;
    for p in ["过去", "近", "经过"] {
        if let Some(r) = t.strip_prefix(p) {
            t = r;
        }
    }
    let digits = t
        .char_indices()
        .find(|(_, c)| !crate::chars::is_count_digit(*c))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    if digits == 0 {
        return s;
    }
    let Some(mut rest) = t[digits..].strip_prefix('年') else {
        return s;
    };
    for w in ["来", "间", "里"] {
        if let Some(r) = rest.strip_prefix(w) {
            rest = r;
        }
    }
    rest
}

/// Removes a run of years from a subject (粮食产量连续5年稳定在…, 连续三年): how long, not what.
pub(super) fn drop_runs(seg: Cow<'_, str>) -> Cow<'_, str> {
    let Some(at) = find_short(&seg, "连续") else {
        return seg;
    };
    let rest = &seg[at + "连续".len()..];
    let digits = rest
        .char_indices()
        .find(|(_, c)| !crate::chars::is_count_digit(*c))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    let unit = ["年", "个季度", "个月", "届"]
        .iter()
        .find_map(|u| rest[digits..].strip_prefix(u));
    match unit {
        Some(after) if digits > 0 => Cow::Owned(format!("{}{}", &seg[..at], after)),
        _ => seg,
    }
}

/// Removes dates of comparison and time from a subject: 比2010年, 较上年, 由2010年的, 2015年.
///
/// A year is four ASCII digits right before 年 (a longer run of digits loses its last four): each
/// 年 is found with memchr and the text between the years copied whole. With no year, nothing
/// is copied: the text itself is given back.
pub(super) fn drop_years(seg: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let b = seg.as_bytes();
    let mut copied = 0; // seg[..copied] is written (or dropped)
    let mut from = 0; // where to look for the next 年
    while let Some(p) = find_short(&seg[from..], "年").map(|p| from + p) {
        from = p + '年'.len_utf8();
        if p < copied + 4 || !b[p - 4..p].iter().all(u8::is_ascii_digit) {
            continue;
        }
        let out = out.get_or_insert_with(|| String::with_capacity(seg.len()));
        out.push_str(&seg[copied..p - 4]);
        // Drop a preceding 比 / 较 / 由 / 与 / 同 and a following 的 / 末 / 底.
        if out.ends_with(['比', '较', '由', '与', '同', '从', '到', '至']) {
            out.pop();
        }
        let mut i = from;
        while let Some(c) = seg[i..]
            .chars()
            .next()
            .filter(|c| matches!(c, '的' | '末' | '底' | '相' | '比' | '前'))
        {
            i += c.len_utf8();
        }
        copied = i;
        from = i;
    }
    match out {
        None => Cow::Borrowed(seg),
        Some(mut out) => {
            out.push_str(&seg[copied..]);
            Cow::Owned(out)
        }
    }
}

/// Works named after their verb without the examples listed before 等 (开通了海拉尔至乌兰巴托、
/// 赤塔、韩国等国际及地区航线 → 开通国际及地区航线): what they are examples of is what is
/// counted; the verb stays.
pub(super) fn without_examples(subject: String) -> String {
    let verbs_words = crate::lexicon::get().subject.example_verbs;
    let Some(deng) = subject.rfind('等') else {
        return subject;
    };
    let (head, tail) = (&subject[..deng], &subject[deng + '等'.len_utf8()..]);
    if find_short(head, "、").is_none()
        || tail.chars().count() < 2
        || tail.starts_with(['级', '于', '同', '“', '"'])
    {
        return subject;
    }
    // The verbs opening the words (新建、改造…), kept.
    let mut verbs = String::new();
    let mut rest = head;
    loop {
        let r = rest.trim_start_matches(['、', '和']);
        match verbs_words.iter().find(|v| r.starts_with(*v)) {
            Some(v) => {
                verbs.push_str(&rest[..rest.len() - r.len()]);
                verbs.push_str(v);
                rest = r[v.len()..].trim_start_matches('了');
            }
            None => break,
        }
    }
    // Only works named after their verb (开通了…等…航线, 新建、改造…等…道路): elsewhere the
    // examples are how the report words the thing (汽车、家电等消费).
    if verbs.is_empty() {
        return subject;
    }
    format!("{}{tail}", verbs.trim_start_matches(['、', '和']))
}

/// A subject without a conjunction left dangling at its end (新建提升城市公园和 → …城市公园,
/// 口袋公园等 → 口袋公园), where the next item was cut off by its own number.
pub fn tidy_end(subject: String) -> String {
    let subject = without_examples(subject);
    let mut s = subject.as_str();
    // 道路的 / 燃气管网铺设及 / 粮食总产再: a particle, a joiner or an adverb left at the end
    // (not 普及, 目的).
    for w in ["以及", "和", "等", "、", "的", "及", "再"] {
        if let Some(h) = s
            .strip_suffix(w)
            .filter(|h| h.chars().count() >= 2)
            .filter(|h| !h.ends_with(['普', '涉', '波', '危', '顾', '目', '企', '触', '惠', '遍']))
        {
            s = h;
            break;
        }
    }
    if s.len() == subject.len() {
        subject
    } else {
        s.to_string()
    }
}

#[cfg(test)]
#[path = "clean_tests.rs"]
mod tests;
