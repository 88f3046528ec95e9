//! Stage 1, decode: bytes → text.
//!
//! Detects the encoding (BOM, UTF-8, UTF-16, GB18030/GBK), refuses binary input, and normalises
//! line ends to `\n`. [`fold_text`] gives a width-folded view of the text with the same number
//! of chars, so that later stages read `３．３％` as `3.3%` while quotes stay exact.
//!
//! How [`decode`] reads bytes, in order:
//!
//! 1. no bytes → [`Error::Empty`];
//! 2. a known binary magic number (PDF, ZIP/DOCX, PNG, JPEG, ELF, …) → [`Error::Binary`] naming it;
//! 3. a byte-order mark → UTF-8, UTF-16LE or UTF-16BE, as the mark says;
//! 4. NUL bytes → UTF-16 without a mark when the NULs stand (nearly) all at odd (LE) or all at
//!    even (BE) positions and the bytes decode cleanly, [`Error::Binary`] otherwise;
//! 5. many control characters in the first 64 KiB → [`Error::Binary`];
//! 6. valid UTF-8 → UTF-8;
//! 7. otherwise a legacy Chinese encoding: `chardetng` looks at the first 64 KiB; Big5 is tried
//!    first when it says Big5, then GB18030 (a superset of GBK and GB2312). Bytes that are UTF-8
//!    but for a few bad sequences are not re-read as GB18030 (that would "succeed" with
//!    mojibake): they give [`Error::Undecodable`] with the offset of the first bad byte.
//!
//! Finally a text that is only white space gives [`Error::Empty`], and CRLF and lone CR become
//! `\n`. The text is copied at most once after decoding, and only when it holds a CR.

use crate::Error;
use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE};
use std::borrow::Cow;

/// How many leading bytes the sniffing steps (control characters, chardetng, UTF-16 without a
/// mark) look at: enough to judge a report, and cheap on a 200 MB file.
const SNIFF_LEN: usize = 64 * 1024;

/// Decoded text and how it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, line ends normalised to `\n`, BOM removed.
    pub text: String,
    /// Name of the encoding the bytes were read as (`UTF-8`, `UTF-16LE`, `GB18030`, …).
    pub encoding: &'static str,
    /// Whether the input began with a byte-order mark.
    pub bom: bool,
}

/// Decodes a report's bytes. Never panics; see the module documentation for the rules.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Error> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    if let Some(what) = sniff_magic(bytes) {
        return Err(Error::Binary { what });
    }
    let (text, encoding, bom): (Cow<'_, str>, &'static str, bool) =
        if let Some(rest) = bytes.strip_prefix(b"\xef\xbb\xbf") {
            (Cow::Borrowed(decode_utf8(rest, 3)?), "UTF-8", true)
        } else if let Some(rest) = bytes.strip_prefix(b"\xff\xfe") {
            (decode_strict(UTF_16LE, rest, 2)?, "UTF-16LE", true)
        } else if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
            (decode_strict(UTF_16BE, rest, 2)?, "UTF-16BE", true)
        } else if let Some(nul) = memchr::memchr(0, bytes) {
            match utf16_without_bom(bytes) {
                Some((text, name)) => (text, name, false),
                None => {
                    return Err(Error::Binary {
                        what: format!("NUL byte at byte {nul}"),
                    })
                }
            }
        } else {
            check_controls(bytes)?;
            match from_utf8(bytes) {
                Ok(s) => (Cow::Borrowed(s), "UTF-8", false),
                Err(e) => {
                    let (text, name) = decode_legacy(bytes, e.valid_up_to())?;
                    (text, name, false)
                }
            }
        };
    // Text read through a BOM or as UTF-16 has not been checked for binary content yet.
    if bom || encoding.starts_with("UTF-16") {
        check_decoded(&text)?;
    }
    if text.trim().is_empty() {
        return Err(Error::Empty);
    }
    Ok(Decoded {
        text: normalise_line_ends(text),
        encoding,
        bom,
    })
}

/// Validates UTF-8; `base` is added to the error offset (the length of a stripped BOM).
fn decode_utf8(bytes: &[u8], base: usize) -> Result<&str, Error> {
    from_utf8(bytes).map_err(|e| Error::Undecodable {
        encoding: "UTF-8".into(),
        offset: base + e.valid_up_to(),
    })
}

/// `std::str::from_utf8`, validated with SIMD first (simdutf8): std's error, with its
/// `valid_up_to`, only for bytes that are not UTF-8.
fn from_utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(_) => std::str::from_utf8(bytes),
    }
}

/// Decodes with no replacement characters; on failure, finds the offset of the first bad byte.
fn decode_strict<'a>(
    encoding: &'static Encoding,
    bytes: &'a [u8],
    base: usize,
) -> Result<Cow<'a, str>, Error> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or_else(|| Error::Undecodable {
            encoding: display_name(encoding).to_string(),
            offset: base + first_malformed(encoding, bytes),
        })
}

/// Byte offset of the first malformed sequence of `bytes` in `encoding` (`bytes.len()` if none).
fn first_malformed(encoding: &'static Encoding, bytes: &[u8]) -> usize {
    use encoding_rs::DecoderResult;
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut buf = String::with_capacity(8192);
    let mut consumed = 0;
    loop {
        buf.clear();
        let (result, read) =
            decoder.decode_to_string_without_replacement(&bytes[consumed..], &mut buf, true);
        consumed += read;
        match result {
            DecoderResult::InputEmpty => return bytes.len(),
            DecoderResult::OutputFull => {
                if read == 0 {
                    // Cannot happen with a non-empty buffer, but never loop for ever.
                    return consumed;
                }
            }
            DecoderResult::Malformed(bad, after) => {
                return consumed.saturating_sub(bad as usize + after as usize);
            }
        }
    }
}

/// Reads bytes that hold NULs and no BOM as UTF-16 when the NULs stand nearly all on one side of
/// the code units (the high byte of ASCII characters) and the whole input decodes cleanly to
/// text with no NUL and few control characters.
fn utf16_without_bom(bytes: &[u8]) -> Option<(Cow<'_, str>, &'static str)> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, &b) in head.iter().enumerate() {
        if b == 0 {
            if i % 2 == 0 {
                even += 1;
            } else {
                odd += 1;
            }
        }
    }
    // In UTF-16LE text the high byte of every ASCII character (odd positions) is NUL; a CJK
    // character whose low byte is 0 (一 U+4E00) puts a few NULs at even positions too.
    let encoding = if odd >= 2 && even * 8 <= odd {
        UTF_16LE
    } else if even >= 2 && odd * 8 <= even {
        UTF_16BE
    } else {
        return None;
    };
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let text = encoding.decode_without_bom_handling_and_without_replacement(bytes)?;
    check_decoded(&text).ok()?;
    Some((text, display_name(encoding)))
}

/// The name of an encoding as this crate reports it (`GB18030`, not encoding_rs's `gb18030`).
fn display_name(encoding: &'static Encoding) -> &'static str {
    if encoding == GB18030 {
        "GB18030"
    } else {
        encoding.name()
    }
}

/// Whether a char is a control character that text reports do not hold (tab, line feed,
/// carriage return, form feed and vertical tab are fine).
fn is_odd_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0b' | '\x0c')
}

/// "Many" control characters: more than 8 and more than 1 in 100 of the characters looked at.
fn too_many(controls: usize, looked_at: usize) -> bool {
    controls > 8 && controls * 100 > looked_at
}

/// Refuses bytes of an ASCII-compatible encoding with many C0 control bytes in their head (in
/// UTF-8 and GB18030 such bytes only ever stand for themselves).
fn check_controls(bytes: &[u8]) -> Result<(), Error> {
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    // is_odd_control for one byte, without branches, so that the count runs on vectors.
    let odd = |b: u8| (b < 0x20 || b == 0x7f) && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    // Counted in u8 over chunks of 255 bytes (no overflow), which the compiler vectorises.
    let controls: usize = head
        .chunks(255)
        .map(|chunk| usize::from(chunk.iter().fold(0u8, |n, &b| n + u8::from(odd(b)))))
        .sum();
    if too_many(controls, head.len()) {
        return Err(Error::Binary {
            what: format!(
                "{controls} control characters in the first {} bytes",
                head.len()
            ),
        });
    }
    Ok(())
}

/// Refuses decoded text (read through a BOM or as UTF-16) holding NULs or many control
/// characters near its start.
fn check_decoded(text: &str) -> Result<(), Error> {
    let mut looked_at = 0;
    let mut controls = 0;
    for c in text.chars().take(SNIFF_LEN) {
        looked_at += 1;
        if c == '\0' {
            return Err(Error::Binary {
                what: format!("NUL character at character {}", looked_at - 1),
            });
        }
        if is_odd_control(c) {
            controls += 1;
        }
    }
    if too_many(controls, looked_at) {
        return Err(Error::Binary {
            what: format!("{controls} control characters in the first {looked_at} characters"),
        });
    }
    if text.len() > SNIFF_LEN && text.contains('\0') {
        return Err(Error::Binary {
            what: "NUL characters".into(),
        });
    }
    Ok(())
}

/// Reads bytes that are not UTF-8 as a legacy Chinese encoding. `utf8_valid` is how many
/// leading bytes are valid UTF-8.
fn decode_legacy(bytes: &[u8], utf8_valid: usize) -> Result<(Cow<'_, str>, &'static str), Error> {
    if mostly_utf8(bytes) {
        return Err(Error::Undecodable {
            encoding: "UTF-8".into(),
            offset: utf8_valid,
        });
    }
    let head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(head, head.len() == bytes.len());
    // The `cn` hint makes chardetng favour GBK when the evidence is thin (short texts).
    let guess = detector.guess(Some(b"cn"), false);
    if guess == BIG5 {
        if let Some(text) = BIG5.decode_without_bom_handling_and_without_replacement(bytes) {
            return Ok((text, "Big5"));
        }
    }
    let text = decode_strict(GB18030, bytes, 0)?;
    Ok((text, "GB18030"))
}

/// Whether the head of `bytes` looks like UTF-8 with a few bad sequences: many valid multi-byte
/// characters for each invalid sequence. (GBK text gives about one valid-looking pair for ten
/// invalid ones.)
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut head = &bytes[..bytes.len().min(SNIFF_LEN)];
    let (mut good, mut bad) = (0usize, 0usize);
    loop {
        match std::str::from_utf8(head) {
            Ok(s) => {
                good += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(e) => {
                let valid = &head[..e.valid_up_to()];
                good += std::str::from_utf8(valid)
                    .map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                match e.error_len() {
                    Some(n) => {
                        bad += 1;
                        head = &head[e.valid_up_to() + n..];
                    }
                    // A sequence cut by the end of the head: not evidence either way.
                    None => break,
                }
            }
        }
    }
    good >= 8 && good >= 4 * bad
}

/// Names a binary format from its magic number, if the bytes begin with one.
fn sniff_magic(bytes: &[u8]) -> Option<String> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    let what = if starts(b"%PDF-") {
        "a PDF file"
    } else if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") || starts(b"PK\x07\x08") {
        let head = &bytes[..bytes.len().min(SNIFF_LEN)];
        let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
        if has(b"word/") {
            "a DOCX (Word) file"
        } else if has(b"xl/") {
            "an XLSX (Excel) file"
        } else if has(b"ppt/") {
            "a PPTX (PowerPoint) file"
        } else if has(b"application/vnd.oasis.opendocument") {
            "an OpenDocument file"
        } else {
            "a ZIP archive"
        }
    } else if starts(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        "a legacy Office file (DOC/XLS/PPT)"
    } else if starts(b"{\\rtf") {
        "an RTF document"
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        "a PNG image"
    } else if starts(b"\xff\xd8\xff") {
        "a JPEG image"
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        "a GIF image"
    } else if starts(b"II*\0") || starts(b"MM\0*") {
        "a TIFF image"
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        "a WebP image"
    } else if starts(b"\x7fELF") {
        "an ELF executable"
    } else if starts(b"MZ") && bytes.get(..256).unwrap_or(bytes).contains(&0) {
        "a Windows executable"
    } else if starts(b"\xcf\xfa\xed\xfe")
        || starts(b"\xfe\xed\xfa\xcf")
        || starts(b"\xca\xfe\xba\xbe")
    {
        "a Mach-O executable or Java class"
    } else if starts(b"\0asm") {
        "a WebAssembly module"
    } else if starts(b"\x1f\x8b") {
        "a gzip archive"
    } else if starts(b"BZh")
        && bytes.get(3).is_some_and(u8::is_ascii_digit)
        && bytes.len() > 10
        && bytes[4..10] == *b"1AY&SY"
    {
        "a bzip2 archive"
    } else if starts(b"\xfd7zXZ\0") {
        "an xz archive"
    } else if starts(b"\x28\xb5\x2f\xfd") {
        "a zstd archive"
    } else if starts(b"7z\xbc\xaf\x27\x1c") {
        "a 7z archive"
    } else if starts(b"Rar!\x1a\x07") {
        "a RAR archive"
    } else if starts(b"SQLite format 3\0") {
        "an SQLite database"
    } else if starts(b"%!PS") {
        "a PostScript file"
    } else {
        return None;
    };
    Some(what.to_string())
}

/// Turns CRLF and lone CR into `\n`, copying only when there is a CR.
fn normalise_line_ends(text: Cow<'_, str>) -> String {
    if !text.contains('\r') {
        return text.into_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(i) = rest.find('\r') {
        out.push_str(&rest[..i]);
        out.push('\n');
        rest = &rest[i + 1..];
        if let Some(r) = rest.strip_prefix('\n') {
            rest = r;
        }
    }
    out.push_str(rest);
    out
}

/// Width-folds one character: full-width digits, letters and `％．＋－／` to ASCII; ASCII
/// `; : ? ! ( )` to their Chinese forms; the ideographic space to a space.
#[inline]
pub fn fold_char(c: char) -> char {
    // Ideographs, most of a report, are their own fold.
    if crate::chars::is_cjk(c) {
        return c;
    }
    match c {
        '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}' => {
            char::from_u32(c as u32 - 0xfee0).unwrap_or(c)
        }
        '％' => '%',
        '．' => '.',
        '＋' => '+',
        '－' => '-',
        '／' => '/',
        '～' => '~',
        '＜' => '<',
        '＞' => '>',
        '＝' => '=',
        ';' => '；',
        ':' => '：',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Width-folds a text, char for char (the result has exactly as many chars as the input).
/// An ASCII `,` stays a `,` between digits when three digits follow (a thousands separator)
/// and becomes `，` elsewhere.
pub fn fold_text(chars: &[char]) -> Vec<char> {
    // [`crate::layout::layout`] folds as this does, line by line over the joined chars (with
    // [`thousands_comma`]); a change here is a change there.
    let mut out: Vec<char> = chars.iter().map(|&c| fold_char(c)).collect();
    for i in 0..out.len() {
        if out[i] == ',' {
            let before = i > 0 && out[i - 1].is_ascii_digit();
            let after = out.len() >= i + 4
                && out[i + 1..i + 4].iter().all(|c| c.is_ascii_digit())
                && out.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
            if !(before && after) {
                out[i] = '，';
            }
        }
    }
    out
}

/// Whether an ASCII `,` after the folded char `before` and before the chars `after` (of the
/// joined text, which has no `\n`) stays a thousands separator: a digit before it, three digits
/// after it and no fourth, as [`fold_text`] decides.
pub fn thousands_comma(before: Option<char>, after: &[char]) -> bool {
    if !before.is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    let mut after = after.iter().map(|&c| fold_char(c));
    (0..3).all(|_| after.next().is_some_and(|c| c.is_ascii_digit()))
        && after.next().is_none_or(|c| !c.is_ascii_digit())
}

#[cfg(test)]
mod tests;
