//! One module per resource. Handlers check, in this order: login, role, CSRF token, version,
//! then the input — so a caller without the right gets 401/403 whatever they sent.

pub mod api;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod commitments;
pub mod dashboard;
pub mod departments;
pub mod exports;
pub mod public;
pub mod reports;
pub mod updates;
pub mod users;

use axum::response::{IntoResponse, Redirect, Response};

use crate::error::AppError;

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
