//! [`AppError`]: every way a request fails, as a page (or, under `/api/`, a JSON object) with
//! a status and a message for the user. Internal causes go to the log, never to the client.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::service::import::ImportError;
use crate::store::StoreError;

/// What a user kept in a form that could not be saved (shown again on the conflict page).
pub type Kept = Vec<(String, String)>;

#[derive(Debug)]
pub enum AppError {
    /// Not logged in, on a page: redirect to the login page, then back to `next`.
    LoginRequired {
        next: String,
    },
    /// Not logged in (or the session expired) where a redirect will not do.
    Unauthorized(String),
    Forbidden(String),
    NotFound,
    BadRequest(String),
    /// Someone saved first: the form was stale. `back` is where to reload it.
    Conflict {
        message: String,
        back: String,
        kept: Kept,
    },
    TooLarge(String),
    Unsupported(String),
    TooManyRequests(String),
    /// Any other refusal, with its own status (405 Method Not Allowed, …).
    Status(StatusCode, String),
    /// The cause is logged; the user sees a generic message.
    Internal(String),
}

/// The body of an error under `/api/` (`Error` in the OpenAPI document).
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody {
    /// What went wrong, in one line for a person.
    pub error: String,
    /// The response's status code.
    pub status: u16,
}

/// The status and message of an error response, for the JSON rewriting of `/api/` errors, and
/// what else its page shows, for rendering it again with the user's menu
/// (`crate::router`).
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub message: String,
    /// Where to reload a stale form (a conflict), and what the user had typed in it.
    pub back: String,
    pub kept: Kept,
}

impl AppError {
    pub fn forbidden() -> AppError {
        AppError::Forbidden("您没有执行此操作的权限".into())
    }

    pub fn bad(msg: impl Into<String>) -> AppError {
        AppError::BadRequest(msg.into())
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::LoginRequired { .. } => StatusCode::SEE_OTHER,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Unsupported(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Status(s, _) => *s,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The message the user sees.
    pub fn message(&self) -> String {
        match self {
            AppError::LoginRequired { .. } => "请先登录".into(),
            AppError::NotFound => "页面或记录不存在（可能已被删除）".into(),
            AppError::Internal(_) => {
                "服务器内部错误，请稍后重试；如果问题持续，请联系管理员".into()
            }
            AppError::Unauthorized(m)
            | AppError::Forbidden(m)
            | AppError::BadRequest(m)
            | AppError::TooLarge(m)
            | AppError::Unsupported(m)
            | AppError::TooManyRequests(m)
            | AppError::Status(_, m) => m.clone(),
            AppError::Conflict { message, .. } => message.clone(),
        }
    }
}

impl AppError {
    /// The error a bare status stands for: what a response made by the framework rather than
    /// a handler (a refused extractor, a method not allowed) is turned into, so that every
    /// error is a page, or JSON under `/api/`, with a message.
    pub fn from_status(status: StatusCode) -> AppError {
        match status.as_u16() {
            400 => AppError::bad("请求格式错误，无法处理"),
            404 => AppError::NotFound,
            405 => AppError::Status(status, "不支持该请求方法".into()),
            413 => AppError::TooLarge("提交的内容过大".into()),
            415 => AppError::Unsupported("不支持的内容类型".into()),
            429 => AppError::TooManyRequests("请求过于频繁，请稍后再试".into()),
            s if s >= 500 => AppError::Internal(format!("a response with status {status}")),
            _ => AppError::Status(
                status,
                format!(
                    "无法完成请求（{} {}）",
                    status.as_u16(),
                    status.canonical_reason().unwrap_or("")
                ),
            ),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict => AppError::Conflict {
                message: "该记录已被他人修改，您的修改未保存".into(),
                back: String::new(),
                kept: Vec::new(),
            },
            StoreError::Duplicate => AppError::Conflict {
                message: "名称已存在，请换一个".into(),
                back: String::new(),
                kept: Vec::new(),
            },
            StoreError::Invalid(m) => AppError::BadRequest(m),
            StoreError::Internal(m) => AppError::Internal(m),
            #[allow(unreachable_patterns)]
            e => AppError::Internal(e.to_string()),
        }
    }
}

impl From<ImportError> for AppError {
    fn from(e: ImportError) -> Self {
        match e {
            ImportError::Store(s) => s.into(),
            ImportError::TooLarge => AppError::TooLarge(e.to_string()),
            ImportError::Duplicate { .. } => AppError::Conflict {
                message: e.to_string(),
                back: "/reports".into(),
                kept: Vec::new(),
            },
            ImportError::Unreadable(_) => AppError::Unsupported(e.to_string()),
            _ => AppError::BadRequest(e.to_string()),
        }
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(e: tokio::task::JoinError) -> Self {
        AppError::Internal(format!("a blocking task failed: {e}"))
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        let message = self.message();
        if let AppError::Internal(cause) = &self {
            eprintln!("zhibiao serve: internal error: {cause}");
        }
        let mut resp = match &self {
            AppError::LoginRequired { next } => {
                let mut r = StatusCode::SEE_OTHER.into_response();
                let to = format!("/login?next={}", crate::util::url_encode(next));
                if let Ok(v) = HeaderValue::from_str(&to) {
                    r.headers_mut().insert(header::LOCATION, v);
                }
                r
            }
            AppError::Conflict { back, kept, .. } => {
                let html = crate::templates::error_page(status, &message, back, kept);
                (status, html).into_response()
            }
            _ => (
                status,
                crate::templates::error_page(status, &message, "", &[]),
            )
                .into_response(),
        };
        if matches!(self, AppError::Unauthorized(_)) {
            // A dead session cookie is cleared so the next page asks for a login.
            resp.headers_mut().insert(
                header::SET_COOKIE,
                HeaderValue::from_static("zb_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0"),
            );
        }
        let (back, kept) = match self {
            AppError::Conflict { back, kept, .. } => (back, kept),
            _ => (String::new(), Vec::new()),
        };
        resp.extensions_mut().insert(ErrorInfo {
            status,
            message,
            back,
            kept,
        });
        resp
    }
}
