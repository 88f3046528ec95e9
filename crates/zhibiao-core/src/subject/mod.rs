//! Stage 6b, subjects: what a quantity measures, from the words before it (地区生产总值增长…)
//! or after it (新增382家省级专精特新中小企业).

mod after;
mod clean;
mod lists;
#[cfg(test)]
mod test_strings;
#[cfg(test)]
mod tests;
mod topic;

pub use after::*;
pub use clean::*;
pub use lists::*;
pub use topic::*;

/// Whether two subjects name the same thing: at least half of the characters of both shared
/// (规模以上工业增加值 and 工业增加值; two empty subjects too). The scorer counts a subject
/// right by it ([`crate::eval::subject_right`]); extraction asks it whether a subject names its
/// owner already.
pub fn alike(a: &str, b: &str) -> bool {
    let a: std::collections::BTreeSet<char> = a.chars().collect();
    let b: std::collections::BTreeSet<char> = b.chars().collect();
    let union = a.union(&b).count();
    union == 0 || 2 * a.intersection(&b).count() >= union
}

/// Words stripped from the front of a subject: connectors, places, times, governing verbs.
fn lead() -> &'static [&'static str] {
    crate::lexicon::get().subject.lead
}

/// Words stripped from the end of a subject: verbs, qualifiers, leagues.
fn trail() -> &'static [&'static str] {
    crate::lexicon::get().subject.trail
}

/// Measures that need the subject before them (产值4345亿元 after 15条重点产业链).
fn generic() -> &'static [&'static str] {
    crate::lexicon::get().subject.generic
}

fn owners() -> &'static [&'static str] {
    crate::lexicon::get().subject.owners
}

/// The circumstances of another claim as they close a 在: 的 and a word of `circumstances` in
/// the lexicon (的情况下, 的基础上), built once.
pub fn circumstance_frames() -> &'static [String] {
    static FRAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    FRAMES.get_or_init(|| {
        crate::lexicon::get()
            .subject
            .circumstances
            .iter()
            .map(|w| format!("的{w}"))
            .collect()
    })
}

/// Nouns that, after a number and 的, make the words there a circumstance (情况, 基础, 条件):
/// the lexicon's `circumstances` less their last char (下, 上), then its `circumstance_nouns`;
/// built once.
fn circumstance_nouns() -> &'static [&'static str] {
    static NOUNS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    NOUNS.get_or_init(|| {
        let subject = &crate::lexicon::get().subject;
        let framed = subject
            .circumstances
            .iter()
            .map(|w| w.char_indices().last().map_or(*w, |(i, _)| &w[..i]));
        framed
            .chain(subject.circumstance_nouns.iter().copied())
            .collect()
    })
}

/// Verbs that, alone before a count, leave the subject to the words after it.
fn verbs() -> crate::lexicon::Words {
    crate::lexicon::get().subject.verbs_alone
}

/// trail() as a set, and the longest word in it (in chars), built once.
fn trail_set() -> &'static (std::collections::HashSet<&'static str>, usize) {
    static SET: std::sync::OnceLock<(std::collections::HashSet<&'static str>, usize)> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| {
        (
            trail().iter().copied().collect(),
            trail().iter().map(|w| w.chars().count()).max().unwrap_or(0),
        )
    })
}

/// Whether the words before a count only govern it (新增, 设立), leaving the subject after it.
pub fn is_verb_phrase(pre: &str) -> bool {
    // A verb alone, or one char and a verb: at most one char longer than the longest verb
    // (four chars), so longer words are none (`verbs.contains` is the `ends_with` of a word no
    // longer than the verb itself).
    let n = pre.chars().count();
    n <= 1
        || n <= 5
            && verbs()
                .iter()
                .any(|v| pre.ends_with(v) && n <= v.chars().count() + 1)
}

/// Whether the words before a count (its governing verb stripped) qualify the things counted
/// after it (优化工商业电价机制12条举措 → 优化工商业电价机制举措), rather than naming a place,
/// a list or a verb alone.
pub fn modifies(pre: &str) -> bool {
    let n = pre.chars().count();
    let doing = crate::lexicon::get().subject.not_modifying;
    // The char tests first: all are pure, so their order changes only the cost.
    (4..=10).contains(&n)
        && !pre.ends_with(['了', '的', '有', '达', '超', '近', '约', '共'])
        && !pre.contains(['、', '，', '和', '等', '在', '对', '为', '将', '向'])
        && !doing
            .iter()
            .any(|w| crate::chars::find_short(pre, w).is_some())
        && !is_verb_phrase(pre)
}

/// Measures, rules or systems issued, named by what they do (出台促进民营经济高质量发展27条
/// 举措 → 促进民营经济高质量发展举措; 构建碳达峰足迹管控、降碳路径、支撑保障3个体系): the words
/// after the verb that issues them, with the short word for the things counted.
pub fn measures_issued(pre: &str, post: &str) -> Option<String> {
    let issue = crate::lexicon::get().subject.issue;
    let n = post.chars().count();
    if !(1..=4).contains(&n) {
        return None;
    }
    let rest = issue.iter().find_map(|v| pre.strip_prefix(v))?;
    ((2..=20).contains(&rest.chars().count())
        && !rest.contains(['，', '的', '等'])
        && !issue.iter().any(|v| rest.starts_with(v))
        && !is_verb_phrase(rest))
    .then(|| format!("{rest}{post}"))
}

/// Whether a subject is a bare measure that belongs to the subject before it (产值, 总投资).
pub fn is_generic(s: &str) -> bool {
    let ends = crate::lexicon::get().subject.generic_ends;
    // The chars counted up to five only, once: enough to tell at most three from at most four.
    let n = s.chars().take(5).count();
    generic().contains(&s)
        || s.starts_with('占')
        || (n <= 3 && ends.iter().any(|e| s.ends_with(e)))
        || (n <= 4 && s.ends_with("人数"))
        // 粮食增产169.8亿斤，增量占全国18.7%: the increase of what was just said.
        || (n <= 3 && s.starts_with("增量"))
}

/// The subject before with a bare measure of this clause (…全链条总产值 + 总产值): a measure the
/// subject already ends with is not said twice (no 总产值总产值), and one of the same kind
/// replaces it (总投资 → 投资额); a share of it (占…比重) or another measure follows it.
pub fn join_generic(prev: &str, own: &str) -> String {
    let kinds = crate::lexicon::get().subject.measure_kinds;
    if prev.ends_with(own) {
        return prev.to_string();
    }
    if !own.starts_with('占') {
        for k in kinds
            .iter()
            .filter(|k| crate::chars::find_short(own, k).is_some())
        {
            for tail in [format!("总{k}"), k.to_string()] {
                if let Some(head) = prev.strip_suffix(tail.as_str()).filter(|h| !h.is_empty()) {
                    return format!("{head}{own}");
                }
            }
        }
    }
    format!("{prev}{own}")
}

/// Whether words are only a comparison with a reference (高于全国平均水平, 快于全省, 超过全国),
/// naming nothing measured.
pub fn is_comparison(words: &str) -> bool {
    let Some(rest) = ["高于", "低于", "超过", "快于", "慢于", "优于", "好于"]
        .iter()
        .find_map(|w| words.strip_prefix(w))
    else {
        return false;
    };
    let rest = [
        "全国", "全省", "全市", "全区", "全州", "全盟", "全县", "全旗",
    ]
    .iter()
    .find_map(|w| rest.strip_prefix(w))
    .unwrap_or(rest);
    ["", "平均水平", "平均", "水平"].contains(&rest)
}
