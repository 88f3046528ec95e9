//! Writing facts and documents as text: JSON Lines, CSV or an aligned table. The binary
//! formats (XLSX, Parquet) are in `export.rs`; all formats share the columns defined there.

mod json;

use crate::export::{self, Col, DocRow, Val};
use serde::Serialize;
use std::io::{self, Write};
use zhibiao_core::{Bound, Fact, Level};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned table for reading in a terminal.
    Table,
    /// One JSON object per line, every field (for facts: the gold-file format).
    Jsonl,
    /// Comma-separated values (UTF-8) with a header row; facts carry their document's columns.
    Csv,
    /// An Excel workbook: a sheet of facts and a sheet of documents (needs -o).
    Xlsx,
    /// Apache Parquet, typed columns (needs -o); the documents go to OUT's `.docs.parquet`.
    Parquet,
}

impl Format {
    /// Whether the format is binary, written to a file only.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Parquet)
    }
}

/// The format OUT's extension names: `jsonl` (`.jsonl`, `.ndjson`, `.json`), `csv`, `xlsx`,
/// `parquet`; `None` for any other extension, or none.
pub fn ext_format(out: &std::path::Path) -> Option<&'static str> {
    let ext = out.extension()?.to_string_lossy().to_ascii_lowercase();
    Some(match ext.as_str() {
        "jsonl" | "ndjson" | "json" => "jsonl",
        "csv" => "csv",
        "xlsx" => "xlsx",
        "parquet" => "parquet",
        _ => return None,
    })
}

/// The format of a command's output: `-f` when given (it may differ from OUT's extension: it
/// says so explicitly), else the one OUT's extension names (an error, for exit code 2, when the
/// command cannot write it), else `default`. `F` is the command's format enum.
pub fn choose_format<F: clap::ValueEnum + Copy>(
    command: &str,
    explicit: Option<F>,
    out: Option<&std::path::Path>,
    default: F,
) -> Result<F, String> {
    if let Some(f) = explicit {
        return Ok(f);
    }
    let Some(out) = out else {
        return Ok(default);
    };
    let Some(name) = ext_format(out) else {
        return Ok(default);
    };
    match F::from_str(name, true) {
        Ok(f) => Ok(f),
        Err(_) => {
            let can: Vec<String> = F::value_variants()
                .iter()
                .filter_map(|v| v.to_possible_value())
                .map(|v| v.get_name().to_string())
                .filter(|n| n != "table")
                .collect();
            Err(format!(
                "{}: {command} cannot write {name} (named by the extension); it writes {} — \
                 name OUT accordingly, or give -f to write another format under this name",
                out.display(),
                can.join(", ")
            ))
        }
    }
}

/// The UTF-8 byte-order mark some Excel versions need to read a CSV file as UTF-8.
pub const BOM: &[u8] = b"\xef\xbb\xbf";

/// Renders the facts of one document in a text format (nothing for a binary format). Called on
/// the worker threads, so that serialization runs in parallel; `several` titles each
/// document's table.
pub fn render_facts(
    format: Format,
    several: bool,
    name: &str,
    facts: &[Fact],
    doc: &DocRow,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(facts.len() * 512);
    match format {
        Format::Jsonl => {
            for fact in facts {
                // The bytes serde_json writes, written by hand (output/json.rs).
                json::write_fact(&mut out, fact);
                out.push(b'\n');
            }
        }
        Format::Csv => {
            let mut w = csv_writer(&mut out);
            for fact in facts {
                let _ = write_csv_row(&mut w, &export::fact_values(fact, doc));
            }
            let _ = w.flush();
        }
        Format::Table => {
            if !facts.is_empty() {
                if several {
                    let _ = writeln!(out, "== {name}: {} facts", facts.len());
                }
                let _ = write_table(&mut out, facts);
                // One line on the report under its table, cut to the terminal's width.
                let line = summary_line(name, facts);
                let line = match crate::table::width() {
                    Some(w) => crate::table::cut(&line, w),
                    None => line,
                };
                let _ = writeln!(out, "{line}");
                if several {
                    out.push(b'\n');
                }
            }
        }
        Format::Xlsx | Format::Parquet => {}
    }
    out
}

/// Renders one row of the documents table in JSON Lines or CSV (nothing for the others).
pub fn render_doc(format: Format, doc: &DocRow) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    match format {
        Format::Jsonl => {
            let _ = serde_json::to_writer(&mut out, doc);
            out.push(b'\n');
        }
        Format::Csv => {
            let mut w = csv_writer(&mut out);
            let _ = write_csv_row(&mut w, &export::doc_values(doc));
            let _ = w.flush();
        }
        Format::Table | Format::Xlsx | Format::Parquet => {}
    }
    out
}

/// The CSV header row of `cols`, with a byte-order mark first when `bom`.
pub fn csv_header(cols: &[Col], bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(BOM);
    }
    let mut w = csv_writer(&mut out);
    let _ = w.write_record(cols.iter().map(|c| c.name));
    let _ = w.flush();
    drop(w);
    out
}

/// A CSV table: the header of `cols`, then one record per row of values.
pub fn write_csv_table<'a>(
    out: &mut dyn Write,
    cols: &[Col],
    rows: impl Iterator<Item = Vec<Val<'a>>>,
) -> io::Result<()> {
    out.write_all(&csv_header(cols, false))?;
    let mut w = csv_writer(out);
    for r in rows {
        write_csv_row(&mut w, &r)?;
    }
    w.flush()
}

fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(out)
}

fn write_csv_row<W: Write>(w: &mut csv::Writer<W>, values: &[Val]) -> csv::Result<()> {
    let mut buf = String::new();
    for v in values {
        match v {
            Val::Null => w.write_field("")?,
            Val::Str(s) => w.write_field(s.as_bytes())?,
            Val::Int(i) => {
                buf.clear();
                use std::fmt::Write as _;
                let _ = write!(buf, "{i}");
                w.write_field(&buf)?
            }
            Val::Num(x) => w.write_field(number(*x))?,
            Val::Bool(b) => w.write_field(if *b { "true" } else { "false" })?,
        }
    }
    w.write_record(None::<&[u8]>)
}

/// The documents table for a terminal: one line per report, aligned by display width.
pub fn write_docs_table(out: &mut dyn Write, docs: &[DocRow]) -> io::Result<()> {
    const HEADER: [&str; 13] = [
        "ID", "YEAR", "REGION", "LEVEL", "DATE", "FACTS", "WARNINGS", "CHARS", "ENCODING",
        "FORMAT", "SPEAKER", "TITLE", "PATH",
    ];
    let dash = |s: Option<&str>| s.unwrap_or("-").to_string();
    let rows: Vec<[String; 13]> = docs
        .iter()
        .map(|d| {
            [
                d.id.clone(),
                d.year.map_or_else(|| "-".into(), |y| y.to_string()),
                dash(d.region.as_deref()),
                dash(d.level.map(Level::name)),
                dash(d.date.as_deref()),
                d.facts.to_string(),
                d.warnings.len().to_string(),
                d.chars.to_string(),
                dash(d.encoding.as_deref()),
                d.format.clone(),
                dash(d.speaker.as_deref()),
                dash(d.title.as_deref()),
                d.path.clone(),
            ]
        })
        .collect();
    let mut t = crate::table::Table::new(&HEADER);
    t.rows = rows.into_iter().map(Vec::from).collect();
    t.right = vec![5, 6, 7];
    t.flexible = vec![10, 11, 12];
    t.write(out, crate::table::width(), &|_, _| None)
}

/// The serde name of a unit-like enum value without a `name()` of its own (`Direction`: `up`).
pub fn snake<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

pub use zhibiao_core::fact::number;

/// One line on a report's facts: how many of each kind, and the share with an indicator
/// (`jiangmen-2023.txt: 210 facts, 120 actual, 90 target; 150 (71%) with an indicator`).
pub fn summary_line(name: &str, facts: &[Fact]) -> String {
    let targets = facts
        .iter()
        .filter(|f| f.kind == zhibiao_core::Kind::Target)
        .count();
    let with = facts.iter().filter(|f| f.indicator.is_some()).count();
    let share = if facts.is_empty() {
        0.0
    } else {
        100.0 * with as f64 / facts.len() as f64
    };
    format!(
        "{name}: {} facts, {} actual, {targets} target; {with} ({share:.0}%) with an indicator",
        facts.len(),
        facts.len() - targets
    )
}

/// The value of a fact, a range as `6~6.5`.
pub fn value(f: &Fact) -> String {
    match (f.bound, f.upper) {
        (Bound::Range, Some(upper)) => format!("{}~{}", number(f.value), number(upper)),
        _ => number(f.value),
    }
}

/// The period of a fact, a span as `2018-2022`.
pub fn period(f: &Fact) -> String {
    match f.since {
        Some(since) if since != f.period => format!("{since}-{}", f.period),
        _ => f.period.to_string(),
    }
}

/// The measure of a fact, `growth/yr` for a yearly average.
pub fn measure(f: &Fact) -> String {
    let m = f.measure.name().to_string();
    if f.average {
        format!("{m}/yr")
    } else {
        m
    }
}

/// The columns of the table, in order.
const TABLE_HEADER: [&str; 7] = [
    "KIND", "PERIOD", "SUBJECT", "MEASURE", "VALUE", "STRETCH", "QUOTE",
];

fn table_row(f: &Fact) -> Vec<String> {
    vec![
        f.kind.name().into(),
        period(f),
        f.subject.clone(),
        measure(f),
        crate::table::with_bound(f.value, f.upper, &f.unit, f.bound),
        if f.stretch { "力争" } else { "-" }.into(),
        f.quote.clone(),
    ]
}

/// Writes facts as a table aligned by display width (a CJK char is two columns wide), fitted
/// to the terminal: subjects and quotes are cut with `…`; values as reports write them.
fn write_table(out: &mut dyn Write, facts: &[Fact]) -> io::Result<()> {
    write_table_fit(out, facts, crate::table::width())
}

fn write_table_fit(out: &mut dyn Write, facts: &[Fact], width: Option<usize>) -> io::Result<()> {
    let mut t = crate::table::Table::new(&TABLE_HEADER);
    t.rows = facts.iter().map(table_row).collect();
    t.right = vec![4];
    t.flexible = vec![2, 6];
    t.write(out, width, &|_, _| None)
}

/// One line describing a fact for `zhibiao eval`: kind period measure value unit bound
/// stretch subject | quote.
pub fn describe(f: &Fact) -> String {
    let mut s = format!(
        "{} {} {} {} {} {}",
        f.kind.name(),
        period(f),
        measure(f),
        value(f),
        f.unit,
        f.bound.name()
    );
    if f.stretch {
        s.push_str(" stretch");
    }
    s.push_str(&format!(" {} | {}", f.subject, f.quote));
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;
    use zhibiao_core::{Kind, Measure};

    /// A fact with every field set plainly (also the JSON writer's tests' start).
    pub(super) fn fact() -> Fact {
        Fact {
            doc: "d".into(),
            quote: "实现地区生产总值3773.41亿元".into(),
            kind: Kind::Actual,
            period: 2022,
            since: None,
            average: false,
            subject: "地区生产总值".into(),
            measure: Measure::Level,
            value: 377341000000.0,
            upper: None,
            unit: "元".into(),
            bound: Bound::Exact,
            stretch: false,
            scope: None,
            line_start: 3,
            line_end: 3,
            offset: 10,
            section: Default::default(),
            indicator: None,
            region: Some("江门市".into()),
            note: None,
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(number(377341000000.0), "377341000000");
        assert_eq!(number(3.3), "3.3");
        assert_eq!(number(-0.8), "-0.8");
        assert_eq!(number(1e-7), "0.0000001");
        assert_eq!(number(f64::NAN), "NaN");
        let mut f = fact();
        f.bound = Bound::Range;
        f.value = 6.0;
        f.upper = Some(6.5);
        assert_eq!(value(&f), "6~6.5");
    }

    #[test]
    fn table_aligns_cjk_by_width() {
        let mut short = fact();
        short.subject = "GDP".into();
        let mut buf = Vec::new();
        write_table_fit(&mut buf, &[fact(), short], None).unwrap();
        let text = String::from_utf8(buf).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        // The MEASURE column starts at the same display column on every line.
        let col = |l: &str| {
            l[..l
                .find("level")
                .unwrap_or_else(|| l.find("MEASURE").unwrap())]
                .width()
        };
        assert_eq!(col(lines[0]), col(lines[1]));
        assert_eq!(col(lines[1]), col(lines[2]));
        assert!(lines[1].contains("3773.41亿元"), "{text}");
        assert!(!text.contains(".0 "));
    }

    fn doc() -> DocRow {
        DocRow {
            id: "d".into(),
            path: "a/d.txt".into(),
            format: "text".into(),
            title: Some("政府工作报告".into()),
            region: Some("江门市".into()),
            level: Some(Level::Prefecture),
            year: Some(2023),
            date: Some("2023-02-16".into()),
            speaker: None,
            encoding: Some("UTF-8".into()),
            chars: 100,
            lines: 10,
            facts: 1,
            warnings: vec!["w1".into(), "w2".into()],
        }
    }

    #[test]
    fn csv_rows_join_the_document() {
        let head = String::from_utf8(csv_header(&export::FACT_COLUMNS, false)).unwrap();
        assert!(head.starts_with("doc,kind,period,since,average,subject,"));
        assert_eq!(head.lines().count(), 1);
        let bom = csv_header(&export::FACT_COLUMNS, true);
        assert!(bom.starts_with(BOM));
        let row = render_facts(Format::Csv, true, "d", &[fact(), fact()], &doc());
        let text = String::from_utf8(row).unwrap();
        assert_eq!(text.lines().count(), 2);
        assert!(text.starts_with("d,actual,2022,,false,地区生产总值,level,377341000000,,元,exact,false,,实现地区生产总值3773.41亿元,3,3,,江门市,10,,政府工作报告,prefecture,2023,2023-02-16,,a/d.txt,text\n"), "{text}");
        let docs = String::from_utf8(render_doc(Format::Csv, &doc())).unwrap();
        assert_eq!(docs, "d,a/d.txt,text,政府工作报告,江门市,prefecture,2023,2023-02-16,,UTF-8,100,10,1,w1; w2\n");
    }

    #[test]
    fn describes_a_fact() {
        assert_eq!(
            describe(&fact()),
            "actual 2022 level 377341000000 元 exact 地区生产总值 | 实现地区生产总值3773.41亿元"
        );
    }
}
