//! The period of a fact: the part's year, a span the sentence names, or a target year.

use super::cues::{is_average, is_stretch};
use super::sentence::{Dated, Place, Reading, Segment, Sentence, Start};
use super::Context;
use crate::chars::find_short;
use crate::document::plan_span;
use crate::span;
use crate::{Kind, Measure};

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
    // In a one-year plan, “十五五”时期…新增人口100万: a target for the plan named.
    if part.kind == Kind::Target && part.since.is_none() {
        if let Some((a, b)) = plan_span(text).filter(|&(a, _)| a >= year) {
            let timed = crate::lexicon::get().period.plan_times.iter().any(|w| {
                text.match_indices(*w).any(|(i, _)| {
                    let head = text[..i].trim_end_matches(['”', '"', '’']);
                    plan_span(head.get(head.len().saturating_sub(9)..).unwrap_or(""))
                        == Some((a, b))
                })
            });
            if timed {
                return (Kind::Target, b, Some(a), true);
            }
        }
    }
    let five = crate::lexicon::get().period.five_years;
    // 2015年城镇常住居民人均可支配收入完成30788元 in a five-year review: that one year.
    if part.kind == Kind::Actual
        && part.since.is_some()
        && text.trim_start().starts_with(&format!("{}年", year - 1))
    {
        return (Kind::Actual, year - 1, None, true);
    }
    if part.kind == Kind::Actual && part.since.is_none() {
        if let Some((a, b)) = part.span {
            if five.iter().any(|w| find_short(text, w).is_some())
                || plan_span(text).is_some_and(|sp| sp == (a, b))
            {
                return (Kind::Actual, b, Some(a), true);
            }
        }
        if five.iter().any(|w| find_short(text, w).is_some()) {
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
    let text = ctx.layout.folded_str(clause, num_start);
    // The words searched for below are rare: a compare a char of the clause tells whether any
    // may stand in it (cheaper than a search a word).
    let chars = &ctx.layout.folded[clause.min(num_start)..num_start];
    // “十一五”期间化学需氧量…下降12.45% / 棚户区改造在“十二五”期间累计完成1000万户: the plan's
    // years the clause names win over the passage's.
    if let Some((a, b)) = chars
        .contains(&'期')
        .then(|| plan_years_named(text))
        .flatten()
    {
        let year = ctx.year.unwrap_or(period + 1);
        let fits = match kind {
            Kind::Actual => b < year,
            _ => b >= year && a <= year,
        };
        if fits {
            return (b, Some(a));
        }
    }
    if kind != Kind::Actual {
        // 今明两年职业技能培训3500万人次以上: this year and the next.
        if chars.contains(&'明') && text.contains("今明两年") {
            return (period + 1, Some(period));
        }
        // 确保到2020年国内生产总值比2010年翻一番: a change planned from a base year written in
        // the clause runs from the year after it.
        // (翻一番 starts at 翻: the base year's clause ends with the verb.)
        if !chars.iter().any(|&c| c == '比' || c == '较') {
            return (period, since);
        }
        let verb = usize::from(ctx.layout.folded.get(num_start) == Some(&'翻'));
        return match base_year_of_change(ctx.layout.folded_str(clause, num_start + verb)) {
            Some(b) if b + 1 < period => (period, Some(b + 1)),
            _ => (period, since),
        };
    }
    let year = ctx.year.unwrap_or(period + 1);
    if let Some(y) = year_right_before(text) {
        if y < year {
            return (y, None);
        }
    }
    // 2025年外国人来琼工作人数较2020年增长90%: a change from a base year written in the clause
    // runs from the year after it (years written win over the passage's).
    // (翻一番 starts at 翻, as in a plan.)
    let verb = usize::from(ctx.layout.folded.get(num_start) == Some(&'翻'));
    if let Some(b) = base_year_of_change(ctx.layout.folded_str(clause, num_start + verb)) {
        let end = if names_year(text, year - 1) {
            year - 1
        } else {
            period
        };
        if b + 1 < end {
            return (end, Some(b + 1));
        }
    }
    if since.is_some() && names_year(text, year - 1) {
        return (year - 1, None);
    }
    // 2021年开行量首次突破1000列 / 在2019年突破4000万人次 inside a five-year review.
    if let Some(y) = year_of_clause(text).filter(|&y| y < year && since.is_some()) {
        return (y, None);
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
            // 比2015年 / 较2015年 / 是2015年 / 与2015年.
            if year_words(text, base).any(|i| text[..i].ends_with(['比', '较', '是', '与'])) {
                return (b, Some(a));
            }
        }
    }
    (period, since)
}

/// The year of 比2020年 / 较2020年末 before a change (比2020年增长, 较2020年提高), not before a
/// level of that year (较2020年的4.2万元).
pub(super) fn base_year_of_change(text: &str) -> Option<i32> {
    text.match_indices(['比', '较']).find_map(|(i, m)| {
        let (y, after) = year_at(&text[i + m.len()..])?;
        let after = after.trim_start_matches(['末', '底']);
        if after.is_empty()
            || after.starts_with('的')
            || after.contains(|c: char| c.is_ascii_digit())
        {
            return None;
        }
        Some(y)
    })
}

/// A written year at the start of `rest` (`2010年…`): the year and the text after 年.
fn year_at(rest: &str) -> Option<(i32, &str)> {
    let digits = rest.as_bytes().get(..4)?;
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let after = rest[4..].strip_prefix('年')?;
    let y: i32 = rest[..4].parse().ok()?;
    (1949..=2100).contains(&y).then_some((y, after))
}

/// "近3年" / "3年来" / "三年" before a change: the number of years.
pub(super) fn years_span(text: &str) -> Option<i32> {
    // Each 年 (a char search, memchr) and the chars right before it: no Vec<char> of the text.
    text.match_indices('年').find_map(|(p, _)| {
        let mut back = text[..p].chars().rev();
        let d = back.next()?;
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
            _ => return None,
        };
        let (c2, c3) = (back.next(), back.next());
        // Not part of a longer number (2023年) nor of 十四五.
        if c2.is_some_and(|c| c.is_ascii_digit() || crate::chars::is_cn_digit(c)) {
            return None;
        }
        // The words are at most four chars: a prefix of the text after 年 is one of its first
        // four chars.
        let rest = &text[p + '年'.len_utf8()..];
        let lead = c2.is_none_or(|c| matches!(c, '近' | '过' | '，' | '、' | '：'));
        // 经过八年持续努力: the years of an effort.
        let effort = c3 == Some('经') && c2 == Some('过');
        // 近5年人均预期寿命增量居全国第1位: 近N年 opening its clause is a span (not 创近10年新高,
        // a record of a single year).
        let opening = c2 == Some('近') && c3.is_none_or(|c| matches!(c, '，' | '、' | '：' | '；'));
        // 跨境电商进出口规模五年增长近10倍: N年 right after what it measures, then its change.
        let after_noun = c2.is_some_and(|c| crate::chars::is_cjk(c) && !"续每第前后".contains(c))
            && changes_after_span().iter().any(|w| rest.starts_with(w));
        (effort
            || opening
            || after_noun
            || (lead && span_words().iter().any(|w| rest.starts_with(w))))
        .then_some(n)
    })
}

/// The changes that follow N年 right after a noun (规模五年增长).
fn changes_after_span() -> crate::lexicon::Words {
    crate::lexicon::get().period.changes_after_span
}

/// What follows the 年 of a span before a change (3年来, 近三年累计, 两年增长).
fn span_words() -> crate::lexicon::Words {
    crate::lexicon::get().period.span_words
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
    // 是2010年的2.6倍 / 比2010年增加 / 恢复至2019年的105%: a reference year, not the year of
    // the number.
    let head = &t[..t.len() - 4];
    if crate::lexicon::get()
        .period
        .reference_before
        .iter()
        .any(|w| head.ends_with(w))
    {
        return None;
    }
    let y: i32 = digits.chars().rev().collect::<String>().parse().ok()?;
    (1949..=2100).contains(&y).then_some(y)
}

/// The years of a five-year plan the clause names as a time (“十一五”期间, 十二五时期).
fn plan_years_named(text: &str) -> Option<(i32, i32)> {
    let i = crate::chars::find_short(text, "期间")
        .or_else(|| crate::chars::find_short(text, "时期"))?;
    let head = text[..i].trim_end_matches(['”', '"', '’']);
    let span = crate::document::plan_span(head)?;
    // The name (three chars: 十一五) ends right before 期间 and opens the clause or follows 在
    // (not 比“十三五”时期, a reference).
    let name_start = head.char_indices().rev().nth(2).map(|(k, _)| k)?;
    let before = head[..name_start].trim_end_matches(['“', '"', '‘']);
    (head.ends_with('五') && (before.is_empty() || before.ends_with('在'))).then_some(span)
}

/// The year a clause says its statement is of: opening it (2021年开行量首次突破1000列) or after
/// 在 (民航旅客吞吐量在2019年突破4000万人次); not a span's start (2018年以来, 2018年至2022年)
/// nor a reference (2019年的).
pub(super) fn year_of_clause(text: &str) -> Option<i32> {
    let t = text.trim_start_matches(['，', '、', '；', '：', ' ']);
    let at = if t.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        0
    } else {
        t.find("在").map(|i| i + "在".len())?
    };
    let (y, after) = year_at(&t[at..])?;
    let next = after.chars().next()?;
    if "的以至到起—-－～比较前内末底初中后".contains(next) || next.is_ascii_digit()
    {
        return None;
    }
    Some(y)
}

/// Whether `y`年 stands in the text as the time of a statement (not 比2010年, 到2030年).
pub(super) fn names_year(text: &str, y: i32) -> bool {
    year_words(text, y).any(|i| {
        let before = text[..i].chars().last();
        !before.is_some_and(|c| matches!(c, '比' | '较' | '由' | '与' | '到' | '至' | '从' | '同'))
    })
}

/// Where `{y}年` starts in `text`, in order: what `text.match_indices(&format!("{y}年"))`
/// finds, without the String and the substring searcher. Each 年 (a char search, memchr) is
/// checked for the year's digits right before it; the digits are ASCII, so where they match
/// is a char boundary, and two matches never overlap (each ends with its own 年).
pub(super) fn year_words(text: &str, y: i32) -> impl Iterator<Item = usize> + '_ {
    let mut buf = [0u8; 12];
    let mut k = buf.len();
    let mut v = y.unsigned_abs();
    loop {
        k -= 1;
        buf[k] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if y < 0 {
        k -= 1;
        buf[k] = b'-';
    }
    let len = buf.len() - k;
    text.match_indices('年').filter_map(move |(p, _)| {
        let i = p.checked_sub(len)?;
        (text.as_bytes()[i..p] == buf[k..]).then_some(i)
    })
}

/// The year of "到2030年" / "2027年底前" / "至2030年" in a sentence.
pub(super) fn target_year(t: &str) -> Option<i32> {
    t.match_indices(['到', '至']).find_map(|(i, m)| {
        // Four ASCII digits then 年 (any four chars that parse to 2000..=2100 are digits).
        let b = &t.as_bytes()[i + m.len()..];
        let digits = b.get(..4)?;
        if !digits.iter().all(u8::is_ascii_digit) || b.get(4..7) != Some("年".as_bytes()) {
            return None;
        }
        let y = digits.iter().fold(0, |y, d| y * 10 + i32::from(d - b'0'));
        (2000..=2100).contains(&y).then_some(y)
    })
}

impl Sentence<'_> {
    /// The period stage: the quantity's kind, period and span, and whether it is a yearly
    /// average and a stretch goal.
    pub(super) fn date(&mut self, p: &Place, seg: &Segment, r: &Reading, start: &Start) -> Dated {
        let stretch = self.kind == Kind::Target && !start.baseline && self.stretched(p);
        let average = self.average(p, seg, r);
        let (kind, period, since) = self.own_period(p, seg, start, average);
        let (period, since) = self.own_span(p, r, start.baseline, average, period, since);
        Dated {
            kind,
            period,
            since,
            average,
            stretch,
        }
    }

    /// Whether a stretch word (力争, 争取) governs the quantity, from the start of its part of
    /// the sentence (after a ；).
    fn stretched(&self, p: &Place) -> bool {
        let (f, s, q) = (self.f, self.s, p.q);
        let from = (s..q.start)
            .rev()
            .find(|&j| f[j] == '；')
            .map(|j| j + 1)
            .unwrap_or(s);
        is_stretch(f, from, p.clause, q.start.max(from))
    }

    /// Whether the quantity is a yearly average (年均增长), in a passage where 年均 may take the
    /// part's span.
    fn average(&mut self, p: &Place, seg: &Segment, r: &Reading) -> bool {
        let f = self.f;
        let prev = &self.prev;
        let average = self.average_span
            && (is_average(f, p.seg_start, p.q.start)
                // (not a level reached after a yearly growth: 年均增长5%左右、迈上3万亿元台阶)
                || (r.inherits
                    && seg.bare
                    && prev.average
                    && (r.measure != Measure::Level || prev.level_average))
                // 年均新增城镇就业30万人、输转城乡富余劳动力500万人以上: 年均 heads the list.
                || (p.same_clause
                    && prev.average
                    && r.measure == Measure::Level
                    && prev.level_average
                    && f.get(p.seg_start) == Some(&'、')
                    && find_short(seg.text, "累计").is_none())
                // 年均递增10%，高于全国1.7个百分点: a gap said of the yearly average before.
                || (r.measure == Measure::Pp
                    && prev.average
                    && !prev.level_average
                    && crate::lexicon::get().period.gaps
                        .iter()
                        .any(|w| seg.text.trim_start_matches(['，', '、']).starts_with(w))));
        self.prev.level_average = average && r.measure == Measure::Level;
        self.prev.average = average;
        average
    }

    /// The quantity's kind, period and first year, from the words of its clause (see
    /// [`local_period`]) and whether it is a starting level or a yearly average.
    fn own_period(
        &self,
        p: &Place,
        seg: &Segment,
        start: &Start,
        average: bool,
    ) -> (Kind, i32, Option<i32>) {
        let (kind, q) = (self.kind, p.q);
        let (mut period, mut since) = local_period(
            self.ctx,
            self.s,
            p.clause,
            q.num_start.min(q.start),
            kind,
            self.period,
            self.since,
        );
        let mut fact_kind = kind;
        if start.from_item {
            period = self.from_list[0].1;
            since = None;
        } else if start.baseline && kind == Kind::Actual && year_right_before(seg.text).is_none() {
            (period, since) = match since {
                Some(a) => (a - 1, None),
                None => (period - 1, None),
            };
        }
        // 城乡低保标准从每人每月800元提高到830元 in a plan for one year: 800 is today's level,
        // an actual of the year before.
        // In a plan for several years (十五五…从X提高到Y), X is the level before the span.
        // 将制造业等行业现行16%的税率降至13%: the rate in force is today's level too.
        let current = seg.text.ends_with("现行");
        if (start.baseline || current)
            && kind == Kind::Target
            && year_right_before(seg.text).is_none()
        {
            fact_kind = Kind::Actual;
            period = since.unwrap_or(period) - 1;
            since = None;
        }
        if average && self.since.is_none() {
            if let Some((a, b)) = self.ctx.part.span {
                since = Some(a);
                period = b;
            }
        }
        (fact_kind, period, since)
    }

    /// The span the quantity's clause names itself (连续5年, 2022年以来, “十三五”末), which wins
    /// over the passage's; in a multi-year passage, none for a state at its end.
    fn own_span(
        &mut self,
        p: &Place,
        r: &Reading,
        baseline: bool,
        average: bool,
        mut period: i32,
        mut since: Option<i32>,
    ) -> (i32, Option<i32>) {
        let (f, kind, q) = (self.f, self.kind, p.q);
        let lead_chars = &f[p.clause..q.num_start.min(q.start)];
        // Runs (连续), 以来 and a plan's end (末) are rare: the clause's words are read only then.
        let lead = if lead_chars.iter().any(|c| matches!(c, '续' | '来' | '末')) {
            self.ctx
                .layout
                .folded_str(p.clause, q.num_start.min(q.start))
        } else {
            ""
        };
        // 高新技术企业数3年翻一番: a change over the years named right before it.
        let years = (r.measure == Measure::Growth && lead_chars.last() == Some(&'年'))
            .then(|| {
                let head = crate::chars::string(&lead_chars[lead_chars.len().saturating_sub(4)..]);
                span::years_ending(head.strip_suffix('年').unwrap_or(&head))
            })
            .flatten()
            .map(|n| period - n + 1);
        let run = span::run_since(lead, period)
            .or_else(|| span::since_named(lead))
            .or(years)
            .filter(|&a| a < period);
        if let Some(a) = run {
            // Inside a one-year passage too: 销售额连续3年突破百亿元 held for the three years.
            if !baseline && (since.is_some() || kind == Kind::Actual) {
                since = Some(a);
            }
        }
        // 连续三年获…优秀等次: a run that is its claim's only number counts back from the period.
        if self.is_run(q) && kind == Kind::Actual {
            let words: String = crate::chars::string(&f[q.num_start - 2..q.end]);
            if let Some(a) = span::since_named(lead).or_else(|| span::run_since(&words, period)) {
                since = Some(a);
            }
        }
        // 粮食生产“二十二连丰”: a run of good years counts back from the period; 五连冠 in a
        // multi-year passage was won over it.
        let last = if q.end > 0 && f[q.end - 1] == '”' {
            q.end - 1
        } else {
            q.end
        };
        if kind == Kind::Actual && last >= 2 && f[last - 2] == '连' {
            if q.unit == "年" {
                since = Some(period - q.value as i32 + 1);
            }
            if since.is_some() {
                return (period, since);
            }
        }
        // 较“十三五”末的9323.1亿元: the level at the end of the plan named.
        if let Some(y) = span::plan_end_before(lead) {
            if kind == Kind::Actual
                && y < period
                && matches!(r.measure, Measure::Level | Measure::Share)
            {
                period = y;
                since = None;
            }
        }
        // In a multi-year passage, the number's own role: a state at the end, or over the span.
        // (Read only there: most numbers are of one year.)
        if since.is_some() || self.since.is_some() {
            let role = self.role(p, r.measure);
            if since.is_some() && !average && run.is_none() && !baseline && role == span::Role::End
            {
                since = None;
            }
            self.prev.role = Some(role);
        }
        (period, since)
    }

    /// The quantity's role in a multi-year passage (see [`span::role`]).
    fn role(&self, p: &Place, measure: Measure) -> span::Role {
        let (f, e, q) = (self.f, self.e, p.q);
        let layout = &self.ctx.layout;
        let clause_end = (p.q_end..e)
            .find(|&j| matches!(f[j], '，' | '；' | '。'))
            .unwrap_or(e);
        let after_text = layout.folded_str(p.q_end, clause_end);
        let with_qualifiers = layout.folded_str(p.seg_start, q.num_start.min(q.start));
        let clause_text = layout.folded_str(p.clause, q.num_start.min(q.start));
        let next = layout.folded_str(clause_end, e.min(clause_end + 12));
        span::role(
            measure,
            &q.unit,
            with_qualifiers,
            clause_text,
            after_text,
            next,
            self.prev.role,
        )
    }
}
