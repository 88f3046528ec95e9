//! Arabic numerals: digits with thousands separators and a decimal part, read exactly
//! rounded from a stack buffer, and a decimal's magnitude words (`3773.41亿`).

use super::chinese::MAX_EXP;
use super::class::{cn, pow10, skip_space, unit_blocked, Cn};
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
    if let Some(v) = fast_scaled(&buf[..len], exp) {
        return v;
    }
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

/// [`parse_scaled`]'s number without writing and parsing it, when that is exact (Clinger's fast
/// path, the first that `str::parse` tries): digits with at most one `.`, at least one digit,
/// whose integer `m` (the digits without the point) is at most 2^53 and whose power of ten `e`
/// (`exp` less the digits after the point) is within ±22. Then `m` and `10^|e|` are doubles
/// exactly, and one multiplication or division of them is rounded once, to the double nearest
/// the number, which is what `parse` returns. Anything else: `None`, and `parse` reads it.
fn fast_scaled(digits: &[u8], exp: u32) -> Option<f64> {
    let (mut m, mut frac, mut point, mut any) = (0u64, 0u32, false, false);
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                m = m.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
                frac += u32::from(point);
                any = true;
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if !any || m > 1 << 53 {
        return None;
    }
    let e = i64::from(exp) - i64::from(frac);
    match e {
        0..=22 => Some(m as f64 * pow10(e as u32)),
        -22..=-1 => Some(m as f64 / pow10(-e as u32)),
        _ => None,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `parse_scaled` as it was: the digits and `e` and the exponent, parsed.
    fn parse_slow(digits: &[u8], exp: u32) -> f64 {
        let mut s = String::from_utf8(digits.to_vec()).unwrap();
        if exp > 0 {
            s.push_str(&format!("e{exp}"));
        }
        s.parse().unwrap_or(0.0)
    }

    #[test]
    fn parse_scaled_is_the_parse_of_the_digits() {
        let mut x: u64 = 0x1234_5678_9abc_def1;
        let mut cases: Vec<(Vec<u8>, u32)> = Vec::new();
        for _ in 0..200_000 {
            crate::chars::xorshift(&mut x);
            let len = (x % 24) as usize;
            let mut y = x;
            let mut d: Vec<u8> = (0..len)
                .map(|_| {
                    crate::chars::xorshift(&mut y);
                    // Mostly digits, a point now and then, rarely a second one.
                    match y % 23 {
                        0 => b'.',
                        _ => b'0' + (y >> 8) as u8 % 10,
                    }
                })
                .collect();
            if y >> 20 & 3 == 0 {
                d.retain(|&b| b != b'.');
            }
            cases.push((d, (y >> 32) as u32 % 45));
        }
        // The edges: 2^53 and its neighbours, 10^22 and 10^23, many digits after the point.
        for m in [
            (1u64 << 53) - 1,
            1 << 53,
            (1 << 53) + 1,
            9_007_199_254_740_993,
            u64::MAX,
        ] {
            for exp in [0, 1, 8, 22, 23, 40] {
                cases.push((m.to_string().into_bytes(), exp));
            }
        }
        for d in [
            "", ".", "0", "0.0", "5.", ".5", "1.2.3", "00012", "3773.41", "0.1", "1e5",
        ] {
            for exp in [0, 4, 8, 12, 22, 23, 30] {
                cases.push((d.as_bytes().to_vec(), exp));
            }
        }
        cases.push((b"1.0000000000000000000001".to_vec(), 22));
        cases.push((b"123456789.123456789".to_vec(), 0));
        for (d, exp) in cases {
            if d.len() > 40 {
                continue;
            }
            let mut buf = [0u8; 64];
            buf[..d.len()].copy_from_slice(&d);
            let want = parse_slow(&d, exp);
            let got = parse_scaled(&mut buf, d.len(), exp);
            assert_eq!(
                got.to_bits(),
                want.to_bits(),
                "{:?} e{exp}",
                String::from_utf8_lossy(&d)
            );
        }
    }
}
