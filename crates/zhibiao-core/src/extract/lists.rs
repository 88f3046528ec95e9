//! Lists: subjects handed out by 分别, shared heads and states, and the verb a list item
//! belongs to.

use super::cues::bare_segment;
use super::Item;
use crate::chars::find_short;
use crate::quantity::{Quantity, Sort};
use crate::subject;

/// The words before and after the 均 / 都 of a shared number.
pub(super) fn split_shared(seg: &str) -> (String, String) {
    let t = seg.trim_end();
    if t.ends_with('各') && t.contains('、') {
        let head = &t[..t.len() - '各'.len_utf8()];
        // 新建A、B、C各: the verb before the first item is no part of it.
        let head = crate::subject::clean(head);
        return (head, String::new());
    }
    // 存、贷款余额双双突破6万亿元 / 从第8位、第4位双双跃居第1位: both.
    if let Some(p) = find_short(seg, "双双") {
        return (seg[..p].to_string(), seg[p + "双双".len()..].to_string());
    }
    if let Some(i) = first_share(t) {
        return (t[..i].to_string(), t[i + '均'.len_utf8()..].to_string());
    }
    (seg.to_string(), String::new())
}

/// 8所职业院校、12个专业群入选国家第二期“双高计划” / 173名个人和6个团队入选…: things counted
/// in a list that ends on what they all did share it. `post` is what the quantity ending at
/// `q_end` counts; `next` the quantity after it, the list's next item when only 、/和/及
/// stands between.
pub(super) fn post_with_shared_state(
    f: &[char],
    post: &str,
    q_end: usize,
    next: &Quantity,
    after_next: Option<&Quantity>,
    e: usize,
) -> String {
    let did = crate::lexicon::get().extract.list_did;
    let between = &f[q_end.min(next.start)..next.start];
    let Some(own) = shared_own(between, post) else {
        return post.to_string();
    };
    if did.iter().any(|w| find_short(own, w).is_some())
        || own.contains('获')
        || !crate::quantity::is_counter(&next.unit)
        || next.sort != Sort::Amount
    {
        return post.to_string();
    }
    let hi = after_next.map_or(e, |n| n.start).min(e);
    let next_post = subject::state_after(f, next.end, hi);
    let state = did
        .iter()
        .filter_map(|w| find_short(&next_post, w).filter(|&p| p > 0))
        .min()
        .map(|p| &next_post[p..]);
    match state {
        Some(state) => {
            let phrase = format!("{own}{state}");
            subject::with_predicate(&phrase).unwrap_or(phrase)
        }
        None => post.to_string(),
    }
}

/// The things counted before a list's next count (16所高校、48个学科入选… / 8所高校14个学科入选…):
/// `post` less the separator that ends `between` (the chars from the quantity's end to the next
/// one's start), when `between` is those things and a separator, or the things alone (not
/// ending in 的). Read in the chars themselves: no String of them (most calls end at the first
/// test).
fn shared_own<'p>(between: &[char], post: &'p str) -> Option<&'p str> {
    let spells = |chars: &[char], s: &str| s.chars().eq(chars.iter().copied());
    let own = match between.last() {
        Some(&last) if matches!(last, '、' | '和' | '及') => post.trim_end_matches(last),
        Some(&last) if spells(between, post) && last != '的' => post,
        _ => return None,
    };
    let separators = between
        .iter()
        .rev()
        .take_while(|c| matches!(c, '、' | '和' | '及'))
        .count();
    spells(&between[..between.len() - separators], own).then_some(own)
}

/// Only what separates the items of a list (、, 和, 及).
pub(super) fn list_separator(seg: &str) -> bool {
    !seg.trim().is_empty() && seg.chars().all(|c| matches!(c, '、' | '和' | '及' | ' '))
}

/// 均 / 都 as "each" (均排全省第4), not as in 人均 / 年均 / 平均; 双双 (both).
pub(super) fn is_shared(seg: &str) -> bool {
    let t = seg.trim_end();
    // 新建省重点实验室、省技术创新中心…各20家: 各 right before the number.
    if t.ends_with('各') && t.contains('、') {
        return true;
    }
    find_short(seg, "双双").is_some() || first_share(t).is_some()
}

/// The byte offset of the first 均 or 都 of `t` that says "each" ([`shares`]). Both are three
/// bytes in UTF-8 (均 E5 9D 87, 都 E9 83 BD): memchr finds their last bytes, and only there
/// are the chars around read (no `Vec<char>` of the segment).
fn first_share(t: &str) -> Option<usize> {
    let b = t.as_bytes();
    memchr::memchr2_iter(0x87, 0xbd, b).find_map(|k| {
        let i = k.checked_sub(2)?;
        let c = match b[i..=k] {
            [0xe5, 0x9d, 0x87] => '均',
            [0xe9, 0x83, 0xbd] => '都',
            _ => return None,
        };
        // `b[i]` is a lead byte, so `i` and `k + 1` are char boundaries.
        let prev = t[..i].chars().next_back();
        let next = t[k + 1..].chars().next();
        shares(c, prev, next).then_some(i)
    })
}

/// Whether `c`, between `prev` and `next`, is a 均 or 都 that says "each" (not 人均, 年均, 首都,
/// 三都、, 成都).
fn shares(c: char, prev: Option<char>, next: Option<char>) -> bool {
    match c {
        // Not 均值 / 均衡 / 均等 (a mean, balance, equality).
        '均' => {
            prev.is_none_or(|p| !"人年平户日月亩".contains(p))
                && !next.is_some_and(|c| "值衡等匀".contains(c))
        }
        '都' => {
            prev.is_some_and(|p| !"首成三京古帝国新".contains(p))
                && !next.is_some_and(|c| matches!(c, '、' | '，' | '市' | '区'))
        }
        _ => false,
    }
}

pub(super) fn distinct(it: impl Iterator<Item = String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in it {
        if !s.is_empty() && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// 邮轮母港接待邮轮91艘次、旅客30余万人次: a bare noun after 、 in the same clause is the next
/// object of the verb before (邮轮母港接待旅客), the verb and its doer taken from the item
/// before.
pub(super) fn list_item_of_verb(
    f: &[char],
    seg_start: usize,
    same_clause: bool,
    own: &str,
    prev: Option<&Item>,
) -> Option<String> {
    let verbs = crate::lexicon::get().extract.list_verbs;
    if !same_clause || f.get(seg_start) != Some(&'、') {
        return None;
    }
    let prev = &prev?.subject;
    // 应届高校毕业生就业率保持95%以上、市场就业率70%以上: a rate of the same owner.
    if own.ends_with('率') {
        let common = prev
            .chars()
            .rev()
            .zip(own.chars().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let owner: String = {
            let n = prev.chars().count();
            prev.chars().take(n.saturating_sub(common)).collect()
        };
        if common >= 2
            && own.chars().count() <= 6
            // 森林覆盖率…、林草覆盖率: two of a kind, not one owner's.
            && owner.chars().count() >= 4
            && !own.starts_with(owner.as_str())
        {
            return Some(format!("{owner}{own}"));
        }
        return None;
    }
    let n = own.chars().count();
    if !(2..=4).contains(&n)
        || subject::is_verb_phrase(own)
        || verbs.iter().any(|v| find_short(own, v).is_some())
    {
        return None;
    }
    let (at, verb) = verbs
        .iter()
        .filter_map(|v| crate::chars::rfind_short(prev, v).map(|i| (i, *v)))
        .max_by_key(|(i, _)| *i)?;
    let owner = &prev[..at + verb.len()];
    // The verb's own object must follow it in the item before (接待邮轮), and the doer precede it.
    (at > 0 && owner.len() < prev.len()).then(|| format!("{owner}{own}"))
}

/// Subjects listed before 分别, handed out one a quantity.
pub(super) struct Fenbie {
    subjects: Vec<String>,
    next: usize,
}

impl Fenbie {
    pub(super) fn new(seg: &str, rest: &[Quantity], f: &[char], prev: &[Item]) -> Fenbie {
        let before = find_short(seg, "分别").map_or(seg, |p| &seg[..p]);
        let mut items = subject::split_list(before);
        // How many quantities the 分别 governs: this one and those right after with bare segments.
        let mut n = 1;
        for w in rest.windows(2) {
            // A gap of more than four chars is no bare segment: no String made of it.
            let gap = &f[w[0].end..w[1].start];
            if gap.len() <= 4 && bare_segment(&crate::chars::string(gap)) {
                n += 1;
            } else {
                break;
            }
        }
        // 总量和增速分别居全市第2位、第1位: measures of the thing before, one a number.
        if items.len() < 2 {
            if let Some(ms) = measures_of(&subject::clean(before)).filter(|ms| ms.len() == n) {
                items = ms.into_iter().map(str::to_string).collect();
            }
        }
        if items.len() < 2 {
            let prev: Vec<String> = distinct(prev.iter().map(|i| i.subject.clone()));
            if prev.len() >= n && n >= 2 {
                items = prev[prev.len() - n..].to_vec();
            } else {
                items = Vec::new();
            }
        }
        Fenbie {
            subjects: items,
            next: 0,
        }
    }

    /// 每千人床位数、执业（助理）医师数增至7.83张、3.57个 / 国内游客人次、总花费增长5.6%、7.5%: a
    /// list of subjects followed by as many numbers, paired in order as if 分别 stood between.
    pub(super) fn paired(seg: &str, rest: &[Quantity], f: &[char]) -> Option<Fenbie> {
        if find_short(seg, "、").is_none()
            || find_short(seg, "均").is_some()
            || find_short(seg, "其中").is_some()
        {
            return None;
        }
        let n = 1 + rest
            .windows(2)
            .take_while(|w| {
                let gap = &f[w[0].end..w[1].start];
                gap.len() <= 2 && list_separator(&crate::chars::string(gap))
            })
            .count();
        if n < 2 {
            return None;
        }
        let items = subject::split_list(seg);
        (items.len() == n).then_some(Fenbie {
            subjects: items,
            next: 0,
        })
    }

    pub(super) fn next(&mut self) -> Option<String> {
        // Each subject is handed out once: taken, not copied.
        let s = self.subjects.get_mut(self.next).map(std::mem::take);
        self.next += 1;
        s
    }
}

/// Words that name a measure of a thing, not a thing.
pub(super) fn measures() -> crate::lexicon::Words {
    crate::lexicon::get().extract.measures
}

/// The thing a subject measures: the subject less a measure it ends with (地区生产总值总量 →
/// 地区生产总值).
pub(super) fn thing_of(subject: &str) -> &str {
    measures()
        .iter()
        .find_map(|m| subject.strip_suffix(m))
        .unwrap_or(subject)
}

/// The measures a bare head names (增速, 总量和增速), when it names only measures of a thing.
pub(super) fn measures_of(head: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = head.split(['和', '、']).collect();
    parts
        .iter()
        .all(|p| measures().contains(p))
        .then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `Vec<char>` versions [`is_shared`] and [`split_shared`] replaced.
    fn shares_at(chars: &[char], i: usize) -> bool {
        match chars[i] {
            '均' => {
                (i == 0 || !"人年平户日月亩".contains(chars[i - 1]))
                    && !chars.get(i + 1).is_some_and(|c| "值衡等匀".contains(*c))
            }
            '都' => {
                i > 0
                    && !"首成三京古帝国新".contains(chars[i - 1])
                    && !chars
                        .get(i + 1)
                        .is_some_and(|c| matches!(c, '、' | '，' | '市' | '区'))
            }
            _ => false,
        }
    }

    fn is_shared_by_chars(seg: &str) -> bool {
        let chars: Vec<char> = seg.trim_end().chars().collect();
        if chars.last() == Some(&'各') && chars.contains(&'、') {
            return true;
        }
        if seg.contains("双双") {
            return true;
        }
        (0..chars.len()).any(|i| shares_at(&chars, i))
    }

    fn split_shared_by_chars(seg: &str) -> (String, String) {
        let chars: Vec<char> = seg.trim_end().chars().collect();
        if chars.last() == Some(&'各') && chars.contains(&'、') {
            let head: String = crate::chars::string(&chars[..chars.len() - 1]);
            let head = crate::subject::clean(&head);
            return (head, String::new());
        }
        if let Some(p) = seg.find("双双") {
            return (seg[..p].to_string(), seg[p + "双双".len()..].to_string());
        }
        for i in 0..chars.len() {
            if shares_at(&chars, i) {
                return (
                    crate::chars::string(&chars[..i]),
                    crate::chars::string(&chars[i + 1..]),
                );
            }
        }
        (seg.to_string(), String::new())
    }

    /// The String version [`shared_own`] replaced.
    fn shared_own_by_string<'p>(between: &[char], post: &'p str) -> Option<&'p str> {
        let between = crate::chars::string(between);
        let own = match between.chars().last() {
            Some(last) if "、和及".contains(last) => post.trim_end_matches(last),
            Some(last) if between == post && last != '的' => post,
            _ => return None,
        };
        (between.trim_end_matches(['、', '和', '及']) == own).then_some(own)
    }

    #[test]
    fn shared_own_reads_as_the_string_did() {
        let alphabet: Vec<char> = "、和及的所高校a".chars().collect();
        let mut x: u64 = 0x3c6e_f372_fe94_f82b;
        let draw = |x: &mut u64, n: u64| -> String {
            crate::chars::random_string(x, n, |y| alphabet[(y % alphabet.len() as u64) as usize])
        };
        for n in 0..50_000 {
            let post = draw(&mut x, 6);
            // Often the things and a separator or two, as in the reports.
            let between: Vec<char> = match n % 3 {
                0 => draw(&mut x, 6).chars().collect(),
                1 => post.chars().collect(),
                _ => format!("{post}{}", draw(&mut x, 3)).chars().collect(),
            };
            assert_eq!(
                shared_own(&between, &post),
                shared_own_by_string(&between, &post),
                "{between:?} {post:?}"
            );
        }
    }

    #[test]
    fn shared_reads_as_the_chars_did() {
        // 均 and 都 with every char that changes their reading, chars ending in the same byte
        // (凇 嚇 鄇 邇 …87, 邽 …BD) or starting the same (坃 E5 9D 83), spaces, ASCII, 各 、 双.
        let alphabet: Vec<char> = "均都人年平户日月亩值衡等匀首成三京古帝国新、，市区各双 a1\u{3000}排增\u{5747}\u{90fd}凇嚇鄇\u{9087}\u{5743}邽"
            .chars()
            .collect();
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..50_000 {
            let seg = crate::chars::random_string(&mut x, 9, |y| {
                alphabet[(y % alphabet.len() as u64) as usize]
            });
            assert_eq!(is_shared(&seg), is_shared_by_chars(&seg), "{seg:?}");
            assert_eq!(split_shared(&seg), split_shared_by_chars(&seg), "{seg:?}");
        }
        assert!(is_shared("均排全省第4"));
        assert!(!is_shared("人均可支配收入"));
        assert_eq!(
            split_shared("两项指标均"),
            ("两项指标".to_string(), String::new())
        );
    }
}
