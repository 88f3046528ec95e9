//! The subject stage of a sentence's quantity: its own words (before it, or the things counted
//! after it), the subjects a 分别 hands out or a 均 shares, else the subject before it or the
//! topic of the sentence.

mod handed;
mod own;
mod single;

use super::lists::post_with_shared_state;
use super::sentence::{Place, Reading, Segment, Sentence, Start, Subjects};
use crate::chars::{find_short, rfind_short};
use crate::quantity::{is_counter, Sort};
use crate::subject;
use crate::Measure;

impl Sentence<'_> {
    /// The subjects of the quantity, one a fact.
    pub(super) fn subjects(
        &mut self,
        p: &Place,
        seg: &Segment,
        r: &Reading,
        start: &Start,
    ) -> Subjects {
        let (f, e, q) = (self.f, self.e, p.q);
        let counter = is_counter(&q.unit) && matches!(q.sort, Sort::Amount | Sort::OrdinalCount);
        // 第4条产值超500亿元产业链: the class an ordinal counts may hold a threshold.
        let hi = if q.sort == Sort::OrdinalCount {
            e
        } else {
            p.next_start.min(e)
        };
        let (post, de) = subject::after(f, p.q_end, hi, counter);
        let post = match self.qs.get(p.k + 1) {
            Some(next) if counter && !post.is_empty() => {
                post_with_shared_state(f, &post, p.q_end, next, self.qs.get(p.k + 2), e)
            }
            _ => post,
        };
        let own = self.own_subject(p, seg, r.measure, counter, &post, de);
        let mut list = self.handed_out(p, seg);
        if let Some(part) = industry_part(f, self.s, q) {
            list = vec![part];
        }
        if list.is_empty() {
            list = self.single_subject(p, r.measure, &own, counter);
        }
        if let Some(subject) = self.circumstance(p) {
            list = vec![subject];
        }
        if let Some(subject) = &start.reached {
            list = vec![subject.clone()];
            self.to_next += 1;
        }
        if r.measure == Measure::Share {
            for s in &mut list {
                share_of_whole(s, f, p.seg_start, q.num_start.min(q.start));
            }
        }
        Subjects {
            list,
            counter,
            post,
        }
    }
}

impl Sentence<'_> {
    /// 外贸进出口在对美贸易下降超3成的情况下增长12%: a number inside 在…的情况下 (the
    /// lexicon's circumstances, [`subject::circumstance_frames`]) measures what stands after 在
    /// (对美贸易); the claim after it, what stands before 在 (外贸进出口).
    fn circumstance(&self, p: &Place) -> Option<String> {
        let (q, layout) = (p.q, &self.ctx.layout);
        let num = q.num_start.min(q.start);
        let before = layout.folded_str(p.clause, num);
        // Both readings need a 在 before the number in its clause, and a 的 after that 在 (in
        // the words before the number, or right after it): nearly every quantity has no such
        // 在 or 的, and is done here.
        let zai = before.find('在')?;
        let after = layout.folded_str(p.q_end, (p.q_end + 4).min(self.e));
        if !after.starts_with('的') && before.rfind('的').is_none_or(|de| de < zai) {
            return None;
        }
        let frames = subject::circumstance_frames();
        let inside = frames.iter().any(|w| after.starts_with(w.as_str()));
        let subject = if inside {
            let at = before.rfind('在')?;
            &before[at + '在'.len_utf8()..]
        } else {
            let (end, _) = frames
                .iter()
                .filter_map(|w| rfind_short(before, w).map(|i| (i, w)))
                .max()?;
            let at = before[..end].rfind('在')?;
            &before[..at]
        };
        let subject = subject::clean(subject);
        (subject.chars().count() >= 2).then_some(subject)
    }
}

/// 两个台阶 / 三个大关: milestones counted on their own.
/// 三次产业结构调整为8.3∶41.4∶50.3: each part of the three-sector structure is the share of
/// its sector (第一产业比重, 第二产业比重, 第三产业比重).
fn industry_part(f: &[char], s: usize, q: &crate::quantity::Quantity) -> Option<String> {
    use crate::quantity::is_colon;
    if q.sort != Sort::Percent || q.unit != "%" {
        return None;
    }
    let (a, b) = (q.num_start, q.end);
    if !(a > s && is_colon(f.get(a - 1)) || is_colon(f.get(b))) {
        return None;
    }
    // Where the ratio starts, and how many parts stand before this one.
    let mut k = a;
    let mut index = 0;
    while k > s && is_colon(f.get(k - 1)) {
        index += 1;
        k -= 1;
        while k > s && (f[k - 1].is_ascii_digit() || f[k - 1] == '.') {
            k -= 1;
        }
    }
    let parts = 1 + index + {
        let mut j = b;
        let mut after = 0;
        while is_colon(f.get(j)) {
            after += 1;
            j += 1;
            while f.get(j).is_some_and(|c| c.is_ascii_digit() || *c == '.') {
                j += 1;
            }
        }
        after
    };
    if parts != 3 {
        return None;
    }
    let before: String = crate::chars::string(&f[k.saturating_sub(24).max(s)..k]);
    find_short(&before, "产业结构")?;
    Some(format!("{}产业比重", ["第一", "第二", "第三"][index]))
}

/// 新增两院院士占全国近一半 → 新增两院院士占全国比重; 民营经济主体占97.2% → 民营经济主体占比:
/// a subject left ending on 占 names the whole it is a share of (`f[from..at]` holds the words
/// before the number).
fn share_of_whole(subject: &mut String, f: &[char], from: usize, at: usize) {
    if !subject.ends_with('占') || at <= from {
        return;
    }
    let Some(zhan) = (from..at).rev().find(|&j| f[j] == '占') else {
        return;
    };
    let mut whole = crate::chars::string(&f[zhan + 1..at]);
    for tail in ["的", "近", "超过", "超", "达到", "达", "约", "逾"] {
        if let Some(w) = whole.strip_suffix(tail) {
            whole = w.to_string();
        }
    }
    let whole = whole.trim();
    if whole.is_empty() {
        subject.push('比');
    } else if whole.chars().count() <= 8 && whole.chars().all(crate::chars::is_cjk) {
        subject.push_str(whole);
        subject.push_str("比重");
    }
}
