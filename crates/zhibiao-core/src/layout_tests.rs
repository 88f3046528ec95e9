use super::*;
use proptest::prelude::*;

proptest! {
    /// The one pass folds as `fold_text` does, and its UTF-8 and offsets agree with it.
    #[test]
    fn one_pass_folds_as_fold_text(text in "[0-9０-９,，\n。a-zＡ％．：:()（）\u{3000} 年增长亿元]{0,40}") {
        let l = layout(&text);
        let joined: Vec<char> = text.chars().filter(|&c| c != '\n').collect();
        prop_assert_eq!(&l.joined, &joined);
        prop_assert_eq!(&l.folded, &crate::decode::fold_text(&joined));
        let folded = crate::chars::string(&l.folded);
        prop_assert_eq!(l.folded_str(0, l.folded.len()), folded.as_str());
        for i in 0..=l.folded.len() {
            prop_assert_eq!(l.folded_str(0, i), crate::chars::string(&l.folded[..i]));
        }
        prop_assert_eq!(l.lines(), text.split('\n').count());
    }
}

/// `layout` as it was before `decode_line` (the joined chars by `extend`, every line folded,
/// the offsets from the folded chars), kept to compare with.
fn layout_simple(text: &str) -> Layout {
    let bytes = text.as_bytes();
    let mut joined: Vec<char> = Vec::new();
    let mut lines = Vec::new();
    let mut line_starts = Vec::new();
    let mut spans = Vec::new();
    let mut from = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        let start = joined.len();
        line_starts.push(start);
        joined.extend(text[from..end].chars());
        lines.push(Line {
            start,
            end: joined.len(),
        });
        spans.push((from, end));
        from = end + 1;
    }
    let mut folded = joined.clone();
    let mut folded_text = String::new();
    for (line, &(from, to)) in lines.iter().zip(&spans) {
        let mut same = true;
        for k in line.start..line.end {
            let c = joined[k];
            let mut fc = fold_char(c);
            if fc == ',' && !thousands_comma(k.checked_sub(1).map(|p| folded[p]), &joined[k + 1..])
            {
                fc = '，';
            }
            if fc != c {
                folded[k] = fc;
                same = false;
            }
        }
        if same {
            folded_text.push_str(&text[from..to]);
            continue;
        }
        folded_text.extend(&folded[line.start..line.end]);
    }
    let mut folded_bytes = Vec::new();
    let mut at = 0;
    for c in &folded {
        folded_bytes.push(at);
        at += c.len_utf8();
    }
    folded_bytes.push(at);
    let paragraphs = paragraphs(&folded, &lines, |s, e| {
        &folded_text[folded_bytes[s]..folded_bytes[e]]
    });
    Layout {
        joined,
        folded,
        folded_text,
        folded_bytes,
        line_starts,
        paragraphs,
    }
}

/// Pseudo-random texts over line breaks, chars of one to four bytes, chars that fold (and
/// the `,` of a thousands separator) and chars that look like them but do not.
fn texts() -> Vec<String> {
    let alphabet: Vec<char> =
        "\n\n\n年增长亿元一、。，,,;:?!()（）０１９0123456789％%．.\u{3000} \u{feff}é😀：；ＡｚＺ～＝＋－／ぁ\u{4dff}\u{9fff}\u{a000}\u{ff5f}\u{ff04}"
            .chars()
            .collect();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..20_000)
        .map(|_| {
            crate::chars::random_string(&mut x, 60, |y| {
                alphabet[(y % alphabet.len() as u64) as usize]
            })
        })
        .collect()
}

#[test]
fn layout_is_the_simple_layout() {
    let mut texts = texts();
    // Long lines and many of them: the column layout and its paragraphs.
    texts.push(
        "过去一年，面对风高浪急的国际环境\n和艰巨繁重的改革发展稳定任务，市政府\n".repeat(12),
    );
    texts.push(std::fs::read_to_string("../../tests/data/jiangmen-2023.txt").unwrap());
    for text in &texts {
        let (a, b) = (layout(text), layout_simple(text));
        assert_eq!(a.joined, b.joined, "{text:?}");
        assert_eq!(a.folded, b.folded, "{text:?}");
        assert_eq!(a.folded_text, b.folded_text, "{text:?}");
        assert_eq!(a.folded_bytes, b.folded_bytes, "{text:?}");
        assert_eq!(a.line_starts, b.line_starts, "{text:?}");
        assert_eq!(a.paragraphs, b.paragraphs, "{text:?}");
    }
}

#[test]
fn decode_line_is_chars_and_char_indices() {
    for text in texts() {
        for line in text.split('\n') {
            let n = line.chars().count();
            // Something before, and room for exactly the line's chars.
            let mut joined = vec!['x'; 3];
            joined.reserve_exact(n);
            let mut folded = vec!['y'; 3];
            folded.reserve_exact(n);
            let mut offsets = vec![7usize; 3];
            offsets.reserve_exact(n);
            let fold = decode_line(line, 100, (&mut joined, &mut folded), &mut offsets);
            let mut want: Vec<char> = vec!['x'; 3];
            want.extend(line.chars());
            assert_eq!(joined, want, "{line:?}");
            let mut want: Vec<char> = vec!['y'; 3];
            want.extend(line.chars());
            assert_eq!(folded, want, "{line:?}");
            let mut want: Vec<usize> = vec![7; 3];
            want.extend(line.char_indices().map(|(i, _)| 100 + i));
            assert_eq!(offsets, want, "{line:?}");
            assert_eq!(fold, line.chars().any(may_fold), "{line:?}");
        }
    }
}

#[test]
#[should_panic(expected = "no room")]
fn decode_line_without_room_panics() {
    let mut joined = Vec::with_capacity(1);
    let mut folded = Vec::with_capacity(8);
    let mut offsets = Vec::with_capacity(8);
    decode_line(
        "一二三四五六七八九十",
        0,
        (&mut joined, &mut folded),
        &mut offsets,
    );
}

#[test]
#[should_panic(expected = "no room")]
fn decode_line_without_room_for_the_folded_chars_panics() {
    let mut joined = Vec::with_capacity(8);
    let mut folded = Vec::with_capacity(2);
    let mut offsets = Vec::with_capacity(8);
    decode_line("一二三四五", 0, (&mut joined, &mut folded), &mut offsets);
}

#[test]
fn may_fold_is_every_char_that_folds_and_the_comma() {
    for c in (0..=0x10ffff).filter_map(char::from_u32) {
        assert_eq!(may_fold(c), fold_char(c) != c || c == ',', "{c:?}");
    }
}

#[test]
fn column_breaks_inside_words_are_joined() {
    let text = "过去一年，面对风高浪急的国际环境\n和艰巨繁重的改革发展稳定任务，市政府\n坚持以习近平新时代中国特色社会主义\n思想为指导，全面学习、全面把握、全面落\n实党的二十大精神，推进重大工\n\n程扎实推进，实现地区生产总值\n3773.41亿元，增长3.3%、排全省第2，为\n建市以来最高排位。多数主要经济指标\n增速高于全省，其中规模以上工业增加值\n增长 3.1%。\n\n一、2022年工作回顾\n\n二、2023年工作安排\n";
    let l = layout(text);
    let joined: String = crate::chars::string(&l.joined);
    assert!(joined.contains("重大工程扎实推进"));
    let body: Vec<String> = l
        .paragraphs
        .iter()
        .filter(|p| p.role == Role::Body)
        .map(|p| l.slice(p.start, p.end))
        .collect();
    assert_eq!(body.len(), 1, "{body:?}");
    assert!(body[0].contains("重大工程扎实推进"));
    let heads: Vec<_> = l
        .paragraphs
        .iter()
        .filter(|p| matches!(p.role, Role::Heading { level: 1 }))
        .collect();
    assert_eq!(heads.len(), 2);
    let at = joined.find("3773.41").unwrap();
    let idx = joined[..at].chars().count();
    assert_eq!(l.line_of(idx), 8);
}

#[test]
fn one_paragraph_a_line_with_furniture() {
    let text = "下载\n打印\n【字号：\n加大\n】\n2026年广西壮族自治区政府工作报告\n来源：广西日报\n时间：2026-02-07\n一、2025年工作回顾\n全区地区生产总值增长5.1%，增速高于预期目标。\n——经济增长稳中有进。规上工业增加值增长7.7%。\n";
    let l = layout(text);
    let roles: Vec<Role> = l.paragraphs.iter().map(|p| p.role).collect();
    assert_eq!(
        roles.iter().filter(|r| **r == Role::Body).count(),
        2,
        "{roles:?}"
    );
    assert!(roles.contains(&Role::Heading { level: 1 }));
    assert_eq!(l.line_of(l.paragraphs.last().unwrap().start), 11);
}

#[test]
fn typical_width_counts_as_the_hash_map_did() {
    fn by_map(lines: &[&(usize, usize)]) -> usize {
        let mut counts = std::collections::HashMap::new();
        for (s, e) in lines {
            *counts.entry(e - s).or_insert(0usize) += 1;
        }
        counts
            .into_iter()
            .max_by_key(|&(len, n)| (n, len))
            .map(|(len, _)| len)
            .unwrap_or(0)
    }
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..20_000 {
        crate::chars::xorshift(&mut x);
        let n = (x % 12) as usize;
        let mut y = x;
        let lines: Vec<(usize, usize)> = (0..n)
            .map(|_| {
                crate::chars::xorshift(&mut y);
                let s = (y % 50) as usize;
                (s, s + (y >> 8) as usize % 6)
            })
            .collect();
        let refs: Vec<&(usize, usize)> = lines.iter().collect();
        assert_eq!(typical_width(&refs), by_map(&refs), "{lines:?}");
    }
}
