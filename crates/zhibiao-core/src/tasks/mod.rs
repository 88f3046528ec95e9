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

mod items;
pub mod kind;
mod plan;
mod runs;
pub mod score;

use crate::document::{describe, Described};
use crate::layout::{layout, Layout};
use crate::{Fact, Kind};
use items::{items, Block, Item};
use kind::{deadline, is_concrete, is_lead, kind, SentenceKind};
use plan::plan_items;
use runs::{block_sentences, block_tasks, Sent};
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

/// Divides a laid-out, described report into its tasks.
pub fn divide_layout(doc_id: &str, l: &Layout, d: &Described, facts: &[Fact]) -> Vec<Task> {
    let items = items(l, d);
    let plan_of_item = plan_items(l, d, &items);
    let mut divider = Divider {
        doc_id,
        l,
        year: d.document.year,
        facts,
        items: &items,
        tasks: Vec::new(),
        path: Vec::new(),
        per_part: 0,
        framing_list: false,
        lone_lead: None,
    };
    let mut was_plan = false;
    for (i, item) in items.iter().enumerate() {
        let plan = plan_of_item[i];
        if plan && !was_plan {
            // The plan starts: headings of the review above do not frame it.
            divider.path.retain(|(lv, _)| *lv <= 1);
            divider.per_part = 0;
        }
        was_plan = plan;
        match item {
            Item::Heading { level, title, .. } => {
                divider.path.retain(|(lv, _)| lv < level);
                divider.path.push((*level, title.clone()));
                divider.per_part = 0;
            }
            Item::Body(b) if plan => divider.body(i, b),
            Item::Body(_) | Item::End => {}
        }
        if !matches!(item, Item::Body(_)) || !plan {
            divider.lone_lead = None;
        }
    }
    let mut tasks = divider.tasks;
    for (k, t) in tasks.iter_mut().enumerate() {
        t.seq = k + 1;
    }
    tasks
}

/// Makes the tasks of the plan's blocks, one block after another, under the heading path of
/// the part they are in.
struct Divider<'a> {
    doc_id: &'a str,
    l: &'a Layout,
    year: Option<i32>,
    facts: &'a [Fact],
    items: &'a [Item],
    tasks: Vec<Task>,
    /// The heading path: (level, title) of each heading above.
    path: Vec<(u8, String)>,
    /// Tasks so far in the current part.
    per_part: usize,
    /// The block before was framing that announces a list (…“五个必须”规律性认识：).
    framing_list: bool,
    /// The run of a lead sentence standing alone on its line, the block before.
    lone_lead: Option<Vec<Sent>>,
}

impl Divider<'_> {
    /// The tasks of block `b` (item `i`) of the plan.
    fn body(&mut self, i: usize, b: &Block) {
        let l = self.l;
        let sents = block_sentences(l, b, self.year);
        // The list a framing paragraph announces (…“五个必须”规律性认识：) runs on in
        // paragraphs opened by a dash (——坚定信心、用好优势…): framing too.
        let dash = l.slice(b.start, b.end.min(b.start + 2)) == "——";
        if dash && self.framing_list {
            return;
        }
        self.framing_list = sents
            .first()
            .is_some_and(|s| matches!(s.kind, SentenceKind::Framing))
            && (l.slice(b.start, b.end).trim_end().ends_with('：')
                || sents
                    .last()
                    .is_some_and(|s| s.kind == SentenceKind::Transition));
        let runs = block_tasks(l, &sents);
        if self.restates_aim(i, &sents, runs.len()) {
            return;
        }
        let mut runs = runs.into_iter();
        // A lead sentence standing alone on its line (加强生态系统保护修复。) leads the
        // paragraph after it, when that one has no lead of its own.
        if let Some(mut lead) = self.lone_lead.take() {
            let carries = sents
                .first()
                .is_some_and(|s| s.kind == SentenceKind::Work && !s.item)
                && !is_lead(&l.slice(sents[0].start, sents[0].end));
            if carries {
                if let Some(first_run) = runs.next() {
                    self.tasks.pop();
                    lead.extend(first_run);
                    let task = self.task(self.per_part, &lead);
                    self.tasks.push(task);
                }
            }
        }
        let lone = sents.len() == 1 && is_lead(&l.slice(sents[0].start, sents[0].end));
        for run in runs {
            self.per_part += 1;
            if lone {
                self.lone_lead = Some(run.clone());
            }
            let task = self.task(self.per_part, &run);
            self.tasks.push(task);
        }
    }

    /// Whether block `i` (its sentences `sents`, making `runs` runs) is a part's opening
    /// paragraph that only restates its aim in general words, before the lead sentences or
    /// sub-headings of its tasks.
    fn restates_aim(&self, i: usize, sents: &[Sent], runs: usize) -> bool {
        let l = self.l;
        let opens_part = matches!(
            i.checked_sub(1).map(|p| &self.items[p]),
            Some(Item::Heading { .. })
        );
        let level = self.path.last().map_or(0, |(lv, _)| *lv);
        let next_leads = match self.items.get(i + 1) {
            Some(Item::Body(nb)) => block_sentences(l, nb, self.year)
                .first()
                .is_some_and(|s| is_lead(&l.slice(s.start, s.end))),
            Some(Item::Heading { level: next, .. }) => *next > level,
            _ => false,
        };
        opens_part
            && next_leads
            && runs == 1
            && sents.len() <= 2
            && !is_lead(&l.slice(sents[0].start, sents[0].end))
            && sents.iter().all(|s| !is_concrete(&l.slice(s.start, s.end)))
    }

    /// The task of `run`, the `n`th of its part.
    fn task(&self, n: usize, run: &[Sent]) -> Task {
        make_task(self.doc_id, self.l, &self.path, n, run, self.facts)
    }
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

#[cfg(test)]
mod tests;
