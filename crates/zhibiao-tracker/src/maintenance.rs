//! Backup, restore and the audit check of a SQLite tracker: `zhibiao backup`, `zhibiao restore`,
//! `zhibiao audit verify`.
//!
//! A backup is one SQLite file: a consistent copy of the database (`VACUUM INTO`, which reads
//! in one transaction, so the server may keep writing meanwhile) with every evidence file the
//! copy refers to stored inside it, in the table `backup_files`, with its SHA-256, and a
//! `backup_manifest` saying when and from what it was made. Evidence files are written once
//! under random names and never changed, so reading them after the snapshot is consistent with
//! it; a file the snapshot names but that is gone fails the backup.
//!
//! Restore checks every file's hash, writes the files to the new database's `NAME-files/`,
//! drops the backup tables, checks the database (`integrity_check`, foreign keys, the audit
//! chain) and only then renames it into place: a failed restore leaves nothing behind.

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};

use crate::store::postgres::PgStore;
use crate::store::sql::copy::{copy_tracker, holds_evidence};
use crate::store::sqlite::SqliteStore;
use crate::store::{AuditStore, Store, StoreError};
use crate::util::{now, random_hex, sha256_hex};
use crate::Config;

pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// What a backup or a restore copied.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub reports: i64,
    pub commitments: i64,
    pub updates: i64,
    pub evidence_files: i64,
    pub evidence_bytes: i64,
    pub audit_entries: i64,
    pub users: i64,
}

impl std::fmt::Display for Counts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} reports, {} commitments, {} updates, {} evidence files ({} bytes), {} audit entries, {} users",
            self.reports,
            self.commitments,
            self.updates,
            self.evidence_files,
            self.evidence_bytes,
            self.audit_entries,
            self.users
        )
    }
}

fn count(conn: &Connection, table: &str) -> rusqlite::Result<i64> {
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
}

fn counts(conn: &Connection) -> rusqlite::Result<Counts> {
    Ok(Counts {
        reports: count(conn, "reports")?,
        commitments: count(conn, "commitments")?,
        updates: count(conn, "updates")?,
        evidence_files: count(conn, "evidence")?,
        evidence_bytes: conn.query_row("SELECT COALESCE(SUM(size), 0) FROM evidence", [], |r| {
            r.get(0)
        })?,
        audit_entries: count(conn, "audit_log")?,
        users: count(conn, "users")?,
    })
}

/// `NAME.tmp-RANDOM` beside `path`: written first, renamed to `path` when complete.
fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "zhibiao".into());
    path.with_file_name(format!(".{name}.tmp-{}", random_hex(6)))
}

/// Removes a SQLite file and its WAL companions.
fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

fn open_existing(db: &Path) -> Result<Connection, Error> {
    match std::fs::metadata(db) {
        Err(e) => return Err(format!("{}: {e}", db.display()).into()),
        Ok(m) if m.is_dir() => return Err(format!("{}: is a directory", db.display()).into()),
        Ok(_) => {}
    }
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_WRITE)
        .map_err(|e| format!("{}: {e}", db.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    let tracker: Option<String> = conn
        .query_row(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| format!("{}: not a SQLite database ({e})", db.display()))?;
    if tracker.is_none() {
        return Err(format!("{}: not a zhibiao tracker database", db.display()).into());
    }
    Ok(conn)
}

/// `zhibiao backup --db DB OUT`: a consistent copy of the database and its evidence files in
/// one file, written beside OUT and renamed to it when complete.
pub fn backup(db: &Path, out: &Path) -> Result<Counts, Error> {
    let src = open_existing(db)?;
    let files = Config::for_db(db).data_dir.join("evidence");
    backup_with(out, &files, db.display().to_string(), |tmp| {
        src.execute("VACUUM INTO ?1", [tmp.to_string_lossy()])
            .map_err(|e| format!("{}: cannot write: {e}", out.display()))?;
        Ok(())
    })
}

/// `zhibiao backup --db postgres://… OUT`: the same one-file backup of a PostgreSQL tracker,
/// read in one REPEATABLE READ transaction (a consistent snapshot while it serves), with the
/// evidence files of `files` (`$ZHIBIAO_FILES`). It restores into SQLite or PostgreSQL. The
/// rows go through the stores (`store::sql::copy`): the SQLite schema, made by the store's own
/// migrations, receives them.
pub fn backup_postgres(url: &str, files: &Path, out: &Path) -> Result<Counts, Error> {
    let shown = crate::store::postgres::redact(url);
    let pg = PgStore::open(url.trim()).map_err(|e| format!("{shown}: {e}"))?;
    backup_with(out, &files.join("evidence"), shown.clone(), |tmp| {
        let lite = SqliteStore::open(tmp)?;
        copy_tracker(&pg, &lite, None).map_err(|e| format!("{shown}: {e}"))?;
        Ok(())
    })
}

/// Writes a backup to OUT: `snapshot` fills a new SQLite file with the database's rows, then
/// the evidence files under `files` that it names go in, with the manifest; renamed to OUT
/// when complete, removed on any failure.
fn backup_with(
    out: &Path,
    files: &Path,
    source: String,
    snapshot: impl FnOnce(&Path) -> Result<(), Error>,
) -> Result<Counts, Error> {
    if out.exists() {
        return Err(format!("{}: exists; give a new file name", out.display()).into());
    }
    let tmp = temp_beside(out);
    let result = (|| -> Result<Counts, Error> {
        snapshot(&tmp)?;
        let mut copy = Connection::open(&tmp)?;
        let tx = copy.transaction()?;
        tx.execute_batch(
            "CREATE TABLE backup_manifest (key TEXT PRIMARY KEY, value TEXT NOT NULL);
             CREATE TABLE backup_files (stored_name TEXT PRIMARY KEY, sha256 TEXT NOT NULL, data BLOB NOT NULL);",
        )?;
        // Evidence in the database (a PostgreSQL tracker's) or in the files directory, all of
        // it into backup_files: a backup holds its files one way, whatever the source.
        let evidence: Vec<(i64, String, String, i64)> = {
            let mut st =
                tx.prepare("SELECT id, stored_name, sha256, size FROM evidence ORDER BY id")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (id, name, sha, size) in &evidence {
            let kept: Option<Vec<u8>> = tx
                .query_row(
                    "SELECT data FROM evidence_data WHERE evidence_id = ?1",
                    [id],
                    |r| r.get(0),
                )
                .optional()?;
            let (data, place) = match kept {
                Some(data) => (data, format!("evidence {id} (in the database)")),
                None => {
                    let path = files.join(name);
                    let data = std::fs::read(&path).map_err(|e| {
                        format!("evidence file {} (of the database): {e}", path.display())
                    })?;
                    (data, format!("evidence file {}", path.display()))
                }
            };
            if data.len() as i64 != *size || sha256_hex(&data) != *sha {
                return Err(format!(
                    "{place}: its content does not match the database (size or SHA-256)"
                )
                .into());
            }
            tx.execute(
                "INSERT INTO backup_files (stored_name, sha256, data) VALUES (?1, ?2, ?3)",
                params![name, sha, data],
            )?;
        }
        tx.execute("DELETE FROM evidence_data", [])?;
        let c = counts(&tx)?;
        for (k, v) in [
            ("format", "zhibiao-backup-1".to_string()),
            ("created_at", now().to_string()),
            ("source", source),
            ("zhibiao", env!("CARGO_PKG_VERSION").to_string()),
            ("counts", c.to_string()),
        ] {
            tx.execute(
                "INSERT INTO backup_manifest (key, value) VALUES (?1, ?2)",
                params![k, v],
            )?;
        }
        tx.commit()?;
        copy.pragma_update(None, "journal_mode", "DELETE")?;
        drop(copy);
        std::fs::rename(&tmp, out).map_err(|e| format!("{}: {e}", out.display()))?;
        Ok(c)
    })();
    remove_db(&tmp);
    result
}

/// `zhibiao restore BACKUP --db DB`: a new database (and its `NAME-files/`) from a backup.
/// Refuses to overwrite an existing database.
pub fn restore(backup: &Path, db: &Path) -> Result<Counts, Error> {
    let bk = backup.display();
    match std::fs::metadata(backup) {
        Err(e) => return Err(format!("{bk}: {e}").into()),
        Ok(m) if m.is_dir() => return Err(format!("{bk}: is a directory").into()),
        Ok(_) => {}
    }
    if db.exists() {
        return Err(format!(
            "{}: exists; restore into a new file (nothing was changed)",
            db.display()
        )
        .into());
    }
    let tmp = temp_beside(db);
    let files = Config::for_db(db).data_dir.join("evidence");
    let mut written: Vec<PathBuf> = Vec::new();
    let result = (|| -> Result<Counts, Error> {
        std::fs::copy(backup, &tmp).map_err(|e| format!("{bk}: {e}"))?;
        let conn = Connection::open(&tmp)?;
        let format: Option<String> = conn
            .query_row(
                "SELECT value FROM backup_manifest WHERE key = 'format'",
                [],
                |r| r.get(0),
            )
            .optional()
            .map_err(|_| format!("{bk}: not a zhibiao backup"))?;
        if format.as_deref() != Some("zhibiao-backup-1") {
            return Err(format!("{bk}: not a zhibiao backup (unknown format)").into());
        }
        let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(format!("{bk}: damaged: {check}").into());
        }
        std::fs::create_dir_all(&files).map_err(|e| format!("{}: {e}", files.display()))?;
        {
            let mut st = conn.prepare(
                "SELECT b.stored_name, b.sha256, b.data, e.sha256 FROM evidence e
                 LEFT JOIN backup_files b ON b.stored_name = e.stored_name ORDER BY e.id",
            )?;
            let mut rows = st.query([])?;
            while let Some(r) = rows.next()? {
                let name: Option<String> = r.get(0)?;
                let expected: String = r.get(3)?;
                let Some(name) = name else {
                    return Err(format!("{bk}: an evidence file is missing from the backup").into());
                };
                let data: Vec<u8> = r.get(2)?;
                if !name.bytes().all(|b| b.is_ascii_hexdigit())
                    || sha256_hex(&data) != expected
                    || r.get::<_, String>(1)? != expected
                {
                    return Err(format!("{bk}: evidence file {name} is damaged").into());
                }
                let path = files.join(&name);
                if path.exists() {
                    return Err(format!("{}: exists", path.display()).into());
                }
                std::fs::write(&path, &data).map_err(|e| format!("{}: {e}", path.display()))?;
                written.push(path);
            }
        }
        conn.execute_batch("DROP TABLE backup_files; DROP TABLE backup_manifest;")?;
        conn.execute_batch("VACUUM")?;
        let fk: Option<String> = conn
            .query_row("PRAGMA foreign_key_check", [], |r| r.get(0))
            .optional()?;
        if let Some(table) = fk {
            return Err(format!("{bk}: a row of {table} refers to a missing row").into());
        }
        let c = counts(&conn)?;
        drop(conn);
        // Through the store: migrations of a backup made by an older version, and the chain.
        let store = SqliteStore::open(&tmp)?;
        if let Some(id) = store.verify_audit()? {
            return Err(format!("{bk}: audit entry {id} does not match the chain").into());
        }
        drop(store);
        std::fs::rename(&tmp, db).map_err(|e| format!("{}: {e}", db.display()))?;
        Ok(c)
    })();
    if result.is_err() {
        remove_db(&tmp);
        for p in written {
            let _ = std::fs::remove_file(p);
        }
    } else {
        // The store left WAL companions under the temporary name.
        remove_db(&tmp);
    }
    result
}

/// `zhibiao restore BACKUP --db postgres://…`: a backup (of either backend) into a
/// PostgreSQL database whose tracker tables are empty (they are made if missing), the evidence
/// files into the database. Checked as a SQLite restore is (hashes, integrity, the audit
/// chain), then copied in one transaction: all or nothing.
pub fn restore_postgres(backup: &Path, url: &str) -> Result<Counts, Error> {
    let shown = crate::store::postgres::redact(url);
    let work = std::env::temp_dir().join(format!("zhibiao-restore-{}", random_hex(8)));
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let result = (|| -> Result<Counts, Error> {
        let lite = work.join("restore.db");
        let counts = restore(backup, &lite)?;
        let files = Config::for_db(&lite).data_dir.join("evidence");
        let pg = PgStore::open(url.trim()).map_err(|e| format!("{shown}: {e}"))?;
        // One transaction, which checks that the tracker is empty.
        let from = SqliteStore::open(&lite)?;
        copy_tracker(&from, &pg, Some(&files)).map_err(|e| format!("{shown}: {e}"))?;
        drop(from);
        if let Some(id) = pg.verify_audit()? {
            return Err(format!(
                "{shown}: audit entry {id} does not match the chain after the restore"
            )
            .into());
        }
        Ok(counts)
    })();
    let _ = std::fs::remove_dir_all(&work);
    result
}

/// `zhibiao evidence move-in --db postgres://…`: the evidence files of a tracker that kept
/// them in a files directory (`$ZHIBIAO_FILES`, as every PostgreSQL tracker did before they
/// went into the database) moved into the database, each checked against its SHA-256, in one
/// transaction; the files are removed after it committed. How many moved.
pub fn move_evidence_in(url: &str, files: &Path) -> Result<usize, Error> {
    let shown = crate::store::postgres::redact(url);
    let pg = PgStore::open(url.trim()).map_err(|e| format!("{shown}: {e}"))?;
    let dir = files.join("evidence");
    let before: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    let n = crate::store::sql::copy::move_evidence_in(&pg, &dir)
        .map_err(|e| format!("{shown}: {e}"))?;
    // Only files the database now holds are removed: one it does not name stays.
    for name in before {
        if name.bytes().all(|b| b.is_ascii_hexdigit()) && holds_evidence(&pg, &name)? {
            let _ = std::fs::remove_file(dir.join(&name));
        }
    }
    Ok(n)
}

/// The outcome of `zhibiao audit verify`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditCheck {
    /// Every entry chains to the one before; `entries` checked.
    Intact { entries: i64, head: String },
    /// The first entry that does not match, and why.
    Broken { id: i64, why: String },
}

/// Checks the audit log of the SQLite database `db`: see [`verify_store`].
pub fn verify_audit(db: &Path) -> Result<AuditCheck, Error> {
    drop(open_existing(db)?);
    let store = SqliteStore::open(db).map_err(|e: StoreError| format!("{}: {e}", db.display()))?;
    verify_store(&store)
}

/// Checks the audit log's hash chain and that its ids have no gaps (a deleted entry). Entries
/// deleted from the end leave no trace in the chain: compare the head hash this prints with
/// one noted before (`Intact::head`).
pub fn verify_store(store: &dyn Store) -> Result<AuditCheck, Error> {
    if let Some(id) = store.verify_audit()? {
        return Ok(AuditCheck::Broken {
            id,
            why: "its hash does not match its fields and the entry before it (edited, or an entry before it deleted)".into(),
        });
    }
    let entries = store.audit_count()?;
    let head = store.audit(1, 0)?.pop().map(|e| e.hash).unwrap_or_default();
    // Ids are given in order and never reused while the log only grows: a gap is a deletion
    // (the chain above would have caught it too, unless the tamperer re-hashed the rest).
    let mut ids: Vec<i64> = Vec::with_capacity(entries as usize);
    let mut offset = 0;
    loop {
        let page = store.audit(10_000, offset)?;
        if page.is_empty() {
            break;
        }
        offset += page.len() as i64;
        ids.extend(page.iter().map(|e| e.id));
    }
    ids.sort_unstable();
    if let Some(&first) = ids.first() {
        for (i, &id) in ids.iter().enumerate() {
            let expect = first + i as i64;
            if id != expect {
                return Ok(AuditCheck::Broken {
                    id: expect,
                    why: format!("it is missing (the next entry is {id})"),
                });
            }
        }
    }
    Ok(AuditCheck::Intact { entries, head })
}
