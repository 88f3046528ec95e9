//! `zhibiao`: quantified outcomes and targets from Chinese government work reports.
//!
//! ```text
//! zhibiao extract PATH... [-f table|jsonl|csv|xlsx|parquet] [-o OUT] [-j N] [--bom]
//! zhibiao docs PATH... [-f table|jsonl|csv|xlsx|parquet] [-o OUT] [-j N] [--bom]
//! zhibiao tasks REPORT... [-f table|jsonl|csv|xlsx] [-o OUT]
//! zhibiao eval --gold GOLD.jsonl REPORT [--json] [--min-f1 X]
//! zhibiao eval --tasks-gold GOLD.tasks.jsonl REPORT [--json] [--min-f1 X]
//! ```
//!
//! Exit codes: 0 success (also for a report with no fact: a warning says so); 1 an input or the
//! output could not be read or written (each failing input gets one line on stderr, the
//! others still go through); 2 a usage error, or `eval --min-f1` not reached.

mod admin_cmd;
mod batch;
mod compare_cmd;
mod docs_cmd;
mod eval_cmd;
mod export;
mod extract_cmd;
mod indicators_cmd;
mod input;
mod output;
mod panel_cmd;
mod serve_cmd;
mod tasks_cmd;

use anyhow::Result;
use clap::{Parser, Subcommand};
use input::Input;
use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "zhibiao",
    version,
    about = "Quantified outcomes and targets (指标) from Chinese government work reports",
    long_about = "Quantified outcomes and targets (指标) from Chinese government work reports.\n\n\
        Reads reports as text (UTF-8, UTF-16 with a byte-order mark, or GB18030/GBK), web \
        pages, Word (.docx) files and PDFs with a text layer, told apart by their content, \
        and lists every quantified claim: what was achieved last \
        year and what is targeted, with value, unit, bound, subject, period and the exact \
        quote.\n\n\
        Exit codes: 0 success; 1 an input or the output failed; 2 usage error or \
        `eval --min-f1` not reached."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract the facts of reports: files, directories (recursively) or standard input, in
    /// parallel, as a table, JSON Lines, CSV, XLSX or Parquet.
    Extract(extract_cmd::BatchArgs),
    /// The documents table: one row per report (id, path, title, region, level, year, date,
    /// speaker, encoding, characters, facts, warnings).
    Docs(extract_cmd::BatchArgs),
    /// Divide the plan of reports into tasks, as an office divides it (the draft 分工方案).
    Tasks(tasks_cmd::TasksArgs),
    /// Score the extraction (or the division into tasks) of one report against a gold file.
    Eval(eval_cmd::EvalArgs),
    /// Pair a year's targets with the outcomes the next year's report states, with verdicts.
    Compare(compare_cmd::CompareArgs),
    /// One row per region × year × indicator × measure over many reports.
    Panel(panel_cmd::PanelArgs),
    /// List the indicator registry.
    Indicators(indicators_cmd::IndicatorsArgs),
    /// Serve the commitment tracker (web interface and JSON API) on one SQLite database.
    Serve(serve_cmd::ServeArgs),
    /// Import a report into the tracker's database: its plan becomes commitments.
    Import(serve_cmd::ImportArgs),
    /// Manage the tracker's users.
    User(serve_cmd::UserArgs),
    /// Back up a tracker's database and evidence files into one file (while it serves).
    Backup(admin_cmd::BackupArgs),
    /// Make a new tracker database from a backup.
    Restore(admin_cmd::RestoreArgs),
    /// Check a tracker's audit log.
    Audit(admin_cmd::AuditArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract_cmd::run(args),
        Command::Docs(args) => docs_cmd::run(args),
        Command::Tasks(args) => tasks_cmd::run(args),
        Command::Eval(args) => eval_cmd::run(args),
        Command::Compare(args) => compare_cmd::run(args),
        Command::Panel(args) => panel_cmd::run(args),
        Command::Indicators(args) => indicators_cmd::run(args),
        Command::Serve(args) => serve_cmd::serve(args),
        Command::Import(args) => serve_cmd::import(args),
        Command::User(args) => serve_cmd::user(args),
        Command::Backup(args) => admin_cmd::backup(args),
        Command::Restore(args) => admin_cmd::restore(args),
        Command::Audit(args) => admin_cmd::audit(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("zhibiao: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Prints one line on stderr about an input: `zhibiao: PATH: message`.
pub fn report(input: &str, message: &dyn std::fmt::Display) {
    eprintln!("zhibiao: {input}: {message}");
}

/// Reads, decodes and extracts one input; prints its warnings. `Err` is the one-line cause.
pub fn read_and_extract(
    input: &Input,
) -> std::result::Result<(String, zhibiao_core::Extraction), String> {
    let loaded = load(input, &input.doc_id())?;
    let name = input.display();
    for w in &loaded.extraction.warnings {
        report(&name, &format_args!("warning: {w}"));
    }
    Ok((loaded.text, loaded.extraction))
}

/// A report read and extracted.
pub struct Loaded {
    /// The text of the report.
    pub text: String,
    /// Its facts and metadata; its warnings include `no facts found` when there are none.
    pub extraction: zhibiao_core::Extraction,
    /// The format it was read as, for the documents table (`text`; the input formats will set
    /// `html`, `docx`, `pdf`).
    pub format: &'static str,
}

/// Reads, decodes and extracts one input under the document id `doc_id`, printing nothing (it
/// runs on worker threads in `extract` and `docs`). `Err` is the one-line cause. The one place
/// where an input becomes text and facts.
pub fn load(input: &Input, doc_id: &str) -> std::result::Result<Loaded, String> {
    // Text, HTML, DOCX or PDF, told apart by content (zhibiao-input).
    let doc = input.read_document().map_err(|e| e.to_string())?;
    let mut extraction = zhibiao_core::extract::run(doc_id, &doc.text, doc.encoding.as_deref());
    extraction.warnings.extend(doc.warnings);
    // As `zhibiao_core::extract` does: each fact gets its indicator id from the built-in
    // registry (`compare` and `panel` assign again from a user's registry).
    batch::assign_indicators(&mut extraction.facts);
    if extraction.facts.is_empty()
        && !extraction
            .warnings
            .iter()
            .any(|w| w.contains("no facts found"))
    {
        extraction.warnings.push("no facts found".into());
    }
    Ok(Loaded {
        text: doc.text,
        extraction,
        format: doc.format.name(),
    })
}

/// Runs `write` on standard output, or on a temporary file renamed to OUT when it succeeds
/// (so OUT is never half-written). A closed pipe on standard output is not an error.
pub fn with_output(
    output: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let mut out = export::TextOut::open(output)?;
    let name = out.name();
    match write(out.writer()) {
        Ok(()) => out
            .finish(true)
            .map_err(|e| anyhow::anyhow!("{name}: cannot write: {e}")),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe && output.is_none() => Ok(()),
        Err(e) => {
            let _ = out.finish(false);
            anyhow::bail!("{name}: cannot write: {e}")
        }
    }
}
