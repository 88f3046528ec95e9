//! The 督查室's work: which tasks to press (due soon, overdue, silent — by the thresholds the
//! office set), sending a 催办 (recorded, and e-mailed when an SMTP relay is configured).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::State;
use crate::error::AppError;
use crate::store::{Actor, Commitment, Filter, ReminderReason, Store, Thresholds};
use crate::views;

/// The tasks to press today, each list most urgent first.
pub struct Pressing {
    pub thresholds: Thresholds,
    /// Open past their deadline.
    pub overdue: Vec<Commitment>,
    /// Open, due within `due_soon_days`.
    pub due_soon: Vec<Commitment>,
    /// Open, no update for `silent_days` (counted from the assignment when never updated).
    pub silent: Vec<Commitment>,
    /// Per task, its 催办 not answered yet.
    pub open_reminders: HashMap<i64, usize>,
}

/// Sorts the assigned open tasks into [`Pressing`]'s lists (a task in one list only: overdue,
/// else due soon, else silent).
pub fn sort_out(
    list: Vec<Commitment>,
    t: Thresholds,
    today: NaiveDate,
) -> (Vec<Commitment>, Vec<Commitment>, Vec<Commitment>) {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let (mut overdue, mut due_soon, mut silent) = (Vec::new(), Vec::new(), Vec::new());
    for c in list {
        if c.lead_department_id.is_none() || matches!(c.state, State::Done | State::Failed) {
            continue;
        }
        let Some(deadline) = d(&c.deadline) else {
            continue;
        };
        let since = c
            .last_update
            .as_deref()
            .and_then(d)
            .unwrap_or_else(|| c.health_start(today));
        if today > deadline {
            overdue.push(c);
        } else if (deadline - today).num_days() <= t.due_soon_days {
            due_soon.push(c);
        } else if (today - since).num_days() >= t.silent_days {
            silent.push(c);
        }
    }
    overdue.sort_by(|a, b| a.deadline.cmp(&b.deadline));
    due_soon.sort_by(|a, b| a.deadline.cmp(&b.deadline));
    silent.sort_by(|a, b| a.last_update.cmp(&b.last_update));
    (overdue, due_soon, silent)
}

/// What to press today. Blocks (store reads).
pub fn pressing(s: &dyn Store, today: NaiveDate) -> Result<Pressing, AppError> {
    let thresholds = s.thresholds()?;
    let list = s.commitments(&Filter::default())?;
    let (overdue, due_soon, silent) = sort_out(list, thresholds, today);
    let mut open_reminders = HashMap::new();
    for r in s.all_reminders(i64::MAX)? {
        if r.answered_at.is_none() {
            *open_reminders.entry(r.commitment_id).or_insert(0) += 1;
        }
    }
    Ok(Pressing {
        thresholds,
        overdue,
        due_soon,
        silent,
        open_reminders,
    })
}

/// The standard text of a 催办 for `reason`.
pub fn standard_message(c: &Commitment, reason: ReminderReason) -> String {
    let task = format!(
        "第{}项任务“{}”",
        c.display_number(),
        views::short(&c.title, 40)
    );
    match reason {
        ReminderReason::Overdue => format!(
            "{task}已超过完成时限（{}），请抓紧办理并及时报送进展；确需延期的请提交延期申请。",
            c.deadline
        ),
        ReminderReason::DueSoon => {
            format!("{task}将于 {} 到期，请确保按时完成并报送进展。", c.deadline)
        }
        ReminderReason::Silent => {
            format!("{task}已较长时间未报送进展，请及时报送最新进展及佐证材料。")
        }
        ReminderReason::Other => format!("请关注{task}的办理进度。"),
    }
}

/// Sends a 催办 about task `cid` (`message` empty: the standard text for `reason`), and
/// e-mails it to the department's users with an address when `smtp` is set. Blocks.
pub fn send_reminder(
    s: &dyn Store,
    smtp: Option<&crate::mail::Smtp>,
    actor: &Actor,
    cid: i64,
    reason: ReminderReason,
    message: &str,
) -> Result<i64, AppError> {
    let c = s.commitment(cid)?;
    let text = if message.trim().is_empty() {
        standard_message(&c, reason)
    } else {
        message.trim().to_string()
    };
    let id = s.remind(actor, cid, reason, &text)?;
    if let (Some(smtp), Some(dept)) = (smtp, c.lead_department_id) {
        let to: Vec<String> = s
            .users()?
            .into_iter()
            .filter(|u| u.department_id == Some(dept) && !u.disabled)
            .filter_map(|u| u.email)
            .collect();
        if !to.is_empty() {
            let subject = format!("【催办】{}", views::short(&c.title, 30));
            let body = format!(
                "{}\n\n督查室 {}\n任务：{} {}\n完成时限：{}\n",
                text,
                actor.name,
                c.display_number(),
                c.title,
                c.deadline
            );
            // The reminder stands whether or not the mail goes: it is in the tracker, and the
            // department sees it when it logs in. A failed mail is logged, not the reminder's
            // failure.
            match smtp.send(&to, &subject, &body) {
                Ok(()) => s.reminder_mailed(id, &to.join(", "))?,
                Err(e) => eprintln!("zhibiao serve: 催办 {id}: e-mail not sent: {e}"),
            }
        }
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::State;

    fn task(id: i64, deadline: &str, last: Option<&str>, state: State) -> Commitment {
        Commitment {
            id,
            report_id: 1,
            report_name: String::new(),
            report_year: Some(2023),
            seq: id,
            number: String::new(),
            section: String::new(),
            title: format!("任务{id}"),
            quote: String::new(),
            quote_offset: 0,
            quote_len: 0,
            lead_department_id: Some(1),
            lead_department: Some("局".into()),
            co_departments: vec![],
            start_date: "2023-01-01".into(),
            start_set: false,
            assigned_on: Some("2023-03-01".into()),
            deadline: deadline.into(),
            priority: 2,
            state,
            percent: None,
            current_value: None,
            last_update: last.map(str::to_string),
            rating: None,
            rating_suggested: None,
            rating_note: String::new(),
            version: 1,
            created_at: 0,
            updated_at: 0,
            targets: vec![],
            updates: 0,
        }
    }

    #[test]
    fn tasks_are_sorted_into_overdue_due_soon_and_silent() {
        let today = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
        let t = Thresholds {
            due_soon_days: 14,
            silent_days: 30,
        };
        let list = vec![
            task(1, "2023-05-31", Some("2023-05-30"), State::InProgress),
            task(2, "2023-06-10", Some("2023-05-30"), State::InProgress),
            task(3, "2023-12-31", Some("2023-04-01"), State::InProgress),
            task(4, "2023-12-31", Some("2023-05-20"), State::InProgress),
            task(5, "2023-05-01", None, State::Done),
            // Never updated: silent counted from its assignment (2023-03-01), not 1 January.
            task(6, "2023-12-31", None, State::NotStarted),
        ];
        let (o, d, s) = sort_out(list, t, today);
        let ids = |v: &[Commitment]| v.iter().map(|c| c.id).collect::<Vec<_>>();
        assert_eq!(ids(&o), vec![1]);
        assert_eq!(ids(&d), vec![2]);
        assert_eq!(ids(&s), vec![6, 3]);
        // A task assigned last week is not silent.
        let mut fresh = task(7, "2023-12-31", None, State::NotStarted);
        fresh.assigned_on = Some("2023-05-25".into());
        assert!(sort_out(vec![fresh], t, today).2.is_empty());
    }
}
