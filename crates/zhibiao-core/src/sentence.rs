//! Stage 4, sentences and clauses.
//!
//! A sentence ends at 。！？ (the scoring rule of the spec) or at a paragraph's end; a clause
//! ends at ，；： as well.

/// Sentence spans `(start, end)` of width-folded chars `f[start..end]`, each ending just past
/// its closing mark (and any closing quote); empty sentences are skipped.
pub fn sentences(f: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
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
    split_long(f, out)
}

/// Longest sentence the later stages see: real sentences are far shorter, and a text with no
/// 。 at all (a table, a damaged file) must not make the work per sentence quadratic.
const MAX_SENTENCE: usize = 1000;

/// Splits sentences longer than [`MAX_SENTENCE`] at their last clause mark before the limit
/// (or at the limit).
fn split_long(f: &[char], sentences: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    if sentences.iter().all(|(s, e)| e - s <= MAX_SENTENCE) {
        return sentences;
    }
    let mut out = Vec::with_capacity(sentences.len());
    for (mut s, e) in sentences {
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
    out
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
