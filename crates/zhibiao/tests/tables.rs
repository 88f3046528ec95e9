//! The terminal tables of `extract`, `compare` and `panel` fit the terminal (COLUMNS, or the
//! size of a pseudo-terminal): no line wider than it, a header first, numbers as reports
//! write them; machine formats keep raw numbers.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use unicode_width::UnicodeWidthStr;

const BIN: &str = env!("CARGO_BIN_EXE_zhibiao");

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(name)
}

fn commands() -> Vec<(&'static str, Vec<PathBuf>, &'static str)> {
    vec![
        ("extract", vec![data("jiangmen-2023.txt")], "KIND"),
        (
            "compare",
            vec![data("hailar-2015.txt"), data("hailar-2016.txt")],
            "VERDICT",
        ),
        (
            "panel",
            vec![data("hailar-2015.txt"), data("hailar-2016.txt")],
            "REGION",
        ),
    ]
}

/// Display width without colour codes.
fn width(line: &str) -> usize {
    let mut plain = String::new();
    let mut esc = false;
    for c in line.chars() {
        match (esc, c) {
            (false, '\x1b') => esc = true,
            (true, c) if c.is_ascii_alphabetic() => esc = false,
            (true, _) => {}
            (false, c) => plain.push(c),
        }
    }
    plain.trim_end_matches('\r').width()
}

fn check(cmd: &str, text: &str, header: &str, cols: usize) {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() > 3, "{cmd} at {cols}: {text}");
    assert!(
        lines[0]
            .trim_start_matches(|c: char| !c.is_ascii_uppercase())
            .starts_with(header),
        "{cmd} at {cols}: no header: {}",
        lines[0]
    );
    for l in &lines {
        assert!(
            width(l) <= cols,
            "{cmd} at {cols}: {} columns: {l}",
            width(l)
        );
    }
}

#[test]
fn tables_fit_columns() {
    for (cmd, inputs, header) in commands() {
        for cols in [80, 120] {
            let o = Command::new(BIN)
                .arg(cmd)
                .args(&inputs)
                .args(["-f", "table"])
                .env("COLUMNS", cols.to_string())
                .stdin(Stdio::null())
                .output()
                .unwrap();
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            let text = String::from_utf8(o.stdout).unwrap();
            check(cmd, &text, header, cols);
            if cmd == "extract" {
                // Numbers as reports write them, cut text marked.
                assert!(text.contains("3773.41亿元"), "{text}");
                assert!(text.contains('…'));
            }
        }
    }
}

#[test]
fn tables_fit_a_pseudo_terminal() {
    for (cmd, inputs, header) in commands() {
        for cols in [80, 120] {
            let line = format!(
                "stty cols {cols} rows 50; {BIN} {cmd} {}{}",
                inputs
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(" "),
                if cmd == "extract" { " -q" } else { "" }
            );
            let o = Command::new("script")
                .args(["-qec", &line, "/dev/null"])
                .env_remove("COLUMNS")
                .env_remove("NO_COLOR")
                .stdin(Stdio::null())
                .output()
                .expect("script(1), util-linux");
            assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
            let text = String::from_utf8_lossy(&o.stdout).into_owned();
            check(cmd, &text, header, cols);
        }
    }
}

#[test]
fn machine_formats_keep_raw_numbers() {
    let o = Command::new(BIN)
        .args(["extract", "-f", "csv"])
        .arg(data("jiangmen-2023.txt"))
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains(",377341000000,"), "raw value in CSV");
    let o = Command::new(BIN)
        .args(["compare", "-f", "jsonl"])
        .arg(data("hailar-2015.txt"))
        .arg(data("hailar-2016.txt"))
        .output()
        .unwrap();
    let first: serde_json::Value =
        serde_json::from_slice(o.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
    assert!(first["target"]["value"].is_number() || first["target_value"].is_number());
}

/// On a terminal, `extract` into a file says one line per report on standard error: facts by
/// kind and the share with an indicator.
#[test]
fn a_summary_line_per_report_on_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("facts.jsonl");
    let line = format!(
        "stty cols 120 rows 50; {BIN} extract {} {} -o {}",
        data("hailar-2015.txt").display(),
        data("jiangmen-2023.txt").display(),
        out.display()
    );
    let o = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .output()
        .expect("script(1), util-linux");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let facts = std::fs::read_to_string(&out).unwrap();
    for doc in ["hailar-2015", "jiangmen-2023"] {
        let mine: Vec<serde_json::Value> = facts
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|f| f["doc"] == doc)
            .collect();
        let targets = mine.iter().filter(|f| f["kind"] == "target").count();
        let want = format!(
            "{doc}.txt: {} facts, {} actual, {targets} target;",
            mine.len(),
            mine.len() - targets
        );
        assert!(text.contains(&want), "{want} not in {text}");
    }
    // Not on a pipe: standard error stays quiet but for warnings.
    let o = Command::new(BIN)
        .args(["extract", "-o"])
        .arg(dir.path().join("again.jsonl"))
        .arg(data("jiangmen-2023.txt"))
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&o.stderr).contains("facts,"));
}
