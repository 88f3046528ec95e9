//! Selecting commitments: the filters of the list, the exports, the dashboard and the API, and
//! the commitments they select with their health today.

use serde::Deserialize;

use crate::domain::health::{Health, Light};
use crate::domain::State as WorkState;
use crate::error::AppError;
use crate::store::{Commitment, Filter};
use crate::util::today;
use crate::{views, AppState};

/// The filters of the list, the exports and the API, all optional text.
#[derive(Deserialize, Default, Clone, Debug)]
pub struct ListQuery {
    pub q: Option<String>,
    pub report: Option<String>,
    pub dept: Option<String>,
    pub state: Option<String>,
    pub health: Option<String>,
    pub priority: Option<String>,
    pub section: Option<String>,
    /// `overdue` or `stale`.
    pub flag: Option<String>,
    pub page: Option<String>,
    pub msg: Option<String>,
}

pub fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl ListQuery {
    pub fn filter(&self) -> Filter {
        let int = |s: &Option<String>| nonempty(s).and_then(|v| v.parse::<i64>().ok());
        Filter {
            report_id: int(&self.report),
            department_id: int(&self.dept),
            state: nonempty(&self.state).and_then(WorkState::parse),
            priority: int(&self.priority),
            section: nonempty(&self.section).map(str::to_string),
            q: nonempty(&self.q).map(|q| q.chars().take(100).collect()),
        }
    }

    pub fn keeps(&self, h: &Health) -> bool {
        let light = nonempty(&self.health).and_then(Light::parse);
        light.is_none_or(|l| l == h.light)
            && match nonempty(&self.flag) {
                Some("overdue") => h.overdue,
                Some("stale") => h.stale,
                _ => true,
            }
    }
}

/// The commitments a query selects, with their health today.
pub async fn select(st: &AppState, q: &ListQuery) -> Result<Vec<(Commitment, Health)>, AppError> {
    let filter = q.filter();
    let list = st.run(move |s| s.commitments(&filter)).await?;
    let day = today();
    Ok(list
        .into_iter()
        .map(|c| {
            let h = views::health(&c, day);
            (c, h)
        })
        .filter(|(_, h)| q.keeps(h))
        .collect())
}

/// The commitments a filter selects with their health today, shared by the values computed
/// from the same data (pages of the list, the dashboard).
pub fn rows_of(
    s: &dyn crate::store::Store,
    scope: &crate::cache::Scope,
    filter: &Filter,
) -> Result<std::sync::Arc<Vec<(Commitment, Health)>>, AppError> {
    scope.memo(format!("rows {filter:?}"), || {
        let day = today();
        Ok(s.commitments(filter)?
            .into_iter()
            .map(|c| {
                let h = views::health(&c, day);
                (c, h)
            })
            .collect())
    })
}
