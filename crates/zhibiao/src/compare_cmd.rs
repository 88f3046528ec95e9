//! `zhibiao compare EARLIER LATER`: a year's targets against the outcomes the next report
//! states, with verdicts (tests/data/spec/compare.md).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};
use zhibiao_core::compare::{compare, Comparison, Options, Row, Verdict};
use zhibiao_core::document::{give, Given};
use zhibiao_core::Extraction;

use crate::export::XlsxOut;
use crate::input::Input;

#[derive(Args)]
pub struct CompareArgs {
    /// The report that sets the targets (year Y).
    #[arg(value_name = "EARLIER")]
    pub earlier: PathBuf,

    /// The report that states the outcomes of year Y (year Y+1). Given the wrong way round,
    /// the two are swapped and a note says so.
    #[arg(value_name = "LATER")]
    pub later: PathBuf,

    /// Output format [default: table on a terminal, else jsonl; with -o, csv for a .csv name]
    #[arg(short = 'f', long, value_enum)]
    pub format: Option<RowFormat>,

    /// Write to OUT (replaced at once when done) instead of standard output.
    #[arg(short = 'o', long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// A registry file whose indicators are added to the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub registry: Option<PathBuf>,

    /// The region of both reports, for reports whose header names none (or names it wrong):
    /// it replaces the region read from either header (a note says so).
    #[arg(long, value_name = "NAME")]
    pub region: Option<String>,

    /// EARLIER is the report of year Y and LATER the report of Y+1, whatever their headers
    /// say (for reports whose header names no year). The periods of their facts move with it.
    #[arg(long, value_name = "Y")]
    pub year: Option<i32>,

    /// Score the comparison against a gold file of target–outcome pairs (compare.md, Scoring)
    /// instead of writing its rows: the share of gold rows matched and right, then every gold
    /// row not right.
    #[arg(long, value_name = "GOLD.jsonl")]
    pub gold: Option<PathBuf>,

    /// With --gold: exit with code 2 when the share of gold rows right is below X.
    #[arg(long, value_name = "X", requires = "gold")]
    pub min_right: Option<f64>,

    /// Tolerance of an `about` (左右) target in % and 个百分点.
    #[arg(long, value_name = "POINTS", default_value_t = 0.5)]
    pub about_points: f64,

    /// Tolerance of an `about` target in other units, as a share of the value.
    #[arg(long, value_name = "SHARE", default_value_t = 0.05)]
    pub about_share: f64,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RowFormat {
    Table,
    Jsonl,
    Csv,
    Xlsx,
}

/// Reads and extracts one report with the given registry; the cause is printed on failure.
pub fn load(path: &PathBuf, registry: &zhibiao_core::Registry) -> Option<Extraction> {
    let input = Input::new(path);
    match crate::read_and_extract_with(&input, registry) {
        Ok((_, x)) => Some(x),
        Err(cause) => {
            crate::report(&input.display(), &cause);
            None
        }
    }
}

pub fn run(args: CompareArgs) -> Result<ExitCode> {
    let registry = crate::indicators_cmd::load_registry(args.registry.as_ref())?;
    let (Some(mut e), Some(mut l)) = (load(&args.earlier, &registry), load(&args.later, &registry))
    else {
        return Ok(ExitCode::from(1));
    };
    for (x, year) in [(&mut e, args.year), (&mut l, args.year.map(|y| y + 1))] {
        let given = Given {
            region: args.region.clone(),
            year,
        };
        for n in give(x, &given) {
            eprintln!("zhibiao: compare: note: {n}");
        }
    }
    let opts = Options {
        about_points: args.about_points,
        about_share: args.about_share,
    };
    let cmp = match compare(&e, &l, &registry, opts) {
        Ok(c) => c,
        Err(err) => {
            eprintln!("zhibiao: compare: {err}");
            return Ok(ExitCode::from(2));
        }
    };
    for n in &cmp.notes {
        eprintln!("zhibiao: compare: note: {n}");
    }
    if let Some(gold) = &args.gold {
        return score_gold(gold, &cmp, args.min_right);
    }
    let format = match crate::output::choose_format(
        "compare",
        args.format,
        args.output.as_deref(),
        default_format(args.output.is_some()),
    ) {
        Ok(f) => f,
        Err(message) => return Ok(crate::extract_cmd::usage_error(&message)),
    };
    if format == RowFormat::Xlsx {
        let Some(out) = args.output.as_deref() else {
            eprintln!("zhibiao: compare: -f xlsx writes a file: give -o OUT");
            return Ok(ExitCode::from(2));
        };
        let mut x = XlsxOut::create(out, &[("compare", &COMPARE_COLUMNS)])?;
        for r in &cmp.rows {
            x.write_row(0, &row_values(r, &registry))?;
        }
        x.finish(true)?;
        return Ok(ExitCode::SUCCESS);
    }
    let color = format == RowFormat::Table
        && crate::color::enabled(args.output.is_none() && io::stdout().is_terminal());
    crate::with_output(args.output.as_deref(), |w| match format {
        RowFormat::Jsonl => cmp.rows.iter().try_for_each(|r| {
            let named = Named {
                row: r,
                indicator_name: indicator_name(&registry, r.indicator.as_deref()),
            };
            serde_json::to_writer(&mut *w, &named).map_err(io::Error::from)?;
            writeln!(w)
        }),
        RowFormat::Csv => write_csv(w, &cmp, &registry),
        _ => write_table(w, &cmp, &registry, color),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// A row of JSON Lines with the Chinese name of its indicator beside the id.
#[derive(serde::Serialize)]
pub struct Named<'a, T: serde::Serialize> {
    #[serde(flatten)]
    pub row: &'a T,
    /// The indicator's Chinese name in the registry (地区生产总值 for gdp), or null.
    pub indicator_name: Option<&'a str>,
}

pub use zhibiao_core::columns::indicator_name;

/// Table on a terminal, else JSON Lines.
pub fn default_format(to_file: bool) -> RowFormat {
    if !to_file && io::stdout().is_terminal() {
        RowFormat::Table
    } else {
        RowFormat::Jsonl
    }
}

/// The compare table: a header, one row per target (target and outcome as reports write
/// them, both quotes), fitted to the terminal; verdicts in colour when `color`.
fn write_table(
    w: &mut dyn Write,
    cmp: &Comparison,
    registry: &zhibiao_core::Registry,
    color: bool,
) -> io::Result<()> {
    use crate::table::{amount, with_bound, Table};
    let mut t = Table::new(&[
        "VERDICT",
        "YEAR",
        "INDICATOR",
        "SUBJECT",
        "MEASURE",
        "TARGET",
        "OUTCOME",
        "TARGET QUOTE",
        "OUTCOME QUOTE",
    ]);
    t.right = vec![5, 6];
    t.flexible = vec![2, 3, 7, 8];
    for r in &cmp.rows {
        let tg = &r.target;
        let mut target = with_bound(tg.value, tg.upper, &tg.unit, tg.bound);
        if tg.stretch {
            target = format!("力争{target}");
        }
        let o = r.outcome.as_ref();
        t.rows.push(vec![
            verdict_word(r.verdict).into(),
            r.year.to_string(),
            indicator_name(registry, r.indicator.as_deref())
                .unwrap_or("—")
                .into(),
            r.subject.clone(),
            r.measure.name().to_string(),
            target,
            o.map_or_else(|| "—".into(), |o| amount(o.value, &o.unit)),
            r.target_quote.clone(),
            o.map_or_else(|| "—".into(), |o| o.quote.clone()),
        ]);
    }
    let paint = |row: usize, col: usize| {
        if !color || col != 0 {
            return None;
        }
        Some(match cmp.rows[row].verdict {
            Verdict::Met => ("\x1b[32m", "\x1b[0m"),
            Verdict::Missed => ("\x1b[31m", "\x1b[0m"),
            Verdict::NotReported => ("\x1b[33m", "\x1b[0m"),
        })
    };
    t.write(w, crate::table::width(), &paint)?;
    let (met, missed, nr) = cmp.summary();
    writeln!(
        w,
        "\n{} targets: {met} met, {missed} missed, {nr} not reported",
        cmp.rows.len()
    )
}

use zhibiao_core::columns::compare_values as row_values;
pub use zhibiao_core::columns::{verdict_word, COMPARE_COLUMNS};

fn write_csv(
    w: &mut dyn Write,
    cmp: &Comparison,
    registry: &zhibiao_core::Registry,
) -> io::Result<()> {
    crate::output::write_csv_table(
        w,
        &COMPARE_COLUMNS,
        cmp.rows.iter().map(|r| row_values(r, registry).to_vec()),
    )
}

/// `compare --gold`: scores the rows against a gold file and prints the score.
fn score_gold(
    gold: &std::path::Path,
    cmp: &Comparison,
    min_right: Option<f64>,
) -> Result<ExitCode> {
    let input = Input::new(gold);
    let name = input.display();
    let rows = input.read().map_err(|e| e.to_string()).and_then(|bytes| {
        let text = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
        text.lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| {
                serde_json::from_str::<Row>(l)
                    .map_err(|e| format!("line {}: not a gold row: {e}", i + 1))
            })
            .collect::<std::result::Result<Vec<Row>, String>>()
    });
    let gold_rows = match rows {
        Ok(r) => r,
        Err(cause) => {
            crate::report(&name, &cause);
            return Ok(ExitCode::from(1));
        }
    };
    let s = zhibiao_core::compare_eval::score(&gold_rows, &cmp.rows);
    crate::with_output(None, |w| {
        writeln!(w, "gold       {name}")?;
        writeln!(
            w,
            "rows       gold {}, predicted {}, matched {} ({:.1}%), right {} ({:.1}%)",
            s.gold,
            s.predicted,
            s.matched,
            100.0 * s.matched_share,
            s.right,
            100.0 * s.right_share
        )?;
        for line in &s.wrong {
            writeln!(w, "WRONG      {line}")?;
        }
        Ok(())
    })?;
    if let Some(min) = min_right {
        if s.right_share < min {
            eprintln!(
                "zhibiao: compare: {:.4} of gold rows right, below --min-right {min}",
                s.right_share
            );
            return Ok(ExitCode::from(2));
        }
    }
    Ok(ExitCode::SUCCESS)
}
