//! The PostgreSQL store: the same tables, rules, SQL (`store::sql`) and audit chain as
//! [`super::sqlite`], on a database server that several tracker processes share. This module
//! is the connection handling: the pool, transactions, retries, migrations, and binding the
//! query layer's parameters and rows to the driver's types.
//!
//! # Several processes, one database
//!
//! Run `zhibiao serve --db postgres://USER@HOST/DB` on as many machines (or ports) as wanted,
//! behind any load balancer; they need nothing but the same URL:
//!
//! - **Writes** are serialised across processes: every write transaction begins by incrementing
//!   the one row of `store_meta`, and that row lock is held until it commits. So the audit
//!   chain stays a chain (each entry hashes the one committed before it, whoever wrote it), and
//!   the version checks of optimistic concurrency see every committed change. The tracker's
//!   writes are small and few (people filling in forms), so one writer at a time is plenty.
//! - **Caches** stay right: `store_meta.generation` is also
//!   [`generation`](crate::store::CommitmentStore::generation),
//!   so a view cached by one process is recomputed after another process writes.
//! - **Schema**: migrations run at open under a PostgreSQL advisory lock, so processes starting
//!   at once apply each migration exactly once; `schema_migrations` records which ran.
//! - **Evidence files** are in the database (`evidence_data`, written in the transaction of
//!   their update), so processes on any hosts need nothing but the database. Files kept in
//!   `$ZHIBIAO_FILES` by an older version are still served from there until `zhibiao evidence
//!   move-in` puts them in.
//! - **Sessions** live in the database, so a user may be served by any process.
//!
//! Tables are created in the connection's current schema (normally `public`); to keep the
//! tracker in a schema of its own, add `?options=-csearch_path%3Dzhibiao` to the URL.
//! Connections use no TLS (`NoTls`): run on loopback, a Unix socket or a trusted intranet.
//!
//! Like the `postgres` crate under it, this store blocks: call it from synchronous code or from
//! `tokio::task::spawn_blocking` (as [`crate::AppState::run`] does), never from async code.

use postgres::error::{Severity, SqlState};
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{Client, IsolationLevel, NoTls, Statement, Transaction};
use std::collections::HashMap;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use super::sql::{pg_placeholders, Backend, Conn, Dialect, Fail, Param, Row, Value, R};
use super::{migrations, Result, StoreError};
use crate::util::now;

/// Migrations, by name (the same names as SQLite's), applied in order; `schema_migrations`
/// holds the names of those that ran.
const MIGRATIONS: &[(&str, &str)] = migrations!("postgres/");

/// The names of the migrations, in order.
pub fn migration_names() -> impl Iterator<Item = &'static str> {
    MIGRATIONS.iter().map(|(name, _)| *name)
}

/// Connections a store keeps at most (open at once). Eight processes of ten stay under the
/// server's default `max_connections` of 100.
const POOL_SIZE: usize = 10;
/// How long a call waits for a free connection when all are busy.
const POOL_WAIT: Duration = Duration::from_secs(30);
/// For each connection attempt, unless the URL sets `connect_timeout`.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Prepared statements kept per connection (the commitment list has a few hundred shapes).
const STATEMENTS: usize = 512;
/// Tries of a write that failed on a serialization failure, a deadlock or a lost connection.
const WRITE_TRIES: u32 = 5;
/// The first key of the advisory lock taken while migrating (the second is the schema's hash).
const MIGRATION_LOCK: i32 = 0x7a62_6d67; // "zbmg"
/// The advisory lock that serialises the login rate limit's transactions across processes
/// (they do not take the `store_meta` row: they change no data a view shows).
const LIMITER_LOCK: i64 = 0x7a62_6c69; // "zbli"

/// A tracker database on a PostgreSQL server.
pub struct PgStore {
    pool: Pool,
}

impl Fail {
    /// A serialization failure or a deadlock: the transaction can simply run again.
    fn transient(&self) -> bool {
        match self {
            Fail::Pg(e) => matches!(
                e.code(),
                Some(c) if *c == SqlState::T_R_SERIALIZATION_FAILURE
                    || *c == SqlState::T_R_DEADLOCK_DETECTED
            ),
            Fail::Store(_) => false,
        }
    }

    /// An error of the client rather than a statement (I/O, a closed connection, a value that
    /// did not decode), or one that ends the session (FATAL: the server shut down or an
    /// administrator ended the connection; class 08, connection exception): the connection is
    /// not to be trusted again.
    fn connection_suspect(&self) -> bool {
        let Fail::Pg(e) = self else {
            return false;
        };
        match e.as_db_error() {
            None => true,
            Some(db) => {
                matches!(
                    db.parsed_severity(),
                    Some(Severity::Fatal) | Some(Severity::Panic)
                ) || db.code().code().starts_with("08")
                    || db.code().code().starts_with("57P")
            }
        }
    }
}

impl From<Fail> for StoreError {
    fn from(f: Fail) -> Self {
        match f {
            Fail::Store(e) => e,
            Fail::Pg(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => StoreError::Duplicate,
            // PostgreSQL text cannot hold U+0000 (SQLite's can): the user's input is refused.
            Fail::Pg(e) if e.code() == Some(&SqlState::CHARACTER_NOT_IN_REPERTOIRE) => {
                StoreError::Invalid("文本中含有无法保存的控制字符（NUL），请删除后重试".into())
            }
            Fail::Pg(e) => StoreError::Internal(describe(&e)),
        }
    }
}

/// An error in one line: the server's message with its SQLSTATE, or the client's with its cause.
pub(crate) fn describe(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut s = format!(
            "{}: {} (SQLSTATE {})",
            db.severity(),
            db.message(),
            db.code().code()
        );
        if let Some(d) = db.detail() {
            s.push_str(&format!("; {d}"));
        }
        return s;
    }
    match std::error::Error::source(e) {
        Some(cause) => format!("{e}: {cause}"),
        None => e.to_string(),
    }
}

/// A transaction and the prepared statements of its connection.
pub(super) struct Tx<'a> {
    tx: Transaction<'a>,
    statements: &'a mut HashMap<String, Statement>,
}

impl Tx<'_> {
    /// The prepared statement of `sql` (written with `?N` placeholders), from the cache.
    fn statement(&mut self, sql: &str) -> R<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(&pg_placeholders(sql))?;
        if self.statements.len() >= STATEMENTS {
            self.statements.clear();
        }
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

fn bind<'a>(params: &'a [Param]) -> Vec<&'a (dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

impl Conn for Tx<'_> {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn query(&mut self, sql: &str, params: &[Param]) -> R<Vec<Row>> {
        let st = self.statement(sql)?;
        let rows = self.tx.query(&st, &bind(params))?;
        rows.iter().map(row).collect()
    }

    fn execute(&mut self, sql: &str, params: &[Param]) -> R<u64> {
        let st = self.statement(sql)?;
        Ok(self.tx.execute(&st, &bind(params))?)
    }
}

/// A row of the driver as the query layer's: booleans and whole numbers as integers.
fn row(r: &postgres::Row) -> R<Row> {
    fn v<'a, T: postgres::types::FromSql<'a>>(
        r: &'a postgres::Row,
        i: usize,
        f: impl FnOnce(T) -> Value,
    ) -> R<Value> {
        Ok(r.try_get::<_, Option<T>>(i)?.map_or(Value::Null, f))
    }
    let mut out = Vec::with_capacity(r.len());
    for (i, col) in r.columns().iter().enumerate() {
        let ty = col.type_();
        out.push(if *ty == Type::BOOL {
            v(r, i, |b: bool| Value::Int(i64::from(b)))?
        } else if *ty == Type::INT2 {
            v(r, i, |n: i16| Value::Int(i64::from(n)))?
        } else if *ty == Type::INT4 {
            v(r, i, |n: i32| Value::Int(i64::from(n)))?
        } else if *ty == Type::INT8 {
            v(r, i, Value::Int)?
        } else if *ty == Type::FLOAT4 {
            v(r, i, |n: f32| Value::Real(f64::from(n)))?
        } else if *ty == Type::FLOAT8 {
            v(r, i, Value::Real)?
        } else if *ty == Type::BYTEA {
            v(r, i, Value::Blob)?
        } else if <&str as postgres::types::FromSql>::accepts(ty) {
            v(r, i, Value::Text)?
        } else {
            return Err(StoreError::Internal(format!(
                "column {} is of type {ty}, which the store does not read",
                col.name()
            ))
            .into());
        });
    }
    Ok(Row::new(out))
}

/// A parameter is bound to the type PostgreSQL expects of it: an integer to an `INTEGER`
/// (`i32`), `BIGINT` (`i64`), `SMALLINT` or `BOOLEAN` column alike, a boolean to `BOOLEAN`.
/// A value that does not fit is an error of the statement, never a panic.
impl ToSql for Param<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> std::result::Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let int = |v: i64, out: &mut bytes::BytesMut| {
            if *ty == Type::INT8 {
                v.to_sql(ty, out)
            } else if *ty == Type::INT4 {
                i32::try_from(v)?.to_sql(ty, out)
            } else if *ty == Type::INT2 {
                i16::try_from(v)?.to_sql(ty, out)
            } else if *ty == Type::BOOL {
                (v != 0).to_sql(ty, out)
            } else if *ty == Type::FLOAT8 {
                (v as f64).to_sql(ty, out)
            } else {
                Err(format!("an integer for a parameter of type {ty}").into())
            }
        };
        match self {
            Param::Null => Ok(IsNull::Yes),
            Param::Int(v) => int(*v, out),
            Param::Bool(b) if *ty == Type::BOOL => b.to_sql(ty, out),
            Param::Bool(b) => int(i64::from(*b), out),
            Param::Real(v) if *ty == Type::FLOAT4 => (*v as f32).to_sql(ty, out),
            Param::Real(v) if *ty == Type::FLOAT8 => v.to_sql(ty, out),
            Param::Real(_) => Err(format!("a number for a parameter of type {ty}").into()),
            Param::Text(s) if <&str as ToSql>::accepts(ty) => s.as_ref().to_sql(ty, out),
            Param::Text(_) => Err(format!("text for a parameter of type {ty}").into()),
            Param::Blob(b) if *ty == Type::BYTEA => b.as_ref().to_sql(ty, out),
            Param::Blob(_) => Err(format!("bytes for a parameter of type {ty}").into()),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

impl PgStore {
    /// Connects to the database of a libpq URL (`postgres://USER:PASSWORD@HOST:PORT/DB?…`,
    /// `postgresql://…`) and brings its schema up to date. A URL without a host uses `$PGHOST`
    /// or the Unix socket in `/var/run/postgresql`, as libpq does; one without a password uses
    /// `$PGPASSWORD`.
    pub fn open(url: &str) -> Result<PgStore> {
        let mut config: postgres::Config = url.parse().map_err(|e| {
            StoreError::Internal(format!("not a valid PostgreSQL URL: {}", describe(&e)))
        })?;
        if config.get_hosts().is_empty() && config.get_hostaddrs().is_empty() {
            let host = std::env::var("PGHOST")
                .ok()
                .filter(|h| !h.is_empty())
                .unwrap_or_else(|| {
                    if std::path::Path::new("/var/run/postgresql").is_dir() {
                        "/var/run/postgresql".into()
                    } else {
                        "localhost".into()
                    }
                });
            config.host(&host);
        }
        if config.get_password().is_none() {
            if let Ok(p) = std::env::var("PGPASSWORD") {
                config.password(&p);
            }
        }
        PgStore::open_config(config)
    }

    /// Connects with a ready configuration and brings the schema up to date.
    pub fn open_config(mut config: postgres::Config) -> Result<PgStore> {
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("zhibiao");
        }
        // Notices ("relation already exists, skipping") are not for the tracker's users.
        config.notice_callback(|_| {});
        let pool = Pool {
            target: target(&config),
            config,
            state: Mutex::new(PoolState::default()),
            freed: Condvar::new(),
        };
        {
            let mut conn = pool.get()?;
            if let Err(e) = migrate(&mut conn.conn_mut().client) {
                conn.broken = true;
                return Err(e.into());
            }
        }
        Ok(PgStore { pool })
    }
}

impl Backend for PgStore {
    /// Runs `f` in a read-only transaction that sees one snapshot (several queries of one call
    /// agree with each other). Tried again once on a fresh connection when the connection
    /// failed (the server restarted, an idle connection was closed).
    fn read<T>(&self, mut f: impl FnMut(&mut dyn Conn) -> R<T>) -> Result<T> {
        let mut tries = 0;
        loop {
            tries += 1;
            let mut conn = self.pool.get()?;
            let out: R<T> = (|| {
                let c = conn.conn_mut();
                let tx = c
                    .client
                    .build_transaction()
                    .isolation_level(IsolationLevel::RepeatableRead)
                    .read_only(true)
                    .start()?;
                let mut tx = Tx {
                    tx,
                    statements: &mut c.statements,
                };
                let v = f(&mut tx)?;
                tx.tx.commit()?;
                Ok(v)
            })();
            match out {
                Ok(v) => return Ok(v),
                Err(e) => {
                    conn.failed(&e);
                    if conn.broken && tries < 2 {
                        continue;
                    }
                    return Err(e.into());
                }
            }
        }
    }

    /// Runs `f` in one write transaction: committed when it returns `Ok`, rolled back else.
    /// The transaction first takes the `store_meta` row lock (see the module's documentation),
    /// then runs at READ COMMITTED, so every statement after the lock sees every write committed
    /// before it. Serialization failures and deadlocks (only possible when something else
    /// writes to the database) are retried, as is a connection lost before the commit was sent.
    fn write<T>(&self, f: impl FnMut(&mut dyn Conn) -> R<T>) -> Result<T> {
        self.write_under(
            "UPDATE store_meta SET generation = generation + 1 WHERE id = 1",
            f,
        )
    }

    /// [`PgStore::write`] for the login rate limit: serialised by an advisory lock instead of
    /// the `store_meta` row, so that login attempts (a flood of guesses, too) neither wait for
    /// the tracker's writes nor move the generation that keeps every process's views cached.
    fn write_limiter<T>(&self, f: impl FnMut(&mut dyn Conn) -> R<T>) -> Result<T> {
        self.write_under(&format!("SELECT pg_advisory_xact_lock({LIMITER_LOCK})"), f)
    }

    /// `store_meta.generation`: incremented by every write transaction of any process.
    fn data_generation(&self) -> Result<u64> {
        let mut tries = 0;
        loop {
            tries += 1;
            let mut conn = self.pool.get()?;
            let out = conn
                .conn_mut()
                .client
                .query_one("SELECT generation FROM store_meta WHERE id = 1", &[])
                .map_err(Fail::from)
                .and_then(|r| Ok(r.try_get::<_, i64>(0)?));
            match out {
                Ok(g) => return Ok(g as u64),
                Err(e) => {
                    conn.failed(&e);
                    if conn.broken && tries < 2 {
                        continue;
                    }
                    return Err(e.into());
                }
            }
        }
    }
}

impl PgStore {
    fn write_under<T>(&self, lock: &str, mut f: impl FnMut(&mut dyn Conn) -> R<T>) -> Result<T> {
        let mut tries = 0;
        loop {
            tries += 1;
            let mut conn = self.pool.get()?;
            let mut committing = false;
            let out: R<T> = (|| {
                let c = conn.conn_mut();
                let tx = c
                    .client
                    .build_transaction()
                    .isolation_level(IsolationLevel::ReadCommitted)
                    .start()?;
                let mut tx = Tx {
                    tx,
                    statements: &mut c.statements,
                };
                tx.execute(lock, &[])?;
                let v = f(&mut tx)?;
                committing = true;
                tx.tx.commit()?;
                Ok(v)
            })();
            match out {
                Ok(v) => return Ok(v),
                Err(e) => {
                    conn.failed(&e);
                    // A commit that failed on a lost connection may have landed: not retried.
                    let again = e.transient() || (conn.broken && !committing);
                    if !again || tries >= WRITE_TRIES {
                        return Err(e.into());
                    }
                    drop(conn);
                    std::thread::sleep(Duration::from_millis(5 << tries));
                }
            }
        }
    }
}

/// Whether `db` names a PostgreSQL database (a `postgres://` or `postgresql://` URL) rather
/// than a SQLite file.
pub fn is_url(db: &str) -> bool {
    let lower = db.trim_start().to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// A database URL fit for messages and logs: its password, if any, replaced by `***`.
pub fn redact(db: &str) -> String {
    let Some(scheme_end) = db.find("://").map(|i| i + 3) else {
        return db.to_string();
    };
    let rest = &db[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    let mut out = db[..scheme_end].to_string();
    match authority.rfind('@') {
        Some(at) => {
            let user_info = &authority[..at];
            match user_info.find(':') {
                Some(colon) => {
                    out.push_str(&user_info[..colon]);
                    out.push_str(":***");
                }
                None => out.push_str(user_info),
            }
            out.push_str(&authority[at..]);
        }
        None => out.push_str(authority),
    }
    let tail = &rest[authority_end..];
    match tail.find('?') {
        None => out.push_str(tail),
        Some(q) => {
            out.push_str(&tail[..=q]);
            let params: Vec<String> = tail[q + 1..]
                .split('&')
                .map(|p| match p.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => p.to_string(),
                })
                .collect();
            out.push_str(&params.join("&"));
        }
    }
    out
}

/// The hosts and ports of a configuration, as `host:port, …`.
fn target(config: &postgres::Config) -> String {
    use postgres::config::Host;
    let port = |i: usize| {
        let ports = config.get_ports();
        ports.get(i).or(ports.first()).copied().unwrap_or(5432)
    };
    let mut hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(i, h)| match h {
            Host::Tcp(name) => format!("{name}:{}", port(i)),
            #[cfg(unix)]
            Host::Unix(dir) => format!("{}:{}", dir.display(), port(i)),
        })
        .collect();
    if hosts.is_empty() {
        hosts = config
            .get_hostaddrs()
            .iter()
            .enumerate()
            .map(|(i, a)| format!("{a}:{}", port(i)))
            .collect();
    }
    hosts.join(", ")
}

/// Applies the migrations that have not run yet, one transaction each, holding an advisory
/// lock (per schema) so that processes starting at once do not race.
fn migrate(client: &mut Client) -> R<()> {
    let key = "hashtext(COALESCE(current_schema(), ''))";
    client.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK}, {key})"))?;
    let out = migrate_locked(client);
    let unlocked = client.batch_execute(&format!(
        "SELECT pg_advisory_unlock({MIGRATION_LOCK}, {key})"
    ));
    out?;
    Ok(unlocked?)
}

fn migrate_locked(client: &mut Client) -> R<()> {
    client.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (
            name        TEXT PRIMARY KEY,
            applied_at  BIGINT NOT NULL
        )",
    )?;
    let done = client
        .query("SELECT name FROM schema_migrations", &[])?
        .iter()
        .map(|r| Ok(r.try_get::<_, String>(0)?))
        .collect::<R<Vec<String>>>()?;
    if let Some(unknown) = done
        .iter()
        .find(|d| !MIGRATIONS.iter().any(|(name, _)| name == d))
    {
        return Err(StoreError::Internal(format!(
            "the database has migration {unknown}, newer than this program knows (its last is {})",
            MIGRATIONS.last().map(|m| m.0).unwrap_or("none")
        ))
        .into());
    }
    for (name, sql) in MIGRATIONS {
        if done.iter().any(|d| d == name) {
            continue;
        }
        let mut tx = client.transaction()?;
        tx.batch_execute(sql).map_err(|e| match e.as_db_error() {
            Some(_) => Fail::Store(StoreError::Internal(format!(
                "migration {name}: {}",
                describe(&e)
            ))),
            None => Fail::Pg(e),
        })?;
        tx.execute(
            "INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)",
            &[name, &now()],
        )?;
        tx.commit()?;
    }
    Ok(())
}

// ---- the connection pool ----
//
// A few connections behind a mutex rather than r2d2 + r2d2_postgres: issue 15 asked for a
// maintained pool unless measurement shows it costs more than it saves, and on what the store
// needs of a pool beyond "at most N, wait when busy" r2d2 was measured worse. `bash
// bench/pool-compare.sh` (examples/pool_compare.rs; December 2026, PostgreSQL 15 on loopback,
// this shared 2-core machine under load 6-8, median of 3 runs), the read of
// `UserStore::user_count` (a read-only REPEATABLE READ transaction, `SELECT COUNT(*)`), pools
// of 10:
//
// - Server down (the pool holding idle connections): every request of ours fails in < 1 ms
//   with the cause, "cannot connect to PostgreSQL at 127.0.0.1:PORT: error connecting to
//   server: Connection refused (os error 111)". r2d2's `get` retries in the background and
//   returns only when its `connection_timeout` runs out (sfackler/r2d2#142): each request took
//   30.0 s (the default; 2.0 s with a 2 s timeout), holding a blocking thread all along, and
//   the cause is lost: "timed out waiting for connection: error connecting to server".
//   Without `test_on_check_out` the first 10 requests (its idle connections) failed at once
//   with "db error", then the same 30 s waits.
// - Restart (stop and start while the pool holds idle connections): ours failed no request
//   and the first succeeded 14.0 ms after the server was back: after one connection fails as
//   dead, every idle one is closed and the call is tried again on a fresh connection (the
//   test dead_connections_are_replaced). r2d2 with `test_on_check_out` (its default): 0
//   failed, 19.7 ms; without it, 10 failed ("db error"), one per idle connection.
// - Steady state, reads/s (p50 / p99 µs) with 1, 4 and 16 threads: ours 14,852 (47/122),
//   13,039 (253/1,165), 12,920 (480/9,131); r2d2_postgres as it comes (checkout test, a
//   statement prepared at every query: its `Client` keeps none) 4,782 (158/2,205), 6,381
//   (318/6,255), 9,896 (725/11,774). r2d2 with a manager that keeps each connection's
//   statements, as this pool does: with the checkout test 13,540, 9,976, 15,740; without it
//   15,982, 15,390, 17,620. So ours is not faster than the best r2d2 set-up. Below the pool's
//   size it is level (ours is measured through the whole store, row conversion included, the
//   r2d2 variants on the bare driver); with 16 threads, more than its 10 connections so that
//   calls wait for one, r2d2 without the test served 36% more here and 2.2 times as many in a
//   second run after (10,678 against 23,137 reads/s, p99 12.7 against 6.4 ms): waiting for a
//   connection costs ours more (a woken waiter likely finds the connection taken again by the
//   thread that returned it) — a lead for later. It is kept for the failure cases above,
//   which r2d2 cannot handle so in any configuration.
//
// Besides: a `postgres::Client` owns a small tokio runtime and panics when dropped on an
// async thread; r2d2 drops connections wherever the pool or a connection is dropped, so it
// would need the same hand-off to a thread of its own as `close` below. And r2d2_postgres's
// bare `Client` keeps no prepared statements: a manager of our own (`ManageConnection`) would
// be needed anyway. What remains of the pool is about 150 lines, all of them tested
// (store::tests, pg_only).

struct Pool {
    config: postgres::Config,
    /// Where the server is, for messages: `host:port` (a socket directory for a host).
    target: String,
    state: Mutex<PoolState>,
    freed: Condvar,
}

#[derive(Default)]
struct PoolState {
    idle: Vec<PgConn>,
    /// Connections open, idle or lent.
    open: usize,
}

struct PgConn {
    client: Client,
    statements: HashMap<String, Statement>,
}

/// A connection lent from the pool, returned when dropped (closed when `broken`).
struct Pooled<'a> {
    pool: &'a Pool,
    conn: Option<PgConn>,
    broken: bool,
}

impl Pooled<'_> {
    fn conn_mut(&mut self) -> &mut PgConn {
        // Always `Some` until dropped.
        self.conn
            .as_mut()
            .expect("a pooled connection is present until dropped")
    }

    /// After an error: a connection that may be broken is closed rather than lent again, and
    /// any error of the database forgets the prepared statements (one of them may be what
    /// failed, e.g. "cached plan must not change result type" after another process migrated).
    fn failed(&mut self, e: &Fail) {
        if e.connection_suspect() {
            self.broken = true;
        } else if matches!(e, Fail::Pg(_)) {
            self.conn_mut().statements.clear();
        }
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else {
            return;
        };
        let mut state = match self.pool.state.lock() {
            Ok(s) => s,
            Err(p) => p.into_inner(),
        };
        if self.broken || conn.client.is_closed() {
            // The others likely went the same way (the server restarted): all are replaced,
            // so that the retry of the failed call gets a fresh connection.
            let mut dead = std::mem::take(&mut state.idle);
            dead.push(conn);
            state.open -= dead.len();
            drop(state);
            close(dead, false);
        } else {
            state.idle.push(conn);
        }
        self.pool.freed.notify_one();
    }
}

impl Pool {
    fn get(&self) -> Result<Pooled<'_>> {
        let deadline = Instant::now() + POOL_WAIT;
        let mut state = self.state.lock().map_err(poisoned)?;
        loop {
            if let Some(conn) = state.idle.pop() {
                if conn.client.is_closed() {
                    state.open -= 1;
                    close(vec![conn], false);
                    continue;
                }
                return Ok(Pooled {
                    pool: self,
                    conn: Some(conn),
                    broken: false,
                });
            }
            if state.open < POOL_SIZE {
                state.open += 1;
                drop(state);
                return match self.config.connect(NoTls) {
                    Ok(client) => Ok(Pooled {
                        pool: self,
                        conn: Some(PgConn {
                            client,
                            statements: HashMap::new(),
                        }),
                        broken: false,
                    }),
                    Err(e) => {
                        let mut state = self.state.lock().map_err(poisoned)?;
                        state.open -= 1;
                        self.freed.notify_one();
                        Err(StoreError::Internal(format!(
                            "cannot connect to PostgreSQL at {}: {}",
                            self.target,
                            describe(&e)
                        )))
                    }
                };
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(StoreError::Internal(format!(
                    "all {POOL_SIZE} database connections stayed busy for {} s",
                    POOL_WAIT.as_secs()
                )));
            }
            state = self.freed.wait_timeout(state, left).map_err(poisoned)?.0;
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        let idle = match self.state.get_mut() {
            Ok(s) => std::mem::take(&mut s.idle),
            Err(mut p) => std::mem::take(&mut p.get_mut().idle),
        };
        close(idle, true);
    }
}

/// Closes connections on a thread of their own: a `postgres::Client` runs its own small tokio
/// runtime, and dropping one on an async thread (the last `AppState` can be dropped there when
/// the server stops) would panic. `wait` for the store's end, so that its connections are
/// gone when it is.
fn close(conns: Vec<PgConn>, wait: bool) {
    if conns.is_empty() {
        return;
    }
    let closing = std::thread::spawn(move || drop(conns));
    if wait {
        let _ = closing.join();
    }
}

fn poisoned<T>(_: T) -> StoreError {
    StoreError::Internal("a database lock was poisoned by a panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_and_redacted() {
        assert!(is_url("postgres://u@h/db"));
        assert!(is_url("PostgreSQL://h/db"));
        assert!(!is_url("tracker.db"));
        assert!(!is_url("./postgres/x.db"));
        assert_eq!(
            redact("postgres://u:secret@h:5432/db?sslmode=disable&password=p2"),
            "postgres://u:***@h:5432/db?sslmode=disable&password=***"
        );
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("postgresql://h"), "postgresql://h");
        assert_eq!(redact("x.db"), "x.db");
    }

    #[test]
    fn bad_urls_and_a_down_server_are_one_clear_error() {
        for bad in ["postgres://u@h:notaport/db", "postgres://u@h/db?nonsense=1"] {
            match PgStore::open(bad) {
                Err(StoreError::Internal(m)) => {
                    assert!(m.starts_with("not a valid PostgreSQL URL"), "{m}")
                }
                Err(e) => panic!("{bad}: {e}"),
                Ok(_) => panic!("{bad} opened"),
            }
        }
        // Port 1 on loopback: nothing listens there.
        match PgStore::open("postgres://u@127.0.0.1:1/db?connect_timeout=2") {
            Err(StoreError::Internal(m)) => {
                assert!(m.starts_with("cannot connect to PostgreSQL"), "{m}")
            }
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("opened a database on port 1"),
        }
    }
}
