//! `zhibiao indicators`: the indicator registry, built in or extended by `--registry FILE`.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};
use zhibiao_core::indicator::{Direction, Indicator, Registry};

use crate::output::snake;

#[derive(Args)]
pub struct IndicatorsArgs {
    /// A registry file (TOML, as crates/zhibiao-core/data/indicators.toml) whose indicators
    /// are added to the built-in ones (an id already known replaces it).
    #[arg(long, value_name = "FILE")]
    pub registry: Option<PathBuf>,

    /// Output format [default: table on a terminal, else jsonl]
    #[arg(short = 'f', long, value_enum)]
    pub format: Option<ListFormat>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Jsonl,
    Csv,
}

/// The built-in registry, extended by the user's file when one is given. Errors name the file
/// and the line.
pub fn load_registry(path: Option<&PathBuf>) -> Result<Registry> {
    let mut reg = Registry::builtin().clone();
    if let Some(p) = path {
        let name = p.display();
        let text = crate::input::Input::new(p)
            .read()
            .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        let text =
            String::from_utf8(text).map_err(|_| anyhow::anyhow!("{name}: not UTF-8 text"))?;
        let user = Registry::parse(&text).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        reg.extend(user)
            .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    }
    Ok(reg)
}

pub fn run(args: IndicatorsArgs) -> Result<ExitCode> {
    let reg = load_registry(args.registry.as_ref())?;
    let format = args.format.unwrap_or(if io::stdout().is_terminal() {
        ListFormat::Table
    } else {
        ListFormat::Jsonl
    });
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = match format {
        ListFormat::Jsonl => reg.indicators().iter().try_for_each(|i| {
            serde_json::to_writer(&mut out, i).map_err(io::Error::from)?;
            writeln!(out)
        }),
        ListFormat::Csv => write_csv(&mut out, reg.indicators()),
        ListFormat::Table => reg.indicators().iter().try_for_each(|i| {
            let dir = match i.direction {
                Direction::Up => "↑",
                Direction::Down => "↓",
            };
            writeln!(
                out,
                "{:<40} {dir} {}  [{}]  {}",
                i.id,
                i.name,
                measures(i),
                i.aliases.join("、")
            )
        }),
    };
    match written.and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e.into()),
    }
}

fn measures(i: &Indicator) -> String {
    i.measures.iter().map(snake).collect::<Vec<_>>().join(",")
}

fn write_csv(out: &mut dyn Write, inds: &[Indicator]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "id",
        "name",
        "english",
        "direction",
        "measures",
        "aliases",
        "renames",
    ])?;
    for i in inds {
        let renames: Vec<String> = i
            .renames
            .iter()
            .map(|r| format!("{}→{} ({})", r.old, r.new, r.year))
            .collect();
        w.write_record([
            i.id.as_str(),
            &i.name,
            &i.english,
            &snake(&i.direction),
            &measures(i),
            &i.aliases.join("|"),
            &renames.join("|"),
        ])?;
    }
    w.flush()
}
