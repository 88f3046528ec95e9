//! The public side: a read-only page per published report, for anyone, without a login —
//! the promise tracker citizens and journalists see. It shows only the published fields of
//! each commitment (what was promised, who leads it, its state, progress, deadline, last update
//! date and the confirmed rating), never narratives, evidence, users or suggested ratings.

use axum::extract::{Path, State};
use axum::response::{Html, Response};
use serde_json::json;

use super::{confirm_page, confirmed, id, see, Confirm};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::forms::Fields;
use crate::store::Filter;
use crate::util::today;
use crate::{views, AppState};

/// `GET /public`: the published reports.
pub async fn index(State(st): State<AppState>) -> Result<Html<String>, AppError> {
    let reports: Vec<_> = st
        .run(|s| s.reports())
        .await?
        .into_iter()
        .filter(|r| r.published)
        .map(|r| {
            json!({"id": r.id, "title": r.title.unwrap_or(r.name), "label": r.label,
                   "region": r.region, "year": r.year, "commitments": r.commitments})
        })
        .collect();
    views::render("public.html", json!({ "index": true, "reports": reports }))
}

/// `GET /public/reports/{id}`: one published report's commitments; 404 when not published.
pub async fn report(
    State(st): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Html<String>, AppError> {
    let rid = id(&raw)?;
    let (summary, list) = st
        .run(move |s| {
            let summary = s
                .reports()?
                .into_iter()
                .find(|r| r.id == rid && r.published)
                .ok_or(crate::store::StoreError::NotFound)?;
            let list = s.commitments(&Filter {
                report_id: Some(rid),
                ..Filter::default()
            })?;
            Ok((summary, list))
        })
        .await?;
    let day = today();
    let mut states = std::collections::BTreeMap::new();
    let items: Vec<_> = list
        .iter()
        .map(|c| {
            *states.entry(c.state.label()).or_insert(0usize) += 1;
            let h = views::health(c, day);
            // Published fields only: built here, field by field, not from the whole record.
            json!({
                "seq": c.seq,
                "no": c.display_number(),
                "section": c.section,
                "title": c.title,
                "targets": c.targets.iter().map(|t| t.display()).collect::<Vec<_>>(),
                "lead": c.lead_department,
                "deadline": c.deadline,
                "state": c.state.key(),
                "state_label": c.state.label(),
                "percent": c.percent,
                "last_update": c.last_update,
                "light": h.light.key(),
                "light_label": h.light.label(),
                "rating_label": c.rating.map(|r| r.label()),
            })
        })
        .collect();
    views::render(
        "public.html",
        json!({
            "index": false,
            "report": {"id": summary.id, "title": summary.title.unwrap_or(summary.name),
                       "label": summary.label, "region": summary.region, "year": summary.year},
            "items": items,
            "states": states,
            "total": items.len(),
            "today": day.format("%Y-%m-%d").to_string(),
        }),
    )
}

/// `POST /reports/{id}/publish`: published (`1` or `0`), confirm (`yes`; without it, the page
/// that asks); admins only.
pub async fn publish(
    State(st): State<AppState>,
    ctx: Ctx,
    Path(raw): Path<String>,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(form.csrf())?;
    let rid = id(&raw)?;
    let published = match form.get("published") {
        Some("1") => true,
        Some("0") => false,
        _ => return Err(AppError::bad("“公开”的取值应为 1 或 0")),
    };
    if !confirmed(&form)? {
        let r = st.run(move |s| s.report(rid).map(|r| r.summary)).await?;
        let (title, lines, button) = if published {
            (
                format!("公开“{}”？", r.label),
                vec![
                    format!(
                        "公开后，任何人无需登录即可在 /public/reports/{rid} 查看该报告 {} 项任务的公开字段：任务、目标、牵头单位、完成时限、状态、进度、最近更新日期和确认的评定。",
                        r.commitments
                    ),
                    "进展说明、佐证和用户不会公开。可以随时撤回。".to_string(),
                ],
                "确认公开",
            )
        } else {
            (
                format!("撤回“{}”的公开页？", r.label),
                vec![format!(
                    "撤回后，/public/reports/{rid} 不再可以访问，公开报告列表中也不再列出该报告。可以再次公开。"
                )],
                "确认撤回",
            )
        };
        return confirm_page(
            &ctx,
            "reports",
            Confirm {
                title,
                lines,
                action: format!("/reports/{rid}/publish"),
                fields: vec![("published", if published { "1" } else { "0" }.into())],
                button,
                back: "/reports".into(),
            },
        );
    }
    let actor = ctx.actor();
    st.run(move |s| s.set_published(&actor, rid, published))
        .await?;
    Ok(see(if published {
        "/reports?msg=published"
    } else {
        "/reports?msg=unpublished"
    }))
}
