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
        /// The tracker's database: a SQLite file or a postgres:// URL.
        #[arg(long)]
        db: String,
    },
}

/// Backups of a shared PostgreSQL tracker are the database server's business.
fn not_postgres(db: &std::path::Path) -> Result<()> {
    if zhibiao_tracker::store::postgres::is_url(&db.to_string_lossy()) {
        anyhow::bail!(
            "{}: a PostgreSQL tracker is backed up with pg_dump (consistent while it serves) and its evidence directory ($ZHIBIAO_FILES) copied; `zhibiao backup` and `restore` work on SQLite files",
            zhibiao_tracker::store::postgres::redact(&db.to_string_lossy())
        );
    }
    Ok(())
}

pub fn backup(args: BackupArgs) -> Result<ExitCode> {
    not_postgres(&args.db)?;
    let counts = maintenance::backup(&args.db, &args.out).map_err(|e| anyhow::anyhow!(e))?;
    println!("{}: {counts}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

pub fn restore(args: RestoreArgs) -> Result<ExitCode> {
    not_postgres(&args.db)?;
    let counts = maintenance::restore(&args.backup, &args.db).map_err(|e| anyhow::anyhow!(e))?;
    println!("{}: restored {counts}", args.db.display());
    Ok(ExitCode::SUCCESS)
}

pub fn audit(args: AuditArgs) -> Result<ExitCode> {
    match args.command {
        AuditCommand::Verify { db } => {
            let check = if zhibiao_tracker::store::postgres::is_url(&db) {
                let shown = zhibiao_tracker::store::postgres::redact(&db);
                let store = zhibiao_tracker::store::postgres::PgStore::open(db.trim())
                    .map_err(|e| anyhow::anyhow!("{shown}: {e}"))?;
                maintenance::verify_store(&store).map_err(|e| anyhow::anyhow!("{shown}: {e}"))?
            } else {
                maintenance::verify_audit(std::path::Path::new(&db))
                    .map_err(|e| anyhow::anyhow!(e))?
            };
            let db = zhibiao_tracker::store::postgres::redact(&db);
            match check {
                AuditCheck::Intact { entries, head } => {
                    println!("{db}: audit log intact: {entries} entries, head {head}");
                    Ok(ExitCode::SUCCESS)
                }
                AuditCheck::Broken { id, why } => {
                    eprintln!("zhibiao: {db}: audit log broken at entry {id}: {why}");
                    Ok(ExitCode::from(1))
                }
            }
        }
    }
}
