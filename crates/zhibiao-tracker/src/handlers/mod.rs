//! One module per resource. Handlers check, in this order: login, role, CSRF token, version,
//! then the input — so a caller without the right gets 401/403 whatever they sent.

pub mod assets;
pub mod audit;
pub mod auth;
pub mod commitments;
pub mod dashboard;
pub mod departments;
pub mod exports;
pub mod json;
pub mod office;
pub mod openapi;
pub mod public;
pub mod reports;
pub mod standings;
pub mod updates;
pub mod users;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};

use crate::error::AppError;

/// The parameter of a route's path (`{id}`, `{file}`) as text. Unlike axum's `Path` it never
/// refuses a request: a parameter that is not UTF-8 once percent-decoded reads as "", which no
/// record has for an id or a name, so the handler answers 404 after its checks of login and
/// role rather than a bare 400 before them.
pub struct Param(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Param {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Param, Self::Rejection> {
        let p = axum::extract::Path::<String>::from_request_parts(parts, state).await;
        Ok(Param(p.map(|p| p.0).unwrap_or_default()))
    }
}

/// An id from a path; anything but a positive integer is a page that does not exist.
pub fn id(s: &str) -> Result<i64, AppError> {
    s.parse::<i64>()
        .ok()
        .filter(|i| *i > 0)
        .ok_or(AppError::NotFound)
}

/// 303 See Other to `to`.
pub fn see(to: &str) -> Response {
    Redirect::to(to).into_response()
}
