//! The subject after a quantity (`after`): the things it counts, with the state they reached
//! or what they achieved.

use crate::chars::{find_short, is_cjk};

/// The words after a quantity that say what it counts (382家省级专精特新中小企业 /
/// 总投资200亿元的中创新航动力电池项目): the phrase, and whether it was joined by 的. Things
/// `counted` keep the state they reached (11处煤矿建成试运转, see `with_status`).
pub fn after(f: &[char], i: usize, hi: usize, counted: bool) -> (String, bool) {
    after_with(f, i, hi, counted, counted)
}

/// The words after a counted quantity with the state they reached but not what they achieved
/// (48个学科入选“双一流”建设名单 → 学科入选“双一流”建设名单, not 入选…的学科): where a state
/// shared with the things before is read.
pub fn state_after(f: &[char], i: usize, hi: usize) -> String {
    after_with(f, i, hi, true, false).0
}

/// [`after`], what the things achieved read only when `achieved`.
fn after_with(f: &[char], i: usize, hi: usize, counted: bool, achieved: bool) -> (String, bool) {
    let (mut out, de, seen) = phrase_after(f, i, hi);
    if out.is_empty() {
        return (out, de);
    }
    // 在对美贸易下降超3成的情况下 / 的背景下 / 的基础上: the circumstances of another claim,
    // not the things the number measures.
    if de
        && super::circumstance_nouns()
            .iter()
            .any(|w| out.starts_with(w))
    {
        return (String::new(), false);
    }
    // 13个县被命名为国家生态文明建设示范区 / 9个县（区）获评“两山”实践创新基地: what they
    // were named is what is counted.
    for &(named, bits) in &after_words().named {
        if bits & !seen != 0 {
            continue;
        }
        if let Some(p) = find_short(&out, named) {
            let rest = &out[p + named.len()..];
            if rest.chars().count() >= 2 {
                return (rest.to_string(), de);
            }
        }
    }
    if let Some(done) = counted.then(|| with_status(&out)).flatten() {
        return (done, de);
    }
    if let Some(done) = achieved.then(|| with_predicate(&out)).flatten() {
        return (done, de);
    }
    for &(cut, bits) in &after_words().cuts {
        if bits & !seen != 0 {
            continue;
        }
        if let Some(p) = find_short(&out, cut) {
            out.truncate(p);
        }
    }
    // In place: the words are cut, not copied.
    let kept = out.trim_end_matches(['超', '达', '近', '约', '为']).len();
    out.truncate(kept);
    (out, de)
}

/// 增加 / 增长 …: a verb of change right after a quantity (从1832户增加到3382户), as chars (no
/// word decoded at each quantity).
const CHANGE_VERBS: [[char; 2]; 11] = [
    ['增', '加'],
    ['增', '长'],
    ['提', '高'],
    ['提', '升'],
    ['下', '降'],
    ['减', '少'],
    ['上', '升'],
    ['达', '到'],
    ['增', '至'],
    ['降', '至'],
    ['缩', '小'],
];

/// 整合 / 合并 / 拓展 …: before 为, 至 or 到, a change to the end level (由51家整合为33家,
/// 从39个拓展到91个), as chars.
const MERGE_VERBS: [[char; 2]; 10] = [
    ['整', '合'],
    ['合', '并'],
    ['压', '减'],
    ['精', '简'],
    ['缩', '减'],
    ['减', '少'],
    ['优', '化'],
    ['调', '整'],
    ['拓', '展'],
    ['扩', '展'],
];

/// The words after a quantity up to the end of its list item (at most 24 chars), whether a
/// 的 joined them, and the bits of their chars (`char_bit`); empty when a conjunction or a verb
/// of change follows the quantity.
fn phrase_after(f: &[char], i: usize, hi: usize) -> (String, bool, u128) {
    let mut i = i;
    let de = f.get(i) == Some(&'的') && i < hi;
    if de {
        i += 1;
    }
    // At most 24 chars are read, of at most 4 bytes: one allocation, never grown.
    let mut out = String::with_capacity(24 * 4);
    let mut n = 0;
    // The bits of the chars of `out`: a word with a char whose bit is not set is not in it.
    let mut seen = 0u128;
    if f.get(i)
        .is_some_and(|c| matches!(c, '和' | '及' | '与' | '或'))
    {
        return (out, de, seen);
    }
    // 从1832户增加到3382户 / 保持两位数增长: a verb follows, not what is counted.
    let next = &f[i..hi.min(i + 2)];
    if CHANGE_VERBS.iter().any(|w| w[..] == *next) {
        return (out, de, seen);
    }
    // 由51家整合为33家 / 由66户整合至12户 / 从39个拓展到91个: a change to the end level
    // follows.
    let next3 = &f[i..hi.min(i + 3)];
    if next3.len() == 3
        && matches!(next3[2], '为' | '至' | '到')
        && MERGE_VERBS.iter().any(|w| w[..] == next3[..2])
    {
        return (out, de, seen);
    }
    while i < hi && n < 24 {
        let c = f[i];
        if matches!(
            c,
            '，' | '。' | '；' | '：' | '、' | '！' | '？' | '（' | '）'
        ) {
            break;
        }
        if n == 0 && !(is_cjk(c) || c == '“' || c.is_ascii_alphanumeric()) {
            break;
        }
        out.push(c);
        seen |= char_bit(c);
        n += 1;
        i += 1;
    }
    (out, de, seen)
}

/// Bit `c % 128` of a char (`seen` in `after`; the owner words of `topic.rs` use it too).
pub(super) fn char_bit(c: char) -> u128 {
    1 << (c as u32 % 128)
}

/// The words `after` looks for, in their order, each with the bits of its chars.
struct AfterWords {
    named: Vec<(&'static str, u128)>,
    cuts: Vec<(&'static str, u128)>,
}

fn after_words() -> &'static AfterWords {
    static WORDS: std::sync::OnceLock<AfterWords> = std::sync::OnceLock::new();
    let with_bits = |words: &[&'static str]| -> Vec<(&'static str, u128)> {
        words
            .iter()
            .map(|w| (*w, w.chars().fold(0, |m, c| m | char_bit(c))))
            .collect()
    };
    WORDS.get_or_init(|| AfterWords {
        // 13个县被命名为国家生态文明建设示范区 / 9个县（区）获评“两山”实践创新基地.
        named: with_bits(crate::lexicon::get().subject.named),
        cuts: with_bits(crate::lexicon::get().subject.cuts_after),
    })
}

/// Verbs of what counted things achieved or entered (see [`with_predicate`]).
fn predicates() -> crate::lexicon::Words {
    crate::lexicon::get().subject.predicates
}
/// Adverbs that may stand between the things and what they achieved (首次全部达到).
fn predicate_adverbs() -> crate::lexicon::Words {
    crate::lexicon::get().subject.predicate_adverbs
}

/// Things counted with what they achieved, when it follows them (353项技术和产品实现国产化替代,
/// 10部文艺作品荣获文华奖, 6项指标首次全部达到国家二级标准): what is counted is the things
/// that achieved it (实现国产化替代的技术和产品). The things are named in two chars or more,
/// and what they achieved in two or more after the verb.
pub fn with_predicate(phrase: &str) -> Option<String> {
    let (at, verb) = phrase.char_indices().skip(2).find_map(|(p, _)| {
        predicates()
            .iter()
            .find(|v| phrase[p..].starts_with(*v))
            .map(|v| (p, *v))
    })?;
    let goal = &phrase[at + verb.len()..];
    if goal.chars().count() < 2 {
        return None;
    }
    let mut things = &phrase[..at];
    while let Some(t) = predicate_adverbs()
        .iter()
        .find_map(|a| things.strip_suffix(a).filter(|t| t.chars().count() >= 2))
    {
        things = t;
    }
    if things.chars().count() < 2 {
        return None;
    }
    Some(format!("{verb}{goal}的{things}"))
}

/// States a counted thing may end its phrase in (see [`with_status`]), longest first where one
/// holds another.
fn states() -> crate::lexicon::Words {
    crate::lexicon::get().subject.states
}
/// Adverbs that may stand before such a state (全部, 相继).
fn adverbs() -> crate::lexicon::Words {
    crate::lexicon::get().subject.state_adverbs
}

/// Things counted with the state they reached, when that state ends the phrase (11处煤矿建成
/// 试运转, 4条高铁加快建设, 196个项目全部开工 → 项目开工): what was counted is the things in
/// that state. An adverb before the state goes (全部, 相继); a phrase that goes on past the
/// state (3个先行启动区建设“万亩千亿”大平台) is not one.
fn with_status(phrase: &str) -> Option<String> {
    // The tail that is a state, with or without an adverb, is at most this long (bytes): the
    // positions before it are not tried.
    const LONGEST: usize = "建成试运转".len() + "全部".len();
    // The first char is never the start of the state.
    let first = phrase.chars().next().map_or(0, char::len_utf8);
    let mut from = phrase.len().saturating_sub(LONGEST).max(first);
    while !phrase.is_char_boundary(from) {
        from += 1;
    }
    for (p, _) in phrase[from..].char_indices().map(|(p, c)| (from + p, c)) {
        let mut rest = &phrase[p..];
        if let Some(r) = adverbs().iter().find_map(|a| rest.strip_prefix(a)) {
            rest = r;
        }
        if states().contains(&rest) {
            return Some(format!("{}{rest}", &phrase[..p]));
        }
    }
    None
}

#[cfg(test)]
#[path = "after_tests.rs"]
mod tests;
