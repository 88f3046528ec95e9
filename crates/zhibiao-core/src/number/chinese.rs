//! Chinese and mixed numerals (`三千五百`, `5億1萬4千6百`, `一万零一十八点一五`): the
//! recogniser proper, [`parse`].

use super::arabic::{
    arabic_decimal, arabic_value, parse_scaled, scan_arabic, write_u64, ArabicScan,
};
use super::class::{
    cn, decimal_digit, digit_follows, is_financial_single, magnitude_follows, pow10, skip_space,
    unit_blocked, Cn, Form,
};
use super::Numeral;

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
pub(super) const MAX_EXP: u32 = 40;

/// The recogniser proper. `lone_financial`: whether a single financial digit counts.
///
/// An Arabic decimal (`3773.41亿`) and a positional digit string (`二〇二三`) are read whole;
/// anything else char by char by a [`Reader`], then a Chinese decimal part (`点五`) is read
/// after what it found ([`finish`]).
pub(super) fn parse(chars: &[char], start: usize, lone_financial: bool) -> Option<Numeral> {
    let c0 = *chars.get(start)?;
    if c0.is_ascii_digit() {
        let a = scan_arabic(chars, start);
        if a.frac {
            return Some(arabic_decimal(chars, start, a));
        }
        if let Some(num) = arabic_integer(chars, start, a) {
            return Some(num);
        }
    } else if matches!(cn(c0), Some(Cn::Digit(_, Form::Plain))) {
        if let Some(num) = positional(chars, start) {
            return Some(num);
        }
    }
    let best = Reader::new(chars, start).read();
    finish(chars, start, best, lone_financial)
}

/// An Arabic integer (`2025`, `1,200`, the `2023` of `2023.12.1`) after which nothing a
/// [`Reader`] could go on with stands (after at most one space, a unit or 多/余/几): the
/// numeral the reader and [`finish`] would make of it, without them. The reader's first step
/// reads the integer whole (its value, `0.0 +` the integer, is the integer); at the next char
/// an Arabic or Chinese digit, a 零, a 点 or any other char ends it; only a unit or an
/// approximation may go on, and those are left to it (`None`).
fn arabic_integer(chars: &[char], start: usize, a: ArabicScan) -> Option<Numeral> {
    let q = a.end + usize::from(chars.get(a.end) == Some(&' '));
    if let Some(&c) = chars.get(q) {
        if !a.dotted && matches!(cn(c), Some(Cn::Unit(_) | Cn::Approx)) {
            return None;
        }
    }
    Some(Numeral {
        start,
        end: a.end,
        value: arabic_value(chars, start, a.end, 0),
        chinese: false,
        magnitude: false,
    })
}

/// The numeral [`parse`] returns from the longest complete integer part `best` the
/// [`Reader`] found: with its Chinese decimal part if it has one (a lone `零` counts as an
/// integer part only there: `零点五`), and without a lone financial digit unless
/// `lone_financial`.
fn finish(
    chars: &[char],
    start: usize,
    best: Option<Done>,
    lone_financial: bool,
) -> Option<Numeral> {
    let c0 = chars[start];
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

/// What reading one char (or one Arabic number) did.
#[derive(Clone, Copy, Debug)]
enum Step {
    /// It is no part of the numeral: the numeral ends before it.
    End,
    /// It was read. `complete`: the numeral read so far is a whole numeral; `stop`: nothing
    /// more may follow.
    Read { complete: bool, stop: bool },
}

impl Step {
    /// Read, and what is read so far may end the numeral.
    const COMPLETE: Step = Step::Read {
        complete: true,
        stop: false,
    };
    /// Read, but the numeral cannot end here (零, 多, a digit waiting for its unit).
    const INCOMPLETE: Step = Step::Read {
        complete: false,
        stop: false,
    };
}

/// Reads the integer part of a Chinese or mixed numeral, char by char, from `start`.
///
/// Integer part: a stack of sections, each a value with the power of its big unit (万 4, 亿 8,
/// 万亿 12, …), strictly decreasing from the bottom; a big unit takes everything smaller than
/// itself (一万五千亿 = 15000 × 10^8), a big unit right after a big unit multiplies it (万亿,
/// 10万万). Within a section, small units (十百千) must decrease. A Chinese digit right after
/// a unit and last in the numeral is abbreviated (三千五 = 3500, 一万三 = 13000).
struct Reader<'a> {
    chars: &'a [char],
    start: usize,
    /// The sections closed by a big unit: (value, power of the unit).
    stack: [(f64, u32); MAX_STACK],
    sp: usize,
    /// The current section (below 万).
    sec: f64,
    /// Power of the last small unit of the section (4: none yet).
    last_small: u32,
    /// A digit or Arabic number waiting for its unit.
    pending: f64,
    has_pending: bool,
    /// Power of the unit a pending Chinese digit directly follows.
    abbrev: u32,
    prev: Prev,
    /// Power of the last unit read.
    prev_unit: u32,
    /// A digit (not 零) has been read.
    digits: bool,
    /// All read so far is one magnitude word.
    lone: bool,
    arabic_led: bool,
    chinese: bool,
    magnitude: bool,
    has_big: bool,
    /// The position after what has been read.
    p: usize,
}

impl<'a> Reader<'a> {
    fn new(chars: &'a [char], start: usize) -> Self {
        Reader {
            chars,
            start,
            stack: [(0.0, 0); MAX_STACK],
            sp: 0,
            sec: 0.0,
            last_small: 4,
            pending: 0.0,
            has_pending: false,
            abbrev: 0,
            prev: Prev::Start,
            prev_unit: 0,
            digits: false,
            lone: false,
            arabic_led: false,
            chinese: false,
            magnitude: false,
            has_big: false,
            p: start,
        }
    }

    /// Reads as far as the numeral goes; returns the longest complete numeral read.
    fn read(mut self) -> Option<Done> {
        let n = self.chars.len();
        let mut best = None;
        loop {
            let p = self.p;
            let spaced = p > self.start && p < n && self.chars[p] == ' ';
            let q = p + usize::from(spaced);
            if q >= n {
                break;
            }
            let Step::Read { complete, stop } = self.step(q, spaced) else {
                break;
            };
            if complete {
                best = Some(self.done());
            }
            if stop {
                break;
            }
        }
        best
    }

    /// Reads the char at `q` (after a space when `spaced`).
    fn step(&mut self, q: usize, spaced: bool) -> Step {
        let c = self.chars[q];
        if c.is_ascii_digit() {
            return self.arabic(q, spaced);
        }
        match cn(c) {
            None | Some(Cn::Point) => Step::End,
            Some(Cn::Digit(d, form)) => self.digit(q, d, form),
            Some(Cn::Zero) => self.zero(q),
            Some(Cn::Unit(e)) if e < 4 => self.small_unit(q, e),
            Some(Cn::Unit(e)) => self.big_unit(q, e, spaced),
            Some(Cn::Approx) => self.approx(q, c),
        }
    }

    /// An Arabic integer: first, after 零, or after a unit when a magnitude word follows
    /// (5千6百) or it fills all the places of a big unit (3万4000).
    fn arabic(&mut self, q: usize, spaced: bool) -> Step {
        let prev = self.prev;
        if self.lone || !matches!(prev, Prev::Start | Prev::Zero | Prev::Small | Prev::Big) {
            return Step::End;
        }
        let a = scan_arabic(self.chars, q);
        if a.frac || (a.dotted && prev != Prev::Start) {
            return Step::End;
        }
        let mut complete = true;
        let mut stop = false;
        if !matches!(prev, Prev::Start | Prev::Zero) {
            // After a unit: 5千6百 (a magnitude follows) or 3万4000 (all the places).
            let exact =
                prev == Prev::Big && a.int_digits as u32 == self.prev_unit && !a.sep && !spaced;
            if exact {
                stop = true;
            } else if magnitude_follows(self.chars, a.end) {
                complete = false;
            } else {
                return Step::End;
            }
        }
        self.pending = arabic_value(self.chars, q, a.end, 0);
        self.has_pending = true;
        self.abbrev = 0;
        if prev == Prev::Start {
            self.arabic_led = true;
        }
        self.prev = Prev::Arabic;
        self.digits = true;
        self.p = a.end;
        stop |= a.dotted;
        Step::Read { complete, stop }
    }

    /// A Chinese digit (一, 两, 伍): waits for its unit, or is an abbreviated last digit.
    fn digit(&mut self, q: usize, d: u8, form: Form) -> Step {
        if matches!(self.prev, Prev::CnDigit | Prev::Arabic | Prev::Approx)
            || (self.lone && self.prev == Prev::Big)
        {
            return Step::End;
        }
        self.abbrev = if matches!(self.prev, Prev::Small | Prev::Big) {
            self.prev_unit
        } else {
            0
        };
        self.pending = f64::from(d);
        self.has_pending = true;
        self.prev = Prev::CnDigit;
        self.digits = true;
        self.chinese = true;
        self.lone = false;
        self.p = q + 1;
        // A trailing digit after an Arabic-led unit (5万一) or a trailing 两 (两万两: the
        // weight) is not part of the numeral unless a unit follows.
        if self.abbrev > 0 && (self.arabic_led || form == Form::Two) {
            Step::INCOMPLETE
        } else {
            Step::COMPLETE
        }
    }

    /// 零 between the places (一百零五, 1千零20); never last.
    fn zero(&mut self, q: usize) -> Step {
        if self.lone || matches!(self.prev, Prev::CnDigit | Prev::Arabic | Prev::Approx) {
            return Step::End;
        }
        self.prev = Prev::Zero;
        self.chinese = true;
        self.p = q + 1;
        Step::INCOMPLETE
    }

    /// A small unit (十, 百, 千) of power `e`: multiplies the pending digit into the section.
    fn small_unit(&mut self, q: usize, e: u32) -> Step {
        if unit_blocked(self.chars, q, e) {
            return Step::End;
        }
        match self.prev {
            Prev::CnDigit | Prev::Arabic => {
                if e >= self.last_small || (self.prev == Prev::Arabic && e == 1) {
                    return Step::End;
                }
                self.sec += self.pending * pow10(e);
                self.has_pending = false;
            }
            Prev::Start => {
                self.sec = pow10(e);
                self.lone = e >= 2;
                self.chinese = true;
            }
            Prev::Zero => {
                if e != 1 || e >= self.last_small {
                    return Step::End;
                }
                self.sec += 10.0;
            }
            _ => return Step::End,
        }
        self.last_small = e;
        self.prev_unit = e;
        self.prev = Prev::Small;
        self.p = q + 1;
        if e >= 2 {
            self.magnitude = true;
        } else {
            self.chinese = true;
        }
        Step::Read {
            complete: !self.lone,
            stop: false,
        }
    }

    /// A big unit (万, 亿, 兆) of power `e`: multiplies the section just closed (万亿), or
    /// closes the current section.
    fn big_unit(&mut self, q: usize, e: u32, spaced: bool) -> Step {
        // 兆 only between digits (五兆六十二亿): not 兆瓦, 千兆.
        if e == 12 && (!self.digits || !digit_follows(self.chars, q + 1)) {
            return Step::End;
        }
        if self.prev == Prev::Big && !spaced {
            if !self.multiply_section(e) {
                return Step::End;
            }
        } else {
            match self.prev {
                Prev::CnDigit | Prev::Arabic | Prev::Approx => {}
                Prev::Small if !self.lone || !spaced => {}
                Prev::Start => return self.lone_big_unit(q, e),
                _ => return Step::End,
            }
            if !self.close_section(e) {
                return Step::End;
            }
        }
        self.lone = false;
        self.has_big = true;
        self.magnitude = true;
        self.prev = Prev::Big;
        self.p = q + 1;
        Step::COMPLETE
    }

    /// A big unit first in the numeral (万, 亿万): a magnitude word alone so far.
    fn lone_big_unit(&mut self, q: usize, e: u32) -> Step {
        self.stack[0] = (pow10(e), e);
        self.sp = 1;
        self.lone = true;
        self.chinese = true;
        self.magnitude = true;
        self.has_big = true;
        self.prev = Prev::Big;
        self.prev_unit = e;
        self.p = q + 1;
        Step::INCOMPLETE
    }

    /// 万亿, 10万万: a big unit right after a big unit multiplies the section just closed;
    /// false (and nothing changed) when the powers do not allow it.
    fn multiply_section(&mut self, e: u32) -> bool {
        let sp = self.sp;
        let (v, te) = self.stack[sp - 1];
        let ne = te + e;
        if (!self.digits && e <= te) || ne > MAX_EXP || (sp >= 2 && ne >= self.stack[sp - 2].1) {
            return false;
        }
        self.stack[sp - 1] = (v * pow10(e), ne);
        self.prev_unit = ne;
        true
    }

    /// Closes the current section (and the pending digit) with big unit `e`, taking in the
    /// sections of smaller units below it (一万五千亿); false (and nothing changed) when a
    /// section of the same unit is already there or the stack is full.
    fn close_section(&mut self, e: u32) -> bool {
        let mut s = self.sec + if self.has_pending { self.pending } else { 0.0 };
        let mut k = self.sp;
        while k > 0 && self.stack[k - 1].1 < e {
            k -= 1;
            s += self.stack[k].0;
        }
        if (k > 0 && self.stack[k - 1].1 == e) || k >= MAX_STACK {
            return false;
        }
        self.stack[k] = (s * pow10(e), e);
        self.sp = k + 1;
        self.sec = 0.0;
        self.has_pending = false;
        self.last_small = 4;
        self.prev_unit = e;
        true
    }

    /// 多, 余, 几 between a number and 万 or 亿 (一千多万, 500余万, 十 余 万), or between 万 and
    /// 亿 (3万多亿: more than 3万亿).
    fn approx(&mut self, q: usize, c: char) -> Step {
        let t = skip_space(self.chars, q + 1);
        let next = self.chars.get(t).copied();
        let ok = match self.prev {
            Prev::Arabic | Prev::Small => !self.lone,
            Prev::Zero => matches!(c, '几' | '幾'),
            Prev::Big => !self.lone && self.prev_unit == 4 && matches!(next, Some('亿' | '億')),
            _ => false,
        };
        if !ok || !matches!(next, Some('万' | '萬' | '亿' | '億')) {
            return Step::End;
        }
        self.prev = Prev::Approx;
        self.p = q + 1;
        Step::INCOMPLETE
    }

    /// The numeral read so far, taken as complete.
    fn done(&self) -> Done {
        let mut value = self.sec;
        for &(v, _) in &self.stack[..self.sp] {
            value += v;
        }
        if self.has_pending {
            value += if self.abbrev > 0 {
                self.pending * pow10(self.abbrev - 1)
            } else {
                self.pending
            };
        }
        Done {
            end: self.p,
            value,
            chinese: self.chinese,
            magnitude: self.magnitude,
            has_big: self.has_big,
            arabic: self.arabic_led || self.prev == Prev::Arabic,
        }
    }
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
    parse_scaled(&mut buf, len, exp)
}

#[cfg(test)]
#[path = "chinese_tests.rs"]
mod tests;
