//! Character classes and short-word search shared by the stages (CJK ideographs, Chinese
//! digits): one small module that every stage may use and that uses none of them.

/// A CJK unified ideograph (the characters of the reports' words).
pub fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// `haystack.find(word)` for the short phrases read here: a scan of starts, cheaper than
/// building a substring searcher for each of many words.
pub fn find_short(haystack: &str, word: &str) -> Option<usize> {
    let (h, w) = (haystack.as_bytes(), word.as_bytes());
    if w.is_empty() || w.len() > h.len() {
        return None;
    }
    // Candidates are where the word's last byte stands (memchr skips the rest with SIMD; in
    // CJK text a last byte is one of 64 continuation bytes, so few places are checked).
    let k = w.len() - 1;
    memchr::memchr_iter(w[k], &h[k..]).find(|&i| &h[i..i + w.len()] == w)
}

/// `chars.iter().collect::<String>()` in one allocation of the exact size (collecting chars
/// one by one reserves a byte a char, then grows the string twice for CJK text).
pub fn string(chars: &[char]) -> String {
    let mut s = String::with_capacity(chars.iter().map(|c| c.len_utf8()).sum());
    for &c in chars {
        s.push(c);
    }
    s
}
