//! Crash safety of `zhibiao serve` on SQLite: a burst of writes over the JSON API from several
//! clients, `kill -9` of the server at a random moment, a restart; every write the server
//! acknowledged (201 with an id) must be in the database, which must check clean
//! (`integrity_check`, foreign keys, the audit chain). Repeated RUNS times on one database,
//! each run restarting on what the last one left.
//!
//! `ZHIBIAO_CRASH_RUNS` sets the number of runs (default 20), `ZHIBIAO_CRASH_SEED` the seed of
//! the kill times (printed, so a failing run can be repeated).

use rusqlite::{Connection, OpenFlags};
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use zhibiao_tracker::store::sqlite::SqliteStore;
use zhibiao_tracker::store::{Role, Store};

mod common;
use common::start_server;
const CLIENTS: usize = 4;

fn open(db: &str) -> Box<dyn Store> {
    if zhibiao_tracker::store::postgres::is_url(db) {
        Box::new(zhibiao_tracker::store::postgres::PgStore::open(db).unwrap())
    } else {
        Box::new(SqliteStore::open(Path::new(db)).unwrap())
    }
}

/// xorshift64*: kill times that a seed repeats.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

#[test]
fn kill_9_during_writes_loses_no_acknowledged_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    crash_runs(db.to_str().unwrap(), "SQLite", 20, &|run, db| {
        let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "run {run}");
        let dangling: i64 = conn
            .query_row("SELECT COUNT(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(dangling, 0, "run {run}: rows refer to missing rows");
        "integrity_check ok, foreign keys ok"
    });
}

/// The same on PostgreSQL (when `ZHIBIAO_TEST_PG` gives a server): the tracker process is
/// killed, the database server is not; its constraints (foreign keys, checks, the audit
/// triggers) hold by construction, and the check counts rows that would break them.
#[test]
#[cfg_attr(zhibiao_no_pg, ignore = "needs PostgreSQL: set ZHIBIAO_TEST_PG")]
fn kill_9_on_postgres_loses_no_acknowledged_write() {
    let (pg, schema, url) = common::pg_schema("t_crash");
    let files = tempfile::tempdir().unwrap();
    std::env::set_var("ZHIBIAO_FILES", files.path());
    let pg = std::sync::Mutex::new(pg);
    crash_runs(&url, "PostgreSQL", 20, &|run, _| {
        let mut pg = pg.lock().unwrap();
        let orphans: i64 = pg
            .query_one(
                &format!(
                    "SELECT (SELECT COUNT(*) FROM {schema}.updates u
                             WHERE NOT EXISTS (SELECT 1 FROM {schema}.commitments c WHERE c.id = u.commitment_id))
                          + (SELECT COUNT(*) FROM {schema}.commitments c
                             WHERE NOT EXISTS (SELECT 1 FROM {schema}.reports r WHERE r.id = c.report_id))"
                ),
                &[],
            )
            .unwrap()
            .get(0);
        assert_eq!(orphans, 0, "run {run}: rows refer to missing rows");
        "constraints hold (no orphan rows)"
    });
    pg.lock()
        .unwrap()
        .batch_execute(&format!("DROP SCHEMA {schema} CASCADE"))
        .unwrap();
}

/// `runs` times: start the server on `db`, write from [`CLIENTS`] clients, kill -9 at a random
/// moment, restart, and check that every acknowledged write is there, the audit chain holds
/// and `check` passes.
fn crash_runs(
    db: &str,
    backend: &str,
    default_runs: usize,
    check: &dyn Fn(usize, &str) -> &'static str,
) {
    let runs: usize = std::env::var("ZHIBIAO_CRASH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_runs);
    let seed: u64 = std::env::var("ZHIBIAO_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    eprintln!("crash test ({backend}): {runs} runs, ZHIBIAO_CRASH_SEED={seed}");
    let mut rng = Rng(seed);

    common::import_report(db);
    let (token, commitments) = {
        let store = open(db);
        let token = common::add_user(&*store, "admin", Role::Admin);
        let ids = common::commitment_ids(&*store);
        (token, ids)
    };

    let http = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let acknowledged: Arc<Mutex<BTreeSet<i64>>> = Arc::default();
    let mut refused = 0usize;
    for run in 0..runs {
        let (mut server, addr) = start_server(db);
        let kill_after = Duration::from_millis(50 + rng.below(700));
        let stop = Arc::new(AtomicBool::new(false));
        let clients: Vec<_> = (0..CLIENTS)
            .map(|k| {
                let (http, token, stop, acked) = (
                    http.clone(),
                    token.clone(),
                    stop.clone(),
                    acknowledged.clone(),
                );
                let cid = commitments[(run * CLIENTS + k) % commitments.len()];
                let url = format!("http://{addr}/api/commitments/{cid}/updates");
                std::thread::spawn(move || {
                    let mut refused = 0;
                    let mut i = 0;
                    while !stop.load(Ordering::SeqCst) {
                        i += 1;
                        let body = serde_json::json!({
                            "state": "in_progress",
                            "percent": (i % 100),
                            "narrative": format!("第{run}轮 客户{k} 第{i}次"),
                        });
                        match http.post(&url).bearer_auth(&token).json(&body).send() {
                            Ok(r) if r.status() == reqwest::StatusCode::CREATED => {
                                let v: serde_json::Value = r.json().unwrap();
                                acked.lock().unwrap().insert(v["id"].as_i64().unwrap());
                            }
                            Ok(r) if r.status() == reqwest::StatusCode::CONFLICT => {}
                            Ok(r) => panic!("unexpected {} from {url}", r.status()),
                            // The server was killed: this write was never acknowledged.
                            Err(_) => refused += 1,
                        }
                    }
                    refused
                })
            })
            .collect();
        let t0 = Instant::now();
        std::thread::sleep(kill_after);
        server.kill().unwrap(); // SIGKILL
        server.wait().unwrap();
        let killed_at = t0.elapsed();
        std::thread::sleep(Duration::from_millis(20));
        stop.store(true, Ordering::SeqCst);
        for c in clients {
            refused += c.join().unwrap();
        }

        // Restart on what the kill left, then check while it serves.
        let (mut server, addr) = start_server(db);
        let health = http.get(format!("http://{addr}/healthz")).send().unwrap();
        assert!(
            health.status().is_success(),
            "run {run}: {}",
            health.status()
        );
        let checked = check(run, db);
        let store = open(db);
        let mut stored: BTreeSet<i64> = BTreeSet::new();
        for &cid in &commitments {
            stored.extend(store.updates(cid).unwrap().iter().map(|u| u.id));
        }
        let acked = acknowledged.lock().unwrap();
        let lost: Vec<&i64> = acked.difference(&stored).collect();
        assert!(
            lost.is_empty(),
            "run {run}: acknowledged writes lost: {lost:?}"
        );
        assert_eq!(
            store.verify_audit().unwrap(),
            None,
            "run {run}: audit chain"
        );
        let audited = store.audit_count().unwrap();
        eprintln!(
            "run {run}: killed after {killed_at:?}; {} writes acknowledged so far, all present; {} updates stored; {audited} audit entries; {checked}",
            acked.len(),
            stored.len()
        );
        drop(store);
        server.kill().unwrap();
        server.wait().unwrap();
    }
    let acked = acknowledged.lock().unwrap().len();
    eprintln!(
        "crash test ({backend}): {runs} kill -9 runs, {acked} acknowledged writes checked, 0 lost, {refused} requests refused while the server was down"
    );
    assert!(
        acked >= runs * 5,
        "too few writes to mean anything: {acked}"
    );
}
