//! `zhibiao eval`: score the extraction of a report against a gold file.

use crate::input::Input;
use crate::output::describe;
use crate::{read_and_extract, report};
use anyhow::Result;
use clap::Args;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use zhibiao_core::eval::{score, Score};
use zhibiao_core::Fact;

#[derive(Args)]
pub struct EvalArgs {
    /// Gold facts of REPORT, JSON Lines (tests/data/spec/facts.md).
    #[arg(long, value_name = "GOLD.jsonl")]
    gold: PathBuf,

    /// The report to extract and score (all its predictions are scored).
    #[arg(value_name = "REPORT")]
    report: PathBuf,

    /// Print the score, misses, extras and matched pairs as one JSON object.
    #[arg(long)]
    json: bool,

    /// Exit with code 2 when F1 is below this (for scripts and CI).
    #[arg(long, value_name = "X")]
    min_f1: Option<f64>,
}

pub fn run(args: EvalArgs) -> Result<ExitCode> {
    let gold_input = Input::new(&args.gold);
    let gold_name = gold_input.display();
    let gold = match read_gold(&gold_input) {
        Ok(gold) => gold,
        Err(cause) => {
            report(&gold_name, &cause);
            return Ok(ExitCode::from(1));
        }
    };
    let report_input = Input::new(&args.report);
    let report_name = report_input.display();
    let (text, extraction) = match read_and_extract(&report_input) {
        Ok(x) => x,
        Err(cause) => {
            report(&report_name, &cause);
            return Ok(ExitCode::from(1));
        }
    };
    let doc = report_input.doc_id();
    if let Some(other) = gold.iter().find(|f| f.doc != doc) {
        report(
            &gold_name,
            &format_args!(
                "warning: gold fact for doc `{}`, but the report's id is `{doc}`",
                other.doc
            ),
        );
    }
    let score = score(&text, &gold, &extraction.facts);
    if score.gold_unlocated > 0 {
        report(
            &gold_name,
            &format_args!(
                "warning: {} gold quotes are not in {report_name} (they cannot match)",
                score.gold_unlocated
            ),
        );
    }

    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &score)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        print_text(&mut out, &report_name, &gold_name, &score)
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => anyhow::bail!("stdout: cannot write: {e}"),
    }
    if let Some(min) = args.min_f1 {
        if score.f1 < min {
            eprintln!("zhibiao: F1 {:.4} is below --min-f1 {min}", score.f1);
            return Ok(ExitCode::from(2));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads a gold file: one [`Fact`] per non-blank line.
fn read_gold(input: &Input) -> Result<Vec<Fact>, String> {
    let bytes = input.read().map_err(|e| e.to_string())?;
    let text = zhibiao_core::decode::decode(&bytes)
        .map_err(|e| e.to_string())?
        .text;
    let mut facts = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fact = serde_json::from_str::<Fact>(line)
            .map_err(|e| format!("line {}: not a gold fact: {e}", i + 1))?;
        facts.push(fact);
    }
    Ok(facts)
}

fn print_text(out: &mut dyn Write, report: &str, gold: &str, s: &Score) -> io::Result<()> {
    writeln!(out, "report     {report}")?;
    writeln!(out, "gold       {gold}")?;
    writeln!(
        out,
        "facts      gold {}, predicted {}, matched {}",
        s.n_gold, s.n_pred, s.tp
    )?;
    writeln!(
        out,
        "precision  {:.3}\nrecall     {:.3}\nF1         {:.3}",
        s.precision, s.recall, s.f1
    )?;
    writeln!(
        out,
        "subject    {:.3} ({} of {} matched facts)",
        s.subject_accuracy, s.subject_right, s.tp
    )?;
    if !s.misses.is_empty() {
        writeln!(out, "\n# {} missed (gold, not found)", s.misses.len())?;
        for f in &s.misses {
            writeln!(out, "MISS     {}", describe(f))?;
        }
    }
    if !s.extras.is_empty() {
        writeln!(out, "\n# {} extra (found, not in gold)", s.extras.len())?;
        for f in &s.extras {
            let line = if f.line_start > 0 {
                format!("  [line {}]", f.line_start)
            } else {
                String::new()
            };
            writeln!(out, "EXTRA    {}{line}", describe(f))?;
        }
    }
    let wrong: Vec<_> = s.wrong_subjects().collect();
    if !wrong.is_empty() {
        writeln!(out, "\n# {} matched with a wrong subject", wrong.len())?;
        for p in wrong {
            writeln!(
                out,
                "SUBJECT  gold {} / found {} | {}",
                p.gold.subject, p.pred.subject, p.gold.quote
            )?;
        }
    }
    Ok(())
}
