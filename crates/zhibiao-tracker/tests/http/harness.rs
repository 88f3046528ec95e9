//! A real tracker on a random port with a temporary database, seeded with the bundled report,
//! two departments and one user per role; and a small client that logs in like a browser.

use reqwest::header::{HeaderMap, COOKIE, SET_COOKIE};
use reqwest::{Client, Method, Response, StatusCode};
use std::path::PathBuf;
use std::sync::Arc;
use zhibiao_tracker::auth::{hash_password, PasswordCost};
use zhibiao_tracker::import::import_bytes;
use zhibiao_tracker::store::sqlite::SqliteStore;
use zhibiao_tracker::store::{
    Actor, CommitmentEdit, Filter, NewEvidence, NewUpdate, NewUser, Role, Store,
};
use zhibiao_tracker::{AppState, Config};

pub const PASSWORD: &str = "password-123";
pub const REPORT: &[u8] = include_bytes!("../../../../tests/data/jiangmen-2023.txt");

/// The roles of the authorisation matrix, in its column order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    Viewer,
    EditorOwn,
    EditorOther,
    Admin,
}

pub const ALL: [Who; 5] = [
    Who::Anonymous,
    Who::Viewer,
    Who::EditorOwn,
    Who::EditorOther,
    Who::Admin,
];

impl Who {
    pub fn user_name(self) -> Option<&'static str> {
        match self {
            Who::Anonymous => None,
            Who::Viewer => Some("viewer"),
            Who::EditorOwn => Some("editor_a"),
            Who::EditorOther => Some("editor_b"),
            Who::Admin => Some("admin"),
        }
    }
}

/// A logged-in browser: its session cookie and CSRF token; and the user's API token.
#[derive(Debug, Clone, Default)]
pub struct Session {
    pub cookie: String,
    pub csrf: String,
    pub token: String,
}

pub struct Server {
    pub base: String,
    pub client: Client,
    pub state: AppState,
    pub data_dir: PathBuf,
    /// The database file.
    pub db: PathBuf,
    /// Department A (the editor_a's) and B.
    pub dept_a: i64,
    pub dept_b: i64,
    pub report: i64,
    /// A commitment led by department A.
    pub commitment: i64,
    pub evidence: i64,
    /// A user the matrix may change freely.
    pub spare_user: i64,
    /// A milestone of `commitment`.
    pub milestone: i64,
    _dir: tempfile::TempDir,
}

pub fn cheap() -> PasswordCost {
    PasswordCost {
        memory_kib: 256,
        passes: 1,
    }
}

impl Server {
    pub async fn start() -> Server {
        Server::start_with(|_| {}).await
    }

    /// [`Server::start`] with the configuration changed by `f` first.
    pub async fn start_with(f: impl FnOnce(&mut Config)) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("tracker.db");
        let store = Arc::new(SqliteStore::open(&db).unwrap());
        let mut config = Config::for_db(&db);
        config.password_cost = cheap();
        f(&mut config);
        let data_dir = config.data_dir.clone();
        let state = AppState::new(store.clone(), config);
        let s: &dyn Store = &*store;
        let actor = Actor::system("test");
        let dept_a = s.create_department(&actor, "市工业和信息化局").unwrap();
        let dept_b = s.create_department(&actor, "市科技局").unwrap();
        let hash = hash_password(PASSWORD, cheap()).unwrap();
        for (name, role, dept) in [
            ("admin", Role::Admin, None),
            ("viewer", Role::Viewer, None),
            ("editor_a", Role::Editor, Some(dept_a)),
            ("editor_b", Role::Editor, Some(dept_b)),
            ("spare", Role::Viewer, None),
        ] {
            s.create_user(
                &actor,
                &NewUser {
                    name: name.into(),
                    password_hash: hash.clone(),
                    role,
                    department_id: dept,
                },
            )
            .unwrap();
        }
        let spare_user = s.login_lookup("spare").unwrap().unwrap().0.id;
        let imported = import_bytes(s, &actor, REPORT, "jiangmen-2023.txt").unwrap();
        let c = s
            .commitments(&Filter::default())
            .unwrap()
            .into_iter()
            .find(|c| !c.targets.is_empty())
            .unwrap();
        s.edit_commitment(
            &actor,
            c.id,
            c.version,
            &CommitmentEdit {
                title: c.title.clone(),
                section: c.section.clone(),
                lead_department_id: Some(dept_a),
                co_department_ids: vec![],
                deadline: c.deadline.clone(),
                priority: c.priority,
                state: c.state,
                start_date: None,
                state_override: false,
            },
        )
        .unwrap();
        // One update with an evidence file, for the download route.
        std::fs::create_dir_all(data_dir.join("evidence")).unwrap();
        std::fs::write(data_dir.join("evidence").join("00ff00ff"), b"%PDF-1.4 test").unwrap();
        s.add_update(
            &actor,
            c.id,
            c.version + 1,
            &NewUpdate {
                date: "2023-02-01".into(),
                value: None,
                percent: Some(10.0),
                state: zhibiao_tracker::domain::State::InProgress,
                narrative: "起步".into(),
                link: None,
                evidence: Some(NewEvidence {
                    stored_name: "00ff00ff".into(),
                    file_name: "方案.pdf".into(),
                    mime: "application/pdf".into(),
                    size: 13,
                    sha256: "x".into(),
                }),
            },
        )
        .unwrap();
        let evidence = s.updates(c.id).unwrap()[0].evidence.as_ref().unwrap().id;
        let milestone = s
            .add_milestone(&actor, c.id, "方案印发", "2023-03-31")
            .unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(zhibiao_tracker::serve(listener, state.clone()));
        let client = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Server {
            base: format!("http://{addr}"),
            client,
            state,
            data_dir,
            db: db.clone(),
            dept_a,
            dept_b,
            report: imported.id,
            commitment: c.id,
            evidence,
            milestone,
            spare_user,
            _dir: dir,
        }
    }

    pub fn store(&self) -> &dyn Store {
        &*self.state.store
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Logs in through the login form, as a browser does, and gives the user an API token.
    pub async fn login(&self, who: Who) -> Session {
        let mut s = self.browser_login(who).await;
        if let Some(name) = who.user_name() {
            let (token, hash) = zhibiao_tracker::auth::new_token();
            let user = self.store().login_lookup(name).unwrap().unwrap().0;
            self.store()
                .set_token(&Actor::system("test"), user.id, Some(&hash))
                .unwrap();
            s.token = token;
        }
        s
    }

    /// Logs in through the login form, as a browser does.
    pub async fn browser_login(&self, who: Who) -> Session {
        let Some(name) = who.user_name() else {
            return Session::default();
        };
        let s = self.login_as(name, PASSWORD).await;
        assert_eq!(s.0, StatusCode::SEE_OTHER, "login of {name}");
        let cookie = s.1.expect("a session cookie");
        let page = self
            .client
            .get(self.url("/"))
            .header(COOKIE, &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), StatusCode::OK);
        let csrf = field(&page.text().await.unwrap(), "csrf").expect("a csrf token");
        Session {
            cookie,
            csrf,
            token: String::new(),
        }
    }

    /// Posts the login form; the status and the session cookie, if one was set.
    pub async fn login_as(&self, name: &str, password: &str) -> (StatusCode, Option<String>) {
        self.login_from(&self.client, name, password).await
    }

    /// [`Server::login_as`] through `client` (one bound to another source address, say).
    pub async fn login_from(
        &self,
        client: &Client,
        name: &str,
        password: &str,
    ) -> (StatusCode, Option<String>) {
        let page = client.get(self.url("/login")).send().await.unwrap();
        let pre = cookie_of(page.headers(), "zb_login").unwrap();
        let csrf = field(&page.text().await.unwrap(), "csrf").unwrap();
        let resp = client
            .post(self.url("/login"))
            .header(COOKIE, &pre)
            .form(&[
                ("csrf", csrf.as_str()),
                ("name", name),
                ("password", password),
                ("next", "/"),
            ])
            .send()
            .await
            .unwrap();
        let status = resp.status();
        (
            status,
            cookie_of(resp.headers(), "zb_session").filter(|c| c != "zb_session="),
        )
    }

    /// A request as a browser with this session (no cookie when anonymous).
    pub fn req(&self, s: &Session, method: Method, path: &str) -> reqwest::RequestBuilder {
        let mut r = self.client.request(method, self.url(path));
        if !s.cookie.is_empty() {
            r = r.header(COOKIE, &s.cookie);
        }
        r
    }

    pub async fn get(&self, s: &Session, path: &str) -> Response {
        self.req(s, Method::GET, path).send().await.unwrap()
    }

    /// Posts a form with the session's CSRF token added.
    pub async fn post(&self, s: &Session, path: &str, fields: &[(&str, &str)]) -> Response {
        let mut f: Vec<(&str, &str)> = vec![("csrf", s.csrf.as_str())];
        f.extend_from_slice(fields);
        self.req(s, Method::POST, path)
            .form(&f)
            .send()
            .await
            .unwrap()
    }

    /// The current version of a commitment.
    pub fn version(&self, id: i64) -> i64 {
        self.store().commitment(id).unwrap().version
    }

    /// Files in the evidence directory.
    pub fn evidence_files(&self) -> usize {
        std::fs::read_dir(self.data_dir.join("evidence"))
            .map(|d| d.count())
            .unwrap_or(0)
    }
}

/// `name=value` of a Set-Cookie header (without attributes).
pub fn cookie_of(h: &HeaderMap, name: &str) -> Option<String> {
    h.get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").to_string())
        .find(|v| v.starts_with(&format!("{name}=")))
}

/// The value of the first `<input name="NAME" value="…">` of a page.
pub fn field(html: &str, name: &str) -> Option<String> {
    let key = format!("name=\"{name}\" value=\"");
    let at = html.find(&key)? + key.len();
    let end = html[at..].find('"')?;
    Some(html[at..at + end].to_string())
}
