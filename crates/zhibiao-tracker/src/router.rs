//! Every route of the tracker, in one list. [`route_table`] gives the same list as data, so that
//! the authorisation-matrix test fails for a route nobody has thought about.

use axum::extract::{DefaultBodyLimit, FromRequestParts, Request, State};
use axum::handler::Handler;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;
use tower_http::catch_panic::CatchPanicLayer;

use crate::auth::Ctx;
use crate::error::{AppError, ErrorInfo};
use crate::handlers::{
    assets, audit, auth, commitments, dashboard, departments, exports, office, openapi, public,
    reports, standings, updates, users,
};
use crate::service::import::MAX_REPORT_BYTES;
/// Largest evidence file (the service's limit; here beside the other body limits).
pub use crate::service::updates::MAX_EVIDENCE_BYTES;
use crate::AppState;

/// Largest ordinary form or JSON body.
pub const MAX_FORM_BYTES: usize = 1 << 20;
/// Room for the other fields of a multipart form around its file.
const MULTIPART_SLACK: usize = 1 << 20;

/// One route: method, path, handler, and the largest body it takes when not the default.
pub struct Route {
    pub method: Method,
    pub path: &'static str,
    handler: MethodRouter<AppState>,
    body_limit: Option<usize>,
}

fn route<H, T>(method: Method, path: &'static str, h: H) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let filter = if method == Method::POST {
        MethodFilter::POST
    } else {
        MethodFilter::GET
    };
    Route {
        method,
        path,
        handler: on(filter, h),
        body_limit: None,
    }
}

fn upload<H, T>(path: &'static str, h: H, limit: usize) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    Route {
        body_limit: Some(limit),
        ..route(Method::POST, path, h)
    }
}

/// Every route.
pub fn routes() -> Vec<Route> {
    use Method as M;
    vec![
        // Static files and the login.
        route(M::GET, "/static/{file}", assets::file),
        route(M::GET, "/healthz", assets::healthz),
        route(M::GET, "/login", auth::login_page),
        route(M::POST, "/login", auth::login),
        route(M::POST, "/logout", auth::logout),
        // Views.
        route(M::GET, "/", dashboard::dashboard),
        route(M::GET, "/commitments", commitments::list),
        route(M::GET, "/commitments/{id}", commitments::show),
        route(M::GET, "/my", commitments::my_tasks),
        route(M::GET, "/departments", departments::list),
        route(M::GET, "/departments/{id}", departments::show),
        route(M::GET, "/reports", reports::list),
        route(M::GET, "/reports/{id}", reports::reader),
        route(M::POST, "/reports/{id}/publish", public::publish),
        route(M::GET, "/public", public::index),
        route(M::GET, "/public/reports/{id}", public::report),
        route(M::GET, "/evidence/{id}", updates::evidence),
        // Progress.
        route(M::GET, "/commitments/{id}/updates/new", updates::form),
        upload(
            "/commitments/{id}/updates",
            updates::create,
            MAX_EVIDENCE_BYTES + MULTIPART_SLACK,
        ),
        // Administration.
        route(M::GET, "/commitments/{id}/edit", commitments::edit_form),
        route(M::POST, "/commitments/{id}", commitments::edit),
        route(M::POST, "/commitments/{id}/delete", commitments::delete),
        route(M::POST, "/commitments/{id}/merge", commitments::merge),
        route(M::POST, "/commitments/{id}/split", commitments::split),
        route(M::POST, "/commitments/assign", commitments::assign),
        route(M::POST, "/commitments/{id}/rating", commitments::rate),
        upload(
            "/reports",
            reports::import,
            MAX_REPORT_BYTES + MULTIPART_SLACK,
        ),
        route(M::POST, "/departments", departments::create),
        route(M::POST, "/departments/{id}", departments::rename),
        route(M::POST, "/departments/{id}/delete", departments::delete),
        route(M::GET, "/users", users::list),
        route(M::POST, "/users", users::create),
        route(M::POST, "/users/{id}", users::edit),
        route(M::POST, "/users/{id}/token", users::token),
        route(M::GET, "/account", users::account),
        route(M::GET, "/audit", audit::list),
        // The 督查室's workflow.
        route(M::GET, "/duban", office::page),
        route(M::POST, "/duban/settings", office::settings),
        route(M::POST, "/commitments/{id}/remind", office::remind),
        route(M::POST, "/commitments/{id}/requests", office::request),
        route(M::POST, "/requests/{id}/decide", office::decide),
        route(
            M::POST,
            "/commitments/{id}/milestones",
            office::add_milestone,
        ),
        route(M::POST, "/milestones/{id}", office::milestone),
        route(M::POST, "/account/email", users::email),
        // Exports.
        route(M::GET, "/export/ledger.xlsx", exports::xlsx),
        route(M::GET, "/export/ledger.csv", exports::csv),
        route(M::GET, "/export/audit.xlsx", audit::xlsx),
        route(M::GET, "/export/audit.csv", audit::csv),
        // Standings: the ranking, the monthly 督办通报 and the trend.
        route(M::GET, "/standings", standings::page),
        route(M::GET, "/standings/bulletin", standings::bulletin),
        route(M::GET, "/standings/bulletin.xlsx", standings::bulletin_xlsx),
        // The JSON API.
        route(M::GET, "/api/openapi.json", openapi::openapi),
        route(M::GET, "/api/reports", reports::api_list),
        route(M::GET, "/api/departments", departments::api_list),
        route(M::GET, "/api/commitments", commitments::api_list),
        route(M::GET, "/api/commitments/{id}", commitments::api_show),
        route(M::GET, "/api/standings", standings::api),
        route(M::POST, "/api/commitments", commitments::api_create),
        route(M::POST, "/api/commitments/assign", commitments::api_assign),
        route(
            M::POST,
            "/api/commitments/{id}/updates",
            updates::api_create,
        ),
    ]
}

/// `(method, path)` of every route, in order.
pub fn route_table() -> Vec<(Method, &'static str)> {
    routes().into_iter().map(|r| (r.method, r.path)).collect()
}

/// The application: every route, with security headers, JSON errors under `/api/`, panics
/// turned into a 500 page, and body limits.
pub fn router(state: AppState) -> Router {
    let mut app = Router::new();
    for r in routes() {
        // Every route refuses a body declared larger than it takes before reading any of it
        // (otherwise a form route would wait for the 2 GB a request announces).
        let limit = r.body_limit.unwrap_or(MAX_FORM_BYTES);
        let handler = r
            .handler
            .layer::<_, std::convert::Infallible>(middleware::from_fn_with_state(
                limit,
                refuse_large,
            ))
            .layer(DefaultBodyLimit::max(limit));
        app = app.route(r.path, handler);
    }
    app.fallback(|| async { AppError::NotFound })
        .layer(CatchPanicLayer::custom(|_| {
            AppError::Internal("a handler panicked".into()).into_response()
        }))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            error_with_menu,
        ))
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
        .with_state(state)
}

/// An error page (403, 404, 400, a conflict …) for a logged-in user is the page of the error
/// with the user's own menu, like every other page, not a dead end: it is rendered again here,
/// after the handler, from what the error carries ([`ErrorInfo`]) and the session of the
/// request (looked up only when the answer is an error). Not under `/api/` (JSON), and not for
/// 401 (the session is gone) or a redirect to the login page.
async fn error_with_menu(State(st): State<AppState>, req: Request, next: Next) -> Response {
    if req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let keep = [header::COOKIE, header::AUTHORIZATION].map(|k| {
        req.headers()
            .get_all(&k)
            .iter()
            .map(|v| (k.clone(), v.clone()))
            .collect::<Vec<_>>()
    });
    let uri = req.uri().clone();
    let resp = next.run(req).await;
    let Some(info) = resp.extensions().get::<ErrorInfo>().cloned() else {
        return resp;
    };
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error())
        || status == StatusCode::UNAUTHORIZED
        || keep.iter().all(Vec::is_empty)
    {
        return resp;
    }
    // The request's credentials, for the same look-up the handler made (a cached session).
    let mut probe = axum::http::Request::new(());
    *probe.uri_mut() = uri;
    for (k, v) in keep.into_iter().flatten() {
        probe.headers_mut().append(k, v);
    }
    let (mut parts, ()) = probe.into_parts();
    let Ok(ctx) = Ctx::from_request_parts(&mut parts, &st).await else {
        return resp;
    };
    let data = crate::templates::error_data(status, &info.message, &info.back, &info.kept);
    let Ok(page) = crate::views::page(&ctx, "error.html", "", data) else {
        return resp;
    };
    let mut new = (status, page).into_response();
    for (k, v) in resp.headers() {
        if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
            new.headers_mut().append(k.clone(), v.clone());
        }
    }
    new.extensions_mut().insert(info);
    new
}

/// Refuses a body whose declared length is over the limit before reading any of it.
async fn refuse_large(State(limit): State<usize>, req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return AppError::TooLarge(format!(
            "提交的内容过大：上限约为 {} MB",
            limit.div_ceil(1 << 20)
        ))
        .into_response();
    }
    next.run(req).await
}

async fn security_headers(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut resp = next.run(req).await;
    let status = resp.status();
    let plain = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_none_or(|v| v.as_bytes().starts_with(b"text/plain"));
    if (status.is_client_error() || status.is_server_error())
        && plain
        && resp.extensions().get::<ErrorInfo>().is_none()
    {
        // An error made by the framework (a refused extractor: plain text; 405: no body), not
        // by a handler: a page like the others, JSON under /api/.
        let mut page = AppError::from_status(status).into_response();
        for (k, v) in resp.headers() {
            if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
                page.headers_mut().insert(k.clone(), v.clone());
            }
        }
        resp = page;
    }
    if api {
        json_error_body(&mut resp);
    }
    let h = resp.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: &'static str, v: &'static str| {
        h.entry(k).or_insert(HeaderValue::from_static(v));
    };
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "referrer-policy", "same-origin");
    set(
        h,
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
         form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    resp
}

/// Under `/api/`, an error page becomes `{"error": message, "status": code}`
/// ([`crate::error::ErrorBody`]) with the same status.
fn json_error_body(resp: &mut Response) {
    let Some(info) = resp.extensions().get::<ErrorInfo>().cloned() else {
        return;
    };
    let body = crate::error::ErrorBody {
        error: info.message,
        status: info.status.as_u16(),
    };
    let mut new = (info.status, axum::Json(body)).into_response();
    for (k, v) in resp.headers() {
        if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
            new.headers_mut().insert(k.clone(), v.clone());
        }
    }
    *resp = new;
}
