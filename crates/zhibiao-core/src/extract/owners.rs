//! Owners and topics a subject takes from its clause or the sentences before.

use super::Context;
use crate::subject;

/// The topic of the sentence before the one at `s` in the same paragraph: its first clause with
/// leading verbs and its predicate removed (石化产业持续“减油增化提质” → 石化产业), when that is
/// a short name.
pub(super) fn topic_of_sentence_before(ctx: &Context, s: usize) -> String {
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
pub(super) fn topic_before(f: &[char], s: usize, clause: usize) -> String {
    clause_before(f, s, clause)
        .map(|t| subject::topic(&t))
        .unwrap_or_default()
}

/// The words of the clause before `clause` in the sentence, if there is one.
pub(super) fn clause_before(f: &[char], s: usize, clause: usize) -> Option<String> {
    if clause <= s + 1 {
        return None;
    }
    let prev = crate::sentence::clause_start(f, s, clause - 1);
    Some(crate::chars::string(&f[prev..clause - 1]))
}

/// The owner a sentence opens on (see `subject::opening_owner`), and where its first clause
/// ends.
pub(super) fn opening_owner(f: &[char], s: usize, e: usize) -> Option<(String, usize)> {
    let first_end = (s..e).find(|&j| matches!(f[j], '，' | '；' | '：'))?;
    // Most first clauses lack the words of an owner: no String of them is made.
    if !subject::may_hold_owner(f[s..first_end].iter().copied()) {
        return None;
    }
    let clause = crate::chars::string(&f[s..first_end]);
    subject::opening_owner(&clause).map(|o| (o, first_end))
}

/// A measure of the clauses after an opening owner, named with it (算力规模 → 庆阳数据中心集群
/// 算力规模), unless it names it already or is a long phrase of its own.
pub(super) fn with_owner(owner: &str, subject: String) -> String {
    if subject.is_empty()
        || subject.chars().count() > 10
        || subject::alike(owner, &subject)
        || subject.contains(owner)
    {
        return subject;
    }
    format!("{owner}{subject}")
}
