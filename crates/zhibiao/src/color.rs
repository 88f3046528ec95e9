//! Colour on a terminal: `--color auto|always|never` (every command) and `NO_COLOR`.
//!
//! `auto` (the default) colours what goes to a terminal, unless the environment variable
//! `NO_COLOR` is set to anything but the empty string (<https://no-color.org>) or `TERM` is
//! `dumb`; `always` colours even into a pipe or a file; `never` never does.

use std::sync::OnceLock;

/// When to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum When {
    /// On a terminal, unless NO_COLOR is set.
    #[default]
    Auto,
    /// Always, even into a pipe or a file (NO_COLOR is then ignored).
    Always,
    /// Never.
    Never,
}

static WHEN: OnceLock<When> = OnceLock::new();

/// Sets the choice for the run (the first call wins).
pub fn set(when: When) {
    let _ = WHEN.set(when);
}

/// The choice of the command line, or `auto`.
pub fn when() -> When {
    WHEN.get().copied().unwrap_or_default()
}

/// Whether NO_COLOR (non-empty) or TERM=dumb asks for no colour.
fn env_says_no() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || std::env::var_os("TERM").is_some_and(|t| t == "dumb")
}

/// Whether to colour output that goes to a stream which `is_terminal` or not.
pub fn enabled(is_terminal: bool) -> bool {
    decide(when(), is_terminal, env_says_no())
}

fn decide(when: When, is_terminal: bool, env_says_no: bool) -> bool {
    match when {
        When::Always => true,
        When::Never => false,
        When::Auto => is_terminal && !env_says_no,
    }
}

/// The choice given on a command line before clap parses it (for clap's own help and errors):
/// `--color X` or `--color=X` anywhere; an unknown value is left for clap to refuse.
pub fn from_args(args: &[std::ffi::OsString]) -> Option<When> {
    let mut it = args.iter().map(|a| a.to_string_lossy());
    let mut found = None;
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let value = if a == "--color" {
            it.next().map(|v| v.into_owned())
        } else {
            a.strip_prefix("--color=").map(str::to_string)
        };
        if let Some(v) = value {
            found = <When as clap::ValueEnum>::from_str(&v, true).ok().or(found);
        }
    }
    found
}

/// The choice as clap's.
pub fn clap_choice(when: When) -> clap::ColorChoice {
    match when {
        When::Auto if env_says_no() => clap::ColorChoice::Never,
        When::Auto => clap::ColorChoice::Auto,
        When::Always => clap::ColorChoice::Always,
        When::Never => clap::ColorChoice::Never,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_follows_the_terminal_and_no_color() {
        assert!(decide(When::Auto, true, false));
        assert!(!decide(When::Auto, false, false));
        assert!(!decide(When::Auto, true, true));
        assert!(decide(When::Always, false, true));
        assert!(!decide(When::Never, true, false));
    }

    #[test]
    fn reads_the_flag_before_clap() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            from_args(&args(&["zhibiao", "--color", "never"])),
            Some(When::Never)
        );
        assert_eq!(
            from_args(&args(&["zhibiao", "x", "--color=always"])),
            Some(When::Always)
        );
        assert_eq!(from_args(&args(&["zhibiao", "--", "--color=always"])), None);
        assert_eq!(from_args(&args(&["zhibiao", "--color=purple"])), None);
    }
}
