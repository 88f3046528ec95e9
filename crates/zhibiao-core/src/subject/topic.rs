//! Topics, owners and the subject after a quantity (`after`), and what a clause is about.

use super::*;
use crate::chars::{find_short, is_cjk};

/// The owner of things counted (地区生产总值跨越千亿元台阶 without 千亿元台阶 → 地区生产总值): the
/// subject without the things and the verb that counted them; the subject itself when nothing
/// is left.
pub fn owner_of_count(subject: &str, counted: &str) -> String {
    const VERBS: &[&str] = &[
        "连跨", "跨越", "跨过", "迈上", "跃上", "突破", "达到", "新增", "建成", "拥有", "实现",
        "达",
    ];
    let Some(mut head) = subject.strip_suffix(counted) else {
        return subject.to_string();
    };
    if let Some(h) = VERBS.iter().find_map(|v| head.strip_suffix(v)) {
        head = h;
    }
    if head.chars().count() >= 2 && VERBS.iter().all(|v| !head.ends_with(v)) {
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
    const MEASURES: &[&str] = &[
        "运营里程",
        "通车里程",
        "里程",
        "面积",
        "产值",
        "产量",
        "营业收入",
        "收入",
        "人数",
        "规模",
    ];
    let n = part.chars().count();
    if n == 0 || n > 4 || is_generic(part) {
        return part.to_string();
    }
    match MEASURES.iter().find(|m| whole.ends_with(*m)) {
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
        && !VERBS.iter().any(|v| name.starts_with(v)))
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

/// The topic, and whether a predicate followed it in the clause.
pub(super) fn topic_and_predicate(clause: &str) -> (String, bool) {
    const OPEN: &[&str] = &[
        "加大",
        "加快",
        "推进",
        "实施",
        "完成",
        "加强",
        "深化",
        "推动",
        "开展",
        "启动",
        "坚持",
        "持续",
        "全面",
        "大力",
        "积极",
        "着力",
        "不断",
        "进一步",
        "规范",
        "提升",
        "优化",
        "完善",
        "健全",
        "强化",
    ];
    let mut t = clean(clause);
    loop {
        if let Some(w) = OPEN.iter().find(|w| t.starts_with(*w)) {
            t = t[w.len()..].to_string();
        } else if let Some(rest) = t
            .strip_prefix('和')
            .or_else(|| t.strip_prefix('、'))
            .filter(|r| OPEN.iter().any(|w| r.starts_with(w)))
        {
            // 规范和提升12345热线服务: both verbs go.
            t = rest.to_string();
        } else {
            break;
        }
    }
    // 新农合制度保障水平不断提高 → 新农合: the topic ends where its predicate begins.
    const PREDICATE: &[&str] = &[
        "工作",
        "不断",
        "全面",
        "持续",
        "进一步",
        "稳步",
        "取得",
        "创历史",
        "创新高",
        "得到",
        "成效",
        "明显",
        "显著",
        "加快",
        "制度",
        "水平",
        "进行",
        "实现",
        "顺利",
        "圆满",
        "扎实",
        "有序",
        "建设取得",
    ];
    let cut = PREDICATE
        .iter()
        .filter_map(|w| t.find(w))
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
    let out = out
        .trim_end_matches(['超', '达', '近', '约', '为'])
        .to_string();
    (out, de)
}

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
    if [
        "增加", "增长", "提高", "提升", "下降", "减少", "上升", "达到", "增至", "降至", "缩小",
    ]
    .iter()
    .any(|w| w.chars().eq(next.iter().copied()))
    {
        return (out, de, seen);
    }
    // 由51家整合为33家: a change to the end level follows.
    let next3 = &f[i..hi.min(i + 3)];
    if next3.len() == 3
        && next3[2] == '为'
        && [
            "整合", "合并", "压减", "精简", "缩减", "减少", "优化", "调整",
        ]
        .iter()
        .any(|w| w.chars().eq(next3[..2].iter().copied()))
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

/// Bit `c % 128` of a char (`seen` in `after`).
fn char_bit(c: char) -> u128 {
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
        named: with_bits(&["被命名为", "命名为", "被评为", "获评"]),
        cuts: with_bits(&[
            "合计",
            "累计",
            "共计",
            "总计",
            "实现",
            "分别",
            "全部",
            "建设",
            "开工",
            "落地",
            "落户",
            "被",
            "加快",
            "首次",
            "远离",
            "进展",
            "建成",
            "完工",
            "投入使用",
            "前期工作",
            "全面展开",
        ]),
    })
}

/// Verbs of what counted things achieved or entered (see [`with_predicate`]).
const PREDICATES: &[&str] = &[
    "实现",
    "入选",
    "荣获",
    "获得",
    "进入",
    "跻身",
    "达到",
    "列入",
    "纳入",
    "晋级",
    "入围",
    "对外开放",
];
/// Adverbs that may stand between the things and what they achieved (首次全部达到).
const PREDICATE_ADVERBS: &[&str] = &["首次", "全部", "均已", "均", "已", "成功", "先后", "相继"];

/// Things counted with what they achieved, when it follows them (353项技术和产品实现国产化替代,
/// 10部文艺作品荣获文华奖, 6项指标首次全部达到国家二级标准): what is counted is the things
/// that achieved it (实现国产化替代的技术和产品). The things are named in two chars or more,
/// and what they achieved in two or more after the verb.
pub fn with_predicate(phrase: &str) -> Option<String> {
    let (at, verb) = phrase.char_indices().skip(2).find_map(|(p, _)| {
        PREDICATES
            .iter()
            .find(|v| phrase[p..].starts_with(*v))
            .map(|v| (p, *v))
    })?;
    let goal = &phrase[at + verb.len()..];
    if goal.chars().count() < 2 {
        return None;
    }
    let mut things = &phrase[..at];
    while let Some(t) = PREDICATE_ADVERBS
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
const STATES: &[&str] = &[
    "建成试运转",
    "建成投产",
    "建成投用",
    "建成运营",
    "建成通车",
    "建成使用",
    "建成",
    "开工建设",
    "开工",
    "落地见效",
    "落地",
    "完工",
    "投入使用",
    "加快建设",
    "核准建设",
];
/// Adverbs that may stand before such a state (全部, 相继).
const ADVERBS: &[&str] = &["全部", "相继", "先后", "均已", "均", "已", "顺利"];

/// Things counted with the state they reached, when that state ends the phrase (11处煤矿建成
/// 试运转, 4条高铁加快建设, 196个项目全部开工 → 项目开工): what was counted is the things in
/// that state. An adverb before the state goes (全部, 相继); a phrase that goes on past the
/// state (3个先行启动区建设“万亩千亿”大平台) is not one.
pub(super) fn with_status(phrase: &str) -> Option<String> {
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
        if let Some(r) = ADVERBS.iter().find_map(|a| rest.strip_prefix(a)) {
            rest = r;
        }
        if STATES.contains(&rest) {
            return Some(format!("{}{rest}", &phrase[..p]));
        }
    }
    None
}

/// What an investment is for, from the words after it (投资4.8亿元实施了拆炉并网工程 →
/// 拆炉并网工程; 投资4360万元，对城区雨水管网进行全面改造 → 城区雨水管网进行全面改造).
pub fn purpose(text: &str) -> String {
    const VERBS: &[&str] = &[
        "重点实施",
        "实施了",
        "实施",
        "用于",
        "支持",
        "对",
        "完成了",
        "完成",
        "建成",
        "新建",
        "建设",
        "开展",
        "推进",
        "启动",
        "，",
        "、",
        "的",
    ];
    let mut t = text.trim().to_string();
    while let Some(w) = VERBS.iter().find(|w| t.starts_with(*w)) {
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
