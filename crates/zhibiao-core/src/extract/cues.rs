//! Cues in a quantity's segment: stretches, baselines, ratios, averages, thresholds and
//! the changes and ranks written before it.

use crate::chars::{find_short, is_cjk, FirstChars};
use crate::qualifier::starts_with_word;
use crate::quantity::{Quantity, Sort};
use crate::subject;
use crate::{Bound, Measure};

/// A stretch word (力争, 争取, 争创) governs the quantity when it stands in the quantity's own clause,
/// or when it opens an earlier clause of the sentence (争取全年引进…，其中…) and no clause since
/// opens with a governing verb of its own (推动…).
pub(super) fn is_stretch(f: &[char], from: usize, clause: usize, q: usize) -> bool {
    // Only the stretch words starting with the char at `j` are tried there.
    static STRETCH: std::sync::OnceLock<FirstChars> = std::sync::OnceLock::new();
    let stretch = STRETCH.get_or_init(|| FirstChars::new(crate::qualifier::stretch()));
    let Some(p) = (from..q).rev().find(|&j| {
        stretch.starting(f[j]).iter().any(|(_, w)| {
            w.chars()
                .enumerate()
                .all(|(k, c)| j + k < q && f[j + k] == c)
        })
    }) else {
        return false;
    };
    if p >= clause {
        return true;
    }
    // 争创国家现代农业产业园各1个，…之比突破1：1: 争创 (to win a title) governs its own object only.
    if f[p] == '争' && f.get(p + 1) == Some(&'创') {
        return false;
    }
    let opens = crate::sentence::clause_start(f, from, p);
    if f[opens..p].iter().any(|c| !c.is_whitespace()) {
        return false;
    }
    // 争取全年引进项目投资额超2000亿元，其中…: the stretch clause carries a number of its own
    // (争取…项目核准，… is a claim of its own, and governs nothing after it).
    let stretch_clause_end = (p..q).find(|&j| matches!(f[j], '，' | '；')).unwrap_or(q);
    if !f[p..stretch_clause_end].iter().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let own: String = crate::chars::string(&f[clause..q]);
    !crate::lexicon::get()
        .cues
        .governing_openers
        .iter()
        .any(|w| own.starts_with(w))
}

pub(super) fn skip_punct(f: &[char], mut i: usize, end: usize) -> usize {
    while i < end && matches!(f[i], '，' | '、' | '；' | '：' | ' ' | '。' | '）') {
        i += 1;
    }
    i
}

/// 每月多了300元 → 元/月: money per month stated before the number.
pub(super) fn rate_unit(unit: &str, seg: &str) -> String {
    if matches!(unit, "元" | "美元")
        && crate::lexicon::get()
            .cues
            .per_month
            .iter()
            .any(|w| find_short(seg, w).is_some())
    {
        return format!("{unit}/月");
    }
    // 农村低保标准从每人每年5280元提高到5600元 → 元/年.
    if matches!(unit, "元" | "美元") && find_short(seg, "每人每年").is_some() {
        return format!("{unit}/年");
    }
    // 每千人拥有…托位数4.59个 keeps 个: the per-head base is part of the subject (as the
    // hand-checked gold has it).
    unit.to_string()
}

/// 材料 in 压减时间58%、材料52%: a short item with no measure word of its own.
pub(super) fn short_item(t: &str) -> bool {
    let n = t.chars().count();
    (1..=3).contains(&n) && !t.contains('率') && !t.contains('比') && !t.contains('占')
}

/// 由…的A提高到B / 从A降到B: A is the baseline.
pub(super) fn is_baseline(f: &[char], seg: &str, q_end: usize, next: usize) -> bool {
    if next <= q_end || (find_short(seg, "由").is_none() && find_short(seg, "从").is_none()) {
        return false;
    }
    let gap: String = crate::chars::string(&f[q_end..next]);
    // 由51家整合为33家 / 由8.7调整为7.4: a verb of change ending in 为 leads to the end.
    gap.chars().count() <= 8 && (gap.contains('到') || gap.contains('至') || gap.ends_with('为'))
}

/// A segment that names nothing of its own (、力争, 和, 分别为).
pub(super) fn bare_segment(seg: &str) -> bool {
    subject::clean(seg).is_empty()
}

/// 年均增长 / 年均增速 / 年平均增长: a yearly average (not 年均浓度, a yearly mean level).
/// Read in the chars themselves: a 年 first, then 均 or 平均 (no String, no searcher).
pub(super) fn is_average(f: &[char], lo: usize, i: usize) -> bool {
    let s = &f[lo..i];
    (0..s.len()).any(|p| {
        if s[p] != '年' {
            return false;
        }
        let rest = match &s[p + 1..] {
            ['均', rest @ ..] | ['平', '均', rest @ ..] => rest,
            _ => return false,
        };
        // 年均吸引4000余万人次 / 年均开行 / 年均缩减近2000平方公里: a two-char verb right
        // before the number, or before its bound (not a measure: 年均浓度, 年均气温, 年均收入;
        // the lexicon's measure_ends).
        let rest = match rest {
            [verb @ .., '近' | '超' | '约' | '逾'] => verb,
            _ => rest,
        };
        rest.is_empty()
            || (rest.len() == 2
                && rest.iter().all(|&c| is_cjk(c))
                && !measure_ends().iter().any(|w| ends_with_word(rest, w)))
            || crate::lexicon::get()
                .cues
                .average_verbs
                .iter()
                .any(|v| starts_with_word(rest, 0, v))
    })
}

/// What a measure ends with (年均浓度, 年均气温): after 年均, no verb.
fn measure_ends() -> &'static [&'static str] {
    crate::lexicon::get().cues.measure_ends
}

/// Whether the chars `s` end with the word `w`.
fn ends_with_word(s: &[char], w: &str) -> bool {
    let mut k = s.len();
    w.chars().rev().all(|c| {
        let at = k.checked_sub(1).filter(|&j| s[j] == c);
        k = at.unwrap_or(k);
        at.is_some()
    })
}

/// 投资10亿元以上项目 / 投资超10亿元项目 / 集体总收入超100万元的行政村: a threshold that
/// defines a group, not a fact.
pub(super) fn is_threshold(f: &[char], q: &Quantity, bound: Bound, q_end: usize, e: usize) -> bool {
    // 65岁及以上老年人 / 3岁以下婴幼儿 / 0—6岁儿童: ages that name a group of people (but
    // 人均预期寿命超过80岁 is a level reached).
    let lifetime = || {
        let from = crate::sentence::clause_start(f, 0, q.num_start);
        let head = &f[from..q.num_start];
        head.windows(2)
            .any(|w| w == ['寿', '命'] || w == ['年', '龄'])
    };
    if q.sort == Sort::Amount
        && q.unit == "岁"
        && (matches!(bound, Bound::AtLeast | Bound::AtMost | Bound::Range) || q.upper.is_some())
        && !lifetime()
    {
        return true;
    }
    // 覆盖20万人口以上的县 / 13亿多人口的大国: a population that names a class of places.
    if q.unit == "人"
        && f.get(q.end) == Some(&'口')
        && crate::lexicon::get()
            .cues
            .population_class
            .iter()
            .any(|w| starts_with_word(f, q.end + 1, w))
    {
        return true;
    }
    if q.sort != Sort::Amount || !matches!(bound, Bound::AtLeast | Bound::AtMost) {
        return false;
    }
    let mut j = q_end;
    if f.get(j) == Some(&'的') {
        j += 1;
    }
    let next = match f.get(j) {
        Some(&c) if j < e => c,
        _ => return false,
    };
    // 跨越5000亿元大关 / 迈上5万亿台阶: a milestone crossed, not a class of things.
    if crate::lexicon::get()
        .cues
        .milestones
        .iter()
        .any(|w| starts_with_word(f, j, w))
    {
        return false;
    }
    // 从9000多公里增加到2.5万公里: a start the verb after it changes, not a class.
    let changed = crate::lexicon::get().cues.changed;
    if changed.iter().any(|w| starts_with_word(f, j, w)) {
        return false;
    }
    let noun_follows = is_cjk(next) && !"，。；、：和及与并".contains(next);
    // 推动超600家个体工商户转型: a count with its noun, not a threshold.
    let money_like = !crate::quantity::is_counter(&q.unit);
    noun_follows && money_like && joins_the_class(f, q, e).is_none()
}

/// 石化新材料成为…第4条产值超500亿元产业链: what the sentence names became one of the class,
/// so the threshold is its own level, and its subject the thing, the class and the measure
/// (石化新材料产业链产值). The threshold follows an ordinal count (第4条) and at most four chars
/// of its measure (产值), and 成为 stands between the thing named and the ordinal.
pub(super) fn joins_the_class(f: &[char], q: &Quantity, e: usize) -> Option<String> {
    let mut j = q.num_start;
    for verb in [['突', '破'], ['超', '过']] {
        if j >= 2 && f[j - 2..j] == verb {
            j -= 2;
            break;
        }
    }
    if j == q.num_start && j >= 1 && matches!(f[j - 1], '超' | '过') {
        j -= 1;
    }
    if j == q.num_start {
        return None;
    }
    let measure = (0..=4)
        .take_while(|&k| k == 0 || j >= k && is_cjk(f[j - k]))
        .filter(|&k| {
            j >= k + 2
                && matches!(f[j - k - 1], '条' | '个' | '家' | '座')
                && f[..j - k - 1]
                    .last()
                    .is_some_and(|&c| is_count_digit(c) || c == '首')
        })
        .last();
    let k = measure?;
    let counter = j - k - 1;
    // 成为全国首个经济总量突破5万亿元的城市: the first of the class, its own milestone.
    let first = f[counter - 1] == '首';
    let digits = f[..counter]
        .iter()
        .rev()
        .take_while(|&&c| is_count_digit(c))
        .count();
    let ordinal = if first { counter } else { counter - digits };
    if ordinal == 0 || (!first && f[ordinal - 1] != '第') {
        return None;
    }
    let clause = crate::sentence::clause_start(f, 0, ordinal);
    let head: String = crate::chars::string(&f[clause..ordinal - 1]);
    let owner = subject::clean(&head[..head.find("成为")?]);
    let measure: String = f[j - k..j].iter().collect();
    if first && k >= 2 {
        // The report's own place when the clause names no other (成为全国首个…).
        return Some(format!("{owner}{measure}"));
    }
    if owner.chars().count() < 2 {
        return None;
    }
    let class: String = f[q.end..e]
        .iter()
        .skip_while(|c| **c == '的')
        .take_while(|c| is_cjk(**c) && !"，。；、：和及与并".contains(**c))
        .take(6)
        .collect();
    Some(format!("{owner}{class}{measure}"))
}

/// A digit of an ordinal count (第4条, 第十二个): ASCII or 一 … 十, 两 (matched as chars: a
/// `str` search of the eleven built a searcher for every char tested).
use crate::chars::is_count_digit;

/// 75%以上行政村集体总收入超100万元: the amount after a share is the threshold that defines
/// what is counted.
/// The share must name the things it counts (75%以上行政村): not 年均增长5%左右、迈上3万亿元台阶.
pub(super) fn after_share(
    f: &[char],
    before: &[Quantity],
    q: &Quantity,
    bound: Bound,
    clause: usize,
) -> bool {
    q.sort == Sort::Amount
        && matches!(bound, Bound::AtLeast | Bound::AtMost)
        && before.last().is_some_and(|p| {
            let mut j = p.end;
            for &w in crate::lexicon::get().cues.bounds_after {
                if starts_with_word(f, j, w) {
                    j += 2;
                }
            }
            p.sort == Sort::Percent
                && p.start >= clause
                && f.get(j)
                    .is_some_and(|&c| is_cjk(c) && !"，、。；：和及与".contains(c))
        })
}

/// 九年义务教育巩固率、高中阶段毛入学率保持在97%以上 / 规上工业增加值、固定资产投资增长5%: a
/// change, or a rate of each thing (…率), said of a list holds for each of its items. A share
/// of the list (水电、风电、光伏发电量占比; …贡献率), an amount or a count is of the list as a
/// whole.
pub(super) fn held_by_each(measure: Measure, subject: &str) -> bool {
    match measure {
        Measure::Growth => !subject.contains("合计"),
        Measure::Share => subject.ends_with('率') && !subject.ends_with("贡献率"),
        _ => false,
    }
}

/// Whether the 、 of a subject separates things named one by one, not parts of one name
/// (交通运输、仓储和邮政业; 预约二、三级医院) or clauses (对市、县财力性转移支付;
/// 实现集中管理、经费).
pub(super) fn names_things(subject: &str) -> bool {
    let parts: Vec<&str> = subject.split('、').map(str::trim).collect();
    let last = parts.last().copied().unwrap_or_default();
    let industry = last.ends_with('业') && (last.contains('和') || last.contains('及'));
    !industry
        && parts.iter().all(|p| {
            p.chars().count() >= 2
                && !p.ends_with(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'])
                && !crate::lexicon::get()
                    .cues
                    .clause_verbs
                    .iter()
                    .any(|v| p.contains(v))
        })
}

/// 白银集团7万吨锌基合金等项目 / 推动国达化工60万吨钾肥复合造粒、…等项目建设 / 2座35万千瓦
/// 塔式槽式光热发电项目: a capacity that is part of a project's name, or the size of each of the
/// things counted before it, is no fact. `before` are the sentence's quantities before `q`.
pub(super) fn names_a_project(f: &[char], before: &[Quantity], q: &Quantity, e: usize) -> bool {
    let capacity_words = crate::lexicon::get().cues.capacity;
    if q.sort != Sort::Amount {
        return false;
    }
    // 3座35万千瓦光热电站 / 12个百亿元、70个30亿元以上项目 / 3个过三千亿元城市: each one's
    // size, or the size that names the group.
    // 成为全区第四个突破2000亿元大关的地区: a milestone the thing crossed (大关, 台阶), its own
    // level, not the size that names the group.
    let milestone = crate::lexicon::get()
        .cues
        .milestones
        .iter()
        .any(|w| starts_with_word(f, q.end, w));
    if !milestone
        && before.last().is_some_and(|p| {
            let gap = f.get(p.end..q.num_start).unwrap_or(&[]);
            matches!(gap, [] | ['过'] | ['超'] | ['超', '过'] | ['突', '破'])
                && matches!(p.unit.as_str(), "座" | "台" | "个" | "套" | "家")
        })
    {
        return true;
    }
    // 成为玉林首个300亿元园区 / 全省首家百亿元企业: the first of a class the amount names.
    if q.num_start >= 2
        && f[q.num_start - 2] == '首'
        && matches!(f[q.num_start - 1], '个' | '家' | '座' | '条')
        && !crate::quantity::is_counter(&q.unit)
        && f.get(q.end)
            .is_some_and(|&c| is_cjk(c) && !"的和及以左多余".contains(c))
    {
        return true;
    }
    if !capacity_words.contains(&q.unit.as_str()) {
        return false;
    }
    let to_build = crate::lexicon::get().cues.to_build;
    if q.num_start < 2 {
        return false;
    }
    if f[q.num_start - 1] == '、' {
        // 300万吨级CCUS…、100吉瓦时锂电池储能等减碳项目: an item of a list of projects, when no
        // verb of building heads the clause.
        let clause = crate::sentence::clause_start(f, 0, q.num_start);
        let head: String = crate::chars::string(&f[clause..q.num_start]);
        if to_build.iter().any(|w| head.contains(w)) {
            return false;
        }
    } else if !is_cjk(f[q.num_start - 1]) {
        return false;
    } else {
        let word: String = crate::chars::string(&f[q.num_start - 2..q.num_start]);
        if to_build.contains(&word.as_str()) {
            return false;
        }
    }
    // The words after it, to the end of the list item, name a product and end the list with
    // …项目 (no verb of its own between: not 产量达到500万吨，…项目).
    let item_end = (q.end..e)
        .find(|&j| matches!(f[j], '，' | '。' | '；' | '、' | '：'))
        .unwrap_or(e);
    let clause_end = (q.end..e)
        .find(|&j| matches!(f[j], '，' | '。' | '；' | '：'))
        .unwrap_or(e);
    let item: String = crate::chars::string(&f[q.end..item_end]);
    let clause: String = crate::chars::string(&f[q.end..clause_end]);
    let noun_follows = f.get(q.end).is_some_and(|&c| is_cjk(c))
        && !item.starts_with(['的', '和', '及', '以', '左', '多', '余', '，']);
    // …等项目 / …等产业项目 / …等减碳项目.
    let projects_after_deng = clause.find('等').is_some_and(|at| {
        clause[at..]
            .chars()
            .take(6)
            .collect::<String>()
            .contains("项目")
    });
    noun_follows && (item.ends_with("项目") || item.contains("等项目") || projects_after_deng)
}
