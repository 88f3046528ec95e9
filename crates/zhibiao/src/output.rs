//! Writing facts: JSON Lines, CSV or an aligned table.

use serde::Serialize;
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;
use zhibiao_core::{Bound, Fact};

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned table for reading in a terminal.
    Table,
    /// One JSON object per fact and line, every field (the gold-file format).
    Jsonl,
    /// Comma-separated values with a header row.
    Csv,
}

/// The CSV columns, in order.
pub const CSV_HEADER: [&str; 18] = [
    "doc",
    "kind",
    "period",
    "since",
    "average",
    "subject",
    "measure",
    "value",
    "upper",
    "unit",
    "bound",
    "stretch",
    "scope",
    "quote",
    "line_start",
    "line_end",
    "section",
    "region",
];

/// Writes the facts of one input after another in one format.
pub struct Emitter {
    format: Format,
    /// Whether several inputs go to this output (the table then titles each one).
    several: bool,
    csv_header_done: bool,
}

impl Emitter {
    pub fn new(format: Format, several: bool) -> Self {
        Emitter {
            format,
            several,
            csv_header_done: false,
        }
    }

    /// Writes the facts of one input (`name` titles its table when there are several inputs).
    pub fn write(&mut self, out: &mut dyn Write, name: &str, facts: &[Fact]) -> io::Result<()> {
        match self.format {
            Format::Jsonl => {
                for fact in facts {
                    serde_json::to_writer(&mut *out, fact).map_err(io::Error::from)?;
                    out.write_all(b"\n")?;
                }
                Ok(())
            }
            Format::Csv => {
                self.csv_header(out)?;
                let mut w = csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(&mut *out);
                for fact in facts {
                    w.write_record(csv_row(fact)).map_err(csv_error)?;
                }
                w.flush()
            }
            Format::Table => {
                if facts.is_empty() {
                    return Ok(());
                }
                if self.several {
                    writeln!(out, "== {name}: {} facts", facts.len())?;
                }
                write_table(out, facts)?;
                if self.several {
                    writeln!(out)?;
                }
                Ok(())
            }
        }
    }

    /// Ends the output: a CSV always has its header row, even with no fact.
    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.format == Format::Csv {
            self.csv_header(out)?;
        }
        out.flush()
    }

    fn csv_header(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if !self.csv_header_done {
            let mut w = csv::Writer::from_writer(&mut *out);
            w.write_record(CSV_HEADER).map_err(csv_error)?;
            w.flush()?;
            self.csv_header_done = true;
        }
        Ok(())
    }
}

fn csv_error(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn csv_row(f: &Fact) -> [String; 18] {
    [
        f.doc.clone(),
        snake(&f.kind),
        f.period.to_string(),
        f.since.map(|y| y.to_string()).unwrap_or_default(),
        f.average.to_string(),
        f.subject.clone(),
        snake(&f.measure),
        number(f.value),
        f.upper.map(number).unwrap_or_default(),
        f.unit.clone(),
        snake(&f.bound),
        f.stretch.to_string(),
        f.scope.clone().unwrap_or_default(),
        f.quote.clone(),
        f.line_start.to_string(),
        f.line_end.to_string(),
        f.section.clone(),
        f.region.clone().unwrap_or_default(),
    ]
}

/// The serde name of a unit-like enum value (`at_least`).
pub fn snake<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// A number as a person writes it: `377341000000`, `3.3`, `-0.8` (never `377341000000.0`
/// nor an exponent).
pub fn number(v: f64) -> String {
    if v.is_finite() && v.fract() == 0.0 && v.abs() < 9.0e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
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
    let m = snake(&f.measure);
    if f.average {
        format!("{m}/yr")
    } else {
        m
    }
}

/// The columns of the table, in order.
const TABLE_HEADER: [&str; 9] = [
    "KIND", "PERIOD", "SUBJECT", "MEASURE", "VALUE", "UNIT", "BOUND", "STRETCH", "QUOTE",
];

fn table_row(f: &Fact) -> [String; 9] {
    [
        snake(&f.kind),
        period(f),
        f.subject.clone(),
        measure(f),
        value(f),
        f.unit.clone(),
        snake(&f.bound),
        if f.stretch { "stretch" } else { "-" }.into(),
        f.quote.clone(),
    ]
}

/// Writes facts as a table aligned by display width (a CJK char is two columns wide); the
/// last column (the quote) is not padded.
fn write_table(out: &mut dyn Write, facts: &[Fact]) -> io::Result<()> {
    let header = TABLE_HEADER.map(String::from);
    let rows: Vec<[String; 9]> = facts.iter().map(table_row).collect();
    let mut widths = [0usize; 9];
    for row in std::iter::once(&header).chain(&rows) {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            if i + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                // Right-align the value column, left-align the others.
                let pad = widths[i] - cell.width();
                if i == 4 {
                    line.insert_str(line.len() - cell.len(), &" ".repeat(pad));
                } else {
                    line.push_str(&" ".repeat(pad));
                }
                line.push_str("  ");
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// One line describing a fact for `zhibiao eval`: kind period measure value unit bound
/// stretch subject | quote.
pub fn describe(f: &Fact) -> String {
    let mut s = format!(
        "{} {} {} {} {} {}",
        snake(&f.kind),
        period(f),
        measure(f),
        value(f),
        f.unit,
        snake(&f.bound)
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
    use zhibiao_core::{Kind, Measure};

    fn fact() -> Fact {
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
            section: String::new(),
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
        write_table(&mut buf, &[fact(), short]).unwrap();
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
        assert!(lines[1].contains("377341000000"));
        assert!(!text.contains(".0 "));
    }

    #[test]
    fn csv_has_one_header() {
        let mut e = Emitter::new(Format::Csv, true);
        let mut buf = Vec::new();
        e.write(&mut buf, "a", &[fact()]).unwrap();
        e.write(&mut buf, "b", &[fact()]).unwrap();
        e.finish(&mut buf).unwrap();
        let text = String::from_utf8(buf).unwrap();
        assert_eq!(text.lines().count(), 3);
        assert!(text.starts_with("doc,kind,period,since,average,subject,"));
        assert!(text.contains("d,actual,2022,,false,地区生产总值,level,377341000000,,元,exact,false,,实现地区生产总值3773.41亿元,3,3,,江门市"));
        let mut e = Emitter::new(Format::Csv, false);
        let mut buf = Vec::new();
        e.finish(&mut buf).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap().lines().count(), 1);
    }

    #[test]
    fn describes_a_fact() {
        assert_eq!(
            describe(&fact()),
            "actual 2022 level 377341000000 元 exact 地区生产总值 | 实现地区生产总值3773.41亿元"
        );
    }
}
