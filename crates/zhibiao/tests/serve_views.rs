//! `zhibiao serve` serves the dashboard and the list with a view lag (`SERVE_VIEW_LAG`, one
//! second): someone else's write may show up to a second late, one's own write at once.

use std::time::{Duration, Instant};
use zhibiao_tracker::store::sqlite::SqliteStore;
use zhibiao_tracker::store::Role;

mod common;

/// The `共 N 项` of a list page.
fn total(html: &str) -> usize {
    let at = html.find("共 ").expect("a total") + "共 ".len();
    html[at..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a number")
}

#[test]
fn own_writes_show_at_once_others_within_the_lag() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    common::import_report(db.to_str().unwrap());
    let store = SqliteStore::open(&db).unwrap();
    let tokens = [
        common::add_user(&store, "admin", Role::Admin),
        common::add_user(&store, "viewer", Role::Viewer),
    ];
    let ids = common::commitment_ids(&store);
    drop(store);

    let (mut server, addr) = common::start_server(db.to_str().unwrap());
    let http = reqwest::blocking::Client::new();
    let done = |token: &str| {
        let r = http
            .get(format!("http://{addr}/commitments?state=done"))
            .bearer_auth(token)
            .send()
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        total(&r.text().unwrap())
    };
    let (admin, viewer) = (&tokens[0], &tokens[1]);
    assert_eq!(done(admin), 0);
    assert_eq!(done(viewer), 0);
    for (n, id) in ids.iter().take(3).enumerate() {
        let r = http
            .post(format!("http://{addr}/api/commitments/{id}/updates"))
            .bearer_auth(admin)
            .json(&serde_json::json!({"state": "done", "percent": 100, "narrative": "已完成"}))
            .send()
            .unwrap();
        assert_eq!(r.status(), reqwest::StatusCode::CREATED);
        let written = Instant::now();
        // One's own write: at once, every time.
        assert_eq!(done(admin), n + 1);
        // Someone else's: within the lag (whether it already shows depends on timing).
        let seen = done(viewer);
        assert!(seen == n || seen == n + 1, "{seen}");
        std::thread::sleep(
            (zhibiao_tracker::SERVE_VIEW_LAG + Duration::from_millis(100))
                .saturating_sub(written.elapsed()),
        );
        assert_eq!(done(viewer), n + 1, "after the lag");
    }
    server.kill().unwrap();
    server.wait().unwrap();
}

#[test]
fn secure_cookies_are_marked_secure_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    for (flags, secure) in [(&[][..], false), (&["--secure-cookies"][..], true)] {
        let (mut server, addr) = common::start_server_with(db.to_str().unwrap(), flags);
        let r = reqwest::blocking::get(format!("http://{addr}/login")).unwrap();
        let cookies: Vec<String> = r
            .headers()
            .get_all(reqwest::header::SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect();
        assert!(!cookies.is_empty());
        for c in &cookies {
            assert!(c.contains("HttpOnly") && c.contains("SameSite"), "{c}");
            assert_eq!(c.contains("; Secure"), secure, "{flags:?}: {c}");
        }
        server.kill().unwrap();
        server.wait().unwrap();
    }
}

/// The value of cookie `name` set by a response.
fn set_cookie(r: &reqwest::blocking::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .map(|c| c.split(';').next().unwrap_or("").to_string())
}

/// The value of the hidden `csrf` field of a page.
fn csrf_field(html: &str) -> String {
    let key = "name=\"csrf\" value=\"";
    let at = html.find(key).expect("a csrf field") + key.len();
    html[at..at + html[at..].find('"').unwrap()].to_string()
}

/// Sessions are kept in memory for up to the lag, yet a logout ends one at once.
#[test]
fn a_logout_ends_the_session_at_once_under_the_lag() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    common::add_user(&SqliteStore::open(&db).unwrap(), "viewer", Role::Viewer);
    let (mut server, addr) = common::start_server(db.to_str().unwrap());
    let http = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = http.get(format!("http://{addr}/login")).send().unwrap();
    let login_cookie = set_cookie(&page, "zb_login").expect("the login form's cookie");
    let csrf = csrf_field(&page.text().unwrap());
    let r = http
        .post(format!("http://{addr}/login"))
        .header("cookie", format!("zb_login={login_cookie}"))
        .form(&[
            ("name", "viewer"),
            ("password", common::PASSWORD),
            ("csrf", &csrf),
            ("next", "/"),
        ])
        .send()
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    let session = format!("zb_session={}", set_cookie(&r, "zb_session").unwrap());
    let get = |path: &str| {
        http.get(format!("http://{addr}{path}"))
            .header("cookie", &session)
            .send()
            .unwrap()
    };
    let home = get("/");
    assert_eq!(home.status(), reqwest::StatusCode::OK);
    let csrf = csrf_field(&home.text().unwrap());
    assert_eq!(get("/commitments").status(), reqwest::StatusCode::OK);
    let r = http
        .post(format!("http://{addr}/logout"))
        .header("cookie", &session)
        .form(&[("csrf", csrf.as_str())])
        .send()
        .unwrap();
    assert_eq!(r.status(), reqwest::StatusCode::SEE_OTHER);
    // At once, not after the lag: the old cookie no longer opens a page.
    let after = get("/");
    assert_eq!(after.status(), reqwest::StatusCode::UNAUTHORIZED);
    assert!(after.text().unwrap().contains("登录已过期"));
    server.kill().unwrap();
    server.wait().unwrap();
}

/// One login through the form; the status it gets.
fn login(http: &reqwest::blocking::Client, addr: &str, name: &str, password: &str) -> u16 {
    let page = http.get(format!("http://{addr}/login")).send().unwrap();
    let login_cookie = set_cookie(&page, "zb_login").expect("the login form's cookie");
    let csrf = csrf_field(&page.text().unwrap());
    http.post(format!("http://{addr}/login"))
        .header("cookie", format!("zb_login={login_cookie}"))
        .form(&[
            ("name", name),
            ("password", password),
            ("csrf", &csrf),
            ("next", "/"),
        ])
        .send()
        .unwrap()
        .status()
        .as_u16()
}

/// The login rate limit is kept in the database: restarting the server does not reset it, and
/// a second server on the same database refuses too.
#[test]
fn the_login_limit_outlives_a_restart_and_holds_across_processes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    common::add_user(&SqliteStore::open(&db).unwrap(), "viewer", Role::Viewer);
    let http = reqwest::blocking::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let (mut server, addr) = common::start_server(db.to_str().unwrap());
    for i in 0..10 {
        assert_eq!(
            login(&http, &addr, "viewer", "wrong-password"),
            401,
            "guess {i}"
        );
    }
    assert_eq!(login(&http, &addr, "viewer", common::PASSWORD), 429);
    server.kill().unwrap();
    server.wait().unwrap();

    let (mut again, addr) = common::start_server(db.to_str().unwrap());
    let (mut second, addr2) = common::start_server(db.to_str().unwrap());
    assert_eq!(
        login(&http, &addr, "viewer", common::PASSWORD),
        429,
        "after a restart"
    );
    assert_eq!(
        login(&http, &addr2, "viewer", common::PASSWORD),
        429,
        "another process"
    );
    // Other users are not locked out by it.
    common::add_user(&SqliteStore::open(&db).unwrap(), "other", Role::Viewer);
    assert_eq!(login(&http, &addr2, "other", common::PASSWORD), 303);
    for s in [&mut again, &mut second] {
        s.kill().unwrap();
        s.wait().unwrap();
    }
}
