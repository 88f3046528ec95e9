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
        let f: Vec<char> = "实现地区生产总值3773.41亿元，增长3.3%。多数主要经济指标增速高于全省！".chars().collect();
        let s = sentences(&f, 0, f.len());
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].1, 25);
        assert_eq!(clause_start(&f, 0, 20), 18);
        assert_eq!(clause_start(&f, 0, 3), 0);
    }
}
