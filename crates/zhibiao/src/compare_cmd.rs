//! `zhibiao compare EARLIER LATER`: a year's targets against the outcomes the next report
//! states, with verdicts (tests/data/spec/compare.md).

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};
use zhibiao_core::compare::{compare, Comparison, Options, Row, Verdict};
use zhibiao_core::Extraction;

use crate::input::Input;
use crate::output::{number, snake};

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
}

/// Reads and extracts one report with the given registry; the cause is printed on failure.
pub fn load(path: &PathBuf, registry: &zhibiao_core::Registry) -> Option<Extraction> {
    let input = Input::new(path);
    match crate::read_and_extract(&input) {
        Ok((_, mut x)) => {
            registry.assign(&mut x.facts);
            Some(x)
        }
        Err(cause) => {
            crate::report(&input.display(), &cause);
            None
        }
    }
}

pub fn run(args: CompareArgs) -> Result<ExitCode> {
    let registry = crate::indicators_cmd::load_registry(args.registry.as_ref())?;
    let (Some(e), Some(l)) = (load(&args.earlier, &registry), load(&args.later, &registry)) else {
        return Ok(ExitCode::from(1));
    };
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
    let format = args.format.unwrap_or(match &args.output {
        Some(o) if o.extension().is_some_and(|x| x.eq_ignore_ascii_case("csv")) => RowFormat::Csv,
        Some(_) => RowFormat::Jsonl,
        None if io::stdout().is_terminal() => RowFormat::Table,
        None => RowFormat::Jsonl,
    });
    let color = format == RowFormat::Table && args.output.is_none() && io::stdout().is_terminal();
    crate::with_output(args.output.as_deref(), |w| match format {
        RowFormat::Jsonl => cmp.rows.iter().try_for_each(|r| {
            serde_json::to_writer(&mut *w, r).map_err(io::Error::from)?;
            writeln!(w)
        }),
        RowFormat::Csv => write_csv(w, &cmp),
        RowFormat::Table => write_table(w, &cmp, color),
    })?;
    Ok(ExitCode::SUCCESS)
}

fn verdict_word(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "met",
        Verdict::Missed => "missed",
        Verdict::NotReported => "not_reported",
    }
}

fn target_text(r: &Row) -> String {
    let t = &r.target;
    let mut s = match t.upper {
        Some(u) => format!("{}–{}{}", number(t.value), number(u), t.unit),
        None => format!("{}{}", number(t.value), t.unit),
    };
    s.push_str(&format!(" {}", snake(&t.bound)));
    if t.stretch {
        s.push_str(" 力争");
    }
    s
}

fn write_table(w: &mut dyn Write, cmp: &Comparison, color: bool) -> io::Result<()> {
    let paint = |v: Verdict| -> (&str, &str) {
        if !color {
            return ("", "");
        }
        match v {
            Verdict::Met => ("\x1b[32m", "\x1b[0m"),
            Verdict::Missed => ("\x1b[31m", "\x1b[0m"),
            Verdict::NotReported => ("\x1b[33m", "\x1b[0m"),
        }
    };
    for r in &cmp.rows {
        let (on, off) = paint(r.verdict);
        let outcome = r
            .outcome
            .as_ref()
            .map(|o| format!("{}{}", number(o.value), o.unit))
            .unwrap_or_else(|| "—".into());
        writeln!(
            w,
            "{on}{:<12}{off} {} {:<24} {:<7} target {:<22} outcome {:<14} | {}",
            verdict_word(r.verdict),
            r.year,
            r.subject,
            snake(&r.measure),
            target_text(r),
            outcome,
            r.outcome
                .as_ref()
                .map(|o| o.quote.as_str())
                .unwrap_or(&r.target_quote),
        )?;
    }
    let (met, missed, nr) = cmp.summary();
    writeln!(
        w,
        "\n{} targets: {met} met, {missed} missed, {nr} not reported",
        cmp.rows.len()
    )
}

fn write_csv(w: &mut dyn Write, cmp: &Comparison) -> io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "target_doc",
        "outcome_doc",
        "year",
        "indicator",
        "subject",
        "measure",
        "target_value",
        "target_upper",
        "target_unit",
        "target_bound",
        "target_stretch",
        "outcome_value",
        "outcome_unit",
        "verdict",
        "margin",
        "target_quote",
        "target_line",
        "outcome_quote",
        "outcome_line",
    ])?;
    for r in &cmp.rows {
        let o = r.outcome.as_ref();
        c.write_record([
            r.target_doc.clone(),
            r.outcome_doc.clone(),
            r.year.to_string(),
            r.indicator.clone().unwrap_or_default(),
            r.subject.clone(),
            snake(&r.measure),
            number(r.target.value),
            r.target.upper.map(number).unwrap_or_default(),
            r.target.unit.clone(),
            snake(&r.target.bound),
            r.target.stretch.to_string(),
            o.map(|o| number(o.value)).unwrap_or_default(),
            o.map(|o| o.unit.clone()).unwrap_or_default(),
            verdict_word(r.verdict).to_string(),
            r.margin.map(number).unwrap_or_default(),
            r.target_quote.clone(),
            r.target_line.to_string(),
            o.map(|o| o.quote.clone()).unwrap_or_default(),
            o.map(|o| o.line_start.to_string()).unwrap_or_default(),
        ])?;
    }
    c.flush()
}
