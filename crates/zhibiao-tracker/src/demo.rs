//! `zhibiao serve --demo`: the bundled example report imported, departments and users made,
//! commitments assigned and a few updates recorded — the one command a newcomer runs.

use crate::auth::{hash_password, PasswordCost};
use crate::domain::State;
use crate::error::AppError;
use crate::import::{import_bytes, ImportError};
use crate::store::{Actor, CommitmentEdit, Filter, NewUpdate, NewUser, Role, Store};

/// The bundled example: 江门市 2023.
pub const REPORT: &str = include_str!("../../../tests/data/jiangmen-2023.txt");

/// Departments, and the words that make one the lead of a commitment.
const DEPARTMENTS: &[(&str, &[&str])] = &[
    (
        "市工业和信息化局",
        &["制造业", "工业", "企业", "园区", "数字化"],
    ),
    ("市科技局", &["科技", "创新", "研发", "高新"]),
    (
        "市商务局",
        &["招商", "外贸", "消费", "港澳", "开放", "华侨"],
    ),
    ("市交通运输局", &["交通", "铁路", "高速", "港口", "机场"]),
    ("市教育局", &["教育", "学校", "人才"]),
    ("市发展和改革局", &[]),
];

/// The demo accounts: name, password, role, department index.
pub const USERS: &[(&str, &str, Role, Option<usize>)] = &[
    ("admin", "demo-admin-2023", Role::Admin, None),
    ("gongxin", "demo-editor-2023", Role::Editor, Some(0)),
    ("keji", "demo-editor-2023", Role::Editor, Some(1)),
    ("viewer", "demo-viewer-2023", Role::Viewer, None),
];

/// Sets up the demo in an empty store; a store that has users already is left as it is.
/// Returns whether anything was done.
pub fn setup(store: &dyn Store, cost: PasswordCost) -> Result<bool, AppError> {
    if store.user_count()? > 0 {
        return Ok(false);
    }
    let actor = Actor::system("demo");
    let mut dept_ids = Vec::new();
    for (name, _) in DEPARTMENTS {
        dept_ids.push(store.create_department(&actor, name)?);
    }
    for (name, password, role, dept) in USERS {
        store.create_user(
            &actor,
            &NewUser {
                name: name.to_string(),
                password_hash: hash_password(password, cost)?,
                role: *role,
                department_id: dept.map(|i| dept_ids[i]),
            },
        )?;
    }
    match import_bytes(store, &actor, REPORT.as_bytes(), "jiangmen-2023.txt") {
        Ok(_) | Err(ImportError::Duplicate { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    let list = store.commitments(&Filter::default())?;
    for (i, c) in list.iter().enumerate() {
        let lead = DEPARTMENTS
            .iter()
            .position(|(_, words)| words.iter().any(|w| c.title.contains(w)))
            .unwrap_or(DEPARTMENTS.len() - 1);
        let co = if i % 4 == 0 && lead != DEPARTMENTS.len() - 1 {
            vec![dept_ids[DEPARTMENTS.len() - 1]]
        } else {
            vec![]
        };
        let state = match i % 5 {
            0 | 1 => State::InProgress,
            2 => State::NotStarted,
            3 => State::Done,
            _ => State::InProgress,
        };
        store.edit_commitment(
            &actor,
            c.id,
            c.version,
            &CommitmentEdit {
                title: c.title.clone(),
                section: c.section.clone(),
                lead_department_id: Some(dept_ids[lead]),
                co_department_ids: co,
                deadline: c.deadline.clone(),
                priority: c.priority,
                state,
                start_date: None,
                state_override: false,
            },
        )?;
        if state != State::NotStarted {
            let percent = match state {
                State::Done => 100.0,
                _ => [20.0, 45.0, 70.0][i % 3],
            };
            let version = c.version + 1;
            store.add_update(
                &actor,
                c.id,
                version,
                &NewUpdate {
                    date: crate::util::today().format("%Y-%m-%d").to_string(),
                    value: None,
                    percent: Some(percent),
                    state,
                    narrative: "（示例）已按计划推进，详见佐证材料。".into(),
                    link: None,
                    evidence: None,
                },
            )?;
        }
    }
    Ok(true)
}

/// How to log in, printed by `zhibiao serve --demo`.
pub fn instructions(addr: &str) -> String {
    let mut s = format!("演示数据已就绪。打开 http://{addr}/ ，用以下账号登录：\n");
    for (name, password, role, dept) in USERS {
        let d = dept
            .map(|i| format!("，{}", DEPARTMENTS[i].0))
            .unwrap_or_default();
        s.push_str(&format!(
            "  {name:<8} 密码 {password:<18} （{}{d}）\n",
            role.label()
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sqlite::SqliteStore;
    use crate::store::{CommitmentStore, UserStore};

    #[test]
    fn the_demo_sets_up_once() {
        let dir = tempfile::tempdir().unwrap();
        let s = SqliteStore::open(&dir.path().join("d.db")).unwrap();
        let cost = PasswordCost {
            memory_kib: 256,
            passes: 1,
        };
        assert!(setup(&s, cost).unwrap());
        assert!(!setup(&s, cost).unwrap());
        let list = s.commitments(&Filter::default()).unwrap();
        // One commitment per task of the Jiangmen plan (10, as its gold division).
        assert_eq!(list.len(), 10);
        assert!(list.iter().all(|c| c.lead_department_id.is_some()));
        assert!(list.iter().any(|c| c.updates > 0));
        assert_eq!(s.users().unwrap().len(), USERS.len());
        assert!(instructions("127.0.0.1:8080").contains("admin"));
    }
}
