/// The [`super::with_status`] that tried every position, kept as its reference.
fn with_status_every_position(phrase: &str) -> Option<String> {
    use super::{adverbs, states};
    for (p, _) in phrase.char_indices().skip(1) {
        let mut rest = &phrase[p..];
        if let Some(r) = adverbs().iter().find_map(|a| rest.strip_prefix(a)) {
            rest = r;
        }
        if states().contains(&rest) {
            return Some(format!("{}{rest}", &phrase[..p]));
        }
    }
    None
}

/// The same result on the cases of the reports and on pseudo-random strings (fixed seed)
/// over the chars of the states and adverbs, ASCII and a few others.
#[test]
fn status_as_every_position() {
    for s in [
        "煤矿建成试运转",
        "高铁加快建设",
        "项目全部开工",
        "项目全部建成试运转",
        "先行启动区建设“万亩千亿”大平台",
        "建成",
        "全部建成",
        "a全部建成试运转",
        "项目均已顺利开工",
        "",
    ] {
        assert_eq!(
            super::with_status(s),
            with_status_every_position(s),
            "{s:?}"
        );
    }
    // Whole states and adverbs as well as chars, so that tails that are states are frequent.
    let mut pieces: Vec<String> =
        "建成试运转投产用营通车使开工设落地见效完入加快核准全部相继先后均已顺利a1项目"
            .chars()
            .map(String::from)
            .collect();
    pieces.extend(
        [
            "建成试运转",
            "建成投产",
            "建成",
            "开工建设",
            "开工",
            "落地",
            "投入使用",
            "全部",
            "均已",
            "顺利",
            "已",
            "均",
            "煤矿",
        ]
        .map(String::from),
    );
    let (mut x, mut found) = (0x9e37_79b9_7f4a_7c15u64, 0);
    for _ in 0..100_000 {
        let s = crate::subject::test_strings::lcg_string(&mut x, 8, |r| {
            pieces[r as usize % pieces.len()].as_str()
        });
        found += usize::from(with_status_every_position(&s).is_some());
        assert_eq!(
            super::with_status(&s),
            with_status_every_position(&s),
            "{s:?}"
        );
    }
    assert!(found > 1000, "{found}");
}

/// `CHANGE_VERBS` and `MERGE_VERBS` as chars hold the words `phrase_after` compared decoded
/// before, and a slice of chars equals one exactly when the chars spell that word.
#[test]
fn verb_chars_match_the_former_words() {
    use super::{CHANGE_VERBS, MERGE_VERBS};
    let change = [
        "增加", "增长", "提高", "提升", "下降", "减少", "上升", "达到", "增至", "降至", "缩小",
    ];
    let merge = [
        "整合", "合并", "压减", "精简", "缩减", "减少", "优化", "调整", "拓展", "扩展",
    ];
    for (words, chars) in [
        (&change[..], &CHANGE_VERBS[..]),
        (&merge[..], &MERGE_VERBS[..]),
    ] {
        let spelled: Vec<String> = chars.iter().map(|w| w.iter().collect()).collect();
        assert_eq!(spelled, words);
        // Every slice of up to three chars of the words' chars (and one other): the test as it
        // was and as it is agree.
        let mut alphabet: Vec<char> = words.iter().flat_map(|w| w.chars()).collect();
        alphabet.push('的');
        alphabet.sort_unstable();
        alphabet.dedup();
        let mut slices: Vec<Vec<char>> = vec![vec![]];
        for _ in 0..3 {
            let longer: Vec<Vec<char>> = slices
                .iter()
                .filter(|s| s.len() < 2)
                .flat_map(|s| alphabet.iter().map(move |&c| [&s[..], &[c]].concat()))
                .collect();
            slices.extend(longer);
            slices.sort();
            slices.dedup();
        }
        for s in &slices {
            let before = words.iter().any(|w| w.chars().eq(s.iter().copied()));
            let now = chars.iter().any(|w| w[..] == s[..]);
            assert_eq!(before, now, "{s:?}");
        }
    }
}
