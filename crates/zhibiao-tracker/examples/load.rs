//! Load for `bench/tracker-load.sh`: seeds a large tracker database and drives concurrent
//! clients against the dashboard and the list, recording every request's latency.
//!
//! ```text
//! cargo run --release -p zhibiao-tracker --example load -- seed DB SESSIONS_FILE [REPORTS COMMITMENTS UPDATES CLIENTS]
//! cargo run --release -p zhibiao-tracker --example load -- run BASE_URL SESSIONS_FILE [CLIENTS SECONDS THINK_MS]
//! ```
//!
//! `seed` imports the bundled report REPORTS times (each made unique), tops each report up to
//! COMMITMENTS commitments through the store, then inserts UPDATES updates per commitment in
//! one SQL transaction (fast; the store's `add_update` audits each one). It writes one session
//! token per line to SESSIONS_FILE (the first an admin's), made directly in the store.
//!
//! `run` starts CLIENTS clients, each with its own session, each alternating between `GET /`
//! and `GET /commitments` (pages 1…5) for SECONDS, back to back or (THINK_MS > 0) one request
//! per THINK_MS each, then imports one more report through the
//! upload form as the admin and times it.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::params;
use zhibiao_tracker::auth::{hash_password, PasswordCost};
use zhibiao_tracker::import::import_bytes;
use zhibiao_tracker::store::sqlite::SqliteStore;
use zhibiao_tracker::store::{Actor, Filter, NewCommitment, NewUser, Role, Store, UserStore};
use zhibiao_tracker::util::{now, random_hex, sha256_hex};

const REPORT: &[u8] = include_bytes!("../../../tests/data/jiangmen-2023.txt");

type Error = Box<dyn std::error::Error + Send + Sync>;

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let num =
        |i: usize, d: usize| -> usize { args.get(i).and_then(|a| a.parse().ok()).unwrap_or(d) };
    match args.first().map(String::as_str) {
        Some("seed") if args.len() >= 3 => seed(
            Path::new(&args[1]),
            Path::new(&args[2]),
            num(3, 10),
            num(4, 300),
            num(5, 50),
            num(6, 200),
        ),
        Some("run") if args.len() >= 3 => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()?
            .block_on(run(
                args[1].clone(),
                std::fs::read_to_string(&args[2])?,
                num(3, 200),
                num(4, 20),
                num(5, 0),
            )),
        _ => Err("usage: load seed DB SESSIONS [R C U N] | load run BASE SESSIONS [N SECS]".into()),
    }
}

/// A variant of the bundled report with a different hash.
fn variant(n: usize) -> Vec<u8> {
    let mut bytes = REPORT.to_vec();
    bytes.extend_from_slice(format!("\n（印发编号 {n}）\n").as_bytes());
    bytes
}

fn seed(
    db: &Path,
    sessions: &Path,
    reports: usize,
    per_report: usize,
    updates: usize,
    clients: usize,
) -> Result<(), Error> {
    let t0 = Instant::now();
    let store = SqliteStore::open(db)?;
    let s: &dyn Store = &store;
    let actor = Actor::system("seed");
    let depts: Vec<i64> = (1..=12)
        .map(|i| s.create_department(&actor, &format!("市第{i}局")))
        .collect::<Result<_, _>>()?;
    let cost = PasswordCost {
        memory_kib: 256,
        passes: 1,
    };
    let hash = hash_password("password-123", cost).map_err(|e| format!("{e:?}"))?;
    for (name, role) in [("admin", Role::Admin), ("viewer", Role::Viewer)] {
        s.create_user(
            &actor,
            &NewUser {
                name: name.into(),
                password_hash: hash.clone(),
                role,
                department_id: None,
            },
        )?;
    }
    let admin = s.login_lookup("admin")?.ok_or("no admin")?.0.id;
    let viewer = s.login_lookup("viewer")?.ok_or("no viewer")?.0.id;
    let mut import_ms = Vec::new();
    for r in 0..reports {
        let t = Instant::now();
        let imported = import_bytes(s, &actor, &variant(r), &format!("report-{r}.txt"))?;
        import_ms.push(t.elapsed().as_secs_f64() * 1e3);
        for i in imported.commitments..per_report {
            s.create_commitment(
                &actor,
                &NewCommitment {
                    report_id: imported.id,
                    title: format!("第{r}份报告的第{i}项任务：推进重点项目建设，完成年度投资计划"),
                    section: format!("（{}）第{}部分", i % 6 + 1, i % 6 + 1),
                    lead_department_id: None,
                    co_department_ids: vec![],
                    deadline: None,
                    priority: (i % 3 + 1) as i64,
                },
            )?;
        }
    }
    let commitments = s.commitments(&Filter::default())?;
    drop(store);
    let t_updates = Instant::now();
    let mut conn = rusqlite::Connection::open(db)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    let tx = conn.transaction()?;
    {
        let mut ins = tx.prepare(
            "INSERT INTO updates (commitment_id, author_id, author_name, date, value, percent, state, narrative, link, created_at)
             VALUES (?1, NULL, '填报员', ?2, NULL, ?3, ?4, ?5, NULL, ?6)",
        )?;
        let mut set = tx.prepare(
            "UPDATE commitments SET lead_department_id = ?1, percent = ?2, last_update = ?3, state = ?4,
             version = version + ?5 WHERE id = ?6",
        )?;
        let t = now();
        for (k, c) in commitments.iter().enumerate() {
            let mut last = (String::new(), 0.0, "in_progress");
            for u in 0..updates {
                let day = 1 + (u * 300 / updates.max(1)) as i64;
                let date = chrono::NaiveDate::from_yo_opt(2023, day as u32)
                    .unwrap()
                    .format("%Y-%m-%d")
                    .to_string();
                let pct = ((u + 1) * 100 / updates.max(1)) as f64 * ((k % 4) as f64 + 1.0) / 4.0;
                let state = if pct >= 100.0 { "done" } else { "in_progress" };
                ins.execute(params![
                    c.id,
                    date,
                    pct,
                    state,
                    format!("第{u}次进展：已完成阶段性工作，推进顺利。"),
                    t
                ])?;
                last = (date, pct, state);
            }
            let lead = (k % 7 != 0).then(|| depts[k % depts.len()]);
            set.execute(params![
                lead,
                (updates > 0).then_some(last.1),
                (updates > 0).then_some(last.0),
                if updates > 0 { last.2 } else { "not_started" },
                updates as i64,
                c.id
            ])?;
        }
    }
    tx.commit()?;
    drop(conn);
    let update_secs = t_updates.elapsed().as_secs_f64();
    // Sessions, made as the login would (the cookie carries the token; the store its hash).
    let store = SqliteStore::open(db)?;
    let mut lines = String::new();
    for i in 0..clients.max(1) + 1 {
        let token = random_hex(32);
        let user = if i == 0 { admin } else { viewer };
        UserStore::create_session(
            &store,
            &sha256_hex(token.as_bytes()),
            user,
            &random_hex(16),
            now(),
            now() + 24 * 3600,
        )?;
        lines.push_str(&token);
        lines.push('\n');
    }
    std::fs::write(sessions, lines)?;
    import_ms.sort_by(f64::total_cmp);
    println!(
        "seeded {} reports, {} commitments, {} updates in {:.1} s (updates {:.1} s); \
         in-process import of the bundled report: median {:.0} ms, max {:.0} ms",
        reports,
        commitments.len(),
        commitments.len() * updates,
        t0.elapsed().as_secs_f64(),
        update_secs,
        import_ms.get(import_ms.len() / 2).copied().unwrap_or(0.0),
        import_ms.last().copied().unwrap_or(0.0),
    );
    Ok(())
}

#[derive(Default)]
struct Tally {
    micros: Vec<u32>,
    errors: usize,
    first_error: Option<String>,
}

async fn run(
    base: String,
    sessions: String,
    clients: usize,
    secs: usize,
    think_ms: usize,
) -> Result<(), Error> {
    let tokens: Vec<String> = sessions.lines().map(str::to_string).collect();
    let admin = tokens.first().ok_or("no sessions")?.clone();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients + 8)
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    // Warm up: one of each, and check the pages are what they should be.
    for path in ["/", "/commitments"] {
        let r = http
            .get(format!("{base}{path}"))
            .header("cookie", format!("zb_session={}", tokens[1 % tokens.len()]))
            .send()
            .await?;
        if !r.status().is_success() {
            return Err(format!("warm-up GET {path}: {}", r.status()).into());
        }
    }
    let deadline = Instant::now() + Duration::from_secs(secs as u64);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let http = http.clone();
        let base = base.clone();
        let cookie = format!("zb_session={}", tokens[1 + c % (tokens.len() - 1).max(1)]);
        tasks.push(tokio::spawn(async move {
            let mut out: BTreeMap<&'static str, Tally> = BTreeMap::new();
            let mut n = c;
            // With a think time, each client starts at a random point of its first interval
            // and then sends one request per interval (never two at once); without, it sends
            // the next request as soon as the last one is answered.
            let think = Duration::from_millis(think_ms as u64);
            let mut next = Instant::now() + think.mul_f64((c * 7919 % 1000) as f64 / 1000.0);
            while Instant::now() < deadline {
                if !think.is_zero() {
                    tokio::time::sleep_until(next.into()).await;
                    next = (next + think).max(Instant::now());
                }
                n += 1;
                let (route, path) = if n % 2 == 0 {
                    ("GET /", "/".to_string())
                } else {
                    (
                        "GET /commitments",
                        format!("/commitments?page={}", n / 2 % 5 + 1),
                    )
                };
                let t = Instant::now();
                let res = http
                    .get(format!("{base}{path}"))
                    .header("cookie", &cookie)
                    .send()
                    .await;
                let ok = match res {
                    Ok(r) if r.status().is_success() => match r.bytes().await {
                        Ok(b) if !b.is_empty() => Ok(()),
                        Ok(_) => Err("empty body".to_string()),
                        Err(e) => Err(e.to_string()),
                    },
                    Ok(r) => Err(format!("status {}", r.status())),
                    Err(e) => Err(e.to_string()),
                };
                let tally = out.entry(route).or_default();
                tally.micros.push(t.elapsed().as_micros() as u32);
                if let Err(e) = ok {
                    tally.errors += 1;
                    tally.first_error.get_or_insert(e);
                }
            }
            out
        }));
    }
    let mut all: BTreeMap<&'static str, Tally> = BTreeMap::new();
    for t in tasks {
        for (route, tally) in t.await? {
            let a = all.entry(route).or_default();
            a.micros.extend(tally.micros);
            a.errors += tally.errors;
            if a.first_error.is_none() {
                a.first_error = tally.first_error;
            }
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let total: usize = all.values().map(|t| t.micros.len()).sum();
    let errors: usize = all.values().map(|t| t.errors).sum();
    let mode = if think_ms == 0 {
        "back to back (closed loop, no think time)".to_string()
    } else {
        format!("each one request per {think_ms} ms")
    };
    println!(
        "{clients} clients, {mode}, for {elapsed:.1} s: {total} requests ({:.0}/s), {errors} errors",
        total as f64 / elapsed
    );
    println!(
        "{:<18} {:>9} {:>7} {:>9} {:>9} {:>9} {:>9}",
        "route", "requests", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms"
    );
    for (route, t) in &mut all {
        t.micros.sort_unstable();
        let q = |p: f64| {
            t.micros
                .get(((t.micros.len() as f64 - 1.0) * p).round() as usize)
                .map_or(0.0, |&m| m as f64 / 1e3)
        };
        println!(
            "{route:<18} {:>9} {:>7} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
            t.micros.len(),
            t.errors,
            q(0.5),
            q(0.9),
            q(0.99),
            q(1.0)
        );
        if let Some(e) = &t.first_error {
            println!("  first error: {e}");
        }
    }
    // One import through the upload form, as the admin, timed end to end.
    let cookie = format!("zb_session={admin}");
    let page = http
        .get(format!("{base}/reports"))
        .header("cookie", &cookie)
        .send()
        .await?
        .text()
        .await?;
    let key = "name=\"csrf\" value=\"";
    let at = page.find(key).ok_or("no csrf on /reports")? + key.len();
    let csrf = page[at..at + page[at..].find('"').ok_or("csrf")?].to_string();
    let form = reqwest::multipart::Form::new().text("csrf", csrf).part(
        "file",
        reqwest::multipart::Part::bytes(variant(1_000_000 + std::process::id() as usize))
            .file_name("import-timed.txt"),
    );
    let t = Instant::now();
    let r = http
        .post(format!("{base}/reports"))
        .header("cookie", &cookie)
        .multipart(form)
        .send()
        .await?;
    let ms = t.elapsed().as_secs_f64() * 1e3;
    let status = r.status();
    let to = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    println!(
        "import of one report over HTTP (POST /reports, {} bytes): {ms:.1} ms, status {status} → {to}",
        REPORT.len()
    );
    if errors > 0 || !to.contains("msg=imported") {
        return Err("errors under load or the import failed".into());
    }
    Ok(())
}
