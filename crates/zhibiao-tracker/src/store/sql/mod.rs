//! The tracker's SQL, written once for both backends.
//!
//! A small query layer over the two synchronous drivers (rusqlite and `postgres`), rather than
//! sqlx: the store traits are synchronous and run on `spawn_blocking` threads, as both drivers
//! are; sqlx is async (every call would go through a runtime, and the PostgreSQL store's
//! retries, row-lock serialisation and statement cache would have to be rebuilt on it), brings
//! its own pool and macros, and would replace two drivers that already work. What the layer
//! does:
//!
//! - a statement is written once with SQLite's numbered placeholders (`?1`, `?2`); on
//!   PostgreSQL they are rewritten to `$1`, `$2` (see [`pg_placeholders`]);
//! - parameters are [`Param`]s, bound to whatever type the database expects (PostgreSQL is
//!   strict: an `INTEGER` column takes an `i32`, a `BOOLEAN` a `bool`); [`params!`] makes them;
//! - rows are [`Row`]s of [`Value`]s read with one [`Row::get`], whatever the driver;
//! - a backend ([`Backend`]) runs a closure in a read or a write transaction on a [`Conn`];
//!   the stores' traits are implemented once, for every backend, in this module's children.
//!
//! The few places the two SQL dialects differ are the methods of [`Dialect`]. Everything else
//! is SQL both understand: `RETURNING`, `ON CONFLICT DO NOTHING`, `NULLS LAST`; `COLLATE "C"`
//! (byte order) is PostgreSQL's name, which the SQLite store turns into its `COLLATE BINARY`.

mod audit;
mod commitments;
pub(crate) mod copy;
mod history;
mod office;
mod reports;
mod requests;
mod users;

use std::borrow::Cow;

use super::{chain_hash, Actor, Result, StoreError};
use crate::util::now;

/// A parameter of a statement.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Param<'a> {
    Null,
    Int(i64),
    Real(f64),
    Bool(bool),
    Text(Cow<'a, str>),
    Blob(Cow<'a, [u8]>),
}

/// What can be a parameter (see [`params!`]).
pub(crate) trait ToParam {
    fn param(&self) -> Param<'_>;
}

impl ToParam for i64 {
    fn param(&self) -> Param<'_> {
        Param::Int(*self)
    }
}

impl ToParam for i32 {
    fn param(&self) -> Param<'_> {
        Param::Int(i64::from(*self))
    }
}

impl ToParam for f64 {
    fn param(&self) -> Param<'_> {
        Param::Real(*self)
    }
}

impl ToParam for bool {
    fn param(&self) -> Param<'_> {
        Param::Bool(*self)
    }
}

impl ToParam for str {
    fn param(&self) -> Param<'_> {
        Param::Text(Cow::Borrowed(self))
    }
}

impl ToParam for String {
    fn param(&self) -> Param<'_> {
        Param::Text(Cow::Borrowed(self))
    }
}

impl<T: ToParam> ToParam for Option<T> {
    fn param(&self) -> Param<'_> {
        match self {
            Some(v) => v.param(),
            None => Param::Null,
        }
    }
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn param(&self) -> Param<'_> {
        (**self).param()
    }
}

impl ToParam for Param<'_> {
    fn param(&self) -> Param<'_> {
        match self {
            Param::Text(s) => Param::Text(Cow::Borrowed(s)),
            Param::Null => Param::Null,
            Param::Int(v) => Param::Int(*v),
            Param::Real(v) => Param::Real(*v),
            Param::Bool(v) => Param::Bool(*v),
            Param::Blob(b) => Param::Blob(Cow::Borrowed(b)),
        }
    }
}

impl ToParam for Value {
    fn param(&self) -> Param<'_> {
        match self {
            Value::Null => Param::Null,
            Value::Int(v) => Param::Int(*v),
            Value::Real(v) => Param::Real(*v),
            Value::Text(s) => Param::Text(Cow::Borrowed(s)),
            Value::Blob(b) => Param::Blob(Cow::Borrowed(b)),
        }
    }
}

/// The parameters of a statement: `params![id, &name, now()]`.
macro_rules! params {
    ($($x:expr),* $(,)?) => {
        &[$($crate::store::sql::ToParam::param(&$x)),*]
    };
}
pub(crate) use params;

/// A value read from a row.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum Value {
    #[default]
    Null,
    /// Whole numbers and booleans (`true` is 1).
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "NULL",
            Value::Int(_) => "an integer",
            Value::Real(_) => "a real number",
            Value::Text(_) => "text",
            Value::Blob(_) => "a blob",
        }
    }
}

/// What a column can be read as.
pub(crate) trait FromValue: Sized {
    /// What it is, for the message when a value is not one.
    const WHAT: &'static str;
    /// The value as a `T`, moved (text and bytes are not copied again).
    fn from_value(v: Value) -> Option<Self>;
}

impl FromValue for i64 {
    const WHAT: &'static str = "an integer";
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Int(i) => Some(i),
            _ => None,
        }
    }
}

impl FromValue for i32 {
    const WHAT: &'static str = "a 32-bit integer";
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Int(i) => i32::try_from(i).ok(),
            _ => None,
        }
    }
}

impl FromValue for f64 {
    const WHAT: &'static str = "a number";
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Real(f) => Some(f),
            Value::Int(i) => Some(i as f64),
            _ => None,
        }
    }
}

impl FromValue for bool {
    const WHAT: &'static str = "a boolean";
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Int(i) => Some(i != 0),
            _ => None,
        }
    }
}

impl FromValue for String {
    const WHAT: &'static str = "text";
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl FromValue for Vec<u8> {
    const WHAT: &'static str = "bytes";
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Blob(b) => Some(b),
            _ => None,
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    const WHAT: &'static str = T::WHAT;
    fn from_value(v: Value) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// A row of a result. Each column is read once: [`Row::get`] moves its value out (the text of
/// a list of commitments is then allocated once, by the driver's read, not copied again).
pub(crate) struct Row {
    values: Vec<std::cell::Cell<Value>>,
    /// Columns read so far (the first 64), to catch a second read in debug builds.
    read: std::cell::Cell<u64>,
}

impl Row {
    pub(crate) fn new(values: Vec<Value>) -> Row {
        Row {
            values: values.into_iter().map(std::cell::Cell::new).collect(),
            read: std::cell::Cell::new(0),
        }
    }

    /// The values, for copying a row as it is.
    pub(crate) fn into_values(self) -> Vec<Value> {
        self.values
            .into_iter()
            .map(std::cell::Cell::into_inner)
            .collect()
    }

    /// Column `i` as a `T`; an error (never a panic) when it is missing or of another type.
    /// Moves the value out: a column is read once.
    pub(crate) fn get<T: FromValue>(&self, i: usize) -> R<T> {
        let cell = self.values.get(i).ok_or_else(|| {
            StoreError::Internal(format!("no column {i} in a row of {}", self.values.len()))
        })?;
        if i < 64 {
            let bit = 1u64 << i;
            debug_assert!(self.read.get() & bit == 0, "column {i} of a row read twice");
            self.read.set(self.read.get() | bit);
        }
        let v = cell.take();
        let kind = v.kind();
        T::from_value(v).ok_or_else(|| {
            Fail::Store(StoreError::Internal(format!(
                "column {i} is {kind}, not {}",
                T::WHAT
            )))
        })
    }
}

/// Why a step failed: the PostgreSQL driver's error (kept whole, to tell what to retry) or the
/// store's (SQLite's errors become the store's at once: nothing of them is retried).
pub(crate) enum Fail {
    Pg(postgres::Error),
    Store(StoreError),
}

pub(crate) type R<T> = std::result::Result<T, Fail>;

impl From<StoreError> for Fail {
    fn from(e: StoreError) -> Self {
        Fail::Store(e)
    }
}

impl From<rusqlite::Error> for Fail {
    fn from(e: rusqlite::Error) -> Self {
        Fail::Store(e.into())
    }
}

impl From<postgres::Error> for Fail {
    fn from(e: postgres::Error) -> Self {
        Fail::Pg(e)
    }
}

/// Where the two SQL dialects differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// `col` contains the word of parameter `?n` (made by [`Dialect::contains_param`]),
    /// ignoring the case of ASCII letters only, whatever the database's locale: SQLite's `LIKE`
    /// folds ASCII only; on PostgreSQL `ILIKE` and `lower()` would also fold other letters
    /// (full-width ＧＤＰ, Greek) by the locale's rules, so the column is lower-cased with
    /// `translate` and searched with `strpos`.
    fn contains(self, col: &str, n: usize) -> String {
        match self {
            Dialect::Sqlite => format!("{col} LIKE ?{n} ESCAPE '\\'"),
            Dialect::Postgres => format!(
                "strpos(translate({col}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), ?{n}) > 0"
            ),
        }
    }

    /// The columns of a table, in order, as rows of one text column; the table is `?1`.
    fn columns_sql(self) -> &'static str {
        match self {
            Dialect::Sqlite => "SELECT name FROM pragma_table_info(?1) ORDER BY cid",
            Dialect::Postgres => {
                "SELECT column_name::text FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = ?1 ORDER BY ordinal_position"
            }
        }
    }

    /// After rows were inserted with their ids: the statement that moves the id sequence of
    /// `table` past them (PostgreSQL; SQLite's ids follow the largest without being told).
    fn reset_sequence(self, table: &str) -> Option<String> {
        match self {
            Dialect::Sqlite => None,
            Dialect::Postgres => Some(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                               GREATEST(COALESCE(MAX(id), 0), 1), MAX(id) IS NOT NULL) FROM {table}"
            )),
        }
    }

    /// The parameter of [`Dialect::contains`] for a word.
    fn contains_param(self, word: &str) -> Param<'static> {
        match self {
            Dialect::Sqlite => {
                let mut out = String::with_capacity(word.len() + 2);
                out.push('%');
                for c in word.chars() {
                    if matches!(c, '%' | '_' | '\\') {
                        out.push('\\');
                    }
                    out.push(c);
                }
                out.push('%');
                Param::Text(Cow::Owned(out))
            }
            // `strpos` takes the word literally: no escaping.
            Dialect::Postgres => Param::Text(Cow::Owned(word.to_ascii_lowercase())),
        }
    }
}

/// A connection inside a transaction (or, for SQLite's reads, a connection).
pub(crate) trait Conn {
    fn dialect(&self) -> Dialect;
    /// The rows of a statement written with `?N` placeholders.
    fn query(&mut self, sql: &str, params: &[Param]) -> R<Vec<Row>>;
    /// Runs a statement; how many rows it changed.
    fn execute(&mut self, sql: &str, params: &[Param]) -> R<u64>;
}

impl dyn Conn + '_ {
    /// The first row, if any.
    pub(crate) fn opt(&mut self, sql: &str, params: &[Param]) -> R<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// The one row of a query; [`StoreError::NotFound`] when there is none.
    pub(crate) fn one(&mut self, sql: &str, params: &[Param]) -> R<Row> {
        self.opt(sql, params)?
            .ok_or(Fail::Store(StoreError::NotFound))
    }

    /// The first column of the one row of a query.
    pub(crate) fn value<T: FromValue>(&mut self, sql: &str, params: &[Param]) -> R<T> {
        self.one(sql, params)?.get(0)
    }
}

/// A database the stores' traits run on: it runs closures in transactions.
pub(crate) trait Backend: Send + Sync {
    /// Runs `f` on a reading connection, seeing one snapshot where the database can.
    fn read<T>(&self, f: impl FnMut(&mut dyn Conn) -> R<T>) -> Result<T>;
    /// Runs `f` in one write transaction: committed when it returns `Ok`, rolled back else.
    /// Write transactions are serialised (so the audit chain stays a chain); they may run `f`
    /// again after a failure that a retry can cure.
    fn write<T>(&self, f: impl FnMut(&mut dyn Conn) -> R<T>) -> Result<T>;
    /// [`Backend::write`] for the login rate limit: not counted as a change of the data, so
    /// views stay cached however many logins are tried.
    fn write_limiter<T>(&self, f: impl FnMut(&mut dyn Conn) -> R<T>) -> Result<T>;
    /// A number that changes with every committed write (by any process).
    fn data_generation(&self) -> Result<u64>;
}

/// Rewrites SQLite's numbered placeholders (`?1`) to PostgreSQL's (`$1`), leaving quoted
/// strings and identifiers as they are.
pub(crate) fn pg_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                }
                out.push(c);
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '?' && chars.peek().is_some_and(|d| d.is_ascii_digit()) => out.push('$'),
            None => out.push(c),
        }
    }
    out
}

/// Fails with [`StoreError::Conflict`] unless the row of `table` with `id` has `version`, or
/// [`StoreError::NotFound`] when there is no such row.
pub(crate) fn check_version(tx: &mut dyn Conn, table: &str, id: i64, version: i64) -> R<()> {
    let sql = format!("SELECT version FROM {table} WHERE id = ?1");
    match tx.opt(&sql, params![id])? {
        None => Err(StoreError::NotFound.into()),
        Some(r) if r.get::<i64>(0)? != version => Err(StoreError::Conflict.into()),
        Some(_) => Ok(()),
    }
}

/// Appends one entry to the audit log, chained to the one before. Write transactions are
/// serialised ([`Backend::write`]), so no other can append between the read and the insert.
pub(crate) fn audit(
    tx: &mut dyn Conn,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> R<()> {
    let prev: String = match tx.opt("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", &[])? {
        Some(r) => r.get(0)?,
        None => String::new(),
    };
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
        actor.via,
    );
    tx.execute(
        "INSERT INTO audit_log (at, user_id, user_name, action, entity, entity_id, before_json, after_json, prev_hash, hash, via)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![at, actor.user_id, actor.name, action, entity, entity_id, before, after, prev, hash, actor.via],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_rewritten_outside_quotes() {
        assert_eq!(
            pg_placeholders("SELECT a FROM t WHERE b = ?1 AND c = '?2' AND \"?3\" = ?12"),
            "SELECT a FROM t WHERE b = $1 AND c = '?2' AND \"?3\" = $12"
        );
        assert_eq!(
            pg_placeholders("x LIKE ?1 ESCAPE '\\'"),
            "x LIKE $1 ESCAPE '\\'"
        );
        assert_eq!(pg_placeholders("a ? b"), "a ? b");
    }

    #[test]
    fn values_are_read_as_their_types_or_fail() {
        let row = |v: Vec<Value>| Row::new(v);
        let r = row(vec![
            Value::Int(3),
            Value::Null,
            Value::Text("x".into()),
            Value::Real(1.5),
            Value::Int(1 << 40),
            Value::Int(3),
            Value::Int(3),
        ]);
        assert_eq!(r.get::<i64>(0).ok(), Some(3));
        assert_eq!(r.get::<f64>(5).ok(), Some(3.0));
        assert_eq!(r.get::<bool>(6).ok(), Some(true));
        assert_eq!(r.get::<Option<String>>(1).ok(), Some(None));
        assert_eq!(r.get::<String>(2).ok(), Some("x".to_string()));
        assert_eq!(r.get::<f64>(3).ok(), Some(1.5));
        assert!(r.get::<i32>(4).is_err());
        assert!(r.get::<i64>(9).is_err());
        let r = row(vec![Value::Text("x".into()), Value::Null]);
        assert!(r.get::<i64>(0).is_err());
        assert!(r.get::<String>(1).is_err());
    }

    #[test]
    fn like_words_are_escaped_for_sqlite_only() {
        assert_eq!(
            Dialect::Sqlite.contains_param("5%_\\Ab"),
            Param::Text("%5\\%\\_\\\\Ab%".into())
        );
        assert_eq!(
            Dialect::Postgres.contains_param("5%_Ab"),
            Param::Text("5%_ab".into())
        );
    }
}
