//! The audit log: append-only (triggers refuse UPDATE, DELETE and TRUNCATE) and hash-chained
//! with the same hash as SQLite's.

use postgres::Row;

use super::{get, PgStore, R};
use crate::store::{chain_hash, AuditEntry, AuditStore, Result};

fn entry(r: &Row) -> R<AuditEntry> {
    Ok(AuditEntry {
        id: get(r, 0)?,
        at: get(r, 1)?,
        user_name: get(r, 2)?,
        action: get(r, 3)?,
        entity: get(r, 4)?,
        entity_id: get(r, 5)?,
        before: get(r, 6)?,
        after: get(r, 7)?,
        hash: get(r, 8)?,
    })
}

/// Entries verified per query, so that a long log is never held in memory at once.
const VERIFY_BATCH: i64 = 1000;

impl AuditStore for PgStore {
    fn audit(&self, limit: i64, offset: i64) -> Result<Vec<AuditEntry>> {
        self.read(|tx| {
            tx.query(
                "SELECT id, at, user_name, action, entity, entity_id, before_json, after_json, hash
                 FROM audit_log ORDER BY id DESC LIMIT $1 OFFSET $2",
                // A negative limit is no limit and a negative offset none, as in SQLite.
                &[&(limit >= 0).then_some(limit), &offset.max(0)],
            )?
            .iter()
            .map(entry)
            .collect()
        })
    }

    fn audit_count(&self) -> Result<i64> {
        self.read(|tx| get(&tx.one("SELECT COUNT(*) FROM audit_log", &[])?, 0))
    }

    fn verify_audit(&self) -> Result<Option<i64>> {
        self.read(|tx| {
            let mut prev = String::new();
            let mut after_id = i64::MIN;
            loop {
                let rows = tx.query(
                    "SELECT id, at, user_id, user_name, action, entity, entity_id, before_json, after_json, prev_hash, hash
                     FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
                    &[&after_id, &VERIFY_BATCH],
                )?;
                if rows.is_empty() {
                    return Ok(None);
                }
                for r in &rows {
                    let id: i64 = get(r, 0)?;
                    let before: Option<String> = get(r, 7)?;
                    let after: Option<String> = get(r, 8)?;
                    let stored_prev: String = get(r, 9)?;
                    let hash: String = get(r, 10)?;
                    let expected = chain_hash(
                        &prev,
                        get(r, 1)?,
                        get(r, 2)?,
                        &get::<String>(r, 3)?,
                        &get::<String>(r, 4)?,
                        &get::<String>(r, 5)?,
                        get(r, 6)?,
                        before.as_deref(),
                        after.as_deref(),
                    );
                    if stored_prev != prev || hash != expected {
                        return Ok(Some(id));
                    }
                    prev = hash;
                    after_id = id;
                }
            }
        })
    }
}
