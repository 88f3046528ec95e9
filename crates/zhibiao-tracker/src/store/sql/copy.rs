//! A whole tracker copied from one database to another, whatever their backends: a backup of
//! PostgreSQL into a SQLite file, a restore from one into PostgreSQL (`crate::maintenance`).

use super::{params, Backend, Conn, Fail, Param, ToParam, R};
use crate::store::{Result, StoreError};

/// The tables copied, parents before children. Sessions and the login rate limit's counts are
/// left out: they belong to the server they were made on.
pub(crate) const TABLES: &[&str] = &[
    "departments",
    "users",
    "reports",
    "commitments",
    "commitment_departments",
    "targets",
    "updates",
    "evidence",
    "audit_log",
];

const USED: &str = "SELECT (SELECT COUNT(*) FROM reports) + (SELECT COUNT(*) FROM users)
    + (SELECT COUNT(*) FROM departments) + (SELECT COUNT(*) FROM audit_log)";

/// Whether the database holds no tracker yet (no report, user, department or audit entry).
pub(crate) fn is_empty(db: &impl Backend) -> Result<bool> {
    db.read(|tx| Ok(tx.value::<i64>(USED, &[])? == 0))
}

/// Copies every table of `from` into `to`, whose tracker must be empty: `from` read in one
/// snapshot, `to` written in one transaction (all or nothing), ids kept. Refused with
/// [`StoreError::Invalid`] when `to` already holds a tracker.
pub(crate) fn copy_tracker(from: &impl Backend, to: &impl Backend) -> Result<()> {
    from.read(|src| to.write(|dst| copy_into(src, dst)).map_err(Fail::Store))
}

fn copy_into(src: &mut dyn Conn, dst: &mut dyn Conn) -> R<()> {
    if dst.value::<i64>(USED, &[])? > 0 {
        return Err(StoreError::Invalid(
            "already holds a tracker; restore into an empty database (nothing was changed)".into(),
        )
        .into());
    }
    for table in TABLES {
        let sql = dst.dialect().columns_sql();
        let cols = dst
            .query(sql, params![table])?
            .iter()
            .map(|r| r.get::<String>(0))
            .collect::<R<Vec<String>>>()?;
        if cols.is_empty() {
            return Err(StoreError::Internal(format!("no table {table}")).into());
        }
        let list = cols.join(", ");
        let rows = src.query(&format!("SELECT {list} FROM {table} ORDER BY 1"), &[])?;
        let slots: Vec<String> = (1..=cols.len()).map(|i| format!("?{i}")).collect();
        let insert = format!("INSERT INTO {table} ({list}) VALUES ({})", slots.join(", "));
        for row in &rows {
            let values: Vec<Param> = row.0.iter().map(ToParam::param).collect();
            dst.execute(&insert, &values)?;
        }
        if cols.iter().any(|c| c == "id") {
            if let Some(sql) = dst.dialect().reset_sequence(table) {
                dst.query(&sql, &[])?;
            }
        }
    }
    Ok(())
}
