//! The 督查室's workflow: 催办 reminders, requests (延期, 办结) and decisions, milestones, the
//! office's thresholds.

use std::collections::HashMap;

use super::requests::insert_request;
use super::{audit, params, Backend, Conn, Row, R};
use crate::domain::State;
use crate::store::{
    snapshot, Actor, Milestone, OfficeStore, Reminder, ReminderReason, Request, RequestKind,
    Result, StoreError, Thresholds,
};
use crate::util::now;

const REMINDER: &str = "SELECT m.id, m.commitment_id, c.number, c.seq, c.title, m.department_id,
        d.name, m.reason, m.message, m.sent_by_name, m.sent_at, m.read_at, m.answered_at,
        m.mailed_to
    FROM reminders m JOIN commitments c ON c.id = m.commitment_id
    LEFT JOIN departments d ON d.id = m.department_id";

fn number(n: String, seq: i64) -> String {
    if n.is_empty() {
        seq.to_string()
    } else {
        n
    }
}

fn reminder(r: &Row) -> R<Reminder> {
    let reason = ReminderReason::parse(&r.get::<String>(7)?).unwrap_or(ReminderReason::Other);
    Ok(Reminder {
        id: r.get(0)?,
        commitment_id: r.get(1)?,
        number: number(r.get(2)?, r.get(3)?),
        title: r.get(4)?,
        department_id: r.get(5)?,
        department: r.get(6)?,
        reason,
        reason_label: reason.label(),
        message: r.get(8)?,
        sent_by_name: r.get(9)?,
        sent_at: r.get(10)?,
        read_at: r.get(11)?,
        answered_at: r.get(12)?,
        mailed_to: r.get(13)?,
    })
}

const REQUEST: &str = "SELECT q.id, q.commitment_id, c.number, c.seq, c.title, d.name, q.kind,
        q.reason, q.old_deadline, q.new_deadline, q.requested_by_name, q.requested_at,
        q.decision, q.decided_by_name, q.decided_at, q.note
    FROM requests q JOIN commitments c ON c.id = q.commitment_id
    LEFT JOIN departments d ON d.id = c.lead_department_id";

fn request(r: &Row) -> R<Request> {
    let kind = RequestKind::parse(&r.get::<String>(6)?).unwrap_or(RequestKind::Extension);
    let decision: Option<String> = r.get(12)?;
    Ok(Request {
        id: r.get(0)?,
        commitment_id: r.get(1)?,
        number: number(r.get(2)?, r.get(3)?),
        title: r.get(4)?,
        department: r.get(5)?,
        kind,
        kind_label: kind.label(),
        reason: r.get(7)?,
        old_deadline: r.get(8)?,
        new_deadline: r.get(9)?,
        requested_by_name: r.get(10)?,
        requested_at: r.get(11)?,
        approved: decision.map(|d| d == "approved"),
        decided_by_name: r.get(13)?,
        decided_at: r.get(14)?,
        note: r.get(15)?,
    })
}

fn milestone(r: &Row) -> R<Milestone> {
    Ok(Milestone {
        id: r.get(0)?,
        commitment_id: r.get(1)?,
        title: r.get(2)?,
        due: r.get(3)?,
        done_on: r.get(4)?,
    })
}

const MILESTONE: &str = "SELECT id, commitment_id, title, due, done_on FROM milestones";

fn one_request(tx: &mut dyn Conn, id: i64) -> R<Request> {
    match tx.opt(&format!("{REQUEST} WHERE q.id = ?1"), params![id])? {
        Some(r) => request(&r),
        None => Err(StoreError::NotFound.into()),
    }
}

fn one_milestone(tx: &mut dyn Conn, id: i64) -> R<Milestone> {
    match tx.opt(&format!("{MILESTONE} WHERE id = ?1"), params![id])? {
        Some(r) => milestone(&r),
        None => Err(StoreError::NotFound.into()),
    }
}

/// Touches a task (its version and time), so that lists and caches see the change.
fn touch(tx: &mut dyn Conn, id: i64) -> R<()> {
    tx.execute(
        "UPDATE commitments SET version = version + 1, updated_at = ?1 WHERE id = ?2",
        params![now(), id],
    )?;
    Ok(())
}

/// The office's thresholds as stored (the defaults for those never set).
fn read_thresholds(tx: &mut dyn Conn) -> R<Thresholds> {
    let mut t = Thresholds::default();
    for r in &tx.query("SELECT key, value FROM settings", &[])? {
        let (k, v): (String, String) = (r.get(0)?, r.get(1)?);
        let Ok(n) = v.parse::<i64>() else { continue };
        match k.as_str() {
            "due_soon_days" => t.due_soon_days = n,
            "silent_days" => t.silent_days = n,
            _ => {}
        }
    }
    Ok(t)
}

impl<B: Backend> OfficeStore for B {
    fn remind(
        &self,
        actor: &Actor,
        commitment_id: i64,
        reason: ReminderReason,
        message: &str,
    ) -> Result<i64> {
        self.write(|tx| {
            let c = super::commitments::load_one(tx, commitment_id)?;
            let Some(dept) = c.lead_department_id else {
                return Err(StoreError::Invalid(
                    "这项任务还没有牵头单位，无法催办；请先分配".into(),
                )
                .into());
            };
            if matches!(c.state, State::Done | State::Failed) {
                return Err(StoreError::Invalid("这项任务已办结，无需催办".into()).into());
            }
            let id: i64 = tx.value(
                "INSERT INTO reminders (commitment_id, department_id, reason, message, sent_by,
                    sent_by_name, sent_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
                params![
                    commitment_id,
                    dept,
                    reason.key(),
                    message,
                    actor.user_id,
                    actor.name,
                    now()
                ],
            )?;
            let after = serde_json::json!({
                "task": c.display_number(), "title": c.title, "department": c.lead_department,
                "reason": reason.label(), "message": message,
            });
            audit(
                tx,
                actor,
                "remind",
                "commitment",
                Some(commitment_id),
                None,
                Some(&after),
            )?;
            Ok(id)
        })
    }

    fn reminder_mailed(&self, id: i64, to: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "UPDATE reminders SET mailed_to = ?1 WHERE id = ?2",
                params![to, id],
            )?;
            Ok(())
        })
    }

    fn reminders_of(&self, commitment_id: i64) -> Result<Vec<Reminder>> {
        self.read(|tx| {
            tx.query(
                &format!("{REMINDER} WHERE m.commitment_id = ?1 ORDER BY m.id DESC"),
                params![commitment_id],
            )?
            .iter()
            .map(reminder)
            .collect()
        })
    }

    fn department_reminders(&self, department_id: i64, open: bool) -> Result<Vec<Reminder>> {
        let only = if open {
            " AND m.answered_at IS NULL"
        } else {
            ""
        };
        self.read(|tx| {
            tx.query(
                &format!("{REMINDER} WHERE m.department_id = ?1{only} ORDER BY m.id DESC"),
                params![department_id],
            )?
            .iter()
            .map(reminder)
            .collect()
        })
    }

    fn mark_reminders_read(&self, department_id: i64) -> Result<()> {
        self.write_limiter(|tx| {
            tx.execute(
                "UPDATE reminders SET read_at = ?1 WHERE department_id = ?2 AND read_at IS NULL",
                params![now(), department_id],
            )?;
            Ok(())
        })
    }

    fn all_reminders(&self, limit: i64) -> Result<Vec<Reminder>> {
        self.read(|tx| {
            tx.query(
                &format!("{REMINDER} ORDER BY m.id DESC LIMIT ?1"),
                params![limit],
            )?
            .iter()
            .map(reminder)
            .collect()
        })
    }

    fn request(
        &self,
        actor: &Actor,
        commitment_id: i64,
        kind: RequestKind,
        reason: &str,
        new_deadline: Option<&str>,
    ) -> Result<i64> {
        self.write(|tx| {
            let c = super::commitments::load_one(tx, commitment_id)?;
            if matches!(c.state, State::Done | State::Failed) {
                return Err(StoreError::Invalid("这项任务已办结".into()).into());
            }
            if kind == RequestKind::Extension {
                match new_deadline {
                    Some(d) if d > c.deadline.as_str() => {}
                    _ => {
                        return Err(StoreError::Invalid(format!(
                            "申请的新完成时限应晚于现在的 {}",
                            c.deadline
                        ))
                        .into())
                    }
                }
            }
            let id = insert_request(tx, actor, &c, kind, reason, new_deadline)?;
            touch(tx, commitment_id)?;
            Ok(id)
        })
    }

    fn requests_of(&self, commitment_id: i64) -> Result<Vec<Request>> {
        self.read(|tx| {
            tx.query(
                &format!("{REQUEST} WHERE q.commitment_id = ?1 ORDER BY q.id DESC"),
                params![commitment_id],
            )?
            .iter()
            .map(request)
            .collect()
        })
    }

    fn open_requests(&self) -> Result<Vec<Request>> {
        self.read(|tx| {
            tx.query(
                &format!("{REQUEST} WHERE q.decision IS NULL ORDER BY q.id"),
                &[],
            )?
            .iter()
            .map(request)
            .collect()
        })
    }

    fn request_by_id(&self, id: i64) -> Result<Request> {
        self.read(|tx| one_request(tx, id))
    }

    fn decide(&self, actor: &Actor, request_id: i64, approve: bool, note: &str) -> Result<()> {
        self.write(|tx| {
            let before = one_request(tx, request_id)?;
            if before.approved.is_some() {
                return Err(StoreError::Invalid("这份申请已经处理过了".into()).into());
            }
            let c = super::commitments::load_one(tx, before.commitment_id)?;
            tx.execute(
                "UPDATE requests SET decision = ?1, decided_by_name = ?2, decided_at = ?3, note = ?4
                 WHERE id = ?5",
                params![if approve { "approved" } else { "refused" }, actor.name, now(), note, request_id],
            )?;
            if approve {
                match before.kind {
                    RequestKind::Extension => {
                        tx.execute(
                            "UPDATE commitments SET deadline = ?1 WHERE id = ?2",
                            params![before.new_deadline, c.id],
                        )?;
                    }
                    RequestKind::Close => {
                        tx.execute(
                            "UPDATE commitments SET state = ?1, percent = 100 WHERE id = ?2",
                            params![State::Done.key(), c.id],
                        )?;
                    }
                }
            }
            touch(tx, c.id)?;
            let after = one_request(tx, request_id)?;
            let mut after = snapshot(&after);
            after["task_deadline"] = serde_json::json!([c.deadline, super::commitments::load_one(tx, c.id)?.deadline]);
            audit(
                tx,
                actor,
                if approve { "approve" } else { "refuse" },
                "request",
                Some(request_id),
                Some(&snapshot(&before)),
                Some(&after),
            )?;
            Ok(())
        })
    }

    fn milestones_of(&self, commitment_id: i64) -> Result<Vec<Milestone>> {
        self.read(|tx| {
            tx.query(
                &format!("{MILESTONE} WHERE commitment_id = ?1 ORDER BY due, id"),
                params![commitment_id],
            )?
            .iter()
            .map(milestone)
            .collect()
        })
    }

    fn all_milestones(&self) -> Result<HashMap<i64, Vec<Milestone>>> {
        self.read(|tx| {
            let mut out: HashMap<i64, Vec<Milestone>> = HashMap::new();
            for r in &tx.query(&format!("{MILESTONE} ORDER BY commitment_id, due, id"), &[])? {
                let m = milestone(r)?;
                out.entry(m.commitment_id).or_default().push(m);
            }
            Ok(out)
        })
    }

    fn milestone(&self, id: i64) -> Result<Milestone> {
        self.read(|tx| one_milestone(tx, id))
    }

    fn add_milestone(
        &self,
        actor: &Actor,
        commitment_id: i64,
        title: &str,
        due: &str,
    ) -> Result<i64> {
        self.write(|tx| {
            let c = super::commitments::load_one(tx, commitment_id)?;
            let id: i64 = tx.value(
                "INSERT INTO milestones (commitment_id, title, due, created_at)
                 VALUES (?1, ?2, ?3, ?4) RETURNING id",
                params![commitment_id, title, due, now()],
            )?;
            touch(tx, commitment_id)?;
            let after = one_milestone(tx, id)?;
            let mut after = snapshot(&after);
            after["task"] = c.display_number().into();
            audit(
                tx,
                actor,
                "create",
                "milestone",
                Some(id),
                None,
                Some(&after),
            )?;
            Ok(id)
        })
    }

    fn set_milestone(&self, actor: &Actor, id: i64, done_on: Option<&str>) -> Result<()> {
        self.write(|tx| {
            let before = one_milestone(tx, id)?;
            tx.execute(
                "UPDATE milestones SET done_on = ?1 WHERE id = ?2",
                params![done_on, id],
            )?;
            touch(tx, before.commitment_id)?;
            let after = one_milestone(tx, id)?;
            audit(
                tx,
                actor,
                "edit",
                "milestone",
                Some(id),
                Some(&snapshot(&before)),
                Some(&snapshot(&after)),
            )?;
            Ok(())
        })
    }

    fn delete_milestone(&self, actor: &Actor, id: i64) -> Result<()> {
        self.write(|tx| {
            let before = one_milestone(tx, id)?;
            tx.execute("DELETE FROM milestones WHERE id = ?1", params![id])?;
            touch(tx, before.commitment_id)?;
            audit(
                tx,
                actor,
                "delete",
                "milestone",
                Some(id),
                Some(&snapshot(&before)),
                None,
            )?;
            Ok(())
        })
    }

    fn thresholds(&self) -> Result<Thresholds> {
        self.read(read_thresholds)
    }

    fn set_thresholds(&self, actor: &Actor, t: &Thresholds) -> Result<()> {
        self.write(|tx| {
            let before = snapshot(&read_thresholds(tx)?);
            for (k, v) in [
                ("due_soon_days", t.due_soon_days),
                ("silent_days", t.silent_days),
            ] {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    params![k, v.to_string()],
                )?;
            }
            audit(
                tx,
                actor,
                "settings",
                "settings",
                None,
                Some(&before),
                Some(&snapshot(t)),
            )?;
            Ok(())
        })
    }
}
