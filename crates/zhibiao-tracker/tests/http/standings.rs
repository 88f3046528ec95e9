//! Standings: the ranking (lead and supporting apart), the department page's 逾期, the monthly
//! 督办通报 as a page and a workbook, the 红黄绿 trend from the update history, the JSON API,
//! and bad months refused.
//!
//! The fixture is a report of 2025 of its own (so the harness's tasks do not count), three
//! departments and eight tasks with known deadlines and updates, all dated in 2025: every
//! figure below is fixed whatever the day the test runs (after 2025).

use calamine::{Data, Reader, Xlsx};
use reqwest::header::AUTHORIZATION;
use reqwest::StatusCode;
use zhibiao_tracker::domain::State;
use zhibiao_tracker::store::{Actor, CommitmentEdit, NewCommitment, NewReport, NewUpdate};

use crate::harness::{Server, Who};

struct Fixture {
    report: i64,
    x: i64,
    y: i64,
    z: i64,
}

const X: &str = "甲区住房城乡建设局";
const Y: &str = "乙区交通运输局";
const Z: &str = "丙区生态环境局";

/// A task of the fixture: title, lead, supporting, deadline, updates.
type Spec<'a> = (&'a str, i64, Vec<i64>, &'a str, Vec<(&'a str, f64, State)>);

/// Tasks (lead; supporting; deadline; updates as (date, percent, state)):
///
/// | task | lead | supporting | deadline | updates |
/// |---|---|---|---|---|
/// | 任务一 | X | Y, Z | 2025-06-30 | 02-10 30% |
/// | 任务二 | X | Y | 2025-12-31 | 03-01 40%, 05-01 done |
/// | 任务三 | X | | 2025-12-31 | 04-10 done |
/// | 任务四 | X | | 2025-12-31 | 09-15 done |
/// | 任务五 | Y | Z | 2025-03-31 | none |
/// | 任务六 | Y | | 2025-12-31 | 10-20 done |
/// | 任务七 | Z | X | 2099-12-31 | none (stale: lagging, not overdue) |
/// | 任务八 | Z | | 2025-12-31 | 06-01 done |
fn fixture(srv: &Server) -> Fixture {
    let s = srv.store();
    let actor = Actor::system("test");
    let report = s
        .import_report(
            &actor,
            &NewReport {
                name: "standings-2025.txt".into(),
                title: Some("排名测试报告".into()),
                region: Some("测试市".into()),
                year: Some(2025),
                sha256: "standings-fixture".into(),
                format: "txt".into(),
                text: String::new(),
                facts: vec![],
                outline: Default::default(),
                drafts: vec![],
                start_date: "2025-01-01".into(),
                deadline: "2025-12-31".into(),
                suggestions: vec![],
            },
        )
        .unwrap();
    let x = s.create_department(&actor, X).unwrap();
    let y = s.create_department(&actor, Y).unwrap();
    let z = s.create_department(&actor, Z).unwrap();
    let done = State::Done;
    let going = State::InProgress;
    let tasks: Vec<Spec> = vec![
        (
            "任务一",
            x,
            vec![y, z],
            "2025-06-30",
            vec![("2025-02-10", 30.0, going)],
        ),
        (
            "任务二",
            x,
            vec![y],
            "2025-12-31",
            vec![("2025-03-01", 40.0, going), ("2025-05-01", 100.0, done)],
        ),
        (
            "任务三",
            x,
            vec![],
            "2025-12-31",
            vec![("2025-04-10", 100.0, done)],
        ),
        (
            "任务四",
            x,
            vec![],
            "2025-12-31",
            vec![("2025-09-15", 100.0, done)],
        ),
        ("任务五", y, vec![z], "2025-03-31", vec![]),
        (
            "任务六",
            y,
            vec![],
            "2025-12-31",
            vec![("2025-10-20", 100.0, done)],
        ),
        ("任务七", z, vec![x], "2099-12-31", vec![]),
        (
            "任务八",
            z,
            vec![],
            "2025-12-31",
            vec![("2025-06-01", 100.0, done)],
        ),
    ];
    for (title, lead, co, deadline, updates) in tasks {
        let id = s
            .create_commitment(
                &actor,
                &NewCommitment {
                    report_id: report,
                    title: title.into(),
                    section: String::new(),
                    lead_department_id: Some(lead),
                    co_department_ids: co,
                    deadline: Some(deadline.into()),
                    priority: 2,
                },
            )
            .unwrap();
        // Assigned today, but the office counts the year from 1 January 2025 (the start date
        // it sets): the figures are then those of that year, whatever today is.
        let c = s.commitment(id).unwrap();
        s.edit_commitment(
            &actor,
            id,
            c.version,
            &CommitmentEdit {
                title: c.title.clone(),
                section: c.section.clone(),
                lead_department_id: c.lead_department_id,
                co_department_ids: c.co_departments.iter().map(|d| d.id).collect(),
                deadline: c.deadline.clone(),
                priority: c.priority,
                state: c.state,
                start_date: Some("2025-01-01".into()),
                state_override: false,
            },
        )
        .unwrap();
        for (date, percent, state) in updates {
            let version = s.commitment(id).unwrap().version;
            s.add_update(
                &actor,
                id,
                version,
                &NewUpdate {
                    date: date.into(),
                    value: None,
                    percent: Some(percent),
                    state,
                    narrative: "进展".into(),
                    link: None,
                    evidence: None,
                },
            )
            .unwrap();
        }
    }
    Fixture { report, x, y, z }
}

type Line = (String, i64, i64, i64, i64, i64);

/// (name, rank, tasks, overdue, lagging, done) of a ranking in the API's JSON.
fn lines(v: &serde_json::Value) -> Vec<Line> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["name"].as_str().unwrap().to_string(),
                r["rank"].as_i64().unwrap(),
                r["tasks"].as_i64().unwrap(),
                r["overdue"].as_i64().unwrap(),
                r["lagging"].as_i64().unwrap(),
                r["done"].as_i64().unwrap(),
            )
        })
        .collect()
}

fn l(name: &str, rank: i64, tasks: i64, overdue: i64, lagging: i64, done: i64) -> Line {
    (name.to_string(), rank, tasks, overdue, lagging, done)
}

async fn api(srv: &Server, token: &str, path: &str) -> (StatusCode, serde_json::Value) {
    let r = srv
        .client
        .get(srv.url(path))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    (r.status(), r.json().await.unwrap())
}

#[tokio::test]
async fn departments_rank_by_overdue_share_lead_and_supporting_apart() {
    let srv = Server::start().await;
    let f = fixture(&srv);
    let viewer = srv.login(Who::Viewer).await;
    let (status, v) = api(
        &srv,
        &viewer.token,
        &format!("/api/standings?report={}", f.report),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    // Lead: 乙 1 of 2 overdue (50%), 甲 1 of 4 (25%), 丙 none overdue, 1 of 2 lagging.
    assert_eq!(
        lines(&v["lead"]),
        [
            l(Y, 1, 2, 1, 0, 1),
            l(X, 2, 4, 1, 0, 3),
            l(Z, 3, 2, 0, 1, 1),
        ]
    );
    assert_eq!(v["lead"][0]["overdue_share"], 50.0);
    assert_eq!(v["lead"][1]["overdue_share"], 25.0);
    assert_eq!(v["lead"][2]["lagging_share"], 50.0);
    // Supporting, counted apart: 丙 supports two overdue tasks (100%), 乙 one overdue of two,
    // 甲 one lagging.
    assert_eq!(
        lines(&v["supporting"]),
        [
            l(Z, 1, 2, 2, 0, 0),
            l(Y, 2, 2, 1, 0, 1),
            l(X, 3, 1, 0, 1, 0),
        ]
    );
    // At the end of May 2025, from the updates dated up to then: nothing of 甲's is overdue yet
    // but two of its four lag; 乙's 任务五 is overdue; both of 丙's lag.
    let (status, v) = api(
        &srv,
        &viewer.token,
        &format!("/api/standings?report={}&month=2025-05", f.report),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["as_of"], "2025-05-31");
    assert_eq!(
        lines(&v["lead"]),
        [
            l(Y, 1, 2, 1, 1, 0),
            l(Z, 2, 2, 0, 2, 0),
            l(X, 3, 4, 0, 2, 2),
        ]
    );
    // The page shows the same order, for every role that logs in; the department user too.
    for who in [Who::Viewer, Who::EditorOwn, Who::Admin] {
        let s = srv.login(who).await;
        let r = srv
            .get(&s, &format!("/standings?report={}", f.report))
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{who:?}");
        let html = r.text().await.unwrap();
        let lead = &html[html.find("牵头单位排名").unwrap()..html.find("配合单位排名").unwrap()];
        let (px, py, pz) = (
            lead.find(X).unwrap(),
            lead.find(Y).unwrap(),
            lead.find(Z).unwrap(),
        );
        assert!(py < px && px < pz, "lead order on the page");
        let sup = &html[html.find("配合单位排名").unwrap()..];
        let (px, py, pz) = (
            sup.find(X).unwrap(),
            sup.find(Y).unwrap(),
            sup.find(Z).unwrap(),
        );
        assert!(pz < py && py < px, "supporting order on the page");
    }
    // The dashboard's 按牵头单位 follows the ranking.
    let html = srv
        .get(&viewer, &format!("/?report={}", f.report))
        .await
        .text()
        .await
        .unwrap();
    let by = &html[html.find("按牵头单位").unwrap()..];
    let (px, py, pz) = (
        by.find(X).unwrap(),
        by.find(Y).unwrap(),
        by.find(Z).unwrap(),
    );
    assert!(py < px && px < pz, "dashboard order");
    assert!(
        by.contains("逾期 <span class=\"t-red\">1</span>（50.0%）"),
        "{by}"
    );
    // The department page shows its 逾期: 乙 leads 任务五 and supports 任务一, both overdue.
    let html = srv
        .get(&viewer, &format!("/departments/{}", f.y))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<b>2</b><span>逾期</span>"), "{html}");
    assert!(html.contains("牵头 2 项，配合 2 项"));
    let html = srv
        .get(&viewer, &format!("/departments/{}", f.z))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<b>2</b><span>逾期</span>"));
    let html = srv
        .get(&viewer, &format!("/departments/{}", f.x))
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("<b>1</b><span>逾期</span>"));
}

#[tokio::test]
async fn the_monthly_bulletin_lists_overdue_and_lagging_tasks_by_department() {
    let srv = Server::start().await;
    let f = fixture(&srv);
    // 催办 (times are mid-day UTC, inside the day in any time zone): 任务五 twice in May (one
    // answered in May, one in June), once in April and once in June; 任务一 once in May.
    let ids: std::collections::HashMap<String, i64> = srv
        .store()
        .commitments(&zhibiao_tracker::store::Filter {
            report_id: Some(f.report),
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|c| (c.title, c.id))
        .collect();
    let db = rusqlite::Connection::open(&srv.db).unwrap();
    for (title, sent, answered) in [
        ("任务五", 1_747_310_400i64, Some(1_747_742_400i64)), // 05-15, answered 05-20
        ("任务五", 1_747_915_200, Some(1_748_865_600)),       // 05-22, answered 06-02
        ("任务五", 1_744_718_400, None),                      // 04-15
        ("任务五", 1_749_988_800, None),                      // 06-15
        ("任务一", 1_746_878_400, None),                      // 05-10
    ] {
        db.execute(
            "INSERT INTO reminders (commitment_id, reason, message, sent_by_name, sent_at, answered_at)
             VALUES (?1, 'overdue', '请报送进展', '督查室', ?2, ?3)",
            rusqlite::params![ids[title], sent, answered],
        )
        .unwrap();
    }
    drop(db);
    let editor = srv.login(Who::EditorOther).await;
    let r = srv
        .get(
            &editor,
            &format!("/standings/bulletin.xlsx?month=2025-05&report={}", f.report),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .contains("bulletin-2025-05.xlsx"));
    let bytes = r.bytes().await.unwrap().to_vec();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("督办通报").unwrap();
    let rows: Vec<Vec<Data>> = sheet.rows().map(|r| r.to_vec()).collect();
    let title = rows[0][0].to_string();
    assert!(
        title.starts_with("2025年5月督办通报（截至 2025-05-31"),
        "{title}"
    );
    assert!(
        title.contains("任务 8 项，逾期 1 项，滞后 5 项；催办 3 次，已答复 1 次"),
        "{title}"
    );
    let head: Vec<String> = rows[1].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        head,
        [
            "牵头单位",
            "序号",
            "任务",
            "配合单位",
            "类别",
            "完成时限",
            "逾期天数",
            "最近更新",
            "完成进度",
            "健康度",
            "催办次数",
            "催办已答复"
        ]
    );
    // (牵头单位, 任务, 配合单位, 类别, 健康度), in the lead ranking of 31 May: 乙 (one overdue),
    // 丙 (no overdue, all lagging), 甲 (half lagging); overdue first, then by deadline.
    let body: Vec<(String, String, String, String, String)> = rows[2..]
        .iter()
        .map(|r| {
            (
                r[0].to_string(),
                r[2].to_string(),
                r[3].to_string(),
                r[4].to_string(),
                r[9].to_string(),
            )
        })
        .collect();
    let row = |a: &str, b: &str, c: &str, d: &str, e: &str| {
        (a.into(), b.into(), c.into(), d.into(), e.into())
    };
    assert_eq!(
        body,
        [
            row(Y, "任务五", Z, "逾期", "滞后"),
            row(Y, "任务六", "", "滞后", "滞后"),
            row(Z, "任务八", "", "滞后", "滞后"),
            row(Z, "任务七", X, "滞后", "关注"),
            // Supporting departments by name, as everywhere.
            row(X, "任务一", &format!("{Z}、{Y}"), "滞后", "滞后"),
            row(X, "任务四", "", "滞后", "滞后"),
        ]
    );
    // Typed cells: the deadline a date, days overdue and progress numbers, the latest update
    // as of 31 May a date; 催办 left empty until reminders are recorded.
    let t5 = &rows[2];
    match &t5[5] {
        Data::DateTime(d) => assert_eq!(d.as_f64(), 45747.0, "2025-03-31"),
        other => panic!("完成时限 is not a date: {other:?}"),
    }
    assert_eq!(t5[6], Data::Float(61.0));
    assert_eq!(t5[7], Data::Empty);
    // 催办 in May: two for 任务五, one answered by 31 May (the other in June).
    assert_eq!((&t5[10], &t5[11]), (&Data::Float(2.0), &Data::Float(1.0)));
    assert_eq!(
        (&rows[3][10], &rows[3][11]),
        (&Data::Float(0.0), &Data::Float(0.0))
    );
    let t1 = &rows[6];
    match &t1[7] {
        Data::DateTime(d) => assert_eq!(d.as_f64(), 45698.0, "2025-02-10"),
        other => panic!("最近更新 is not a date: {other:?}"),
    }
    assert_eq!(t1[8], Data::Float(30.0));
    assert_eq!(t1[6], Data::Empty, "not overdue");
    assert_eq!((&t1[10], &t1[11]), (&Data::Float(1.0), &Data::Float(0.0)));
    // The ranking sheet: lead then supporting.
    let ranking = wb.worksheet_range("排名").unwrap();
    let rk: Vec<(String, Data, String)> = ranking
        .rows()
        .skip(1)
        .map(|r| (r[0].to_string(), r[1].clone(), r[2].to_string()))
        .collect();
    assert_eq!(rk.len(), 6);
    assert_eq!(rk[0], ("牵头".into(), Data::Float(1.0), Y.into()));
    assert_eq!(rk[3].0, "配合");

    // The printable page: the same tasks, by department, and nothing to run.
    let r = srv
        .get(
            &editor,
            &format!("/standings/bulletin?month=2025-05&report={}", f.report),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("2025年5月督办通报"));
    assert!(html.contains("截至 2025-05-31"));
    let main = &html[html.find("二、逾期和滞后任务").unwrap()..];
    let at = |s: &str| {
        main.find(s)
            .unwrap_or_else(|| panic!("{s} in the bulletin"))
    };
    assert!(
        at(&format!(
            "1. {Y}（逾期 1 项，滞后 1 项；催办 2 次，已答复 1 次）"
        )) < at("任务五")
    );
    assert!(main.contains(&format!(
        "3. {X}（逾期 0 项，滞后 2 项；催办 1 次，已答复 0 次）"
    )));
    assert!(at("任务五") < at("任务六") && at("任务六") < at(&format!("2. {Z}")));
    assert!(at("任务八") < at("任务七") && at("任务七") < at(&format!("3. {X}")));
    assert!(at("任务一") < at("任务四"));
    for absent in ["任务二", "任务三"] {
        assert!(!main.contains(absent), "{absent} was done by 31 May");
    }
    assert!(html.contains("催办 / 已答复"));
    assert!(!html.contains("<script"));

    // Default: the current month, which has begun.
    let r = srv.get(&editor, "/standings/bulletin").await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = srv.get(&editor, "/standings/bulletin.xlsx").await;
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_trend_counts_each_month_from_the_history_as_svg() {
    let srv = Server::start().await;
    let f = fixture(&srv);
    let viewer = srv.login(Who::Viewer).await;
    let r = srv
        .get(
            &viewer,
            &format!("/standings?report={}&year=2025", f.report),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let html = r.text().await.unwrap();
    assert!(html.contains("<svg class=\"trend\""));
    assert!(!html.contains("<script"), "no script");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing fetched"
    );
    // The table under the chart: date, green, yellow, red, of which overdue, total.
    let row = |date: &str| {
        let at = html
            .find(&format!("<td class=\"nowrap\">{date}</td>"))
            .unwrap_or_else(|| panic!("{date} in the trend"));
        let tr = &html[at..at + html[at..].find("</tr>").unwrap()];
        tr.split("<td class=\"num\">")
            .skip(1)
            .map(|c| c.split('<').next().unwrap().parse::<usize>().unwrap())
            .collect::<Vec<_>>()
    };
    // 31 Jan: 任务一 (nothing yet, 17% of its time gone) and 任务五 (34%) yellow; six green.
    assert_eq!(row("2025-01-31"), [6, 2, 0, 0, 8]);
    // 30 Jun: done 任务二, 三, 八 green; 任务七 stale yellow; 任务一 30% at its deadline, 四 and
    // 六 nothing at half-time, 五 overdue: red.
    assert_eq!(row("2025-06-30"), [3, 1, 4, 1, 8]);
    // 31 Dec: five done; 任务七 yellow; 任务一 and 五 overdue.
    assert_eq!(row("2025-12-31"), [5, 1, 2, 2, 8]);
    assert_eq!(html.matches("<g><title>").count(), 12, "one bar a month");
    assert!(html.contains("2025-06-30：正常 3，关注 1，滞后 4（其中逾期 1）"));
}

#[tokio::test]
async fn bad_months_and_years_are_refused_plainly() {
    let srv = Server::start().await;
    let viewer = srv.login(Who::Viewer).await;
    for q in [
        "month=2025-13",
        "month=2025-5",
        "month=abc",
        "month=2999-01",
        "month=%FF%FE",
        "month=0000-01",
        "month=2025-05-01",
    ] {
        for path in ["/standings/bulletin", "/standings/bulletin.xlsx"] {
            let r = srv.get(&viewer, &format!("{path}?{q}")).await;
            assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{path}?{q}");
            let text = r.text().await.unwrap();
            assert!(text.contains("月份"), "{path}?{q}: {text}");
        }
        let (status, v) = api(&srv, &viewer.token, &format!("/api/standings?{q}")).await;
        // The API: malformed is a 400; a well-formed month outside the standings (not begun,
        // before 1990) a 404, as its OpenAPI document says.
        if matches!(q, "month=2999-01" | "month=0000-01") {
            assert_eq!(status, StatusCode::NOT_FOUND, "{q}");
        } else {
            assert_eq!(status, StatusCode::BAD_REQUEST, "{q}");
            assert!(v["error"].as_str().unwrap().contains("月份"), "{v}");
        }
    }
    for q in [
        "year=abc",
        "year=20255",
        "year=2999",
        "year=-1",
        "year=1989",
    ] {
        let r = srv.get(&viewer, &format!("/standings?{q}")).await;
        assert_eq!(r.status(), StatusCode::BAD_REQUEST, "{q}");
    }
    // A report that is not an id selects every report, as on the list.
    let r = srv.get(&viewer, "/standings?report=x%27").await;
    assert_eq!(r.status(), StatusCode::OK);
    // Anonymous: the login, never the standings.
    let anon = crate::harness::Session::default();
    let r = srv.get(&anon, "/standings/bulletin.xlsx").await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn names_are_escaped_on_every_standings_page() {
    let srv = Server::start().await;
    let s = srv.store();
    let actor = Actor::system("test");
    let bad = "<script>alert(1)</script>局";
    let d = s.create_department(&actor, bad).unwrap();
    // Overdue today (the harness's report is of 2023): in the ranking and this month's bulletin.
    s.create_commitment(
        &actor,
        &NewCommitment {
            report_id: srv.report,
            title: "<img src=x onerror=alert(2)>任务".into(),
            section: String::new(),
            lead_department_id: Some(d),
            co_department_ids: vec![srv.dept_a],
            deadline: Some("2023-06-30".into()),
            priority: 2,
        },
    )
    .unwrap();
    let viewer = srv.login(Who::Viewer).await;
    for path in ["/standings", "/standings/bulletin", "/"] {
        let html = srv.get(&viewer, path).await.text().await.unwrap();
        assert!(!html.contains("<script>alert"), "{path}");
        assert!(!html.contains("<img src=x"), "{path}");
        assert!(html.contains("&lt;script&gt;alert(1)"), "{path}");
    }
    let html = srv
        .get(&viewer, "/standings/bulletin")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;任务"));
    // In the workbook the title is text as written.
    let bytes = srv
        .get(&viewer, "/standings/bulletin.xlsx")
        .await
        .bytes()
        .await
        .unwrap()
        .to_vec();
    let mut wb: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let sheet = wb.worksheet_range("督办通报").unwrap();
    assert!(sheet
        .rows()
        .any(|r| r[2] == Data::String("<img src=x onerror=alert(2)>任务".into())));
}

/// Every SQL-injection and XSS payload of the attack tests in every query field of every
/// standings route: a page (200) or a plain refusal (400), never an error, nothing written,
/// nothing echoed unescaped; a report that is not an id is no filter at all.
#[tokio::test]
async fn injection_and_script_payloads_in_every_field_are_refused_or_ignored() {
    use crate::attacks::{SQLI, XSS};
    use reqwest::Method;
    let srv = Server::start().await;
    let f = fixture(&srv);
    let viewer = srv.login(Who::Viewer).await;
    let count = |srv: &Server| {
        let s = srv.store();
        (
            s.commitments(&Default::default()).unwrap().len(),
            s.users().unwrap().len(),
            s.departments().unwrap().len(),
            s.audit_count().unwrap(),
        )
    };
    let before = count(&srv);
    let all = api(&srv, &viewer.token, "/api/standings").await.1;
    let (mut sent, mut refused) = (0, 0);
    for p in SQLI.iter().chain(XSS) {
        for path in [
            "/standings",
            "/standings/bulletin",
            "/standings/bulletin.xlsx",
            "/api/standings",
        ] {
            for field in ["report", "year", "month"] {
                let mut r = srv.req(&viewer, Method::GET, path).query(&[(field, *p)]);
                if path.starts_with("/api/") {
                    r = r.header(AUTHORIZATION, format!("Bearer {}", viewer.token));
                }
                let resp = r.send().await.unwrap();
                let status = resp.status();
                sent += 1;
                assert!(
                    status == StatusCode::OK || status == StatusCode::BAD_REQUEST,
                    "{path}?{field}={p}: {status}"
                );
                if status == StatusCode::BAD_REQUEST {
                    refused += 1;
                }
                let body = resp.bytes().await.unwrap();
                let text = String::from_utf8_lossy(&body);
                assert!(
                    !text.contains("__xss") || !text.contains("<script"),
                    "{path}?{field}={p} echoed"
                );
                assert!(!text.contains(*p) || !p.contains('<'), "{path}?{field}={p}");
                if path == "/api/standings" && field == "report" {
                    assert_eq!(status, StatusCode::OK, "{p}");
                    let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
                    assert_eq!(v, all, "report={p} filters nothing");
                }
            }
        }
    }
    assert_eq!(count(&srv), before, "nothing written");
    eprintln!("standings payloads: {sent} sent, {refused} refused (400), 0 through");
    assert!(sent > 400 && refused > 0, "{sent} sent, {refused} refused");
    // The fixture's report still filters.
    let mine = api(
        &srv,
        &viewer.token,
        &format!("/api/standings?report={}", f.report),
    )
    .await
    .1;
    assert_ne!(mine, all);
}
