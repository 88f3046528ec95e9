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
        assert!(
            html.contains(&format!(">{name}</a>（")),
            "{path}: the user line"
        );
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

/// The user of a name, as an actor of the store.
fn actor(srv: &Server, name: &str) -> (i64, Actor) {
    let id = srv.store().login_lookup(name).unwrap().unwrap().0.id;
    (
        id,
        Actor {
            user_id: Some(id),
            name: name.into(),
            via: None,
        },
    )
}

/// The rows of a page's table (not its filter form).
fn tbody(html: &str) -> &str {
    let start = html.find("<tbody>").expect("a table");
    &html[start..start + html[start..].find("</tbody>").expect("its end")]
}

/// `共 N 条` of the audit page.
fn total(html: &str) -> usize {
    let at = html.find("共 ").expect("a total") + "共 ".len();
    html[at..].split(' ').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn the_audit_log_reads_in_chinese_filters_and_exports() {
    use zhibiao_tracker::store::{CommitmentEdit, NewUpdate};
    let srv = Server::start().await;
    let admin = srv.login(Who::Admin).await;
    let s = srv.store();
    let (_, admin_actor) = actor(&srv, "admin");
    let (editor_id, editor_actor) = actor(&srv, "editor_a");
    let c = s.commitment(srv.commitment).unwrap();
    s.edit_commitment(
        &admin_actor,
        c.id,
        c.version,
        &CommitmentEdit {
            title: c.title.clone(),
            section: c.section.clone(),
            lead_department_id: Some(srv.dept_b),
            co_department_ids: vec![srv.dept_a],
            deadline: "2023-10-31".into(),
            priority: 3,
            state: c.state,
            start_date: None,
            state_override: false,
        },
    )
    .unwrap();
    s.add_update(
        &editor_actor,
        c.id,
        c.version + 1,
        &NewUpdate {
            date: "2023-06-30".into(),
            value: None,
            percent: Some(40.0),
            state: zhibiao_tracker::domain::State::InProgress,
            narrative: "完成项目招标".into(),
            link: None,
            evidence: None,
        },
    )
    .unwrap();
    let name = format!("{} {}", c.display_number(), c.title);

    // The page: actions, records and changes in words.
    let page = srv.get(&admin, "/audit").await.text().await.unwrap();
    assert!(
        page.contains("哈希链校验通过"),
        "the chain is still checked"
    );
    assert_eq!(total(&page), s.audit_count().unwrap() as usize);
    let html = tbody(&page);
    for want in [
        ">修改<",
        ">填报进展<",
        ">导入报告<",
        ">新建<",
        &format!(">{name}</a>"),
        "<b>牵头单位</b>：<span class=\"old\">市工业和信息化局</span> → <span class=\"new\">市科技局</span>",
        "<b>责任单位</b>：<span class=\"old\">—</span> → <span class=\"new\">市工业和信息化局</span>",
        "<b>优先级</b>：<span class=\"old\">高</span> → <span class=\"new\">低</span>",
        "<b>完成时限</b>：",
        "<b>完成进度</b>：<span class=\"old\">10%</span> → <span class=\"new\">40%</span>",
        "进展（2023-06-30）：完成项目招标",
        "江门市 2023年",
        ">市科技局</a>",
    ] {
        assert!(html.contains(want), "{want} in the page");
    }
    for code in [
        ">update<",
        ">edit<",
        ">import<",
        ">suggest_rating<",
        "commitment #",
    ] {
        assert!(!html.contains(code), "no code {code} shown");
    }

    // Filters: person, action, department, dates; the form shows them back.
    let all = s.audit(-1, 0).unwrap();
    let by_editor = all.iter().filter(|e| e.user_name == "editor_a").count();
    let html = srv
        .get(&admin, &format!("/audit?user={editor_id}"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!((total(&html), by_editor), (1, 1));
    assert!(html.contains(&format!(
        "<option value=\"{editor_id}\" selected>editor_a</option>"
    )));
    assert!(tbody(&html).contains(">填报进展<") && !tbody(&html).contains(">导入报告<"));
    let edits = all.iter().filter(|e| e.action == "edit").count();
    let html = srv
        .get(&admin, "/audit?action=edit")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(total(&html), edits);
    assert!(html.contains("<option value=\"edit\" selected>修改</option>"));
    let about_b = all
        .iter()
        .filter(|e| {
            (e.entity == "department" && e.entity_id == Some(srv.dept_b))
                || (e.entity == "commitment" && e.entity_id == Some(c.id))
        })
        .count();
    let html = srv
        .get(&admin, &format!("/audit?dept={}", srv.dept_b))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        total(&html),
        about_b,
        "the department, and the task it now leads"
    );
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let html = srv
        .get(&admin, &format!("/audit?from={today}&to={today}"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(total(&html), all.len());
    assert!(html.contains(&format!("name=\"from\" value=\"{today}\"")));
    let html = srv
        .get(&admin, "/audit?from=2000-01-01&to=2000-12-31")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(total(&html), 0);
    assert!(html.contains("没有符合条件的记录"));
    // Values that are not filters are ignored, not errors.
    let html = srv
        .get(
            &admin,
            "/audit?user=x&dept=-1&action=drop&from=2023-02-30&to=yesterday",
        )
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(total(&html), all.len());
    // The export links carry the filters.
    let html = srv
        .get(&admin, "/audit?action=edit&from=2000-01-01")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.replace("&#x2f;", "/")
            .replace("&amp;", "&")
            .contains("href=\"/export/audit.csv?action=edit&from=2000-01-01\""),
        "{html}"
    );

    // Exports, with the same filters: CSV and XLSX read back.
    let q = format!("action=edit&dept={}", srv.dept_b);
    let page = srv
        .get(&admin, &format!("/audit?{q}"))
        .await
        .text()
        .await
        .unwrap();
    let n = total(&page);
    assert!(n >= 2, "the harness's edit and this one");
    let r = srv.get(&admin, &format!("/export/audit.csv?{q}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("audit.csv"));
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbf"), "a BOM for Excel");
    let mut rd = csv::Reader::from_reader(&bytes[3..]);
    let head: Vec<String> = rd.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(head, zhibiao_tracker::handlers::audit::COLUMNS);
    let rows: Vec<Vec<String>> = rd
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), n);
    assert!(rows.iter().all(|r| r[3] == "修改"));
    let newest = &rows[0];
    assert_eq!(newest[2], "admin");
    assert_eq!(newest[4], "任务");
    assert_eq!(newest[5], name);
    assert!(
        newest[6].contains("牵头单位：市工业和信息化局 → 市科技局"),
        "{newest:?}"
    );
    assert!(newest[6].contains("优先级：高 → 低"), "{newest:?}");
    assert_eq!(newest[1].len(), "2023-01-01 00:00:00".len());

    use calamine::{Data, Reader, Xlsx};
    let r = srv.get(&admin, &format!("/export/audit.xlsx?{q}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap().to_vec();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("审计日志").unwrap();
    let xrows: Vec<_> = sheet.rows().collect();
    assert_eq!(xrows.len(), 1 + n);
    let xhead: Vec<String> = xrows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(xhead, zhibiao_tracker::handlers::audit::COLUMNS);
    for (x, c) in xrows[1..].iter().zip(&rows) {
        assert_eq!(
            x[0],
            Data::Float(c[0].parse::<f64>().unwrap()),
            "the id a number"
        );
        assert!(
            matches!(x[1], Data::DateTime(_)),
            "the time a date: {:?}",
            x[1]
        );
        for col in 2..8 {
            assert_eq!(x[col].to_string(), c[col], "column {col}");
        }
    }
    // Only admins export the log (the matrix checks every role).
    let viewer = srv.login(Who::Viewer).await;
    assert_eq!(
        srv.get(&viewer, "/export/audit.csv").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_audit_log_pages_keep_their_filters() {
    let srv = Server::start().await;
    let admin = srv.login(Who::Admin).await;
    let s = srv.store();
    let (_, a) = actor(&srv, "admin");
    let d = s.create_department(&a, "改名局0").unwrap();
    for i in 1..=60 {
        s.rename_department(&a, d, i, &format!("改名局{i}"))
            .unwrap();
    }
    let html = srv
        .get(&admin, &format!("/audit?action=edit&dept={d}"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(total(&html), 60);
    assert_eq!(tbody(&html).matches("<tr>").count(), 50, "50 a page");
    assert!(html.contains("第 1 / 2 页"));
    let next = format!("/audit?dept={d}&amp;action=edit&page=2");
    assert!(html.contains(&next), "the next page keeps the filters");
    // The newest first: the last rename, from 改名局59 to 改名局60.
    assert!(tbody(&html).contains(
        "<b>名称</b>：<span class=\"old\">改名局59</span> → <span class=\"new\">改名局60</span>"
    ));
    let html = srv
        .get(&admin, &format!("/audit?action=edit&dept={d}&page=2"))
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(tbody(&html).matches("<tr>").count(), 10);
    assert!(tbody(&html).contains("<span class=\"old\">改名局0</span>"));
    // A page past the end is empty, not an error; a huge one too.
    for p in ["3", "9223372036854775807", "-5"] {
        let r = srv
            .get(&admin, &format!("/audit?action=edit&dept={d}&page={p}"))
            .await;
        assert_eq!(r.status(), StatusCode::OK, "page {p}");
    }
}
