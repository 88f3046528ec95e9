//! The JSON API for machine clients (`Authorization: Bearer TOKEN`; a browser session works too,
//! with the `X-CSRF-Token` header on POST). Errors are `{"error": message, "status": code}`.
//! The OpenAPI 3 document is at `/api/openapi.json`.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::commitments::{select, ListQuery};
use super::id;
use super::updates::{check_input, save};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::forms::{check_len, date, Fields};
use crate::store::NewCommitment;
use crate::util::today;
use crate::{views, AppState};

/// A JSON object body, every member turned into form-like text so the same checks apply.
fn body_fields(body: &Bytes) -> Result<Fields, AppError> {
    let v: Value =
        serde_json::from_slice(body).map_err(|_| AppError::bad("请求体应为 JSON 对象"))?;
    let obj = v
        .as_object()
        .ok_or_else(|| AppError::bad("请求体应为 JSON 对象"))?;
    let mut out = Vec::new();
    for (k, v) in obj {
        match v {
            Value::Null => {}
            Value::String(s) => out.push((k.clone(), s.clone())),
            Value::Number(n) => out.push((k.clone(), n.to_string())),
            Value::Bool(b) => out.push((k.clone(), b.to_string())),
            Value::Array(items) => {
                for i in items {
                    match i {
                        Value::String(s) => out.push((k.clone(), s.clone())),
                        Value::Number(n) => out.push((k.clone(), n.to_string())),
                        _ => return Err(AppError::bad(format!("“{k}”的元素应为数字或文本"))),
                    }
                }
            }
            Value::Object(_) => return Err(AppError::bad(format!("“{k}”不应为对象"))),
        }
    }
    Ok(Fields(out))
}

fn csrf_header(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-csrf-token").and_then(|v| v.to_str().ok())
}

/// `GET /api/openapi.json`.
pub async fn openapi() -> Json<Value> {
    Json(openapi_document())
}

/// `GET /api/reports`.
pub async fn reports(State(st): State<AppState>, _ctx: Ctx) -> Result<Json<Value>, AppError> {
    let reports = st.run(|s| s.reports()).await?;
    Ok(Json(json!(reports)))
}

/// `GET /api/departments`.
pub async fn departments(State(st): State<AppState>, _ctx: Ctx) -> Result<Json<Value>, AppError> {
    let d = st.run(|s| s.departments()).await?;
    Ok(Json(json!(d)))
}

/// `GET /api/commitments?q&report&dept&state&health&priority&section&flag`.
pub async fn commitments(
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

/// `GET /api/commitments/{id}`: the commitment and its updates.
pub async fn commitment(
    State(st): State<AppState>,
    _ctx: Ctx,
    Path(raw): Path<String>,
) -> Result<Json<Value>, AppError> {
    let cid = id(&raw)?;
    let (c, updates) = st
        .run(move |s| Ok((s.commitment(cid)?, s.updates(cid)?)))
        .await?;
    let mut v = views::commitment(&c, today());
    v["timeline"] = json!(updates);
    Ok(Json(v))
}

/// `POST /api/commitments` (admin): report_id, title, section, lead_department_id,
/// co_department_ids, deadline, priority.
pub async fn create_commitment(
    State(st): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(csrf_header(&headers))?;
    let f = body_fields(&body)?;
    let report_id = f.required_int("report_id", "report_id")?;
    let title = f.required_text("title", "title", 1000)?;
    let section = f.text("section");
    check_len(&section, "section", 300)?;
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
    Ok((StatusCode::CREATED, Json(json!({ "id": cid }))).into_response())
}

/// `POST /api/commitments/{id}/updates`: date, value, percent, state, narrative, link, and
/// version (checked when given). Evidence files are uploaded with the form.
pub async fn create_update(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let cid = id(&raw)?;
    let c = st.run(move |s| s.commitment(cid)).await?;
    ctx.require_update(&c)?;
    ctx.check_csrf(csrf_header(&headers))?;
    let f = body_fields(&body)?;
    let version = f.int("version", "version")?.unwrap_or(c.version);
    let input = check_input(&c, &f, None)?;
    let dir = st.config.data_dir.join("evidence");
    let uid = st
        .blocking(move |s| save(s, &dir, &ctx, cid, version, input))
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": uid }))).into_response())
}

/// The OpenAPI 3 document of the API.
pub fn openapi_document() -> Value {
    let err = json!({"$ref": "#/components/responses/Error"});
    let id_param =
        json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}});
    let filters: Vec<Value> = [
        ("q", "全文检索（任务、原文、部分、牵头单位）"),
        ("report", "报告 id"),
        ("dept", "部门 id（牵头或参与）"),
        ("state", "not_started | in_progress | done | failed"),
        ("health", "green | yellow | red"),
        ("priority", "1 | 2 | 3"),
        ("section", "报告中的部分（完整标题路径）"),
        ("flag", "overdue | stale"),
    ]
    .iter()
    .map(|(n, d)| json!({"name": n, "in": "query", "required": false, "description": d, "schema": {"type": "string"}}))
    .collect();
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "zhibiao tracker API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "政府工作报告任务督办：任务、进展、报告。认证：Authorization: Bearer <令牌>（管理员在“用户”页面生成）。"
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": {
            "/api/reports": {"get": {
                "summary": "已导入的报告", "operationId": "listReports",
                "responses": {"200": {"description": "报告列表", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Report"}}}}}, "401": err}
            }},
            "/api/departments": {"get": {
                "summary": "部门", "operationId": "listDepartments",
                "responses": {"200": {"description": "部门列表", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Department"}}}}}, "401": err}
            }},
            "/api/commitments": {
                "get": {
                    "summary": "任务列表（可筛选）", "operationId": "listCommitments",
                    "parameters": filters,
                    "responses": {"200": {"description": "任务列表", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Commitment"}}}}}, "401": err}
                },
                "post": {
                    "summary": "新增任务（管理员）", "operationId": "createCommitment",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewCommitment"}}}},
                    "responses": {"201": {"$ref": "#/components/responses/Created"}, "400": err, "401": err, "403": err}
                }
            },
            "/api/commitments/{id}": {"get": {
                "summary": "一项任务及其进展时间线", "operationId": "getCommitment",
                "parameters": [id_param],
                "responses": {"200": {"description": "任务", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Commitment"}}}}, "401": err, "404": err}
            }},
            "/api/commitments/{id}/updates": {"post": {
                "summary": "填报进展（管理员，或牵头/参与部门的填报员）", "operationId": "createUpdate",
                "parameters": [id_param],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewUpdate"}}}},
                "responses": {"201": {"$ref": "#/components/responses/Created"}, "400": err, "401": err, "403": err, "404": err, "409": err}
            }}
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {
                "Error": {"description": "错误", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                "Created": {"description": "已创建", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "integer"}}, "required": ["id"]}}}}
            },
            "schemas": {
                "Error": {"type": "object", "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}, "required": ["error", "status"]},
                "Report": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "name": {"type": "string"}, "title": {"type": "string", "nullable": true},
                    "region": {"type": "string", "nullable": true}, "year": {"type": "integer", "nullable": true},
                    "format": {"type": "string"}, "imported_at": {"type": "integer"}, "imported_by": {"type": "string"},
                    "commitments": {"type": "integer"}}},
                "Department": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "name": {"type": "string"}, "version": {"type": "integer"},
                    "leads": {"type": "integer"}, "supports": {"type": "integer"}, "users": {"type": "integer"}}},
                "Target": {"type": "object", "properties": {
                    "subject": {"type": "string"}, "measure": {"type": "string"}, "value": {"type": "number"},
                    "upper": {"type": "number", "nullable": true}, "unit": {"type": "string"},
                    "bound": {"type": "string", "enum": ["exact", "at_least", "at_most", "about", "nearly", "range"]},
                    "stretch": {"type": "boolean"}, "period": {"type": "integer"}, "quote": {"type": "string"}}},
                "Commitment": {"type": "object", "properties": {
                    "id": {"type": "integer"}, "report_id": {"type": "integer"}, "seq": {"type": "integer"},
                    "section": {"type": "string"}, "title": {"type": "string"}, "quote": {"type": "string"},
                    "lead_department": {"type": "string", "nullable": true},
                    "co_departments": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}},
                    "start_date": {"type": "string", "format": "date"}, "deadline": {"type": "string", "format": "date"},
                    "priority": {"type": "integer"},
                    "state": {"type": "string", "enum": ["not_started", "in_progress", "done", "failed"]},
                    "percent": {"type": "number", "nullable": true}, "current_value": {"type": "number", "nullable": true},
                    "last_update": {"type": "string", "format": "date", "nullable": true},
                    "rating": {"type": "string", "enum": ["kept", "partly", "broken"], "nullable": true},
                    "rating_suggested": {"type": "string", "enum": ["kept", "partly", "broken"], "nullable": true},
                    "version": {"type": "integer"},
                    "targets": {"type": "array", "items": {"$ref": "#/components/schemas/Target"}},
                    "health": {"type": "object", "properties": {
                        "light": {"type": "string", "enum": ["green", "yellow", "red"]},
                        "overdue": {"type": "boolean"}, "stale": {"type": "boolean"},
                        "expected": {"type": "number"}, "progress": {"type": "number"}}}}},
                "NewCommitment": {"type": "object", "required": ["report_id", "title"], "properties": {
                    "report_id": {"type": "integer"}, "title": {"type": "string", "maxLength": 1000},
                    "section": {"type": "string"}, "lead_department_id": {"type": "integer"},
                    "co_department_ids": {"type": "array", "items": {"type": "integer"}},
                    "deadline": {"type": "string", "format": "date"}, "priority": {"type": "integer", "enum": [1, 2, 3]}}},
                "NewUpdate": {"type": "object", "required": ["narrative"], "properties": {
                    "date": {"type": "string", "format": "date"}, "value": {"type": "number"},
                    "percent": {"type": "number", "minimum": 0, "maximum": 100},
                    "state": {"type": "string", "enum": ["not_started", "in_progress", "done", "failed"]},
                    "narrative": {"type": "string", "maxLength": 5000}, "link": {"type": "string", "format": "uri"},
                    "version": {"type": "integer", "description": "任务的版本号；给出时检查，过期返回 409"}}}
            }
        }
    })
}
