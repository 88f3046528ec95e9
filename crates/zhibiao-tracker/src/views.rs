//! Pages: rendering the templates (`crate::templates`) for a logged-in user, and the view
//! models they are given.

use axum::response::Html;
use minijinja::Value;
use serde_json::json;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

pub use crate::templates::{env, error_page, escape, is_web_url};
pub use crate::util::url_encode;

use crate::auth::Ctx;
use crate::domain::health::{assess, Health, Input, Light};
use crate::domain::{priority_label, State};
use crate::error::AppError;
use crate::store::Commitment;
use serde::Serialize;

/// Renders a page for a logged-in user: `data` is an object; `me`, `csrf`, `nav` are added.
pub fn page(
    ctx: &Ctx,
    template: &str,
    nav: &str,
    data: serde_json::Value,
) -> Result<Html<String>, AppError> {
    page_shared(ctx, template, nav, data, Value::UNDEFINED)
}

/// [`page`] with more data already converted for the templates, as kept between requests by
/// [`crate::AppState::cached`] (converting a large `serde_json::Value` on every request costs
/// more than rendering it).
pub fn page_shared(
    ctx: &Ctx,
    template: &str,
    nav: &str,
    data: serde_json::Value,
    shared: Value,
) -> Result<Html<String>, AppError> {
    let me = me_of(ctx, json!(ctx.user.id), json!(ctx.user.name));
    render_page(template, nav, me, &ctx.csrf, data, shared).map(Html)
}

/// What the templates know of the user (`me`), with the id and name given.
fn me_of(ctx: &Ctx, id: serde_json::Value, name: serde_json::Value) -> serde_json::Value {
    json!({
        "id": id,
        "name": name,
        "role": ctx.user.role,
        "role_label": ctx.user.role.label(),
        "department": ctx.user.department,
        "department_id": ctx.user.department_id,
        "admin": ctx.is_admin(),
    })
}

fn render_page(
    template: &str,
    nav: &str,
    me: serde_json::Value,
    csrf: &str,
    mut data: serde_json::Value,
    shared: Value,
) -> Result<String, AppError> {
    if let Some(obj) = data.as_object_mut() {
        obj.insert("me".into(), me);
        obj.insert("csrf".into(), json!(csrf));
        obj.insert("nav".into(), json!(nav));
    }
    let t = env()
        .get_template(template)
        .map_err(|e| AppError::Internal(format!("template {template}: {e}")))?;
    let ctx = if shared.is_undefined() {
        Value::from_serialize(&data)
    } else {
        minijinja::value::merge_maps([Value::from_serialize(&data), shared])
    };
    t.render(ctx)
        .map_err(|e| AppError::Internal(format!("template {template}: {e:#}")))
}

/// Pages rendered from a view shared between requests ([`crate::AppState::cached`]), each
/// kept for as long as its view is the current one: the dashboard and the list are rendered
/// once per view and kind of user (role and department), not once per request.
///
/// What differs between users of one kind (their id and name, and the session's CSRF token)
/// is rendered as a mark — a per-process random string, which report text or a note cannot
/// contain by chance or by design — found again in the output, and filled in (HTML-escaped, as
/// the template would have) for each request. So a template of such a page may print `me.id`,
/// `me.name` and `csrf`, but must not branch on them or filter them; the test
/// `memo_pages_are_the_pages_rendered_for_each_user` holds the two ways of rendering equal.
#[derive(Default)]
pub struct Pages {
    map: Mutex<HashMap<String, Memo>>,
}

/// Distinct pages kept at most (filters, searches, messages × kinds of user).
const MAX_PAGES: usize = 256;

struct Memo {
    view: Arc<Value>,
    text: Arc<str>,
    /// Where the marks are in `text`, and which value each stands for.
    cuts: Arc<[(Range<usize>, Hole)]>,
}

#[derive(Clone, Copy, PartialEq, Debug)]
enum Hole {
    Id,
    Name,
    Csrf,
}

impl Hole {
    const ALL: [Hole; 3] = [Hole::Id, Hole::Name, Hole::Csrf];
}

/// The mark of each hole, random per process.
fn marks() -> &'static [String; 3] {
    static MARKS: OnceLock<[String; 3]> = OnceLock::new();
    MARKS.get_or_init(|| {
        let nonce = crate::util::random_hex(12);
        Hole::ALL.map(|h| format!("\u{E000}{nonce}{}\u{E001}", h as u8))
    })
}

impl Pages {
    /// [`page_shared`] for a view `shared` out of [`crate::AppState::cached`] under
    /// `view_key`, rendered once for all the users of `ctx`'s kind while that view stays
    /// current.
    pub fn page(
        &self,
        ctx: &Ctx,
        template: &str,
        nav: &str,
        data: serde_json::Value,
        (view_key, shared): (&str, &Arc<Value>),
    ) -> Result<Html<String>, AppError> {
        let key = format!(
            "{template} {nav} {view_key} {data} {} {:?} {:?}",
            ctx.user.role.key(),
            ctx.user.department_id,
            ctx.user.department
        );
        let hit = self.map.lock().ok().and_then(|m| {
            m.get(&key)
                .filter(|memo| Arc::ptr_eq(&memo.view, shared))
                .map(|memo| (memo.text.clone(), memo.cuts.clone()))
        });
        let (text, cuts) = match hit {
            Some(hit) => hit,
            None => {
                let [id, name, csrf] = marks();
                let me = me_of(ctx, json!(id), json!(name));
                let text: Arc<str> =
                    render_page(template, nav, me, csrf, data, (**shared).clone())?.into();
                let cuts: Arc<[_]> = find_marks(&text).into();
                if let Ok(mut m) = self.map.lock() {
                    if m.len() >= MAX_PAGES && !m.contains_key(&key) {
                        m.clear();
                    }
                    let memo = Memo {
                        view: shared.clone(),
                        text: text.clone(),
                        cuts: cuts.clone(),
                    };
                    m.insert(key, memo);
                }
                (text, cuts)
            }
        };
        let values = [
            ctx.user.id.to_string(),
            minijinja::HtmlEscape(&ctx.user.name).to_string(),
            minijinja::HtmlEscape(&ctx.csrf).to_string(),
        ];
        let mut out = String::with_capacity(text.len() + 64);
        let mut at = 0;
        for (range, hole) in cuts.iter() {
            out.push_str(&text[at..range.start]);
            out.push_str(&values[*hole as usize]);
            at = range.end;
        }
        out.push_str(&text[at..]);
        Ok(Html(out))
    }
}

/// The marks in a rendered page, in order.
fn find_marks(text: &str) -> Vec<(Range<usize>, Hole)> {
    let mut cuts = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find('\u{E000}') {
        let start = at + i;
        let found = Hole::ALL
            .iter()
            .zip(marks())
            .find(|(_, m)| text[start..].starts_with(m.as_str()));
        match found {
            Some((hole, m)) => {
                cuts.push((start..start + m.len(), *hole));
                at = start + m.len();
            }
            None => at = start + '\u{E000}'.len_utf8(),
        }
    }
    cuts
}

/// Renders a template with `data`.
pub fn render(template: &str, data: serde_json::Value) -> Result<Html<String>, AppError> {
    crate::templates::render(template, data).map_err(AppError::Internal)
}

/// A one-line notice from a fixed list, chosen by a code in the query (`?msg=saved`): nothing
/// from the URL is ever shown as such.
pub fn flash(code: Option<&str>) -> Option<&'static str> {
    Some(match code? {
        "saved" => "已保存",
        "created" => "已创建",
        "deleted" => "已删除",
        "merged" => "已合并",
        "split" => "已拆分",
        "assigned" => "已批量分配",
        "rated" => "评定已保存",
        "updated" => "进展已提交",
        "imported" => "报告已导入，任务已生成",
        "logout" => "您已退出登录",
        "published" => "已公开：任何人无需登录即可查看该报告的公开页",
        "unpublished" => "公开页已撤回",
        "reminded" => "催办已发出，牵头单位登录后即可看到",
        "reminders" => "督查室发来了新的催办，请查看下方“催办”并及时报送进展",
        "requested" => "申请已提交，等待督查室处理",
        "decided" => "申请已处理",
        _ => return None,
    })
}

/// At most `n` characters of `s`, with … when cut.
pub fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n).collect();
        out.push('…');
        out
    }
}

/// The health of a commitment today.
pub fn health(c: &Commitment, today: chrono::NaiveDate) -> Health {
    assess(health_input(c, today))
}

/// What the health of a commitment on `today` is computed from: the one place its start and
/// deadline are read (the standings' health on past days reads them here too).
pub fn health_input(c: &Commitment, today: chrono::NaiveDate) -> Input {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let start = c.health_start(today);
    let deadline = d(&c.deadline).unwrap_or(start);
    Input {
        start,
        deadline,
        today,
        progress: c.percent.map(|p| p / 100.0),
        state: c.state,
        last_update: c.last_update.as_deref().and_then(d),
    }
}

/// A commitment's health as pages and the API show it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct HealthJson {
    pub light: Light,
    /// The light's name (正常、关注、滞后).
    pub label: &'static str,
    pub overdue: bool,
    pub stale: bool,
    /// Progress expected by today, 0 … 1.
    pub expected: f64,
    /// Progress reported, 0 … 1.
    pub progress: f64,
}

/// A commitment as pages, exports and the API show it: the record and what is worked out from
/// it (`Commitment` in the OpenAPI document, which follows this type).
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = Commitment)]
pub struct CommitmentJson<'a> {
    #[serde(flatten)]
    pub record: &'a Commitment,
    /// The day its health counts from.
    #[schema(format = Date)]
    pub health_start: String,
    pub health: HealthJson,
    /// Its number as shown (序号, or its place in the report).
    pub no: String,
    pub state_label: &'static str,
    pub priority_label: &'static str,
    pub rating_label: Option<&'static str>,
    pub rating_suggested_label: Option<&'static str>,
    pub targets_display: Vec<String>,
    /// 牵头单位 and 责任单位, each as one line.
    #[schema(value_type = Vec<String>, min_items = 2, max_items = 2)]
    pub departments: (String, String),
}

impl<'a> CommitmentJson<'a> {
    pub fn of(c: &'a Commitment, today: chrono::NaiveDate) -> CommitmentJson<'a> {
        let h = health(c, today);
        CommitmentJson {
            record: c,
            health_start: c.health_start(today).format("%Y-%m-%d").to_string(),
            health: HealthJson {
                light: h.light,
                label: h.light.label(),
                overdue: h.overdue,
                stale: h.stale,
                expected: h.expected,
                progress: h.progress,
            },
            no: c.display_number(),
            state_label: c.state.label(),
            priority_label: priority_label(c.priority),
            rating_label: c.rating.map(|r| r.label()),
            rating_suggested_label: c.rating_suggested.map(|r| r.label()),
            targets_display: c.targets.iter().map(|t| t.display()).collect(),
            departments: departments_text(c),
        }
    }
}

/// A commitment as pages and exports show it ([`CommitmentJson`]).
pub fn commitment(c: &Commitment, today: chrono::NaiveDate) -> serde_json::Value {
    serde_json::to_value(CommitmentJson::of(c, today)).unwrap_or_default()
}

/// 牵头单位 and 责任单位 as one line each.
pub fn departments_text(c: &Commitment) -> (String, String) {
    (
        c.lead_department.clone().unwrap_or_default(),
        c.co_departments
            .iter()
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>()
            .join("、"),
    )
}

/// The states for select boxes.
pub fn states() -> serde_json::Value {
    json!(State::ALL
        .iter()
        .map(|s| json!({"key": s.key(), "label": s.label()}))
        .collect::<Vec<_>>())
}

/// Keeps only what the health of `c` is sorted by: red first, then yellow, then green.
pub fn severity(h: &Health) -> u8 {
    match h.light {
        crate::domain::health::Light::Red => 0,
        crate::domain::health::Light::Yellow => 1,
        crate::domain::health::Light::Green => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles_and_escapes() {
        let e = env();
        for (name, _) in crate::templates::TEMPLATES {
            e.get_template(name).unwrap();
        }
        let html = error_page(
            axum::http::StatusCode::BAD_REQUEST,
            "<script>alert(1)</script>",
            "",
            &[],
        );
        assert!(!html.0.contains("<script>alert"));
        assert!(html.0.contains("&lt;script&gt;"));
    }

    fn ctx_of(id: i64, name: &str, role: crate::store::Role, dept: Option<(i64, &str)>) -> Ctx {
        Ctx {
            user: crate::store::User {
                id,
                name: name.into(),
                role,
                department_id: dept.map(|d| d.0),
                department: dept.map(|d| d.1.to_string()),
                disabled: false,
                has_token: false,
                version: 1,
                created_at: 0,
                email: None,
            },
            csrf: crate::util::random_hex(16),
            bearer: false,
            session: None,
        }
    }

    #[test]
    fn memo_pages_are_the_pages_rendered_for_each_user() {
        use crate::store::Role;
        // Untrusted text in the view, including the marks' first character and a guess at a
        // mark, must come out as rendered.
        let bad = "报告\u{E000}0\u{E001}<script>alert(1)</script>&'\"/";
        let view = |title: &str| {
            Arc::new(Value::from_serialize(json!({
                "f": {
                    "total": 2,
                    "lights": [{"key": "green", "label": "正常", "n": 2, "share": 100.0}],
                    "states": [], "ratings": [], "suggested": 0, "overdue": 1, "stale": 0,
                    "departments": [{"name": title, "link": "/departments/1", "total": 2,
                                     "green": 2, "yellow": 0, "red": 0,
                                     "gw": 100.0, "yw": 0.0, "rw": 0.0}],
                    "sections": [],
                },
                "reports": [{"id": 1, "title": title, "label": title, "year": 2024}],
                "items": [], "total": 0, "page": 1, "pages": 1,
                "choices": {"reports": [], "departments": []},
            })))
        };
        let users = [
            ctx_of(1, "管理员", Role::Admin, None),
            ctx_of(
                2,
                "王<b>五</b> & '李' \"/",
                Role::Editor,
                Some((3, "发改局")),
            ),
            ctx_of(3, "赵六", Role::Editor, Some((3, "发改局"))),
            ctx_of(4, bad, Role::Viewer, None),
            ctx_of(5, "钱七", Role::Editor, Some((4, "财政<局>"))),
        ];
        let pages = Pages::default();
        let pages_of = |v: &Arc<Value>| {
            let mut renders = 0;
            for (template, nav, data) in [
                ("dashboard.html", "dashboard", json!({"report": 0})),
                (
                    "commitments.html",
                    "list",
                    json!({"q": {}, "qs": "", "flash": bad}),
                ),
            ] {
                for ctx in &users {
                    let want = page_shared(ctx, template, nav, data.clone(), (**v).clone())
                        .unwrap()
                        .0;
                    for _ in 0..2 {
                        let got = pages
                            .page(ctx, template, nav, data.clone(), ("view", v))
                            .unwrap()
                            .0;
                        assert_eq!(got, want, "{template} for user {}", ctx.user.id);
                    }
                    assert!(want.contains(&ctx.csrf), "the session's own token");
                    assert!(!want.contains("<script>alert"), "escaped");
                    renders += 1;
                }
            }
            renders
        };
        let first = view(bad);
        assert_eq!(pages_of(&first), 10);
        // Users 2 and 3 are of one kind: one memo between them, filled for each.
        assert_eq!(pages.map.lock().unwrap().len(), 8);
        // A new view (the data changed) is rendered anew, not served from the old one.
        let second = view("第二个报告");
        pages_of(&second);
        let ctx = &users[0];
        let page = pages
            .page(
                ctx,
                "dashboard.html",
                "dashboard",
                json!({"report": 0}),
                ("view", &second),
            )
            .unwrap()
            .0;
        assert!(page.contains("第二个报告") && !page.contains("alert(1)"));
        // Two views with the same page data (two pages of the list: the page number is in the
        // view's key, not in the data) are kept apart by their keys.
        let third = view("第三个报告");
        for _ in 0..2 {
            for (key, v, title) in [("p1", &second, "第二个报告"), ("p2", &third, "第三个报告")]
            {
                let page = pages
                    .page(ctx, "dashboard.html", "dashboard", json!({}), (key, v))
                    .unwrap()
                    .0;
                assert!(page.contains(title), "{key}");
            }
        }
        assert_eq!(pages.map.lock().unwrap().len(), 8 + 2, "one memo each");
    }

    #[test]
    fn only_web_addresses_are_links() {
        assert!(is_web_url("https://example.org/a?b=1"));
        assert!(is_web_url("HTTP://example.org"));
        for bad in [
            "javascript:alert(1)",
            " https://example.org",
            "https://exa mple.org",
            "https://",
            "https:///x",
            "http:alert(1)",
            "//example.org",
            "data:text/html,x",
            "https://example.org/\u{0}",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }

    #[test]
    fn urls_and_notices() {
        assert_eq!(url_encode("/a?b=c d"), "/a%3Fb%3Dc%20d");
        assert_eq!(flash(Some("saved")), Some("已保存"));
        assert_eq!(flash(Some("<b>")), None);
    }
}
