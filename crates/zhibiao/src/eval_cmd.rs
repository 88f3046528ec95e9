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
use zhibiao_core::tasks::score::{score as score_tasks, GoldTask, TaskScore};
use zhibiao_core::Fact;

#[derive(Args)]
pub struct EvalArgs {
    /// Gold facts of REPORT, JSON Lines (tests/data/spec/facts.md).
    #[arg(
        long,
        value_name = "GOLD.jsonl",
        required_unless_present = "tasks_gold"
    )]
    gold: Option<PathBuf>,

    /// Gold tasks of REPORT, JSON Lines (tests/data/spec/tasks.md): scores the division of
    /// its plan into tasks instead of its facts.
    #[arg(long, value_name = "GOLD.tasks.jsonl", conflicts_with = "gold")]
    tasks_gold: Option<PathBuf>,

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
    if let Some(tasks_gold) = &args.tasks_gold {
        return run_tasks(tasks_gold, &args);
    }
    let Some(gold) = &args.gold else {
        eprintln!("zhibiao: eval: give --gold or --tasks-gold");
        return Ok(ExitCode::from(2));
    };
    let gold_input = Input::new(gold);
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
    if let Some(other) = gold.iter().find(|f| *f.doc != *doc) {
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

    emit(args.json, &score, |out| {
        print_text(out, &report_name, &gold_name, &score)
    })?;
    Ok(against_min(args.min_f1, score.f1, "F1"))
}

/// Writes a score to standard output, as JSON or as text; a closed pipe is no error.
fn emit<S: serde::Serialize>(
    json: bool,
    score: &S,
    text: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = if json {
        serde_json::to_writer_pretty(&mut out, score)
            .map_err(io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        text(&mut out)
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => anyhow::bail!("stdout: cannot write: {e}"),
    }
}

/// Exit code 2 when `f1` is below `--min-f1`, for scripts.
fn against_min(min: Option<f64>, f1: f64, what: &str) -> ExitCode {
    match min {
        Some(min) if f1 < min => {
            eprintln!("zhibiao: {what} {f1:.4} is below --min-f1 {min}");
            ExitCode::from(2)
        }
        _ => ExitCode::SUCCESS,
    }
}

/// `eval --tasks-gold`: divides REPORT's plan and scores it against gold tasks.
fn run_tasks(gold_path: &PathBuf, args: &EvalArgs) -> Result<ExitCode> {
    let gold_input = Input::new(gold_path);
    let gold_name = gold_input.display();
    let gold: Vec<GoldTask> = match read_lines(&gold_input, "gold task") {
        Ok(gold) => gold,
        Err(cause) => {
            report(&gold_name, &cause);
            return Ok(ExitCode::from(1));
        }
    };
    let report_input = Input::new(&args.report);
    let report_name = report_input.display();
    let (_, extraction) = match read_and_extract(&report_input) {
        Ok(x) => x,
        Err(cause) => {
            report(&report_name, &cause);
            return Ok(ExitCode::from(1));
        }
    };
    let doc = report_input.doc_id();
    if let Some(other) = gold.iter().find(|g| g.doc != doc) {
        report(
            &gold_name,
            &format_args!(
                "warning: gold task for doc `{}`, but the report's id is `{doc}`",
                other.doc
            ),
        );
    }
    let tasks = extraction.tasks();
    let s = score_tasks(&gold, &tasks);
    emit(args.json, &s, |out| {
        print_tasks(out, &report_name, &gold_name, &s)
    })?;
    Ok(against_min(args.min_f1, s.f1, "task F1"))
}

fn print_tasks(out: &mut dyn Write, report: &str, gold: &str, s: &TaskScore) -> io::Result<()> {
    writeln!(out, "report     {report}")?;
    writeln!(out, "gold       {gold}")?;
    writeln!(
        out,
        "tasks      gold {}, predicted {}, matched {}",
        s.n_gold, s.n_pred, s.matched
    )?;
    writeln!(
        out,
        "precision  {:.3}\nrecall     {:.3}\nF1         {:.3}",
        s.precision, s.recall, s.f1
    )?;
    writeln!(
        out,
        "end        {:.3} ({} of {} matched tasks end at the same sentence)",
        s.end_rate, s.end_agreed, s.matched
    )?;
    if !s.misses.is_empty() {
        writeln!(
            out,
            "\n# {} missed (gold, no task starts there)",
            s.misses.len()
        )?;
        for g in &s.misses {
            writeln!(out, "MISS     {} | {}", g.part, g.first)?;
        }
    }
    if !s.extras.is_empty() {
        writeln!(
            out,
            "\n# {} extra (a task the gold does not have)",
            s.extras.len()
        )?;
        for (seq, first) in &s.extras {
            writeln!(out, "EXTRA    #{seq} {first}")?;
        }
    }
    let ends: Vec<_> = s.pairs.iter().filter(|p| !p.end_agrees).collect();
    if !ends.is_empty() {
        writeln!(out, "\n# {} matched with another last sentence", ends.len())?;
        for p in ends {
            writeln!(out, "END      gold {} / found {}", p.gold_last, p.pred_last)?;
        }
    }
    Ok(())
}

/// Reads a JSON Lines file: one `T` per non-blank line.
fn read_lines<T: serde::de::DeserializeOwned>(input: &Input, what: &str) -> Result<Vec<T>, String> {
    let bytes = input.read().map_err(|e| e.to_string())?;
    let text = zhibiao_core::decode::decode(&bytes)
        .map_err(|e| e.to_string())?
        .text;
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let row = serde_json::from_str::<T>(line)
            .map_err(|e| format!("line {}: not a {what}: {e}", i + 1))?;
        rows.push(row);
    }
    Ok(rows)
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
