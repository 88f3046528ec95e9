//! `zhibiao backup`, `zhibiao restore` and `zhibiao audit verify`: looking after a tracker's
//! database (crate `zhibiao-tracker`, module `maintenance`).

use anyhow::Result;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use zhibiao_tracker::maintenance::{self, AuditCheck};

#[derive(Args)]
pub struct BackupArgs {
    /// The tracker's SQLite database (it may be in use by `zhibiao serve`).
    #[arg(long)]
    db: PathBuf,
    /// The backup file to write: one SQLite file holding the database and its evidence files.
    out: PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// A file written by `zhibiao backup`.
    backup: PathBuf,
    /// The new database (must not exist); evidence files go to NAME-files/ beside it.
    #[arg(long)]
    db: PathBuf,
}

#[derive(Args)]
pub struct AuditArgs {
    #[command(subcommand)]
    command: AuditCommand,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the audit log's hash chain: exit 1 naming the first entry edited or deleted.
    Verify {
        /// The tracker's SQLite database.
        #[arg(long)]
        db: PathBuf,
    },
}

pub fn backup(args: BackupArgs) -> Result<ExitCode> {
    let counts = maintenance::backup(&args.db, &args.out).map_err(|e| anyhow::anyhow!(e))?;
    println!("{}: {counts}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

pub fn restore(args: RestoreArgs) -> Result<ExitCode> {
    let counts = maintenance::restore(&args.backup, &args.db).map_err(|e| anyhow::anyhow!(e))?;
    println!("{}: restored {counts}", args.db.display());
    Ok(ExitCode::SUCCESS)
}

pub fn audit(args: AuditArgs) -> Result<ExitCode> {
    match args.command {
        AuditCommand::Verify { db } => {
            match maintenance::verify_audit(&db).map_err(|e| anyhow::anyhow!(e))? {
                AuditCheck::Intact { entries, head } => {
                    println!(
                        "{}: audit log intact: {entries} entries, head {head}",
                        db.display()
                    );
                    Ok(ExitCode::SUCCESS)
                }
                AuditCheck::Broken { id, why } => {
                    eprintln!(
                        "zhibiao: {}: audit log broken at entry {id}: {why}",
                        db.display()
                    );
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}
