//! Properties that hold for any input: no panic; every quote is the joined text at its offset;
//! every line range holds its quote.

use proptest::prelude::*;

/// Text made of report-like pieces, so that the generator reaches numbers, units and qualifiers
/// often, mixed with arbitrary characters and line breaks.
fn reportish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("地区生产总值".to_string()),
        Just("增长".to_string()),
        Just("下降".to_string()),
        Just("力争".to_string()),
        Just("以上".to_string()),
        Just("左右".to_string()),
        Just("分别".to_string()),
        Just("均".to_string()),
        Just("排全省第".to_string()),
        Just("亿元".to_string()),
        Just("万亩".to_string()),
        Just("个百分点".to_string()),
        Just("%".to_string()),
        Just("—".to_string()),
        Just("，".to_string()),
        Just("、".to_string()),
        Just("。".to_string()),
        Just("\n".to_string()),
        Just("一、2023年工作安排\n".to_string()),
        Just("过去五年".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        "[0-9.]{1,6}",
        "[一二两三十百千万亿点]{1,4}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn check(text: &str) {
    let out = zhibiao_core::extract("p", text);
    let lines: Vec<&str> = text.split('\n').collect();
    let joined: Vec<char> = text.chars().filter(|&c| c != '\n').collect();
    for f in &out.facts {
        let q: Vec<char> = f.quote.chars().collect();
        assert!(f.offset + q.len() <= joined.len());
        assert_eq!(&joined[f.offset..f.offset + q.len()], &q[..]);
        assert!(f.line_start >= 1 && f.line_start <= f.line_end && f.line_end <= lines.len());
        let span: String = lines[f.line_start - 1..f.line_end].concat();
        assert!(
            span.contains(&f.quote),
            "lines {}-{} miss {:?}",
            f.line_start,
            f.line_end,
            f.quote
        );
        assert!(f.value.is_finite());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_unicode_never_panics(s in any::<String>()) {
        check(&s);
    }

    #[test]
    fn report_like_text_keeps_quotes_and_lines(s in reportish()) {
        check(&s);
    }

    #[test]
    fn any_bytes_never_panic(b in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(x) = zhibiao_core::extract_bytes("p", &b) {
            prop_assert!(x.facts.iter().all(|f| f.value.is_finite()));
        }
    }
}
