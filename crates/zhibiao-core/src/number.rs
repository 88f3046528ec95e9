//! Stage 5a, numbers: numerals in width-folded text — Arabic, Chinese and mixed.
//!
//! [`numeral_at`] is the hot-path recogniser the quantity stage calls at (almost) every char
//! position: it reads the longest numeral starting exactly at a position and allocates nothing.
//! It reads
//!
//! - Arabic numerals: `3773.41`, `1,234,567.5`, with magnitude words `1.5万`, `3773.41亿`,
//!   `3.2万亿`, `120万`, `5千`, and one space before a magnitude word (`176 亿`);
//! - Chinese numerals, ordinary (`三千五百`, `两千零五`, `十`), financial (`壹佰伍拾`) and
//!   traditional (`萬`, `億`), with `点` decimals (`一万零一十八点一五`), abbreviated tails
//!   (`三千五` = 3500, `一万三` = 13000), approximations inside (`一千多万`), digit strings with
//!   a zero (`二〇二三`) and two or more magnitude words alone (`千亿`, `百万`, `万亿`);
//! - mixed forms: `5億1萬4千6百`, `3万5千`, `3万4000`, `1千零20`.
//!
//! It leaves alone what belongs to units and to later stages: `千` that starts a unit name
//! (`120万千瓦` → `120万`), `百` of `百分之`/`百分点`, a trailing `多`/`余` (`20多项` → `20`),
//! signs (`负`, `-`), and any context (labels such as `十四五`, idioms such as `一切`).
//!
//! [`percent_at`] reads a percentage (`百分之五十`, `5.5%`, `千分之五`, `3.5‰`), in per cent.
//! [`recognize`] scans a whole text for numbers and percentages, with the sign and ambiguity
//! filters of a stand-alone recogniser; the peer-spec test and the fuzz tests use it.

use crate::decode::fold_text;

/// A numeral found in width-folded text: chars `start..end`, its value with any magnitude
/// word (万, 亿, 万亿, 千, 百) that is part of it applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Numeral {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// Written (at least partly) in Chinese numerals (三千五百, 两, 十).
    pub chinese: bool,
    /// A magnitude word (百, 千, 万, 亿, 兆 or a variant) is part of it (1.5万, 3773.41亿,
    /// 千亿, 三千五百).
    pub magnitude: bool,
}

/// A number or percentage found by [`recognize`]: chars `start..end` of the text (end
/// exclusive), its value (in per cent when `percent`), sign applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Recognized {
    pub start: usize,
    pub end: usize,
    pub value: f64,
    /// A percentage (`50%`, `百分之五十`, `千分之五`, and for [`recognize`] also
    /// `3个百分点`); `value` is then in per cent.
    pub percent: bool,
}

/// The longest numeral starting exactly at `start` in width-folded `chars`, if any.
///
/// Returns `None` at once for chars that cannot start a numeral. A single magnitude word
/// (`百`, `千`, `万`, `亿`), a lone `零`, and a lone financial digit (`伍` of 队伍, `陆` of
/// 陆续, `拾` of 收拾) are not numerals here; `十` alone is (10). Whether the position is a
/// sensible start (not inside a longer run of digits, not a label like `十四五`) is the
/// caller's business.
pub fn numeral_at(chars: &[char], start: usize) -> Option<Numeral> {
    let &c = chars.get(start)?;
    if !c.is_ascii_digit() {
        // 〇 (U+3007) is the lowest char that can start a Chinese numeral.
        if (c as u32) < 0x3007 {
            return None;
        }
        match cn(c) {
            Some(Cn::Digit(..) | Cn::Zero | Cn::Unit(_)) => {}
            _ => return None,
        }
    }
    parse(chars, start, false)
}

/// The percentage starting exactly at `start` in width-folded `chars`, if any; its `value`
/// is in per cent.
///
/// Reads `百分之五十` (50), `百分之五十五点五七九` (55.579), `千分之五` (0.5), `万分之三`
/// (0.03), `百万分之五`, spaces inside the keyword (`百 分 之 2`), `百分之百` (100), and a
/// numeral followed by `%` (`50%`, `5.5 %`), `‰` (per mille) or `‱`. The numeral's own span
/// is `start..` up to the sign; `end` is after the `%`.
///
/// Not percentages: `X分之Y` after a digit (`五百分之二` is a fraction), approximations
/// (`百分之二三十`), URL escapes (`%2D`), and percentage points (`3个百分点`), which differ
/// from per cent and are left to the caller.
pub fn percent_at(chars: &[char], start: usize) -> Option<Numeral> {
    let &c = chars.get(start)?;
    if matches!(c, '百' | '佰' | '千' | '仟' | '万' | '萬') {
        if let Some(p) = percent_keyword(chars, start) {
            return Some(p);
        }
    }
    percent_sign_after(chars, numeral_at(chars, start)?)
}

/// Every number and percentage in `text`, left to right, non-overlapping, the longest at each
/// position; offsets are chars of `text`.
///
/// The text is width-folded first ([`fold_text`]); in full-width typesetting a `，` between a
/// full-width digit and exactly three full-width digits is read as a thousands separator
/// (`９，９９９`). On top of [`numeral_at`] and [`percent_at`] it reads signs (`负3.9%`,
/// `-22.2%`; not a `-` after a digit, letter or dash), decimals written `.5`, and percentage
/// points as percentages (`3个百分点`, like Recognizers-Text). It applies cheap ambiguity
/// filters: no numeral starts right after a digit, a numeral char or `%`; a single Chinese
/// digit counts only before punctuation, a space, the end, `是` or a measure word (so not
/// `一切`, `四川`, `两两`, `二三十`); a single financial digit also needs a boundary before it
/// (not `入伍`, `收拾`, `大陆`); `十` of `十足`/`十分` is not a number.
pub fn recognize(text: &str) -> Vec<Recognized> {
    let original: Vec<char> = text.chars().collect();
    let mut chars = fold_text(&original);
    let wide = |c: char| ('０'..='９').contains(&c);
    for i in 1..original.len() {
        if original[i] == '，'
            && wide(original[i - 1])
            && i + 3 < original.len()
            && original[i + 1..i + 4].iter().all(|&c| wide(c))
            && original
                .get(i + 4)
                .is_none_or(|&c| !wide(c) && !c.is_ascii_digit())
        {
            chars[i] = ',';
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match recognize_at(&chars, i) {
            Some(r) => {
                i = r.end.max(i + 1);
                out.push(r);
            }
            None => i += 1,
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Character classes

/// How a digit char is written.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Form {
    /// 一 … 九: may be a decimal digit and part of a digit string (二〇二三).
    Plain,
    /// 两, 兩, 俩, 倆: 2 only before a unit or alone, never a decimal or a trailing digit.
    Two,
    /// 壹 … 玖 (and traditional 貳, 陸): a decimal digit, not part of a digit string.
    Financial,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cn {
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

fn cn(c: char) -> Option<Cn> {
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
fn is_financial_single(c: char) -> bool {
    c == '拾' || matches!(cn(c), Some(Cn::Digit(_, Form::Financial)))
}

/// The value of a digit after 点 (not 两).
fn decimal_digit(c: char) -> Option<u8> {
    match cn(c)? {
        Cn::Zero => Some(0),
        Cn::Digit(d, Form::Plain | Form::Financial) => Some(d),
        _ => None,
    }
}

fn pow10(e: u32) -> f64 {
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
fn unit_blocked(chars: &[char], q: usize, e: u32) -> bool {
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
fn skip_space(chars: &[char], pos: usize) -> usize {
    if chars.get(pos) == Some(&' ') {
        pos + 1
    } else {
        pos
    }
}

/// A digit (Arabic or Chinese, or 零) at `pos`, after at most one space.
fn digit_follows(chars: &[char], pos: usize) -> bool {
    chars
        .get(skip_space(chars, pos))
        .is_some_and(|&c| c.is_ascii_digit() || matches!(cn(c), Some(Cn::Digit(..) | Cn::Zero)))
}

/// A magnitude word (百 and up) usable as one at `pos`, after at most one space.
fn magnitude_follows(chars: &[char], pos: usize) -> bool {
    let t = skip_space(chars, pos);
    match chars.get(t).and_then(|&c| cn(c)) {
        Some(Cn::Unit(e)) if e >= 2 => {
            !unit_blocked(chars, t, e) && (e != 12 || digit_follows(chars, t + 1))
        }
        _ => false,
    }
}

// ---------------------------------------------------------------------------------------------
// Arabic numerals

#[derive(Clone, Copy, Debug)]
struct ArabicScan {
    end: usize,
    /// Digits before the decimal point.
    int_digits: usize,
    /// Has a decimal part.
    frac: bool,
    /// Has a thousands separator.
    sep: bool,
    /// Is the first part of a dotted sequence (2023.12.1, 1.2.3): `end` is after the
    /// integer part only.
    dotted: bool,
}

/// Scans ASCII digits at `pos` (or a `.` followed by digits) with thousands separators (`,`
/// and exactly three digits, after a first group of at most three) and a decimal part (a `.`
/// followed by a digit; a trailing `.` is not taken).
fn scan_arabic(chars: &[char], pos: usize) -> ArabicScan {
    let n = chars.len();
    let digit = |i: usize| i < n && chars[i].is_ascii_digit();
    let mut p = pos;
    while digit(p) {
        p += 1;
    }
    let first = p - pos;
    let mut int_digits = first;
    let mut sep = false;
    if first > 0 && first <= 3 {
        while p < n
            && chars[p] == ','
            && digit(p + 1)
            && digit(p + 2)
            && digit(p + 3)
            && !digit(p + 4)
        {
            p += 4;
            int_digits += 3;
            sep = true;
        }
    }
    let mut frac = false;
    let mut dotted = false;
    if p < n && chars[p] == '.' && digit(p + 1) {
        let mut q = p + 1;
        while digit(q) {
            q += 1;
        }
        if q < n && chars[q] == '.' && digit(q + 1) {
            dotted = true;
        } else {
            frac = true;
            p = q;
        }
    }
    ArabicScan {
        end: p,
        int_digits,
        frac,
        sep,
        dotted,
    }
}

/// The exactly rounded value of the Arabic numeral `chars[start..end]` (digits, `,`, `.`)
/// times `10^exp`, parsed from a stack buffer.
fn arabic_value(chars: &[char], start: usize, end: usize, exp: u32) -> f64 {
    let mut buf = [0u8; 64];
    let mut len = 0;
    for &c in &chars[start..end] {
        if c == ',' {
            continue;
        }
        if len >= 56 {
            return arabic_value_slow(chars, start, end, exp);
        }
        buf[len] = c as u8;
        len += 1;
    }
    if exp > 0 {
        buf[len] = b'e';
        len += 1;
        len += write_u64(&mut buf[len..], u64::from(exp));
    }
    std::str::from_utf8(&buf[..len])
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.0)
}

#[cold]
fn arabic_value_slow(chars: &[char], start: usize, end: usize, exp: u32) -> f64 {
    let mut s: String = chars[start..end].iter().filter(|&&c| c != ',').collect();
    if exp > 0 {
        s.push('e');
        s.push_str(&exp.to_string());
    }
    s.parse().unwrap_or(0.0)
}

/// Writes `v` in decimal at the start of `buf` (which must hold 20 bytes); returns the length.
fn write_u64(buf: &mut [u8], mut v: u64) -> usize {
    let mut tmp = [0u8; 20];
    let mut k = 0;
    loop {
        tmp[k] = b'0' + (v % 10) as u8;
        k += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for i in 0..k {
        buf[i] = tmp[k - 1 - i];
    }
    k
}

/// An Arabic decimal (`3773.41`, `1,100.9`) and the magnitude words after it (`亿`, `万亿`,
/// `千万`, `百亿亿`; one space allowed before the first).
fn arabic_decimal(chars: &[char], start: usize, a: ArabicScan) -> Numeral {
    let mut exp = 0u32;
    let mut end = a.end;
    let t = skip_space(chars, a.end);
    if let Some(Cn::Unit(e)) = chars.get(t).and_then(|&c| cn(c)) {
        if (2..=8).contains(&e) && !unit_blocked(chars, t, e) {
            exp = e;
            end = t + 1;
            let mut last = e;
            while let Some(Cn::Unit(e2)) = chars.get(end).and_then(|&c| cn(c)) {
                // 千万, 万亿, and a repeated big unit (万万, 百亿亿次 = 10^18).
                let ok = matches!(e2, 4 | 8) && (last < 4 || e2 >= last) && exp + e2 <= MAX_EXP;
                if !ok {
                    break;
                }
                exp += e2;
                last = e2;
                end += 1;
            }
        }
    }
    Numeral {
        start,
        end,
        value: arabic_value(chars, start, a.end, exp),
        chinese: false,
        magnitude: exp > 0,
    }
}

// ---------------------------------------------------------------------------------------------
// Chinese and mixed numerals

/// A digit string with a zero after a digit (二〇二三, 九〇), or of four digits before 年
/// (一九九八年): read positionally.
fn positional(chars: &[char], start: usize) -> Option<Numeral> {
    let mut r = start;
    let mut v = 0u64;
    let mut zero_after_digit = false;
    let mut prev_digit = false;
    while r < chars.len() && r - start < 18 {
        match cn(chars[r]) {
            Some(Cn::Digit(d, Form::Plain)) => {
                v = v * 10 + u64::from(d);
                prev_digit = true;
            }
            Some(Cn::Zero) => {
                zero_after_digit |= prev_digit;
                v *= 10;
                prev_digit = false;
            }
            _ => break,
        }
        r += 1;
    }
    let len = r - start;
    let year = len == 4 && chars.get(r) == Some(&'年');
    if len >= 2 && (zero_after_digit || year) {
        Some(Numeral {
            start,
            end: r,
            value: v as f64,
            chinese: true,
            magnitude: false,
        })
    } else {
        None
    }
}

/// What the numeral read so far ends with.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Prev {
    Start,
    CnDigit,
    Arabic,
    Zero,
    Small,
    Big,
    Approx,
}

/// A complete numeral read so far.
#[derive(Clone, Copy, Debug)]
struct Done {
    end: usize,
    value: f64,
    chinese: bool,
    magnitude: bool,
    has_big: bool,
    arabic: bool,
}

const MAX_STACK: usize = 8;
const MAX_EXP: u32 = 40;

/// The recogniser proper. `lone_financial`: whether a single financial digit counts.
///
/// Integer part: a stack of sections, each a value with the power of its big unit (万 4, 亿 8,
/// 万亿 12, …), strictly decreasing from the bottom; a big unit takes everything smaller than
/// itself (一万五千亿 = 15000 × 10^8), a big unit right after a big unit multiplies it (万亿,
/// 10万万). Within a section, small units (十百千) must decrease. A Chinese digit right after
/// a unit and last in the numeral is abbreviated (三千五 = 3500, 一万三 = 13000).
fn parse(chars: &[char], start: usize, lone_financial: bool) -> Option<Numeral> {
    let n = chars.len();
    let c0 = *chars.get(start)?;
    if c0.is_ascii_digit() {
        let a = scan_arabic(chars, start);
        if a.frac {
            return Some(arabic_decimal(chars, start, a));
        }
    } else if matches!(cn(c0), Some(Cn::Digit(_, Form::Plain))) {
        if let Some(num) = positional(chars, start) {
            return Some(num);
        }
    }

    let mut stack = [(0.0f64, 0u32); MAX_STACK];
    let mut sp = 0usize;
    let mut sec = 0.0f64; // the current section (below 万)
    let mut last_small = 4u32; // power of the last small unit of the section (4: none yet)
    let mut pending = 0.0f64; // a digit or Arabic number waiting for its unit
    let mut has_pending = false;
    let mut abbrev = 0u32; // power of the unit a pending Chinese digit directly follows
    let mut prev = Prev::Start;
    let mut prev_unit = 0u32; // power of the last unit read
    let mut digits = false; // a digit (not 零) has been read
    let mut lone = false; // all read so far is one magnitude word
    let mut arabic_led = false;
    let mut chinese = false;
    let mut magnitude = false;
    let mut has_big = false;
    let mut best: Option<Done> = None;
    let mut p = start;

    loop {
        let spaced = p > start && p < n && chars[p] == ' ';
        let q = p + usize::from(spaced);
        if q >= n {
            break;
        }
        let c = chars[q];
        let mut complete = true;
        let mut stop = false;
        if c.is_ascii_digit() {
            if lone || !matches!(prev, Prev::Start | Prev::Zero | Prev::Small | Prev::Big) {
                break;
            }
            let a = scan_arabic(chars, q);
            if a.frac || (a.dotted && prev != Prev::Start) {
                break;
            }
            match prev {
                Prev::Start | Prev::Zero => {}
                _ => {
                    // After a unit: 5千6百 (a magnitude follows) or 3万4000 (all the places).
                    let exact =
                        prev == Prev::Big && a.int_digits as u32 == prev_unit && !a.sep && !spaced;
                    if exact {
                        stop = true;
                    } else if magnitude_follows(chars, a.end) {
                        complete = false;
                    } else {
                        break;
                    }
                }
            }
            pending = arabic_value(chars, q, a.end, 0);
            has_pending = true;
            abbrev = 0;
            if prev == Prev::Start {
                arabic_led = true;
            }
            prev = Prev::Arabic;
            digits = true;
            p = a.end;
            stop |= a.dotted;
        } else {
            let Some(k) = cn(c) else { break };
            match k {
                Cn::Digit(d, form) => {
                    if matches!(prev, Prev::CnDigit | Prev::Arabic | Prev::Approx)
                        || (lone && prev == Prev::Big)
                    {
                        break;
                    }
                    abbrev = if matches!(prev, Prev::Small | Prev::Big) {
                        prev_unit
                    } else {
                        0
                    };
                    pending = f64::from(d);
                    has_pending = true;
                    prev = Prev::CnDigit;
                    digits = true;
                    chinese = true;
                    lone = false;
                    p = q + 1;
                    // A trailing digit after an Arabic-led unit (5万一) or a trailing 两 (两万两:
                    // the weight) is not part of the numeral unless a unit follows.
                    if abbrev > 0 && (arabic_led || form == Form::Two) {
                        complete = false;
                    }
                }
                Cn::Zero => {
                    if lone || matches!(prev, Prev::CnDigit | Prev::Arabic | Prev::Approx) {
                        break;
                    }
                    prev = Prev::Zero;
                    chinese = true;
                    p = q + 1;
                    complete = false;
                }
                Cn::Unit(e) if e < 4 => {
                    if unit_blocked(chars, q, e) {
                        break;
                    }
                    match prev {
                        Prev::CnDigit | Prev::Arabic => {
                            if e >= last_small || (prev == Prev::Arabic && e == 1) {
                                break;
                            }
                            sec += pending * pow10(e);
                            has_pending = false;
                        }
                        Prev::Start => {
                            sec = pow10(e);
                            lone = e >= 2;
                            chinese = true;
                        }
                        Prev::Zero => {
                            if e != 1 || e >= last_small {
                                break;
                            }
                            sec += 10.0;
                        }
                        _ => break,
                    }
                    last_small = e;
                    prev_unit = e;
                    prev = Prev::Small;
                    p = q + 1;
                    if e >= 2 {
                        magnitude = true;
                    } else {
                        chinese = true;
                    }
                    complete = !lone;
                }
                Cn::Unit(e) => {
                    // 兆 only between digits (五兆六十二亿): not 兆瓦, 千兆.
                    if e == 12 && (!digits || !digit_follows(chars, q + 1)) {
                        break;
                    }
                    if prev == Prev::Big && !spaced {
                        // 万亿, 10万万: multiplies the section just closed.
                        let (v, te) = stack[sp - 1];
                        let ne = te + e;
                        if (!digits && e <= te)
                            || ne > MAX_EXP
                            || (sp >= 2 && ne >= stack[sp - 2].1)
                        {
                            break;
                        }
                        stack[sp - 1] = (v * pow10(e), ne);
                        prev_unit = ne;
                    } else {
                        match prev {
                            Prev::CnDigit | Prev::Arabic | Prev::Approx => {}
                            Prev::Small if !lone || !spaced => {}
                            Prev::Start => {
                                stack[0] = (pow10(e), e);
                                sp = 1;
                                lone = true;
                                chinese = true;
                                magnitude = true;
                                has_big = true;
                                prev = Prev::Big;
                                prev_unit = e;
                                p = q + 1;
                                continue;
                            }
                            _ => break,
                        }
                        let mut s = sec + if has_pending { pending } else { 0.0 };
                        let mut k = sp;
                        while k > 0 && stack[k - 1].1 < e {
                            k -= 1;
                            s += stack[k].0;
                        }
                        if (k > 0 && stack[k - 1].1 == e) || k >= MAX_STACK {
                            break;
                        }
                        stack[k] = (s * pow10(e), e);
                        sp = k + 1;
                        sec = 0.0;
                        has_pending = false;
                        last_small = 4;
                        prev_unit = e;
                    }
                    lone = false;
                    has_big = true;
                    magnitude = true;
                    prev = Prev::Big;
                    p = q + 1;
                }
                Cn::Approx => {
                    let ok = match prev {
                        Prev::Arabic | Prev::Small => !lone,
                        Prev::Zero => matches!(c, '几' | '幾'),
                        _ => false,
                    };
                    let t = skip_space(chars, q + 1);
                    if !ok || !matches!(chars.get(t), Some('万' | '萬' | '亿' | '億')) {
                        break;
                    }
                    prev = Prev::Approx;
                    p = q + 1;
                    complete = false;
                }
                Cn::Point => break,
            }
        }
        if complete {
            let mut value = sec;
            for &(v, _) in &stack[..sp] {
                value += v;
            }
            if has_pending {
                value += if abbrev > 0 {
                    pending * pow10(abbrev - 1)
                } else {
                    pending
                };
            }
            best = Some(Done {
                end: p,
                value,
                chinese,
                magnitude,
                has_big,
                arabic: arabic_led || prev == Prev::Arabic,
            });
        }
        if stop {
            break;
        }
    }

    // 零点五: a lone 零 is an integer part only before 点.
    let base = match best {
        Some(b) => Some(b),
        None if cn(c0) == Some(Cn::Zero) => Some(Done {
            end: start + 1,
            value: 0.0,
            chinese: true,
            magnitude: false,
            has_big: false,
            arabic: false,
        }),
        None => None,
    }?;
    if !base.arabic {
        if let Some(num) = chinese_decimal(chars, start, base) {
            return Some(num);
        }
    }
    best?;
    if !lone_financial && base.end == start + 1 && is_financial_single(c0) {
        return None;
    }
    Some(Numeral {
        start,
        end: base.end,
        value: base.value,
        chinese: base.chinese,
        magnitude: base.magnitude,
    })
}

/// `base` followed by 点 and decimal digits (one space allowed either side of 点), and, if
/// `base` has no big unit, by 万, 亿 or 万亿 (三点五万).
fn chinese_decimal(chars: &[char], start: usize, base: Done) -> Option<Numeral> {
    let n = chars.len();
    let mut r = skip_space(chars, base.end);
    if !matches!(chars.get(r), Some('点' | '點')) {
        return None;
    }
    r = skip_space(chars, r + 1);
    let ds = r;
    while r < n && decimal_digit(chars[r]).is_some() {
        r += 1;
    }
    // 一点一滴 is an idiom, not 1.1.
    if r == ds || chars.get(r) == Some(&'滴') {
        return None;
    }
    let mut exp = 0;
    let mut end = r;
    if !base.has_big {
        let t = skip_space(chars, r);
        match chars.get(t) {
            Some('万' | '萬') => {
                exp = 4;
                end = t + 1;
                if matches!(chars.get(end), Some('亿' | '億')) {
                    exp = 12;
                    end += 1;
                }
            }
            Some('亿' | '億') => {
                exp = 8;
                end = t + 1;
            }
            _ => {}
        }
    }
    Some(Numeral {
        start,
        end,
        value: decimal_value(base.value, &chars[ds..r], exp),
        chinese: true,
        magnitude: base.magnitude || exp > 0,
    })
}

/// `int` + 0.`digits`, times 10^`exp`, exactly rounded when `int` < 10^18.
fn decimal_value(int: f64, digits: &[char], exp: u32) -> f64 {
    if !(0.0..1e18).contains(&int) {
        let mut frac = 0.0;
        let mut scale = 0.1;
        for &c in digits {
            frac += f64::from(decimal_digit(c).unwrap_or(0)) * scale;
            scale /= 10.0;
        }
        return (int + frac) * pow10(exp);
    }
    let mut buf = [0u8; 64];
    let mut len = write_u64(&mut buf, int as u64);
    buf[len] = b'.';
    len += 1;
    for &c in digits.iter().take(36) {
        buf[len] = b'0' + decimal_digit(c).unwrap_or(0);
        len += 1;
    }
    if exp > 0 {
        buf[len] = b'e';
        len += 1;
        len += write_u64(&mut buf[len..], u64::from(exp));
    }
    std::str::from_utf8(&buf[..len])
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.0)
}

// ---------------------------------------------------------------------------------------------
// Percentages

/// `百分之X`, `千分之X`, `万分之X`, `百万分之X`… at `start` (up to three spaces between the
/// parts of the keyword).
fn percent_keyword(chars: &[char], start: usize) -> Option<Numeral> {
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
fn percent_sign_after(chars: &[char], n: Numeral) -> Option<Numeral> {
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
fn points_after(chars: &[char], pos: usize) -> Option<usize> {
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

// ---------------------------------------------------------------------------------------------
// Whole-text recognition

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

fn recognize_at(chars: &[char], i: usize) -> Option<Recognized> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn chars(s: &str) -> Vec<char> {
        fold_text(&s.chars().collect::<Vec<_>>())
    }

    /// The numeral at char `at` of `s`: (text, value).
    fn num(s: &str, at: usize) -> Option<(String, f64)> {
        let cs = chars(s);
        numeral_at(&cs, at).map(|n| (crate::chars::string(&cs[n.start..n.end]), n.value))
    }

    fn pct(s: &str, at: usize) -> Option<(String, f64)> {
        let cs = chars(s);
        percent_at(&cs, at).map(|n| (crate::chars::string(&cs[n.start..n.end]), n.value))
    }

    fn is(s: &str, at: usize, text: &str, value: f64) {
        assert_eq!(num(s, at), Some((text.to_string(), value)), "{s} at {at}");
    }

    #[test]
    fn report_phrases() {
        is(
            "实现地区生产总值3773.41亿元",
            8,
            "3773.41亿",
            377341000000.0,
        );
        is("新征土地1.5万亩", 4, "1.5万", 15000.0);
        is("新增装机120万千瓦", 4, "120万", 1200000.0);
        is("办好十件民生实事", 2, "十", 10.0);
        is("打造两个千亿级产业集群", 2, "两", 2.0);
        is("打造两个千亿级产业集群", 4, "千亿", 1e11);
        is("三千五百", 0, "三千五百", 3500.0);
        is("一千多万", 0, "一千多万", 10000000.0);
        is("财政收入176 亿元", 4, "176 亿", 17600000000.0);
        is("1,234.5", 0, "1,234.5", 1234.5);
        is("3.2万亿", 0, "3.2万亿", 3.2e12);
        is("十四五规划", 0, "十四", 14.0);
        is("建成20多项", 2, "20", 20.0);
        is("规模以上工业增加值增长5.5%", 11, "5.5", 5.5);
        is("3.", 0, "3", 3.0);
        assert_eq!(num("百分之五十", 0), None);
        assert_eq!(pct("百分之五十", 0), Some(("百分之五十".into(), 50.0)));
    }

    #[test]
    fn arabic_forms() {
        is("1,234,567.5", 0, "1,234,567.5", 1234567.5);
        is("120万", 0, "120万", 1200000.0);
        is("5千", 0, "5千", 5000.0);
        is("2百", 0, "2百", 200.0);
        is("3万5千", 0, "3万5千", 35000.0);
        is("3万4000人", 0, "3万4000", 34000.0);
        // 5亿 + 1万 + 4600 (Recognizers-Text: 500014600)
        is("5億1萬4千6百", 0, "5億1萬4千6百", 500014600.0);
        is("1千零20", 0, "1千零20", 1020.0);
        is("2千零30万", 0, "2千零30万", 20300000.0);
        is("500余万元", 0, "500余万", 5000000.0);
        is("1,100.9亿", 0, "1,100.9亿", 110090000000.0);
        is("1.5千万", 0, "1.5千万", 15000000.0);
        is("10.36百亿亿次", 0, "10.36百亿亿", 1.036e19);
        is("５．５", 0, "5.5", 5.5);
        is("100兆瓦", 0, "100", 100.0);
        is("10千米", 0, "10", 10.0);
        is("2.5千克", 0, "2.5", 2.5);
        is("3百分点", 0, "3", 3.0);
        is("2023.12.1", 0, "2023", 2023.0);
        is("176  亿", 0, "176", 176.0);
        // exact rounding, as str::parse gives
        assert_eq!(num("0.1", 0).unwrap().1, "0.1".parse::<f64>().unwrap());
        assert_eq!(
            num("3773.41", 0).unwrap().1,
            "3773.41".parse::<f64>().unwrap()
        );
    }

    #[test]
    fn chinese_forms() {
        is("十", 0, "十", 10.0);
        is("十五", 0, "十五", 15.0);
        is("二十", 0, "二十", 20.0);
        is("一百零五", 0, "一百零五", 105.0);
        is("两千零五", 0, "两千零五", 2005.0);
        is("三千五", 0, "三千五", 3500.0);
        is("一万三", 0, "一万三", 13000.0);
        is("三点五", 0, "三点五", 3.5);
        is("一万零一十八点一五", 0, "一万零一十八点一五", 10018.15);
        is("三点五万", 0, "三点五万", 35000.0);
        is("零点五", 0, "零点五", 0.5);
        is(
            "四亿五千六百四十二万零一十五",
            0,
            "四亿五千六百四十二万零一十五",
            456420015.0,
        );
        is("一万五千亿", 0, "一万五千亿", 1.5e12);
        is("二十一万亿", 0, "二十一万亿", 2.1e13);
        is("十万柒仟捌佰伍拾肆", 0, "十万柒仟捌佰伍拾肆", 107854.0);
        is("肆佰陸拾", 0, "肆佰陸拾", 460.0);
        is("百亿", 0, "百亿", 1e10);
        is("万亿", 0, "万亿", 1e12);
        is("百万", 0, "百万", 1e6);
        is("千万", 0, "千万", 1e7);
        is("二〇二三年", 0, "二〇二三", 2023.0);
        is("一九九八年", 0, "一九九八", 1998.0);
        is("五十千", 0, "五十", 50.0);
        is("一千零十二章", 0, "一千零十二", 1012.0);
        is("两万两", 0, "两万", 20000.0);
        is("二十 億", 0, "二十 億", 2e9);
        is("三千 八百 九十六 万", 0, "三千 八百 九十六 万", 38960000.0);
        is("十 余 万", 0, "十 余 万", 100000.0);
        is(
            "五兆六十二亿四万五千二",
            0,
            "五兆六十二亿四万五千二",
            5006200045200.0,
        );
        // lone magnitude words, lone 零, lone financial digits, idioms
        for s in [
            "百",
            "千",
            "万",
            "亿",
            "万万",
            "亿万人民",
            "千家万户",
            "万一",
            "零售",
            "队伍",
            "陆续",
        ] {
            let cs = chars(s);
            let at = if s == "队伍" { 1 } else { 0 };
            assert_eq!(numeral_at(&cs, at), None, "{s}");
        }
        is("一点一滴", 0, "一", 1.0);
        is("两百点两", 0, "两百", 200.0);
        assert_eq!(num("千兆光网", 0), None);
    }

    #[test]
    fn percentages() {
        assert_eq!(
            pct("百分之五十五点五七九", 0),
            Some(("百分之五十五点五七九".into(), 55.579))
        );
        assert_eq!(pct("50%", 0), Some(("50%".into(), 50.0)));
        assert_eq!(pct("增长5.5％", 2), Some(("5.5%".into(), 5.5)));
        assert_eq!(pct("千分之五", 0), Some(("千分之五".into(), 0.5)));
        assert_eq!(pct("3.5‰", 0), Some(("3.5‰".into(), 0.35)));
        assert_eq!(pct("百分之百", 0), Some(("百分之百".into(), 100.0)));
        assert_eq!(pct("百 分 之 2", 0), Some(("百 分 之 2".into(), 2.0)));
        assert_eq!(pct("五百分之二", 1), None);
        assert_eq!(pct("百分之二三十", 0), None);
        assert_eq!(pct("30%25", 0), None);
        assert_eq!(pct("3个百分点", 0), None);
    }

    fn rec(s: &str) -> Vec<(String, f64, bool)> {
        let cs: Vec<char> = s.chars().collect();
        recognize(s)
            .into_iter()
            .map(|r| {
                (
                    crate::chars::string(&cs[r.start..r.end]),
                    r.value,
                    r.percent,
                )
            })
            .collect()
    }

    #[test]
    fn recognize_text() {
        assert_eq!(
            rec("过去一年，实现地区生产总值3773.41亿元，增长3.3%。"),
            vec![
                ("一".into(), 1.0, false),
                ("3773.41亿".into(), 377341000000.0, false),
                ("3.3%".into(), 3.3, true)
            ]
        );
        assert_eq!(rec("负3.9%"), vec![("负3.9%".into(), -3.9, true)]);
        assert_eq!(
            rec("下降0.5个百分点"),
            vec![("0.5个百分点".into(), 0.5, true)]
        );
        assert_eq!(
            rec("5-20%"),
            vec![("5".into(), 5.0, false), ("20%".into(), 20.0, true)]
        );
        assert_eq!(
            rec("４，５６５"),
            vec![("４，５６５".into(), 4565.0, false)]
        );
        for s in [
            "两两",
            "一切",
            "四川",
            "入伍時分",
            "收拾房间",
            "大陆",
            "十分重要",
            "二三十个百分点",
        ] {
            assert_eq!(rec(s), vec![], "{s}");
        }
        assert_eq!(rec("三的另一种写法是叁").len(), 3);
    }

    proptest! {
        #[test]
        fn recognize_never_panics(s in "\\PC{0,40}") {
            let n = s.chars().count();
            let mut last = 0;
            for r in recognize(&s) {
                prop_assert!(r.start < r.end && r.end <= n);
                prop_assert!(r.start >= last);
                last = r.end;
            }
        }

        #[test]
        fn recognize_never_panics_on_numeral_soup(
            s in "[0-9.,%‰ 零〇一二两三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟萬億多余几点分之个负\\-年瓦]{0,40}"
        ) {
            let n = s.chars().count();
            let mut last = 0;
            for r in recognize(&s) {
                prop_assert!(r.start < r.end && r.end <= n);
                prop_assert!(r.start >= last);
                prop_assert!(!r.value.is_nan());
                last = r.end;
            }
            let cs = chars(&s);
            for i in 0..cs.len() {
                if let Some(x) = numeral_at(&cs, i) {
                    prop_assert!(x.start == i && x.start < x.end && x.end <= cs.len());
                }
                if let Some(x) = percent_at(&cs, i) {
                    prop_assert!(x.start == i && x.start < x.end && x.end <= cs.len());
                }
            }
        }
    }
}
