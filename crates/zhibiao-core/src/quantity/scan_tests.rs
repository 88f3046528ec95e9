//! Tests of `scan.rs`: its faster steps against the former ones, kept here as references.

use super::*;

/// The [`super::fraction`] that asked `starts_with` for 分之 after every Chinese digit, and
/// the [`super::per_part`] that asked it for 百分之 and 千分之 at every char: the references.
fn fraction_before(f: &[char], i: usize, end: usize) -> Option<(Option<Quantity>, usize)> {
    let c = f[i];
    // 三分之一 / 四分之三: a fraction, read as a share in per cent (百分之 and 千分之 are
    // read below).
    if is_cn_digit(c) && c != '百' && c != '千' && c != '万' && starts_with(f, i + 1, "分之") {
        if let (Some(d), Some(n)) = (
            numeral_at(f, i).filter(|d| d.end == i + 1),
            numeral_at(f, i + 3).filter(|n| n.end <= end),
        ) {
            if d.value >= 2.0 && n.value >= 1.0 && n.value < d.value {
                // Unrounded, as 1/3 is below: 三分之一 → 33.333333333333336.
                let v = n.value * 100.0 / d.value;
                return Some((Some(simple(i, n.end, i, v, "%", Sort::Percent)), n.end));
            }
        }
    }
    None
}
fn per_part_before(
    f: &[char],
    i: usize,
    start: usize,
    end: usize,
) -> Option<(Option<Quantity>, usize)> {
    // 百分之六; 千分之六: per mille, kept as written (unit ‰, value 6). Not 进入ESI前千分之一
    // (a threshold that names a group, as 前1% does).
    let per = if starts_with(f, i, "百分之") {
        Some("%")
    } else if starts_with(f, i, "千分之") {
        Some("‰")
    } else {
        None
    };
    if let Some(unit) = per {
        if let Some(p) = numeral_at(f, i + 3).filter(|p| p.end <= end) {
            let top =
                i > start && f[i - 1] == '前' && !(i >= start + 2 && starts_with(f, i - 2, "提前"));
            let mut q = simple(i, p.end, i, p.value, unit, Sort::Percent);
            // 百分之八至百分之十: a range.
            let prefix: String = crate::chars::string(&f[i..i + 3]);
            let mut j = p.end;
            if matches!(f.get(j), Some('-' | '—' | '–' | '~' | '～' | '至' | '到')) {
                j += 1;
                if f.get(j) == Some(&'—') {
                    j += 1;
                }
                let upper = starts_with(f, j, &prefix)
                    .then(|| numeral_at(f, j + 3))
                    .flatten()
                    .filter(|m| m.end <= end && m.value >= p.value);
                if let Some(m) = upper {
                    q = simple(i, m.end, i, p.value, unit, Sort::Percent);
                    q.upper = Some(m.value);
                }
            }
            let next = q.end;
            return Some(((!top).then_some(q), next));
        }
    }
    None
}

/// The same reading as the references at every char of pseudo-random strings of the words'
/// chars, digits and range marks.
#[test]
fn fraction_and_per_part_as_before() {
    const WORDS: [&str; 12] = [
        "百分之",
        "千分之",
        "三分之一",
        "分之",
        "至",
        "—",
        "百分之十",
        "提前",
        "前",
        "五",
        "两",
        "万",
    ];
    let chars: Vec<char> = "百千万分之一二三四五六十两前提至到-—%3.a".chars().collect();
    let mut x: u64 = 0xbb67_ae85_84ca_a73b;
    for _ in 0..50_000 {
        let s = crate::chars::random_string(&mut x, 16, |r| chars[r as usize % chars.len()]);
        // And as often a string of the words themselves.
        crate::chars::xorshift(&mut x);
        let mut y = x;
        let w: String = (0..x % 6)
            .map(|_| WORDS[crate::chars::xorshift(&mut y) as usize % WORDS.len()])
            .collect();
        let s = if x.is_multiple_of(2) { s } else { w };
        let f: Vec<char> = s.chars().collect();
        let n = f.len();
        for start in [0, n / 3] {
            for end in [n, n - n / 4] {
                for i in start..end {
                    assert_eq!(
                        fraction(&f, i, end),
                        fraction_before(&f, i, end),
                        "{s:?} {i}"
                    );
                    assert_eq!(
                        per_part(&f, i, start, end),
                        per_part_before(&f, i, start, end),
                        "{s:?} {i}"
                    );
                }
            }
        }
    }
}
