//! A whole tracker copied from one database to another, whatever their backends: a backup of
//! PostgreSQL into a SQLite file, a restore from one into PostgreSQL (`crate::maintenance`).

use std::path::Path;

use super::{params, Backend, Conn, Fail, Param, ToParam, R};
use crate::store::{Result, StoreError};
use crate::util::sha256_hex;

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
    "evidence_data",
    "reminders",
    "requests",
    "milestones",
    "settings",
    "audit_log",
];

const USED: &str = "SELECT (SELECT COUNT(*) FROM reports) + (SELECT COUNT(*) FROM users)
    + (SELECT COUNT(*) FROM departments) + (SELECT COUNT(*) FROM audit_log)";

/// Whether the database holds the bytes of the evidence file stored as `stored_name`.
pub(crate) fn holds_evidence(db: &impl Backend, stored_name: &str) -> Result<bool> {
    db.read(|tx| {
        Ok(tx
            .opt(
                "SELECT 1 FROM evidence e JOIN evidence_data d ON d.evidence_id = e.id
                 WHERE e.stored_name = ?1",
                params![stored_name],
            )?
            .is_some())
    })
}

/// Copies every table of `from` into `to`, whose tracker must be empty: `from` read in one
/// snapshot, `to` written in one transaction (all or nothing), ids kept. Refused with
/// [`StoreError::Invalid`] when `to` already holds a tracker. With `files_in`, the evidence
/// files of `from` that are in that directory (not in its database) go into `to`'s database,
/// each checked against its SHA-256, in the same transaction.
pub(crate) fn copy_tracker(
    from: &impl Backend,
    to: &impl Backend,
    files_in: Option<&Path>,
) -> Result<()> {
    from.read(|src| {
        to.write(|dst| {
            copy_into(src, dst)?;
            match files_in {
                Some(dir) => move_files_in(dst, dir),
                None => Ok(0),
            }
        })
        .map_err(Fail::Store)
    })?;
    Ok(())
}

/// Puts the evidence files of `dir` that the database names but does not hold into its
/// `evidence_data`, each checked against its size and SHA-256; how many. A file that is
/// missing or does not match fails the whole transaction.
pub(crate) fn move_files_in(tx: &mut dyn Conn, dir: &Path) -> R<usize> {
    let rows = tx.query(
        "SELECT e.id, e.stored_name, e.size, e.sha256 FROM evidence e
         WHERE NOT EXISTS (SELECT 1 FROM evidence_data d WHERE d.evidence_id = e.id) ORDER BY e.id",
        &[],
    )?;
    for r in &rows {
        let (id, name): (i64, String) = (r.get(0)?, r.get(1)?);
        let (size, sha): (i64, String) = (r.get(2)?, r.get(3)?);
        if !name.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(StoreError::Invalid(format!("evidence {id}: stored name {name:?}")).into());
        }
        let path = dir.join(&name);
        let data = std::fs::read(&path)
            .map_err(|e| StoreError::Invalid(format!("evidence file {}: {e}", path.display())))?;
        if data.len() as i64 != size || sha256_hex(&data) != sha {
            return Err(StoreError::Invalid(format!(
                "evidence file {}: its content does not match the database (size or SHA-256)",
                path.display()
            ))
            .into());
        }
        tx.execute(
            "INSERT INTO evidence_data (evidence_id, data) VALUES (?1, ?2)",
            &[Param::Int(id), Param::Blob(data.into())],
        )?;
    }
    Ok(rows.len())
}

/// [`move_files_in`] in a write transaction of its own: `zhibiao evidence move-in`.
pub(crate) fn move_evidence_in(db: &impl Backend, dir: &Path) -> Result<usize> {
    db.write(|tx| move_files_in(tx, dir))
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
        for row in rows {
            let row = row.into_values();
            let values: Vec<Param> = row.iter().map(ToParam::param).collect();
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
