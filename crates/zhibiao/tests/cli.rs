//! End-to-end tests of the `zhibiao` binary: bad inputs, output formats, `-o` atomicity, and
//! that every encoding of the seed report gives the same facts.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_zhibiao");

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn seed_path() -> PathBuf {
    repo().join("tests/data/jiangmen-2023.txt")
}

fn seed() -> String {
    std::fs::read_to_string(seed_path()).unwrap()
}

fn gold_path() -> PathBuf {
    repo().join("tests/data/gold/jiangmen-2023.jsonl")
}

fn zhibiao(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn zhibiao_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Write from another thread: a large input must not dead-lock against a full stdout pipe.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Asserts a run failed on one input with exactly one stderr line `zhibiao: PATH: …cause…`.
fn assert_fails_with(o: &Output, path: &str, cause: &str) {
    assert_eq!(o.status.code(), Some(1), "stderr: {}", stderr(o));
    let err = stderr(o);
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    let prefix = format!("zhibiao: {path}: ");
    assert!(err.starts_with(&prefix), "{err}");
    assert!(err.contains(cause), "`{cause}` not in: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(o.stdout.is_empty(), "no output expected");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn jsonl(path: &Path) -> Output {
    zhibiao(&["extract", "-f", "jsonl", s(path)])
}

// ---- bad inputs -------------------------------------------------------------------------

#[test]
fn missing_file() {
    let o = zhibiao(&["extract", "/nonexistent/dir/report.txt"]);
    assert_fails_with(&o, "/nonexistent/dir/report.txt", "no such file");
}

#[test]
fn empty_directory() {
    // A directory is walked for reports (see tests/batch.rs); one with no file fails.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::write(dir.path().join(".hidden.txt"), seed()).unwrap();
    let o = zhibiao(&["extract", s(dir.path())]);
    assert_fails_with(&o, s(dir.path()), "no files in this directory");
}

#[test]
fn empty_and_blank_files() {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [("empty.txt", &b""[..]), ("blank.txt", b" \r\n\t \n")] {
        let p = write(dir.path(), name, bytes);
        assert_fails_with(&jsonl(&p), s(&p), "empty file");
    }
}

#[test]
fn binary_files_name_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    // (file, bytes, the cause printed): PDF and Word files are read (zhibiao-input), so a
    // truncated one is named as corrupt; other binary data is refused as such.
    for (name, bytes, cause, what) in [
        (
            "a.txt",
            &b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"[..],
            "corrupt PDF",
            "a corrupt PDF",
        ),
        (
            "b.txt",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
            "binary data",
            "a PNG image",
        ),
        (
            "c.txt",
            b"\x7fELF\x02\x01\x01\0\0\0\0\0",
            "binary data",
            "an ELF executable",
        ),
        (
            "d.txt",
            b"PK\x03\x04\x14\0\x06\0word/document.xml",
            "corrupt Word",
            "a corrupt Word (.docx) file",
        ),
        (
            "e.txt",
            b"\x01\x02\x03\x00\x04\x00\x00\x05\x00\xff",
            "binary data",
            "NUL byte",
        ),
    ] {
        let p = write(dir.path(), name, bytes);
        let o = jsonl(&p);
        assert_fails_with(&o, s(&p), cause);
        assert!(stderr(&o).contains(what), "{}", stderr(&o));
    }
}

#[test]
fn undecodable_garbage() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "garbage.txt",
        b"abc\xff\xfe\xfd\xff def \xff\xff",
    );
    let o = jsonl(&p);
    assert_fails_with(&o, s(&p), "undecodable text");
    assert!(stderr(&o).contains("at byte 3"), "{}", stderr(&o));
    // UTF-8 with one bad byte in the middle: the offset of that byte.
    let text = seed();
    let mut bytes = text.as_bytes().to_vec();
    let at = text.char_indices().nth(500).unwrap().0;
    bytes.insert(at, 0xff);
    let p = write(dir.path(), "broken.txt", &bytes);
    let o = jsonl(&p);
    assert_fails_with(
        &o,
        s(&p),
        &format!("invalid UTF-8 byte sequence at byte {at}"),
    );
}

#[test]
fn report_without_numbers_warns_and_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "plain.txt",
        "今天天气很好，我们去公园散步。\n大家都很高兴。\n".as_bytes(),
    );
    let o = jsonl(&p);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    let err = stderr(&o);
    assert!(
        err.contains(&format!("zhibiao: {}: warning: no facts found", s(&p))),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

#[test]
fn too_large_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("huge.txt");
    // A sparse file: no disk space used.
    let f = std::fs::File::create(&p).unwrap();
    f.set_len((1 << 30) + 1).unwrap();
    drop(f);
    assert_fails_with(&jsonl(&p), s(&p), "too large");
}

#[test]
fn one_failing_input_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", b"");
    let seed = seed_path();
    let o = zhibiao(&[
        "extract",
        "-f",
        "jsonl",
        s(&seed),
        "/nonexistent/x.txt",
        s(&empty),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let failures: Vec<&str> = err.lines().filter(|l| !l.contains("warning:")).collect();
    assert_eq!(failures.len(), 2, "{err}");
    assert!(err.contains("zhibiao: /nonexistent/x.txt: no such file"));
    assert!(err.contains(&format!("zhibiao: {}: empty file", s(&empty))));
    // The seed's facts are still written, exactly as when it is alone.
    assert_eq!(o.stdout, jsonl(&seed).stdout);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(zhibiao(&[]).status.code(), Some(2));
    assert_eq!(zhibiao(&["extract"]).status.code(), Some(2));
    assert_eq!(
        zhibiao(&["extract", "-f", "xml", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(zhibiao(&["--version"]).status.code(), Some(0));
    let help = zhibiao(&["extract", "--help"]);
    assert!(stdout(&help).contains("--format"));
}

// ---- formats ------------------------------------------------------------------------------

#[test]
fn jsonl_lines_are_facts_of_the_seed() {
    let o = jsonl(&seed_path());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = seed().replace('\n', "");
    for line in stdout(&o).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["doc"], "jiangmen-2023");
        for field in [
            "quote", "kind", "period", "subject", "measure", "value", "unit", "bound",
        ] {
            assert!(v.get(field).is_some(), "{field} missing in {line}");
        }
        let quote = v["quote"].as_str().unwrap();
        assert!(text.contains(quote), "quote not in the report: {quote}");
        assert!(
            !line.contains(".0,"),
            "integral value printed with .0: {line}"
        );
    }
}

#[test]
fn csv_and_table_agree_with_jsonl() {
    let seed = seed_path();
    let facts = stdout(&jsonl(&seed)).lines().count();

    let o = zhibiao(&["extract", "-f", "csv", s(&seed)]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    // The fact columns, then the document's (tests/exports.rs checks the values).
    assert_eq!(
        text.lines().next().unwrap(),
        "doc,kind,period,since,average,subject,measure,value,upper,unit,bound,stretch,scope,quote,line_start,line_end,section,region,\
         offset,indicator,title,level,year,date,speaker,path,format"
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), facts);
    assert!(rows
        .iter()
        .all(|r| r.len() == 27 && &r[0] == "jiangmen-2023"));

    let o = zhibiao(&["extract", "-f", "table", s(&seed)]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    if facts == 0 {
        assert!(text.is_empty());
    } else {
        // A header, a line a fact, then the report's summary line.
        assert_eq!(text.lines().count(), facts + 2);
        assert!(text.starts_with("KIND"));
        assert!(text
            .lines()
            .last()
            .is_some_and(|l| l.contains(&format!("{facts} facts,"))));
        assert!(!text.contains("e+"), "no exponents in the table");
    }
}

#[test]
fn piped_output_defaults_to_jsonl() {
    let seed = seed_path();
    assert_eq!(zhibiao(&["extract", s(&seed)]).stdout, jsonl(&seed).stdout);
}

#[test]
fn stdin_dash() {
    let bytes = std::fs::read(seed_path()).unwrap();
    let o = zhibiao_stdin(&["extract", "-f", "jsonl", "-"], &bytes);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let from_file = stdout(&jsonl(&seed_path()));
    let from_stdin = stdout(&o);
    assert_eq!(from_stdin.lines().count(), from_file.lines().count());
    // Same facts, doc id `stdin`.
    for (a, b) in from_stdin.lines().zip(from_file.lines()) {
        let mut a: serde_json::Value = serde_json::from_str(a).unwrap();
        let b: serde_json::Value = serde_json::from_str(b).unwrap();
        assert_eq!(a["doc"], "stdin");
        a["doc"] = b["doc"].clone();
        assert_eq!(a, b);
    }
    // Empty stdin is an empty file.
    let o = zhibiao_stdin(&["extract", "-"], b"");
    assert_fails_with(&o, "stdin", "empty file");
}

// ---- -o OUT -------------------------------------------------------------------------------

#[test]
fn output_file_holds_the_facts() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("facts.jsonl");
    let o = zhibiao(&["extract", s(&seed_path()), "-o", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty());
    assert_eq!(std::fs::read(&out).unwrap(), jsonl(&seed_path()).stdout);
    // A .csv name gives CSV by default.
    let out = dir.path().join("facts.csv");
    zhibiao(&["extract", s(&seed_path()), "-o", s(&out)]);
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("doc,kind,"));
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn output_file_is_not_created_when_the_input_fails() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let o = zhibiao(&["extract", "/nonexistent/x.txt", "-o", s(&out)]);
    assert_fails_with(&o, "/nonexistent/x.txt", "no such file");
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "temporary file left"
    );
}

#[test]
fn existing_output_file_is_not_clobbered_when_the_input_fails() {
    let dir = tempfile::tempdir().unwrap();
    let out = write(dir.path(), "out.jsonl", b"keep me\n");
    let bad = write(dir.path(), "bad.txt", b"\x89PNG\r\n\x1a\n\0\0");
    let o = zhibiao(&["extract", s(&bad), "-o", s(&out)]);
    assert_fails_with(&o, s(&bad), "a PNG image");
    assert_eq!(std::fs::read(&out).unwrap(), b"keep me\n");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "temporary file left"
    );
}

#[test]
fn output_file_holds_the_successes_when_some_inputs_fail() {
    let dir = tempfile::tempdir().unwrap();
    let out = write(dir.path(), "out.jsonl", b"old\n");
    let o = zhibiao(&[
        "extract",
        s(&seed_path()),
        "/nonexistent/x.txt",
        "-o",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read(&out).unwrap(), jsonl(&seed_path()).stdout);
}

#[test]
fn output_file_that_is_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let report = write(dir.path(), "r.txt", seed().as_bytes());
    let o = zhibiao(&["extract", s(&report), "-o", s(&report)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is also an input"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&report).unwrap(), seed());
}

#[test]
fn output_into_a_missing_directory_fails_cleanly() {
    let o = zhibiao(&[
        "extract",
        s(&seed_path()),
        "-o",
        "/nonexistent/dir/out.jsonl",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("/nonexistent/dir/out.jsonl: cannot create output"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
}

// ---- encodings ----------------------------------------------------------------------------

#[test]
fn every_encoding_of_the_seed_gives_identical_facts() {
    let text = seed();
    let reference = jsonl(&seed_path());
    assert_eq!(reference.status.code(), Some(0));

    let mut utf16le = vec![0xff, 0xfe];
    let mut utf16be = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        utf16le.extend_from_slice(&unit.to_le_bytes());
        utf16be.extend_from_slice(&unit.to_be_bytes());
    }
    let (gb, _, had_errors) = encoding_rs::GB18030.encode(&text);
    assert!(!had_errors);
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let variants: Vec<(&str, Vec<u8>)> = vec![
        ("gb18030", gb.into_owned()),
        ("utf16le", utf16le),
        ("utf16be", utf16be),
        ("crlf", text.replace('\n', "\r\n").into_bytes()),
        ("utf8-bom", bom),
    ];
    for (label, bytes) in variants {
        // A directory per variant, so that the file stem (the doc id) stays `jiangmen-2023`.
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "jiangmen-2023.txt", &bytes);
        let o = jsonl(&p);
        assert_eq!(o.status.code(), Some(0), "{label}: {}", stderr(&o));
        assert!(
            o.stdout == reference.stdout,
            "{label}: facts differ from the UTF-8 seed's"
        );
    }
}

#[test]
fn short_gbk_report_reads_right() {
    let (gbk, _, _) = encoding_rs::GBK.encode("今年主要预期目标是：地区生产总值增长6%以上。\n");
    let o = zhibiao_stdin(&["extract", "-f", "jsonl", "-"], &gbk);
    assert!(matches!(o.status.code(), Some(0)), "{}", stderr(&o));
    assert!(!stderr(&o).contains("undecodable"));
    for line in stdout(&o).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(
            "今年主要预期目标是：地区生产总值增长6%以上。".contains(v["quote"].as_str().unwrap())
        );
    }
}

// ---- eval ---------------------------------------------------------------------------------

#[test]
fn eval_prints_a_score() {
    let o = zhibiao(&["eval", "--gold", s(&gold_path()), s(&seed_path())]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    for word in ["precision", "recall", "F1", "subject", "gold "] {
        assert!(text.contains(word), "{word} missing: {text}");
    }
    let gold_lines = std::fs::read_to_string(gold_path())
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    assert!(text.contains(&format!("gold {gold_lines},")), "{text}");
    // Every gold quote is in the report.
    assert!(!stderr(&o).contains("not in"), "{}", stderr(&o));
}

#[test]
fn eval_json_and_min_f1() {
    let gold = gold_path();
    let seed = seed_path();
    let o = zhibiao(&["eval", "--gold", s(&gold), s(&seed), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for key in [
        "tp",
        "n_gold",
        "n_pred",
        "precision",
        "recall",
        "f1",
        "subject_right",
        "subject_accuracy",
        "misses",
        "extras",
        "pairs",
    ] {
        assert!(v.get(key).is_some(), "{key} missing");
    }
    let n_gold = v["n_gold"].as_u64().unwrap();
    let tp = v["tp"].as_u64().unwrap();
    assert_eq!(v["misses"].as_array().unwrap().len() as u64, n_gold - tp);
    let n_pred = v["n_pred"].as_u64().unwrap();
    assert_eq!(n_pred as usize, stdout(&jsonl(&seed)).lines().count());

    let o = zhibiao(&["eval", "--gold", s(&gold), s(&seed), "--min-f1", "1.01"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("below --min-f1"));
    let o = zhibiao(&["eval", "--gold", s(&gold), s(&seed), "--min-f1", "0"]);
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn eval_gold_against_itself_is_perfect_when_quotes_are_exact() {
    // Score the gold file as if it were the prediction: via the library, not the binary, but
    // with the same files — this checks the gold file parses and every quote is located.
    let text = seed();
    let gold: Vec<zhibiao_core::Fact> = std::fs::read_to_string(gold_path())
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let score = zhibiao_core::eval::score(&text, &gold, &gold);
    assert_eq!(score.gold_unlocated, 0);
    assert_eq!(score.tp, gold.len());
    assert_eq!(score.f1, 1.0);
    assert_eq!(score.subject_accuracy, 1.0);
}

#[test]
fn eval_bad_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let o = zhibiao(&["eval", "--gold", "/nonexistent/g.jsonl", s(&seed_path())]);
    assert_fails_with(&o, "/nonexistent/g.jsonl", "no such file");
    let bad = write(dir.path(), "g.jsonl", b"{\"doc\": 1}\n");
    let o = zhibiao(&["eval", "--gold", s(&bad), s(&seed_path())]);
    assert_fails_with(&o, s(&bad), "line 1: not a gold fact");
    let o = zhibiao(&["eval", "--gold", s(&gold_path()), s(dir.path())]);
    assert_fails_with(&o, s(dir.path()), "is a directory");
}

// ---- huge inputs. The 10 MB line runs everywhere (~20 s in a debug build); the 200 MB file
// is `#[ignore]`d and run by .ci/run in a release build:
// `cargo test --release -p zhibiao --test cli -- --ignored` -------------------------------

#[test]
fn ten_megabyte_line_does_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let line = "地区生产总值增长6%以上，".repeat(10 * 1024 * 1024 / 36);
    let p = write(dir.path(), "line.txt", line.as_bytes());
    let o = jsonl(&p);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
#[ignore]
fn two_hundred_megabytes_do_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    let text = seed();
    let mut big = String::with_capacity(201 << 20);
    while big.len() < 200 << 20 {
        big.push_str(&text);
    }
    let p = write(dir.path(), "big.txt", big.as_bytes());
    drop(big);
    let o = zhibiao(&[
        "extract",
        "-f",
        "jsonl",
        "-o",
        s(&dir.path().join("out.jsonl")),
        s(&p),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn closed_stdout_is_not_an_error() {
    use std::io::{BufRead, BufReader};
    let data = repo().join("tests/data/provinces-2026");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.push(seed_path());
    for format in ["jsonl", "csv", "table"] {
        let mut child = Command::new(BIN)
            .args(["extract", "-f", format])
            .args(&files)
            .args(&files)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        // The reader is gone (as with `| head -1`): the next writes fail with EPIPE.
        let o = child.wait_with_output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{format}: {}", stderr(&o));
        assert!(
            !stderr(&o).contains("cannot write"),
            "{format}: {}",
            stderr(&o)
        );
        assert!(!stderr(&o).contains("panicked"), "{format}: {}", stderr(&o));
    }
}

/// A text that names no year: periods are guesses, and the warning says how to give the year;
/// `--year` and `--region` set them, and the periods move with the year.
#[test]
fn extract_takes_the_year_and_region_a_header_lacks() {
    let text =
        "过去一年，地区生产总值增长5%。\n今年主要预期目标是：地区生产总值增长5%左右。\n".as_bytes();
    let guessed = zhibiao_stdin(&["extract", "-f", "jsonl", "-"], text);
    assert!(guessed.status.success());
    assert!(
        stderr(&guessed).contains("give the year with --year"),
        "{}",
        stderr(&guessed)
    );
    let given = zhibiao_stdin(
        &[
            "extract",
            "-f",
            "jsonl",
            "--year",
            "2026",
            "--region",
            "呼伦贝尔市海拉尔区",
            "-",
        ],
        text,
    );
    assert!(given.status.success(), "{}", stderr(&given));
    assert!(
        !stderr(&given).contains("no report year"),
        "{}",
        stderr(&given)
    );
    let facts: Vec<serde_json::Value> = stdout(&given)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let periods: Vec<(String, i64)> = facts
        .iter()
        .map(|f| {
            (
                f["kind"].as_str().unwrap().to_string(),
                f["period"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        periods,
        vec![("actual".to_string(), 2025), ("target".to_string(), 2026)]
    );
    assert!(facts.iter().all(|f| f["region"] == "海拉尔区"));
    // A year out of range is a usage error.
    let bad = zhibiao_stdin(&["extract", "--year", "26", "-"], text);
    assert_eq!(bad.status.code(), Some(2));
}
