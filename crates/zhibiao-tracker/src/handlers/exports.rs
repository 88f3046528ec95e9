//! `GET /export/ledger.xlsx` and `.csv`: the 督办台账 with the list's filters, written by
//! [`crate::service::export`].

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::auth::Ctx;
use crate::error::AppError;
use crate::service::export::{csv_bytes, rows, workbook};
use crate::service::select::ListQuery;
use crate::{views, AppState};

/// `GET /export/ledger.xlsx`.
pub async fn xlsx(
    State(st): State<AppState>,
    _ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let rows = rows(&st, &q).await?;
    let bytes = tokio::task::spawn_blocking(move || workbook(&rows))
        .await?
        .map_err(|e| AppError::Internal(format!("xlsx: {e}")))?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ledger.xlsx",
        "督办台账.xlsx",
        bytes,
    ))
}

/// `GET /export/ledger.csv`.
pub async fn csv(
    State(st): State<AppState>,
    _ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let rows = rows(&st, &q).await?;
    let bytes = csv_bytes(&rows).map_err(|e| AppError::Internal(format!("csv: {e}")))?;
    Ok(attachment(
        "text/csv; charset=utf-8",
        "ledger.csv",
        "督办台账.csv",
        bytes,
    ))
}

pub(crate) fn attachment(mime: &str, ascii_name: &str, name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{}",
                    views::url_encode(name)
                ),
            ),
        ],
        body,
    )
        .into_response()
}
