//! The audit log, for admins.

use axum::extract::{Query, State};
use axum::response::Html;
use serde::Deserialize;
use serde_json::json;

use crate::auth::Ctx;
use crate::error::AppError;
use crate::{views, AppState};

const PER_PAGE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct AuditQuery {
    page: Option<String>,
}

/// `GET /audit`.
pub async fn list(
    State(st): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Html<String>, AppError> {
    ctx.require_admin()?;
    let page = q
        .page
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .max(1);
    let (entries, total, broken) = st
        .run(move |s| {
            Ok((
                s.audit(PER_PAGE, (page - 1) * PER_PAGE)?,
                s.audit_count()?,
                s.verify_audit()?,
            ))
        })
        .await?;
    views::page(
        &ctx,
        "audit.html",
        "audit",
        json!({
            "entries": entries,
            "total": total,
            "page": page,
            "pages": (total + PER_PAGE - 1) / PER_PAGE,
            "broken": broken,
        }),
    )
}
