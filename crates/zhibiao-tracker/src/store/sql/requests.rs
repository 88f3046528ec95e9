//! Inserting a department's request about its task (延期, 办结): shared by the office's
//! store and by a progress update that asks to close its task, in their transactions.

use super::{audit, params, Conn, R};
use crate::store::{Actor, Commitment, RequestKind, StoreError};
use crate::util::now;

/// Inserts a request about `c` by `actor` (audited); its id. Refused while one of the same
/// kind waits for the office.
pub(super) fn insert_request(
    tx: &mut dyn Conn,
    actor: &Actor,
    c: &Commitment,
    kind: RequestKind,
    reason: &str,
    new_deadline: Option<&str>,
) -> R<i64> {
    let waiting = tx.opt(
        "SELECT id FROM requests WHERE commitment_id = ?1 AND kind = ?2 AND decision IS NULL",
        params![c.id, kind.key()],
    )?;
    if waiting.is_some() {
        return Err(StoreError::Invalid(format!(
            "这项任务已有一份{}等待督查室处理，请等处理后再提交",
            kind.label()
        ))
        .into());
    }
    let old = match kind {
        RequestKind::Extension => Some(c.deadline.as_str()),
        RequestKind::Close => None,
    };
    let id: i64 = tx.value(
        "INSERT INTO requests (commitment_id, kind, reason, old_deadline, new_deadline,
            requested_by, requested_by_name, requested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        params![
            c.id,
            kind.key(),
            reason,
            old,
            new_deadline,
            actor.user_id,
            actor.name,
            now()
        ],
    )?;
    let after = serde_json::json!({
        "task": c.display_number(), "title": c.title, "kind": kind.key(), "reason": reason,
        "old_deadline": old, "new_deadline": new_deadline,
    });
    audit(
        tx,
        actor,
        kind.key(),
        "request",
        Some(id),
        None,
        Some(&after),
    )?;
    Ok(id)
}
