//! The period of a fact: the part's year, a span the sentence names, or a target year.

use super::*;
use crate::document::plan_span;
use crate::Kind;

/// Kind, period, first year of a span, and whether 年均 may take the part's span.
pub(super) fn period_of(ctx: &Context, s: usize, e: usize) -> (Kind, i32, Option<i32>, bool) {
    let part = ctx.part;
    let text = ctx.layout.folded_str(s, e);
    let year = ctx.year.unwrap_or(part.period);
    // 到2030年 / 2027年底前: a target for a later year.
    if let Some(y) = target_year(text) {
        if y > year {
            return (Kind::Target, y, Some(year), true);
        }
    }
    let five = ["五年来", "过去五年", "五年间", "五年累计", "五年共"];
    // 2015年城镇常住居民人均可支配收入完成30788元 in a five-year review: that one year.
    if part.kind == Kind::Actual
        && part.since.is_some()
        && text.trim_start().starts_with(&format!("{}年", year - 1))
    {
        return (Kind::Actual, year - 1, None, true);
    }
    if part.kind == Kind::Actual && part.since.is_none() {
        if let Some((a, b)) = part.span {
            if five.iter().any(|w| text.contains(w))
                || plan_span(text).is_some_and(|sp| sp == (a, b))
            {
                return (Kind::Actual, b, Some(a), true);
            }
        }
        if five.iter().any(|w| text.contains(w)) {
            return (Kind::Actual, year - 1, Some(year - 5), true);
        }
    }
    (part.kind, part.period, part.since, true)
}

/// The period of one quantity, from the words of its own clause: 由2010年的162.4亿元 (a
/// baseline year), 2015年城镇…完成30788元 (one year inside a five-year review), 比2010年增加…
/// (a change over the whole span).
#[allow(clippy::too_many_arguments)]
pub(super) fn local_period(
    ctx: &Context,
    sent: usize,
    clause: usize,
    num_start: usize,
    kind: Kind,
    period: i32,
    since: Option<i32>,
) -> (i32, Option<i32>) {
    if kind != Kind::Actual {
        return (period, since);
    }
    let year = ctx.year.unwrap_or(period + 1);
    let text = ctx.layout.folded_str(clause, num_start);
    if let Some(y) = year_right_before(text) {
        if y < year {
            return (y, None);
        }
    }
    if since.is_some() && names_year(text, year - 1) {
        return (year - 1, None);
    }
    // 近3年提升21个百分点 / 3年增长58.6%: a span of N years ending with the period.
    if let Some(n) = years_span(text) {
        return (period, Some(period - n + 1));
    }
    // 经过八年持续努力，近1亿农村贫困人口实现脱贫: in a multi-year passage, a span the sentence
    // names before the number wins over the passage's.
    if since.is_some() {
        let sentence = ctx.layout.folded_str(sent, num_start);
        if let Some(n) = years_span(sentence) {
            return (period, Some(period - n + 1));
        }
    }
    if since.is_none() {
        if let Some((a, b)) = ctx.part.span {
            let base = a - 1;
            if ["比", "较", "是", "与"]
                .iter()
                .any(|w| text.contains(&format!("{w}{base}年")))
            {
                return (b, Some(a));
            }
        }
    }
    (period, since)
}

/// "近3年" / "3年来" / "三年" before a change: the number of years.
pub(super) fn years_span(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c != '年' || i == 0 {
            continue;
        }
        let d = chars[i - 1];
        let n = match d {
            '2'..='9' => d as i32 - '0' as i32,
            '两' | '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            '十' => 10,
            _ => continue,
        };
        // Not part of a longer number (2023年) nor of 十四五.
        if i >= 2
            && (chars[i - 2].is_ascii_digit() || "十一二三四五六七八九".contains(chars[i - 2]))
        {
            continue;
        }
        let rest: String = chars[i + 1..].iter().take(4).collect();
        let lead = i < 2 || matches!(chars[i - 2], '近' | '过' | '，' | '、' | '：');
        // 经过八年持续努力: the years of an effort.
        let effort = i >= 3 && chars[i - 3] == '经' && chars[i - 2] == '过';
        if effort
            || (lead
                && [
                    "来", "间", "累计", "共", "增长", "提升", "提高", "下降", "降低", "增加",
                    "年均",
                ]
                .iter()
                .any(|w| rest.starts_with(w)))
        {
            return Some(n);
        }
    }
    None
}

/// The year of "2010年的" / "2015年" standing right before a number.
pub(super) fn year_right_before(text: &str) -> Option<i32> {
    let t = text.trim_end();
    let t = t.strip_suffix('的').unwrap_or(t);
    let t = t
        .strip_suffix("底")
        .or_else(|| t.strip_suffix("末"))
        .unwrap_or(t);
    let t = t.strip_suffix('年')?;
    let digits: String = t.chars().rev().take_while(|c| c.is_ascii_digit()).collect();
    if digits.chars().count() != 4 {
        return None;
    }
    // 是2010年的2.6倍 / 比2010年增加: a reference year, not the year of the number.
    let head = &t[..t.len() - 4];
    if ["是", "为", "比", "较", "与", "同", "相当于", "于"]
        .iter()
        .any(|w| head.ends_with(w))
    {
        return None;
    }
    let y: i32 = digits.chars().rev().collect::<String>().parse().ok()?;
    (1949..=2100).contains(&y).then_some(y)
}

/// Whether `y`年 stands in the text as the time of a statement (not 比2010年, 到2030年).
pub(super) fn names_year(text: &str, y: i32) -> bool {
    let pat = format!("{y}年");
    text.match_indices(&pat).any(|(i, _)| {
        let before = text[..i].chars().last();
        !before.is_some_and(|c| "比较由与到至从同".contains(c))
    })
}

/// The year of "到2030年" / "2027年底前" / "至2030年" in a sentence.
pub(super) fn target_year(t: &str) -> Option<i32> {
    let chars: Vec<char> = t.chars().collect();
    for i in 0..chars.len() {
        if matches!(chars[i], '到' | '至') && chars.len() > i + 5 {
            let y: String = crate::chars::string(&chars[i + 1..i + 5]);
            if chars[i + 5] == '年' {
                if let Ok(y) = y.parse::<i32>() {
                    if (2000..=2100).contains(&y) {
                        return Some(y);
                    }
                }
            }
        }
    }
    None
}
