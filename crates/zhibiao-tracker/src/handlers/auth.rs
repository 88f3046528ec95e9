//! Login and logout.

use axum::extract::{ConnectInfo, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;
use std::net::SocketAddr;

use super::see;
use crate::auth::{
    cookie, new_token, set_cookie, verify_password, Ctx, LOGIN_COOKIE, SESSION_COOKIE,
};
use crate::error::AppError;
use crate::forms::Fields;
use crate::util::{constant_time_eq, now, random_hex, sha256_hex};
use crate::{views, AppState};

/// The address a request came from ("unknown" without connection info).
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<ClientIp, AppError> {
        Ok(ClientIp(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0.ip().to_string())
                .unwrap_or_else(|| "unknown".into()),
        ))
    }
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    next: Option<String>,
    msg: Option<String>,
}

/// Only a local path is a place to go back to after the login.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".into(),
    }
}

fn login_form(
    st: &AppState,
    status: StatusCode,
    next: &str,
    error: Option<&str>,
    flash: Option<&str>,
    name: &str,
) -> Result<Response, AppError> {
    let token = random_hex(16);
    let html = views::render(
        "login.html",
        json!({ "csrf": token, "next": next, "error": error, "flash": flash, "name": name }),
    )?;
    let c = set_cookie(LOGIN_COOKIE, &token, 3600, st.config.secure_cookies);
    Ok((status, [(header::SET_COOKIE, c)], html).into_response())
}

/// `GET /login`.
pub async fn login_page(
    State(st): State<AppState>,
    Query(q): Query<LoginQuery>,
) -> Result<Response, AppError> {
    let next = safe_next(q.next.as_deref());
    login_form(
        &st,
        StatusCode::OK,
        &next,
        None,
        views::flash(q.msg.as_deref()),
        "",
    )
}

/// `POST /login`: name, password, csrf (matching the login cookie), next.
pub async fn login(
    State(st): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    form: Fields,
) -> Result<Response, AppError> {
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    let given = form.csrf().unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(given, &expected) {
        return Err(AppError::Forbidden(
            "登录表单已失效，请刷新页面后重试".into(),
        ));
    }
    let next = safe_next(form.get("next"));
    let (Some(name), Some(password)) = (form.get("name"), form.get("password")) else {
        return login_form(
            &st,
            StatusCode::BAD_REQUEST,
            &next,
            Some("请输入用户名和密码"),
            None,
            form.get("name").unwrap_or_default(),
        );
    };
    // A user name's failures count per address: ten wrong passwords sent for a name from one
    // machine lock that name on that machine only, never its owner at their own desk (who
    // could otherwise be locked out by anyone who knows the name). The address's own limit
    // bounds the guesses one machine makes over all names.
    let keys = vec![format!("ip:{ip}"), format!("user:{name}@{ip}")];
    // Counted as a failure now, taken back if the password is right: simultaneous guesses
    // cannot all pass the check before any of them has failed.
    let (name, password) = (name.to_string(), password.to_string());
    let n = name.clone();
    let cost = st.config.password_cost;
    let (limiter, k) = (st.limiter.clone(), keys.clone());
    let user = st
        .blocking(move |s| {
            limiter.attempt(s, &k, now())?;
            let found = s.login_lookup(&n)?;
            Ok(match found {
                Some((u, hash)) if !u.disabled && verify_password(&password, &hash) => Some(u),
                Some(_) => None,
                None => {
                    // Spend the time a real check takes, so that names cannot be told apart.
                    verify_password(&password, dummy_hash(cost));
                    None
                }
            })
        })
        .await?;
    let Some(user) = user else {
        return login_form(
            &st,
            StatusCode::UNAUTHORIZED,
            &next,
            Some("用户名或密码错误（或账号已停用）"),
            None,
            &name,
        );
    };
    let limiter = st.limiter.clone();
    st.blocking(move |s| limiter.succeed(s, &keys, &keys[1]))
        .await?;
    // Always a new session (never one the browser brought along, which someone may have
    // planted there), and the one it brought, if any, ends: no session is carried across a
    // login.
    let planted = cookie(&headers, SESSION_COOKIE)
        .filter(|t| !t.is_empty())
        .map(|t| sha256_hex(t.as_bytes()));
    let (token, hash) = new_token();
    let csrf = random_hex(16);
    let t = now();
    let ttl = st.config.session_ttl;
    let dept = user
        .department_id
        .filter(|_| user.role == crate::store::Role::Editor);
    let unread = st
        .run(move |s| {
            if let Some(old) = planted {
                s.delete_session(&old)?;
            }
            s.create_session(&hash, user.id, &csrf, t, t + ttl)?;
            Ok(match dept {
                Some(d) => s
                    .department_reminders(d, true)?
                    .iter()
                    .filter(|r| r.read_at.is_none())
                    .count(),
                None => 0,
            })
        })
        .await?;
    // A department with 催办 it has not seen goes to them first.
    let next = if unread > 0 && next == "/" {
        "/my?msg=reminders".to_string()
    } else {
        next
    };
    let mut resp = see(&next);
    let secure = st.config.secure_cookies;
    let h = resp.headers_mut();
    for c in [
        set_cookie(SESSION_COOKIE, &token, ttl, secure),
        set_cookie(LOGIN_COOKIE, "", 0, secure),
    ] {
        if let Ok(v) = c.parse() {
            h.append(header::SET_COOKIE, v);
        }
    }
    Ok(resp)
}

/// The hash of a random password at the configured cost, checked when a name is unknown.
fn dummy_hash(cost: crate::auth::PasswordCost) -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| crate::auth::hash_password(&random_hex(16), cost).unwrap_or_default())
}

/// `POST /logout`.
pub async fn logout(
    State(st): State<AppState>,
    ctx: Ctx,
    form: Fields,
) -> Result<Response, AppError> {
    ctx.check_csrf(form.csrf())?;
    if let Some(h) = ctx.session.clone() {
        st.run(move |s| s.delete_session(&h)).await?;
    }
    let mut resp = see("/login?msg=logout");
    if let Ok(v) = set_cookie(SESSION_COOKIE, "", 0, st.config.secure_cookies).parse() {
        resp.headers_mut().insert(header::SET_COOKIE, v);
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(safe_next(Some("/commitments?q=1")), "/commitments?q=1");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
