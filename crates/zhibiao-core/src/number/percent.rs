//! Percentages: the keyword forms (`百分之五十`, `千分之五`), a numeral with a sign after it
//! (`5.5%`, `3.5‰`), and percentage points (`3个百分点`).

use super::chinese::parse;
use super::class::{cn, pow10, skip_space, Cn};
use super::Numeral;

/// `百分之X`, `千分之X`, `万分之X`, `百万分之X`… at `start` (up to three spaces between the
/// parts of the keyword).
pub(super) fn percent_keyword(chars: &[char], start: usize) -> Option<Numeral> {
    // After a digit, X分之Y is a fraction (五百分之二), not a percentage.
    if start > 0 {
        let b = chars[start - 1];
        if b.is_ascii_digit() || matches!(cn(b), Some(Cn::Digit(..) | Cn::Zero)) {
            return None;
        }
    }
    let mut r = start;
    let mut exp = 0u32;
    while r < chars.len() && r - start < 4 {
        exp += match chars[r] {
            '百' | '佰' => 2,
            '千' | '仟' => 3,
            '万' | '萬' => 4,
            _ => break,
        };
        r += 1;
    }
    let skip = |mut r: usize| {
        for _ in 0..3 {
            if chars.get(r) == Some(&' ') {
                r += 1;
            }
        }
        r
    };
    r = skip(r);
    if chars.get(r) != Some(&'分') {
        return None;
    }
    r = skip(r + 1);
    if chars.get(r) != Some(&'之') {
        return None;
    }
    r = skip(r + 1);
    let &c = chars.get(r)?;
    let num = if exp == 2 && matches!(c, '百' | '佰') && parse(chars, r, true).is_none() {
        // 百分之百
        Numeral {
            start: r,
            end: r + 1,
            value: 100.0,
            chinese: true,
            magnitude: true,
        }
    } else {
        parse(chars, r, true)?
    };
    // 百分之二三十 is an approximation, not 2%.
    if matches!(
        chars.get(num.end).and_then(|&c| cn(c)),
        Some(Cn::Digit(..) | Cn::Zero)
    ) {
        return None;
    }
    let value = if exp == 2 {
        num.value
    } else {
        num.value / pow10(exp - 2)
    };
    Some(Numeral {
        start,
        end: num.end,
        value,
        chinese: num.chinese,
        magnitude: num.magnitude,
    })
}

/// Numeral `n` followed (after at most one space) by `%`, `‰` or `‱`, not by a URL escape.
pub(super) fn percent_sign_after(chars: &[char], n: Numeral) -> Option<Numeral> {
    let r = skip_space(chars, n.end);
    let scale = match chars.get(r)? {
        '%' => 1.0,
        '‰' => 10.0,
        '‱' => 100.0,
        _ => return None,
    };
    if chars.get(r + 1).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some(Numeral {
        end: r + 1,
        value: n.value / scale,
        ..n
    })
}

/// The end of `个百分点` (个 optional, spaces allowed) at `pos`.
pub(super) fn points_after(chars: &[char], pos: usize) -> Option<usize> {
    let skip = |mut r: usize| {
        for _ in 0..8 {
            if chars.get(r) == Some(&' ') {
                r += 1;
            }
        }
        r
    };
    let mut r = skip(pos);
    if matches!(chars.get(r), Some('个' | '個')) {
        r = skip(r + 1);
    }
    if !matches!(chars.get(r), Some('百' | '佰')) {
        return None;
    }
    r = skip(r + 1);
    if chars.get(r) != Some(&'分') {
        return None;
    }
    r = skip(r + 1);
    matches!(chars.get(r), Some('点' | '點')).then_some(r + 1)
}
