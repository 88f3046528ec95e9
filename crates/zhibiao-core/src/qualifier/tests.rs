use super::*;

#[test]
fn every_bound_word_ends_in_the_fast_check() {
    for (w, _) in BEFORE {
        assert!(ends_a_bound_word(w.chars().last().unwrap()), "{w}");
    }
}

#[test]
fn before_last_holds_the_last_char_of_each_bound_word() {
    for (k, (w, _)) in BEFORE.iter().enumerate() {
        assert_eq!(w.chars().last(), Some(BEFORE_LAST[k]), "{w}");
    }
}

#[test]
fn the_verbs_of_reaching_end_with_their_last_char() {
    for (w, last) in VERBS_OF_REACHING {
        assert_eq!(w.chars().last(), Some(last), "{w}");
    }
}

#[test]
fn every_after_word_starts_in_the_fast_check() {
    for (w, _) in AFTER {
        assert!(starts_an_after_word(w.chars().next().unwrap()), "{w}");
    }
}

/// `bound_after` as it was: every word of `AFTER` tried, its chars counted.
fn bound_after_plain(f: &[char], i: usize, hi: usize) -> Option<(Bound, usize)> {
    AFTER.iter().find_map(|(w, b)| {
        let l = w.chars().count();
        (i + l <= hi && f[i..i + l].iter().copied().eq(w.chars())).then_some((*b, i + l))
    })
}

#[test]
fn bound_after_as_the_plain_version() {
    let alphabet: Vec<char> = AFTER
        .iter()
        .flat_map(|(w, _)| w.chars())
        .chain("万人元个%以上下左右及之内".chars())
        .collect();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..50_000 {
        crate::chars::xorshift(&mut x);
        let len = (x % 9) as usize;
        let f: Vec<char> = (0..len)
            .map(|k| alphabet[((x >> (5 * k)) % alphabet.len() as u64) as usize])
            .collect();
        for hi in 0..=len {
            for i in 0..=hi {
                assert_eq!(
                    bound_after(&f, i, hi),
                    bound_after_plain(&f, i, hi),
                    "{f:?} {i} {hi}"
                );
            }
        }
    }
}

fn c(s: &str) -> Vec<char> {
    s.chars().collect()
}

#[test]
fn bounds() {
    let f = c("退税减税降费近148亿元");
    assert_eq!(bound_before(&f, 0, 7), Some((Bound::Nearly, 6)));
    let f = c("城镇新增就业4万人以上");
    assert_eq!(bound_after(&f, 9, f.len()), Some((Bound::AtLeast, 11)));
    let f = c("推动亚太森博等企业产值上百亿");
    assert_eq!(bound_before(&f, 0, 12), Some((Bound::AtLeast, 11)));
    let f = c("最近3年");
    assert_eq!(bound_before(&f, 0, 2), None);
}

fn first(f: &[char]) -> Quantity {
    crate::quantity::quantities(f, 0, f.len()).remove(0)
}

/// The reading of the first quantity of `t`: its bound, whether it falls, and its measure.
fn reading(t: &str) -> (Bound, bool, Option<Measure>, (f64, Option<f64>)) {
    let f = c(t);
    let q = first(&f);
    let before = bound_before(&f, 0, q.num_start);
    let after = bound_after(&f, q.end, f.len());
    let q_end = after.map_or(q.end, |(_, e)| e);
    let j = back_over_qualifiers(&f, 0, q.num_start.min(q.start));
    let seg: String = crate::chars::string(&f[..j]);
    let v = verbs(&f, 0, j, &seg, &q);
    let fall = own_fall(&f, &q, 0, &v);
    let b = bound(&q, before.map(|b| b.0), after.map(|b| b.0));
    let b = if fall { flip(b) } else { b };
    (
        b,
        fall,
        own_measure(&f, &q, q_end, &seg, &v),
        signed(q.value, q.upper, fall),
    )
}

#[test]
fn bound_measure_and_sign() {
    assert_eq!(
        reading("固定资产投资下降0.8%"),
        (Bound::Exact, true, Some(Measure::Growth), (-0.8, None))
    );
    assert_eq!(
        reading("工程建设全流程审批时间压减50%以上"),
        (Bound::AtMost, true, Some(Measure::Growth), (-50.0, None))
    );
    assert_eq!(
        reading("城镇新增就业4万人以上"),
        (Bound::AtLeast, false, Some(Measure::Level), (40000.0, None))
    );
    assert_eq!(
        reading("利润总额为“十三五”时期的2.2倍"),
        (Bound::Exact, false, Some(Measure::Ratio), (2.2, None))
    );
    // A percent that names no measure of its own is left to the sentence (a share, or the
    // measure of the quantity before).
    assert_eq!(reading("城镇化率达到65%").2, None);
    assert_eq!(signed(3.0, Some(5.0), true), (-5.0, Some(-3.0)));
    assert!(opens_with_stretch(&c(" 力争8%"), 0, 3));
}

#[test]
fn falls_and_changes() {
    let f = c("工程建设全流程审批时间压减50%以上");
    assert!(falls(&f, 0, 13));
    let f = c("固定资产投资下降0.8%");
    assert!(falls(&f, 0, 8) && changes(&f, 0, 8));
    let f = c("新能源汽车消费增长超2倍");
    assert!(changes(&f, 0, 10) && !falls(&f, 0, 10));
    let f = c("占固定资产投资比重44.2%");
    assert!(!changes(&f, 0, 9));
}

#[test]
fn a_bound_verb_may_take_a_le() {
    let f: Vec<char> = "工业产值突破了500亿元".chars().collect();
    assert_eq!(bound_before(&f, 0, 7).map(|b| b.0), Some(Bound::AtLeast));
    let f: Vec<char> = "工业产值增长了5%".chars().collect();
    assert_eq!(bound_before(&f, 0, 7), None);
}

#[test]
fn guo_alone_is_at_least_and_its_compounds_are_not() {
    let at = |s: &str| {
        let f: Vec<char> = s.chars().collect();
        let i = f
            .iter()
            .position(|c| c.is_ascii_digit() || "万千百".contains(*c))
            .unwrap();
        bound_before(&f, 0, i).map(|b| b.0)
    };
    assert_eq!(at("进出口总额连续两年过万亿元"), Some(Bound::AtLeast));
    assert_eq!(at("营收过100亿元"), Some(Bound::AtLeast));
    assert_eq!(at("超过100亿元"), Some(Bound::AtLeast));
    assert_eq!(at("经过5年"), None);
    assert_eq!(at("度过60天"), None);
}

#[test]
fn a_cut_opening_its_segment_is_a_fall() {
    assert_eq!(leading_change("压减时间"), Some(true));
    assert_eq!(leading_change("平均压减时间"), Some(true));
    assert_eq!(leading_change("提高效率"), Some(false));
    // After 平均 inside the segment, and a lone 减 before a two-char object.
    assert_eq!(leading_change("新上线重点事项办理平均减时间"), Some(true));
    assert_eq!(leading_change("减材料"), Some(true));
    // Not 减少 (a verb of its own), 减税, nor a longer phrase after 减.
    assert_eq!(leading_change("减税"), None);
    assert_eq!(leading_change("减轻企业负担"), None);
    assert_eq!(leading_change("办理时间"), None);
}
