//! `zhibiao panel PATH... [-f table|jsonl|csv|xlsx|parquet] [-o OUT]`: region × year ×
//! indicator × measure over many reports.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use zhibiao_core::compare::{Options, Verdict};
use zhibiao_core::document::{give, Given};
use zhibiao_core::panel::{panel, summary, PanelRow};

use crate::compare_cmd::{indicator_name, Named};
use crate::export::{ParquetOut, XlsxOut};
use crate::input::Input;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PanelFormat {
    Table,
    Jsonl,
    Csv,
    Xlsx,
    Parquet,
}

#[derive(Args)]
pub struct PanelArgs {
    /// Report files or directories (searched recursively for files).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format [default: table on a terminal, else csv; with -o, by OUT's extension]
    #[arg(short = 'f', long, value_enum)]
    pub format: Option<PanelFormat>,

    /// Write to OUT (replaced at once when done) instead of standard output.
    #[arg(short = 'o', long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// A registry file whose indicators are added to the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub registry: Option<PathBuf>,

    /// The region of every report whose header names none (a report whose header names one
    /// keeps it).
    #[arg(long, value_name = "NAME")]
    pub region: Option<String>,

    /// The year of one report, for a report whose header names none (or names it wrong):
    /// FILE=YEAR, FILE as given or as found in a directory; may be repeated.
    #[arg(long = "year", value_name = "FILE=YEAR", value_parser = parse_year_of)]
    pub years: Vec<(PathBuf, i32)>,
}

fn parse_year_of(s: &str) -> std::result::Result<(PathBuf, i32), String> {
    let (file, year) = s
        .rsplit_once('=')
        .ok_or_else(|| format!("{s}: expected FILE=YEAR"))?;
    let year: i32 = year
        .trim()
        .parse()
        .map_err(|_| format!("{s}: {year} is not a year"))?;
    if !(1949..=2100).contains(&year) {
        return Err(format!("{s}: {year} is not a year of a report"));
    }
    Ok((PathBuf::from(file), year))
}

/// Whether `a` and `b` name one file.
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    a == b
        || matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        )
}

pub fn run(args: PanelArgs) -> Result<ExitCode> {
    let registry = crate::indicators_cmd::load_registry(args.registry.as_ref())?;
    let default = match &args.output {
        None if io::stdout().is_terminal() => PanelFormat::Table,
        _ => PanelFormat::Csv,
    };
    let format =
        match crate::output::choose_format("panel", args.format, args.output.as_deref(), default) {
            Ok(f) => f,
            Err(message) => return Ok(crate::extract_cmd::usage_error(&message)),
        };
    if matches!(format, PanelFormat::Xlsx | PanelFormat::Parquet) && args.output.is_none() {
        eprintln!("zhibiao: panel: -f xlsx and -f parquet write a file: give -o OUT");
        return Ok(ExitCode::from(2));
    }
    let outputs: Vec<PathBuf> = args.output.iter().cloned().collect();
    let mut failed = 0;
    let mut reports = Vec::new();
    let sources = crate::batch::collect(&args.paths, &outputs);
    for (f, _) in &args.years {
        if !sources.iter().any(|s| same_file(f, &s.path)) {
            eprintln!(
                "zhibiao: panel: --year {}: no such report among the inputs",
                f.display()
            );
            return Ok(ExitCode::from(2));
        }
    }
    for src in &sources {
        let input = Input::new(&src.path);
        let loaded = match &src.error {
            Some(cause) => Err(cause.clone()),
            None => crate::load_with(&input, &src.id, &registry),
        };
        match loaded {
            Ok(mut l) => {
                let given = Given {
                    region: args
                        .region
                        .clone()
                        .filter(|_| l.extraction.document.region.is_none()),
                    year: args
                        .years
                        .iter()
                        .find(|(f, _)| same_file(f, &src.path))
                        .map(|(_, y)| *y),
                };
                for n in give(&mut l.extraction, &given) {
                    eprintln!("zhibiao: panel: note: {n}");
                }
                reports.push(l.extraction);
            }
            Err(cause) => {
                crate::report(&input.display(), &cause);
                failed += 1;
            }
        }
    }
    let (rows, notes) = panel(&reports, &registry, Options::default());
    for n in &notes {
        eprintln!("zhibiao: panel: note: {n}");
    }
    match format {
        PanelFormat::Xlsx => {
            let out = args
                .output
                .as_deref()
                .unwrap_or(std::path::Path::new("panel.xlsx"));
            let mut x = XlsxOut::create(out, &[("panel", &PANEL_COLUMNS)])?;
            for r in &rows {
                x.write_row(0, &values(r, &registry))?;
            }
            x.finish(true)?;
        }
        PanelFormat::Parquet => {
            let out = args
                .output
                .as_deref()
                .unwrap_or(std::path::Path::new("panel.parquet"));
            let mut p = ParquetOut::create(out, &PANEL_COLUMNS)?;
            for r in &rows {
                p.write_row(&values(r, &registry))?;
            }
            p.close()?.commit()?;
        }
        _ => crate::with_output(args.output.as_deref(), |w| match format {
            PanelFormat::Jsonl => rows.iter().try_for_each(|r| {
                let named = Named {
                    row: r,
                    indicator_name: indicator_name(&registry, Some(&r.indicator)),
                };
                serde_json::to_writer(&mut *w, &named).map_err(io::Error::from)?;
                writeln!(w)
            }),
            PanelFormat::Table => write_table(w, &rows, &registry),
            _ => write_csv(w, &rows, &registry),
        })?,
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

use zhibiao_core::columns::panel_values as values;
pub use zhibiao_core::columns::PANEL_COLUMNS;

fn verdict_word(v: Option<Verdict>) -> &'static str {
    v.map(zhibiao_core::columns::verdict_word).unwrap_or("")
}

/// The panel table: a header, one row per region × year × indicator × measure (the
/// indicator's Chinese name from the registry, its id when it has none), values as reports
/// write them, fitted to the terminal.
fn write_table(
    w: &mut dyn Write,
    rows: &[PanelRow],
    registry: &zhibiao_core::Registry,
) -> io::Result<()> {
    use crate::table::{amount, with_bound, Table};
    let mut t = Table::new(&[
        "REGION",
        "YEAR",
        "INDICATOR",
        "MEASURE",
        "TARGET",
        "OUTCOME",
        "VERDICT",
    ]);
    t.right = vec![4, 5];
    t.flexible = vec![0, 2];
    for r in rows {
        t.rows.push(vec![
            r.region.clone(),
            r.year.to_string(),
            registry
                .get(&r.indicator)
                .map_or_else(|| r.indicator.clone(), |i| i.name.clone()),
            r.measure.name().to_string(),
            match (r.target_value, r.target_bound) {
                (Some(v), Some(b)) => with_bound(v, r.target_upper, &r.unit, b),
                (Some(v), None) => amount(v, &r.unit),
                _ => "—".into(),
            },
            r.outcome_value
                .map_or_else(|| "—".into(), |v| amount(v, &r.unit)),
            match r.verdict {
                Some(v) => verdict_word(Some(v)).into(),
                None => "—".into(),
            },
        ]);
    }
    t.write(w, crate::table::width(), &|_, _| None)?;
    let s = summary(rows);
    let n = |k| s.get(k).copied().unwrap_or(0);
    writeln!(
        w,
        "\n{} rows: {} met, {} missed, {} not reported, {} without a verdict",
        rows.len(),
        n("met"),
        n("missed"),
        n("not_reported"),
        n("open")
    )
}

fn write_csv(
    w: &mut dyn Write,
    rows: &[PanelRow],
    registry: &zhibiao_core::Registry,
) -> io::Result<()> {
    crate::output::write_csv_table(
        w,
        &PANEL_COLUMNS,
        rows.iter().map(|r| values(r, registry).to_vec()),
    )
}
