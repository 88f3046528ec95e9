//! Users, for admins: the list, create, edit (role, department, disable, reset password) and
//! API tokens.

use axum::extract::{Query, State};
use axum::response::{Html, Response};
use serde::Deserialize;
use serde_json::json;

use super::{id, see, Param};
use crate::auth::{check_new_password, hash_password, new_token, Ctx};
use crate::error::AppError;
use crate::forms::Fields;
use crate::store::{NewUser, Role, UserEdit};
use crate::{views, AppState};

#[derive(Deserialize, Default)]
pub struct MsgQuery {
    msg: Option<String>,
}

/// `GET /users`.
pub async fn list(
    State(st): State<AppState>,
    ctx: Ctx,
    Query(q): Query<MsgQuery>,
) -> Result<Html<String>, AppError> {
    ctx.require_admin()?;
    let (users, departments) = st.run(|s| Ok((s.users()?, s.departments()?))).await?;
    let roles: Vec<_> = Role::ALL
        .iter()
        .map(|r| json!({"key": r.key(), "label": r.label()}))
        .collect();
    views::page(
        &ctx,
        "users.html",
        "users",
        json!({
            "users": users,
            "departments": departments,
            "roles": roles,
            "flash": views::flash(q.msg.as_deref()),
        }),
    )
}

/// Role and department from a form: an editor needs a department.
fn role_and_department(form: &Fields) -> Result<(Role, Option<i64>), AppError> {
    let role = Role::parse(form.required("role", "角色")?)
        .ok_or_else(|| AppError::bad("“角色”的取值无效"))?;
    let dept = form.int("department", "部门")?;
    if role == Role::Editor && dept.is_none() {
        return Err(AppError::bad("填报员必须属于一个部门"));
    }
    Ok((role, dept))
}

/// `POST /users`: name, password, role, department.
pub async fn create(
    State(st): State<AppState>,
    ctx: Ctx,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(form.csrf())?;
    let name = form.required_text("name", "用户名", 50)?;
    let password = form.required("password", "密码")?.to_string();
    check_new_password(&password)?;
    let (role, department_id) = role_and_department(&form)?;
    let actor = ctx.actor();
    let cost = st.config.password_cost;
    let n = name.clone();
    st.blocking(move |s| {
        let password_hash = hash_password(&password, cost)?;
        s.create_user(
            &actor,
            &NewUser {
                name: n,
                password_hash,
                role,
                department_id,
            },
        )
        .map_err(AppError::from)
    })
    .await
    .map_err(|e| match e {
        AppError::Conflict { back, .. } if back.is_empty() => AppError::Conflict {
            message: format!("用户名“{name}”已被使用"),
            back: "/users".into(),
            kept: vec![],
        },
        e => e,
    })?;
    Ok(see("/users?msg=created"))
}

/// `POST /users/{id}`: role, department, disabled, password (optional reset), version.
pub async fn edit(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    ctx.check_csrf(form.csrf())?;
    let uid = id(&raw)?;
    let version = form.version()?;
    let (role, department_id) = role_and_department(&form)?;
    let disabled = form.get("disabled").is_some();
    if uid == ctx.user.id && (disabled || role != Role::Admin) {
        return Err(AppError::bad("不能停用自己的账号或取消自己的管理员角色"));
    }
    let password = form.get("password").map(str::to_string);
    if let Some(p) = &password {
        check_new_password(p)?;
    }
    let actor = ctx.actor();
    let cost = st.config.password_cost;
    st.blocking(move |s| {
        let password_hash = password.map(|p| hash_password(&p, cost)).transpose()?;
        let edit = UserEdit {
            role,
            department_id,
            disabled,
            password_hash,
        };
        s.edit_user(&actor, uid, version, &edit)
            .map_err(AppError::from)
    })
    .await
    .map_err(|e| match e {
        AppError::Conflict { back, .. } if back.is_empty() => AppError::Conflict {
            message: "保存失败：该用户已被他人修改，您的修改没有保存。请刷新用户列表后再修改。"
                .into(),
            back: "/users".into(),
            kept: vec![],
        },
        e => e,
    })?;
    Ok(see("/users?msg=saved"))
}

/// `GET /account`: the user's own account — who they are and their API token.
pub async fn account(
    State(st): State<AppState>,
    ctx: Ctx,
    Query(q): Query<MsgQuery>,
) -> Result<Html<String>, AppError> {
    ctx.require_session()?;
    let uid = ctx.user.id;
    let user = st.run(move |s| s.user(uid)).await?;
    views::page(
        &ctx,
        "account.html",
        "account",
        json!({ "user": user, "flash": views::flash(q.msg.as_deref()) }),
    )
}

/// `POST /account/email`: email (empty: none) — where the user's department's 催办 are
/// e-mailed.
pub async fn email(
    State(st): State<AppState>,
    ctx: Ctx,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_session()?;
    ctx.check_csrf(form.csrf())?;
    let email = form.optional_text("email", "电子邮箱", 200)?;
    if !email.is_empty() && email.parse::<lettre::message::Mailbox>().is_err() {
        return Err(AppError::bad("“电子邮箱”不是有效的邮箱地址"));
    }
    let uid = ctx.user.id;
    let actor = ctx.actor();
    st.run(move |s| s.set_email(&actor, uid, Some(email.as_str()).filter(|e| !e.is_empty())))
        .await?;
    Ok(see("/account?msg=saved"))
}

/// `POST /users/{id}/token`: a new API token (shown once), or `revoke`. Only its owner makes
/// a token, on the web pages (never with a token): an admin who could make one for someone
/// else could act as them. An admin may revoke anyone's.
pub async fn token(
    State(st): State<AppState>,
    ctx: Ctx,
    Param(raw): Param,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.require_session()?;
    ctx.check_csrf(form.csrf())?;
    let uid = id(&raw)?;
    let own = uid == ctx.user.id;
    let actor = ctx.actor();
    let back = if own { "/account" } else { "/users" };
    if form.get("revoke").is_some() {
        if !own {
            ctx.require_admin()?;
        }
        st.run(move |s| s.set_token(&actor, uid, None)).await?;
        return Ok(see(&format!("{back}?msg=saved")));
    }
    if !own {
        return Err(AppError::Forbidden(
            "API 令牌只能由本人在“我的账号”中生成；管理员可以撤销他人的令牌，但不能生成或查看"
                .into(),
        ));
    }
    let (token, hash) = new_token();
    let user = st
        .run(move |s| {
            s.set_token(&actor, uid, Some(&hash))?;
            s.user(uid)
        })
        .await?;
    let html = views::page(
        &ctx,
        "token.html",
        "users",
        json!({ "user": user, "token": token }),
    )?;
    Ok(axum::response::IntoResponse::into_response(html))
}
