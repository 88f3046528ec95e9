//! # zhibiao-tracker — the commitment tracker behind `zhibiao serve`
//!
//! After a government work report is adopted, its plan is split into tasks, each given to a
//! lead department, and progress is collected and chased until the year ends. This crate is
//! that tracker: one binary, one SQLite file (or a PostgreSQL database shared by several
//! processes), every asset embedded, a zh-CN interface.
//!
//! | layer | module | what |
//! |---|---|---|
//! | rules | [`domain`] | commitments from a report, health, ratings — pure, tested without a server |
//! | import | [`import`] | bytes → text → facts → commitments → store |
//! | storage | [`store`] | traits per resource, implemented once (`store::sql`) for [`store::sqlite`] and [`store::postgres`] |
//! | service | [`service`] | what the HTML handlers and the JSON API both do: updates with evidence, selecting commitments |
//! | web | [`router`] → [`handlers`] | every route in [`router::routes`], one module per resource |
//! | pages | [`views`], [`templates`] | minijinja templates embedded with `include_str!`, escaped by default |
//! | access | [`auth`] | argon2id passwords, sessions, CSRF, API tokens, login rate limit |
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let state = zhibiao_tracker::open(std::path::Path::new("tracker.db"))?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:8080").await?;
//! zhibiao_tracker::serve(listener, state).await?;
//! # Ok(()) }
//! ```

pub mod auth;
pub mod cache;
pub use cache::freshness;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod error;
pub mod forms;
pub mod handlers;
pub mod mail;
pub mod maintenance;
pub mod router;
pub mod service;
pub mod store;
pub mod templates;
pub mod util;
pub mod views;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use router::{route_table, router};

use auth::{PasswordCost, RateLimiter};
use error::AppError;
use store::postgres::PgStore;
use store::sqlite::SqliteStore;
use store::{Store, StoreError};

/// How the tracker runs.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where evidence files are kept (under random names), unless `evidence_in_db`; downloads
    /// of evidence not in the database look here too.
    pub data_dir: PathBuf,
    /// Keep uploaded evidence in the database (PostgreSQL: then processes on any hosts need
    /// only the database) rather than as files in `data_dir` (SQLite: beside the database).
    pub evidence_in_db: bool,
    /// How long a session lasts, in seconds.
    pub session_ttl: i64,
    pub password_cost: PasswordCost,
    /// Mark cookies `Secure` (when served over HTTPS).
    pub secure_cookies: bool,
    /// How old (from the start of its computation) a dashboard or list view may be when it
    /// is served to someone who has not written since: zero recomputes after every write;
    /// `zhibiao serve` uses [`SERVE_VIEW_LAG`]. See [`freshness`].
    pub view_lag: std::time::Duration,
    /// The SMTP relay 催办 are e-mailed through, if any (`zhibiao serve --smtp`).
    pub smtp: Option<mail::Smtp>,
}

/// The view lag of `zhibiao serve`: a department's update shows on everyone else's
/// dashboard within a second (at once on its own).
pub const SERVE_VIEW_LAG: std::time::Duration = std::time::Duration::from_secs(1);

impl Config {
    /// The configuration for a database file: evidence beside it in `NAME-files/`.
    pub fn for_db(db: &Path) -> Config {
        let stem = db
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "zhibiao".into());
        let dir = db.parent().unwrap_or(Path::new("."));
        Config {
            data_dir: dir.join(format!("{stem}-files")),
            evidence_in_db: false,
            session_ttl: 8 * 3600,
            password_cost: PasswordCost::default(),
            secure_cookies: false,
            view_lag: std::time::Duration::ZERO,
            smtp: None,
        }
    }

    /// The configuration for a database on a server (PostgreSQL): evidence uploaded into the
    /// database; files of evidence from before (not yet moved in with `zhibiao evidence
    /// move-in`) are read from `$ZHIBIAO_FILES`, else `./zhibiao-files`.
    pub fn for_server() -> Config {
        let data_dir = std::env::var_os("ZHIBIAO_FILES")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("zhibiao-files"));
        Config {
            data_dir,
            evidence_in_db: true,
            ..Config::for_db(Path::new("zhibiao.db"))
        }
    }
}

/// What every handler gets.
#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: Arc<Config>,
    pub limiter: Arc<RateLimiter>,
    /// Views computed from the whole store, until the next write.
    pub cache: Arc<cache::Cache>,
    /// When each session last wrote, for read-your-writes under a view lag.
    pub writers: Arc<freshness::Writers>,
    /// Sessions read lately, under a view lag.
    pub sessions: Arc<freshness::Sessions>,
    /// Reports read so far: a report never changes once imported (nothing edits or deletes
    /// one), and its text and facts are the largest rows there are.
    pub reports: Arc<cache::Reports>,
    /// The dashboard and list pages rendered from the current views.
    pub pages: Arc<views::Pages>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: Config) -> AppState {
        AppState {
            store,
            config: Arc::new(config),
            limiter: Arc::new(RateLimiter::default()),
            cache: Arc::new(cache::Cache::default()),
            reports: Arc::new(cache::Reports::default()),
            pages: Arc::new(views::Pages::default()),
            writers: Arc::new(freshness::Writers::default()),
            sessions: Arc::new(freshness::Sessions::default()),
        }
    }

    /// Runs a store call on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, StoreError> + Send + 'static,
    {
        let store = self.store.clone();
        Ok(tokio::task::spawn_blocking(move || f(&*store)).await??)
    }

    /// The value of `key` computed by `f`, shared until the store's data changes or the day
    /// does (health depends on the date); computed afresh, uncached, when the store cannot
    /// tell its generation.
    pub async fn cached<T, F>(&self, key: String, f: F) -> Result<Arc<T>, AppError>
    where
        T: Send + Sync + 'static,
        F: FnOnce(&dyn Store, &cache::Scope) -> Result<T, AppError> + Send + 'static,
    {
        let lag = self.config.view_lag;
        if !lag.is_zero() {
            let day = util::today();
            if let Some(v) = self.cache.recent(&key, lag, freshness::wrote_at(), day) {
                return Ok(v);
            }
        }
        let cache = self.cache.clone();
        self.blocking(move |s| {
            let asked = std::time::Instant::now();
            let Some(generation) = s.generation()? else {
                return Ok(Arc::new(f(s, &cache::Scope::new(&cache, None))?));
            };
            let stamp = (generation, util::today());
            let v = cache.get_or(stamp, key.clone(), || {
                f(s, &cache::Scope::new(&cache, Some(stamp)))
            })?;
            cache.confirm(stamp, &key, asked);
            Ok(v)
        })
        .await
    }

    /// Runs any blocking work (hashing, parsing, file I/O) off the async threads.
    pub async fn blocking<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&dyn Store) -> Result<T, AppError> + Send + 'static,
    {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(&*store)).await?
    }
}

/// Opens (creating and migrating) the database at `db` with the default configuration.
pub fn open(db: &Path) -> Result<AppState, StoreError> {
    let store = SqliteStore::open(db)?;
    Ok(AppState::new(Arc::new(store), Config::for_db(db)))
}

/// Opens the tracker's database named by `db`: a `postgres://` or `postgresql://` URL opens a
/// PostgreSQL database ([`Config::for_server`]), anything else is a SQLite file ([`open`]).
/// Either is created or migrated as needed. Call it outside async code (it blocks).
pub fn open_url(db: &str) -> Result<AppState, StoreError> {
    if store::postgres::is_url(db) {
        let store = PgStore::open(db.trim())?;
        Ok(AppState::new(Arc::new(store), Config::for_server()))
    } else {
        open(Path::new(db))
    }
}

/// Serves the tracker on `listener` until Ctrl-C.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    if !state.config.evidence_in_db {
        std::fs::create_dir_all(&state.config.data_dir)?;
    }
    let app = router(state.clone())
        .layer(axum::middleware::from_fn_with_state(
            state,
            freshness::track,
        ))
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
