//! Standings: the ranking of departments, the monthly 督办通报 and the 红黄绿 trend, from the
//! commitments a filter selects and their update history (the rules are
//! `crate::domain::standings`). The standings page, the bulletin (page and workbook) and the
//! API call these.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;

use crate::domain::health::{Health, Light};
use crate::domain::records::DeptRef;
use crate::domain::standings::{
    as_of, month_end, rank, standing, trend, trend_days, HistoryPoint, Ranking, Snapshot, Standing,
    Subject, Task, TrendPoint,
};
use crate::error::AppError;
use crate::store::{Commitment, Filter, Store};

/// The commitments of a filter and the updates of each.
pub struct Loaded {
    pub commitments: Vec<Commitment>,
    pub history: HashMap<i64, Vec<HistoryPoint>>,
}

/// Reads the commitments `filter` selects, with their history.
pub fn load(s: &dyn Store, filter: &Filter) -> Result<Loaded, AppError> {
    let commitments = s.commitments(filter)?;
    let mut history: HashMap<i64, Vec<HistoryPoint>> = HashMap::new();
    for p in s.update_history()? {
        history.entry(p.commitment_id).or_default().push(p);
    }
    Ok(Loaded {
        commitments,
        history,
    })
}

/// A commitment's dates and current record, as its health today reads them
/// ([`crate::views::health_input`]: so a past day's health starts and ends where today's does).
pub fn subject(c: &Commitment, today: NaiveDate) -> Subject {
    let i = crate::views::health_input(c, today);
    Subject {
        start: i.start,
        deadline: i.deadline,
        now: Snapshot {
            state: i.state,
            percent: c.percent,
            last_update: i.last_update,
        },
    }
}

impl Loaded {
    fn history_of(&self, id: i64) -> &[HistoryPoint] {
        self.history.get(&id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Each commitment counted on `day`, with its snapshot and health then.
    pub fn on(&self, day: NaiveDate, today: NaiveDate) -> Vec<(&Commitment, Snapshot, Health)> {
        self.commitments
            .iter()
            .filter_map(|c| {
                as_of(&subject(c, today), self.history_of(c.id), day, today)
                    .map(|(snap, h)| (c, snap, h))
            })
            .collect()
    }

    /// The ranking on `day`.
    pub fn ranking(&self, day: NaiveDate, today: NaiveDate) -> Ranking {
        let tasks: Vec<Task> = self
            .on(day, today)
            .into_iter()
            .map(|(c, snap, h)| task(c, snap, &h))
            .collect();
        rank(&tasks)
    }

    /// The 红黄绿 counts at the end of each month of `year` up to today.
    pub fn trend(&self, year: i32, today: NaiveDate) -> Vec<TrendPoint> {
        let subjects: Vec<(Subject, &[HistoryPoint])> = self
            .commitments
            .iter()
            .map(|c| (subject(c, today), self.history_of(c.id)))
            .collect();
        trend(&subjects, &trend_days(year, today), today)
    }
}

fn task(c: &Commitment, snap: Snapshot, h: &Health) -> Task {
    Task {
        lead: match (c.lead_department_id, &c.lead_department) {
            (Some(id), Some(name)) => Some(DeptRef {
                id,
                name: name.clone(),
            }),
            _ => None,
        },
        supporting: c.co_departments.clone(),
        standing: standing(snap.state, h),
    }
}

/// One overdue or lagging task in the bulletin.
#[derive(Debug, Clone, Serialize)]
pub struct Line {
    pub id: i64,
    /// 序号.
    pub no: String,
    pub title: String,
    pub lead: String,
    pub supporting: String,
    pub deadline: String,
    /// The latest update dated up to the bulletin's day.
    pub last_update: Option<String>,
    /// Percent reported up to then.
    pub percent: Option<f64>,
    pub light: &'static str,
    pub light_label: &'static str,
    /// 逾期 or 滞后.
    pub standing: &'static str,
    /// Days past the deadline on the bulletin's day (overdue tasks).
    pub days_overdue: Option<i64>,
    /// 催办: reminders sent for the task in the month (up to the bulletin's day), and how many
    /// of them were answered by then (table `reminders`).
    pub reminders_sent: i64,
    pub reminders_answered: i64,
}

/// One lead department's overdue and lagging tasks.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub department_id: Option<i64>,
    pub department: String,
    pub overdue: usize,
    pub lagging: usize,
    pub reminders_sent: i64,
    pub reminders_answered: i64,
    pub lines: Vec<Line>,
}

/// The monthly 督办通报.
#[derive(Debug, Clone, Serialize)]
pub struct Bulletin {
    /// `2026-05`.
    pub month: String,
    /// `2026年5月`.
    pub title: String,
    /// The day it reports on: the month's last day, or today for the current month.
    pub as_of: String,
    /// The month is not over yet.
    pub current: bool,
    pub total: usize,
    pub overdue: usize,
    pub lagging: usize,
    /// 催办 sent in the month for the tasks listed, and answered.
    pub reminders_sent: i64,
    pub reminders_answered: i64,
    pub ranking: Ranking,
    /// By lead department, in the order of the lead ranking; tasks with no lead last.
    pub groups: Vec<Group>,
}

/// The label of tasks with no lead department.
pub const NO_LEAD: &str = "（未分配牵头单位）";

fn order(s: Standing) -> u8 {
    match s {
        Standing::Overdue => 0,
        Standing::Lagging => 1,
        Standing::OnTrack => 2,
        Standing::Done => 3,
    }
}

impl Loaded {
    /// The bulletin of month `month` of `year` (which must not be after today's month), with
    /// the 催办 counts of the month per commitment (`crate::store::HistoryStore::reminder_counts`
    /// over [`month_bounds`]).
    pub fn bulletin(
        &self,
        year: i32,
        month: u32,
        today: NaiveDate,
        reminders: &HashMap<i64, (i64, i64)>,
    ) -> Option<Bulletin> {
        let end = month_end(year, month)?;
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        if first > today {
            return None;
        }
        let day = end.min(today);
        let rows = self.on(day, today);
        let tasks: Vec<Task> = rows.iter().map(|(c, s, h)| task(c, *s, h)).collect();
        let ranking = rank(&tasks);
        let mut groups: Vec<Group> = ranking
            .lead
            .iter()
            .map(|r| Group {
                department_id: Some(r.department_id),
                department: r.name.clone(),
                overdue: 0,
                lagging: 0,
                reminders_sent: 0,
                reminders_answered: 0,
                lines: Vec::new(),
            })
            .collect();
        let place: HashMap<i64, usize> = ranking
            .lead
            .iter()
            .enumerate()
            .map(|(i, r)| (r.department_id, i))
            .collect();
        let mut picked: Vec<(&Commitment, Snapshot, Health, Standing)> = rows
            .iter()
            .zip(&tasks)
            .filter(|(_, t)| matches!(t.standing, Standing::Overdue | Standing::Lagging))
            .map(|((c, s, h), t)| (*c, *s, *h, t.standing))
            .collect();
        picked.sort_by(|a, b| {
            order(a.3)
                .cmp(&order(b.3))
                .then(a.0.deadline.cmp(&b.0.deadline))
                .then(a.0.report_id.cmp(&b.0.report_id))
                .then(a.0.seq.cmp(&b.0.seq))
                .then(a.0.id.cmp(&b.0.id))
        });
        let (mut overdue, mut lagging) = (0, 0);
        let (mut sent, mut answered) = (0, 0);
        for (c, snap, h, st) in picked {
            let i = match c.lead_department_id.and_then(|id| place.get(&id)) {
                Some(&i) => i,
                None => {
                    if groups.last().is_none_or(|g| g.department_id.is_some()) {
                        groups.push(Group {
                            department_id: None,
                            department: NO_LEAD.into(),
                            overdue: 0,
                            lagging: 0,
                            reminders_sent: 0,
                            reminders_answered: 0,
                            lines: Vec::new(),
                        });
                    }
                    groups.len() - 1
                }
            };
            let (lead, supporting) = crate::views::departments_text(c);
            let g = &mut groups[i];
            if st == Standing::Overdue {
                g.overdue += 1;
                overdue += 1;
            } else {
                g.lagging += 1;
                lagging += 1;
            }
            let (r_sent, r_answered) = reminders.get(&c.id).copied().unwrap_or((0, 0));
            g.reminders_sent += r_sent;
            g.reminders_answered += r_answered;
            sent += r_sent;
            answered += r_answered;
            let deadline = NaiveDate::parse_from_str(&c.deadline, "%Y-%m-%d").ok();
            g.lines.push(Line {
                id: c.id,
                no: c.display_number(),
                title: c.title.clone(),
                lead: if lead.is_empty() {
                    NO_LEAD.into()
                } else {
                    lead
                },
                supporting,
                deadline: c.deadline.clone(),
                last_update: snap.last_update.map(|d| d.format("%Y-%m-%d").to_string()),
                percent: snap.percent,
                light: h.light.key(),
                light_label: h.light.label(),
                standing: st.label(),
                days_overdue: deadline
                    .filter(|_| st == Standing::Overdue)
                    .map(|d| (day - d).num_days()),
                reminders_sent: r_sent,
                reminders_answered: r_answered,
            });
        }
        groups.retain(|g| !g.lines.is_empty());
        Some(Bulletin {
            month: format!("{year:04}-{month:02}"),
            title: format!("{year}年{month}月"),
            as_of: day.format("%Y-%m-%d").to_string(),
            current: end >= today,
            total: rows.len(),
            overdue,
            lagging,
            reminders_sent: sent,
            reminders_answered: answered,
            ranking,
            groups,
        })
    }
}

/// The Unix seconds of a month's bulletin reminders are counted in: from the month's first day
/// at local midnight to the midnight after the bulletin's day (`min(month end, today)`).
pub fn month_bounds(year: i32, month: u32, today: NaiveDate) -> Option<(i64, i64)> {
    use chrono::TimeZone;
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let after = month_end(year, month)?.min(today).succ_opt()?;
    let at = |d: NaiveDate| {
        let t = d.and_hms_opt(0, 0, 0)?;
        Some(
            chrono::Local
                .from_local_datetime(&t)
                .earliest()
                .map_or_else(|| t.and_utc().timestamp(), |l| l.timestamp()),
        )
    };
    Some((at(first)?, at(after)?))
}

/// The light of a bulletin line, from its key.
pub fn light_of(key: &str) -> Light {
    Light::parse(key).unwrap_or(Light::Green)
}

/// The month a bulletin is asked for (`?month=YYYY-MM`, default today's), refused when it is not
/// one or has not begun.
pub fn month_of(raw: Option<&str>, today: NaiveDate) -> Result<(i32, u32), AppError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok((today.year(), today.month()));
    };
    let (y, m) = crate::domain::standings::parse_month(raw)
        .ok_or_else(|| AppError::bad("月份应写作 YYYY-MM，例如 2026-05"))?;
    if (y, m) > (today.year(), today.month()) {
        return Err(AppError::bad("所选月份尚未开始"));
    }
    if y < 1990 {
        return Err(AppError::bad("所选月份过早"));
    }
    Ok((y, m))
}

/// The year a trend is asked for (`?year=YYYY`, default today's).
pub fn year_of(raw: Option<&str>, today: NaiveDate) -> Result<i32, AppError> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(today.year());
    };
    match raw.parse::<i32>() {
        Ok(y) if raw.len() == 4 && (1990..=today.year()).contains(&y) => Ok(y),
        _ => Err(AppError::bad(format!(
            "年份应为 1990 至 {} 之间的四位数字",
            today.year()
        ))),
    }
}
