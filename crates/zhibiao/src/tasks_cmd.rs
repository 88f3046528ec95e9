//! `zhibiao tasks REPORT…`: the plan of each report divided into tasks, as an office divides
//! it (tests/data/spec/tasks.md) — JSON Lines that a gold file scores with no conversion, CSV,
//! a table, or the XLSX draft 分工方案 an office fills in.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{anyhow, Result};
use clap::Args;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use unicode_width::UnicodeWidthStr;
use zhibiao_core::tasks::Task;

use crate::compare_cmd::RowFormat;
use crate::export::TempOut;
use crate::input::Input;

#[derive(Args)]
pub struct TasksArgs {
    /// Report files (text, HTML, DOCX, PDF), or `-` for standard input.
    #[arg(value_name = "REPORT", required = true)]
    pub reports: Vec<PathBuf>,

    /// Output format [default: table on a terminal, else jsonl; with -o, by OUT's extension:
    /// .csv, .xlsx, anything else jsonl]
    #[arg(short = 'f', long, value_enum)]
    pub format: Option<RowFormat>,

    /// Write to OUT (replaced at once when done) instead of standard output.
    #[arg(short = 'o', long, value_name = "OUT")]
    pub output: Option<PathBuf>,
}

/// One report divided.
struct Divided {
    title: Option<String>,
    year: Option<i32>,
    tasks: Vec<Task>,
}

pub fn run(args: TasksArgs) -> Result<ExitCode> {
    let format = match crate::output::choose_format(
        "tasks",
        args.format,
        args.output.as_deref(),
        crate::compare_cmd::default_format(args.output.is_some()),
    ) {
        Ok(f) => f,
        Err(message) => return Ok(crate::extract_cmd::usage_error(&message)),
    };
    if format == RowFormat::Xlsx && args.output.is_none() {
        eprintln!("zhibiao: tasks: -f xlsx writes a file: give -o OUT");
        return Ok(ExitCode::from(2));
    }
    let mut done = Vec::new();
    let mut failed = 0usize;
    for path in &args.reports {
        let input = Input::new(path);
        let name = input.display();
        match crate::read_and_extract(&input) {
            Ok((_, x)) => {
                let tasks = x.tasks();
                if tasks.is_empty() {
                    crate::report(
                        &name,
                        &"warning: no plan found (no part that sets this year's work)",
                    );
                }
                done.push(Divided {
                    title: x.document.title.clone(),
                    year: x.document.year,
                    tasks,
                });
            }
            Err(cause) => {
                crate::report(&name, &cause);
                failed += 1;
            }
        }
    }
    if done.is_empty() {
        return Ok(ExitCode::from(1));
    }
    match format {
        RowFormat::Xlsx => {
            let out = args.output.as_deref().unwrap_or(Path::new("tasks.xlsx"));
            write_xlsx(out, &done)?;
        }
        _ => crate::with_output(args.output.as_deref(), |w| match format {
            RowFormat::Jsonl => done.iter().flat_map(|d| &d.tasks).try_for_each(|t| {
                serde_json::to_writer(&mut *w, t).map_err(io::Error::from)?;
                writeln!(w)
            }),
            RowFormat::Csv => crate::output::write_csv_table(
                w,
                &TASK_COLUMNS,
                done.iter()
                    .flat_map(|d| &d.tasks)
                    .map(|t| task_values(t).to_vec()),
            ),
            _ => write_table(w, &done),
        })?,
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub use zhibiao_core::columns::TASK_COLUMNS;
use zhibiao_core::columns::{targets_text, task_values};

fn write_table(w: &mut dyn Write, done: &[Divided]) -> io::Result<()> {
    for d in done {
        let mut part = "";
        for t in &d.tasks {
            if t.part != part {
                part = &t.part;
                writeln!(w, "\n{}  {}", t.doc, t.part)?;
            }
            let targets = if t.targets.is_empty() {
                String::new()
            } else {
                format!("  [{} targets]", t.targets.len())
            };
            let deadline = t
                .deadline
                .as_deref()
                .map(|d| format!("  [{d}]"))
                .unwrap_or_default();
            // 序号 padded by display width (a CJK character takes two columns).
            let pad = " ".repeat(16usize.saturating_sub(t.number.width()));
            writeln!(
                w,
                "{:>4} {}{pad} {}{targets}{deadline}  (lines {}–{})",
                t.seq, t.number, t.title, t.line_start, t.line_end
            )?;
        }
        writeln!(w, "\n{} tasks", d.tasks.len())?;
    }
    Ok(())
}

/// The columns of the draft 分工方案: header, width.
const PLAN_COLUMNS: [(&str, f64); 7] = [
    ("序号", 8.0),
    ("任务", 70.0),
    ("目标", 36.0),
    ("牵头单位", 16.0),
    ("责任单位", 20.0),
    ("完成时限", 12.0),
    ("备注", 16.0),
];

/// A sheet name Excel accepts (≤ 31 chars, none of []:*?/\), unique in the workbook.
fn sheet_name(doc: &str, taken: &mut HashSet<String>) -> String {
    let base: String = doc
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(28)
        .collect();
    let base = if base.trim().is_empty() {
        "tasks".to_string()
    } else {
        base
    };
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.to_lowercase()) {
        name = format!("{base} {n}");
        n += 1;
    }
    name
}

/// The heading number of a part title (三、 / （一）), or the whole title when it has none.
fn heading_number(title: &str) -> String {
    let t: Vec<char> = title.chars().collect();
    if t.first() == Some(&'（') {
        if let Some(e) = t.iter().position(|&c| c == '）') {
            return t[..=e].iter().collect();
        }
    }
    match t
        .iter()
        .take(5)
        .position(|&c| matches!(c, '、' | '.' | '．'))
    {
        Some(e) => t[..=e].iter().collect(),
        None => String::new(),
    }
}

/// Writes the draft 分工方案: one sheet per report, a title row, the header row (frozen,
/// filtered, repeated on every printed page), a row per part heading and a row per task;
/// A4 landscape, one page wide.
fn write_xlsx(out: &Path, done: &[Divided]) -> Result<()> {
    let temp = TempOut::create(out)?;
    let err = |e: rust_xlsxwriter::XlsxError| temp.write_error(e);
    let mut wb = Workbook::new();
    let title_fmt = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let head_fmt = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_background_color(0xD9E1F2)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let cell_fmt = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let part_fmt = cell_fmt.clone().set_bold().set_background_color(0xF2F2F2);
    let mut taken = HashSet::new();
    for d in done {
        let doc = d.tasks.first().map_or("tasks", |t| t.doc.as_str());
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(doc, &mut taken)).map_err(err)?;
        let report = d.title.clone().unwrap_or_else(|| doc.to_string());
        let heading = match d.year {
            Some(y) => format!("《{report}》{y}年重点工作分工方案（草案）"),
            None => format!("《{report}》重点工作分工方案（草案）"),
        };
        ws.merge_range(
            0,
            0,
            0,
            (PLAN_COLUMNS.len() - 1) as u16,
            &heading,
            &title_fmt,
        )
        .map_err(err)?;
        ws.set_row_height(0, 30).map_err(err)?;
        for (i, (name, width)) in PLAN_COLUMNS.iter().enumerate() {
            ws.set_column_width(i as u16, *width).map_err(err)?;
            ws.write_string_with_format(1, i as u16, *name, &head_fmt)
                .map_err(err)?;
        }
        let mut row: u32 = 2;
        let mut shown: Vec<String> = Vec::new();
        for t in &d.tasks {
            // A row for each part heading not shown yet (三、2026年工作安排, （一）…).
            let path: Vec<&str> = t.part.split(" › ").filter(|p| !p.is_empty()).collect();
            for (depth, h) in path.iter().enumerate() {
                if shown.get(depth).map(String::as_str) == Some(*h) {
                    continue;
                }
                shown.truncate(depth);
                shown.push(h.to_string());
                let number = heading_number(h);
                let rest = h.strip_prefix(number.as_str()).unwrap_or(h);
                ws.write_string_with_format(row, 0, &number, &part_fmt)
                    .map_err(err)?;
                ws.write_string_with_format(row, 1, rest, &part_fmt)
                    .map_err(err)?;
                for c in 2..PLAN_COLUMNS.len() as u16 {
                    ws.write_blank(row, c, &part_fmt).map_err(err)?;
                }
                row += 1;
            }
            shown.truncate(path.len());
            let n = t.number.rsplit(['、', '）']).next().unwrap_or(&t.number);
            let note = format!("原文第{}–{}行", t.line_start, t.line_end);
            let cells: [&str; 7] = [
                n,
                &t.text,
                &targets_text(t),
                "",
                "",
                t.deadline.as_deref().unwrap_or(""),
                &note,
            ];
            for (c, v) in cells.iter().enumerate() {
                ws.write_string_with_format(row, c as u16, *v, &cell_fmt)
                    .map_err(err)?;
            }
            row += 1;
        }
        ws.set_freeze_panes(2, 0).map_err(err)?;
        ws.autofilter(
            1,
            0,
            row.saturating_sub(1).max(1),
            (PLAN_COLUMNS.len() - 1) as u16,
        )
        .map_err(err)?;
        ws.set_paper_size(9); // A4
        ws.set_landscape();
        ws.set_repeat_rows(1, 1).map_err(err)?;
        ws.set_print_fit_to_pages(1, 0);
    }
    let file = temp.file()?;
    let mut w = io::BufWriter::new(file);
    wb.save_to_writer(&mut w).map_err(err)?;
    w.into_inner()
        .map_err(|e| anyhow!("{}: cannot write: {}", out.display(), e.error()))?;
    temp.commit()
}
