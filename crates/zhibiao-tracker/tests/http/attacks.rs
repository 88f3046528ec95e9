//! Attack tests, one per class: CSRF, stored and reflected XSS, SQL injection, path traversal,
//! oversize uploads, session fixation and password guessing. Each tries a list of payloads,
//! counts those that got through, prints `attack CLASS: N payloads, M got through` (see it with
//! `--nocapture`) and fails unless M is 0.

use reqwest::header::{AUTHORIZATION, CONTENT_DISPOSITION, CONTENT_TYPE, COOKIE};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use zhibiao_tracker::store::{Actor, Filter, NewCommitment, NewEvidence, NewUpdate, RequestKind};

use crate::harness::{cookie_of, field, Server, Session, Who, PASSWORD, REPORT};

// ---------------------------------------------------------------------------------------------
// Counting.

/// Payloads tried in one class and the ones that got through.
struct Tally {
    class: &'static str,
    tried: usize,
    through: Vec<String>,
}

impl Tally {
    fn new(class: &'static str) -> Tally {
        Tally {
            class,
            tried: 0,
            through: Vec::new(),
        }
    }

    /// One more payload tried.
    fn tried(&mut self) {
        self.tried += 1;
    }

    /// A payload got through: `what` says how.
    fn through(&mut self, what: String) {
        self.through.push(what);
    }

    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.through(what());
        }
    }

    /// Prints the summary line and fails when anything got through.
    fn finish(self) {
        println!(
            "attack {}: {} payloads, {} got through",
            self.class,
            self.tried,
            self.through.len()
        );
        assert!(self.tried > 0, "attack {}: nothing tried", self.class);
        assert!(
            self.through.is_empty(),
            "attack {}: {} of {} payloads got through:\n{}",
            self.class,
            self.through.len(),
            self.tried,
            self.through.join("\n")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Requests the client library would not send as they are: raw HTTP over TCP.

/// Sends `request` as it is and reads the answer (until the server closes the connection or
/// the body of the first response is complete): status, head and body (lossy UTF-8).
async fn raw(srv: &Server, request: Vec<u8>) -> (u16, String) {
    let addr = srv.base.trim_start_matches("http://").to_string();
    tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        s.write_all(&request).unwrap();
        let answer = read_response(&mut s);
        (status_of(&answer), answer)
    })
    .await
    .unwrap()
}

/// Reads one response: the head, then as much body as its Content-Length says (or until the
/// connection closes or goes quiet).
fn read_response(s: &mut std::net::TcpStream) -> String {
    let mut buf = Vec::new();
    let mut tmp = [0u8; 8192];
    loop {
        match s.read(&mut tmp) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&tmp[..n]),
        }
        let text = String::from_utf8_lossy(&buf);
        if let Some(end) = text.find("\r\n\r\n") {
            let len = text[..end]
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(usize::MAX);
            if buf.len() >= end + 4 + len.min(1 << 20) {
                break;
            }
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

fn status_of(answer: &str) -> u16 {
    answer
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Sends a request head and `prefix`, then streams body bytes (64 KB at a time, from one
/// buffer: nothing large is allocated) until `total` bytes are sent or the server has answered.
/// Chunked when `chunked`. Returns the status, the bytes sent and the time to the answer.
async fn stream_body(
    srv: &Server,
    head: String,
    prefix: Vec<u8>,
    total: u64,
    chunked: bool,
) -> (u16, u64, Duration) {
    let addr = srv.base.trim_start_matches("http://").to_string();
    tokio::task::spawn_blocking(move || {
        let t0 = Instant::now();
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut reader = s.try_clone().unwrap();
        let answered = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = answered.clone();
        let read = std::thread::spawn(move || {
            let mut first = [0u8; 1];
            let got = reader.read(&mut first).unwrap_or(0);
            flag.store(true, std::sync::atomic::Ordering::SeqCst);
            let at = t0.elapsed();
            let mut rest = read_response(&mut reader);
            if got == 1 {
                rest.insert(0, first[0] as char);
            }
            (rest, at)
        });
        let _ = s.write_all(head.as_bytes());
        let _ = if chunked {
            s.write_all(format!("{:x}\r\n", prefix.len()).as_bytes())
                .and_then(|_| s.write_all(&prefix))
                .and_then(|_| s.write_all(b"\r\n"))
        } else {
            s.write_all(&prefix)
        };
        let chunk = vec![b'x'; 64 << 10];
        let mut sent = prefix.len() as u64;
        while sent < total && !answered.load(std::sync::atomic::Ordering::SeqCst) {
            let n = (total - sent).min(chunk.len() as u64) as usize;
            let ok = if chunked {
                s.write_all(format!("{n:x}\r\n").as_bytes())
                    .and_then(|_| s.write_all(&chunk[..n]))
                    .and_then(|_| s.write_all(b"\r\n"))
            } else {
                s.write_all(&chunk[..n])
            };
            if ok.is_err() {
                break;
            }
            sent += n as u64;
        }
        if chunked && sent >= total {
            let _ = s.write_all(b"0\r\n\r\n");
        }
        let (answer, at) = read.join().unwrap();
        (status_of(&answer), sent, at)
    })
    .await
    .unwrap()
}

/// A multipart body written by hand, so that a file name goes out exactly as given.
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "----zhibiao-attack-7d1f0c";
    let mut body = Vec::new();
    for (k, v) in fields {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
        )
        .unwrap();
    }
    if let Some((name, file_name, bytes)) = file {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"")
                .as_bytes(),
        );
        body.extend_from_slice(file_name.as_bytes());
        body.extend_from_slice(b"\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Posts a hand-written multipart form.
async fn post_multipart(
    srv: &Server,
    s: &Session,
    path: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &str, &[u8])>,
) -> (StatusCode, String) {
    let (ct, body) = multipart(fields, file);
    let r = srv
        .req(s, Method::POST, path)
        .header(CONTENT_TYPE, ct)
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap_or_default())
}

/// Percent-encodes every byte but unreserved ones, for a path segment or a query value.
fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// HTML: what would run in a browser.

/// A start or end tag of a page.
#[derive(Debug)]
struct Tag {
    name: String,
    end: bool,
    attrs: Vec<(String, String)>,
}

/// The tags of an HTML text, as a browser's tokenizer sees them (comments and doctypes
/// skipped; `<` not followed by a letter is text).
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        if html[i..].starts_with("<!--") {
            i = html[i..].find("-->").map(|e| i + e + 3).unwrap_or(b.len());
            continue;
        }
        if b.get(i + 1) == Some(&b'!') || b.get(i + 1) == Some(&b'?') {
            i = html[i..].find('>').map(|e| i + e + 1).unwrap_or(b.len());
            continue;
        }
        let end = b.get(i + 1) == Some(&b'/');
        let mut j = i + 1 + end as usize;
        if !b.get(j).is_some_and(|c| c.is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        let start = j;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = html[start..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let a = j;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/')
            {
                j += 1;
            }
            let key = html[a..j].to_ascii_lowercase();
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = String::new();
            if b.get(j) == Some(&b'=') {
                j += 1;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if let Some(&q) = b.get(j).filter(|q| **q == b'"' || **q == b'\'') {
                    let e = html[j + 1..]
                        .find(q as char)
                        .map(|e| j + 1 + e)
                        .unwrap_or(b.len());
                    value = html[j + 1..e.min(b.len())].to_string();
                    j = e + 1;
                } else {
                    let v = j;
                    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = html[v..j].to_string();
                }
            }
            attrs.push((key, unescape(&value)));
        }
        out.push(Tag { name, end, attrs });
        i = j;
    }
    out
}

/// HTML character references decoded (the named ones templates write, and numeric ones).
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest.find(';').filter(|e| *e <= 12).and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ if name.starts_with("#x") || name.starts_with("#X") => {
                    u32::from_str_radix(&name[2..], 16)
                        .ok()
                        .and_then(char::from_u32)
                }
                _ if name.starts_with('#') => name[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The tags and attribute names the templates write: anything else on a page came from data.
fn template_vocabulary() -> (BTreeSet<String>, BTreeSet<String>) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let (mut names, mut attrs) = (BTreeSet::new(), BTreeSet::new());
    for f in std::fs::read_dir(dir).unwrap() {
        let src = std::fs::read_to_string(f.unwrap().path()).unwrap();
        // Template code out: `{% if … %}selected{% endif %}` is an attribute `selected`.
        let mut plain = String::new();
        let mut rest = src.as_str();
        while let Some(i) = rest.find(['{']) {
            plain.push_str(&rest[..i]);
            let close = match rest[i..].chars().nth(1) {
                Some('%') => "%}",
                Some('{') => "}}",
                Some('#') => "#}",
                _ => {
                    plain.push('{');
                    rest = &rest[i + 1..];
                    continue;
                }
            };
            let e = rest[i..]
                .find(close)
                .map(|e| i + e + 2)
                .unwrap_or(rest.len());
            plain.push_str(if close == "}}" { "x" } else { " " });
            rest = &rest[e..];
        }
        plain.push_str(rest);
        for t in tags(&plain) {
            names.insert(t.name);
            for (k, _) in t.attrs {
                if k.bytes().all(|c| c.is_ascii_lowercase() || c == b'-') {
                    attrs.insert(k);
                }
            }
        }
    }
    // The fallback error page of views::error_page.
    names.insert("meta".into());
    (names, attrs)
}

/// What on a page could run a script: a tag or attribute no template writes, an event handler,
/// a link or form target that is not a local path or an http(s) address, a raw `<script`.
fn script_risks(html: &str) -> Vec<String> {
    static VOCABULARY: std::sync::OnceLock<(BTreeSet<String>, BTreeSet<String>)> =
        std::sync::OnceLock::new();
    let (names, attrs) = VOCABULARY.get_or_init(template_vocabulary);
    let mut risks = Vec::new();
    if html.to_ascii_lowercase().contains("<script") {
        risks.push("a raw <script".into());
    }
    for t in tags(html) {
        if !names.contains(&t.name) {
            risks.push(format!(
                "a <{}{}> tag",
                if t.end { "/" } else { "" },
                t.name
            ));
        }
        for (k, v) in &t.attrs {
            if k.starts_with("on") {
                risks.push(format!("an event handler {k}= on <{}>", t.name));
            } else if !attrs.contains(k) {
                risks.push(format!("an attribute {k}= on <{}>", t.name));
            }
            if matches!(
                k.as_str(),
                "href" | "src" | "action" | "formaction" | "xlink:href" | "data" | "srcdoc"
            ) {
                let v: String = v
                    .chars()
                    .filter(|c| !c.is_whitespace() && !c.is_control())
                    .collect::<String>()
                    .to_ascii_lowercase();
                let ok = (v.starts_with('/') && !v.starts_with("//"))
                    || v.starts_with('#')
                    || v.starts_with('?')
                    || v.starts_with("http://")
                    || v.starts_with("https://");
                if !ok {
                    risks.push(format!("{k}=\"{v}\" on <{}>", t.name));
                }
            }
        }
    }
    risks
}

/// Whether a page shows `text` (as text, after its character references are decoded).
fn shows(html: &str, text: &str) -> bool {
    unescape(html).contains(text)
}

// ---------------------------------------------------------------------------------------------
// Fixtures.

/// Commitments of the seeded report other than the harness's own, for tests to change; made
/// through the store when the report has fewer (it has one per task of its plan: 10).
fn spare_commitments(srv: &Server, n: usize) -> Vec<i64> {
    let list = srv
        .store()
        .commitments(&Filter {
            report_id: Some(srv.report),
            ..Filter::default()
        })
        .unwrap();
    let mut ids: Vec<i64> = list
        .iter()
        .map(|c| c.id)
        .filter(|id| *id != srv.commitment)
        .take(n)
        .collect();
    while ids.len() < n {
        ids.push(new_commitment(srv, &format!("备用任务{}", ids.len() + 1)));
    }
    assert_eq!(ids.len(), n, "the report has {n} spare commitments");
    ids
}

/// A commitment led by department A, made through the store.
fn led_commitment(srv: &Server, title: &str) -> i64 {
    srv.store()
        .create_commitment(
            &Actor::system("test"),
            &NewCommitment {
                report_id: srv.report,
                title: title.into(),
                section: String::new(),
                lead_department_id: Some(srv.dept_a),
                co_department_ids: vec![],
                deadline: None,
                priority: 2,
            },
        )
        .unwrap()
}

/// A commitment made through the store, for a test to delete or merge.
fn new_commitment(srv: &Server, title: &str) -> i64 {
    srv.store()
        .create_commitment(
            &Actor::system("test"),
            &NewCommitment {
                report_id: srv.report,
                title: title.into(),
                section: String::new(),
                lead_department_id: None,
                co_department_ids: vec![],
                deadline: None,
                priority: 2,
            },
        )
        .unwrap()
}

fn audit_count(srv: &Server) -> i64 {
    srv.store().audit_count().unwrap()
}

/// The bundled report with a line added, so that it is a new file to import.
fn another_report(mark: &str) -> Vec<u8> {
    let mut r = REPORT.to_vec();
    r.extend_from_slice(format!("\n\n附：{mark}\n").as_bytes());
    r
}

const PDF: &[u8] = b"%PDF-1.4\n% attack test\n";

// ---------------------------------------------------------------------------------------------
// CSRF.

/// A request an admin may make on a state-changing route, and that succeeds with the right
/// token.
enum Body {
    Form(Vec<(String, String)>),
    Multipart(Vec<(String, String)>, &'static str, String, Vec<u8>),
    Json(Value),
}

struct Case {
    path: String,
    body: Body,
}

fn form(pairs: &[(&str, String)]) -> Body {
    Body::Form(
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
    )
}

/// The valid request for `route`; a POST route without one fails the test, so that a new
/// route is thought about.
fn csrf_case(srv: &Server, route: &str, spare: &BTreeMap<&str, i64>) -> Case {
    static SEQ: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let v = |id: i64| srv.version(id).to_string();
    let path = |id: i64| route.replace("{id}", &id.to_string());
    let dept_a = srv.dept_a.to_string();
    match route {
        "/logout" => Case {
            path: route.into(),
            body: form(&[]),
        },
        "/commitments/{id}/updates" => {
            let c = spare["update"];
            Case {
                path: path(c),
                body: Body::Multipart(
                    vec![
                        ("version".into(), v(c)),
                        ("narrative".into(), format!("CSRF 测试进展 {n}")),
                    ],
                    "evidence",
                    "证明.pdf".into(),
                    PDF.to_vec(),
                ),
            }
        }
        "/commitments/{id}" => {
            let c = spare["edit"];
            Case {
                path: path(c),
                body: form(&[
                    ("version", v(c)),
                    ("title", format!("CSRF 测试标题 {n}")),
                    ("lead", dept_a),
                    ("deadline", "2023-12-31".into()),
                ]),
            }
        }
        "/commitments/{id}/delete" => {
            let c = new_commitment(srv, "待删除");
            Case {
                path: path(c),
                body: form(&[("version", v(c)), ("confirm", "yes".into())]),
            }
        }
        "/commitments/assign" => {
            let c = spare["edit"];
            Case {
                path: route.into(),
                body: form(&[
                    ("sel", format!("{c}:{}", v(c))),
                    ("priority", "3".into()),
                    ("lead", dept_a),
                ]),
            }
        }
        "/commitments/{id}/merge" => {
            let c = spare["merge"];
            let other = new_commitment(srv, "待合并");
            Case {
                path: path(c),
                body: form(&[("version", v(c)), ("other", other.to_string())]),
            }
        }
        "/commitments/{id}/split" => {
            let c = spare["split"];
            Case {
                path: path(c),
                body: form(&[
                    ("version", v(c)),
                    ("title_a", format!("前半 {n}")),
                    ("title_b", format!("后半 {n}")),
                ]),
            }
        }
        "/commitments/{id}/rating" => {
            let c = spare["rating"];
            Case {
                path: path(c),
                body: form(&[("version", v(c)), ("rating", "kept".into())]),
            }
        }
        "/reports" => Case {
            path: route.into(),
            body: Body::Multipart(
                vec![],
                "file",
                format!("csrf-{n}.txt"),
                another_report(&format!("CSRF {n}")),
            ),
        },
        "/departments" => Case {
            path: route.into(),
            body: form(&[("name", format!("CSRF 测试部门 {n}"))]),
        },
        "/departments/{id}" => Case {
            path: path(srv.dept_b),
            body: form(&[
                (
                    "version",
                    srv.store()
                        .department(srv.dept_b)
                        .unwrap()
                        .version
                        .to_string(),
                ),
                ("name", format!("市科技局 {n}")),
            ]),
        },
        "/departments/{id}/delete" => {
            let d = srv
                .store()
                .create_department(&Actor::system("test"), &format!("待删除部门 {n}"))
                .unwrap();
            Case {
                path: path(d),
                body: form(&[("version", "1".into()), ("confirm", "yes".into())]),
            }
        }
        "/users" => Case {
            path: route.into(),
            body: form(&[
                ("name", format!("csrf_user_{n}")),
                ("password", PASSWORD.into()),
                ("role", "viewer".into()),
            ]),
        },
        "/users/{id}" => Case {
            path: path(srv.spare_user),
            body: form(&[
                (
                    "version",
                    srv.store()
                        .user(srv.spare_user)
                        .unwrap()
                        .version
                        .to_string(),
                ),
                ("role", "viewer".into()),
                ("password", format!("new-password-{n}")),
            ]),
        },
        // The session's own token (only its owner makes one).
        "/users/{id}/token" => Case {
            path: path(srv.store().login_lookup("admin").unwrap().unwrap().0.id),
            body: form(&[]),
        },
        "/reports/{id}/publish" => Case {
            path: path(srv.report),
            body: form(&[("published", "1".into()), ("confirm", "yes".into())]),
        },
        "/api/commitments" => Case {
            path: route.into(),
            body: Body::Json(
                json!({"report_id": srv.report, "title": format!("CSRF 接口任务 {n}")}),
            ),
        },
        "/api/commitments/assign" => {
            let c = spare["edit"];
            Case {
                path: route.into(),
                body: Body::Json(json!({
                    "commitments": [{"id": c, "version": srv.version(c)}],
                    "priority": 1 + n % 3,
                })),
            }
        }
        "/api/commitments/{id}/updates" => {
            let c = spare["api"];
            Case {
                path: path(c),
                body: Body::Json(json!({"narrative": format!("CSRF 接口进展 {n}")})),
            }
        }
        "/duban/settings" => Case {
            path: route.into(),
            body: form(&[
                ("due_soon_days", (10 + n % 5).to_string()),
                ("silent_days", "20".into()),
            ]),
        },
        "/commitments/{id}/remind" => Case {
            path: path(srv.commitment),
            body: form(&[("reason", "other".into())]),
        },
        // Sent by the lead department's editor (see the test).
        "/commitments/{id}/requests" => Case {
            path: path(led_commitment(srv, &format!("申请任务 {n}"))),
            body: form(&[("kind", "close".into()), ("reason", format!("已完成 {n}"))]),
        },
        "/requests/{id}/decide" => {
            let c = led_commitment(srv, &format!("待批任务 {n}"));
            let editor = Actor::system("editor");
            let rid = srv
                .store()
                .request(
                    &editor,
                    c,
                    RequestKind::Extension,
                    "需要延期",
                    Some("2024-06-30"),
                )
                .unwrap();
            Case {
                path: path(rid),
                body: form(&[("decision", "approve".into())]),
            }
        }
        "/commitments/{id}/milestones" => Case {
            path: path(srv.commitment),
            body: form(&[("title", format!("节点 {n}")), ("due", "2023-09-30".into())]),
        },
        "/milestones/{id}" => Case {
            path: path(srv.milestone),
            body: form(&[("done", "2023-03-30".into())]),
        },
        "/account/email" => Case {
            path: route.into(),
            body: form(&[("email", format!("duban{n}@example.gov.cn"))]),
        },
        _ => panic!("no CSRF case for POST {route}: add one to attacks.rs"),
    }
}

/// Sends a case with `cookie`, the token (when given) where that route takes it.
async fn send_case(srv: &Server, cookie: &str, case: Case, token: Option<&str>) -> StatusCode {
    let r = srv.client.post(srv.url(&case.path)).header(COOKIE, cookie);
    let r = match case.body {
        Body::Form(mut f) => {
            if let Some(t) = token {
                f.insert(0, ("csrf".into(), t.into()));
            }
            r.form(&f)
        }
        Body::Multipart(f, field, name, bytes) => {
            let mut pairs: Vec<(&str, &str)> =
                f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            if let Some(t) = token {
                pairs.insert(0, ("csrf", t));
            }
            let (ct, body) = multipart(&pairs, Some((field, &name, &bytes)));
            r.header(CONTENT_TYPE, ct).body(body)
        }
        Body::Json(v) => {
            let r = r
                .header(CONTENT_TYPE, "application/json")
                .body(v.to_string());
            match token {
                Some(t) => r.header("x-csrf-token", t),
                None => r,
            }
        }
    };
    r.send().await.unwrap().status()
}

#[tokio::test]
async fn csrf_every_state_changing_route_refuses_a_missing_wrong_or_foreign_token() {
    let srv = Server::start().await;
    let mut t = Tally::new("csrf");
    let admin = srv.browser_login(Who::Admin).await;
    let other_admin = srv.browser_login(Who::Admin).await;
    let viewer = srv.browser_login(Who::Viewer).await;
    assert_ne!(admin.csrf, other_admin.csrf, "a token per session");
    let ids = spare_commitments(&srv, 6);
    let spare: BTreeMap<&str, i64> = ["update", "edit", "merge", "split", "rating", "api"]
        .into_iter()
        .zip(ids)
        .collect();
    let posts: Vec<&str> = zhibiao_tracker::route_table()
        .into_iter()
        .filter(|(m, p)| *m == Method::POST && *p != "/login")
        .map(|(_, p)| p)
        .collect();
    assert!(posts.len() >= 15, "{posts:?}");
    for route in &posts {
        // Logging out ends the session it is sent with: it gets one of its own.
        let (session, other) = if *route == "/logout" {
            (srv.browser_login(Who::Admin).await, admin.csrf.clone())
        } else if *route == "/commitments/{id}/requests" {
            // Only the lead department asks.
            (
                srv.browser_login(Who::EditorOwn).await,
                srv.browser_login(Who::EditorOwn).await.csrf,
            )
        } else {
            (admin.clone(), other_admin.csrf.clone())
        };
        let own = session.csrf.clone();
        let forged: Vec<(&str, Option<String>)> = vec![
            ("no token", None),
            ("an empty token", Some(String::new())),
            ("a wrong token", Some("0123456789abcdef".repeat(2))),
            ("another admin session's token", Some(other)),
            ("a viewer session's token", Some(viewer.csrf.clone())),
            ("the token and a space", Some(format!("{own} x"))),
            ("the token upper-cased", Some(own.to_uppercase())),
            ("half the token", Some(own[..own.len() / 2].to_string())),
        ];
        for (what, token) in &forged {
            t.tried();
            let case = csrf_case(&srv, route, &spare);
            let (audit, files, reports) = (
                audit_count(&srv),
                srv.evidence_files(),
                srv.store().reports().unwrap().len(),
            );
            let got = send_case(&srv, &session.cookie, case, token.as_deref()).await;
            let changed = audit_count(&srv) != audit
                || srv.evidence_files() != files
                || srv.store().reports().unwrap().len() != reports;
            let alive = srv.get(&session, "/").await.status() == StatusCode::OK;
            t.check(got == StatusCode::FORBIDDEN && !changed && alive, || {
                format!(
                    "POST {route} with {what}: {got}, changed: {changed}, session alive: {alive}"
                )
            });
        }
        // The same request with the session's own token goes through: the refusals above
        // were for the token, not for the request.
        let case = csrf_case(&srv, route, &spare);
        let audit = audit_count(&srv);
        let got = send_case(&srv, &session.cookie, case, Some(&own)).await;
        assert!(
            got.is_success() || got.is_redirection(),
            "POST {route} with the right token: {got}"
        );
        if *route == "/logout" {
            assert_eq!(
                srv.get(&session, "/").await.status(),
                StatusCode::UNAUTHORIZED,
                "logged out"
            );
        } else {
            assert!(audit_count(&srv) > audit, "POST {route} changed something");
        }
    }
    // An API token is no CSRF token, and a session's token is no API token.
    let before = audit_count(&srv);
    for (what, req) in [
        (
            "the token in a JSON body",
            srv.client
                .post(srv.url("/api/commitments"))
                .header(COOKIE, &admin.cookie)
                .body(
                    json!({"csrf": admin.csrf, "report_id": srv.report, "title": "x"}).to_string(),
                ),
        ),
        (
            "the CSRF token as a bearer token",
            srv.client
                .post(srv.url("/api/commitments"))
                .header(AUTHORIZATION, format!("Bearer {}", admin.csrf))
                .body(json!({"report_id": srv.report, "title": "x"}).to_string()),
        ),
        (
            "the session cookie's value as a bearer token",
            srv.client
                .post(srv.url("/api/commitments"))
                .header(
                    AUTHORIZATION,
                    format!("Bearer {}", admin.cookie.trim_start_matches("zb_session=")),
                )
                .body(json!({"report_id": srv.report, "title": "x"}).to_string()),
        ),
    ] {
        t.tried();
        let got = req.send().await.unwrap().status();
        t.check(got.is_client_error() && audit_count(&srv) == before, || {
            format!("POST /api/commitments with {what}: {got}")
        });
    }
    // The login form: its token must match its own cookie.
    let page = srv.client.get(srv.url("/login")).send().await.unwrap();
    let pre = cookie_of(page.headers(), "zb_login").unwrap();
    let token = field(&page.text().await.unwrap(), "csrf").unwrap();
    let page2 = srv.client.get(srv.url("/login")).send().await.unwrap();
    let pre2 = cookie_of(page2.headers(), "zb_login").unwrap();
    for (what, cookie, csrf) in [
        ("no token", pre.clone(), None),
        ("a wrong token", pre.clone(), Some("0".repeat(32))),
        ("another form's token", pre2.clone(), Some(token.clone())),
        ("no login cookie", String::new(), Some(token.clone())),
        (
            "an empty cookie and token",
            "zb_login=".into(),
            Some(String::new()),
        ),
    ] {
        t.tried();
        let mut f = vec![("name", "admin".to_string()), ("password", PASSWORD.into())];
        if let Some(c) = csrf {
            f.push(("csrf", c));
        }
        let r = srv
            .client
            .post(srv.url("/login"))
            .header(COOKIE, cookie)
            .form(&f)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let session = cookie_of(r.headers(), "zb_session").filter(|c| c != "zb_session=");
        t.check(status == StatusCode::FORBIDDEN && session.is_none(), || {
            format!("POST /login with {what}: {status}")
        });
    }
    t.finish();
}

// ---------------------------------------------------------------------------------------------
// XSS.

/// Classic payloads, each at most 50 characters (the shortest field, a user name, takes 50),
/// none blank at either end (fields are trimmed). Those that would run call `window.__xss` or
/// `alert`.
pub(crate) const XSS: &[&str] = &[
    "<script>window.__xss=1</script>",
    "<ScRiPt>window.__xss=2</sCrIpT>",
    "<img src=x onerror=window.__xss=3>",
    "<svg onload=window.__xss=4>",
    "<svg/onload=alert(5)>",
    "\"><script>window.__xss=6</script>",
    "'><img src=x onerror=alert(7)>",
    "\" onmouseover=\"window.__xss=8\" x=\"",
    "' onfocus='alert(9)' autofocus='",
    "</textarea><script>window.__xss=10</script>",
    "</title><script>alert(11)</script>",
    "{{7*7}}{% raw %}${7*7}<%= 7*7 %>",
    "javascript:alert(13)",
    "<a href=\"javascript:alert(14)\">点我</a>",
    "<iframe src=\"javascript:alert(15)\">",
    "<body onload=window.__xss=16>",
    "<details open ontoggle=alert(17)>",
    "<math><style><img src=x onerror=alert(18)>",
    "<!--<img src=\"--><img src=x onerror=alert(19)>",
    "<scr<script>ipt>alert(20)</script>",
    "&lt;script&gt;alert(21)&lt;/script&gt;",
    "<input autofocus onfocus=window.__xss=22>",
    "<base href=\"javascript:alert(23)//\">",
    "<meta http-equiv=refresh content=0;url=//x.cn>",
    "]]><script>alert(25)</script><![CDATA[",
    "%3Cscript%3Ealert(26)%3C/script%3E",
    "<object data=\"javascript:alert(27)\">",
    "<style>*{background:url(//x.cn/28)}</style>",
];

/// Links that are web addresses but try to break out of the attribute they are put in.
const XSS_LINKS: &[&str] = &[
    "https://example.org/\"><script>window.__xss=1</script>",
    "https://example.org/'onmouseover='alert(2)",
    "http://example.org/?a=<img/src/onerror=alert(3)>",
    "https://example.org/#\"autofocus/onfocus=\"alert(4)",
];

/// Links that are not web addresses: refused.
const SCRIPT_LINKS: &[&str] = &[
    "javascript:alert(1)",
    "JaVaScRiPt:alert(2)",
    "javascript://example.org/%0aalert(3)",
    "  javascript:alert(4)",
    "java\tscript:alert(5)",
    "data:text/html,<script>alert(6)</script>",
    "vbscript:msgbox(7)",
    "//evil.example/8",
    "/evidence/1\" onclick=\"alert(9)",
    "http:alert(10)",
    "https:/evil.example",
    "file:///etc/passwd",
];

/// Posts a progress update as `s` through the form (a hand-written multipart body).
async fn post_update(
    srv: &Server,
    s: &Session,
    cid: i64,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> (StatusCode, String) {
    let version = srv.version(cid).to_string();
    let mut f: Vec<(&str, &str)> = vec![("csrf", &s.csrf), ("version", &version)];
    f.extend_from_slice(fields);
    post_multipart(
        srv,
        s,
        &format!("/commitments/{cid}/updates"),
        &f,
        file.map(|(name, bytes)| ("evidence", name, bytes)),
    )
    .await
}

/// A file name as a browser sends it in a form (WHATWG: `"`, CR and LF percent-encoded).
fn browser_file_name(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[tokio::test]
async fn xss_payloads_in_every_field_are_shown_as_text_and_never_run() {
    let srv = Server::start().await;
    let mut t = Tally::new("xss");
    let admin = srv.login(Who::Admin).await;
    let editor = srv.login(Who::EditorOwn).await;
    assert!(XSS.len() >= 20);
    for p in XSS {
        assert!(p.chars().count() <= 50 && p.trim() == *p, "{p}");
    }
    let ids = spare_commitments(&srv, XSS.len() + 1);
    let (ids, stale_one) = (&ids[..XSS.len()], ids[XSS.len()]);
    // Where each payload is expected to show: (path, payload) pairs.
    let mut expect: Vec<(String, &str)> = Vec::new();

    // 1. A department per payload.
    let mut depts = Vec::new();
    for p in XSS {
        t.tried();
        let r = srv.post(&admin, "/departments", &[("name", p)]).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "department {p}");
        let d = srv
            .store()
            .departments()
            .unwrap()
            .into_iter()
            .find(|d| d.name == *p)
            .unwrap_or_else(|| panic!("department {p} stored verbatim"));
        depts.push(d.id);
        expect.push((format!("/departments/{}", d.id), p));
    }
    // 2. A commitment per payload: title and section, led by the payload's department, with
    //    department A co-operating (so that its editor reports on it).
    let dept_a = srv.dept_a.to_string();
    for (i, p) in XSS.iter().enumerate() {
        t.tried();
        t.tried();
        let (v, lead) = (srv.version(ids[i]).to_string(), depts[i].to_string());
        let r = srv
            .post(
                &admin,
                &format!("/commitments/{}", ids[i]),
                &[
                    ("version", &v),
                    ("title", p),
                    ("section", p),
                    ("lead", &lead),
                    ("co", &dept_a),
                    ("deadline", "2023-12-31"),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "commitment {p}");
        let c = srv.store().commitment(ids[i]).unwrap();
        assert_eq!((c.title.as_str(), c.section.as_str()), (*p, *p));
        for page in ["", "/edit", "/updates/new"] {
            expect.push((format!("/commitments/{}{page}", ids[i]), p));
        }
    }
    // 3. Progress: the narrative, an evidence file named after the payload, and a link.
    for (i, p) in XSS.iter().enumerate() {
        t.tried();
        t.tried();
        t.tried();
        let name = browser_file_name(&format!("{p}.pdf"));
        let link = XSS_LINKS[i % XSS_LINKS.len()];
        let (status, _) = post_update(
            &srv,
            &editor,
            ids[i],
            &[("narrative", p), ("link", link), ("percent", "30")],
            Some((&name, PDF)),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "update {p}");
        let u = &srv.store().updates(ids[i]).unwrap()[0];
        assert_eq!(u.narrative, *p, "stored verbatim");
        assert_eq!(u.link.as_deref(), Some(link));
    }
    // 4. A user per payload, an editor of the payload's department.
    for (i, p) in XSS.iter().enumerate() {
        t.tried();
        let d = depts[i].to_string();
        let r = srv
            .post(
                &admin,
                "/users",
                &[
                    ("name", p),
                    ("password", PASSWORD),
                    ("role", "editor"),
                    ("department", &d),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "user {p}");
        expect.push(("/users".into(), p));
    }
    // 5. A report holding every payload in its text, with a payload for a file name.
    for _ in 0..=XSS.len() {
        t.tried();
    }
    let text = String::from_utf8(REPORT.to_vec()).unwrap();
    let plan = "释放发展潜力和优势\n\n";
    let at = text.find(plan).unwrap() + plan.len();
    let mut body = String::new();
    for p in XSS {
        body.push_str(&format!("加快推进{p}项目建设。\n"));
    }
    let report = format!("{}{body}\n{}", &text[..at], &text[at..]);
    let report_name = "<img src=x onerror=window.__xss=99>";
    let (status, page) = post_multipart(
        &srv,
        &admin,
        "/reports",
        &[("csrf", &admin.csrf)],
        Some((
            "file",
            &browser_file_name(&format!("{report_name}.txt")),
            report.as_bytes(),
        )),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    let rid = srv
        .store()
        .reports()
        .unwrap()
        .iter()
        .find(|r| r.id != srv.report)
        .map(|r| r.id)
        .expect("the report imported");
    let stored = srv.store().report(rid).unwrap();
    assert_eq!(stored.summary.name, report_name);
    for p in XSS {
        assert!(stored.text.contains(p), "the report's text keeps {p}");
    }
    expect.push(("/reports".into(), report_name));
    // 6. A stored link that is a script (as an older version or another program might have
    //    left it): the page must not make it a link.
    srv.store()
        .add_update(
            &Actor::system("test"),
            ids[0],
            srv.version(ids[0]),
            &NewUpdate {
                date: "2023-03-01".into(),
                value: None,
                percent: None,
                state: zhibiao_tracker::domain::State::InProgress,
                narrative: "旧数据".into(),
                link: Some("javascript:window.__xss=100".into()),
                evidence: None,
            },
        )
        .unwrap();

    // Every page that shows them.
    let mut pages: Vec<(Session, String)> = Vec::new();
    let all = |p: &str| (admin.clone(), p.to_string());
    pages.extend(
        [
            "/".to_string(),
            format!("/?report={rid}"),
            "/commitments".into(),
            format!("/commitments?report={rid}"),
            format!("/commitments?dept={}", srv.dept_a),
            "/departments".into(),
            "/reports".into(),
            format!("/reports/{rid}"),
            format!("/reports/{}", srv.report),
            "/users".into(),
        ]
        .iter()
        .map(|p| all(p)),
    );
    for id in ids {
        for page in ["", "/edit", "/updates/new"] {
            pages.push(all(&format!("/commitments/{id}{page}")));
        }
    }
    for d in &depts {
        pages.push(all(&format!("/departments/{d}")));
    }
    let audit_pages = (audit_count(&srv) + 49) / 50;
    for n in 1..=audit_pages {
        pages.push(all(&format!("/audit?page={n}")));
    }
    let list_pages = srv
        .store()
        .commitments(&Filter::default())
        .unwrap()
        .len()
        .div_ceil(50);
    for n in 2..=list_pages {
        pages.push(all(&format!("/commitments?page={n}")));
    }
    pages.push((editor.clone(), "/my".into()));
    // Reflected: search, the section filter, and the login form's fields.
    for p in XSS {
        for _ in 0..4 {
            t.tried();
        }
        pages.push(all(&format!("/commitments?q={}", enc(p))));
        pages.push(all(&format!("/commitments?section={}", enc(p))));
        pages.push((Session::default(), format!("/login?next=/{}", enc(p))));
        pages.push(all(&format!("/commitments/{}", enc(p))));
        expect.push((format!("/commitments?q={}", enc(p)), p));
        expect.push((format!("/commitments?section={}", enc(p)), p));
    }
    let mut shown: BTreeMap<String, String> = BTreeMap::new();
    for (who, path) in &pages {
        let r = srv.get(who, path).await;
        let status = r.status();
        let ct = r.headers()[CONTENT_TYPE].to_str().unwrap().to_string();
        let html = r.text().await.unwrap();
        assert!(
            status == StatusCode::OK || status == StatusCode::NOT_FOUND,
            "{path}: {status}"
        );
        assert!(ct.starts_with("text/html"), "{path}: {ct}");
        for risk in script_risks(&html) {
            t.through(format!("GET {path}: {risk}"));
        }
        shown.insert(path.clone(), html);
    }
    // Each payload is on the pages it belongs to, as text: the checks above saw it.
    for (path, p) in &expect {
        let html = &shown[path];
        assert!(shows(html, p), "{path} does not show {p}");
    }
    for (i, p) in XSS.iter().enumerate() {
        let page = &shown[&format!("/commitments/{}", ids[i])];
        let e = srv.store().updates(ids[i]).unwrap();
        let e = e.iter().find_map(|u| u.evidence.as_ref()).unwrap();
        assert!(
            shows(page, &e.file_name),
            "the file name {:?} of {p}",
            e.file_name
        );
        assert!(!e.file_name.contains(['/', '\\']), "{:?}", e.file_name);
    }
    let audit: String = (1..=audit_pages)
        .map(|n| unescape(&shown[&format!("/audit?page={n}")]))
        .collect();
    assert!(
        audit.contains(XSS[0]) && audit.contains(XSS[2]),
        "the audit log shows them"
    );

    // Pages made by a request: a stale form's conflict page keeps the text, a duplicate
    // name's error page names it, a failed login shows the name, a token page names its user.
    let r = srv
        .post(
            &admin,
            &format!("/commitments/{stale_one}"),
            &[
                ("version", "1"),
                ("title", "先保存的版本"),
                ("deadline", "2023-12-31"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for p in XSS {
        t.tried();
        let r = srv
            .post(
                &admin,
                &format!("/commitments/{stale_one}"),
                &[("version", "1"), ("title", p), ("deadline", "2023-12-31")],
            )
            .await;
        let (status, html) = (r.status(), r.text().await.unwrap());
        assert_eq!(status, StatusCode::CONFLICT, "{p}");
        assert!(shows(&html, p), "the conflict page keeps {p}");
        for risk in script_risks(&html) {
            t.through(format!("conflict page of {p}: {risk}"));
        }
        t.tried();
        let r = srv.post(&admin, "/departments", &[("name", p)]).await;
        let (status, html) = (r.status(), r.text().await.unwrap());
        assert_eq!(status, StatusCode::CONFLICT, "{p}");
        assert!(shows(&html, p), "the duplicate's page names {p}");
        for risk in script_risks(&html) {
            t.through(format!("duplicate department page of {p}: {risk}"));
        }
    }
    for p in XSS.iter().take(10) {
        t.tried();
        let (status, page) = login_page_after(&srv, p, "wrong-password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(shows(&page, p), "the login form keeps the name {p}: {page}");
        for risk in script_risks(&page) {
            t.through(format!("failed login as {p}: {risk}"));
        }
    }
    for p in XSS.iter().take(5) {
        // Logged in as the payload: the header shows the name.
        t.tried();
        let (status, cookie) = srv.login_as(p, PASSWORD).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "login as {p}");
        let s = Session {
            cookie: cookie.unwrap(),
            ..Session::default()
        };
        let html = srv.get(&s, "/my").await.text().await.unwrap();
        assert!(shows(&html, p));
        for risk in script_risks(&html) {
            t.through(format!("/my as {p}: {risk}"));
        }
        t.tried();
        let uid = srv.store().login_lookup(p).unwrap().unwrap().0.id;
        let s = Session {
            csrf: field(&html, "csrf").unwrap(),
            ..s
        };
        let r = srv.post(&s, &format!("/users/{uid}/token"), &[]).await;
        let html = r.text().await.unwrap();
        assert!(shows(&html, p));
        for risk in script_risks(&html) {
            t.through(format!("token page of {p}: {risk}"));
        }
    }

    // Links: anything but an http(s) address is refused, by the form and by the API.
    for l in SCRIPT_LINKS {
        t.tried();
        let n = srv.store().updates(ids[1]).unwrap().len();
        let (status, page) = post_update(
            &srv,
            &editor,
            ids[1],
            &[("narrative", "x"), ("link", l)],
            None,
        )
        .await;
        t.check(
            status == StatusCode::BAD_REQUEST && page.contains("佐证链接"),
            || format!("link {l:?} by the form: {status}"),
        );
        t.tried();
        let r = srv
            .client
            .post(srv.url(&format!("/api/commitments/{}/updates", ids[1])))
            .header(AUTHORIZATION, format!("Bearer {}", editor.token))
            .body(json!({"narrative": "x", "link": l}).to_string())
            .send()
            .await
            .unwrap();
        let status = r.status();
        t.check(status == StatusCode::BAD_REQUEST, || {
            format!("link {l:?} by the API: {status}")
        });
        assert_eq!(
            srv.store().updates(ids[1]).unwrap().len(),
            n,
            "{l}: nothing saved"
        );
    }

    // Data that leaves as a file or JSON is not HTML: the evidence file (a text file of HTML
    // is sent as plain text, as an attachment, in a sandbox), the CSV, the API.
    t.tried();
    let (status, _) = post_update(
        &srv,
        &editor,
        ids[2],
        &[("narrative", "网页形式的佐证")],
        Some(("page.txt", b"<html><script>window.__xss=1</script>")),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let e = srv.store().updates(ids[2]).unwrap()[0]
        .evidence
        .clone()
        .unwrap();
    let r = srv.get(&editor, &format!("/evidence/{}", e.id)).await;
    let h = r.headers();
    let ok = h[CONTENT_TYPE].to_str().unwrap().starts_with("text/plain")
        && h[CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .starts_with("attachment")
        && h["x-content-type-options"] == "nosniff"
        && h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sandbox");
    t.check(ok, || format!("the evidence download's headers: {h:?}"));
    for (path, kind) in [
        ("/export/ledger.csv".to_string(), "text/csv"),
        (format!("/api/commitments/{}", ids[0]), "application/json"),
        ("/api/departments".into(), "application/json"),
    ] {
        t.tried();
        let mut req = srv.req(&admin, Method::GET, &path);
        if path.starts_with("/api/") {
            req = srv
                .client
                .get(srv.url(&path))
                .header(AUTHORIZATION, format!("Bearer {}", admin.token));
        }
        let r = req.send().await.unwrap();
        let h = r.headers();
        let ok = r.status() == StatusCode::OK
            && h[CONTENT_TYPE].to_str().unwrap().starts_with(kind)
            && h["x-content-type-options"] == "nosniff";
        t.check(ok, || format!("{path}: {:?}", h));
        assert!(
            shows(&r.text().await.unwrap(), XSS[0]),
            "{path} holds the data"
        );
    }
    t.finish();
}

/// Fails a login through the form; the status and the page.
async fn login_page_after(srv: &Server, name: &str, password: &str) -> (StatusCode, String) {
    let page = srv.client.get(srv.url("/login")).send().await.unwrap();
    let pre = cookie_of(page.headers(), "zb_login").unwrap();
    let csrf = field(&page.text().await.unwrap(), "csrf").unwrap();
    let r = srv
        .client
        .post(srv.url("/login"))
        .header(COOKIE, pre)
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", name),
            ("password", password),
        ])
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

// ---------------------------------------------------------------------------------------------
// SQL injection.

/// Strings that break naive SQL: quotes (ASCII and look-alikes), comments, stacked
/// statements, LIKE wildcards, escapes, parameter markers, numbers that overflow, a NUL byte.
pub(crate) const SQLI: &[&str] = &[
    "' OR '1'='1",
    "' OR 1=1--",
    "\" OR \"\"=\"",
    "1; DROP TABLE users;--",
    "'; DROP TABLE commitments; --",
    "x'); DELETE FROM departments; --",
    "%' --",
    "%",
    "_",
    "\\",
    "\\'",
    "' UNION SELECT name, password_hash FROM users--",
    "1) OR (1=1",
    "‘ OR ‘1’=‘1",
    "ʼ OR 1=1 --",
    "＇ OR ＇1＇=＇1",
    "admin'--",
    "' AND (SELECT COUNT(*) FROM sqlite_master)>0 --",
    "'||(SELECT hex(randomblob(8)))||'",
    "?1 ?2 :name @x $y",
    "'; ATTACH DATABASE 'pwned.db' AS p; --",
    "0x27204f52202731273d2731",
    "1e309",
    "NaN",
    "9223372036854775808",
    "x\u{0}y",
];

/// Whether a payload is text a text field takes as it is (no control character).
fn valid_text(p: &str) -> bool {
    !p.chars().any(|c| c.is_control())
}

/// A payload as the number a form's number field reads it as, when it is one.
fn number(p: &str) -> Option<f64> {
    p.trim()
        .replace([',', '，'], "")
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
}

/// The tables of the database and their row counts, and its integrity check.
fn tables(db: &Path) -> (BTreeMap<String, i64>, String) {
    let c = rusqlite::Connection::open(db).unwrap();
    let names: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let counts = names
        .into_iter()
        .map(|n| {
            let k: i64 = c
                .query_row(&format!("SELECT COUNT(*) FROM \"{n}\""), [], |r| r.get(0))
                .unwrap();
            (n, k)
        })
        .collect();
    let check: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    (counts, check)
}

/// How many commitments a literal search for `q` finds: every word (of the first 100
/// characters, at most 8 words) in the title, quote, section or lead department, ASCII letters
/// in any case — what the store's search is meant to do, with no character special.
fn literal_matches(srv: &Server, q: &str) -> usize {
    let q: String = q.chars().take(100).collect();
    let words: Vec<String> = q
        .split_whitespace()
        .take(8)
        .map(|w| w.to_ascii_lowercase())
        .collect();
    srv.store()
        .commitments(&Filter::default())
        .unwrap()
        .iter()
        .filter(|c| {
            let hay = [
                c.title.as_str(),
                c.quote.as_str(),
                c.section.as_str(),
                c.lead_department.as_deref().unwrap_or(""),
            ]
            .map(str::to_ascii_lowercase);
            words
                .iter()
                .all(|w| hay.iter().any(|h| h.contains(w.as_str())))
        })
        .count()
}

#[tokio::test]
async fn sql_injection_strings_in_every_field_are_data() {
    let srv = Server::start().await;
    let mut t = Tally::new("sql-injection");
    assert!(SQLI.len() >= 15);
    let admin = srv.login(Who::Admin).await;
    let viewer = srv.login(Who::Viewer).await;
    let editor = srv.login(Who::EditorOwn).await;
    let bearer = format!("Bearer {}", admin.token);
    let (tables_before, check) = tables(&srv.db);
    assert_eq!(check, "ok");
    let all = srv.store().commitments(&Filter::default()).unwrap().len();
    let api_list = |query: String| {
        let req = srv
            .client
            .get(srv.url(&format!("/api/commitments?{query}")))
            .header(AUTHORIZATION, &bearer);
        async move {
            let r = req.send().await.unwrap();
            let status = r.status();
            let n = r
                .json::<Value>()
                .await
                .ok()
                .and_then(|v| v.as_array().map(Vec::len));
            (status, n)
        }
    };

    // 1. Query strings and path ids: read only, nothing may change.
    for p in SQLI {
        for key in [
            "q", "report", "dept", "state", "health", "priority", "section", "flag", "page",
        ] {
            t.tried();
            let (status, n) = api_list(format!("{key}={}", enc(p))).await;
            let expected = match key {
                "q" if p.trim().is_empty() => all,
                "q" => literal_matches(&srv, p),
                "section" => 0,
                _ => all,
            };
            t.check(status == StatusCode::OK && n == Some(expected), || {
                format!(
                    "GET /api/commitments?{key}={p:?}: {status}, {n:?} found, {expected} expected"
                )
            });
        }
        let q = [
            "q", "report", "dept", "state", "health", "priority", "section", "flag", "page",
        ]
        .iter()
        .map(|k| format!("{k}={}", enc(p)))
        .collect::<Vec<_>>()
        .join("&");
        for path in [
            format!("/commitments?{q}"),
            format!("/export/ledger.csv?{q}"),
            format!("/export/ledger.xlsx?{q}"),
            format!("/?report={}", enc(p)),
            format!("/audit?page={}", enc(p)),
            format!(
                "/audit?user={0}&dept={0}&action={0}&from={0}&to={0}&page={0}",
                enc(p)
            ),
            format!(
                "/export/audit.csv?user={0}&dept={0}&action={0}&from={0}&to={0}",
                enc(p)
            ),
            format!(
                "/export/audit.xlsx?user={0}&dept={0}&action={0}&from={0}&to={0}",
                enc(p)
            ),
            format!("/login?next={}&msg={}", enc(p), enc(p)),
            format!("/my?{q}"),
        ] {
            t.tried();
            let who = if path.starts_with("/audit") || path.starts_with("/export/audit") {
                &admin
            } else if path.starts_with("/my") {
                // A viewer is sent from /my to the list.
                &editor
            } else {
                &viewer
            };
            let status = srv.get(who, &path).await.status();
            t.check(status == StatusCode::OK, || format!("GET {path}: {status}"));
        }
        let id = enc(p);
        for path in [
            format!("/commitments/{id}"),
            format!("/commitments/{id}/edit"),
            format!("/commitments/{id}/updates/new"),
            format!("/departments/{id}"),
            format!("/reports/{id}"),
            format!("/evidence/{id}"),
            format!("/static/{id}"),
        ] {
            t.tried();
            let status = srv.get(&admin, &path).await.status();
            t.check(status == StatusCode::NOT_FOUND, || {
                format!("GET {path}: {status}")
            });
        }
        t.tried();
        let r = srv
            .client
            .get(srv.url(&format!("/api/commitments/{id}")))
            .header(AUTHORIZATION, &bearer)
            .send()
            .await
            .unwrap();
        let status = r.status();
        t.check(status == StatusCode::NOT_FOUND, || {
            format!("GET /api/commitments/{p:?}: {status}")
        });
        for path in [
            format!("/commitments/{id}"),
            format!("/commitments/{id}/delete"),
            format!("/commitments/{id}/merge"),
            format!("/commitments/{id}/split"),
            format!("/commitments/{id}/rating"),
            format!("/departments/{id}"),
            format!("/departments/{id}/delete"),
            format!("/users/{id}"),
            format!("/users/{id}/token"),
        ] {
            t.tried();
            let status = srv.post(&admin, &path, &[("version", "1")]).await.status();
            t.check(status == StatusCode::NOT_FOUND, || {
                format!("POST {path}: {status}")
            });
        }
    }
    assert_eq!(tables(&srv.db).0, tables_before, "reading changed nothing");

    // 2. Every text field of every form and API body: stored as it is; every other field:
    //    refused, nothing changed.
    let c = srv.commitment;
    let expect_400 = |t: &mut Tally, what: String, status: StatusCode| {
        t.tried();
        t.check(status == StatusCode::BAD_REQUEST, || {
            format!("{what}: {status}")
        });
    };
    let dept = srv.dept_a.to_string();
    for (i, p) in SQLI.iter().enumerate() {
        let text_ok = valid_text(p);
        let text_status = if text_ok {
            StatusCode::SEE_OTHER
        } else {
            StatusCode::BAD_REQUEST
        };
        // Departments.
        t.tried();
        let status = srv
            .post(&admin, "/departments", &[("name", p)])
            .await
            .status();
        let stored = srv
            .store()
            .departments()
            .unwrap()
            .iter()
            .any(|d| d.name == *p);
        t.check(status == text_status && stored == text_ok, || {
            format!("department {p:?}: {status}, stored: {stored}")
        });
        t.tried();
        let v = srv
            .store()
            .department(srv.dept_b)
            .unwrap()
            .version
            .to_string();
        let renamed = format!("{p} 改名");
        let status = srv
            .post(
                &admin,
                &format!("/departments/{}", srv.dept_b),
                &[("version", &v), ("name", &renamed)],
            )
            .await
            .status();
        let name = srv.store().department(srv.dept_b).unwrap().name;
        t.check(
            status == text_status && (name == renamed) == text_ok,
            || format!("department renamed {p:?}: {status}, name {name:?}"),
        );
        let s = srv
            .post(
                &admin,
                &format!("/departments/{}", srv.dept_b),
                &[("version", p), ("name", "x")],
            )
            .await
            .status();
        expect_400(&mut t, format!("department version {p:?}"), s);
        // Users.
        t.tried();
        let status = srv
            .post(
                &admin,
                "/users",
                &[("name", p), ("password", PASSWORD), ("role", "viewer")],
            )
            .await
            .status();
        let stored = srv.store().login_lookup(p).unwrap().is_some();
        t.check(status == text_status && stored == text_ok, || {
            format!("user {p:?}: {status}, stored: {stored}")
        });
        t.tried();
        let name = format!("pw_user_{i}");
        let status = srv
            .post(
                &admin,
                "/users",
                &[("name", &name), ("password", p), ("role", "viewer")],
            )
            .await
            .status();
        let fits = (8..=128).contains(&p.chars().count());
        let hash = srv.store().login_lookup(&name).unwrap().map(|(_, h)| h);
        let verifies = hash
            .as_deref()
            .is_some_and(|h| zhibiao_tracker::auth::verify_password(p, h));
        t.check(
            if fits {
                status == StatusCode::SEE_OTHER && verifies
            } else {
                status == StatusCode::BAD_REQUEST && hash.is_none()
            },
            || format!("password {p:?}: {status}"),
        );
        for (k, role) in [("role", *p), ("department", "editor")] {
            let mut f = vec![("name", "someone"), ("password", PASSWORD), ("role", role)];
            if k == "department" {
                f.push(("department", p));
            }
            let s = srv.post(&admin, "/users", &f).await.status();
            expect_400(&mut t, format!("user {k} {p:?}"), s);
        }
        let uv = srv
            .store()
            .user(srv.spare_user)
            .unwrap()
            .version
            .to_string();
        for (k, fields) in [
            ("version", vec![("version", *p), ("role", "viewer")]),
            ("role", vec![("version", uv.as_str()), ("role", *p)]),
            (
                "department",
                vec![
                    ("version", uv.as_str()),
                    ("role", "viewer"),
                    ("department", *p),
                ],
            ),
        ] {
            let s = srv
                .post(&admin, &format!("/users/{}", srv.spare_user), &fields)
                .await
                .status();
            expect_400(&mut t, format!("user edit {k} {p:?}"), s);
        }
        // A commitment's edit form.
        t.tried();
        let v = srv.version(c).to_string();
        let status = srv
            .post(
                &admin,
                &format!("/commitments/{c}"),
                &[
                    ("version", &v),
                    ("title", p),
                    ("section", p),
                    ("lead", &dept),
                    ("deadline", "2023-12-31"),
                ],
            )
            .await
            .status();
        let now = srv.store().commitment(c).unwrap();
        let stored = now.title == *p && now.section == *p;
        t.check(status == text_status && stored == text_ok, || {
            format!("commitment title/section {p:?}: {status}, stored: {stored}")
        });
        let v = srv.version(c).to_string();
        let before = srv.store().commitment(c).unwrap();
        for k in ["lead", "co", "deadline", "priority", "state", "version"] {
            let mut f = vec![
                ("version", v.as_str()),
                ("title", "x"),
                ("deadline", "2023-12-31"),
            ];
            f.retain(|(key, _)| *key != k);
            f.push((k, p));
            let s = srv
                .post(&admin, &format!("/commitments/{c}"), &f)
                .await
                .status();
            expect_400(&mut t, format!("commitment {k} {p:?}"), s);
        }
        for (route, extra) in [
            ("merge", vec![("other", *p)]),
            ("rating", vec![("rating", *p)]),
            ("delete", vec![("confirm", *p)]),
        ] {
            let mut f = vec![("version", v.as_str())];
            f.extend(extra);
            let s = srv
                .post(&admin, &format!("/commitments/{c}/{route}"), &f)
                .await
                .status();
            expect_400(&mut t, format!("commitment {route} {p:?}"), s);
            let s = srv
                .post(
                    &admin,
                    &format!("/commitments/{c}/{route}"),
                    &[("version", p), ("other", "1"), ("confirm", "yes")],
                )
                .await
                .status();
            expect_400(&mut t, format!("commitment {route} version {p:?}"), s);
        }
        assert_eq!(
            srv.store().commitment(c).unwrap(),
            before,
            "refused: unchanged"
        );
        // Split: both titles are text.
        t.tried();
        let n = srv.store().commitments(&Filter::default()).unwrap().len();
        let status = srv
            .post(
                &admin,
                &format!("/commitments/{c}/split"),
                &[("version", &v), ("title_a", p), ("title_b", p)],
            )
            .await
            .status();
        let split = srv.store().commitments(&Filter::default()).unwrap();
        let stored = split.len() == n + 1
            && srv.store().commitment(c).unwrap().title == *p
            && split.iter().filter(|x| x.title == *p).count() == 2;
        t.check(status == text_status && stored == text_ok, || {
            format!("split {p:?}: {status}, stored: {stored}")
        });
        // Progress through the form: the narrative and the file name are text.
        t.tried();
        let n = srv.store().updates(c).unwrap().len();
        let (status, _) = post_update(&srv, &editor, c, &[("narrative", p)], None).await;
        let u = srv.store().updates(c).unwrap();
        let stored = u.len() == n + 1 && u[0].narrative == *p;
        t.check(status == text_status && stored == text_ok, || {
            format!("narrative {p:?}: {status}, stored: {stored}")
        });
        for k in ["date", "value", "percent", "state", "version", "link"] {
            let files = srv.evidence_files();
            let n = srv.store().updates(c).unwrap().len();
            let version = srv.version(c).to_string();
            let mut f = vec![
                ("csrf", editor.csrf.as_str()),
                ("version", version.as_str()),
                ("narrative", "x"),
            ];
            f.retain(|(key, _)| *key != k);
            f.push((k, p));
            let (s, _) = post_multipart(
                &srv,
                &editor,
                &format!("/commitments/{c}/updates"),
                &f,
                Some(("evidence", "a.pdf", PDF)),
            )
            .await;
            let (n2, files2) = (srv.store().updates(c).unwrap().len(), srv.evidence_files());
            if k == "value" && number(p).is_some() {
                // A number, however large, is a value.
                t.tried();
                let got = srv.store().updates(c).unwrap()[0].value;
                t.check(s == StatusCode::SEE_OTHER && got == number(p), || {
                    format!("update value {p:?}: {s}, stored {got:?}")
                });
                continue;
            }
            expect_400(&mut t, format!("update {k} {p:?}"), s);
            t.check(n2 == n && files2 == files, || {
                format!(
                    "update {k} {p:?}: {} updates and {} files added",
                    n2 - n,
                    files2 - files
                )
            });
        }
        t.tried();
        let name = format!("{p}.pdf");
        let (status, _) = post_update(
            &srv,
            &editor,
            c,
            &[("narrative", "附件")],
            Some((&browser_file_name(&name), PDF)),
        )
        .await;
        let stored = srv.store().updates(c).unwrap()[0]
            .evidence
            .as_ref()
            .map(|e| e.file_name.clone());
        // A name with a NUL byte may be refused as a broken form; any other is kept (its last
        // path component, exactly, when it has no separator).
        let plain = !p.contains(['/', '\\', '"']) && valid_text(p);
        t.check(
            if valid_text(p) {
                status == StatusCode::SEE_OTHER
                    && (!plain || stored.as_deref() == Some(name.as_str()))
            } else {
                status == StatusCode::BAD_REQUEST || status == StatusCode::SEE_OTHER
            },
            || format!("evidence file name {p:?}: {status}, stored as {stored:?}"),
        );
        // A report's file name.
        t.tried();
        let (status, _) = post_multipart(
            &srv,
            &admin,
            "/reports",
            &[("csrf", &admin.csrf)],
            Some((
                "file",
                &browser_file_name(&format!("{p}.txt")),
                &another_report(p),
            )),
        )
        .await;
        let named = srv.store().reports().unwrap().iter().any(|r| r.name == *p);
        t.check(
            if valid_text(p) {
                status == StatusCode::SEE_OTHER && (!plain || named)
            } else {
                status == StatusCode::BAD_REQUEST || status == StatusCode::SEE_OTHER
            },
            || format!("report file name {p:?}: {status}, named: {named}"),
        );
        // The API: text stored as it is, anything else refused.
        t.tried();
        let r = srv
            .client
            .post(srv.url("/api/commitments"))
            .header(AUTHORIZATION, &bearer)
            .body(json!({"report_id": srv.report, "title": p, "section": p}).to_string())
            .send()
            .await
            .unwrap();
        let status = r.status();
        let id = r.json::<Value>().await.ok().and_then(|v| v["id"].as_i64());
        let stored = id.is_some_and(|id| {
            let x = srv.store().commitment(id).unwrap();
            x.title == *p && x.section == *p
        });
        t.check(
            if text_ok {
                status == StatusCode::CREATED && stored
            } else {
                status == StatusCode::BAD_REQUEST
            },
            || format!("API commitment {p:?}: {status}"),
        );
        for k in [
            "report_id",
            "lead_department_id",
            "co_department_ids",
            "deadline",
            "priority",
        ] {
            let mut body = json!({"report_id": srv.report, "title": "x"});
            body[k] = if k == "co_department_ids" {
                json!([p])
            } else {
                json!(p)
            };
            let n = srv.store().commitments(&Filter::default()).unwrap().len();
            let r = srv
                .client
                .post(srv.url("/api/commitments"))
                .header(AUTHORIZATION, &bearer)
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            expect_400(&mut t, format!("API commitment {k} {p:?}"), r.status());
            assert_eq!(
                srv.store().commitments(&Filter::default()).unwrap().len(),
                n
            );
        }
        t.tried();
        let r = srv
            .client
            .post(srv.url(&format!("/api/commitments/{c}/updates")))
            .header(AUTHORIZATION, &bearer)
            .body(json!({"narrative": p}).to_string())
            .send()
            .await
            .unwrap();
        let status = r.status();
        let stored = srv.store().updates(c).unwrap()[0].narrative == *p;
        t.check(
            if text_ok {
                status == StatusCode::CREATED && stored
            } else {
                status == StatusCode::BAD_REQUEST
            },
            || format!("API narrative {p:?}: {status}"),
        );
        for k in ["date", "value", "percent", "state", "link", "version"] {
            let mut body = json!({"narrative": "x"});
            body[k] = json!(p);
            let r = srv
                .client
                .post(srv.url(&format!("/api/commitments/{c}/updates")))
                .header(AUTHORIZATION, &bearer)
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            // Text where a number is expected is refused, whatever it says.
            expect_400(&mut t, format!("API update {k} {p:?}"), r.status());
        }
        // Searching for it now finds what holds it, literally.
        t.tried();
        let (status, n) = api_list(format!("q={}", enc(p))).await;
        let expected = if p.trim().is_empty() {
            all
        } else {
            literal_matches(&srv, p)
        };
        t.check(status == StatusCode::OK && n == Some(expected), || {
            format!("search for {p:?} after storing it: {n:?}, {expected} expected")
        });
    }
    // 3. The login form last: failures count against the address's limit.
    for p in SQLI {
        t.tried();
        let (status, cookie) = srv.login_as(p, p).await;
        t.check(
            cookie.is_none()
                && (status == StatusCode::UNAUTHORIZED || status == StatusCode::TOO_MANY_REQUESTS),
            || format!("login as {p:?}: {status}"),
        );
    }
    // Tables intact: the same tables, the seeded users still there and able to log in, the
    // audit chain whole, no database attached beside.
    let (after, check) = tables(&srv.db);
    assert_eq!(check, "ok");
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        tables_before.keys().collect::<Vec<_>>(),
        "no table dropped or added"
    );
    for (name, n) in &tables_before {
        if name != "sessions" {
            assert!(
                after[name] >= *n,
                "{name}: {} rows, {n} before",
                after[name]
            );
        }
    }
    for who in ["admin", "viewer", "editor_a", "editor_b", "spare"] {
        assert!(srv.store().login_lookup(who).unwrap().is_some(), "{who}");
    }
    assert_eq!(
        srv.store().verify_audit().unwrap(),
        None,
        "the audit chain is whole"
    );
    for dir in [
        srv.db.parent().unwrap().to_path_buf(),
        std::env::current_dir().unwrap(),
    ] {
        assert!(!dir.join("pwned.db").exists());
    }
    t.finish();
}

// ---------------------------------------------------------------------------------------------
// Path traversal.

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out
}

#[tokio::test]
async fn path_traversal_in_uploads_and_downloads_reaches_no_file_outside() {
    let srv = Server::start().await;
    let mut t = Tally::new("path-traversal");
    let editor = srv.login(Who::EditorOwn).await;
    let admin = srv.login(Who::Admin).await;
    // The server's own directory (database, evidence) and a directory beside it that a
    // traversal would aim at.
    let root = srv.db.parent().unwrap().to_path_buf();
    let outside = tempfile::tempdir().unwrap();
    let up = "../".repeat(12);
    let target = format!(
        "{up}{}/pwned.txt",
        outside.path().display().to_string().trim_start_matches('/')
    );
    let long = format!("{}.pdf", "长".repeat(3000));
    let names: Vec<String> = vec![
        "../../etc/passwd".into(),
        "..\\..\\x".into(),
        "/etc/passwd".into(),
        "C:\\Windows\\win.ini".into(),
        "name\0.pdf".into(),
        "name.pdf\0.txt".into(),
        long.clone(),
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd".into(),
        "..%2f..%2f..%2ftracker.db".into(),
        target.clone(),
        "../tracker.db".into(),
        "../tracker-files/evidence/00ff00ff".into(),
        "....//....//x.pdf".into(),
        "evidence/../../x.pdf".into(),
        "..".into(),
        ".".into(),
        "".into(),
        "..／..／x.pdf".into(),
        "a\r\nContent-Type: text/html\r\n\r\n<script>.pdf".into(),
        "\u{202e}fdp.exe".into(),
        "~/.ssh/authorized_keys".into(),
        "file:///etc/passwd".into(),
    ];
    let db_before = std::fs::read(&srv.db).unwrap().len();
    for (i, name) in names.iter().enumerate() {
        t.tried();
        let before = files_under(&root);
        let n = srv.store().updates(srv.commitment).unwrap().len();
        let narrative = format!("路径 {i}");
        let (status, _) = post_update(
            &srv,
            &editor,
            srv.commitment,
            &[("narrative", &narrative)],
            Some((name, PDF)),
        )
        .await;
        let after = files_under(&root);
        let new: Vec<&PathBuf> = after.difference(&before).collect();
        let gone: Vec<&PathBuf> = before.difference(&after).collect();
        // Stored: one new file, in the evidence directory, under a random hex name; or
        // refused (4xx) with nothing new.
        let in_place = new.iter().all(|p| {
            p.parent() == Some(Path::new("tracker-files/evidence"))
                && p.file_name().unwrap().to_str().unwrap().len() == 32
                && p.file_name()
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit())
        });
        let updates = srv.store().updates(srv.commitment).unwrap();
        let saved = updates.len() == n + 1;
        let ok = gone.is_empty()
            && in_place
            && if status == StatusCode::SEE_OTHER {
                saved && new.len() == 1
            } else {
                status.is_client_error() && !saved && new.is_empty()
            };
        t.check(ok, || {
            format!("upload named {name:?}: {status}, new files {new:?}, removed {gone:?}")
        });
        if saved {
            // Shown by a plain name: no path, no control character, at most 200 characters.
            let Some(e) = updates[0].evidence.clone() else {
                t.through(format!("upload named {name:?}: saved without its file"));
                continue;
            };
            let f = &e.file_name;
            t.check(
                !f.contains(['/', '\\'])
                    && !f.chars().any(char::is_control)
                    && f.chars().count() <= 200
                    && !f.is_empty(),
                || format!("upload named {name:?} is shown as {f:?}"),
            );
            let page = srv
                .get(&editor, &format!("/commitments/{}", srv.commitment))
                .await
                .text()
                .await
                .unwrap();
            assert!(shows(&page, f), "the page shows {f:?}");
            for risk in script_risks(&page) {
                t.through(format!("upload named {name:?}: the page has {risk}"));
            }
            let d = srv.get(&editor, &format!("/evidence/{}", e.id)).await;
            let cd = d.headers()[CONTENT_DISPOSITION]
                .to_str()
                .unwrap()
                .to_string();
            t.check(
                cd.starts_with(&format!("attachment; filename=\"evidence-{}.", e.id))
                    && !cd.contains(['/', '\\', '\r', '\n']),
                || format!("upload named {name:?} downloads as {cd:?}"),
            );
            assert_eq!(&d.bytes().await.unwrap()[..], PDF);
        }
    }
    assert!(
        files_under(outside.path()).is_empty(),
        "nothing written outside"
    );
    assert!(std::fs::read(&srv.db).unwrap().len() >= db_before);
    assert_eq!(
        std::fs::read(srv.data_dir.join("evidence/00ff00ff")).unwrap(),
        b"%PDF-1.4 test",
        "another update's file is untouched"
    );
    // A report's name too is its file name's last part only.
    for name in [
        "../../etc/passwd.txt",
        "..\\..\\报告.txt",
        "/tmp/x/../报告二.txt",
    ] {
        t.tried();
        let bytes = another_report(name);
        let (status, _) = post_multipart(
            &srv,
            &admin,
            "/reports",
            &[("csrf", &admin.csrf)],
            Some(("file", name, &bytes)),
        )
        .await;
        let stored = srv.store().reports().unwrap();
        let last = stored.iter().max_by_key(|r| r.id).unwrap();
        t.check(
            status == StatusCode::SEE_OTHER && !last.name.contains(['/', '\\']),
            || format!("report named {name:?}: {status}, stored as {:?}", last.name),
        );
    }

    // Downloads: ids that do not exist, and paths with `..` in every spelling, give 404 and
    // never a file's contents.
    for id in [
        "999999", "0", "-1", "abc", "1.0", "0x1", "%00", "1%00", " 1",
    ] {
        t.tried();
        let status = srv.get(&admin, &format!("/evidence/{id}")).await.status();
        t.check(status == StatusCode::NOT_FOUND, || {
            format!("GET /evidence/{id}: {status}")
        });
    }
    let secrets = [
        "root:",
        "[package]",
        "SQLite format 3",
        "%PDF-1.4 test",
        "zhibiao-tracker",
    ];
    for path in [
        "/evidence/../../../../etc/passwd",
        "/evidence/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/evidence/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/evidence/1%2f..%2f..%2ftracker.db",
        "/evidence/1/../../tracker.db",
        "/evidence/..%5c..%5ctracker.db",
        "/static/../../../../etc/passwd",
        "/static/..%2f..%2fCargo.toml",
        "/static/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/static/%2e%2e/%2e%2e/Cargo.toml",
        "/static/....//....//Cargo.toml",
        "/static/..\\..\\Cargo.toml",
        "/static/app.css%00.txt",
        "/static/%2fetc%2fpasswd",
        "/static/%252e%252e%252fCargo.toml",
        "/static/..%c0%af..%c0%afCargo.toml",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "//etc/passwd",
        "/export/../../../etc/passwd",
        "/reports/..%2f1",
        "/api/commitments/..%2f..%2fetc%2fpasswd",
        "/departments/%2e%2e",
        "/commitments/1/../../../../etc/passwd",
    ] {
        t.tried();
        let auth = if path.starts_with("/api/") {
            format!("Authorization: Bearer {}\r\n", admin.token)
        } else {
            String::new()
        };
        let (status, answer) = raw(
            &srv,
            format!(
                "GET {path} HTTP/1.1\r\nHost: x\r\nCookie: {}\r\n{auth}Connection: close\r\n\r\n",
                admin.cookie
            )
            .into_bytes(),
        )
        .await;
        let leaked = secrets.iter().find(|s| answer.contains(*s));
        t.check(status == 404 && leaked.is_none(), || {
            format!("GET {path}: {status}, leaked: {leaked:?}")
        });
    }
    // A stored name that points outside (as a damaged or hostile database might hold) is not
    // followed either.
    for stored in [
        "../tracker.db",
        "/etc/passwd",
        "..",
        "00ff00ff/../../tracker.db",
    ] {
        t.tried();
        srv.store()
            .add_update(
                &Actor::system("test"),
                srv.commitment,
                srv.version(srv.commitment),
                &NewUpdate {
                    date: "2023-03-01".into(),
                    value: None,
                    percent: None,
                    state: zhibiao_tracker::domain::State::InProgress,
                    narrative: "坏的存储名".into(),
                    link: None,
                    evidence: Some(NewEvidence {
                        stored_name: stored.into(),
                        file_name: "x.pdf".into(),
                        mime: "text/plain".into(),
                        size: 1,
                        sha256: "x".into(),
                    }),
                },
            )
            .unwrap();
        let e = srv
            .store()
            .updates(srv.commitment)
            .unwrap()
            .into_iter()
            .filter_map(|u| u.evidence)
            .find(|e| e.stored_name == stored)
            .unwrap();
        let r = srv.get(&admin, &format!("/evidence/{}", e.id)).await;
        let status = r.status();
        let body = r.text().await.unwrap_or_default();
        let leaked = secrets.iter().find(|s| body.contains(*s));
        t.check(status == StatusCode::NOT_FOUND && leaked.is_none(), || {
            format!("evidence stored as {stored:?}: {status}, leaked: {leaked:?}")
        });
    }
    t.finish();
}

// ---------------------------------------------------------------------------------------------
// Oversize uploads.

#[tokio::test]
async fn oversize_uploads_are_refused_quickly_and_store_nothing() {
    use zhibiao_tracker::router::{MAX_EVIDENCE_BYTES, MAX_FORM_BYTES};
    use zhibiao_tracker::service::import::MAX_REPORT_BYTES;
    let srv = Server::start().await;
    let mut t = Tally::new("oversize");
    let editor = srv.login(Who::EditorOwn).await;
    let admin = srv.login(Who::Admin).await;
    let c = srv.commitment;
    let stored = |srv: &Server| {
        (
            srv.evidence_files(),
            srv.store().updates(c).unwrap().len(),
            srv.store().reports().unwrap().len(),
            srv.store().departments().unwrap().len(),
            srv.store().commitments(&Filter::default()).unwrap().len(),
        )
    };
    let quick = Duration::from_secs(5);

    // Evidence one byte over the limit, and exactly at it (accepted: the limit is where it is
    // said to be).
    for (extra, accepted) in [(1usize, false), (0, true)] {
        t.tried();
        let before = stored(&srv);
        let mut file = PDF.to_vec();
        file.resize(MAX_EVIDENCE_BYTES + extra, b'x');
        let t0 = Instant::now();
        let (status, page) = post_update(
            &srv,
            &editor,
            c,
            &[("narrative", "大附件")],
            Some(("big.pdf", &file)),
        )
        .await;
        let after = stored(&srv);
        if accepted {
            assert_eq!(status, StatusCode::SEE_OTHER, "a file of exactly the limit");
            assert_eq!(after.0, before.0 + 1);
        } else {
            t.check(
                status == StatusCode::PAYLOAD_TOO_LARGE
                    && page.contains("MB")
                    && after == before
                    && t0.elapsed() < quick,
                || {
                    format!(
                        "evidence of the limit + 1 byte: {status} in {:?}",
                        t0.elapsed()
                    )
                },
            );
        }
    }

    // Bodies that claim to be huge, and bodies that are: refused from the declared length
    // before anything is read, or as soon as the limit is passed when the length is not
    // declared (chunked); the sender stops sending.
    let cookie = |s: &Session| s.cookie.clone();
    let cases: Vec<(&str, String, String, u64, bool, u64)> = vec![
        // (what, path, session cookie, bytes to send, chunked, limit)
        (
            "evidence declaring 2 GB",
            format!("/commitments/{c}/updates"),
            cookie(&editor),
            64 << 10,
            false,
            2 << 30,
        ),
        (
            "evidence streaming past the limit, no length declared",
            format!("/commitments/{c}/updates"),
            cookie(&editor),
            (MAX_EVIDENCE_BYTES as u64) * 2,
            true,
            0,
        ),
        (
            "a report declaring 2 GB",
            "/reports".into(),
            cookie(&admin),
            64 << 10,
            false,
            2 << 30,
        ),
        (
            "a report streaming past its limit, no length declared",
            "/reports".into(),
            cookie(&admin),
            (MAX_REPORT_BYTES as u64) + (8 << 20),
            true,
            0,
        ),
        (
            "a form declaring 2 GB",
            "/departments".into(),
            cookie(&admin),
            64 << 10,
            false,
            2 << 30,
        ),
        (
            "a form streaming past its limit, no length declared",
            "/departments".into(),
            cookie(&admin),
            (MAX_FORM_BYTES as u64) * 4,
            true,
            0,
        ),
        (
            "an API body declaring 2 GB",
            format!("/api/commitments/{c}/updates"),
            String::new(),
            64 << 10,
            false,
            2 << 30,
        ),
    ];
    for (what, path, cookie, total, chunked, declared) in cases {
        let total = if chunked { total.max(64 << 20) } else { total };
        t.tried();
        let before = stored(&srv);
        let multipart = !path.starts_with("/api/") && path != "/departments";
        let ct = if multipart {
            "multipart/form-data; boundary=b"
        } else if path.starts_with("/api/") {
            "application/json"
        } else {
            "application/x-www-form-urlencoded"
        };
        let length = if chunked {
            "Transfer-Encoding: chunked\r\n".to_string()
        } else {
            format!("Content-Length: {declared}\r\n")
        };
        let auth = if path.starts_with("/api/") {
            format!("Authorization: Bearer {}\r\n", editor.token)
        } else {
            String::new()
        };
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n{auth}Content-Type: {ct}\r\n{length}\r\n"
        );
        // A multipart body is a file part, as a browser sends it.
        let prefix = if multipart {
            let field = if path == "/reports" {
                "file"
            } else {
                "evidence"
            };
            format!(
                "--b\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n"
            )
            .into_bytes()
        } else if path.starts_with("/api/") {
            b"{\"narrative\": \"".to_vec()
        } else {
            b"name=".to_vec()
        };
        let (status, sent, took) = stream_body(&srv, head, prefix, total, chunked).await;
        let after = stored(&srv);
        t.check(status == 413 && after == before && took < quick, || {
            format!("{what}: {status} after {sent} bytes in {took:?}")
        });
        if chunked {
            // The answer came once the limit was passed, not after all was sent.
            t.check(sent < total, || {
                format!("{what}: all {sent} bytes were read")
            });
        }
    }
    // A multipart body that never reaches its boundary (all preamble): refused, not parsed
    // for ever.
    for path in [format!("/commitments/{c}/updates"), "/reports".to_string()] {
        t.tried();
        let before = stored(&srv);
        let size = 8u64 << 20;
        let who = if path == "/reports" { &admin } else { &editor };
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nCookie: {}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: {size}\r\n\r\n",
            who.cookie
        );
        let (status, sent, took) = stream_body(&srv, head, Vec::new(), size, false).await;
        t.check(
            status == 400 && stored(&srv) == before && took < quick,
            || format!("{path} with no boundary: {status} after {sent} bytes in {took:?}"),
        );
    }
    // A report one byte over its limit, sent whole.
    t.tried();
    let before = stored(&srv);
    let mut big = another_report("过大");
    big.resize(MAX_REPORT_BYTES + 1, b' ');
    let (status, _) = post_multipart(
        &srv,
        &admin,
        "/reports",
        &[("csrf", &admin.csrf)],
        Some(("file", "big.txt", &big)),
    )
    .await;
    t.check(
        status == StatusCode::PAYLOAD_TOO_LARGE && stored(&srv) == before,
        || format!("a report of the limit + 1 byte: {status}"),
    );
    // A form field of 2 MB, and a JSON body of 2 MB.
    t.tried();
    let long = "长".repeat(700_000);
    let status = srv
        .post(&admin, "/departments", &[("name", &long)])
        .await
        .status();
    t.check(
        status == StatusCode::PAYLOAD_TOO_LARGE && stored(&srv) == before,
        || format!("a 2 MB form: {status}"),
    );
    t.tried();
    let r = srv
        .client
        .post(srv.url(&format!("/api/commitments/{c}/updates")))
        .header(AUTHORIZATION, format!("Bearer {}", editor.token))
        .body(json!({ "narrative": long }).to_string())
        .send()
        .await
        .unwrap();
    let status = r.status();
    let json_error = r.json::<Value>().await.is_ok_and(|v| v["status"] == 413);
    t.check(
        status == StatusCode::PAYLOAD_TOO_LARGE && json_error && stored(&srv) == before,
        || format!("a 2 MB JSON body: {status}"),
    );
    // A multipart text field past 1 MB beside a small file.
    t.tried();
    let (status, _) = post_update(
        &srv,
        &editor,
        c,
        &[("narrative", &long)],
        Some(("a.pdf", PDF)),
    )
    .await;
    t.check(
        status == StatusCode::PAYLOAD_TOO_LARGE && stored(&srv) == before,
        || format!("a 2 MB multipart field: {status}"),
    );
    // The server still answers.
    assert_eq!(srv.get(&admin, "/").await.status(), StatusCode::OK);
    t.finish();
}

// ---------------------------------------------------------------------------------------------
// Session fixation.

#[tokio::test]
async fn session_fixation_login_always_makes_a_new_session_and_logout_ends_it() {
    let srv = Server::start().await;
    let mut t = Tally::new("session-fixation");
    let login_with = |planted: String, name: &'static str| {
        let srv = &srv;
        async move {
            let page = srv.client.get(srv.url("/login")).send().await.unwrap();
            let pre = cookie_of(page.headers(), "zb_login").unwrap();
            let csrf = field(&page.text().await.unwrap(), "csrf").unwrap();
            let r = srv
                .client
                .post(srv.url("/login"))
                .header(COOKIE, format!("{pre}; {planted}"))
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("name", name),
                    ("password", PASSWORD),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::SEE_OTHER, "{name} logged in");
            cookie_of(r.headers(), "zb_session").unwrap()
        }
    };
    let alive = |cookie: String| {
        let srv = &srv;
        async move {
            let s = Session {
                cookie,
                ..Session::default()
            };
            srv.get(&s, "/").await.status() == StatusCode::OK
        }
    };
    // 1. A value the attacker made up, planted before the victim logs in.
    let made_up = [
        "zb_session=0000000000000000000000000000000000000000000000000000000000000000".to_string(),
        "zb_session=attacker".into(),
        "zb_session=".into(),
        format!("zb_session={}", "a".repeat(4096)),
    ];
    for planted in made_up {
        t.tried();
        let got = login_with(planted.clone(), "admin").await;
        t.check(
            got != planted && !alive(planted.clone()).await && alive(got).await,
            || format!("planted {planted:.40}: kept or valid"),
        );
    }
    // 2. The attacker's own valid session, planted in the victim's browser: the victim's login
    //    does not carry on in it, and ends it.
    for who in [Who::Viewer, Who::EditorOther, Who::Admin] {
        t.tried();
        let attacker = srv.browser_login(who).await;
        assert!(alive(attacker.cookie.clone()).await);
        let got = login_with(attacker.cookie.clone(), "admin").await;
        let (old, new) = (
            alive(attacker.cookie.clone()).await,
            alive(got.clone()).await,
        );
        t.check(got != attacker.cookie && !old && new, || {
            format!(
                "planted a {who:?} session: new one differs: {}, old valid: {old}",
                got != attacker.cookie
            )
        });
    }
    // 3. Tokens: 256 bits, fresh at every login, the CSRF token another value per session.
    t.tried();
    let a = srv.browser_login(Who::Admin).await;
    let b = srv.browser_login(Who::Admin).await;
    let token = |c: &str| c.trim_start_matches("zb_session=").to_string();
    t.check(
        token(&a.cookie).len() == 64
            && token(&a.cookie).bytes().all(|c| c.is_ascii_hexdigit())
            && a.cookie != b.cookie
            && a.csrf != b.csrf
            && a.csrf != token(&a.cookie),
        || format!("weak tokens: {} / {}", a.cookie, a.csrf),
    );
    // 4. Logging out ends the session on the server: the old cookie is refused afterwards,
    //    for pages and for forms.
    t.tried();
    let s = srv.browser_login(Who::Admin).await;
    let r = srv.post(&s, "/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let cleared = r.headers()["set-cookie"].to_str().unwrap().to_string();
    let n = srv.store().departments().unwrap().len();
    let page = srv.get(&s, "/").await.status();
    let posted = srv
        .post(&s, "/departments", &[("name", "登出之后")])
        .await
        .status();
    t.check(
        cleared.contains("Max-Age=0")
            && page == StatusCode::UNAUTHORIZED
            && posted == StatusCode::UNAUTHORIZED
            && srv.store().departments().unwrap().len() == n,
        || format!("after logout: page {page}, post {posted}, cookie {cleared}"),
    );
    // 5. Disabling a user or resetting a password ends that user's sessions.
    for change in ["disabled", "password"] {
        t.tried();
        let admin = srv.browser_login(Who::Admin).await;
        let victim = srv.browser_login(Who::EditorOwn).await;
        assert!(alive(victim.cookie.clone()).await);
        let uid = srv.store().login_lookup("editor_a").unwrap().unwrap().0.id;
        let v = srv.store().user(uid).unwrap().version.to_string();
        let dept = srv.dept_a.to_string();
        let mut f = vec![
            ("version", v.as_str()),
            ("role", "editor"),
            ("department", dept.as_str()),
        ];
        f.push(if change == "disabled" {
            ("disabled", "1")
        } else {
            ("password", "another-password-1")
        });
        let r = srv.post(&admin, &format!("/users/{uid}"), &f).await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        t.check(!alive(victim.cookie.clone()).await, || {
            format!("the session outlived: {change}")
        });
        // Put the user back as they were.
        let v = srv.store().user(uid).unwrap().version.to_string();
        let r = srv
            .post(
                &admin,
                &format!("/users/{uid}"),
                &[
                    ("version", &v),
                    ("role", "editor"),
                    ("department", &dept),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
    }
    t.finish();
}

// ---------------------------------------------------------------------------------------------
// Password guessing.

/// Posts the login form once for each of `names` at the same time (login pages fetched
/// first); the statuses.
async fn logins_at_once(srv: &Server, names: &[&str], password: &str) -> Vec<StatusCode> {
    let mut forms = Vec::new();
    for _ in names {
        let page = srv.client.get(srv.url("/login")).send().await.unwrap();
        let pre = cookie_of(page.headers(), "zb_login").unwrap();
        let csrf = field(&page.text().await.unwrap(), "csrf").unwrap();
        forms.push((pre, csrf));
    }
    let mut set = tokio::task::JoinSet::new();
    for (i, ((pre, csrf), name)) in forms.into_iter().zip(names).enumerate() {
        let client = srv.client.clone();
        let url = srv.url("/login");
        let (name, password) = (name.to_string(), password.to_string());
        set.spawn(async move {
            let r = client
                .post(url)
                .header(COOKIE, pre)
                .form(&[("csrf", csrf), ("name", name), ("password", password)])
                .send()
                .await
                .unwrap();
            (i, r.status())
        });
    }
    let mut out = vec![StatusCode::OK; names.len()];
    while let Some(r) = set.join_next().await {
        let (i, s) = r.unwrap();
        out[i] = s;
    }
    out
}

#[tokio::test]
async fn brute_force_password_guessing_is_locked_out() {
    let srv = Server::start().await;
    let mut t = Tally::new("brute-force");
    // 1. One after another: 50 wrong passwords for one user from one client.
    let mut allowed = 0;
    let mut locked = false;
    for i in 0..50 {
        t.tried();
        let (status, cookie) = srv.login_as("admin", &format!("guess-{i}")).await;
        assert!(cookie.is_none());
        match status {
            StatusCode::UNAUTHORIZED if !locked => allowed += 1,
            StatusCode::TOO_MANY_REQUESTS => locked = true,
            s => t.through(format!("guess {i}: {s} (locked: {locked})")),
        }
    }
    println!("brute force: {allowed} wrong passwords answered before the lockout, then 429");
    t.check(allowed <= 10 && locked, || {
        format!("{allowed} guesses answered, locked: {locked}")
    });
    // The right password is refused too while the lockout lasts.
    t.tried();
    let (status, cookie) = srv.login_as("admin", PASSWORD).await;
    t.check(
        status == StatusCode::TOO_MANY_REQUESTS && cookie.is_none(),
        || format!("the right password during the lockout: {status}"),
    );
    // Spellings of the same name are the same key.
    for name in [" admin", "admin ", "\tadmin"] {
        t.tried();
        let (status, _) = srv.login_as(name, PASSWORD).await;
        t.check(status == StatusCode::TOO_MANY_REQUESTS, || {
            format!("{name:?} during the lockout: {status}")
        });
    }
    // The guesses locked the name on the guessing machine only: its owner, at another
    // address, still logs in (no one locks a user out by knowing the name).
    let elsewhere = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .local_address(Some("127.0.0.2".parse().unwrap()))
        .build()
        .unwrap();
    t.tried();
    let (status, cookie) = srv.login_from(&elsewhere, "admin", PASSWORD).await;
    t.check(status == StatusCode::SEE_OTHER && cookie.is_some(), || {
        format!("the owner at another address during the guesser's lockout: {status}")
    });

    // 2. All at once: 50 wrong passwords for another user sent together are not 50 guesses.
    let srv = Server::start().await;
    let names = vec!["editor_a"; 50];
    let statuses = logins_at_once(&srv, &names, "wrong-password").await;
    let answered = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    println!("brute force: {answered} of 50 simultaneous wrong passwords answered");
    for s in &statuses {
        t.tried();
        t.check(
            *s == StatusCode::UNAUTHORIZED || *s == StatusCode::TOO_MANY_REQUESTS,
            || format!("a simultaneous guess: {s}"),
        );
    }
    t.check(answered <= 10, || {
        format!("{answered} of 50 simultaneous guesses were checked (limit 10)")
    });
    t.tried();
    let (status, _) = srv.login_as("editor_a", PASSWORD).await;
    t.check(status == StatusCode::TOO_MANY_REQUESTS, || {
        format!("the right password after simultaneous guesses: {status}")
    });

    // 3. Spraying: one wrong password for many names from one address; the address is locked
    //    out after 30, for every name.
    let srv = Server::start().await;
    let names: Vec<String> = (0..40).map(|i| format!("user{i}")).collect();
    let mut answered = 0;
    for n in &names {
        t.tried();
        let (status, _) = srv.login_as(n, "password-123").await;
        match status {
            StatusCode::UNAUTHORIZED => answered += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            s => t.through(format!("spray {n}: {s}")),
        }
    }
    println!("brute force: {answered} of 40 names sprayed from one address answered");
    t.check(answered <= 30, || {
        format!("{answered} sprayed guesses answered")
    });
    t.tried();
    let (status, _) = srv.login_as("viewer", PASSWORD).await;
    t.check(status == StatusCode::TOO_MANY_REQUESTS, || {
        format!("another user from the locked-out address: {status}")
    });
    t.finish();
}
