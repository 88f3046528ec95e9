//! The 督查室's rules between a task's state and its progress, and when its clock starts:
//! pure functions of plain values.

use chrono::NaiveDate;

use super::State;

/// The percent to store with `state`, or why the two disagree: 未启动 is 0%, 已完成 is 100%
/// (filled in when not given), 未完成 is below 100%. `overridden`: the office accepts 已完成
/// below 100% explicitly (the update or edit records it).
pub fn agree(state: State, percent: Option<f64>, overridden: bool) -> Result<Option<f64>, String> {
    match (state, percent) {
        (State::NotStarted, Some(p)) if p > 0.0 => {
            Err(format!("状态为“未启动”时完成进度应为 0（填的是 {p}%）"))
        }
        (State::Done, None) => Ok(Some(100.0)),
        (State::Done, Some(p)) if p < 100.0 && !overridden => Err(format!(
            "状态为“已完成”时完成进度应为 100%（填的是 {p}%）；如确需按已完成处理，请由督查室勾选“确认例外”并说明理由"
        )),
        (State::Failed, Some(p)) if p >= 100.0 => {
            Err("完成进度为 100% 的任务不能标为“未完成”".into())
        }
        (_, p) => Ok(p),
    }
}

/// The day a task's health counts from: the start date the office set, else the day it was
/// assigned to a lead department, else (not assigned yet) `today`, when nothing is expected
/// of anyone yet.
pub fn health_start(
    start_date: &str,
    start_set: bool,
    assigned_on: Option<&str>,
    today: NaiveDate,
) -> NaiveDate {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let from = if start_set {
        d(start_date)
    } else {
        assigned_on.and_then(d)
    };
    from.unwrap_or(today)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_progress_agree() {
        assert_eq!(agree(State::Done, None, false), Ok(Some(100.0)));
        assert_eq!(agree(State::Done, Some(100.0), false), Ok(Some(100.0)));
        assert!(agree(State::Done, Some(30.0), false).is_err());
        assert_eq!(agree(State::Done, Some(30.0), true), Ok(Some(30.0)));
        assert!(agree(State::NotStarted, Some(10.0), false).is_err());
        assert_eq!(agree(State::NotStarted, Some(0.0), false), Ok(Some(0.0)));
        assert!(agree(State::Failed, Some(100.0), false).is_err());
        assert_eq!(agree(State::Failed, Some(60.0), false), Ok(Some(60.0)));
        assert_eq!(agree(State::InProgress, None, false), Ok(None));
    }

    #[test]
    fn the_clock_starts_at_assignment_or_the_office_s_date() {
        let today = NaiveDate::from_ymd_opt(2023, 6, 1).unwrap();
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            health_start("2023-01-01", false, Some("2023-05-20"), today),
            d("2023-05-20")
        );
        assert_eq!(
            health_start("2023-03-01", true, Some("2023-05-20"), today),
            d("2023-03-01")
        );
        assert_eq!(health_start("2023-01-01", false, None, today), today);
    }
}
