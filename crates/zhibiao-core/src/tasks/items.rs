//! The report's items in logical order: headings and blocks of body text, newspaper columns
//! read as paragraphs, annex titles as headings, and headings printed out of place put back
//! where their part begins.

use crate::document::{plan_span, Described};
use crate::layout::{Layout, Paragraph, Role};
use crate::Kind;

/// A run of body text: chars `start..end` of the joined text, in paragraph `para`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Block {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) para: usize,
}

/// One item of the report in logical order: a heading or a block of body text.
#[derive(Debug, Clone)]
pub(super) enum Item {
    Heading {
        level: u8,
        title: String,
        para: usize,
    },
    Body(Block),
    /// The start of an annex glossary (注释 / 名词解释): the plan is over.
    End,
}

/// A glossary's heading: 注释 / 名词解释 / 《政府工作报告》有关内容名词注释.
fn is_glossary(t: &str) -> bool {
    t.chars().count() <= 30
        && crate::lexicon::get()
            .tasks
            .glossary
            .iter()
            .any(|w| t.contains(w))
}

/// What a level-1 heading says its part is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum PartClass {
    Review,
    Plan,
    Outline,
    Neutral,
}

pub(super) fn part_class(title: &str, year: Option<i32>) -> PartClass {
    let has = |w: &[&str]| w.iter().any(|x| title.contains(x));
    let names_year = year.is_some_and(|y| title.contains(&format!("{y}年")));
    if has(crate::lexicon::get().tasks.review_titles) && !names_year {
        return PartClass::Review;
    }
    if names_year || has(crate::lexicon::get().tasks.plan_titles) {
        if has(crate::lexicon::get().tasks.review_of_year) {
            return PartClass::Review;
        }
        return PartClass::Plan;
    }
    if plan_span(title).is_some_and(|(a, _)| year.is_none_or(|y| a >= y)) {
        return PartClass::Outline;
    }
    PartClass::Neutral
}

/// Where the title of a heading paragraph ends: at its first full stop, or at the first blank
/// line inside it (newspaper columns run the heading into the text after it), or its end.
fn heading_end(l: &Layout, start: usize, end: usize) -> usize {
    let f = &l.folded;
    let mut line = l.line_of(start);
    for (i, &c) in f.iter().enumerate().take(end).skip(start) {
        if matches!(c, '。' | '；' | '！' | '？') {
            return i + 1;
        }
        let li = l.line_of(i);
        if li > line + 1 && i > start {
            return i;
        }
        line = li;
    }
    end
}

pub(super) fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}'
}

/// The report's items in logical order.
pub(super) fn items(l: &Layout, d: &Described) -> Vec<Item> {
    let mut reader = ItemReader {
        l,
        columns: newspaper_columns(l),
        out: Vec::new(),
        prev_body: None,
        annex: false,
    };
    for (i, p) in l.paragraphs.iter().enumerate() {
        reader.paragraph(i, p);
    }
    relocate_trailing_headings(reader.out, d)
}

/// Whether a blank line stands between paragraphs `a` and `b`.
fn blank_between(l: &Layout, a: usize, b: usize) -> bool {
    let paras = &l.paragraphs;
    l.line_of(paras[b].start) > l.line_of(paras[a].end.saturating_sub(1)) + 1
}

/// Newspaper columns: paragraphs span many lines and are set apart by blank lines, while a
/// line that happens to end with 。 is no paragraph end.
fn newspaper_columns(l: &Layout) -> bool {
    let paras = &l.paragraphs;
    let bodies: Vec<usize> = (0..paras.len())
        .filter(|&i| paras[i].role == Role::Body)
        .collect();
    let multi = bodies
        .iter()
        .filter(|&&i| l.line_of(paras[i].end.saturating_sub(1)) > l.line_of(paras[i].start))
        .count();
    let blanks = bodies
        .windows(2)
        .filter(|w| w[1] == w[0] + 1 && blank_between(l, w[0], w[1]))
        .count();
    multi * 2 > bodies.len() && blanks >= 3
}

/// A numbered item that is a sentence of work (1.实现城镇新增就业18万人以上，…。), not a
/// heading line: its title runs past a full stop or holds a comma.
fn is_numbered_sentence(l: &Layout, p: &Paragraph) -> bool {
    let he = heading_end(l, p.start, p.end);
    he < p.end || l.joined[p.start..he].contains(&'，')
}

/// Reads the paragraphs of a layout into [`Item`]s, one paragraph after another.
struct ItemReader<'a> {
    l: &'a Layout,
    /// The text is set in newspaper columns ([`newspaper_columns`]).
    columns: bool,
    out: Vec<Item>,
    /// The paragraph of the last body text read, when nothing else came after it.
    prev_body: Option<usize>,
    /// An annex has been announced (附件) and its title is on the next line.
    annex: bool,
}

impl ItemReader<'_> {
    /// Reads paragraph `i`, `p`.
    fn paragraph(&mut self, i: usize, p: &Paragraph) {
        let l = self.l;
        let bare = || -> String {
            l.joined[p.start..p.end]
                .iter()
                .filter(|c| !is_space(**c))
                .collect()
        };
        match p.role {
            Role::Other | Role::Heading { .. } if is_glossary(&bare()) => {
                self.out.push(Item::End);
                self.annex = false;
                self.prev_body = None;
            }
            Role::Other => {
                self.annex_title(i, bare());
                self.prev_body = None;
            }
            Role::Heading { level: 3 } if is_numbered_sentence(l, p) => {
                self.out.push(Item::Body(Block {
                    start: p.start,
                    end: p.end,
                    para: i,
                }));
                self.prev_body = None;
            }
            Role::Heading { level } => self.heading(i, p, level),
            Role::Body => self.body(i, p),
        }
    }

    /// 附件 / 附件：十件民生实事 — an annex, titled on its line or the next: a level-1
    /// heading. `t` is paragraph `i` without spaces.
    fn annex_title(&mut self, i: usize, t: String) {
        let rest = crate::lexicon::get()
            .tasks
            .annexes
            .iter()
            .find_map(|w| t.strip_prefix(w))
            .map(|r| r.trim_start_matches(['：', ':', '一', '1']).to_string());
        match rest {
            Some(r) if r.is_empty() => self.annex = true,
            Some(_) => self.out.push(Item::Heading {
                level: 1,
                title: t,
                para: i,
            }),
            None if self.annex && !t.is_empty() => {
                self.out.push(Item::Heading {
                    level: 1,
                    title: t,
                    para: i,
                });
                self.annex = false;
            }
            None => {}
        }
    }

    /// A heading, and the body text run into its paragraph after the title, if any.
    fn heading(&mut self, i: usize, p: &Paragraph, level: u8) {
        let l = self.l;
        let he = heading_end(l, p.start, p.end);
        let title: String = l.joined[p.start..he]
            .iter()
            .filter(|c| !is_space(**c))
            .collect::<String>()
            .trim_end_matches(['。', '；'])
            .to_string();
        self.out.push(Item::Heading {
            level,
            title,
            para: i,
        });
        let mut s = he;
        while s < p.end && is_space(l.folded[s]) {
            s += 1;
        }
        if s < p.end {
            self.out.push(Item::Body(Block {
                start: s,
                end: p.end,
                para: i,
            }));
            self.prev_body = Some(i);
        } else {
            self.prev_body = None;
        }
    }

    /// Body text: a block of its own, or, in newspaper columns, the rest of the block before
    /// it when no blank line stands between them.
    fn body(&mut self, i: usize, p: &Paragraph) {
        let l = self.l;
        let joined = self.columns
            && self
                .prev_body
                .is_some_and(|pb| pb + 1 == i && !blank_between(l, pb, i))
            && matches!(self.out.last(), Some(Item::Body(_)));
        if let (true, Some(Item::Body(b))) = (joined, self.out.last_mut()) {
            b.end = p.end;
        } else {
            self.out.push(Item::Body(Block {
                start: p.start,
                end: p.end,
                para: i,
            }));
        }
        self.prev_body = Some(i);
    }
}

/// Level-1 headings printed after the last body text (the Jiangmen file ends with 一、2022年
/// 工作回顾 / 二、2023年工作安排) are put back where their part begins: a plan heading before
/// the first paragraph that sets this year's work, a review heading before the first paragraph.
fn relocate_trailing_headings(mut items: Vec<Item>, d: &Described) -> Vec<Item> {
    let Some(last_body) = items.iter().rposition(|it| matches!(it, Item::Body(_))) else {
        return items;
    };
    let trailing: Vec<Item> = items.split_off(last_body + 1);
    if !trailing
        .iter()
        .any(|it| matches!(it, Item::Heading { level: 1, .. }))
    {
        items.extend(trailing);
        return items;
    }
    let year = d.document.year;
    for h in trailing {
        let Item::Heading {
            level: 1, title, ..
        } = &h
        else {
            continue;
        };
        let at = match part_class(title, year) {
            PartClass::Plan => items
                .iter()
                .position(|it| matches!(it, Item::Body(b) if sets_this_years_work(d, b.para))),
            PartClass::Review => items.iter().position(|it| matches!(it, Item::Body(_))),
            _ => None,
        };
        match at {
            Some(at) => items.insert(at, h),
            None => items.push(h),
        }
    }
    items
}

/// Whether paragraph `para` sets this year's work: a target of the report's year, not of a
/// span of years.
pub(super) fn sets_this_years_work(d: &Described, para: usize) -> bool {
    let p = d.parts[para];
    p.kind == Kind::Target && Some(p.period) == d.document.year && p.since.is_none()
}
