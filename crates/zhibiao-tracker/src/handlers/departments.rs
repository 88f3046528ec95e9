//! Departments: the list, one department's page, and the admin's create, rename and delete.

use axum::extract::{Query, State};
use axum::response::{Html, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{confirm_page, confirmed, id, see, Confirm, Param};
use crate::auth::Ctx;
use crate::domain::health::Light;
use crate::error::AppError;
use crate::forms::Fields;
use crate::store::Filter;
use crate::util::today;
use crate::{views, AppState};

#[derive(Deserialize, Default)]
pub struct MsgQuery {
    msg: Option<String>,
}

/// `GET /departments`.
pub async fn list(
    State(st): State<AppState>,
    ctx: Ctx,
    Query(q): Query<MsgQuery>,
) -> Result<Html<String>, AppError> {
    let departments = st.run(|s| s.departments()).await?;
    views::page(
        &ctx,
        "departments.html",
        "departments",
        json!({ "departments": departments, "flash": views::flash(q.msg.as_deref()) }),
    )
}

/// `GET /departments/{id}`.
pub async fn show(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
) -> Result<Html<String>, AppError> {
    let did = id(&raw)?;
    let (d, list, users) = st
        .run(move |s| {
            let d = s.department(did)?;
            let list = s.commitments(&Filter {
                department_id: Some(did),
                ..Filter::default()
            })?;
            let users: Vec<_> = s
                .users()?
                .into_iter()
                .filter(|u| u.department_id == Some(did))
                .collect();
            Ok((d, list, users))
        })
        .await?;
    let day = today();
    let mut counts = std::collections::BTreeMap::new();
    for l in Light::ALL {
        counts.insert(l.key(), 0);
    }
    // 逾期 (overdue) and, by role, how many it leads and supports (the standings' figures).
    for k in ["overdue", "lead", "supporting"] {
        counts.insert(k, 0);
    }
    let items: Vec<_> = list
        .iter()
        .map(|c| {
            let v = views::commitment(c, day);
            let h = views::health(c, day);
            *counts.entry(h.light.key()).or_insert(0) += 1;
            *counts.entry("overdue").or_insert(0) += h.overdue as usize;
            let role = if c.lead_department_id == Some(did) {
                "lead"
            } else {
                "supporting"
            };
            *counts.entry(role).or_insert(0) += 1;
            v
        })
        .collect();
    let users: Vec<_> = users
        .iter()
        .map(|u| json!({"name": u.name, "role": u.role.label(), "disabled": u.disabled}))
        .collect();
    views::page(
        &ctx,
        "department.html",
        "departments",
        json!({ "d": d, "items": items, "counts": counts, "users": users }),
    )
}

fn name(form: &Fields) -> Result<String, AppError> {
    form.required_text("name", "部门名称", 100)
}

fn duplicate(e: AppError, name: &str) -> AppError {
    match e {
        AppError::Conflict { back, .. } if back.is_empty() => AppError::Conflict {
            message: format!("已有名为“{name}”的部门"),
            back: "/departments".into(),
            kept: vec![],
        },
        e => e,
    }
}

/// `POST /departments`: name.
pub async fn create(
    State(st): State<AppState>,
    ctx: Ctx,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(form.csrf())?;
    let n = name(&form)?;
    let actor = ctx.actor();
    let n2 = n.clone();
    st.run(move |s| s.create_department(&actor, &n2))
        .await
        .map_err(|e| duplicate(e, &n))?;
    Ok(see("/departments?msg=created"))
}

/// `POST /departments/{id}`: name, version.
pub async fn rename(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(form.csrf())?;
    let did = id(&raw)?;
    let version = form.version()?;
    let n = name(&form)?;
    let actor = ctx.actor();
    let n2 = n.clone();
    st.run(move |s| s.rename_department(&actor, did, version, &n2))
        .await
        .map_err(|e| match e {
            AppError::Conflict { back, .. } if back.is_empty() => AppError::Conflict {
                message: "保存失败：该部门已被他人修改，或已有同名部门。您的修改没有保存。".into(),
                back: "/departments".into(),
                kept: vec![("部门名称".into(), n.clone())],
            },
            e => e,
        })?;
    Ok(see("/departments?msg=saved"))
}

/// `POST /departments/{id}/delete`: version, confirm (`yes`; without it, the page that asks).
pub async fn delete(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(form.csrf())?;
    let did = id(&raw)?;
    let version = form.version()?;
    if !confirmed(&form)? {
        let d = st.run(move |s| s.department(did)).await?;
        let mut lines = vec![format!(
            "删除部门“{}”：它牵头的 {} 项任务将没有牵头单位，参与的 {} 项任务将不再列出该部门。此操作记入审计日志，不能撤销。",
            d.name, d.leads, d.supports
        )];
        if d.users > 0 {
            lines.push(format!(
                "该部门下还有 {} 个用户：须先在“用户”页调整他们的部门，否则无法删除。",
                d.users
            ));
        }
        return confirm_page(
            &ctx,
            "departments",
            Confirm {
                title: format!("删除部门“{}”？", d.name),
                lines,
                action: format!("/departments/{did}/delete"),
                fields: vec![("version", version.to_string())],
                button: "确认删除",
                back: "/departments".into(),
            },
        );
    }
    let actor = ctx.actor();
    st.run(move |s| s.delete_department(&actor, did, version))
        .await?;
    Ok(see("/departments?msg=deleted"))
}

// The JSON API (`/api/…`), beside the pages.

/// `GET /api/departments`.
#[utoipa::path(get, path = "/api/departments", operation_id = "listDepartments", summary = "部门",
    responses((status = 200, description = "部门列表", body = Vec<crate::store::Department>),
        (status = 401, description = "错误", body = crate::error::ErrorBody)))]
pub async fn api_list(State(st): State<AppState>, _ctx: Ctx) -> Result<Json<Value>, AppError> {
    let d = st.run(|s| s.departments()).await?;
    Ok(Json(json!(d)))
}
