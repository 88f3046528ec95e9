//! The 督查室's workflow on the web: the 催办 page (due-soon, overdue and silent tasks, open
//! requests), sending a 催办, a department's requests (延期, 办结) and the office's
//! decisions, milestones.

use axum::extract::State;
use axum::response::{Html, Response};
use serde_json::json;

use super::{id, see, Param};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::forms::{date, Fields};
use crate::service::office::{self, Pressing};
use crate::store::{ReminderReason, RequestKind, Role, Thresholds};
use crate::util::today;
use crate::{views, AppState};

/// Where a form of the 督办 page or of a task's page goes back to, with its message.
fn back(form: &Fields, cid: i64, msg: &str) -> String {
    match form.get("back") {
        Some("duban") => format!("/duban?msg={msg}"),
        _ => format!("/commitments/{cid}?msg={msg}"),
    }
}

/// `GET /duban`: what the office should press, with the thresholds it set.
pub async fn page(State(st): State<AppState>, ctx: Ctx) -> Result<Html<String>, AppError> {
    ctx.require_admin()?;
    let (p, requests, sent): (Pressing, _, _) = st
        .blocking(|s| {
            Ok((
                office::pressing(s, today())?,
                s.open_requests()?,
                s.all_reminders(50)?,
            ))
        })
        .await?;
    let row = |c: &crate::store::Commitment, reason: ReminderReason| {
        let mut v = views::commitment(c, today());
        v["reason"] = reason.key().into();
        v["reason_label"] = reason.label().into();
        v
    };
    views::page(
        &ctx,
        "duban.html",
        "duban",
        json!({
            "thresholds": p.thresholds,
            "overdue": p.overdue.iter().map(|c| row(c, ReminderReason::Overdue)).collect::<Vec<_>>(),
            "due_soon": p.due_soon.iter().map(|c| row(c, ReminderReason::DueSoon)).collect::<Vec<_>>(),
            "silent": p.silent.iter().map(|c| row(c, ReminderReason::Silent)).collect::<Vec<_>>(),
            "open_reminders": p.open_reminders,
            "requests": requests,
            "sent": sent,
            "reasons": ReminderReason::ALL.iter().map(|r| json!({"key": r.key(), "label": r.label()})).collect::<Vec<_>>(),
        }),
    )
}

/// `POST /duban/settings`: due_soon_days, silent_days.
pub async fn settings(
    State(st): State<AppState>,
    ctx: Ctx,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(form.csrf())?;
    let days = |name: &str, label: &str| -> Result<i64, AppError> {
        match form.int(name, label)? {
            Some(n) if (1..=365).contains(&n) => Ok(n),
            Some(_) => Err(AppError::bad(format!("“{label}”应在 1 到 365 天之间"))),
            None => Err(AppError::bad(format!("请填写“{label}”"))),
        }
    };
    let t = Thresholds {
        due_soon_days: days("due_soon_days", "临近截止天数")?,
        silent_days: days("silent_days", "未报送天数")?,
    };
    let actor = ctx.actor();
    st.run(move |s| s.set_thresholds(&actor, &t)).await?;
    Ok(see("/duban?msg=saved"))
}

/// `POST /commitments/{id}/remind`: reason, message (optional; a standard text by reason).
/// Also e-mailed to the department's users with an address, when an SMTP relay is set.
pub async fn remind(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(form.csrf())?;
    let cid = id(&raw)?;
    let reason = form
        .get("reason")
        .map(|r| ReminderReason::parse(r).ok_or_else(|| AppError::bad("“催办事由”的取值无效")))
        .transpose()?
        .ok_or_else(|| AppError::bad("请选择催办事由"))?;
    let message = form.optional_text("message", "催办内容", 1000)?;
    let actor = ctx.actor();
    let mail = st.config.smtp.clone();
    st.blocking(move |s| office::send_reminder(s, mail.as_ref(), &actor, cid, reason, &message))
        .await?;
    Ok(see(&back(&form, cid, "reminded")))
}

/// `POST /commitments/{id}/requests`: kind (extension, close), reason, deadline (for an
/// extension). By the lead department's editors.
pub async fn request(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    form: Fields,
) -> Result<Response, AppError> {
    let cid = id(&raw)?;
    let c = st.run(move |s| s.commitment(cid)).await?;
    let lead = ctx.user.role == Role::Editor
        && ctx.user.department_id.is_some()
        && ctx.user.department_id == c.lead_department_id;
    if !lead {
        return Err(AppError::Forbidden("延期和办结申请由牵头单位提出".into()));
    }
    ctx.check_csrf(form.csrf())?;
    let kind = form
        .get("kind")
        .map(|k| RequestKind::parse(k).ok_or_else(|| AppError::bad("申请类型无效")))
        .transpose()?
        .ok_or_else(|| AppError::bad("请选择申请类型"))?;
    let reason = form.required_text("reason", "理由", 2000)?;
    let deadline = match kind {
        RequestKind::Extension => Some(
            date(form.required("deadline", "新的完成时限")?, "新的完成时限")?
                .format("%Y-%m-%d")
                .to_string(),
        ),
        RequestKind::Close => None,
    };
    let actor = ctx.actor();
    st.run(move |s| s.request(&actor, cid, kind, &reason, deadline.as_deref()))
        .await?;
    Ok(see(&format!("/commitments/{cid}?msg=requested")))
}

/// `POST /requests/{id}/decide`: decision (approve, refuse), note.
pub async fn decide(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(form.csrf())?;
    let rid = id(&raw)?;
    let approve = match form.get("decision") {
        Some("approve") => true,
        Some("refuse") => false,
        _ => return Err(AppError::bad("请选择同意或不同意")),
    };
    let note = form.optional_text("note", "处理意见", 1000)?;
    if !approve && note.is_empty() {
        return Err(AppError::bad("不同意时请填写处理意见"));
    }
    let actor = ctx.actor();
    let r = st
        .run(move |s| {
            s.decide(&actor, rid, approve, &note)?;
            s.request_by_id(rid)
        })
        .await?;
    Ok(see(&back(&form, r.commitment_id, "decided")))
}

/// `POST /commitments/{id}/milestones`: title, due. By the office.
pub async fn add_milestone(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(form.csrf())?;
    let cid = id(&raw)?;
    let title = form.required_text("title", "节点", 300)?;
    let due = date(form.required("due", "节点日期")?, "节点日期")?
        .format("%Y-%m-%d")
        .to_string();
    let actor = ctx.actor();
    st.run(move |s| s.add_milestone(&actor, cid, &title, &due))
        .await?;
    Ok(see(&format!("/commitments/{cid}?msg=saved")))
}

/// `POST /milestones/{id}`: `done` (a date) or `undone`, by those who report on the task;
/// `delete`, by the office.
pub async fn milestone(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    form: Fields,
) -> Result<Response, AppError> {
    let mid = id(&raw)?;
    let (m, c) = st
        .run(move |s| {
            let m = s.milestone(mid)?;
            let c = s.commitment(m.commitment_id)?;
            Ok((m, c))
        })
        .await?;
    ctx.require_update(&c)?;
    ctx.check_csrf(form.csrf())?;
    let actor = ctx.actor();
    if form.get("delete").is_some() {
        ctx.require_admin()?;
        st.run(move |s| s.delete_milestone(&actor, mid)).await?;
    } else if form.get("undone").is_some() {
        st.run(move |s| s.set_milestone(&actor, mid, None)).await?;
    } else {
        let day = date(form.required("done", "完成日期")?, "完成日期")?;
        if day > today() {
            return Err(AppError::bad("“完成日期”不能晚于今天"));
        }
        let day = day.format("%Y-%m-%d").to_string();
        st.run(move |s| s.set_milestone(&actor, mid, Some(&day)))
            .await?;
    }
    Ok(see(&format!("/commitments/{}?msg=saved", m.commitment_id)))
}
