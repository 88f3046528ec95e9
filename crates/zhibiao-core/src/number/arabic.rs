//! Arabic numerals: digits with thousands separators and a decimal part, read exactly
//! rounded from a stack buffer, and a decimal's magnitude words (`3773.41亿`).

use super::chinese::MAX_EXP;
use super::class::{cn, skip_space, unit_blocked, Cn};
use super::Numeral;

/// What [`scan_arabic`] found: where the digits end and what they have.
#[derive(Clone, Copy, Debug)]
pub(super) struct ArabicScan {
    pub(super) end: usize,
    /// Digits before the decimal point.
    pub(super) int_digits: usize,
    /// Has a decimal part.
    pub(super) frac: bool,
    /// Has a thousands separator.
    pub(super) sep: bool,
    /// Is the first part of a dotted sequence (2023.12.1, 1.2.3): `end` is after the
    /// integer part only.
    pub(super) dotted: bool,
}

/// Scans ASCII digits at `pos` (or a `.` followed by digits) with thousands separators (`,`
/// and exactly three digits, after a first group of at most three) and a decimal part (a `.`
/// followed by a digit; a trailing `.` is not taken).
pub(super) fn scan_arabic(chars: &[char], pos: usize) -> ArabicScan {
    let n = chars.len();
    let digit = |i: usize| i < n && chars[i].is_ascii_digit();
    let mut p = pos;
    while digit(p) {
        p += 1;
    }
    let first = p - pos;
    let mut int_digits = first;
    let mut sep = false;
    if first > 0 && first <= 3 {
        while p < n
            && chars[p] == ','
            && digit(p + 1)
            && digit(p + 2)
            && digit(p + 3)
            && !digit(p + 4)
        {
            p += 4;
            int_digits += 3;
            sep = true;
        }
    }
    let mut frac = false;
    let mut dotted = false;
    if p < n && chars[p] == '.' && digit(p + 1) {
        let mut q = p + 1;
        while digit(q) {
            q += 1;
        }
        if q < n && chars[q] == '.' && digit(q + 1) {
            dotted = true;
        } else {
            frac = true;
            p = q;
        }
    }
    ArabicScan {
        end: p,
        int_digits,
        frac,
        sep,
        dotted,
    }
}

/// The exactly rounded value of the Arabic numeral `chars[start..end]` (digits, `,`, `.`)
/// times `10^exp`, parsed from a stack buffer.
pub(super) fn arabic_value(chars: &[char], start: usize, end: usize, exp: u32) -> f64 {
    let mut buf = [0u8; 64];
    let mut len = 0;
    for &c in &chars[start..end] {
        if c == ',' {
            continue;
        }
        if len >= 56 {
            return arabic_value_slow(chars, start, end, exp);
        }
        buf[len] = c as u8;
        len += 1;
    }
    parse_scaled(&mut buf, len, exp)
}

#[cold]
fn arabic_value_slow(chars: &[char], start: usize, end: usize, exp: u32) -> f64 {
    let mut s: String = chars[start..end].iter().filter(|&&c| c != ',').collect();
    if exp > 0 {
        s.push('e');
        s.push_str(&exp.to_string());
    }
    s.parse().unwrap_or(0.0)
}

/// The number written in `buf[..len]` (ASCII digits and a `.`) times `10^exp`, exactly
/// rounded as `str::parse` rounds it: `e` and the exponent are written after the digits (`buf`
/// must have room for them), then it is parsed; 0 if it does not parse.
pub(super) fn parse_scaled(buf: &mut [u8; 64], mut len: usize, exp: u32) -> f64 {
    if exp > 0 {
        buf[len] = b'e';
        len += 1;
        len += write_u64(&mut buf[len..], u64::from(exp));
    }
    std::str::from_utf8(&buf[..len])
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.0)
}

/// Writes `v` in decimal at the start of `buf` (which must hold 20 bytes); returns the length.
pub(super) fn write_u64(buf: &mut [u8], mut v: u64) -> usize {
    let mut tmp = [0u8; 20];
    let mut k = 0;
    loop {
        tmp[k] = b'0' + (v % 10) as u8;
        k += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for i in 0..k {
        buf[i] = tmp[k - 1 - i];
    }
    k
}

/// An Arabic decimal (`3773.41`, `1,100.9`) and the magnitude words after it (`亿`, `万亿`,
/// `千万`, `百亿亿`; one space allowed before the first).
pub(super) fn arabic_decimal(chars: &[char], start: usize, a: ArabicScan) -> Numeral {
    let mut exp = 0u32;
    let mut end = a.end;
    let t = skip_space(chars, a.end);
    if let Some(Cn::Unit(e)) = chars.get(t).and_then(|&c| cn(c)) {
        if (2..=8).contains(&e) && !unit_blocked(chars, t, e) {
            exp = e;
            end = t + 1;
            let mut last = e;
            while let Some(Cn::Unit(e2)) = chars.get(end).and_then(|&c| cn(c)) {
                // 千万, 万亿, and a repeated big unit (万万, 百亿亿次 = 10^18).
                let ok = matches!(e2, 4 | 8) && (last < 4 || e2 >= last) && exp + e2 <= MAX_EXP;
                if !ok {
                    break;
                }
                exp += e2;
                last = e2;
                end += 1;
            }
        }
    }
    Numeral {
        start,
        end,
        value: arabic_value(chars, start, a.end, exp),
        chinese: false,
        magnitude: exp > 0,
    }
}
