//! What the `zhibiao` binary's `serve`, `import` and `user add` sub-commands do, so that the
//! binary only parses its arguments.

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use crate::auth::{check_new_password, hash_password, PasswordCost};
use crate::service::import::{import_bytes, MAX_REPORT_BYTES};
use crate::store::postgres::redact;
use crate::store::{Actor, NewUser, Role, Store};
use crate::AppState;

pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Opens the database named by `db` (a SQLite file or a `postgres://` URL), the error naming it
/// (without its password).
fn open(db: &str) -> Result<AppState, Error> {
    Ok(crate::open_url(db).map_err(|e| format!("{}: {e}", redact(db)))?)
}

/// `zhibiao serve`: opens (creating and migrating) the database (a SQLite file or a
/// `postgres://` URL), optionally sets up the demo, and serves until Ctrl-C.
/// `secure_cookies` marks the cookies `Secure`, for a tracker served over HTTPS (by a proxy in
/// front of it).
pub fn serve(
    db: &str,
    addr: &str,
    demo: bool,
    secure_cookies: bool,
    smtp: Option<crate::mail::Smtp>,
) -> Result<(), Error> {
    let state = open(db)?;
    // Views may lag others' writes by up to a second (never one's own): see `freshness`.
    let state = AppState::new(
        state.store.clone(),
        crate::Config {
            view_lag: crate::SERVE_VIEW_LAG,
            secure_cookies,
            smtp,
            ..(*state.config).clone()
        },
    );
    let shown = redact(db);
    let numbered =
        crate::service::import::backfill_numbers(&*state.store, &Actor::system("zhibiao serve"))?;
    crate::service::import::backfill_outlines(&*state.store)?;
    if numbered > 0 {
        eprintln!(
            "zhibiao serve: {numbered} tasks imported before this version were given their 序号"
        );
    }
    if demo {
        let fresh = crate::demo::setup(&*state.store, state.config.password_cost)
            .map_err(|e| format!("demo: {}", e.message()))?;
        if !fresh {
            eprintln!("zhibiao serve: {shown} already has users; the demo data is not added again");
        }
    }
    // Asked here, not in the async block below: a store blocks, and the PostgreSQL one panics
    // when called on a thread that drives async tasks.
    let no_users = !demo && state.store.user_count()? == 0;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        let local = listener.local_addr()?;
        eprintln!(
            "zhibiao serve: http://{local}/ (database {shown}, evidence files in {})",
            state.config.data_dir.display()
        );
        if demo {
            eprint!("{}", crate::demo::instructions(&local.to_string()));
        } else if no_users {
            eprintln!(
                "zhibiao serve: no user yet: add one with `zhibiao user add NAME --role admin --db {shown}`"
            );
        }
        eprintln!("按 Ctrl-C 停止。");
        crate::serve(listener, state).await?;
        Ok::<(), Error>(())
    })
}

/// `zhibiao import FILE --db DB`: imports a report; returns a one-line summary.
pub fn import(file: &Path, db: &str) -> Result<String, Error> {
    let name = file.display().to_string();
    let meta = std::fs::metadata(file).map_err(|e| format!("{name}: {e}"))?;
    if meta.is_dir() {
        return Err(format!("{name}: is a directory").into());
    }
    if meta.len() > MAX_REPORT_BYTES as u64 {
        return Err(format!(
            "{name}: too large (the limit is {} MB)",
            MAX_REPORT_BYTES >> 20
        )
        .into());
    }
    let bytes = std::fs::read(file).map_err(|e| format!("{name}: {e}"))?;
    let state = open(db)?;
    let file_name = file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.clone());
    let done = import_bytes(
        &*state.store,
        &Actor::system("zhibiao import"),
        &bytes,
        &file_name,
    )
    .map_err(|e| format!("{name}: {e}"))?;
    let mut s = format!(
        "{name}: imported as report {} ({}年): {} commitments from {} facts",
        done.id, done.year, done.commitments, done.facts
    );
    if done.suggested > 0 {
        s.push_str(&format!(
            "; ratings suggested for {} commitments of {}",
            done.suggested,
            done.year - 1
        ));
    }
    Ok(s)
}

/// Reads a new password: twice without echo on a terminal, else the first line of standard
/// input.
pub fn read_password() -> Result<String, Error> {
    if std::io::stdin().is_terminal() {
        let a = rpassword::prompt_password("密码（至少 8 个字符）：")?;
        let b = rpassword::prompt_password("再输入一次：")?;
        if a != b {
            return Err("the two passwords differ".into());
        }
        Ok(a)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

/// `zhibiao user add NAME --role R [--department D] --db DB`: the department is made when it
/// does not exist yet. Returns a one-line summary.
pub fn add_user(
    db: &str,
    name: &str,
    role: &str,
    department: Option<&str>,
    password: &str,
) -> Result<String, Error> {
    let role = Role::parse(role).ok_or("the role is one of admin, editor, viewer")?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 50 {
        return Err("the user name must have 1 to 50 characters".into());
    }
    if role == Role::Editor && department.is_none() {
        return Err("an editor belongs to a department: give --department".into());
    }
    check_new_password(password).map_err(|e| e.message())?;
    let state = open(db)?;
    let store: &dyn Store = &*state.store;
    let actor = Actor::system("zhibiao user add");
    let mut note = String::new();
    let department_id = match department.map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => Some(
            match store.departments()?.into_iter().find(|x| x.name == d) {
                Some(x) => x.id,
                None => {
                    note = format!(" (department {d} created)");
                    store.create_department(&actor, d)?
                }
            },
        ),
    };
    let password_hash =
        hash_password(password, PasswordCost::default()).map_err(|e| e.message())?;
    store
        .create_user(
            &actor,
            &NewUser {
                name: name.to_string(),
                password_hash,
                role,
                department_id,
            },
        )
        .map_err(|e| match e {
            crate::store::StoreError::Duplicate => format!("user {name} exists already"),
            e => e.to_string(),
        })?;
    Ok(format!("user {name} added as {}{note}", role.key()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_and_user_add_work_on_a_new_database() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("x.db");
        let db = db.to_str().unwrap();
        let report = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/hailar-2015.txt");
        let out = import(&report, db).unwrap();
        assert!(out.contains("commitments"), "{out}");
        assert!(import(&report, db)
            .unwrap_err()
            .to_string()
            .contains("已导入过"));
        assert!(import(dir.path(), db).is_err());
        let out = add_user(db, "张三", "editor", Some("市财政局"), "password-123").unwrap();
        assert!(out.contains("created"), "{out}");
        assert!(add_user(db, "张三", "viewer", None, "password-123").is_err());
        assert!(add_user(db, "李四", "editor", None, "password-123").is_err());
        assert!(add_user(db, "李四", "root", None, "password-123").is_err());
        assert!(add_user(db, "李四", "viewer", None, "short").is_err());
    }

    /// The same on PostgreSQL (when ZHIBIAO_TEST_PG is set), and a password never shown.
    #[test]
    #[cfg_attr(zhibiao_no_pg, ignore = "needs PostgreSQL: set ZHIBIAO_TEST_PG")]
    fn import_and_user_add_work_on_postgres() {
        let url = crate::store::tests::pg_url();
        let schema = crate::store::tests::PgSchema::create(&url);
        let report = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/hailar-2015.txt");
        let out = import(&report, &schema.url).unwrap();
        assert!(out.contains("commitments"), "{out}");
        assert!(import(&report, &schema.url)
            .unwrap_err()
            .to_string()
            .contains("已导入过"));
        let out = add_user(
            &schema.url,
            "张三",
            "editor",
            Some("市财政局"),
            "password-123",
        )
        .unwrap();
        assert!(out.contains("created"), "{out}");
        assert!(add_user(&schema.url, "张三", "viewer", None, "password-123").is_err());
        let down = "postgres://u:sekrit@127.0.0.1:1/db?connect_timeout=2";
        let e = import(&report, down).unwrap_err().to_string();
        assert!(e.contains("cannot connect") && !e.contains("sekrit"), "{e}");
    }
}
