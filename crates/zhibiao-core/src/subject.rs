//! Stage 6b, subjects: what a quantity measures, from the words before it (地区生产总值增长…)
//! or after it (新增382家省级专精特新中小企业).

use crate::chars::{find_short, is_cjk};

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

/// Verbs that, alone before a count, leave the subject to the words after it.
const VERBS: &[&str] = &[
    "新增",
    "新建",
    "建成",
    "建设",
    "设立",
    "培育",
    "引进",
    "引入",
    "创建",
    "组建",
    "开展",
    "完成",
    "实施",
    "推动",
    "打造",
    "招引",
    "争取",
    "力争",
    "支持",
    "落实",
    "发放",
    "筹建",
    "办理",
    "服务",
    "扑灭",
    "获得",
    "招聘",
    "新招聘",
    "入选",
    "启动",
    "改造",
    "开工",
    "新开工",
    "累计",
    "实现",
    "达到",
    "拥有",
    "遴选",
    "创成",
    "获评",
    "培训",
    "吸引",
    "带动",
    "解决",
    "帮助",
    "惠及",
    "资助",
    "救助",
    "建立",
    "认定",
    "新认定",
    "布局",
    "储备",
    "谋划",
    "签约",
    "引育",
    "提供",
    "投入",
    "安排",
    "发行",
    "争创",
    "申报",
    "推进",
    "举办",
    "承办",
    "开通",
    "新开通",
    "成立",
    "淘汰",
    "整治",
    "治理",
    "修复",
    "新增设",
    "新改建",
    "改扩建",
    "新改扩建",
    "建好",
    "用好",
    "助力",
    "促成",
    "达成",
    "吸纳",
    "帮扶",
    "新培育",
    "新引进",
    "再培育",
    "共",
    "有",
    "超",
    "达",
    "开行",
    "新开",
    "新建成",
    "集中",
    "实现了",
];

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

fn strip_once(s: &str) -> Option<String> {
    for w in lead() {
        if let Some(r) = s.strip_prefix(w) {
            if !r.is_empty() {
                return Some(r.to_string());
            }
        }
    }
    // The longest trailing word first (拟安排 before 排): try suffixes from the longest.
    let (set, longest) = trail_set();
    let starts: Vec<usize> = s.char_indices().map(|(i, _)| i).collect();
    let n = starts.len();
    (1..=(*longest).min(n)).rev().find_map(|k| {
        let at = starts[n - k];
        set.contains(&s[at..]).then(|| s[..at].to_string())
    })
}

/// A subject from the words before a quantity: connectors, governing verbs, change verbs and
/// qualifiers removed.
pub fn clean(seg: &str) -> String {
    let mut s = drop_runs(&drop_years(drop_enumerator(seg.trim())));
    // 城乡低保标准从每人每月800元: the base of a rate and the 从 of a change are no part of it.
    for _ in 0..2 {
        for w in ["每人每月", "每人每年", "每月", "从", "由"] {
            if let Some(h) = s.strip_suffix(w).filter(|h| h.chars().count() >= 2) {
                s = h.to_string();
            }
        }
    }
    while let Some(next) = strip_once(&s) {
        s = next;
    }
    // 比上年年初预算增加…: a comparison, not a subject.
    if s.starts_with('比') || s.starts_with('较') {
        return String::new();
    }
    // 十年增加… / 五年累计… / 近3年: the span opening the words is no part of the subject.
    s = drop_leading_span(&s);
    // 铼、碲回收冶炼能力位列国内 / 天水经开区跻身全国: the verb of a rank and its league.
    {
        let mut t = s.as_str();
        for scope in [
            "全国", "国内", "全省", "省内", "全球", "世界", "全市", "全区",
        ] {
            if let Some(h) = t.strip_suffix(scope) {
                t = h;
                break;
            }
        }
        for verb in ["跻身", "位列", "位居", "稳居", "进入", "名列", "排名"] {
            if let Some(h) = t.strip_suffix(verb).filter(|h| h.chars().count() >= 2) {
                s = h.to_string();
                break;
            }
        }
    }
    // 电动汽车、锂电池、光伏产品“新三样”出口: a list named by a quoted label is the label.
    if let Some(last) = s.rfind('、') {
        if let Some(q) = s[last..].find('“').map(|q| last + q) {
            let head = &s[last + '、'.len_utf8()..q];
            if !head.is_empty() && !head.ends_with('等') && s[q..].contains('”') {
                s = s[q..].to_string();
            }
        }
    }
    // 提请省人大常委会审议地方性法规草案: what is put to the vote.
    if let Some(p) = find_short(&s, "审议") {
        let rest = &s[p + "审议".len()..];
        if rest.chars().count() >= 2 {
            s = rest.to_string();
        }
    }
    // 粮食产量连年 / 多年来: how long, not what.
    for w in ["连续多年", "连年", "多年来", "多年"] {
        if let Some(head) = s.strip_suffix(w).filter(|h| h.chars().count() >= 2) {
            s = head.to_string();
        }
    }
    for w in ["与上年", "与去年", "同比"] {
        if let Some(h) = s.strip_suffix(w).filter(|h| h.chars().count() >= 2) {
            s = h.to_string();
        }
    }
    // 累计使用外资比“十三五”时期: the comparison after the subject is no part of it.
    if let Some(p) = s.rfind(['比', '较']) {
        let tail = &s[p..];
        if p > 0
            && tail.chars().count() <= 10
            && ["年", "时期", "同期", "全国", "全省", "平均", "末"]
                .iter()
                .any(|w| tail.contains(w))
        {
            s.truncate(p);
        }
    }
    // A lone change verb (增加4374.4亿元, 增加到3382户) names nothing: the subject is the one
    // before.
    const CHANGE_ONLY: &[&str] = &[
        "增加",
        "增加到",
        "增加至",
        "增长",
        "增长到",
        "提高",
        "提高到",
        "提高至",
        "提升",
        "提升到",
        "提升至",
        "下降",
        "下降到",
        "减少",
        "减少到",
        "增至",
        "达到",
        "上升到",
        "上升至",
        "缩小至",
        "缩小到",
        "降至",
        "降到",
    ];
    if CHANGE_ONLY.contains(&s.as_str()) {
        return String::new();
    }
    // A lone connector or verb left over names nothing.
    if lead().contains(&s.as_str()) || trail().contains(&s.as_str()) || s.chars().count() < 2 {
        return String::new();
    }
    s
}

/// A list item's opening number (1. / 1、 / （1） / (一) / 一是): it labels, it is not what
/// is measured.
fn drop_enumerator(s: &str) -> &str {
    let t = s.trim_start();
    let digits = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || "一二三四五六七八九十".contains(*c)))
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
                        .all(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(c))
                {
                    return &r[p + close.len_utf8()..];
                }
            }
        }
    }
    s
}

/// 十年 / 五年 / 近3年 / 过去五年 / 五年来 opening a subject: how long, not what.
fn drop_leading_span(s: &str) -> String {
    let opens = s
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || "过近经一二两三四五六七八九十".contains(c));
    if !opens {
        return s.to_string();
    }
    let mut t = s;
    for p in ["过去", "近", "经过"] {
        if let Some(r) = t.strip_prefix(p) {
            t = r;
        }
    }
    let digits = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || "一二两三四五六七八九十".contains(*c)))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    if digits == 0 {
        return s.to_string();
    }
    let Some(mut rest) = t[digits..].strip_prefix('年') else {
        return s.to_string();
    };
    for w in ["来", "间", "里"] {
        if let Some(r) = rest.strip_prefix(w) {
            rest = r;
        }
    }
    rest.to_string()
}

/// Removes a run of years from a subject (粮食产量连续5年稳定在…, 连续三年): how long, not what.
fn drop_runs(seg: &str) -> String {
    let Some(at) = seg.find("连续") else {
        return seg.to_string();
    };
    let rest = &seg[at + "连续".len()..];
    let digits = rest
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || "一二两三四五六七八九十".contains(*c)))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    let unit = ["年", "个季度", "个月", "届"]
        .iter()
        .find_map(|u| rest[digits..].strip_prefix(u));
    match unit {
        Some(after) if digits > 0 => format!("{}{}", &seg[..at], after),
        _ => seg.to_string(),
    }
}

/// Removes dates of comparison and time from a subject: 比2010年, 较上年, 由2010年的, 2015年.
fn drop_years(seg: &str) -> String {
    let chars: Vec<char> = seg.chars().collect();
    let mut out = String::with_capacity(seg.len());
    let mut i = 0;
    while i < chars.len() {
        let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 4 && chars.get(i + 4) == Some(&'年') {
            // Drop a preceding 比 / 较 / 由 / 与 / 同 and a following 的 / 末 / 底.
            if out.ends_with(['比', '较', '由', '与', '同', '从', '到', '至']) {
                out.pop();
            }
            i += 5;
            while i < chars.len() && matches!(chars[i], '的' | '末' | '底' | '相' | '比' | '前')
            {
                i += 1;
            }
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Whether the words before a count only govern it (新增, 设立), leaving the subject after it.
pub fn is_verb_phrase(pre: &str) -> bool {
    pre.chars().count() <= 1
        || VERBS.contains(&pre)
        || VERBS
            .iter()
            .any(|v| pre.ends_with(v) && pre.chars().count() <= v.chars().count() + 1)
}

/// Whether the words before a count (its governing verb stripped) qualify the things counted
/// after it (优化工商业电价机制12条举措 → 优化工商业电价机制举措), rather than naming a place,
/// a list or a verb alone.
pub fn modifies(pre: &str) -> bool {
    let n = pre.chars().count();
    const DOING: &[&str] = &[
        "完成", "支持", "培育", "扑灭", "办成", "承诺", "引进", "票决", "实施", "推动", "推进",
        "建设", "打造", "新建", "开展", "落实", "全力", "就是", "要", "以", "每年", "今年", "全年",
        "加快", "确保", "力争", "累计", "细分", "集中", "市场", "组织", "举办", "安排", "发放",
    ];
    (4..=10).contains(&n)
        && !is_verb_phrase(pre)
        && !DOING.iter().any(|w| pre.contains(w))
        && !pre.contains(['、', '，', '和', '等', '在', '对', '为', '将', '向'])
        && !pre.ends_with(['了', '的', '有', '达', '超', '近', '约', '共'])
}

/// Whether a subject is a bare measure that belongs to the subject before it (产值, 总投资).
pub fn is_generic(s: &str) -> bool {
    const ENDS: &[&str] = &[
        "投资",
        "投入",
        "人数",
        "里程",
        "面积",
        "产值",
        "总量",
        "规模",
        "率",
        "比重",
        "占比",
        "数量",
        "收入",
        "利润",
        "增加值",
        "额",
        "市值",
        "产能",
        "价",
    ];
    generic().contains(&s)
        || s.starts_with('占')
        || (s.chars().count() <= 3 && ENDS.iter().any(|e| s.ends_with(e)))
        || (s.chars().count() <= 4 && s.ends_with("人数"))
}

/// The subject before with a bare measure of this clause (…全链条总产值 + 总产值): a measure the
/// subject already ends with is not said twice (no 总产值总产值), and one of the same kind
/// replaces it (总投资 → 投资额); a share of it (占…比重) or another measure follows it.
pub fn join_generic(prev: &str, own: &str) -> String {
    const KINDS: &[&str] = &[
        "投资", "投入", "产值", "收入", "利润", "面积", "里程", "人数", "规模", "总量", "数量",
    ];
    if prev.ends_with(own) {
        return prev.to_string();
    }
    if !own.starts_with('占') {
        for k in KINDS.iter().filter(|k| own.contains(*k)) {
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
    let rest = ["全国", "全省", "全市", "全区"]
        .iter()
        .find_map(|w| rest.strip_prefix(w))
        .unwrap_or(rest);
    ["", "平均水平", "平均", "水平"].contains(&rest)
}

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

/// Works named after their verb without the examples listed before 等 (开通了海拉尔至乌兰巴托、
/// 赤塔、韩国等国际及地区航线 → 开通国际及地区航线): what they are examples of is what is
/// counted; the verb stays.
fn without_examples(subject: String) -> String {
    const VERBS: &[&str] = &[
        "开通",
        "新建",
        "改造",
        "改扩建",
        "建设",
        "建成",
        "实施",
        "完成",
        "推进",
        "打造",
        "培育",
        "引进",
        "新增",
        "提升",
        "更新",
    ];
    let Some(deng) = subject.rfind('等') else {
        return subject;
    };
    let (head, tail) = (&subject[..deng], &subject[deng + '等'.len_utf8()..]);
    if !head.contains('、')
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
        match VERBS.iter().find(|v| r.starts_with(*v)) {
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
    for w in ["以及", "和", "等", "、"] {
        if let Some(h) = s.strip_suffix(w).filter(|h| h.chars().count() >= 2) {
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
    if clause.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let t = clean(clause);
    let fared = crate::lexicon::get().subject.fared;
    let name = t
        .char_indices()
        .map(|(p, _)| p)
        .chain([t.len()])
        .filter(|&end| owners().iter().any(|h| t[..end].ends_with(h)))
        .map(|end| t.split_at(end))
        .find(|(_, said)| fared.iter().any(|w| said.starts_with(w)))?
        .0;
    ((4..=12).contains(&name.chars().count())
        && !name.contains(['的', '、', '和', '“'])
        && !VERBS.iter().any(|v| name.starts_with(v)))
    .then(|| name.to_string())
}

/// The topic, and whether a predicate followed it in the clause.
fn topic_and_predicate(clause: &str) -> (String, bool) {
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
fn counts_something(t: &str) -> bool {
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
    let mut i = i;
    let de = f.get(i) == Some(&'的') && i < hi;
    if de {
        i += 1;
    }
    let mut out = String::new();
    let mut n = 0;
    if f.get(i).is_some_and(|c| "和及与或".contains(*c)) {
        return (out, de);
    }
    // 从1832户增加到3382户 / 保持两位数增长: a verb follows, not what is counted.
    let next: String = crate::chars::string(&f[i..hi.min(i + 2)]);
    if [
        "增加", "增长", "提高", "提升", "下降", "减少", "上升", "达到", "增至", "降至", "缩小",
    ]
    .contains(&next.as_str())
    {
        return (out, de);
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
        n += 1;
        i += 1;
    }
    // 13个县被命名为国家生态文明建设示范区 / 9个县（区）获评“两山”实践创新基地: what they
    // were named is what is counted.
    for named in ["被命名为", "命名为", "被评为", "获评", "荣获"] {
        if let Some(p) = find_short(&out, named) {
            let rest = &out[p + named.len()..];
            if rest.chars().count() >= 2 {
                return (rest.to_string(), de);
            }
        }
    }
    if let Some(done) = with_status(&out).filter(|_| counted) {
        return (done, de);
    }
    for cut in [
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
    ] {
        if let Some(p) = find_short(&out, cut) {
            out.truncate(p);
        }
    }
    let out = out
        .trim_end_matches(['超', '达', '近', '约', '为'])
        .to_string();
    (out, de)
}

/// Things counted with the state they reached, when that state ends the phrase (11处煤矿建成
/// 试运转, 4条高铁加快建设, 196个项目全部开工 → 项目开工): what was counted is the things in
/// that state. An adverb before the state goes (全部, 相继); a phrase that goes on past the
/// state (3个先行启动区建设“万亩千亿”大平台) is not one.
fn with_status(phrase: &str) -> Option<String> {
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
    const ADVERBS: &[&str] = &["全部", "相继", "先后", "均已", "均", "已", "顺利"];
    for (p, _) in phrase.char_indices().skip(1) {
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
        if chars
            .next()
            .is_some_and(|c| "个座栋所条处家项间套户辆台块座".contains(c))
        {
            t = chars.as_str().to_string();
        }
    }
    let t: String = t
        .chars()
        .take_while(|c| !"，。；：、".contains(*c) && !c.is_ascii_digit())
        .take(16)
        .collect();
    if t.chars().count() < 2 {
        return String::new();
    }
    t
}

/// The items of a list before 分别 (工业增加值、制造业增加值占GDP比重), each given the measure
/// that the last one carries (→ 工业增加值占GDP比重, 制造业增加值占GDP比重).
pub fn split_list(before: &str) -> Vec<String> {
    let before = clean(before);
    let mut items: Vec<String> = before
        .split(['、', '，'])
        .map(clean)
        .filter(|s| !s.is_empty())
        .collect();
    if items.len() < 2 {
        // 满意和基本满意率 is one thing; 二氧化硫排放量与化学需氧量排放量 are two.
        let parts: Vec<String> = before.split(['和', '及', '与']).map(clean).collect();
        if parts.len() >= 2 && parts.iter().all(|p| p.chars().count() >= 3) {
            items = parts;
        }
    }
    // 城乡居民人均可支配收入分别增长8.7%和8.6%: urban, then rural.
    if items.len() < 2 {
        if let Some(rest) = before.strip_prefix("城乡") {
            return vec![format!("城镇{rest}"), format!("农村{rest}")];
        }
        return items;
    }
    // 国家级、部级创新平台: the noun after the last rank is every rank's.
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
                    return items;
                }
            }
        }
    }
    const HEADS: &[&str] = &[
        "产业",
        "改善幅度",
        "占",
        "比重",
        "增加值",
        "产值",
        "产量",
        "收入",
        "投资",
        "利润",
        "增速",
        "总额",
        "营业收入",
        "合格率",
        "覆盖率",
        "比例",
        "占比",
        "数量",
        "规模",
        "面积",
        "总量",
        "营收",
        "率",
    ];
    // Amounts of sales, shared only by a short list (限额以上通讯器材、家用电器、新能源汽车零售额;
    // not 进口货值、免签入境游客…、离岛免税销售额, five things of their own).
    const SALES: &[&str] = &["零售额", "销售额", "成交额", "交易额"];
    // Heads of a rate or share of what stands before them. An item that names its own measure
    // (规模以上工业增加值) takes only the rate of the last (固定资产投资增速 → 增速, 投资 being
    // that item's own noun); a bare one (文化及相关产业) takes the whole measure
    // (增加值占地区生产总值比重).
    const RATES: &[&str] = &[
        "占",
        "比重",
        "增速",
        "合格率",
        "覆盖率",
        "比例",
        "占比",
        "率",
    ];
    let last = items.last().cloned().unwrap_or_default();
    let suffix_of = |heads: &[&str]| {
        heads
            .iter()
            .filter_map(|h| {
                last.find(*h)
                    .filter(|&p| p > 0)
                    .map(|p| last[p..].to_string())
            })
            .max_by_key(|s| s.len())
    };
    let (whole, rate) = (suffix_of(HEADS), suffix_of(RATES));
    let whole = whole.or_else(|| (items.len() <= 3).then(|| suffix_of(SALES)).flatten());
    let n = items.len();
    for it in &mut items[..n - 1] {
        let own_measure = HEADS
            .iter()
            .any(|h| !RATES.contains(h) && *h != "产业" && it.ends_with(h));
        let Some(suffix) = (if own_measure { rate.as_ref() } else { None }).or(whole.as_ref())
        else {
            continue;
        };
        // 工业增加值 + 增加值占GDP比重 → 工业增加值占GDP比重: overlap once.
        let overlap = suffix
            .char_indices()
            .map(|(i, _)| i)
            .chain([suffix.len()])
            .filter(|&k| k > 0 && it.ends_with(&suffix[..k]))
            .max()
            .unwrap_or(0);
        let mut rest = suffix[overlap..].to_string();
        // 制造业、数字经济核心产业增加值 → 制造业增加值: a sector named …业 takes no 产业.
        if it.ends_with('业') {
            if let Some(r) = rest.strip_prefix("产业") {
                rest = r.to_string();
            }
        }
        it.push_str(&rest);
    }
    share_owner(&mut items);
    share_scope(&mut items);
    items
}

/// 限额以上通讯器材、家用电器…零售额: a scope the first item opens with is every item's.
fn share_scope(items: &mut [String]) {
    const SCOPES: &[&str] = &["限额以上", "规模以上", "规上"];
    let Some(scope) = items
        .first()
        .and_then(|first| SCOPES.iter().find(|s| first.starts_with(**s)))
    else {
        return;
    };
    for it in items.iter_mut().skip(1) {
        // 规模以上工业增加值、固定资产投资增速: industry only takes 规模以上.
        let industry = it.contains("制造业") || it.contains("工业");
        if !SCOPES.iter().any(|s| it.starts_with(s)) && (*scope == "限额以上" || industry) {
            *it = format!("{scope}{it}");
        }
    }
}

/// 生产安全事故起数、死亡人数 / 省属企业工业总产值、利润: the owner named once in the first item
/// (生产安全事故, 省属企业) owns the short measures after it (生产安全事故死亡人数, 省属企业利润),
/// unless they are measures of the same kind as the first's (一般公共预算收入、税收收入).
fn share_owner(items: &mut [String]) {
    const HEADS: &[&str] = &[
        "工业总产值",
        "总产值",
        "产值",
        "增加值",
        "营业收入",
        "收入",
        "利润",
        "利税",
        "起数",
        "人数",
        "产量",
        "销量",
        "总额",
        "营收",
    ];
    let Some(first) = items.first().cloned() else {
        return;
    };
    let head_of = |s: &str| HEADS.iter().find(|h| s.ends_with(*h)).copied();
    let Some(head) = head_of(&first) else {
        return;
    };
    let owner = &first[..first.len() - head.len()];
    if owner.chars().count() < 2 || is_verb_phrase(owner) {
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
mod tests {
    use super::*;

    #[test]
    fn cleans_subjects() {
        assert_eq!(clean("实现地区生产总值"), "地区生产总值");
        assert_eq!(clean("，其中规模以上工业增加值增长 "), "规模以上工业增加值");
        assert_eq!(clean("、力争"), "");
        assert_eq!(
            clean("地方一般公共预算收入可比增长"),
            "地方一般公共预算收入"
        );
        assert_eq!(clean("房地产销售面积全省"), "房地产销售面积");
        assert_eq!(clean("粮食产量连续5年稳定在"), "粮食产量");
        assert_eq!(clean("出口额连续三年"), "出口额");
        assert_eq!(clean("连续举办"), "连续举办");
        assert_eq!(clean("营商环境综合排名跃居"), "营商环境");
        assert_eq!(clean("前移"), "");
    }

    #[test]
    fn subject_after_a_count() {
        let f: Vec<char> = "省级专精特新中小企业、9家".chars().collect();
        assert_eq!(
            after(&f, 0, f.len(), true),
            ("省级专精特新中小企业".to_string(), false)
        );
        let f: Vec<char> = "的中创新航动力电池项目成功落户，".chars().collect();
        assert!(after(&f, 0, f.len(), false).1);
        // Things counted keep the state that ends their phrase; an amount does not.
        let f: Vec<char> = "煤矿建成试运转、".chars().collect();
        assert_eq!(after(&f, 0, f.len(), true).0, "煤矿建成试运转");
        assert_eq!(after(&f, 0, f.len(), false).0, "煤矿");
        let f: Vec<char> = "项目全部开工，".chars().collect();
        assert_eq!(after(&f, 0, f.len(), true).0, "项目开工");
        let f: Vec<char> = "先行启动区建设大平台，".chars().collect();
        assert_eq!(after(&f, 0, f.len(), true).0, "先行启动区");
    }

    #[test]
    fn an_opening_name_owns_what_follows_only_when_the_clause_says_how_it_fared() {
        assert_eq!(
            opening_owner("城东高新科创园蓬勃发展").as_deref(),
            Some("城东高新科创园")
        );
        assert_eq!(
            opening_owner("某市数据中心集群从无到有").as_deref(),
            Some("某市数据中心集群")
        );
        // A task, a designation going on, a label of the whole province: no owner.
        assert_eq!(opening_owner("加快国家现代煤化工基地建设"), None);
        assert_eq!(opening_owner("现代化机场群建设初见成效"), None);
        assert_eq!(opening_owner("交通枢纽辐射作用明显提升"), None);
        assert_eq!(opening_owner("能源绿色低碳转型示范区加快建设"), None);
        assert_eq!(opening_owner("2个园区蓬勃发展"), None);
    }

    #[test]
    fn a_stated_topic_needs_its_predicate() {
        assert_eq!(stated_topic("全省进出口总值创历史新高"), "进出口总值");
        assert_eq!(stated_topic("提前建成千座公园城市"), "");
    }

    #[test]
    fn lists_share_their_measure() {
        assert_eq!(
            split_list("工业增加值、制造业增加值占GDP比重"),
            vec!["工业增加值占GDP比重", "制造业增加值占GDP比重"]
        );
        assert_eq!(
            split_list("规模以上工业增加值、固定资产投资增速"),
            vec!["规模以上工业增加值增速", "固定资产投资增速"]
        );
        assert_eq!(
            split_list("限额以上通讯器材、家用电器、新能源汽车零售额"),
            vec![
                "限额以上通讯器材零售额",
                "限额以上家用电器零售额",
                "限额以上新能源汽车零售额"
            ]
        );
        assert_eq!(
            split_list("规模以上工业增加值、高技术制造业增加值"),
            vec!["规模以上工业增加值", "规模以上高技术制造业增加值"]
        );
        assert_eq!(
            split_list("工业投资、民间投资增速"),
            vec!["工业投资增速", "民间投资增速"]
        );
        assert_eq!(
            split_list("数字经济核心产业、文化产业增加值占GDP比重"),
            vec!["数字经济核心产业增加值占GDP比重", "文化产业增加值占GDP比重"]
        );
    }

    #[test]
    fn ranks_share_the_noun_after_the_last() {
        let rest: Vec<char> = "国家级、20个省级临床重点专科，打造名医名科名院"
            .chars()
            .collect();
        assert_eq!(rank_noun(&rest).as_deref(), Some("临床重点专科"));
        // No list of ranks: nothing shared.
        let rest: Vec<char> = "国家级临床重点专科".chars().collect();
        assert_eq!(rank_noun(&rest), None);
        assert_eq!(
            split_list("国家级、部级创新平台"),
            vec!["国家级创新平台", "部级创新平台"]
        );
    }

    #[test]
    fn what_money_is_spent_on_without_the_count_of_works() {
        assert_eq!(purpose("完成了30栋老旧楼房维修改造。"), "老旧楼房维修改造");
        assert_eq!(purpose("建成6座水冲式公厕"), "水冲式公厕");
        assert_eq!(purpose("实施了拆炉并网工程"), "拆炉并网工程");
    }

    #[test]
    fn works_named_after_their_verb_without_the_examples() {
        assert_eq!(
            tidy_end("开通了海拉尔至乌兰巴托、赤塔、韩国等国际及地区航线".into()),
            "开通国际及地区航线"
        );
        assert_eq!(
            tidy_end("新建、改造胜利大街、哈萨尔大街等城市主干道路".into()),
            "新建、改造城市主干道路"
        );
        // No verb first, or a quoted label after 等: the report's words stay.
        assert_eq!(
            tidy_end("汽车、摩托车、家电等消费".into()),
            "汽车、摩托车、家电等消费"
        );
        assert_eq!(
            tidy_end("建成水库、淤地坝等“水盆子”".into()),
            "建成水库、淤地坝等“水盆子”"
        );
    }

    #[test]
    fn comparisons_name_nothing_measured() {
        assert!(is_comparison("高于全国平均水平"));
        assert!(is_comparison("快于全省"));
        assert!(is_comparison("优于"));
        assert!(!is_comparison("高于全国平均水平的县"));
        assert!(!is_comparison("城镇调查失业率"));
    }

    #[test]
    fn the_owner_of_things_counted() {
        assert_eq!(
            owner_of_count("地区生产总值跨越千亿元台阶", "千亿元台阶"),
            "地区生产总值"
        );
        // Nothing but the verb before the things: the subject stays.
        assert_eq!(owner_of_count("新增企业", "企业"), "新增企业");
        assert_eq!(owner_of_count("重点项目", "企业"), "重点项目");
    }

    #[test]
    fn a_dangling_conjunction_leaves_the_subject() {
        assert_eq!(tidy_end("城市公园和".into()), "城市公园");
        assert_eq!(tidy_end("口袋公园等".into()), "口袋公园");
        // Words that end in 及 or 与 keep them (惠及, 参与); a lone 和 stays.
        assert_eq!(tidy_end("城镇更新改造惠及".into()), "城镇更新改造惠及");
        assert_eq!(tidy_end("和".into()), "和");
    }

    #[test]
    fn a_part_takes_the_measure_of_the_whole() {
        assert_eq!(part_of("新增铁路运营里程", "高铁"), "高铁运营里程");
        assert_eq!(part_of("粮食产量", "夏粮"), "夏粮产量");
        // A part with a measure of its own, or a whole with none, is left alone.
        assert_eq!(part_of("固定资产投资", "民间投资"), "民间投资");
        assert_eq!(part_of("城镇新增就业", "高校毕业生"), "高校毕业生");
    }

    #[test]
    fn a_topic_may_hold_a_name_with_digits_but_no_quantity() {
        assert_eq!(topic("进一步规范和提升12345热线服务"), "12345热线服务");
        assert_eq!(topic("加快5G基站建设"), "5G基站建设");
        assert_eq!(topic("落地实施240小时过境免签政策"), "");
        assert_eq!(topic("新建3个产业园"), "");
    }

    #[test]
    fn a_bare_measure_replaces_the_one_the_subject_ends_with() {
        assert_eq!(
            join_generic("六大特色产业全链条总产值", "总产值"),
            "六大特色产业全链条总产值"
        );
        assert_eq!(join_generic("电池项目总投资", "投资额"), "电池项目投资额");
        assert_eq!(join_generic("旅游", "收入"), "旅游收入");
        assert_eq!(join_generic("产值", "占比"), "产值占比");
        assert_eq!(join_generic("工业增加值", "率"), "工业增加值率");
        assert_eq!(join_generic("旅游收入", "比重"), "旅游收入比重");
        assert_eq!(join_generic("市场主体总量", "总量"), "市场主体总量");
        assert_eq!(join_generic("新增运营里程", "总里程"), "新增运营总里程");
        assert_eq!(
            join_generic("战略性新兴产业总产值", "占工业总产值比重"),
            "战略性新兴产业总产值占工业总产值比重"
        );
    }
}
