//! Scoring predictions against a gold file, as `tests/data/spec/facts.md` (Scoring) says.
//!
//! A prediction matches a gold fact when both stand in the same sentence of the report and
//! agree on `kind`, `period`, `measure`, `value`, `unit`, `bound`, `stretch`, `since`,
//! `average` and, for ranges, `upper`. One gold fact matches at most one prediction: the
//! matching is a maximum bipartite matching (so precision and recall do not depend on the
//! order of the facts), built first from the pairs whose subjects agree, then augmented with
//! the rest, keeping right-subject pairs where that is easy. `subject` is scored apart, over
//! the matched pairs.
//!
//! The text is the report as decoded (line ends `\n`); sentences are cut in the *joined* text,
//! `text.replace('\n', "")`, at 。！？ — the same joined text that [`Fact::quote`] and
//! [`Fact::offset`] refer to.
//!
//! ```
//! use zhibiao_core::eval::score;
//! let text = "地区生产总值增长3.3%。";
//! let gold: Vec<zhibiao_core::Fact> = vec![];
//! let s = score(text, &gold, &[]);
//! assert_eq!((s.tp, s.f1), (0, 0.0));
//! ```

use crate::Fact;
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// The chars that end a sentence.
const TERMINATORS: [char; 3] = ['。', '！', '？'];

/// A matched pair of a gold fact and a prediction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pair {
    /// Index of the gold fact in the gold slice.
    pub gold_index: usize,
    /// Index of the prediction in the prediction slice.
    pub pred_index: usize,
    /// Whether the two subjects agree (Jaccard of their char sets ≥ 0.5).
    pub subject_right: bool,
    pub gold: Fact,
    pub pred: Fact,
}

/// How a set of predictions scores against a gold set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    /// Matched pairs (true positives).
    pub tp: usize,
    pub n_gold: usize,
    pub n_pred: usize,
    /// `tp / n_pred`, 0 when there is no prediction.
    pub precision: f64,
    /// `tp / n_gold`, 0 when there is no gold fact.
    pub recall: f64,
    /// Harmonic mean of precision and recall, 0 when both are 0.
    pub f1: f64,
    /// Matched pairs whose subjects agree.
    pub subject_right: usize,
    /// `subject_right / tp`, 0 when nothing matched.
    pub subject_accuracy: f64,
    /// Gold facts whose quote is not in the report's joined text: they cannot match.
    pub gold_unlocated: usize,
    /// Every matched pair, in gold order.
    pub pairs: Vec<Pair>,
    /// Gold facts no prediction matched, in gold order.
    pub misses: Vec<Fact>,
    /// Predictions that matched no gold fact, in prediction order.
    pub extras: Vec<Fact>,
}

impl Score {
    /// The matched pairs whose subjects disagree.
    pub fn wrong_subjects(&self) -> impl Iterator<Item = &Pair> {
        self.pairs.iter().filter(|p| !p.subject_right)
    }
}

/// Scores predictions against gold facts for one report. `text` is the report's decoded text.
pub fn score(text: &str, gold: &[Fact], pred: &[Fact]) -> Score {
    let sentences = Sentences::new(text);
    let gold_sents: Vec<BTreeSet<usize>> =
        gold.iter().map(|g| sentences.of(&g.quote, None)).collect();
    let pred_sents: Vec<BTreeSet<usize>> = pred
        .iter()
        .map(|p| sentences.of(&p.quote, Some(p.offset)))
        .collect();

    // Candidate edges, each with whether its subjects agree.
    let edges: Vec<Vec<(usize, bool)>> = gold
        .iter()
        .enumerate()
        .map(|(gi, g)| {
            pred.iter()
                .enumerate()
                .filter(|&(pi, p)| {
                    fields_agree(g, p) && !gold_sents[gi].is_disjoint(&pred_sents[pi])
                })
                .map(|(pi, p)| (pi, subject_right(&g.subject, &p.subject)))
                .collect()
        })
        .collect();

    let mut matching = Matching::new(gold.len(), pred.len());
    // First the pairs whose subjects agree; then other pairs, moving no gold fact off a
    // right-subject pair; then any augmenting path, which makes the matching maximum (an
    // augmenting path never unmatches a matched gold fact).
    matching.run(&edges, Pass::SubjectOnly);
    matching.run(&edges, Pass::KeepRight);
    matching.run(&edges, Pass::Any);

    let mut pairs = Vec::new();
    let mut misses = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        match matching.pred_of_gold[gi] {
            Some(pi) => pairs.push(Pair {
                gold_index: gi,
                pred_index: pi,
                subject_right: subject_right(&g.subject, &pred[pi].subject),
                gold: g.clone(),
                pred: pred[pi].clone(),
            }),
            None => misses.push(g.clone()),
        }
    }
    let extras = pred
        .iter()
        .enumerate()
        .filter(|&(pi, _)| matching.gold_of_pred[pi].is_none())
        .map(|(_, p)| p.clone())
        .collect();

    let tp = pairs.len();
    let subject_right = pairs.iter().filter(|p| p.subject_right).count();
    let precision = ratio(tp, pred.len());
    let recall = ratio(tp, gold.len());
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Score {
        tp,
        n_gold: gold.len(),
        n_pred: pred.len(),
        precision,
        recall,
        f1,
        subject_right,
        subject_accuracy: ratio(subject_right, tp),
        gold_unlocated: gold_sents.iter().filter(|s| s.is_empty()).count(),
        pairs,
        misses,
        extras,
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Whether two facts agree on every scored field but the subject (and the sentence).
pub fn fields_agree(a: &Fact, b: &Fact) -> bool {
    a.kind == b.kind
        && a.period == b.period
        && a.measure == b.measure
        && same_number(a.value, b.value)
        && a.unit == b.unit
        && a.bound == b.bound
        && a.stretch == b.stretch
        && a.since == b.since
        && a.average == b.average
        && (a.bound != crate::Bound::Range
            || match (a.upper, b.upper) {
                (Some(x), Some(y)) => same_number(x, y),
                (None, None) => true,
                _ => false,
            })
}

/// Relative difference under 1e-9 (both zero counts as equal; NaN equals nothing).
pub fn same_number(a: f64, b: f64) -> bool {
    if a == b {
        return true;
    }
    let scale = a.abs().max(b.abs());
    (a - b).abs() < 1e-9 * scale
}

/// Whether two subjects agree: the Jaccard index of their sets of chars is at least 0.5
/// (two empty subjects agree).
pub fn subject_right(a: &str, b: &str) -> bool {
    crate::subject::alike(a, b)
}

/// The sentences of a report's joined text.
struct Sentences {
    joined: String,
    /// Byte offsets of the sentence terminators in `joined`, ascending.
    ends: Vec<usize>,
    /// Byte offset of each char of `joined`, plus `joined.len()` at the end.
    char_bytes: Vec<usize>,
    /// Cached byte offsets of each quote's occurrences.
    cache: std::cell::RefCell<HashMap<String, Vec<usize>>>,
}

impl Sentences {
    fn new(text: &str) -> Self {
        let joined = text.replace('\n', "");
        let ends = joined
            .char_indices()
            .filter(|&(_, c)| TERMINATORS.contains(&c))
            .map(|(i, _)| i)
            .collect();
        let mut char_bytes: Vec<usize> = joined.char_indices().map(|(i, _)| i).collect();
        char_bytes.push(joined.len());
        Sentences {
            joined,
            ends,
            char_bytes,
            cache: Default::default(),
        }
    }

    /// Index of the sentence holding the byte at `pos` (a terminator belongs to the sentence
    /// it ends).
    fn index(&self, pos: usize) -> usize {
        self.ends.partition_point(|&e| e < pos)
    }

    /// The sentences one occurrence (starting at byte `start`) of `quote` spans.
    fn spanned(&self, start: usize, quote: &str, out: &mut BTreeSet<usize>) {
        let last = start + quote.len().saturating_sub(1);
        out.extend(self.index(start)..=self.index(last));
    }

    /// Byte offsets of every occurrence of `quote` (overlapping ones included).
    fn occurrences(&self, quote: &str) -> Vec<usize> {
        if let Some(found) = self.cache.borrow().get(quote) {
            return found.clone();
        }
        let mut found = Vec::new();
        if !quote.is_empty() {
            let step = quote.chars().next().map_or(1, char::len_utf8);
            let mut from = 0;
            while let Some(i) = self.joined[from..].find(quote) {
                found.push(from + i);
                from += i + step;
            }
        }
        self.cache
            .borrow_mut()
            .insert(quote.to_string(), found.clone());
        found
    }

    /// The set of sentences a fact with this quote stands in. When `offset` (a char offset in
    /// the joined text) points at an occurrence of the quote, just that occurrence counts;
    /// otherwise every occurrence does. Empty when the quote is not in the text.
    fn of(&self, quote: &str, offset: Option<usize>) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        if quote.is_empty() {
            return out;
        }
        if let Some(&start) = offset.and_then(|o| self.char_bytes.get(o)) {
            if self.joined[start..].starts_with(quote) {
                self.spanned(start, quote, &mut out);
                return out;
            }
        }
        for start in self.occurrences(quote) {
            self.spanned(start, quote, &mut out);
        }
        out
    }
}

/// Which edges an augmenting pass may use.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// Only pairs whose subjects agree.
    SubjectOnly,
    /// Any pair, but a gold fact matched with the right subject keeps its prediction.
    KeepRight,
    /// Any pair (this pass makes the matching maximum).
    Any,
}

/// A bipartite matching of gold facts to predictions, grown by augmenting paths (Kuhn).
struct Matching {
    pred_of_gold: Vec<Option<usize>>,
    gold_of_pred: Vec<Option<usize>>,
    /// Whether each gold fact's current pair has the right subject.
    right_of_gold: Vec<bool>,
}

impl Matching {
    fn new(n_gold: usize, n_pred: usize) -> Self {
        Matching {
            pred_of_gold: vec![None; n_gold],
            gold_of_pred: vec![None; n_pred],
            right_of_gold: vec![false; n_gold],
        }
    }

    /// Tries once to match every unmatched gold fact. After any matching, one such try for
    /// every free gold fact with [`Pass::Any`] gives a maximum matching (Kuhn's argument: a
    /// vertex with no augmenting path never gets one later).
    fn run(&mut self, edges: &[Vec<(usize, bool)>], pass: Pass) {
        let mut seen = vec![false; self.gold_of_pred.len()];
        for g in 0..edges.len() {
            if self.pred_of_gold[g].is_none() {
                seen.iter_mut().for_each(|s| *s = false);
                self.augment(g, edges, pass, &mut seen);
            }
        }
    }

    fn augment(
        &mut self,
        g: usize,
        edges: &[Vec<(usize, bool)>],
        pass: Pass,
        seen: &mut [bool],
    ) -> bool {
        for &(p, right) in &edges[g] {
            if (pass == Pass::SubjectOnly && !right) || seen[p] {
                continue;
            }
            seen[p] = true;
            let free = match self.gold_of_pred[p] {
                None => true,
                Some(other) if pass == Pass::KeepRight && self.right_of_gold[other] => false,
                Some(other) => self.augment(other, edges, pass, seen),
            };
            if free {
                self.pred_of_gold[g] = Some(p);
                self.gold_of_pred[p] = Some(g);
                self.right_of_gold[g] = right;
                return true;
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Bound, Kind, Measure};

    fn fact(quote: &str, subject: &str, value: f64, unit: &str) -> Fact {
        Fact {
            doc: "t".into(),
            quote: quote.into(),
            kind: Kind::Actual,
            period: 2022,
            since: None,
            average: false,
            subject: subject.into(),
            measure: Measure::Growth,
            value,
            upper: None,
            unit: unit.into(),
            bound: Bound::Exact,
            stretch: false,
            scope: None,
            line_start: 0,
            line_end: 0,
            offset: 0,
            section: Default::default(),
            indicator: None,
            region: None,
            note: None,
        }
    }

    const TEXT: &str =
        "地区生产总值增长3.3%，\n工业增长3.1%。投资增长3.3%！出口下降0.9%？进口增长3.3%";

    #[test]
    fn perfect_prediction_scores_one() {
        let gold = vec![
            fact("地区生产总值增长3.3%", "地区生产总值", 3.3, "%"),
            fact("工业增长3.1%", "工业", 3.1, "%"),
        ];
        let s = score(TEXT, &gold, &gold);
        assert_eq!((s.tp, s.n_gold, s.n_pred, s.subject_right), (2, 2, 2, 2));
        assert_eq!(
            (s.precision, s.recall, s.f1, s.subject_accuracy),
            (1.0, 1.0, 1.0, 1.0)
        );
        assert!(s.misses.is_empty() && s.extras.is_empty());
    }

    #[test]
    fn quote_across_a_line_break_is_found() {
        let gold = vec![fact("3.3%，工业", "工业", 3.1, "%")];
        let pred = vec![fact("工业增长3.1%", "工业", 3.1, "%")];
        assert_eq!(score(TEXT, &gold, &pred).tp, 1);
    }

    #[test]
    fn same_sentence_but_different_quote_matches() {
        let gold = vec![fact("工业增长3.1%", "工业", 3.1, "%")];
        let pred = vec![fact("增长3.1%", "工业增加值", 3.1, "%")];
        let s = score(TEXT, &gold, &pred);
        assert_eq!(s.tp, 1);
    }

    #[test]
    fn other_sentence_does_not_match() {
        let gold = vec![fact("投资增长3.3%", "投资", 3.3, "%")];
        let pred = vec![fact("地区生产总值增长3.3%", "投资", 3.3, "%")];
        let s = score(TEXT, &gold, &pred);
        assert_eq!((s.tp, s.misses.len(), s.extras.len()), (0, 1, 1));
        assert_eq!((s.precision, s.recall, s.f1), (0.0, 0.0, 0.0));
    }

    #[test]
    fn every_scored_field_must_agree() {
        let gold = fact("投资增长3.3%", "投资", 3.3, "%");
        let changes: [fn(&mut Fact); 9] = [
            |f| f.kind = Kind::Target,
            |f| f.period = 2023,
            |f| f.measure = Measure::Share,
            |f| f.value = 3.4,
            |f| f.unit = "个百分点".into(),
            |f| f.bound = Bound::AtLeast,
            |f| f.stretch = true,
            |f| f.since = Some(2018),
            |f| f.average = true,
        ];
        for change in changes {
            let mut pred = gold.clone();
            change(&mut pred);
            assert_eq!(score(TEXT, std::slice::from_ref(&gold), &[pred]).tp, 0);
        }
        // Not scored: scope, lines, section, region, note, doc; upper outside ranges.
        let mut pred = gold.clone();
        pred.scope = Some("全省".into());
        pred.line_start = 9;
        pred.section = "一、".into();
        pred.doc = "other".into();
        pred.upper = Some(9.0);
        pred.value = 3.3 * (1.0 + 1e-12);
        assert_eq!(score(TEXT, &[gold], &[pred]).tp, 1);
    }

    #[test]
    fn ranges_compare_upper() {
        let mut gold = fact("投资增长3.3%", "投资", 3.3, "%");
        gold.bound = Bound::Range;
        gold.upper = Some(4.0);
        let mut pred = gold.clone();
        assert_eq!(score(TEXT, &[gold.clone()], &[pred.clone()]).tp, 1);
        pred.upper = Some(4.5);
        assert_eq!(score(TEXT, &[gold.clone()], &[pred.clone()]).tp, 0);
        pred.upper = None;
        assert_eq!(score(TEXT, &[gold], &[pred]).tp, 0);
    }

    #[test]
    fn zero_values_match() {
        let gold = fact("投资增长3.3%", "投资", 0.0, "%");
        let pred = fact("投资增长3.3%", "投资", -0.0, "%");
        assert_eq!(score(TEXT, &[gold], &[pred]).tp, 1);
        assert!(!same_number(f64::NAN, f64::NAN));
        assert!(!same_number(0.0, 1e-300));
    }

    #[test]
    fn one_gold_to_at_most_one_prediction() {
        let gold = vec![fact("投资增长3.3%", "投资", 3.3, "%")];
        let pred = vec![gold[0].clone(), gold[0].clone()];
        let s = score(TEXT, &gold, &pred);
        assert_eq!((s.tp, s.extras.len()), (1, 1));
        assert_eq!(s.precision, 0.5);
        assert_eq!(s.recall, 1.0);
        assert!((s.f1 - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn repeated_quote_in_two_sentences() {
        // "增长3.3%" stands in sentences 0, 1 and 3.
        let gold = vec![
            fact("增长3.3%", "地区生产总值", 3.3, "%"),
            fact("增长3.3%", "投资", 3.3, "%"),
        ];
        // Without offsets, each prediction could stand in any of those sentences.
        let pred = vec![
            fact("投资增长3.3%", "投资", 3.3, "%"),
            fact("进口增长3.3%", "进口", 3.3, "%"),
        ];
        let s = score(TEXT, &gold, &pred);
        assert_eq!(s.tp, 2);
        // The matching prefers pairs whose subjects agree.
        assert_eq!(s.subject_right, 1);
        assert_eq!(s.pairs[1].pred.subject, "投资");
        assert_eq!(s.wrong_subjects().count(), 1);

        // An offset pinning the quote to sentence 2 (出口…, no 3.3%) is not an occurrence of
        // the quote, so every occurrence counts; an offset at sentence 0's occurrence counts
        // alone.
        let joined = TEXT.replace('\n', "");
        let at = |needle: &str| joined[..joined.find(needle).unwrap()].chars().count();
        let mut p = fact("增长3.3%", "投资", 3.3, "%");
        p.offset = at("地区生产总值增长") + 6;
        let only_first = vec![fact("投资增长3.3%", "投资", 3.3, "%")];
        assert_eq!(score(TEXT, &only_first, std::slice::from_ref(&p)).tp, 0);
        p.offset = at("出口");
        assert_eq!(score(TEXT, &only_first, &[p]).tp, 1);
    }

    #[test]
    fn maximum_matching_reroutes() {
        // Gold A could take either prediction; gold B only the first. Greedy in gold order
        // would give A the first and leave B unmatched; augmenting paths fix that.
        let a = fact("增长3.3%", "甲", 3.3, "%");
        let b = fact("地区生产总值增长3.3%", "乙", 3.3, "%");
        let p1 = fact("地区生产总值增长3.3%", "丁", 3.3, "%");
        let p2 = fact("进口增长3.3%", "丙", 3.3, "%");
        let s = score(TEXT, &[a, b], &[p1, p2]);
        assert_eq!(s.tp, 2);
    }

    #[test]
    fn unlocated_quotes_never_match() {
        let gold = vec![
            fact("不在文中", "投资", 3.3, "%"),
            fact("", "投资", 3.3, "%"),
        ];
        let s = score(TEXT, &gold, &gold);
        assert_eq!((s.tp, s.gold_unlocated), (0, 2));
    }

    #[test]
    fn subject_jaccard() {
        assert!(subject_right("地区生产总值", "地区生产总值"));
        assert!(subject_right("规模以上工业增加值", "工业增加值")); // 5/9
        assert!(!subject_right("规模以上工业增加值", "工业")); // 2/9
        assert!(!subject_right("投资", "出口"));
        assert!(subject_right("", ""));
        assert!(!subject_right("", "投资"));
    }

    #[test]
    fn empty_inputs() {
        let s = score("", &[], &[]);
        assert_eq!(
            (s.tp, s.precision, s.recall, s.f1, s.subject_accuracy),
            (0, 0.0, 0.0, 0.0, 0.0)
        );
    }
}
