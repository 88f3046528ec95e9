//! Commitments: the list with filters and search, one commitment's page, "my tasks", and the
//! admin's edit, delete, merge, split and rating.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::json::{self, body_fields, csrf_header, Created, Kind};
use super::{confirm_page, confirmed, id, see, Confirm, Param};
use crate::auth::Ctx;
use crate::domain::commitments::{sentences, title_of};
use crate::domain::health::{Health, Light};
use crate::domain::{priority_label, Rating, State as WorkState};
use crate::error::{AppError, ErrorBody};
use crate::forms::{date, Fields};
use crate::service::assign;
use crate::service::select::{nonempty, rows_of, select, ListQuery};
use crate::store::Update;
use crate::store::{Commitment, CommitmentEdit, Filter, NewCommitment, StoreError};
use crate::util::today;
use crate::views::CommitmentJson;
use crate::{views, AppState};
use serde::Serialize;
use utoipa::ToSchema;

const PER_PAGE: usize = 50;

fn priorities() -> Vec<serde_json::Value> {
    [1, 2, 3]
        .iter()
        .map(|p| json!({"key": p, "label": priority_label(*p)}))
        .collect()
}

/// The choices of the filter form.
fn choices_of(
    reports: Vec<crate::store::ReportSummary>,
    departments: Vec<crate::store::Department>,
) -> serde_json::Value {
    json!({
        "reports": reports,
        "departments": departments,
        "states": views::states(),
        "lights": Light::ALL.iter().map(|l| json!({"key": l.key(), "label": l.label()})).collect::<Vec<_>>(),
        "priorities": priorities(),
    })
}

/// `GET /commitments`.
pub async fn list(
    State(st): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    // One page of the list and the choices of its form, shared between requests until the
    // next write (or the next day): the rows, their health and their conversion for the
    // template are the cost of this page.
    let key = format!(
        "list {:?} {:?} {:?} {:?}",
        q.filter(),
        q.health,
        q.flag,
        q.page
    );
    let q2 = q.clone();
    let shared = st
        .cached(key.clone(), move |s, scope| {
            let q = q2;
            let day = today();
            let all = rows_of(s, scope, &q.filter())?;
            let rows: Vec<&(Commitment, Health)> = all.iter().filter(|(_, h)| q.keeps(h)).collect();
            let total = rows.len();
            let pages = total.div_ceil(PER_PAGE).max(1);
            let page = nonempty(&q.page)
                .and_then(|p| p.parse::<usize>().ok())
                .unwrap_or(1)
                .clamp(1, pages);
            let items: Vec<_> = rows
                .iter()
                .skip((page - 1) * PER_PAGE)
                .take(PER_PAGE)
                .map(|(c, _)| views::commitment(c, day))
                .collect();
            let (reports, departments) = (s.reports()?, s.departments()?);
            Ok(minijinja::Value::from_serialize(json!({
                "items": items,
                "total": total,
                "page": page,
                "pages": pages,
                "choices": choices_of(reports, departments),
            })))
        })
        .await?;
    let query = serde_json::to_value(&q).unwrap_or_default();
    st.pages.page(
        &ctx,
        "commitments.html",
        "list",
        json!({
            "q": query,
            "qs": query_string(&q),
            "flash": views::flash(q.msg.as_deref()),
        }),
        (&key, &shared),
    )
}

/// The query string of the filters (without page), for export links and paging.
pub fn query_string(q: &ListQuery) -> String {
    let pairs = [
        ("q", &q.q),
        ("report", &q.report),
        ("dept", &q.dept),
        ("state", &q.state),
        ("health", &q.health),
        ("priority", &q.priority),
        ("section", &q.section),
        ("flag", &q.flag),
    ];
    pairs
        .iter()
        .filter_map(|(k, v)| nonempty(v).map(|v| format!("{k}={}", views::url_encode(v))))
        .collect::<Vec<_>>()
        .join("&")
}

impl serde::Serialize for ListQuery {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(None)?;
        for (k, v) in [
            ("q", &self.q),
            ("report", &self.report),
            ("dept", &self.dept),
            ("state", &self.state),
            ("health", &self.health),
            ("priority", &self.priority),
            ("section", &self.section),
            ("flag", &self.flag),
        ] {
            m.serialize_entry(k, &nonempty(v).unwrap_or_default())?;
        }
        m.end()
    }
}

/// The paragraph of the report around a commitment's quote: before, quote, after (from the
/// outline stored at import).
fn quote_context(
    text: &str,
    outline: &zhibiao_core::outline::Outline,
    offset: i64,
    len: i64,
) -> Option<(String, String, String)> {
    if len <= 0 || offset < 0 {
        return None;
    }
    let (offset, len) = (offset as usize, len as usize);
    let j = zhibiao_core::outline::joined(text);
    if offset.checked_add(len)? > j.len() {
        return None;
    }
    let paragraphs = super::reports::paragraphs(outline, j.len());
    let p = paragraphs
        .iter()
        .find(|p| p.start <= offset && offset < p.end)?;
    let end = p.end.max(offset + len);
    let s = |a: usize, b: usize| j[a..b].iter().collect::<String>();
    Some((
        s(p.start, offset),
        s(offset, offset + len),
        s(offset + len, end),
    ))
}

/// `GET /commitments/{id}`.
pub async fn show(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    let cid = id(&raw)?;
    let reports = st.reports.clone();
    let admin = ctx.is_admin();
    let (c, updates, report, others, office) = st
        .run(move |s| {
            let c = s.commitment(cid)?;
            let report = reports.get(s, c.report_id)?;
            // The tasks of the report, for the merge form: only an admin is shown it (loading
            // a report's tasks on every view was ~a third of the server's time under load).
            let others: Vec<serde_json::Value> = if admin {
                s.commitments(&Filter {
                    report_id: Some(c.report_id),
                    ..Filter::default()
                })?
                .into_iter()
                .filter(|o| o.id != c.id)
                .map(|o| json!({"id": o.id, "no": o.display_number(), "title": o.title}))
                .collect()
            } else {
                Vec::new()
            };
            let office = json!({
                "reminders": s.reminders_of(cid)?,
                "requests": s.requests_of(cid)?,
                "milestones": s.milestones_of(cid)?,
            });
            Ok((c, s.updates(cid)?, report, others, office))
        })
        .await?;
    let is_lead = ctx.user.role == crate::store::Role::Editor
        && ctx.user.department_id.is_some()
        && ctx.user.department_id == c.lead_department_id;
    let context = quote_context(&report.text, &report.outline, c.quote_offset, c.quote_len)
        .map(|(b, q, a)| json!({"before": b, "quote": q, "after": a}));
    views::page(
        &ctx,
        "commitment.html",
        "list",
        json!({
            "c": views::commitment(&c, today()),
            "updates": timeline(&c, &updates),
            "context": context,
            "report": &report.summary,
            "sentences": if c.quote_len > 0 { sentences(&c.quote) } else { Vec::new() },
            "others": others,
            "can_update": ctx.can_update(&c),
            "is_lead": is_lead,
            "office": office,
            "today": today().format("%Y-%m-%d").to_string(),
            "reasons": crate::store::ReminderReason::ALL.iter().map(|r| json!({"key": r.key(), "label": r.label()})).collect::<Vec<_>>(),
            "ratings": Rating::ALL.iter().map(|r| json!({"key": r.key(), "label": r.label()})).collect::<Vec<_>>(),
            "flash": views::flash(q.msg.as_deref()),
        }),
    )
}

/// The updates of a commitment, each with the health it had on its date (progress then against
/// time elapsed then): the health axis's history beside the workflow state's.
fn timeline(c: &Commitment, updates: &[crate::store::Update]) -> Vec<serde_json::Value> {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let start = Some(c.health_start(crate::util::today()));
    let deadline = d(&c.deadline);
    updates
        .iter()
        .map(|u| {
            let mut v = serde_json::to_value(u).unwrap_or_default();
            if let (Some(start), Some(deadline), Some(day)) = (start, deadline, d(&u.date)) {
                let h = crate::domain::health::assess(crate::domain::health::Input {
                    start,
                    deadline,
                    today: day,
                    progress: u.percent.map(|p| p / 100.0),
                    state: u.state,
                    last_update: Some(day),
                });
                v["health"] = json!({"light": h.light.key(), "label": h.light.label()});
            }
            v
        })
        .collect()
}

/// `GET /my`: the commitments of the user's department, the most urgent first.
pub async fn my_tasks(
    State(st): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    // A viewer records nothing: no “my tasks” (the menu does not offer it), the whole list.
    if ctx.user.role == crate::store::Role::Viewer {
        return Ok(see("/commitments"));
    }
    let reminders = match ctx.user.department_id {
        Some(d) => {
            let list = st.run(move |s| s.department_reminders(d, false)).await?;
            if list.iter().any(|r| r.read_at.is_none()) {
                st.run(move |s| s.mark_reminders_read(d)).await?;
            }
            list
        }
        None => Vec::new(),
    };
    let items = match ctx.user.department_id {
        Some(d) => {
            let q = ListQuery {
                dept: Some(d.to_string()),
                ..ListQuery::default()
            };
            let mut rows = select(&st, &q).await?;
            rows.sort_by(|(a, ha), (b, hb)| {
                views::severity(ha)
                    .cmp(&views::severity(hb))
                    .then(a.deadline.cmp(&b.deadline))
                    .then(a.seq.cmp(&b.seq))
            });
            let day = today();
            rows.iter()
                .map(|(c, _)| views::commitment(c, day))
                .collect()
        }
        None => Vec::new(),
    };
    let open = reminders.iter().filter(|r| r.answered_at.is_none()).count();
    Ok(views::page(
        &ctx,
        "my.html",
        "my",
        json!({
            "items": items,
            "reminders": reminders.iter().take(20).collect::<Vec<_>>(),
            "open_reminders": open,
            "flash": views::flash(q.msg.as_deref()),
        }),
    )?
    .into_response())
}

/// `GET /commitments/{id}/edit`.
pub async fn edit_form(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
) -> Result<Html<String>, AppError> {
    ctx.require_admin()?;
    let cid = id(&raw)?;
    let (c, departments) = st
        .run(move |s| Ok((s.commitment(cid)?, s.departments()?)))
        .await?;
    let co: Vec<i64> = c.co_departments.iter().map(|d| d.id).collect();
    views::page(
        &ctx,
        "commitment_edit.html",
        "list",
        json!({
            "c": views::commitment(&c, today()),
            "co_ids": co,
            "departments": departments,
            "states": views::states(),
            "priorities": priorities(),
        }),
    )
}

/// A stale form: tell the user, keep what they typed, offer the fresh form.
fn stale(e: StoreError, back: String, kept: Vec<(&str, String)>) -> AppError {
    match e {
        StoreError::Conflict => AppError::Conflict {
            message: "保存失败：在您编辑期间，这条记录已被他人修改。您的修改没有保存，也没有覆盖他人的修改。请重新打开表单，在最新内容的基础上再次修改。".into(),
            back,
            kept: kept
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        },
        e => e.into(),
    }
}

fn department_ids(form: &Fields) -> Result<(Option<i64>, Vec<i64>), AppError> {
    let lead = form.int("lead", "牵头单位")?;
    let co = form
        .all("co")
        .iter()
        .map(|v| {
            v.parse::<i64>()
                .map_err(|_| AppError::bad("“责任单位”的取值无效"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((lead, co))
}

/// `POST /commitments/{id}`: title, section, lead, co…, deadline, priority, state, version.
pub async fn edit(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(form.csrf())?;
    let cid = id(&raw)?;
    let version = form.version()?;
    let title = form.required_text("title", "任务", 1000)?;
    let section = form.optional_text("section", "所属部分", 300)?;
    let (lead, co) = department_ids(&form)?;
    let deadline = date(form.required("deadline", "截止日期")?, "截止日期")?;
    let priority = form.int("priority", "优先级")?.unwrap_or(2);
    if !(1..=3).contains(&priority) {
        return Err(AppError::bad("“优先级”的取值无效"));
    }
    let state = match form.get("state") {
        Some(s) => WorkState::parse(s).ok_or_else(|| AppError::bad("“状态”的取值无效"))?,
        // A form without a state leaves it as it is.
        None => st.run(move |s| s.commitment(cid)).await?.state,
    };
    let edit = CommitmentEdit {
        title: title.clone(),
        section,
        lead_department_id: lead,
        co_department_ids: co,
        deadline: deadline.format("%Y-%m-%d").to_string(),
        priority,
        state,
        start_date: match form.get("start") {
            Some(s) => Some(date(s, "起始日期")?.format("%Y-%m-%d").to_string()),
            None => None,
        },
        state_override: form.get("state_override").is_some(),
    };
    let actor = ctx.actor();
    st.run(move |s| s.edit_commitment(&actor, cid, version, &edit))
        .await
        .map_err(|e| match e {
            AppError::Conflict { .. } => stale(
                StoreError::Conflict,
                format!("/commitments/{cid}/edit"),
                vec![("任务", title)],
            ),
            e => e,
        })?;
    Ok(see(&format!("/commitments/{cid}?msg=saved")))
}

/// `POST /commitments/{id}/delete`: version, confirm (`yes`; without it, the page that asks).
pub async fn delete(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(form.csrf())?;
    let cid = id(&raw)?;
    let version = form.version()?;
    if !confirmed(&form)? {
        let (c, updates) = st
            .run(move |s| Ok((s.commitment(cid)?, s.updates(cid)?.len())))
            .await?;
        return confirm_page(
            &ctx,
            "list",
            Confirm {
                title: format!("删除任务 {} {}？", c.display_number(), c.title),
                lines: vec![format!(
                    "该任务（不列入分工）及其 {updates} 条进展记录和佐证将被删除。此操作记入审计日志，不能撤销。"
                )],
                action: format!("/commitments/{cid}/delete"),
                fields: vec![("version", version.to_string())],
                button: "确认删除",
                back: format!("/commitments/{cid}"),
            },
        );
    }
    let actor = ctx.actor();
    let dir = st.config.data_dir.join("evidence");
    st.blocking(move |s| {
        let files = s
            .delete_commitment(&actor, cid, version)
            .map_err(|e| stale(e, format!("/commitments/{cid}"), vec![]))?;
        for f in files {
            let _ = std::fs::remove_file(dir.join(f));
        }
        Ok(())
    })
    .await?;
    Ok(see("/commitments?msg=deleted"))
}

/// `POST /commitments/{id}/merge`: other (the id merged into this one), version.
pub async fn merge(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(form.csrf())?;
    let cid = id(&raw)?;
    let version = form.version()?;
    let other = form.required_int("other", "要并入的任务")?;
    let actor = ctx.actor();
    st.run(move |s| {
        let o = match s.commitment(other) {
            Err(StoreError::NotFound) => {
                return Err(StoreError::Invalid("要并入的任务不存在".to_string()))
            }
            r => r?,
        };
        s.merge_commitments(&actor, (cid, version), (other, o.version))
    })
    .await
    .map_err(|e| match e {
        AppError::Conflict { .. } => {
            stale(StoreError::Conflict, format!("/commitments/{cid}"), vec![])
        }
        e => e,
    })?;
    Ok(see(&format!("/commitments/{cid}?msg=merged")))
}

/// `POST /commitments/{id}/split`: at (where the second task starts: the char offset of one of
/// the quote's sentences, as the page offers them), version; optionally title_a (kept here) and
/// title_b (the new task; by default named from its first sentence). Without `at`, title_a and
/// title_b are required and both tasks keep the whole quote (a commitment made by hand).
pub async fn split(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(form.csrf())?;
    let cid = id(&raw)?;
    let version = form.version()?;
    let at = form
        .get("at")
        .map(|v| {
            v.parse::<usize>()
                .map_err(|_| AppError::bad("“拆分位置”的取值无效"))
        })
        .transpose()?;
    let (a, b) = if at.is_some() {
        (
            form.optional_text("title_a", "拆分后的任务一", 1000)?,
            form.optional_text("title_b", "拆分后的任务二", 1000)?,
        )
    } else {
        (
            form.required_text("title_a", "拆分后的任务一", 1000)?,
            form.required_text("title_b", "拆分后的任务二", 1000)?,
        )
    };
    let actor = ctx.actor();
    let (ka, kb) = (a.clone(), b.clone());
    let new_id = st
        .run(move |s| {
            let (mut a, mut b) = (a, b);
            if let Some(at) = at {
                let c = s.commitment(cid)?;
                if a.is_empty() {
                    a = c.title.clone();
                }
                if b.is_empty() {
                    let sentence = sentences(&c.quote)
                        .into_iter()
                        .find(|(s, _)| *s == at)
                        .map(|(_, t)| t)
                        .ok_or_else(|| {
                            StoreError::Invalid("只能在任务原文的句子之间拆分".into())
                        })?;
                    b = title_of(&sentence);
                }
            }
            s.split_commitment(&actor, cid, version, &a, &b, at)
        })
        .await
        .map_err(|e| match e {
            AppError::Conflict { .. } => stale(
                StoreError::Conflict,
                format!("/commitments/{cid}"),
                vec![("任务一", ka), ("任务二", kb)],
            ),
            e => e,
        })?;
    Ok(see(&format!("/commitments/{new_id}?msg=split")))
}

/// `POST /commitments/assign`: sel… (`ID:VERSION` of each task ticked on the list), lead, co…,
/// deadline, priority (each optional: what is left empty is not changed), back (the list's
/// query string, to return to).
pub async fn assign(
    State(st): State<AppState>,
    ctx: Ctx,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(form.csrf())?;
    let items = form
        .all("sel")
        .iter()
        .map(|v| {
            let (i, ver) = v.split_once(':').unwrap_or((v, ""));
            match (i.trim().parse::<i64>(), ver.trim().parse::<i64>()) {
                (Ok(i), Ok(ver)) => Ok((i, ver)),
                _ => Err(AppError::bad("所选任务的取值无效")),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    let (lead, co) = department_ids(&form)?;
    let bulk = assign::check(assign::Request {
        items,
        lead,
        co,
        deadline: form.get("deadline"),
        priority: form.int("priority", "优先级")?,
    })?;
    let back = form.optional_text("back", "返回", 2000)?;
    let actor = ctx.actor();
    st.run(move |s| assign::assign(s, &actor, &bulk))
        .await
        .map_err(|e| match e {
            AppError::Conflict { .. } => {
                stale(StoreError::Conflict, "/commitments".to_string(), vec![])
            }
            e => e,
        })?;
    let back: String = back
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || "=&%-_.".contains(*c))
        .collect();
    let sep = if back.is_empty() { "" } else { "&" };
    Ok(see(&format!("/commitments?{back}{sep}msg=assigned")))
}

/// A task of a bulk assignment through the API: its id and the version it was read at.
#[derive(serde::Deserialize, ToSchema)]
pub struct TaskVersion {
    pub id: i64,
    pub version: i64,
}

/// The body of `POST /api/commitments/assign` (`BulkAssignment` in the OpenAPI document):
/// `commitments` read with serde, the rest by [`body_fields`] with the forms' checks.
#[derive(ToSchema)]
#[schema(
    as = BulkAssignment,
    description = "可选成员为 null 时视同未给出；牵头单位、责任单位、完成时限、优先级至少给出一项。"
)]
#[allow(dead_code)]
pub struct BulkAssignmentBody {
    /// 要分配的任务及其版本号（同一任务只算一次）
    #[schema(min_items = 1, max_items = 1000)]
    pub commitments: Vec<TaskVersion>,
    pub lead_department_id: Option<i64>,
    /// 给出时替换原有的责任单位
    pub co_department_ids: Option<Vec<i64>>,
    #[schema(format = Date)]
    pub deadline: Option<String>,
    #[schema(schema_with = json::priority_schema)]
    pub priority: Option<i64>,
}

/// The answer to a bulk assignment: how many tasks it changed.
#[derive(Serialize, ToSchema)]
pub struct Assigned {
    pub assigned: usize,
}

/// `POST /api/commitments/assign` (admin): commitments (id and version of each),
/// lead_department_id, co_department_ids, deadline, priority — what the list page's bulk
/// assignment does ([`assign`]), through the same service.
#[utoipa::path(post, path = "/api/commitments/assign", operation_id = "assignCommitments",
    summary = "批量分配任务（管理员）",
    description = "所有任务一并分配或都不变：任一任务不存在返回 404，其 version 已过期返回 409；部门 id 须为已有部门，否则返回 400。",
    request_body(content = BulkAssignmentBody, content_type = "application/json",
        example = json!({"commitments": [{"id": 1, "version": 1}], "lead_department_id": 1, "co_department_ids": [2], "deadline": "2023-12-31", "priority": 1})),
    responses((status = 200, description = "已分配", body = Assigned),
        (status = 400, description = "错误", body = ErrorBody),
        (status = 401, description = "错误", body = ErrorBody),
        (status = 403, description = "错误", body = ErrorBody),
        (status = 404, description = "错误", body = ErrorBody),
        (status = 409, description = "错误", body = ErrorBody),
        (status = 413, description = "错误", body = ErrorBody)))]
pub async fn api_assign(
    State(st): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(csrf_header(&headers))?;
    let f = body_fields(
        &body,
        &[
            ("lead_department_id", Kind::Int),
            ("co_department_ids", Kind::IntList),
            ("deadline", Kind::Date),
            ("priority", Kind::Int),
        ],
    )?;
    // body_fields has read it as a JSON object already.
    let v: Value = serde_json::from_slice(&body).unwrap_or_default();
    let items = match v.get("commitments").filter(|c| !c.is_null()) {
        None => Vec::new(),
        Some(c) => serde_json::from_value::<Vec<TaskVersion>>(c.clone())
            .map_err(|_| {
                AppError::bad("“commitments”应为数组，每项为 {\"id\": 整数, \"version\": 整数}")
            })?
            .into_iter()
            .map(|t| (t.id, t.version))
            .collect(),
    };
    let co = f
        .all("co_department_ids")
        .iter()
        .map(|v| {
            v.parse::<i64>()
                .map_err(|_| AppError::bad("co_department_ids 应为整数数组"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let bulk = assign::check(assign::Request {
        items,
        lead: f.int("lead_department_id", "lead_department_id")?,
        co,
        deadline: f.get("deadline"),
        priority: f.int("priority", "priority")?,
    })?;
    let actor = ctx.actor();
    let assigned = st.run(move |s| assign::assign(s, &actor, &bulk)).await?;
    Ok(Json(Assigned { assigned }).into_response())
}

/// `POST /commitments/{id}/rating`: rating (kept, partly, broken, or empty to clear), version.
pub async fn rate(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(form.csrf())?;
    let cid = id(&raw)?;
    let version = form.version()?;
    let rating = match form.get("rating") {
        None => None,
        Some(r) => Some(Rating::parse(r).ok_or_else(|| AppError::bad("“评定”的取值无效"))?),
    };
    let actor = ctx.actor();
    st.run(move |s| s.confirm_rating(&actor, cid, version, rating))
        .await
        .map_err(|e| match e {
            AppError::Conflict { .. } => {
                stale(StoreError::Conflict, format!("/commitments/{cid}"), vec![])
            }
            e => e,
        })?;
    Ok(see(&format!("/commitments/{cid}?msg=rated")))
}

// The JSON API (`/api/…`), beside the pages.

/// `GET /api/commitments?q&report&dept&state&health&priority&section&flag`.
#[utoipa::path(get, path = "/api/commitments", operation_id = "listCommitments",
    summary = "任务列表（可筛选；无效的筛选值不起作用）",
    params(
        ("q" = Option<String>, Query, description = "全文检索（任务、原文、部分、牵头单位）", example = "制造业"),
        ("report" = Option<String>, Query, description = "报告 id", example = "1"),
        ("dept" = Option<String>, Query, description = "部门 id（牵头或参与）", example = "1"),
        ("state" = Option<String>, Query, description = "not_started | in_progress | done | failed", example = "in_progress"),
        ("health" = Option<String>, Query, description = "green | yellow | red", example = "red"),
        ("priority" = Option<String>, Query, description = "1 | 2 | 3", example = "1"),
        ("section" = Option<String>, Query, description = "报告中的部分（完整标题路径）", example = "（一）"),
        ("flag" = Option<String>, Query, description = "overdue | stale", example = "overdue"),
    ),
    responses((status = 200, description = "任务列表", body = Vec<CommitmentJson>), (status = 400, description = "错误", body = ErrorBody), (status = 401, description = "错误", body = ErrorBody)))]
pub async fn api_list(
    State(st): State<AppState>,
    _ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Json<Value>, AppError> {
    let day = today();
    let rows = select(&st, &q).await?;
    Ok(Json(json!(rows
        .iter()
        .map(|(c, _)| views::commitment(c, day))
        .collect::<Vec<_>>())))
}

/// A commitment and its updates (`GET /api/commitments/{id}`).
#[derive(Serialize, ToSchema)]
pub struct CommitmentWithTimeline<'a> {
    #[serde(flatten)]
    pub commitment: CommitmentJson<'a>,
    /// Its updates, newest first.
    pub timeline: Vec<Update>,
}

/// `GET /api/commitments/{id}`: the commitment and its updates.
#[utoipa::path(get, path = "/api/commitments/{id}", operation_id = "getCommitment",
    summary = "一项任务及其进展时间线",
    params(("id" = i64, Path, minimum = 1, example = 1)),
    responses((status = 200, description = "任务", body = CommitmentWithTimeline), (status = 400, description = "错误", body = ErrorBody), (status = 401, description = "错误", body = ErrorBody), (status = 404, description = "错误", body = ErrorBody)))]
pub async fn api_show(
    State(st): State<AppState>,
    _ctx: Ctx,
    Param(raw): Param,
) -> Result<Response, AppError> {
    let cid = id(&raw)?;
    let (c, updates) = st
        .run(move |s| Ok((s.commitment(cid)?, s.updates(cid)?)))
        .await?;
    let v = CommitmentWithTimeline {
        commitment: CommitmentJson::of(&c, today()),
        timeline: updates,
    };
    Ok(Json(v).into_response())
}

/// The body of `POST /api/commitments` (`NewCommitment` in the OpenAPI document): read by
/// [`body_fields`] with the forms' checks, described here. `null` counts as absent.
#[derive(ToSchema)]
#[schema(as = NewCommitment, description = "可选成员为 null 时视同未给出。")]
#[allow(dead_code)]
pub struct NewCommitmentBody {
    pub report_id: i64,
    #[schema(schema_with = json::title_schema)]
    pub title: String,
    #[schema(schema_with = json::section_schema)]
    pub section: Option<String>,
    pub lead_department_id: Option<i64>,
    pub co_department_ids: Option<Vec<i64>>,
    #[schema(format = Date)]
    pub deadline: Option<String>,
    #[schema(schema_with = json::priority_schema)]
    pub priority: Option<i64>,
}

/// `POST /api/commitments` (admin): report_id, title, section, lead_department_id,
/// co_department_ids, deadline, priority.
#[utoipa::path(post, path = "/api/commitments", operation_id = "createCommitment",
    summary = "新增任务（管理员）",
    description = "report_id 与部门 id 须为已有的报告和部门，否则返回 400。",
    request_body(content = NewCommitmentBody, content_type = "application/json",
        example = json!({"report_id": 1, "title": "新建一所公办幼儿园", "section": "民生实事", "lead_department_id": 1, "co_department_ids": [2], "deadline": "2023-12-31", "priority": 1})),
    responses((status = 201, description = "已创建", body = Created), (status = 400, description = "错误", body = ErrorBody), (status = 401, description = "错误", body = ErrorBody), (status = 403, description = "错误", body = ErrorBody), (status = 413, description = "错误", body = ErrorBody)))]
pub async fn api_create(
    State(st): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(csrf_header(&headers))?;
    let f = body_fields(
        &body,
        &[
            ("report_id", Kind::Int),
            ("title", Kind::Text),
            ("section", Kind::Text),
            ("lead_department_id", Kind::Int),
            ("co_department_ids", Kind::IntList),
            ("deadline", Kind::Date),
            ("priority", Kind::Int),
        ],
    )?;
    let report_id = f.required_int("report_id", "report_id")?;
    let title = f.required_text("title", "title", 1000)?;
    let section = f.optional_text("section", "section", 300)?;
    let deadline = f
        .get("deadline")
        .map(|d| date(d, "deadline").map(|d| d.format("%Y-%m-%d").to_string()))
        .transpose()?;
    let priority = f.int("priority", "priority")?.unwrap_or(2);
    if !(1..=3).contains(&priority) {
        return Err(AppError::bad("priority 应为 1、2 或 3"));
    }
    let co = f
        .all("co_department_ids")
        .iter()
        .map(|v| {
            v.parse::<i64>()
                .map_err(|_| AppError::bad("co_department_ids 应为整数数组"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let new = NewCommitment {
        report_id,
        title,
        section,
        lead_department_id: f.int("lead_department_id", "lead_department_id")?,
        co_department_ids: co,
        deadline,
        priority,
    };
    let actor = ctx.actor();
    let cid = st.run(move |s| s.create_commitment(&actor, &new)).await?;
    Ok((StatusCode::CREATED, Json(Created { id: cid })).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quote_is_cut_from_its_paragraph() {
        let text = "标题\n\n第一句。推动高质量发展。第三句。\n";
        // Joined: 标题第一句。推动高质量发展。第三句。
        let outline = zhibiao_core::extract("t", text).outline();
        let (b, q, a) = quote_context(text, &outline, 6, 8).unwrap();
        assert_eq!(q, "推动高质量发展。");
        assert!(b.ends_with("第一句。"));
        assert!(a.starts_with("第三句"), "{b:?} {q:?} {a:?}");
        assert!(quote_context(text, &outline, 0, 0).is_none());
        assert!(quote_context(text, &outline, 100, 3).is_none());
        assert!(quote_context(text, &outline, i64::MAX, 3).is_none());
        // A report stored without an outline: one paragraph, the whole text.
        let none = zhibiao_core::outline::Outline::default();
        let (b, q, a) = quote_context(text, &none, 6, 8).unwrap();
        assert_eq!(
            (b.as_str(), q.as_str()),
            ("标题第一句。", "推动高质量发展。")
        );
        assert_eq!(a, "第三句。");
    }
}
