//! Tests of `clean.rs`: its faster steps against the former ones, kept here as references.

/// The [`super::take_quoted_label`] without the test for a “ first, kept as its reference.
fn take_quoted_label_before(s: &mut String) {
    // 电动汽车、锂电池、光伏产品“新三样”出口: a list named by a quoted label is the label.
    if let Some(last) = s.rfind('、') {
        if let Some(q) = s[last..].find('“').map(|q| last + q) {
            let head = &s[last + '、'.len_utf8()..q];
            // (Not 起数、死亡人数较“十三五”同期: a period compared with.)
            let compared = head.ends_with(['较', '比']);
            if !head.is_empty()
                && !head.ends_with('等')
                && !compared
                && crate::chars::find_short(&s[q..], "”").is_some()
            {
                *s = s[q..].to_string();
            }
        }
    }
}

/// The same label as the reference on pseudo-random strings of its chars.
#[test]
fn quoted_label_as_before() {
    let chars: Vec<char> = "、“”\"等较比新三样产品a".chars().collect();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..50_000 {
        let s = crate::chars::random_string(&mut x, 16, |r| chars[r as usize % chars.len()]);
        let (new, mut old) = (super::take_quoted_label(&s).to_string(), s.clone());
        take_quoted_label_before(&mut old);
        assert_eq!(new, old, "{s:?}");
    }
}

/// The [`super::drop_duration_and_comparison`] that searched back for 由/从 before it
/// looked at the 末 at the end, kept as its reference.
fn drop_duration_and_comparison_before(s: &mut String) {
    // 粮食产量连年 / 多年来: how long, not what.
    for w in ["连续多年", "连年", "多年来", "多年"] {
        if let Some(head) = s.strip_suffix(w).filter(|h| h.chars().count() >= 2) {
            *s = head.to_string();
        }
    }
    // 高新技术企业数3年 (翻一番): the years a change took are its span, not its subject.
    if let Some(head) = s.strip_suffix('年') {
        if crate::span::years_ending(head).is_some() {
            let n = head
                .chars()
                .rev()
                .take_while(|c| crate::chars::is_count_digit(*c))
                .map(char::len_utf8)
                .sum::<usize>();
            if head.chars().count() >= 2 + head[head.len() - n..].chars().count() {
                s.truncate(head.len() - n);
            }
        }
    }
    for w in ["与上年", "与去年", "同比"] {
        if let Some(h) = s.strip_suffix(w).filter(|h| h.chars().count() >= 2) {
            *s = h.to_string();
        }
    }
    // 累计使用外资比“十三五”时期: the comparison after the subject is no part of it.
    // The later of the two (one memrchr2 for both, not a char-by-char scan back).
    if let Some(p) = crate::chars::rfind_either(s, '比', '较') {
        let tail = &s[p..];
        if p > 0
            && tail.chars().count() <= 10
            && ["年", "时期", "同期", "全国", "全省", "平均", "末"]
                .iter()
                .any(|w| crate::chars::find_short(tail, w).is_some())
        {
            s.truncate(p);
        }
    }
    // 国内生产总值由“八五”期末: the start of a 由…增加到 pair, dated by a plan's end.
    if let Some(p) = crate::chars::rfind_either(s, '由', '从') {
        let tail = &s[p..];
        if p > 0
            && tail.chars().count() <= 10
            && tail.ends_with('末')
            && crate::chars::find_short(tail, "五").is_some()
        {
            s.truncate(p);
        }
    }
}

/// The same subject as the reference on pseudo-random strings of the words it cuts and
/// their chars.
#[test]
fn duration_and_comparison_drop_as_before() {
    let words = [
        "连续多年",
        "连年",
        "多年来",
        "多年",
        "年",
        "3",
        "三",
        "两",
        "与上年",
        "与去年",
        "同比",
        "比",
        "较",
        "由",
        "从",
        "“",
        "”",
        "八五",
        "十三五",
        "五",
        "时期",
        "同期",
        "全国",
        "全省",
        "平均",
        "末",
        "期末",
        "产值",
        "企业",
        "数",
    ];
    let chars: Vec<char> = words.iter().flat_map(|w| w.chars()).collect();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..50_000 {
        let s = crate::chars::random_string(&mut x, 20, |r| chars[r as usize % chars.len()]);
        let new = super::drop_duration_and_comparison(&s).to_string();
        let mut old = s.clone();
        drop_duration_and_comparison_before(&mut old);
        assert_eq!(new, old, "{s:?}");
        let s = crate::chars::random_string(&mut x, 8, |r| words[r as usize % words.len()]);
        let new = super::drop_duration_and_comparison(&s).to_string();
        let mut old = s.clone();
        drop_duration_and_comparison_before(&mut old);
        assert_eq!(new, old, "{s:?}");
    }
}

/// The char-by-char [`super::drop_years`] this one replaced, kept as its reference.
fn drop_years_by_char(seg: &str) -> String {
    let mut out = String::with_capacity(seg.len());
    let mut i = 0;
    while let Some(c) = seg[i..].chars().next() {
        let digits = seg.as_bytes()[i..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 4 && seg[i + 4..].starts_with('年') {
            if out.ends_with(['比', '较', '由', '与', '同', '从', '到', '至']) {
                out.pop();
            }
            i += 4 + '年'.len_utf8();
            while let Some(c) = seg[i..]
                .chars()
                .next()
                .filter(|c| matches!(c, '的' | '末' | '底' | '相' | '比' | '前'))
            {
                i += c.len_utf8();
            }
            continue;
        }
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// The same result on every string over an alphabet of digits, 年 and the words around
/// years (pseudo-random, fixed seed), and on the cases of the reports.
#[test]
fn years_drop_as_char_by_char() {
    for s in [
        "比2010年增长",
        "较2020年末的",
        "2015年2016年",
        "12025年",
        "123456年比前",
        "由2010年的21.6%提高到",
        "年2025",
        "2025",
        "",
    ] {
        assert_eq!(super::drop_years(s), drop_years_by_char(s), "{s:?}");
    }
    let alphabet: Vec<char> = "0123年比较由的末底相前从到至a产值".chars().collect();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..50_000 {
        let s = crate::subject::test_strings::lcg_string(&mut x, 24, |r| {
            // Digits and 年 weighed up, so that years are frequent.
            let k = r as usize % (alphabet.len() + 8);
            if k >= alphabet.len() {
                if k.is_multiple_of(2) {
                    '年'
                } else {
                    char::from(b'0' + (k % 10) as u8)
                }
            } else {
                alphabet[k]
            }
        });
        assert_eq!(super::drop_years(&s), drop_years_by_char(&s), "{s:?}");
    }
}

/// The [`super::drop_rate_base`] that tried its ten suffixes on every subject, kept as its
/// reference.
fn drop_rate_base_every_word(s: &mut String) {
    for _ in 0..2 {
        for w in ["每人每月", "每人每年", "每月", "从", "由"] {
            if let Some(h) = s.strip_suffix(w).filter(|h| h.chars().count() >= 2) {
                *s = h.to_string();
            }
        }
    }
}

/// The [`super::drop_rank_verb`] that tried its twenty suffixes on every subject, kept as its
/// reference.
fn drop_rank_verb_every_word(s: &mut String) {
    let mut t = s.as_str();
    for scope in [
        "全国",
        "国内",
        "全省",
        "省内",
        "全球",
        "世界",
        "全市",
        "全区",
        "全州",
        "全盟",
        "全县",
        "全旗",
        "全自治区",
    ] {
        if let Some(h) = t.strip_suffix(scope) {
            t = h;
            break;
        }
    }
    for verb in ["跻身", "位列", "位居", "稳居", "进入", "名列", "排名"] {
        if let Some(h) = t.strip_suffix(verb).filter(|h| h.chars().count() >= 2) {
            *s = h.to_string();
            break;
        }
    }
}

/// The same subject as the references on pseudo-random strings of the words they cut and of
/// those words' chars (and chars ending in the same UTF-8 bytes).
#[test]
fn rate_base_and_rank_verb_drop_as_before() {
    let words = [
        "每人每月",
        "每人每年",
        "每月",
        "从",
        "由",
        "全国",
        "国内",
        "全省",
        "省内",
        "全球",
        "世界",
        "全市",
        "全区",
        "全州",
        "全盟",
        "全县",
        "全旗",
        "全自治区",
        "跻身",
        "位列",
        "位居",
        "稳居",
        "进入",
        "名列",
        "排名",
        "产值",
        "人",
        "a",
        "年",
        "月",
    ];
    let chars: Vec<char> = words.iter().flat_map(|w| w.chars()).collect();
    let mut x: u64 = 0x51_7cc1_b727_220a;
    for _ in 0..50_000 {
        let s = crate::chars::random_string(&mut x, 12, |r| chars[r as usize % chars.len()]);
        let w = crate::chars::random_string(&mut x, 6, |r| words[r as usize % words.len()]);
        for s in [s, w] {
            let new = super::drop_rate_base(&s).to_string();
            let mut old = s.clone();
            drop_rate_base_every_word(&mut old);
            assert_eq!(new, old, "{s:?}");
            let new = super::drop_rank_verb(&s).to_string();
            let mut old = s.clone();
            drop_rank_verb_every_word(&mut old);
            assert_eq!(new, old, "{s:?}");
        }
    }
}

/// [`super::names_nothing`] compares with the change words only a text of six or nine bytes.
#[test]
fn change_words_are_six_or_nine_bytes() {
    for w in super::change_only() {
        assert!(matches!(w.len(), 6 | 9), "{w}");
        assert!(super::names_nothing(w), "{w}");
    }
}

/// The [`super::take_what_is_reviewed`] that built a new String, kept as its reference.
fn take_what_is_reviewed_before(s: &mut String) {
    if let Some(p) = crate::chars::find_short(s, "审议") {
        let rest = &s[p + "审议".len()..];
        if rest.chars().count() >= 2 {
            *s = if crate::chars::find_short(&s[..p], "提请").is_some() {
                format!("提请审议{rest}")
            } else {
                rest.to_string()
            };
        }
    }
}

/// [`super::clean`] before its strip loop and 审议 step cut the text in place (a copy of what
/// the loop left, a new String after 审议), and before its steps moved the bounds of a slice
/// (each cut a String); its other steps are compared with their former selves above.
fn clean_before(seg: &str) -> String {
    use super::*;
    // Each step that now gives a slice, as the String it cut.
    let cut = |s: &mut String, f: fn(&str) -> &str| *s = f(s).to_string();
    let mut s = drop_runs(drop_years(drop_enumerator(seg.trim()))).into_owned();
    cut(&mut s, drop_rate_base);
    let mut t = s.as_str();
    while let Some(next) = strip_once_str(t) {
        t = next;
    }
    if t.len() != s.len() {
        s = t.to_string();
    }
    if s.starts_with('比') || s.starts_with('较') {
        return String::new();
    }
    let kept = drop_leading_span(&s).len();
    if kept != s.len() {
        s.drain(..s.len() - kept);
    }
    cut(&mut s, drop_rank_verb);
    cut(&mut s, take_quoted_label);
    take_what_is_reviewed_before(&mut s);
    cut(&mut s, drop_duration_and_comparison);
    if names_nothing(&s) {
        return String::new();
    }
    s
}

/// The same subject as before on pseudo-random strings of the lexicon's lead and trail words,
/// 审议 / 提请 and other words of subjects.
#[test]
fn clean_in_place_as_before() {
    let mut words: Vec<&str> = vec![
        "审议",
        "提请",
        "省人大",
        "常委会",
        "草案",
        "地区",
        "生产总值",
        "同比",
        "连年",
        "从",
        "每月",
        "位列",
        "全国",
        "“",
        "”",
        "、",
        "新三样",
        "2020年",
        "比",
        "的",
        " ",
        "a",
        "1.",
    ];
    words.extend(crate::subject::lead().iter().step_by(7).take(40));
    words.extend(crate::subject::trail().iter().step_by(7).take(40));
    let mut x: u64 = 0x7a3d_9c51_e2b4_0f68;
    for _ in 0..100_000 {
        let s = crate::subject::test_strings::lcg_string(&mut x, 8, |r| {
            words[r as usize % words.len()]
        });
        assert_eq!(super::clean(&s), clean_before(&s), "{s:?}");
    }
}
