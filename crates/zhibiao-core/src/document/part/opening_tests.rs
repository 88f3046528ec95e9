use super::*;

/// The first and second sentences' leads read as `split` read them, on pseudo-random
/// strings of stops, spaces, one-, two- and three-byte chars and the full-width comma.
/// [`Opening`] skips these words where its text has no 五.
#[test]
fn five_words_hold_a_five() {
    let words = five_words()
        .iter()
        .chain(five_years_words())
        .chain(PLANS.iter().map(|(w, _)| w));
    for w in words {
        assert!(w.contains('五'), "{w}");
    }
    for w in last_year_opens().iter().chain(this_year_opens()) {
        assert!(w.contains('年'), "{w}");
    }
    let years = Years::new(2026);
    assert!(years.year_y.ends_with('年') && years.prev_y.ends_with('年'));
}

/// The one pass of [`Opening::read`] finds what the searches of
/// [`Opening::read_simple`] find, on pseudo-random strings of stops, spaces, 五, 年, the
/// first chars of 根据/按照/依据 and chars of one to four bytes.
#[test]
fn opening_read_is_read_simple() {
    let alphabet: Vec<char> = "。！；， \u{3000}a年五根据按依é😀过去十".chars().collect();
    let mut x: u64 = 0x6a09_e667_f3bc_c908;
    let years = Years::new(2026);
    for _ in 0..50_000 {
        let t = crate::chars::random_string(&mut x, 70, |y| {
            alphabet[(y % alphabet.len() as u64) as usize]
        });
        let (a, b) = (Opening::read(&t, &years), Opening::read_simple(&t, &years));
        assert_eq!(a.text, b.text, "{t:?}");
        assert_eq!(a.lead, b.lead, "{t:?}");
        assert_eq!(a.first, b.first, "{t:?}");
        assert_eq!(a.second_lead(), b.second_lead(), "{t:?}");
        assert_eq!(a.marks, b.marks, "{t:?}");
    }
}

#[test]
fn opening_leads_as_split_reads_them() {
    let alphabet: Vec<char> = "。！；， \u{3000}a年é过去".chars().collect();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let years = Years::new(2026);
    for _ in 0..20_000 {
        crate::chars::xorshift(&mut x);
        let len = (x % 60) as usize;
        let t: String = (0..len)
            .map(|k| alphabet[((x >> (k % 20 * 3)) as usize + k) % alphabet.len()])
            .collect();
        let o = Opening::read(&t, &years);
        let first = first_chars(
            t.trim_start()
                .split(['。', '！', '；'])
                .next()
                .unwrap_or(""),
            40,
        );
        let second = first_chars(t.split(['。', '！']).nth(1).unwrap_or("").trim_start(), 8);
        assert_eq!(o.first, first, "{t:?}");
        assert_eq!(o.second_lead(), second, "{t:?}");
    }
}
