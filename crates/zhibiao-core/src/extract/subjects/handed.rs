//! The subjects a 分别 hands out, one a number, or a 均 shares.

use crate::chars::find_short;
use crate::extract::lists::{
    distinct, is_shared, measures, measures_of, split_shared, thing_of, Fenbie,
};
use crate::extract::sentence::{Member, Place, Segment, Sentence};
use crate::subject;

impl Sentence<'_> {
    /// The subjects a 分别 hands out (the subjects before it, one a number) or a 均 shares
    /// (城镇…、农村…均增长8%); none when neither stands.
    pub(super) fn handed_out(&mut self, p: &Place, seg: &Segment) -> Vec<String> {
        let (q, seg_text) = (p.q, seg.text);
        // 每千人床位数、执业（助理）医师数增至7.83张、3.57个: a list paired with as many numbers.
        let fenbie_here = find_short(seg_text, "分别").is_some();
        let paired = (!fenbie_here && !seg.bare)
            .then(|| Fenbie::paired(seg_text, &self.qs[p.k..], self.f))
            .flatten();
        if fenbie_here {
            let fenbie = Fenbie::new(
                seg_text,
                &self.qs[p.k..],
                self.f,
                &self.items[self.group_from..],
            );
            self.fenbie = Some(fenbie);
            self.group_from = self.items.len();
            self.group_id += 1;
        } else if paired.is_some() {
            self.fenbie = paired;
            self.group_from = self.items.len();
            self.group_id += 1;
        } else if !seg.bare {
            self.fenbie = None;
        }
        let mut subjects: Vec<String> = Vec::new();
        // 增长6.3%，总量和增速分别居全市第2位、第1位: measures handed out are of the thing
        // before.
        let items = &self.items;
        if let Some(fb) = self.fenbie.as_mut() {
            if let Some(sub) = fb.next() {
                let thing_before = || items.last().map(|it| thing_of(&it.subject));
                let sub = match measures()
                    .contains(&sub.as_str())
                    .then(thing_before)
                    .flatten()
                {
                    Some(t) if !t.is_empty() => format!("{t}{sub}"),
                    _ => sub,
                };
                subjects.push(sub);
                let own_bound =
                    p.before.is_some() || p.after.is_some() || q.upper.is_some() || q.more;
                self.groups.push(Member {
                    fact: self.facts.len(),
                    group: self.group_id,
                    own_bound,
                });
            }
        }
        if subjects.is_empty() && is_shared(seg_text) {
            // 城镇…、农村…均增长8%: the list is the clause's own.
            let (head, tail) = split_shared(seg_text);
            let own_list = subject::split_list(&head);
            let prev: Vec<String> = if own_list.len() >= 2 {
                own_list
                    .iter()
                    .map(|s| s.trim_end_matches(tail.as_str()).to_string())
                    .collect()
            } else {
                distinct(
                    self.items[self.group_from..]
                        .iter()
                        .map(|it| it.subject.clone()),
                )
            };
            // …增长9.5%，增速均居全省第一 / 增长5.5%，总量和增速均居全国第5位: the measures
            // named before 均 are of the things before.
            let head = subject::clean(&head);
            let measures = (own_list.len() < 2).then(|| measures_of(&head)).flatten();
            let tail = subject::clean(&tail);
            match measures {
                Some(ms) if prev.len() >= 2 && ms.len() == 1 => {
                    subjects = prev.iter().map(|p| format!("{p}{}{tail}", ms[0])).collect();
                    self.group_from = self.items.len();
                }
                Some(ms) if prev.len() == 1 && ms.len() >= 2 => {
                    subjects = ms.iter().map(|m| format!("{}{m}{tail}", prev[0])).collect();
                    self.group_from = self.items.len();
                }
                _ if prev.len() >= 2 => {
                    subjects = prev.into_iter().map(|p| format!("{p}{tail}")).collect();
                    self.group_from = self.items.len();
                }
                _ => {}
            }
        }
        subjects
    }
}
