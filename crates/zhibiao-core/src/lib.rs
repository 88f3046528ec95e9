//! # zhibiao-core — quantified outcomes and targets from Chinese government work reports
//!
//! A government work report (政府工作报告) reports last year's outcomes and sets this year's
//! targets. This crate turns its text into a ledger of [`Fact`]s, each with value, unit, bound,
//! stretch, rank, subject, period and the exact quote that proves it.
//!
//! The crate is pure and synchronous: no file I/O, no async. The pipeline, one module per stage:
//!
//! | stage | module | from → to |
//! |---|---|---|
//! | decode | [`decode`] | bytes → text (UTF-8/16, GB18030 detected), width folding |
//! | layout | [`layout`] | text → joined text, paragraphs, headings, source lines |
//! | document | [`document`], [`header`] | paragraphs → title, region, level, year, a period for every part |
//! | sentences | [`sentence`] | paragraphs → sentences and clauses |
//! | numbers | [`number`] | characters → numerals (Arabic, Chinese, mixed) |
//! | quantities | [`quantity`] | numerals → quantities with units, percent, ranks, ranges |
//! | qualifiers | [`qualifier`] | words around a quantity → bound, measure, sign, stretch |
//! | subjects | [`subject`] | the words before or after a quantity → what it measures |
//! | spans | [`span`] | the words around a number in a multi-year passage → its years |
//! | facts | [`extract`] | everything above → [`Fact`]s with subject, kind, period, quote |
//! | indicators | [`indicator`] | subject + measure → registry id (`gdp`, `cpi` …) |
//! | tasks | [`tasks`] | parts + sentences + facts → the plan's tasks, as an office divides it |
//!
//! [`extract`] runs them all and gives one [`Extraction`]: the document, the facts with their
//! indicators (from the registry passed in), and the report as laid out, from which
//! [`Extraction::tasks`] divides the plan and [`Extraction::outline`] gives the paragraphs to keep.
//!
//! ```
//! let text = "过去一年，实现地区生产总值3773.41亿元，增长3.3%。";
//! let out = zhibiao_core::extract("demo", text);
//! assert!(out.facts.iter().any(|f| f.value == 377341000000.0 && f.unit == "元"));
//! ```

pub mod chars;
pub mod columns;
pub mod compare;
pub mod compare_eval;
pub mod decode;
pub mod document;
pub mod error;
pub mod eval;
pub mod extract;
pub mod fact;
pub mod header;
pub mod indicator;
pub mod layout;
pub mod lexicon;
pub mod number;
pub mod outline;
pub mod panel;
pub mod qualifier;
pub mod quantity;
pub mod sentence;
pub mod span;
pub mod subject;
pub mod tasks;

pub use document::{Document, Level};
pub use error::Error;
pub use fact::{Bound, Fact, Kind, Measure, Named};
pub use indicator::{Direction, Registry};

/// The result of extracting one report: its document, its facts with their indicators, and
/// the report as the pipeline read it (laid out, its parts and heading paths), from which the
/// plan's tasks ([`Extraction::tasks`]) and the outline a consumer keeps ([`Extraction::outline`])
/// come without running a stage again.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    pub document: Document,
    pub facts: Vec<Fact>,
    /// Things the extractor was unsure of or could not do (no facts found, no year found, …).
    pub warnings: Vec<String>,
    /// The report laid out: the joined text (quotes and offsets count its chars), its
    /// paragraphs with their roles, its source lines. Empty in an extraction made up from
    /// stored facts.
    pub layout: layout::Layout,
    /// One per paragraph of `layout`: the part of the report it stands in (kind, period).
    pub parts: Vec<document::Part>,
    /// One per paragraph of `layout`: its heading path (一、… › （二）…).
    pub sections: Vec<String>,
}

impl Extraction {
    /// The plan divided into tasks, as an office divides it ([`tasks`]), the target facts
    /// given to the task that holds their quote.
    pub fn tasks(&self) -> Vec<tasks::Task> {
        let described = document::Described {
            document: self.document.clone(),
            parts: self.parts.clone(),
            sections: self.sections.clone(),
            warnings: Vec::new(),
        };
        tasks::divide_layout(&self.document.id, &self.layout, &described, &self.facts)
    }

    /// The paragraphs of the report with their roles, to keep beside its text.
    pub fn outline(&self) -> outline::Outline {
        outline::Outline::of(&self.layout)
    }
}

/// Extracts every fact of a report given as text. `doc_id` is the report's id (its file stem).
pub fn extract(doc_id: &str, text: &str) -> Extraction {
    extract::run(doc_id, text, None)
}

/// Extracts every fact of a report, naming indicators from `registry`.
pub fn extract_with(doc_id: &str, text: &str, registry: &indicator::Registry) -> Extraction {
    extract::run_with(doc_id, text, None, registry)
}

/// Decodes a report's bytes (detecting the encoding) and extracts its facts.
pub fn extract_bytes(doc_id: &str, bytes: &[u8]) -> Result<Extraction, Error> {
    let decoded = decode::decode(bytes)?;
    Ok(extract::run(doc_id, &decoded.text, Some(decoded.encoding)))
}
