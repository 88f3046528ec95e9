use super::*;
use crate::decode::fold_text;

fn qs(s: &str) -> Vec<(f64, String, Sort)> {
    let f = fold_text(&s.chars().collect::<Vec<_>>());
    quantities(&f, 0, f.len())
        .into_iter()
        .map(|q| (q.value, q.unit, q.sort))
        .collect()
}

#[test]
fn amounts_percent_and_ranks() {
    let got = qs("实现地区生产总值3773.41亿元，增长3.3%、排全省第2，为建市以来最高排位");
    assert_eq!(
        got,
        vec![
            (377341000000.0, "元".into(), Sort::Amount),
            (3.3, "%".into(), Sort::Percent),
            (2.0, "位".into(), Sort::Rank)
        ]
    );
}

#[test]
fn a_place_moved_to_or_from_in_a_league_of_n_strong() {
    let scopes = |s: &str| {
        let f = fold_text(&s.chars().collect::<Vec<_>>());
        quantities(&f, 0, f.len())
            .into_iter()
            .map(|q| (q.value, q.sort, q.scope))
            .collect::<Vec<_>>()
    };
    let all = Some("全国".to_string());
    assert_eq!(
        scopes("在全国综合实力百强县（市）中跃升至第33位"),
        vec![(33.0, Sort::Rank, all.clone())]
    );
    assert_eq!(
        scopes("在全国综合实力百强县（市）中的位次从第48位提升到第35位"),
        vec![(48.0, Sort::Rank, all.clone()), (35.0, Sort::Rank, all)]
    );
    // No league of N强 and no ranking named: a 第 after 到 is an ordinal.
    assert!(scopes("从第一批到第三批").iter().all(|q| q.1 != Sort::Rank));
}

#[test]
fn a_counter_with_its_alternative_is_one_unit() {
    assert_eq!(
        qs("新筹集保障性租赁住房6957套（间），新增货车8978辆(台)"),
        vec![
            (6957.0, "套（间）".to_string(), Sort::Amount),
            (8978.0, "辆（台）".to_string(), Sort::Amount),
        ]
    );
    assert_eq!(
        qs("牲畜存栏稳定在120万头（只）以上"),
        vec![(1_200_000.0, "头（只）".to_string(), Sort::Amount)]
    );
    // Not a counter in the brackets: the unit stands alone.
    assert_eq!(
        qs("建成5个（含在建）"),
        vec![(5.0, "个".to_string(), Sort::Amount)]
    );
}

#[test]
fn per_mille_is_kept_as_written() {
    let got = qs("人口自然增长率控制在千分之六以内，出生率9.5‰，学科进入ESI前千分之一");
    assert_eq!(
        got,
        vec![
            (6.0, "‰".into(), Sort::Percent),
            (9.5, "‰".into(), Sort::Percent),
        ]
    );
    let f = fold_text(&"增长5‰-6‰".chars().collect::<Vec<_>>());
    let q = quantities(&f, 0, f.len());
    assert_eq!(
        (q[0].value, q[0].upper, q[0].unit.as_str()),
        (5.0, Some(6.0), "‰")
    );
}

#[test]
fn labels_are_not_quantities() {
    assert!(
        qs("深入贯彻省委、省政府“1+1+9”工作部署，2023年2月16日在江门市第十六届人民代表大会")
            .is_empty()
    );
    assert!(qs("“十四五”规划，PM2.5浓度，G325国道，110接处警，打造千亿级产业集群").is_empty());
}

#[test]
fn ranges_and_points() {
    let f = fold_text(
        &"增长6%-6.5%，提高1.1个百分点，4.5%至5%"
            .chars()
            .collect::<Vec<_>>(),
    );
    let q = quantities(&f, 0, f.len());
    assert_eq!(q.len(), 3);
    assert_eq!((q[0].value, q[0].upper), (6.0, Some(6.5)));
    assert_eq!(q[1].sort, Sort::Points);
    assert_eq!((q[2].value, q[2].upper), (4.5, Some(5.0)));
    let f = fold_text(
        &"增长百分之八至百分之十，新增就业40万—45万人，2021-2025年"
            .chars()
            .collect::<Vec<_>>(),
    );
    let q = quantities(&f, 0, f.len());
    let got: Vec<_> = q
        .iter()
        .map(|q| (q.value, q.upper, q.unit.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![(8.0, Some(10.0), "%"), (400000.0, Some(450000.0), "人"),]
    );
}

/// The filters pass every char the exact tests accept: `is_cn_digit` is `CN_DIGITS`, and
/// `may_start` the digits, `CN_DIGITS` and the seven first chars, for every char of the BMP.
#[test]
fn char_filters_keep_every_char() {
    for u in 0..=0xffffu32 {
        let Some(c) = char::from_u32(u) else { continue };
        assert_eq!(
            super::is_cn_digit(c),
            super::CN_DIGITS.contains(&c),
            "{c:?}"
        );
        assert_eq!(
            super::may_start(c),
            c.is_ascii_digit()
                || super::CN_DIGITS.contains(&c)
                || matches!(c, '第' | '连' | '翻' | '倍' | '持' | '成' | '首'),
            "{c:?}"
        );
    }
}

/// The scan stops at every char that may start a quantity and at the quote marks.
#[test]
fn scan_filter_keeps_the_quotes_and_starts() {
    for u in 0..=0xffffu32 {
        let Some(c) = char::from_u32(u) else { continue };
        if super::may_start(c) || c == '“' || c == '”' {
            assert!(super::in_filter(&super::SCAN_FILTER, c), "{c:?}");
        }
    }
}

#[test]
fn the_structure_filter_lets_every_first_char_through() {
    // Every BMP char that starts a structure word passes the filter (the words are never
    // empty, so a word starts nowhere past the text).
    assert!(structure().iter().all(|w| !w.is_empty()));
    for c in (0..=0xffffu32).filter_map(char::from_u32) {
        if structure().iter().any(|w| w.starts_with(c)) {
            assert!(may_start_structure(c), "{c}");
        }
    }
}

#[test]
fn the_scope_filter_keeps_the_scope_found() {
    // The scope `ordinal` finds with only the scopes whose chars are all in the text searched
    // for is the one found searching for every scope (50,000 strings of the scopes' chars).
    // Pieces: whole scopes, and their chars alone (most scopes' chars then stand apart).
    let pieces: Vec<String> = scopes()
        .iter()
        .map(|s| s.to_string())
        .chain(scopes().iter().flat_map(|s| s.chars()).map(String::from))
        .chain("排名居第位列考核".chars().map(String::from))
        .collect();
    let best = |text: &str, filtered: bool| {
        let held = char_bits(text.chars());
        scopes()
            .iter()
            .zip(scope_bits())
            .filter(|(_, bits)| !filtered || *bits & !held == 0)
            .filter_map(|(s, _)| crate::chars::rfind_short(text, s).map(|p| (p, *s)))
            .max_by_key(|(p, s)| (*p, s.len()))
    };
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..50_000 {
        crate::chars::xorshift(&mut x);
        let len = (x % 6) as usize;
        let text: String = (0..len)
            .map(|k| pieces[((x >> (8 * k + 3)) % pieces.len() as u64) as usize].as_str())
            .collect();
        assert_eq!(best(&text, true), best(&text, false), "{text}");
    }
}

#[test]
fn the_four_char_scan_finds_what_the_plain_one_finds() {
    // Strings of chars in the filter and out of it (some out of it collide with its bits), of
    // every length up to 40, against `position` over `in_filter`.
    let alphabet: Vec<char> = "0123456789一二十百千万亿第连翻倍持成“”年的发展经济增长，。%元"
        .chars()
        .collect();
    let mut x: u64 = 0xd1b5_4a32_d192_ed03;
    for _ in 0..50_000 {
        let f: Vec<char> = crate::chars::random_string(&mut x, 41, |y| {
            // Mostly chars out of the filter, as in a report.
            if y.is_multiple_of(8) {
                alphabet[(y >> 8) as usize % alphabet.len()]
            } else {
                char::from_u32(0x4e00 + (y >> 8) as u32 % 0x5200).unwrap()
            }
        })
        .chars()
        .collect();
        let plain = f.iter().position(|&c| in_filter(&SCAN_FILTER, c));
        assert_eq!(next_in_scan_filter(&f), plain, "{f:?}");
    }
}

#[test]
fn a_lone_magnitude_after_a_word_of_approach_is_a_round_count() {
    for (s, v, u, more) in [
        ("赋能上千家硬科技创业团队", 1000.0, "家", true),
        ("开展促消费活动近万场", 10000.0, "场", false),
        ("举办近百场大型演唱会", 100.0, "场", false),
        ("吸引参赛队伍上万支", 10000.0, "支", true),
        ("举办超千场体育赛事", 1000.0, "场", false),
    ] {
        let f = fold_text(&s.chars().collect::<Vec<_>>());
        let got = quantities(&f, 0, f.len());
        assert_eq!(got.len(), 1, "{s}: {got:?}");
        assert_eq!(
            (got[0].value, got[0].unit.as_str(), got[0].more),
            (v, u, more),
            "{s}"
        );
    }
    for s in ["近百年来首次", "成千上万名群众", "千家万户", "投资近千亿元"] {
        let f = fold_text(&s.chars().collect::<Vec<_>>());
        assert!(
            quantities(&f, 0, f.len())
                .iter()
                .all(|q| q.value != 100.0 && q.value != 1000.0 && q.value != 10000.0),
            "{s}"
        );
    }
}

#[test]
fn days_counted_after_the_count_of_days_and_people_before_their_noun() {
    assert_eq!(
        qs("空气质量优良天数连续6年稳定在325天以上"),
        vec![
            (6.0, "年".into(), Sort::Amount),
            (325.0, "天".into(), Sort::Amount)
        ]
    );
    assert_eq!(qs("30天内办结"), vec![]);
    assert_eq!(
        qs("吸引3.2万人才来留"),
        vec![(32000.0, "人".into(), Sort::Amount)]
    );
    assert_eq!(
        qs("新增40.8万青年留渝来渝"),
        vec![(408000.0, "人".into(), Sort::Amount)]
    );
}

#[test]
fn editions_held_are_counted_and_named_editions_are_not() {
    assert_eq!(
        qs("圆满举办4届南博会、3届华商聚云南"),
        vec![
            (4.0, "届".into(), Sort::Amount),
            (3.0, "届".into(), Sort::Amount)
        ]
    );
    assert_eq!(
        qs("成功举办两届科技交流大会"),
        vec![(2.0, "届".into(), Sort::Amount)]
    );
    assert_eq!(qs("成功举办十四届全运会"), vec![]);
    assert_eq!(qs("在第4届进博会上签约"), vec![]);
    assert_eq!(qs("4届南博会成果丰硕"), vec![]);
}

#[test]
fn first_place_is_no_number_and_slash_fractions() {
    // 居全国首位 is a claim with no number (the spec): no quantity; a run beside it is the
    // claim's only number.
    assert_eq!(qs("制造业高质量发展指数居全国首位"), vec![]);
    assert_eq!(
        qs("连续4年保持全国首位"),
        vec![(4.0, "年".into(), Sort::Amount)]
    );
    assert_eq!(qs("始终把政治建设摆在首位"), vec![]);
    assert_eq!(
        qs("船舶海工出口规模占全国1/3以上，占全国增量的1/4"),
        vec![
            (100.0 / 3.0, "%".into(), Sort::Percent),
            (25.0, "%".into(), Sort::Percent)
        ]
    );
    assert_eq!(
        qs("占全国三分之一"),
        vec![(100.0 / 3.0, "%".into(), Sort::Percent)]
    );
    for s in ["截至2025/3/5", "比例为3/2", "G5/G6高速", "1/3.5"] {
        assert!(qs(s).iter().all(|q| q.2 != Sort::Percent), "{s}");
    }
}

#[test]
fn more_than_a_multiple() {
    let f = fold_text(&"增长2倍多，增长3倍".chars().collect::<Vec<_>>());
    let got: Vec<_> = quantities(&f, 0, f.len())
        .into_iter()
        .map(|q| (q.value, q.more))
        .collect();
    assert_eq!(got, vec![(2.0, true), (3.0, false)]);
}

#[test]
fn people_of_a_place_are_counted_in_arabic_numerals_only() {
    assert_eq!(
        qs("740多万玉林人民翘首以盼"),
        vec![(7_400_000.0, "人".into(), Sort::Amount)]
    );
    assert_eq!(qs("不负千万海南人民的厚重期待"), vec![]);
}

#[test]
fn years_since_it_last_happened_are_counted_before_a_first_time() {
    assert_eq!(
        qs("太湖湖体平均水质30年来首次达到良好"),
        vec![(30.0, "年".into(), Sort::Amount)]
    );
    assert_eq!(
        qs("分别为35年来、20年来首次"),
        vec![
            (35.0, "年".into(), Sort::Amount),
            (20.0, "年".into(), Sort::Amount)
        ]
    );
    assert_eq!(qs("改革开放40年来，经济总量大幅增长"), vec![]);
}

#[test]
fn a_ratio_named_bei_cha_is_in_bei() {
    assert_eq!(
        qs("城乡居民收入倍差从1.96缩小至1.81"),
        vec![
            (1.96, "倍".into(), Sort::Proportion),
            (1.81, "倍".into(), Sort::Proportion)
        ]
    );
}

#[test]
fn tenths_in_chinese_or_arabic_digits_are_percent_when_marked() {
    let pct = |v: f64| vec![(v, "%".to_string(), Sort::Percent)];
    assert_eq!(qs("对美贸易下降超3成"), pct(30.0));
    assert_eq!(qs("出口增长三成"), pct(30.0));
    assert_eq!(qs("粮食产量占全国9成"), pct(90.0));
    assert_eq!(qs("约1成"), pct(10.0));
    assert_eq!(qs("近八成"), pct(80.0));
    // Unmarked, or a digit of a longer number: no tenths.
    assert_eq!(qs("一成不变"), vec![]);
    assert!(qs("提前3成完成").is_empty());
    assert!(!qs("增长13成").contains(&(30.0, "%".to_string(), Sort::Percent)));
    assert!(!qs("增长2.3成").contains(&(30.0, "%".to_string(), Sort::Percent)));
}

#[test]
fn a_concentration_written_out_is_the_slashed_unit() {
    assert_eq!(
        qs("PM2.5平均浓度降至28.5微克每立方米"),
        vec![(28.5, "微克/立方米".to_string(), Sort::Amount)]
    );
    assert_eq!(
        qs("浓度0.16毫克每立方米"),
        vec![(0.16, "毫克/立方米".to_string(), Sort::Amount)]
    );
}

#[test]
fn people_of_a_kind_named_after_a_bare_count_are_people() {
    let people = |v: f64| vec![(v, "人".to_string(), Sort::Amount)];
    assert_eq!(qs("让242万偏远农村居民喝上干净水"), people(2.42e6));
    assert_eq!(qs("为80万重点群体提供就业帮扶"), people(8e5));
    assert_eq!(qs("妥善安置1.6万山洪泥石流灾害受灾群众"), people(1.6e4));
    // Not across 的 or a list, nor for 人民 after more than a place's name.
    assert!(qs("安排2万的困难群众").is_empty());
    assert!(qs("2万和困难群众").is_empty());
    assert!(qs("惠及3万全省各地广大人民").is_empty());
}

#[test]
fn the_end_of_a_pair_of_lengths_in_years_is_a_length() {
    assert_eq!(
        qs("新增劳动力平均受教育年限从13.5年提高到14年"),
        vec![
            (13.5, "年".into(), Sort::Amount),
            (14.0, "年".into(), Sort::Amount)
        ]
    );
    // A year after 到, with no 年限 before it, stays a year.
    assert_eq!(qs("从2021年到2025年"), vec![]);
}

#[test]
fn a_bare_count_after_a_number_of_people_is_people() {
    assert_eq!(
        qs("基本养老保险参保人数增加1.4亿"),
        vec![(1.4e8, "人".into(), Sort::Amount)]
    );
    assert_eq!(
        qs("常住人口达1000万"),
        vec![(1.0e7, "人".into(), Sort::Amount)]
    );
}

#[test]
fn months_are_a_unit_of_their_own() {
    assert_eq!(
        qs("保交房项目提前3个月实现交付"),
        vec![(3.0, "个月".into(), Sort::Amount)]
    );
    assert_eq!(
        qs("连续61个月未发生重特大事故"),
        vec![(61.0, "个月".into(), Sort::Amount)]
    );
}
