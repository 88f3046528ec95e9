//! What users hit on the pages: reports told apart by region and year, a confirmation step
//! before deleting or publishing, each role's menu, the menu kept on error pages; and the
//! audit log as people read it.

use reqwest::header::CONTENT_TYPE;
use reqwest::StatusCode;
use zhibiao_tracker::store::Actor;

use crate::harness::{Server, Who};

/// The menu of a logged-in page (the header's `<nav>`).
fn nav(html: &str) -> &str {
    let start = html.find("<nav").unwrap_or(0);
    let end = html[start..]
        .find("</nav>")
        .map_or(html.len(), |e| start + e);
    &html[start..end]
}

#[tokio::test]
async fn reports_are_named_by_region_and_year_everywhere() {
    let srv = Server::start().await;
    let admin = srv.login(Who::Admin).await;
    let r = srv
        .store()
        .reports()
        .unwrap()
        .into_iter()
        .find(|r| r.id == srv.report)
        .unwrap();
    let (region, year) = (r.region.clone().unwrap(), r.year.unwrap());
    assert_eq!(region, "江门市");
    assert_eq!(year, 2023);
    let title = r.title.clone().unwrap_or(r.name.clone());
    assert!(
        !title.contains("2023") && !title.contains("江门"),
        "{title}"
    );
    let label = format!("江门市 2023年{title}");
    assert_eq!(r.label, label);
    let option = format!("<option value=\"{}\" >{label}</option>", srv.report);
    let selected = format!("<option value=\"{}\" selected>{label}</option>", srv.report);
    for (path, want) in [
        ("/".to_string(), &option),
        ("/commitments".to_string(), &option),
        (format!("/commitments?report={}", srv.report), &selected),
        (format!("/?report={}", srv.report), &selected),
    ] {
        let html = srv.get(&admin, &path).await.text().await.unwrap();
        assert!(html.contains(want.as_str()), "{path}: {want} in {html}");
    }
    for path in [
        "/reports".to_string(),
        format!("/reports/{}", srv.report),
        format!("/commitments/{}", srv.commitment),
    ] {
        let html = srv.get(&admin, &path).await.text().await.unwrap();
        assert!(html.contains(&format!(">{label}<")), "{path}");
    }
    // The API carries the label too.
    let api: serde_json::Value = srv
        .client
        .get(srv.url("/api/reports"))
        .bearer_auth(&admin.token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api[0]["label"], label.as_str());
    // A report whose title has its year already is not given it twice.
    assert_eq!(
        zhibiao_tracker::store::report_label(
            Some("江门市"),
            Some(2024),
            Some("2024年政府工作报告"),
            "x.txt"
        ),
        "江门市 2024年政府工作报告"
    );
    assert_eq!(
        zhibiao_tracker::store::report_label(None, None, None, "报告.docx"),
        "报告.docx"
    );
}

#[tokio::test]
async fn deleting_and_publishing_ask_for_confirmation_first() {
    let srv = Server::start().await;
    let admin = srv.login(Who::Admin).await;
    let s = srv.store();
    let audit = || s.audit_count().unwrap();

    // A department: the list's button leads to a page that says what will happen.
    let d = s
        .create_department(&Actor::system("test"), "待撤销的局")
        .unwrap();
    let path = format!("/departments/{d}/delete");
    let before = audit();
    let r = srv.post(&admin, &path, &[("version", "1")]).await;
    assert_eq!(r.status(), StatusCode::OK);
    // (Templates write “/” in attributes as `&#x2f;`.)
    let ask = r.text().await.unwrap().replace("&#x2f;", "/");
    assert!(ask.contains("删除部门“待撤销的局”？"), "{ask}");
    assert!(ask.contains("牵头的 0 项任务将没有牵头单位"), "{ask}");
    assert!(
        ask.contains("<input type=\"checkbox\" name=\"confirm\" value=\"yes\" required> 我确认"),
        "{ask}"
    );
    assert!(ask.contains(&format!("action=\"{path}\"")));
    assert!(ask.contains("name=\"version\" value=\"1\""));
    assert!(ask.contains("href=\"/departments\">取消"), "a way back");
    assert_eq!(audit(), before, "nothing done yet");
    assert!(s.department(d).is_ok());
    // Anything but “yes” is refused; “yes” deletes.
    let r = srv
        .post(&admin, &path, &[("version", "1"), ("confirm", "on")])
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = srv
        .post(&admin, &path, &[("version", "1"), ("confirm", "")])
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(s.department(d).is_ok());
    let r = srv
        .post(&admin, &path, &[("version", "1"), ("confirm", "yes")])
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert!(s.department(d).is_err(), "deleted");
    // A department that still has users is not deleted; the page says so before.
    let r = srv
        .post(
            &admin,
            &format!("/departments/{}/delete", srv.dept_a),
            &[("version", "1")],
        )
        .await;
    let ask = r.text().await.unwrap();
    assert!(ask.contains("还有 1 个用户"), "{ask}");
    assert!(ask.contains("牵头的 1 项任务"), "{ask}");

    // A task: the same step (the task page's own form has the check box in it).
    let c = srv.commitment;
    let v = srv.version(c).to_string();
    let path = format!("/commitments/{c}/delete");
    let r = srv.post(&admin, &path, &[("version", &v)]).await;
    assert_eq!(r.status(), StatusCode::OK);
    let ask = r.text().await.unwrap();
    let task = s.commitment(c).unwrap();
    assert!(
        ask.contains(&format!("删除任务 {}", task.display_number())),
        "{ask}"
    );
    assert!(ask.contains("1 条进展记录"), "{ask}");
    assert!(s.commitment(c).is_ok(), "not deleted yet");
    let page = srv
        .get(&admin, &format!("/commitments/{c}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("name=\"confirm\" value=\"yes\" required"));

    // Publishing and withdrawing (also in flows.rs): the page first, then the change.
    let path = format!("/reports/{}/publish", srv.report);
    let before = audit();
    let ask = srv
        .post(&admin, &path, &[("published", "1")])
        .await
        .text()
        .await
        .unwrap();
    assert!(ask.contains("公开“江门市 2023年"), "{ask}");
    assert!(ask.contains("name=\"published\" value=\"1\""));
    assert_eq!(audit(), before);
    assert!(!s.report(srv.report).unwrap().summary.published);
    // Viewers and editors get no confirmation page, only the refusal.
    for who in [Who::Viewer, Who::EditorOwn] {
        let sess = srv.login(who).await;
        let r = srv.post(&sess, &path, &[("published", "1")]).await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who:?}");
        let r = srv
            .post(
                &sess,
                &format!("/departments/{}/delete", srv.dept_b),
                &[("version", "1")],
            )
            .await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN, "{who:?}");
    }
    // And a page that asks needs the CSRF token like the form itself.
    let r = srv
        .req(&admin, reqwest::Method::POST, &path)
        .form(&[("published", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_viewer_is_not_offered_my_tasks() {
    let srv = Server::start().await;
    let viewer = srv.login(Who::Viewer).await;
    let editor = srv.login(Who::EditorOwn).await;
    let admin = srv.login(Who::Admin).await;
    for path in ["/", "/commitments", "/departments", "/reports"] {
        let html = srv.get(&viewer, path).await.text().await.unwrap();
        let menu = nav(&html);
        assert!(menu.contains("href=\"/commitments\""), "{path}: {menu}");
        assert!(!menu.contains("href=\"/my\""), "{path}: {menu}");
        assert!(!menu.contains("我的任务"), "{path}: {menu}");
        for s in [&editor, &admin] {
            let html = srv.get(s, path).await.text().await.unwrap();
            assert!(nav(&html).contains("href=\"/my\""), "{path}");
        }
    }
    let r = srv.get(&viewer, "/my").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(r.headers()["location"], "/commitments");
    assert_eq!(srv.get(&editor, "/my").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn error_pages_keep_the_users_menu() {
    let srv = Server::start().await;
    let viewer = srv.login(Who::Viewer).await;
    let editor = srv.login(Who::EditorOther).await;
    let admin = srv.login(Who::Admin).await;
    let other_task = format!("/commitments/{}/updates/new", srv.commitment);
    for (s, path, status, name) in [
        (&viewer, "/users", StatusCode::FORBIDDEN, "viewer"),
        (&viewer, "/audit", StatusCode::FORBIDDEN, "viewer"),
        (
            &editor,
            other_task.as_str(),
            StatusCode::FORBIDDEN,
            "editor_b",
        ),
        (
            &admin,
            "/commitments/999999",
            StatusCode::NOT_FOUND,
            "admin",
        ),
        (&viewer, "/no/such/page", StatusCode::NOT_FOUND, "viewer"),
    ] {
        let r = srv.get(s, path).await;
        assert_eq!(r.status(), status, "{path}");
        let csp = r.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(csp.contains("script-src 'self'"), "security headers kept");
        let html = r.text().await.unwrap();
        let menu = nav(&html);
        for link in ["/", "/commitments", "/departments", "/reports"] {
            assert!(
                menu.contains(&format!("href=\"{link}\"")),
                "{path}: {link} in {menu}"
            );
        }
        assert!(html.contains(&format!("{name}（")), "{path}: the user line");
        assert!(html.contains("action=\"/logout\""), "{path}: logout");
        assert!(
            html.contains(&format!("状态码 {}", status.as_u16())),
            "{path}"
        );
        // The admin's menu is the admin's.
        assert_eq!(menu.contains("/audit"), name == "admin", "{path}");
    }
    // A refused form keeps the menu too (a stale CSRF token).
    let r = srv
        .req(&viewer, reqwest::Method::POST, "/logout")
        .form(&[("csrf", "wrong")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert!(nav(&r.text().await.unwrap()).contains("href=\"/reports\""));
    // No login: no menu, and no session looked up from nothing.
    let anon = srv.login(Who::Anonymous).await;
    let r = srv.get(&anon, "/no/such/page").await;
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    let html = r.text().await.unwrap();
    assert!(
        !html.contains("<nav") && !html.contains("/logout"),
        "{html}"
    );
    // The API's errors stay JSON.
    let r = srv
        .client
        .get(srv.url("/api/commitments/999999"))
        .bearer_auth(&viewer.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
    assert!(r.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
}
