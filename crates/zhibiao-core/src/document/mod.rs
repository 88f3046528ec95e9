//! Stage 3, document: title, region, level, delivery date, report year.

use serde::{Deserialize, Serialize};

pub use crate::header::Level;
pub use part::plan_span;

mod part;
#[cfg(test)]
mod tests;
mod year;

/// What a report is: its metadata, found from its text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Document id (the file stem).
    pub id: String,
    pub title: Option<String>,
    /// Region of the government (江门市), when found.
    pub region: Option<String>,
    pub level: Option<Level>,
    /// Date delivered, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The year the report plans for (the review part speaks of the year before).
    pub year: Option<i32>,
    /// Who delivered it (市长 吴晓晖), when found.
    pub speaker: Option<String>,
    /// Encoding the bytes were read as, when decoded from bytes.
    pub encoding: Option<String>,
    /// Characters of text.
    pub chars: usize,
    /// Lines of the original file.
    pub lines: usize,
    /// The header line the region was read from (for messages; not exported).
    #[serde(skip)]
    pub region_from: Option<String>,
    /// The line the year was read from (for messages; not exported).
    #[serde(skip)]
    pub year_from: Option<String>,
    /// The year the periods of the facts were read with: `year`, or a guess when it is
    /// unknown (see [`give`]; not exported).
    #[serde(skip)]
    pub periods_year: i32,
}

/// What the user says a report is, for a report whose header does not say (or says wrong).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Given {
    /// The region (海拉尔区; a name with its parents is the place itself).
    pub region: Option<String>,
    /// The year the report plans for.
    pub year: Option<i32>,
}

/// Applies what the user gives to an extraction: the region (and its level) and the year.
/// The periods of the facts move with the year (they were read relative to the year found
/// or guessed: a fact of "过去一年" in a report given as 2016 is of 2015). Returns notes on
/// what changed from what the report says.
pub fn give(x: &mut crate::Extraction, given: &Given) -> Vec<String> {
    let mut notes = Vec::new();
    let d = &mut x.document;
    if let Some(r) = given
        .region
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        let own = crate::header::own_name(r).to_string();
        if let Some(read) = d.region.as_deref().filter(|read| *read != own) {
            notes.push(format!(
                "{}: region {own} as given (the report says {read})",
                d.id
            ));
        }
        d.level = Some(crate::header::level_of(r));
        d.region = Some(own);
        d.region_from = None;
        let region: Option<std::sync::Arc<str>> = d.region.as_deref().map(Into::into);
        for f in &mut x.facts {
            f.region = region.clone();
        }
    }
    if let Some(y) = given.year {
        if let Some(read) = d.year.filter(|read| *read != y) {
            notes.push(format!(
                "{}: year {y} as given (the report says {read})",
                d.id
            ));
        }
        let shift = y - d.periods_year;
        d.year = Some(y);
        d.year_from = None;
        d.periods_year = y;
        if shift != 0 {
            for f in &mut x.facts {
                f.period += shift;
                f.since = f.since.map(|s| s + shift);
            }
        }
        x.warnings
            .retain(|w| !w.starts_with("no report year found"));
    }
    notes
}

use crate::layout::Layout;
use crate::Kind;

/// The period a part of the report speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Part {
    pub kind: Kind,
    /// The year (the last year of a span).
    pub period: i32,
    /// The first year of a span (过去五年, 十四五时期, 十五五), or `None` for one year.
    pub since: Option<i32>,
    /// A span that a sentence may switch to with 五年来 / 十四五时期 and the like.
    pub span: Option<(i32, i32)>,
}

/// Metadata and, for every paragraph of the layout, its part and heading path.
#[derive(Debug, Clone)]
pub struct Described {
    pub document: Document,
    /// One per paragraph: the part it belongs to.
    pub parts: Vec<Part>,
    /// One per paragraph: the heading path (一、… › （二）…).
    pub sections: Vec<String>,
    pub warnings: Vec<String>,
}

/// Finds a report's metadata and the period of each of its parts.
pub fn describe(id: &str, layout: &Layout) -> Described {
    let mut warnings = Vec::new();
    let header = Header::read(layout);
    let mut doc = Document {
        id: id.to_string(),
        lines: layout.lines(),
        ..Document::default()
    };
    doc.chars = layout.joined.len();
    // A title may share its paragraph with the date line after it (政 府 工 作 报 告—— 2023年…).
    doc.title = header
        .head
        .iter()
        .map(|t| crate::chars::find_short(t, "——").map_or(t.as_str(), |p| &t[..p]))
        .find(|t| crate::header::is_title(t))
        .map(strip_spaces);
    year::read_stated_year(&mut doc, layout, &header.head);
    read_region(&mut doc, layout, &header);
    doc.speaker = header.head.iter().find_map(|t| speaker(t));
    let year = year::periods_year(&mut doc, &layout.folded, &mut warnings);
    doc.periods_year = year;
    let (parts, sections) = part::paragraph_parts(layout, year);
    Described {
        document: doc,
        parts,
        sections,
        warnings,
    }
}

/// The text of paragraph `i` of `layout`, its first 100 chars: titles, date lines and
/// speakers are short, so that will do.
fn para_text(layout: &Layout, i: usize) -> String {
    para_str(layout, i).to_string()
}

/// [`para_text`] borrowed from the layout's folded text.
fn para_str(layout: &Layout, i: usize) -> &str {
    let p = &layout.paragraphs[i];
    layout.folded_str(p.start, p.end.min(p.start + 100))
}

/// The top of a report, where its metadata is read from.
struct Header {
    /// The header: the paragraphs before the greeting (各位代表：), or the first ones when
    /// there is none. A report may begin at the greeting: then it has no header at all.
    head: Vec<String>,
    /// The opening: the greeting's paragraph and the next two (我代表…人民政府向大会报告工
    /// 作); the greeting may stand alone (各位代表：) or open the first paragraph.
    opening: String,
}

impl Header {
    fn read(layout: &Layout) -> Header {
        let paras = layout.paragraphs.len();
        let greeting = (0..paras.min(80)).find(|&i| {
            let p = para_str(layout, i);
            // Without its spaces a paragraph starts with 各 only when its first char that is no
            // space is 各: only those are copied without their spaces.
            if !p.trim_start().starts_with('各') {
                return false;
            }
            let t = strip_spaces(p);
            t.starts_with("各位代表") && (t.chars().count() <= 12 || t.starts_with("各位代表："))
        });
        let head: Vec<String> = (0..greeting.unwrap_or(paras.min(40)))
            .map(|i| para_text(layout, i))
            .collect();
        let opening: String = greeting
            .map(|g| {
                (g..paras.min(g + 3))
                    .map(|i| para_text(layout, i))
                    .collect()
            })
            .unwrap_or_default();
        Header { head, opening }
    }
}

/// Sets the region of `doc`, its level and the line it was read from, when the header, the
/// title or the opening names it.
fn read_region(doc: &mut Document, layout: &Layout, header: &Header) {
    let Some(found) =
        crate::header::find_region(&header.head, doc.title.as_deref(), &header.opening)
    else {
        // 我代表州人民政府, and the body names 雪岭藏族自治州.
        let body = layout.folded_str(0, layout.folded.len());
        if let Some(name) = crate::header::body_region(&header.opening, body) {
            doc.level = Some(crate::header::level_of(&name));
            doc.region_from = body
                .split(['。', '！', '\n'])
                .find(|s| s.contains(name.as_str()))
                .map(crate::header::clip);
            doc.region = Some(name);
            return;
        }
        // 我代表市人民政府: no name, but the level.
        doc.level = crate::header::opening_level(&header.opening).map(|level| {
            if level == Level::Prefecture && crate::header::governs_towns_only(&layout.folded) {
                Level::County
            } else {
                level
            }
        });
        return;
    };
    let mut level = crate::header::level_of(&found.name);
    // A city named alone (义乌市) is a prefecture unless its report governs towns and no
    // counties: then it is a county-level city.
    if level == Level::Prefecture
        && found.name.ends_with('市')
        && crate::header::governs_towns_only(&layout.folded)
    {
        level = Level::County;
    }
    doc.level = Some(level);
    doc.region = Some(crate::header::own_name(&found.name).to_string());
    doc.region_from = Some(found.line);
}

/// `t` without its white space (`t.chars().filter(|c| !c.is_whitespace()).collect()`, the text
/// between spaces copied whole).
fn strip_spaces(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut run = 0;
    for (i, c) in t.char_indices() {
        if c.is_whitespace() {
            out.push_str(&t[run..i]);
            run = i + c.len_utf8();
        }
    }
    out.push_str(&t[run..]);
    out
}

/// Government level from the region's name (see [`crate::header::level_of`]).
pub use crate::header::level_of;

/// "◇江门市市长 吴晓晖" / "海拉尔区人民政府区长　杜联合" → the speaker line.
fn speaker(t: &str) -> Option<String> {
    // The speaker may share a paragraph with the meeting line before it (…第三次会议上苏尼特右旗
    // 人民政府旗长 王占奇).
    let t = crate::chars::rfind_short(t, "会议上").map_or(t, |p| &t[p + "会议上".len()..]);
    let t = crate::chars::find_short(t, "各位代表").map_or(t, |p| &t[..p]);
    let t = t
        .trim()
        .trim_start_matches([')', '）'])
        .trim()
        .trim_start_matches(['◇', '◆', '□']);
    let n = t.chars().count();
    if n > 30 || t.contains('，') || t.contains('。') || has_any(t, &["报告"]) {
        return None;
    }
    crate::lexicon::get()
        .document
        .speaker_titles
        .iter()
        .any(|w| crate::chars::find_short(t, w).is_some())
        .then(|| t.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn has_any(t: &str, words: &[&str]) -> bool {
    words
        .iter()
        .any(|w| crate::chars::find_short(t, w).is_some())
}
