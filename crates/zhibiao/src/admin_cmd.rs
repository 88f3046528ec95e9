//! `zhibiao backup`, `zhibiao restore`, `zhibiao audit verify` and `zhibiao evidence move-in`:
//! looking after a tracker's
//! database (crate `zhibiao-tracker`, module `maintenance`).

use anyhow::Result;
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zhibiao_tracker::maintenance::{self, AuditCheck};
use zhibiao_tracker::store::postgres::{is_url, redact};

#[derive(Args)]
pub struct BackupArgs {
    /// The tracker's database, a SQLite file or a postgres:// URL (it may be in use by
    /// `zhibiao serve`; a PostgreSQL tracker's evidence is in the database, or for evidence
    /// from before it went there, in $ZHIBIAO_FILES).
    #[arg(long)]
    db: String,
    /// The backup file to write: one SQLite file holding the database and its evidence files.
    out: PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// A file written by `zhibiao backup`.
    backup: PathBuf,
    /// The new database: a SQLite file that must not exist (evidence files go to NAME-files/
    /// beside it), or a postgres:// URL whose tracker tables are empty (evidence goes into
    /// the database).
    #[arg(long)]
    db: String,
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

#[derive(Args)]
pub struct EvidenceArgs {
    #[command(subcommand)]
    command: EvidenceCommand,
}

#[derive(Subcommand)]
enum EvidenceCommand {
    /// Move the evidence files of $ZHIBIAO_FILES (else ./zhibiao-files) that the database names
    /// into the database, each checked against its SHA-256, in one transaction; the files are
    /// removed once it committed. Run it once when upgrading a PostgreSQL tracker, with every
    /// `zhibiao serve` of it already upgraded (they read files not moved in yet meanwhile).
    MoveIn {
        /// The tracker's database: a postgres:// URL (a SQLite tracker keeps its files beside
        /// the database).
        #[arg(long)]
        db: String,
    },
}

pub fn evidence(args: EvidenceArgs) -> Result<ExitCode> {
    match args.command {
        EvidenceCommand::MoveIn { db } => {
            if !is_url(&db) {
                anyhow::bail!(
                    "{db}: a SQLite tracker keeps its evidence files beside the database; move-in is for a postgres:// URL"
                );
            }
            let files = zhibiao_tracker::Config::for_server().data_dir;
            let n = maintenance::move_evidence_in(&db, &files).map_err(|e| anyhow::anyhow!(e))?;
            println!(
                "{}: {n} evidence files moved into the database from {}",
                redact(&db),
                files.join("evidence").display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub fn backup(args: BackupArgs) -> Result<ExitCode> {
    let counts = if is_url(&args.db) {
        let files = zhibiao_tracker::Config::for_server().data_dir;
        maintenance::backup_postgres(&args.db, &files, &args.out)
    } else {
        maintenance::backup(Path::new(&args.db), &args.out)
    }
    .map_err(|e| anyhow::anyhow!(e))?;
    println!("{}: {counts}", args.out.display());
    Ok(ExitCode::SUCCESS)
}

pub fn restore(args: RestoreArgs) -> Result<ExitCode> {
    let counts = if is_url(&args.db) {
        maintenance::restore_postgres(&args.backup, &args.db)
    } else {
        maintenance::restore(&args.backup, Path::new(&args.db))
    }
    .map_err(|e| anyhow::anyhow!(e))?;
    println!("{}: restored {counts}", redact(&args.db));
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
