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

/// The answer to a POST that made something: its id.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Created {
    pub id: i64,
}

// Schemas of request members that the server checks beyond their JSON type ([`body_fields`]
// and the forms' checks): the patterns the checks of text and links amount to.

use utoipa::openapi::schema::{ObjectBuilder, SchemaType, Type};

/// Rust's white space (what a form field is trimmed of), as a regular expression class body.
const WS: &str = "\\t\\n\\u000B\\u000C\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";
/// Control characters, which no text field takes (but tab and line breaks inside).
const CTRL: &str = "\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F";

fn string_or_null(nullable: bool) -> SchemaType {
    if nullable {
        SchemaType::from_iter([Type::String, Type::Null])
    } else {
        SchemaType::Type(Type::String)
    }
}

/// A text field's schema: at most `max` characters, no control characters but tabs and line
/// breaks inside, and with `required`, something besides white space (text is trimmed of white
/// space at both ends); `null` allowed when not `required`.
fn text_schema(max: usize, required: bool, description: &str) -> utoipa::openapi::Object {
    let visible = format!("[^{WS}\\u0000-\\u001F\\u007F-\\u009F]");
    let text = format!("{visible}(?:[^{CTRL}]*{visible})?");
    let pattern = if required {
        format!("^[{WS}]*{text}[{WS}]*$")
    } else {
        format!("^[{WS}]*(?:{text})?[{WS}]*$")
    };
    ObjectBuilder::new()
        .schema_type(string_or_null(!required))
        .description(Some(description).filter(|d| !d.is_empty()))
        .max_length(Some(max))
        .min_length(required.then_some(1))
        .pattern(Some(pattern))
        .build()
}

/// `title` of a new commitment.
pub(crate) fn title_schema() -> utoipa::openapi::Object {
    text_schema(1000, true, "任务内容")
}

/// `section` of a new commitment.
pub(crate) fn section_schema() -> utoipa::openapi::Object {
    text_schema(300, false, "")
}

/// `narrative` of an update.
pub(crate) fn narrative_schema() -> utoipa::openapi::Object {
    text_schema(5000, true, "进展情况")
}

/// A web address, as the server checks it ([`views::is_web_url`]): http(s)://, a host, no
/// white space or control characters; or `null`.
pub(crate) fn link_schema() -> utoipa::openapi::Object {
    let pattern = format!(
        "^[Hh][Tt][Tt][Pp][Ss]?://[^/{WS}\\u0000-\\u001F\\u007F-\\u009F][^{WS}\\u0000-\\u001F\\u007F-\\u009F]*$"
    );
    ObjectBuilder::new()
        .schema_type(string_or_null(true))
        .description(Some("以 http:// 或 https:// 开头的网址"))
        .max_length(Some(2000))
        .pattern(Some(pattern))
        .build()
}

/// `priority`: 1, 2 or 3, or `null`.
pub(crate) fn priority_schema() -> utoipa::openapi::Object {
    ObjectBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Integer, Type::Null]))
        .enum_values(Some([Value::from(1), 2.into(), 3.into(), Value::Null]))
        .build()
}

/// `state` of an update: one of [`STATES`], or `null`.
pub(crate) fn state_schema() -> utoipa::openapi::Object {
    ObjectBuilder::new()
        .schema_type(string_or_null(true))
        .enum_values(Some(
            STATES.iter().map(|s| Value::from(*s)).chain([Value::Null]),
        ))
        .build()
}
