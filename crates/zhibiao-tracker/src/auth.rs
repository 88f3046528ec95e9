//! Who is asking, and may they: password hashes (argon2id), sessions in the database behind an
//! HttpOnly SameSite=Lax cookie, CSRF tokens, API tokens (`Authorization: Bearer`), and a login
//! rate limit per address and per user name.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::AppError;
use crate::store::{Actor, Commitment, Role, SessionLookup, User};
use crate::util::{constant_time_eq, now, random_hex, sha256_hex};
use crate::AppState;

/// The session cookie.
pub const SESSION_COOKIE: &str = "zb_session";
/// The cookie holding the login form's CSRF token (double submit: no session exists yet).
pub const LOGIN_COOKIE: &str = "zb_login";

/// Cost of argon2id: memory in KiB and passes.
#[derive(Debug, Clone, Copy)]
pub struct PasswordCost {
    pub memory_kib: u32,
    pub passes: u32,
}

impl Default for PasswordCost {
    /// OWASP's argon2id minimum: 19 MiB, 2 passes.
    fn default() -> Self {
        PasswordCost {
            memory_kib: 19 * 1024,
            passes: 2,
        }
    }
}

/// Hashes a password with argon2id; the PHC string keeps salt and cost.
pub fn hash_password(password: &str, cost: PasswordCost) -> Result<String, AppError> {
    let params = Params::new(cost.memory_kib, cost.passes, 1, None)
        .map_err(|e| AppError::Internal(format!("argon2 parameters: {e}")))?;
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Internal(format!("random: {e}")))?;
    let salt =
        SaltString::encode_b64(&salt).map_err(|e| AppError::Internal(format!("salt: {e}")))?;
    argon
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("argon2: {e}")))
}

/// Whether `password` matches a stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(h) => Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok(),
        Err(_) => false,
    }
}

/// Checks a new password: 8 to 128 characters.
pub fn check_new_password(password: &str) -> Result<(), AppError> {
    let n = password.chars().count();
    if !(8..=128).contains(&n) {
        return Err(AppError::bad("密码长度应为 8 到 128 个字符"));
    }
    Ok(())
}

/// A new random token and the hash that is stored for it.
pub fn new_token() -> (String, String) {
    let t = random_hex(32);
    let h = sha256_hex(t.as_bytes());
    (t, h)
}

/// The value of cookie `name` in a request's headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, `Secure` when the site is served over HTTPS.
pub fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}")
}

/// The caller of a request that needs a login: a user with a session or an API token.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub user: User,
    /// The session's CSRF token (empty for API tokens, which forms cannot forge).
    pub csrf: String,
    pub bearer: bool,
    /// Hash of the session token, for logout.
    pub session: Option<String>,
}

impl Ctx {
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: Some(self.user.id),
            name: self.user.name.clone(),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.user.role == Role::Admin
    }

    pub fn require_admin(&self) -> Result<(), AppError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(AppError::Forbidden("只有管理员可以执行此操作".into()))
        }
    }

    /// Admins update anything; editors the commitments their department leads or co-operates on.
    pub fn can_update(&self, c: &Commitment) -> bool {
        match self.user.role {
            Role::Admin => true,
            Role::Editor => self.user.department_id.is_some_and(|d| c.involves(d)),
            Role::Viewer => false,
        }
    }

    pub fn require_update(&self, c: &Commitment) -> Result<(), AppError> {
        if self.can_update(c) {
            Ok(())
        } else if self.user.role == Role::Editor {
            Err(AppError::Forbidden(
                "您只能填报本部门牵头或参与的任务".into(),
            ))
        } else {
            Err(AppError::Forbidden("您没有填报进展的权限".into()))
        }
    }

    /// Checks the CSRF token of a state-changing request. API token callers need none.
    pub fn check_csrf(&self, token: Option<&str>) -> Result<(), AppError> {
        if self.bearer {
            return Ok(());
        }
        match token {
            Some(t) if !self.csrf.is_empty() && constant_time_eq(t, &self.csrf) => Ok(()),
            _ => Err(AppError::Forbidden(
                "表单已失效（缺少或错误的安全令牌），请刷新页面后重试".into(),
            )),
        }
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Ctx, AppError> {
        if let Some(ctx) = parts.extensions.get::<Ctx>() {
            return Ok(ctx.clone());
        }
        let ctx = authenticate(parts, state).await?;
        parts.extensions.insert(ctx.clone());
        Ok(ctx)
    }
}

async fn authenticate(parts: &Parts, state: &AppState) -> Result<Ctx, AppError> {
    let api = parts.uri.path().starts_with("/api/");
    if let Some(auth) = parts.headers.get(header::AUTHORIZATION) {
        let token = auth
            .to_str()
            .ok()
            .and_then(|s| s.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                AppError::Unauthorized("Authorization 头的格式应为“Bearer 令牌”".into())
            })?;
        let hash = sha256_hex(token.as_bytes());
        let user = state
            .run(move |s| s.user_by_token(&hash))
            .await?
            .ok_or_else(|| AppError::Unauthorized("API 令牌无效或已被撤销".into()))?;
        return Ok(Ctx {
            user,
            csrf: String::new(),
            bearer: true,
            session: None,
        });
    }
    let Some(token) = cookie(&parts.headers, SESSION_COOKIE).filter(|t| !t.is_empty()) else {
        return Err(if api {
            AppError::Unauthorized("需要登录或 API 令牌（Authorization: Bearer …）".into())
        } else if parts.method == Method::GET || parts.method == Method::HEAD {
            let next = parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_else(|| "/".into());
            AppError::LoginRequired { next }
        } else {
            AppError::Unauthorized("请先登录；本次提交未保存".into())
        });
    };
    let hash = sha256_hex(token.as_bytes());
    let h = hash.clone();
    let lag = state.config.view_lag;
    let cached = if lag.is_zero() {
        None
    } else {
        state.sessions.get(&hash, lag, now())
    };
    let found = match cached {
        Some(s) => SessionLookup::Valid(s),
        None => {
            let found = state.run(move |s| s.session(&h, now())).await?;
            if let (SessionLookup::Valid(s), false) = (&found, lag.is_zero()) {
                state.sessions.put(hash.clone(), s.clone());
            }
            found
        }
    };
    match found {
        SessionLookup::Valid(s) => Ok(Ctx {
            user: s.user,
            csrf: s.csrf,
            bearer: false,
            session: Some(hash),
        }),
        SessionLookup::Expired | SessionLookup::Missing => Err(AppError::Unauthorized(
            "登录已过期，请重新登录；本次提交（如有）未保存".into(),
        )),
    }
}

/// Failed logins remembered per key (`ip:…`, `user:…`) over a window.
pub struct RateLimiter {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
    window: Duration,
    per_ip: usize,
    per_user: usize,
}

impl Default for RateLimiter {
    /// 10 failures per user name, 30 per address, in 15 minutes.
    fn default() -> Self {
        RateLimiter::new(Duration::from_secs(15 * 60), 30, 10)
    }
}

impl RateLimiter {
    pub fn new(window: Duration, per_ip: usize, per_user: usize) -> RateLimiter {
        RateLimiter {
            failures: Mutex::new(HashMap::new()),
            window,
            per_ip,
            per_user,
        }
    }

    fn limit(&self, key: &str) -> usize {
        if key.starts_with("ip:") {
            self.per_ip
        } else {
            self.per_user
        }
    }

    /// Refuses when any key has had too many recent failures.
    pub fn check(&self, keys: &[String]) -> Result<(), AppError> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        self.refuse_over_limit(&mut map, keys)
    }

    fn refuse_over_limit(
        &self,
        map: &mut HashMap<String, Vec<Instant>>,
        keys: &[String],
    ) -> Result<(), AppError> {
        let cutoff = Instant::now().checked_sub(self.window);
        for k in keys {
            if let Some(v) = map.get_mut(k) {
                if let Some(c) = cutoff {
                    v.retain(|t| *t > c);
                }
                if v.len() >= self.limit(k) {
                    return Err(AppError::TooManyRequests(format!(
                        "登录失败次数过多，请 {} 分钟后再试",
                        self.window.as_secs().div_ceil(60)
                    )));
                }
            }
        }
        Ok(())
    }

    /// Checks the keys and counts this attempt as a failure in the same step, before the
    /// password is looked at: guesses sent all at once cannot all pass the check while none
    /// has failed yet. A login that succeeds takes its attempt back ([`RateLimiter::succeed`]).
    pub fn attempt(&self, keys: &[String]) -> Result<(), AppError> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        self.refuse_over_limit(&mut map, keys)?;
        Self::record(&mut map, keys, self.window);
        Ok(())
    }

    pub fn fail(&self, keys: &[String]) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        Self::record(&mut map, keys, self.window);
    }

    fn record(map: &mut HashMap<String, Vec<Instant>>, keys: &[String], window: Duration) {
        if map.len() > 100_000 {
            // Forget what is out of the window first; everything only when that is not enough.
            if let Some(c) = Instant::now().checked_sub(window) {
                map.retain(|_, v| v.iter().any(|t| *t > c));
            }
            if map.len() > 100_000 {
                map.clear();
            }
        }
        for k in keys {
            map.entry(k.clone()).or_default().push(Instant::now());
        }
    }

    /// A login succeeded: the failures of `user_key` are forgotten, and the attempt counted
    /// against every other key (the address) by [`RateLimiter::attempt`] is taken back.
    pub fn succeed(&self, keys: &[String], user_key: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(user_key);
        for k in keys.iter().filter(|k| *k != user_key) {
            if let Some(v) = map.get_mut(k) {
                v.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_with_argon2id_and_verify() {
        let cost = PasswordCost {
            memory_kib: 1024,
            passes: 1,
        };
        let h = hash_password("正确的密码123", cost).unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("正确的密码123", &h));
        assert!(!verify_password("wrong", &h));
        assert!(!verify_password("x", "not a hash"));
        assert_ne!(h, hash_password("正确的密码123", cost).unwrap(), "salted");
    }

    #[test]
    fn cookies_are_read_from_any_header() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, "a=1; zb_session=abc".parse().unwrap());
        assert_eq!(cookie(&h, "zb_session").as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "zb"), None);
        assert!(set_cookie("a", "b", 10, true).contains("HttpOnly; SameSite=Lax"));
    }

    #[test]
    fn the_limiter_refuses_after_too_many_failures() {
        let l = RateLimiter::new(Duration::from_secs(60), 3, 2);
        let keys = vec!["ip:1".to_string(), "user:a".to_string()];
        l.check(&keys).unwrap();
        l.fail(&keys);
        l.fail(&keys);
        assert!(l.check(&keys).is_err());
        assert!(l.check(&["ip:1".to_string()]).is_ok());
        l.succeed(&keys, "user:a");
        assert!(l.check(&keys).is_ok());
    }

    #[test]
    fn an_attempt_counts_before_its_outcome_is_known() {
        let l = RateLimiter::new(Duration::from_secs(60), 100, 3);
        let keys = vec!["ip:1".to_string(), "user:a".to_string()];
        // Three attempts in flight at once: a fourth is refused before any has failed.
        for _ in 0..3 {
            l.attempt(&keys).unwrap();
        }
        assert!(l.attempt(&keys).is_err());
        // One of them succeeds: the user's count is cleared, the address's attempt taken back.
        l.succeed(&keys, "user:a");
        assert!(l.attempt(&keys).is_ok());
        let map = l.failures.lock().unwrap();
        assert_eq!(map["ip:1"].len(), 3);
    }
}
