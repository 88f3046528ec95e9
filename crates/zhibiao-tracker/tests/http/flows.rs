//! What people do: import, assign, record progress, watch the dashboard, export, use the API.

use reqwest::header::{AUTHORIZATION, CONTENT_DISPOSITION, CONTENT_TYPE};
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;

use crate::harness::{Server, Session, Who};

const HAILAR_2015: &[u8] = include_bytes!("../../../../tests/data/hailar-2015.txt");
const HAILAR_2016: &[u8] = include_bytes!("../../../../tests/data/hailar-2016.txt");
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR fake png body";

fn upload(csrf: &str, name: &str, bytes: &[u8]) -> Form {
    Form::new().text("csrf", csrf.to_string()).part(
        "file",
        Part::bytes(bytes.to_vec()).file_name(name.to_string()),
    )
}

#[tokio::test]
async fn admin_imports_assigns_and_an_editor_reports_progress() {
    let srv = Server::start().await;
    let admin = srv.login(Who::Admin).await;
    // Import a report through the upload form.
    let r = srv
        .req(&admin, reqwest::Method::POST, "/reports")
        .multipart(upload(&admin.csrf, "hailar-2015.txt", HAILAR_2015))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    assert!(
        to.starts_with("/reports/") && to.ends_with("?msg=imported"),
        "{to}"
    );
    let page = srv.get(&admin, &to).await.text().await.unwrap();
    assert!(page.contains("报告已导入"));
    assert!(page.contains("class=\"fact target\""), "facts highlighted");
    assert!(
        page.contains("href=\"/commitments/"),
        "sentences link to commitments"
    );

    // Assign a commitment of it to department A.
    let rid: i64 = to["/reports/".len()..to.find('?').unwrap()]
        .parse()
        .unwrap();
    let c = srv
        .store()
        .commitments(&zhibiao_tracker::store::Filter {
            report_id: Some(rid),
            ..Default::default()
        })
        .unwrap()
        .remove(0);
    let form = srv
        .get(&admin, &format!("/commitments/{}/edit", c.id))
        .await;
    assert_eq!(form.status(), StatusCode::OK);
    let dept = srv.dept_a.to_string();
    let dept_b = srv.dept_b.to_string();
    let version = c.version.to_string();
    let r = srv
        .post(
            &admin,
            &format!("/commitments/{}", c.id),
            &[
                ("version", &version),
                ("title", &c.title),
                ("lead", &dept),
                ("co", &dept_b),
                ("deadline", "2015-12-31"),
                ("priority", "1"),
                ("state", "in_progress"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let c = srv.store().commitment(c.id).unwrap();
    assert_eq!(c.lead_department_id, Some(srv.dept_a));
    assert_eq!(c.co_departments.len(), 1);

    // The editor of department A sees it in "my tasks" and records progress with a file.
    let editor = srv.login(Who::EditorOwn).await;
    let my = srv.get(&editor, "/my").await.text().await.unwrap();
    assert!(my.contains(&format!("/commitments/{}\"", c.id)));
    let files = srv.evidence_files();
    let form = Form::new()
        .text("csrf", editor.csrf.clone())
        .text("version", c.version.to_string())
        .text("date", "2015-06-30")
        .text("state", "in_progress")
        .text("percent", "60")
        .text("narrative", "已完成上半年计划。")
        .text("link", "https://example.org/report")
        .part(
            "evidence",
            Part::bytes(PNG.to_vec()).file_name("../../现场照片.png"),
        );
    let r = srv
        .req(
            &editor,
            reqwest::Method::POST,
            &format!("/commitments/{}/updates", c.id),
        )
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(srv.evidence_files(), files + 1, "the file is stored");
    let c2 = srv.store().commitment(c.id).unwrap();
    assert_eq!((c2.percent, c2.updates), (Some(60.0), 1));
    // Stored under a random name, never the user's.
    let stored = &srv.store().updates(c.id).unwrap()[0];
    let e = stored.evidence.as_ref().unwrap();
    assert_eq!(e.file_name, "现场照片.png");
    assert!(srv.data_dir.join("evidence").join(&e.stored_name).exists());
    assert!(e.stored_name.chars().all(|c| c.is_ascii_hexdigit()));
    // The commitment page shows the timeline and the source quote highlighted.
    let page = srv
        .get(&editor, &format!("/commitments/{}", c.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("已完成上半年计划。"));
    assert!(page.contains("<mark class=\"quote\">"));
    // The evidence downloads as an attachment of its checked type.
    let d = srv.get(&editor, &format!("/evidence/{}", e.id)).await;
    assert_eq!(d.headers()[CONTENT_TYPE], "image/png");
    assert!(d.headers()[CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment"));
    assert_eq!(&d.bytes().await.unwrap()[..], PNG);
    // The department's dashboard counts it.
    let dash = srv
        .get(&admin, &format!("/?report={rid}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(dash.contains("市工业和信息化局"));
    // Every change is in the audit log, before → after.
    let audit = srv.get(&admin, "/audit").await.text().await.unwrap();
    assert!(audit.contains("哈希链校验通过"));
    assert!(audit.contains("已完成上半年计划。"));
}

#[tokio::test]
async fn reports_import_from_word_pdf_and_web_pages() {
    let srv = Server::start().await;
    let admin = srv.login(Who::Admin).await;
    for (name, format) in [
        ("hailar-2015.docx", "docx"),
        ("hailar-2015.pdf", "pdf"),
        ("jiangmen-2023.html", "html"),
    ] {
        let bytes = std::fs::read(format!(
            "{}/../../tests/data/formats/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let r = srv
            .req(&admin, reqwest::Method::POST, "/reports")
            .multipart(upload(&admin.csrf, name, &bytes))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{name}");
        let reports = srv.store().reports().unwrap();
        let r = reports.iter().find(|r| r.format == format).expect(name);
        // One per task of the plan (the gold division of Jiangmen's text copy has 10).
        assert!(
            (5..=40).contains(&r.commitments),
            "{name}: {} commitments",
            r.commitments
        );
    }
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/formats/corrupt.docx"
    ))
    .unwrap();
    let r = srv
        .req(&admin, reqwest::Method::POST, "/reports")
        .multipart(upload(&admin.csrf, "corrupt.docx", &bytes))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(r.text().await.unwrap().contains("Word"));
}

#[tokio::test]
async fn the_next_years_report_suggests_ratings_an_admin_confirms() {
    let srv = Server::start().await;
    let admin = srv.login(Who::Admin).await;
    for (name, bytes) in [
        ("hailar-2015.txt", HAILAR_2015),
        ("hailar-2016.txt", HAILAR_2016),
    ] {
        let r = srv
            .req(&admin, reqwest::Method::POST, "/reports")
            .multipart(upload(&admin.csrf, name, bytes))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::SEE_OTHER, "{name}");
    }
    let rated: Vec<_> = srv
        .store()
        .commitments(&Default::default())
        .unwrap()
        .into_iter()
        .filter(|c| c.rating_suggested.is_some())
        .collect();
    assert!(!rated.is_empty());
    let c = &rated[0];
    let page = srv
        .get(&admin, &format!("/commitments/{}", c.id))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("根据下一年度报告的实绩建议"));
    let v = c.version.to_string();
    let r = srv
        .post(
            &admin,
            &format!("/commitments/{}/rating", c.id),
            &[("version", &v), ("rating", "kept")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        srv.store().commitment(c.id).unwrap().rating,
        Some(zhibiao_tracker::domain::Rating::Kept)
    );
}

#[tokio::test]
async fn the_ledger_exports_as_xlsx_and_csv() {
    use calamine::{Reader, Xlsx};
    let srv = Server::start().await;
    let viewer = srv.login(Who::Viewer).await;
    let n = srv.store().commitments(&Default::default()).unwrap().len();
    let r = srv.get(&viewer, "/export/ledger.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()[CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("attachment"));
    let bytes = r.bytes().await.unwrap().to_vec();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("督办台账").unwrap();
    let rows: Vec<_> = sheet.rows().collect();
    assert_eq!(rows.len(), n + 1);
    let head: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(head, zhibiao_tracker::service::export::COLUMNS);
    let led = rows
        .iter()
        .find(|r| r[3] == "市工业和信息化局")
        .expect("the assigned commitment");
    // 完成进度 a number, 完成时限 a date, 进展情况 the latest narrative with its date.
    assert_eq!(led[7], calamine::Data::Float(10.0));
    assert!(
        matches!(led[5], calamine::Data::DateTime(_)),
        "{:?}",
        led[5]
    );
    assert!(
        matches!(led[10], calamine::Data::DateTime(_)),
        "{:?}",
        led[10]
    );
    let narrative = led[6].to_string();
    assert!(
        narrative.len() > 11 && narrative.as_bytes()[4] == b'-',
        "{narrative}"
    );
    assert!(led[11].to_string().contains("方案.pdf"));
    // Filters apply: only department A's.
    let r = srv
        .get(&viewer, &format!("/export/ledger.csv?dept={}", srv.dept_a))
        .await;
    let text = r.text().await.unwrap();
    assert!(text.starts_with("\u{feff}序号,任务,目标,牵头单位,责任单位,完成时限,进展情况,完成进度,状态,健康度,最近更新,佐证"));
    assert_eq!(text.lines().count(), 2);
}

#[tokio::test]
async fn machine_clients_use_the_api_with_a_token() {
    let srv = Server::start().await;
    let editor = srv.login(Who::EditorOwn).await;
    let bearer = format!("Bearer {}", editor.token);
    let doc: serde_json::Value = srv
        .client
        .get(srv.url("/api/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    for p in [
        "/api/commitments",
        "/api/commitments/{id}/updates",
        "/api/reports",
    ] {
        assert!(doc["paths"].get(p).is_some(), "{p}");
    }
    let list: serde_json::Value = srv
        .client
        .get(srv.url(&format!("/api/commitments?dept={}", srv.dept_a)))
        .header(AUTHORIZATION, &bearer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(list[0]["health"]["light"].is_string());
    let r = srv
        .client
        .post(srv.url(&format!("/api/commitments/{}/updates", srv.commitment)))
        .header(AUTHORIZATION, &bearer)
        .header(CONTENT_TYPE, "application/json")
        .body(r#"{"narrative": "接口填报", "percent": 35, "state": "in_progress"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let one: serde_json::Value = srv
        .client
        .get(srv.url(&format!("/api/commitments/{}", srv.commitment)))
        .header(AUTHORIZATION, &bearer)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(one["percent"], 35.0);
    assert_eq!(one["timeline"][0]["narrative"], "接口填报");
    // A stale version is refused with 409 and a JSON error.
    let r = srv
        .client
        .post(srv.url(&format!("/api/commitments/{}/updates", srv.commitment)))
        .header(AUTHORIZATION, &bearer)
        .body(r#"{"narrative": "旧版本", "version": 1}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CONFLICT);
    let e: serde_json::Value = r.json().await.unwrap();
    assert!(e["error"].as_str().unwrap().contains("已被他人更新"));
    // An admin creates a commitment by hand.
    let admin = srv.login(Who::Admin).await;
    let r = srv
        .client
        .post(srv.url("/api/commitments"))
        .header(AUTHORIZATION, format!("Bearer {}", admin.token))
        .body(format!(
            r#"{{"report_id": {}, "title": "新增任务", "lead_department_id": {}, "co_department_ids": [{}]}}"#,
            srv.report, srv.dept_b, srv.dept_a
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let c = srv.store().commitment(id).unwrap();
    assert_eq!(
        (c.title.as_str(), c.deadline.as_str()),
        ("新增任务", "2023-12-31")
    );
    // A wrong token is a 401 with a JSON body.
    let r = srv
        .client
        .get(srv.url("/api/reports"))
        .header(AUTHORIZATION, "Bearer nope")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.json::<serde_json::Value>().await.unwrap()["error"].is_string());
}

#[tokio::test]
async fn logging_out_ends_the_session() {
    let srv = Server::start().await;
    let viewer = srv.login(Who::Viewer).await;
    let r = srv.post(&viewer, "/logout", &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        srv.get(&viewer, "/").await.status(),
        StatusCode::UNAUTHORIZED
    );
    // Pages carry the security headers; the session cookie is HttpOnly and SameSite.
    let (_, cookie) = srv.login_as("viewer", crate::harness::PASSWORD).await;
    assert!(cookie.is_some());
    let page = srv.client.get(srv.url("/login")).send().await.unwrap();
    let csp = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'self'"));
    assert_eq!(page.headers()["x-frame-options"], "DENY");
}

/// The dashboard and the list are cached between writes: a write by another process (here
/// another connection, as `zhibiao import --db` would be) must show at once all the same.
#[tokio::test]
async fn cached_views_follow_writes_from_another_connection() {
    let srv = Server::start().await;
    let viewer = srv.login(Who::Viewer).await;
    let dash = srv.get(&viewer, "/").await.text().await.unwrap();
    assert!(dash.contains("aria-label=\"已完成 0\""), "nothing done yet");
    let list = srv
        .get(&viewer, "/commitments?state=done")
        .await
        .text()
        .await
        .unwrap();
    assert!(!list.contains(&format!("href=\"/commitments/{}\"", srv.commitment)));
    let conn = rusqlite::Connection::open(&srv.db).unwrap();
    conn.execute(
        "UPDATE commitments SET state = 'done' WHERE id = ?1",
        [srv.commitment],
    )
    .unwrap();
    drop(conn);
    let dash = srv.get(&viewer, "/").await.text().await.unwrap();
    assert!(
        dash.contains("aria-label=\"已完成 1\""),
        "the dashboard follows"
    );
    let list = srv
        .get(&viewer, "/commitments?state=done")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        list.contains(&format!("href=\"/commitments/{}\"", srv.commitment)),
        "the list follows"
    );
    // And a write through the server itself.
    let editor = srv.login(Who::EditorOwn).await;
    let version = srv.version(srv.commitment).to_string();
    let r = srv
        .req(
            &editor,
            reqwest::Method::POST,
            &format!("/commitments/{}/updates", srv.commitment),
        )
        .multipart(
            Form::new()
                .text("csrf", editor.csrf.clone())
                .text("version", version)
                .text("date", "2023-03-01")
                .text("state", "failed")
                .text("percent", "40")
                .text("narrative", "未能按期完成"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let dash = srv.get(&viewer, "/").await.text().await.unwrap();
    assert!(dash.contains("aria-label=\"已完成 0\""));
    assert!(dash.contains("aria-label=\"未完成 1\""));
}

#[tokio::test]
async fn an_admin_publishes_a_report_and_anyone_reads_its_public_fields_only() {
    let srv = Server::start().await;
    let anyone = Session::default();
    let page = format!("/public/reports/{}", srv.report);
    assert_eq!(
        srv.get(&anyone, &page).await.status(),
        StatusCode::NOT_FOUND
    );
    let listed = srv.get(&anyone, "/public").await.text().await.unwrap();
    assert!(listed.contains("还没有公开的报告"), "{listed}");

    // An editor may not publish; an admin may, through the reports page's form.
    let editor = srv.login(Who::EditorOwn).await;
    let path = format!("/reports/{}/publish", srv.report);
    let r = srv.post(&editor, &path, &[("published", "1")]).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let admin = srv.login(Who::Admin).await;
    let r = srv.post(&admin, &path, &[("published", "yes")]).await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    // The reports page's button asks first: a page that says what publishing shows, nothing
    // published yet.
    let r = srv.post(&admin, &path, &[("published", "1")]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let ask = r.text().await.unwrap();
    assert!(
        ask.contains("任何人无需登录") && ask.contains("name=\"confirm\" value=\"yes\" required"),
        "{ask}"
    );
    assert_eq!(
        srv.get(&anyone, &page).await.status(),
        StatusCode::NOT_FOUND
    );
    let r = srv
        .post(&admin, &path, &[("published", "1"), ("confirm", "yes")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let reports = srv.get(&admin, "/reports").await.text().await.unwrap();
    assert!(reports.contains(&format!("href=\"{page}\"")), "{reports}");

    // Anyone, without a login: every commitment with its published fields, nothing else.
    let r = srv.get(&anyone, &page).await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let all = srv.store().commitments(&Default::default()).unwrap();
    let with_update = all
        .iter()
        .find(|c| c.updates > 0)
        .expect("the harness's update");
    assert!(html.contains(&format!("共 {} 项任务", all.len())), "{html}");
    assert!(
        html.contains("市工业和信息化局"),
        "the lead department is public"
    );
    assert!(html.contains("10%"), "progress is public");
    // Each task under its one number, the 序号 of the division.
    for c in all.iter().filter(|c| !c.number.is_empty()) {
        assert!(
            html.contains(&format!(
                "<td class=\"no nowrap\" data-label=\"序号\">{}</td>",
                c.number
            )),
            "{}",
            c.number
        );
    }
    assert!(all.iter().any(|c| !c.number.is_empty()));
    let narrative = &srv.store().updates(with_update.id).unwrap()[0].narrative;
    assert!(
        !html.contains(narrative.as_str()),
        "narratives are not public"
    );
    assert!(!html.contains("/evidence/"), "evidence is not public");
    assert!(!html.contains("logout"), "no session needed, none shown");
    let listed = srv.get(&anyone, "/public").await.text().await.unwrap();
    assert!(listed.contains(&format!("href=\"{page}\"")), "{listed}");

    // Withdrawn: gone again, and both changes are in the audit log.
    let r = srv.post(&admin, &path, &[("published", "0")]).await;
    assert_eq!(r.status(), StatusCode::OK, "asks first");
    assert_eq!(srv.get(&anyone, &page).await.status(), StatusCode::OK);
    let r = srv
        .post(&admin, &path, &[("published", "0"), ("confirm", "yes")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        srv.get(&anyone, &page).await.status(),
        StatusCode::NOT_FOUND
    );
    let log = srv.store().audit(2, 0).unwrap();
    assert_eq!(
        log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        ["unpublish", "publish"]
    );
}

#[tokio::test]
async fn the_timeline_shows_the_health_each_update_had_on_its_date() {
    let srv = Server::start().await;
    let viewer = srv.login(Who::Viewer).await;
    let page = format!("/commitments/{}", srv.commitment);
    let html = srv.get(&viewer, &page).await.text().await.unwrap();
    // The harness's update: 10% on 1 February, when 8.5% of the year had gone: on track.
    let at = html.find("进展时间线").expect("the timeline");
    let timeline = &html[at..];
    assert!(
        timeline.contains(
            r#"<span class="light green" title="当日健康度：进度对比已过时间">正常</span>"#
        ),
        "{timeline}"
    );
}

/// The office's corrections over HTTP: bulk assignment refuses what is not a task, a date or a
/// priority and changes nothing then; split takes only a place between the task's sentences.
#[tokio::test]
async fn bulk_assignment_and_split_refuse_bad_input_and_change_nothing() {
    use zhibiao_tracker::domain::commitments::sentence_starts;
    let srv = Server::start().await;
    let admin = srv.login(Who::Admin).await;
    let all = || srv.store().commitments(&Default::default()).unwrap();
    let before = all();
    let audit = srv.store().audit_count().unwrap();
    let (a, b) = (&before[0], &before[1]);
    let sel_a = format!("{}:{}", a.id, a.version);
    let sel_b = format!("{}:{}", b.id, b.version);
    let dept = srv.dept_b.to_string();
    for (what, fields) in [
        ("nothing ticked", vec![("lead", dept.as_str())]),
        ("no version", vec![("sel", "1"), ("lead", dept.as_str())]),
        (
            "not a number",
            vec![("sel", "x:1"), ("lead", dept.as_str())],
        ),
        ("nothing to set", vec![("sel", sel_a.as_str())]),
        (
            "a bad date",
            vec![("sel", sel_a.as_str()), ("deadline", "2023-02-30")],
        ),
        (
            "a bad priority",
            vec![("sel", sel_a.as_str()), ("priority", "7")],
        ),
        (
            "a bad department",
            vec![("sel", sel_a.as_str()), ("lead", "abc")],
        ),
        (
            "no such department",
            vec![("sel", sel_a.as_str()), ("lead", "99999")],
        ),
    ] {
        let r = srv.post(&admin, "/commitments/assign", &fields).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{what}");
    }
    // A stale version among the ticked: nothing changes, the user is told.
    let stale = format!("{}:{}", b.id, b.version + 5);
    let r = srv
        .post(
            &admin,
            "/commitments/assign",
            &[("sel", &sel_a), ("sel", &stale), ("priority", "3")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::CONFLICT);
    assert_eq!(all(), before, "refused: unchanged");
    assert_eq!(srv.store().audit_count().unwrap(), audit);
    // Ticked twice, assigned once; back to the list with its filters.
    let r = srv
        .post(
            &admin,
            "/commitments/assign",
            &[
                ("sel", &sel_a),
                ("sel", &sel_a),
                ("sel", &sel_b),
                ("lead", &dept),
                ("deadline", "2023-09-30"),
                ("back", "report=1&q=%E5%B7%A5\"><x"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"],
        "/commitments?report=1&q=%E5%B7%A5x&msg=assigned"
    );
    for id in [a.id, b.id] {
        let c = srv.store().commitment(id).unwrap();
        assert_eq!(c.lead_department_id, Some(srv.dept_b));
        assert_eq!(c.deadline, "2023-09-30");
    }
    assert_eq!(srv.store().audit_count().unwrap(), audit + 2);
    let log = srv.get(&admin, "/audit").await.text().await.unwrap();
    assert!(
        log.contains("<td data-label=\"操作\" class=\"nowrap\">批量分配</td>"),
        "{log}"
    );

    // Split: only between sentences; the new task is where the browser goes next.
    let c = all()
        .into_iter()
        .find(|c| !sentence_starts(&c.quote).is_empty())
        .expect("a task of several sentences");
    let v = c.version.to_string();
    for at in ["1", "-1", "x", "999999999999999999999", ""] {
        let r = srv
            .post(
                &admin,
                &format!("/commitments/{}/split", c.id),
                &[("version", &v), ("at", at)],
            )
            .await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "at={at:?}");
    }
    assert_eq!(srv.store().commitment(c.id).unwrap(), c);
    let at = sentence_starts(&c.quote)[0].to_string();
    let r = srv
        .post(
            &admin,
            &format!("/commitments/{}/split", c.id),
            &[("version", &v), ("at", &at)],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let to = r.headers()["location"].to_str().unwrap().to_string();
    let new = all().into_iter().max_by_key(|c| c.id).unwrap();
    assert_eq!(to, format!("/commitments/{}?msg=split", new.id));
    assert!(c.quote.ends_with(&new.quote));
    let page = srv.get(&admin, &to).await.text().await.unwrap();
    assert!(page.contains(&new.title), "named by its first sentence");
}

/// Issue 13: no one acts as someone else through a token. An admin cannot make (or see) a
/// token for another user, only revoke it; a user makes their own on “我的账号”; what a token
/// does is marked as done through the API in the audit log, and that log still verifies.
#[tokio::test]
async fn tokens_are_made_by_their_owner_and_marked_in_the_audit() {
    let srv = Server::start().await;
    let admin = srv.browser_login(Who::Admin).await;
    let editor = srv.browser_login(Who::EditorOwn).await;
    let editor_id = srv.store().login_lookup("editor_a").unwrap().unwrap().0.id;
    // The admin asks for the editor's token: refused, and nothing is set.
    let r = srv
        .post(&admin, &format!("/users/{editor_id}/token"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(r.text().await.unwrap().contains("只能由本人"));
    assert!(!srv.store().user(editor_id).unwrap().has_token);
    // The editor makes one on their account page and sees it once.
    let page = srv.get(&editor, "/account").await.text().await.unwrap();
    assert!(page.contains("生成令牌"), "{page}");
    let r = srv
        .post(&editor, &format!("/users/{editor_id}/token"), &[])
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    let token = html
        .split("class=\"token\" readonly value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    assert_eq!(token.len(), 64, "{token}");
    // A token cannot make tokens.
    let r = srv
        .client
        .post(srv.url(&format!("/users/{editor_id}/token")))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .form(&[("csrf", "x")])
        .send()
        .await
        .unwrap();
    assert_ne!(r.status(), StatusCode::OK);
    // What the token does is recorded as done through the API.
    let r = srv
        .client
        .post(srv.url(&format!("/api/commitments/{}/updates", srv.commitment)))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .header(CONTENT_TYPE, "application/json")
        .body(r#"{"narrative": "令牌填报", "percent": 20, "state": "in_progress"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED);
    let log = srv.store().audit(5, 0).unwrap();
    let last = log.iter().find(|e| e.action == "update").unwrap();
    assert_eq!(
        (last.user_name.as_str(), last.via.as_deref()),
        ("editor_a", Some("api"))
    );
    let web = log
        .iter()
        .find(|e| e.action == "token")
        .map(|e| e.via.clone());
    assert_eq!(web, Some(None), "making the token was done on the web");
    assert_eq!(
        srv.store().verify_audit().unwrap(),
        None,
        "the chain verifies"
    );
    let page = srv.get(&admin, "/audit").await.text().await.unwrap();
    assert!(
        page.contains("API 令牌"),
        "the audit page tells token actions apart"
    );
    // The admin may revoke it; then it no longer works.
    let r = srv
        .post(
            &admin,
            &format!("/users/{editor_id}/token"),
            &[("revoke", "1")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let r = srv
        .client
        .get(srv.url("/api/reports"))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

/// Bulk assignment through the API: the same service as the list page's form — all the tasks
/// or none, each once, and a task that is gone or changed meanwhile refuses the whole call.
#[tokio::test]
async fn the_api_assigns_many_tasks_at_once_or_none() {
    let srv = Server::start().await;
    let admin = srv.login(Who::Admin).await;
    let bearer = format!("Bearer {}", admin.token);
    let all = || srv.store().commitments(&Default::default()).unwrap();
    let before = all();
    let (a, b) = (&before[0], &before[1]);
    let post = |body: serde_json::Value| {
        srv.client
            .post(srv.url("/api/commitments/assign"))
            .header(AUTHORIZATION, &bearer)
            .header(CONTENT_TYPE, "application/json")
            .body(body.to_string())
            .send()
    };
    // A stale version, a task that does not exist, nothing to set, a bad list: nothing changes.
    for (body, status) in [
        (
            serde_json::json!({"commitments": [{"id": a.id, "version": a.version}, {"id": b.id, "version": b.version + 3}], "priority": 3}),
            StatusCode::CONFLICT,
        ),
        (
            serde_json::json!({"commitments": [{"id": a.id, "version": a.version}, {"id": 999_999, "version": 1}], "priority": 3}),
            StatusCode::NOT_FOUND,
        ),
        (
            serde_json::json!({"commitments": [{"id": a.id, "version": a.version}]}),
            StatusCode::BAD_REQUEST,
        ),
        (
            serde_json::json!({"commitments": [a.id], "priority": 3}),
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let r = post(body.clone()).await.unwrap();
        assert_eq!(r.status(), status, "{body}");
        let e: serde_json::Value = r.json().await.unwrap();
        assert_eq!(e["status"], status.as_u16());
    }
    assert_eq!(all(), before, "refused: unchanged");
    // Both at once, the first given twice.
    let r = post(serde_json::json!({
        "commitments": [
            {"id": a.id, "version": a.version},
            {"id": b.id, "version": b.version},
            {"id": a.id, "version": a.version},
        ],
        "lead_department_id": srv.dept_b,
        "deadline": "2023-09-30",
        "priority": 1,
    }))
    .await
    .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let answer: serde_json::Value = r.json().await.unwrap();
    assert_eq!(answer["assigned"], 2);
    for id in [a.id, b.id] {
        let c = srv.store().commitment(id).unwrap();
        assert_eq!(c.lead_department_id, Some(srv.dept_b));
        assert_eq!((c.deadline.as_str(), c.priority), ("2023-09-30", 1));
    }
}
