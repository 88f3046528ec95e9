//! Load for `bench/tracker-load.sh`: seeds a large tracker database and drives concurrent
//! clients against the dashboard and the list, recording every request's latency.
//!
//! ```text
//! cargo run --release -p zhibiao-tracker --example load -- seed DB SESSIONS_FILE [REPORTS COMMITMENTS UPDATES CLIENTS]
//! cargo run --release -p zhibiao-tracker --example load -- run BASE_URL SESSIONS_FILE [CLIENTS SECONDS THINK_MS WRITE_PCT ACKED_FILE]
//! cargo run --release -p zhibiao-tracker --example load -- verify DB ACKED_FILE
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
//!
//! With WRITE_PCT > 0 (the mixed load of month's end), that share of each client's requests
//! records progress (`POST /api/commitments/{id}/updates`, session cookie + CSRF header) on a
//! commitment its department leads — every client is an editor of one of the 12 departments —
//! and the rest read the dashboard, the list and commitment pages. Every acknowledged write
//! (201 with its id) goes to ACKED_FILE; `verify` then counts them in the database (SQLite
//! file or postgres:// URL): writes lost must be 0, and the audit chain must check.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::params;
use zhibiao_tracker::auth::{hash_password, PasswordCost};
use zhibiao_tracker::service::import::import_bytes;
use zhibiao_tracker::store::postgres::{is_url, PgStore};
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
            &args[1],
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
                num(6, 0),
                args.get(7).cloned(),
            )),
        Some("verify") if args.len() >= 3 => verify(&args[1], Path::new(&args[2])),
        _ => Err("usage: load seed DB SESSIONS [R C U N] | load run BASE SESSIONS [N SECS THINK WRITE% ACKED] | load verify DB ACKED".into()),
    }
}

/// A variant of the bundled report with a different hash.
fn variant(n: usize) -> Vec<u8> {
    let mut bytes = REPORT.to_vec();
    bytes.extend_from_slice(format!("\n（印发编号 {n}）\n").as_bytes());
    bytes
}

/// Lead department, percent, last update, state, updates added, commitment id.
type CommitmentState = (
    Option<i64>,
    Option<f64>,
    Option<String>,
    &'static str,
    i64,
    i64,
);

/// A SQLite file or a postgres:// URL.
fn open_store(db: &str) -> Result<Box<dyn Store>, Error> {
    Ok(if is_url(db) {
        Box::new(PgStore::open(db)?)
    } else {
        Box::new(SqliteStore::open(Path::new(db))?)
    })
}

fn seed(
    db: &str,
    sessions: &Path,
    reports: usize,
    per_report: usize,
    updates: usize,
    clients: usize,
) -> Result<(), Error> {
    let t0 = Instant::now();
    let store = open_store(db)?;
    let s: &dyn Store = &*store;
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
    let mut editors = Vec::new();
    for (i, &d) in depts.iter().enumerate() {
        editors.push(s.create_user(
            &actor,
            &NewUser {
                name: format!("editor{i}"),
                password_hash: hash.clone(),
                role: Role::Editor,
                department_id: Some(d),
            },
        )?);
    }
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
    // The updates and the state they leave each commitment in, then written in one
    // transaction straight to the database (the store would audit each one).
    let mut ups: Vec<(i64, String, f64, &str, String)> = Vec::new();
    let mut sets: Vec<CommitmentState> = Vec::new();
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
            ups.push((
                c.id,
                date.clone(),
                pct,
                state,
                format!("第{u}次进展：已完成阶段性工作，推进顺利。"),
            ));
            last = (date, pct, state);
        }
        let lead = (k % 7 != 0).then(|| depts[k % depts.len()]);
        sets.push((
            lead,
            (updates > 0).then_some(last.1),
            (updates > 0).then_some(last.0),
            if updates > 0 { last.2 } else { "not_started" },
            updates as i64,
            c.id,
        ));
    }
    let t = now();
    if is_url(db) {
        let mut conn = postgres::Client::connect(db, postgres::NoTls)?;
        let mut tx = conn.transaction()?;
        let ins = tx.prepare(
            "INSERT INTO updates (commitment_id, author_id, author_name, date, value, percent, state, narrative, link, created_at)
             VALUES ($1, NULL, '填报员', $2, NULL, $3, $4, $5, NULL, $6)",
        )?;
        for (cid, date, pct, state, text) in &ups {
            tx.execute(&ins, &[cid, date, pct, state, text, &t])?;
        }
        let set = tx.prepare(
            "UPDATE commitments SET lead_department_id = $1, percent = $2, last_update = $3, state = $4,
             version = version + $5 WHERE id = $6",
        )?;
        for (lead, pct, date, state, n, cid) in &sets {
            tx.execute(&set, &[lead, pct, date, state, n, cid])?;
        }
        tx.execute("UPDATE store_meta SET generation = generation + 1", &[])?;
        tx.commit()?;
    } else {
        let mut conn = rusqlite::Connection::open(db)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        let tx = conn.transaction()?;
        {
            let mut ins = tx.prepare(
                "INSERT INTO updates (commitment_id, author_id, author_name, date, value, percent, state, narrative, link, created_at)
                 VALUES (?1, NULL, '填报员', ?2, NULL, ?3, ?4, ?5, NULL, ?6)",
            )?;
            for (cid, date, pct, state, text) in &ups {
                ins.execute(params![cid, date, pct, state, text, t])?;
            }
            let mut set = tx.prepare(
                "UPDATE commitments SET lead_department_id = ?1, percent = ?2, last_update = ?3, state = ?4,
                 version = version + ?5 WHERE id = ?6",
            )?;
            for (lead, pct, date, state, n, cid) in &sets {
                set.execute(params![lead, pct, date, state, n, cid])?;
            }
        }
        tx.commit()?;
    }
    let update_secs = t_updates.elapsed().as_secs_f64();
    // Sessions, made as the login would (the cookie carries the token; the store its hash):
    // one line each, `TOKEN CSRF COMMITMENT_IDS` — the first an admin's, the others editors'
    // of departments in turn, with the commitments their department leads.
    let store = open_store(db)?;
    let mut lines = String::new();
    for i in 0..clients.max(1) + 1 {
        let token = random_hex(32);
        let csrf = random_hex(16);
        let (user, led) = if i == 0 {
            (admin, String::new())
        } else {
            let k = (i - 1) % depts.len();
            let led: Vec<String> = store
                .commitments(&Filter {
                    department_id: Some(depts[k]),
                    ..Filter::default()
                })?
                .iter()
                .filter(|c| c.lead_department_id == Some(depts[k]))
                .map(|c| c.id.to_string())
                .collect();
            (editors[k], led.join(","))
        };
        UserStore::create_session(
            &*store,
            &sha256_hex(token.as_bytes()),
            user,
            &csrf,
            now(),
            now() + 24 * 3600,
        )?;
        lines.push_str(&format!("{token} {csrf} {led}\n"));
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

/// One client's session: cookie token, CSRF token, the commitments its department leads.
#[derive(Clone)]
struct Sess {
    token: String,
    csrf: String,
    led: Vec<i64>,
}

fn sessions_of(text: &str) -> Vec<Sess> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut f = l.split(' ');
            Sess {
                token: f.next().unwrap_or_default().to_string(),
                csrf: f.next().unwrap_or_default().to_string(),
                led: f
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .filter_map(|x| x.parse().ok())
                    .collect(),
            }
        })
        .collect()
}

async fn run(
    base: String,
    sessions: String,
    clients: usize,
    secs: usize,
    think_ms: usize,
    write_pct: usize,
    acked_file: Option<String>,
) -> Result<(), Error> {
    let sessions = sessions_of(&sessions);
    let admin = sessions.first().ok_or("no sessions")?.token.clone();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(clients + 8)
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    // Warm up: one of each, and check the pages are what they should be.
    for path in ["/", "/commitments"] {
        let r = http
            .get(format!("{base}{path}"))
            .header(
                "cookie",
                format!("zb_session={}", sessions[1 % sessions.len()].token),
            )
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
        let sess = sessions[1 + c % (sessions.len() - 1).max(1)].clone();
        let cookie = format!("zb_session={}", sess.token);
        tasks.push(tokio::spawn(async move {
            let mut out: BTreeMap<&'static str, Tally> = BTreeMap::new();
            let mut acked: Vec<(i64, i64)> = Vec::new();
            let mut conflicts = 0usize;
            let mut n = c;
            // xorshift: which requests write, and on which commitment.
            let mut rng =
                0x9E37_79B9_7F4A_7C15u64 ^ (c as u64 + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            let mut next_rand = move || {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                rng
            };
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
                let write =
                    write_pct > 0 && !sess.led.is_empty() && (next_rand() % 100) < write_pct as u64;
                let t = Instant::now();
                let (route, res) = if write {
                    let cid = sess.led[(next_rand() % sess.led.len() as u64) as usize];
                    let body = serde_json::json!({
                        "state": "in_progress",
                        "percent": next_rand() % 100,
                        "narrative": format!("月末填报：客户{c}第{n}次，已完成阶段性工作。"),
                    });
                    let mut res = None;
                    // A 409 means another editor saved first: read again and retry, as the
                    // conflict page asks a user to.
                    for _ in 0..5 {
                        let r = http
                            .post(format!("{base}/api/commitments/{cid}/updates"))
                            .header("cookie", &cookie)
                            .header("x-csrf-token", &sess.csrf)
                            .json(&body)
                            .send()
                            .await;
                        match r {
                            Ok(r) if r.status() == reqwest::StatusCode::CONFLICT => {
                                conflicts += 1;
                            }
                            Ok(r) if r.status() == reqwest::StatusCode::CREATED => {
                                res = Some(match r.json::<serde_json::Value>().await {
                                    Ok(v) => match v["id"].as_i64() {
                                        Some(id) => {
                                            acked.push((cid, id));
                                            Ok(())
                                        }
                                        None => Err(format!("no id in {v}")),
                                    },
                                    Err(e) => Err(e.to_string()),
                                });
                                break;
                            }
                            Ok(r) => {
                                res = Some(Err(format!("status {}", r.status())));
                                break;
                            }
                            Err(e) => {
                                res = Some(Err(e.to_string()));
                                break;
                            }
                        }
                    }
                    (
                        "POST /api/commitments/{id}/updates",
                        res.unwrap_or_else(|| Err("409 five times".into())),
                    )
                } else {
                    let (route, path) = match (n % 3, write_pct > 0) {
                        (0, true) if !sess.led.is_empty() => (
                            "GET /commitments/{id}",
                            format!(
                                "/commitments/{}",
                                sess.led[(next_rand() % sess.led.len() as u64) as usize]
                            ),
                        ),
                        _ if n % 2 == 0 => ("GET /", "/".to_string()),
                        _ => (
                            "GET /commitments",
                            format!("/commitments?page={}", n / 2 % 5 + 1),
                        ),
                    };
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
                    (route, ok)
                };
                let tally = out.entry(route).or_default();
                tally.micros.push(t.elapsed().as_micros() as u32);
                if let Err(e) = res {
                    tally.errors += 1;
                    tally.first_error.get_or_insert(e);
                }
            }
            (out, acked, conflicts)
        }));
    }
    let mut all: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let mut acked: Vec<(i64, i64)> = Vec::new();
    let mut conflicts = 0;
    for t in tasks {
        let (tallies, a, k) = t.await?;
        acked.extend(a);
        conflicts += k;
        for (route, tally) in tallies {
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
    if write_pct > 0 {
        println!(
            "writes: {} acknowledged, {conflicts} answered 409 (someone saved first) and retried",
            acked.len()
        );
    }
    if let Some(f) = &acked_file {
        let lines: String = acked.iter().map(|(c, u)| format!("{c} {u}\n")).collect();
        std::fs::write(f, lines)?;
    }
    println!(
        "{:<36} {:>9} {:>7} {:>9} {:>9} {:>9} {:>9}",
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
            "{route:<36} {:>9} {:>7} {:>9.2} {:>9.2} {:>9.2} {:>9.2}",
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

/// Counts the acknowledged writes of ACKED_FILE (`COMMITMENT UPDATE` per line) in the
/// database, and checks the audit chain.
fn verify(db: &str, acked: &Path) -> Result<(), Error> {
    let mut by_commitment: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for line in std::fs::read_to_string(acked)?.lines() {
        let mut f = line.split(' ').map(str::parse::<i64>);
        if let (Some(Ok(c)), Some(Ok(u))) = (f.next(), f.next()) {
            by_commitment.entry(c).or_default().push(u);
        }
    }
    let store = open_store(db)?;
    let (mut checked, mut lost) = (0, 0);
    for (cid, ids) in &by_commitment {
        let stored: std::collections::HashSet<i64> =
            store.updates(*cid)?.iter().map(|u| u.id).collect();
        for id in ids {
            checked += 1;
            if !stored.contains(id) {
                lost += 1;
                eprintln!("lost: update {id} of commitment {cid}");
            }
        }
    }
    let chain = store.verify_audit()?;
    println!(
        "verify: {checked} acknowledged writes checked, {lost} lost; audit chain {}",
        match chain {
            None => "intact".to_string(),
            Some(id) => format!("BROKEN at entry {id}"),
        }
    );
    if lost > 0 || chain.is_some() {
        return Err("writes lost or audit chain broken".into());
    }
    Ok(())
}
