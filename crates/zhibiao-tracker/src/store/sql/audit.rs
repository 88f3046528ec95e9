//! The audit log: append-only (triggers refuse UPDATE, DELETE and TRUNCATE) and hash-chained
//! with the same hash as SQLite's.

use std::borrow::Cow;

use super::{params, Backend, Param, Row, R};
use crate::store::{chain_hash, AuditEntry, AuditFilter, AuditStore, Result};

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

/// The WHERE clause of a filter (empty, or starting with a space) and its parameters, `?1` on.
/// The same SQL on both databases: plain comparisons and `IN (SELECT …)`.
fn where_of(f: &AuditFilter) -> (String, Vec<Param<'static>>) {
    let mut wh: Vec<String> = Vec::new();
    let mut ps: Vec<Param<'static>> = Vec::new();
    if let Some(u) = f.user_id {
        ps.push(Param::Int(u));
        wh.push(format!("user_id = ?{}", ps.len()));
    }
    if let Some(d) = f.department_id {
        ps.push(Param::Int(d));
        let n = ps.len();
        wh.push(format!(
            "(user_id IN (SELECT id FROM users WHERE department_id = ?{n})
              OR (entity = 'department' AND entity_id = ?{n})
              OR (entity = 'commitment' AND entity_id IN
                  (SELECT id FROM commitments WHERE lead_department_id = ?{n}
                   UNION SELECT commitment_id FROM commitment_departments WHERE department_id = ?{n})))"
        ));
    }
    if let Some(a) = &f.action {
        ps.push(Param::Text(Cow::Owned(a.clone())));
        wh.push(format!("action = ?{}", ps.len()));
    }
    if let Some(t) = f.from {
        ps.push(Param::Int(t));
        wh.push(format!("at >= ?{}", ps.len()));
    }
    if let Some(t) = f.until {
        ps.push(Param::Int(t));
        wh.push(format!("at < ?{}", ps.len()));
    }
    if wh.is_empty() {
        (String::new(), ps)
    } else {
        (format!(" WHERE {}", wh.join(" AND ")), ps)
    }
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

    fn audit_find(
        &self,
        filter: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<AuditEntry>, i64)> {
        let (wh, mut ps) = where_of(filter);
        let count_sql = format!("SELECT COUNT(*) FROM audit_log{wh}");
        let n = ps.len();
        let list_sql = format!(
            "SELECT id, at, user_name, action, entity, entity_id, before_json, after_json, hash, via
             FROM audit_log{wh} ORDER BY id DESC LIMIT ?{} OFFSET ?{}",
            n + 1,
            n + 2
        );
        let count_params = ps.clone();
        ps.push(Param::Int(if limit < 0 { i64::MAX } else { limit }));
        ps.push(Param::Int(offset.max(0)));
        self.read(|tx| {
            let total: i64 = tx.value(&count_sql, &count_params)?;
            let rows = tx
                .query(&list_sql, &ps)?
                .iter()
                .map(entry)
                .collect::<R<Vec<_>>>()?;
            Ok((rows, total))
        })
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
