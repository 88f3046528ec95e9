//! Stage 7, facts: quantities, qualifiers, subjects and periods assembled into [`Fact`]s.

use crate::document::{describe, plan_span, Part};
use crate::layout::{layout, Layout, Role};
use crate::qualifier::{
    back_over_qualifiers, bound_after, bound_before, changes_before, falls_before,
};
use crate::quantity::{quantities, Quantity, Sort};
use crate::sentence::{clause_start, sentences};
use crate::span;
use crate::subject;
use crate::{Bound, Extraction, Fact, Kind, Measure};

/// Runs the whole pipeline on decoded text, naming indicators from the built-in registry.
pub fn run(doc_id: &str, text: &str, encoding: Option<&str>) -> Extraction {
    run_with(doc_id, text, encoding, crate::Registry::builtin())
}

/// Runs the whole pipeline on decoded text: the document, its facts with their indicators
/// (named from `registry`), and the report as laid out and described, for the stages after.
pub fn run_with(
    doc_id: &str,
    text: &str,
    encoding: Option<&str>,
    registry: &crate::Registry,
) -> Extraction {
    let layout = layout(text);
    let described = describe(doc_id, &layout);
    let mut document = described.document;
    document.encoding = encoding.map(str::to_string);
    let mut warnings = described.warnings;
    let mut facts = Vec::new();
    // A glossary (名词解释) explains the report's terms: its numbers are no claims.
    let mut glossary = false;
    for (pi, p) in layout.paragraphs.iter().enumerate() {
        let opening: String = layout.folded[p.start..p.end.min(p.start + 12)]
            .iter()
            .filter(|c| !c.is_whitespace())
            .collect();
        if is_glossary_heading(&opening) {
            glossary = true;
            continue;
        }
        if p.role == Role::Other {
            continue;
        }
        if glossary {
            // An annex after the glossary (附件：…民生实事) is read again.
            if opening.starts_with("附件") {
                glossary = false;
            } else {
                continue;
            }
        }
        let ctx = Context {
            layout: &layout,
            doc: doc_id,
            part: described.parts[pi],
            section: &described.sections[pi],
            region: document.region.as_deref(),
            year: document.year,
        };
        for (s, e) in sentences(&layout.folded, p.start, p.end) {
            sentence_facts(&ctx, s, e, &mut facts);
        }
    }
    if facts.is_empty() {
        warnings.push("no facts found".into());
    }
    crate::indicator::assign_from(registry, &mut facts);
    Extraction {
        document,
        facts,
        warnings,
        layout,
        parts: described.parts,
        sections: described.sections,
    }
}

/// 名词解释 / 附：名词解释 / 注释： alone on a line.
fn is_glossary_heading(opening: &str) -> bool {
    let t = opening
        .trim_start_matches(['附', '：', ':', '件'])
        .trim_end_matches(['：', ':']);
    matches!(
        t,
        "名词解释" | "注释" | "名词注释" | "相关名词解释" | "有关名词解释"
    ) || [
        "名词解释",
        "附：名词解释",
        "附:名词解释",
        "相关名词解释",
        "有关名词解释",
    ]
    .iter()
    .any(|w| opening.starts_with(w))
}

struct Context<'a> {
    layout: &'a Layout,
    doc: &'a str,
    part: Part,
    section: &'a str,
    region: Option<&'a str>,
    year: Option<i32>,
}

/// A fact under construction: what later quantities of the sentence may share.
struct Item {
    subject: String,
    /// The things counted, when the subject ends with them (地区生产总值跨越3个千亿元台阶 →
    /// 千亿元台阶): an amount that follows is of the owner, not of them.
    counted: Option<String>,
}

fn sentence_facts(ctx: &Context, s: usize, e: usize, facts: &mut Vec<Fact>) {
    let f = &ctx.layout.folded;
    let qs = quantities(f, s, e);
    if qs.is_empty() {
        return;
    }
    let (kind, period, since, average_span) = period_of(ctx, s, e);
    let owner = opening_owner(f, s, e);
    let mut items: Vec<Item> = Vec::new();
    // Facts since the last 均 / 分别 group: the subjects a 均 shares a number among.
    let mut group_from = 0usize;
    let mut prev_end = s;
    let mut prev_measure: Option<(Measure, Sort)> = None;
    let mut prev_fall = false;
    let mut prev_bound: Option<Bound> = None;
    let mut prev_role: Option<span::Role> = None;
    let mut prev_average = false;
    let mut prev_level_average = false;
    let mut fenbie: Option<Fenbie> = None;
    // 分别 groups: (fact index, group, whether the number carries its own bound word).
    let mut groups: Vec<(usize, usize, bool)> = Vec::new();
    let mut group_id = 0usize;
    // 分别从2020年的645元/月、4318元/年提高到2025年的801元/月、7226元/年: the levels of the
    // start (subject and year), handed to the levels reached in order.
    let mut from_list: Vec<(String, i32)> = Vec::new();
    let mut to_next = 0usize;
    for (k, q) in qs.iter().enumerate() {
        let clause = clause_start(f, s, q.start);
        let seg_start = clause.max(prev_end);
        let next_start = qs.get(k + 1).map(|n| n.start).unwrap_or(e);

        // 连续30个月居全国前10位: a run that only sets the span of the claim's other number.
        if q.num_start >= s + 2
            && f[q.num_start - 2] == '连'
            && f[q.num_start - 1] == '续'
            && matches!(q.unit.as_str(), "个" | "年" | "届")
            && qs
                .iter()
                .enumerate()
                .any(|(j, o)| j != k && clause_start(f, s, o.start) == clause_start(f, s, q.start))
        {
            continue;
        }
        // Bound.
        let before = bound_before(f, seg_start, q.num_start);
        let after = bound_after(f, q.end, e);
        let mut bound = match (before, after, q.upper) {
            (_, _, Some(_)) => Bound::Range,
            (_, Some((b, _)), _) => b,
            (Some((b, _)), None, _) => b,
            (None, None, _) if q.more || q.top => {
                if q.top {
                    Bound::AtMost
                } else {
                    Bound::AtLeast
                }
            }
            _ => Bound::Exact,
        };
        let q_end = after.map(|(_, e)| e).unwrap_or(q.end);
        // The quantity before stands in this clause: a bare segment shares its reading
        // (增长6%以上、力争7%以上; 分别超98.5%和99%).
        let same_clause = k > 0 && prev_end > clause;
        // Only a comma since the quantity before (地区生产总值增长7.5%左右，力争8%).
        let after_comma =
            k > 0 && prev_end < clause && f[prev_end..clause].iter().all(|&c| c == '，');
        prev_end = q_end;
        let core_start = back_over_qualifiers(f, seg_start, q.num_start.min(q.start));

        // Thresholds that define a group (投资10亿元以上项目, 投资超10亿元项目): not facts.
        if is_threshold(f, q, bound, q_end, e) || after_share(&qs[..k], q, bound, clause) {
            continue;
        }

        // Measure and sign.
        let seg_text = ctx.layout.folded_str(seg_start, core_start);
        // The segment's own words, cleaned once: most readings below look at them.
        let pre = subject::clean(seg_text);
        let bare = pre.is_empty();
        let verb_change = changes_before(f, seg_start, core_start);
        let verb_fall = falls_before(f, seg_start, core_start);
        let percentish = matches!(q.sort, Sort::Percent | Sort::Points);
        // 平均压减时间58%、材料52%: a change verb before a short object, and the items after it.
        let lead_change = if percentish {
            leading_change(&pre)
        } else {
            None
        };
        // 地区生产总值增长7.5%左右，力争8%: a clause of only a stretch word and a number goes on
        // with the quantity just before it, as if joined by 、 (its measure and subject; not
        // its bound: the stretch figure is its own).
        let stretch_follow = after_comma
            && bare
            && crate::qualifier::stretch().iter().any(|w| {
                let opening: String = crate::chars::string(&f[clause..q.num_start.min(q.start)]);
                opening.trim_start().starts_with(w)
            })
            && prev_measure.is_some_and(|(_, sort)| sort == q.sort);
        let inherits = (same_clause || stretch_follow)
            && (bare
                || (percentish
                    && short_item(&pre)
                    && prev_measure.is_some_and(|(m, _)| m == Measure::Growth)));
        let fall = (q.sort != Sort::Proportion && verb_fall)
            || (q.sort == Sort::RankChange && rank_falls(f, seg_start, q.start))
            || lead_change == Some(true)
            || (inherits && prev_fall && percentish);
        prev_fall = fall;
        let same_sort = prev_measure.is_some_and(|(_, sort)| sort == q.sort);
        let own_verb = verb_change || verb_fall;
        if inherits
            && !stretch_follow
            && same_sort
            && !own_verb
            && before.is_none()
            && after.is_none()
            && q.upper.is_none()
        {
            if let Some(b) = prev_bound.filter(|b| {
                matches!(
                    b,
                    Bound::AtLeast | Bound::AtMost | Bound::Nearly | Bound::About
                )
            }) {
                bound = if fall { flip(b) } else { b };
            }
        }
        // 由2010年的21.6%提高到25.2%: the first is a baseline, not a fact of the period.
        // 由2010年的21.6%提高到25.2% / 从75.6%提升至76.5%: the first is the value of an
        // earlier year (named, or the year before the period).
        let from_item = !from_list.is_empty()
            && to_next == 0
            && list_separator(seg_text)
            && next_start > q_end
            && next_start - q_end <= 12
            && f[q_end..next_start]
                .iter()
                .any(|c| matches!(c, '到' | '至'));
        // …的645元/月、4318元/年提高到…: the first start of such a list.
        let from_head = (seg_text.contains('从') || seg_text.contains('由'))
            && next_start > q_end
            && list_separator(ctx.layout.folded_str(q_end, next_start))
            && qs.get(k + 1).is_some_and(|n| {
                let hi = qs.get(k + 2).map_or(e, |m| m.start);
                hi > n.end
                    && hi - n.end <= 12
                    && f[n.end..hi].iter().any(|c| matches!(c, '到' | '至'))
            });
        let baseline = from_head || from_item || is_baseline(f, seg_text, q_end, next_start);
        // A level reached after a list of starts: the start's subject, in order.
        let reached = (!baseline && from_list.len() >= 2 && to_next < from_list.len())
            .then(|| {
                let first = to_next == 0 && (seg_text.contains('到') || seg_text.contains('至'));
                (first || (to_next > 0 && list_separator(seg_text)))
                    .then(|| from_list[to_next].0.clone())
            })
            .flatten();
        if !baseline && reached.is_none() {
            from_list.clear();
            to_next = 0;
        }
        let measure = match q.sort {
            // 比上年增加1000亿元 / 优良天数增加25天: a change in the unit itself.
            // 比上年增加1000亿元 / 学位增加326万个: an absolute increase is a level (the amount
            // added); so is an amount cut.
            // 在“世界500强”排名由369位上升到235位: places in a ranking.
            Sort::Amount
                if q.unit == "位"
                    && ["排名", "位次", "排位"]
                        .iter()
                        .any(|w| seg_text.contains(w)) =>
            {
                Measure::Rank
            }
            Sort::Amount | Sort::OrdinalCount => Measure::Level,
            Sort::Proportion => Measure::Ratio,
            Sort::Points => Measure::Pp,
            Sort::Rank => Measure::Rank,
            Sort::RankChange => Measure::Growth,
            Sort::Percent | Sort::Times => {
                if starts_with_word(f, q.start, "翻")
                    || starts_with_word(f, q.start, "倍增")
                    || verb_change
                    || lead_change.is_some()
                    || starts_with_word(f, q.end, "增长")
                    || starts_with_word(f, q_end, "增长")
                    || starts_with_word(f, q.start, "成倍")
                    || starts_with_word(f, q.start, "持平")
                {
                    Measure::Growth
                } else if is_ratio(seg_text) {
                    Measure::Ratio
                } else if inherits {
                    match prev_measure {
                        Some((m, sort)) if sort == q.sort || m == Measure::Growth => m,
                        _ if q.sort == Sort::Times => Measure::Ratio,
                        _ => Measure::Share,
                    }
                } else if q.sort == Sort::Times {
                    Measure::Ratio
                } else {
                    Measure::Share
                }
            }
        };
        prev_measure = Some((measure, q.sort));
        let mut value = q.value;
        let mut upper = q.upper;
        if fall {
            match q.upper {
                Some(u) => {
                    value = -u;
                    upper = Some(-q.value);
                }
                None => value = -value,
            }
            if !inherits || before.is_some() || after.is_some() {
                bound = flip(bound);
            }
        }

        prev_bound = Some(if fall { flip(bound) } else { bound });

        // Subject.
        let counter = crate::quantity::is_counter(&q.unit) && q.sort == Sort::Amount;
        let (post, de) = subject::after(f, q_end, next_start.min(e), counter);
        let post = match qs.get(k + 1) {
            Some(next) if counter && !post.is_empty() => {
                post_with_shared_state(f, &post, q_end, next, qs.get(k + 2), e)
            }
            _ => post,
        };
        let shared = is_shared(seg_text);
        let own = if measure == Measure::Ratio && is_ratio(seg_text) {
            // 利润总额为“十三五”时期的2.2倍: what stands before 为 / 是, if anything.
            let head = seg_text
                .rfind(['为', '是'])
                .map(|p| &seg_text[..p])
                .unwrap_or("");
            subject::clean(head)
        } else if q.num_start >= s + 2 && f[q.num_start - 2] == '连' && f[q.num_start - 1] == '续'
        {
            // 脱贫地区农民收入增速连续5年高于全省平均水平: a run counts the years of what the
            // whole clause says.
            let stop = (q.end..e)
                .find(|&j| matches!(f[j], '，' | '；' | '。' | '、'))
                .unwrap_or(e)
                .min(q.end + 24);
            let rest = ctx.layout.folded_str(q.end, stop);
            let head = pre.strip_suffix("连续").unwrap_or(&pre).to_string();
            format!("{head}{rest}")
        } else if !seg_text.is_empty() && seg_text.chars().all(|c| matches!(c, '∶' | ':' | '：'))
        {
            // 8.3∶41.4∶50.3: the parts after the first share its subject.
            String::new()
        } else if de && !post.is_empty() {
            format!("{post}{pre}")
        } else if counter && !post.is_empty() && seg_start == clause && subject::modifies(&pre) {
            // 抓实能源科技创新9条路径: what the words before say of the things counted.
            format!("{pre}{post}")
        } else if !post.is_empty() && (counter || pre.is_empty() || subject::is_verb_phrase(&pre)) {
            post.clone()
        } else {
            pre
        };
        let own = own.trim().to_string();
        // 达到93%、高于全国平均水平18.3个百分点: a gap against a reference is of the rate before.
        let own = if subject::is_comparison(&own) {
            String::new()
        } else {
            own
        };
        // 建设5大微短剧基地: an N大 count counts the noun after it, and only that.
        let own =
            if q.end > 0 && f[q.end - 1] == '大' && matches!(q.unit.as_str(), "个" | "项" | "家")
            {
                crate::quantity::big_noun(f, q.end, e)
            } else {
                own
            };
        // 新建6个国家级、20个省级临床重点专科: the noun after the last rank is every rank's.
        let own = if own.ends_with('级') && (2..=4).contains(&own.chars().count()) {
            match subject::rank_noun(&f[q.end..e]) {
                Some(noun) => format!("{own}{noun}"),
                None => own,
            }
        } else {
            own
        };
        // 新增铁路运营里程639公里、其中高铁370公里: a part takes the measure of the whole.
        let own = match items.last() {
            Some(it) if seg_text.contains("其中") => subject::part_of(&it.subject, &own),
            _ => own,
        };

        // 分别: the subjects before it, one a number.
        if seg_text.contains("分别") {
            fenbie = Some(Fenbie::new(seg_text, &qs[k..], f, &items[group_from..]));
            group_from = items.len();
            group_id += 1;
        } else if !bare {
            fenbie = None;
        }

        let mut subjects: Vec<String> = Vec::new();
        if let Some(fb) = fenbie.as_mut() {
            if let Some(sub) = fb.next() {
                subjects.push(sub);
                let own_bound = before.is_some() || after.is_some() || q.upper.is_some() || q.more;
                groups.push((facts.len(), group_id, own_bound));
            }
        }
        if subjects.is_empty() && shared {
            // 城镇…、农村…均增长8%: the list is the clause's own.
            let (head, tail) = split_shared(seg_text);
            let own_list = subject::split_list(&head);
            let prev: Vec<String> = if own_list.len() >= 2 {
                own_list
                    .iter()
                    .map(|s| s.trim_end_matches(tail.as_str()).to_string())
                    .collect()
            } else {
                distinct(items[group_from..].iter().map(|it| it.subject.clone()))
            };
            if prev.len() >= 2 {
                let tail = subject::clean(&tail);
                subjects = prev.into_iter().map(|p| format!("{p}{tail}")).collect();
                group_from = items.len();
            }
        }
        if subjects.is_empty() {
            let sub = if own.is_empty() || subject::is_generic(&own) {
                let prev = match items.last() {
                    // 地区生产总值跨越3个千亿元台阶、达到1.5万亿元: the amount is the owner's.
                    Some(Item {
                        subject,
                        counted: Some(c),
                    }) if own.is_empty() && !counter => subject::owner_of_count(subject, c),
                    // 对东盟进出口分别增长19%，全省进出口总值创历史新高，达到5379亿元: a clause
                    // with no number between names the owner, not the item before it.
                    Some(_) if own.is_empty() && !same_clause && !after_comma => {
                        let topic = clause_before(f, s, clause)
                            .map(|t| subject::stated_topic(&t))
                            .unwrap_or_default();
                        if topic.is_empty() {
                            items
                                .last()
                                .map(|it| it.subject.clone())
                                .unwrap_or_default()
                        } else {
                            topic
                        }
                    }
                    Some(it) => it.subject.clone(),
                    None => {
                        let mut topic = topic_before(f, s, clause);
                        // 石化产业持续“减油增化提质”，…。产值突破1300亿元: a bare measure opening
                        // its sentence is of what the sentence before was about.
                        if topic.is_empty()
                            && clause <= s + 1
                            && subject::is_generic(&own)
                            && own != "投资"
                            && own != "投入"
                        {
                            topic = topic_of_sentence_before(ctx, s);
                        }
                        if topic.is_empty() && (own == "投资" || own == "投入" || own.is_empty())
                        {
                            // 投资4.8亿元实施了拆炉并网工程: what it is spent on follows; else
                            // (全年共完成投资3.5亿元) what the sentence before was about.
                            let rest: String = crate::chars::string(&f[q_end..e.min(q_end + 30)]);
                            let spent_on = subject::purpose(&rest);
                            if spent_on.is_empty() && !own.is_empty() && clause <= s + 1 {
                                topic_of_sentence_before(ctx, s)
                            } else {
                                spent_on
                            }
                        } else {
                            topic
                        }
                    }
                };
                if own.is_empty() {
                    prev
                } else {
                    subject::join_generic(&prev, &own)
                }
            } else {
                list_item_of_verb(f, seg_start, same_clause, &own, items.last())
                    .unwrap_or_else(|| own.clone())
            };
            // 综合指数、PM10、臭氧改善幅度全国第一 / 工业机器人、光伏电池产量成倍增长: one place
            // or one doubling held by every item of the list.
            let items = if sub.contains('、')
                && (measure == Measure::Rank || starts_with_word(f, q.start, "成倍"))
            {
                subject::split_list(&sub)
            } else {
                Vec::new()
            };
            if items.len() >= 2 {
                subjects.extend(items);
            } else {
                subjects.push(sub);
            }
        }

        if let Some(subject) = &reached {
            subjects = vec![subject.clone()];
            to_next += 1;
        }
        let quote_start = skip_punct(f, seg_start, q.start);
        let stretch_from = (s..q.start)
            .rev()
            .find(|&j| f[j] == '；')
            .map(|j| j + 1)
            .unwrap_or(s);
        let stretch = kind == Kind::Target
            && !baseline
            && is_stretch(f, stretch_from, clause, q.start.max(stretch_from));
        let average = average_span
            && (is_average(f, seg_start, q.start)
                || (inherits && bare && prev_average)
                // 年均新增城镇就业30万人、输转城乡富余劳动力500万人以上: 年均 heads the list.
                || (same_clause
                    && prev_average
                    && measure == Measure::Level
                    && prev_level_average
                    && f.get(seg_start) == Some(&'、')
                    && !seg_text.contains("累计")));
        prev_level_average = average && measure == Measure::Level;
        prev_average = average;
        let (mut fact_period, mut fact_since) = local_period(
            ctx,
            s,
            clause,
            q.num_start.min(q.start),
            kind,
            period,
            since,
        );
        let mut fact_kind = kind;
        if from_item {
            fact_period = from_list[0].1;
            fact_since = None;
        } else if baseline && kind == Kind::Actual && year_right_before(seg_text).is_none() {
            (fact_period, fact_since) = match fact_since {
                Some(a) => (a - 1, None),
                None => (fact_period - 1, None),
            };
        }
        // 城乡低保标准从每人每月800元提高到830元 in a plan for one year: 800 is today's level,
        // an actual of the year before.
        // In a plan for several years (十五五…从X提高到Y), X is the level before the span.
        if baseline && kind == Kind::Target && year_right_before(seg_text).is_none() {
            fact_kind = Kind::Actual;
            fact_period = fact_since.unwrap_or(fact_period) - 1;
            fact_since = None;
        }
        if average && since.is_none() {
            if let Some((a, b)) = ctx.part.span {
                fact_since = Some(a);
                fact_period = b;
            }
        }
        // A span the clause names itself (连续5年, 2022年以来) wins over the passage's.
        let lead_chars = &f[clause..q.num_start.min(q.start)];
        // Runs (连续), 以来 and a plan's end (末) are rare: the clause's words are read only then.
        let lead = if lead_chars.iter().any(|c| matches!(c, '续' | '来' | '末')) {
            ctx.layout.folded_str(clause, q.num_start.min(q.start))
        } else {
            ""
        };
        let run = span::run_since(lead, fact_period)
            .or_else(|| span::since_named(lead))
            .filter(|&a| a < fact_period);
        if let Some(a) = run {
            // Inside a one-year passage too: 销售额连续3年突破百亿元 held for the three years.
            if !baseline && (fact_since.is_some() || kind == Kind::Actual) {
                fact_since = Some(a);
            }
        }
        // 连续三年获…优秀等次: a run that is its claim's only number counts back from the period.
        let is_run =
            q.num_start >= s + 2 && f[q.num_start - 2] == '连' && f[q.num_start - 1] == '续';
        if is_run && kind == Kind::Actual {
            let words: String = crate::chars::string(&f[q.num_start - 2..q.end]);
            if let Some(a) =
                span::since_named(lead).or_else(|| span::run_since(&words, fact_period))
            {
                fact_since = Some(a);
            }
        }
        // 较“十三五”末的9323.1亿元: the level at the end of the plan named.
        if let Some(y) = span::plan_end_before(lead) {
            if kind == Kind::Actual
                && y < fact_period
                && matches!(measure, Measure::Level | Measure::Share)
            {
                fact_period = y;
                fact_since = None;
            }
        }
        // In a multi-year passage, the number's own role: a state at the end, or over the span.
        // (Read only there: most numbers are of one year.)
        if fact_since.is_some() || since.is_some() {
            let clause_end = (q_end..e)
                .find(|&j| matches!(f[j], '，' | '；' | '。'))
                .unwrap_or(e);
            let after_text = ctx.layout.folded_str(q_end, clause_end);
            let with_qualifiers = ctx.layout.folded_str(seg_start, q.num_start.min(q.start));
            let clause_text = ctx.layout.folded_str(clause, q.num_start.min(q.start));
            let role = span::role(
                measure,
                &q.unit,
                with_qualifiers,
                clause_text,
                after_text,
                prev_role,
            );
            if fact_since.is_some()
                && !average
                && run.is_none()
                && !baseline
                && role == span::Role::End
            {
                fact_since = None;
            }
            prev_role = Some(role);
        }
        let unit = if q.unit == "元" || q.unit == "美元" {
            rate_unit(
                &q.unit,
                ctx.layout.folded_str(clause, q.num_start.min(q.start)),
            )
        } else {
            q.unit.clone()
        };
        for subject in subjects {
            let subject = subject::tidy_end(subject);
            let subject = match &owner {
                Some((name, first_end)) if clause > *first_end => with_owner(name, subject),
                _ => subject,
            };
            let fact = Fact {
                doc: ctx.doc.to_string(),
                quote: ctx.layout.slice(quote_start, q_end),
                kind: fact_kind,
                period: fact_period,
                since: fact_since,
                average,
                subject: subject.clone(),
                measure,
                value,
                upper,
                unit: unit.clone(),
                bound,
                stretch,
                scope: q.scope.clone(),
                line_start: ctx.layout.line_of(quote_start),
                line_end: ctx.layout.line_of(q_end.saturating_sub(1).max(quote_start)),
                offset: quote_start,
                section: ctx.section.to_string(),
                indicator: None,
                region: ctx.region.map(str::to_string),
                note: None,
            };
            let counted =
                (counter && !post.is_empty() && subject.ends_with(&post)).then(|| post.clone());
            if baseline && fact_kind == Kind::Actual {
                from_list.push((subject.clone(), fact_period));
            }
            items.push(Item { subject, counted });
            facts.push(fact);
        }
    }
    // 分别增长5%、6.5%左右 / 分别增长5%、8%以上: a bound word after the last number of a 分别
    // list bounds every number of it that has none of its own.
    for g in 1..=group_id {
        let members: Vec<&(usize, usize, bool)> = groups.iter().filter(|m| m.1 == g).collect();
        let Some(&&(last, _, true)) = members.last() else {
            continue;
        };
        let bound = facts[last].bound;
        if !matches!(bound, Bound::AtLeast | Bound::AtMost | Bound::About) || members.len() < 2 {
            continue;
        }
        for &&(i, _, own) in &members[..members.len() - 1] {
            if !own && facts[i].bound == Bound::Exact && facts[i].measure == facts[last].measure {
                facts[i].bound = bound;
            }
        }
    }
}

/// A stretch word (力争, 争取) governs the quantity when it stands in the quantity's own clause,
/// or when it opens an earlier clause of the sentence (争取全年引进…，其中…) and no clause since
/// opens with a governing verb of its own (推动…).
fn is_stretch(f: &[char], from: usize, clause: usize, q: usize) -> bool {
    let Some(p) = (from..q).rev().find(|&j| {
        crate::qualifier::stretch().iter().any(|w| {
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
    ![
        "推动", "确保", "推进", "加快", "支持", "实施", "深化", "加强", "安排", "布局", "探索",
        "新建", "开展",
    ]
    .iter()
    .any(|w| own.starts_with(w))
}

/// The words before and after the 均 / 都 of a shared number.
fn split_shared(seg: &str) -> (String, String) {
    let chars: Vec<char> = seg.trim_end().chars().collect();
    if chars.last() == Some(&'各') && chars.contains(&'、') {
        let head: String = crate::chars::string(&chars[..chars.len() - 1]);
        // 新建A、B、C各: the verb before the first item is no part of it.
        let head = crate::subject::clean(&head);
        return (head, String::new());
    }
    for (i, &c) in chars.iter().enumerate() {
        if (c == '均' && (i == 0 || !"人年平户日月亩".contains(chars[i - 1])))
            || (c == '都' && i > 0 && chars[i - 1] != '首')
        {
            return (
                crate::chars::string(&chars[..i]),
                crate::chars::string(&chars[i + 1..]),
            );
        }
    }
    (seg.to_string(), String::new())
}

/// The topic of the sentence before the one at `s` in the same paragraph: its first clause with
/// leading verbs and its predicate removed (石化产业持续“减油增化提质” → 石化产业), when that is
/// a short name.
fn topic_of_sentence_before(ctx: &Context, s: usize) -> String {
    let f = &ctx.layout.folded;
    let paras = &ctx.layout.paragraphs;
    let at = paras.partition_point(|p| p.start <= s);
    let Some(para) = at.checked_sub(1).map(|i| &paras[i]) else {
        return String::new();
    };
    if s <= para.start + 1 {
        return String::new();
    }
    let end = s - 1;
    let start = (para.start..end)
        .rev()
        .find(|&j| matches!(f[j], '。' | '！' | '？'))
        .map_or(para.start, |j| j + 1);
    let first_end = (start..end)
        .find(|&j| matches!(f[j], '，' | '；' | '：'))
        .unwrap_or(end);
    let text: String = crate::chars::string(&f[start..first_end]);
    let t = subject::topic(&text);
    if (2..=8).contains(&t.chars().count()) && !t.contains(['要', '将', '的', '稳']) {
        t
    } else {
        String::new()
    }
}

/// The topic of the clause before `clause` in the sentence, when it has no number.
fn topic_before(f: &[char], s: usize, clause: usize) -> String {
    clause_before(f, s, clause)
        .map(|t| subject::topic(&t))
        .unwrap_or_default()
}

/// The words of the clause before `clause` in the sentence, if there is one.
fn clause_before(f: &[char], s: usize, clause: usize) -> Option<String> {
    if clause <= s + 1 {
        return None;
    }
    let prev = crate::sentence::clause_start(f, s, clause - 1);
    Some(crate::chars::string(&f[prev..clause - 1]))
}

/// 8所职业院校、12个专业群入选国家第二期“双高计划” / 173名个人和6个团队入选…: things counted
/// in a list that ends on what they all did share it. `post` is what the quantity ending at
/// `q_end` counts; `next` the quantity after it, the list's next item when only 、/和/及
/// stands between.
fn post_with_shared_state(
    f: &[char],
    post: &str,
    q_end: usize,
    next: &Quantity,
    after_next: Option<&Quantity>,
    e: usize,
) -> String {
    const DID: &[&str] = &[
        "入选", "获评", "获批", "通过", "纳入", "列入", "建成", "开工", "落地", "荣获", "完工",
    ];
    let between = crate::chars::string(&f[q_end.min(next.start)..next.start]);
    let Some(last) = between.chars().last().filter(|c| "、和及".contains(*c)) else {
        return post.to_string();
    };
    let own = post.trim_end_matches(last);
    if between.trim_end_matches(last) != own
        || DID.iter().any(|w| own.contains(w))
        || own.contains('获')
        || !crate::quantity::is_counter(&next.unit)
        || next.sort != Sort::Amount
    {
        return post.to_string();
    }
    let hi = after_next.map_or(e, |n| n.start).min(e);
    let (next_post, _) = subject::after(f, next.end, hi, true);
    let state = DID
        .iter()
        .filter_map(|w| next_post.find(w).filter(|&p| p > 0))
        .min()
        .map(|p| &next_post[p..]);
    match state {
        Some(state) => format!("{own}{state}"),
        None => post.to_string(),
    }
}

/// The owner a sentence opens on (see `subject::opening_owner`), and where its first clause
/// ends.
fn opening_owner(f: &[char], s: usize, e: usize) -> Option<(String, usize)> {
    let first_end = (s..e).find(|&j| matches!(f[j], '，' | '；' | '：'))?;
    let clause = crate::chars::string(&f[s..first_end]);
    subject::opening_owner(&clause).map(|o| (o, first_end))
}

/// A measure of the clauses after an opening owner, named with it (算力规模 → 庆阳数据中心集群
/// 算力规模), unless it names it already or is a long phrase of its own.
fn with_owner(owner: &str, subject: String) -> String {
    if subject.is_empty()
        || subject.chars().count() > 10
        || crate::eval::subject_right(owner, &subject)
        || subject.contains(owner)
    {
        return subject;
    }
    format!("{owner}{subject}")
}

/// Only what separates the items of a list (、, 和, 及).
fn list_separator(seg: &str) -> bool {
    !seg.trim().is_empty() && seg.chars().all(|c| matches!(c, '、' | '和' | '及' | ' '))
}

/// 均 / 都 as "each" (均排全省第4), not as in 人均 / 年均 / 平均.
fn is_shared(seg: &str) -> bool {
    let chars: Vec<char> = seg.trim_end().chars().collect();
    // 新建省重点实验室、省技术创新中心…各20家: 各 right before the number.
    if chars.last() == Some(&'各') && chars.contains(&'、') {
        return true;
    }
    chars.iter().enumerate().any(|(i, &c)| {
        (c == '均' && (i == 0 || !"人年平户日月亩".contains(chars[i - 1])))
            || (c == '都' && i > 0 && chars[i - 1] != '首')
    })
}

fn distinct(it: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in it {
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

fn starts_with_word(f: &[char], i: usize, w: &str) -> bool {
    w.chars().enumerate().all(|(k, c)| f.get(i + k) == Some(&c))
}

fn skip_punct(f: &[char], mut i: usize, end: usize) -> usize {
    while i < end && matches!(f[i], '，' | '、' | '；' | '：' | ' ' | '。' | '）') {
        i += 1;
    }
    i
}

fn rank_falls(f: &[char], lo: usize, i: usize) -> bool {
    let s: String = crate::chars::string(&f[lo..i]);
    ["下降", "后退", "下滑"].iter().any(|w| s.ends_with(w))
}

fn flip(b: Bound) -> Bound {
    match b {
        Bound::AtLeast => Bound::AtMost,
        Bound::AtMost => Bound::AtLeast,
        b => b,
    }
}

/// 压减时间58%: a change verb opening the segment, before a short object. `Some(true)` for a
/// fall.
fn leading_change(pre: &str) -> Option<bool> {
    let t = pre.strip_prefix("平均").unwrap_or(pre);
    const FALLS: &[&str] = &[
        "压减", "压缩", "减少", "降低", "下降", "精简", "缩短", "缩减",
    ];
    const RISES: &[&str] = &["提高", "提升", "增加", "增长"];
    for (words, fall) in [(FALLS, true), (RISES, false)] {
        if let Some(w) = words.iter().find(|w| t.starts_with(*w)) {
            let rest = t[w.len()..].chars().count();
            if (1..=4).contains(&rest) {
                return Some(fall);
            }
        }
    }
    None
}

/// 每月多了300元 → 元/月: money per month stated before the number.
fn rate_unit(unit: &str, seg: &str) -> String {
    if matches!(unit, "元" | "美元") && ["每月", "月增", "每人每月"].iter().any(|w| seg.contains(w))
    {
        return format!("{unit}/月");
    }
    // 每千人拥有…托位数4.59个 keeps 个: the per-head base is part of the subject (as the
    // hand-checked gold has it).
    unit.to_string()
}

/// 材料 in 压减时间58%、材料52%: a short item with no measure word of its own.
fn short_item(t: &str) -> bool {
    let n = t.chars().count();
    (1..=3).contains(&n) && !t.contains('率') && !t.contains('比') && !t.contains('占')
}

/// 由…的A提高到B / 从A降到B: A is the baseline.
fn is_baseline(f: &[char], seg: &str, q_end: usize, next: usize) -> bool {
    if !(seg.contains('由') || seg.contains('从')) || next <= q_end {
        return false;
    }
    let gap: String = crate::chars::string(&f[q_end..next]);
    gap.chars().count() <= 8 && (gap.contains('到') || gap.contains('至'))
}

/// 为年度计划的123.5%, 是过去总量的7倍: a ratio to a named reference.
fn is_ratio(seg: &str) -> bool {
    let seg = seg.trim_end_matches(['达', '为', ' ']);
    seg.ends_with('的')
        && !seg.contains('占')
        && (seg.contains('为') || seg.contains('是') || seg.contains("相当于"))
}

/// A segment that names nothing of its own (、力争, 和, 分别为).
fn bare_segment(seg: &str) -> bool {
    subject::clean(seg).is_empty()
}

/// 年均增长 / 年均增速 / 年平均增长: a yearly average (not 年均浓度, a yearly mean level).
fn is_average(f: &[char], lo: usize, i: usize) -> bool {
    let s: String = crate::chars::string(&f[lo..i]);
    ["年均", "年平均"].iter().any(|w| {
        s.match_indices(w).any(|(p, _)| {
            let rest = &s[p + w.len()..];
            rest.is_empty()
                || [
                    "增", "提", "下降", "降", "递", "减", "上涨", "涨", "超", "达", "保持", "分别",
                    "新增", "净增",
                ]
                .iter()
                .any(|v| rest.starts_with(v))
        })
    })
}

/// 投资10亿元以上项目 / 投资超10亿元项目 / 集体总收入超100万元的行政村: a threshold that
/// defines a group, not a fact.
fn is_threshold(f: &[char], q: &Quantity, bound: Bound, q_end: usize, e: usize) -> bool {
    // 65岁及以上老年人 / 3岁以下婴幼儿 / 0—6岁儿童: ages that name a group of people.
    if q.sort == Sort::Amount
        && q.unit == "岁"
        && (matches!(bound, Bound::AtLeast | Bound::AtMost | Bound::Range) || q.upper.is_some())
    {
        return true;
    }
    // 覆盖20万人口以上的县: a population that names a class of places.
    if q.unit == "人"
        && f.get(q.end) == Some(&'口')
        && ["以上", "以下", "及以上"]
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
    if ["台阶", "大关", "关口"]
        .iter()
        .any(|w| starts_with_word(f, j, w))
    {
        return false;
    }
    let noun_follows = is_cjk(next) && !"，。；、：和及与并".contains(next);
    // 推动超600家个体工商户转型: a count with its noun, not a threshold.
    let money_like = !crate::quantity::is_counter(&q.unit);
    noun_follows && money_like
}

/// 75%以上行政村集体总收入超100万元: the amount after a share is the threshold that defines
/// what is counted.
fn after_share(before: &[Quantity], q: &Quantity, bound: Bound, clause: usize) -> bool {
    q.sort == Sort::Amount
        && matches!(bound, Bound::AtLeast | Bound::AtMost)
        && before
            .last()
            .is_some_and(|p| p.sort == Sort::Percent && p.start >= clause)
}

use crate::chars::is_cjk;

/// Kind, period, first year of a span, and whether 年均 may take the part's span.
fn period_of(ctx: &Context, s: usize, e: usize) -> (Kind, i32, Option<i32>, bool) {
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
fn local_period(
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

/// 邮轮母港接待邮轮91艘次、旅客30余万人次: a bare noun after 、 in the same clause is the next
/// object of the verb before (邮轮母港接待旅客), the verb and its doer taken from the item
/// before.
fn list_item_of_verb(
    f: &[char],
    seg_start: usize,
    same_clause: bool,
    own: &str,
    prev: Option<&Item>,
) -> Option<String> {
    const VERBS: &[&str] = &[
        "接待", "新增", "新建", "建成", "引进", "培育", "开行", "实施", "改造", "新开", "开通",
        "招引", "吸引",
    ];
    if !same_clause || f.get(seg_start) != Some(&'、') {
        return None;
    }
    let prev = &prev?.subject;
    // 应届高校毕业生就业率保持95%以上、市场就业率70%以上: a rate of the same owner.
    if own.ends_with('率') {
        let common = prev
            .chars()
            .rev()
            .zip(own.chars().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let owner: String = {
            let n = prev.chars().count();
            prev.chars().take(n.saturating_sub(common)).collect()
        };
        if common >= 2
            && own.chars().count() <= 6
            // 森林覆盖率…、林草覆盖率: two of a kind, not one owner's.
            && owner.chars().count() >= 4
            && !own.starts_with(owner.as_str())
        {
            return Some(format!("{owner}{own}"));
        }
        return None;
    }
    let n = own.chars().count();
    if !(2..=4).contains(&n)
        || subject::is_verb_phrase(own)
        || VERBS.iter().any(|v| own.contains(v))
    {
        return None;
    }
    let (at, verb) = VERBS
        .iter()
        .filter_map(|v| prev.rfind(v).map(|i| (i, *v)))
        .max_by_key(|(i, _)| *i)?;
    let owner = &prev[..at + verb.len()];
    // The verb's own object must follow it in the item before (接待邮轮), and the doer precede it.
    (at > 0 && owner.len() < prev.len()).then(|| format!("{owner}{own}"))
}

/// "近3年" / "3年来" / "三年" before a change: the number of years.
fn years_span(text: &str) -> Option<i32> {
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
fn year_right_before(text: &str) -> Option<i32> {
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
fn names_year(text: &str, y: i32) -> bool {
    let pat = format!("{y}年");
    text.match_indices(&pat).any(|(i, _)| {
        let before = text[..i].chars().last();
        !before.is_some_and(|c| "比较由与到至从同".contains(c))
    })
}

/// The year of "到2030年" / "2027年底前" / "至2030年" in a sentence.
fn target_year(t: &str) -> Option<i32> {
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

/// Subjects listed before 分别, handed out one a quantity.
struct Fenbie {
    subjects: Vec<String>,
    next: usize,
}

impl Fenbie {
    fn new(seg: &str, rest: &[Quantity], f: &[char], prev: &[Item]) -> Fenbie {
        let before = seg.split("分别").next().unwrap_or("");
        let mut items = subject::split_list(before);
        // How many quantities the 分别 governs: this one and those right after with bare segments.
        let mut n = 1;
        for w in rest.windows(2) {
            let gap: String = crate::chars::string(&f[w[0].end..w[1].start]);
            if gap.chars().count() <= 4 && bare_segment(&gap) {
                n += 1;
            } else {
                break;
            }
        }
        if items.len() < 2 {
            let prev: Vec<String> = distinct(prev.iter().map(|i| i.subject.clone()));
            if prev.len() >= n && n >= 2 {
                items = prev[prev.len() - n..].to_vec();
            } else {
                items = Vec::new();
            }
        }
        Fenbie {
            subjects: items,
            next: 0,
        }
    }

    fn next(&mut self) -> Option<String> {
        let s = self.subjects.get(self.next).cloned();
        self.next += 1;
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(text: &str) -> Vec<Fact> {
        run("t", text, None).facts
    }

    #[test]
    fn review_sentence() {
        let f = facts(
            "过去一年，实现地区生产总值3773.41亿元，增长3.3%、排全省第2，为建市以来最高排位。",
        );
        let got: Vec<_> = f
            .iter()
            .map(|f| (f.subject.as_str(), f.measure, f.value, f.unit.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("地区生产总值", Measure::Level, 377341000000.0, "元"),
                ("地区生产总值", Measure::Growth, 3.3, "%"),
                ("地区生产总值", Measure::Rank, 2.0, "位"),
            ]
        );
        assert_eq!(f[2].scope.as_deref(), Some("全省"));
    }

    #[test]
    fn shared_and_respectively() {
        let f = facts("过去一年，其中规模以上工业增加值增长 3.1%、社会消费品零售总额增长2.4%，均排全省第4，固定资产投资下降0.8%。");
        let ranks: Vec<_> = f
            .iter()
            .filter(|f| f.measure == Measure::Rank)
            .map(|f| f.subject.as_str())
            .collect();
        assert_eq!(ranks, vec!["规模以上工业增加值", "社会消费品零售总额"]);
        let fall = f.iter().find(|f| f.subject == "固定资产投资").unwrap();
        assert_eq!(fall.value, -0.8);
        let f =
            facts("过去一年，工业增加值、制造业增加值占GDP比重分别达39.3%和35.8%，均创近年新高。");
        let got: Vec<_> = f
            .iter()
            .map(|f| (f.subject.as_str(), f.value, f.measure))
            .collect();
        assert_eq!(
            got,
            vec![
                ("工业增加值占GDP比重", 39.3, Measure::Share),
                ("制造业增加值占GDP比重", 35.8, Measure::Share)
            ]
        );
    }

    #[test]
    fn targets_with_stretch() {
        let text = "——2023年2月16日在江门市第十六届人民代表大会第三次会议上\n2023年是关键之年。\n主要预期目标是：地区生产总值增长6%以上、力争7%以上；城镇新增就业4万人以上；工程建设审批时间压减50%以上。\n";
        let f = facts(text);
        let got: Vec<_> = f
            .iter()
            .map(|f| (f.kind, f.period, f.value, f.bound, f.stretch))
            .collect();
        assert_eq!(
            got,
            vec![
                (Kind::Target, 2023, 6.0, Bound::AtLeast, false),
                (Kind::Target, 2023, 7.0, Bound::AtLeast, true),
                (Kind::Target, 2023, 40000.0, Bound::AtLeast, false),
                (Kind::Target, 2023, -50.0, Bound::AtMost, false),
            ]
        );
    }

    #[test]
    fn a_stretch_clause_after_a_comma_goes_on_with_the_target_before_it() {
        let text = "——2019年1月10日在县第十七届人民代表大会第三次会议上\n2019年是关键之年。\n主要预期目标是：地区生产总值增长7.5%左右，力争8%；城镇新增就业2000人，力争2500人；财政收入增长6%，力争新增企业10家。\n";
        let f = facts(text);
        let got: Vec<_> = f
            .iter()
            .map(|f| (f.subject.as_str(), f.measure, f.value, f.bound, f.stretch))
            .collect();
        assert_eq!(
            got,
            vec![
                ("地区生产总值", Measure::Growth, 7.5, Bound::About, false),
                ("地区生产总值", Measure::Growth, 8.0, Bound::Exact, true),
                ("城镇新增就业", Measure::Level, 2000.0, Bound::Exact, false),
                ("城镇新增就业", Measure::Level, 2500.0, Bound::Exact, true),
                ("财政收入", Measure::Growth, 6.0, Bound::Exact, false),
                ("新增企业", Measure::Level, 10.0, Bound::Exact, true),
            ]
        );
    }

    const PLAN: &str =
        "2026年政府工作报告\n——2026年1月20日在某省第十四届人民代表大会第四次会议上\n";

    fn brief(f: &Fact) -> (Kind, i32, Option<i32>, f64, String, String) {
        (
            f.kind,
            f.period,
            f.since,
            f.value,
            f.unit.clone(),
            f.subject.clone(),
        )
    }

    #[test]
    fn five_year_review_spans_by_role() {
        let text = format!(
            "{PLAN}一、“十四五”时期工作回顾\n过去五年，地区生产总值超过2.5万亿元，年均增长5%。五年累计新增高新技术企业1200家。常住人口城镇化率由52.2%提高到58.1%。粮食产量连续5年稳定在1200万吨以上。\n"
        );
        let got: Vec<_> = facts(&text).iter().map(brief).collect();
        let want = [
            (Kind::Actual, 2025, None, 2.5e12, "元", "地区生产总值"),
            (Kind::Actual, 2025, Some(2021), 5.0, "%", "地区生产总值"),
            (Kind::Actual, 2025, Some(2021), 1200.0, "家", "高新技术企业"),
            (Kind::Actual, 2020, None, 52.2, "%", "常住人口城镇化率"),
            (Kind::Actual, 2025, None, 58.1, "%", "常住人口城镇化率"),
            (Kind::Actual, 2025, Some(2021), 1.2e7, "吨", "粮食产量"),
        ];
        assert_eq!(got.len(), want.len(), "{got:#?}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!(
                (g.0, g.1, g.2, g.3, g.4.as_str()),
                (w.0, w.1, w.2, w.3, w.4),
                "{g:?}"
            );
            assert!(g.5.contains(w.5), "{g:?}");
        }
    }

    #[test]
    fn a_bare_measure_opening_its_sentence_is_of_the_sentence_before() {
        let f = facts("——2026年1月20日在某省第十八届人民代表大会第五次会议上\n过去一年，经济运行稳中有进。石化产业持续“减油增化提质”，提升全产业链竞争力。产值突破1300亿元。老城区改造稳步推进。全年共完成投资3.5亿元。\n");
        let subjects: Vec<&str> = f.iter().map(|f| f.subject.as_str()).collect();
        assert_eq!(subjects, ["石化产业产值", "老城区改造投资"], "{f:#?}");
    }

    #[test]
    fn a_run_names_its_span_in_a_one_year_review_too() {
        let f = facts("——2026年1月20日在某市第十八届人民代表大会第五次会议上\n过去一年，“津农精品”销售额连续3年突破百亿元，地区生产总值增长5%。\n");
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!((f[0].period, f[0].since), (2025, Some(2023)));
        assert_eq!((f[1].period, f[1].since), (2025, None));
    }

    #[test]
    fn milestones_crossed_are_levels_reached_and_steps_are_counted() {
        let text = "2026年某省政府工作报告\n一、过去五年工作回顾\n这五年，全省地区生产总值跨越5000亿元大关，年均增长5.7%。经济总量迈上5万亿台阶、五年增量超1.36万亿元。工业总产值连续跨越3个千亿元台阶。\n";
        let x = crate::extract("x", text);
        let got: Vec<(f64, &str, Bound, Option<i32>, &str)> = x
            .facts
            .iter()
            .map(|f| {
                (
                    f.value,
                    f.unit.as_str(),
                    f.bound,
                    f.since,
                    f.subject.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (5e11, "元", Bound::AtLeast, None, "地区生产总值"),
                (5.7, "%", Bound::Exact, Some(2021), "地区生产总值"),
                (5e12, "元", Bound::AtLeast, None, "经济总量"),
                (1.36e12, "元", Bound::AtLeast, Some(2021), "经济总量增量"),
                (3.0, "个", Bound::Exact, Some(2021), "工业总产值千亿元台阶"),
            ]
        );
    }

    #[test]
    fn a_bare_noun_after_a_list_comma_is_the_verbs_next_object() {
        let text = "2026年某市政府工作报告\n一、2025年工作回顾\n过去一年，邮轮母港接待邮轮91艘次、旅客30余万人次。\n";
        let x = crate::extract("x", text);
        let subjects: Vec<&str> = x.facts.iter().map(|f| f.subject.as_str()).collect();
        assert_eq!(subjects, vec!["邮轮母港接待邮轮", "邮轮母港接待旅客"]);
        let text = "2026年某区政府工作报告\n一、2025年工作回顾\n过去一年，应届高校毕业生就业率保持95%以上、市场就业率70%以上，森林覆盖率达到40%、林草覆盖率60%。\n";
        let x = crate::extract("x", text);
        let subjects: Vec<&str> = x.facts.iter().map(|f| f.subject.as_str()).collect();
        assert_eq!(
            subjects,
            vec![
                "应届高校毕业生就业率",
                "应届高校毕业生市场就业率",
                "森林覆盖率",
                "林草覆盖率"
            ]
        );
    }

    #[test]
    fn a_place_named_without_a_verb_in_a_review_is_where_it_stands() {
        let text = "2026年某省政府工作报告\n一、过去五年工作回顾\n五年来，综合算力指数全国第一，粮食产量稳居全国第2位。\n";
        let x = crate::extract("x", text);
        let got: Vec<(f64, Option<i32>)> = x.facts.iter().map(|f| (f.value, f.since)).collect();
        assert_eq!(got, vec![(1.0, None), (2.0, Some(2021))]);
    }

    #[test]
    fn things_set_up_by_kind_are_counted() {
        let text = format!(
            "{PLAN}二、2026年工作安排\n建设5大微短剧基地。组建三大国资平台公司。实施清洁降碳、智能运行两大专项行动和十大工程。实施“五大文化”研究工程。六大特色产业全链条总产值533.9亿元。7大产业集群对工业贡献率超过70%。\n"
        );
        let got: Vec<_> = facts(&text).iter().map(brief).collect();
        let want = [
            (5.0, "个", "微短剧基地"),
            (3.0, "家", "国资平台公司"),
            (2.0, "项", "专项行动"),
            (10.0, "项", "工程"),
            (533.9e8, "元", "六大特色产业全链条总产值"),
            (70.0, "%", "7大产业集群对工业贡献率"),
        ];
        assert_eq!(got.len(), want.len(), "{got:#?}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!((g.3, g.4.as_str(), g.5.as_str()), w, "{g:?}");
        }
    }

    #[test]
    fn plan_constructs() {
        let text = format!(
            "{PLAN}二、2026年工作安排\n城乡低保标准从每人每月800元提高到830元。建设一座城市公园、两条滨江路。统筹用好两个市场两种资源。\n附件\n1.新增城镇就业5万人。\n名词解释\n1.“两重”：国家重大战略实施和重点领域安全能力建设，共安排500亿元。\n"
        );
        let got: Vec<_> = facts(&text).iter().map(brief).collect();
        let want = [
            (Kind::Actual, 2025, 800.0, "元/月", "城乡低保标准"),
            (Kind::Target, 2026, 830.0, "元/月", "城乡低保标准"),
            (Kind::Target, 2026, 1.0, "座", "城市公园"),
            (Kind::Target, 2026, 2.0, "条", "滨江路"),
            (Kind::Target, 2026, 50000.0, "人", "新增城镇就业"),
        ];
        assert_eq!(got.len(), want.len(), "{got:#?}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!((g.0, g.1, g.3, g.4.as_str(), g.5.as_str()), w, "{g:?}");
        }
    }

    #[test]
    fn proportions_and_structures() {
        let text = format!(
            "{PLAN}一、2025年工作回顾\n过去一年，三次产业结构调整为8.3∶41.4∶50.3。城乡居民收入比缩小到2.3∶1。城乡居民收入比值由2.5缩小至2.4。上午9:30开会。全省四分之三的县实现全覆盖。\n"
        );
        let got: Vec<_> = facts(&text)
            .iter()
            .map(|f| (f.measure, f.period, f.value, f.unit.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (Measure::Share, 2025, 8.3, "%".to_string()),
                (Measure::Share, 2025, 41.4, "%".to_string()),
                (Measure::Share, 2025, 50.3, "%".to_string()),
                (Measure::Ratio, 2025, 2.3, "倍".to_string()),
                (Measure::Ratio, 2024, 2.5, "倍".to_string()),
                (Measure::Ratio, 2025, 2.4, "倍".to_string()),
                (Measure::Share, 2025, 75.0, "%".to_string()),
            ]
        );
    }

    #[test]
    fn runs_are_facts_only_alone() {
        let text = format!(
            "{PLAN}一、2025年工作回顾\n过去一年，粮食产量连续5年稳定在1200万吨以上。法定报告传染病发病率连续3年保持全国最低水平。\n"
        );
        let got: Vec<_> = facts(&text)
            .iter()
            .map(|f| (f.value, f.unit.clone(), f.period, f.since))
            .collect();
        // The run sets the level's span even in a one-year review (facts.md: 粮食产量连续五年
        // 稳定在… → since 2021), and is a fact of its own only alone.
        assert_eq!(
            got,
            vec![
                (1.2e7, "吨".to_string(), 2025, Some(2021)),
                (3.0, "年".to_string(), 2025, Some(2023)),
            ]
        );
    }

    /// A national report's shape: no title or date, 各位代表： first, a review heading with no
    /// year, the year reviewed named by the review's first paragraph, a five-year review.
    #[test]
    fn national_five_year_review() {
        let text = "各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n一、过去一年和五年工作回顾\n2022年是党和国家历史上极为重要的一年。国内生产总值增长3%。\n过去五年极不寻常、极不平凡。\n经济发展再上新台阶。国内生产总值增加到121万亿元，五年年均增长5.2%，十年增加近70万亿元、年均增长6.2%。工业增加值突破40万亿元。\n脱贫攻坚任务胜利完成。经过八年持续努力，近1亿农村贫困人口实现脱贫。\n二、对今年政府工作的建议\n今年发展主要预期目标是：国内生产总值增长5%左右。\n";
        let out = run("national", text, None);
        assert_eq!(out.document.year, Some(2023));
        let got: Vec<_> = out
            .facts
            .iter()
            .map(|f| (f.kind, f.period, f.since, f.average, f.value))
            .collect();
        assert_eq!(
            got,
            vec![
                (Kind::Actual, 2022, None, false, 3.0),
                (Kind::Actual, 2022, None, false, 1.21e14),
                (Kind::Actual, 2022, Some(2018), true, 5.2),
                (Kind::Actual, 2022, Some(2013), false, 7e13),
                (Kind::Actual, 2022, Some(2013), true, 6.2),
                (Kind::Actual, 2022, None, false, 4e13),
                (Kind::Actual, 2022, Some(2015), false, 1e8),
                (Kind::Target, 2023, None, false, 5.0),
            ]
        );
    }

    #[test]
    fn unchanged_is_a_growth_of_nothing() {
        let f =
            facts("2016年政府工作报告\n一、2015年工作回顾\n过去一年，居民消费价格与上年持平。\n");
        let got: Vec<_> = f
            .iter()
            .map(|f| (f.measure, f.value, f.unit.as_str(), f.subject.as_str()))
            .collect();
        assert_eq!(got, vec![(Measure::Growth, 0.0, "%", "居民消费价格")]);
    }

    #[test]
    fn owners_named_elsewhere_in_the_sentence() {
        let subject_of = |text: &str, value: f64| {
            facts(text)
                .into_iter()
                .find(|f| f.value == value)
                .map(|f| f.subject)
                .unwrap_or_default()
        };
        let opening =
            "过去一年，经济平稳。城东科创园蓬勃发展，累计注册科技型企业超500家，基金规模超20亿元。";
        assert_eq!(subject_of(opening, 500.0), "城东科创园注册科技型企业");
        assert_eq!(subject_of(opening, 2e9), "城东科创园基金规模");
        // Every item of a counted list did what the list ends on.
        let list = "过去一年，8所职业院校、12个专业群入选国家“双高计划”。";
        assert_eq!(subject_of(list, 8.0), "职业院校入选国家“双高计划”");
        assert_eq!(subject_of(list, 12.0), "专业群入选国家“双高计划”");
        let own_verb = "过去一年，25项改革经验获推广、3项入选全国案例。";
        assert_eq!(subject_of(own_verb, 25.0), "改革经验获推广");
        // A clause with no number between names the owner, not the item before it.
        let between = "过去一年，对东盟进出口增长19%，全省进出口总值创历史新高，达到5379亿元。";
        assert_eq!(subject_of(between, 537_900_000_000.0), "进出口总值");
        // A league of two words (中国西部, 中西部) is no part of the subject.
        let league = "过去一年，研发投入强度2.61%、居中国西部第1。";
        assert_eq!(subject_of(league, 1.0), "研发投入强度");
    }

    #[test]
    fn a_list_of_starts_hands_its_subjects_and_year_to_the_levels_reached() {
        let f = facts("——2026年1月20日在某省第十四届人民代表大会第五次会议上\n过去五年，城乡低保平均标准分别从2020年的645元/月、4318元/年提高到2025年的801元/月、7226元/年。");
        let got: Vec<_> = f
            .iter()
            .map(|f| {
                (
                    f.value,
                    f.unit.as_str(),
                    f.period,
                    f.since,
                    f.subject.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (645.0, "元/月", 2020, None, "城镇低保平均标准"),
                (4318.0, "元/年", 2020, None, "农村低保平均标准"),
                (801.0, "元/月", 2025, None, "城镇低保平均标准"),
                (7226.0, "元/年", 2025, None, "农村低保平均标准"),
            ]
        );
        // A denominator ends the unit: what follows is the next words.
        let f = facts("过去一年，国能准东20亿立方米/年煤制天然气项目开工建设。");
        assert_eq!(f[0].unit, "立方米/年");
    }
}
