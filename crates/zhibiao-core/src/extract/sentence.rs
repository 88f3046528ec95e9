//! One sentence's facts: each quantity with its bound, measure, sign, subject and period.

use super::*;
use crate::qualifier::{
    back_over_qualifiers, bound_after, bound_before, changes_before, falls_before,
};
use crate::quantity::{quantities, Sort};
use crate::sentence::clause_start;
use crate::span;
use crate::subject;
use crate::{Bound, Fact, Kind, Measure};

pub(super) fn sentence_facts(ctx: &Context, s: usize, e: usize, facts: &mut Vec<Fact>) {
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
