//! One numeral read as a quantity: its unit, sort and what follows.

use super::unitless::{without_unit, Candidate};
use super::*;
use crate::chars::{find_short, is_cjk, LastChars};
use crate::number::Numeral;
use std::borrow::Cow;

/// A quantity for numeral `n`, or `None` when it is a label or has no unit.
pub(super) fn quantity(f: &[char], n: Numeral, start: usize, end: usize) -> Option<Quantity> {
    if let Some(q) = top_place(f, &n, start) {
        return Some(q);
    }
    // 建设5大微短剧基地 / 实施…四大专项行动: things of one kind set up, counted (N大 is
    // otherwise a label: 十大考古新发现, “五大文化”).
    if let Some(q) = big_count(f, &n, start, n.end, end) {
        return Some(q);
    }
    // 圆满举办4届南博会 / 成功举办2届亚欧博览会、3届商博会: editions held, counted (第十四届
    // and 本届 are names).
    if let Some(q) = editions_held(f, &n, start) {
        return Some(q);
    }
    // “二十二连丰” / 九连A / 五连冠: a run of years (of titles) counted.
    if let Some(q) = run_of_wins(f, &n, end) {
        return Some(q);
    }
    if is_label(f, &n, end) || names_capacity(f, &n) {
        return None;
    }
    if let Some(q) = top_rank(f, &n, start) {
        return Some(q);
    }
    let mut i = skip_spaces(f, n.end);
    // 300余万: "more than" inside the numeral.
    let mut more = f[n.start..n.end].iter().any(|&c| c == '多' || c == '余');
    if matches!(f.get(i), Some('多') | Some('余')) && i < end {
        more = true;
        i += 1;
    }
    // Ranges: 6%-6.5%, 4.5%至5%, 1万-5万, 6-6.5%.
    // 3.2万人才: the people named, not the unit 人 before 才.
    let unit_here = unit_at(f, i)
        .filter(|(_, l)| i + l <= end)
        .filter(|(u, _)| !(*u == "人" && f.get(i + 1) == Some(&'才')));
    let after_unit = unit_here.map(|(_, l)| i + l).unwrap_or(i);
    if let Some(q) = range(f, &n, unit_here, after_unit, end) {
        return Some(q);
    }
    let Some((unit, len)) = unit_here else {
        return without_unit(Candidate {
            f,
            n: &n,
            start,
            i,
            end,
            more,
        });
    };
    if n.chinese && !n.magnitude && chinese_count_is_name(f, &n, unit, i + len) {
        return None;
    }
    if unit == "天" && !days_counted(f, &n, start) {
        return None;
    }
    let (unit, mut end_q) = full_unit(f, unit, i + len, end);
    // 增长2倍多: more than the multiple.
    if unit == "倍" && matches!(f.get(end_q), Some('多' | '余')) && end_q < end {
        more = true;
        end_q += 1;
    }
    if names_no_amount(f, &n, &unit, end_q) {
        return None;
    }
    let (unit, sort) = unit_and_sort(f, &n, &unit);
    let mut q = simple(n.start, end_q, n.start, n.value, unit, sort);
    q.more = more;
    Some(q)
}

/// 粮食生产“二十二连丰” / 考核“六连A” / 实现“九连好” / 耕地面积实现5连增: a run of good years
/// (unit 年), or of titles won (五连冠, unit 连冠).
fn run_of_wins(f: &[char], n: &Numeral, end: usize) -> Option<Quantity> {
    let (a, b) = (f.get(n.end)?, f.get(n.end + 1)?);
    if *a != '连' || n.end + 2 > end || n.value < 2.0 || n.value.fract() != 0.0 {
        return None;
    }
    let unit = match b {
        '冠' => "连冠",
        '丰' | '增' | 'A' | 'Ａ' | '好' | '优' | '胜' | '降' => "年",
        _ => return None,
    };
    // A quoted run (“二十二连丰”) is read with its quote marks.
    let quoted = n.start > 0 && f[n.start - 1] == '“' && f.get(n.end + 2) == Some(&'”');
    let (start, stop) = if quoted {
        (n.start - 1, n.end + 3)
    } else {
        (n.start, n.end + 2)
    };
    let mut q = simple(start, stop.min(end), n.start, n.value, unit, Sort::Amount);
    q.implied_unit = unit == "年";
    Some(q)
}

/// 举办4届南博会, 承办3届…大会, 成功举办两届…、3届…: a count of editions a verb of holding
/// governs in its clause (a list item after 、 shares the verb). A run (连续举办十一届) is
/// [`super::scan`]'s.
fn editions_held(f: &[char], n: &Numeral, start: usize) -> Option<Quantity> {
    let hold = crate::lexicon::get().quantity.hold;
    // Editions held in a few years are few: 成功举办十四届全运会 names the fourteenth.
    if f.get(n.end) != Some(&'届') || !(2.0..10.0).contains(&n.value) || n.value.fract() != 0.0 {
        return None;
    }
    if n.start > 0 && matches!(f[n.start - 1], '第' | '本' | '上' | '下') {
        return None;
    }
    let clause = (start..n.start)
        .rev()
        .find(|&k| matches!(f[k], '，' | '；' | '：' | '。'))
        .map_or(start, |k| k + 1);
    let head = crate::chars::string(&f[clause..n.start]);
    let held = hold.iter().any(|w| find_short(&head, w).is_some());
    held.then(|| simple(n.start, n.end + 1, n.start, n.value, "届", Sort::Amount))
}

/// Whether the number is a capacity that names a plant (日产500吨熟料生产线, 年产10万辆).
fn names_capacity(f: &[char], n: &Numeral) -> bool {
    // The words with their length in chars (counted here, not at every numeral).
    const WORDS: [(&str, usize); 5] = [
        ("日产", 2),
        ("日处理", 3),
        ("年产", 2),
        ("年处理", 3),
        ("时速", 2),
    ];
    // Each word's chars take three bytes: its length is a third of its bytes.
    const _: () = {
        let mut k = 0;
        while k < WORDS.len() {
            assert!(WORDS[k].0.len() == 3 * WORDS[k].1);
            k += 1;
        }
    };
    WORDS
        .iter()
        .any(|&(w, l)| n.start >= l && starts_with(f, n.start - l, w))
}

/// Whether a small Chinese count only names (两个市场两种资源, 中央八项规定, 三支队伍) rather
/// than counts; `j` is where its unit ends.
fn chinese_count_is_name(f: &[char], n: &Numeral, unit: &str, j: usize) -> bool {
    // 建设一座城市公园: one thing built is a count too, when a verb of building governs it;
    // also as a later item of a list the verb opens (建设两所学校、一座公园).
    let build = crate::lexicon::get().quantity.build_one;
    let verb_right_before = |at: usize| {
        build.iter().any(|w| {
            let l = w.chars().count();
            at >= l && starts_with(f, at - l, w)
        })
    };
    let listed_after_verb = || {
        n.start > 0 && f[n.start - 1] == '、' && {
            let from = (0..n.start - 1)
                .rev()
                .take(16)
                .find(|&k| matches!(f[k], '，' | '。' | '；' | '：'))
                .map_or(n.start.saturating_sub(17), |k| k + 1);
            (from..n.start - 1).any(|k| is_cn_digit(f[k]) && verb_right_before(k))
        }
    };
    let built = n.value == 1.0
        && matches!(unit, "座" | "条" | "所" | "处" | "家")
        && (verb_right_before(n.start) || listed_after_verb());
    if !chinese_counters().contains(&unit) || (n.value < 2.0 && !built) {
        return true;
    }
    // 两个市场两种资源 / 两个大局: a set phrase, a small count followed by another at once.
    let k = (j..(j + 4).min(f.len())).find(|&k| f[k] == '两' || "三四五六七八九".contains(f[k]));
    if n.value <= 10.0
        && k.is_some_and(|k| {
            f.get(k + 1).is_some_and(|c| "个种项条大".contains(*c))
                && f[j..k].iter().all(|c| is_cjk(*c))
        })
    {
        return true;
    }
    if n.start > 0 && f[n.start - 1] == '“' {
        return true;
    }
    // 以下十个方面, 中央八项规定, 三支队伍: names of lists and policies, not counts.
    if abstracts().iter().any(|w| starts_with(f, j, w))
        || (n.start >= 2
            && (starts_with(f, n.start - 2, "以下") || starts_with(f, n.start - 2, "中央")))
    {
        return true;
    }
    // 两个确立, 四个全面 and the like sit in quotes; 两个维护 without them is rare.
    false
}

/// Whether days are counted: days count only as a change or a level reached (优良天数增加25天,
/// 保持在355天以上), not as a deadline (30天内办结).
fn days_counted(f: &[char], n: &Numeral, start: usize) -> bool {
    static WORDS: std::sync::OnceLock<LastChars> = std::sync::OnceLock::new();
    let q = &crate::lexicon::get().quantity;
    WORDS
        .get_or_init(|| LastChars::new(q.time_changed.iter().chain(q.days_reached)))
        .end(&f[n.start.saturating_sub(4).max(start)..n.start])
        // 优良天数连续6年稳定在325天以上: the count of days named earlier in the clause.
        || f[n.start.saturating_sub(16).max(start)..n.start]
            .windows(2)
            .any(|w| w == ['天', '数'])
}

/// What a rate is per (元/月, 吨/年, 微克/立方米).
fn per() -> crate::lexicon::Words {
    crate::lexicon::get().quantity.per
}

/// The whole unit from `unit`, which ends at `end_q`: with what a rate is per (元/月) or a
/// counter's alternative (套（间）); and where it ends.
fn full_unit(
    f: &[char],
    unit: &'static str,
    end_q: usize,
    end: usize,
) -> (Cow<'static, str>, usize) {
    let mut end_q = end_q;
    let mut unit = Cow::Borrowed(unit);
    if !unit.contains('/') && f.get(end_q) == Some(&'/') {
        let m = f[end_q + 1..end.min(end_q + 6)]
            .iter()
            .take_while(|&&c| is_cjk(c))
            .count();
        if m > 0 {
            let words: String = f[end_q + 1..end_q + 1 + m]
                .iter()
                .take_while(|&&c| !"的和及、以左约多余".contains(c))
                .collect();
            // 20亿立方米/年煤制天然气项目, 4318元/年提高到…: a known denominator ends the unit.
            let per = per()
                .iter()
                .filter(|d| words.starts_with(*d))
                .max_by_key(|d| d.len())
                .map_or(words.clone(), |d| d.to_string());
            if !per.is_empty() {
                unit = Cow::Owned(format!("{unit}/{per}"));
                end_q += 1 + per.chars().count();
            }
        }
    }
    // 6957套（间）, 8978辆（台）, 100条（个）, 120万头（只）: a counter with its alternative is one
    // unit.
    const PAIRED: &str = "个项家所条座台套间户辆段张处件名次艘头只匹";
    let one = |u: &str| u.chars().count() == 1 && u.chars().all(|c| PAIRED.contains(c));
    if f.get(end_q).is_some_and(|c| matches!(c, '（' | '('))
        && one(unit.as_ref())
        && f.get(end_q + 2).is_some_and(|c| matches!(c, '）' | ')'))
        && f.get(end_q + 1).is_some_and(|c| PAIRED.contains(*c))
    {
        unit = Cow::Owned(format!("{unit}（{}）", f[end_q + 1]));
        end_q += 3;
    }
    (unit, end_q)
}

/// Whether the words right after the unit show the number names something rather than an
/// amount: a structure, a programme, a distance that defines, steps or a size class.
fn names_no_amount(f: &[char], n: &Numeral, unit: &str, end_q: usize) -> bool {
    // 29项主要指标 is the plan's structure; 10项主要指标全部达标 / 9项约束性指标全部完成 is a
    // result.
    // Tried only when a structure word may start at `end_q`: after most units none does.
    let structure_here = f.get(end_q).is_some_and(|&c| may_start_structure(c));
    if let Some(w) = structure_here
        .then(|| structure().iter().find(|w| starts_with(f, end_q, w)))
        .flatten()
    {
        let after = end_q + w.chars().count();
        let clause_end = (after..f.len())
            .find(|&j| matches!(f[j], '，' | '。' | '；' | '：'))
            .unwrap_or(f.len());
        let rest: String = f[after..clause_end].iter().collect();
        let met = crate::lexicon::get()
            .quantity
            .met
            .iter()
            .any(|v| rest.contains(v));
        if !met {
            return true;
        }
    }
    // 围绕经济发展，提出6项指标 / “十四五”规划共设置26项指标: the indicators a plan sets are
    // its structure (but 10项指标全省第1 is a result).
    if starts_with(f, end_q, "指标") {
        let sets_words = crate::lexicon::get().quantity.sets;
        let before = &f[n.start.saturating_sub(2)..n.start];
        if sets_words
            .iter()
            .any(|w| w.chars().eq(before.iter().copied()))
        {
            return true;
        }
    }
    // 3人制篮球场: a format, not people.
    if unit == "人" && f.get(end_q) == Some(&'制') {
        return true;
    }
    // 鼓励数据产业发展十条 / 开发区管理制度改革30条: a policy named by its articles (but
    // 发展十二条措施 counts the measures).
    if unit == "条" && n.start >= 2 {
        let before: String = f[n.start - 2..n.start].iter().collect();
        let ends = f.get(end_q).is_none_or(|c| !is_cjk(*c));
        if ends
            && crate::lexicon::get()
                .quantity
                .policy_names
                .contains(&before.as_str())
        {
            return true;
        }
    }
    // 分13个领域细化实化“十五五”时期任务: the parts a plan is divided into.
    if n.start >= 1
        && f[n.start - 1] == '分'
        && matches!(unit, "个" | "类" | "批" | "项")
        && !(n.start >= 2 && "部得积评满百学".contains(f[n.start - 2]))
    {
        return true;
    }
    // 实施百亿斤粮食产能提升工程: a bare magnitude before a noun names a programme.
    // Not after a word of approach (上千家配套企业, 近百场演唱会): that is a round count.
    let bare_magnitude = n.chinese
        && f[n.start..n.end].iter().all(|c| "百千万亿".contains(*c))
        && !(n.end == n.start + 1 && n.start > 0 && "上近超逾过".contains(f[n.start - 1]));
    if bare_magnitude
        && f.get(end_q)
            .is_some_and(|&c| is_cjk(c) && !"以左约多余".contains(c))
    {
        return true;
    }
    // 公交与轨道50米内换乘比例: a distance that defines what is measured.
    if f.get(end_q) == Some(&'内') && f.get(end_q + 1).is_some_and(|&c| is_cjk(c)) {
        return true;
    }
    // 连跨两个万亿元台阶: steps, not amounts.
    if (starts_with(f, end_q, "台阶") || starts_with(f, end_q, "大关")) && n.chinese {
        return true;
    }
    // 30万吨级进港航道, 500千伏: a size class, not an amount.
    if matches!(f.get(end_q), Some('级') | Some('位')) && unit != "%" {
        return true;
    }
    false
}

/// Whether a word of [`structure`] may start with `c`: bit `c % 128` of their first chars is
/// set (a char whose bit is clear starts none).
pub(super) fn may_start_structure(c: char) -> bool {
    static FIRST: std::sync::OnceLock<u128> = std::sync::OnceLock::new();
    let first = FIRST.get_or_init(|| {
        structure()
            .iter()
            .filter_map(|w| w.chars().next())
            .fold(0, |m, c| m | 1 << (c as u32 % 128))
    });
    first >> (c as u32 % 128) & 1 != 0
}

/// The unit as reported and the sort it gives.
fn unit_and_sort<'a>(f: &[char], n: &Numeral, unit: &'a str) -> (&'a str, Sort) {
    match unit {
        "%" => ("%", Sort::Percent),
        "‰" => ("‰", Sort::Percent),
        "倍" => ("倍", Sort::Times),
        "个百分点" | "百分点" => ("个百分点", Sort::Points),
        "位" if rank_change_before(f, n.start) => ("位", Sort::RankChange),
        "kW" => ("千瓦", Sort::Amount),
        "MW" => ("兆瓦", Sort::Amount),
        "GW" => ("吉瓦", Sort::Amount),
        "km" => ("公里", Sort::Amount),
        u => (u, Sort::Amount),
    }
}

/// Nouns after a Chinese-numeral count that make it the name of a list or a policy.
pub(super) fn abstracts() -> &'static [&'static str] {
    crate::lexicon::get().quantity.abstracts
}

/// Nouns after any count that make it the structure of the report or its plan (6个维度,
/// 29项主要指标, 13项任务举措), not a quantity of the world.
pub(super) fn structure() -> &'static [&'static str] {
    crate::lexicon::get().quantity.structure
}

/// Nouns for people that imply the unit 人 (近8万市民直接受益).
pub(super) fn people() -> &'static [&'static str] {
    crate::lexicon::get().quantity.people
}

/// Nouns for the people of a kind or a place named after a bare count (242万偏远农村居民).
pub(super) fn people_of() -> &'static [&'static str] {
    crate::lexicon::get().quantity.people_of
}

/// Verbs after a travel time that make it a commitment (30分钟对接广州都市圈).
pub(super) fn travel() -> &'static [&'static str] {
    crate::lexicon::get().quantity.travel
}

pub(super) fn rank_change_before(f: &[char], i: usize) -> bool {
    crate::lexicon::get().quantity.rank_changes.iter().any(|w| {
        let l = w.chars().count();
        i >= l && starts_with(f, i - l, w)
    })
}
