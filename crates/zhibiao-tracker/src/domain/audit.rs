//! How the audit log reads: each action code and kind of record in Chinese (one table each,
//! the only ones: the page and the exports use them), the record an entry is about by name
//! (a task by its 序号 and title, a report by region, year and title), and what the entry
//! changed, field by field (旧值 → 新值), from the before and after snapshots the store keeps.
//! Pure: it reads entries, never the database (names of records a snapshot does not carry come
//! from [`Names`], filled by the caller).

use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

use crate::domain::commitments::format_number;
use crate::domain::{priority_label, Rating, State};
use crate::store::{report_label, AuditEntry, RequestKind, Role};

/// Every action code the store writes (`store::sql`; a test reads its sources), with its name.
pub const ACTIONS: &[(&str, &str)] = &[
    ("create", "新建"),
    ("edit", "修改"),
    ("delete", "删除"),
    ("import", "导入报告"),
    ("number", "编排序号"),
    ("merge", "合并任务"),
    ("split", "拆分任务"),
    ("assign", "批量分配"),
    ("update", "填报进展"),
    ("suggest_rating", "建议评定"),
    ("rate", "确认评定"),
    ("publish", "公开报告"),
    ("unpublish", "撤回公开"),
    ("token", "生成 API 令牌"),
    ("revoke_token", "吊销 API 令牌"),
    ("email", "设置邮箱"),
    ("remind", "催办"),
    ("extension", "申请延期"),
    ("close", "申请办结"),
    ("approve", "批准申请"),
    ("refuse", "驳回申请"),
    ("settings", "修改督办设置"),
];

/// Every kind of record an entry is about, with its name.
pub const ENTITIES: &[(&str, &str)] = &[
    ("commitment", "任务"),
    ("report", "报告"),
    ("user", "用户"),
    ("department", "部门"),
    ("evidence", "佐证"),
    ("request", "申请"),
    ("milestone", "阶段节点"),
    ("settings", "督办设置"),
];

/// The name of an action; an unknown code (from a newer version) as it is.
pub fn action_label(code: &str) -> &str {
    ACTIONS
        .iter()
        .find(|(k, _)| *k == code)
        .map_or(code, |(_, v)| v)
}

/// The name of a kind of record; an unknown one as it is.
pub fn entity_label(code: &str) -> &str {
    ENTITIES
        .iter()
        .find(|(k, _)| *k == code)
        .map_or(code, |(_, v)| v)
}

/// The fields of a record shown in a change, in order, with their names; the rest (ids,
/// versions, times, the source quote, counts that follow from other changes) are not.
fn fields(entity: &str) -> &'static [(&'static str, &'static str)] {
    match entity {
        "commitment" => &[
            ("number", "序号"),
            ("title", "任务"),
            ("section", "部分"),
            ("lead_department", "牵头单位"),
            ("co_departments", "责任单位"),
            ("start_date", "开始日期"),
            ("deadline", "完成时限"),
            ("priority", "优先级"),
            ("state", "状态"),
            ("percent", "完成进度"),
            ("current_value", "当前值"),
            ("last_update", "最近更新"),
            ("targets", "目标"),
            ("rating_suggested", "建议评定"),
            ("rating", "评定"),
            ("rating_note", "评定说明"),
        ],
        "report" => &[
            ("title", "标题"),
            ("region", "地区"),
            ("year", "年份"),
            ("name", "文件"),
            ("commitments", "任务数"),
            ("published", "公开"),
        ],
        "user" => &[
            ("name", "用户名"),
            ("role", "角色"),
            ("department", "部门"),
            ("disabled", "停用"),
            ("email", "邮箱"),
            ("has_token", "API 令牌"),
            ("password", "密码"),
        ],
        "department" => &[("name", "名称")],
        "request" => &[
            ("kind", "申请"),
            ("reason", "理由"),
            ("old_deadline", "原完成时限"),
            ("new_deadline", "申请的完成时限"),
            ("approved", "决定"),
            ("note", "意见"),
            ("task_deadline", "任务完成时限"),
        ],
        "milestone" => &[
            ("title", "节点"),
            ("due", "计划日期"),
            ("done_on", "完成日期"),
        ],
        "settings" => &[
            ("due_soon_days", "临期提醒天数"),
            ("silent_days", "未更新提醒天数"),
        ],
        _ => &[],
    }
}

/// Longest value shown, in characters.
const MAX_VALUE: usize = 200;

/// One field's change.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// Names of records, for entries whose snapshots do not carry one (a report's numbering).
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub reports: HashMap<i64, String>,
    pub departments: HashMap<i64, String>,
    pub users: HashMap<i64, String>,
}

/// An entry as people read it.
#[derive(Debug, Clone, Serialize)]
pub struct Readable {
    pub id: i64,
    pub at: i64,
    pub user_name: String,
    pub action: String,
    pub action_label: String,
    pub entity: String,
    pub entity_label: String,
    pub entity_id: Option<i64>,
    /// The record by name: `二、（一）1. 提升硬联通能力`, `市科技局`, `江门市 2023年政府工作报告`.
    pub object: String,
    /// Its page, unless the entry deleted it.
    pub link: Option<String>,
    pub changes: Vec<Change>,
    /// What a change of fields does not say: the task merged in, the task split off, the
    /// progress recorded, the tasks numbered.
    pub notes: Vec<String>,
    pub hash: String,
    pub before: Option<String>,
    pub after: Option<String>,
    /// `Some("api")`: done with an API token.
    pub via: Option<String>,
}

impl Readable {
    /// The changes and notes as lines of text (`牵头单位：— → 市科技局`), for the exports.
    pub fn change_lines(&self) -> Vec<String> {
        self.changes
            .iter()
            .map(|c| format!("{}：{} → {}", c.field, c.before, c.after))
            .chain(self.notes.iter().cloned())
            .collect()
    }
}

fn cut(s: String) -> String {
    if s.chars().count() > MAX_VALUE {
        let mut t: String = s.chars().take(MAX_VALUE).collect();
        t.push('…');
        t
    } else {
        s
    }
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

/// A value of a field as text; "—" for none.
fn show(key: &str, v: Option<&Value>) -> String {
    let dash = || "—".to_string();
    let Some(v) = v else { return dash() };
    let s = match (key, v) {
        (_, Value::Null) => return dash(),
        ("state", Value::String(s)) => State::parse(s).map_or(s.clone(), |x| x.label().into()),
        ("rating" | "rating_suggested", Value::String(s)) => {
            Rating::parse(s).map_or(s.clone(), |x| x.label().into())
        }
        ("role", Value::String(s)) => Role::parse(s).map_or(s.clone(), |x| x.label().into()),
        ("priority", Value::Number(n)) => match n.as_i64() {
            Some(p) => priority_label(p).into(),
            None => n.to_string(),
        },
        ("percent", Value::Number(n)) => format!("{}%", format_number(n.as_f64().unwrap_or(0.0))),
        ("has_token", Value::Bool(b)) => (if *b { "有" } else { "无" }).into(),
        ("approved", Value::Bool(b)) => (if *b { "批准" } else { "驳回" }).into(),
        ("kind", Value::String(s)) => RequestKind::parse(s).map_or(s.clone(), |k| k.label().into()),
        ("task_deadline", Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join(" → "),
        ("password", Value::String(s)) if s == "reset" => "已重置".into(),
        (_, Value::Bool(b)) => (if *b { "是" } else { "否" }).into(),
        (_, Value::Number(n)) => match n.as_i64() {
            Some(i) => i.to_string(),
            None => format_number(n.as_f64().unwrap_or(0.0)),
        },
        (_, Value::String(s)) => s.clone(),
        ("co_departments", Value::Array(a)) => a
            .iter()
            .map(|d| str_of(d, "name"))
            .filter(|n| !n.is_empty())
            .collect::<Vec<_>>()
            .join("、"),
        ("targets", Value::Array(a)) => a
            .iter()
            .map(|t| {
                let q = str_of(t, "quote");
                if q.is_empty() {
                    str_of(t, "subject").to_string()
                } else {
                    q.to_string()
                }
            })
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("；"),
        (_, other) => other.to_string(),
    };
    if s.trim().is_empty() {
        dash()
    } else {
        cut(s)
    }
}

/// The changed fields between two snapshots of a record (either may be missing: created,
/// deleted).
pub fn changes(entity: &str, before: Option<&Value>, after: Option<&Value>) -> Vec<Change> {
    let get = |v: Option<&Value>, k: &str| v.and_then(|v| v.get(k)).cloned();
    fields(entity)
        .iter()
        .filter_map(|(key, label)| {
            let (b, a) = (
                show(key, get(before, key).as_ref()),
                show(key, get(after, key).as_ref()),
            );
            (b != a).then(|| Change {
                field: (*label).to_string(),
                before: b,
                after: a,
            })
        })
        .collect()
}

/// A task's 序号 (or place) and title from its snapshot.
fn task_name(v: &Value) -> Option<String> {
    let title = str_of(v, "title");
    if title.is_empty() {
        return None;
    }
    let number = match (str_of(v, "number"), str_of(v, "task")) {
        ("", "") => v
            .get("seq")
            .and_then(Value::as_i64)
            .map(|s| s.to_string())
            .unwrap_or_default(),
        ("", n) | (n, _) => n.to_string(),
    };
    Some(format!("{number} {title}").trim().to_string())
}

fn parse(s: Option<&str>) -> Option<Value> {
    s.and_then(|s| serde_json::from_str(s).ok())
}

/// An entry as people read it.
pub fn readable(e: &AuditEntry, names: &Names) -> Readable {
    let mut before = parse(e.before.as_deref());
    let mut after = parse(e.after.as_deref());
    let mut notes = Vec::new();
    match (e.entity.as_str(), e.action.as_str()) {
        ("commitment", "merge") => {
            if let Some(b) = before.take() {
                if let Some(m) = b.get("merged").and_then(task_name) {
                    notes.push(format!("并入任务 {m}（原条目删除）"));
                }
                before = b.get("keep").cloned();
            }
        }
        ("commitment", "split") => {
            if let Some(a) = after.take() {
                if let Some(n) = a.get("new").and_then(task_name) {
                    notes.push(format!("拆出新任务 {n}"));
                }
                after = a.get("kept").cloned();
            }
        }
        ("commitment", "update") => {
            if let Some(u) = after.as_ref().and_then(|a| a.get("update")) {
                let mut line = format!("进展（{}）", show("date", u.get("date")));
                let narrative = show("narrative", u.get("narrative"));
                if narrative != "—" {
                    line.push_str(&format!("：{narrative}"));
                }
                notes.push(line);
                if let Some(f) = u.get("evidence").and_then(Value::as_str) {
                    notes.push(format!("佐证：{}", cut(f.to_string())));
                }
                if let Some(l) = u.get("link").and_then(Value::as_str) {
                    notes.push(format!("链接：{}", cut(l.to_string())));
                }
            }
        }
        ("commitment", "remind") => {
            if let Some(a) = after.as_ref() {
                let mut line = format!("催办 {}", show("department", a.get("department")));
                let reason = show("reason", a.get("reason"));
                if reason != "—" {
                    line.push_str(&format!("（{reason}）"));
                }
                let message = show("message", a.get("message"));
                if message != "—" {
                    line.push_str(&format!("：{message}"));
                }
                notes.push(line);
            }
        }
        ("report", "number") => {
            if let Some(Value::Object(m)) = after.take() {
                let some: Vec<String> = m
                    .values()
                    .filter_map(Value::as_str)
                    .take(5)
                    .map(str::to_string)
                    .collect();
                notes.push(format!(
                    "为 {} 项任务编排序号：{}{}",
                    m.len(),
                    some.join("、"),
                    if m.len() > some.len() { " …" } else { "" }
                ));
            }
        }
        _ => {}
    }
    let snap = after.as_ref().or(before.as_ref());
    // A reminder's snapshot is the reminder, not the task: only its notes say what was done.
    let diff = !(e.entity == "commitment" && e.action == "remind");
    let id = e.entity_id;
    let known = |m: &HashMap<i64, String>| id.and_then(|i| m.get(&i).cloned());
    let object = match e.entity.as_str() {
        "commitment" => snap.and_then(task_name),
        "report" => snap
            .filter(|v| v.get("name").is_some())
            .map(|v| {
                report_label(
                    v.get("region").and_then(Value::as_str),
                    v.get("year")
                        .and_then(Value::as_i64)
                        .and_then(|y| i32::try_from(y).ok()),
                    v.get("title").and_then(Value::as_str),
                    str_of(v, "name"),
                )
            })
            .or_else(|| known(&names.reports)),
        "department" => snap
            .map(|v| str_of(v, "name").to_string())
            .filter(|n| !n.is_empty())
            .or_else(|| known(&names.departments)),
        "user" => snap
            .map(|v| str_of(v, "name").to_string())
            .filter(|n| !n.is_empty())
            .or_else(|| known(&names.users)),
        "request" => snap.and_then(task_name),
        "milestone" => snap
            .map(|v| str_of(v, "title").to_string())
            .filter(|n| !n.is_empty()),
        "settings" => Some("催办阈值".to_string()),
        _ => None,
    }
    .unwrap_or_else(|| id.map(|i| format!("#{i}")).unwrap_or_default());
    let link = match (e.action.as_str(), e.entity.as_str(), id) {
        ("delete", _, _) | (_, _, None) => None,
        (_, "commitment", Some(i)) => Some(format!("/commitments/{i}")),
        (_, "report", Some(i)) => Some(format!("/reports/{i}")),
        (_, "department", Some(i)) => Some(format!("/departments/{i}")),
        (_, "user", Some(_)) => Some("/users".to_string()),
        (_, "request" | "milestone", Some(_)) => snap
            .and_then(|v| v.get("commitment_id"))
            .and_then(Value::as_i64)
            .map(|c| format!("/commitments/{c}")),
        _ => None,
    };
    Readable {
        id: e.id,
        at: e.at,
        user_name: e.user_name.clone(),
        action: e.action.clone(),
        action_label: action_label(&e.action).to_string(),
        entity: e.entity.clone(),
        entity_label: entity_label(&e.entity).to_string(),
        entity_id: id,
        object,
        link,
        changes: if diff {
            changes(&e.entity, before.as_ref(), after.as_ref())
        } else {
            Vec::new()
        },
        notes,
        hash: e.hash.clone(),
        before: e.before.clone(),
        after: e.after.clone(),
        via: e.via.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The string literals of a call's arguments, `audit(tx, actor, "edit", …)`, and of the
    /// `let action = …;` a call names instead.
    fn action_codes(src: &str) -> Vec<String> {
        let literals = |s: &str| -> Vec<String> {
            s.split('"')
                .skip(1)
                .step_by(2)
                .map(str::to_string)
                .collect()
        };
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(i) = src[at..].find("audit(") {
            let start = at + i;
            at = start + 6;
            if src[..start].ends_with("fn ") || src[..start].ends_with("verify_") {
                continue;
            }
            let end = src[at..].find(")?;").map_or(src.len(), |e| at + e);
            let args: Vec<&str> = src[at..end].split(',').map(str::trim).collect();
            match args.get(2) {
                Some(a) if a.contains('"') => out.extend(literals(a)),
                // A request's kind.
                Some(&"kind.key()") => out.extend(
                    ["extension", "close"]
                        .map(|k| RequestKind::parse(k).expect("a kind").key().to_string()),
                ),
                Some(&"action") => {
                    let let_at = src[..start].rfind("let action =").expect("let action");
                    let let_end = let_at + src[let_at..].find(';').expect(";");
                    out.extend(literals(&src[let_at..let_end]));
                }
                other => panic!("an audit call whose action is {other:?}"),
            }
        }
        out
    }

    #[test]
    fn every_action_the_store_writes_has_a_name() {
        // Every file of the SQL layer, so that a module added later is read too.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/sql");
        let mut sources = Vec::new();
        for f in std::fs::read_dir(&dir).unwrap() {
            let path = f.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                sources.push(std::fs::read_to_string(&path).unwrap());
            }
        }
        assert!(sources.len() >= 5, "{}", dir.display());
        let codes: Vec<String> = sources.iter().flat_map(|s| action_codes(s)).collect();
        assert!(codes.len() >= 15, "{codes:?}");
        for c in &codes {
            assert!(
                ACTIONS.iter().any(|(k, _)| k == c),
                "the action {c:?} has no Chinese name in ACTIONS"
            );
        }
        for (k, v) in ACTIONS {
            assert!(codes.iter().any(|c| c == k), "{k} is written nowhere");
            assert!(!v.is_ascii(), "{k}: {v}");
        }
        assert_eq!(action_label("suggest_rating"), "建议评定");
        assert_eq!(action_label("something_new"), "something_new");
    }

    fn entry(
        action: &str,
        entity: &str,
        before: Option<Value>,
        after: Option<Value>,
    ) -> AuditEntry {
        AuditEntry {
            id: 1,
            at: 0,
            user_name: "admin".into(),
            action: action.into(),
            entity: entity.into(),
            entity_id: Some(72),
            before: before.map(|v| v.to_string()),
            after: after.map(|v| v.to_string()),
            hash: "h".into(),
            via: None,
        }
    }

    #[test]
    fn a_task_change_reads_field_by_field() {
        let before = json!({"id": 72, "number": "二、（一）1.", "seq": 3, "title": "提升硬联通能力",
            "lead_department": null, "co_departments": [], "deadline": "2023-12-31", "priority": 2,
            "state": "not_started", "percent": null, "version": 4, "updated_at": 1});
        let mut after = before.clone();
        after["lead_department"] = json!("市科技局");
        after["co_departments"] =
            json!([{"id": 1, "name": "市工业和信息化局"}, {"id": 2, "name": "市财政局"}]);
        after["state"] = json!("in_progress");
        after["percent"] = json!(35.5);
        after["priority"] = json!(1);
        after["version"] = json!(5);
        let r = readable(
            &entry("edit", "commitment", Some(before), Some(after)),
            &Names::default(),
        );
        assert_eq!(r.action_label, "修改");
        assert_eq!(r.entity_label, "任务");
        assert_eq!(r.object, "二、（一）1. 提升硬联通能力");
        assert_eq!(r.link.as_deref(), Some("/commitments/72"));
        let got: Vec<String> = r.change_lines();
        assert_eq!(
            got,
            [
                "牵头单位：— → 市科技局",
                "责任单位：— → 市工业和信息化局、市财政局",
                "优先级：中 → 高",
                "状态：未启动 → 推进中",
                "完成进度：— → 35.5%",
            ]
            .map(String::from)
            .to_vec(),
            "{got:?}"
        );
    }

    #[test]
    fn records_are_named_from_their_snapshots_or_the_names_given() {
        let names = Names {
            reports: HashMap::from([(72, "江门市 2023年政府工作报告".to_string())]),
            ..Names::default()
        };
        let r = readable(
            &entry(
                "publish",
                "report",
                Some(
                    json!({"name": "a.txt", "title": "政府工作报告", "region": "江门市", "year": 2023, "published": false}),
                ),
                Some(
                    json!({"name": "a.txt", "title": "政府工作报告", "region": "江门市", "year": 2023, "published": true}),
                ),
            ),
            &Names::default(),
        );
        assert_eq!(r.object, "江门市 2023年政府工作报告");
        assert_eq!(r.change_lines(), ["公开：否 → 是"]);
        let r = readable(
            &entry(
                "number",
                "report",
                None,
                Some(json!({"5": "一、1.", "6": "一、2."})),
            ),
            &names,
        );
        assert_eq!(r.object, "江门市 2023年政府工作报告");
        assert_eq!(r.notes, ["为 2 项任务编排序号：一、1.、一、2."]);
        let r = readable(
            &entry(
                "delete",
                "department",
                Some(json!({"name": "市科技局", "leads": 3})),
                None,
            ),
            &names,
        );
        assert_eq!(r.object, "市科技局");
        assert_eq!(r.link, None);
        assert_eq!(r.change_lines(), ["名称：市科技局 → —"]);
        let r = readable(
            &entry(
                "edit",
                "user",
                Some(json!({"name": "王五", "role": "viewer", "disabled": false})),
                Some(
                    json!({"name": "王五", "role": "editor", "disabled": true, "password": "reset"}),
                ),
            ),
            &names,
        );
        assert_eq!(r.object, "王五");
        assert_eq!(
            r.change_lines(),
            ["角色：查看者 → 填报员", "停用：否 → 是", "密码：— → 已重置"]
        );
        // Unreadable snapshots: the id, no changes, no panic.
        let mut e = entry("edit", "commitment", None, None);
        e.before = Some("{not json".into());
        e.after = Some("[1,2]".into());
        let r = readable(&e, &names);
        assert_eq!(r.object, "#72");
        assert!(r.changes.is_empty());
    }

    #[test]
    fn merges_splits_and_progress_say_what_happened() {
        let task = |n: &str, t: &str| json!({"number": n, "title": t, "state": "not_started"});
        let r = readable(
            &entry(
                "merge",
                "commitment",
                Some(json!({"keep": task("1.", "甲"), "merged": task("2.", "乙")})),
                Some(task("1.", "甲乙")),
            ),
            &Names::default(),
        );
        assert_eq!(
            r.change_lines(),
            ["任务：甲 → 甲乙", "并入任务 2. 乙（原条目删除）"]
        );
        let r = readable(
            &entry(
                "split",
                "commitment",
                Some(task("1.", "甲乙")),
                Some(json!({"kept": task("1.", "甲"), "new": task("1.之二", "乙")})),
            ),
            &Names::default(),
        );
        assert_eq!(r.object, "1. 甲");
        assert_eq!(
            r.change_lines(),
            ["任务：甲乙 → 甲", "拆出新任务 1.之二 乙"]
        );
        let mut after = task("1.", "甲");
        after["state"] = json!("in_progress");
        after["update"] = json!({"date": "2023-05-10", "narrative": "完成招标", "evidence": "方案.pdf", "link": null});
        let r = readable(
            &entry("update", "commitment", Some(task("1.", "甲")), Some(after)),
            &Names::default(),
        );
        assert_eq!(
            r.change_lines(),
            [
                "状态：未启动 → 推进中",
                "进展（2023-05-10）：完成招标",
                "佐证：方案.pdf"
            ]
        );
    }
}
