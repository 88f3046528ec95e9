//! Stage 4, sentences and clauses.
//!
//! A sentence ends at 。！？ (the scoring rule of the spec) or at a paragraph's end; a clause
//! ends at ，；： as well.

/// Sentence spans `(start, end)` of width-folded chars `f[start..end]`, each ending just past
/// its closing mark (and any closing quote); empty sentences are skipped.
pub fn sentences(f: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    // Room for a sentence every 32 chars (most are longer): the vector seldom grows (it grew
    // from 4 to 8 to 16 …, a reallocation each time).
    let mut out = Vec::with_capacity(end.saturating_sub(start) / 32 + 1);
    sentences_into(f, start, end, &mut out);
    out
}

/// [`sentences`] written into `out` (cleared first): a caller that reads paragraph after
/// paragraph keeps one vector for them all instead of a new one each.
pub fn sentences_into(f: &[char], start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    out.clear();
    let mut s = start;
    let mut i = start;
    while let Some(p) = next_end(&f[i..end]) {
        i += p;
        let mut e = i + 1;
        while e < end && matches!(f[e], '”' | '’' | '）') {
            e += 1;
        }
        if e > s {
            out.push((s, e));
        }
        s = e;
        i = e;
    }
    if s < end && f[s..end].iter().any(|c| !c.is_whitespace()) {
        out.push((s, end));
    }
    split_long(f, out);
}

/// Whether `c` is a full stop: 。, ！ or ？.
#[inline(always)]
fn is_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？')
}

/// `f.iter().position(|c| matches!(c, '。' | '！' | '？'))`, eight chars a step: each compared
/// with the three marks, the results or-ed without a branch (`matches!` branches a compare),
/// which the compiler does in vector registers (most steps hold no full stop); the step that
/// holds one is read again char by char.
fn next_end(f: &[char]) -> Option<usize> {
    // 1 for a full stop, 0 for any other char.
    let mark = |c: char| {
        let c = c as u32;
        u32::from(c == '。' as u32) | u32::from(c == '！' as u32) | u32::from(c == '？' as u32)
    };
    let mut j = 0;
    for eight in f.chunks_exact(8) {
        if eight.iter().fold(0, |any, &c| any | mark(c)) != 0 {
            break;
        }
        j += 8;
    }
    f[j..].iter().position(|&c| is_end(c)).map(|p| j + p)
}

/// Longest sentence the later stages see: real sentences are far shorter, and a text with no
/// 。 at all (a table, a damaged file) must not make the work per sentence quadratic.
const MAX_SENTENCE: usize = 1000;

/// Splits sentences longer than [`MAX_SENTENCE`] at their last clause mark before the limit
/// (or at the limit), in place.
fn split_long(f: &[char], sentences: &mut Vec<(usize, usize)>) {
    if sentences.iter().all(|(s, e)| e - s <= MAX_SENTENCE) {
        return;
    }
    // Rare (a text without full stops): the spans as found are read from a copy.
    let found = std::mem::take(sentences);
    let out = sentences;
    out.reserve(found.len());
    for (mut s, e) in found {
        while e - s > MAX_SENTENCE {
            let limit = s + MAX_SENTENCE;
            let cut = (s + MAX_SENTENCE / 2..limit)
                .rev()
                .find(|&i| matches!(f[i], '，' | '；' | '：' | '、'))
                .map(|i| i + 1)
                .unwrap_or(limit);
            out.push((s, cut));
            s = cut;
        }
        if e > s {
            out.push((s, e));
        }
    }
}

/// Start of the clause holding char `i`: just past the last ，；： (or the sentence start `s`).
pub fn clause_start(f: &[char], s: usize, i: usize) -> usize {
    let mut j = i.min(f.len());
    while j > s {
        if matches!(f[j - 1], '，' | '；' | '：' | '。' | '！' | '？') {
            return j;
        }
        j -= 1;
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The char-by-char [`sentences`] before [`next_end`], kept as its reference.
    fn sentences_by_char(f: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut s = start;
        let mut i = start;
        while i < end {
            if matches!(f[i], '。' | '！' | '？') {
                let mut e = i + 1;
                while e < end && matches!(f[e], '”' | '’' | '）') {
                    e += 1;
                }
                if e > s {
                    out.push((s, e));
                }
                s = e;
                i = e;
                continue;
            }
            i += 1;
        }
        if s < end && f[s..end].iter().any(|c| !c.is_whitespace()) {
            out.push((s, end));
        }
        split_long(f, &mut out);
        out
    }

    /// The same sentences as the reference on pseudo-random texts of the marks, chars 1024·k
    /// away from them (which shared their place in the former byte table) and others, at
    /// several starts and ends.
    #[test]
    fn sentences_as_char_by_char() {
        let mut alphabet: Vec<char> = "。！？”’）， 增长a3".chars().collect();
        for m in ['。', '！', '？'] {
            for d in [1024, 2048, 4096] {
                alphabet.extend(char::from_u32(m as u32 - d));
                alphabet.extend(char::from_u32(m as u32 + d));
            }
        }
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        // One vector for every text, as a report's paragraphs share one: what the last text
        // left in it must not show.
        let mut kept = Vec::new();
        for round in 0..50_000 {
            // Now and then long enough to be split.
            let max = if round % 100 == 0 { 3000 } else { 40 };
            let s = crate::chars::random_string(&mut x, max, |r| {
                // The marks rarer than the rest, as in a report.
                if r % 8 == 0 {
                    alphabet[(r / 8) as usize % alphabet.len()]
                } else {
                    '字'
                }
            });
            let f: Vec<char> = s.chars().collect();
            let n = f.len();
            let (a, b) = (x as usize % (n + 1), (x >> 20) as usize % (n + 1));
            let (a, b) = (a.min(b), a.max(b));
            for (start, end) in [(0, n), (a, b), (a, n)] {
                let want = sentences_by_char(&f, start, end);
                assert_eq!(sentences(&f, start, end), want, "{s:?} {start} {end}");
                sentences_into(&f, start, end, &mut kept);
                assert_eq!(kept, want, "kept: {s:?} {start} {end}");
            }
        }
    }

    /// `next_end` finds the first full stop as `position` does, wherever it stands in or after
    /// the steps of eight chars, on texts of every length below 40, of the marks' neighbours.
    #[test]
    fn next_end_is_position() {
        let alphabet: Vec<char> = "。！？\u{3001}\u{3003}\u{ff00}\u{ff02}\u{ff1e}\u{ff20}，字a"
            .chars()
            .collect();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..50_000 {
            let s = crate::chars::random_string(&mut x, 40, |r| {
                if r % 6 == 0 {
                    alphabet[(r / 6) as usize % alphabet.len()]
                } else {
                    alphabet[3 + (r / 6) as usize % (alphabet.len() - 3)]
                }
            });
            let f: Vec<char> = s.chars().collect();
            for from in 0..f.len().min(9) {
                let want = f[from..]
                    .iter()
                    .position(|c| matches!(c, '。' | '！' | '？'));
                assert_eq!(next_end(&f[from..]), want, "{s:?} {from}");
            }
        }
    }

    #[test]
    fn splits_sentences_and_finds_clauses() {
        let f: Vec<char> = "实现地区生产总值3773.41亿元，增长3.3%。多数主要经济指标增速高于全省！"
            .chars()
            .collect();
        let s = sentences(&f, 0, f.len());
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].1, 25);
        assert_eq!(clause_start(&f, 0, 20), 18);
        assert_eq!(clause_start(&f, 0, 3), 0);
    }

    #[test]
    fn long_runs_without_full_stops_are_cut_at_clauses() {
        let f: Vec<char> = "增长3%，".repeat(2000).chars().collect();
        let s = sentences(&f, 0, f.len());
        assert!(s.len() >= 10);
        assert!(s
            .iter()
            .all(|(a, b)| b - a <= MAX_SENTENCE && f[b - 1] == '，'));
        assert_eq!(s.first().map(|x| x.0), Some(0));
        assert_eq!(s.last().map(|x| x.1), Some(f.len()));
    }
}
