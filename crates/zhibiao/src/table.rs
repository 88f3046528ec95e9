//! Tables for a terminal: a header on every table, columns aligned by display width (a CJK
//! character counts two columns), fitted to the terminal's width (`COLUMNS`, else the
//! terminal's size) by cutting the long text columns (subjects, quotes) with `…`; numbers
//! written the way reports write them (126万亿元, 1.3万亿斤, 5%左右).

use std::io::{self, Write};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The width to fit: `COLUMNS` when it is a number (≥ 20), else the width of the terminal on
/// standard output, else none (a table into a file or a pipe is not cut).
pub fn width() -> Option<usize> {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
    {
        return Some(n.max(20));
    }
    terminal_width()
}

#[cfg(unix)]
fn terminal_width() -> Option<usize> {
    // SAFETY: TIOCGWINSZ fills a `winsize` and touches nothing else; on a file descriptor that
    // is not a terminal it fails and the struct is ignored.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) } == 0;
    (ok && ws.ws_col > 0).then_some(usize::from(ws.ws_col).max(20))
}

#[cfg(not(unix))]
fn terminal_width() -> Option<usize> {
    None
}

/// `text` cut to at most `max` columns of display width, ending with `…` when cut.
pub fn cut(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// A table: a header, rows, the columns aligned right, and the columns that may be cut to fit
/// (subjects, quotes), widest first when cutting.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub right: Vec<usize>,
    pub flexible: Vec<usize>,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        Table {
            header: header.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            right: Vec::new(),
            flexible: Vec::new(),
        }
    }

    /// Writes the table fitted to `width` (none: not cut). `paint` gives the colour codes
    /// (on, off) of a cell (row, column), put around its padded text.
    pub fn write(
        &self,
        out: &mut dyn Write,
        width: Option<usize>,
        paint: &dyn Fn(usize, usize) -> Option<(&'static str, &'static str)>,
    ) -> io::Result<()> {
        let n = self.header.len();
        let mut widths = vec![0usize; n];
        for row in std::iter::once(&self.header).chain(&self.rows) {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.width());
            }
        }
        if let Some(max) = width {
            let total = |w: &[usize]| w.iter().sum::<usize>() + 2 * n.saturating_sub(1);
            let floor = |i: usize| self.header[i].width().max(6);
            while total(&widths) > max {
                // Narrow the widest flexible column still above its floor.
                let Some(&i) = self
                    .flexible
                    .iter()
                    .filter(|&&i| widths[i] > floor(i))
                    .max_by_key(|&&i| widths[i])
                else {
                    break;
                };
                widths[i] -= 1;
            }
        }
        for (r, row) in std::iter::once(&self.header).chain(&self.rows).enumerate() {
            let mut line = String::new();
            for (i, cell) in row.iter().enumerate() {
                let text = cut(cell, widths[i]);
                let pad = " ".repeat(widths[i] - text.width());
                let last = i + 1 == row.len();
                let (on, off) = if r == 0 { None } else { paint(r - 1, i) }.unwrap_or(("", ""));
                line.push_str(on);
                if self.right.contains(&i) {
                    line.push_str(&pad);
                    line.push_str(&text);
                } else {
                    line.push_str(&text);
                    if !last {
                        line.push_str(&pad);
                    }
                }
                line.push_str(off);
                if !last {
                    line.push_str("  ");
                }
            }
            let line = line.trim_end();
            // Narrow terminals: whatever still overflows is cut (colour codes have no width).
            let line = match width {
                Some(max) if visible_width(line) > max => cut_visible(line, max),
                _ => line.to_string(),
            };
            writeln!(out, "{line}")?;
        }
        Ok(())
    }
}

/// Display width, not counting ANSI colour sequences.
pub fn visible_width(s: &str) -> usize {
    strip_ansi(s).width()
}

fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn cut_visible(line: &str, max: usize) -> String {
    // Rare (terminals narrower than the fixed columns): colour is dropped from such a line.
    cut(&strip_ansi(line), max)
}

/// Values as reports write them (3773.41亿元, 6%以上): the core's, as every output writes them.
pub use zhibiao_core::fact::{amount, with_bound};

#[cfg(test)]
mod tests {
    use super::*;
    use zhibiao_core::Bound;

    #[test]
    fn amounts_as_reports_write_them() {
        assert_eq!(amount(126_000_000_000_000.0, "元"), "126万亿元");
        assert_eq!(amount(1_300_000_000_000.0, "斤"), "1.3万亿斤");
        assert_eq!(amount(377_341_000_000.0, "元"), "3773.41亿元");
        assert_eq!(amount(12_000.0, "人"), "1.2万人");
        assert_eq!(amount(9_999.0, "人"), "9999人");
        assert_eq!(amount(6.5, "%"), "6.5%");
        assert_eq!(amount(25_000.0, "元/月"), "25000元/月");
        assert_eq!(with_bound(5.0, None, "%", Bound::About), "5%左右");
        assert_eq!(with_bound(6.0, Some(6.5), "%", Bound::Range), "6~6.5%");
        assert_eq!(with_bound(1e5, None, "人", Bound::AtLeast), "10万人以上");
    }

    #[test]
    fn cuts_by_display_width() {
        assert_eq!(cut("地区生产总值", 7), "地区生…");
        assert_eq!(cut("地区生产总值", 12), "地区生产总值");
        assert_eq!(cut("GDP growth", 5), "GDP …");
        assert!(cut("地区生产总值", 6).width() <= 6);
    }

    #[test]
    fn fits_the_width_with_a_header() {
        let mut t = Table::new(&["KIND", "SUBJECT", "VALUE", "QUOTE"]);
        t.flexible = vec![1, 3];
        t.right = vec![2];
        for i in 0..5 {
            t.rows.push(vec![
                "target".into(),
                "规模以上工业增加值".repeat(i + 1),
                amount(1e9 * i as f64, "元"),
                "全市地区生产总值增长6%以上，规模以上工业增加值增长7%以上".repeat(3),
            ]);
        }
        for max in [40, 80, 120] {
            let mut out = Vec::new();
            t.write(&mut out, Some(max), &|_, _| Some(("\x1b[32m", "\x1b[0m")))
                .unwrap();
            let text = String::from_utf8(out).unwrap();
            assert!(text.starts_with("KIND"));
            assert_eq!(text.lines().count(), 6);
            for line in text.lines() {
                assert!(visible_width(line) <= max, "{max}: {line}");
            }
            assert!(text.contains('…'));
        }
    }
}
