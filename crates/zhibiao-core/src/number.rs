//! Stage 5a, numbers: numerals in width-folded text — Arabic, Chinese and mixed.

/// A numeral found in width-folded text: chars `start..end`, its value with any magnitude
/// word (万, 亿, 万亿, 千, 百) that is part of it applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Numeral {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// Written (at least partly) in Chinese numerals (三千五百, 两, 十).
    pub chinese: bool,
    /// Ends in a magnitude word (1.5万, 3773.41亿, 千亿).
    pub magnitude: bool,
}

/// The longest numeral starting exactly at `start` in width-folded `chars`, if any.
pub fn numeral_at(chars: &[char], start: usize) -> Option<Numeral> {
    // Placeholder: plain Arabic decimals only, until the full recogniser lands.
    let mut end = start;
    while end < chars.len() && (chars[end].is_ascii_digit() || (chars[end] == '.' && end > start)) {
        end += 1;
    }
    if end == start {
        return None;
    }
    let s: String = chars[start..end].iter().collect();
    let value = s.trim_end_matches('.').parse().ok()?;
    Some(Numeral { start, end, value, chinese: false, magnitude: false })
}
