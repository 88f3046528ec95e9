//! Read-your-writes for views served with a lag ([`crate::Config::view_lag`]).
//!
//! With a lag, the dashboard and the list may be served from a computation that started up to
//! `view_lag` ago, even though writes have been committed since: at month's end, when
//! departments record progress many times a second, that keeps the server from recomputing the
//! whole-store views after every write. What a user did must still show at once, so this
//! middleware remembers, per session (or API token), when its last successful write ended; a
//! view older than that is never served to that session.

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
    let resp = WROTE_AT.scope(since, next.run(req)).await;
    let s = resp.status();
    if writes && (s.is_success() || s.is_redirection()) {
        if let Some(k) = key {
            st.writers.mark(k, lag);
        }
    }
    resp
}
