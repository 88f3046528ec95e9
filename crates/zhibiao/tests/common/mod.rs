//! What the tracker tests of the `zhibiao` binary share: the binary, a server on a free port,
//! and a PostgreSQL schema of a test's own.

#![allow(dead_code)] // each test binary uses its own part

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_zhibiao");

pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The bundled example report.
pub fn report() -> PathBuf {
    repo().join("tests/data/jiangmen-2023.txt")
}

/// `zhibiao import` of the bundled report into `db` (a SQLite file or a URL).
pub fn import_report(db: &str) {
    let o = Command::new(BIN)
        .args(["import", report().to_str().unwrap(), "--db", db])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// `zhibiao serve` on `db` and a free port: the process and its address, once it listens.
pub fn start_server(db: &str) -> (Child, String) {
    start_server_with(db, &[])
}

/// [`start_server`] with more arguments for `zhibiao serve`.
pub fn start_server_with(db: &str, more: &[&str]) -> (Child, String) {
    let mut cmd = Command::new(BIN);
    cmd.args(["serve", "--db", db, "--addr", "127.0.0.1:0"])
        .args(more);
    start(&mut cmd)
}

/// Starts a `zhibiao serve` command (its arguments and environment set by the caller): the
/// process and its address, once it listens.
pub fn start(cmd: &mut Command) -> (Child, String) {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("the server exited before it listened")
            .unwrap();
        if let Some(rest) = line.strip_prefix("zhibiao serve: http://") {
            break rest.split('/').next().unwrap().to_string();
        }
    };
    // Keep reading its stderr so that it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    (child, addr)
}

/// A schema of the test's own on the server of `ZHIBIAO_TEST_PG`: a client connected to the
/// server, the schema's name and a URL whose connections use it. The tests that call it are
/// built ignored when the variable is unset (build.rs: cfg `zhibiao_no_pg`); run anyway
/// without it, they fail.
pub fn pg_schema(prefix: &str) -> (postgres::Client, String, String) {
    let base = match std::env::var("ZHIBIAO_TEST_PG") {
        Ok(url) if !url.trim().is_empty() => url.trim().to_string(),
        _ => panic!(
            "needs PostgreSQL: ZHIBIAO_TEST_PG is not set (scripts/pg-start.sh starts a server \
             and prints its URL)"
        ),
    };
    let schema = format!("{prefix}_{}", zhibiao_tracker::util::random_hex(6));
    let mut client = postgres::Client::connect(&base, postgres::NoTls).unwrap();
    client
        .batch_execute(&format!("CREATE SCHEMA {schema}"))
        .unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-csearch_path%3D{schema}");
    (client, schema, url)
}

/// The password of every user [`add_user`] makes.
pub const PASSWORD: &str = "password-123";

/// Adds a user of `role` (password [`PASSWORD`]) and gives them an API token, returned.
pub fn add_user(
    store: &dyn zhibiao_tracker::store::Store,
    name: &str,
    role: zhibiao_tracker::store::Role,
) -> String {
    use zhibiao_tracker::auth::{hash_password, new_token, PasswordCost};
    let actor = zhibiao_tracker::store::Actor::system("test");
    let id = store
        .create_user(
            &actor,
            &zhibiao_tracker::store::NewUser {
                name: name.into(),
                password_hash: hash_password(PASSWORD, PasswordCost::default()).unwrap(),
                role,
                department_id: None,
            },
        )
        .unwrap();
    let (token, hash) = new_token();
    store.set_token(&actor, id, Some(&hash)).unwrap();
    token
}

/// The ids of every commitment in a store.
pub fn commitment_ids(store: &dyn zhibiao_tracker::store::Store) -> Vec<i64> {
    store
        .commitments(&zhibiao_tracker::store::Filter::default())
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect()
}
