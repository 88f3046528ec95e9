//! Bad input: missing CSRF tokens, script in titles and notes, stale forms, uploads too large,
//! files that are not reports, duplicates, malicious fields, expired sessions, password
//! guessing. Each gets a clear message, a 4xx status, and nothing half-saved.

use reqwest::header::CONTENT_LENGTH;
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use std::io::{Read, Write};

use crate::harness::{Server, Session, Who, REPORT};

fn file_form(csrf: &str, field: &str, name: &str, bytes: Vec<u8>) -> Form {
    Form::new().text("csrf", csrf.to_string()).part(
        field.to_string(),
        Part::bytes(bytes).file_name(name.to_string()),
    )
}

async fn import(srv: &Server, s: &Session, name: &str, bytes: Vec<u8>) -> (StatusCode, String) {
    let r = srv
        .req(s, Method::POST, "/reports")
        .multipart(file_form(&s.csrf, "file", name, bytes))
        .send()
        .await
        .unwrap();
    (r.status(), r.text().await.unwrap())
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused() {
    let srv = Server::start().await;
    let admin = srv.login(Who::Admin).await;
    let n = srv.store().departments().unwrap().len();
    for csrf in [None, Some("0000"), Some("")] {
        let mut f = vec![("name", "新部门")];
        if let Some(c) = csrf {
            f.push(("csrf", c));
        }
        let r = srv
            .req(&admin, Method::POST, "/departments")
            .form(&f)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        assert!(r.text().await.unwrap().contains("安全令牌"));
    }
    // Multipart forms too.
    let form = Form::new().part("file", Part::bytes(REPORT.to_vec()).file_name("x.txt"));
    let r = srv
        .req(&admin, Method::POST, "/reports")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(srv.store().departments().unwrap().len(), n);
    assert_eq!(srv.store().reports().unwrap().len(), 1);
    // The login form has its own token.
    let r = srv
        .client
        .post(srv.url("/login"))
        .form(&[("name", "admin"), ("password", crate::harness::PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // A browser session posting to the API needs the X-CSRF-Token header.
    let r = srv
        .req(&admin, Method::POST, "/api/commitments")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn script_in_a_title_or_a_note_is_shown_as_text() {
    let srv = Server::start().await;
    let admin = srv.login(Who::Admin).await;
    let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'";
    let c = srv.store().commitment(srv.commitment).unwrap();
    let v = c.version.to_string();
    let dept = srv.dept_a.to_string();
    let r = srv
        .post(
            &admin,
            &format!("/commitments/{}", c.id),
            &[
                ("version", &v),
                ("title", evil),
                ("section", evil),
                ("lead", &dept),
                ("deadline", "2023-12-31"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let editor = srv.login(Who::EditorOwn).await;
    let form = Form::new()
        .text("csrf", editor.csrf.clone())
        .text("version", srv.version(c.id).to_string())
        .text("narrative", evil.to_string());
    let r = srv
        .req(
            &editor,
            Method::POST,
            &format!("/commitments/{}/updates", c.id),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    for path in [
        format!("/commitments/{}", c.id),
        "/commitments".to_string(),
        "/my".to_string(),
        format!("/departments/{}", srv.dept_a),
        "/audit".to_string(),
    ] {
        let who = if path == "/my" { &editor } else { &admin };
        let html = srv.get(who, &path).await.text().await.unwrap();
        assert!(!html.contains("<script>alert"), "{path} runs the script");
        assert!(!html.contains("<img src=x"), "{path} renders the tag");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;"),
            "{path} does not show it"
        );
    }
    // A link must be a web address, not a script.
    let form = Form::new()
        .text("csrf", editor.csrf.clone())
        .text("version", srv.version(c.id).to_string())
        .text("narrative", "x")
        .text("link", "javascript:alert(1)");
    let r = srv
        .req(
            &editor,
            Method::POST,
            &format!("/commitments/{}/updates", c.id),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("佐证链接"));
}

#[tokio::test]
async fn a_stale_form_gets_a_conflict_page_not_an_overwrite() {
    let srv = Server::start().await;
    let admin = srv.login(Who::Admin).await;
    let c = srv.store().commitment(srv.commitment).unwrap();
    let v = c.version.to_string();
    let dept = srv.dept_a.to_string();
    let first = srv
        .post(
            &admin,
            &format!("/commitments/{}", c.id),
            &[
                ("version", &v),
                ("title", "第一次保存"),
                ("lead", &dept),
                ("deadline", "2023-12-31"),
            ],
        )
        .await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    let second = srv
        .post(
            &admin,
            &format!("/commitments/{}", c.id),
            &[
                ("version", &v),
                ("title", "基于旧版本的修改"),
                ("lead", &dept),
                ("deadline", "2023-12-31"),
            ],
        )
        .await;
    assert_eq!(second.status(), StatusCode::CONFLICT);
    let page = second.text().await.unwrap();
    assert!(page.contains("已被他人修改"));
    assert!(
        page.contains("基于旧版本的修改"),
        "the user's text is kept on the page"
    );
    assert!(page.contains("重新打开最新内容"));
    assert_eq!(srv.store().commitment(c.id).unwrap().title, "第一次保存");
    // A stale progress form: 409, no update, no file left behind.
    let editor = srv.login(Who::EditorOwn).await;
    let files = srv.evidence_files();
    let n = srv.store().updates(c.id).unwrap().len();
    let form = file_form(&editor.csrf, "evidence", "a.pdf", b"%PDF-1.4 x".to_vec())
        .text("version", v.clone())
        .text("narrative", "过期表单的进展");
    let r = srv
        .req(
            &editor,
            Method::POST,
            &format!("/commitments/{}/updates", c.id),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("过期表单的进展"));
    assert_eq!(srv.store().updates(c.id).unwrap().len(), n);
    assert_eq!(srv.evidence_files(), files);
}

/// Uploads a multi-MB evidence file (kept as a file, or in the database) and downloads it.
async fn big_evidence_round_trip(in_db: bool) {
    let srv = Server::start_with(|c| c.evidence_in_db = in_db).await;
    let editor = srv.login(Who::EditorOwn).await;
    // 5 MB and a bit, not a multiple of the download's chunks; every byte value.
    let mut big = b"%PDF-1.4\n".to_vec();
    big.extend((0..(5u32 << 20) + 12_345).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    let form = file_form(&editor.csrf, "evidence", "大文件.pdf", big.clone())
        .text("version", srv.version(srv.commitment).to_string())
        .text("narrative", "大附件");
    let r = srv
        .req(
            &editor,
            Method::POST,
            &format!("/commitments/{}/updates", srv.commitment),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let e = srv.store().updates(srv.commitment).unwrap()[0]
        .evidence
        .clone()
        .unwrap();
    assert_eq!(e.size, big.len() as i64);
    assert_eq!(
        srv.store().evidence_data(e.id).unwrap().is_some(),
        in_db,
        "kept where the configuration says"
    );
    let d = srv.get(&editor, &format!("/evidence/{}", e.id)).await;
    assert_eq!(d.status(), StatusCode::OK);
    assert_eq!(
        d.headers()[CONTENT_LENGTH].to_str().unwrap(),
        big.len().to_string()
    );
    let got = d.bytes().await.unwrap();
    assert!(
        got[..] == big[..],
        "the download is the upload, byte for byte"
    );
}

#[tokio::test]
async fn a_multi_megabyte_evidence_file_downloads_byte_identical_from_the_files_directory() {
    big_evidence_round_trip(false).await;
}

#[tokio::test]
async fn a_multi_megabyte_evidence_file_downloads_byte_identical_from_the_database() {
    big_evidence_round_trip(true).await;
}

/// Evidence kept in the database: a file one byte past the 20 MB limit is refused while it is
/// read, and nothing of it is stored — no update, no evidence row, no bytes, no audit entry,
/// no file in the files directory either; a file at the limit is taken.
#[tokio::test]
async fn an_upload_past_the_limit_leaves_nothing_in_the_database() {
    let srv = Server::start_with(|c| c.evidence_in_db = true).await;
    let editor = srv.login(Who::EditorOwn).await;
    let (n, audit, files) = (
        srv.store().updates(srv.commitment).unwrap().len(),
        srv.store().audit_count().unwrap(),
        srv.evidence_files(),
    );
    let send = |size: usize| {
        let mut file = b"%PDF-1.4\n".to_vec();
        file.resize(size, b'x');
        let form = file_form(&editor.csrf, "evidence", "limit.pdf", file)
            .text("version", srv.version(srv.commitment).to_string())
            .text("narrative", "上限附件");
        srv.req(
            &editor,
            Method::POST,
            &format!("/commitments/{}/updates", srv.commitment),
        )
        .multipart(form)
        .send()
    };
    let r = send((20 << 20) + 1).await.unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(srv.store().updates(srv.commitment).unwrap().len(), n);
    assert_eq!(srv.store().audit_count().unwrap(), audit);
    assert_eq!(srv.evidence_files(), files);
    // At the limit: taken, and in the database whole.
    let r = send(20 << 20).await.unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let e = srv.store().updates(srv.commitment).unwrap()[0]
        .evidence
        .clone()
        .unwrap();
    assert_eq!(e.size, 20 << 20);
    assert_eq!(
        srv.store().evidence_data(e.id).unwrap().map(|d| d.len()),
        Some(20 << 20)
    );
    assert_eq!(srv.evidence_files(), files);
}

#[tokio::test]
async fn uploads_past_the_limit_get_413_and_store_nothing() {
    let srv = Server::start().await;
    let editor = srv.login(Who::EditorOwn).await;
    let files = srv.evidence_files();
    let n = srv.store().updates(srv.commitment).unwrap().len();
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(21 << 20, b'x');
    let form = file_form(&editor.csrf, "evidence", "big.pdf", big)
        .text("version", srv.version(srv.commitment).to_string())
        .text("narrative", "附件太大");
    let r = srv
        .req(
            &editor,
            Method::POST,
            &format!("/commitments/{}/updates", srv.commitment),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.text().await.unwrap().contains("MB"));
    assert_eq!(srv.store().updates(srv.commitment).unwrap().len(), n);
    assert_eq!(srv.evidence_files(), files);

    // A 2 GB report upload is refused from its Content-Length, before any of it is read.
    let admin = srv.login(Who::Admin).await;
    let addr = srv.base.trim_start_matches("http://").to_string();
    let answer = tokio::task::spawn_blocking(move || {
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(std::time::Duration::from_secs(10))).unwrap();
        write!(
            s,
            "POST /reports HTTP/1.1\r\nHost: x\r\nCookie: {}\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 2147483648\r\n\r\n--b\r\n",
            admin.cookie
        )
        .unwrap();
        let mut buf = [0u8; 512];
        let n = s.read(&mut buf).unwrap();
        String::from_utf8_lossy(&buf[..n]).to_string()
    })
    .await
    .unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

#[tokio::test]
async fn files_that_are_not_new_reports_are_refused_clearly() {
    let srv = Server::start().await;
    let admin = srv.login(Who::Admin).await;
    let cases: Vec<(&str, Vec<u8>, StatusCode, &str)> = vec![
        ("empty.txt", vec![], StatusCode::BAD_REQUEST, "文件是空的"),
        (
            "list.txt",
            "采购清单：苹果三斤，香蕉两把。".as_bytes().to_vec(),
            StatusCode::BAD_REQUEST,
            "不像政府工作报告",
        ),
        (
            "photo.txt",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0".to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "无法读取",
        ),
        (
            "random.bin",
            (0..4096u32)
                .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
                .collect(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "无法读取",
        ),
        (
            "again.txt",
            REPORT.to_vec(),
            StatusCode::CONFLICT,
            "已导入过",
        ),
    ];
    let audit = srv.store().audit_count().unwrap();
    for (name, bytes, status, message) in cases {
        let (got, page) = import(&srv, &admin, name, bytes).await;
        assert_eq!(got, status, "{name}");
        assert!(page.contains(message), "{name}: {message} not in the page");
    }
    // No file at all.
    let r = srv
        .req(&admin, Method::POST, "/reports")
        .multipart(Form::new().text("csrf", admin.csrf.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        srv.store().reports().unwrap().len(),
        1,
        "nothing half-saved"
    );
    assert_eq!(srv.store().audit_count().unwrap(), audit);
    // An evidence file of a type not accepted.
    let editor = srv.login(Who::EditorOwn).await;
    let form = file_form(
        &editor.csrf,
        "evidence",
        "x.svg",
        b"<svg onload=alert(1)>".to_vec(),
    )
    .text("version", srv.version(srv.commitment).to_string())
    .text("narrative", "svg");
    let r = srv
        .req(
            &editor,
            Method::POST,
            &format!("/commitments/{}/updates", srv.commitment),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn missing_or_malicious_fields_are_refused_with_a_message() {
    let srv = Server::start().await;
    let admin = srv.login(Who::Admin).await;
    let c = srv.commitment;
    let v = srv.version(c).to_string();
    let dept = srv.dept_a.to_string();
    let edit = format!("/commitments/{c}");
    type Case<'a> = (&'a str, Vec<(&'a str, &'a str)>, &'a str);
    let bad: Vec<Case> = vec![
        (
            edit.as_str(),
            vec![("version", &v), ("lead", &dept), ("deadline", "2023-12-31")],
            "请填写“任务”",
        ),
        (
            edit.as_str(),
            vec![("version", &v), ("title", "x"), ("deadline", "2023-02-30")],
            "应为日期",
        ),
        (
            edit.as_str(),
            vec![
                ("version", &v),
                ("title", "x"),
                ("deadline", "2023-12-31"),
                ("priority", "9"),
            ],
            "优先级",
        ),
        (
            edit.as_str(),
            vec![
                ("version", &v),
                ("title", "x"),
                ("deadline", "2023-12-31"),
                ("state", "<script>"),
            ],
            "状态",
        ),
        (
            edit.as_str(),
            vec![
                ("version", &v),
                ("title", "x"),
                ("deadline", "2023-12-31"),
                ("lead", "99999"),
            ],
            "部门不存在",
        ),
        (
            edit.as_str(),
            vec![
                ("version", "abc"),
                ("title", "x"),
                ("deadline", "2023-12-31"),
            ],
            "整数",
        ),
        (
            edit.as_str(),
            vec![("title", "x"), ("deadline", "2023-12-31")],
            "版本号",
        ),
        (
            "/users",
            vec![("name", "新用户"), ("password", "password-123")],
            "角色",
        ),
        (
            "/users",
            vec![
                ("name", "新用户"),
                ("password", "password-123"),
                ("role", "superuser"),
            ],
            "角色",
        ),
        (
            "/users",
            vec![
                ("name", "新用户"),
                ("password", "short"),
                ("role", "viewer"),
            ],
            "密码长度",
        ),
        (
            "/users",
            vec![
                ("name", "新用户"),
                ("password", "password-123"),
                ("role", "editor"),
            ],
            "必须属于一个部门",
        ),
        ("/departments", vec![("name", "   ")], "部门名称"),
    ];
    let audit = srv.store().audit_count().unwrap();
    for (path, fields, message) in bad {
        let r = srv.post(&admin, path, &fields).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path} {fields:?}");
        let page = r.text().await.unwrap();
        assert!(
            page.contains(message),
            "{path} {fields:?}: {message} not in the page"
        );
    }
    // A duplicate name is a conflict.
    let r = srv
        .post(&admin, "/departments", &[("name", "市科技局")])
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert!(r.text().await.unwrap().contains("已有名为"));
    assert_eq!(srv.store().audit_count().unwrap(), audit, "nothing changed");
    // Progress out of range.
    let editor = srv.login(Who::EditorOwn).await;
    for (k, val, message) in [
        ("percent", "150", "0 到 100"),
        ("value", "十", "应为数字"),
        ("date", "2999-01-01", "不能晚于今天"),
    ] {
        let form = Form::new()
            .text("csrf", editor.csrf.clone())
            .text("version", srv.version(c).to_string())
            .text("narrative", "x")
            .text(k, val);
        let r = srv
            .req(&editor, Method::POST, &format!("/commitments/{c}/updates"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{k}={val}");
        assert!(r.text().await.unwrap().contains(message), "{k}");
    }
    // Ids that are not ids are pages that do not exist.
    for path in [
        "/commitments/abc",
        "/commitments/-1",
        "/commitments/99999",
        "/reports/0",
    ] {
        assert_eq!(
            srv.get(&admin, path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    // Bad JSON to the API.
    let r = srv
        .client
        .post(srv.url("/api/commitments"))
        .header("authorization", format!("Bearer {}", admin.token))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.json::<serde_json::Value>().await.unwrap()["error"]
        .as_str()
        .unwrap()
        .contains("JSON"));
}

#[tokio::test]
async fn an_expired_session_is_told_to_log_in_again_and_saves_nothing() {
    let srv = Server::start().await;
    let user = srv.store().login_lookup("admin").unwrap().unwrap().0;
    let (token, hash) = zhibiao_tracker::auth::new_token();
    let past = zhibiao_tracker::util::now() - 10;
    srv.store()
        .create_session(&hash, user.id, "csrf-x", past - 100, past)
        .unwrap();
    let s = Session {
        cookie: format!("zb_session={token}"),
        csrf: "csrf-x".into(),
        token: String::new(),
    };
    let r = srv.get(&s, "/").await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let cleared = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cleared.contains("Max-Age=0"));
    assert!(r.text().await.unwrap().contains("登录已过期"));
    let n = srv.store().departments().unwrap().len();
    let r = srv.post(&s, "/departments", &[("name", "过期会话")]).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(srv.store().departments().unwrap().len(), n);
    // No cookie at all: a page redirects to the login, and back afterwards.
    let r = srv.get(&Session::default(), "/commitments?q=a").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/login?next=/commitments%3Fq%3Da");
}

#[tokio::test]
async fn guessing_passwords_is_rate_limited() {
    let srv = Server::start().await;
    for _ in 0..10 {
        let (status, cookie) = srv.login_as("viewer", "wrong-password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(cookie.is_none());
    }
    let (status, cookie) = srv.login_as("viewer", crate::harness::PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(cookie.is_none());
    // Another user from the same address still gets in.
    let (status, _) = srv.login_as("admin", crate::harness::PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

/// The figures behind keeping a SQLite tracker's evidence beside the database or inside it
/// (README, "Storage"; `service::updates::Keep`): 100 uploads of 1 MB through the form, their
/// downloads, and the size on disk of the database and of the files directory. A measurement,
/// not a check (it only checks that every download is whole); run it optimised:
/// `cargo test --release -p zhibiao-tracker --test http evidence_storage_figures -- --ignored --nocapture`.
#[tokio::test]
#[ignore]
async fn evidence_storage_figures() {
    fn size_of(p: &std::path::Path) -> u64 {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => std::fs::read_dir(p)
                .unwrap()
                .map(|e| size_of(&e.unwrap().path()))
                .sum(),
            Ok(m) => m.len(),
            Err(_) => 0,
        }
    }
    const N: usize = 100;
    for in_db in [false, true] {
        let srv = Server::start_with(|c| c.evidence_in_db = in_db).await;
        let editor = srv.login(Who::EditorOwn).await;
        let db_before = size_of(&srv.db) + size_of(&srv.db.with_extension("db-wal"));
        let started = std::time::Instant::now();
        for i in 0..N {
            let mut file = format!("%PDF-1.4\n{i}\n").into_bytes();
            file.extend((0..(1u32 << 20)).map(|j| (j.wrapping_mul(2_654_435_761) >> 24) as u8));
            file.truncate(1 << 20);
            let form = file_form(&editor.csrf, "evidence", "1mb.pdf", file)
                .text("version", srv.version(srv.commitment).to_string())
                .text("narrative", format!("第 {i} 份"));
            let r = srv
                .req(
                    &editor,
                    Method::POST,
                    &format!("/commitments/{}/updates", srv.commitment),
                )
                .multipart(form)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::SEE_OTHER);
        }
        let upload = started.elapsed();
        let ids: Vec<i64> = srv
            .store()
            .updates(srv.commitment)
            .unwrap()
            .iter()
            .filter_map(|u| {
                u.evidence
                    .as_ref()
                    .filter(|e| e.size == 1 << 20)
                    .map(|e| e.id)
            })
            .collect();
        assert_eq!(ids.len(), N);
        let started = std::time::Instant::now();
        for id in &ids {
            let d = srv.get(&editor, &format!("/evidence/{id}")).await;
            assert_eq!(d.bytes().await.unwrap().len(), 1 << 20);
        }
        let download = started.elapsed();
        // One file at the limit, 20 MB, uploaded and downloaded.
        let mut file = b"%PDF-1.4\n".to_vec();
        file.resize(20 << 20, b'x');
        let form = file_form(&editor.csrf, "evidence", "20mb.pdf", file)
            .text("version", srv.version(srv.commitment).to_string())
            .text("narrative", "20 MB");
        let started = std::time::Instant::now();
        let r = srv
            .req(
                &editor,
                Method::POST,
                &format!("/commitments/{}/updates", srv.commitment),
            )
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let big_up = started.elapsed();
        let big = srv.store().updates(srv.commitment).unwrap()[0]
            .evidence
            .clone()
            .unwrap();
        let started = std::time::Instant::now();
        let d = srv.get(&editor, &format!("/evidence/{}", big.id)).await;
        assert_eq!(d.bytes().await.unwrap().len(), 20 << 20);
        let big_down = started.elapsed();
        let db = size_of(&srv.db) + size_of(&srv.db.with_extension("db-wal"));
        let files = size_of(&srv.data_dir.join("evidence"));
        println!(
            "evidence {}: {N} x 1 MB uploaded in {:.2} s, downloaded in {:.2} s; 20 MB up {:.2} s, down {:.2} s; database {:.1} MB (+{:.1}), files {:.1} MB",
            if in_db { "inside the database" } else { "beside the database" },
            upload.as_secs_f64(),
            download.as_secs_f64(),
            big_up.as_secs_f64(),
            big_down.as_secs_f64(),
            db as f64 / 1e6,
            db.saturating_sub(db_before) as f64 / 1e6,
            files as f64 / 1e6,
        );
    }
}
