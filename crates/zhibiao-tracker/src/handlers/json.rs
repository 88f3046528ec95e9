//! The JSON API's request bodies (`Authorization: Bearer TOKEN`; a browser session works too,
//! with the `X-CSRF-Token` header on POST): a JSON object checked member by member and turned
//! into form fields, so that the API and the forms share every check. The API's handlers sit
//! beside the HTML ones, per resource; errors are `{"error": message, "status": code}`; the
//! OpenAPI 3 document is [`super::openapi`].

use axum::body::Bytes;
use axum::http::HeaderMap;
use serde_json::Value;

use crate::error::AppError;
use crate::forms::{date, Fields};
use crate::views;

/// What a member of a JSON body is.
#[derive(Clone, Copy)]
pub(crate) enum Kind {
    Int,
    Number,
    Text,
    IntList,
    /// `YYYY-MM-DD`, exactly.
    Date,
    /// One of these words, exactly.
    Word(&'static [&'static str]),
    /// A web address, exactly ([`views::is_web_url`]).
    Link,
}

pub(crate) const STATES: &[&str] = &["not_started", "in_progress", "done", "failed"];

/// A JSON object body: the members named in `spec`, type-checked, turned into form-like text
/// so that the same checks as the forms' apply. `null` counts as absent; other members are
/// ignored.
pub(crate) fn body_fields(body: &Bytes, spec: &[(&str, Kind)]) -> Result<Fields, AppError> {
    let v: Value =
        serde_json::from_slice(body).map_err(|_| AppError::bad("请求体应为 JSON 对象"))?;
    let obj = v
        .as_object()
        .ok_or_else(|| AppError::bad("请求体应为 JSON 对象"))?;
    let int = |v: &Value| {
        v.as_i64().or_else(|| {
            v.as_f64()
                .filter(|x| x.fract() == 0.0 && x.abs() < 9.0e15)
                .map(|x| x as i64)
        })
    };
    let mut out = Vec::new();
    for (k, kind) in spec {
        let Some(v) = obj.get(*k).filter(|v| !v.is_null()) else {
            continue;
        };
        let k = k.to_string();
        match kind {
            Kind::Int => match int(v) {
                Some(i) => out.push((k, i.to_string())),
                None => return Err(AppError::bad(format!("“{k}”应为整数"))),
            },
            Kind::Number => match v.as_f64() {
                Some(x) => out.push((k, x.to_string())),
                None => return Err(AppError::bad(format!("“{k}”应为数字"))),
            },
            Kind::Text => match v.as_str() {
                Some(t) => out.push((k, t.to_string())),
                None => return Err(AppError::bad(format!("“{k}”应为文本"))),
            },
            // Unlike a form's, these are not trimmed, and blank is no "absent": a machine
            // client sends what it means.
            Kind::Date => match v.as_str() {
                Some(t)
                    if t.len() == 10
                        && t.bytes().enumerate().all(|(i, b)| {
                            if i == 4 || i == 7 {
                                b == b'-'
                            } else {
                                b.is_ascii_digit()
                            }
                        })
                        && date(t, &k).is_ok() =>
                {
                    out.push((k, t.to_string()))
                }
                _ => return Err(AppError::bad(format!("“{k}”应为日期，格式如 2023-06-30"))),
            },
            Kind::Word(words) => match v.as_str() {
                Some(t) if words.contains(&t) => out.push((k, t.to_string())),
                _ => {
                    return Err(AppError::bad(format!(
                        "“{k}”应为以下之一：{}",
                        words.join("、")
                    )))
                }
            },
            Kind::Link => match v.as_str() {
                Some(t) if views::is_web_url(t) => out.push((k, t.to_string())),
                _ => {
                    return Err(AppError::bad(format!(
                        "“{k}”（佐证链接）应为以 http:// 或 https:// 开头的网址"
                    )))
                }
            },
            Kind::IntList => {
                let items = v
                    .as_array()
                    .ok_or_else(|| AppError::bad(format!("“{k}”应为整数数组")))?;
                for i in items {
                    let i = int(i).ok_or_else(|| AppError::bad(format!("“{k}”应为整数数组")))?;
                    out.push((k.clone(), i.to_string()));
                }
            }
        }
    }
    Ok(Fields(out))
}

pub(crate) fn csrf_header(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-csrf-token").and_then(|v| v.to_str().ok())
}
