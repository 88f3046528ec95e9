//! Stage 1, decode: bytes → text.
//!
//! Detects the encoding (BOM, UTF-8, UTF-16, GB18030/GBK), refuses binary input, and normalises
//! line ends to `\n`. [`fold_text`] gives a width-folded view of the text with the same number
//! of chars, so that later stages read `３．３％` as `3.3%` while quotes stay exact.

use crate::Error;

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

/// Decodes a report's bytes.
pub fn decode(bytes: &[u8]) -> Result<Decoded, Error> {
    // Placeholder until the detecting decoder lands: UTF-8 only.
    let text = std::str::from_utf8(bytes).map_err(|e| Error::Undecodable {
        encoding: "UTF-8".into(),
        offset: e.valid_up_to(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Error::Empty);
    }
    Ok(Decoded {
        text: text.replace("\r\n", "\n").replace('\r', "\n"),
        encoding: "UTF-8",
        bom: bytes.starts_with(b"\xef\xbb\xbf"),
    })
}

/// Width-folds one character: full-width digits, letters and `％．＋－／` to ASCII; ASCII
/// `; : ? ! ( )` to their Chinese forms; the ideographic space to a space.
pub fn fold_char(c: char) -> char {
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
