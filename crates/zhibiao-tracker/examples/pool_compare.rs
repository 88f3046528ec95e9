//! The store's own connection pools against r2d2 on the same work, for `bench/pool-compare.sh`
//! (issue 15: a maintained crate for the pools, unless measurement shows it costs more than it
//! saves). r2d2_postgres is a dev-dependency for this program only. The SQLite store's reader
//! pool has been r2d2 + r2d2_sqlite since this measurement (it was no slower than the own pool,
//! figures in store/sqlite.rs), so on SQLite "ours" is now the store's read path over r2d2
//! against bare r2d2_sqlite; the PostgreSQL store keeps its own pool (figures in
//! store/postgres.rs).
//!
//! ```text
//! cargo run --release -p zhibiao-tracker --example pool_compare -- PG_URL PG_DIR SQLITE_FILE [REPS SECONDS]
//! ```
//!
//! PG_URL is a throwaway cluster started by `scripts/pg-start.sh PG_DIR`: the program stops and
//! starts it (`scripts/pg-stop.sh PG_DIR`, `scripts/pg-start.sh PG_DIR`) for the outage and
//! restart runs. Every run is repeated REPS times (default 3) and the median printed.
//!
//! The work is one cheap read as the store does it: `SELECT COUNT(*) FROM users`, on PostgreSQL
//! in a read-only REPEATABLE READ transaction (`UserStore::user_count`). "ours" goes through
//! the store's public API (`PgStore::open`, `SqliteStore::open`); the r2d2 pools run the same
//! statements on their own connections, from plain threads (a `postgres::Client` must not be
//! dropped on an async thread):
//!
//! - `r2d2_postgres`: the crate's manager; its `Client` has no statement cache, so each query
//!   is prepared again (one round trip more);
//! - `r2d2+cache`: r2d2 with a manager that keeps each connection's prepared statements, as the
//!   store's pool does (what switching the store to r2d2 would need);
//! - `test`: `test_on_check_out(true)`, r2d2's default (a `simple_query("")` round trip at
//!   every checkout); `notest`: false.
//!
//! Measured:
//! 1. steady: 1, 4 and 16 threads reading back to back for SECONDS (default 3) after a 0.5 s
//!    warm-up: requests per second, p50 and p99 latency (pools of 10 on PostgreSQL, as
//!    `POOL_SIZE`, and 16 on SQLite, as `READERS`);
//! 2. down: the pool warmed (idle connections), the server stopped, then up to 12 requests one
//!    after the other (none started after 25 s): how long each took to fail, and its error;
//! 3. restart: the pool warmed, the server stopped and started again, then requests one after
//!    the other until one succeeds: how many failed, and the time to the first success.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use postgres::{IsolationLevel, NoTls, Statement};
use r2d2_postgres::PostgresConnectionManager;
use r2d2_sqlite::SqliteConnectionManager;
use zhibiao_tracker::store::postgres::PgStore;
use zhibiao_tracker::store::sqlite::SqliteStore;
use zhibiao_tracker::store::UserStore;

type Error = Box<dyn std::error::Error + Send + Sync>;

const SQL: &str = "SELECT COUNT(*) FROM users";
/// The store's pool sizes (`POOL_SIZE` in store/postgres.rs, `READERS` in store/sqlite.rs).
const PG_POOL: u32 = 10;
const LITE_POOL: u32 = 16;
/// The store's connect timeout (`CONNECT_TIMEOUT`), given to r2d2's connections too.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// One request: check a connection out, run the read, give the connection back.
trait Target: Sync + Send {
    fn request(&self) -> Result<(), String>;
}

struct OursPg(PgStore);
impl Target for OursPg {
    fn request(&self) -> Result<(), String> {
        self.0.user_count().map(drop).map_err(|e| e.to_string())
    }
}

struct OursLite(SqliteStore);
impl Target for OursLite {
    fn request(&self) -> Result<(), String> {
        self.0.user_count().map(drop).map_err(|e| e.to_string())
    }
}

struct R2Pg(r2d2::Pool<PostgresConnectionManager<NoTls>>);
impl Target for R2Pg {
    fn request(&self) -> Result<(), String> {
        let mut c = self.0.get().map_err(|e| e.to_string())?;
        let mut tx = c
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(|e| e.to_string())?;
        tx.query_one(SQL, &[]).map_err(|e| e.to_string())?;
        tx.commit().map_err(|e| e.to_string())
    }
}

/// r2d2_postgres's manager, with each connection's prepared statements kept beside it.
struct Cached(PostgresConnectionManager<NoTls>);
impl r2d2::ManageConnection for Cached {
    type Connection = (postgres::Client, HashMap<&'static str, Statement>);
    type Error = postgres::Error;
    fn connect(&self) -> Result<Self::Connection, Self::Error> {
        Ok((self.0.connect()?, HashMap::new()))
    }
    fn is_valid(&self, conn: &mut Self::Connection) -> Result<(), Self::Error> {
        self.0.is_valid(&mut conn.0)
    }
    fn has_broken(&self, conn: &mut Self::Connection) -> bool {
        self.0.has_broken(&mut conn.0)
    }
}

struct R2PgCached(r2d2::Pool<Cached>);
impl Target for R2PgCached {
    fn request(&self) -> Result<(), String> {
        let mut c = self.0.get().map_err(|e| e.to_string())?;
        let (client, statements) = &mut *c;
        let mut tx = client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(|e| e.to_string())?;
        let st = match statements.get(SQL) {
            Some(st) => st.clone(),
            None => {
                let st = tx.prepare(SQL).map_err(|e| e.to_string())?;
                statements.insert(SQL, st.clone());
                st
            }
        };
        tx.query_one(&st, &[]).map_err(|e| e.to_string())?;
        tx.commit().map_err(|e| e.to_string())
    }
}

struct R2Lite(r2d2::Pool<SqliteConnectionManager>);
impl Target for R2Lite {
    fn request(&self) -> Result<(), String> {
        let c = self.0.get().map_err(|e| e.to_string())?;
        let mut st = c.prepare_cached(SQL).map_err(|e| e.to_string())?;
        st.query_row([], |r| r.get::<_, i64>(0))
            .map(drop)
            .map_err(|e| e.to_string())
    }
}

fn pg_manager(url: &str) -> Result<PostgresConnectionManager<NoTls>, Error> {
    let mut config: postgres::Config = url.parse()?;
    config.connect_timeout(CONNECT_TIMEOUT);
    config.notice_callback(|_| {});
    Ok(PostgresConnectionManager::new(config, NoTls))
}

fn r2d2_builder<M: r2d2::ManageConnection>(test: bool, timeout: Duration) -> r2d2::Builder<M> {
    r2d2::Pool::builder()
        .max_size(PG_POOL)
        .test_on_check_out(test)
        .connection_timeout(timeout)
}

/// The PostgreSQL pools compared, by name; `timeout`: r2d2's `connection_timeout`.
fn pg_target(name: &str, url: &str, timeout: Duration) -> Result<Box<dyn Target>, Error> {
    let test = name.ends_with("/test");
    Ok(match name {
        "ours" => Box::new(OursPg(PgStore::open(url)?)),
        n if n.starts_with("r2d2_postgres") => {
            Box::new(R2Pg(r2d2_builder(test, timeout).build(pg_manager(url)?)?))
        }
        n if n.starts_with("r2d2+cache") => Box::new(R2PgCached(
            r2d2_builder(test, timeout).build(Cached(pg_manager(url)?))?,
        )),
        _ => return Err(format!("no pool {name}").into()),
    })
}

fn lite_target(name: &str, file: &Path) -> Result<Box<dyn Target>, Error> {
    Ok(match name {
        "ours" => Box::new(OursLite(SqliteStore::open(file)?)),
        n => {
            // The store's connection settings (store/sqlite.rs `connect`).
            let manager = SqliteConnectionManager::file(file).with_init(|c| {
                c.busy_timeout(Duration::from_secs(5))?;
                c.pragma_update(None, "journal_mode", "WAL")?;
                c.pragma_update(None, "synchronous", "NORMAL")?;
                c.pragma_update(None, "foreign_keys", "ON")?;
                c.set_prepared_statement_cache_capacity(64);
                Ok(())
            });
            Box::new(R2Lite(
                r2d2::Pool::builder()
                    .max_size(LITE_POOL)
                    .test_on_check_out(n.ends_with("/test"))
                    .build(manager)?,
            ))
        }
    })
}

/// Requests per second, p50 and p99 in µs, errors.
struct Steady {
    rps: f64,
    p50: f64,
    p99: f64,
    errors: u64,
}

fn steady(target: &dyn Target, threads: usize, secs: f64) -> Steady {
    let start = Instant::now();
    let measure = start + Duration::from_millis(500);
    let end = measure + Duration::from_secs_f64(secs);
    let errors = AtomicU64::new(0);
    let mut lat: Vec<u32> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let errors = &errors;
                s.spawn(move || {
                    let mut lat = Vec::with_capacity(100_000);
                    loop {
                        let t = Instant::now();
                        if t >= end {
                            break;
                        }
                        let ok = target.request().is_ok();
                        if t >= measure {
                            if ok {
                                lat.push(t.elapsed().as_micros().min(u32::MAX as u128) as u32);
                            } else {
                                errors.fetch_add(1, Ordering::Relaxed);
                            }
                        }
                    }
                    lat
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a bench thread panicked"))
            .collect()
    });
    lat.sort_unstable();
    let q = |p: f64| {
        lat.get(((lat.len() as f64 * p) as usize).min(lat.len().saturating_sub(1)))
            .copied()
            .unwrap_or(0) as f64
    };
    Steady {
        rps: lat.len() as f64 / secs,
        p50: q(0.50),
        p99: q(0.99),
        errors: errors.into_inner(),
    }
}

/// Several connections made and left idle in the pool.
fn warm(target: &dyn Target) {
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..50 {
                    let _ = target.request();
                }
            });
        }
    });
}

fn script(name: &str, dir: &str) -> Result<(), Error> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../scripts/{name}"));
    let out = Command::new("bash").arg(&path).arg(dir).output()?;
    if !out.status.success() {
        return Err(format!(
            "{name} {dir} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    Ok(())
}

/// A request timed: seconds, and its error if it failed.
type Timed = (f64, Option<String>);

fn timed(target: &dyn Target) -> Timed {
    let t = Instant::now();
    let r = target.request();
    (t.elapsed().as_secs_f64(), r.err())
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        f64::NAN
    } else {
        v[v.len() / 2]
    }
}

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        return Err("usage: pool_compare PG_URL PG_DIR SQLITE_FILE [REPS SECONDS]".into());
    }
    let (url, dir, file) = (&args[0], &args[1], Path::new(&args[2]));
    let reps: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(3);
    let secs: f64 = args.get(4).and_then(|a| a.parse().ok()).unwrap_or(3.0);
    let long = Duration::from_secs(30);
    let short = Duration::from_secs(2);

    // (backend, pool, threads) → per rep (rps, p50, p99, errors)
    let mut runs: BTreeMap<(String, String, usize), Vec<[f64; 4]>> = BTreeMap::new();
    let pg_pools = [
        "ours",
        "r2d2+cache/notest",
        "r2d2+cache/test",
        "r2d2_postgres/notest",
        "r2d2_postgres/test",
    ];
    let lite_pools = ["ours", "r2d2_sqlite/notest", "r2d2_sqlite/test"];
    // Migrations first, so that the r2d2 pools find the table.
    drop(PgStore::open(url)?);
    drop(SqliteStore::open(file)?);
    for rep in 0..reps {
        eprintln!("steady, run {} of {reps}", rep + 1);
        for threads in [1, 4, 16] {
            for pool in pg_pools {
                let t = pg_target(pool, url, long)?;
                let r = steady(t.as_ref(), threads, secs);
                runs.entry(("PostgreSQL".into(), pool.into(), threads))
                    .or_default()
                    .push([r.rps, r.p50, r.p99, r.errors as f64]);
            }
            for pool in lite_pools {
                let t = lite_target(pool, file)?;
                let r = steady(t.as_ref(), threads, secs);
                runs.entry(("SQLite".into(), pool.into(), threads))
                    .or_default()
                    .push([r.rps, r.p50, r.p99, r.errors as f64]);
            }
        }
    }
    println!("## Steady state: checkout + `{SQL}`, median of {reps} runs of {secs} s\n");
    println!("| backend | pool | threads | req/s | p50 µs | p99 µs | errors |");
    println!("|---|---|---:|---:|---:|---:|---:|");
    let mut keys: Vec<_> = runs.keys().cloned().collect();
    keys.sort_by(|a, b| (&a.0, a.2, &a.1).cmp(&(&b.0, b.2, &b.1)));
    for k in keys {
        let v = &runs[&k];
        let col = |i: usize| median(&mut v.iter().map(|r| r[i]).collect::<Vec<_>>());
        println!(
            "| {} | {} | {} | {:.0} | {:.0} | {:.0} | {:.0} |",
            k.0,
            k.1,
            k.2,
            col(0),
            col(1),
            col(2),
            col(3)
        );
    }

    // The server down.
    let down_pools: [(&str, Duration); 5] = [
        ("ours", long),
        ("r2d2_postgres/test", long),
        ("r2d2_postgres/test", short),
        ("r2d2_postgres/notest", long),
        ("r2d2_postgres/notest", short),
    ];
    let mut down: Vec<Vec<Vec<Timed>>> = vec![Vec::new(); down_pools.len()];
    for rep in 0..reps {
        for (i, (pool, timeout)) in down_pools.iter().enumerate() {
            eprintln!("down, run {} of {reps}: {pool}, {timeout:?}", rep + 1);
            let t = pg_target(pool, url, *timeout)?;
            warm(t.as_ref());
            script("pg-stop.sh", dir)?;
            let began = Instant::now();
            let mut seen = Vec::new();
            while seen.len() < 12 && began.elapsed() < Duration::from_secs(25) {
                seen.push(timed(t.as_ref()));
            }
            down[i].push(seen);
            script("pg-start.sh", dir)?;
            drop(t);
        }
    }
    println!("\n## Server down: requests one after the other (at most 12, none after 25 s), median of {reps} runs\n");
    println!("| pool | connection_timeout | requests | failed at once (< 1 s) | first failed after | last failed after | first error | last error |");
    println!("|---|---|---:|---:|---:|---:|---|---|");
    for (i, (pool, timeout)) in down_pools.iter().enumerate() {
        let runs = &down[i];
        let n = median(&mut runs.iter().map(|r| r.len() as f64).collect::<Vec<_>>());
        let fast = median(
            &mut runs
                .iter()
                .map(|r| r.iter().filter(|x| x.1.is_some() && x.0 < 1.0).count() as f64)
                .collect::<Vec<_>>(),
        );
        let first = median(&mut runs.iter().map(|r| r[0].0).collect::<Vec<_>>());
        let last = median(
            &mut runs
                .iter()
                .map(|r| r.last().map_or(f64::NAN, |x| x.0))
                .collect::<Vec<_>>(),
        );
        let err = |x: Option<&Timed>| {
            x.and_then(|x| x.1.clone())
                .unwrap_or_else(|| "(succeeded)".into())
                .replace('|', "/")
        };
        let timeout = if *pool == "ours" {
            "—".to_string()
        } else {
            format!("{} s", timeout.as_secs())
        };
        println!(
            "| {pool} | {timeout} | {n:.0} | {fast:.0} | {first:.3} s | {last:.3} s | {} | {} |",
            err(runs[0].first()),
            err(runs[0].last())
        );
    }

    // A restart.
    let restart_pools = ["ours", "r2d2_postgres/test", "r2d2_postgres/notest"];
    let mut restarts: Vec<Vec<(f64, f64, Option<String>)>> = vec![Vec::new(); 3];
    for rep in 0..reps {
        for (i, pool) in restart_pools.iter().enumerate() {
            eprintln!("restart, run {} of {reps}: {pool}", rep + 1);
            let t = pg_target(pool, url, long)?;
            warm(t.as_ref());
            script("pg-stop.sh", dir)?;
            script("pg-start.sh", dir)?;
            let began = Instant::now();
            let mut failed = 0.0;
            let mut first_error = None;
            while began.elapsed() < Duration::from_secs(60) {
                match t.request() {
                    Ok(()) => break,
                    Err(e) => {
                        failed += 1.0;
                        first_error.get_or_insert(e);
                    }
                }
            }
            restarts[i].push((failed, began.elapsed().as_secs_f64(), first_error));
        }
    }
    println!("\n## Restart: the pool warmed, the server stopped and started, then requests one after the other until one succeeds; median of {reps} runs\n");
    println!("| pool | failed requests | first success after | first error |");
    println!("|---|---:|---:|---|");
    for (i, pool) in restart_pools.iter().enumerate() {
        let r = &restarts[i];
        let failed = median(&mut r.iter().map(|x| x.0).collect::<Vec<_>>());
        let took = median(&mut r.iter().map(|x| x.1).collect::<Vec<_>>());
        let err = r
            .iter()
            .find_map(|x| x.2.clone())
            .unwrap_or_else(|| "—".into())
            .replace('|', "/");
        println!("| {pool} | {failed:.0} | {:.1} ms | {err} |", took * 1000.0);
    }
    Ok(())
}
