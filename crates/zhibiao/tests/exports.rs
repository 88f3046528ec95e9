//! Every export read back with an independent reader — the csv crate, calamine (XLSX), the
//! parquet crate's Arrow reader — and compared with the JSON Lines facts of the same report:
//! numbers stay numbers (377341000000), Chinese text, booleans and nulls round-trip, and the
//! document's columns are joined in. Also: a write error (a full disk) leaves OUT untouched.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_zhibiao");

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seed_path() -> PathBuf {
    repo().join("tests/data/jiangmen-2023.txt")
}

fn zhibiao(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The facts of the seed as JSON objects: the reference every export is checked against.
fn reference() -> Vec<Value> {
    let o = zhibiao(&["extract", "-f", "jsonl", s(&seed_path())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let facts: Vec<Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(facts.len() > 100, "the seed has a few hundred facts");
    facts
}

/// Extracts the seed to `dir/name` in `format`; returns OUT.
fn export(dir: &Path, name: &str, format: &str, extra: &[&str]) -> PathBuf {
    let out = dir.join(name);
    let seed = seed_path();
    let mut args = vec!["extract", "-f", format, "-o", s(&out), s(&seed)];
    args.extend_from_slice(extra);
    let o = zhibiao(&args);
    assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
    assert!(o.stdout.is_empty());
    out
}

/// A fact field of the reference as the text a CSV cell holds.
fn as_cell(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(t)) => t.clone(),
        Some(other) => other.to_string(),
    }
}

const FACT_FIELDS: [&str; 20] = [
    "doc",
    "kind",
    "period",
    "since",
    "average",
    "subject",
    "measure",
    "value",
    "upper",
    "unit",
    "bound",
    "stretch",
    "scope",
    "quote",
    "line_start",
    "line_end",
    "section",
    "region",
    "offset",
    "indicator",
];

/// The seed's document columns, as joined to each fact.
const DOC_FIELDS: [(&str, &str); 5] = [
    ("title", "政府工作报告"),
    ("level", "prefecture"),
    ("year", "2023"),
    ("date", "2023-02-16"),
    ("format", "text"),
];

#[test]
fn csv_round_trips() {
    let facts = reference();
    let dir = tempfile::tempdir().unwrap();
    let out = export(dir.path(), "facts.csv", "csv", &[]);
    let mut reader = csv::Reader::from_path(&out).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), facts.len());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, fact) in rows.iter().zip(&facts) {
        for field in FACT_FIELDS {
            assert_eq!(
                row[col(field)],
                as_cell(fact.get(field)),
                "{field} of {fact}"
            );
        }
        for (field, want) in DOC_FIELDS {
            assert_eq!(&row[col(field)], want, "{field}");
        }
        assert_eq!(&row[col("speaker")], "江门市市长 吴晓晖");
        assert!(row[col("path")].ends_with("jiangmen-2023.txt"));
    }
    // The first fact: a big integer written as digits, Chinese text, a boolean, a null.
    let first = &rows[0];
    assert_eq!(&first[col("value")], "377341000000");
    assert_eq!(&first[col("subject")], "地区生产总值");
    assert_eq!(&first[col("stretch")], "false");
    assert_eq!(&first[col("since")], "");
    assert!(rows.iter().any(|r| &r[col("stretch")] == "true"));

    // --bom: the same bytes after a UTF-8 byte-order mark.
    let with_bom = export(dir.path(), "bom.csv", "csv", &["--bom"]);
    let bytes = std::fs::read(with_bom).unwrap();
    assert_eq!(&bytes[..3], b"\xef\xbb\xbf");
    assert_eq!(&bytes[3..], &std::fs::read(&out).unwrap()[..]);
}

#[test]
fn xlsx_round_trips() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let facts = reference();
    let dir = tempfile::tempdir().unwrap();
    let out = export(dir.path(), "facts.xlsx", "xlsx", &[]);
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(wb.sheet_names(), vec!["facts", "documents"]);

    let range = wb.worksheet_range("facts").unwrap();
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let rows: Vec<&[Data]> = rows.collect();
    assert_eq!(rows.len(), facts.len());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let numeric = [
        "period",
        "since",
        "value",
        "upper",
        "line_start",
        "line_end",
        "offset",
    ];
    for (row, fact) in rows.iter().zip(&facts) {
        for field in FACT_FIELDS {
            let cell = &row[col(field)];
            match fact.get(field) {
                None | Some(Value::Null) => assert_eq!(cell, &Data::Empty, "{field} of {fact}"),
                Some(Value::String(t)) => assert_eq!(cell, &Data::String(t.clone()), "{field}"),
                Some(Value::Bool(b)) => assert_eq!(cell, &Data::Bool(*b), "{field}"),
                Some(Value::Number(n)) => {
                    assert!(numeric.contains(&field), "{field}");
                    assert_eq!(cell, &Data::Float(n.as_f64().unwrap()), "{field} of {fact}");
                }
                Some(other) => panic!("{field}: unexpected {other}"),
            }
        }
        assert_eq!(row[col("title")], Data::String("政府工作报告".into()));
        assert_eq!(row[col("year")], Data::Float(2023.0));
    }
    assert_eq!(rows[0][col("value")], Data::Float(377341000000.0));
    assert_eq!(rows[0][col("subject")], Data::String("地区生产总值".into()));

    let docs = wb.worksheet_range("documents").unwrap();
    let docs: Vec<&[Data]> = docs.rows().collect();
    assert_eq!(docs.len(), 2);
    let header: Vec<String> = docs[0].iter().map(|c| c.to_string()).collect();
    let dcol = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(docs[1][dcol("id")], Data::String("jiangmen-2023".into()));
    assert_eq!(docs[1][dcol("region")], Data::String("江门市".into()));
    assert_eq!(docs[1][dcol("facts")], Data::Float(facts.len() as f64));
    assert_eq!(docs[1][dcol("year")], Data::Float(2023.0));
    assert_eq!(docs[1][dcol("warnings")], Data::Empty);

    // Frozen header row, filters over every row, column widths, a big number shown whole.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet1.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(
        sheet.contains(r#"<pane ySplit="1" topLeftCell="A2""#),
        "no frozen header"
    );
    assert!(
        sheet.contains(&format!(r#"<autoFilter ref="A1:AA{}"/>"#, facts.len() + 1)),
        "no autofilter"
    );
    assert!(sheet.contains("<cols>"), "no column widths");
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    assert!(
        styles.contains(r#"numFmtId="1" "#),
        "integers get the format 0: {styles}"
    );
}

#[test]
fn parquet_round_trips() {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Float64Type, Int32Type, Int64Type};
    use arrow_array::{Array, RecordBatch};
    use arrow_schema::DataType;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    fn read(path: &Path) -> Vec<RecordBatch> {
        let file = std::fs::File::open(path).unwrap();
        ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .build()
            .unwrap()
            .map(Result::unwrap)
            .collect()
    }

    let facts = reference();
    let dir = tempfile::tempdir().unwrap();
    let out = export(dir.path(), "facts.parquet", "parquet", &[]);
    let batches = read(&out);
    let schema = batches[0].schema();
    let ty = |name: &str| {
        let f = schema.field_with_name(name).unwrap();
        (f.data_type().clone(), f.is_nullable())
    };
    assert_eq!(ty("value"), (DataType::Float64, false));
    assert_eq!(ty("upper"), (DataType::Float64, true));
    assert_eq!(ty("period"), (DataType::Int32, false));
    assert_eq!(ty("since"), (DataType::Int32, true));
    assert_eq!(ty("stretch"), (DataType::Boolean, false));
    assert_eq!(ty("line_start"), (DataType::Int64, false));
    assert_eq!(ty("subject"), (DataType::Utf8, false));
    assert_eq!(ty("scope"), (DataType::Utf8, true));
    assert_eq!(ty("year"), (DataType::Int32, true));

    let mut i = 0;
    for batch in &batches {
        for row in 0..batch.num_rows() {
            let fact = &facts[i];
            i += 1;
            for field in FACT_FIELDS {
                let column = batch.column_by_name(field).unwrap();
                let want = fact.get(field).cloned().unwrap_or(Value::Null);
                if column.is_null(row) {
                    // JSON omits an empty section; the others are null.
                    let empty = want.is_null() || (field == "section" && want == "");
                    assert!(empty, "{field} is null, want {want}");
                    continue;
                }
                let got = match column.data_type() {
                    DataType::Utf8 => Value::from(column.as_string::<i32>().value(row)),
                    DataType::Int32 => Value::from(column.as_primitive::<Int32Type>().value(row)),
                    DataType::Int64 => Value::from(column.as_primitive::<Int64Type>().value(row)),
                    DataType::Boolean => Value::from(column.as_boolean().value(row)),
                    DataType::Float64 => {
                        let x = column.as_primitive::<Float64Type>().value(row);
                        assert_eq!(Some(x), want.as_f64(), "{field} of {fact}");
                        continue;
                    }
                    other => panic!("{field}: unexpected type {other}"),
                };
                assert_eq!(got, want, "{field} of {fact}");
            }
            let title = batch.column_by_name("title").unwrap().as_string::<i32>();
            assert_eq!(title.value(row), "政府工作报告");
        }
    }
    assert_eq!(i, facts.len());
    let first = &batches[0];
    let value = first.column_by_name("value").unwrap();
    assert_eq!(value.as_primitive::<Float64Type>().value(0), 377341000000.0);
    assert!(first.column_by_name("since").unwrap().is_null(0));

    // The documents go beside OUT.
    let docs = read(&dir.path().join("facts.docs.parquet"));
    assert_eq!(docs.iter().map(RecordBatch::num_rows).sum::<usize>(), 1);
    let docs = &docs[0];
    assert_eq!(
        docs.column_by_name("id")
            .unwrap()
            .as_string::<i32>()
            .value(0),
        "jiangmen-2023"
    );
    assert_eq!(
        docs.column_by_name("facts")
            .unwrap()
            .as_primitive::<Int64Type>()
            .value(0),
        facts.len() as i64
    );
    assert!(docs.column_by_name("warnings").unwrap().is_null(0));
}

#[test]
fn documents_table_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let seed = seed_path();
    let o = zhibiao(&["docs", "-f", "jsonl", s(&seed)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    for (k, want) in [
        ("id", "jiangmen-2023"),
        ("title", "政府工作报告"),
        ("region", "江门市"),
        ("level", "prefecture"),
        ("date", "2023-02-16"),
        ("speaker", "江门市市长 吴晓晖"),
        ("encoding", "UTF-8"),
        ("format", "text"),
    ] {
        assert_eq!(v[k], want, "{k}");
    }
    assert_eq!(v["year"], 2023);
    assert_eq!(v["facts"].as_u64().unwrap() as usize, reference().len());
    assert!(v["chars"].as_u64().unwrap() > 10_000);
    assert_eq!(v["warnings"], serde_json::json!([]));

    let o = zhibiao(&["docs", "-f", "table", s(&seed)]);
    let table = String::from_utf8(o.stdout).unwrap();
    assert!(table.starts_with("ID "), "{table}");
    assert!(table.contains("jiangmen-2023") && table.contains("江门市"));

    let csv_out = dir.path().join("docs.csv");
    let o = zhibiao(&["docs", s(&seed), "-o", s(&csv_out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut reader = csv::Reader::from_path(&csv_out).unwrap();
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "id", "path", "format", "title", "region", "level", "year", "date", "speaker",
            "encoding", "chars", "lines", "facts", "warnings"
        ]
    );
    assert_eq!(reader.records().count(), 1);

    for name in ["docs.xlsx", "docs.parquet"] {
        let out = dir.path().join(name);
        let o = zhibiao(&["docs", s(&seed), "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(out.metadata().unwrap().len() > 0);
    }
}

#[test]
fn binary_formats_need_an_output_file() {
    for format in ["xlsx", "parquet"] {
        let o = zhibiao(&["extract", "-f", format, s(&seed_path())]);
        assert_eq!(o.status.code(), Some(2), "{format}");
        assert!(stderr(&o).contains("-o OUT"), "{}", stderr(&o));
        assert!(o.stdout.is_empty());
    }
    let o = zhibiao(&["extract", "-f", "jsonl", "--bom", s(&seed_path())]);
    assert_eq!(o.status.code(), Some(2));
    // The extension of OUT picks the format.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("f.xlsx");
    assert_eq!(
        zhibiao(&["extract", s(&seed_path()), "-o", s(&out)])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(&std::fs::read(&out).unwrap()[..2], b"PK");
    let out = dir.path().join("f.parquet");
    zhibiao(&["extract", s(&seed_path()), "-o", s(&out)]);
    assert_eq!(&std::fs::read(&out).unwrap()[..4], b"PAR1");
    assert!(dir.path().join("f.docs.parquet").exists());
}

/// A disk that fills up: the process may write at most a few KB to any file (`ulimit -f`; the
/// signal it would get is ignored, so writes fail with EFBIG as on a full disk).
#[test]
fn write_errors_name_out_and_leave_it_untouched() {
    let provinces = repo().join("tests/data/provinces-2026");
    for format in ["jsonl", "csv", "xlsx", "parquet"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join(format!("out.{format}"));
        std::fs::write(&out, b"keep me\n").unwrap();
        let script = format!(
            "trap '' XFSZ; ulimit -f 16; exec \"$0\" extract -q -f {format} -o \"$1\" \"$2\""
        );
        let o = Command::new("sh")
            .args(["-c", &script, BIN, s(&out), s(&provinces)])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{format}: {err}");
        assert!(
            err.contains(&format!("{}: cannot write", s(&out))),
            "{format}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(std::fs::read(&out).unwrap(), b"keep me\n", "{format}");
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left.len(), 1, "{format}: temporary files left: {left:?}");
    }
}

#[test]
fn no_output_file_when_every_input_fails() {
    for format in ["jsonl", "csv", "xlsx", "parquet"] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join(format!("out.{format}"));
        let o = zhibiao(&["extract", "/nonexistent/x.txt", "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(1), "{format}");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "{format}: a file was left"
        );
    }
}
