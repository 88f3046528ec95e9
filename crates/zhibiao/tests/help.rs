//! Help, completions, the manual page and colour: every command's help has an example; `compare`
//! and `panel` explain their verdicts; `zhibiao help --help`, `completions` and `man` work;
//! `--color` and `NO_COLOR` decide the colour of the `compare` table.

use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_zhibiao");

fn zhibiao(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

const COMMANDS: [&str; 17] = [
    "extract",
    "docs",
    "tasks",
    "eval",
    "compare",
    "panel",
    "indicators",
    "serve",
    "import",
    "user",
    "backup",
    "restore",
    "audit",
    "evidence",
    "completions",
    "man",
    "help",
];

#[test]
fn every_command_has_an_example_in_its_help() {
    for cmd in COMMANDS {
        for flag in ["-h", "--help"] {
            let o = zhibiao(&[cmd, flag]);
            assert!(
                o.status.success(),
                "{cmd} {flag}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            let text = stdout(&o);
            assert!(
                text.contains("Example"),
                "{cmd} {flag}: no example:\n{text}"
            );
            assert!(
                text.contains(&format!("zhibiao {cmd}")),
                "{cmd} {flag}:\n{text}"
            );
            assert!(!text.contains('\x1b'), "{cmd} {flag}: colour into a pipe");
        }
    }
    let o = zhibiao(&["user", "add", "--help"]);
    let text = stdout(&o);
    assert!(
        text.contains("login name") && text.contains("records progress"),
        "{text}"
    );
    assert!(text.contains("zhibiao user add"), "{text}");
}

#[test]
fn help_help_and_help_of_a_command() {
    let o = zhibiao(&["help", "--help"]);
    assert!(o.status.success());
    assert!(stdout(&o).contains("Usage: zhibiao help [OPTIONS] [COMMAND]..."));
    let o = zhibiao(&["help", "compare"]);
    assert!(o.status.success());
    assert_eq!(stdout(&o), stdout(&zhibiao(&["compare", "--help"])));
    let o = zhibiao(&["help", "user", "add"]);
    assert!(
        stdout(&o).contains("Usage: zhibiao user add"),
        "{}",
        stdout(&o)
    );
    let o = zhibiao(&["help"]);
    assert!(o.status.success() && stdout(&o).contains("completions"));
    let o = zhibiao(&["help", "nonsense"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&o.stderr),
        "zhibiao: help: no command `nonsense` (zhibiao help lists them)\n"
    );
}

#[test]
fn compare_and_panel_explain_their_verdicts() {
    for cmd in ["compare", "panel"] {
        let text = stdout(&zhibiao(&[cmd, "--help"]));
        for word in ["met ", "missed ", "not_reported ", "Verdicts:"] {
            assert!(text.contains(word), "{cmd}: `{word}` not in\n{text}");
        }
    }
    let text = stdout(&zhibiao(&["panel", "--help"]));
    assert!(text.contains("not yet available"), "{text}");
}

#[test]
fn completions_and_man_page() {
    for (shell, mark) in [
        ("bash", "_zhibiao()"),
        ("zsh", "#compdef zhibiao"),
        ("fish", "complete -c zhibiao"),
        ("elvish", "zhibiao"),
        ("powershell", "zhibiao"),
    ] {
        let o = zhibiao(&["completions", shell]);
        assert!(o.status.success(), "{shell}");
        let text = stdout(&o);
        assert!(text.contains(mark), "{shell}");
        // Every command completes.
        for cmd in ["extract", "compare", "panel", "completions"] {
            assert!(text.contains(cmd), "{shell}: {cmd}");
        }
    }
    let o = zhibiao(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    let o = zhibiao(&["man"]);
    assert!(o.status.success());
    let page = stdout(&o);
    assert!(page.contains(".TH zhibiao 1"), "{}", &page[..200]);
    for section in [
        "ZHIBIAO-EXTRACT",
        "ZHIBIAO-COMPARE",
        "ZHIBIAO-PANEL",
        "ZHIBIAO-MAN",
    ] {
        assert!(page.contains(&format!(".SH \"{section}\"")), "{section}");
    }
    assert!(page.contains("not_reported"));
}

fn compare_table(args: &[&str], no_color: Option<&str>) -> String {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data");
    let mut c = Command::new(BIN);
    c.arg("compare")
        .arg(data.join("hailar-2015.txt"))
        .arg(data.join("hailar-2016.txt"))
        .args(["-f", "table"])
        .args(args)
        .env_remove("NO_COLOR");
    if let Some(v) = no_color {
        c.env("NO_COLOR", v);
    }
    let o = c.output().unwrap();
    assert!(o.status.success());
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn color_flag_and_no_color() {
    // Into a pipe: no colour, unless --color always (which NO_COLOR does not override).
    assert!(!compare_table(&[], None).contains('\x1b'));
    assert!(compare_table(&["--color", "always"], None).contains("\x1b[32m"));
    assert!(compare_table(&["--color=always"], Some("1")).contains('\x1b'));
    assert!(!compare_table(&["--color", "never"], None).contains('\x1b'));
    // On a terminal (a pseudo-terminal through script(1)): colour unless NO_COLOR or never.
    if Command::new("script").arg("--version").output().is_err() {
        panic!("script(1) (util-linux) is needed for the terminal test");
    }
    let on_tty = |extra: &str, no_color: Option<&str>| {
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data");
        let line = format!(
            "{BIN} compare {} {} {extra}",
            data.join("hailar-2015.txt").display(),
            data.join("hailar-2016.txt").display()
        );
        let mut c = Command::new("script");
        c.args(["-qec", &line, "/dev/null"]).env_remove("NO_COLOR");
        if let Some(v) = no_color {
            c.env("NO_COLOR", v);
        }
        let o = c.stdin(Stdio::null()).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let plain = on_tty("", None);
    assert!(plain.contains("\x1b[32m"), "{plain}");
    assert!(!on_tty("", Some("1")).contains('\x1b'));
    assert!(
        on_tty("", Some("")).contains('\x1b'),
        "an empty NO_COLOR is unset"
    );
    assert!(!on_tty("--color never", None).contains('\x1b'));
}
