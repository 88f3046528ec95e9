//! The OpenAPI 3.1 document of the JSON API, `GET /api/openapi.json`, made by utoipa from the
//! handlers' `#[utoipa::path]` annotations and the `ToSchema` types they read and answer
//! (records in `crate::domain`, [`crate::views::CommitmentJson`], the request bodies beside
//! their handlers), so the document follows the types instead of being written out beside
//! them. utoipa is the maintained OpenAPI generator for Rust (compile-time, no runtime
//! reflection); utoipa-axum is not used: the routes are one table in `crate::router`, with
//! their body limits, that the HTTP tests read.

use std::sync::OnceLock;

use axum::http::header;
use axum::response::IntoResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Components, ServerBuilder};
use utoipa::{Modify, OpenApi};

use super::{commitments, departments, standings, updates};
use crate::error::ErrorBody;

/// `GET /api/openapi.json`: the document, made once.
pub async fn openapi() -> impl IntoResponse {
    static DOC: OnceLock<String> = OnceLock::new();
    let doc = DOC.get_or_init(|| {
        ApiDoc::openapi().to_json().unwrap_or_else(|e| {
            serde_json::json!({"error": e.to_string(), "status": 500}).to_string()
        })
    });
    ([(header::CONTENT_TYPE, "application/json")], doc.as_str())
}

/// The document of the API.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "zhibiao tracker API",
        description = "政府工作报告任务督办：任务、进展、报告。认证：Authorization: Bearer <令牌>（在“我的账号”页面生成）。错误的响应体为 {\"error\": 说明, \"status\": 状态码}。"
    ),
    paths(
        list_reports,
        departments::api_list,
        commitments::api_list,
        commitments::api_create,
        commitments::api_assign,
        commitments::api_show,
        updates::api_create,
        standings::api,
    ),
    security(("bearer" = [])),
    modifiers(&Setup)
)]
struct ApiDoc;

/// `GET /api/reports` (`crate::handlers::reports::api_list`). Described here rather than on the
/// handler for now: `handlers/reports.rs` is being reworked on another branch, and this
/// annotation moves onto the handler when both are merged.
#[utoipa::path(get, path = "/api/reports", operation_id = "listReports", summary = "已导入的报告",
    responses((status = 200, description = "报告列表", body = Vec<crate::store::ReportSummary>),
        (status = 401, description = "错误", body = ErrorBody)))]
#[allow(dead_code)]
fn list_reports() {}

/// The bearer scheme and the server, which the derive has no attribute for.
struct Setup;

impl Modify for Setup {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Components::new);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        doc.servers = Some(vec![ServerBuilder::new().url("/").build()]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_document_describes_every_api_route_and_only_those() {
        let doc = serde_json::to_value(openapi_document()).unwrap();
        let mut described: Vec<(String, String)> = Vec::new();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                described.push((method.to_uppercase(), path.clone()));
            }
        }
        let mut routed: Vec<(String, String)> = crate::router::route_table()
            .into_iter()
            .filter(|(_, p)| p.starts_with("/api/") && *p != "/api/openapi.json")
            .map(|(m, p)| (m.to_string(), p.to_string()))
            .collect();
        described.sort();
        routed.sort();
        assert_eq!(described, routed);
        // Every schema referred to is in the document.
        let text = doc.to_string();
        for r in text.split("\"#/components/schemas/").skip(1) {
            let name = &r[..r.find('"').unwrap()];
            assert!(
                doc["components"]["schemas"].get(name).is_some(),
                "{name} is referred to but not described"
            );
        }
        assert_eq!(
            doc["components"]["securitySchemes"]["bearer"]["scheme"],
            "bearer"
        );
    }
}
