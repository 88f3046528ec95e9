//! Which items of the report are the plan: the level-1 parts that set this year's work, and in
//! a part mixing this year's work with the five-year plan, the paragraphs of this year's.

use super::items::{part_class, sets_this_years_work, Block, Item, PartClass};
use super::kind::SentenceKind;
use super::runs::block_sentences;
use crate::document::{plan_span, Described};
use crate::layout::Layout;

/// One flag per item: whether it is in the plan. A level-1 part is the plan when its heading
/// says so, or when its paragraphs mostly set this year's work (a heading in words only:
/// 一鼓作气勇争先…), or when it is a part in words only after the plan (政府自身建设).
pub(super) fn plan_items(l: &Layout, d: &Described, items: &[Item]) -> Vec<bool> {
    let year = d.document.year;
    let mut plan_of_item = vec![false; items.len()];
    // Inside a level-1 part (or after the glossary), whose plan flag is `top_plan`.
    let mut in_top = false;
    let mut top_plan = false;
    // A level-1 part before was the plan.
    let mut prev_plan = false;
    // A part of this year's work and the five-year plan together (“十五五”时期目标任务和
    // 2026年重点工作): paragraph by paragraph, once this year's work has begun in it.
    let mut mixed = false;
    let mut mixed_started = false;
    for i in 0..items.len() {
        match &items[i] {
            Item::Heading {
                level: 1, title, ..
            } => {
                in_top = true;
                prev_plan = prev_plan || top_plan;
                mixed = part_class(title, year) == PartClass::Plan && plan_span(title).is_some();
                mixed_started = false;
                top_plan = part_is_plan(d, items, i, part_class(title, year), prev_plan);
                plan_of_item[i] = top_plan;
            }
            Item::End => {
                in_top = true;
                mixed = false;
                prev_plan = prev_plan || top_plan;
                top_plan = false;
            }
            Item::Heading { para, .. } | Item::Body(Block { para, .. }) => {
                if mixed && !mixed_started {
                    mixed_started = opens_years_work(l, &items[i], year);
                }
                plan_of_item[i] = if in_top && !mixed {
                    top_plan
                } else if mixed {
                    mixed_started && sets_this_years_work(d, *para)
                } else {
                    sets_this_years_work(d, *para)
                };
            }
        }
    }
    plan_of_item
}

/// Whether the level-1 part whose heading is item `i` (of class `class`) is the plan: a plan
/// heading is, a review heading is not; else when most of its paragraphs set this year's work,
/// or when it is a part in words only after the plan (`prev_plan`).
fn part_is_plan(
    d: &Described,
    items: &[Item],
    i: usize,
    class: PartClass,
    prev_plan: bool,
) -> bool {
    match class {
        PartClass::Plan => true,
        PartClass::Review => false,
        class => {
            let next = items[i + 1..]
                .iter()
                .position(|it| matches!(it, Item::Heading { level: 1, .. }))
                .map_or(items.len(), |n| i + 1 + n);
            let paras: Vec<usize> = items[i + 1..next]
                .iter()
                .filter_map(|it| match it {
                    Item::Body(b) => Some(b.para),
                    _ => None,
                })
                .collect();
            let mostly = paras
                .iter()
                .filter(|&&p| sets_this_years_work(d, p))
                .count()
                * 2
                > paras.len();
            mostly || (class == PartClass::Neutral && prev_plan)
        }
    }
}

/// In a mixed part the year's work begins with its framing or main targets (今年… / 2026年
/// 是… / 主要预期目标是), or its first sub-heading: whether `item` begins it.
fn opens_years_work(l: &Layout, item: &Item, year: Option<i32>) -> bool {
    match item {
        Item::Heading { .. } => true,
        Item::Body(b) => block_sentences(l, b, year).iter().any(|s| {
            let t = l.slice(s.start, s.end);
            s.kind == SentenceKind::MainTargets
                || t.trim_start().starts_with("今年")
                || year.is_some_and(|y| t.trim_start().starts_with(&format!("{y}年")))
        }),
        Item::End => false,
    }
}
