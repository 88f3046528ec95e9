//! Fuzz target: any bytes through decoding and extraction. Nothing may panic, and every fact
//! must keep the promises of `tests/data/spec/facts.md`: its quote is an exact substring of the
//! report with line breaks removed, at its offset, and its lines exist.
//!
//! Run from the repository root: `cargo +nightly fuzz run extract`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let from_bytes = zhibiao_core::extract_bytes("fuzz", data);
    let Ok(decoded) = zhibiao_core::decode::decode(data) else {
        assert!(
            from_bytes.is_err(),
            "decode failed but extract_bytes did not"
        );
        return;
    };
    let extraction = from_bytes.expect("decode succeeded but extract_bytes failed");
    assert!(!decoded.text.contains('\r'));
    let joined: Vec<char> = decoded.text.chars().filter(|&c| c != '\n').collect();
    let lines = decoded.text.lines().count().max(1);
    for fact in &extraction.facts {
        assert!(!fact.quote.is_empty(), "empty quote: {fact:?}");
        let quote: Vec<char> = fact.quote.chars().collect();
        let at = joined.get(fact.offset..fact.offset + quote.len());
        assert_eq!(at, Some(&quote[..]), "quote not at its offset: {fact:?}");
        assert!(fact.value.is_finite(), "value not finite: {fact:?}");
        assert!(
            fact.line_start >= 1 && fact.line_start <= fact.line_end,
            "{fact:?}"
        );
        assert!(fact.line_end <= lines + 1, "line past the end: {fact:?}");
    }
});
