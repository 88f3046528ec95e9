//! Bulk assignment (批量分配): the tasks ticked on the list, each with the version it was shown
//! at, given a lead department, supporting departments, a 完成时限 and a priority in one go;
//! what is left out is not changed. All the tasks change or none (a task changed meanwhile
//! stops the whole assignment), one audit entry (`assign`) per task. Used by the list page's
//! form and the JSON API alike.

use crate::error::AppError;
use crate::forms::date;
use crate::store::{Actor, Assignment, Store, StoreError};

/// Most tasks one assignment takes.
pub const MAX_TASKS: usize = 1000;

/// A bulk assignment, checked: the tasks (id, version; each once, in id order) and what they
/// are given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bulk {
    pub items: Vec<(i64, i64)>,
    pub assignment: Assignment,
}

/// What a bulk assignment asks for, as given (the form's fields or the JSON body's members).
#[derive(Debug, Default)]
pub struct Request<'a> {
    /// Each task ticked: its id and the version it was shown at.
    pub items: Vec<(i64, i64)>,
    pub lead: Option<i64>,
    pub co: Vec<i64>,
    /// `YYYY-MM-DD`; blank counts as absent.
    pub deadline: Option<&'a str>,
    pub priority: Option<i64>,
}

/// Checks a bulk assignment: some tasks (a task given twice counts once), at most
/// [`MAX_TASKS`], a real date, a priority of 1, 2 or 3, and something to set.
pub fn check(r: Request<'_>) -> Result<Bulk, AppError> {
    let mut items = r.items;
    items.sort_unstable();
    items.dedup_by_key(|(i, _)| *i);
    if items.is_empty() {
        return Err(AppError::bad("请先勾选要分配的任务"));
    }
    if items.len() > MAX_TASKS {
        return Err(AppError::bad(format!("一次最多分配 {MAX_TASKS} 项任务")));
    }
    let deadline = match r.deadline.map(str::trim).filter(|s| !s.is_empty()) {
        Some(d) => Some(date(d, "完成时限")?.format("%Y-%m-%d").to_string()),
        None => None,
    };
    if r.priority.is_some_and(|p| !(1..=3).contains(&p)) {
        return Err(AppError::bad("“优先级”的取值无效"));
    }
    let assignment = Assignment {
        lead_department_id: r.lead,
        co_department_ids: r.co,
        deadline,
        priority: r.priority,
    };
    if assignment.is_empty() {
        return Err(AppError::bad(
            "请至少选择牵头单位、责任单位、完成时限或优先级中的一项",
        ));
    }
    Ok(Bulk { items, assignment })
}

/// Makes a checked assignment; how many tasks it changed.
pub fn assign(s: &dyn Store, actor: &Actor, bulk: &Bulk) -> Result<usize, StoreError> {
    s.assign_commitments(actor, &bulk.items, &bulk.assignment)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(items: Vec<(i64, i64)>) -> Request<'static> {
        Request {
            items,
            lead: Some(7),
            ..Request::default()
        }
    }

    #[test]
    fn a_task_ticked_twice_is_assigned_once() {
        let b = check(req(vec![(3, 1), (2, 5), (3, 1)])).unwrap();
        assert_eq!(b.items, vec![(2, 5), (3, 1)]);
        assert_eq!(b.assignment.lead_department_id, Some(7));
    }

    #[test]
    fn what_cannot_be_assigned_is_refused() {
        let refused = |r: Request<'_>| matches!(check(r), Err(AppError::BadRequest(_)));
        assert!(refused(req(vec![])), "nothing ticked");
        assert!(
            refused(req((1..=MAX_TASKS as i64 + 1).map(|i| (i, 1)).collect())),
            "too many"
        );
        assert!(check(req((1..=MAX_TASKS as i64).map(|i| (i, 1)).collect())).is_ok());
        let nothing = Request {
            items: vec![(1, 1)],
            ..Request::default()
        };
        assert!(refused(nothing), "nothing to set");
        let bad_date = Request {
            deadline: Some("2023-02-30"),
            ..req(vec![(1, 1)])
        };
        assert!(refused(bad_date));
        for p in [0, 4, -1] {
            let bad = Request {
                priority: Some(p),
                ..req(vec![(1, 1)])
            };
            assert!(refused(bad), "priority {p}");
        }
        // A blank date is no date; a date is stored as YYYY-MM-DD.
        let blank = Request {
            deadline: Some("  "),
            ..req(vec![(1, 1)])
        };
        assert_eq!(check(blank).unwrap().assignment.deadline, None);
        let dated = Request {
            deadline: Some("2023-9-30"),
            priority: Some(1),
            ..req(vec![(1, 1)])
        };
        let a = check(dated).unwrap().assignment;
        assert_eq!(a.deadline.as_deref(), Some("2023-09-30"));
        assert_eq!(a.priority, Some(1));
    }
}
