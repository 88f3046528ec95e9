//! The SQLite store: one file, WAL, migrations applied at open, one writer and a few readers.

mod audit;
mod commitments;
mod reports;
mod users;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use super::snapshot;
use super::{chain_hash, migrations, Actor, Result, StoreError};
use crate::util::now;

/// Migrations, numbered, applied in order; `PRAGMA user_version` holds how many ran.
const MIGRATIONS: &[(&str, &str)] = migrations!("");

/// Readers kept open between reads.
const READERS: usize = 8;

/// A tracker database in one SQLite file.
pub struct SqliteStore {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    /// Write transactions committed through this store.
    commits: AtomicU64,
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match &e {
            rusqlite::Error::QueryReturnedNoRows => StoreError::NotFound,
            rusqlite::Error::SqliteFailure(f, _)
                if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    || f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY =>
            {
                StoreError::Duplicate
            }
            _ => StoreError::Internal(e.to_string()),
        }
    }
}

impl SqliteStore {
    /// Opens (creating if need be) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore> {
        let mut conn = connect(path)?;
        migrate(&mut conn)?;
        Ok(SqliteStore {
            path: path.to_path_buf(),
            writer: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
            commits: AtomicU64::new(0),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on a reading connection.
    fn read<T>(&self, f: impl FnOnce(&Connection) -> Result<T>) -> Result<T> {
        let pooled = self.readers.lock().map_err(poisoned)?.pop();
        let conn = match pooled {
            Some(c) => c,
            None => connect(&self.path)?,
        };
        let out = f(&conn);
        let mut readers = self.readers.lock().map_err(poisoned)?;
        if readers.len() < READERS {
            readers.push(conn);
        }
        out
    }

    /// Runs `f` in one write transaction: committed when it returns `Ok`, rolled back else.
    fn write<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        self.write_counted(true, f)
    }

    /// [`SqliteStore::write`] for the login rate limit: not counted as a change of the data
    /// (views stay cached however many logins are tried; other processes on the file still
    /// see SQLite's `data_version` move).
    fn write_limiter<T>(&self, f: impl FnOnce(&Transaction) -> Result<T>) -> Result<T> {
        self.write_counted(false, f)
    }

    /// One write transaction; `counted`: a change of the data ([`SqliteStore::generation`]),
    /// counted while the writer is still held.
    fn write_counted<T>(
        &self,
        counted: bool,
        f: impl FnOnce(&Transaction) -> Result<T>,
    ) -> Result<T> {
        let mut conn = self.writer.lock().map_err(poisoned)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        if counted {
            self.commits.fetch_add(1, Ordering::SeqCst);
        }
        Ok(out)
    }

    /// Changes whenever a write is committed: by this store (its count of commits) or by any
    /// other connection (`PRAGMA data_version` of the writing connection).
    fn generation(&self) -> Result<u64> {
        let conn = self.writer.lock().map_err(poisoned)?;
        let other: i64 = conn.pragma_query_value(None, "data_version", |r| r.get(0))?;
        let own = self.commits.load(Ordering::SeqCst);
        Ok(own.wrapping_shl(32) ^ other as u64)
    }
}

fn poisoned<T>(_: T) -> StoreError {
    StoreError::Internal("a database lock was poisoned by a panic".into())
}

fn connect(path: &Path) -> Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(conn)
}

fn migrate(conn: &mut Connection) -> Result<()> {
    let done: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if done as usize > MIGRATIONS.len() {
        return Err(StoreError::Internal(format!(
            "the database has schema version {done}, newer than this program knows ({})",
            MIGRATIONS.len()
        )));
    }
    for (i, (_, sql)) in MIGRATIONS.iter().enumerate().skip(done as usize) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// Fails with [`StoreError::Conflict`] unless the row of `table` with `id` has `version`, or
/// [`StoreError::NotFound`] when there is no such row.
fn check_version(tx: &Transaction, table: &str, id: i64, version: i64) -> Result<()> {
    let sql = format!("SELECT version FROM {table} WHERE id = ?1");
    let found: Option<i64> = tx.query_row(&sql, [id], |r| r.get(0)).optional()?;
    match found {
        None => Err(StoreError::NotFound),
        Some(v) if v != version => Err(StoreError::Conflict),
        Some(_) => Ok(()),
    }
}

/// Appends one entry to the audit log, chained to the one before.
fn audit(
    tx: &Transaction,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> Result<()> {
    let prev: String = tx
        .query_row(
            "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default();
    let at = now();
    let before = before.map(|v| v.to_string());
    let after = after.map(|v| v.to_string());
    let hash = chain_hash(
        &prev,
        at,
        actor.user_id,
        &actor.name,
        action,
        entity,
        entity_id,
        before.as_deref(),
        after.as_deref(),
    );
    tx.execute(
        "INSERT INTO audit_log (at, user_id, user_name, action, entity, entity_id, before_json, after_json, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        rusqlite::params![at, actor.user_id, actor.name, action, entity, entity_id, before, after, prev, hash],
    )?;
    Ok(())
}
