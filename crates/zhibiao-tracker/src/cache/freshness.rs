//! Read-your-writes for views served with a lag ([`crate::Config::view_lag`]).
//!
//! With a lag, the dashboard and the list may be served from a computation that started up to
//! `view_lag` ago, even though writes have been committed since: at month's end, when
//! departments record progress many times a second, that keeps the server from recomputing the
//! whole-store views after every write. What a user did must still show at once, so this
//! middleware remembers, per session (or API token), when its last successful write ended; a
//! view older than that is never served to that session.
//!
//! Under the same lag, sessions are looked up in memory ([`Sessions`]) for up to `view_lag`
//! after they were read from the store; every successful login, logout or change to users
//! (role, password, disabling, tokens) empties that memory at once, in this process. Another
//! process sharing a PostgreSQL database sees such a change within `view_lag`.

use axum::extract::{Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::util::sha256_hex;
use crate::AppState;

tokio::task_local! {
    /// When the current request's session last wrote, if it did.
    static WROTE_AT: Option<Instant>;
}

/// When the session of the request being served last wrote: `None` when it has not (or
/// outside a request).
pub fn wrote_at() -> Option<Instant> {
    WROTE_AT.try_with(|w| *w).ok().flatten()
}

/// The last successful write of each session, kept for as long as it matters (the lag).
#[derive(Default)]
pub struct Writers {
    map: Mutex<HashMap<String, Instant>>,
}

impl Writers {
    fn get(&self, key: &str) -> Option<Instant> {
        self.map.lock().ok()?.get(key).copied()
    }

    fn mark(&self, key: String, lag: Duration) {
        let Ok(mut map) = self.map.lock() else {
            return;
        };
        if map.len() >= 10_000 {
            map.retain(|_, at| at.elapsed() <= lag);
        }
        map.insert(key, Instant::now());
    }
}

/// Who is asking: a hash of the session cookie or of the Authorization header.
fn requester(req: &Request) -> Option<String> {
    let h = req.headers();
    let raw = h
        .get(header::AUTHORIZATION)
        .or_else(|| h.get(header::COOKIE))?
        .as_bytes();
    Some(sha256_hex(raw))
}

/// Runs the request with its session's last write known to [`wrote_at`], and records a
/// successful state-changing request as that session's last write.
pub async fn track(State(st): State<AppState>, req: Request, next: Next) -> Response {
    let lag = st.config.view_lag;
    if lag.is_zero() {
        return next.run(req).await;
    }
    let key = requester(&req);
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD);
    let since = key.as_deref().and_then(|k| st.writers.get(k));
    let path = req.uri().path().to_string();
    let resp = WROTE_AT.scope(since, next.run(req)).await;
    let s = resp.status();
    if writes && (s.is_success() || s.is_redirection()) {
        if path == "/login" || path == "/logout" || path.starts_with("/users") {
            st.sessions.clear();
        }
        if let Some(k) = key {
            st.writers.mark(k, lag);
        }
    }
    resp
}

/// Sessions read from the store, each for up to the view lag (see the module's header).
#[derive(Default)]
pub struct Sessions {
    map: Mutex<HashMap<String, (Instant, crate::store::Session)>>,
}

impl Sessions {
    /// The session of a token hash, if read from the store at most `lag` ago and not expired
    /// at `now` (Unix seconds).
    pub fn get(&self, hash: &str, lag: Duration, now: i64) -> Option<crate::store::Session> {
        let map = self.map.lock().ok()?;
        let (at, s) = map.get(hash)?;
        (at.elapsed() <= lag && s.expires_at > now).then(|| s.clone())
    }

    pub fn put(&self, hash: String, session: crate::store::Session) {
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= 10_000 {
                map.clear();
            }
            map.insert(hash, (Instant::now(), session));
        }
    }

    /// Forgets every session (after a login, a logout or a change to users).
    pub fn clear(&self) {
        if let Ok(mut map) = self.map.lock() {
            map.clear();
        }
    }
}
