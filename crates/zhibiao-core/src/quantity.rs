//! Stage 5b, quantities: numerals with their units — amounts, percent, percentage points,
//! multiples, ranks and ranges — and the numbers that only name, date or label things.

use crate::chars::is_cjk;
use crate::number::{numeral_at, Numeral};

/// What sort of quantity it is, from its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// An amount with a unit (元, 亩, 人, 家 …).
    Amount,
    /// Per cent.
    Percent,
    /// Percentage points (个百分点).
    Points,
    /// A multiple (倍).
    Times,
    /// A place in a league (排全省第2, 全国50强).
    Rank,
    /// A change of place (上升3位).
    RankChange,
    /// The count of an ordinal that makes a stock (成为第4条…): read as a level.
    OrdinalCount,
    /// A proportion written X∶1 or as a bare 比值 (城乡居民收入比缩小到2.3∶1): a ratio in 倍.
    Proportion,
}

/// A quantity in width-folded text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// First char: the numeral, or the 第 / 百分之 / 翻 that introduces it.
    pub start: usize,
    /// Just past the unit.
    pub end: usize,
    /// First char of the numeral itself (qualifiers are read before it).
    pub num_start: usize,
    pub value: f64,
    /// The high end of a range.
    pub upper: Option<f64>,
    pub unit: String,
    pub sort: Sort,
    /// League of a rank (全省, 全国 …).
    pub scope: Option<String>,
    /// 20多项 / 1300余个: more than the number.
    pub more: bool,
    /// A rank given as "N强" (place N or better).
    pub top: bool,
    /// The unit was implied (千亿授信额度 → 元).
    pub implied_unit: bool,
}

/// Units that follow a numeral, longest first where one is a prefix of another.
fn units() -> &'static [&'static str] {
    crate::lexicon::get().quantity.units
}

/// Counters a Chinese numeral may take and still be a fact (十件, 三组, 两个).
fn chinese_counters() -> &'static [&'static str] {
    crate::lexicon::get().quantity.chinese_counters
}

/// Places a rank's league can be (全省, 全国 …), longest first.
fn scopes() -> &'static [&'static str] {
    crate::lexicon::get().quantity.scopes
}

fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '零' | '〇'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
            | '亿'
            | '壹'
            | '贰'
            | '叁'
            | '肆'
            | '伍'
            | '陆'
            | '柒'
            | '捌'
            | '玖'
            | '拾'
            | '佰'
            | '仟'
            | '萬'
            | '億'
    )
}

/// Whether a quantity may start at `c`: every reading of [`quantities`] opens with a digit, a
/// Chinese numeral or one of these words' first chars (第, 连续, 翻番, 倍增, 持平, 成倍), so any
/// other char is passed over at once.
fn may_start(c: char) -> bool {
    c.is_ascii_digit() || is_cn_digit(c) || matches!(c, '第' | '连' | '翻' | '倍' | '持' | '成')
}

fn starts_with(f: &[char], i: usize, s: &str) -> bool {
    (i..).zip(s.chars()).all(|(k, c)| f.get(k) == Some(&c))
}

/// The unit at `i`, if any: its text and length in chars.
pub fn unit_at(f: &[char], i: usize) -> Option<(&'static str, usize)> {
    let c = *f.get(i)?;
    if c == '%' {
        return Some(("%", 1));
    }
    // Per mille: 人口自然增长率6‰.
    if c == '‰' {
        return Some(("‰", 1));
    }
    if c == '倍' {
        return Some(("倍", 1));
    }
    // 迈上5万亿台阶: a step (台阶), not machines (台).
    if c == '台' && f.get(i + 1) == Some(&'阶') {
        return None;
    }
    // Only the units that start with this char, longest first as units() lists them.
    units_by_first()
        .get(&c)?
        .iter()
        .find(|u| starts_with(f, i, u))
        .map(|u| (*u, u.chars().count()))
}

/// units() grouped by their first char, in units() order, built once.
fn units_by_first() -> &'static std::collections::HashMap<char, Vec<&'static str>> {
    static MAP: std::sync::OnceLock<std::collections::HashMap<char, Vec<&'static str>>> =
        std::sync::OnceLock::new();
    MAP.get_or_init(|| {
        let mut m: std::collections::HashMap<char, Vec<&'static str>> =
            std::collections::HashMap::new();
        for u in units() {
            if let Some(c) = u.chars().next() {
                m.entry(c).or_default().push(u);
            }
        }
        m
    })
}

/// Skips ordinary spaces from `i`.
fn skip_spaces(f: &[char], mut i: usize) -> usize {
    while i < f.len() && f[i] == ' ' {
        i += 1;
    }
    i
}

/// Finds every quantity in `f[start..end]` (a sentence of width-folded text).
pub fn quantities(f: &[char], start: usize, end: usize) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut quoted = false;
    let mut quote_open = 0;
    let mut i = start;
    while i < end {
        let c = f[i];
        if c == '“' {
            quoted = true;
            quote_open = i;
        } else if c == '”' {
            quoted = false;
        }
        // Numbers inside a short quoted name (“1+6+3”, “三项工程”, “万亩千亿”) are labels.
        let in_name = quoted && f[quote_open..end.min(quote_open + 14)].contains(&'”');
        if in_name || !may_start(c) {
            i += 1;
            continue;
        }
        if c == '第' {
            if let Some((q, next)) = ordinal(f, i, end, start) {
                if let Some(q) = q {
                    out.push(q);
                }
                i = next;
                continue;
            }
        }
        // 连续5年 / 连续三年 / 连续两届 / 连续16个季度: a run, read as a count (the fact stage
        // keeps it only when it is its claim's only number).
        if c == '连' && starts_with(f, i, "连续") {
            if let Some(n) = numeral_at(f, i + 2).filter(|n| n.end < end && n.value >= 2.0) {
                let unit = if f[n.end] == '年' {
                    Some(("年", 1))
                } else if f[n.end] == '届' {
                    Some(("届", 1))
                } else if starts_with(f, n.end, "个季度") {
                    Some(("个", 3))
                } else if starts_with(f, n.end, "个月") {
                    Some(("个", 2))
                } else {
                    None
                };
                if let Some((u, len)) = unit.filter(|_| n.value.fract() == 0.0 && !n.magnitude) {
                    out.push(simple(i + 2, n.end + len, i + 2, n.value, u, Sort::Amount));
                    i = n.end + len;
                    continue;
                }
            }
        }
        // 三分之一 / 四分之三: a fraction, read as a share in per cent (百分之 and 千分之 are
        // read below).
        if is_cn_digit(c) && c != '百' && c != '千' && c != '万' && starts_with(f, i + 1, "分之")
        {
            if let (Some(d), Some(n)) = (
                numeral_at(f, i).filter(|d| d.end == i + 1),
                numeral_at(f, i + 3).filter(|n| n.end <= end),
            ) {
                if d.value >= 2.0 && n.value >= 1.0 && n.value < d.value {
                    let v = (n.value / d.value * 100.0 * 100.0).round() / 100.0;
                    out.push(simple(i, n.end, i, v, "%", Sort::Percent));
                    i = n.end;
                    continue;
                }
            }
        }
        if c == '翻' {
            // 翻两番 = ×4, 翻三番 = ×8.
            let times = [("翻两番", 300.0), ("翻三番", 700.0), ("翻了两番", 300.0)]
                .iter()
                .find(|(w, _)| starts_with(f, i, w));
            if let Some((w, v)) = times {
                let len = w.chars().count();
                out.push(simple(i, i + len, i, *v, "%", Sort::Percent));
                i += len;
                continue;
            }
            let two = starts_with(f, i, "翻一番")
                || starts_with(f, i, "翻了一番")
                || starts_with(f, i, "翻番");
            if two {
                let len = if f[i + 1] == '了' {
                    4
                } else if f[i + 1] == '番' {
                    2
                } else {
                    3
                };
                out.push(simple(i, i + len, i, 100.0, "%", Sort::Percent));
                i += len;
                continue;
            }
        }
        // 百分之六; 千分之六: per mille, kept as written (unit ‰, value 6). Not 进入ESI前千分之一
        // (a threshold that names a group, as 前1% does).
        let per = if starts_with(f, i, "百分之") {
            Some("%")
        } else if starts_with(f, i, "千分之") {
            Some("‰")
        } else {
            None
        };
        if let Some(unit) = per {
            if let Some(p) = numeral_at(f, i + 3).filter(|p| p.end <= end) {
                let top = i > start
                    && f[i - 1] == '前'
                    && !(i >= start + 2 && starts_with(f, i - 2, "提前"));
                let mut q = simple(i, p.end, i, p.value, unit, Sort::Percent);
                // 百分之八至百分之十: a range.
                let prefix: String = crate::chars::string(&f[i..i + 3]);
                let mut j = p.end;
                if matches!(f.get(j), Some('-' | '—' | '–' | '~' | '～' | '至' | '到')) {
                    j += 1;
                    if f.get(j) == Some(&'—') {
                        j += 1;
                    }
                    let upper = starts_with(f, j, &prefix)
                        .then(|| numeral_at(f, j + 3))
                        .flatten()
                        .filter(|m| m.end <= end && m.value >= p.value);
                    if let Some(m) = upper {
                        q = simple(i, m.end, i, p.value, unit, Sort::Percent);
                        q.upper = Some(m.value);
                    }
                }
                let next = q.end;
                if !top {
                    out.push(q);
                }
                i = next;
                continue;
            }
        }
        // 实现倍增: doubled.
        if c == '倍'
            && starts_with(f, i, "倍增")
            && i >= start + 2
            && (starts_with(f, i - 2, "实现") || starts_with(f, i - 1, "了"))
        {
            out.push(simple(i, i + 2, i, 100.0, "%", Sort::Percent));
            i += 2;
            continue;
        }
        // 居民消费价格与上年持平: a change of nothing.
        if c == '持'
            && starts_with(f, i, "持平")
            && ["与上年", "同比", "与去年", "比上年"].iter().any(|w| {
                let l = w.chars().count();
                i >= start + l && starts_with(f, i - l, w)
            })
        {
            out.push(simple(i, i + 2, i, 0.0, "%", Sort::Percent));
            i += 2;
            continue;
        }
        // 成倍增长: doubled or more.
        if c == '成' && starts_with(f, i, "成倍增长") {
            let mut q = simple(i, i + 2, i, 100.0, "%", Sort::Percent);
            q.more = true;
            out.push(q);
            i += 2;
            continue;
        }
        // 保持两位数增长: growth of ten per cent or more.
        if c == '两' && starts_with(f, i, "两位数增长") {
            let mut q = simple(i, i + 3, i, 10.0, "%", Sort::Percent);
            q.more = true;
            out.push(q);
            i += 3;
            continue;
        }
        if let Some(q) = tenths(f, i, start, end) {
            i = q.end;
            out.push(q);
            continue;
        }
        let boundary = i == 0 || !(f[i - 1].is_ascii_digit() || f[i - 1] == '.');
        if boundary && (c.is_ascii_digit() || is_cn_digit(c)) {
            if let Some(n) = numeral_at(f, i).filter(|n| n.end <= end) {
                match quantity(f, n, start, end) {
                    Some(q) => {
                        i = q.end.max(n.end);
                        out.push(q);
                    }
                    None => i = n.end,
                }
                continue;
            }
        }
        i += 1;
    }
    out
}

/// 近八成, 超两成, 九成以上, 精简两成, 近一半: a share in tenths (or a half) when a bound or a
/// change word marks it as a quantity (一成不变 is not).
fn tenths(f: &[char], i: usize, start: usize, end: usize) -> Option<Quantity> {
    let c = f[i];
    if !matches!(f.get(i + 1), Some('成' | '半')) {
        return None;
    }
    let half = c == '一' && f.get(i + 1) == Some(&'半');
    let digit = "一二两三四五六七八九".find(c).map(|_| {
        "一二两三四五六七八九"
            .chars()
            .position(|d| d == c)
            .unwrap_or(0)
    });
    let tenth =
        digit.is_some() && f.get(i + 1) == Some(&'成') && !(i > start && is_cn_digit(f[i - 1]));
    if !(half || tenth) || i + 2 > end {
        return None;
    }
    let value = if half {
        50.0
    } else {
        let d = digit.unwrap_or(0);
        // 两 sits at index 2 of the list beside 二.
        let n = if d >= 2 { d } else { d + 1 };
        n as f64 * 10.0
    };
    let before: String = crate::chars::string(&f[start.max(i.saturating_sub(3))..i]);
    let after: String = crate::chars::string(&f[i + 2..end.min(i + 4)]);
    let marked = [
        "超", "近", "约", "逾", "过", "精简", "压减", "减少", "下降", "提高", "提升", "增加",
        "降低", "增长", "占", "达", "的",
    ]
    .iter()
    .any(|w| before.ends_with(w))
        || after.starts_with("以上")
        || after.starts_with("左右");
    if !marked {
        return None;
    }
    Some(simple(i, i + 2, i, value, "%", Sort::Percent))
}

/// `N大` + a noun the clause sets up (建设5大微短剧基地, 组建三大国资平台公司, 实施…四大专项行动):
/// a count of the things, in the counter their kind takes (个, 项, 家). Only when a verb of
/// building or carrying out opens the clause, the noun ends it, and no quote mark holds the
/// number (“五大文化” is a name; 六大产业全链条总产值… and 7大产业集群对…贡献率 measure something
/// else).
fn big_count(f: &[char], n: &Numeral, start: usize, i: usize, end: usize) -> Option<Quantity> {
    const DEEDS: &[&str] = &[
        "建设", "新建", "建成", "打造", "组建", "壮大", "实施", "培育", "推进", "开展", "启动",
        "布局", "做强", "做优", "做大",
    ];
    if f.get(i) != Some(&'大') || n.value.fract() != 0.0 || !(2.0..=20.0).contains(&n.value) {
        return None;
    }
    if n.start > 0 && matches!(f[n.start - 1], '“' | '"' | '‘') {
        return None;
    }
    let noun_end = i + 1 + big_noun(f, i + 1, end).chars().count();
    if noun_end - (i + 1) < 2 || noun_end >= f.len() || !"，。；、和".contains(f[noun_end]) {
        return None;
    }
    let clause = (start..n.start)
        .rev()
        .find(|&k| matches!(f[k], '，' | '；' | '。' | '：'))
        .map_or(start, |k| k + 1);
    let before: String = crate::chars::string(&f[clause..n.start]);
    if !DEEDS.iter().any(|d| before.contains(d)) || before.contains(['“', '”']) {
        return None;
    }
    let noun: String = crate::chars::string(&f[i + 1..noun_end]);
    let unit = if [
        "行动", "工程", "任务", "改革", "举措", "计划", "项目", "攻坚",
    ]
    .iter()
    .any(|w| noun.ends_with(w))
    {
        "项"
    } else if ["公司", "企业", "银行", "集团"]
        .iter()
        .any(|w| noun.ends_with(w))
    {
        "家"
    } else if [
        "基地",
        "集群",
        "中心",
        "平台",
        "园区",
        "产业带",
        "片区",
        "板块",
        "通道",
        "体系",
        "产业",
        "枢纽",
        "走廊",
    ]
    .iter()
    .any(|w| noun.ends_with(w))
    {
        "个"
    } else {
        return None;
    };
    Some(simple(n.start, i + 1, n.start, n.value, unit, Sort::Amount))
}

/// The noun after an `N大` count at `from` (5大|微短剧基地): CJK up to 的, 和 or a mark.
pub fn big_noun(f: &[char], from: usize, end: usize) -> String {
    f[from.min(f.len())..end.min(from + 13).min(f.len())]
        .iter()
        .take_while(|&&c| is_cjk(c) && c != '的' && c != '和')
        .collect()
}

fn simple(
    start: usize,
    end: usize,
    num_start: usize,
    value: f64,
    unit: &str,
    sort: Sort,
) -> Quantity {
    Quantity {
        start,
        end,
        num_start,
        value,
        upper: None,
        unit: unit.to_string(),
        sort,
        scope: None,
        more: false,
        top: false,
        implied_unit: false,
    }
}

/// Is the numeral a label: a year, a date, part of a code (G325, PM2.5, 5G, 1+6+3), a plan
/// name (十四五), a size class (千亿级)?
fn is_label(f: &[char], n: &Numeral, end: usize) -> bool {
    let before = if n.start > 0 {
        Some(f[n.start - 1])
    } else {
        None
    };
    let after = f.get(n.end).copied().filter(|_| n.end < end.max(n.end + 1));
    let ahead = n.start >= 2 && starts_with(f, n.start - 2, "提前");
    if before.is_some_and(|c| {
        c.is_ascii_alphabetic() || matches!(c, '+' | '-' | '/' | '·' | '前' | '×' | '*')
    }) && !ahead
    {
        return true;
    }
    if after.is_some_and(|c| c.is_ascii_alphabetic() || c == '+' || c == '·')
        && !starts_with(f, n.end, "TEU")
        && !starts_with(f, n.end, "GW")
        && !starts_with(f, n.end, "MW")
        && !starts_with(f, n.end, "kW")
        && !starts_with(f, n.end, "km")
        // 算力规模达到11.4万P: petaflops, after a magnitude word and alone.
        && !(n.magnitude
            && f.get(n.end) == Some(&'P')
            && !f.get(n.end + 1).is_some_and(|c| c.is_ascii_alphanumeric()))
    {
        return true;
    }
    if after.is_some_and(|c| {
        matches!(
            c,
            '月' | '日' | '号' | '届' | '级' | '大' | '型' | '星' | '路' | '线' | '期' | '版'
        )
    }) {
        return true;
    }
    if starts_with(f, n.end, "周年") {
        return true;
    }
    if after == Some('年')
        && !n.chinese
        && n.value.fract() == 0.0
        && (1900.0..=2100.0).contains(&n.value)
    {
        return true;
    }
    // Chinese numerals run together (十四五, 一二三产业) or ordinal (第…) are names.
    if n.chinese {
        let ahead = n.start >= 2 && starts_with(f, n.start - 2, "提前");
        if before.is_some_and(|c| is_cn_digit(c) || c == '第' || c == '之' || c == '前') && !ahead
        {
            return true;
        }
        if after.is_some_and(is_cn_digit) {
            return true;
        }
    }
    false
}

/// A quantity for numeral `n`, or `None` when it is a label or has no unit.
fn quantity(f: &[char], n: Numeral, start: usize, end: usize) -> Option<Quantity> {
    if let Some(q) = top_place(f, &n, start) {
        return Some(q);
    }
    // 建设5大微短剧基地 / 实施…四大专项行动: things of one kind set up, counted (N大 is
    // otherwise a label: 十大考古新发现, “五大文化”).
    if let Some(q) = big_count(f, &n, start, n.end, end) {
        return Some(q);
    }
    if is_label(f, &n, end) {
        return None;
    }
    // 日产500吨熟料生产线, 年产10万辆: the capacity that names a plant.
    if ["日产", "日处理", "年产", "年处理", "时速"]
        .iter()
        .any(|w| {
            let l = w.chars().count();
            n.start >= l && starts_with(f, n.start - l, w)
        })
    {
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
    let unit_here = unit_at(f, i).filter(|(_, l)| i + l <= end);
    let after_unit = unit_here.map(|(_, l)| i + l).unwrap_or(i);
    if let Some(q) = range(f, &n, unit_here, after_unit, end) {
        return Some(q);
    }
    let (unit, len) = match unit_here {
        Some(u) => u,
        None => {
            // 千亿授信额度, 增量均超百亿, 上百亿: a bare magnitude word as an amount of money.
            let bare = n.chinese && n.magnitude && n.value >= 1e8;
            let next = f.get(i).copied();
            // 迈上5万亿台阶 / 连续迈上4万亿、5万亿两个台阶: a milestone of money.
            let rest: String = f.get(i..end.min(i + 14)).unwrap_or(&[]).iter().collect();
            let rest = rest.split(['，', '；']).next().unwrap_or("");
            let steps = ["台阶", "大关", "关口"];
            let to_step = steps
                .iter()
                .filter_map(|w| rest.find(w))
                .min()
                .map(|k| &rest[..k]);
            // Not 连跨两个千亿台阶 (a count of steps of a size).
            let counted = n.start > start && f[n.start - 1] == '个';
            let milestone = n.magnitude
                && n.value >= 1e8
                && !counted
                && to_step.is_some_and(|p| {
                    p.chars().all(|c| {
                        c.is_ascii_digit()
                            || ".、个两一二三四五六七八九十百千万亿元新级".contains(c)
                    })
                });
            let ok = milestone
                || bare
                    && (i >= end
                        || next.is_some_and(|c| "，。；、！？）".contains(c))
                        || ["授信", "资金", "投资", "贷款", "额度", "基金", "融资"]
                            .iter()
                            .any(|w| starts_with(f, i, w)));
            if !ok {
                // 30分钟对接广州都市圈: a travel time as a commitment.
                for (u, verbs) in [("分钟", travel()), ("小时", travel())] {
                    if starts_with(f, i, u) {
                        let j = i + u.chars().count();
                        if verbs.iter().any(|v| starts_with(f, j, v)) {
                            let mut q = simple(n.start, j, n.start, n.value, u, Sort::Amount);
                            q.more = more;
                            return Some(q);
                        }
                    }
                }
                // 近8万市民直接受益: a head count.
                if (!n.chinese || n.magnitude)
                    && people().iter().any(|w| starts_with(f, i, w))
                    && n.value >= 10.0
                {
                    let mut q = simple(n.start, i, n.start, n.value, "人", Sort::Amount);
                    q.implied_unit = true;
                    q.more = more;
                    return Some(q);
                }
                // 提前三年完成
                if f.get(i) == Some(&'年') && n.start >= 2 && starts_with(f, n.start - 2, "提前")
                {
                    return Some(simple(n.start, i + 1, n.start, n.value, "年", Sort::Amount));
                }
                // 平均受教育年限达到10.5年: a length of time in years, not a year.
                if f.get(i) == Some(&'年') && !n.chinese {
                    let before: String = f[n.start.saturating_sub(10).max(start)..n.start]
                        .iter()
                        .collect();
                    // Not 20.2026年 (an item number, then a year).
                    let decimals = f[n.start..n.end]
                        .iter()
                        .skip_while(|c| **c != '.')
                        .skip(1)
                        .take_while(|c| c.is_ascii_digit())
                        .count();
                    if (n.value.fract() != 0.0 && decimals <= 2) || before.contains("年限") {
                        return Some(simple(n.start, i + 1, n.start, n.value, "年", Sort::Amount));
                    }
                }
                return proportion(f, &n, start, end);
            }
            // The step word goes with the amount (迈上5万亿台阶、五年增量…: not 台阶's).
            let step_end = if milestone && to_step == Some("") {
                i + 2
            } else {
                i
            };
            let mut q = simple(n.start, step_end, n.start, n.value, "元", Sort::Amount);
            q.implied_unit = true;
            q.more = more;
            return Some(q);
        }
    };
    if n.chinese && !n.magnitude {
        // 建设一座城市公园: one thing built is a count too, when a verb of building governs it.
        let built = n.value == 1.0
            && matches!(unit, "座" | "条" | "所" | "处" | "家")
            && ["建设", "新建", "建成", "打造", "开工", "改造", "建"]
                .iter()
                .any(|w| {
                    let l = w.chars().count();
                    n.start >= l && starts_with(f, n.start - l, w)
                });
        if !chinese_counters().contains(&unit) || (n.value < 2.0 && !built) {
            return None;
        }
        // 两个市场两种资源 / 两个大局: a set phrase, a small count followed by another at once.
        let j = i + len;
        let k =
            (j..(j + 4).min(f.len())).find(|&k| f[k] == '两' || "三四五六七八九".contains(f[k]));
        if n.value <= 10.0
            && k.is_some_and(|k| {
                f.get(k + 1).is_some_and(|c| "个种项条大".contains(*c))
                    && f[j..k].iter().all(|c| is_cjk(*c))
            })
        {
            return None;
        }
        if n.start > 0 && f[n.start - 1] == '“' {
            return None;
        }
        // 以下十个方面, 中央八项规定, 三支队伍: names of lists and policies, not counts.
        let j = i + len;
        if abstracts().iter().any(|w| starts_with(f, j, w))
            || (n.start >= 2
                && (starts_with(f, n.start - 2, "以下") || starts_with(f, n.start - 2, "中央")))
        {
            return None;
        }
        // 两个确立, 四个全面 and the like sit in quotes; 两个维护 without them is rare.
    }
    // Days count only as a change or a level reached (优良天数增加25天, 保持在355天以上), not as
    // a deadline (30天内办结).
    if unit == "天" {
        let before: String = f[n.start.saturating_sub(4).max(start)..n.start]
            .iter()
            .collect();
        let counted = [
            "增加",
            "减少",
            "缩短",
            "压缩",
            "提前",
            "延长",
            "达到",
            "达",
            "保持在",
            "超过",
            "超",
            "天数",
            "近",
        ]
        .iter()
        .any(|w| before.ends_with(w));
        if !counted {
            return None;
        }
    }
    /// What a rate is per (元/月, 吨/年, 微克/立方米).
    const PER: &[&str] = &[
        "立方米",
        "平方米",
        "千瓦时",
        "千克",
        "公斤",
        "公里",
        "千米",
        "米",
        "小时",
        "分钟",
        "人次",
        "年",
        "月",
        "日",
        "天",
        "周",
        "秒",
        "人",
        "户",
        "亩",
        "吨",
        "辆",
        "次",
        "克",
        "斤",
        "床",
        "标准箱",
        "百亿元",
        "亿元",
        "万元",
        "元",
        "千人",
        "万人",
    ];
    let mut end_q = i + len;
    let mut unit = unit;
    let compound;
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
            let per = PER
                .iter()
                .filter(|d| words.starts_with(*d))
                .max_by_key(|d| d.len())
                .map_or(words.clone(), |d| d.to_string());
            if !per.is_empty() {
                compound = format!("{unit}/{per}");
                end_q += 1 + per.chars().count();
                unit = compound.as_str();
            }
        }
    }
    // 6957套（间）, 8978辆（台）, 100条（个）: a counter with its alternative is one unit.
    const PAIRED: &str = "个项家所条座台套间户辆段张处件名次艘";
    let one = |u: &str| u.chars().count() == 1 && u.chars().all(|c| PAIRED.contains(c));
    let paired;
    if f.get(end_q).is_some_and(|c| matches!(c, '（' | '('))
        && one(unit)
        && f.get(end_q + 2).is_some_and(|c| matches!(c, '）' | ')'))
        && f.get(end_q + 1).is_some_and(|c| PAIRED.contains(*c))
    {
        paired = format!("{unit}（{}）", f[end_q + 1]);
        end_q += 3;
        unit = paired.as_str();
    }
    if structure().iter().any(|w| starts_with(f, end_q, w)) {
        return None;
    }
    // 实施百亿斤粮食产能提升工程: a bare magnitude before a noun names a programme.
    let bare_magnitude = n.chinese && f[n.start..n.end].iter().all(|c| "百千万亿".contains(*c));
    if bare_magnitude
        && f.get(end_q)
            .is_some_and(|&c| is_cjk(c) && !"以左约多余".contains(c))
    {
        return None;
    }
    // 公交与轨道50米内换乘比例: a distance that defines what is measured.
    if f.get(end_q) == Some(&'内') && f.get(end_q + 1).is_some_and(|&c| is_cjk(c)) {
        return None;
    }
    // 连跨两个万亿元台阶: steps, not amounts.
    if (starts_with(f, end_q, "台阶") || starts_with(f, end_q, "大关")) && n.chinese {
        return None;
    }
    // 30万吨级进港航道, 500千伏: a size class, not an amount.
    if matches!(f.get(end_q), Some('级') | Some('位')) && unit != "%" {
        return None;
    }
    let (unit, sort) = match unit {
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
    };
    let mut q = simple(n.start, end_q, n.start, n.value, unit, sort);
    q.more = more;
    Some(q)
}

/// Nouns after a Chinese-numeral count that make it the name of a list or a policy.
fn abstracts() -> &'static [&'static str] {
    crate::lexicon::get().quantity.abstracts
}

/// Nouns after any count that make it the structure of the report or its plan (6个维度,
/// 29项主要指标, 13项任务举措), not a quantity of the world.
fn structure() -> &'static [&'static str] {
    crate::lexicon::get().quantity.structure
}

/// Nouns for people that imply the unit 人 (近8万市民直接受益).
fn people() -> &'static [&'static str] {
    crate::lexicon::get().quantity.people
}

/// Verbs after a travel time that make it a commitment (30分钟对接广州都市圈).
fn travel() -> &'static [&'static str] {
    crate::lexicon::get().quantity.travel
}

fn rank_change_before(f: &[char], i: usize) -> bool {
    [
        "上升", "提升", "前移", "前进", "提高", "跃升", "下降", "后退", "下滑",
    ]
    .iter()
    .any(|w| {
        let l = w.chars().count();
        i >= l && starts_with(f, i - l, w)
    })
}

/// A range starting with numeral `n`: 6%-6.5%, 4.5%至5%, 6-6.5%.
fn range(
    f: &[char],
    n: &Numeral,
    unit_here: Option<(&'static str, usize)>,
    after_unit: usize,
    end: usize,
) -> Option<Quantity> {
    let dash = *f.get(after_unit)?;
    if !matches!(dash, '-' | '—' | '–' | '~' | '至' | '到') {
        return None;
    }
    let mut j = after_unit + 1;
    if f.get(j) == Some(&'—') {
        j += 1;
    }
    let m = numeral_at(f, j).filter(|m| m.end <= end)?;
    let k = skip_spaces(f, m.end);
    let (unit2, len2) = unit_at(f, k).filter(|(_, l)| k + l <= end)?;
    if let Some((u1, _)) = unit_here {
        if u1 != unit2 {
            return None;
        }
    } else {
        // 6-6.5%; 40万—45万人: the unit after the second only, both with their magnitude word.
        let percentish = matches!(unit2, "%" | "‰" | "个百分点" | "倍");
        // 2—4家 / 1—2个 / 25—30家: a small count range with its counter after the second.
        let counts = is_counter(unit2)
            && !n.magnitude
            && !m.magnitude
            && n.value.fract() == 0.0
            && m.value.fract() == 0.0
            && m.value > n.value;
        if !(percentish || counts || n.magnitude && m.magnitude) {
            return None;
        }
    }
    if m.value < n.value {
        return None;
    }
    let (unit, sort) = match unit2 {
        "%" => ("%", Sort::Percent),
        "‰" => ("‰", Sort::Percent),
        "倍" => ("倍", Sort::Times),
        "个百分点" | "百分点" => ("个百分点", Sort::Points),
        u => (u, Sort::Amount),
    };
    let mut q = simple(n.start, k + len2, n.start, n.value, unit, sort);
    q.upper = Some(m.value);
    Some(q)
}

/// At a `第`: `Some((quantity or none, next index))` when an ordinal stands here.
fn ordinal(
    f: &[char],
    i: usize,
    end: usize,
    sent_start: usize,
) -> Option<(Option<Quantity>, usize)> {
    let n = numeral_at(f, i + 1).filter(|n| n.end <= end)?;
    let mut j = n.end;
    // 第十六届, 第三次会议, 第一批: labels.
    if let Some((u, l)) = unit_at(f, j).filter(|(u, _)| *u != "位" && *u != "名") {
        // 成为我市第3个国家湿地公园 / 成为…第4条…产业链: the ordinal counts the stock.
        let became = f[sent_start..i]
            .iter()
            .collect::<String>()
            .rfind("成为")
            .is_some();
        if became && chinese_counters().contains(&u) {
            let mut q = simple(i, j + l, i + 1, n.value, u, Sort::OrdinalCount);
            q.num_start = i + 1;
            return Some((Some(q), j + l));
        }
        return Some((None, j + l));
    }
    // 荣获第18届…, 第3次, 第一批: ordinals that label, not places.
    if matches!(
        f.get(j),
        Some('届' | '次' | '批' | '期' | '季' | '轮' | '版' | '号' | '章' | '节' | '代' | '任')
    ) {
        return Some((None, j + 1));
    }
    if matches!(f.get(j), Some('位') | Some('名')) {
        j += 1;
    }
    // 排全省第2, 全省第4, 居全国第五, 省考核第1, 获片区第1
    let look = i.saturating_sub(10).max(sent_start);
    let before: String = crate::chars::string(&f[look..i]);
    let scope = scopes()
        .iter()
        .filter_map(|s| before.rfind(s).map(|p| (p, *s)))
        .max_by_key(|(p, s)| (*p, s.len()));
    let cue = [
        "排", "居", "位居", "位列", "列", "名列", "排名", "获", "考核", "评价", "评估", "评比",
        "测评", "榜",
    ]
    .iter()
    .any(|w| before.ends_with(w))
        || scope.is_some();
    if !cue || n.value < 1.0 || n.value.fract() != 0.0 {
        return Some((None, j));
    }
    let scope = scope.map(|(_, s)| match s {
        "省考核" | "省内" | "全省同类" => "全省".to_string(),
        "全国同类城市" => "全国".to_string(),
        s => s.to_string(),
    });
    let mut q = simple(i, j, i + 1, n.value, "位", Sort::Rank);
    q.scope = scope;
    Some((Some(q), j))
}

/// `N强` ranks (迈向全国50强): a quantity when numeral `n` is followed by 强 and preceded by a
/// league, and not used as a group's name (前200强企业, 中国企业500强).
pub fn top_rank(f: &[char], n: &Numeral, sent_start: usize) -> Option<Quantity> {
    if f.get(n.end) != Some(&'强') {
        return None;
    }
    let after = f.get(n.end + 1).copied();
    if !after.is_none_or(|c| "，。；、！？）".contains(c) || c == '之') {
        return None;
    }
    if n.start > 0 && f[n.start - 1] == '前' {
        return None;
    }
    let look = n.start.saturating_sub(8).max(sent_start);
    let before: String = crate::chars::string(&f[look..n.start]);
    let scope = scopes().iter().find(|s| before.ends_with(*s))?;
    // 迈向全国50强 ranks a place; 引进世界五百强 names a group.
    let head = before.strip_suffix(*scope).unwrap_or(&before);
    if ![
        "迈向", "进入", "跻身", "位居", "位列", "列", "入围", "保持", "稳居", "挺进", "冲刺",
        "晋级", "居",
    ]
    .iter()
    .any(|v| head.ends_with(v))
    {
        return None;
    }
    let mut q = simple(n.start, n.end + 1, n.start, n.value, "位", Sort::Rank);
    q.scope = Some(scope.to_string());
    q.top = true;
    Some(q)
}

fn is_colon(c: Option<&char>) -> bool {
    matches!(c, Some('∶' | ':' | '：'))
}

/// 三次产业结构调整为8.3∶41.4∶50.3 (each part a share, in %), 城乡居民收入比缩小到2.3∶1 (a
/// ratio, 2.3 倍), 城乡居民收入比值由3.27缩小至2.93 (bare ratios after 比值).
fn proportion(f: &[char], n: &Numeral, start: usize, end: usize) -> Option<Quantity> {
    if n.chinese {
        return None;
    }
    let after_colon = n.start > start && is_colon(f.get(n.start - 1));
    let before_colon = n.end < end && is_colon(f.get(n.end));
    if after_colon || before_colon {
        // Walk the whole ratio: its parts and whether it ends in ∶1.
        let mut a = n.start;
        while a > start && is_colon(f.get(a - 1)) {
            let Some(p) = (start..a - 1)
                .rev()
                .take_while(|&k| f[k].is_ascii_digit() || f[k] == '.')
                .last()
            else {
                break;
            };
            a = p;
        }
        let mut parts = Vec::new();
        let mut k = a;
        while let Some(m) = crate::number::numeral_at(f, k).filter(|m| m.end <= end && !m.chinese) {
            parts.push(m.value);
            if m.end < end && is_colon(f.get(m.end)) {
                k = m.end + 1;
            } else {
                break;
            }
        }
        if parts.len() < 2 {
            return None;
        }
        let to_one = parts.last() == Some(&1.0) && parts.len() == 2;
        if to_one {
            // X∶1: the X is the ratio; the 1 is no fact.
            if after_colon {
                return None;
            }
            let q_end = crate::number::numeral_at(f, n.end + 1).map_or(n.end, |m| m.end);
            return Some(simple(
                n.start,
                q_end,
                n.start,
                n.value,
                "倍",
                Sort::Proportion,
            ));
        }
        // A structure: every part a share of the whole (the parts add up to about 100).
        let sum: f64 = parts.iter().sum();
        if (95.0..=105.0).contains(&sum) {
            return Some(simple(n.start, n.end, n.start, n.value, "%", Sort::Percent));
        }
        return None;
    }
    // 城乡居民收入比值由3.27缩小至2.93: a bare number after 比值 / 收入比.
    let look = n.start.saturating_sub(10).max(start);
    let before: String = crate::chars::string(&f[look..n.start]);
    let next = f.get(n.end).copied();
    if (before.contains("比值") || before.contains("收入比"))
        && n.value < 50.0
        && next.is_none_or(|c| "，。；、缩下降提扩增".contains(c))
    {
        return Some(simple(
            n.start,
            n.end,
            n.start,
            n.value,
            "倍",
            Sort::Proportion,
        ));
    }
    None
}

/// `前N位` ranks (居全国前10位, 位列国内前三): place N or better, when a league and a verb of
/// standing come before and the clause ends after it (not 进入ESI前1%学科, a band naming a group).
fn top_place(f: &[char], n: &Numeral, sent_start: usize) -> Option<Quantity> {
    if n.start == 0 || f[n.start - 1] != '前' || n.value < 1.0 || n.value.fract() != 0.0 {
        return None;
    }
    let mut end = n.end;
    if matches!(f.get(end), Some('位' | '名')) {
        end += 1;
    }
    if !f.get(end).is_none_or(|c| "，。；、！？）".contains(*c)) {
        return None;
    }
    let look = (n.start - 1).saturating_sub(8).max(sent_start);
    let before: String = crate::chars::string(&f[look..n.start - 1]);
    let scope = scopes().iter().find(|s| before.ends_with(*s))?;
    let head = before.strip_suffix(*scope).unwrap_or(&before);
    if ![
        "进入", "跻身", "位居", "位列", "列", "入围", "保持", "稳居", "居", "排", "排名", "名列",
    ]
    .iter()
    .any(|v| head.ends_with(v))
    {
        return None;
    }
    let mut q = simple(n.start - 1, end, n.start, n.value, "位", Sort::Rank);
    q.scope = Some(scope.to_string());
    q.top = true;
    Some(q)
}

/// Units that count things (家, 个, 人 …), as against amounts of money or matter.
pub fn is_counter(unit: &str) -> bool {
    const MATTER: &[&str] = &[
        "元",
        "美元",
        "港元",
        "欧元",
        "元/月",
        "元/人",
        "元/吨",
        "元/亩",
        "亩",
        "吨",
        "斤",
        "米",
        "公里",
        "千米",
        "公顷",
        "公斤",
        "千克",
        "平方公里",
        "平方千米",
        "平方米",
        "立方米",
        "千瓦",
        "千瓦时",
        "兆瓦",
        "兆瓦时",
        "吉瓦",
        "吉瓦时",
        "吨/年",
        "吨/日",
        "吨/天",
        "立方米/秒",
        "标准箱",
        "标箱",
        "%",
        "倍",
        "个百分点",
        "分钟",
        "小时",
        "年",
    ];
    !MATTER.contains(&unit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::fold_text;

    fn qs(s: &str) -> Vec<(f64, String, Sort)> {
        let f = fold_text(&s.chars().collect::<Vec<_>>());
        quantities(&f, 0, f.len())
            .into_iter()
            .map(|q| (q.value, q.unit, q.sort))
            .collect()
    }

    #[test]
    fn amounts_percent_and_ranks() {
        let got = qs("实现地区生产总值3773.41亿元，增长3.3%、排全省第2，为建市以来最高排位");
        assert_eq!(
            got,
            vec![
                (377341000000.0, "元".into(), Sort::Amount),
                (3.3, "%".into(), Sort::Percent),
                (2.0, "位".into(), Sort::Rank)
            ]
        );
    }

    #[test]
    fn a_counter_with_its_alternative_is_one_unit() {
        assert_eq!(
            qs("新筹集保障性租赁住房6957套（间），新增货车8978辆(台)"),
            vec![
                (6957.0, "套（间）".to_string(), Sort::Amount),
                (8978.0, "辆（台）".to_string(), Sort::Amount),
            ]
        );
        // Not a counter in the brackets: the unit stands alone.
        assert_eq!(
            qs("建成5个（含在建）"),
            vec![(5.0, "个".to_string(), Sort::Amount)]
        );
    }

    #[test]
    fn per_mille_is_kept_as_written() {
        let got = qs("人口自然增长率控制在千分之六以内，出生率9.5‰，学科进入ESI前千分之一");
        assert_eq!(
            got,
            vec![
                (6.0, "‰".into(), Sort::Percent),
                (9.5, "‰".into(), Sort::Percent),
            ]
        );
        let f = fold_text(&"增长5‰-6‰".chars().collect::<Vec<_>>());
        let q = quantities(&f, 0, f.len());
        assert_eq!(
            (q[0].value, q[0].upper, q[0].unit.as_str()),
            (5.0, Some(6.0), "‰")
        );
    }

    #[test]
    fn labels_are_not_quantities() {
        assert!(qs(
            "深入贯彻省委、省政府“1+1+9”工作部署，2023年2月16日在江门市第十六届人民代表大会"
        )
        .is_empty());
        assert!(qs("“十四五”规划，PM2.5浓度，G325国道，110接处警，打造千亿级产业集群").is_empty());
    }

    #[test]
    fn ranges_and_points() {
        let f = fold_text(
            &"增长6%-6.5%，提高1.1个百分点，4.5%至5%"
                .chars()
                .collect::<Vec<_>>(),
        );
        let q = quantities(&f, 0, f.len());
        assert_eq!(q.len(), 3);
        assert_eq!((q[0].value, q[0].upper), (6.0, Some(6.5)));
        assert_eq!(q[1].sort, Sort::Points);
        assert_eq!((q[2].value, q[2].upper), (4.5, Some(5.0)));
        let f = fold_text(
            &"增长百分之八至百分之十，新增就业40万—45万人，2021-2025年"
                .chars()
                .collect::<Vec<_>>(),
        );
        let q = quantities(&f, 0, f.len());
        let got: Vec<_> = q
            .iter()
            .map(|q| (q.value, q.upper, q.unit.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![(8.0, Some(10.0), "%"), (400000.0, Some(450000.0), "人"),]
        );
    }
}
