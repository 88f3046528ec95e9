//! The 督办台账 (supervision ledger) as the exports write it, for the handlers of
//! `/export/ledger.*`: rows with the list's filters, the XLSX workbook and the CSV.
//!
//! Exports of the 督办台账 (supervision ledger): XLSX and CSV, with the list's filters. The
//! columns are what an office reports upward (`COLUMNS`); in the workbook numbers are numbers
//! and dates are dates, 健康度 is filled red, yellow or green, the header row is frozen and
//! filtered, and the sheet prints on A4 landscape with the header on every page.

use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

use crate::domain::commitments::format_number;
use crate::domain::health::{Health, Light};
use crate::error::AppError;
use crate::service::select::{select, ListQuery};
use crate::store::Commitment;
use crate::{views, AppState};

/// The ledger's columns.
pub const COLUMNS: [&str; 12] = [
    "序号",
    "任务",
    "目标",
    "牵头单位",
    "责任单位",
    "完成时限",
    "进展情况",
    "完成进度",
    "状态",
    "健康度",
    "最近更新",
    "佐证",
];

/// Column widths in the workbook, in characters.
const WIDTHS: [f64; 12] = [
    12.0, 48.0, 28.0, 16.0, 20.0, 12.0, 40.0, 10.0, 16.0, 8.0, 12.0, 24.0,
];

/// One cell of the ledger, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// 完成进度, percent (0 … 100).
    Number(f64),
    Date(NaiveDate),
    Empty,
}

impl Cell {
    fn text(s: String) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    fn date(s: Option<&str>) -> Cell {
        match s.and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()) {
            Some(d) => Cell::Date(d),
            None => Cell::text(s.unwrap_or_default().to_string()),
        }
    }

    /// As CSV writes it: dates `YYYY-MM-DD`, numbers without trailing zeros.
    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => defuse(s),
            Cell::Number(x) => format_number_plain(*x),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Empty => String::new(),
        }
    }
}

fn format_number_plain(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// One ledger row and the health light its 健康度 cell is filled with.
#[derive(Debug, Clone)]
pub struct Row {
    pub cells: [Cell; 12],
    pub light: Light,
}

/// One ledger row. `latest` is the date and narrative of the task's latest update.
fn row(
    c: &Commitment,
    h: &Health,
    evidence: &HashMap<i64, Vec<String>>,
    latest: Option<&(String, String)>,
) -> Row {
    let (lead, co) = views::departments_text(c);
    let mut state = c.state.label().to_string();
    let flags: Vec<&str> = [(h.overdue, "逾期"), (h.stale, "30天未更新")]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, f)| *f)
        .collect();
    if !flags.is_empty() {
        state.push_str(&format!("（{}）", flags.join("，")));
    }
    let targets: Vec<String> = c.targets.iter().map(|t| t.display()).collect();
    let mut progress = latest
        .map(|(d, n)| format!("{d}：{}", n.trim()))
        .unwrap_or_default();
    if let (Some(v), true) = (c.current_value, progress.is_empty()) {
        let unit = c.targets.first().map(|t| t.unit.as_str()).unwrap_or("");
        progress = format!("当前值 {}{unit}", format_number(v));
    }
    Row {
        cells: [
            Cell::text(c.display_number()),
            Cell::text(c.title.clone()),
            Cell::text(targets.join("；")),
            Cell::text(lead),
            Cell::text(co),
            Cell::date(Some(&c.deadline)),
            Cell::text(progress),
            c.percent.map(Cell::Number).unwrap_or(Cell::Empty),
            Cell::text(state),
            Cell::text(h.light.label().to_string()),
            Cell::date(c.last_update.as_deref()),
            Cell::text(
                evidence
                    .get(&c.id)
                    .map(|e| e.join("；"))
                    .unwrap_or_default(),
            ),
        ],
        light: h.light,
    }
}

pub async fn rows(st: &AppState, q: &ListQuery) -> Result<Vec<Row>, AppError> {
    let list = select(st, q).await?;
    let ids: Vec<i64> = list
        .iter()
        .filter(|(c, _)| c.updates > 0)
        .map(|(c, _)| c.id)
        .collect();
    let (evidence, latest) = st
        .run(move |s| Ok((s.evidence_summary()?, s.latest_narratives(&ids)?)))
        .await?;
    Ok(list
        .iter()
        .map(|(c, h)| row(c, h, &evidence, latest.get(&c.id)))
        .collect())
}

/// The fill and font colours of a health light: Excel's own 坏/中性/好 styles.
pub fn light_colours(l: Light) -> (&'static str, &'static str) {
    match l {
        Light::Red => ("#FFC7CE", "#9C0006"),
        Light::Yellow => ("#FFEB9C", "#9C5700"),
        Light::Green => ("#C6EFCE", "#006100"),
    }
}

/// Builds the ledger workbook.
pub fn workbook(rows: &[Row]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("督办台账")?;
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
    let date = base.clone().set_num_format("yyyy-mm-dd");
    let percent = base.clone().set_num_format("0\"%\"");
    let lights: HashMap<&str, Format> = Light::ALL
        .iter()
        .map(|l| {
            let (fill, font) = light_colours(*l);
            (
                l.key(),
                base.clone()
                    .set_align(FormatAlign::Center)
                    .set_background_color(fill)
                    .set_font_color(font),
            )
        })
        .collect();
    for (col, name) in COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, *name, &head)?;
    }
    for (col, width) in WIDTHS.iter().enumerate() {
        ws.set_column_width(col as u16, *width)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (col, cell) in row.cells.iter().enumerate() {
            let col = col as u16;
            let f = if COLUMNS[col as usize] == "健康度" {
                lights.get(row.light.key()).unwrap_or(&base)
            } else {
                &base
            };
            match cell {
                Cell::Text(s) => {
                    ws.write_string_with_format(r, col, s, f)?;
                }
                Cell::Number(x) => {
                    ws.write_number_with_format(r, col, *x, &percent)?;
                }
                Cell::Date(d) => {
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(r, col, &dt, &date)?;
                }
                Cell::Empty => {
                    ws.write_blank(r, col, f)?;
                }
            }
        }
    }
    let last = rows.len() as u32;
    ws.autofilter(0, 0, last, COLUMNS.len() as u16 - 1)?;
    ws.set_freeze_panes(1, 0)?;
    // Print: A4 landscape, the header row on every page, all columns on one page's width.
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_repeat_rows(0, 0)?;
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header("&C&\"-,Bold\"督办台账");
    ws.set_footer("&C第 &P 页，共 &N 页");
    wb.save_to_buffer()
}

/// A cell that a spreadsheet would take for a formula is prefixed with `'`.
pub(crate) fn defuse(v: &str) -> String {
    if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{v}")
    } else {
        v.to_string()
    }
}

/// The ledger as CSV: the same columns, UTF-8 with a byte-order mark so that Excel reads the
/// Chinese.
pub fn csv_bytes(rows: &[Row]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(b"\xef\xbb\xbf".to_vec());
    w.write_record(COLUMNS)?;
    for r in rows {
        w.write_record(r.cells.iter().map(Cell::csv))?;
    }
    w.into_inner().map_err(|e| e.into_error().into())
}

#[cfg(test)]
#[path = "../../tests/support/xlsx.rs"]
mod xlsx;

#[cfg(test)]
mod tests {
    use super::xlsx;
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    #[test]
    fn formulas_are_defused() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("推进"), "推进");
    }

    fn sample() -> Vec<Row> {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let t = |s: &str| Cell::Text(s.to_string());
        vec![
            Row {
                cells: [
                    t("二、（一）1."),
                    t("提升硬联通能力"),
                    t("地区生产总值增长6%以上"),
                    t("市发展改革局"),
                    t("市交通运输局、市自然资源局"),
                    Cell::Date(d("2023-06-30")),
                    t("2023-05-10：深江铁路江门段完成投资12亿元"),
                    Cell::Number(45.0),
                    t("推进中"),
                    t("滞后"),
                    Cell::Date(d("2023-05-10")),
                    t("方案.pdf"),
                ],
                light: Light::Red,
            },
            Row {
                cells: [
                    t("二、（一）2."),
                    t("=1+1"),
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Date(d("2023-12-31")),
                    Cell::Empty,
                    Cell::Empty,
                    t("未启动"),
                    t("正常"),
                    Cell::Empty,
                    Cell::Empty,
                ],
                light: Light::Green,
            },
        ]
    }

    /// The workbook read back: columns, types (numbers as numbers, dates as dates) and the
    /// fills of 健康度, the filter, the frozen header and the print setup.
    #[test]
    fn the_workbook_has_typed_cells_coloured_health_and_print_setup() {
        let bytes = workbook(&sample()).unwrap();
        let mut wb: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
        let sheet = wb.worksheet_range("督办台账").unwrap();
        let rows: Vec<_> = sheet.rows().collect();
        assert_eq!(rows.len(), 3);
        let head: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
        assert_eq!(head, COLUMNS);
        assert_eq!(rows[1][7], Data::Float(45.0));
        match &rows[1][5] {
            Data::DateTime(dt) => {
                // Excel's serial day of 2023-06-30.
                assert_eq!(dt.as_f64(), 45107.0)
            }
            other => panic!("完成时限 is not a date: {other:?}"),
        }
        assert!(matches!(rows[1][10], Data::DateTime(_)));
        assert_eq!(
            rows[2][1],
            Data::String("=1+1".into()),
            "text, not a formula"
        );
        assert_eq!(rows[2][7], Data::Empty);
        // The parts calamine does not read, from the package's XML: 健康度 (column J) is
        // filled with its light's colour, nothing else is.
        assert_eq!(xlsx::fill(&bytes, "J2").as_deref(), Some("FFC7CE"));
        assert_eq!(xlsx::fill(&bytes, "J3").as_deref(), Some("C6EFCE"));
        assert_eq!(xlsx::fill(&bytes, "B2"), None);
        assert_eq!(xlsx::fill(&bytes, "A1").as_deref(), Some("DDEBF7"));
        let sheet = xlsx::entry(&bytes, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains("<autoFilter ref=\"A1:L3\""), "{sheet}");
        assert!(sheet.contains("state=\"frozen\""));
        assert!(sheet.contains("orientation=\"landscape\""));
        assert!(sheet.contains("paperSize=\"9\""));
        let book = xlsx::entry(&bytes, "xl/workbook.xml");
        assert!(book.contains("_xlnm.Print_Titles"), "{book}");
    }

    #[test]
    fn the_csv_has_the_same_columns_and_plain_values() {
        let text = String::from_utf8(csv_bytes(&sample()).unwrap()).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next().unwrap(),
            format!("\u{feff}{}", COLUMNS.join(","))
        );
        assert_eq!(
            lines.next().unwrap(),
            "二、（一）1.,提升硬联通能力,地区生产总值增长6%以上,市发展改革局,市交通运输局、市自然资源局,2023-06-30,2023-05-10：深江铁路江门段完成投资12亿元,45,推进中,滞后,2023-05-10,方案.pdf"
        );
        assert_eq!(
            lines.next().unwrap(),
            "二、（一）2.,'=1+1,,,,2023-12-31,,,未启动,正常,,"
        );
    }
}
