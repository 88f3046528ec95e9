/// [`super::opening_owner`] without the test of the clause's chars, kept as its reference.
fn opening_owner_unfiltered(clause: &str) -> Option<String> {
    use super::*;
    if clause.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let t = clean(clause);
    let fared = crate::lexicon::get().subject.fared;
    let edges = OwnerEdges::get();
    let name = t
        .char_indices()
        .map(|(p, _)| p)
        .chain([t.len()])
        .filter(|&end| edges.may_split(&t, end))
        .filter(|&end| owners().iter().any(|h| t[..end].ends_with(h)))
        .map(|end| t.split_at(end))
        .find(|(_, said)| fared.iter().any(|w| said.starts_with(w)))?
        .0;
    ((4..=12).contains(&name.chars().count())
        && !name.contains(['的', '、', '和', '“'])
        && !super::verbs().iter().any(|v| name.starts_with(v)))
    .then(|| name.to_string())
}

/// The same owner with and without the test of the chars, on clauses of owner words, words
/// of how they fared, their chars and other words (pseudo-random, fixed seed).
#[test]
fn owner_as_unfiltered() {
    let lexicon = crate::lexicon::get();
    let mut pieces: Vec<&str> = lexicon.subject.owners.to_vec();
    pieces.extend(lexicon.subject.fared.iter().copied());
    pieces.extend([
        "天开", "高教", "庆阳", "数据", "国家", "现代", "加快", "建设", "的", "、", "和", "连续",
        "三年", "全省", "年", "区", "园", "心", "中", "成", "功", "加", "速", "“", "”",
    ]);
    let (mut x, mut found) = (0x2545_f491_4f6c_dd1du64, 0);
    for _ in 0..50_000 {
        let s = crate::subject::test_strings::lcg_string(&mut x, 7, |r| {
            pieces[r as usize % pieces.len()]
        });
        let old = opening_owner_unfiltered(&s);
        found += usize::from(old.is_some());
        assert_eq!(super::opening_owner(&s), old, "{s:?}");
        if !super::may_hold_owner(s.chars()) {
            assert_eq!(old, None, "{s:?}");
        }
    }
    assert!(found > 500, "{found}");
}
