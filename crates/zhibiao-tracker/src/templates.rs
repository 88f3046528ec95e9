//! The minijinja templates embedded in the binary (HTML-escaped by default: report text and
//! notes are untrusted), their environment, and the error page, which needs nothing of the
//! rest of the tracker (so that errors can be rendered from anywhere).

use axum::http::StatusCode;
use axum::response::Html;
use minijinja::{Environment, Value};
use serde_json::json;
use std::sync::OnceLock;

use crate::domain::commitments::format_number;

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    ("login.html", include_str!("../templates/login.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("confirm.html", include_str!("../templates/confirm.html")),
    (
        "dashboard.html",
        include_str!("../templates/dashboard.html"),
    ),
    (
        "commitments.html",
        include_str!("../templates/commitments.html"),
    ),
    (
        "commitment.html",
        include_str!("../templates/commitment.html"),
    ),
    (
        "commitment_edit.html",
        include_str!("../templates/commitment_edit.html"),
    ),
    (
        "update_new.html",
        include_str!("../templates/update_new.html"),
    ),
    ("my.html", include_str!("../templates/my.html")),
    (
        "departments.html",
        include_str!("../templates/departments.html"),
    ),
    (
        "department.html",
        include_str!("../templates/department.html"),
    ),
    ("reports.html", include_str!("../templates/reports.html")),
    ("report.html", include_str!("../templates/report.html")),
    ("users.html", include_str!("../templates/users.html")),
    ("token.html", include_str!("../templates/token.html")),
    ("account.html", include_str!("../templates/account.html")),
    ("duban.html", include_str!("../templates/duban.html")),
    ("audit.html", include_str!("../templates/audit.html")),
    ("public.html", include_str!("../templates/public.html")),
    (
        "standings.html",
        include_str!("../templates/standings.html"),
    ),
    ("bulletin.html", include_str!("../templates/bulletin.html")),
];

/// The template environment, built once.
pub fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        for (name, src) in TEMPLATES {
            env.add_template(name, src)
                .unwrap_or_else(|e| panic!("template {name}: {e}"));
        }
        env.add_filter("dt", |ts: i64| -> String {
            chrono::DateTime::from_timestamp(ts, 0)
                .map(|t| {
                    t.with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or_default()
        });
        env.add_test("weburl", |s: &str| is_web_url(s));
        env.add_filter("num", |x: f64| format_number(x));
        env.add_filter("pct", |x: f64| format!("{:.0}%", x * 100.0));
        env.add_filter("size", |n: i64| {
            if n >= 1 << 20 {
                format!("{:.1} MB", n as f64 / (1 << 20) as f64)
            } else {
                format!("{:.0} KB", (n as f64 / 1024.0).ceil())
            }
        });
        env
    })
}

/// Renders a template with `data`; the error says which template and why, for the log.
pub fn render(template: &str, data: serde_json::Value) -> Result<Html<String>, String> {
    let t = env()
        .get_template(template)
        .map_err(|e| format!("template {template}: {e}"))?;
    t.render(Value::from_serialize(&data))
        .map(Html)
        .map_err(|e| format!("template {template}: {e:#}"))
}

/// What the error page shows.
pub fn error_data(
    status: StatusCode,
    message: &str,
    back: &str,
    kept: &[(String, String)],
) -> serde_json::Value {
    json!({
        "status": status.as_u16(),
        "reason": status.canonical_reason().unwrap_or(""),
        "message": message,
        "back": back,
        "kept": kept.iter().map(|(k, v)| json!({"label": k, "value": v})).collect::<Vec<_>>(),
        "login": status == StatusCode::UNAUTHORIZED,
    })
}

/// The page of an error, without the user's menu (`crate::router` adds it for a logged-in
/// user); never fails (falls back to plain text).
pub fn error_page(
    status: StatusCode,
    message: &str,
    back: &str,
    kept: &[(String, String)],
) -> Html<String> {
    render("error.html", error_data(status, message, back, kept)).unwrap_or_else(|_| {
        Html(format!(
            "<!doctype html><meta charset=utf-8><title>{}</title><p>{}</p>",
            status.as_u16(),
            escape(message)
        ))
    })
}

/// HTML-escapes text (for the rare page not rendered from a template).
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether a link is a web address: `http://` or `https://` and a host, no white space or
/// control characters. The only links a page makes from data (anything else, `javascript:`
/// above all, is refused when entered and shown as plain text if stored all the same).
pub fn is_web_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}
