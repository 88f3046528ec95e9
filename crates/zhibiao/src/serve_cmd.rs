//! `zhibiao serve`, `zhibiao import` and `zhibiao user add`: the tracker (crate
//! `zhibiao-tracker`) from the command line.

use anyhow::Result;
use clap::{Args, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ServeArgs {
    /// The tracker's database: SQLite file or postgres:// URL (created or migrated on start).
    /// Evidence files are kept beside a SQLite file in NAME-files/; with PostgreSQL, in
    /// $ZHIBIAO_FILES or ./zhibiao-files (shared storage when several servers share the
    /// database).
    #[arg(long, default_value = "zhibiao.db")]
    db: String,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: String,
    /// Import the bundled example report, make departments and demo users, and print how to
    /// log in (once: a database that has users is left as it is).
    #[arg(long)]
    demo: bool,
    /// Mark the session cookies `Secure` (sent over HTTPS only): for a tracker behind an HTTPS
    /// proxy.
    #[arg(long)]
    secure_cookies: bool,
    /// E-mail each 催办 to the department's users that have an address, through this SMTP
    /// relay (HOST:PORT, port 25 by default; plain SMTP, e.g. the intranet's mail server).
    #[arg(long, value_name = "HOST:PORT", requires = "mail_from")]
    smtp: Option<String>,
    /// The sender address of 催办 e-mail (with --smtp).
    #[arg(long, value_name = "ADDRESS")]
    mail_from: Option<String>,
}

#[derive(Args)]
pub struct ImportArgs {
    /// The report: text, HTML, DOCX or PDF (told by its content).
    file: PathBuf,
    /// The tracker's database: SQLite file or postgres:// URL.
    #[arg(long)]
    db: String,
}

#[derive(Args)]
pub struct UserArgs {
    #[command(subcommand)]
    command: UserCommand,
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user; the password is read from standard input (asked twice on a terminal).
    #[command(
        after_help = "Example:\n  zhibiao user add 张三 --role editor --department 市发展改革局 --db tracker.db\n  \
                           printf 'pw\\npw\\n' | zhibiao user add admin --role admin --db tracker.db"
    )]
    Add {
        /// The user's login name (any text, e.g. 张三); must not be taken.
        name: String,
        /// What the user may do: `admin` everything (users, departments, reports); `editor`
        /// records progress on the commitments of their own department; `viewer` reads
        /// everything.
        #[arg(long, value_enum)]
        role: RoleArg,
        /// The user's department (required for an editor; made when it does not exist).
        #[arg(long)]
        department: Option<String>,
        /// The tracker's database: SQLite file or postgres:// URL.
        #[arg(long)]
        db: String,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    /// Everything: users, departments, reports, commitments.
    Admin,
    /// Records progress on the commitments of their own department (--department).
    Editor,
    /// Reads everything.
    Viewer,
}

pub fn serve(args: ServeArgs) -> Result<ExitCode> {
    let smtp = match (&args.smtp, &args.mail_from) {
        (Some(relay), Some(from)) => {
            Some(zhibiao_tracker::mail::Smtp::parse(relay, from).map_err(|e| anyhow::anyhow!(e))?)
        }
        _ => None,
    };
    zhibiao_tracker::cli::serve(&args.db, &args.addr, args.demo, args.secure_cookies, smtp)
        .map_err(|e| anyhow::anyhow!(e))?;
    Ok(ExitCode::SUCCESS)
}

pub fn import(args: ImportArgs) -> Result<ExitCode> {
    let line =
        zhibiao_tracker::cli::import(&args.file, &args.db).map_err(|e| anyhow::anyhow!(e))?;
    println!("{line}");
    Ok(ExitCode::SUCCESS)
}

pub fn user(args: UserArgs) -> Result<ExitCode> {
    match args.command {
        UserCommand::Add {
            name,
            role,
            department,
            db,
        } => {
            let role = match role {
                RoleArg::Admin => "admin",
                RoleArg::Editor => "editor",
                RoleArg::Viewer => "viewer",
            };
            let password = zhibiao_tracker::cli::read_password().map_err(|e| anyhow::anyhow!(e))?;
            let line =
                zhibiao_tracker::cli::add_user(&db, &name, role, department.as_deref(), &password)
                    .map_err(|e| anyhow::anyhow!(e))?;
            println!("{line}");
            Ok(ExitCode::SUCCESS)
        }
    }
}
