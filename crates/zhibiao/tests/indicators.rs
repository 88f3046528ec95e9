//! `compare`, `panel` and `indicators` end to end: the bundled Hailar reports of 2015 and 2016,
//! bad pairs of reports, a bad registry, and the panel read back from XLSX and Parquet.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(rel)
}

fn zhibiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zhibiao"))
        .args(args)
        .output()
        .expect("zhibiao runs")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn compare_gives_the_gold_verdicts_as_jsonl() {
    let (a, b) = (data("hailar-2015.txt"), data("hailar-2016.txt"));
    let o = zhibiao(&["compare", path(&a), path(&b), "-f", "jsonl"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("row"))
        .collect();
    let gdp = rows
        .iter()
        .find(|r| r["subject"] == "地区生产总值" && r["measure"] == "growth")
        .expect("GDP growth target");
    assert_eq!(gdp["target"]["value"], 8);
    assert_eq!(gdp["outcome"]["value"], 8.9);
    assert_eq!(gdp["verdict"], "met");
    assert_eq!(gdp["target_doc"], "hailar-2015");
    assert_eq!(gdp["outcome_doc"], "hailar-2016");
    let rural = rows
        .iter()
        .find(|r| r["subject"] == "农民人均纯收入")
        .expect("renamed indicator");
    assert_eq!(rural["verdict"], "missed");
    assert_eq!(rural["indicator"], "per_capita_disposable_income_rural");
    // The Chinese name beside the id, from the registry.
    assert_eq!(gdp["indicator"], "gdp");
    assert_eq!(gdp["indicator_name"], "地区生产总值");
    assert_eq!(rural["indicator_name"], "农村居民人均可支配收入");
    assert!(rows
        .iter()
        .any(|r| r["verdict"] == "not_reported" && r["outcome"].is_null()));
}

#[test]
fn compare_writes_xlsx_that_opens() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp.xlsx");
    let (a, b) = (data("hailar-2015.txt"), data("hailar-2016.txt"));
    let o = zhibiao(&["compare", path(&a), path(&b), "-o", path(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut wb: Xlsx<_> = open_workbook(&out).expect("opens");
    let sheet = wb.worksheet_range("compare").expect("compare sheet");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[0][4], Data::String("indicator_name".into()));
    assert_eq!(rows[0][14], Data::String("verdict".into()));
    let gdp = rows
        .iter()
        .find(|r| r[5] == Data::String("地区生产总值".into()))
        .expect("GDP row");
    assert_eq!(gdp[3], Data::String("gdp".into()));
    assert_eq!(gdp[4], Data::String("地区生产总值".into()));
    assert_eq!(gdp[7], Data::Float(8.0));
    assert_eq!(gdp[12], Data::Float(8.9));
    assert_eq!(gdp[14], Data::String("met".into()));
    assert_eq!(gdp[15], Data::Float(0.9));
}

#[test]
fn compare_swaps_reports_in_the_wrong_order_and_says_so() {
    let (a, b) = (data("hailar-2016.txt"), data("hailar-2015.txt"));
    let o = zhibiao(&["compare", path(&a), path(&b), "-f", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("wrong order"), "{}", stderr(&o));
    let csv = stdout(&o);
    assert!(csv.starts_with("target_doc,outcome_doc,year,"), "{csv}");
    assert!(csv
        .lines()
        .nth(1)
        .is_some_and(|l| l.starts_with("hailar-2015,hailar-2016,2015,")));
}

#[test]
fn compare_refuses_other_regions_and_the_same_year() {
    let o = zhibiao(&[
        "compare",
        path(&data("hailar-2015.txt")),
        path(&data("jiangmen-2023.txt")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("different regions"), "{}", stderr(&o));
    let j = data("jiangmen-2023.txt");
    let o = zhibiao(&["compare", path(&j), path(&j)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("both reports are of 2023"),
        "{}",
        stderr(&o)
    );
    let o = zhibiao(&["compare", path(&j), "/nonexistent/report.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no such file"), "{}", stderr(&o));
}

#[test]
fn indicators_list_and_a_bad_registry_names_its_line() {
    let o = zhibiao(&["indicators", "-f", "jsonl"]);
    assert!(o.status.success());
    let n = stdout(&o).lines().count();
    assert!(n >= 60, "{n} indicators");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("mine.toml");
    std::fs::write(
        &bad,
        "[[indicator]]\nid = \"x\"\nname = \"某指标\"\ndirection = \"up\"\nmeasures = [\"level\"]\naliases = [\"地区生产总值\"]\n",
    )
    .unwrap();
    let o = zhibiao(&["indicators", "--registry", path(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("line 6"), "{}", stderr(&o));
    assert!(stderr(&o).contains("地区生产总值"), "{}", stderr(&o));
    let good = dir.path().join("ocean.toml");
    std::fs::write(
        &good,
        "[[indicator]]\nid = \"marine_gdp\"\nname = \"海洋生产总值\"\ndirection = \"up\"\nmeasures = [\"growth\"]\n",
    )
    .unwrap();
    let o = zhibiao(&["indicators", "--registry", path(&good), "-f", "csv"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("marine_gdp,海洋生产总值"));
}

#[test]
fn panel_reads_back_from_xlsx_and_parquet() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (data("hailar-2015.txt"), data("hailar-2016.txt"));
    let xlsx = dir.path().join("panel.xlsx");
    let o = zhibiao(&["panel", path(&a), path(&b), "-o", path(&xlsx)]);
    assert!(o.status.success(), "{}", stderr(&o));
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(&xlsx).expect("opens");
    let sheet = wb.worksheet_range("panel").expect("panel sheet");
    let rows: Vec<&[Data]> = sheet.rows().collect();
    assert_eq!(rows[0][0], Data::String("region".into()));
    let gdp = rows
        .iter()
        .find(|r| {
            r[1] == Data::Float(2015.0)
                && r[2] == Data::String("gdp".into())
                && r[4] == Data::String("growth".into())
        })
        .expect("GDP growth 2015");
    assert_eq!(gdp[3], Data::String("地区生产总值".into()));
    assert_eq!(gdp[6], Data::Float(8.0));
    assert_eq!(gdp[12], Data::Float(8.9));
    assert_eq!(gdp[15], Data::String("met".into()));

    let pq = dir.path().join("panel.parquet");
    let o = zhibiao(&["panel", path(&a), path(&b), "-o", path(&pq)]);
    assert!(o.status.success(), "{}", stderr(&o));
    use arrow_array::{Array, Float64Array, Int32Array, StringArray};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&pq).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let mut found = false;
    for batch in reader {
        let batch = batch.unwrap();
        let col = |n: &str| batch.column(batch.schema().index_of(n).unwrap()).clone();
        let year = col("year");
        let year = year.as_any().downcast_ref::<Int32Array>().unwrap();
        let ind = col("indicator");
        let ind = ind.as_any().downcast_ref::<StringArray>().unwrap();
        let name = col("indicator_name");
        let name = name.as_any().downcast_ref::<StringArray>().unwrap();
        let measure = col("measure");
        let measure = measure.as_any().downcast_ref::<StringArray>().unwrap();
        let outcome = col("outcome_value");
        let outcome = outcome.as_any().downcast_ref::<Float64Array>().unwrap();
        for i in 0..batch.num_rows() {
            if year.value(i) == 2015 && ind.value(i) == "gdp" && measure.value(i) == "growth" {
                assert!(!outcome.is_null(i));
                assert_eq!(outcome.value(i), 8.9);
                assert_eq!(name.value(i), "地区生产总值");
                found = true;
            }
        }
    }
    assert!(found, "GDP growth 2015 in the parquet panel");
    let o = zhibiao(&["panel", path(&a), "-f", "parquet"]);
    assert_eq!(o.status.code(), Some(2), "a binary format needs -o");
}

/// Reports whose headers have shapes the bundled ones lack (tests/data/headers): a national
/// report that begins at 各位代表：, a county named with its parent city one year and alone the
/// next. Both pairs compare (no refusal), and the panel chains each by region.
#[test]
fn unseen_headers_compare_and_chain() {
    for (a, b, region) in [
        (
            "headers/national-2025.txt",
            "headers/national-2026.txt",
            "全国",
        ),
        (
            "headers/hailar-2015-parents.txt",
            "headers/hailar-2016-short.txt",
            "海拉尔区",
        ),
    ] {
        let (a, b) = (data(a), data(b));
        let o = zhibiao(&["compare", path(&a), path(&b), "-f", "jsonl"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let rows: Vec<serde_json::Value> = stdout(&o)
            .lines()
            .map(|l| serde_json::from_str(l).expect("row"))
            .collect();
        assert!(rows.iter().any(|r| r["verdict"] == "met"), "{rows:?}");
        let o = zhibiao(&["panel", path(&a), path(&b), "-f", "jsonl"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let gdp: Vec<serde_json::Value> = stdout(&o)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("row"))
            .filter(|r| {
                r["indicator"] == "gdp" && r["measure"] == "growth" && r["verdict"] == "met"
            })
            .collect();
        assert_eq!(gdp.len(), 1, "{region}: {gdp:?}");
        assert_eq!(gdp[0]["region"], region);
    }
}

#[test]
fn compare_names_the_headers_it_read_and_takes_region_and_year() {
    let o = zhibiao(&[
        "compare",
        path(&data("headers/hailar-2015-parents.txt")),
        path(&data("jiangmen-2023.txt")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("hailar-2015-parents: 海拉尔区, read from \"呼伦贝尔市海拉尔区政府工作报告\""),
        "{err}"
    );
    assert!(
        err.contains("jiangmen-2023: 江门市, read from \"——2023年2月16日在江门市第十六届人民代表大会第三次会议上\""),
        "{err}"
    );
    // A report with no header at all: no year, no region.
    let dir = tempfile::tempdir().unwrap();
    let bare = dir.path().join("bare.txt");
    std::fs::write(
        &bare,
        "各位代表：\n现在，我代表本届政府向大会报告工作。\n今年主要预期目标是：地区生产总值增长8%。\n",
    )
    .unwrap();
    let later = data("hailar-2016.txt");
    let o = zhibiao(&["compare", path(&bare), path(&later)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("give it with --year"), "{}", stderr(&o));
    let o = zhibiao(&[
        "compare",
        path(&bare),
        path(&later),
        "--year",
        "2015",
        "--region",
        "海拉尔区",
        "-f",
        "jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("row"))
        .collect();
    let gdp = rows
        .iter()
        .find(|r| r["subject"] == "地区生产总值" && r["measure"] == "growth")
        .expect("the GDP target of the bare report");
    assert_eq!(gdp["year"], 2015);
    assert_eq!(gdp["verdict"], "met");
    assert!(!stderr(&o).contains("region is unknown"), "{}", stderr(&o));

    // The panel: the bare report joins Hailar's chain once given a region and a year.
    let o = zhibiao(&["panel", path(&bare), path(&later), "-f", "jsonl"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("bare: no year and no region found in its header"),
        "{}",
        stderr(&o)
    );
    let year_of = format!("{}=2015", path(&bare));
    let o = zhibiao(&[
        "panel",
        path(&bare),
        path(&later),
        "--region",
        "海拉尔区",
        "--year",
        &year_of,
        "-f",
        "jsonl",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let met = stdout(&o).lines().any(|l| {
        let r: serde_json::Value = serde_json::from_str(l).expect("row");
        r["region"] == "海拉尔区"
            && r["year"] == 2015
            && r["indicator"] == "gdp"
            && r["measure"] == "growth"
            && r["target_doc"] == "bare"
            && r["verdict"] == "met"
    });
    assert!(met, "{}", stdout(&o));
    let o = zhibiao(&["panel", path(&bare), "--year", "elsewhere.txt=2015"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn compare_scores_against_a_gold_file() {
    let (a, b) = (data("hailar-2015.txt"), data("hailar-2016.txt"));
    let gold = data("gold/compare/hailar-2015-2016.jsonl");
    let o = zhibiao(&["compare", path(&a), path(&b), "--gold", path(&gold)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("gold 8, predicted 55, matched 8 (100.0%), right 8 (100.0%)"),
        "{}",
        stdout(&o)
    );
    let works = data("gold/compare/hailar-2015-2016-works.jsonl");
    let o = zhibiao(&[
        "compare",
        path(&a),
        path(&b),
        "--gold",
        path(&works),
        "--min-right",
        "0.95",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("WRONG      2015 新建大棚"),
        "{}",
        stdout(&o)
    );
    let o = zhibiao(&["compare", path(&a), path(&b), "--gold", path(&a)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("line 1: not a gold row"),
        "{}",
        stderr(&o)
    );
}
