//! Static files, embedded in the binary: nothing is fetched from anywhere at run time.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use super::Param;
use crate::error::AppError;

const FILES: &[(&str, &str, &str)] = &[(
    "app.css",
    "text/css; charset=utf-8",
    include_str!("../../static/app.css"),
)];

/// `GET /static/{file}`.
pub async fn file(Param(name): Param) -> Result<Response, AppError> {
    let (_, mime, body) = FILES
        .iter()
        .find(|(n, _, _)| *n == name)
        .ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, *mime),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        *body,
    )
        .into_response())
}

/// `GET /healthz`: the server is up.
pub async fn healthz() -> &'static str {
    "ok"
}
