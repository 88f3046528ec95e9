//! The SQLite store: one file, WAL, migrations applied at open, one writer and a few readers.
//! Its SQL is `store::sql`'s, shared with PostgreSQL; this is the connection handling.

use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use r2d2_sqlite::SqliteConnectionManager;

use super::sql::{Backend, Conn, Dialect, Param, Row, Value, R};
use super::{migrations, Result, StoreError};

/// Migrations, numbered, applied in order; `PRAGMA user_version` holds how many ran.
const MIGRATIONS: &[(&str, &str)] = migrations!("");

/// Reader connections at most: opened as needed, kept open between reads, and waited for when
/// all are busy (WAL readers do not block each other, but two cores gain nothing from more).
/// Until December 2026 a read found no free reader under load opened a connection of its own
/// and closed it after (the pool kept 8): under the mixed load of `bench/tracker-load.sh
/// --mixed` opening them (PRAGMAs, statements prepared again) took ~16% of the server's time.
///
/// The pool is r2d2's (issue 15: a maintained crate unless measurement shows it costs more
/// than it saves). Measured against the store's own bounded stack of connections that it
/// replaced (`bash bench/pool-compare.sh 3 2`, December 2026, this shared 2-core machine under
/// load 6–8, median of 3 runs): checkout + `SELECT COUNT(*) FROM users` from 1, 4 and 16
/// threads, the own pool through the store's `user_count` 267k / 359k / 434k reads/s, bare
/// r2d2_sqlite 271k / 413k / 457k (p50 1–2 µs, p99 3–6 µs either way). No worse (the gap is
/// within the store's own work, row conversion), so r2d2 it is; what it costs is two crates
/// and r2d2's three worker threads per store, which open the connections. Kept from the own
/// pool: connections opened only when needed (`min_idle` 0), never closed for being idle or
/// old (their prepared statements stay), no test query at checkout (a file does not go stale
/// as a server connection does).
const READERS: u32 = 16;
/// How long a read waits for a reader when all 16 are busy (the own pool waited for ever).
const READER_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

/// A tracker database in one SQLite file.
pub struct SqliteStore {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: r2d2::Pool<SqliteConnectionManager>,
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
        let readers = r2d2::Pool::builder()
            .max_size(READERS)
            .min_idle(Some(0))
            .idle_timeout(None)
            .max_lifetime(None)
            .test_on_check_out(false)
            .connection_timeout(READER_WAIT)
            .build_unchecked(SqliteConnectionManager::file(path).with_init(configure));
        Ok(SqliteStore {
            path: path.to_path_buf(),
            writer: Mutex::new(conn),
            readers,
            commits: AtomicU64::new(0),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Backend for SqliteStore {
    fn read<T>(&self, mut f: impl FnMut(&mut dyn Conn) -> R<T>) -> Result<T> {
        let conn = self
            .readers
            .get()
            .map_err(|e| StoreError::Internal(format!("no SQLite reader: {e}")))?;
        f(&mut Lite(&conn)).map_err(Into::into)
    }

    fn write<T>(&self, f: impl FnMut(&mut dyn Conn) -> R<T>) -> Result<T> {
        self.write_counted(true, f)
    }

    /// Other processes on the file still see SQLite's `data_version` move.
    fn write_limiter<T>(&self, f: impl FnMut(&mut dyn Conn) -> R<T>) -> Result<T> {
        self.write_counted(false, f)
    }

    /// Changes whenever a write is committed: by this store (its count of commits) or by any
    /// other connection (`PRAGMA data_version` of the writing connection).
    fn data_generation(&self) -> Result<u64> {
        let conn = self.writer.lock().map_err(poisoned)?;
        let other: i64 = conn.pragma_query_value(None, "data_version", |r| r.get(0))?;
        let own = self.commits.load(Ordering::SeqCst);
        Ok(own.wrapping_shl(32) ^ other as u64)
    }
}

impl SqliteStore {
    /// One write transaction; `counted`: a change of the data ([`Backend::data_generation`]),
    /// counted while the writer is still held.
    fn write_counted<T>(
        &self,
        counted: bool,
        mut f: impl FnMut(&mut dyn Conn) -> R<T>,
    ) -> Result<T> {
        let mut conn = self.writer.lock().map_err(poisoned)?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&mut Lite(&tx))?;
        tx.commit()?;
        if counted {
            self.commits.fetch_add(1, Ordering::SeqCst);
        }
        Ok(out)
    }
}

/// A SQLite connection (in a transaction when writing) as the query layer's [`Conn`].
struct Lite<'a>(&'a Connection);

impl Conn for Lite<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn query(&mut self, sql: &str, params: &[Param]) -> R<Vec<Row>> {
        let mut st = self.0.prepare_cached(&binary_collation(sql))?;
        let n = st.column_count();
        let mut rows = st.query(rusqlite::params_from_iter(params))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                row.push(match r.get_ref(i)? {
                    ValueRef::Null => Value::Null,
                    ValueRef::Integer(v) => Value::Int(v),
                    ValueRef::Real(v) => Value::Real(v),
                    ValueRef::Text(t) => Value::Text(
                        std::str::from_utf8(t)
                            .map_err(|e| {
                                StoreError::Internal(format!("column {i} is not UTF-8: {e}"))
                            })?
                            .to_string(),
                    ),
                    ValueRef::Blob(b) => Value::Blob(b.to_vec()),
                });
            }
            out.push(Row::new(row));
        }
        Ok(out)
    }

    fn execute(&mut self, sql: &str, params: &[Param]) -> R<u64> {
        let mut st = self.0.prepare_cached(&binary_collation(sql))?;
        Ok(st.execute(rusqlite::params_from_iter(params))? as u64)
    }
}

/// The shared SQL's `COLLATE "C"` (byte order, PostgreSQL's name for it) as SQLite's own
/// `COLLATE BINARY`, which is the same order for UTF-8 text and is built in: a collation
/// registered under the name "C" would call back into Rust for every comparison of a sort.
fn binary_collation(sql: &str) -> std::borrow::Cow<'_, str> {
    const C: &str = "COLLATE \"C\"";
    if sql.contains(C) {
        std::borrow::Cow::Owned(sql.replace(C, "COLLATE BINARY"))
    } else {
        std::borrow::Cow::Borrowed(sql)
    }
}

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Param::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Param::Int(v) => ToSqlOutput::Borrowed(ValueRef::Integer(*v)),
            Param::Real(v) => ToSqlOutput::Borrowed(ValueRef::Real(*v)),
            Param::Bool(v) => ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(*v))),
            Param::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Param::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

fn poisoned<T>(_: T) -> StoreError {
    StoreError::Internal("a database lock was poisoned by a panic".into())
}

fn connect(path: &Path) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    configure(&mut conn)?;
    Ok(conn)
}

/// The settings of every connection, the writer's and the readers'.
fn configure(conn: &mut Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
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
