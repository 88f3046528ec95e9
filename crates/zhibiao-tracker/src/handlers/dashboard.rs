//! The dashboard: counts by health and state, by department and by section, drawn as inline
//! SVG bars (no script, nothing fetched).

use axum::extract::{Query, State};
use axum::response::Html;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

use crate::auth::Ctx;
use crate::domain::health::{Health, Light};
use crate::domain::standings;
use crate::domain::{Rating, State as WorkState};
use crate::error::AppError;
use crate::service::select::{rows_of, ListQuery};
use crate::store::Commitment;
use crate::{views, AppState};

/// One bar: counts per light, and their widths (0 … 100) against the longest bar.
#[derive(Serialize, Default, Clone)]
struct Bar {
    name: String,
    link: String,
    total: usize,
    green: usize,
    yellow: usize,
    red: usize,
    gw: f64,
    yw: f64,
    rw: f64,
    /// The lead ranking's figures (`crate::domain::standings`), for departments; 0 elsewhere.
    rank: usize,
    overdue: usize,
    lagging: usize,
    overdue_share: f64,
    lagging_share: f64,
}

fn bars(groups: BTreeMap<String, (String, [usize; 3])>) -> Vec<Bar> {
    let max = groups
        .values()
        .map(|(_, c)| c.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let mut out: Vec<Bar> = groups
        .into_iter()
        .map(|(name, (link, [g, y, r]))| {
            let w = |n: usize| (n as f64 * 100.0 / max * 10.0).round() / 10.0;
            Bar {
                name,
                link,
                total: g + y + r,
                green: g,
                yellow: y,
                red: r,
                gw: w(g),
                yw: w(y),
                rw: w(r),
                ..Bar::default()
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.red
            .cmp(&a.red)
            .then(b.total.cmp(&a.total))
            .then(a.name.cmp(&b.name))
    });
    out
}

fn slot(h: &Health) -> usize {
    match h.light {
        Light::Green => 0,
        Light::Yellow => 1,
        Light::Red => 2,
    }
}

/// The figures of the dashboard for a set of commitments.
fn figures(rows: &[(Commitment, Health)]) -> serde_json::Value {
    let mut by_light = [0usize; 3];
    let mut by_state: BTreeMap<&str, usize> = WorkState::ALL.iter().map(|s| (s.key(), 0)).collect();
    let mut by_rating: BTreeMap<&str, usize> = Rating::ALL.iter().map(|r| (r.key(), 0)).collect();
    let mut departments: BTreeMap<String, (String, [usize; 3])> = BTreeMap::new();
    let mut sections: BTreeMap<String, (String, [usize; 3])> = BTreeMap::new();
    let (mut overdue, mut stale, mut suggested) = (0, 0, 0);
    let mut tasks = Vec::with_capacity(rows.len());
    for (c, h) in rows {
        tasks.push(standings::Task {
            lead: c
                .lead_department_id
                .zip(c.lead_department.clone())
                .map(|(id, name)| crate::store::DeptRef { id, name }),
            supporting: c.co_departments.clone(),
            standing: standings::standing(c.state, h),
        });
        let i = slot(h);
        by_light[i] += 1;
        *by_state.entry(c.state.key()).or_default() += 1;
        if let Some(r) = c.rating {
            *by_rating.entry(r.key()).or_default() += 1;
        } else if c.rating_suggested.is_some() {
            suggested += 1;
        }
        overdue += h.overdue as usize;
        stale += h.stale as usize;
        let (dname, dlink) = match (&c.lead_department, c.lead_department_id) {
            (Some(n), Some(id)) => (n.clone(), format!("/departments/{id}")),
            _ => ("（未分配牵头单位）".to_string(), String::new()),
        };
        departments.entry(dname).or_insert((dlink, [0; 3])).1[i] += 1;
        let top = c.section.split(" › ").next().unwrap_or("").trim();
        let top = if top.is_empty() {
            "（未分部分）"
        } else {
            top
        };
        let link = if c.section.is_empty() {
            String::new()
        } else {
            format!("/commitments?section={}", views::url_encode(&c.section))
        };
        let e = sections.entry(top.to_string()).or_insert((link, [0; 3]));
        e.1[i] += 1;
    }
    // 按牵头单位: in the order of the lead ranking (worst overdue share first), with its figures;
    // tasks with no lead department last.
    let ranking = standings::rank(&tasks);
    let mut departments = bars(departments);
    let place: std::collections::HashMap<&str, (usize, &standings::Row)> = ranking
        .lead
        .iter()
        .enumerate()
        .map(|(i, r)| (r.name.as_str(), (i, r)))
        .collect();
    for b in &mut departments {
        if let Some((_, r)) = place.get(b.name.as_str()) {
            b.rank = r.rank;
            b.overdue = r.overdue;
            b.lagging = r.lagging;
            b.overdue_share = r.overdue_share;
            b.lagging_share = r.lagging_share;
        }
    }
    departments.sort_by_key(|b| place.get(b.name.as_str()).map_or(usize::MAX, |p| p.0));
    let total = rows.len();
    let share = |n: usize| {
        if total == 0 {
            0.0
        } else {
            (n as f64 * 1000.0 / total as f64).round() / 10.0
        }
    };
    json!({
        "total": total,
        "lights": Light::ALL.iter().map(|l| {
            let n = by_light[match l { Light::Green => 0, Light::Yellow => 1, Light::Red => 2 }];
            json!({"key": l.key(), "label": l.label(), "n": n, "share": share(n)})
        }).collect::<Vec<_>>(),
        "states": WorkState::ALL.iter().map(|s| {
            let n = by_state[s.key()];
            json!({"key": s.key(), "label": s.label(), "n": n, "share": share(n)})
        }).collect::<Vec<_>>(),
        "ratings": Rating::ALL.iter().map(|r| json!({"key": r.key(), "label": r.label(), "n": by_rating[r.key()]})).collect::<Vec<_>>(),
        "suggested": suggested,
        "overdue": overdue,
        "stale": stale,
        "departments": departments,
        "sections": bars(sections),
    })
}

/// `GET /`.
pub async fn dashboard(
    State(st): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Html<String>, AppError> {
    let q = ListQuery {
        report: q.report,
        ..ListQuery::default()
    };
    // The figures are shared between requests until the next write (or the next day).
    let filter = q.filter();
    let key = format!("figures {filter:?}");
    let f = st
        .cached(key.clone(), move |s, scope| {
            let rows = rows_of(s, scope, &filter)?;
            let reports = s.reports()?;
            Ok(minijinja::Value::from_serialize(
                json!({ "f": figures(&rows), "reports": reports }),
            ))
        })
        .await?;
    st.pages.page(
        &ctx,
        "dashboard.html",
        "dashboard",
        json!({ "report": q.report.unwrap_or_default() }),
        (&key, &f),
    )
}
