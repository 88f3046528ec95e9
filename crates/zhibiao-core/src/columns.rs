//! The columns of every tabular export — facts, documents, comparisons, panels, tasks — with
//! their types, and the cells of each row: one definition for the CLI's CSV, XLSX and Parquet
//! outputs and the Python package's data frames and Arrow tables. Pure data, no I/O.

use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashSet;

use crate::compare::{Row, Verdict};
use crate::panel::PanelRow;
use crate::tasks::Task;
use crate::{Document, Fact, Level, Registry};

/// The type of a column, as Parquet stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Str,
    I32,
    I64,
    F64,
    Bool,
}

/// A column of an export: name, type, whether it may be empty (null), width in Excel.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub name: &'static str,
    pub ty: Ty,
    pub nullable: bool,
    /// Column width in an XLSX sheet (in characters of the default font; a CJK character is
    /// about two).
    pub width: f64,
}

/// A column (for the column lists of every export).
pub const fn col(name: &'static str, ty: Ty, nullable: bool, width: f64) -> Col {
    Col {
        name,
        ty,
        nullable,
        width,
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Val<'a> {
    Null,
    Str(Cow<'a, str>),
    Int(i64),
    Num(f64),
    Bool(bool),
}

fn s(v: &str) -> Val<'_> {
    Val::Str(Cow::Borrowed(v))
}

fn opt(v: &Option<String>) -> Val<'_> {
    v.as_deref().map_or(Val::Null, s)
}

fn opt_int(v: Option<i32>) -> Val<'static> {
    v.map_or(Val::Null, |v| Val::Int(v.into()))
}

/// The columns of a fact, its document's columns joined in (title … format). The first 18 are
/// the columns the CSV output always had.
pub const FACT_COLUMNS: [Col; 27] = [
    col("doc", Ty::Str, false, 16.0),
    col("kind", Ty::Str, false, 7.0),
    col("period", Ty::I32, false, 7.0),
    col("since", Ty::I32, true, 7.0),
    col("average", Ty::Bool, false, 8.0),
    col("subject", Ty::Str, false, 24.0),
    col("measure", Ty::Str, false, 8.0),
    col("value", Ty::F64, false, 16.0),
    col("upper", Ty::F64, true, 8.0),
    col("unit", Ty::Str, false, 8.0),
    col("bound", Ty::Str, false, 9.0),
    col("stretch", Ty::Bool, false, 8.0),
    col("scope", Ty::Str, true, 7.0),
    col("quote", Ty::Str, false, 60.0),
    col("line_start", Ty::I64, false, 9.0),
    col("line_end", Ty::I64, false, 9.0),
    col("section", Ty::Str, true, 30.0),
    col("region", Ty::Str, true, 14.0),
    col("offset", Ty::I64, false, 8.0),
    col("indicator", Ty::Str, true, 12.0),
    col("title", Ty::Str, true, 30.0),
    col("level", Ty::Str, true, 10.0),
    col("year", Ty::I32, true, 6.0),
    col("date", Ty::Str, true, 11.0),
    col("speaker", Ty::Str, true, 18.0),
    col("path", Ty::Str, false, 30.0),
    col("format", Ty::Str, false, 7.0),
];

/// The cells of a fact, in the order of [`FACT_COLUMNS`].
pub fn fact_values<'a>(f: &'a Fact, d: &'a DocRow) -> [Val<'a>; 27] {
    [
        s(&f.doc),
        s(f.kind.name()),
        Val::Int(f.period.into()),
        opt_int(f.since),
        Val::Bool(f.average),
        s(&f.subject),
        s(f.measure.name()),
        Val::Num(f.value),
        f.upper.map_or(Val::Null, Val::Num),
        s(&f.unit),
        s(f.bound.name()),
        Val::Bool(f.stretch),
        opt(&f.scope),
        s(&f.quote),
        Val::Int(f.line_start as i64),
        Val::Int(f.line_end as i64),
        if f.section.is_empty() {
            Val::Null
        } else {
            s(&f.section)
        },
        f.region.as_deref().map_or(Val::Null, s),
        Val::Int(f.offset as i64),
        opt(&f.indicator),
        opt(&d.title),
        d.level.map_or(Val::Null, |l| s(Level::name(l))),
        opt_int(d.year),
        opt(&d.date),
        opt(&d.speaker),
        s(&d.path),
        s(&d.format),
    ]
}

/// One row of the documents table: what a report is, and how its extraction went.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocRow {
    /// Document id: the `doc` of its facts.
    pub id: String,
    /// The path the report was read from (`-` for standard input).
    pub path: String,
    /// The format the report was read as (`text`).
    pub format: String,
    pub title: Option<String>,
    pub region: Option<String>,
    pub level: Option<Level>,
    /// The year the report plans for.
    pub year: Option<i32>,
    /// Date delivered, `YYYY-MM-DD`.
    pub date: Option<String>,
    pub speaker: Option<String>,
    pub encoding: Option<String>,
    /// Characters of text (line breaks removed).
    pub chars: usize,
    /// Lines of the text.
    pub lines: usize,
    /// Facts found.
    pub facts: usize,
    pub warnings: Vec<String>,
}

impl DocRow {
    pub fn new(
        doc: Document,
        path: String,
        format: &str,
        facts: usize,
        warnings: Vec<String>,
    ) -> Self {
        DocRow {
            id: doc.id,
            path,
            format: format.to_string(),
            title: doc.title,
            region: doc.region,
            level: doc.level,
            year: doc.year,
            date: doc.date,
            speaker: doc.speaker,
            encoding: doc.encoding,
            chars: doc.chars,
            lines: doc.lines,
            facts,
            warnings,
        }
    }
}

/// The columns of the documents table.
pub const DOC_COLUMNS: [Col; 14] = [
    col("id", Ty::Str, false, 16.0),
    col("path", Ty::Str, false, 30.0),
    col("format", Ty::Str, false, 7.0),
    col("title", Ty::Str, true, 30.0),
    col("region", Ty::Str, true, 14.0),
    col("level", Ty::Str, true, 10.0),
    col("year", Ty::I32, true, 6.0),
    col("date", Ty::Str, true, 11.0),
    col("speaker", Ty::Str, true, 18.0),
    col("encoding", Ty::Str, true, 10.0),
    col("chars", Ty::I64, false, 9.0),
    col("lines", Ty::I64, false, 7.0),
    col("facts", Ty::I64, false, 7.0),
    col("warnings", Ty::Str, true, 40.0),
];

/// The cells of a document, in the order of [`DOC_COLUMNS`]; its warnings joined by `; `.
pub fn doc_values(d: &DocRow) -> [Val<'_>; 14] {
    [
        s(&d.id),
        s(&d.path),
        s(&d.format),
        opt(&d.title),
        opt(&d.region),
        d.level.map_or(Val::Null, |l| s(Level::name(l))),
        opt_int(d.year),
        opt(&d.date),
        opt(&d.speaker),
        opt(&d.encoding),
        Val::Int(d.chars as i64),
        Val::Int(d.lines as i64),
        Val::Int(d.facts as i64),
        if d.warnings.is_empty() {
            Val::Null
        } else {
            Val::Str(Cow::Owned(d.warnings.join("; ")))
        },
    ]
}

/// The verdict as the gold format spells it.
pub fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "met",
        Verdict::Missed => "missed",
        Verdict::NotReported => "not_reported",
    }
}

/// The columns of a comparison in CSV and XLSX.
pub const COMPARE_COLUMNS: [Col; 20] = [
    col("target_doc", Ty::Str, false, 16.0),
    col("outcome_doc", Ty::Str, false, 16.0),
    col("year", Ty::I32, false, 7.0),
    col("indicator", Ty::Str, true, 26.0),
    col("indicator_name", Ty::Str, true, 20.0),
    col("subject", Ty::Str, false, 24.0),
    col("measure", Ty::Str, false, 9.0),
    col("target_value", Ty::F64, false, 16.0),
    col("target_upper", Ty::F64, true, 12.0),
    col("target_unit", Ty::Str, false, 8.0),
    col("target_bound", Ty::Str, false, 10.0),
    col("target_stretch", Ty::Bool, false, 8.0),
    col("outcome_value", Ty::F64, true, 16.0),
    col("outcome_unit", Ty::Str, true, 8.0),
    col("verdict", Ty::Str, false, 12.0),
    col("margin", Ty::F64, true, 14.0),
    col("target_quote", Ty::Str, false, 40.0),
    col("target_line", Ty::I64, false, 8.0),
    col("outcome_quote", Ty::Str, true, 40.0),
    col("outcome_line", Ty::I64, true, 8.0),
];

/// The Chinese name of indicator `id` in `registry` (地区生产总值 for gdp), if it has one.
pub fn indicator_name<'a>(registry: &'a Registry, id: Option<&str>) -> Option<&'a str> {
    id.and_then(|id| registry.get(id)).map(|i| i.name.as_str())
}

/// The cells of a comparison row, in the order of [`COMPARE_COLUMNS`]; the indicator's
/// Chinese name from `registry`.
pub fn compare_values<'a>(r: &'a Row, registry: &'a Registry) -> [Val<'a>; 20] {
    let o = r.outcome.as_ref();
    let num = |v: Option<f64>| v.map(Val::Num).unwrap_or(Val::Null);
    [
        Val::Str(r.target_doc.as_str().into()),
        Val::Str(r.outcome_doc.as_str().into()),
        Val::Int(r.year.into()),
        r.indicator
            .as_deref()
            .map(|s| Val::Str(s.into()))
            .unwrap_or(Val::Null),
        indicator_name(registry, r.indicator.as_deref()).map_or(Val::Null, s),
        Val::Str(r.subject.as_str().into()),
        Val::Str(r.measure.name().into()),
        Val::Num(r.target.value),
        num(r.target.upper),
        Val::Str(r.target.unit.as_str().into()),
        Val::Str(r.target.bound.name().into()),
        Val::Bool(r.target.stretch),
        num(o.map(|o| o.value)),
        o.map(|o| Val::Str(o.unit.as_str().into()))
            .unwrap_or(Val::Null),
        Val::Str(verdict_word(r.verdict).into()),
        num(r.margin),
        Val::Str(r.target_quote.as_str().into()),
        Val::Int(r.target_line as i64),
        o.map(|o| Val::Str(o.quote.as_str().into()))
            .unwrap_or(Val::Null),
        o.map(|o| Val::Int(o.line_start as i64))
            .unwrap_or(Val::Null),
    ]
}

/// The panel's columns, in every format.
pub const PANEL_COLUMNS: [Col; 16] = [
    col("region", Ty::Str, false, 16.0),
    col("year", Ty::I32, false, 7.0),
    col("indicator", Ty::Str, false, 30.0),
    col("indicator_name", Ty::Str, true, 20.0),
    col("measure", Ty::Str, false, 9.0),
    col("unit", Ty::Str, false, 8.0),
    col("target_value", Ty::F64, true, 16.0),
    col("target_upper", Ty::F64, true, 12.0),
    col("target_bound", Ty::Str, true, 10.0),
    col("target_stretch_value", Ty::F64, true, 12.0),
    col("target_quote", Ty::Str, true, 40.0),
    col("target_doc", Ty::Str, true, 16.0),
    col("outcome_value", Ty::F64, true, 16.0),
    col("outcome_quote", Ty::Str, true, 40.0),
    col("outcome_doc", Ty::Str, true, 16.0),
    col("verdict", Ty::Str, true, 12.0),
];

/// The cells of a panel row, in the order of [`PANEL_COLUMNS`]; the indicator's Chinese name
/// from `registry`.
pub fn panel_values<'a>(r: &'a PanelRow, registry: &'a Registry) -> [Val<'a>; 16] {
    let num = |v: Option<f64>| v.map(Val::Num).unwrap_or(Val::Null);
    fn text(v: &Option<String>) -> Val<'_> {
        v.as_deref()
            .map(|s| Val::Str(s.into()))
            .unwrap_or(Val::Null)
    }
    [
        Val::Str(r.region.as_str().into()),
        Val::Int(r.year.into()),
        Val::Str(r.indicator.as_str().into()),
        indicator_name(registry, Some(&r.indicator)).map_or(Val::Null, s),
        Val::Str(r.measure.name().into()),
        Val::Str(r.unit.as_str().into()),
        num(r.target_value),
        num(r.target_upper),
        r.target_bound
            .map(|b| Val::Str(b.name().into()))
            .unwrap_or(Val::Null),
        num(r.target_stretch_value),
        text(&r.target_quote),
        text(&r.target_doc),
        num(r.outcome_value),
        text(&r.outcome_quote),
        text(&r.outcome_doc),
        r.verdict
            .map(|v| Val::Str(verdict_word(v).into()))
            .unwrap_or(Val::Null),
    ]
}

/// The columns of a task in CSV.
pub const TASK_COLUMNS: [Col; 13] = [
    col("doc", Ty::Str, false, 16.0),
    col("seq", Ty::I64, false, 6.0),
    col("number", Ty::Str, false, 10.0),
    col("part", Ty::Str, false, 40.0),
    col("title", Ty::Str, false, 30.0),
    col("first", Ty::Str, false, 40.0),
    col("last", Ty::Str, false, 40.0),
    col("text", Ty::Str, false, 80.0),
    col("offset", Ty::I64, false, 8.0),
    col("line_start", Ty::I64, false, 9.0),
    col("line_end", Ty::I64, false, 9.0),
    col("deadline", Ty::Str, true, 10.0),
    col("targets", Ty::Str, false, 40.0),
];

/// The target quotes of a task, one a line as the report words them.
pub fn targets_text(t: &Task) -> String {
    let mut seen = HashSet::new();
    t.targets
        .iter()
        .filter(|f| seen.insert(f.quote.as_str()))
        .map(|f| f.quote.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The cells of a task, in the order of [`TASK_COLUMNS`].
pub fn task_values(t: &Task) -> [Val<'_>; 13] {
    [
        Val::Str(t.doc.as_str().into()),
        Val::Int(t.seq as i64),
        Val::Str(t.number.as_str().into()),
        Val::Str(t.part.as_str().into()),
        Val::Str(t.title.as_str().into()),
        Val::Str(t.first.as_str().into()),
        Val::Str(t.last.as_str().into()),
        Val::Str(t.text.as_str().into()),
        Val::Int(t.offset as i64),
        Val::Int(t.line_start as i64),
        Val::Int(t.line_end as i64),
        t.deadline
            .as_deref()
            .map_or(Val::Null, |d| Val::Str(d.into())),
        Val::Str(targets_text(t).into()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_have_unique_names() {
        for cols in [
            &FACT_COLUMNS[..],
            &DOC_COLUMNS[..],
            &COMPARE_COLUMNS[..],
            &PANEL_COLUMNS[..],
            &TASK_COLUMNS[..],
        ] {
            let mut names: Vec<&str> = cols.iter().map(|c| c.name).collect();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), cols.len());
        }
    }

    /// The verdict words are serde's (the enums' names are tested in `fact.rs`).
    #[test]
    fn verdict_words_match_serde() {
        for v in [Verdict::Met, Verdict::Missed, Verdict::NotReported] {
            let json = serde_json::to_value(v).unwrap();
            assert_eq!(verdict_word(v), json.as_str().unwrap_or_default());
        }
    }
}
