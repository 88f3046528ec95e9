//! A fact as one line of JSON, written by hand: the bytes `serde_json::to_writer` writes for it
//! (same field order, same skipped fields, same escapes, same numbers), without the serializer's
//! per-field calls and its byte-by-byte escape scan. The tests below compare the two on every
//! field and on strings with every escaped byte.

use zhibiao_core::fact::integral;
use zhibiao_core::Fact;

/// Appends `fact` as serde_json writes it (compact, no line end).
pub fn write_fact(out: &mut Vec<u8>, fact: &Fact) {
    // Every field named, so that a new field of `Fact` fails to compile here.
    let Fact {
        doc,
        quote,
        kind,
        period,
        since,
        average,
        subject,
        measure,
        value,
        upper,
        unit,
        bound,
        stretch,
        scope,
        line_start,
        line_end,
        offset,
        section,
        indicator,
        region,
        note,
    } = fact;
    out.extend_from_slice(b"{\"doc\":");
    write_str(out, doc);
    out.extend_from_slice(b",\"quote\":");
    write_str(out, quote);
    out.extend_from_slice(b",\"kind\":");
    write_name(out, kind.name());
    out.extend_from_slice(b",\"period\":");
    write_int(out, i64::from(*period));
    out.extend_from_slice(b",\"since\":");
    match since {
        Some(y) => write_int(out, i64::from(*y)),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\"average\":");
    write_bool(out, *average);
    out.extend_from_slice(b",\"subject\":");
    write_str(out, subject);
    out.extend_from_slice(b",\"measure\":");
    write_name(out, measure.name());
    out.extend_from_slice(b",\"value\":");
    write_num(out, *value);
    // `upper`: skipped when None.
    if let Some(u) = upper {
        out.extend_from_slice(b",\"upper\":");
        write_num(out, *u);
    }
    out.extend_from_slice(b",\"unit\":");
    write_str(out, unit);
    out.extend_from_slice(b",\"bound\":");
    write_name(out, bound.name());
    out.extend_from_slice(b",\"stretch\":");
    write_bool(out, *stretch);
    out.extend_from_slice(b",\"scope\":");
    write_opt_str(out, scope.as_deref());
    out.extend_from_slice(b",\"line_start\":");
    write_uint(out, *line_start as u64);
    out.extend_from_slice(b",\"line_end\":");
    write_uint(out, *line_end as u64);
    out.extend_from_slice(b",\"offset\":");
    write_uint(out, *offset as u64);
    // `section`: skipped when empty.
    if !section.is_empty() {
        out.extend_from_slice(b",\"section\":");
        write_str(out, section);
    }
    out.extend_from_slice(b",\"indicator\":");
    write_opt_str(out, indicator.as_deref());
    // `region` and `note`: skipped when None.
    if let Some(r) = region {
        out.extend_from_slice(b",\"region\":");
        write_str(out, r);
    }
    if let Some(n) = note {
        out.extend_from_slice(b",\"note\":");
        write_str(out, n);
    }
    out.push(b'}');
}

fn write_bool(out: &mut Vec<u8>, b: bool) {
    out.extend_from_slice(if b { b"true" } else { b"false" });
}

fn write_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => write_str(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// A value as `fact::ser_num` serializes it: an integral one as an integer, any other as
/// serde_json writes an `f64` (ryu's shortest form; `null` for NaN and the infinities).
fn write_num(out: &mut Vec<u8>, v: f64) {
    match integral(v) {
        Some(i) => write_int(out, i),
        // Rare (fractions): serde_json itself, so that the digits are its own.
        None => {
            let _ = serde_json::to_writer(&mut *out, &v);
        }
    }
}

fn write_int(out: &mut Vec<u8>, i: i64) {
    if i < 0 {
        out.push(b'-');
    }
    write_uint(out, i.unsigned_abs());
}

/// `u` in decimal, two digits a step (`DIGITS2`), as `u.to_string()` writes it.
fn write_uint(out: &mut Vec<u8>, mut u: u64) {
    let mut buf = [0u8; 20];
    let mut at = buf.len();
    while u >= 100 {
        let d = (u % 100) as usize * 2;
        u /= 100;
        at -= 2;
        buf[at..at + 2].copy_from_slice(&DIGITS2[d..d + 2]);
    }
    if u >= 10 {
        let d = u as usize * 2;
        at -= 2;
        buf[at..at + 2].copy_from_slice(&DIGITS2[d..d + 2]);
    } else {
        at -= 1;
        buf[at] = b'0' + u as u8;
    }
    out.extend_from_slice(&buf[at..]);
}

/// "00" to "99", the two digits of each number below 100.
static DIGITS2: [u8; 200] = {
    let mut t = [0u8; 200];
    let mut n = 0;
    while n < 100 {
        t[2 * n] = b'0' + (n / 10) as u8;
        t[2 * n + 1] = b'0' + (n % 10) as u8;
        n += 1;
    }
    t
};

/// `s` as a JSON string, escaped as serde_json escapes it: `"` and `\` with a backslash, the
/// control bytes below 0x20 as `\b \t \n \f \r` or `\u00xx` (lower-case hex), every other byte
/// (DEL, `/`, all of UTF-8 past ASCII) as it is.
pub fn write_str(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    out.reserve(b.len() + 2);
    out.push(b'"');
    let mut run = 0; // start of the bytes not yet written
    let mut i = 0;
    loop {
        // Sixteen bytes at a time while none needs an escape (most strings: none at all) …
        while let Some(chunk) = b.get(i..i + 16) {
            let (lo, hi) = chunk.split_at(8);
            if escape_bits(word(lo)) | escape_bits(word(hi)) != 0 {
                break;
            }
            i += 16;
        }
        // … then eight: the last eight bytes when fewer than sixteen are left (some read twice),
        // so that a clean tail is done in one step …
        if b.len() - i >= 8 && escape_bits(word(&b[i..i + 8])) == 0 {
            i += 8;
        }
        if i < b.len()
            && b.len() - i <= 8
            && b.len() >= 8
            && escape_bits(word(&b[b.len() - 8..])) == 0
        {
            i = b.len();
        }
        // … then byte by byte to the escape, or to the end.
        while i < b.len() && ESCAPE[usize::from(b[i])] == 0 {
            i += 1;
        }
        let Some(&c) = b.get(i) else { break };
        out.extend_from_slice(&b[run..i]);
        out.push(b'\\');
        let short = ESCAPE[usize::from(c)];
        out.push(short);
        if short == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"00");
            out.push(HEX[usize::from(c >> 4)]);
            out.push(HEX[usize::from(c & 0xf)]);
        }
        i += 1;
        run = i;
    }
    out.extend_from_slice(&b[run..]);
    out.push(b'"');
}

/// A name known to need no escape (`actual`, `at_least`), quoted.
fn write_name(out: &mut Vec<u8>, name: &str) {
    debug_assert!(!name.bytes().any(|c| ESCAPE[usize::from(c)] != 0));
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.push(b'"');
}

/// The char after the backslash that escapes each byte (`u`: `\u00xx`), 0 for none: serde_json's
/// table.
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 0x20 {
        t[c] = b'u';
        c += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

/// Eight bytes as one word (`b` is eight bytes long).
fn word(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(b);
    u64::from_le_bytes(w)
}

/// Non-zero iff any of the eight bytes of `x` is below 0x20, `"` or `\` (exact: no false answer
/// either way; which byte is found byte by byte).
fn escape_bits(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte below n (n ≤ 0x80) exists iff (x − n·ONES) & !x & HIGH ≠ 0; a byte equal to v
    // (v < 0x80) exists iff y = x ^ v·ONES has a byte below 1, and !y & HIGH = !x & HIGH, so the
    // three tests share their mask.
    (x.wrapping_sub(ONES * 0x20)
        | (x ^ (ONES * 0x22)).wrapping_sub(ONES)
        | (x ^ (ONES * 0x5c)).wrapping_sub(ONES))
        & !x
        & HIGH
}

#[cfg(test)]
mod tests {
    use super::*;
    use zhibiao_core::{Bound, Kind, Measure, Named};

    fn escaped(s: &str) -> String {
        let mut out = Vec::new();
        write_str(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    /// Strings of every kind: each char below 0x80 alone, at every place of a longer string,
    /// next to CJK text, and pseudo-random mixes of escapes, ASCII and multi-byte chars.
    #[test]
    fn strings_escape_as_serde_json_does() {
        let same = |s: &str| assert_eq!(escaped(s), serde_json::to_string(s).unwrap(), "{s:?}");
        same("");
        same("江门市2023年政府工作报告");
        for c in (0u32..0x80).chain([0xa0, 0x7ff, 0x800, 0x2028, 0x2029, 0xfeff, 0x10ffff]) {
            let c = char::from_u32(c).unwrap();
            same(&c.to_string());
            for at in 0..20 {
                let mut s: String = "实现地区生产总值abc".chars().cycle().take(at).collect();
                s.push(c);
                s.push_str("3773.41亿元");
                same(&s);
            }
        }
        // Pseudo-random strings over a small alphabet rich in escapes (xorshift, fixed seed).
        let alphabet: Vec<char> =
            "\"\\/\u{0}\u{1}\u{8}\t\n\u{b}\u{c}\r\u{1f} \u{7f}a0亿“”、\u{80}\u{2028}😀"
                .chars()
                .collect();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 80) as usize;
            let s: String = (0..len)
                .map(|k| alphabet[((x >> (k % 50)) as usize + k * 7) % alphabet.len()])
                .collect();
            same(&s);
        }
        // Long clean runs (ASCII, CJK, non-BMP) with an escape now and then, at any offset of the
        // sixteen- and eight-byte steps and of the last eight bytes.
        let clean: Vec<char> = "a0/ 亿“、😀\u{7f}\u{80}".chars().collect();
        let dirty: Vec<char> = "\"\\\u{0}\n\u{1f}".chars().collect();
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 100) as usize;
            let s: String = (0..len)
                .map(|k| {
                    let r = (x >> (k % 53)) as usize + k * 13;
                    if r.is_multiple_of(23) {
                        dirty[r / 23 % dirty.len()]
                    } else {
                        clean[r % clean.len()]
                    }
                })
                .collect();
            same(&s);
        }
    }

    #[test]
    fn the_byte_test_is_exact() {
        let needs = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
        for b in 0..=255u8 {
            for at in 0..8 {
                for fill in [b'a', 0x80, 0xe4, 0xff, 0x20, 0x21, 0x23, 0x5b, 0x5d] {
                    let mut w = [fill; 8];
                    w[at] = b;
                    assert_eq!(escape_bits(u64::from_le_bytes(w)) != 0, needs(b), "{w:?}");
                }
            }
        }
    }

    /// The integers as `to_string` writes them: every power of ten and its neighbours, the
    /// extremes, and pseudo-random values of every length.
    #[test]
    fn integers_write_as_to_string_does() {
        let same_u = |u: u64| {
            let mut out = Vec::new();
            write_uint(&mut out, u);
            assert_eq!(String::from_utf8(out).unwrap(), u.to_string());
        };
        let same_i = |i: i64| {
            let mut out = Vec::new();
            write_int(&mut out, i);
            assert_eq!(String::from_utf8(out).unwrap(), i.to_string());
        };
        for u in 0..100_000 {
            same_u(u);
            same_i(u as i64);
            same_i(-(u as i64));
        }
        let mut p: u64 = 1;
        loop {
            for u in [p - 1, p, p + 1, 2 * p, 9 * p, 1_000_000_000_000_000] {
                same_u(u);
                same_i(u as i64);
                same_i(-(u as i64));
            }
            match p.checked_mul(10) {
                Some(q) if q < u64::MAX / 10 => p = q,
                _ => break,
            }
        }
        for u in [
            u64::MAX,
            u64::MAX - 1,
            i64::MAX as u64,
            9_000_000_000_000_000,
        ] {
            same_u(u);
        }
        for i in [
            i64::MIN,
            i64::MIN + 1,
            i64::MAX,
            8_999_999_999_999_999,
            -8_999_999_999_999_999,
        ] {
            same_i(i);
        }
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for k in 0..100_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let u = x >> (k % 64);
            same_u(u);
            same_i(u as i64);
        }
    }

    fn fact() -> Fact {
        let mut f = crate::output::tests::fact();
        f.doc = "jiangmen-2023".into();
        f.region = None;
        f
    }

    /// Facts with every optional field on and off, and values of every form.
    #[test]
    fn facts_write_as_serde_json_does() {
        let same = |f: &Fact| {
            let mut ours = Vec::new();
            write_fact(&mut ours, f);
            let theirs = serde_json::to_vec(f).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(theirs).unwrap()
            );
        };
        let values = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            3.3,
            -0.8,
            1e-7,
            0.1 + 0.2,
            6.5,
            377341000000.0,
            8.9e15,
            9.0e15,
            -9.5e15,
            1e16,
            1.5e300,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            i64::MAX as f64,
        ];
        for (k, &v) in values.iter().enumerate() {
            let mut f = fact();
            f.value = v;
            same(&f);
            f.upper = Some(values[(k + 3) % values.len()]);
            f.bound = Bound::Range;
            same(&f);
            f.kind = Kind::Target;
            f.measure = [Measure::Growth, Measure::Pp, Measure::Share, Measure::Rank][k % 4];
            f.since = Some(2021 - k as i32 * 1000);
            f.period = -(k as i32);
            f.average = k % 2 == 0;
            f.stretch = k % 3 == 0;
            f.scope = Some("全省".into());
            f.section = "一、过去五年工作回顾 › （二）\"产业\"\\升级".into();
            f.indicator = Some("gdp".into());
            f.region = Some("江门市".into());
            f.note = (k % 2 == 1).then(|| "why\n\t\u{1}".into());
            f.line_start = usize::MAX;
            f.line_end = 0;
            f.offset = k * 1_000_003;
            same(&f);
        }
        for b in Bound::ALL {
            let mut f = fact();
            f.bound = *b;
            f.quote = "tab\there \"q\" 🎉 \u{7f}".into();
            f.subject = String::new();
            f.doc = "a\\b/c".into();
            same(&f);
        }
    }
}
