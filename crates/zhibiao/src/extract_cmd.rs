//! `zhibiao extract PATH... [-f table|jsonl|csv|xlsx|parquet] [-o OUT]`: the facts of many
//! reports, in parallel, into one output.

use crate::batch::{self, Done, Options, Render, Summary};
use crate::export::{self, ParquetOut, TextOut, XlsxOut, DOC_COLUMNS, FACT_COLUMNS};
use crate::output::{self, Format};
use anyhow::Result;
use clap::Args;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// The arguments of `extract` and `docs`.
#[derive(Args, Debug)]
pub struct BatchArgs {
    /// Reports: files, directories (walked recursively in name order; hidden files and
    /// directories skipped) or `-` for standard input. Each report is read whole into memory
    /// (at most 1 GiB).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output format [default: table on a terminal, else jsonl; with -o, by OUT's extension:
    /// .csv, .xlsx, .parquet, else jsonl]. xlsx and parquet need -o.
    #[arg(short = 'f', long, value_enum)]
    pub format: Option<Format>,

    /// Write to OUT instead of standard output. OUT is replaced at once when done (written to
    /// a temporary file beside it, then renamed): when every input fails, or the output cannot
    /// be written, it is left untouched; when only some inputs fail it holds the others (and
    /// the exit code is 1). With -f parquet, `extract` also writes the documents table to
    /// OUT's name with `.docs.parquet` (facts.parquet → facts.docs.parquet).
    #[arg(short = 'o', long, value_name = "OUT")]
    pub output: Option<PathBuf>,

    /// Start the CSV output with a UTF-8 byte-order mark, so that Excel reads it as UTF-8.
    #[arg(long)]
    pub bom: bool,

    /// Reports read at once, on this many threads [default: the number of cores]. The output
    /// is the same for any number.
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,

    /// No progress bar (it is shown only when standard error is a terminal anyway).
    #[arg(short = 'q', long)]
    pub quiet: bool,

    /// `extract` only: write only the targets, or only the outcomes (actual).
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,

    /// `extract` only: write only the facts of these indicators (ids of `zhibiao indicators`,
    /// e.g. gdp; several: --indicator gdp,cpi or --indicator gdp --indicator cpi).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub indicator: Vec<String>,

    /// `extract` only: write only the facts of the year's main-targets passage
    /// (今年经济社会发展的主要预期目标是：…), as `zhibiao tasks` finds it; a report without one
    /// gives no facts and a warning.
    #[arg(long)]
    pub main: bool,

    /// The region of every report read, for reports whose header names none (or names it
    /// wrong): it replaces the region read (a warning says so).
    #[arg(long, value_name = "NAME")]
    pub region: Option<String>,

    /// The year every report read plans for, for reports whose header names none (or names it
    /// wrong): the periods of the facts move with it (a fact of 过去一年 is of YEAR−1).
    #[arg(long, value_name = "YEAR", value_parser = clap::value_parser!(i32).range(1949..=2100))]
    pub year: Option<i32>,
}

/// A kind of fact, for `--kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    /// What the report targets (目标).
    Target,
    /// What was achieved (outcomes).
    Actual,
}

impl BatchArgs {
    /// The format asked for, or the default; an error (exit code 2) for a binary format with no
    /// -o, or --bom with a format other than CSV.
    pub fn format(&self, command: &str) -> std::result::Result<Format, String> {
        let default = match &self.output {
            None if io::stdout().is_terminal() => Format::Table,
            _ => Format::Jsonl,
        };
        self.check_filters(command)?;
        let format = output::choose_format(command, self.format, self.output.as_deref(), default)?;
        if format.is_binary() && self.output.is_none() {
            let name = if format == Format::Xlsx {
                "xlsx"
            } else {
                "parquet"
            };
            return Err(format!(
                "-f {name} writes a binary file: name it with -o OUT (e.g. -o facts.{name}); \
                 it is not written to standard output"
            ));
        }
        if self.bom && format != Format::Csv {
            return Err("--bom applies to CSV output only (-f csv)".into());
        }
        Ok(format)
    }

    pub fn options(&self) -> Options {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Options {
            jobs: self.jobs.map_or(cores, usize::from),
            progress: !self.quiet,
            keep: self.keep(),
            main: self.main,
            given: (self.region.is_some() || self.year.is_some()).then(|| {
                std::sync::Arc::new(zhibiao_core::document::Given {
                    region: self.region.clone(),
                    year: self.year,
                })
            }),
            summaries: false,
        }
    }

    /// The filter of --kind and --indicator, if any.
    fn keep(&self) -> Option<batch::Keep> {
        if self.kind.is_none() && self.indicator.is_empty() {
            return None;
        }
        let kind = self.kind.map(|k| match k {
            KindArg::Target => zhibiao_core::Kind::Target,
            KindArg::Actual => zhibiao_core::Kind::Actual,
        });
        let ids = self.indicator.clone();
        Some(Arc::new(move |f: &zhibiao_core::Fact| {
            kind.is_none_or(|k| f.kind == k)
                && (ids.is_empty() || f.indicator.as_ref().is_some_and(|i| ids.contains(i)))
        }))
    }

    /// Refuses the filters for `docs`, and indicator ids the registry does not know.
    fn check_filters(&self, command: &str) -> std::result::Result<(), String> {
        if command != "extract" && (self.kind.is_some() || !self.indicator.is_empty() || self.main)
        {
            return Err(format!(
                "{command}: --kind, --indicator and --main apply to extract only"
            ));
        }
        let registry = zhibiao_core::Registry::builtin();
        for id in &self.indicator {
            if registry.get(id).is_none() {
                return Err(format!(
                    "--indicator {id}: no such indicator (zhibiao indicators lists them)"
                ));
            }
        }
        Ok(())
    }
}

/// Prints a usage error and returns exit code 2.
pub fn usage_error(message: &str) -> ExitCode {
    eprintln!("zhibiao: {message}");
    ExitCode::from(2)
}

pub fn run(args: BatchArgs) -> Result<ExitCode> {
    let format = match args.format("extract") {
        Ok(f) => f,
        Err(message) => return Ok(usage_error(&message)),
    };
    let mut outputs: Vec<PathBuf> = args.output.iter().cloned().collect();
    // The documents table goes beside a regular OUT; none beside a device or a FIFO.
    let docs_beside = |out: &Path| export::Target::of(out).is_replaced();
    if let (Format::Parquet, Some(out)) = (format, &args.output) {
        if docs_beside(out) {
            outputs.push(export::docs_parquet_path(out));
        } else {
            eprintln!(
                "zhibiao: {}: not a regular file: the documents table (.docs.parquet) is not written",
                out.display()
            );
        }
    }
    refuse_overwriting_an_input(&outputs, &args.paths)?;
    let sources = batch::collect(&args.paths, &outputs);
    let several = sources.len() > 1;
    let mut opts = args.options();
    // A line per report on a terminal: in the table itself, else on standard error.
    opts.summaries = format != Format::Table;
    let out = args.output.as_deref();
    match format {
        Format::Table | Format::Jsonl | Format::Csv => {
            let mut text = TextOut::open(out)?;
            let name = text.name();
            if format == Format::Csv {
                let header = output::csv_header(&FACT_COLUMNS, args.bom);
                if let Err(e) = text.write_all(&header) {
                    return finish_text(text, e, &name, 0);
                }
            }
            let render: Arc<Render> = Arc::new(move |d: &Done| {
                output::render_facts(format, several, &d.name, &d.facts, &d.doc)
            });
            let summary = batch::run(sources, &opts, render, |d| {
                text.write_all(&d.rendered).map_err(anyhow::Error::from)
            });
            end_text(text, summary, &name)
        }
        Format::Xlsx => {
            let out = out.expect("checked by format()");
            let mut x = XlsxOut::create(
                out,
                &[("facts", &FACT_COLUMNS), ("documents", &DOC_COLUMNS)],
            )?;
            let summary = batch::run(sources, &opts, no_render(), |d| {
                for f in &d.facts {
                    x.write_row(0, &export::fact_values(f, &d.doc))?;
                }
                x.write_row(1, &export::doc_values(&d.doc))
            });
            let keep = summary.error.is_none() && summary.ok > 0;
            let code = exit_code(&summary)?;
            x.finish(keep)?;
            Ok(code)
        }
        Format::Parquet => {
            let out = out.expect("checked by format()");
            let mut facts = ParquetOut::create(out, &FACT_COLUMNS)?;
            let mut docs = match outputs.get(1) {
                Some(path) => Some(ParquetOut::create(path, &DOC_COLUMNS)?),
                None => None,
            };
            let summary = batch::run(sources, &opts, no_render(), |d| {
                for f in &d.facts {
                    facts.write_row(&export::fact_values(f, &d.doc))?;
                }
                match docs.as_mut() {
                    Some(docs) => docs.write_row(&export::doc_values(&d.doc)),
                    None => Ok(()),
                }
            });
            let keep = summary.error.is_none() && summary.ok > 0;
            let code = exit_code(&summary)?;
            if keep {
                // Both complete before either is renamed; the documents first, so that when
                // OUT is there, so is its documents file.
                let docs = docs.map(ParquetOut::close).transpose()?;
                let facts = facts.close()?;
                if let Some(docs) = docs {
                    docs.commit()?;
                }
                facts.commit()?;
            }
            Ok(code)
        }
    }
}

/// Workers render nothing for a binary format: the sink writes the rows itself.
pub fn no_render() -> Arc<Render> {
    Arc::new(|_: &Done| Vec::new())
}

/// Exit code 1 when an input failed, else 0; the sink's error, if any.
pub fn exit_code(summary: &Summary) -> Result<ExitCode> {
    if let Some(e) = &summary.error {
        return Err(anyhow::anyhow!("{e:#}"));
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Ends a text output: renamed to OUT when some input went through; a closed standard output
/// (`| head`) ends the run quietly.
pub fn end_text(text: TextOut, summary: Summary, name: &str) -> Result<ExitCode> {
    if let Some(e) = summary.error {
        let io = e.downcast::<io::Error>();
        return match io {
            Ok(io) => finish_text(text, io, name, summary.failed),
            Err(e) => Err(e),
        };
    }
    text.finish(summary.ok > 0)
        .map_err(|e| anyhow::anyhow!("{name}: cannot write: {e}"))?;
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A write error ends the run: quietly when a reader of stdout went away (`| head`); else the
/// temporary file is deleted (OUT untouched) and the error names OUT.
fn finish_text(text: TextOut, e: io::Error, name: &str, failed: usize) -> Result<ExitCode> {
    drop(text);
    if e.kind() == io::ErrorKind::BrokenPipe {
        return Ok(if failed > 0 {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        });
    }
    Err(anyhow::anyhow!("{name}: cannot write: {e}"))
}

/// `-o report.txt report.txt` would replace the report by its facts: refuse it. (Outputs met
/// while walking a directory are skipped instead, by `batch::collect`.)
pub fn refuse_overwriting_an_input(outs: &[PathBuf], paths: &[PathBuf]) -> Result<()> {
    for out in outs {
        let Ok(out_real) = out.canonicalize() else {
            continue; // OUT does not exist yet: it cannot be an input.
        };
        for path in paths {
            if !Path::new(path).is_dir() && path.canonicalize().is_ok_and(|f| f == out_real) {
                anyhow::bail!(
                    "{}: is also an input; refusing to overwrite it",
                    out.display()
                );
            }
        }
    }
    Ok(())
}
