//! `extract --kind` and `--indicator`: only the facts asked for, every format; bad ids and
//! `docs` with the filters are usage errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_zhibiao");

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/jiangmen-2023.txt")
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN).args(args).arg(seed()).output().unwrap()
}

fn facts(args: &[&str]) -> Vec<serde_json::Value> {
    let o = run(args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn kind_and_indicator_filter_the_facts() {
    let all = facts(&["extract", "-f", "jsonl"]);
    let targets = facts(&["extract", "-f", "jsonl", "--kind", "target"]);
    let actual = facts(&["extract", "-f", "jsonl", "--kind", "actual"]);
    assert!(!targets.is_empty() && !actual.is_empty());
    assert_eq!(targets.len() + actual.len(), all.len());
    assert!(targets.iter().all(|f| f["kind"] == "target"));
    assert!(actual.iter().all(|f| f["kind"] == "actual"));
    // The same facts as the unfiltered run, in the same order.
    let expected: Vec<_> = all
        .iter()
        .filter(|f| f["kind"] == "target")
        .cloned()
        .collect();
    assert_eq!(targets, expected);

    let gdp = facts(&["extract", "-f", "jsonl", "--indicator", "gdp,cpi"]);
    let expected: Vec<_> = all
        .iter()
        .filter(|f| f["indicator"] == "gdp" || f["indicator"] == "cpi")
        .cloned()
        .collect();
    assert!(expected.len() >= 2);
    assert_eq!(gdp, expected);
    let both = facts(&[
        "extract",
        "-f",
        "jsonl",
        "--indicator",
        "gdp",
        "--indicator",
        "cpi",
        "--kind",
        "target",
    ]);
    assert!(both.iter().all(|f| f["kind"] == "target"));
    assert_eq!(
        both.len(),
        expected.iter().filter(|f| f["kind"] == "target").count()
    );

    let o = run(&["extract", "-f", "csv", "--kind", "target"]);
    assert_eq!(
        String::from_utf8(o.stdout).unwrap().lines().count(),
        targets.len() + 1
    );
}

#[test]
fn bad_filters_are_usage_errors() {
    let o = run(&["extract", "--indicator", "no_such_thing"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "zhibiao: --indicator no_such_thing: no such indicator (zhibiao indicators lists them)\n"
    );
    let o = run(&["docs", "--kind", "target"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stdout.is_empty());
    let o = run(&["extract", "--kind", "plan"]);
    assert_eq!(o.status.code(), Some(2));
}

/// `--main`: the facts of the year's main-targets passage only — every one a target of the
/// report's year, quoted from the passage, and with a table a summary line per report.
#[test]
fn main_keeps_the_main_targets_passage() {
    let all = facts(&["extract", "-f", "jsonl"]);
    let main = facts(&["extract", "-f", "jsonl", "--main"]);
    // Jiangmen 2023: 地区生产总值增长6%以上、力争7%以上 … ten targets in one paragraph.
    assert!(
        main.len() >= 8 && main.len() < all.len() / 4,
        "{}",
        main.len()
    );
    assert!(main
        .iter()
        .all(|f| f["kind"] == "target" && f["period"] == 2023));
    // One passage (the file breaks its lines every ~18 characters, as a newspaper column).
    let lines: Vec<i64> = main
        .iter()
        .map(|f| f["line_start"].as_i64().unwrap())
        .collect();
    let (lo, hi) = (lines.iter().min().unwrap(), lines.iter().max().unwrap());
    assert!(hi - lo < 20, "lines {lo}..{hi}");
    assert!(main
        .iter()
        .any(|f| f["subject"] == "地区生产总值" && f["value"] == 6.0));
    // With --kind actual nothing is left: the passage holds targets.
    assert!(facts(&["extract", "-f", "jsonl", "--main", "--kind", "actual"]).is_empty());
    let o = run(&["extract", "-f", "table", "--main"]);
    let text = String::from_utf8(o.stdout).unwrap();
    let last = text.lines().last().unwrap();
    assert!(
        last.ends_with(&format!(
            "{} facts, 0 actual, {} target; {} ({}%) with an indicator",
            main.len(),
            main.len(),
            main.iter().filter(|f| !f["indicator"].is_null()).count(),
            (100.0 * main.iter().filter(|f| !f["indicator"].is_null()).count() as f64
                / main.len() as f64)
                .round()
        )),
        "{last}"
    );
    let o = Command::new(BIN)
        .args(["docs", "--main"])
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}
