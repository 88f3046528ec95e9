//! The audit log: append-only (triggers refuse UPDATE and DELETE) and hash-chained.

use rusqlite::Connection;

use super::SqliteStore;
use crate::store::{AuditEntry, AuditStore, Result};
use crate::util::sha256_hex;

/// The hash of an entry: SHA-256 over the previous hash and every field, each
/// length-prefixed so that no two entries serialise alike.
#[allow(clippy::too_many_arguments)]
pub(super) fn chain_hash(
    prev: &str,
    at: i64,
    user_id: Option<i64>,
    user_name: &str,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    before: Option<&str>,
    after: Option<&str>,
) -> String {
    let fields = [
        prev.to_string(),
        at.to_string(),
        user_id.map(|i| i.to_string()).unwrap_or_default(),
        user_name.to_string(),
        action.to_string(),
        entity.to_string(),
        entity_id.map(|i| i.to_string()).unwrap_or_default(),
        before.unwrap_or("").to_string(),
        after.unwrap_or("").to_string(),
    ];
    let mut buf = String::new();
    for f in &fields {
        buf.push_str(&f.len().to_string());
        buf.push(':');
        buf.push_str(f);
    }
    sha256_hex(buf.as_bytes())
}

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
