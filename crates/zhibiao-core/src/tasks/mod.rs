//! Stage after facts, tasks: the plan divided the way a government office divides it
//! (`tests/data/spec/tasks.md`).
//!
//! The plan part is the part of the report that sets this year's work. Its headings are
//! *parts*; inside a part a short lead sentence at the head of a paragraph (提升硬联通能力。)
//! opens a task that runs to the next paragraph, heading or part; a paragraph with no lead
//! sentence is one task; the items of a counted list (一是… / 能源方面，…) are tasks of their
//! own. Framing, transitions, resolve and addresses to the deputies are in no task: they are
//! told by the kind of sentence ([`kind`]), not by a list of phrases.
//!
//! Newspaper columns (a hard break every ~18 chars, paragraphs set apart by blank lines) and
//! headings printed out of place (the Jiangmen file ends with its part headings) are read in
//! their logical order.
//!
//! ```
//! let text = "三、2026年工作安排\n2026年是开局之年。做好今年工作，要稳中求进。\n（一）着力扩大内需\n大力提振消费。实施提振消费专项行动，社会消费品零售总额增长5%。\n扩大有效投资。抓好629个省级重点工程项目。\n";
//! let x = zhibiao_core::extract("demo", text);
//! let tasks = zhibiao_core::tasks::divide("demo", text, &x.facts);
//! assert_eq!(tasks.len(), 2);
//! assert_eq!(tasks[0].title, "大力提振消费");
//! assert_eq!(tasks[0].part, "三、2026年工作安排 › （一）着力扩大内需");
//! assert_eq!(tasks[0].targets.len(), 1);
//! ```

pub mod kind;
pub mod score;

use crate::document::{describe, plan_span, Described};
use crate::layout::{layout, Layout, Role};
use crate::sentence::sentences;
use crate::{Fact, Kind};
use kind::{deadline, is_concrete, is_lead, item_marker, kind, SentenceKind};
use serde::{Deserialize, Serialize};

/// One sentence of a task: its text (line breaks removed) and where it starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskSentence {
    /// Char offset in the joined text (the report with line breaks removed).
    pub offset: usize,
    pub text: String,
}

/// One task of the plan: a line of work an office gives to departments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    /// Document id (the file's stem).
    pub doc: String,
    /// 1-based place in the division.
    pub seq: usize,
    /// 序号 by part: the part's heading numbers and the task's place in it (三、（一）2.).
    pub number: String,
    /// Heading path of the part, headings joined by ` › `.
    pub part: String,
    /// The lead sentence without its full stop, or the paragraph's first clause.
    pub title: String,
    /// First sentence, exact text of the report with line breaks removed.
    pub first: String,
    /// Last sentence, same rule.
    pub last: String,
    /// All its sentences, joined.
    pub text: String,
    /// Char offset of `first` in the joined text.
    pub offset: usize,
    /// Char offset just past `last` in the joined text: the task is `offset..end`.
    pub end: usize,
    /// First and last line (1-based) of the original file.
    pub line_start: usize,
    pub line_end: usize,
    /// A time limit the text states (6月底前, 年底前), if any.
    pub deadline: Option<String>,
    pub sentences: Vec<TaskSentence>,
    /// The target facts inside the task.
    pub targets: Vec<Fact>,
}

impl Task {
    /// Whether this task is the year's main-targets passage (今年经济社会发展的主要预期目标是：…),
    /// told by the kind of its first sentence.
    pub fn is_main_targets(&self) -> bool {
        kind(&self.first, None) == SentenceKind::MainTargets
    }

    /// Whether the quote of `fact` starts inside this task.
    pub fn holds(&self, fact: &Fact) -> bool {
        fact.offset >= self.offset && fact.offset < self.end
    }
}

/// The facts of the year's main-targets passage (`extract --main`): those whose quote starts
/// inside a task of `tasks` that [`Task::is_main_targets`], in their order.
pub fn main_targets(tasks: &[Task], facts: Vec<Fact>) -> Vec<Fact> {
    let main: Vec<&Task> = tasks.iter().filter(|t| t.is_main_targets()).collect();
    facts
        .into_iter()
        .filter(|f| main.iter().any(|t| t.holds(f)))
        .collect()
}

/// Divides a report's plan into tasks; `facts` are the report's facts (the targets among them
/// are given to the task that holds their quote).
pub fn divide(doc_id: &str, text: &str, facts: &[Fact]) -> Vec<Task> {
    let l = layout(text);
    let d = describe(doc_id, &l);
    divide_layout(doc_id, &l, &d, facts)
}

/// A run of body text: chars `start..end` of the joined text, in paragraph `para`.
#[derive(Debug, Clone, Copy)]
struct Block {
    start: usize,
    end: usize,
    para: usize,
}

/// One item of the report in logical order: a heading or a block of body text.
#[derive(Debug, Clone)]
enum Item {
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
        && ["注释", "名词解释", "注解", "释义", "附注"]
            .iter()
            .any(|w| t.contains(w))
}

/// What a level-1 heading says its part is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartClass {
    Review,
    Plan,
    Outline,
    Neutral,
}

fn part_class(title: &str, year: Option<i32>) -> PartClass {
    let has = |w: &[&str]| w.iter().any(|x| title.contains(x));
    let names_year = year.is_some_and(|y| title.contains(&format!("{y}年")));
    if has(&["回顾", "总结", "成就", "过去"]) && !names_year {
        return PartClass::Review;
    }
    if names_year
        || has(&[
            "工作安排",
            "重点工作",
            "主要工作",
            "主要任务",
            "今年",
            "工作任务",
        ])
    {
        if has(&["回顾", "总结"]) {
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

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}'
}

/// The report's items in logical order.
fn items(l: &Layout, d: &Described) -> Vec<Item> {
    let f = &l.folded;
    let paras = &l.paragraphs;
    // Newspaper columns: paragraphs span many lines and are set apart by blank lines, while a
    // line that happens to end with 。 is no paragraph end.
    let bodies: Vec<usize> = (0..paras.len())
        .filter(|&i| paras[i].role == Role::Body)
        .collect();
    let multi = bodies
        .iter()
        .filter(|&&i| l.line_of(paras[i].end.saturating_sub(1)) > l.line_of(paras[i].start))
        .count();
    let blank_between = |a: usize, b: usize| -> bool {
        l.line_of(paras[b].start) > l.line_of(paras[a].end.saturating_sub(1)) + 1
    };
    let blanks = bodies
        .windows(2)
        .filter(|w| w[1] == w[0] + 1 && blank_between(w[0], w[1]))
        .count();
    let columns = multi * 2 > bodies.len() && blanks >= 3;

    let mut out: Vec<Item> = Vec::new();
    let mut prev_body: Option<usize> = None;
    let mut annex = false;
    for (i, p) in paras.iter().enumerate() {
        let bare = || -> String {
            l.joined[p.start..p.end]
                .iter()
                .filter(|c| !is_space(**c))
                .collect()
        };
        match p.role {
            Role::Other | Role::Heading { .. } if is_glossary(&bare()) => {
                out.push(Item::End);
                annex = false;
                prev_body = None;
            }
            Role::Other => {
                // 附件 / 附件：十件民生实事 — an annex, titled on its line or the next.
                let t = bare();
                let rest = ["附件", "附：", "附表"]
                    .iter()
                    .find_map(|w| t.strip_prefix(w))
                    .map(|r| r.trim_start_matches(['：', ':', '一', '1']).to_string());
                match rest {
                    Some(r) if r.is_empty() => annex = true,
                    Some(_) => out.push(Item::Heading {
                        level: 1,
                        title: t,
                        para: i,
                    }),
                    None if annex && !t.is_empty() => {
                        out.push(Item::Heading {
                            level: 1,
                            title: t,
                            para: i,
                        });
                        annex = false;
                    }
                    None => {}
                }
                prev_body = None;
            }
            // A numbered item that is a sentence of work (1.实现城镇新增就业18万人以上，…。),
            // not a heading line: body text.
            Role::Heading { level: 3 }
                if {
                    let he = heading_end(l, p.start, p.end);
                    he < p.end || l.joined[p.start..he].contains(&'，')
                } =>
            {
                out.push(Item::Body(Block {
                    start: p.start,
                    end: p.end,
                    para: i,
                }));
                prev_body = None;
            }
            Role::Heading { level } => {
                let he = heading_end(l, p.start, p.end);
                let title: String = l.joined[p.start..he]
                    .iter()
                    .filter(|c| !is_space(**c))
                    .collect::<String>()
                    .trim_end_matches(['。', '；'])
                    .to_string();
                out.push(Item::Heading {
                    level,
                    title,
                    para: i,
                });
                let mut s = he;
                while s < p.end && is_space(f[s]) {
                    s += 1;
                }
                if s < p.end {
                    out.push(Item::Body(Block {
                        start: s,
                        end: p.end,
                        para: i,
                    }));
                    prev_body = Some(i);
                } else {
                    prev_body = None;
                }
            }
            Role::Body => {
                let joined = columns
                    && prev_body.is_some_and(|pb| pb + 1 == i && !blank_between(pb, i))
                    && matches!(out.last(), Some(Item::Body(_)));
                if let (true, Some(Item::Body(b))) = (joined, out.last_mut()) {
                    b.end = p.end;
                } else {
                    out.push(Item::Body(Block {
                        start: p.start,
                        end: p.end,
                        para: i,
                    }));
                }
                prev_body = Some(i);
            }
        }
    }
    relocate_trailing_headings(out, d)
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
    let this_year = |para: usize| {
        let p = d.parts[para];
        p.kind == Kind::Target && Some(p.period) == year && p.since.is_none()
    };
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
                .position(|it| matches!(it, Item::Body(b) if this_year(b.para))),
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

/// The heading number of a title: 三、 / （一） / 1.
fn heading_number(title: &str) -> String {
    let t: Vec<char> = title.chars().collect();
    if t.first() == Some(&'（') {
        if let Some(e) = t.iter().position(|&c| c == '）') {
            return crate::chars::string(&t[..=e]);
        }
    }
    if let Some(e) = t
        .iter()
        .take(5)
        .position(|&c| matches!(c, '、' | '.' | '．'))
    {
        return crate::chars::string(&t[..=e]);
    }
    String::new()
}

/// A sentence of a block: span in the joined text and kind.
#[derive(Debug, Clone, Copy)]
struct Sent {
    start: usize,
    end: usize,
    kind: SentenceKind,
    item: bool,
}

/// Sentences of a block. An address to the deputies (各位代表) always opens a sentence, even
/// where the text before it breaks off without a full stop (a page cut).
fn block_sentences(l: &Layout, b: &Block, year: Option<i32>) -> Vec<Sent> {
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
fn block_tasks(l: &Layout, sents: &[Sent]) -> Vec<Vec<Sent>> {
    let Some(first) = sents.first() else {
        return Vec::new();
    };
    let mut out: Vec<Vec<Sent>> = Vec::new();
    let concrete = |s: &Sent| is_concrete(&l.slice(s.start, s.end));
    // A closing call (雄关漫道真如铁…。让我们…) with nothing concrete before it, or a short
    // paragraph of rhetoric and resolve (感念万家灯火情…。我们要…), is in no task.
    if let Some(a) = sents.iter().position(|s| s.kind == SentenceKind::Address) {
        if !sents[..a].iter().any(concrete) {
            return Vec::new();
        }
    }
    if sents.len() <= 2
        && !sents.iter().any(concrete)
        && !is_lead(&l.slice(first.start, first.end))
        && sents.iter().any(|s| s.kind == SentenceKind::Resolve)
    {
        return Vec::new();
    }
    match first.kind {
        // A paragraph opened by resolve that carries concrete work (我们要坚持“一国两制”…)
        // is a task; one of resolve alone (我们深知，实现这些目标并非易事…) is none.
        SentenceKind::Resolve if sents.len() > 2 && sents.iter().any(concrete) => {
            out.push(sents.to_vec());
        }
        // A framing paragraph is in no task, save a main-targets passage inside it.
        SentenceKind::Framing | SentenceKind::Address | SentenceKind::Resolve => {
            if let Some(m) = sents
                .iter()
                .position(|s| s.kind == SentenceKind::MainTargets)
            {
                out.push(sents[m..].to_vec());
            }
        }
        SentenceKind::Transition => {
            if sents.len() > 1 {
                return block_tasks(l, &sents[1..]);
            }
        }
        _ => {
            let items = sents.iter().filter(|s| s.item).count();
            let lead = is_lead(&l.slice(first.start, first.end));
            let at = sents.iter().position(|s| s.item).unwrap_or(0);
            // Items under a lead sentence are its measures, unless the lead-in counts them
            // (今年再办好15件民生实事。) or names them as commitments (办好为民实事。).
            let counted = sents[..at]
                .iter()
                .any(|s| counts_items(&l.slice(s.start, s.end)));
            if items >= 2 && (!lead || counted) && first.kind != SentenceKind::MainTargets {
                // A counted list: every item is a task; a short lead-in that only counts the
                // items (今年再办好15件民生实事。) is none.
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
                    if s.kind == SentenceKind::MainTargets
                        && out.last().is_some_and(|t| !t.is_empty())
                    {
                        out.push(Vec::new());
                    }
                    if let Some(t) = out.last_mut() {
                        t.push(*s);
                    }
                }
            }
        }
    }
    // A transition ends its task there; resolve, addresses and framing that close a task are
    // left out of it.
    let mut cut = Vec::new();
    for t in out {
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
        if !t.is_empty() {
            cut.push(t);
        }
    }
    cut
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

/// Divides a laid-out, described report into its tasks.
pub fn divide_layout(doc_id: &str, l: &Layout, d: &Described, facts: &[Fact]) -> Vec<Task> {
    let year = d.document.year;
    let items = items(l, d);
    let this_year = |para: usize| {
        let p = d.parts[para];
        p.kind == Kind::Target && Some(p.period) == year && p.since.is_none()
    };
    // Which level-1 parts are the plan: a heading that says so, or one whose paragraphs mostly
    // set this year's work (a heading in words only: 一鼓作气勇争先…), or a part in words only
    // after the plan (政府自身建设).
    let mut plan_of_item = vec![false; items.len()];
    let mut in_top = false;
    let mut top_plan = false;
    let mut prev_plan = false;
    let mut mixed = false;
    let mut mixed_started = false;
    for i in 0..items.len() {
        match &items[i] {
            Item::Heading {
                level: 1, title, ..
            } => {
                in_top = true;
                prev_plan = prev_plan || top_plan;
                // A part of this year's work and the five-year plan together (“十五五”时期
                // 目标任务和2026年重点工作): paragraph by paragraph.
                mixed = part_class(title, year) == PartClass::Plan && plan_span(title).is_some();
                mixed_started = false;
                top_plan = match part_class(title, year) {
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
                        let mostly =
                            paras.iter().filter(|&&p| this_year(p)).count() * 2 > paras.len();
                        mostly || (class == PartClass::Neutral && prev_plan)
                    }
                };
                plan_of_item[i] = top_plan;
            }
            Item::End => {
                in_top = true;
                mixed = false;
                prev_plan = prev_plan || top_plan;
                top_plan = false;
            }
            Item::Heading { para, .. } | Item::Body(Block { para, .. }) => {
                // In a mixed part the year's work begins with its framing or main targets
                // (今年… / 2026年是… / 主要预期目标是), or its first sub-heading.
                if mixed && !mixed_started {
                    mixed_started = match &items[i] {
                        Item::Heading { .. } => true,
                        Item::Body(b) => block_sentences(l, b, year).iter().any(|s| {
                            let t = l.slice(s.start, s.end);
                            s.kind == SentenceKind::MainTargets
                                || t.trim_start().starts_with("今年")
                                || year
                                    .is_some_and(|y| t.trim_start().starts_with(&format!("{y}年")))
                        }),
                        Item::End => false,
                    };
                }
                plan_of_item[i] = if in_top && !mixed {
                    top_plan
                } else if mixed {
                    mixed_started && this_year(*para)
                } else {
                    this_year(*para)
                };
            }
        }
    }

    let mut tasks: Vec<Task> = Vec::new();
    let mut path: Vec<(u8, String)> = Vec::new();
    let mut was_plan = false;
    let mut per_part = 0usize;
    let mut framing_list = false;
    let mut lone_lead: Option<Vec<Sent>> = None;
    for i in 0..items.len() {
        let plan = plan_of_item[i];
        if plan && !was_plan {
            // The plan starts: headings of the review above do not frame it.
            path.retain(|(lv, _)| *lv <= 1);
            per_part = 0;
        }
        was_plan = plan;
        match &items[i] {
            Item::Heading { level, title, .. } => {
                path.retain(|(lv, _)| lv < level);
                path.push((*level, title.clone()));
                per_part = 0;
            }
            Item::Body(b) if plan => {
                let sents = block_sentences(l, b, year);
                // The list a framing paragraph announces (…“五个必须”规律性认识：) runs on in
                // paragraphs opened by a dash (——坚定信心、用好优势…): framing too.
                let dash = l.slice(b.start, b.end.min(b.start + 2)) == "——";
                if dash && framing_list {
                    continue;
                }
                framing_list = sents
                    .first()
                    .is_some_and(|s| matches!(s.kind, SentenceKind::Framing))
                    && (l.slice(b.start, b.end).trim_end().ends_with('：')
                        || sents
                            .last()
                            .is_some_and(|s| s.kind == SentenceKind::Transition));
                let runs = block_tasks(l, &sents);
                // A part's opening paragraph that only restates its aim in general words.
                let opens_part = matches!(
                    i.checked_sub(1).map(|p| &items[p]),
                    Some(Item::Heading { .. })
                );
                let level = path.last().map_or(0, |(lv, _)| *lv);
                let next_leads = match items.get(i + 1) {
                    Some(Item::Body(nb)) => block_sentences(l, nb, year)
                        .first()
                        .is_some_and(|s| is_lead(&l.slice(s.start, s.end))),
                    Some(Item::Heading { level: next, .. }) => *next > level,
                    _ => false,
                };
                let aim = opens_part
                    && next_leads
                    && runs.len() == 1
                    && sents.len() <= 2
                    && !is_lead(&l.slice(sents[0].start, sents[0].end))
                    && sents.iter().all(|s| !is_concrete(&l.slice(s.start, s.end)));
                if aim {
                    continue;
                }
                let mut runs = runs.into_iter();
                // A lead sentence standing alone on its line (加强生态系统保护修复。) leads the
                // paragraph after it, when that one has no lead of its own.
                if let Some(mut lead) = lone_lead.take() {
                    let carries = sents
                        .first()
                        .is_some_and(|s| s.kind == SentenceKind::Work && !s.item)
                        && !is_lead(&l.slice(sents[0].start, sents[0].end));
                    if carries {
                        if let Some(first_run) = runs.next() {
                            tasks.pop();
                            lead.extend(first_run);
                            tasks.push(make_task(doc_id, l, &path, per_part, &lead, facts));
                        }
                    }
                }
                let lone = sents.len() == 1 && is_lead(&l.slice(sents[0].start, sents[0].end));
                for run in runs {
                    per_part += 1;
                    if lone {
                        lone_lead = Some(run.clone());
                    }
                    tasks.push(make_task(doc_id, l, &path, per_part, &run, facts));
                }
            }
            Item::Body(_) | Item::End => {}
        }
        if !matches!(items[i], Item::Body(_)) || !plan {
            lone_lead = None;
        }
    }
    for (k, t) in tasks.iter_mut().enumerate() {
        t.seq = k + 1;
    }
    tasks
}

fn make_task(
    doc_id: &str,
    l: &Layout,
    path: &[(u8, String)],
    n: usize,
    run: &[Sent],
    facts: &[Fact],
) -> Task {
    let sentences: Vec<TaskSentence> = run
        .iter()
        .map(|s| TaskSentence {
            offset: s.start,
            text: l.slice(s.start, s.end).trim().to_string(),
        })
        .collect();
    let first = sentences
        .first()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    let last = sentences.last().map(|s| s.text.clone()).unwrap_or_default();
    let text: String = sentences.iter().map(|s| s.text.as_str()).collect();
    let start = run.first().map_or(0, |s| s.start);
    let end = run.last().map_or(0, |s| s.end);
    let title = title_of(&first);
    let targets = facts
        .iter()
        .filter(|f| {
            f.kind == Kind::Target && run.iter().any(|s| f.offset >= s.start && f.offset < s.end)
        })
        .cloned()
        .collect();
    let number: String = path
        .iter()
        .map(|(_, t)| heading_number(t))
        .collect::<String>()
        + &format!("{n}.");
    Task {
        doc: doc_id.to_string(),
        seq: 0,
        number,
        part: path
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>()
            .join(" › "),
        title,
        first,
        last,
        deadline: deadline(&text),
        text,
        offset: start,
        end,
        line_start: l.line_of(start),
        line_end: l.line_of(end.saturating_sub(1).max(start)),
        sentences,
        targets,
    }
}

/// The title of a task: its lead sentence without the full stop, or the first clause.
fn title_of(first: &str) -> String {
    let t = first.trim_end_matches(['。', '！', '；', '：']);
    if is_lead(first) {
        return t.to_string();
    }
    let clause: String = t
        .split(['，', '；', '：'])
        .next()
        .unwrap_or(t)
        .chars()
        .take(40)
        .collect();
    clause
}

#[cfg(test)]
mod tests;
