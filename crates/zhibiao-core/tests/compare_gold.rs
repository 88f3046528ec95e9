//! `compare` scored against the gold target–outcome pairs (tests/data/gold/compare), as
//! compare.md *Scoring* defines: the share of gold rows matched and right.

use std::path::PathBuf;

use zhibiao_core::compare::{compare, Options, Row};
use zhibiao_core::compare_eval::{score, CompareScore};
use zhibiao_core::{extract, Registry};

fn read(rel: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn scored(earlier: &str, later: &str, gold: &str) -> CompareScore {
    let id = |f: &str| {
        f.rsplit('/')
            .next()
            .and_then(|n| n.strip_suffix(".txt"))
            .unwrap_or(f)
            .to_string()
    };
    let e = extract(&id(earlier), &read(earlier));
    let l = extract(&id(later), &read(later));
    let cmp = compare(&e, &l, Registry::builtin(), Options::default()).expect("comparable");
    let rows: Vec<Row> = read(gold)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{gold}: {e}: {l}")))
        .collect();
    let s = score(&rows, &cmp.rows);
    println!(
        "{gold}: {} gold rows, {} matched, {} right ({:.0}%); {} rows predicted",
        s.gold,
        s.matched,
        s.right,
        100.0 * s.right_share,
        s.predicted
    );
    for w in &s.wrong {
        println!("  wrong: {w}");
    }
    s
}

/// The hand-checked Hailar pairs of indicators: every row matched and right.
#[test]
fn hailar_indicators() {
    let s = scored(
        "hailar-2015.txt",
        "hailar-2016.txt",
        "gold/compare/hailar-2015-2016.jsonl",
    );
    assert_eq!((s.matched, s.right), (s.gold, s.gold), "{:#?}", s.wrong);
}

/// Hailar targets with no indicator (works, counts), checked against both texts. One row is
/// known wrong: 新建大棚300个 ↔ 建成蔬菜大棚300个 (a key of two characters is too short to pair
/// safely).
#[test]
fn hailar_works_without_an_indicator() {
    let s = scored(
        "hailar-2015.txt",
        "hailar-2016.txt",
        "gold/compare/hailar-2015-2016-works.jsonl",
    );
    assert_eq!(s.matched, s.gold, "{:#?}", s.wrong);
    assert!(s.right + 1 >= s.gold, "{:#?}", s.wrong);
}

/// A national pair whose reports begin at 各位代表： (tests/data/headers): compared with no
/// refusal, ≥ 90% of rows right. One row is known wrong: 居民消费价格与上年持平 (0%) is read as no
/// number by the extractor.
#[test]
fn national_pair_without_headers() {
    let s = scored(
        "headers/national-2025.txt",
        "headers/national-2026.txt",
        "gold/compare/national-2025-2026.jsonl",
    );
    assert_eq!(s.matched, s.gold, "{:#?}", s.wrong);
    assert!(s.right_share >= 0.9, "{:#?}", s.wrong);
}

/// A blind-drafted pair (tests/data/gold-dev/compare): at least `share` of the gold rows right,
/// and every gold row matched when `all_matched`.
fn blind_pair(earlier: &str, later: &str, gold: &str, share: f64, all_matched: bool) {
    let s = scored(
        &format!("genre/{earlier}.txt"),
        &format!("genre/{later}.txt"),
        &format!("gold-dev/compare/{gold}.jsonl"),
    );
    if all_matched {
        assert_eq!(s.matched, s.gold, "{gold}: {:#?}", s.wrong);
    }
    assert!(s.right_share >= share, "{gold}: {:#?}", s.wrong);
}

/// Blind-drafted pairs (session 18): a county's 2024 targets against its 2025 report, which
/// names the county with its parent city; a national 2018 report's targets against the next
/// year's, which starts at 各位代表： with no header. Held out they scored 85.2% and 71.7% of
/// rows right (both 95.1% and 91.3% now); both need ≥ 90%.
#[test]
fn blind_county_and_national_pairs() {
    blind_pair("county-2024", "county-2025", "county-2024-2025", 0.9, true);
    blind_pair("nat-2018", "nat-2019-bare", "nat-2018-2019", 0.9, false);
}

/// A district's 2022 targets against its 2023 report (session 18's second round, held out:
/// 90.5% of rows right, 41 of 42 matched; the district is named with its city in 2022 and
/// alone in 2023).
#[test]
fn blind_district_pair() {
    blind_pair(
        "yunling-2022",
        "yunling-2023",
        "yunling-2022-2023",
        0.9,
        false,
    );
}

/// Session 19's blind pairs, held out: a city's 2024 targets against its 2025 report (which
/// names the city with its province), 97.4% of rows right; a national 2021 report's targets
/// against the next year's web copy, 94.7% (the row missed, a tax threshold 15万元/月, read
/// in 元; 100% since 月销售额 gives 元/月).
#[test]
fn third_round_city_and_national_pairs() {
    blind_pair("city-2024", "city-2025", "city-2024-2025", 0.95, true);
    blind_pair("nat-2021", "nat-2022", "nat-2021-2022", 0.95, true);
}

/// Session 19's fourth round: a county-level city's 2022 targets against its 2023 report (held
/// out: 97.1% of rows right, 35 of 35 matched; 100% since 年度投资 pairs with 完成投资).
#[test]
fn fourth_round_county_level_city_pair() {
    blind_pair("xcity-2022", "xcity-2023", "xcity-2022-2023", 0.95, true);
}
