//! The authorisation matrix: every route × every role, with the status expected. The rows are
//! checked against the router's own route list, so a new route without a row fails here.
//!
//! State-changing routes are sent a valid CSRF token and an otherwise empty form: a role that
//! may act gets past the checks of login, role and token and stops at the input (400), without
//! changing anything; a role that may not gets 401/403.

use reqwest::header::{AUTHORIZATION, COOKIE};
use reqwest::{Method, StatusCode};
use std::collections::BTreeSet;

use crate::harness::{field, Server, Session, Who, ALL};

/// How a row's request is made.
#[derive(Clone, Copy, PartialEq)]
enum Body {
    None,
    Form,
    Multipart,
    Json,
    /// The login form (its own CSRF cookie, no session).
    Login,
}

/// (method, route, body, [anonymous, viewer, editor of own department, editor of another,
/// admin]).
type Row = (&'static str, &'static str, Body, [u16; 5]);

const PAGE: [u16; 5] = [303, 200, 200, 200, 200];
const ADMIN_PAGE: [u16; 5] = [303, 403, 403, 403, 200];
const ADMIN_POST: [u16; 5] = [401, 403, 403, 403, 400];
const OPEN: [u16; 5] = [200; 5];
const API_READ: [u16; 5] = [401, 200, 200, 200, 200];

const MATRIX: &[Row] = &[
    ("GET", "/static/{file}", Body::None, OPEN),
    ("GET", "/healthz", Body::None, OPEN),
    ("GET", "/login", Body::None, OPEN),
    ("POST", "/login", Body::Login, [400; 5]),
    ("POST", "/logout", Body::Form, [401, 303, 303, 303, 303]),
    ("GET", "/", Body::None, PAGE),
    ("GET", "/commitments", Body::None, PAGE),
    ("GET", "/commitments/{id}", Body::None, PAGE),
    // A viewer is sent to the whole list: “my tasks” is for those who record progress.
    ("GET", "/my", Body::None, [303, 303, 200, 200, 200]),
    ("GET", "/departments", Body::None, PAGE),
    ("GET", "/departments/{id}", Body::None, PAGE),
    ("GET", "/reports", Body::None, PAGE),
    ("GET", "/reports/{id}", Body::None, PAGE),
    ("POST", "/reports/{id}/publish", Body::Form, ADMIN_POST),
    // The public side needs no login; the harness's report is not published.
    ("GET", "/public", Body::None, OPEN),
    ("GET", "/public/reports/{id}", Body::None, [404; 5]),
    ("GET", "/evidence/{id}", Body::None, PAGE),
    (
        "GET",
        "/commitments/{id}/updates/new",
        Body::None,
        [303, 403, 200, 403, 200],
    ),
    (
        "POST",
        "/commitments/{id}/updates",
        Body::Multipart,
        [401, 403, 400, 403, 400],
    ),
    ("GET", "/commitments/{id}/edit", Body::None, ADMIN_PAGE),
    ("POST", "/commitments/{id}", Body::Form, ADMIN_POST),
    ("POST", "/commitments/{id}/delete", Body::Form, ADMIN_POST),
    ("POST", "/commitments/{id}/merge", Body::Form, ADMIN_POST),
    ("POST", "/commitments/{id}/split", Body::Form, ADMIN_POST),
    ("POST", "/commitments/assign", Body::Form, ADMIN_POST),
    ("POST", "/commitments/{id}/rating", Body::Form, ADMIN_POST),
    ("POST", "/reports", Body::Multipart, ADMIN_POST),
    ("POST", "/departments", Body::Form, ADMIN_POST),
    ("POST", "/departments/{id}", Body::Form, ADMIN_POST),
    ("POST", "/departments/{id}/delete", Body::Form, ADMIN_POST),
    ("GET", "/users", Body::None, ADMIN_PAGE),
    ("POST", "/users", Body::Form, ADMIN_POST),
    ("POST", "/users/{id}", Body::Form, ADMIN_POST),
    // A token for the spare user: only its owner makes one, not even an admin (issue 13).
    (
        "POST",
        "/users/{id}/token",
        Body::Form,
        [401, 403, 403, 403, 403],
    ),
    ("GET", "/account", Body::None, PAGE),
    ("GET", "/audit", Body::None, ADMIN_PAGE),
    // The 督查室's workflow (issue 13).
    ("GET", "/duban", Body::None, ADMIN_PAGE),
    ("POST", "/duban/settings", Body::Form, ADMIN_POST),
    ("POST", "/commitments/{id}/remind", Body::Form, ADMIN_POST),
    // Requests come from the lead department only.
    (
        "POST",
        "/commitments/{id}/requests",
        Body::Form,
        [401, 403, 400, 403, 403],
    ),
    ("POST", "/requests/{id}/decide", Body::Form, ADMIN_POST),
    (
        "POST",
        "/commitments/{id}/milestones",
        Body::Form,
        ADMIN_POST,
    ),
    // Those who report on the task mark its milestones done.
    (
        "POST",
        "/milestones/{id}",
        Body::Form,
        [401, 403, 400, 403, 400],
    ),
    // Everyone sets their own address (an empty form clears it).
    (
        "POST",
        "/account/email",
        Body::Form,
        [401, 303, 303, 303, 303],
    ),
    ("GET", "/export/ledger.xlsx", Body::None, PAGE),
    ("GET", "/export/ledger.csv", Body::None, PAGE),
    ("GET", "/export/audit.xlsx", Body::None, ADMIN_PAGE),
    ("GET", "/export/audit.csv", Body::None, ADMIN_PAGE),
    // Standings: read by every role (the 通报 departments are measured by).
    ("GET", "/standings", Body::None, PAGE),
    ("GET", "/standings/bulletin", Body::None, PAGE),
    ("GET", "/standings/bulletin.xlsx", Body::None, PAGE),
    ("GET", "/api/openapi.json", Body::None, OPEN),
    ("GET", "/api/reports", Body::None, API_READ),
    ("GET", "/api/departments", Body::None, API_READ),
    ("GET", "/api/commitments", Body::None, API_READ),
    ("GET", "/api/commitments/{id}", Body::None, API_READ),
    ("GET", "/api/standings", Body::None, API_READ),
    (
        "POST",
        "/api/commitments",
        Body::Json,
        [401, 403, 403, 403, 400],
    ),
    ("POST", "/api/commitments/assign", Body::Json, ADMIN_POST),
    (
        "POST",
        "/api/commitments/{id}/updates",
        Body::Json,
        [401, 403, 400, 403, 400],
    ),
];

/// The route with its `{…}` filled in.
fn concrete(srv: &Server, route: &str) -> String {
    let id = if route.starts_with("/static/") {
        return route.replace("{file}", "app.css");
    } else if route.starts_with("/departments/") {
        srv.dept_a
    } else if route.starts_with("/reports/") || route.starts_with("/public/reports/") {
        srv.report
    } else if route.starts_with("/evidence/") {
        srv.evidence
    } else if route.starts_with("/users/") {
        srv.spare_user
    } else if route.starts_with("/milestones/") {
        srv.milestone
    } else {
        srv.commitment
    };
    route.replace("{id}", &id.to_string())
}

async fn send(
    srv: &Server,
    who: Who,
    s: &Session,
    method: &str,
    route: &str,
    body: Body,
) -> StatusCode {
    let path = concrete(srv, route);
    let method = Method::from_bytes(method.as_bytes()).unwrap();
    let api = path.starts_with("/api/");
    let mut req = if api {
        let mut r = srv.client.request(method.clone(), srv.url(&path));
        if who != Who::Anonymous {
            r = r.header(AUTHORIZATION, format!("Bearer {}", s.token));
        }
        r
    } else {
        srv.req(s, method.clone(), &path)
    };
    req = match body {
        Body::None => req,
        Body::Form => req.form(&[("csrf", s.csrf.as_str())]),
        Body::Multipart => {
            req.multipart(reqwest::multipart::Form::new().text("csrf", s.csrf.clone()))
        }
        Body::Json => req.header("content-type", "application/json").body("{}"),
        Body::Login => {
            let page = srv.client.get(srv.url("/login")).send().await.unwrap();
            let pre = crate::harness::cookie_of(page.headers(), "zb_login").unwrap();
            let csrf = field(&page.text().await.unwrap(), "csrf").unwrap();
            let cookie = if s.cookie.is_empty() {
                pre
            } else {
                format!("{pre}; {}", s.cookie)
            };
            srv.client
                .post(srv.url("/login"))
                .header(COOKIE, cookie)
                .form(&[("csrf", csrf.as_str())])
        }
    };
    req.send().await.unwrap().status()
}

#[tokio::test]
async fn every_route_times_every_role() {
    let srv = Server::start().await;
    // The matrix lists exactly the router's routes.
    let table: BTreeSet<(String, String)> = zhibiao_tracker::route_table()
        .into_iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    let rows: BTreeSet<(String, String)> = MATRIX
        .iter()
        .map(|(m, p, _, _)| (m.to_string(), p.to_string()))
        .collect();
    let missing: Vec<_> = table.difference(&rows).collect();
    let extra: Vec<_> = rows.difference(&table).collect();
    assert!(
        missing.is_empty(),
        "routes with no row in the matrix: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "rows for routes that do not exist: {extra:?}"
    );
    assert_eq!(rows.len(), MATRIX.len(), "a route has two rows");

    let mut sessions = Vec::new();
    for who in ALL {
        sessions.push(srv.login(who).await);
    }
    let before = srv.store().commitments(&Default::default()).unwrap();
    let mut failures = Vec::new();
    for (method, route, body, expected) in MATRIX {
        for (i, who) in ALL.iter().enumerate() {
            // Logging out ends a session: use a fresh one.
            let fresh;
            let s = if *route == "/logout" && *who != Who::Anonymous {
                fresh = srv.browser_login(*who).await;
                &fresh
            } else {
                &sessions[i]
            };
            let got = send(&srv, *who, s, method, route, *body).await;
            if got.as_u16() != expected[i] {
                failures.push(format!(
                    "{method} {route} as {who:?}: expected {}, got {got}",
                    expected[i]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cells wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Nothing the matrix sent changed a commitment.
    assert_eq!(
        srv.store().commitments(&Default::default()).unwrap(),
        before
    );
}
