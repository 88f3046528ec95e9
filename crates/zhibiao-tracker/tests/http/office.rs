//! The 督查室's workflow end to end (issue 13): the 催办 page, reminders seen by the
//! department at login and answered by its next update, e-mail to a local SMTP sink,
//! extension and 办结 requests decided by the office, milestones, states that agree with
//! progress, health counted from the assignment.

use reqwest::multipart::Form;
use reqwest::StatusCode;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use zhibiao_tracker::domain::State;
use zhibiao_tracker::store::{Actor, NewCommitment, RequestKind};

use crate::harness::{Server, Session, Who};

/// A task led by department A, due on `deadline`.
fn task(srv: &Server, title: &str, deadline: &str) -> i64 {
    srv.store()
        .create_commitment(
            &Actor::system("test"),
            &NewCommitment {
                report_id: srv.report,
                title: title.into(),
                section: String::new(),
                lead_department_id: Some(srv.dept_a),
                co_department_ids: vec![],
                deadline: Some(deadline.into()),
                priority: 2,
            },
        )
        .unwrap()
}

/// Posts a progress update through the form, as the department does.
async fn update(srv: &Server, who: &Session, cid: i64, fields: &[(&str, &str)]) -> StatusCode {
    let mut form = Form::new()
        .text("csrf", who.csrf.clone())
        .text("version", srv.version(cid).to_string());
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    srv.req(
        who,
        reqwest::Method::POST,
        &format!("/commitments/{cid}/updates"),
    )
    .multipart(form)
    .send()
    .await
    .unwrap()
    .status()
}

/// Messages received by [`smtp_sink`]: (recipients, data).
type Inbox = Arc<Mutex<Vec<(Vec<String>, String)>>>;

/// A local SMTP server that accepts every message (enough of RFC 5321 for one client), on a
/// random port of 127.0.0.1. Never an outside address.
async fn smtp_sink() -> (u16, Inbox) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let inbox: Inbox = Arc::default();
    let kept = inbox.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let inbox = kept.clone();
            tokio::spawn(async move {
                let (r, mut w) = stream.into_split();
                let mut lines = BufReader::new(r).lines();
                w.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                let mut to = Vec::new();
                while let Ok(Some(line)) = lines.next_line().await {
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 sink\r\n"
                    } else if upper.starts_with("RCPT TO:") {
                        to.push(line[8..].trim().trim_matches(['<', '>']).to_string());
                        b"250 ok\r\n"
                    } else if upper.starts_with("DATA") {
                        w.write_all(b"354 go on\r\n").await.unwrap();
                        let mut data = String::new();
                        while let Ok(Some(l)) = lines.next_line().await {
                            if l == "." {
                                break;
                            }
                            data.push_str(&l);
                            data.push('\n');
                        }
                        inbox.lock().unwrap().push((std::mem::take(&mut to), data));
                        b"250 queued\r\n"
                    } else if upper.starts_with("QUIT") {
                        w.write_all(b"221 bye\r\n").await.unwrap();
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    w.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, inbox)
}

#[tokio::test]
async fn the_office_presses_a_department_and_it_answers() {
    let (port, inbox) = smtp_sink().await;
    let srv = Server::start_with(|c| {
        c.smtp = Some(
            zhibiao_tracker::mail::Smtp::parse(
                &format!("127.0.0.1:{port}"),
                "duban@example.gov.cn",
            )
            .unwrap(),
        )
    })
    .await;
    let admin = srv.browser_login(Who::Admin).await;
    let late = task(&srv, "完成老旧小区改造 20 个", "2023-01-31");
    // The department's editor gives an address for 催办 mail.
    let editor = srv.browser_login(Who::EditorOwn).await;
    let r = srv
        .post(
            &editor,
            "/account/email",
            &[("email", "gxj@example.gov.cn")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    // The 催办 page lists the overdue task; the office presses its department.
    let page = srv.get(&admin, "/duban").await.text().await.unwrap();
    assert!(page.contains("完成老旧小区改造 20 个"), "{page}");
    let r = srv
        .post(
            &admin,
            &format!("/commitments/{late}/remind"),
            &[("reason", "overdue"), ("back", "duban")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let sent = srv.store().reminders_of(late).unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].department_id, Some(srv.dept_a));
    assert!(
        sent[0].message.contains("已超过完成时限"),
        "{}",
        sent[0].message
    );
    assert!(sent[0].answered_at.is_none());
    // E-mailed to the department's address through the relay.
    let mail = inbox.lock().unwrap().clone();
    assert_eq!(mail.len(), 1, "one message");
    assert_eq!(mail[0].0, vec!["gxj@example.gov.cn".to_string()]);
    assert_eq!(
        sent[0].mailed_to.as_deref(),
        Some("gxj@example.gov.cn"),
        "recorded as mailed"
    );
    let page = srv.get(&admin, "/duban").await.text().await.unwrap();
    assert!(page.contains("已催办 1 次未答复"));
    // The department sees it when it logs in, before anything else.
    let (status, cookie) = srv.login_as("editor_a", crate::harness::PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cookie = cookie.unwrap();
    let r = srv
        .client
        .get(srv.url("/"))
        .header(reqwest::header::COOKIE, &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let page = srv.get(&editor, "/my").await.text().await.unwrap();
    assert!(
        page.contains("已超过完成时限") && page.contains("待答复"),
        "{page}"
    );
    assert!(srv.store().reminders_of(late).unwrap()[0].read_at.is_some());
    // The task page shows it too.
    let page = srv
        .get(&editor, &format!("/commitments/{late}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("催办记录") && page.contains("待答复"));
    // Its next update answers it.
    let s = update(
        &srv,
        &editor,
        late,
        &[
            ("state", "in_progress"),
            ("percent", "60"),
            ("narrative", "已完成 12 个"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    assert!(srv.store().reminders_of(late).unwrap()[0]
        .answered_at
        .is_some());
    // The audit log has the reminder.
    let log = srv.store().audit(20, 0).unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "remind" && e.entity_id == Some(late)));
}

#[tokio::test]
async fn a_login_with_unread_reminders_goes_to_them() {
    let srv = Server::start().await;
    let admin = srv.browser_login(Who::Admin).await;
    let r = srv
        .post(
            &admin,
            &format!("/commitments/{}/remind", srv.commitment),
            &[("reason", "silent"), ("message", "请于本周五前报送进展")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let page = srv.client.get(srv.url("/login")).send().await.unwrap();
    let pre = crate::harness::cookie_of(page.headers(), "zb_login").unwrap();
    let csrf = crate::harness::field(&page.text().await.unwrap(), "csrf").unwrap();
    let r = srv
        .client
        .post(srv.url("/login"))
        .header(reqwest::header::COOKIE, &pre)
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "editor_a"),
            ("password", crate::harness::PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        r.headers()["location"].to_str().unwrap(),
        "/my?msg=reminders"
    );
    // Another department's editor is not sent there.
    let (status, _) = srv.login_as("editor_b", crate::harness::PASSWORD).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn extensions_and_closing_are_asked_for_and_decided() {
    let srv = Server::start().await;
    let admin = srv.browser_login(Who::Admin).await;
    let editor = srv.browser_login(Who::EditorOwn).await;
    let other = srv.browser_login(Who::EditorOther).await;
    let t = task(&srv, "建成智慧停车平台", "2023-06-30");
    // Another department cannot ask; the lead department can.
    let ask = [
        ("kind", "extension"),
        ("deadline", "2023-09-30"),
        ("reason", "设备招标流标，需重新招标"),
    ];
    let r = srv
        .post(&other, &format!("/commitments/{t}/requests"), &ask)
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    // An earlier date is no extension.
    let r = srv
        .post(
            &editor,
            &format!("/commitments/{t}/requests"),
            &[
                ("kind", "extension"),
                ("deadline", "2023-05-01"),
                ("reason", "x"),
            ],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = srv
        .post(&editor, &format!("/commitments/{t}/requests"), &ask)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // One at a time.
    let r = srv
        .post(&editor, &format!("/commitments/{t}/requests"), &ask)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let open = srv.store().open_requests().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].kind, RequestKind::Extension);
    let page = srv.get(&admin, "/duban").await.text().await.unwrap();
    assert!(page.contains("设备招标流标"));
    // Refusing needs a reason; approving moves the deadline and keeps the old one.
    let rid = open[0].id;
    let r = srv
        .post(
            &admin,
            &format!("/requests/{rid}/decide"),
            &[("decision", "refuse")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = srv
        .post(
            &admin,
            &format!("/requests/{rid}/decide"),
            &[("decision", "approve"), ("note", "同意延期一次")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let c = srv.store().commitment(t).unwrap();
    assert_eq!(c.deadline, "2023-09-30");
    let q = srv.store().request_by_id(rid).unwrap();
    assert_eq!(
        (q.approved, q.old_deadline.as_deref()),
        (Some(true), Some("2023-06-30"))
    );
    // Decided once.
    let r = srv
        .post(
            &admin,
            &format!("/requests/{rid}/decide"),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let log = srv.store().audit(10, 0).unwrap();
    assert!(log
        .iter()
        .any(|e| e.action == "approve" && e.entity_id == Some(rid)));

    // States and progress agree: 已完成 is 100%, 未启动 is 0.
    let s = update(
        &srv,
        &editor,
        t,
        &[
            ("state", "done"),
            ("percent", "30"),
            ("narrative", "基本完成"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    let s = update(
        &srv,
        &editor,
        t,
        &[
            ("state", "not_started"),
            ("percent", "10"),
            ("narrative", "准备中"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    // A department that reports it done asks to close it: it stays open at 100%.
    let s = update(
        &srv,
        &editor,
        t,
        &[("state", "done"), ("narrative", "平台已上线运行")],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let c = srv.store().commitment(t).unwrap();
    assert_eq!((c.state, c.percent), (State::InProgress, Some(100.0)));
    let open = srv.store().open_requests().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].kind, RequestKind::Close);
    let r = srv
        .post(
            &admin,
            &format!("/requests/{}/decide", open[0].id),
            &[("decision", "approve")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let c = srv.store().commitment(t).unwrap();
    assert_eq!((c.state, c.percent), (State::Done, Some(100.0)));
}

#[tokio::test]
async fn the_office_overrides_explicitly_and_sets_milestones() {
    let srv = Server::start().await;
    let admin = srv.browser_login(Who::Admin).await;
    let editor = srv.browser_login(Who::EditorOwn).await;
    let viewer = srv.browser_login(Who::Viewer).await;
    let t = task(&srv, "新增城镇就业 3 万人", "2023-12-31");
    let s = update(
        &srv,
        &admin,
        t,
        &[
            ("state", "in_progress"),
            ("percent", "80"),
            ("narrative", "进展"),
        ],
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    // 已完成 at 80% only with the office's explicit exception, which is recorded.
    let edit = |over: bool| {
        let c = srv.store().commitment(t).unwrap();
        let mut f = vec![
            ("version", c.version.to_string()),
            ("title", c.title.clone()),
            ("lead", srv.dept_a.to_string()),
            ("deadline", c.deadline.clone()),
            ("priority", "2".into()),
            ("state", "done".into()),
        ];
        if over {
            f.push(("state_override", "1".into()));
        }
        f
    };
    let f = edit(false);
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = srv
        .post(&admin, &format!("/commitments/{t}"), &fields)
        .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert!(r.text().await.unwrap().contains("100%"));
    let f = edit(true);
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = srv
        .post(&admin, &format!("/commitments/{t}"), &fields)
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let c = srv.store().commitment(t).unwrap();
    assert_eq!((c.state, c.percent), (State::Done, Some(80.0)));
    let log = srv.store().audit(5, 0).unwrap();
    let e = log.iter().find(|e| e.action == "edit").unwrap();
    assert!(e
        .after
        .as_deref()
        .unwrap()
        .contains("\"state_override\":true"));

    // Milestones: the office sets them, the department marks them done, a viewer cannot.
    let r = srv
        .post(
            &admin,
            &format!("/commitments/{}/milestones", srv.commitment),
            &[("title", "完成方案编制"), ("due", "2023-04-30")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let ms = srv.store().milestones_of(srv.commitment).unwrap();
    let m = ms.iter().find(|m| m.title == "完成方案编制").unwrap().id;
    let r = srv
        .post(
            &viewer,
            &format!("/milestones/{m}"),
            &[("done", "2023-04-20")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = srv
        .post(
            &editor,
            &format!("/milestones/{m}"),
            &[("done", "2023-04-20")],
        )
        .await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        srv.store().milestone(m).unwrap().done_on.as_deref(),
        Some("2023-04-20")
    );
    // Only the office deletes one.
    let r = srv
        .post(&editor, &format!("/milestones/{m}"), &[("delete", "1")])
        .await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let page = srv
        .get(&editor, &format!("/commitments/{}", srv.commitment))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("完成方案编制") && page.contains("已完成 2023-04-20"));
}

#[tokio::test]
async fn health_counts_from_the_assignment() {
    let srv = Server::start().await;
    let viewer = srv.browser_login(Who::Viewer).await;
    // Assigned today, never updated: not 30 days silent, whatever the report year.
    let t = task(&srv, "推进数字政府建设", "2099-12-31");
    let c = srv.store().commitment(t).unwrap();
    let today = zhibiao_tracker::util::today();
    assert_eq!(c.health_start(today), today);
    let page = srv
        .get(&viewer, &format!("/commitments/{t}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !page.contains("30天未更新"),
        "a task assigned today is not stale"
    );
    assert!(page.contains("从分配之日起算"));
    // Not on the office's list of silent tasks either.
    let p = zhibiao_tracker::service::office::pressing(srv.store(), today).unwrap();
    assert!(p.silent.iter().all(|c| c.id != t));
}
