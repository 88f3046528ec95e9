//! One sentence's facts: each quantity read in stages — where it stands and its bound
//! ([`Sentence::place`]), its measure and sign (`qualify`), whether it is a starting level
//! (`baseline`), its subjects (`subjects`), its period (`date`) — into [`Fact`]s, the state the
//! quantities of the sentence hand on ([`Sentence`]) kept between them.

use super::cues::{after_share, is_threshold, names_a_project, rate_unit, skip_punct};
use super::lists::Fenbie;
use super::owners::{opening_owner, with_owner};
use super::period::period_of;
use super::{Context, Item};
use crate::qualifier::{self, back_over_qualifiers, bound_after, bound_before};
use crate::quantity::{quantities_into, Quantity, Sort};
use crate::sentence::clause_start;
use crate::span;
use crate::subject;
use crate::{Bound, Fact, Kind, Measure};

/// The vectors a sentence fills, kept by the report between its sentences (empty, their room
/// kept): a sentence of several quantities no longer grows new ones.
#[derive(Default)]
pub(super) struct Buffers {
    /// The sentence's quantities.
    qs: Vec<Quantity>,
    /// See [`Sentence::own_units`].
    own_units: Vec<(usize, usize)>,
    items: Vec<Item>,
    groups: Vec<Member>,
    from_list: Vec<(String, i32)>,
}

/// Reads the facts of the sentence `s..e` of the folded text into `facts`, with the report's
/// `buffers`.
pub(super) fn sentence_facts(
    ctx: &Context,
    s: usize,
    e: usize,
    facts: &mut Vec<Fact>,
    buffers: &mut Buffers,
) {
    let Buffers {
        qs,
        own_units,
        items,
        groups,
        from_list,
    } = buffers;
    quantities_into(&ctx.layout.folded, s, e, qs);
    if qs.is_empty() {
        return;
    }
    own_units.clear();
    let mut sentence = Sentence::new(ctx, s, e, qs, facts, own_units);
    // Empty (cleared when handed back below).
    sentence.items = std::mem::take(items);
    sentence.groups = std::mem::take(groups);
    sentence.from_list = std::mem::take(from_list);
    for k in 0..qs.len() {
        sentence.read(k);
    }
    sentence.share_group_bounds();
    let Sentence {
        items: mut sentence_items,
        groups: mut sentence_groups,
        from_list: mut sentence_from_list,
        ..
    } = sentence;
    sentence_items.clear();
    sentence_groups.clear();
    sentence_from_list.clear();
    *items = sentence_items;
    *groups = sentence_groups;
    *from_list = sentence_from_list;
    // No quantity is read any more: their units move into the facts that wait for them.
    for &(i, k) in own_units.iter() {
        facts[i].unit = std::mem::take(&mut qs[k].unit);
    }
}

/// A sentence being read: its quantities, and what each hands on to the ones after it.
pub(super) struct Sentence<'a> {
    pub(super) ctx: &'a Context<'a>,
    /// The folded text of the whole report.
    pub(super) f: &'a [char],
    /// The sentence: `f[s..e]`.
    pub(super) s: usize,
    pub(super) e: usize,
    pub(super) qs: &'a [Quantity],
    /// The sentence's kind, period and first year of a span (see `period_of`).
    pub(super) kind: Kind,
    pub(super) period: i32,
    pub(super) since: Option<i32>,
    /// Whether 年均 may take the part's span.
    pub(super) average_span: bool,
    /// The owner the sentence opens on, and where its first clause ends.
    pub(super) owner: Option<(String, usize)>,
    /// The facts read so far (one per subject): what later quantities may share.
    pub(super) items: Vec<Item>,
    /// Items since the last 均 / 分别 group: the subjects a 均 shares a number among.
    pub(super) group_from: usize,
    pub(super) prev: Prev,
    /// The subjects a 分别 hands out, while its numbers last.
    pub(super) fenbie: Option<Fenbie>,
    /// The facts of the 分别 groups.
    pub(super) groups: Vec<Member>,
    pub(super) group_id: usize,
    /// 分别从2020年的645元/月、4318元/年提高到2025年的801元/月、7226元/年: the levels of the
    /// start (subject and year), handed to the levels reached in order.
    pub(super) from_list: Vec<(String, i32)>,
    /// The next start to hand to a level reached.
    pub(super) to_next: usize,
    /// The facts of the whole report so far.
    pub(super) facts: &'a mut Vec<Fact>,
    /// The facts (index in `facts`) that take their quantity's own unit (index in `qs`) once
    /// the sentence is read: moved then, not copied (later quantities read the units before).
    pub(super) own_units: &'a mut Vec<(usize, usize)>,
}

/// What the quantity before hands to the next one.
pub(super) struct Prev {
    /// Where it ended (past a bound word after it).
    pub(super) end: usize,
    pub(super) measure: Option<(Measure, Sort)>,
    pub(super) fall: bool,
    /// Its bound, as its words gave it (before a fall turned it).
    pub(super) bound: Option<Bound>,
    pub(super) role: Option<span::Role>,
    pub(super) average: bool,
    /// A yearly average of a level.
    pub(super) level_average: bool,
}

/// A fact of a 分别 group.
pub(super) struct Member {
    /// Its index in the report's facts.
    pub(super) fact: usize,
    pub(super) group: usize,
    /// Whether its number carries its own bound word.
    pub(super) own_bound: bool,
}

/// The bound stage: where a quantity stands in its sentence, and the bound words around it.
pub(super) struct Place<'a> {
    pub(super) k: usize,
    pub(super) q: &'a Quantity,
    /// Where its clause starts.
    pub(super) clause: usize,
    /// Where its segment starts: its clause, or just past the quantity before in it.
    pub(super) seg_start: usize,
    /// Where its words start, past the qualifiers before the number (了, 达到, 超过 …).
    pub(super) core_start: usize,
    /// Where the next quantity starts (the sentence's end after the last).
    pub(super) next_start: usize,
    /// Its end, past a bound word after it.
    pub(super) q_end: usize,
    /// The bound words before and after it, with where they start / end.
    pub(super) before: Option<(Bound, usize)>,
    pub(super) after: Option<(Bound, usize)>,
    /// The bound its own words give.
    pub(super) bound: Bound,
    /// The quantity before stands in this clause: a bare segment shares its reading
    /// (增长6%以上、力争7%以上; 分别超98.5%和99%).
    pub(super) same_clause: bool,
    /// Only a comma since the quantity before (地区生产总值增长7.5%左右，力争8%).
    pub(super) after_comma: bool,
}

/// The words of a quantity's segment, before its qualifiers.
pub(super) struct Segment<'a> {
    pub(super) text: &'a str,
    /// The segment's own words, cleaned once: most readings look at them.
    pub(super) pre: String,
    /// It names nothing of its own (、力争, 和, 分别为).
    pub(super) bare: bool,
}

/// The measure-and-sign stage: the quantity's reading.
pub(super) struct Reading {
    pub(super) bound: Bound,
    pub(super) measure: Measure,
    /// The value and a range's high end, negative for a fall.
    pub(super) value: f64,
    pub(super) upper: Option<f64>,
    /// Whether it goes on with the reading of the quantity before (a bare segment after it).
    pub(super) inherits: bool,
}

/// Whether a quantity is a starting level (由2010年的21.6%提高到25.2%), and the subject of the
/// start it reaches from, after a list of starts.
pub(super) struct Start {
    /// One of a list of starts after the first.
    pub(super) from_item: bool,
    pub(super) baseline: bool,
    pub(super) reached: Option<String>,
}

/// The subject stage: who or what each fact of the quantity is of.
pub(super) struct Subjects {
    pub(super) list: Vec<String>,
    /// A count of things (家, 个 …), and the things named after it.
    pub(super) counter: bool,
    pub(super) post: String,
}

/// The period stage: when the quantity holds.
pub(super) struct Dated {
    pub(super) kind: Kind,
    pub(super) period: i32,
    pub(super) since: Option<i32>,
    pub(super) average: bool,
    pub(super) stretch: bool,
}

impl<'a> Sentence<'a> {
    fn new(
        ctx: &'a Context<'a>,
        s: usize,
        e: usize,
        qs: &'a [Quantity],
        facts: &'a mut Vec<Fact>,
        own_units: &'a mut Vec<(usize, usize)>,
    ) -> Self {
        let f = &ctx.layout.folded[..];
        let (kind, period, since, average_span) = period_of(ctx, s, e);
        Sentence {
            ctx,
            f,
            s,
            e,
            qs,
            kind,
            period,
            since,
            average_span,
            owner: opening_owner(f, s, e),
            items: Vec::new(),
            group_from: 0,
            prev: Prev {
                end: s,
                measure: None,
                fall: false,
                bound: None,
                role: None,
                average: false,
                level_average: false,
            },
            fenbie: None,
            groups: Vec::new(),
            group_id: 0,
            from_list: Vec::new(),
            to_next: 0,
            facts,
            own_units,
        }
    }

    /// Reads the quantity `k`, stage by stage, into facts.
    fn read(&mut self, k: usize) {
        if self.sets_a_run(k) {
            return;
        }
        let prev_end = self.prev.end;
        let place = self.place(k);
        // Thresholds that define a group (投资10亿元以上项目, 投资超10亿元项目): not facts, but
        // words of the next number's subject (其中50亿元以上项目3个).
        let q = place.q;
        if is_threshold(self.f, q, place.bound, place.q_end, self.e) {
            self.prev.end = prev_end;
            return;
        }
        if after_share(self.f, &self.qs[..k], q, place.bound, place.clause)
            || names_a_project(self.f, &self.qs[..k], q, self.e)
        {
            return;
        }
        let seg = self.segment(&place);
        let reading = self.qualify(&place, &seg);
        let start = self.baseline(&place, &seg);
        let subjects = self.subjects(&place, &seg, &reading, &start);
        self.past_the_things_counted(&place, &subjects);
        let dated = self.date(&place, &seg, &reading, &start);
        self.emit(&place, &reading, subjects, &dated, start.baseline);
    }

    /// Whether the number of `q` follows 连续 (连续5年).
    pub(super) fn is_run(&self, q: &Quantity) -> bool {
        q.num_start >= self.s + 2
            && self.f[q.num_start - 2] == '连'
            && self.f[q.num_start - 1] == '续'
    }

    /// 连续30个月居全国前10位: a run that only sets the span of the claim's other number.
    fn sets_a_run(&self, k: usize) -> bool {
        let (f, s, q) = (self.f, self.s, &self.qs[k]);
        self.is_run(q)
            && matches!(q.unit.as_str(), "个" | "个月" | "年" | "届")
            && self
                .qs
                .iter()
                .enumerate()
                .any(|(j, o)| j != k && clause_start(f, s, o.start) == clause_start(f, s, q.start))
    }

    /// The bound stage: the quantity's clause and segment, and the bound its words give.
    fn place(&mut self, k: usize) -> Place<'a> {
        let (f, s, e, qs) = (self.f, self.s, self.e, self.qs);
        let q = &qs[k];
        let clause = clause_start(f, s, q.start);
        let seg_start = clause.max(self.prev.end);
        // 390万65岁以上老年人: an age right after a count says which people it counts.
        let next_start = qs[k + 1..]
            .iter()
            .find(|n| !(n.start == q.end && n.unit == "岁"))
            .map_or(e, |n| n.start);
        let before = bound_before(f, seg_start, q.num_start);
        let after = bound_after(f, q.end, e);
        let bound = qualifier::bound(q, before.map(|b| b.0), after.map(|b| b.0));
        let q_end = after.map(|(_, e)| e).unwrap_or(q.end);
        let prev_end = self.prev.end;
        let same_clause = k > 0 && prev_end > clause;
        let after_comma =
            k > 0 && prev_end < clause && f[prev_end..clause].iter().all(|&c| c == '，');
        self.prev.end = q_end;
        Place {
            k,
            q,
            clause,
            seg_start,
            core_start: back_over_qualifiers(f, seg_start, q.num_start.min(q.start)),
            next_start,
            q_end,
            before,
            after,
            bound,
            same_clause,
            after_comma,
        }
    }

    /// 建成5个公园、新增绿地300公顷 / 开通3条地铁新线、新增运营里程30公里: the things a count
    /// counts are its subject, so the next quantity's words begin after them, at the 、.
    fn past_the_things_counted(&mut self, p: &Place, subjects: &Subjects) {
        if !subjects.counter
            || subjects.post.is_empty()
            || subjects.list != [subjects.post.as_str()]
        {
            return;
        }
        let f = self.f;
        let stop = (p.q_end..p.next_start.min(self.e))
            .find(|&j| matches!(f[j], '、' | '，' | '；' | '。'))
            .unwrap_or(p.q_end);
        if f.get(stop) == Some(&'、')
            && stop > p.q_end
            && self.ctx.layout.folded_str(p.q_end, stop) == subjects.post
        {
            self.prev.end = stop;
        }
    }

    /// The words of the quantity's segment.
    fn segment(&self, p: &Place) -> Segment<'a> {
        let text = self.ctx.layout.folded_str(p.seg_start, p.core_start);
        let pre = subject::clean(text);
        Segment {
            text,
            bare: pre.is_empty(),
            pre,
        }
    }

    /// A fact for each subject of the quantity.
    fn emit(&mut self, p: &Place, r: &Reading, subjects: Subjects, d: &Dated, baseline: bool) {
        let (ctx, f, q) = (self.ctx, self.f, p.q);
        let quote_start = skip_punct(f, p.seg_start, q.start);
        // The quantity's own unit (most facts): the last fact takes it when the sentence is
        // read (`sentence_facts`), the others copy it.
        let mut own_unit = false;
        let mut unit = if q.unit == "元" || q.unit == "美元" {
            rate_unit(
                &q.unit,
                ctx.layout.folded_str(p.clause, q.num_start.min(q.start)),
            )
        } else if q.unit == "位"
            && r.measure == Measure::Level
            && !crate::lexicon::get().extract.rank_after.iter().any(|w| {
                crate::chars::find_short(
                    ctx.layout.folded_str(p.clause, (q.end + 1).min(self.e)),
                    w,
                )
                .is_some()
            })
        {
            // 两院院士增至93位: 位 counts people when it is no place in a league.
            "人".to_string()
        } else {
            own_unit = true;
            String::new()
        };
        let Subjects {
            list,
            counter,
            post,
        } = subjects;
        // 城镇登记失业率控制在3.8% in a review: the rate it was held at, exact (控制在…以内 stays
        // a ceiling, as does 控制在 in a plan).
        let bound = if d.kind == Kind::Actual
            && r.bound == Bound::AtMost
            && p.after.is_none()
            && p.before
                .is_some_and(|(_, at)| qualifier::starts_with_word(f, at, "控制在"))
        {
            Bound::Exact
        } else {
            r.bound
        };
        let n = list.len();
        for (k, subject) in list.into_iter().enumerate() {
            let subject = subject::tidy_end(subject);
            let subject = match &self.owner {
                Some((name, first_end)) if p.clause > *first_end => with_owner(name, subject),
                _ => subject,
            };
            if baseline && d.kind == Kind::Actual {
                self.from_list.push((subject.clone(), d.period));
            }
            // Only later quantities of the sentence read the items: after the last one, its
            // subjects move into the facts uncopied.
            if p.k + 1 < self.qs.len() {
                let counted =
                    (counter && !post.is_empty() && subject.ends_with(&post)).then(|| post.clone());
                self.items.push(Item {
                    subject: subject.clone(),
                    counted,
                });
            }
            let fact = Fact {
                doc: ctx.doc.clone(),
                quote: ctx.layout.slice(quote_start, p.q_end),
                kind: d.kind,
                period: d.period,
                since: d.since,
                average: d.average,
                subject,
                measure: r.measure,
                value: r.value,
                upper: r.upper,
                // The last fact takes the unit itself (most quantities have one subject).
                unit: if k + 1 == n {
                    std::mem::take(&mut unit)
                } else if own_unit {
                    q.unit.clone()
                } else {
                    unit.clone()
                },
                bound,
                stretch: d.stretch,
                scope: q.scope.clone(),
                line_start: ctx.layout.line_of(quote_start),
                line_end: ctx
                    .layout
                    .line_of(p.q_end.saturating_sub(1).max(quote_start)),
                offset: quote_start,
                section: ctx.section.clone(),
                indicator: None,
                region: ctx.region.cloned(),
                note: None,
            };
            if own_unit && k + 1 == n {
                self.own_units.push((self.facts.len(), p.k));
            }
            self.facts.push(fact);
        }
    }

    /// 分别增长5%、6.5%左右 / 分别增长5%、8%以上: a bound word after the last number of a 分别
    /// list bounds every number of it that has none of its own.
    fn share_group_bounds(&mut self) {
        let facts = &mut *self.facts;
        for g in 1..=self.group_id {
            let members: Vec<&Member> = self.groups.iter().filter(|m| m.group == g).collect();
            let Some(&&Member {
                fact: last,
                own_bound: true,
                ..
            }) = members.last()
            else {
                continue;
            };
            let bound = facts[last].bound;
            if !matches!(bound, Bound::AtLeast | Bound::AtMost | Bound::About) || members.len() < 2
            {
                continue;
            }
            for m in &members[..members.len() - 1] {
                let i = m.fact;
                if !m.own_bound
                    && facts[i].bound == Bound::Exact
                    && facts[i].measure == facts[last].measure
                {
                    facts[i].bound = bound;
                }
            }
        }
    }
}
