//! Scoring a division against a gold file, as `tests/data/spec/tasks.md` (Scoring) says.
//!
//! A predicted task matches a gold task when it starts at the same sentence: its first
//! sentence holds the gold `first`, or the gold `first` holds it. One gold task matches at most
//! one prediction, in reading order. Precision = matched / predicted, recall = matched / gold.
//! The end boundary is scored apart: the share of matched tasks whose `last` agrees by the
//! same rule.
//!
//! ```
//! use zhibiao_core::tasks::score::{score, GoldTask};
//! let gold = vec![GoldTask { doc: "d".into(), part: String::new(), first: "大力提振消费。".into(),
//!     last: "营造安全友好消费环境。".into(), note: None }];
//! let s = score(&gold, &[]);
//! assert_eq!((s.matched, s.recall), (0, 0.0));
//! ```

use super::Task;
use serde::{Deserialize, Serialize};

/// One task of a gold file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GoldTask {
    pub doc: String,
    #[serde(default)]
    pub part: String,
    pub first: String,
    pub last: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A matched pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskPair {
    pub gold_index: usize,
    pub pred_index: usize,
    /// Whether the last sentences agree.
    pub end_agrees: bool,
    pub gold_last: String,
    pub pred_last: String,
    pub first: String,
}

/// The score of a division.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TaskScore {
    pub n_gold: usize,
    pub n_pred: usize,
    pub matched: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Matched tasks whose last sentence agrees.
    pub end_agreed: usize,
    /// `end_agreed / matched` (0 when nothing matched).
    pub end_rate: f64,
    pub pairs: Vec<TaskPair>,
    /// Gold tasks no prediction starts at.
    pub misses: Vec<GoldTask>,
    /// Predicted tasks (`seq`, `first`) that start at no gold task.
    pub extras: Vec<(usize, String)>,
}

/// The text with every space and line break removed, for comparing sentences.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect()
}

/// The same sentence: one holds the other.
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && !b.is_empty() && (a.contains(&b) || b.contains(&a))
}

/// Scores predicted tasks against gold tasks.
pub fn score(gold: &[GoldTask], pred: &[Task]) -> TaskScore {
    let mut used = vec![false; pred.len()];
    let mut pairs = Vec::new();
    let mut misses = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        // The first unused prediction that starts at the same sentence, nearest in order.
        let hit = (0..pred.len()).find(|&pi| !used[pi] && same(&pred[pi].first, &g.first));
        match hit {
            Some(pi) => {
                used[pi] = true;
                pairs.push(TaskPair {
                    gold_index: gi,
                    pred_index: pi,
                    end_agrees: same(&pred[pi].last, &g.last),
                    gold_last: g.last.clone(),
                    pred_last: pred[pi].last.clone(),
                    first: g.first.clone(),
                });
            }
            None => misses.push(g.clone()),
        }
    }
    let extras = pred
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(t, _)| (t.seq, t.first.clone()))
        .collect();
    let matched = pairs.len();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = ratio(matched, pred.len());
    let recall = ratio(matched, gold.len());
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };
    let end_agreed = pairs.iter().filter(|p| p.end_agrees).count();
    TaskScore {
        n_gold: gold.len(),
        n_pred: pred.len(),
        matched,
        precision,
        recall,
        f1,
        end_agreed,
        end_rate: ratio(end_agreed, matched),
        pairs,
        misses,
        extras,
    }
}
