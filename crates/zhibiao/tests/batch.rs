//! Batches: directories walked recursively, failures that do not stop the others (each named
//! once, exit 1), the same output for any number of threads.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_zhibiao");

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn data(name: &str) -> PathBuf {
    repo().join("tests/data").join(name)
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

/// The lines of stderr that are not warnings: the failures.
fn failures(o: &Output) -> Vec<String> {
    stderr(o)
        .lines()
        .filter(|l| !l.contains(": warning: "))
        .map(String::from)
        .collect()
}

/// A corpus: three reports at three depths, hidden files, a binary file, a dangling link and a
/// file nobody may read (which root can still read: then it is just one more report).
struct Corpus {
    _dir: tempfile::TempDir,
    root: PathBuf,
    /// The inputs that must fail, with a word of their cause.
    bad: Vec<(PathBuf, &'static str)>,
    /// Whether `locked.txt` is readable (running as root).
    locked_readable: bool,
}

fn corpus() -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    std::fs::create_dir_all(root.join("a")).unwrap();
    std::fs::create_dir_all(root.join("b/c")).unwrap();
    std::fs::create_dir_all(root.join(".git")).unwrap();
    std::fs::copy(data("jiangmen-2023.txt"), root.join("a/jiangmen-2023.txt")).unwrap();
    std::fs::copy(data("hailar-2015.txt"), root.join("b/c/hailar-2015.txt")).unwrap();
    std::fs::copy(data("hailar-2016.txt"), root.join("hailar-2016.txt")).unwrap();
    std::fs::copy(data("hailar-2016.txt"), root.join(".git/hidden.txt")).unwrap();
    std::fs::copy(data("hailar-2016.txt"), root.join(".hidden.txt")).unwrap();
    std::fs::write(
        root.join("b/scan.txt"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0",
    )
    .unwrap();
    let mut bad = vec![(root.join("b/scan.txt"), "a PNG image")];
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::os::unix::fs::symlink(root.join("gone.txt"), root.join("dangling.txt")).unwrap();
        bad.push((root.join("dangling.txt"), "no such file"));
        let locked = root.join("locked.txt");
        std::fs::copy(data("hailar-2015.txt"), &locked).unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let locked_readable = std::fs::read(root.join("locked.txt")).is_ok();
    if !locked_readable {
        bad.push((root.join("locked.txt"), "permission denied"));
    }
    Corpus {
        _dir: dir,
        root,
        bad,
        locked_readable,
    }
}

fn docs_of(jsonl: &[u8]) -> Vec<String> {
    let mut docs: Vec<String> = Vec::new();
    for line in std::str::from_utf8(jsonl).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let doc = v["doc"].as_str().unwrap().to_string();
        if docs.last() != Some(&doc) {
            docs.push(doc);
        }
    }
    docs
}

#[test]
fn a_directory_is_walked_and_failures_do_not_stop_the_others() {
    let c = corpus();
    let one = zhibiao(&["extract", "-f", "jsonl", "-j", "1", s(&c.root)]);
    let two = zhibiao(&["extract", "-f", "jsonl", "-j", "2", s(&c.root)]);
    assert_eq!(one.status.code(), Some(1), "{}", stderr(&one));
    assert_eq!(two.status.code(), Some(1));
    assert!(one.stdout == two.stdout, "-j 1 and -j 2 differ");
    assert_eq!(stderr(&one), stderr(&two));

    // Sorted paths, hidden ones skipped; ids are paths below the directory.
    let mut want = vec!["a/jiangmen-2023", "b/c/hailar-2015", "hailar-2016"];
    if c.locked_readable {
        want.push("locked");
    }
    assert_eq!(docs_of(&one.stdout), want);

    // Each failure named once, with its cause; nothing else fails.
    let fails = failures(&one);
    assert_eq!(fails.len(), c.bad.len(), "{fails:?}");
    for (path, cause) in &c.bad {
        let named: Vec<&String> = fails
            .iter()
            .filter(|l| l.starts_with(&format!("zhibiao: {}: ", s(path))))
            .collect();
        assert_eq!(named.len(), 1, "{} in {fails:?}", s(path));
        assert!(named[0].contains(cause), "{}", named[0]);
    }
    assert!(!stderr(&one).contains("panicked"));

    // The facts of a report found in the directory are those of the report alone.
    let alone = zhibiao(&["extract", "-f", "jsonl", s(&data("jiangmen-2023.txt"))]);
    let in_dir: Vec<String> = String::from_utf8(one.stdout.clone())
        .unwrap()
        .lines()
        .filter(|l| l.starts_with(r#"{"doc":"a/jiangmen-2023""#))
        .map(|l| l.replacen("a/jiangmen-2023", "jiangmen-2023", 1))
        .collect();
    let alone: Vec<String> = String::from_utf8(alone.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    assert_eq!(in_dir, alone);
}

#[test]
fn the_output_is_the_same_for_any_number_of_threads() {
    let dir = data("provinces-2026");
    for format in ["jsonl", "csv", "table"] {
        let one = zhibiao(&["extract", "-f", format, "-j", "1", s(&dir)]);
        let two = zhibiao(&["extract", "-f", format, "-j", "2", s(&dir)]);
        let three = zhibiao(&["extract", "-f", format, "-j", "3", s(&dir)]);
        // SOURCE.md is read as a report too: it has no fact, which is a warning only.
        assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
        assert!(!one.stdout.is_empty());
        assert!(one.stdout == two.stdout, "{format}: -j 1 and -j 2 differ");
        assert!(one.stdout == three.stdout, "{format}: -j 1 and -j 3 differ");
        assert_eq!(stderr(&one), stderr(&two));
    }
}

#[test]
fn files_and_directories_mix_and_ids_stay_distinct() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(data("hailar-2015.txt"), dir.path().join("r.txt")).unwrap();
    std::fs::copy(data("hailar-2016.txt"), dir.path().join("r.text")).unwrap();
    let o = zhibiao(&[
        "docs",
        "-f",
        "csv",
        s(dir.path()),
        s(&data("jiangmen-2023.txt")),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(&o.stdout[..]);
    let ids: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    // Two files of one stem keep their extensions.
    assert_eq!(ids, ["r.text", "r.txt", "jiangmen-2023"]);
}

#[test]
fn an_output_inside_an_input_directory_is_not_read_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(data("jiangmen-2023.txt"), dir.path().join("r.txt")).unwrap();
    let out = dir.path().join("facts.csv");
    for _ in 0..2 {
        let o = zhibiao(&["extract", s(dir.path()), "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.lines().skip(1).all(|l| l.starts_with("r,")));
}

#[cfg(unix)]
#[test]
fn an_unreadable_directory_is_one_failure() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let shut = dir.path().join("shut");
    std::fs::create_dir(&shut).unwrap();
    std::fs::copy(data("hailar-2015.txt"), shut.join("x.txt")).unwrap();
    std::fs::copy(data("hailar-2016.txt"), dir.path().join("y.txt")).unwrap();
    std::fs::set_permissions(&shut, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&shut).is_ok() {
        // Root reads it anyway: nothing to test here.
        std::fs::set_permissions(&shut, std::fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let o = zhibiao(&["extract", "-f", "jsonl", s(dir.path())]);
    std::fs::set_permissions(&shut, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(docs_of(&o.stdout), ["y"]);
    let fails = failures(&o);
    assert_eq!(fails.len(), 1, "{fails:?}");
    assert!(
        fails[0].contains("shut: cannot read directory"),
        "{fails:?}"
    );
}
