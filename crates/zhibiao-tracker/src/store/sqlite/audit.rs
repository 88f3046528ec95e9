//! The audit log: append-only (triggers refuse UPDATE and DELETE) and hash-chained.

use rusqlite::Connection;

use super::SqliteStore;
use crate::store::{chain_hash, AuditEntry, AuditStore, Result};

fn entries(conn: &Connection, limit: i64, offset: i64) -> Result<Vec<AuditEntry>> {
    let mut st = conn.prepare(
        "SELECT id, at, user_name, action, entity, entity_id, before_json, after_json, hash
         FROM audit_log ORDER BY id DESC LIMIT ?1 OFFSET ?2",
    )?;
    let rows = st.query_map([limit, offset], |r| {
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
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

impl AuditStore for SqliteStore {
    fn audit(&self, limit: i64, offset: i64) -> Result<Vec<AuditEntry>> {
        self.read(|c| entries(c, limit, offset))
    }

    fn audit_count(&self) -> Result<i64> {
        self.read(|c| Ok(c.query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))?))
    }

    fn verify_audit(&self) -> Result<Option<i64>> {
        self.read(|c| {
            let mut st = c.prepare(
                "SELECT id, at, user_id, user_name, action, entity, entity_id, before_json, after_json, prev_hash, hash
                 FROM audit_log ORDER BY id",
            )?;
            let mut rows = st.query([])?;
            let mut prev = String::new();
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                let before: Option<String> = r.get(7)?;
                let after: Option<String> = r.get(8)?;
                let stored_prev: String = r.get(9)?;
                let hash: String = r.get(10)?;
                let expected = chain_hash(
                    &prev,
                    r.get(1)?,
                    r.get(2)?,
                    &r.get::<_, String>(3)?,
                    &r.get::<_, String>(4)?,
                    &r.get::<_, String>(5)?,
                    r.get(6)?,
                    before.as_deref(),
                    after.as_deref(),
                );
                if stored_prev != prev || hash != expected {
                    return Ok(Some(id));
                }
                prev = hash;
            }
            Ok(None)
        })
    }
}
