//! `zhibiao`: quantified outcomes and targets from Chinese government work reports.
//!
//! ```text
//! zhibiao extract FILE... [-f table|jsonl|csv] [-o OUT]
//! zhibiao eval --gold GOLD.jsonl REPORT [--json] [--min-f1 X]
//! ```
//!
//! Exit codes: 0 success (also for a report with no fact: a warning says so); 1 an input or the
//! output could not be read or written (each failing input gets one line on stderr, the
//! others still go through); 2 a usage error, or `eval --min-f1` not reached.

mod eval_cmd;
mod input;
mod output;

use anyhow::{Context, Result};
use clap::{Args, Parser, Subcommand};
use input::Input;
use output::{Emitter, Format};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "zhibiao",
    version,
    about = "Quantified outcomes and targets (指标) from Chinese government work reports",
    long_about = "Quantified outcomes and targets (指标) from Chinese government work reports.\n\n\
        Reads plain-text reports (UTF-8, UTF-16 with a byte-order mark, or GB18030/GBK, \
        detected from the content) and lists every quantified claim: what was achieved last \
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
    /// Extract the facts of one or more reports.
    Extract(ExtractArgs),
    /// Score the extraction of one report against a gold file.
    Eval(eval_cmd::EvalArgs),
}

#[derive(Args)]
struct ExtractArgs {
    /// Report files (plain text); `-` reads standard input. Each is read whole into memory
    /// (at most 1 GiB).
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,

    /// Output format [default: table on a terminal, else jsonl; with -o, csv for a .csv
    /// name, else jsonl]
    #[arg(short = 'f', long, value_enum)]
    format: Option<Format>,

    /// Write to OUT instead of standard output. OUT is replaced at once when done (written to
    /// a temporary file beside it, then renamed): when every input fails it is left untouched;
    /// when only some fail it holds the facts of the others (and the exit code is 1).
    #[arg(short = 'o', long, value_name = "OUT")]
    output: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract(args),
        Command::Eval(args) => eval_cmd::run(args),
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
    let bytes = input.read().map_err(|e| e.to_string())?;
    let decoded = zhibiao_core::decode::decode(&bytes).map_err(|e| e.to_string())?;
    drop(bytes);
    let extraction =
        zhibiao_core::extract::run(&input.doc_id(), &decoded.text, Some(decoded.encoding));
    let name = input.display();
    for w in &extraction.warnings {
        report(&name, &format_args!("warning: {w}"));
    }
    if extraction.facts.is_empty()
        && !extraction
            .warnings
            .iter()
            .any(|w| w.contains("no facts found"))
    {
        report(&name, &"warning: no facts found");
    }
    Ok((decoded.text, extraction))
}

/// Where `extract` writes: standard output, or a temporary file renamed to OUT at the end.
enum Sink {
    Stdout(io::BufWriter<io::StdoutLock<'static>>),
    File {
        out: PathBuf,
        temp: io::BufWriter<tempfile::NamedTempFile>,
    },
}

impl Sink {
    fn open(output: Option<&Path>) -> Result<Sink> {
        let Some(out) = output else {
            return Ok(Sink::Stdout(io::BufWriter::new(io::stdout().lock())));
        };
        let name = out.display();
        if out.is_dir() {
            anyhow::bail!("{name}: is a directory");
        }
        let dir = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".zhibiao-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // The umask applies, as for any new file (0644 usually), not tempfile's 0600.
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let temp = builder.tempfile_in(dir).map_err(|e| {
            let cause = match e.kind() {
                io::ErrorKind::NotFound => "no such directory".to_string(),
                io::ErrorKind::PermissionDenied => "permission denied".to_string(),
                _ => e.to_string(),
            };
            anyhow::anyhow!("{name}: cannot create output: {cause}")
        })?;
        Ok(Sink::File {
            out: out.to_path_buf(),
            temp: io::BufWriter::new(temp),
        })
    }

    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Sink::Stdout(w) => w,
            Sink::File { temp, .. } => temp,
        }
    }

    /// Renames the temporary file to OUT (when `keep`), or deletes it.
    fn finish(self, keep: bool) -> Result<()> {
        match self {
            Sink::Stdout(mut w) => Ok(w.flush()?),
            Sink::File { out, temp } => {
                let name = out.display();
                let temp = temp
                    .into_inner()
                    .map_err(|e| anyhow::anyhow!("{name}: cannot write: {}", e.error()))?;
                if keep {
                    temp.as_file()
                        .sync_all()
                        .with_context(|| format!("{name}: cannot write"))?;
                    temp.persist(&out)
                        .map_err(|e| anyhow::anyhow!("{name}: cannot write: {}", e.error))?;
                }
                // Otherwise dropping `temp` deletes it.
                Ok(())
            }
        }
    }
}

fn default_format(output: Option<&Path>) -> Format {
    match output {
        Some(out) => {
            let csv = out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
            if csv {
                Format::Csv
            } else {
                Format::Jsonl
            }
        }
        None if io::stdout().is_terminal() => Format::Table,
        None => Format::Jsonl,
    }
}

fn extract(args: ExtractArgs) -> Result<ExitCode> {
    let format = args
        .format
        .unwrap_or_else(|| default_format(args.output.as_deref()));
    if let Some(out) = &args.output {
        refuse_overwriting_an_input(out, &args.files)?;
    }
    let mut sink = Sink::open(args.output.as_deref())?;
    let mut emitter = Emitter::new(format, args.files.len() > 1);
    let (mut ok, mut failed) = (0usize, 0usize);
    let out_name = args
        .output
        .as_ref()
        .map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
    for path in &args.files {
        let input = Input::new(path);
        let name = input.display();
        let extraction = match read_and_extract(&input) {
            Ok((_, extraction)) => extraction,
            Err(cause) => {
                report(&name, &cause);
                failed += 1;
                continue;
            }
        };
        ok += 1;
        if let Err(e) = emitter.write(sink.writer(), &name, &extraction.facts) {
            return write_failed(e, &out_name, failed);
        }
    }
    if let Err(e) = emitter.finish(sink.writer()) {
        return write_failed(e, &out_name, failed);
    }
    sink.finish(ok > 0)?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `-o report.txt report.txt` would replace the report by its facts: refuse it.
fn refuse_overwriting_an_input(out: &Path, files: &[PathBuf]) -> Result<()> {
    let Ok(out_real) = out.canonicalize() else {
        return Ok(()); // OUT does not exist yet: it cannot be an input.
    };
    for file in files {
        if file.canonicalize().is_ok_and(|f| f == out_real) {
            anyhow::bail!(
                "{}: is also an input; refusing to overwrite it",
                out.display()
            );
        }
    }
    Ok(())
}

/// A write error ends the run: quietly when a reader of stdout went away (`| head`).
fn write_failed(e: io::Error, out_name: &str, failed: usize) -> Result<ExitCode> {
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Ok(if failed > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    Err(anyhow::anyhow!("{out_name}: cannot write: {e}"))
}
