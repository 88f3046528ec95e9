//! Who is asking, and may they: password hashes (argon2id), sessions in the database behind an
//! HttpOnly SameSite=Lax cookie, CSRF tokens, API tokens (`Authorization: Bearer`), and a login
//! rate limit per address and per user name.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Method};
use std::time::Duration;

use crate::error::AppError;
use crate::store::{Actor, Commitment, Role, SessionLookup, Store, User};
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

/// The value of cookie `name` in a request's headers (any number of `Cookie` headers; a pair
/// that does not parse is skipped).
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(|c| c.ok())
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, `Secure` when the site is served over HTTPS.
pub fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> String {
    cookie::Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(max_age))
        .secure(secure)
        .build()
        .to_string()
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
            via: self.bearer.then_some("api"),
        }
    }

    pub fn is_admin(&self) -> bool {
        self.user.role == Role::Admin
    }

    /// Refuses a request made with an API token: what only a person at the web pages may do.
    pub fn require_session(&self) -> Result<(), AppError> {
        if self.bearer {
            Err(AppError::Forbidden(
                "此操作只能在网页上登录后进行，不能使用 API 令牌".into(),
            ))
        } else {
            Ok(())
        }
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

/// The login rate limit: attempts per key (`ip:ADDRESS`, `user:NAME@ADDRESS`) over a window, counted
/// in the store ([`crate::store::UserStore::login_attempt`]) — a restart does not forget them,
/// and every process serving one database counts them together. Keys are stored hashed (a
/// user name field sometimes receives a password).
pub struct RateLimiter {
    window: Duration,
    per_ip: usize,
    per_user: usize,
}

impl Default for RateLimiter {
    /// 10 failures per user name from one address, 30 per address, in 15 minutes.
    fn default() -> Self {
        RateLimiter::new(Duration::from_secs(15 * 60), 30, 10)
    }
}

impl RateLimiter {
    pub fn new(window: Duration, per_ip: usize, per_user: usize) -> RateLimiter {
        RateLimiter {
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

    /// Checks the keys and counts this attempt as a failure in the same step, before the
    /// password is looked at: guesses sent all at once cannot all pass the check while none
    /// has failed yet. A login that succeeds takes its attempt back ([`RateLimiter::succeed`]).
    /// Blocks (a store write).
    pub fn attempt(&self, store: &dyn Store, keys: &[String], now: i64) -> Result<(), AppError> {
        let keyed: Vec<(String, usize)> = keys
            .iter()
            .map(|k| (sha256_hex(k.as_bytes()), self.limit(k)))
            .collect();
        let since = now.saturating_sub(self.window.as_secs() as i64);
        if store.login_attempt(&keyed, now, since)? {
            Ok(())
        } else {
            Err(AppError::TooManyRequests(format!(
                "登录失败次数过多，请 {} 分钟后再试",
                self.window.as_secs().div_ceil(60)
            )))
        }
    }

    /// A login succeeded: the failures of `user_key` are forgotten, and the attempt counted
    /// against every other key (the address) by [`RateLimiter::attempt`] is taken back.
    /// Blocks (a store write).
    pub fn succeed(
        &self,
        store: &dyn Store,
        keys: &[String],
        user_key: &str,
    ) -> Result<(), AppError> {
        let others: Vec<String> = keys
            .iter()
            .filter(|k| *k != user_key)
            .map(|k| sha256_hex(k.as_bytes()))
            .collect();
        Ok(store.login_succeeded(&sha256_hex(user_key.as_bytes()), &others)?)
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
    fn the_limiter_counts_in_the_store_and_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let store = crate::store::sqlite::SqliteStore::open(&path).unwrap();
        let l = RateLimiter::new(Duration::from_secs(60), 3, 2);
        let keys = vec!["ip:1".to_string(), "user:a".to_string()];
        l.attempt(&store, &keys, 1000).unwrap();
        l.attempt(&store, &keys, 1001).unwrap();
        assert!(
            l.attempt(&store, &keys, 1002).is_err(),
            "user a: 2 failures"
        );
        // Another process (or the same after a restart) knows.
        drop(store);
        let store = crate::store::sqlite::SqliteStore::open(&path).unwrap();
        assert!(l.attempt(&store, &keys, 1003).is_err());
        // Nothing readable is stored: the keys are hashed.
        let c = rusqlite::Connection::open(&path).unwrap();
        let stored: Vec<String> = c
            .prepare("SELECT DISTINCT key FROM login_failures")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(stored.len(), 2);
        assert!(stored.iter().all(|k| k.len() == 64 && !k.contains("user")));
        // A success clears the user and takes back the address's attempt; the window ends.
        l.succeed(&store, &keys, "user:a").unwrap();
        l.attempt(&store, &keys, 1004).unwrap();
        let other = vec!["ip:1".to_string(), "user:b".to_string()];
        l.attempt(&store, &other, 1005).unwrap();
        assert!(
            l.attempt(&store, &other, 1006).is_err(),
            "address: 3 in the window"
        );
        assert!(
            l.attempt(&store, &other, 1066).is_ok(),
            "the window has passed"
        );
    }

    #[test]
    fn cookies_are_read_from_any_header() {
        let mut h = HeaderMap::new();
        h.append(header::COOKIE, "a=1; zb_session=abc".parse().unwrap());
        h.append(header::COOKIE, "=x; ;b=2".parse().unwrap());
        assert_eq!(cookie(&h, "zb_session").as_deref(), Some("abc"));
        assert_eq!(cookie(&h, "b").as_deref(), Some("2"));
        assert_eq!(cookie(&h, "zb"), None);
        let set = set_cookie("a", "b", 10, true);
        assert!(set.starts_with("a=b;"), "{set}");
        for part in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=10", "Secure"] {
            assert!(set.split("; ").any(|p| p == part), "{part} in {set}");
        }
        assert!(!set_cookie("a", "", 0, false).contains("Secure"));
    }
}
