//! The stand-alone recogniser's filters: signs, `.5`, the tail of a dotted sequence, and the
//! ambiguity filters for single Chinese digits (`一切`, `四川`, `入伍`, `十分`).

use super::arabic::{arabic_value, scan_arabic};
use super::chinese::parse;
use super::class::{cn, is_financial_single, Cn};
use super::percent::{percent_keyword, percent_sign_after, points_after};
use super::{Numeral, Recognized};

/// A char after which no numeral starts (it would be the tail of a longer one).
fn continues_numeral(c: char) -> bool {
    c.is_ascii_digit() || c == '%' || matches!(cn(c), Some(Cn::Digit(..) | Cn::Zero | Cn::Unit(_)))
}

fn is_punct(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || "，。、；：？！（）“”‘’《》〈〉「」『』【】—…·～".contains(c)
}

/// Measure words and units after which a single Chinese digit is a number (一只, 九年, 三的).
const MEASURE: &str = "个個只年月日号號天周次项項件家人名位元角分亩畝吨噸斤两兩克升米度岁歲\
双雙对對台臺种種座所条條点點倍类類批场場处處届屆级級期层層栋棟套辆輛艘架部本篇份支株棵头頭\
匹户戶间間张張块塊片杯碗节節章段句款轮輪组組门門封盒箱包袋桶瓶根颗顆枚朵首队隊票页頁的和与與\
或到至以等时時秒";

/// Whether a single Chinese digit ending at `pos` stands as a number.
fn single_ok_after(chars: &[char], pos: usize) -> bool {
    let Some(&c) = chars.get(pos) else {
        return true;
    };
    let next = chars.get(pos + 1).copied();
    if matches!(cn(c), Some(Cn::Digit(..) | Cn::Zero)) {
        // 两两, 二三十: a pair or an approximation.
        return false;
    }
    is_punct(c)
        || MEASURE.contains(c)
        || c == '是'
        || ("这那不也还而却更但這還卻".contains(c) && next == Some('是'))
        || (c == '小' && matches!(next, Some('时' | '時')))
        || (c == '公' && matches!(next, Some('里' | '裏' | '顷' | '頃' | '斤' | '分')))
        || (matches!(c, '平' | '立') && next == Some('方'))
}

/// The ambiguity filters for a plain (unsigned, not percent) numeral.
fn plain_ok(chars: &[char], n: &Numeral) -> bool {
    if n.end != n.start + 1 {
        return true;
    }
    let c = chars[n.start];
    let next = chars.get(n.end).copied();
    if c == '十' {
        // 十足, 十分 (very) — but 十分之一, 十分钟.
        return !(next == Some('足')
            || (next == Some('分') && !matches!(chars.get(n.end + 1), Some('之' | '钟' | '鐘'))));
    }
    if is_financial_single(c) {
        let before_ok = n.start == 0 || {
            let b = chars[n.start - 1];
            is_punct(b) || b == '是'
        };
        if !before_ok {
            return false;
        }
    }
    if matches!(cn(c), Some(Cn::Digit(..) | Cn::Zero)) || c == '拾' {
        return single_ok_after(chars, n.end);
    }
    true
}

pub(super) fn recognize_at(chars: &[char], i: usize) -> Option<Recognized> {
    let prev = i.checked_sub(1).map(|j| chars[j]);
    if prev.is_some_and(continues_numeral) {
        return None;
    }
    let c = chars[i];
    let signed = match c {
        '负' | '負' => true,
        '-' => !prev.is_some_and(|p| p == '-' || p == '.' || p.is_ascii_alphanumeric()),
        _ => false,
    };
    if signed {
        let r = unsigned_at(chars, i + 1, true)?;
        return Some(Recognized {
            start: i,
            value: -r.value,
            ..r
        });
    }
    unsigned_at(chars, i, false)
}

fn unsigned_at(chars: &[char], i: usize, signed: bool) -> Option<Recognized> {
    let &c = chars.get(i)?;
    let pct = |p: Numeral| Recognized {
        start: p.start,
        end: p.end,
        value: p.value,
        percent: true,
    };
    if matches!(c, '百' | '佰' | '千' | '仟' | '万' | '萬') {
        if let Some(p) = percent_keyword(chars, i) {
            return Some(pct(p));
        }
    }
    let n = if c.is_ascii_digit() && i >= 2 && chars[i - 1] == '.' && chars[i - 2].is_ascii_digit()
    {
        // The tail of a dotted sequence (2222.2222.22222.222, 2023.12.1): integers only.
        let mut end = i;
        while end < chars.len() && chars[end].is_ascii_digit() {
            end += 1;
        }
        Numeral {
            start: i,
            end,
            value: arabic_value(chars, i, end, 0),
            chinese: false,
            magnitude: false,
        }
    } else if c == '.' {
        // .5 (not ...5, not 1.2.3)
        if i > 0 && chars[i - 1] == '.' {
            return None;
        }
        let a = scan_arabic(chars, i);
        if !a.frac {
            return None;
        }
        Numeral {
            start: i,
            end: a.end,
            value: arabic_value(chars, i, a.end, 0),
            chinese: false,
            magnitude: false,
        }
    } else {
        if !c.is_ascii_digit() && !matches!(cn(c), Some(Cn::Digit(..) | Cn::Zero | Cn::Unit(_))) {
            return None;
        }
        parse(chars, i, true)?
    };
    if let Some(p) = percent_sign_after(chars, n) {
        return Some(pct(p));
    }
    if let Some(end) = points_after(chars, n.end) {
        return Some(Recognized {
            start: n.start,
            end,
            value: n.value,
            percent: true,
        });
    }
    if !signed && !plain_ok(chars, &n) {
        return None;
    }
    Some(Recognized {
        start: n.start,
        end: n.end,
        value: n.value,
        percent: false,
    })
}
