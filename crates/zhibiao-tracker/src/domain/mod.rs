//! The tracker's rules, pure and synchronous: what a commitment is, how healthy it is, what it
//! was rated. Nothing here touches the database or the network; every function is tested with
//! plain values.
//!
//! | module | from → to |
//! |---|---|
//! | [`commitments`] | a report's text → one [`Draft`](commitments::Draft) per plan sentence that commits to an action |
//! | [`health`] | progress, dates, last update → green / yellow / red, overdue, stale |
//! | [`audit`] | audit entries → Chinese action names, records by name, field-by-field changes |
//! | [`rating`] | `compare` verdicts of a commitment's targets → kept / partly / broken |
//! | [`workflow`] | state and progress → agree or not; assignment → when the clock starts |
//! | [`standings`] | tasks and their update history → departments ranked by overdue and lagging share, 红黄绿 counts on past days |

pub mod audit;
pub mod commitments;
pub mod health;
pub mod rating;
pub mod records;
pub mod standings;
pub mod workflow;

use serde::{Deserialize, Serialize};

/// Workflow state of a commitment: 未启动 → 推进中 → 已完成 / 未完成.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum State {
    NotStarted,
    InProgress,
    Done,
    Failed,
}

impl State {
    pub const ALL: [State; 4] = [
        State::NotStarted,
        State::InProgress,
        State::Done,
        State::Failed,
    ];

    /// The value stored and sent in forms.
    pub fn key(self) -> &'static str {
        match self {
            State::NotStarted => "not_started",
            State::InProgress => "in_progress",
            State::Done => "done",
            State::Failed => "failed",
        }
    }

    /// The label shown.
    pub fn label(self) -> &'static str {
        match self {
            State::NotStarted => "未启动",
            State::InProgress => "推进中",
            State::Done => "已完成",
            State::Failed => "未完成",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|st| st.key() == s)
    }
}

/// Final rating of a commitment once its year is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Kept,
    Partly,
    Broken,
}

impl Rating {
    pub const ALL: [Rating; 3] = [Rating::Kept, Rating::Partly, Rating::Broken];

    pub fn key(self) -> &'static str {
        match self {
            Rating::Kept => "kept",
            Rating::Partly => "partly",
            Rating::Broken => "broken",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Rating::Kept => "兑现",
            Rating::Partly => "部分兑现",
            Rating::Broken => "未兑现",
        }
    }

    pub fn parse(s: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.key() == s)
    }
}

/// Priority of a commitment: 1 high, 2 normal, 3 low.
pub fn priority_label(p: i64) -> &'static str {
    match p {
        1 => "高",
        3 => "低",
        _ => "中",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for s in State::ALL {
            assert_eq!(State::parse(s.key()), Some(s));
        }
        for r in Rating::ALL {
            assert_eq!(Rating::parse(r.key()), Some(r));
        }
        assert_eq!(State::parse("<script>"), None);
    }
}
