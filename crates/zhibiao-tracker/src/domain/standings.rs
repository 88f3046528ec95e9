//! Standings (排名与通报): departments ranked by how many of their tasks are overdue or lagging,
//! and health as it stood on a past day, computed from the updates dated up to that day.
//!
//! **How a task counts** ([`standing`]), from its health ([`super::health`]) on the day:
//!
//! * **done** (已完成): its state is 已完成;
//! * **overdue** (逾期): not finished and past its deadline (`Health::overdue`);
//! * **lagging** (滞后): not overdue, not done, and its light is yellow or red — behind the time
//!   elapsed, or 30 days without an update (关注), or marked 未完成 (red);
//! * otherwise on track.
//!
//! Overdue and lagging never overlap, so their shares add up.
//!
//! **The ranking** ([`rank`]) is made twice, once over the tasks each department leads
//! (牵头, `lead_department_id`) and once over those it supports (配合, the commitment's
//! `co_departments`): worst first by overdue share, then lagging share, then the counts
//! themselves (more overdue, more lagging, more tasks), then the name. Departments with equal
//! shares share a rank (1, 1, 3). A department with no task in that role is not ranked in it.
//!
//! **Health on a past day** ([`as_of`]): the task's state is that of its latest update dated up
//! to the day (未启动 when there is none), its progress the latest percent reported up to then,
//! its last update the latest such date; start and deadline are the task's current ones. On a
//! past day a task whose start is after that day is not counted yet. Edits made outside updates (an office
//! setting a state by hand, a deadline moved) are not in the history, so a past day is seen with
//! today's start and deadline; on and after today, the task's current record is used, so the
//! last point of a trend is exactly today's dashboard.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::health::{assess, Health, Input, Light};
use super::records::DeptRef;
use super::State;

/// How a task counts in the standings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Done,
    Overdue,
    Lagging,
    OnTrack,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Standing::Done => "已完成",
            Standing::Overdue => "逾期",
            Standing::Lagging => "滞后",
            Standing::OnTrack => "正常",
        }
    }
}

/// How a task in state `state` with health `h` counts.
pub fn standing(state: State, h: &Health) -> Standing {
    if state == State::Done {
        Standing::Done
    } else if h.overdue {
        Standing::Overdue
    } else if h.light != Light::Green {
        Standing::Lagging
    } else {
        Standing::OnTrack
    }
}

/// One task as the ranking sees it.
#[derive(Debug, Clone)]
pub struct Task {
    pub lead: Option<DeptRef>,
    pub supporting: Vec<DeptRef>,
    pub standing: Standing,
}

/// One department's line in a ranking.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[schema(as = StandingsRow)]
pub struct Row {
    /// 1 for the worst; equal shares share a rank.
    pub rank: usize,
    pub department_id: i64,
    pub name: String,
    pub tasks: usize,
    pub overdue: usize,
    pub lagging: usize,
    pub done: usize,
    /// Percent of its tasks, rounded to one decimal.
    pub overdue_share: f64,
    pub lagging_share: f64,
}

/// The two rankings: over the tasks a department leads, and over those it supports.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Ranking {
    pub lead: Vec<Row>,
    pub supporting: Vec<Row>,
}

#[derive(Default)]
struct Tally {
    name: String,
    tasks: usize,
    overdue: usize,
    lagging: usize,
    done: usize,
}

impl Tally {
    fn add(&mut self, s: Standing) {
        self.tasks += 1;
        match s {
            Standing::Done => self.done += 1,
            Standing::Overdue => self.overdue += 1,
            Standing::Lagging => self.lagging += 1,
            Standing::OnTrack => {}
        }
    }
}

fn share(n: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        (n as f64 * 1000.0 / of as f64).round() / 10.0
    }
}

/// `a/b` against `c/d`, exactly (no rounding between two shares that differ).
fn cmp_ratio(a: usize, b: usize, c: usize, d: usize) -> Ordering {
    (a as u128 * d as u128).cmp(&(c as u128 * b as u128))
}

/// Worst first.
fn worse(a: &Row, b: &Row) -> Ordering {
    same_shares(b, a)
        .then(b.overdue.cmp(&a.overdue))
        .then(b.lagging.cmp(&a.lagging))
        .then(b.tasks.cmp(&a.tasks))
        .then(a.name.cmp(&b.name))
        .then(a.department_id.cmp(&b.department_id))
}

/// `a`'s shares against `b`'s: overdue share, then lagging share.
fn same_shares(a: &Row, b: &Row) -> Ordering {
    cmp_ratio(a.overdue, a.tasks, b.overdue, b.tasks)
        .then(cmp_ratio(a.lagging, a.tasks, b.lagging, b.tasks))
}

fn rows(tallies: BTreeMap<i64, Tally>) -> Vec<Row> {
    let mut out: Vec<Row> = tallies
        .into_iter()
        .map(|(id, t)| Row {
            rank: 0,
            department_id: id,
            overdue_share: share(t.overdue, t.tasks),
            lagging_share: share(t.lagging, t.tasks),
            name: t.name,
            tasks: t.tasks,
            overdue: t.overdue,
            lagging: t.lagging,
            done: t.done,
        })
        .collect();
    out.sort_by(worse);
    for i in 0..out.len() {
        out[i].rank = if i > 0 && same_shares(&out[i], &out[i - 1]) == Ordering::Equal {
            out[i - 1].rank
        } else {
            i + 1
        };
    }
    out
}

/// Ranks the departments of `tasks`, lead and supporting separately.
pub fn rank(tasks: &[Task]) -> Ranking {
    let mut lead: BTreeMap<i64, Tally> = BTreeMap::new();
    let mut supporting: BTreeMap<i64, Tally> = BTreeMap::new();
    for t in tasks {
        if let Some(d) = &t.lead {
            let e = lead.entry(d.id).or_default();
            e.name.clone_from(&d.name);
            e.add(t.standing);
        }
        let mut seen = Vec::new();
        for d in &t.supporting {
            if seen.contains(&d.id) {
                continue;
            }
            seen.push(d.id);
            let e = supporting.entry(d.id).or_default();
            e.name.clone_from(&d.name);
            e.add(t.standing);
        }
    }
    Ranking {
        lead: rows(lead),
        supporting: rows(supporting),
    }
}

/// One update's place in a task's history.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryPoint {
    pub commitment_id: i64,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub percent: Option<f64>,
    pub state: State,
}

/// What health is computed from, apart from the day.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Snapshot {
    pub state: State,
    /// Percent, 0 … 100.
    pub percent: Option<f64>,
    pub last_update: Option<NaiveDate>,
}

/// A task with the dates its health is measured against and its record today.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Subject {
    pub start: NaiveDate,
    pub deadline: NaiveDate,
    pub now: Snapshot,
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The snapshot of a task on `day` from its updates (`history`, in any order): its state that
/// of its latest update dated up to `day`, its percent the latest one reported up to then.
pub fn snapshot_on(history: &[HistoryPoint], day: NaiveDate) -> Snapshot {
    let mut upto: Vec<(NaiveDate, usize, &HistoryPoint)> = history
        .iter()
        .enumerate()
        .filter_map(|(i, p)| date(&p.date).map(|d| (d, i, p)))
        .filter(|(d, _, _)| *d <= day)
        .collect();
    upto.sort_by_key(|(d, i, _)| (*d, *i));
    Snapshot {
        state: upto
            .last()
            .map(|(_, _, p)| p.state)
            .unwrap_or(State::NotStarted),
        percent: upto.iter().rev().find_map(|(_, _, p)| p.percent),
        last_update: upto.last().map(|(d, _, _)| *d),
    }
}

/// The snapshot and health of a task on `day`: `None` on a past day before its start. On and
/// after `today` the task's current record is used (and every task counts, as on the
/// dashboard), before it its history (see the module's notes).
pub fn as_of(
    s: &Subject,
    history: &[HistoryPoint],
    day: NaiveDate,
    today: NaiveDate,
) -> Option<(Snapshot, Health)> {
    if day < today && day < s.start {
        return None;
    }
    let snap = if day >= today {
        s.now
    } else {
        snapshot_on(history, day)
    };
    let h = assess(Input {
        start: s.start,
        deadline: s.deadline,
        today: day,
        progress: snap.percent.map(|p| p / 100.0),
        state: snap.state,
        last_update: snap.last_update,
    });
    Some((snap, h))
}

/// The last day of a month.
pub fn month_end(year: i32, month: u32) -> Option<NaiveDate> {
    let (y, m) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)?.pred_opt()
}

/// The days a trend of `year` is drawn at: the end of each month up to `today`, and `today`
/// for its own month. Empty for a year after today's.
pub fn trend_days(year: i32, today: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    for m in 1..=12 {
        let Some(end) = month_end(year, m) else {
            break;
        };
        if end < today {
            out.push(end);
        } else {
            if NaiveDate::from_ymd_opt(year, m, 1).is_some_and(|first| first <= today) {
                out.push(today);
            }
            break;
        }
    }
    out
}

/// The 红黄绿 counts on one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `5月`.
    pub label: String,
    pub green: usize,
    pub yellow: usize,
    pub red: usize,
    pub overdue: usize,
    pub total: usize,
}

/// The counts of `subjects` (each with its history) on each of `days`.
pub fn trend(
    subjects: &[(Subject, &[HistoryPoint])],
    days: &[NaiveDate],
    today: NaiveDate,
) -> Vec<TrendPoint> {
    days.iter()
        .map(|&day| {
            let mut p = TrendPoint {
                date: day.format("%Y-%m-%d").to_string(),
                label: format!("{}月", day.month()),
                green: 0,
                yellow: 0,
                red: 0,
                overdue: 0,
                total: 0,
            };
            for (s, history) in subjects {
                let Some((_, h)) = as_of(s, history, day, today) else {
                    continue;
                };
                p.total += 1;
                p.overdue += h.overdue as usize;
                match h.light {
                    Light::Green => p.green += 1,
                    Light::Yellow => p.yellow += 1,
                    Light::Red => p.red += 1,
                }
            }
            p
        })
        .collect()
}

/// A month asked for as `YYYY-MM` (exactly: four digits, a dash, two digits).
pub fn parse_month(s: &str) -> Option<(i32, u32)> {
    let b = s.as_bytes();
    if b.len() != 7
        || b[4] != b'-'
        || !s[..4]
            .bytes()
            .chain(s[5..].bytes())
            .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let y: i32 = s[..4].parse().ok()?;
    let m: u32 = s[5..].parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, 1).map(|_| (y, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn dept(id: i64, name: &str) -> DeptRef {
        DeptRef {
            id,
            name: name.into(),
        }
    }

    fn task(lead: Option<i64>, supporting: &[i64], s: Standing) -> Task {
        let names = ["", "甲局", "乙局", "丙局", "丁局"];
        Task {
            lead: lead.map(|i| dept(i, names[i as usize])),
            supporting: supporting
                .iter()
                .map(|&i| dept(i, names[i as usize]))
                .collect(),
            standing: s,
        }
    }

    #[test]
    fn departments_rank_by_overdue_share_then_lagging_share() {
        use Standing::*;
        let tasks = vec![
            // 甲: 1 of 4 overdue (25%).
            task(Some(1), &[], Overdue),
            task(Some(1), &[], OnTrack),
            task(Some(1), &[], OnTrack),
            task(Some(1), &[2], Done),
            // 乙: 1 of 2 overdue (50%) — more overdue share than 甲 with fewer overdue tasks.
            task(Some(2), &[1, 3], Overdue),
            task(Some(2), &[3, 3], Lagging),
            // 丙: no overdue, 1 of 1 lagging.
            task(Some(3), &[], Lagging),
            // 丁: no overdue, nothing lagging.
            task(Some(4), &[], OnTrack),
            // No lead: counts for nobody's lead figures.
            task(None, &[4], Overdue),
        ];
        let r = rank(&tasks);
        let names: Vec<&str> = r.lead.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["乙局", "甲局", "丙局", "丁局"]);
        let ranks: Vec<usize> = r.lead.iter().map(|x| x.rank).collect();
        assert_eq!(ranks, [1, 2, 3, 4]);
        let jia = &r.lead[1];
        assert_eq!(
            (jia.tasks, jia.overdue, jia.lagging, jia.done),
            (4, 1, 0, 1)
        );
        assert_eq!(jia.overdue_share, 25.0);
        assert_eq!(r.lead[0].overdue_share, 50.0);
        assert_eq!(r.lead[0].lagging_share, 50.0);
        // Supporting, separately: 丁 and 甲 each support one overdue task (100%; by name),
        // 丙 two (one overdue, one lagging; listed twice on one task, counted once), 乙 one done.
        let sup: Vec<(&str, usize, usize, usize, usize)> = r
            .supporting
            .iter()
            .map(|x| (x.name.as_str(), x.rank, x.tasks, x.overdue, x.lagging))
            .collect();
        assert_eq!(
            sup,
            [
                ("丁局", 1, 1, 1, 0),
                ("甲局", 1, 1, 1, 0),
                ("丙局", 3, 2, 1, 1),
                ("乙局", 4, 1, 0, 0),
            ]
        );
    }

    #[test]
    fn a_task_counts_once_as_done_overdue_lagging_or_on_track() {
        let h = |light, overdue| Health {
            light,
            overdue,
            stale: false,
            expected: 0.5,
            progress: 0.5,
        };
        assert_eq!(
            standing(State::Done, &h(Light::Green, false)),
            Standing::Done
        );
        assert_eq!(
            standing(State::InProgress, &h(Light::Red, true)),
            Standing::Overdue
        );
        assert_eq!(
            standing(State::InProgress, &h(Light::Yellow, false)),
            Standing::Lagging
        );
        assert_eq!(
            standing(State::Failed, &h(Light::Red, false)),
            Standing::Lagging
        );
        assert_eq!(
            standing(State::NotStarted, &h(Light::Green, false)),
            Standing::OnTrack
        );
    }

    fn point(date: &str, percent: Option<f64>, state: State) -> HistoryPoint {
        HistoryPoint {
            commitment_id: 1,
            date: date.into(),
            percent,
            state,
        }
    }

    #[test]
    fn a_past_day_sees_only_the_updates_dated_up_to_it() {
        let history = vec![
            point("2026-03-10", Some(20.0), State::InProgress),
            point("2026-06-01", None, State::InProgress),
            point("2026-01-15", Some(5.0), State::InProgress),
            point("2026-08-01", Some(100.0), State::Done),
        ];
        let s = snapshot_on(&history, d("2026-01-14"));
        assert_eq!(
            s,
            Snapshot {
                state: State::NotStarted,
                percent: None,
                last_update: None
            }
        );
        let s = snapshot_on(&history, d("2026-06-30"));
        assert_eq!(s.percent, Some(20.0), "the latest percent reported");
        assert_eq!(s.last_update, Some(d("2026-06-01")));
        assert_eq!(snapshot_on(&history, d("2026-08-01")).state, State::Done);
    }

    #[test]
    fn the_trend_counts_each_month_end_from_the_history() {
        let today = d("2026-05-20");
        assert_eq!(
            trend_days(2026, today),
            [
                d("2026-01-31"),
                d("2026-02-28"),
                d("2026-03-31"),
                d("2026-04-30"),
                d("2026-05-20")
            ]
        );
        assert_eq!(trend_days(2025, today).len(), 12);
        assert!(trend_days(2027, today).is_empty());
        let year = |now| Subject {
            start: d("2026-01-01"),
            deadline: d("2026-12-31"),
            now,
        };
        // A: reports 10% on 2 Jan and nothing more.
        let a_hist = vec![point("2026-01-02", Some(10.0), State::InProgress)];
        let a = year(snapshot_on(&a_hist, today));
        // B: due at the end of March, done on 15 April: overdue (red) at the end of March, green
        // from April.
        let b_hist = vec![
            point("2026-02-01", Some(50.0), State::InProgress),
            point("2026-04-15", Some(100.0), State::Done),
        ];
        let b = Subject {
            deadline: d("2026-03-30"),
            ..year(snapshot_on(&b_hist, today))
        };
        // C: starts in April: not counted before.
        let c = Subject {
            start: d("2026-04-01"),
            ..year(Snapshot {
                state: State::NotStarted,
                percent: None,
                last_update: None,
            })
        };
        let subjects: Vec<(Subject, &[HistoryPoint])> = vec![(a, &a_hist), (b, &b_hist), (c, &[])];
        let t = trend(&subjects, &trend_days(2026, today), today);
        let counts: Vec<(usize, usize, usize, usize, usize)> = t
            .iter()
            .map(|p| (p.green, p.yellow, p.red, p.overdue, p.total))
            .collect();
        assert_eq!(
            counts,
            [
                // 31 Jan: A 10% against 8% elapsed, updated 29 days ago: green. B nothing
                // reported, 34% of its time gone: yellow.
                (1, 1, 0, 0, 2),
                // 28 Feb: A 57 days without an update: yellow. B 50% against 66%: yellow.
                (0, 2, 0, 0, 2),
                // 31 Mar: A still yellow; B past its deadline unfinished: overdue, red.
                (0, 1, 1, 1, 2),
                // 30 Apr: A 10% against 33%: yellow; B done: green; C just started: green.
                (2, 1, 0, 0, 3),
                // 20 May (today, the current records): A yellow; B green; C 49 days without
                // an update: yellow.
                (1, 2, 0, 0, 3),
            ]
        );
        assert_eq!(t[4].date, "2026-05-20");
        assert_eq!(t[0].label, "1月");
    }

    #[test]
    fn months_are_four_digits_a_dash_and_two() {
        assert_eq!(parse_month("2026-05"), Some((2026, 5)));
        assert_eq!(parse_month("2026-12"), Some((2026, 12)));
        for bad in [
            "2026-5",
            "2026-13",
            "2026-00",
            "26-05",
            "2026/05",
            "",
            "2026-05-01",
            "２０２６-05",
            "+202-05",
            "2026-1a",
        ] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
        assert_eq!(month_end(2024, 2), Some(d("2024-02-29")));
        assert_eq!(month_end(2026, 12), Some(d("2026-12-31")));
    }
}
