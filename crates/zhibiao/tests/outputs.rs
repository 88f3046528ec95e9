//! `-o OUT` for every command that writes: a FIFO, a link to `/dev/null` and standard output
//! named as a path (`/dev/fd/1`) are written into, never replaced; a format OUT's extension
//! does not allow is refused (exit code 2) unless `-f` asks for it; a read-only directory and a
//! reader that goes away give one clear error line and leave nothing behind.
//!
//! No test names a real device as OUT (as root, a regression would replace it): `/dev/null`
//! is reached through a symbolic link in a temporary directory, and `/dev/fd/1` cannot be
//! replaced (its directory is in /proc).

#![cfg(unix)]

use std::io::Read;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_zhibiao");

fn data(name: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(name);
    p.to_str().unwrap().to_string()
}

fn zhibiao(args: &[String]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every command that writes, with its inputs, and the formats it writes to a file.
fn commands() -> Vec<(&'static str, Vec<String>, &'static [&'static str])> {
    let jm = data("jiangmen-2023.txt");
    let (h15, h16) = (data("hailar-2015.txt"), data("hailar-2016.txt"));
    vec![
        (
            "extract",
            vec![jm.clone(), "-q".into()],
            &["jsonl", "csv", "table", "xlsx", "parquet"],
        ),
        (
            "docs",
            vec![jm.clone(), "-q".into()],
            &["jsonl", "csv", "table", "xlsx", "parquet"],
        ),
        ("tasks", vec![jm], &["jsonl", "csv", "table", "xlsx"]),
        (
            "compare",
            vec![h15.clone(), h16.clone()],
            &["jsonl", "csv", "table", "xlsx"],
        ),
        (
            "panel",
            vec![h15, h16],
            &["jsonl", "csv", "table", "xlsx", "parquet"],
        ),
    ]
}

fn args(cmd: &str, inputs: &[String], rest: &[&str]) -> Vec<String> {
    let mut a = vec![cmd.to_string()];
    a.extend(inputs.iter().cloned());
    a.extend(rest.iter().map(|s| s.to_string()));
    a
}

fn mkfifo(path: &Path) {
    let st = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(st.success(), "mkfifo");
}

fn is_fifo(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

/// What a format's output starts with.
fn looks_like(format: &str, bytes: &[u8]) -> bool {
    match format {
        "jsonl" => bytes.starts_with(b"{") && bytes.ends_with(b"}\n"),
        "csv" => bytes.is_ascii() || std::str::from_utf8(bytes).is_ok_and(|t| t.contains(',')),
        "table" => std::str::from_utf8(bytes).is_ok_and(|t| !t.trim().is_empty()),
        "xlsx" => bytes.starts_with(b"PK\x03\x04"),
        "parquet" => bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
        _ => false,
    }
}

#[test]
fn every_command_and_format_writes_into_a_fifo_without_replacing_it() {
    let dir = tempfile::tempdir().unwrap();
    for (cmd, inputs, formats) in commands() {
        for format in formats {
            let fifo = dir.path().join(format!("{cmd}-{format}.out"));
            mkfifo(&fifo);
            let reader = {
                let fifo = fifo.clone();
                std::thread::spawn(move || {
                    let mut bytes = Vec::new();
                    std::fs::File::open(&fifo)
                        .unwrap()
                        .read_to_end(&mut bytes)
                        .unwrap();
                    bytes
                })
            };
            let o = zhibiao(&args(
                cmd,
                &inputs,
                &["-f", format, "-o", fifo.to_str().unwrap()],
            ));
            let bytes = reader.join().unwrap();
            assert_eq!(
                o.status.code(),
                Some(0),
                "{cmd} -f {format}: {}",
                stderr(&o)
            );
            assert!(is_fifo(&fifo), "{cmd} -f {format} replaced the FIFO");
            assert!(
                looks_like(format, &bytes),
                "{cmd} -f {format}: {} bytes, starting {:?}",
                bytes.len(),
                String::from_utf8_lossy(&bytes[..bytes.len().min(40)])
            );
            assert!(o.stdout.is_empty(), "{cmd} -f {format} wrote to stdout");
            // Nothing else appeared beside the FIFO (no temporary file, no .docs.parquet).
            let names: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .filter(|n| n.starts_with(&format!("{cmd}-{format}")) || n.starts_with('.'))
                .collect();
            assert_eq!(
                names,
                vec![format!("{cmd}-{format}.out")],
                "{cmd} -f {format}"
            );
        }
    }
}

#[test]
fn a_link_to_dev_null_stays_a_link_to_a_device() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("null.jsonl");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    for (cmd, inputs, formats) in commands() {
        for format in formats {
            let o = zhibiao(&args(
                cmd,
                &inputs,
                &["-f", format, "-o", link.to_str().unwrap()],
            ));
            assert_eq!(
                o.status.code(),
                Some(0),
                "{cmd} -f {format}: {}",
                stderr(&o)
            );
            let l = std::fs::symlink_metadata(&link).unwrap();
            assert!(
                l.file_type().is_symlink(),
                "{cmd} -f {format} replaced the link"
            );
            assert_eq!(
                std::fs::read_link(&link).unwrap(),
                PathBuf::from("/dev/null")
            );
            assert!(std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device());
        }
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn standard_output_named_as_a_path_is_standard_output() {
    let jm = data("jiangmen-2023.txt");
    let o = zhibiao(&args(
        "extract",
        std::slice::from_ref(&jm),
        &["-o", "/dev/fd/1"],
    ));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let piped = zhibiao(&args("extract", &[jm], &[]));
    assert_eq!(o.stdout, piped.stdout);
    assert!(looks_like("jsonl", &o.stdout));
    let (h15, h16) = (data("hailar-2015.txt"), data("hailar-2016.txt"));
    let o = zhibiao(&args(
        "compare",
        &[h15, h16],
        &["-f", "csv", "-o", "/dev/fd/1"],
    ));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("target_doc,outcome_doc,year,"));
}

#[test]
fn standard_error_open_on_a_log_file_is_appended_to_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("run.log");
    std::fs::write(&log, "earlier line\n").unwrap();
    let file = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    let o = Command::new(BIN)
        .args([
            "extract",
            &data("jiangmen-2023.txt"),
            "-f",
            "csv",
            "-o",
            "/dev/stderr",
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::from(file.try_clone().unwrap()))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stdout.is_empty());
    let text = std::fs::read_to_string(&log).unwrap();
    // The log keeps what it had; the CSV follows it, whole.
    assert!(text.starts_with("earlier line\ndoc,kind,period,"), "{text}");
    assert!(text.lines().count() > 150, "{} lines", text.lines().count());
    let meta = std::fs::symlink_metadata(&log).unwrap();
    assert!(meta.file_type().is_file());
    // Same file (not a new one renamed over it): the descriptor still writes into it.
    use std::io::Write;
    (&file).write_all(b"later\n").unwrap();
    assert!(std::fs::read_to_string(&log).unwrap().ends_with("later\n"));
}

#[test]
fn a_link_to_a_regular_file_keeps_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.jsonl");
    std::fs::write(&real, "old\n").unwrap();
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let o = zhibiao(&args(
        "extract",
        &[data("jiangmen-2023.txt")],
        &["-o", link.to_str().unwrap()],
    ));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let text = std::fs::read_to_string(&real).unwrap();
    assert!(text.starts_with('{') && text.lines().count() > 50, "{text}");
}

#[test]
fn a_format_the_extension_does_not_name_is_refused_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let (h15, h16) = (data("hailar-2015.txt"), data("hailar-2016.txt"));
    let jm = data("jiangmen-2023.txt");
    let cases: [(&str, Vec<String>, &str); 3] = [
        ("compare", vec![h15.clone(), h16.clone()], "x.parquet"),
        ("tasks", vec![jm.clone()], "x.parquet"),
        ("compare", vec![h15.clone(), h16.clone()], "x.PARQUET"),
    ];
    for (cmd, inputs, name) in cases {
        let out = dir.path().join(name);
        let o = zhibiao(&args(cmd, &inputs, &["-o", out.to_str().unwrap()]));
        assert_eq!(o.status.code(), Some(2), "{cmd} -o {name}: {}", stderr(&o));
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.contains(name) && err.contains("cannot write parquet"),
            "{err}"
        );
        assert!(!out.exists(), "{cmd} -o {name} created it");
    }
    // -f says so: written as asked, whatever the name.
    let out = dir.path().join("x.parquet");
    let o = zhibiao(&args(
        "compare",
        &[h15.clone(), h16.clone()],
        &["-f", "jsonl", "-o", out.to_str().unwrap()],
    ));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(looks_like("jsonl", &std::fs::read(&out).unwrap()));
    // An extension that names a format the command writes chooses it.
    for (cmd, inputs) in [
        ("compare", vec![h15.clone(), h16.clone()]),
        ("panel", vec![h15.clone(), h16.clone()]),
        ("tasks", vec![jm.clone()]),
        ("extract", vec![jm.clone()]),
        ("docs", vec![jm.clone()]),
    ] {
        for (ext, format) in [("jsonl", "jsonl"), ("xlsx", "xlsx"), ("ndjson", "jsonl")] {
            let out = dir.path().join(format!("{cmd}.{ext}"));
            let o = zhibiao(&args(cmd, &inputs, &["-o", out.to_str().unwrap()]));
            assert_eq!(o.status.code(), Some(0), "{cmd} -o {ext}: {}", stderr(&o));
            assert!(
                looks_like(format, &std::fs::read(&out).unwrap()),
                "{cmd} -o {cmd}.{ext} is not {format}"
            );
        }
    }
}

#[test]
fn a_read_only_directory_is_one_clear_error_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let ro = dir.path().join("ro");
    std::fs::create_dir(&ro).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&ro, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root writes into any directory: run as `nobody` then (setpriv, util-linux).
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    for (cmd, inputs, formats) in commands() {
        for format in formats {
            let out = ro.join(format!("out.{format}"));
            let a = args(cmd, &inputs, &["-f", format, "-o", out.to_str().unwrap()]);
            let o = if root {
                let mut c = Command::new("setpriv");
                c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
                c.args(&a).stdin(Stdio::null()).output().unwrap()
            } else {
                zhibiao(&a)
            };
            let err = stderr(&o);
            assert_ne!(o.status.code(), Some(0), "{cmd} -f {format}: {err}");
            assert!(
                err.lines().any(|l| l
                    == format!(
                        "zhibiao: {}: cannot create output: permission denied",
                        out.display()
                    )),
                "{cmd} -f {format}: {err}"
            );
            assert!(!err.contains("panicked"), "{err}");
            assert_eq!(
                std::fs::read_dir(&ro).unwrap().count(),
                0,
                "{cmd} -f {format}"
            );
        }
    }
}

#[test]
fn a_reader_that_goes_away_is_a_write_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("closed.jsonl");
    mkfifo(&fifo);
    let reader = {
        let fifo = fifo.clone();
        // Opens the FIFO and closes it at once: the writer gets EPIPE.
        std::thread::spawn(move || drop(std::fs::File::open(&fifo).unwrap()))
    };
    // Large enough not to fit in the pipe's buffer before the reader closes it.
    let o = zhibiao(&args(
        "extract",
        &[data("jiangmen-2023.txt")],
        &["-q", "-o", fifo.to_str().unwrap()],
    ));
    reader.join().unwrap();
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    assert!(is_fifo(&fifo));
    // The output (200 KB) does not fit in the pipe's buffer: the write fails (EPIPE) with
    // one line naming OUT.
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        [format!(
            "zhibiao: {}: cannot write: Broken pipe (os error 32)",
            fifo.display()
        )],
    );
}
