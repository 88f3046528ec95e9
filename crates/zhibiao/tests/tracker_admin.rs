//! `zhibiao backup`, `zhibiao restore` and `zhibiao audit verify` on real tracker databases:
//! a round trip keeps every row and evidence file, a backup taken during writes is
//! consistent, and an edited or deleted audit entry is named.

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use zhibiao_tracker::store::sqlite::SqliteStore;
use zhibiao_tracker::store::{Actor, AuditStore, NewEvidence, NewUpdate, Store};
use zhibiao_tracker::util::sha256_hex;
use zhibiao_tracker::Config;

mod common;
use common::BIN;

fn zhibiao(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A tracker with the bundled report imported and `updates` updates, every third with an
/// evidence file written where the server would write it.
fn tracker(dir: &Path, updates: usize) -> PathBuf {
    let db = dir.join("t.db");
    common::import_report(db.to_str().unwrap());
    let store = SqliteStore::open(&db).unwrap();
    add_updates(&store, &db, updates, 0);
    db
}

fn add_updates(store: &dyn Store, db: &Path, n: usize, salt: usize) {
    let files = Config::for_db(db).data_dir.join("evidence");
    std::fs::create_dir_all(&files).unwrap();
    let ids = common::commitment_ids(store);
    let actor = Actor::system("test");
    for i in 0..n {
        let cid = ids[i % ids.len()];
        let version = store.commitment(cid).unwrap().version;
        let evidence = (i % 3 == 0).then(|| {
            let data = format!("佐证材料 {salt}-{i}\n").repeat(i + 1).into_bytes();
            let name = format!("{:016x}{:016x}", salt as u64 + 1, i as u64);
            std::fs::write(files.join(&name), &data).unwrap();
            NewEvidence {
                stored_name: name,
                file_name: format!("佐证{i}.pdf"),
                mime: "application/pdf".into(),
                size: data.len() as i64,
                sha256: sha256_hex(&data),
            }
        });
        store
            .add_update(
                &actor,
                cid,
                version,
                &NewUpdate {
                    date: "2023-06-30".into(),
                    value: None,
                    percent: Some((i % 100) as f64),
                    state: zhibiao_tracker::domain::State::InProgress,
                    narrative: format!("第{i}次进展"),
                    link: None,
                    evidence,
                },
            )
            .unwrap();
    }
}

/// Every row of the tables that a restore must bring back, as text, in id order.
fn dump(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut out = Vec::new();
    for table in [
        "departments",
        "users",
        "reports",
        "commitments",
        "commitment_departments",
        "targets",
        "updates",
        "evidence",
        "audit_log",
    ] {
        let mut st = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
            .unwrap();
        let cols = st.column_count();
        let rows = st
            .query_map([], |r| {
                let mut line = table.to_string();
                for i in 0..cols {
                    let v: rusqlite::types::Value = r.get(i)?;
                    line.push_str(&format!("|{v:?}"));
                }
                Ok(line)
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    out
}

fn evidence_files(db: &Path) -> Vec<(String, Vec<u8>)> {
    let dir = Config::for_db(db).data_dir.join("evidence");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn backup_and_restore_round_trip_every_row_and_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = tracker(dir.path(), 60);
    let out = dir.path().join("backup.zhibiao");
    let o = zhibiao(&[
        "backup",
        "--db",
        db.to_str().unwrap(),
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let line = String::from_utf8_lossy(&o.stdout);
    assert!(line.contains("60 updates, 20 evidence files"), "{line}");

    let restored = dir.path().join("restored/r.db");
    std::fs::create_dir_all(restored.parent().unwrap()).unwrap();
    let o = zhibiao(&[
        "restore",
        out.to_str().unwrap(),
        "--db",
        restored.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));

    let (a, b) = (dump(&db), dump(&restored));
    assert!(a.len() > 150, "{} rows", a.len());
    assert_eq!(a, b, "every row comes back");
    let files = evidence_files(&db);
    assert_eq!(files.len(), 20);
    assert_eq!(
        files,
        evidence_files(&restored),
        "every evidence file comes back"
    );

    // The restored tracker works: its audit log checks and it takes writes.
    let o = zhibiao(&["audit", "verify", "--db", restored.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let store = SqliteStore::open(&restored).unwrap();
    add_updates(&store, &restored, 3, 9);
    assert_eq!(store.verify_audit().unwrap(), None);

    // Restoring over an existing database is refused and changes nothing.
    let before = dump(&restored);
    let o = zhibiao(&[
        "restore",
        out.to_str().unwrap(),
        "--db",
        restored.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("exists"), "{}", stderr(&o));
    assert_eq!(before, dump(&restored));
}

#[test]
fn a_backup_taken_during_writes_is_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let db = tracker(dir.path(), 10);
    let writer_db = db.clone();
    let writer = std::thread::spawn(move || {
        let store = SqliteStore::open(&writer_db).unwrap();
        add_updates(&store, &writer_db, 300, 1);
    });
    let mut backups = Vec::new();
    for i in 0..5 {
        let out = dir.path().join(format!("b{i}.zhibiao"));
        let o = zhibiao(&[
            "backup",
            "--db",
            db.to_str().unwrap(),
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        backups.push(out);
    }
    writer.join().unwrap();
    for (i, b) in backups.iter().enumerate() {
        let r = dir.path().join(format!("r{i}/t.db"));
        std::fs::create_dir_all(r.parent().unwrap()).unwrap();
        let o = zhibiao(&["restore", b.to_str().unwrap(), "--db", r.to_str().unwrap()]);
        assert!(o.status.success(), "backup {i}: {}", stderr(&o));
        let conn = Connection::open(&r).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        // Every update of the snapshot has its audit entry: the snapshot is one transaction.
        let updates: i64 = conn
            .query_row("SELECT COUNT(*) FROM updates", [], |r| r.get(0))
            .unwrap();
        let audited: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM audit_log WHERE entity = 'update' OR action LIKE '%update%'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(updates >= 10 && audited >= updates, "{updates} / {audited}");
        let o = zhibiao(&["audit", "verify", "--db", r.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
}

#[test]
fn audit_verify_names_an_edited_or_deleted_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = tracker(dir.path(), 8);
    let o = zhibiao(&["audit", "verify", "--db", db.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("audit log intact: 9 entries"), "{out}");

    // The triggers refuse edits through SQL; a tamperer drops them first.
    let conn = Connection::open(&db).unwrap();
    assert!(conn
        .execute("UPDATE audit_log SET user_name = 'x' WHERE id = 3", [])
        .is_err());
    conn.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
        .unwrap();
    drop(conn); // checkpoints the WAL into the file that is copied below

    // Each tampering on a copy: the entry named is the edited one, or the one after a
    // deletion.
    for (name, sql, named) in [
        (
            "edited",
            "UPDATE audit_log SET after_json = replace(after_json, '第', '某') WHERE id = 4",
            "entry 4",
        ),
        ("deleted", "DELETE FROM audit_log WHERE id = 6", "entry 7"),
        ("first", "DELETE FROM audit_log WHERE id = 1", "entry 2"),
    ] {
        let copy = dir.path().join(format!("{name}.db"));
        std::fs::copy(&db, &copy).unwrap();
        Connection::open(&copy).unwrap().execute(sql, []).unwrap();
        let o = zhibiao(&["audit", "verify", "--db", copy.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert!(stderr(&o).contains(named), "{name}: {}", stderr(&o));
    }
}

#[test]
fn bad_inputs_get_one_line_and_leave_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let missing = d.join("missing.db");
    let not_db = d.join("notes.txt");
    std::fs::write(&not_db, "这不是数据库\n".repeat(100)).unwrap();
    let empty = d.join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let binary = d.join("binary.db");
    std::fs::write(
        &binary,
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let gb = d.join("gb.txt");
    std::fs::write(
        &gb,
        encoding_rs::GB18030
            .encode("政府工作报告\n".repeat(50).as_str())
            .0,
    )
    .unwrap();
    let (m, n, dd) = (
        missing.display().to_string(),
        not_db.display().to_string(),
        d.display().to_string(),
    );
    let (e, b, g) = (
        empty.display().to_string(),
        binary.display().to_string(),
        gb.display().to_string(),
    );
    let out = |name: &str| d.join(name).display().to_string();
    let cases: Vec<(Vec<String>, &str)> = [
        (["backup", "--db", &m, &out("o1")], "missing.db"),
        (["backup", "--db", &dd, &out("o2")], "directory"),
        (["backup", "--db", &n, &out("o3")], "notes.txt"),
        (["restore", &n, "--db", &out("r1.db")], "notes.txt"),
        (["restore", &m, "--db", &out("r2.db")], "missing.db"),
        (["audit", "verify", "--db", &m], "missing.db"),
        (["audit", "verify", "--db", &n], "notes.txt"),
        (["backup", "--db", &e, &out("o4")], "empty.db"),
        (["restore", &e, "--db", &out("r3.db")], "empty.db"),
        (["audit", "verify", "--db", &e], "empty.db"),
        (["backup", "--db", &b, &out("o5")], "binary.db"),
        (["restore", &b, "--db", &out("r4.db")], "binary.db"),
        (["audit", "verify", "--db", &b], "binary.db"),
        (["backup", "--db", &g, &out("o6")], "gb.txt"),
        (["restore", &g, "--db", &out("r5.db")], "gb.txt"),
        (["audit", "verify", "--db", &g], "gb.txt"),
    ]
    .into_iter()
    .map(|(args, names)| (args.iter().map(|a| a.to_string()).collect(), names))
    .collect();
    for (args, names) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = zhibiao(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(names), "{args:?}: {err}");
    }
    // Nothing half-written: only the two inputs are left.
    let mut left: Vec<String> = std::fs::read_dir(d)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["binary.db", "empty.db", "gb.txt", "notes.txt"]);
    // The failed audit verify of a missing file did not create it.
    assert!(!missing.exists());
}

/// `audit verify` on PostgreSQL (when `ZHIBIAO_TEST_PG` gives a server; `ZHIBIAO_REQUIRE_PG=1`
/// makes its absence a failure): intact after an import, then an edited entry is named.
#[test]
#[cfg_attr(zhibiao_no_pg, ignore = "needs PostgreSQL: set ZHIBIAO_TEST_PG")]
fn audit_verify_on_postgres() {
    let (mut admin, schema, url) = common::pg_schema("t_admin");
    common::import_report(&url);
    let o = zhibiao(&["audit", "verify", "--db", &url]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("audit log intact: 1 entries"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    admin
        .batch_execute(&format!(
            "SET search_path = {schema};
             ALTER TABLE audit_log DISABLE TRIGGER USER;
             UPDATE audit_log SET user_name = 'someone else' WHERE id = 1;"
        ))
        .unwrap();
    let o = zhibiao(&["audit", "verify", "--db", &url]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("entry 1"), "{}", stderr(&o));
    admin
        .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .unwrap();
}

/// A SQLite tracker's backup restored into PostgreSQL, that database backed up and restored
/// into SQLite again: every row and evidence file the same as at the start.
#[test]
#[cfg_attr(zhibiao_no_pg, ignore = "needs PostgreSQL: set ZHIBIAO_TEST_PG")]
fn backups_cross_between_sqlite_and_postgres() {
    let (mut pg, schema, url) = common::pg_schema("t_backup");
    let dir = tempfile::tempdir().unwrap();
    let db = tracker(dir.path(), 30);
    let pg_files = dir.path().join("pg-files");
    let run = |args: &[&str]| {
        let o = Command::new(BIN)
            .args(args)
            .env("ZHIBIAO_FILES", &pg_files)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let first = dir.path().join("first.zhibiao");
    run(&[
        "backup",
        "--db",
        db.to_str().unwrap(),
        first.to_str().unwrap(),
    ]);
    let line = run(&["restore", first.to_str().unwrap(), "--db", &url]);
    assert!(line.contains("30 updates, 10 evidence files"), "{line}");
    // The evidence went into the database, not into $ZHIBIAO_FILES.
    let in_db: i64 = pg
        .query_one(
            &format!(
                "SELECT COUNT(*) FROM {schema}.evidence_data d JOIN {schema}.evidence e ON e.id = d.evidence_id
                 WHERE length(d.data) = e.size"
            ),
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(in_db, 10);
    assert!(!pg_files.join("evidence").exists());
    run(&["audit", "verify", "--db", &url]);
    // A second restore into the same (now used) database is refused, changing nothing.
    let o = Command::new(BIN)
        .args(["restore", first.to_str().unwrap(), "--db", &url])
        .env("ZHIBIAO_FILES", &pg_files)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("already holds a tracker"),
        "{}",
        stderr(&o)
    );

    let second = dir.path().join("second.zhibiao");
    run(&["backup", "--db", &url, second.to_str().unwrap()]);
    let back = dir.path().join("back/t.db");
    std::fs::create_dir_all(back.parent().unwrap()).unwrap();
    run(&[
        "restore",
        second.to_str().unwrap(),
        "--db",
        back.to_str().unwrap(),
    ]);
    assert_eq!(
        dump(&db),
        dump(&back),
        "every row, through PostgreSQL and back"
    );
    assert_eq!(evidence_files(&db), evidence_files(&back));
    pg.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .unwrap();
}

/// A PostgreSQL tracker whose evidence files are in `$ZHIBIAO_FILES`, as every one kept them
/// before they went into the database: `zhibiao evidence move-in` puts them in, each checked (a
/// file that does not match stops it, nothing moved), and removes them; a backup then reads
/// the evidence from the database.
#[test]
#[cfg_attr(zhibiao_no_pg, ignore = "needs PostgreSQL: set ZHIBIAO_TEST_PG")]
fn evidence_files_move_into_postgres() {
    let (mut pg, schema, url) = common::pg_schema("t_movein");
    common::import_report(&url);
    let dir = tempfile::tempdir().unwrap();
    // add_updates writes the files where a SQLite tracker "x.db" keeps them: x-files/.
    let store = zhibiao_tracker::store::postgres::PgStore::open(&url).unwrap();
    add_updates(&store, &dir.path().join("x.db"), 30, 0);
    drop(store);
    let files = dir.path().join("x-files");
    let move_in = || {
        Command::new(BIN)
            .args(["evidence", "move-in", "--db", &url])
            .env("ZHIBIAO_FILES", &files)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let in_db = |pg: &mut postgres::Client| -> i64 {
        pg.query_one(&format!("SELECT COUNT(*) FROM {schema}.evidence_data"), &[])
            .unwrap()
            .get(0)
    };
    let count_files = || std::fs::read_dir(files.join("evidence")).unwrap().count();
    assert_eq!(count_files(), 10);

    // One file changed on disk: refused, nothing moved, every file left.
    let victim = std::fs::read_dir(files.join("evidence"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let original = std::fs::read(&victim).unwrap();
    std::fs::write(&victim, b"tampered").unwrap();
    let o = move_in();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("does not match"), "{}", stderr(&o));
    assert_eq!(in_db(&mut pg), 0);
    assert_eq!(count_files(), 10);

    std::fs::write(&victim, &original).unwrap();
    let o = move_in();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains(": 10 evidence files moved"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(in_db(&mut pg), 10);
    assert_eq!(count_files(), 0, "moved files are removed");
    let o = move_in();
    assert!(String::from_utf8_lossy(&o.stdout).contains(": 0 evidence files moved"));

    // A backup finds the evidence in the database.
    let out = dir.path().join("b.zhibiao");
    let o = Command::new(BIN)
        .args(["backup", "--db", &url, out.to_str().unwrap()])
        .env("ZHIBIAO_FILES", &files)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("30 updates, 10 evidence files"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let back = dir.path().join("back.db");
    let o = zhibiao(&[
        "restore",
        out.to_str().unwrap(),
        "--db",
        back.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(evidence_files(&back).len(), 10);
    pg.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .unwrap();
}
