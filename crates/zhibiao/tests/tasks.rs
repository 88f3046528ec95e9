//! `zhibiao tasks` and `zhibiao eval --tasks-gold` run as a user runs them: the division of the
//! two dev reports scored against their gold files, JSON Lines that the gold format reads, and
//! the XLSX draft 分工方案 read back with calamine.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_zhibiao");

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn zhibiao(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn p(rel: &str) -> String {
    repo().join(rel).to_str().unwrap().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn eval_tasks_gold_scores_both_dev_reports() {
    for (gold, report) in [
        (
            "tests/data/gold/tasks/jiangmen-2023.tasks.jsonl",
            "tests/data/jiangmen-2023.txt",
        ),
        (
            "tests/data/gold/tasks/shanxi-2026.tasks.jsonl",
            "tests/data/provinces-2026/shanxi-2026.txt",
        ),
    ] {
        let o = zhibiao(&[
            "eval",
            "--tasks-gold",
            &p(gold),
            &p(report),
            "--json",
            "--min-f1",
            "0.9",
        ]);
        assert_eq!(o.status.code(), Some(0), "{report}: {}", stderr(&o));
        let s: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(s["f1"].as_f64().unwrap() >= 0.9, "{report}: {s}");
        assert!(s["end_rate"].as_f64().unwrap() >= 0.85, "{report}: {s}");
        assert_eq!(s["n_gold"], s["matched"], "{report}: every gold task found");
    }
    // --min-f1 above the score: exit 2.
    let o = zhibiao(&[
        "eval",
        "--tasks-gold",
        &p("tests/data/gold/tasks/shanxi-2026.tasks.jsonl"),
        &p("tests/data/jiangmen-2023.txt"),
        "--min-f1",
        "0.5",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("gold task for doc `shanxi-2026`"));
}

#[test]
fn tasks_jsonl_carries_the_spec_fields() {
    let o = zhibiao(&["tasks", "-f", "jsonl", &p("tests/data/jiangmen-2023.txt")]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows: Vec<Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 10);
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r["seq"], i + 1);
        assert_eq!(r["doc"], "jiangmen-2023");
        for field in ["part", "title", "first", "last", "text"] {
            assert!(
                r[field].as_str().is_some_and(|s| !s.is_empty()),
                "{field} of {r}"
            );
        }
        assert!(r["offset"].as_u64().is_some());
        assert!(r["targets"].is_array());
    }
    assert_eq!(rows[1]["title"], "提升硬联通能力");
    assert_eq!(rows[1]["number"], "二、（一）1.");
    assert_eq!(rows[0]["targets"].as_array().unwrap().len(), 10);
    assert_eq!(rows[0]["targets"][0]["kind"], "target");
}

#[test]
fn tasks_xlsx_is_a_draft_division_plan() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("分工方案.xlsx");
    let o = zhibiao(&[
        "tasks",
        &p("tests/data/provinces-2026/shanxi-2026.txt"),
        &p("tests/data/jiangmen-2023.txt"),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(wb.sheet_names(), vec!["shanxi-2026", "jiangmen-2023"]);
    let range = wb.worksheet_range("shanxi-2026").unwrap();
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let text = |d: &Data| match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => panic!("a text cell, not {other:?}"),
    };
    assert!(
        text(&rows[0][0]).contains("2026年重点工作分工方案"),
        "{:?}",
        rows[0]
    );
    let header: Vec<String> = rows[1].iter().map(text).collect();
    assert_eq!(
        header,
        vec![
            "序号",
            "任务",
            "目标",
            "牵头单位",
            "责任单位",
            "完成时限",
            "备注"
        ]
    );
    // Part rows (三、 / （一）) then numbered task rows (1. 2. …).
    assert_eq!(text(&rows[2][0]), "三、");
    assert_eq!(text(&rows[2][1]), "2026年工作安排");
    assert_eq!(text(&rows[3][0]), "1.");
    assert!(text(&rows[3][1]).starts_with("今年经济社会发展主要目标是"));
    assert!(text(&rows[3][2]).contains("地区生产总值增长4.5%—5%"));
    assert_eq!(text(&rows[4][0]), "（一）");
    assert_eq!(text(&rows[5][0]), "1.");
    assert!(text(&rows[5][1]).starts_with("大力提振消费。"));
    let tasks = rows[2..]
        .iter()
        .filter(|r| text(&r[0]).ends_with('.'))
        .count();
    assert_eq!(tasks, 68);
    for r in &rows[2..] {
        assert_eq!(text(&r[3]), "", "牵头单位 is left to the office");
        assert_eq!(text(&r[4]), "", "责任单位 is left to the office");
        if text(&r[0]).ends_with('.') {
            assert!(text(&r[6]).starts_with("原文第"), "{:?}", r);
        }
    }
    // Freeze panes, filters and print setup are in the sheet's XML.
    let file = std::fs::File::open(&out).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut xml,
    )
    .unwrap();
    assert!(xml.contains(r#"state="frozen""#), "frozen header");
    assert!(xml.contains("<autoFilter"), "filters");
    assert!(xml.contains(r#"orientation="landscape""#) && xml.contains(r#"paperSize="9""#));
    assert!(
        xml.contains(r#"wrapText"#) || {
            let mut styles = String::new();
            std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles)
                .unwrap();
            styles.contains("wrapText")
        }
    );
    let mut wbxml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut wbxml)
        .unwrap();
    assert!(
        wbxml.contains("_xlnm.Print_Titles"),
        "header row repeated on every page"
    );
}

#[test]
fn tasks_xlsx_needs_an_output_and_failures_name_the_file() {
    let o = zhibiao(&["tasks", "-f", "xlsx", &p("tests/data/jiangmen-2023.txt")]);
    assert_eq!(o.status.code(), Some(2));
    let o = zhibiao(&["tasks", "-f", "jsonl", "no-such-report.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no-such-report.txt"), "{}", stderr(&o));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.csv");
    let o = zhibiao(&[
        "tasks",
        &p("tests/data/jiangmen-2023.txt"),
        "missing.txt",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "one input failed");
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.starts_with("doc,seq,number,part,title,first,last,text,offset"));
    assert!(csv.contains("提升硬联通能力"));
}

/// The Jiangmen report as Word, web page and PDF (one and two columns) divides as its text
/// copy does, save its first heading, which runs into the first lead sentence in those copies
/// (（一）…释放发展潜力和优势提升硬联通能力。): task F1 0.90, 0.80 for the two-column PDF,
/// whose text layer also loses a comma of the main-targets passage.
#[test]
fn every_layout_of_jiangmen_divides_alike() {
    let dir = tempfile::tempdir().unwrap();
    for (file, min) in [
        ("jiangmen-2023.docx", 0.9),
        ("jiangmen-2023.html", 0.9),
        ("jiangmen-2023-gbk.html", 0.9),
        ("jiangmen-2023.pdf", 0.9),
        ("jiangmen-2023-2col.pdf", 0.8),
    ] {
        // The gold's doc id is the stem jiangmen-2023.
        let ext = file.rsplit('.').next().unwrap();
        let copy = dir.path().join(format!("jiangmen-2023.{ext}"));
        std::fs::copy(repo().join("tests/data/formats").join(file), &copy).unwrap();
        let o = zhibiao(&[
            "eval",
            "--tasks-gold",
            &p("tests/data/gold/tasks/jiangmen-2023.tasks.jsonl"),
            copy.to_str().unwrap(),
            "--json",
        ]);
        assert_eq!(o.status.code(), Some(0), "{file}: {}", stderr(&o));
        let s: Value = serde_json::from_slice(&o.stdout).unwrap();
        let f1 = s["f1"].as_f64().unwrap();
        assert!(f1 >= min - 1e-9, "{file}: task F1 {f1}");
        assert!(s["end_rate"].as_f64().unwrap() >= 0.85, "{file}: {s}");
        assert!(s["n_pred"].as_u64().unwrap() <= 11, "{file}: {s}");
    }
}
