//! The tracker in a real browser: headless Chromium driven over WebDriver (Debian's
//! `chromium-driver`), with a small WebDriver client on `reqwest` (no extra crate).
//!
//! Admin logs in, imports the bundled report through the upload form and assigns a commitment
//! to a department; that department's editor logs in and records progress with an evidence
//! file; the dashboard shows the change. A screenshot of every step goes to
//! `target/screenshots/`.
//!
//! Needs `chromium` and `chromium-driver` (`.ci/run` installs them), hence `#[ignore]`:
//! `cargo test -p zhibiao-tracker --test browser -- --ignored`. `CHROMEDRIVER` and `CHROMIUM`
//! override the binaries.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Client;
use serde_json::{json, Value};
use zhibiao_tracker::auth::{hash_password, PasswordCost};
use zhibiao_tracker::store::sqlite::SqliteStore;
use zhibiao_tracker::store::{Actor, Filter, NewUser, Role, Store};
use zhibiao_tracker::{AppState, Config};

const PASSWORD: &str = "password-123";
const DEPARTMENT: &str = "市工业和信息化局";

fn report_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/jiangmen-2023.txt")
}

fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("screenshots")
}

/// chromedriver as a child process, killed on drop.
struct Driver {
    child: Child,
    base: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    async fn start(http: &Client) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let child = Command::new(&bin)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start {bin} ({e}): apt-get install chromium chromium-driver")
            });
        let d = Driver {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        let t0 = Instant::now();
        loop {
            if let Ok(r) = http.get(format!("{}/status", d.base)).send().await {
                let v: Value = r.json().await.unwrap_or_default();
                if v["value"]["ready"] == true {
                    return d;
                }
            }
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "chromedriver not ready"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// One WebDriver session.
struct Browser {
    http: Client,
    session: String,
    shots: PathBuf,
    step: usize,
    _profile: tempfile::TempDir,
}

impl Browser {
    async fn open(http: Client, driver: &Driver) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let mut options = json!({
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.path().display()),
            ],
        });
        if let Ok(bin) = std::env::var("CHROMIUM") {
            options["binary"] = json!(bin);
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": options,
        }}});
        let r: Value = http
            .post(format!("{}/session", driver.base))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {r}"))
            .to_string();
        let shots = screenshot_dir();
        std::fs::create_dir_all(&shots).unwrap();
        Browser {
            http,
            session: format!("{}/session/{id}", driver.base),
            shots,
            step: 0,
            _profile: profile,
        }
    }

    async fn cmd(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self
            .http
            .request(method.clone(), format!("{}{path}", self.session));
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r: Value = req.send().await.unwrap().json().await.unwrap();
        if r["value"].get("error").is_some() {
            panic!("WebDriver {method} {path}: {}", r["value"]);
        }
        r["value"].clone()
    }

    async fn post(&self, path: &str, body: Value) -> Value {
        self.cmd(reqwest::Method::POST, path, Some(body)).await
    }

    async fn goto(&self, url: &str) {
        self.post("/url", json!({ "url": url })).await;
    }

    async fn find(&self, css: &str) -> String {
        let v = self
            .post("/element", json!({"using": "css selector", "value": css}))
            .await;
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_string()
    }

    async fn click(&self, css: &str) {
        let e = self.find(css).await;
        self.post(&format!("/element/{e}/click"), json!({})).await;
    }

    /// Clicks a form's submit button and waits for the page to change: WebDriver's click can
    /// return before the navigation it starts has committed.
    async fn submit(&self, css: &str) -> String {
        let from = self.current_url().await;
        self.click(css).await;
        let t0 = Instant::now();
        loop {
            let url = self.current_url().await;
            if url != from {
                return url;
            }
            assert!(
                t0.elapsed() < Duration::from_secs(20),
                "no navigation after clicking {css} on {from}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn clear(&self, css: &str) {
        let e = self.find(css).await;
        self.post(&format!("/element/{e}/clear"), json!({})).await;
    }

    async fn fill(&self, css: &str, text: &str) {
        let e = self.find(css).await;
        self.post(&format!("/element/{e}/value"), json!({ "text": text }))
            .await;
    }

    async fn text(&self, css: &str) -> String {
        let e = self.find(css).await;
        self.cmd(reqwest::Method::GET, &format!("/element/{e}/text"), None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    async fn source(&self) -> String {
        self.cmd(reqwest::Method::GET, "/source", None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    async fn current_url(&self) -> String {
        self.cmd(reqwest::Method::GET, "/url", None)
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Saves a PNG of the window as `NN-name.png`.
    async fn screenshot(&mut self, name: &str) {
        self.step += 1;
        let b64 = self.cmd(reqwest::Method::GET, "/screenshot", None).await;
        let png = base64_decode(b64.as_str().unwrap());
        assert!(png.starts_with(b"\x89PNG"), "a PNG screenshot");
        let path = self.shots.join(format!("{:02}-{name}.png", self.step));
        std::fs::write(&path, png).unwrap();
        eprintln!("screenshot {}", path.display());
    }

    async fn login(&self, base: &str, name: &str) {
        self.cmd(reqwest::Method::DELETE, "/cookie", None).await;
        self.goto(&format!("{base}/login")).await;
        self.fill("input[name=name]", name).await;
        self.fill("input[name=password]", PASSWORD).await;
        let url = self
            .submit("form[action='/login'] button[type=submit]")
            .await;
        assert!(!url.ends_with("/login"), "{name} logged in: {url}");
    }

    async fn close(self) {
        let _ = self.http.delete(&self.session).send().await;
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromium-driver; run by .ci/run"]
async fn admin_imports_assigns_editor_reports_dashboard_shows_it() {
    // A real server on a random port with a temporary database: one department, an admin and
    // that department's editor. No report yet: the admin imports it through the form.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("tracker.db");
    let store = Arc::new(SqliteStore::open(&db).unwrap());
    let mut config = Config::for_db(&db);
    let cheap = PasswordCost {
        memory_kib: 256,
        passes: 1,
    };
    config.password_cost = cheap;
    let state = AppState::new(store.clone(), config);
    let s: &dyn Store = &*store;
    let actor = Actor::system("test");
    let dept = s.create_department(&actor, DEPARTMENT).unwrap();
    s.create_department(&actor, "市科技局").unwrap();
    let hash = hash_password(PASSWORD, cheap).unwrap();
    for (name, role, d) in [
        ("admin", Role::Admin, None),
        ("editor", Role::Editor, Some(dept)),
    ] {
        s.create_user(
            &actor,
            &NewUser {
                name: name.into(),
                password_hash: hash.clone(),
                role,
                department_id: d,
            },
        )
        .unwrap();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(zhibiao_tracker::serve(listener, state.clone()));

    let http = Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let driver = Driver::start(&http).await;
    let mut b = Browser::open(http, &driver).await;

    // 1. The admin logs in.
    b.login(&base, "admin").await;
    b.screenshot("admin-dashboard-empty").await;
    let before = b.source().await;
    assert!(
        before.contains("仪表盘"),
        "the dashboard after login: {before}"
    );

    // 2. Imports the bundled report through the upload form.
    b.goto(&format!("{base}/reports")).await;
    b.screenshot("reports-upload-form").await;
    b.fill(
        "form[action='/reports'] input[type=file]",
        &report_path().canonicalize().unwrap().display().to_string(),
    )
    .await;
    let url = b
        .submit("form[action='/reports'] button[type=submit]")
        .await;
    assert!(url.contains("msg=imported"), "imported: {url}");
    assert!(b.text("body").await.contains("报告已导入"));
    b.screenshot("report-imported").await;

    // 3. Assigns a quantified commitment of it to the department.
    let c = s
        .commitments(&Filter::default())
        .unwrap()
        .into_iter()
        .find(|c| !c.targets.is_empty())
        .expect("a quantified commitment");
    assert!(c.lead_department_id.is_none());
    b.goto(&format!("{base}/commitments/{}/edit", c.id)).await;
    b.click(&format!("select[name=lead] option[value='{dept}']"))
        .await;
    b.screenshot("assign-form").await;
    b.submit(&format!(
        "form[action='/commitments/{}'] button[type=submit]",
        c.id
    ))
    .await;
    assert_eq!(
        s.commitment(c.id).unwrap().lead_department_id,
        Some(dept),
        "assigned through the form"
    );
    assert!(b.text("body").await.contains(DEPARTMENT));
    b.screenshot("assigned").await;

    // 4. The department's editor logs in and finds the task under "my tasks".
    b.login(&base, "editor").await;
    b.goto(&format!("{base}/my")).await;
    assert!(
        b.source().await.contains(&format!("/commitments/{}", c.id)),
        "the task is among the editor's"
    );
    b.screenshot("editor-my-tasks").await;

    // 5. Records progress with an evidence file.
    let evidence = dir.path().join("进展佐证.txt");
    std::fs::write(&evidence, "已完成项目验收，附验收意见。\n").unwrap();
    b.goto(&format!("{base}/commitments/{}/updates/new", c.id))
        .await;
    b.click("select[name=state] option[value='done']").await;
    b.clear("input[name=percent]").await;
    b.fill("input[name=percent]", "100").await;
    b.fill("textarea[name=narrative]", "项目已全部建成并通过验收。")
        .await;
    b.fill("input[name=evidence]", &evidence.display().to_string())
        .await;
    b.screenshot("update-form").await;
    b.submit(&format!(
        "form[action='/commitments/{}/updates'] button[type=submit]",
        c.id
    ))
    .await;
    let updates = s.updates(c.id).unwrap();
    assert_eq!(updates.len(), 1, "one update saved");
    let ev = updates[0]
        .evidence
        .as_ref()
        .expect("with its evidence file");
    assert_eq!(ev.file_name, "进展佐证.txt");
    let page = b.text("body").await;
    assert!(page.contains("项目已全部建成并通过验收"), "{page}");
    b.screenshot("commitment-with-update").await;

    // 6. The dashboard shows the change: one done, and the department's bar.
    b.goto(&format!("{base}/")).await;
    let after = b.source().await;
    assert!(
        before.contains("aria-label=\"已完成 0\""),
        "none done before"
    );
    assert!(after.contains("aria-label=\"已完成 1\""), "one done after");
    let text = b.text("body").await;
    assert!(text.contains(DEPARTMENT), "the department's bar: {text}");
    assert!(text.contains("已完成"));
    b.screenshot("dashboard-after").await;

    b.close().await;
}
