//! The sentences of a block of the plan, and the runs of them that are tasks.

use super::items::{is_space, Block};
use super::kind::{is_concrete, is_lead, item_marker, kind, SentenceKind};
use crate::layout::Layout;
use crate::sentence::sentences;

/// A sentence of a block: span in the joined text and kind.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sent {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: SentenceKind,
    pub(super) item: bool,
}

/// Sentences of a block. An address to the deputies (各位代表) always opens a sentence, even
/// where the text before it breaks off without a full stop (a page cut).
pub(super) fn block_sentences(l: &Layout, b: &Block, year: Option<i32>) -> Vec<Sent> {
    let f = &l.folded;
    let mut spans = Vec::new();
    for (s, e) in sentences(f, b.start, b.end) {
        let mut s = s;
        let mut i = s + 1;
        while i + 4 <= e {
            if f[i..i + 4] == ['各', '位', '代', '表'] {
                spans.push((s, i));
                s = i;
            }
            i += 1;
        }
        spans.push((s, e));
    }
    spans
        .into_iter()
        .filter(|&(s, e)| f[s..e].iter().any(|c| !is_space(*c)))
        .map(|(s, e)| {
            let text = l.slice(s, e);
            Sent {
                start: s,
                end: e,
                kind: kind(&text, year),
                item: item_marker(&text),
            }
        })
        .collect()
}

/// Splits one block of the plan into runs of sentences, each a task.
pub(super) fn block_tasks(l: &Layout, sents: &[Sent]) -> Vec<Vec<Sent>> {
    let Some(first) = sents.first() else {
        return Vec::new();
    };
    if in_no_task(l, sents) {
        return Vec::new();
    }
    let concrete = |s: &Sent| is_concrete(&l.slice(s.start, s.end));
    let out = match first.kind {
        // A paragraph opened by resolve that carries concrete work (我们要坚持“一国两制”…)
        // is a task; one of resolve alone (我们深知，实现这些目标并非易事…) is none.
        SentenceKind::Resolve if sents.len() > 2 && sents.iter().any(concrete) => {
            vec![sents.to_vec()]
        }
        // A framing paragraph is in no task, save a main-targets passage inside it.
        SentenceKind::Framing | SentenceKind::Address | SentenceKind::Resolve => sents
            .iter()
            .position(|s| s.kind == SentenceKind::MainTargets)
            .map(|m| vec![sents[m..].to_vec()])
            .unwrap_or_default(),
        SentenceKind::Transition => {
            if sents.len() > 1 {
                return block_tasks(l, &sents[1..]);
            }
            Vec::new()
        }
        _ => work_runs(l, sents),
    };
    out.into_iter().filter_map(trim_run).collect()
}

/// A closing call (雄关漫道真如铁…。让我们…) with nothing concrete before it, or a short
/// paragraph of rhetoric and resolve (感念万家灯火情…。我们要…), is in no task.
fn in_no_task(l: &Layout, sents: &[Sent]) -> bool {
    let concrete = |s: &Sent| is_concrete(&l.slice(s.start, s.end));
    if let Some(a) = sents.iter().position(|s| s.kind == SentenceKind::Address) {
        if !sents[..a].iter().any(concrete) {
            return true;
        }
    }
    let first = &sents[0];
    sents.len() <= 2
        && !sents.iter().any(concrete)
        && !is_lead(&l.slice(first.start, first.end))
        && sents.iter().any(|s| s.kind == SentenceKind::Resolve)
}

/// The runs of a block of work: each item of a counted list, or the block as one task (a new
/// one from a main-targets passage inside it).
fn work_runs(l: &Layout, sents: &[Sent]) -> Vec<Vec<Sent>> {
    let first = &sents[0];
    let items = sents.iter().filter(|s| s.item).count();
    let lead = is_lead(&l.slice(first.start, first.end));
    let at = sents.iter().position(|s| s.item).unwrap_or(0);
    // Items under a lead sentence are its measures, unless the lead-in counts them
    // (今年再办好15件民生实事。) or names them as commitments (办好为民实事。).
    let counted = sents[..at]
        .iter()
        .any(|s| counts_items(&l.slice(s.start, s.end)));
    let mut out: Vec<Vec<Sent>> = Vec::new();
    if items >= 2 && (!lead || counted) && first.kind != SentenceKind::MainTargets {
        // A counted list: every item is a task; a short lead-in that only counts the items
        // (今年再办好15件民生实事。) is none.
        if at > 0 {
            let intro = &sents[at - 1];
            if (intro.end - intro.start) > 22 {
                out.push(sents[..at].to_vec());
            }
        }
        for s in &sents[at..] {
            if s.item || out.is_empty() {
                out.push(vec![*s]);
            } else if let Some(t) = out.last_mut() {
                t.push(*s);
            }
        }
    } else {
        out.push(Vec::new());
        for s in sents {
            if s.kind == SentenceKind::MainTargets && out.last().is_some_and(|t| !t.is_empty()) {
                out.push(Vec::new());
            }
            if let Some(t) = out.last_mut() {
                t.push(*s);
            }
        }
    }
    out
}

/// A run cut to its task: a transition (or an address) ends it there; resolve, addresses and
/// framing that close it are left out. `None` when nothing is left.
fn trim_run(t: Vec<Sent>) -> Option<Vec<Sent>> {
    let mut t: Vec<Sent> = match t
        .iter()
        .skip(1)
        .position(|s| matches!(s.kind, SentenceKind::Transition | SentenceKind::Address))
    {
        Some(p) => t[..p + 1].to_vec(),
        None => t,
    };
    while t.len() > 1
        && t.last().is_some_and(|s| {
            matches!(
                s.kind,
                SentenceKind::Resolve | SentenceKind::Address | SentenceKind::Framing
            )
        })
    {
        t.pop();
    }
    (!t.is_empty()).then_some(t)
}

/// A lead-in that counts the items after it (15件民生实事 / 9条路径 / 十项惠民工程) or names
/// them as yearly commitments (民生实事, 为民实事).
fn counts_items(s: &str) -> bool {
    if s.contains("实事") {
        return true;
    }
    let c: Vec<char> = s.chars().collect();
    c.windows(2).any(|w| {
        (w[0].is_ascii_digit() || "一二三四五六七八九十".contains(w[0]))
            && matches!(w[1], '件' | '项' | '条')
    })
}
