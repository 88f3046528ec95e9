//! Progress updates: the form, the submission (with an evidence file or a link) and the
//! download of evidence.

use axum::body::{Body, Bytes};
use axum::extract::{Multipart, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use serde_json::json;
use tokio_util::io::ReaderStream;

use super::json::{self, body_fields, csrf_header, Kind, STATES};
use super::{id, see, Param};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::forms::multipart;
use crate::service::updates::{self, check_input, save, Keep, MAX_EVIDENCE_BYTES};
use crate::util::today;
use crate::{views, AppState};

/// `GET /commitments/{id}/updates/new`.
pub async fn form(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
) -> Result<Html<String>, AppError> {
    let cid = id(&raw)?;
    let c = st.run(move |s| s.commitment(cid)).await?;
    ctx.require_update(&c)?;
    views::page(
        &ctx,
        "update_new.html",
        "list",
        json!({
            "c": views::commitment(&c, today()),
            "today": today().format("%Y-%m-%d").to_string(),
            "states": views::states(),
            "max_mb": MAX_EVIDENCE_BYTES >> 20,
        }),
    )
}

/// `POST /commitments/{id}/updates` (multipart): date, value, percent, state, narrative,
/// link, evidence (file), version, csrf.
pub async fn create(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    mp: Multipart,
) -> Result<Response, AppError> {
    let cid = id(&raw)?;
    let c = st.run(move |s| s.commitment(cid)).await?;
    ctx.require_update(&c)?;
    let (form, file) = multipart(mp, "evidence", MAX_EVIDENCE_BYTES).await?;
    ctx.check_csrf(form.csrf())?;
    let version = form.version()?;
    let input = check_input(&c, &form, file, ctx.is_admin())?;
    let keep = Keep::of(&st.config);
    st.blocking(move |s| save(s, &keep, &ctx, cid, version, input))
        .await?;
    Ok(see(&format!("/commitments/{cid}?msg=updated")))
}

/// `GET /evidence/{id}`: the file, as an attachment of its checked type, streamed: a file of
/// the files directory through tokio's file reads, a file in the database a chunk
/// ([`updates::EVIDENCE_CHUNK`]) per read, each in its own short read transaction (evidence
/// is never changed once stored; a file deleted meanwhile ends the download with an error, so
/// the client sees a cut-off body, never a wrong one).
pub async fn evidence(
    State(st): State<AppState>,
    _ctx: Ctx,
    Param(raw): Param,
) -> Result<Response, AppError> {
    let eid = id(&raw)?;
    let dir = st.config.data_dir.join("evidence");
    let (e, source) = st
        .blocking(move |s| updates::evidence_source(s, &dir, eid))
        .await?;
    let ext = e
        .file_name
        .rsplit('.')
        .next()
        .filter(|x| x.len() <= 5 && x.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or("bin");
    let disposition = format!(
        "attachment; filename=\"evidence-{}.{ext}\"; filename*=UTF-8''{}",
        e.id,
        views::url_encode(&e.file_name).replace('/', "%2F")
    );
    let (body, length) = match source {
        updates::EvidenceSource::File(path) => {
            let file = tokio::fs::File::open(&path)
                .await
                .map_err(|_| AppError::NotFound)?;
            let length = file.metadata().await.map(|m| m.len()).ok();
            // Read 256 KiB at a time: with ReaderStream's default 4 KiB each read is a trip
            // to tokio's blocking pool, and 100 downloads of 1 MB took 3.9 s against 0.1 s
            // from the database (evidence_storage_figures).
            let stream = ReaderStream::with_capacity(file, 256 << 10);
            (Body::from_stream(stream), length)
        }
        updates::EvidenceSource::Database(first) => {
            let size = u64::try_from(e.size).unwrap_or(0);
            (database_stream(st, eid, first, size), Some(size))
        }
    };
    let mut resp = (
        [
            (header::CONTENT_TYPE, e.mime.clone()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CONTENT_SECURITY_POLICY, "sandbox".to_string()),
        ],
        body,
    )
        .into_response();
    if let Some(n) = length {
        resp.headers_mut().insert(header::CONTENT_LENGTH, n.into());
    }
    Ok(resp)
}

/// The bytes of evidence `eid` kept in the database, `size` of them, as a stream: `first`,
/// then a chunk per read until `size` bytes are sent. A read that fails or comes back short
/// ends the stream with an error (the connection is cut, the download is not taken for whole).
fn database_stream(st: AppState, eid: i64, first: Vec<u8>, size: u64) -> Body {
    use futures_util::stream;
    let sent = first.len() as u64;
    let head = stream::once(async move { Ok::<_, std::io::Error>(Bytes::from(first)) });
    let rest = stream::try_unfold(sent, move |sent| {
        let st = st.clone();
        async move {
            if sent >= size {
                return Ok(None);
            }
            let chunk = st
                .run(move |s| s.evidence_chunk(eid, sent, updates::EVIDENCE_CHUNK))
                .await
                .map_err(|e| std::io::Error::other(format!("evidence {eid}: {e:?}")))?;
            match chunk {
                Some(c) if !c.is_empty() => {
                    let next = sent + c.len() as u64;
                    Ok(Some((Bytes::from(c), next)))
                }
                _ => Err(std::io::Error::other(format!(
                    "evidence {eid}: gone or shorter than its {size} bytes"
                ))),
            }
        }
    });
    Body::from_stream(futures_util::StreamExt::chain(head, rest))
}

// The JSON API (`/api/…`), beside the pages.

/// The body of `POST /api/commitments/{id}/updates` (`NewUpdate` in the OpenAPI document):
/// read by [`body_fields`] with the forms' checks, described here. `null` counts as absent.
#[derive(utoipa::ToSchema)]
#[schema(as = NewUpdate, description = "可选成员为 null 时视同未给出。")]
#[allow(dead_code)]
pub struct NewUpdateBody {
    /// 不晚于今天
    #[schema(format = Date)]
    pub date: Option<String>,
    pub value: Option<f64>,
    #[schema(minimum = 0, maximum = 100)]
    pub percent: Option<f64>,
    #[schema(schema_with = json::state_schema)]
    pub state: Option<String>,
    #[schema(schema_with = json::narrative_schema)]
    pub narrative: String,
    #[schema(schema_with = json::link_schema)]
    pub link: Option<String>,
    /// 任务的版本号；给出时检查，过期返回 409
    pub version: Option<i64>,
}

/// `POST /api/commitments/{id}/updates`: date, value, percent, state, narrative, link, and
/// version (checked when given). Evidence files are uploaded with the form.
#[utoipa::path(post, path = "/api/commitments/{id}/updates", operation_id = "createUpdate",
    summary = "填报进展（管理员，或牵头/参与部门的填报员）",
    description = "date 不能晚于今天，否则返回 400；给出的 version 已过期时返回 409。",
    params(("id" = i64, Path, minimum = 1, example = 1)),
    request_body(content = NewUpdateBody, content_type = "application/json",
        example = json!({"date": "2023-06-30", "state": "in_progress", "percent": 50, "narrative": "已完成上半年计划。", "link": "https://example.org/report"})),
    responses((status = 201, description = "已创建", body = super::json::Created),
        (status = 400, description = "错误", body = crate::error::ErrorBody),
        (status = 401, description = "错误", body = crate::error::ErrorBody),
        (status = 403, description = "错误", body = crate::error::ErrorBody),
        (status = 404, description = "错误", body = crate::error::ErrorBody),
        (status = 409, description = "错误", body = crate::error::ErrorBody),
        (status = 413, description = "错误", body = crate::error::ErrorBody)))]
pub async fn api_create(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let cid = id(&raw)?;
    let c = st.run(move |s| s.commitment(cid)).await?;
    ctx.require_update(&c)?;
    ctx.check_csrf(csrf_header(&headers))?;
    let f = body_fields(
        &body,
        &[
            ("date", Kind::Date),
            ("value", Kind::Number),
            ("percent", Kind::Number),
            ("state", Kind::Word(STATES)),
            ("narrative", Kind::Text),
            ("link", Kind::Link),
            ("version", Kind::Int),
        ],
    )?;
    let version = f.int("version", "version")?.unwrap_or(c.version);
    let input = check_input(&c, &f, None, ctx.is_admin())?;
    let keep = Keep::of(&st.config);
    let uid = st
        .blocking(move |s| save(s, &keep, &ctx, cid, version, input))
        .await?;
    Ok((StatusCode::CREATED, Json(super::json::Created { id: uid })).into_response())
}
