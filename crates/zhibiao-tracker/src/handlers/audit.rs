//! The audit log, for admins: each entry in words (`crate::domain::audit`), filtered by person,
//! department, action and date, and exported (CSV, XLSX) with the same filters. The hash chain
//! is checked on every view of the page.

use axum::extract::{Query, State};
use axum::response::{Html, Response};
use chrono::{Datelike, NaiveDate, TimeZone, Timelike};
use serde::Deserialize;
use serde_json::json;

use crate::auth::Ctx;
use crate::domain::audit::{readable, Names, Readable, ACTIONS};
use crate::error::AppError;
use crate::handlers::exports::attachment;
use crate::service::export::defuse;
use crate::store::AuditFilter;
use crate::{views, AppState};

const PER_PAGE: i64 = 50;

/// The query of the page and the exports. Values that do not parse are ignored (as the list's
/// filters are): a filter never turns a page into an error.
#[derive(Deserialize, Default, Debug, Clone)]
pub struct AuditQuery {
    page: Option<String>,
    /// A user's id.
    user: Option<String>,
    /// A department's id.
    dept: Option<String>,
    /// An action code of `ACTIONS`.
    action: Option<String>,
    /// `YYYY-MM-DD`, local time, both days included.
    from: Option<String>,
    to: Option<String>,
}

fn nonempty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn id_of(v: &Option<String>) -> Option<i64> {
    nonempty(v)
        .and_then(|s| s.parse::<i64>().ok())
        .filter(|i| *i > 0)
}

fn date_of(v: &Option<String>) -> Option<NaiveDate> {
    nonempty(v).and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
}

/// The first second of a day, local time, as Unix seconds.
fn day_start(d: NaiveDate) -> Option<i64> {
    chrono::Local
        .from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
        .earliest()
        .map(|t| t.timestamp())
}

impl AuditQuery {
    fn filter(&self) -> AuditFilter {
        AuditFilter {
            user_id: id_of(&self.user),
            department_id: id_of(&self.dept),
            action: nonempty(&self.action)
                .filter(|a| ACTIONS.iter().any(|(k, _)| k == a))
                .map(str::to_string),
            from: date_of(&self.from).and_then(day_start),
            until: date_of(&self.to)
                .and_then(|d| d.succ_opt())
                .and_then(day_start),
        }
    }

    /// The filters as they took effect, for the form and the links (page left out).
    fn echo(&self) -> Vec<(&'static str, String)> {
        let f = self.filter();
        let date = |v: &Option<String>| date_of(v).map(|d| d.format("%Y-%m-%d").to_string());
        [
            ("user", f.user_id.map(|i| i.to_string())),
            ("dept", f.department_id.map(|i| i.to_string())),
            ("action", f.action),
            ("from", date(&self.from)),
            ("to", date(&self.to)),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect()
    }

    fn query_string(&self) -> String {
        self.echo()
            .iter()
            .map(|(k, v)| format!("{k}={}", views::url_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// The entries a filter keeps (a page of them, or with `limit` −1 all), in words, and how many
/// there are; with the users and departments for the form.
async fn find(
    st: &AppState,
    filter: AuditFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Readable>, i64, serde_json::Value), AppError> {
    let (entries, total, reports, users, departments) = st
        .run(move |s| {
            let (entries, total) = s.audit_find(&filter, limit, offset)?;
            Ok((entries, total, s.reports()?, s.users()?, s.departments()?))
        })
        .await?;
    let names = Names {
        reports: reports.iter().map(|r| (r.id, r.label.clone())).collect(),
        departments: departments.iter().map(|d| (d.id, d.name.clone())).collect(),
        users: users.iter().map(|u| (u.id, u.name.clone())).collect(),
    };
    let list = entries.iter().map(|e| readable(e, &names)).collect();
    let choices = json!({
        "users": users.iter().map(|u| json!({"id": u.id, "name": u.name})).collect::<Vec<_>>(),
        "departments": departments.iter().map(|d| json!({"id": d.id, "name": d.name})).collect::<Vec<_>>(),
        "actions": ACTIONS.iter().map(|(k, v)| json!({"key": k, "label": v})).collect::<Vec<_>>(),
    });
    Ok((list, total, choices))
}

/// `GET /audit?user&dept&action&from&to&page`.
pub async fn list(
    State(st): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Html<String>, AppError> {
    ctx.require_admin()?;
    let page = nonempty(&q.page)
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1)
        .clamp(1, i64::MAX / PER_PAGE);
    let (entries, total, choices) = find(&st, q.filter(), PER_PAGE, (page - 1) * PER_PAGE).await?;
    let broken = st.run(|s| s.verify_audit()).await?;
    let echo: serde_json::Map<String, serde_json::Value> = q
        .echo()
        .into_iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    views::page(
        &ctx,
        "audit.html",
        "audit",
        json!({
            "entries": entries,
            "total": total,
            "page": page,
            "pages": (total + PER_PAGE - 1) / PER_PAGE,
            "broken": broken,
            "q": echo,
            "qs": q.query_string(),
            "choices": choices,
        }),
    )
}

/// The exports' columns.
pub const COLUMNS: [&str; 8] = [
    "编号",
    "时间",
    "用户",
    "操作",
    "对象类型",
    "对象",
    "修改内容",
    "哈希",
];

fn local(at: i64) -> Option<chrono::DateTime<chrono::Local>> {
    chrono::DateTime::from_timestamp(at, 0).map(|t| t.with_timezone(&chrono::Local))
}

/// One exported row, as text (the time as `YYYY-MM-DD HH:MM:SS`, local).
fn cells(r: &Readable) -> [String; 8] {
    [
        r.id.to_string(),
        local(r.at)
            .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default(),
        r.user_name.clone(),
        r.action_label.clone(),
        r.entity_label.clone(),
        r.object.clone(),
        r.change_lines().join("\n"),
        r.hash.clone(),
    ]
}

/// The log as CSV: UTF-8 with a byte-order mark (for Excel), formulas defused.
pub fn csv_bytes(rows: &[Readable]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(b"\xef\xbb\xbf".to_vec());
    w.write_record(COLUMNS)?;
    for r in rows {
        w.write_record(cells(r).iter().map(|c| defuse(c)))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

/// The log as a workbook: the time a date-time, the header frozen and filtered.
pub fn workbook(rows: &[Readable]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("审计日志")?;
    let head = Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_background_color("#DDEBF7")
        .set_border(FormatBorder::Thin);
    let base = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let time = base.clone().set_num_format("yyyy-mm-dd hh:mm:ss");
    for (col, (name, width)) in COLUMNS
        .iter()
        .zip([8.0, 18.0, 12.0, 12.0, 8.0, 40.0, 60.0, 20.0])
        .enumerate()
    {
        ws.write_string_with_format(0, col as u16, *name, &head)?;
        ws.set_column_width(col as u16, width)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, text) in cells(r).iter().enumerate() {
            let col = col as u16;
            match (col, local(r.at)) {
                (0, _) => {
                    ws.write_number_with_format(row, col, r.id as f64, &base)?;
                }
                (1, Some(t)) => {
                    let dt =
                        ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?
                            .and_hms(t.hour() as u16, t.minute() as u8, t.second() as f64)?;
                    ws.write_datetime_with_format(row, col, &dt, &time)?;
                }
                _ => {
                    ws.write_string_with_format(row, col, text, &base)?;
                }
            }
        }
    }
    ws.autofilter(0, 0, rows.len() as u32, COLUMNS.len() as u16 - 1)?;
    ws.set_freeze_panes(1, 0)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_repeat_rows(0, 0)?;
    ws.set_print_fit_to_pages(1, 0);
    wb.save_to_buffer()
}

/// `GET /export/audit.csv?user&dept&action&from&to`: every entry the filters keep.
pub async fn csv(
    State(st): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    let (rows, _, _) = find(&st, q.filter(), -1, 0).await?;
    let bytes = csv_bytes(&rows).map_err(|e| AppError::Internal(format!("csv: {e}")))?;
    Ok(attachment(
        "text/csv; charset=utf-8",
        "audit.csv",
        "审计日志.csv",
        bytes,
    ))
}

/// `GET /export/audit.xlsx?user&dept&action&from&to`.
pub async fn xlsx(
    State(st): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    ctx.require_admin()?;
    let (rows, _, _) = find(&st, q.filter(), -1, 0).await?;
    let bytes = tokio::task::spawn_blocking(move || workbook(&rows))
        .await?
        .map_err(|e| AppError::Internal(format!("xlsx: {e}")))?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "audit.xlsx",
        "审计日志.xlsx",
        bytes,
    ))
}
