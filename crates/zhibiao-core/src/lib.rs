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
//! | qualifiers | [`qualifier`] | words around a quantity → bound, stretch, sign |
//! | subjects | [`subject`] | the words before or after a quantity → what it measures |
//! | spans | [`span`] | the words around a number in a multi-year passage → its years |
//! | facts | [`extract`] | everything above → [`Fact`]s with subject, kind, period, quote |
//! | indicators | [`indicator`] | subject + measure → registry id (`gdp`, `cpi` …) |
//! | tasks | [`tasks`] | parts + sentences + facts → the plan's tasks, as an office divides it |
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
pub mod panel;
pub mod qualifier;
pub mod quantity;
pub mod sentence;
pub mod span;
pub mod subject;
pub mod tasks;

pub use document::{Document, Level};
pub use error::Error;
pub use fact::{Bound, Fact, Kind, Measure};
pub use indicator::{Direction, Registry};

/// The result of extracting one report.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub document: Document,
    pub facts: Vec<Fact>,
    /// Things the extractor was unsure of or could not do (no facts found, no year found, …).
    pub warnings: Vec<String>,
}

/// Extracts every fact of a report given as text. `doc_id` is the report's id (its file stem).
pub fn extract(doc_id: &str, text: &str) -> Extraction {
    extract_with(doc_id, text, indicator::Registry::builtin())
}

/// Extracts every fact of a report, naming indicators from `registry`.
pub fn extract_with(doc_id: &str, text: &str, registry: &indicator::Registry) -> Extraction {
    let mut x = extract::run(doc_id, text, None);
    registry.assign(&mut x.facts);
    x
}

/// Decodes a report's bytes (detecting the encoding) and extracts its facts.
pub fn extract_bytes(doc_id: &str, bytes: &[u8]) -> Result<Extraction, Error> {
    let decoded = decode::decode(bytes)?;
    let mut x = extract::run(doc_id, &decoded.text, Some(decoded.encoding));
    indicator::Registry::builtin().assign(&mut x.facts);
    Ok(x)
}
