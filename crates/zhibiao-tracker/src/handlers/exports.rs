//! Exports of the 督办台账 (supervision ledger): XLSX and CSV, with the list's filters.

use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

use super::commitments::{select, ListQuery};
use crate::auth::Ctx;
use crate::domain::commitments::format_number;
use crate::domain::health::Health;
use crate::error::AppError;
use crate::store::Commitment;
use crate::{views, AppState};

/// The ledger's columns.
pub const COLUMNS: [&str; 10] = [
    "序号",
    "任务",
    "牵头单位",
    "责任单位",
    "目标值",
    "当前值",
    "进度",
    "状态",
    "最近更新",
    "佐证",
];

/// One ledger row, as text.
fn row(i: usize, c: &Commitment, h: &Health, evidence: &HashMap<i64, Vec<String>>) -> [String; 10] {
    let (lead, co) = views::departments_text(c);
    let unit = c.targets.first().map(|t| t.unit.as_str()).unwrap_or("");
    let mut state = c.state.label().to_string();
    state.push_str(&format!("（{}", h.light.label()));
    if h.overdue {
        state.push_str("，逾期");
    }
    if h.stale {
        state.push_str("，30天未更新");
    }
    state.push('）');
    [
        (i + 1).to_string(),
        c.title.clone(),
        lead,
        co,
        c.targets
            .iter()
            .map(|t| t.display())
            .collect::<Vec<_>>()
            .join("；"),
        c.current_value
            .map(|v| format!("{}{unit}", format_number(v)))
            .unwrap_or_default(),
        c.percent.map(|p| format!("{p:.0}%")).unwrap_or_default(),
        state,
        c.last_update.clone().unwrap_or_default(),
        evidence
            .get(&c.id)
            .map(|e| e.join("；"))
            .unwrap_or_default(),
    ]
}

async fn rows(st: &AppState, q: &ListQuery) -> Result<Vec<[String; 10]>, AppError> {
    let list = select(st, q).await?;
    let evidence = st.run(|s| s.evidence_summary()).await?;
    Ok(list
        .iter()
        .enumerate()
        .map(|(i, (c, h))| row(i, c, h, &evidence))
        .collect())
}

fn attachment(mime: &str, ascii_name: &str, name: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{}",
                    views::url_encode(name)
                ),
            ),
        ],
        body,
    )
        .into_response()
}

/// Builds the ledger workbook.
pub fn workbook(rows: &[[String; 10]]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("督办台账")?;
    let head = Format::new()
        .set_bold()
        .set_background_color("#DDEBF7")
        .set_border(rust_xlsxwriter::FormatBorder::Thin);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for (col, name) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *name, &head)?;
    }
    for (col, width) in [6, 60, 16, 20, 24, 12, 8, 18, 12, 30].iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    for (r, cells) in rows.iter().enumerate() {
        for (col, v) in cells.iter().enumerate() {
            ws.write_string_with_format(r as u32 + 1, col as u16, v, &wrap)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    wb.save_to_buffer()
}

/// `GET /export/ledger.xlsx`.
pub async fn xlsx(
    State(st): State<AppState>,
    _ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let rows = rows(&st, &q).await?;
    let bytes = tokio::task::spawn_blocking(move || workbook(&rows))
        .await?
        .map_err(|e| AppError::Internal(format!("xlsx: {e}")))?;
    Ok(attachment(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ledger.xlsx",
        "督办台账.xlsx",
        bytes,
    ))
}

/// A cell that a spreadsheet would take for a formula is prefixed with `'`.
fn defuse(v: &str) -> String {
    if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{v}")
    } else {
        v.to_string()
    }
}

/// `GET /export/ledger.csv`: UTF-8 with a byte-order mark, so that Excel reads the Chinese.
pub async fn csv(
    State(st): State<AppState>,
    _ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let rows = rows(&st, &q).await?;
    let mut w = csv::Writer::from_writer(b"\xef\xbb\xbf".to_vec());
    let fail = |e: csv::Error| AppError::Internal(format!("csv: {e}"));
    w.write_record(COLUMNS).map_err(fail)?;
    for r in &rows {
        w.write_record(r.iter().map(|v| defuse(v))).map_err(fail)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| AppError::Internal(format!("csv: {e}")))?;
    Ok(attachment(
        "text/csv; charset=utf-8",
        "ledger.csv",
        "督办台账.csv",
        bytes,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("推进"), "推进");
    }
}
