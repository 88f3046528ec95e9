//! `zhibiao panel PATH...`: region × year × indicator × measure over many reports.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use zhibiao_core::compare::{Options, Verdict};
use zhibiao_core::panel::{panel, summary, PanelRow};

use crate::compare_cmd::{load, RowFormat};
use crate::output::{number, snake};

#[derive(Args)]
pub struct PanelArgs {
    /// Report files or directories (searched recursively for files).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format [default: table on a terminal, else csv]
    #[arg(short = 'f', long, value_enum)]
    pub format: Option<RowFormat>,

    /// Write to OUT (replaced at once when done) instead of standard output.
    #[arg(short = 'o', long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// A registry file whose indicators are added to the built-in ones.
    #[arg(long, value_name = "FILE")]
    pub registry: Option<PathBuf>,
}

/// Files named, and the files under directories named (sorted, hidden ones skipped).
pub fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found);
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn walk(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if p.is_dir() {
            walk(&p, out);
        } else {
            out.push(p);
        }
    }
}

pub fn run(args: PanelArgs) -> Result<ExitCode> {
    let registry = crate::indicators_cmd::load_registry(args.registry.as_ref())?;
    let files = expand(&args.paths);
    let mut failed = 0;
    let mut reports = Vec::with_capacity(files.len());
    for f in &files {
        match load(f, &registry) {
            Some(x) => reports.push(x),
            None => failed += 1,
        }
    }
    let (rows, notes) = panel(&reports, &registry, Options::default());
    for n in &notes {
        eprintln!("zhibiao: panel: note: {n}");
    }
    let format = args.format.unwrap_or(match &args.output {
        Some(o)
            if o.extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("jsonl")) =>
        {
            RowFormat::Jsonl
        }
        Some(_) => RowFormat::Csv,
        None if io::stdout().is_terminal() => RowFormat::Table,
        None => RowFormat::Csv,
    });
    crate::with_output(args.output.as_deref(), |w| match format {
        RowFormat::Jsonl => rows.iter().try_for_each(|r| {
            serde_json::to_writer(&mut *w, r).map_err(io::Error::from)?;
            writeln!(w)
        }),
        RowFormat::Csv => write_csv(w, &rows),
        RowFormat::Table => write_table(w, &rows),
    })?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn verdict_word(v: Option<Verdict>) -> &'static str {
    match v {
        Some(Verdict::Met) => "met",
        Some(Verdict::Missed) => "missed",
        Some(Verdict::NotReported) => "not_reported",
        None => "",
    }
}

fn opt(v: Option<f64>) -> String {
    v.map(number).unwrap_or_default()
}

fn write_table(w: &mut dyn Write, rows: &[PanelRow]) -> io::Result<()> {
    for r in rows {
        writeln!(
            w,
            "{:<10} {} {:<36} {:<7} target {:>14} {:<10} outcome {:>14} {:<4} {}",
            r.region,
            r.year,
            r.indicator,
            snake(&r.measure),
            opt(r.target_value),
            r.target_bound.map(|b| snake(&b)).unwrap_or_default(),
            opt(r.outcome_value),
            r.unit,
            verdict_word(r.verdict)
        )?;
    }
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

fn write_csv(w: &mut dyn Write, rows: &[PanelRow]) -> io::Result<()> {
    let mut c = csv::Writer::from_writer(w);
    c.write_record([
        "region",
        "year",
        "indicator",
        "measure",
        "unit",
        "target_value",
        "target_upper",
        "target_bound",
        "target_stretch_value",
        "target_quote",
        "target_doc",
        "outcome_value",
        "outcome_quote",
        "outcome_doc",
        "verdict",
    ])?;
    for r in rows {
        c.write_record([
            r.region.clone(),
            r.year.to_string(),
            r.indicator.clone(),
            snake(&r.measure),
            r.unit.clone(),
            opt(r.target_value),
            opt(r.target_upper),
            r.target_bound.map(|b| snake(&b)).unwrap_or_default(),
            opt(r.target_stretch_value),
            r.target_quote.clone().unwrap_or_default(),
            r.target_doc.clone().unwrap_or_default(),
            opt(r.outcome_value),
            r.outcome_quote.clone().unwrap_or_default(),
            r.outcome_doc.clone().unwrap_or_default(),
            verdict_word(r.verdict).to_string(),
        ])?;
    }
    c.flush()
}
