//! The audit log: append-only (triggers refuse UPDATE, DELETE and TRUNCATE) and hash-chained
//! with the same hash as SQLite's.

use super::{params, Backend, Row, R};
use crate::store::{chain_hash, AuditEntry, AuditStore, Result};

fn entry(r: &Row) -> R<AuditEntry> {
    Ok(AuditEntry {
        id: r.get(0)?,
        at: r.get(1)?,
        user_name: r.get(2)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        entity_id: r.get(5)?,
        before: r.get(6)?,
        after: r.get(7)?,
        hash: r.get(8)?,
        via: r.get(9)?,
    })
}

/// Entries verified per query, so that a long log is never held in memory at once.
const VERIFY_BATCH: i64 = 1000;

impl<B: Backend> AuditStore for B {
    fn audit(&self, limit: i64, offset: i64) -> Result<Vec<AuditEntry>> {
        self.read(|tx| {
            tx.query(
                "SELECT id, at, user_name, action, entity, entity_id, before_json, after_json, hash, via
                 FROM audit_log ORDER BY id DESC LIMIT ?1 OFFSET ?2",
                // A negative limit is no limit and a negative offset none (SQLite's rule, on both).
                params![if limit < 0 { i64::MAX } else { limit }, offset.max(0)],
            )?
            .iter()
            .map(entry)
            .collect()
        })
    }

    fn audit_count(&self) -> Result<i64> {
        self.read(|tx| tx.value("SELECT COUNT(*) FROM audit_log", &[]))
    }

    fn verify_audit(&self) -> Result<Option<i64>> {
        self.read(|tx| {
            let mut prev = String::new();
            let mut after_id = i64::MIN;
            loop {
                let rows = tx.query(
                    "SELECT id, at, user_id, user_name, action, entity, entity_id, before_json, after_json, prev_hash, hash, via
                     FROM audit_log WHERE id > ?1 ORDER BY id LIMIT ?2",
                    params![after_id, VERIFY_BATCH],
                )?;
                if rows.is_empty() {
                    return Ok(None);
                }
                for r in &rows {
                    let id: i64 = r.get(0)?;
                    let before: Option<String> = r.get(7)?;
                    let after: Option<String> = r.get(8)?;
                    let stored_prev: String = r.get(9)?;
                    let hash: String = r.get(10)?;
                    let expected = chain_hash(
                        &prev,
                        r.get(1)?,
                        r.get(2)?,
                        &r.get::<String>(3)?,
                        &r.get::<String>(4)?,
                        &r.get::<String>(5)?,
                        r.get(6)?,
                        before.as_deref(),
                        after.as_deref(),
                        r.get::<Option<String>>(11)?.as_deref(),
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
