//! Health: how a commitment stands, from its progress against the time elapsed.
//!
//! * expected = share of the time from start to deadline that has passed (0 … 1);
//! * progress = the percent done an editor reported, or the current value against the target;
//! * green when progress is within [`YELLOW_GAP`] of expected, yellow within [`RED_GAP`], red
//!   beyond or once the deadline has passed unfinished (**overdue**);
//! * **stale** when nothing was reported for [`STALE_DAYS`] days: a green turns yellow.
//!
//! A finished commitment (已完成) is green; one marked 未完成 is red.

use chrono::NaiveDate;
use serde::Serialize;

use super::commitments::Target;
use super::State;
use zhibiao_core::Bound;

/// Gap between expected and actual progress that turns a light yellow.
pub const YELLOW_GAP: f64 = 0.15;
/// Gap that turns it red.
pub const RED_GAP: f64 = 0.35;
/// Days without an update after which a commitment is flagged.
pub const STALE_DAYS: i64 = 30;

/// Traffic light.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    Green,
    Yellow,
    Red,
}

impl Light {
    pub const ALL: [Light; 3] = [Light::Green, Light::Yellow, Light::Red];

    pub fn key(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Yellow => "yellow",
            Light::Red => "red",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Light::Green => "正常",
            Light::Yellow => "关注",
            Light::Red => "滞后",
        }
    }

    pub fn parse(s: &str) -> Option<Light> {
        Light::ALL.into_iter().find(|l| l.key() == s)
    }
}

/// What health is computed from.
#[derive(Debug, Clone, Copy)]
pub struct Input {
    pub start: NaiveDate,
    pub deadline: NaiveDate,
    pub today: NaiveDate,
    /// Progress 0 … 1, when known.
    pub progress: Option<f64>,
    pub state: State,
    pub last_update: Option<NaiveDate>,
}

/// The health of a commitment.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Health {
    pub light: Light,
    pub overdue: bool,
    pub stale: bool,
    /// Share of the time elapsed, 0 … 1.
    pub expected: f64,
    /// Progress, 0 … 1.
    pub progress: f64,
}

/// Computes the health of a commitment.
pub fn assess(i: Input) -> Health {
    let total = (i.deadline - i.start).num_days().max(1) as f64;
    let elapsed = (i.today - i.start).num_days() as f64;
    let expected = (elapsed / total).clamp(0.0, 1.0);
    let progress = match i.state {
        State::Done => 1.0,
        State::NotStarted => i.progress.unwrap_or(0.0),
        _ => i.progress.unwrap_or(0.0),
    }
    .clamp(0.0, 1.0);
    let since = i.last_update.unwrap_or(i.start).max(i.start);
    let open = !matches!(i.state, State::Done | State::Failed);
    let stale = open && (i.today - since).num_days() > STALE_DAYS;
    let overdue = open && i.today > i.deadline;
    let light = match i.state {
        State::Done => Light::Green,
        State::Failed => Light::Red,
        _ if overdue => Light::Red,
        _ => {
            let gap = expected - progress;
            let l = if gap <= YELLOW_GAP {
                Light::Green
            } else if gap <= RED_GAP {
                Light::Yellow
            } else {
                Light::Red
            };
            if stale && l == Light::Green {
                Light::Yellow
            } else {
                l
            }
        }
    };
    Health {
        light,
        overdue,
        stale,
        expected,
        progress,
    }
}

/// Progress 0 … 1 of a current value against the first target, when it can be told: a ceiling
/// (以内) is met while the value stays under it; anything else counts up towards its value.
pub fn progress_from_value(targets: &[Target], current: f64) -> Option<f64> {
    let t = targets.first()?;
    if !current.is_finite() {
        return None;
    }
    let p = match t.bound {
        Bound::AtMost => {
            if current <= t.value {
                1.0
            } else if current > 0.0 {
                t.value / current
            } else {
                return None;
            }
        }
        _ if t.value > 0.0 => current / t.value,
        _ => return None,
    };
    Some(p.clamp(0.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhibiao_core::Measure;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn input(today: &str, progress: Option<f64>, state: State) -> Input {
        Input {
            start: d("2023-01-01"),
            deadline: d("2023-12-31"),
            today: d(today),
            progress,
            state,
            last_update: Some(d(today)),
        }
    }

    #[test]
    fn on_track_is_green_behind_is_yellow_far_behind_is_red() {
        // Mid-year: half the time gone.
        assert_eq!(
            assess(input("2023-07-02", Some(0.5), State::InProgress)).light,
            Light::Green
        );
        assert_eq!(
            assess(input("2023-07-02", Some(0.25), State::InProgress)).light,
            Light::Yellow
        );
        assert_eq!(
            assess(input("2023-07-02", Some(0.05), State::InProgress)).light,
            Light::Red
        );
        // Early in the year nothing done is still fine.
        assert_eq!(
            assess(input("2023-01-20", None, State::NotStarted)).light,
            Light::Green
        );
    }

    #[test]
    fn past_the_deadline_unfinished_is_overdue_and_red() {
        let h = assess(input("2024-01-05", Some(0.9), State::InProgress));
        assert!(h.overdue);
        assert_eq!(h.light, Light::Red);
        let done = assess(input("2024-01-05", Some(0.9), State::Done));
        assert!(!done.overdue);
        assert_eq!(done.light, Light::Green);
        assert_eq!(
            assess(input("2023-03-01", None, State::Failed)).light,
            Light::Red
        );
    }

    #[test]
    fn no_update_for_thirty_days_is_stale_and_not_green() {
        let mut i = input("2023-03-15", Some(0.3), State::InProgress);
        i.last_update = Some(d("2023-02-01"));
        let h = assess(i);
        assert!(h.stale);
        assert_eq!(h.light, Light::Yellow);
        i.last_update = Some(d("2023-03-01"));
        assert!(!assess(i).stale);
        // Never updated counts from the start.
        i.last_update = None;
        assert!(assess(i).stale);
    }

    fn target(value: f64, bound: Bound) -> Target {
        Target {
            subject: "x".into(),
            measure: Measure::Level,
            value,
            upper: None,
            unit: "个".into(),
            bound,
            stretch: false,
            period: 2023,
            quote: "x".into(),
            offset: 0,
            indicator: None,
        }
    }

    #[test]
    fn progress_counts_towards_a_target_or_under_a_ceiling() {
        assert_eq!(
            progress_from_value(&[target(200.0, Bound::AtLeast)], 50.0),
            Some(0.25)
        );
        assert_eq!(
            progress_from_value(&[target(200.0, Bound::AtLeast)], 500.0),
            Some(1.0)
        );
        assert_eq!(
            progress_from_value(&[target(4.0, Bound::AtMost)], 3.5),
            Some(1.0)
        );
        assert_eq!(
            progress_from_value(&[target(4.0, Bound::AtMost)], 5.0),
            Some(0.8)
        );
        assert_eq!(progress_from_value(&[], 5.0), None);
        assert_eq!(
            progress_from_value(&[target(4.0, Bound::AtLeast)], f64::NAN),
            None
        );
    }
}
