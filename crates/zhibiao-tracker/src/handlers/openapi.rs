//! The OpenAPI 3 document of the JSON API, `GET /api/openapi.json`: written out (a JSON
//! literal checked by the tests against what the handlers accept and answer), with the
//! patterns the server's checks of text and links amount to.

use axum::Json;
use serde_json::{json, Value};
use zhibiao_core::{Bound, Measure, Named};

/// `GET /api/openapi.json`.
pub async fn openapi() -> Json<Value> {
    Json(openapi_document())
}

/// Rust's white space (what a form field is trimmed of), as a regular expression class body.
const WS: &str = "\\t\\n\\u000B\\u000C\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";
/// Control characters, which no text field takes (but tab and line breaks inside).
const CTRL: &str = "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F";

/// A text field's schema: at most `max` characters, no control characters but tabs and line
/// breaks inside, and with `required`, something besides white space (text is trimmed of white
/// space at both ends).
fn text_schema(max: usize, required: bool) -> Value {
    let visible = format!("[^{WS}\\u0000-\\u001F\\u007F-\\u009F]");
    let text = format!("{visible}(?:[^{CTRL}]*{visible})?");
    let pattern = if required {
        format!("^[{WS}]*{text}[{WS}]*$")
    } else {
        format!("^[{WS}]*(?:{text})?[{WS}]*$")
    };
    let mut v = json!({"type": "string", "maxLength": max, "pattern": pattern});
    if required {
        v["minLength"] = json!(1);
    }
    v
}

/// The OpenAPI 3 document of the API.
pub fn openapi_document() -> Value {
    let mut doc = openapi_base();
    doc["paths"]["/api/standings"] = super::standings::openapi_path();
    doc
}

fn openapi_base() -> Value {
    let err = json!({"$ref": "#/components/responses/Error"});
    let id_param = json!({"name": "id", "in": "path", "required": true,
        "schema": {"type": "integer", "minimum": 1}, "example": 1});
    let filters: Vec<Value> = [
        ("q", "全文检索（任务、原文、部分、牵头单位）", "制造业"),
        ("report", "报告 id", "1"),
        ("dept", "部门 id（牵头或参与）", "1"),
        ("state", "not_started | in_progress | done | failed", "in_progress"),
        ("health", "green | yellow | red", "red"),
        ("priority", "1 | 2 | 3", "1"),
        ("section", "报告中的部分（完整标题路径）", "（一）"),
        ("flag", "overdue | stale", "overdue"),
    ]
    .iter()
    .map(|(n, d, e)| json!({"name": n, "in": "query", "required": false, "description": d, "schema": {"type": "string"}, "example": e}))
    .collect();
    let states = json!(["not_started", "in_progress", "done", "failed"]);
    let states_or_null = json!(["not_started", "in_progress", "done", "failed", null]);
    let nullable = |mut v: Value| {
        v["nullable"] = json!(true);
        v
    };
    let ratings = json!(["kept", "partly", "broken"]);
    // A web address, as the server checks it: http(s)://, a host, no white space or control
    // characters.
    let link_pattern = format!(
        "^[Hh][Tt][Tt][Pp][Ss]?://[^/{WS}\\u0000-\\u001F\\u007F-\\u009F][^{WS}\\u0000-\\u001F\\u007F-\\u009F]*$"
    );
    let mut title = text_schema(1000, true);
    title["description"] = json!("任务内容");
    let mut narrative = text_schema(5000, true);
    narrative["description"] = json!("进展情况");
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "zhibiao tracker API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "政府工作报告任务督办：任务、进展、报告。认证：Authorization: Bearer <令牌>（管理员在“用户”页面生成）。错误的响应体为 {\"error\": 说明, \"status\": 状态码}。"
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
                    "summary": "任务列表（可筛选；无效的筛选值不起作用）", "operationId": "listCommitments",
                    "parameters": filters,
                    "responses": {"200": {"description": "任务列表", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Commitment"}}}}}, "400": err, "401": err}
                },
                "post": {
                    "summary": "新增任务（管理员）", "operationId": "createCommitment",
                    "description": "report_id 与部门 id 须为已有的报告和部门，否则返回 400。",
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewCommitment"},
                        "example": {"report_id": 1, "title": "新建一所公办幼儿园", "section": "民生实事", "lead_department_id": 1, "co_department_ids": [2], "deadline": "2023-12-31", "priority": 1}}}},
                    "responses": {"201": {"$ref": "#/components/responses/Created"}, "400": err, "401": err, "403": err, "413": err}
                }
            },
            "/api/commitments/{id}": {"get": {
                "summary": "一项任务及其进展时间线", "operationId": "getCommitment",
                "parameters": [id_param],
                "responses": {"200": {"description": "任务", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CommitmentWithTimeline"}}}}, "400": err, "401": err, "404": err}
            }},
            "/api/commitments/{id}/updates": {"post": {
                "summary": "填报进展（管理员，或牵头/参与部门的填报员）", "operationId": "createUpdate",
                "description": "date 不能晚于今天，否则返回 400；给出的 version 已过期时返回 409。",
                "parameters": [id_param],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewUpdate"},
                    "example": {"date": "2023-06-30", "state": "in_progress", "percent": 50, "narrative": "已完成上半年计划。", "link": "https://example.org/report"}}}},
                "responses": {"201": {"$ref": "#/components/responses/Created"}, "400": err, "401": err, "403": err, "404": err, "409": err, "413": err}
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
                "Report": {"type": "object", "required": ["id", "name", "label", "format", "imported_at", "imported_by", "commitments"], "properties": {
                    "id": {"type": "integer"}, "name": {"type": "string"}, "label": {"type": "string", "description": "region, year and title, as the pages show it (江门市 2023年政府工作报告)"}, "title": {"type": "string", "nullable": true},
                    "region": {"type": "string", "nullable": true}, "year": {"type": "integer", "nullable": true},
                    "format": {"type": "string"}, "imported_at": {"type": "integer"}, "imported_by": {"type": "string"},
                    "commitments": {"type": "integer"}}},
                "Department": {"type": "object", "required": ["id", "name", "version", "created_at", "leads", "supports", "users"], "properties": {
                    "id": {"type": "integer"}, "name": {"type": "string"}, "version": {"type": "integer"}, "created_at": {"type": "integer"},
                    "leads": {"type": "integer"}, "supports": {"type": "integer"}, "users": {"type": "integer"}}},
                "Target": {"type": "object", "required": ["subject", "measure", "value", "unit", "bound", "stretch", "period", "quote"], "properties": {
                    "subject": {"type": "string"}, "measure": {"type": "string", "enum": Measure::names()}, "value": {"type": "number"},
                    "upper": {"type": "number", "nullable": true}, "unit": {"type": "string"},
                    "bound": {"type": "string", "enum": Bound::names()},
                    "stretch": {"type": "boolean"}, "period": {"type": "integer"}, "quote": {"type": "string"},
                    "offset": {"type": "integer"}, "indicator": {"type": "string", "nullable": true}}},
                "Commitment": {"type": "object", "required": ["id", "report_id", "seq", "number", "section", "title", "quote", "co_departments", "start_date", "deadline", "priority", "state", "version", "targets", "health"], "properties": {
                    "id": {"type": "integer"}, "report_id": {"type": "integer"}, "report_name": {"type": "string"},
                    "report_year": {"type": "integer", "nullable": true}, "seq": {"type": "integer"}, "number": {"type": "string", "description": "序号 in the division of the plan (二、（一）1.); empty for a commitment made by hand"},
                    "section": {"type": "string"}, "title": {"type": "string"}, "quote": {"type": "string"},
                    "lead_department_id": {"type": "integer", "nullable": true},
                    "lead_department": {"type": "string", "nullable": true},
                    "co_departments": {"type": "array", "items": {"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}},
                    "start_date": {"type": "string", "format": "date"}, "deadline": {"type": "string", "format": "date"},
                    "priority": {"type": "integer", "enum": [1, 2, 3]},
                    "state": {"type": "string", "enum": states},
                    "percent": {"type": "number", "nullable": true}, "current_value": {"type": "number", "nullable": true},
                    "last_update": {"type": "string", "format": "date", "nullable": true},
                    "rating": {"type": "string", "enum": ratings, "nullable": true},
                    "rating_suggested": {"type": "string", "enum": ratings, "nullable": true},
                    "version": {"type": "integer"}, "updates": {"type": "integer"},
                    "targets": {"type": "array", "items": {"$ref": "#/components/schemas/Target"}},
                    "health": {"type": "object", "required": ["light", "overdue", "stale", "expected", "progress"], "properties": {
                        "light": {"type": "string", "enum": ["green", "yellow", "red"]},
                        "overdue": {"type": "boolean"}, "stale": {"type": "boolean"},
                        "expected": {"type": "number"}, "progress": {"type": "number"}}}}},
                "CommitmentWithTimeline": {"allOf": [
                    {"$ref": "#/components/schemas/Commitment"},
                    {"type": "object", "required": ["timeline"], "properties": {
                        "timeline": {"type": "array", "items": {"$ref": "#/components/schemas/Update"}}}}
                ]},
                "Update": {"type": "object", "required": ["id", "commitment_id", "author_name", "date", "state", "narrative", "created_at"], "properties": {
                    "id": {"type": "integer"}, "commitment_id": {"type": "integer"}, "author_name": {"type": "string"},
                    "date": {"type": "string", "format": "date"}, "value": {"type": "number", "nullable": true},
                    "percent": {"type": "number", "nullable": true}, "state": {"type": "string", "enum": states},
                    "narrative": {"type": "string"}, "link": {"type": "string", "nullable": true},
                    "created_at": {"type": "integer"},
                    "evidence": {"type": "object", "nullable": true, "required": ["id", "file_name", "mime", "size"], "properties": {
                        "id": {"type": "integer"}, "update_id": {"type": "integer"}, "commitment_id": {"type": "integer"},
                        "file_name": {"type": "string"}, "mime": {"type": "string"}, "size": {"type": "integer"}}}}},
                "NewCommitment": {"type": "object", "required": ["report_id", "title"], "description": "可选成员为 null 时视同未给出。", "properties": {
                    "report_id": {"type": "integer"}, "title": title,
                    "section": nullable(text_schema(300, false)), "lead_department_id": {"type": "integer", "nullable": true},
                    "co_department_ids": {"type": "array", "items": {"type": "integer"}, "nullable": true},
                    "deadline": {"type": "string", "format": "date", "nullable": true},
                    "priority": {"type": "integer", "enum": [1, 2, 3, null], "nullable": true}}},
                "NewUpdate": {"type": "object", "required": ["narrative"], "description": "可选成员为 null 时视同未给出。", "properties": {
                    "date": {"type": "string", "format": "date", "description": "不晚于今天", "nullable": true},
                    "value": {"type": "number", "nullable": true},
                    "percent": {"type": "number", "minimum": 0, "maximum": 100, "nullable": true},
                    "state": {"type": "string", "enum": states_or_null, "nullable": true},
                    "narrative": narrative,
                    "link": {"type": "string", "maxLength": 2000, "pattern": link_pattern, "description": "以 http:// 或 https:// 开头的网址", "nullable": true},
                    "version": {"type": "integer", "description": "任务的版本号；给出时检查，过期返回 409", "nullable": true}}}
            }
        }
    })
}
