//! The measure-and-sign stage of a sentence's quantity (its own words read by
//! [`crate::qualifier`], or the reading of the quantity before it goes on with), and whether it
//! is a starting level.

use super::cues::{is_baseline, short_item};
use super::lists::list_separator;
use super::sentence::{Place, Reading, Segment, Sentence, Start};
use crate::qualifier::{self, flip};
use crate::quantity::Sort;
use crate::{Bound, Measure};

impl Sentence<'_> {
    /// The quantity's bound, measure and sign.
    pub(super) fn qualify(&mut self, p: &Place, seg: &Segment) -> Reading {
        let (f, q) = (self.f, p.q);
        let verbs = qualifier::verbs(f, p.seg_start, p.core_start, &seg.pre, q);
        let percentish = matches!(q.sort, Sort::Percent | Sort::Points);
        // 地区生产总值增长7.5%左右，力争8%: a clause of only a stretch word and a number goes on
        // with the quantity just before it, as if joined by 、 (its measure and subject; not
        // its bound: the stretch figure is its own).
        let stretch_follow = p.after_comma
            && seg.bare
            && qualifier::opens_with_stretch(f, p.clause, q.num_start.min(q.start))
            && self.prev.measure.is_some_and(|(_, sort)| sort == q.sort);
        // 平均压减时间58%、材料52%: a short item after a growth goes on with it too.
        let inherits = (p.same_clause || stretch_follow)
            && (seg.bare
                || (percentish
                    && short_item(&seg.pre)
                    && self.prev.measure.is_some_and(|(m, _)| m == Measure::Growth)));
        let fall = qualifier::own_fall(f, q, p.seg_start, &verbs)
            || (inherits && self.prev.fall && percentish);
        self.prev.fall = fall;
        let mut bound = p.bound;
        // 年内至少降低30%: a bound before the verb of the fall.
        if fall && p.before.is_none() && p.after.is_none() && bound == Bound::Exact {
            bound = qualifier::bound_before_fall(f, p.seg_start, p.core_start).unwrap_or(bound);
        }
        // 新增1个经济总量近千亿、4个过五百亿的县市: an amount in another unit is another
        // thing, with its own bound.
        let same_unit = q.sort != Sort::Amount
            || p.k == 0
            || self.qs.get(p.k - 1).is_none_or(|b| b.unit == q.unit);
        let same_sort = same_unit && self.prev.measure.is_some_and(|(_, sort)| sort == q.sort);
        let own_verb = verbs.change || verbs.fall;
        // 首次突破2万元、达到20793元: a level reached, named by its own verb, is exact.
        let reached = inherits && {
            let lead = self
                .ctx
                .layout
                .folded_str(p.seg_start, q.num_start.min(q.start));
            crate::lexicon::get().extract.reached_before
            .iter()
            .any(|w| crate::chars::find_short(lead, w).is_some())
                // 地区生产总值突破3万亿元、达3.6万亿元.
                || lead.ends_with('达')
        };
        // 增长8%以上、力争10%: the stretch figure's bound is its own.
        let stretched = inherits && {
            let from = super::cues::skip_punct(f, p.seg_start, q.num_start.min(q.start));
            qualifier::opens_with_stretch(f, from, q.num_start.min(q.start))
        };
        if inherits
            && !stretch_follow
            && !stretched
            && same_sort
            && !own_verb
            && !reached
            && p.before.is_none()
            && p.after.is_none()
            && q.upper.is_none()
        {
            if let Some(b) = self.prev.bound.filter(|b| {
                matches!(
                    b,
                    Bound::AtLeast | Bound::AtMost | Bound::Nearly | Bound::About
                )
            }) {
                bound = if fall { flip(b) } else { b };
            }
        }
        let mut measure = qualifier::own_measure(f, q, p.q_end, seg.text, &verbs)
            .unwrap_or_else(|| self.measure_before(q.sort, inherits));
        // 排名由369位上升到235位: the end of a move in a ranking is a place too.
        if measure == Measure::Level
            && q.unit == "位"
            && p.same_clause
            && self.prev.measure == Some((Measure::Rank, Sort::Amount))
        {
            measure = Measure::Rank;
        }
        self.prev.measure = Some((measure, q.sort));
        // 农村贫困人口减少1386万, 待泊时间减少8.9小时: an amount cut is the amount (a level,
        // as an amount added is), not a negative one; rates and points fall below zero.
        let signs = fall && measure != Measure::Level;
        let (value, upper) = qualifier::signed(q.value, q.upper, signs);
        if signs && (!inherits || p.before.is_some() || p.after.is_some()) {
            bound = flip(bound);
        }
        self.prev.bound = Some(if signs { flip(bound) } else { bound });
        Reading {
            bound,
            measure,
            value,
            upper,
            inherits,
        }
    }

    /// The measure of a percent or multiple whose words name none: the measure of the quantity
    /// before when it goes on with it, else a share (a multiple: a ratio).
    fn measure_before(&self, sort: Sort, inherits: bool) -> Measure {
        if inherits {
            match self.prev.measure {
                Some((m, s)) if s == sort || m == Measure::Growth => m,
                _ if sort == Sort::Times => Measure::Ratio,
                _ => Measure::Share,
            }
        } else if sort == Sort::Times {
            Measure::Ratio
        } else {
            Measure::Share
        }
    }

    /// Whether the quantity is a starting level (由2010年的21.6%提高到25.2% / 从75.6%提升至
    /// 76.5%: the value of an earlier year, named or the year before the period), and the
    /// subject of the start a level reached after a list of starts takes.
    pub(super) fn baseline(&mut self, p: &Place, seg: &Segment) -> Start {
        let (f, e, qs) = (self.f, self.e, self.qs);
        let (q_end, next_start, k) = (p.q_end, p.next_start, p.k);
        let seg_text = seg.text;
        let from_item = !self.from_list.is_empty()
            && self.to_next == 0
            && list_separator(seg_text)
            && next_start > q_end
            && next_start - q_end <= 12
            && f[q_end..next_start]
                .iter()
                .any(|c| matches!(c, '到' | '至'));
        // …的645元/月、4318元/年提高到…: the first start of such a list.
        let from_head = (crate::chars::find_short(seg_text, "从").is_some()
            || crate::chars::find_short(seg_text, "由").is_some())
            && next_start > q_end
            && list_separator(self.ctx.layout.folded_str(q_end, next_start))
            && qs.get(k + 1).is_some_and(|n| {
                let hi = qs.get(k + 2).map_or(e, |m| m.start);
                hi > n.end
                    && hi - n.end <= 12
                    && f[n.end..hi].iter().any(|c| matches!(c, '到' | '至'))
            });
        let baseline = from_head
            || from_item
            || is_baseline(f, seg_text, q_end, next_start)
            || ratio_before_change(f, &qs[k], self.s, e);
        // A level reached after a list of starts: the start's subject, in order.
        let reached =
            (!baseline && self.from_list.len() >= 2 && self.to_next < self.from_list.len())
                .then(|| {
                    let first = self.to_next == 0
                        && (crate::chars::find_short(seg_text, "到").is_some()
                            || crate::chars::find_short(seg_text, "至").is_some());
                    (first || (self.to_next > 0 && list_separator(seg_text)))
                        .then(|| self.from_list[self.to_next].0.clone())
                })
                .flatten();
        if !baseline && reached.is_none() {
            self.from_list.clear();
            self.to_next = 0;
        }
        Start {
            from_item,
            baseline,
            reached,
        }
    }
}

/// 三次产业结构由8.7∶41.4∶50.1调整为7.4∶39.6∶53: every part of a ratio written after 由 / 从
/// and before the words of its change (调整为, 提高到, 变为) is a start.
fn ratio_before_change(f: &[char], q: &crate::quantity::Quantity, s: usize, e: usize) -> bool {
    use crate::quantity::is_colon;
    let part = |c: &char| c.is_ascii_digit() || *c == '.';
    let (mut a, mut z) = (q.num_start, q.end);
    if !(a > s && is_colon(f.get(a - 1)) || is_colon(f.get(z))) {
        return false;
    }
    while a > s && is_colon(f.get(a - 1)) {
        a -= 1;
        while a > s && part(&f[a - 1]) {
            a -= 1;
        }
    }
    while z < e && is_colon(f.get(z)) {
        z += 1;
        while z < e && part(&f[z]) {
            z += 1;
        }
    }
    let after = crate::chars::string(&f[z..e.min(z + 4)]);
    // 由2015年的21∶42∶37调整为…: the year of the start may stand between.
    let opens = |a: usize| a > s && matches!(f[a - 1], '由' | '从');
    let dated = a >= s + 6
        && f[a - 2..a] == ['年', '的']
        && f[a - 6..a - 2].iter().all(char::is_ascii_digit)
        && opens(a - 6);
    (opens(a) || dated)
        && crate::lexicon::get()
            .extract
            .adjusted_to
            .iter()
            .any(|w| after.starts_with(w))
}
