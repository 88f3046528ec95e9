//! Topics and owners, what a clause is about, and what an investment is for (the subject
//! after a quantity is read in `after.rs`).

use super::*;
use crate::chars::is_cjk;

/// The owner of things counted (地区生产总值跨越千亿元台阶 without 千亿元台阶 → 地区生产总值): the
/// subject without the things and the verb that counted them; the subject itself when nothing
/// is left.
pub fn owner_of_count(subject: &str, counted: &str) -> String {
    let verbs = crate::lexicon::get().subject.count_verbs;
    let Some(mut head) = subject.strip_suffix(counted) else {
        return subject.to_string();
    };
    if let Some(h) = verbs.iter().find_map(|v| head.strip_suffix(v)) {
        head = h;
    }
    if head.chars().count() >= 2 && verbs.iter().all(|v| !head.ends_with(v)) {
        head.to_string()
    } else {
        subject.to_string()
    }
}

/// The noun shared by a list of ranks (国家级、20个省级临床重点专科 → 临床重点专科): the words
/// after the last 级 of the clause, when a 、 comes before it.
pub fn rank_noun(rest: &[char]) -> Option<String> {
    let end = rest
        .iter()
        .position(|c| matches!(c, '，' | '；' | '。' | '：'))
        .unwrap_or(rest.len());
    let clause = &rest[..end];
    let pause = clause.iter().position(|&c| c == '、')?;
    let last = clause
        .iter()
        .rposition(|&c| c == '级')
        .filter(|&p| p > pause)?;
    let cjk = |c: &&char| is_cjk(**c) && !matches!(c, '的' | '和');
    let noun: String = clause[last + 1..].iter().take_while(cjk).collect();
    (2..=10).contains(&noun.chars().count()).then_some(noun)
}

/// The subject of a part (其中高铁) of a whole (新增铁路运营里程): the part with the measure
/// the whole ends with (高铁运营里程), when the part is a short name that has none of its own.
pub fn part_of(whole: &str, part: &str) -> String {
    let measures = crate::lexicon::get().subject.part_measures;
    let n = part.chars().count();
    if n == 0 || n > 4 || is_generic(part) {
        return part.to_string();
    }
    match measures.iter().find(|m| whole.ends_with(*m)) {
        Some(m) if !part.ends_with(m) && whole.chars().count() > m.chars().count() => {
            format!("{part}{m}")
        }
        _ => part.to_string(),
    }
}

/// The topic a clause without numbers sets for the clauses after it (加大老旧城区基础设施建设力度
/// → 老旧城区基础设施建设力度): the clause with its leading verbs stripped, at most 16 chars.
pub fn topic(clause: &str) -> String {
    topic_and_predicate(clause).0
}

/// The topic of a clause that says something of it (全省进出口总值创历史新高 → 全省进出口总值),
/// empty when the clause is all one phrase (提前建成千座公园城市).
pub fn stated_topic(clause: &str) -> String {
    match topic_and_predicate(clause) {
        (t, true) => t,
        _ => String::new(),
    }
}

/// The named place or body a sentence opens on, when its first clause says how it fared
/// (天开高教科创园蓬勃发展 → 天开高教科创园; 庆阳数据中心集群从无到有 → 庆阳数据中心集群): the
/// owner of the measures in the clauses after it. The clause must open on the name (not on a
/// verb: 加快国家现代煤化工基地建设 sets a task, not an owner), the name must be four to twelve
/// chars ending like a place or body (`owners` in the lexicon), and what follows it must say
/// how it fared (`fared` in the lexicon), not go on naming (现代化机场群建设, 交通枢纽辐射作用).
pub fn opening_owner(clause: &str) -> Option<String> {
    if clause.bytes().any(|b| b.is_ascii_digit()) || !may_hold_owner(clause.chars()) {
        return None;
    }
    let t = clean(clause);
    let fared = crate::lexicon::get().subject.fared;
    let edges = OwnerEdges::get();
    let name = t
        .char_indices()
        .map(|(p, _)| p)
        .chain([t.len()])
        .filter(|&end| edges.may_split(&t, end))
        .filter(|&end| owners().iter().any(|h| t[..end].ends_with(h)))
        .map(|end| t.split_at(end))
        .find(|(_, said)| fared.iter().any(|w| said.starts_with(w)))?
        .0;
    ((4..=12).contains(&name.chars().count())
        && !name.contains(['的', '、', '和', '“'])
        && !super::verbs().iter().any(|v| name.starts_with(v)))
    .then(|| name.to_string())
}

/// Whether a clause (its chars) may hold an opening owner: an owner word and a word of how it
/// fared must each have all their chars in it (their bits, as in `after`). The clean clause
/// `opening_owner` reads is made of the clause's chars, so a clause without them has none.
pub fn may_hold_owner(clause: impl IntoIterator<Item = char>) -> bool {
    let seen = clause.into_iter().fold(0, |m, c| m | char_bit(c));
    let edges = OwnerEdges::get();
    let has = |words: &[u128]| words.iter().any(|&bits| bits & !seen == 0);
    has(&edges.owner_bits) && has(&edges.fared_bits)
}

/// The chars an owner may end with and a word of how it fared may start with (`None`: an
/// empty word, which fits anywhere), sorted: a split of a clause between two chars that are
/// not there cannot hold an owner, so its word lists need not be tried.
struct OwnerEdges {
    last: Vec<Option<char>>,
    first: Vec<Option<char>>,
    /// The bits of the chars of each owner word and each word of how it fared.
    owner_bits: Vec<u128>,
    fared_bits: Vec<u128>,
}

impl OwnerEdges {
    fn get() -> &'static OwnerEdges {
        static EDGES: std::sync::OnceLock<OwnerEdges> = std::sync::OnceLock::new();
        EDGES.get_or_init(|| {
            let mut last: Vec<Option<char>> =
                owners().iter().map(|w| w.chars().next_back()).collect();
            let mut first: Vec<Option<char>> = crate::lexicon::get()
                .subject
                .fared
                .iter()
                .map(|w| w.chars().next())
                .collect();
            for v in [&mut last, &mut first] {
                v.sort_unstable();
                v.dedup();
            }
            let bits = |words: &[&str]| -> Vec<u128> {
                words
                    .iter()
                    .map(|w| w.chars().fold(0, |m, c| m | char_bit(c)))
                    .collect()
            };
            OwnerEdges {
                last,
                first,
                owner_bits: bits(owners()),
                fared_bits: bits(crate::lexicon::get().subject.fared),
            }
        })
    }

    /// Whether `t` split at `end` may be an owner then a word of how it fared.
    fn may_split(&self, t: &str, end: usize) -> bool {
        let fits = |set: &[Option<char>], c: Option<char>| {
            set.first() == Some(&None) || (c.is_some() && set.binary_search(&c).is_ok())
        };
        fits(&self.last, t[..end].chars().next_back()) && fits(&self.first, t[end..].chars().next())
    }
}

/// Words of doing that open a clause before its topic (加快, 推进), dropped by
/// [`topic_and_predicate`].
fn topic_openers() -> crate::lexicon::Words {
    crate::lexicon::get().subject.topic_openers
}

/// Words that begin the predicate after a topic (新农合制度保障水平不断提高 → 新农合), see
/// [`topic_and_predicate`].
fn topic_ends() -> crate::lexicon::Words {
    crate::lexicon::get().subject.topic_ends
}

/// The topic, and whether a predicate followed it in the clause.
pub(super) fn topic_and_predicate(clause: &str) -> (String, bool) {
    let mut t = clean(clause);
    loop {
        if let Some(w) = topic_openers().iter().find(|w| t.starts_with(*w)) {
            t = t[w.len()..].to_string();
        } else if let Some(rest) = t
            .strip_prefix('和')
            .or_else(|| t.strip_prefix('、'))
            .filter(|r| topic_openers().iter().any(|w| r.starts_with(w)))
        {
            // 规范和提升12345热线服务: both verbs go.
            t = rest.to_string();
        } else {
            break;
        }
    }
    // 新农合制度保障水平不断提高 → 新农合: the topic ends where its predicate begins.
    let cut = topic_ends()
        .iter()
        .filter_map(|w| crate::chars::find_short(&t, w))
        .filter(|&p| p > 0)
        .min();
    if let Some(p) = cut {
        t.truncate(p);
    }
    if t.chars().count() > 16 || counts_something(&t) {
        return (String::new(), false);
    }
    (t, cut.is_some())
}

/// Whether a phrase holds a quantity (3个, 1.5万, 240小时, 20%), not only a name with digits
/// in it: a hotline (12345热线, five digits or more) or a code with letters (5G基站, 4S店).
pub(super) fn counts_something(t: &str) -> bool {
    let chars: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let name = match chars.get(i) {
            Some(c) if c.is_ascii_alphabetic() => true,
            Some(c) if !c.is_ascii() => i - start >= 5,
            _ => false,
        };
        if !name {
            return true;
        }
    }
    false
}

/// What an investment is for, from the words after it (投资4.8亿元实施了拆炉并网工程 →
/// 拆炉并网工程; 投资4360万元，对城区雨水管网进行全面改造 → 城区雨水管网进行全面改造).
pub fn purpose(text: &str) -> String {
    let verbs = crate::lexicon::get().subject.purpose_openers;
    let mut t = text.trim().to_string();
    while let Some(w) = verbs.iter().find(|w| t.starts_with(*w)) {
        t = t[w.len()..].to_string();
    }
    // 完成了30栋老旧楼房维修改造 / 建成6座水冲式公厕: the count of the works is no part of them.
    if t.starts_with(|c: char| c.is_ascii_digit()) {
        let rest = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        let rest = rest.trim_start_matches(['万', '千', '百', '余', '多']);
        let mut chars = rest.chars();
        if chars.next().is_some_and(|c| {
            matches!(
                c,
                '个' | '座'
                    | '栋'
                    | '所'
                    | '条'
                    | '处'
                    | '家'
                    | '项'
                    | '间'
                    | '套'
                    | '户'
                    | '辆'
                    | '台'
                    | '块'
            )
        }) {
            t = chars.as_str().to_string();
        }
    }
    let t: String = t
        .chars()
        .take_while(|c| !matches!(c, '，' | '。' | '；' | '：' | '、') && !c.is_ascii_digit())
        .take(20)
        .collect();
    if t.chars().count() < 2 {
        return String::new();
    }
    t
}

#[cfg(test)]
#[path = "topic_tests.rs"]
mod tests;
