//! Reports: the list, the import (admins upload a file) and the reader (the full text with
//! facts highlighted, each linked to its commitment).

use axum::extract::{Multipart, Query, State};
use axum::response::{Html, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use zhibiao_core::outline::{BlockRole, Outline};

use super::{id, see, Param};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::forms::multipart;
use crate::service::import::{import_bytes, MAX_REPORT_BYTES};
use crate::store::{Commitment, Filter};
use crate::{views, AppState};

#[derive(Deserialize, Default)]
pub struct MsgQuery {
    msg: Option<String>,
}

/// `GET /reports`.
pub async fn list(
    State(st): State<AppState>,
    ctx: Ctx,
    Query(q): Query<MsgQuery>,
) -> Result<Html<String>, AppError> {
    let reports = st.run(|s| s.reports()).await?;
    views::page(
        &ctx,
        "reports.html",
        "reports",
        json!({
            "reports": reports,
            "max_mb": MAX_REPORT_BYTES >> 20,
            "flash": views::flash(q.msg.as_deref()),
        }),
    )
}

/// `POST /reports` (multipart): file, csrf.
pub async fn import(
    State(st): State<AppState>,
    ctx: Ctx,
    mp: Multipart,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    let (form, file) = multipart(mp, "file", MAX_REPORT_BYTES).await?;
    ctx.check_csrf(form.csrf())?;
    let file = file.ok_or_else(|| AppError::bad("请选择要导入的报告文件"))?;
    let actor = ctx.actor();
    let done = st
        .blocking(move |s| {
            import_bytes(s, &actor, &file.bytes, &file.file_name).map_err(AppError::from)
        })
        .await?;
    Ok(see(&format!("/reports/{}?msg=imported", done.id)))
}

/// One run of text in the reader: plain, inside a commitment's sentence, inside a fact.
#[derive(serde::Serialize, PartialEq)]
struct Segment {
    text: String,
    commitment: Option<i64>,
    /// Index into the report's facts.
    fact: Option<usize>,
    /// The first segment of a commitment carries its anchor.
    anchor: bool,
}

/// The paragraphs of a report as segments, from the outline stored at its import.
fn segments(
    text: &str,
    outline: &Outline,
    facts: &[zhibiao_core::Fact],
    commitments: &[Commitment],
) -> Vec<serde_json::Value> {
    let joined = zhibiao_core::outline::joined(text);
    let n = joined.len();
    let mut commit_at: Vec<Option<i64>> = vec![None; n];
    for c in commitments {
        let (s, l) = (c.quote_offset.max(0) as usize, c.quote_len.max(0) as usize);
        for slot in commit_at.iter_mut().skip(s).take(l) {
            slot.get_or_insert(c.id);
        }
    }
    let mut fact_at: Vec<Option<usize>> = vec![None; n];
    for (i, f) in facts.iter().enumerate() {
        let len = f.quote.chars().count();
        for slot in fact_at.iter_mut().skip(f.offset).take(len) {
            slot.get_or_insert(i);
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for p in &paragraphs(outline, n) {
        let mut segs: Vec<Segment> = Vec::new();
        for i in p.start..p.end.min(n) {
            let (c, f) = (commit_at[i], fact_at[i]);
            match segs.last_mut() {
                Some(last) if last.commitment == c && last.fact == f => last.text.push(joined[i]),
                _ => {
                    let anchor = c.is_some_and(|id| seen.insert(id));
                    segs.push(Segment {
                        text: joined[i].to_string(),
                        commitment: c,
                        fact: f,
                        anchor,
                    });
                }
            }
        }
        let kind = match p.role {
            BlockRole::Heading if p.end - p.start <= 40 => "heading",
            BlockRole::Heading | BlockRole::Body => "body",
            BlockRole::Other => "other",
        };
        out.push(json!({ "kind": kind, "segments": segs }));
    }
    out
}

/// The paragraphs of an outline; a report stored without one (imported before outlines were
/// stored, and not yet filled in) is shown as one paragraph of `n` chars.
pub(crate) fn paragraphs(outline: &Outline, n: usize) -> Vec<zhibiao_core::outline::Block> {
    if outline.paragraphs.is_empty() && n > 0 {
        return vec![zhibiao_core::outline::Block {
            start: 0,
            end: n,
            role: BlockRole::Body,
            level: 0,
        }];
    }
    outline.paragraphs.clone()
}

/// `GET /reports/{id}`.
pub async fn reader(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    Query(q): Query<MsgQuery>,
) -> Result<Html<String>, AppError> {
    let rid = id(&raw)?;
    let reports = st.reports.clone();
    let (report, list) = st
        .run(move |s| {
            let report = reports.get(s, rid)?;
            let list = s.commitments(&Filter {
                report_id: Some(rid),
                ..Filter::default()
            })?;
            Ok((report, list))
        })
        .await?;
    let facts: Vec<_> = report
        .facts
        .iter()
        .map(|f| {
            json!({
                "label": format!(
                    "{}：{}（{}，{}年）",
                    f.subject,
                    zhibiao_core::fact::amount(f.value, &f.unit),
                    if f.kind == zhibiao_core::Kind::Target { "目标" } else { "实绩" },
                    f.period
                ),
                "target": f.kind == zhibiao_core::Kind::Target,
            })
        })
        .collect();
    let paragraphs = segments(&report.text, &report.outline, &report.facts, &list);
    views::page(
        &ctx,
        "report.html",
        "reports",
        json!({
            "report": report.summary,
            "paragraphs": paragraphs,
            "facts": facts,
            "fact_count": report.facts.len(),
            "flash": views::flash(q.msg.as_deref()),
        }),
    )
}

// The JSON API (`/api/…`), beside the pages.

/// `GET /api/reports`.
pub async fn api_list(State(st): State<AppState>, _ctx: Ctx) -> Result<Json<Value>, AppError> {
    let reports = st.run(|s| s.reports()).await?;
    Ok(Json(json!(reports)))
}
