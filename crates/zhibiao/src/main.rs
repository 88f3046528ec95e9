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
mod color;
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
mod table;
mod tasks_cmd;

use anyhow::Result;
use clap::{Parser, Subcommand};
use input::Input;
use std::io::{self, IsTerminal, Write};
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
        `eval --min-f1` not reached.",
    after_help = "Examples:\n  \
        zhibiao extract report.txt                      facts as a table (JSON Lines when piped)\n  \
        zhibiao compare report-2023.txt report-2024.txt targets of 2023 met or missed\n  \
        zhibiao help compare                            help on one command\n  \
        zhibiao completions bash > /etc/bash_completion.d/zhibiao\n  \
        zhibiao man | gzip > /usr/local/share/man/man1/zhibiao.1.gz",
    disable_help_subcommand = true
)]
pub struct Cli {
    /// Colour on a terminal: auto (unless NO_COLOR is set), always, never.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        default_value = "auto"
    )]
    color: color::When,

    #[command(subcommand)]
    command: Command,
}

/// What `compare` and `panel` say of a target (both --help and README).
const VERDICTS: &str = "Verdicts:\n  \
    met           the outcome the next year's report states reaches the target (for an indicator \n                \
                  where less is better — CPI, unemployment, energy per unit of GDP — stays \n                \
                  within it; 左右 targets with a tolerance, --about-points/--about-share)\n  \
    missed        the outcome falls short of it\n  \
    not_reported  the next year's report is there but states no outcome for the target's \n                \
                  indicator (reports tend to drop what they missed)";

fn compare_help() -> String {
    format!(
        "{VERDICTS}\n\n\
         Each target of year Y (力争 stretch targets get a row of their own) is paired with the \
         outcome of Y that the report of Y+1 states; `margin` is outcome − target.\n\n\
         Examples:\n  \
         zhibiao compare report-2015.txt report-2016.txt\n  \
         zhibiao compare report-2015.txt report-2016.txt -o 2015.xlsx\n  \
         zhibiao compare report-2015.txt report-2016.txt -f jsonl | jq 'select(.verdict==\"missed\")'"
    )
}

fn panel_help() -> String {
    format!(
        "{VERDICTS}\n  \
         (empty)       no verdict: the outcome is not yet available (no report of year Y+1 \n                \
                       among the inputs — the year is not over, or its report was not given), \n                \
                       or the row has an outcome but no target. Counted as \"without a \n                \
                       verdict\" in the table's summary; null in JSON, an empty cell in CSV/XLSX\n\n\
         Examples:\n  \
         zhibiao panel reports/                          every region and year found\n  \
         zhibiao panel reports/ -o panel.xlsx\n  \
         zhibiao panel reports/ -o panel.parquet         then: duckdb -c \"SELECT * FROM 'panel.parquet'\""
    )
}

#[derive(Subcommand)]
enum Command {
    /// Extract the facts of reports: files, directories (recursively) or standard input, in
    /// parallel, as a table, JSON Lines, CSV, XLSX or Parquet.
    #[command(after_help = "Examples:\n  \
        zhibiao extract report.txt                      a table on a terminal, JSON Lines when piped\n  \
        zhibiao extract corpus/ -o facts.xlsx           Excel: facts and documents sheets\n  \
        zhibiao extract corpus/ -f csv --bom -o facts.csv\n  \
        cat report.txt | zhibiao extract - | jq .value")]
    Extract(extract_cmd::BatchArgs),
    /// The documents table: one row per report (id, path, title, region, level, year, date,
    /// speaker, encoding, characters, facts, warnings).
    #[command(after_help = "Examples:\n  \
        zhibiao docs corpus/\n  \
        zhibiao docs corpus/ -o documents.csv")]
    Docs(extract_cmd::BatchArgs),
    /// Divide the plan of reports into tasks, as an office divides it (the draft 分工方案).
    #[command(after_help = "Examples:\n  \
        zhibiao tasks report-2026.txt\n  \
        zhibiao tasks report-2026.txt -o 分工方案.xlsx     the draft an office fills in")]
    Tasks(tasks_cmd::TasksArgs),
    /// Score the extraction (or the division into tasks) of one report against a gold file.
    #[command(after_help = "Examples:\n  \
        zhibiao eval --gold tests/data/gold/jiangmen-2023.jsonl tests/data/jiangmen-2023.txt\n  \
        zhibiao eval --gold gold.jsonl report.txt --json --min-f1 0.9")]
    Eval(eval_cmd::EvalArgs),
    /// Pair a year's targets with the outcomes the next year's report states, with verdicts
    /// (met, missed, not_reported).
    #[command(after_help = compare_help())]
    Compare(compare_cmd::CompareArgs),
    /// One row per region × year × indicator × measure over many reports, with a verdict where
    /// the next year's report is there.
    #[command(after_help = panel_help())]
    Panel(panel_cmd::PanelArgs),
    /// List the indicator registry.
    #[command(after_help = "Examples:\n  \
        zhibiao indicators\n  \
        zhibiao indicators -f csv > indicators.csv\n  \
        zhibiao indicators --registry my-indicators.toml")]
    Indicators(indicators_cmd::IndicatorsArgs),
    /// Serve the commitment tracker (web interface and JSON API) on one SQLite database.
    #[command(after_help = "Examples:\n  \
        zhibiao serve --db tracker.db                    then open http://127.0.0.1:8080\n  \
        zhibiao serve --db tracker.db --demo")]
    Serve(serve_cmd::ServeArgs),
    /// Import a report into the tracker's database: its plan becomes commitments.
    #[command(after_help = "Example:\n  zhibiao import report-2026.txt --db tracker.db")]
    Import(serve_cmd::ImportArgs),
    /// Manage the tracker's users.
    #[command(after_help = "Example:\n  \
        zhibiao user add 张三 --role editor --department 市发展改革局 --db tracker.db")]
    User(serve_cmd::UserArgs),
    /// Back up a tracker's database and evidence files into one file (while it serves).
    #[command(after_help = "Example:\n  zhibiao backup --db tracker.db tracker-2026-06-30.backup")]
    Backup(admin_cmd::BackupArgs),
    /// Make a new tracker database from a backup.
    #[command(after_help = "Example:\n  zhibiao restore tracker-2026-06-30.backup --db new.db")]
    Restore(admin_cmd::RestoreArgs),
    /// Check a tracker's audit log.
    #[command(after_help = "Example:\n  zhibiao audit verify --db tracker.db")]
    Audit(admin_cmd::AuditArgs),
    /// Move a PostgreSQL tracker's evidence files (kept in $ZHIBIAO_FILES before they went into
    /// the database) into its database.
    #[command(after_help = "Example:\n  \
        ZHIBIAO_FILES=/srv/zhibiao-files zhibiao evidence move-in --db postgres://zhibiao@db/zhibiao")]
    Evidence(admin_cmd::EvidenceArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell) on standard
    /// output.
    #[command(after_help = "Examples:\n  \
        zhibiao completions bash > ~/.local/share/bash-completion/completions/zhibiao\n  \
        zhibiao completions zsh > ~/.zfunc/_zhibiao        (with fpath+=~/.zfunc)\n  \
        zhibiao completions fish > ~/.config/fish/completions/zhibiao.fish")]
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff, section 1) on standard output.
    #[command(after_help = "Examples:\n  \
        zhibiao man | man -l -\n  \
        zhibiao man > /usr/local/share/man/man1/zhibiao.1")]
    Man,
    /// Print the help of zhibiao, or of a command (`zhibiao help compare`).
    #[command(
        after_help = "Examples:\n  zhibiao help\n  zhibiao help compare\n  zhibiao help user add"
    )]
    Help {
        /// The command (and subcommand) to explain.
        #[arg(value_name = "COMMAND")]
        command: Vec<String>,
    },
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let when = color::from_args(&args).unwrap_or_default();
    let matches = <Cli as clap::CommandFactory>::command()
        .color(color::clap_choice(when))
        .get_matches_from(args);
    let cli = match <Cli as clap::FromArgMatches>::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    color::set(cli.color);
    let result = match cli.command {
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "zhibiao", &mut io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => man(),
        Command::Help { command } => help(&command),
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
        Command::Evidence(args) => admin_cmd::evidence(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("zhibiao: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// `zhibiao man`: the manual page of zhibiao and, after it, one section per command.
fn man() -> Result<ExitCode> {
    let cmd = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut out)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        // Each command: its synopsis, options and examples, as a section of the page.
        let name = format!("zhibiao-{}", sub.get_name());
        let sub = sub
            .clone()
            .name(name.clone())
            .bin_name(format!("zhibiao {}", sub.get_name()));
        let man = clap_mangen::Man::new(sub);
        out.extend_from_slice(format!(".SH \"{}\"\n", name.to_uppercase()).as_bytes());
        man.render_synopsis_section(&mut out)?;
        man.render_description_section(&mut out)?;
        man.render_options_section(&mut out)?;
        man.render_extra_section(&mut out)?;
    }
    write_stdout(&out)
}

/// `zhibiao help [COMMAND...]`: the long help of zhibiao or of a command.
fn help(path: &[String]) -> Result<ExitCode> {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    cmd.build();
    let mut at = &mut cmd;
    for name in path {
        let Some(sub) = at.find_subcommand_mut(name) else {
            eprintln!("zhibiao: help: no command `{name}` (zhibiao help lists them)");
            return Ok(ExitCode::from(2));
        };
        at = sub;
    }
    let help = at.render_long_help();
    let text = if color::enabled(io::stdout().is_terminal()) {
        help.ansi().to_string()
    } else {
        help.to_string()
    };
    write_stdout(text.as_bytes())
}

/// Writes to standard output; a reader gone away (`| head`) is not an error.
fn write_stdout(bytes: &[u8]) -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
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
    read_and_extract_with(input, zhibiao_core::Registry::builtin())
}

/// [`read_and_extract`], naming indicators from `registry`.
pub fn read_and_extract_with(
    input: &Input,
    registry: &zhibiao_core::Registry,
) -> std::result::Result<(String, zhibiao_core::Extraction), String> {
    let loaded = load_with(input, &input.doc_id(), registry)?;
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
    load_with(input, doc_id, zhibiao_core::Registry::builtin())
}

/// [`load`], naming indicators from `registry` (`compare` and `panel --registry`).
pub fn load_with(
    input: &Input,
    doc_id: &str,
    registry: &zhibiao_core::Registry,
) -> std::result::Result<Loaded, String> {
    // Text, HTML, DOCX or PDF, told apart by content; the facts with their indicator ids, as
    // the Python package gets them (zhibiao_input::extract).
    let bytes = input.read_raw().map_err(|e| e.to_string())?;
    let loaded = zhibiao_input::extract_with(&bytes, &input.display(), doc_id, None, registry)
        .map_err(|e| e.to_string())?;
    Ok(Loaded {
        text: loaded.text,
        extraction: loaded.extraction,
        format: loaded.format.name(),
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
