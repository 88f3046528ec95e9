//! Standings (排名与通报): the page ranking departments by overdue and lagging share with the
//! 红黄绿 trend of the year, the monthly 督办通报 as a printable page and as a workbook, and
//! the ranking as JSON.
//!
//! Who sees them: every logged-in user — the office (admin), viewers, and a department's
//! editors, for whom the standings are the 通报 they are measured by. As everywhere else in
//! the tracker, reading is open to every role and only changes are restricted; nothing here
//! changes anything, and nothing is shown to the public without a login.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum::Json;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::auth::Ctx;
use crate::domain::standings::{month_end, Ranking, Row, TrendPoint};
use crate::error::AppError;
use crate::service::select::nonempty;
use crate::service::standings::{self as svc, Bulletin};
use crate::store::Filter;
use crate::util::today;
use crate::{views, AppState};

/// `?report=&year=&month=`; a report that is not an id selects every report, as on the list.
#[derive(Deserialize, Default, Debug)]
pub struct StandingsQuery {
    pub report: Option<String>,
    pub year: Option<String>,
    pub month: Option<String>,
}

impl StandingsQuery {
    fn filter(&self) -> Filter {
        Filter {
            report_id: nonempty(&self.report).and_then(|v| v.parse::<i64>().ok()),
            ..Filter::default()
        }
    }
}

/// The trend drawn as stacked bars, one per month: the SVG's geometry, computed here so that
/// the template only prints numbers.
#[derive(Serialize, Debug)]
struct Chart {
    width: u32,
    height: u32,
    /// The baseline's y.
    base: f64,
    bars: Vec<ChartBar>,
    /// Horizontal guides: y and the count they stand for.
    ticks: Vec<(f64, usize)>,
}

#[derive(Serialize, Debug)]
struct ChartBar {
    x: f64,
    w: f64,
    label_x: f64,
    label: String,
    /// (y, height) of the green, yellow and red parts, bottom up.
    green: (f64, f64),
    yellow: (f64, f64),
    red: (f64, f64),
    point: TrendPoint,
}

fn chart(points: &[TrendPoint]) -> Chart {
    let (width, height) = (720u32, 240u32);
    let (left, top, bottom) = (36.0, 10.0, 26.0);
    let base = height as f64 - bottom;
    let room = base - top;
    let max = points.iter().map(|p| p.total).max().unwrap_or(0).max(1);
    // Guides at a round step.
    let step = [
        1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000,
    ]
    .into_iter()
    .find(|s| max / s <= 5)
    .unwrap_or(max.div_ceil(5));
    let top_count = max.div_ceil(step) * step;
    let scale = room / top_count as f64;
    let ticks = (0..=top_count / step)
        .map(|i| {
            let n = i * step;
            (round1(base - n as f64 * scale), n)
        })
        .collect();
    let slot = (width as f64 - left) / 12.0;
    let w = (slot * 0.6).round();
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let x = left + slot * i as f64 + (slot - w) / 2.0;
            let gh = p.green as f64 * scale;
            let yh = p.yellow as f64 * scale;
            let rh = p.red as f64 * scale;
            ChartBar {
                x: round1(x),
                w,
                label_x: round1(x + w / 2.0),
                label: p.label.clone(),
                green: (round1(base - gh), round1(gh)),
                yellow: (round1(base - gh - yh), round1(yh)),
                red: (round1(base - gh - yh - rh), round1(rh)),
                point: p.clone(),
            }
        })
        .collect();
    Chart {
        width,
        height,
        base,
        bars,
        ticks,
    }
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// `GET /standings?report=&year=`: the rankings today and the trend of the year.
pub async fn page(
    State(st): State<AppState>,
    ctx: Ctx,
    Query(q): Query<StandingsQuery>,
) -> Result<Html<String>, AppError> {
    let day = today();
    let year = svc::year_of(q.year.as_deref(), day)?;
    let filter = q.filter();
    let (ranking, trend, reports) = st
        .blocking(move |s| {
            let loaded = svc::load(s, &filter)?;
            Ok((
                loaded.ranking(day, day),
                loaded.trend(year, day),
                s.reports()?,
            ))
        })
        .await?;
    let years: Vec<i32> = (day.year() - 4..=day.year()).rev().collect();
    views::page(
        &ctx,
        "standings.html",
        "standings",
        json!({
            "ranking": ranking,
            "chart": chart(&trend),
            "trend": trend,
            "year": year,
            "years": years,
            "today": day.format("%Y-%m-%d").to_string(),
            "month": day.format("%Y-%m").to_string(),
            "report": q.filter().report_id,
            "reports": reports,
        }),
    )
}

async fn bulletin_of(st: &AppState, q: &StandingsQuery) -> Result<Bulletin, AppError> {
    let day = today();
    let (y, m) = svc::month_of(q.month.as_deref(), day)?;
    let filter = q.filter();
    st.blocking(move |s| {
        let (from, to) =
            svc::month_bounds(y, m, day).ok_or_else(|| AppError::bad("所选月份无效"))?;
        let reminders = s.reminder_counts(from, to)?;
        svc::load(s, &filter)?
            .bulletin(y, m, day, &reminders)
            .ok_or_else(|| AppError::bad("所选月份尚未开始"))
    })
    .await
}

/// The months a bulletin can be asked for: this one and the eleven before it.
fn months(day: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let (mut y, mut m) = (day.year(), day.month());
    for _ in 0..12 {
        out.push(format!("{y:04}-{m:02}"));
        if m == 1 {
            y -= 1;
            m = 12;
        } else {
            m -= 1;
        }
    }
    out
}

/// `GET /standings/bulletin?month=YYYY-MM&report=`: the 督办通报 of a month, to print.
pub async fn bulletin(
    State(st): State<AppState>,
    ctx: Ctx,
    Query(q): Query<StandingsQuery>,
) -> Result<Html<String>, AppError> {
    let b = bulletin_of(&st, &q).await?;
    let report = q.filter().report_id;
    let reports = st.run(|s| s.reports()).await?;
    let mut choices = months(today());
    if !choices.contains(&b.month) {
        choices.push(b.month.clone());
    }
    let qs = match report {
        Some(r) => format!("month={}&report={r}", b.month),
        None => format!("month={}", b.month),
    };
    views::page(
        &ctx,
        "bulletin.html",
        "standings",
        json!({
            "b": b,
            "qs": qs,
            "months": choices,
            "report": report,
            "reports": reports,
        }),
    )
}

/// The bulletin workbook's columns (sheet 督办通报).
pub const BULLETIN_COLUMNS: [&str; 12] = [
    "牵头单位",
    "序号",
    "任务",
    "配合单位",
    "类别",
    "完成时限",
    "逾期天数",
    "最近更新",
    "完成进度",
    "健康度",
    // 催办 sent for the task in the month, and how many of those were answered.
    "催办次数",
    "催办已答复",
];

const BULLETIN_WIDTHS: [f64; 12] = [
    16.0, 12.0, 44.0, 20.0, 8.0, 12.0, 10.0, 12.0, 10.0, 8.0, 10.0, 10.0,
];

/// The ranking sheet's columns (sheet 排名).
pub const RANKING_COLUMNS: [&str; 9] = [
    "类别",
    "排名",
    "单位",
    "任务数",
    "逾期",
    "逾期率",
    "滞后",
    "滞后率",
    "已完成",
];

/// Builds the bulletin workbook: sheet 督办通报 (a title row, then one row per overdue or
/// lagging task, by lead department) and sheet 排名 (lead, then supporting). Dates are dates,
/// counts and percents numbers, 健康度 filled with its light's colour.
pub fn workbook(b: &Bulletin) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
    let mut wb = Workbook::new();
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#DDEBF7")
        .set_border(FormatBorder::Thin);
    let base = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let date_f = base.clone().set_num_format("yyyy-mm-dd");
    let pct = base.clone().set_num_format("0.0\"%\"");
    let int = base.clone().set_num_format("0");
    let date = |d: &str| {
        NaiveDate::parse_from_str(d, "%Y-%m-%d").ok().and_then(|d| {
            ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).ok()
        })
    };

    let ws = wb.add_worksheet();
    ws.set_name("督办通报")?;
    let last_col = BULLETIN_COLUMNS.len() as u16 - 1;
    ws.merge_range(
        0,
        0,
        0,
        last_col,
        &format!(
            "{}督办通报（截至 {}；任务 {} 项，逾期 {} 项，滞后 {} 项；催办 {} 次，已答复 {} 次）",
            b.title, b.as_of, b.total, b.overdue, b.lagging, b.reminders_sent, b.reminders_answered
        ),
        &title,
    )?;
    for (col, name) in BULLETIN_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(1, col as u16, *name, &head)?;
    }
    for (col, width) in BULLETIN_WIDTHS.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    let mut r = 2u32;
    for g in &b.groups {
        for l in &g.lines {
            ws.write_string_with_format(r, 0, &g.department, &base)?;
            ws.write_string_with_format(r, 1, &l.no, &base)?;
            ws.write_string_with_format(r, 2, &l.title, &base)?;
            ws.write_string_with_format(r, 3, &l.supporting, &base)?;
            ws.write_string_with_format(r, 4, l.standing, &base)?;
            match date(&l.deadline) {
                Some(d) => ws.write_datetime_with_format(r, 5, &d, &date_f)?,
                None => ws.write_string_with_format(r, 5, &l.deadline, &base)?,
            };
            match l.days_overdue {
                Some(n) => ws.write_number_with_format(r, 6, n as f64, &int)?,
                None => ws.write_blank(r, 6, &base)?,
            };
            match l.last_update.as_deref().and_then(date) {
                Some(d) => ws.write_datetime_with_format(r, 7, &d, &date_f)?,
                None => ws.write_blank(r, 7, &base)?,
            };
            match l.percent {
                Some(p) => ws.write_number_with_format(r, 8, p, &pct)?,
                None => ws.write_blank(r, 8, &base)?,
            };
            let (fill, font) = crate::service::export::light_colours(svc::light_of(l.light));
            let lf = base
                .clone()
                .set_align(FormatAlign::Center)
                .set_background_color(fill)
                .set_font_color(font);
            ws.write_string_with_format(r, 9, l.light_label, &lf)?;
            ws.write_number_with_format(r, 10, l.reminders_sent as f64, &int)?;
            ws.write_number_with_format(r, 11, l.reminders_answered as f64, &int)?;
            r += 1;
        }
    }
    ws.autofilter(1, 0, r.max(2) - 1, last_col)?;
    ws.set_freeze_panes(2, 0)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_repeat_rows(1, 1)?;
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer("&C第 &P 页，共 &N 页");

    let ws = wb.add_worksheet();
    ws.set_name("排名")?;
    for (col, name) in RANKING_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *name, &head)?;
    }
    ws.set_column_width(2, 20.0)?;
    let mut r = 1u32;
    for (kind, rows) in [("牵头", &b.ranking.lead), ("配合", &b.ranking.supporting)] {
        for x in rows {
            ws.write_string_with_format(r, 0, kind, &base)?;
            ws.write_number_with_format(r, 1, x.rank as f64, &int)?;
            ws.write_string_with_format(r, 2, &x.name, &base)?;
            ws.write_number_with_format(r, 3, x.tasks as f64, &int)?;
            ws.write_number_with_format(r, 4, x.overdue as f64, &int)?;
            ws.write_number_with_format(r, 5, x.overdue_share, &pct)?;
            ws.write_number_with_format(r, 6, x.lagging as f64, &int)?;
            ws.write_number_with_format(r, 7, x.lagging_share, &pct)?;
            ws.write_number_with_format(r, 8, x.done as f64, &int)?;
            r += 1;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_paper_size(9);
    wb.save_to_buffer()
}

/// `GET /standings/bulletin.xlsx?month=YYYY-MM&report=`.
pub async fn bulletin_xlsx(
    State(st): State<AppState>,
    _ctx: Ctx,
    Query(q): Query<StandingsQuery>,
) -> Result<Response, AppError> {
    let b = bulletin_of(&st, &q).await?;
    let name = format!("督办通报-{}.xlsx", b.month);
    let ascii = format!("bulletin-{}.xlsx", b.month);
    let bytes = tokio::task::spawn_blocking(move || workbook(&b))
        .await?
        .map_err(|e| AppError::Internal(format!("xlsx: {e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
                    views::url_encode(&name)
                ),
            ),
        ],
        bytes,
    )
        .into_response())
}

/// The rankings of `GET /api/standings`.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct StandingsJson {
    /// The day they are for.
    #[schema(format = Date)]
    pub as_of: String,
    /// Over the tasks a department leads.
    pub lead: Vec<Row>,
    /// Over the tasks it supports.
    pub supporting: Vec<Row>,
}

/// `GET /api/standings?report=&month=`: the rankings today, or at the end of a month.
#[utoipa::path(get, path = "/api/standings", operation_id = "getStandings",
    summary = "部门排名：按逾期率、滞后率，牵头与配合分列",
    params(
        ("report" = Option<String>, Query, description = "报告 id"),
        ("month" = Option<String>, Query, pattern = "^([0-9]{4}-(0[1-9]|1[0-2]))?$",
            description = "YYYY-MM：该月月底（本月为今天）的排名；缺省（或为空）为今天。1990-01 以前或尚未开始的月份返回 404"),
    ),
    responses((status = 200, description = "排名", body = StandingsJson),
        (status = 400, description = "错误", body = crate::error::ErrorBody),
        (status = 401, description = "错误", body = crate::error::ErrorBody),
        (status = 404, description = "错误", body = crate::error::ErrorBody)))]
pub async fn api(
    State(st): State<AppState>,
    _ctx: Ctx,
    Query(q): Query<StandingsQuery>,
) -> Result<Json<StandingsJson>, AppError> {
    let day = today();
    let on = match q.month.as_deref().filter(|m| !m.is_empty()) {
        None => day,
        Some(raw) => {
            // Malformed is a 400 (as the document's pattern says); a month the standings do
            // not cover (before 1990, not begun yet) is a 404, not a refused request.
            if crate::domain::standings::parse_month(raw).is_none() {
                return Err(AppError::bad("月份应写作 YYYY-MM，例如 2026-05"));
            }
            let (y, m) = svc::month_of(Some(raw), day).map_err(|_| AppError::NotFound)?;
            month_end(y, m).ok_or(AppError::NotFound)?.min(day)
        }
    };
    let filter = q.filter();
    let ranking: Ranking = st
        .blocking(move |s| Ok(svc::load(s, &filter)?.ranking(on, day)))
        .await?;
    Ok(Json(StandingsJson {
        as_of: on.format("%Y-%m-%d").to_string(),
        lead: ranking.lead,
        supporting: ranking.supporting,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(label: &str, g: usize, y: usize, r: usize) -> TrendPoint {
        TrendPoint {
            date: "2026-01-31".into(),
            label: label.into(),
            green: g,
            yellow: y,
            red: r,
            overdue: 0,
            total: g + y + r,
        }
    }

    #[test]
    fn the_chart_stacks_each_month_on_the_baseline() {
        let c = chart(&[p("1月", 3, 1, 0), p("2月", 2, 1, 7)]);
        assert_eq!(c.bars.len(), 2);
        let b = &c.bars[1];
        // The tallest bar reaches the top guide (10 → 10), the parts stack without gaps.
        assert!((b.green.0 + b.green.1 - c.base).abs() < 0.11);
        assert!((b.yellow.0 + b.yellow.1 - b.green.0).abs() < 0.11);
        assert!((b.red.0 + b.red.1 - b.yellow.0).abs() < 0.11);
        assert_eq!(c.ticks.last().unwrap().1, 10);
        assert!((b.red.0 - c.ticks.last().unwrap().0).abs() < 0.11);
        // Nothing to draw is still a chart.
        let empty = chart(&[]);
        assert!(empty.bars.is_empty());
        assert_eq!(empty.ticks.len(), 2);
    }

    #[test]
    fn months_go_back_a_year() {
        let m = months(NaiveDate::from_ymd_opt(2026, 2, 10).unwrap());
        assert_eq!(m[0], "2026-02");
        assert_eq!(m[2], "2025-12");
        assert_eq!(m.len(), 12);
    }
}
