//! Character classes and short-word search shared by the stages (CJK ideographs, Chinese
//! digits): one small module that every stage may use and that uses none of them.

/// A CJK unified ideograph (the characters of the reports' words).
pub fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// A Chinese digit of a small count or ordinal: 一 to 十 (not 两).
pub fn is_cn_digit(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
    )
}

/// A digit of a small count, written in ASCII or Chinese (两 included): 5, 十, 两.
pub fn is_count_digit(c: char) -> bool {
    c.is_ascii_digit() || c == '两' || is_cn_digit(c)
}

/// `haystack.find(word)` for the short phrases read here: a scan of starts, cheaper than
/// building a substring searcher for each of many words.
#[inline]
pub fn find_short(haystack: &str, word: &str) -> Option<usize> {
    let (h, w) = (haystack.as_bytes(), word.as_bytes());
    if w.is_empty() || w.len() > h.len() {
        return None;
    }
    // Candidates are where the word's last byte stands (memchr skips the rest with SIMD; in
    // CJK text a last byte is one of 64 continuation bytes, so few places are checked).
    let k = w.len() - 1;
    memchr::memchr_iter(w[k], &h[k..]).find(|&i| &h[i..i + w.len()] == w)
}

/// `chars.iter().collect::<String>()` in one allocation of the exact size (collecting chars
/// one by one reserves a byte a char, then grows the string twice for CJK text).
pub fn string(chars: &[char]) -> String {
    let mut s = String::with_capacity(chars.iter().map(|c| c.len_utf8()).sum());
    for &c in chars {
        s.push(c);
    }
    s
}

/// Short words indexed by their first char, to ask whether any of them occurs in a text in one
/// pass over it (`words.iter().any(|w| text.contains(w))`, without a search per word).
pub struct FirstChars {
    /// `(first char, word)`, sorted by char.
    words: Vec<(char, &'static str)>,
    /// Bit `c % 128` set for every first char `c`: most chars of a text start no word.
    seen: u128,
}

impl FirstChars {
    pub fn new<'w>(words: impl IntoIterator<Item = &'w &'static str>) -> Self {
        let mut v: Vec<(char, &'static str)> = words
            .into_iter()
            .filter_map(|w| w.chars().next().map(|c| (c, *w)))
            .collect();
        v.sort_unstable();
        let seen = v.iter().fold(0u128, |m, (c, _)| m | 1 << (*c as u32 % 128));
        FirstChars { words: v, seen }
    }

    /// The words starting with `c`.
    pub fn starting(&self, c: char) -> &[(char, &'static str)] {
        if self.seen & 1 << (c as u32 % 128) == 0 {
            return &[];
        }
        let from = self.words.partition_point(|(k, _)| *k < c);
        let to = from + self.words[from..].partition_point(|(k, _)| *k == c);
        &self.words[from..to]
    }

    /// Whether any word occurs in the chars `f` (as in the string of them).
    pub fn occurs_in_chars(&self, f: &[char]) -> bool {
        (0..f.len()).any(|i| {
            self.starting(f[i]).iter().any(|(_, w)| {
                let mut k = i;
                w.chars().all(|c| {
                    k += 1;
                    f.get(k - 1) == Some(&c)
                })
            })
        })
    }

    /// Whether any word occurs in `text`.
    pub fn occurs_in(&self, text: &str) -> bool {
        text.char_indices().any(|(i, c)| {
            self.starting(c)
                .iter()
                .any(|(_, w)| text[i..].starts_with(w))
        })
    }
}

/// Short words indexed by their last char, to ask which may end at a given place (the words of
/// the lexicon are never empty: a test of `lexicon` says so).
pub struct LastChars {
    /// `(last char, word)`, sorted by char.
    words: Vec<(char, &'static str)>,
}

impl LastChars {
    pub fn new<'w>(words: impl IntoIterator<Item = &'w &'static str>) -> Self {
        let mut v: Vec<(char, &'static str)> = words
            .into_iter()
            .filter_map(|w| w.chars().next_back().map(|c| (c, *w)))
            .collect();
        v.sort_unstable();
        LastChars { words: v }
    }

    /// The words ending with `c`.
    pub fn ending(&self, c: char) -> impl Iterator<Item = &'static str> + '_ {
        let from = self.words.partition_point(|(k, _)| *k < c);
        self.words[from..]
            .iter()
            .take_while(move |(k, _)| *k == c)
            .map(|(_, w)| *w)
    }

    /// Whether one of the words ends `f`.
    pub fn end(&self, f: &[char]) -> bool {
        f.last().is_some_and(|&c| {
            self.ending(c).any(|w| {
                let k = w.chars().count();
                f.len() >= k && f[f.len() - k..].iter().copied().eq(w.chars())
            })
        })
    }
}

/// `haystack.rfind(word)` for short words: the last start, found from the word's first byte
/// back (memrchr), without building a searcher.
pub fn rfind_short(haystack: &str, word: &str) -> Option<usize> {
    let (h, w) = (haystack.as_bytes(), word.as_bytes());
    if w.is_empty() {
        return Some(h.len());
    }
    if w.len() > h.len() {
        return None;
    }
    memchr::memrchr_iter(w[0], &h[..=h.len() - w.len()]).find(|&i| &h[i..i + w.len()] == w)
}

/// `haystack.rfind(a).max(haystack.rfind(b))`: the later of the last `a` and the last `b`, in
/// one pass back over the bytes that end either char (memrchr2), not one memrchr each.
pub fn rfind_either(haystack: &str, a: char, b: char) -> Option<usize> {
    let h = haystack.as_bytes();
    let (mut ba, mut bb) = ([0u8; 4], [0u8; 4]);
    let a = a.encode_utf8(&mut ba).as_bytes();
    let b = b.encode_utf8(&mut bb).as_bytes();
    // Two chars found in a str never overlap, so the match that ends last starts last.
    memchr::memrchr2_iter(a[a.len() - 1], b[b.len() - 1], h).find_map(|end| {
        [a, b]
            .into_iter()
            .find(|w| end + 1 >= w.len() && &h[end + 1 - w.len()..=end] == *w)
            .map(|w| end + 1 - w.len())
    })
}

/// `BuildHasher` of [`Fx`], for maps whose keys are fixed (the lexicon's and the registry's
/// words), never the input's.
pub type FxBuild = std::hash::BuildHasherDefault<Fx>;

/// FxHash, as rustc's `FxHasher`: a word of input at a time, a rotate, a xor and a multiply
/// (std's SipHash takes ~100 instructions for a char, ~155 for a short word). Not for keys an
/// input chooses: it does not resist flooding.
#[derive(Default)]
pub struct Fx(u64);

impl Fx {
    const K: u64 = 0x517c_c1b7_2722_0a95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::K);
    }
}

impl std::hash::Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            self.add(u64::from_le_bytes(w.try_into().expect("eight bytes")));
        }
        let tail = words.remainder();
        if !tail.is_empty() {
            let mut w = [0u8; 8];
            w[..tail.len()].copy_from_slice(tail);
            self.add(u64::from_le_bytes(w));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        // The multiply mixes upwards: the table's index (the low bits) from the high ones.
        self.0.rotate_left(26)
    }
}

/// One step of the xorshift generator the tests draw their pseudo-random strings from.
#[cfg(test)]
pub(crate) fn xorshift(x: &mut u64) -> u64 {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    *x
}

/// A pseudo-random string for the tests: `x` steps once and sets how many pieces (chars or
/// words) it has (below `max`); each is `pick` of the next step of a second stream seeded
/// with `x`.
#[cfg(test)]
pub(crate) fn random_string<S>(x: &mut u64, max: u64, mut pick: impl FnMut(u64) -> S) -> String
where
    String: FromIterator<S>,
{
    xorshift(x);
    let len = (*x % max) as usize;
    let mut y = *x;
    (0..len).map(|_| pick(xorshift(&mut y))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pseudo-random strings over a few chars of one, two, three and four bytes.
    fn strings() -> Vec<String> {
        let alphabet: Vec<char> = "a年以来成为达到稳定在超0😀".chars().collect();
        let mut x: u64 = 0x853c_49e6_748f_ea9b;
        (0..20_000)
            .map(|_| {
                crate::chars::xorshift(&mut x);
                let len = (x % 12) as usize;
                (0..len)
                    .map(|k| alphabet[((x >> (3 * k)) % alphabet.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn short_searches_agree_with_std() {
        let words = [
            "年",
            "以来",
            "年以来",
            "成为",
            "达到",
            "稳定在",
            "超0",
            "😀",
            "a",
        ];
        let index = FirstChars::new(&words);
        for s in strings() {
            for w in words {
                assert_eq!(find_short(&s, w), s.find(w), "{s:?} {w:?}");
                assert_eq!(rfind_short(&s, w), s.rfind(w), "{s:?} {w:?}");
            }
            for (a, b) in [
                ('年', '成'),
                ('以', '来'),
                ('a', '😀'),
                ('0', '年'),
                ('为', '为'),
            ] {
                assert_eq!(
                    rfind_either(&s, a, b),
                    s.rfind(a).max(s.rfind(b)),
                    "{s:?} {a:?} {b:?}"
                );
            }
            assert_eq!(
                index.occurs_in(&s),
                words.iter().any(|w| s.contains(w)),
                "{s:?}"
            );
            let chars: Vec<char> = s.chars().collect();
            assert_eq!(
                index.occurs_in_chars(&chars),
                words.iter().any(|w| s.contains(w)),
                "{s:?}"
            );
            let ends = LastChars::new(&words);
            for j in 0..=chars.len() {
                let head = string(&chars[..j]);
                let mut by_index: Vec<&str> = match j {
                    0 => vec![],
                    _ => ends.ending(chars[j - 1]).collect(),
                };
                let mut all: Vec<&str> = words
                    .iter()
                    .copied()
                    .filter(|w| head.ends_with(w))
                    .collect();
                by_index.retain(|w| head.ends_with(w));
                by_index.sort_unstable();
                all.sort_unstable();
                assert_eq!(by_index, all, "{s:?} {j}");
            }
            let some = FirstChars::new(&words[3..6]);
            assert_eq!(
                some.occurs_in(&s),
                words[3..6].iter().any(|w| s.contains(w)),
                "{s:?}"
            );
        }
        assert_eq!(rfind_short("ab", ""), Some(2));
    }
}
