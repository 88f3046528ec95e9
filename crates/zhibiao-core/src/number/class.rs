//! Character classes of numerals: what each numeral char is ([`cn`]), and the small tests of
//! what stands around a position (a space, a digit, a magnitude word, a unit name).

/// How a digit char is written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Form {
    /// 一 … 九: may be a decimal digit and part of a digit string (二〇二三).
    Plain,
    /// 两, 兩, 俩, 倆: 2 only before a unit or alone, never a decimal or a trailing digit.
    Two,
    /// 壹 … 玖 (and traditional 貳, 陸): a decimal digit, not part of a digit string.
    Financial,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Cn {
    /// 1–9.
    Digit(u8, Form),
    /// 零, 〇.
    Zero,
    /// A power of ten: 十 1, 百 2, 千 3, 万 4, 亿 8, 兆 12.
    Unit(u32),
    /// 多, 余, 几: "some" between a number and a magnitude word (一千多万).
    Approx,
    /// 点: the Chinese decimal point.
    Point,
}

pub(super) fn cn(c: char) -> Option<Cn> {
    use Cn::*;
    use Form::*;
    Some(match c {
        '零' | '〇' => Zero,
        '一' => Digit(1, Plain),
        '二' => Digit(2, Plain),
        '三' => Digit(3, Plain),
        '四' => Digit(4, Plain),
        '五' => Digit(5, Plain),
        '六' => Digit(6, Plain),
        '七' => Digit(7, Plain),
        '八' => Digit(8, Plain),
        '九' => Digit(9, Plain),
        '两' | '兩' | '俩' | '倆' => Digit(2, Two),
        '壹' => Digit(1, Financial),
        '贰' | '貳' => Digit(2, Financial),
        '叁' => Digit(3, Financial),
        '肆' => Digit(4, Financial),
        '伍' => Digit(5, Financial),
        '陆' | '陸' => Digit(6, Financial),
        '柒' => Digit(7, Financial),
        '捌' => Digit(8, Financial),
        '玖' => Digit(9, Financial),
        '十' | '拾' => Unit(1),
        '百' | '佰' => Unit(2),
        '千' | '仟' => Unit(3),
        '万' | '萬' => Unit(4),
        '亿' | '億' => Unit(8),
        '兆' => Unit(12),
        '多' | '余' | '餘' | '几' | '幾' => Approx,
        '点' | '點' => Point,
        _ => return None,
    })
}

/// A financial digit or 拾: alone, these are mostly words (队伍, 陆续, 放肆, 收拾).
pub(super) fn is_financial_single(c: char) -> bool {
    c == '拾' || matches!(cn(c), Some(Cn::Digit(_, Form::Financial)))
}

/// The value of a digit after 点 (not 两).
pub(super) fn decimal_digit(c: char) -> Option<u8> {
    match cn(c)? {
        Cn::Zero => Some(0),
        Cn::Digit(d, Form::Plain | Form::Financial) => Some(d),
        _ => None,
    }
}

pub(super) fn pow10(e: u32) -> f64 {
    const P: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    match P.get(e as usize) {
        Some(&p) => p,
        None => 10f64.powi(e.min(400) as i32),
    }
}

/// Whether the unit char at `q` (power `e`) starts a unit name or 百分 instead of being a
/// magnitude word: 千瓦, 千米, 千克, 千帕, 千焦, 千卡, 千伏, 千赫; 百分之, 百分点, 百分比.
pub(super) fn unit_blocked(chars: &[char], q: usize, e: u32) -> bool {
    match e {
        2 => {
            let mut r = q + 1;
            for _ in 0..2 {
                if chars.get(r) == Some(&' ') {
                    r += 1;
                }
            }
            chars.get(r) == Some(&'分')
        }
        3 => matches!(
            chars.get(q + 1),
            Some('瓦' | '米' | '克' | '帕' | '焦' | '卡' | '伏' | '赫')
        ),
        _ => false,
    }
}

/// `pos`, or `pos + 1` if `chars[pos]` is a space.
pub(super) fn skip_space(chars: &[char], pos: usize) -> usize {
    if chars.get(pos) == Some(&' ') {
        pos + 1
    } else {
        pos
    }
}

/// A digit (Arabic or Chinese, or 零) at `pos`, after at most one space.
pub(super) fn digit_follows(chars: &[char], pos: usize) -> bool {
    chars
        .get(skip_space(chars, pos))
        .is_some_and(|&c| c.is_ascii_digit() || matches!(cn(c), Some(Cn::Digit(..) | Cn::Zero)))
}

/// A magnitude word (百 and up) usable as one at `pos`, after at most one space.
pub(super) fn magnitude_follows(chars: &[char], pos: usize) -> bool {
    let t = skip_space(chars, pos);
    match chars.get(t).and_then(|&c| cn(c)) {
        Some(Cn::Unit(e)) if e >= 2 => {
            !unit_blocked(chars, t, e) && (e != 12 || digit_follows(chars, t + 1))
        }
        _ => false,
    }
}
