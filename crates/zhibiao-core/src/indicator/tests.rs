/// `normalize` as it was written first, char by char: the reference of the runs.
fn normalize_by_char(s: &str) -> String {
    s.chars()
        .map(crate::decode::fold_char)
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '“' | '”' | '"' | '\'' | '‘' | '’' | '《' | '》' | '「' | '」'
                )
        })
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[test]
fn normalize_copies_runs_as_chars_would() {
    let alphabet: Vec<char> = "aZ9 ０ａＡ\u{3000}“”'《》生产总值é😀％".chars().collect();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..20_000 {
        crate::chars::xorshift(&mut x);
        let len = (x % 16) as usize;
        let s: String = (0..len)
            .map(|k| alphabet[((x >> (k * 4)) % alphabet.len() as u64) as usize])
            .collect();
        assert_eq!(super::normalize(&s), normalize_by_char(&s), "{s:?}");
    }
}

use super::*;

#[test]
fn remembered_indicators_are_the_registry_s() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/jiangmen-2023.txt"
    ))
    .unwrap();
    // Another copy of the built-in registry: looked up with no memo.
    let plain = Registry::parse(BUILTIN).expect("builtin registry");
    let want = crate::extract::run_with("d", &text, None, &plain).facts;
    assert!(want.iter().any(|f| f.indicator.is_some()));
    for _ in 0..2 {
        // The second time, every answer comes from the memo.
        let got = crate::extract("d", &text).facts;
        assert_eq!(got, want);
    }
}

#[test]
fn builtin_registry_parses_with_enough_indicators() {
    let r = Registry::parse(BUILTIN).expect("builtin registry");
    assert!(r.indicators().len() >= 60, "{}", r.indicators().len());
    for id in [
        "gdp",
        "industrial_value_added",
        "fixed_asset_investment",
        "retail_sales",
        "foreign_trade",
        "general_budget_revenue",
        "cpi",
        "urban_new_jobs",
        "surveyed_unemployment_rate",
        "registered_unemployment_rate",
        "grain_output",
        "energy_intensity",
        "rd_intensity",
        "per_capita_disposable_income_urban",
        "per_capita_disposable_income_rural",
        "per_capita_disposable_income_all",
        "air_quality_good_days",
        "deficit_ratio",
        "special_bonds",
    ] {
        assert!(r.get(id).is_some(), "{id}");
    }
}

#[test]
fn wordings_and_renames_find_their_indicator() {
    let r = Registry::builtin();
    let id = |s: &str, m: Measure| r.lookup(s, m).map(|i| i.id.as_str());
    assert_eq!(id("地区生产总值", Measure::Growth), Some("gdp"));
    assert_eq!(id("全市生产总值", Measure::Growth), Some("gdp"));
    assert_eq!(id("经济", Measure::Growth), Some("gdp"));
    assert_eq!(id("数字经济", Measure::Growth), None);
    assert_eq!(
        id("人口自然增长率", Measure::Share),
        Some("natural_population_growth_rate")
    );
    assert_eq!(
        id("一般公共预算支出中民生支出占比", Measure::Share),
        Some("livelihood_spending_share")
    );
    assert_eq!(
        id("新增减税降费及退税缓税缓费", Measure::Level),
        Some("tax_and_fee_cuts")
    );
    assert_eq!(id("海洋生产总值", Measure::Growth), None);
    assert_eq!(
        id("单位地区生产总值能耗", Measure::Growth),
        Some("energy_intensity")
    );
    assert_eq!(
        id("地方公共财政预算收入", Measure::Level),
        Some("general_budget_revenue")
    );
    assert_eq!(
        id("区本级固定资产投资", Measure::Growth),
        Some("fixed_asset_investment")
    );
    assert_eq!(
        id("农民人均纯收入", Measure::Growth),
        Some("per_capita_disposable_income_rural")
    );
    assert_eq!(
        id("农村常住居民人均可支配收入", Measure::Level),
        Some("per_capita_disposable_income_rural")
    );
    assert_eq!(id("居民消费价格涨幅", Measure::Growth), Some("cpi"));
    assert_eq!(
        id("规上工业增加值", Measure::Growth),
        Some("industrial_value_added")
    );
    // A measure the indicator is not reported with.
    assert_eq!(id("城镇调查失业率", Measure::Level), None);
}

#[test]
fn wording_lines_as_find_line_from_gives_them() {
    // Counted from the indicator's table on, each wording's line is the one
    // `find_line_from` counts from the text's start.
    let r = Registry::parse(BUILTIN).expect("builtin registry");
    for ind in &r.indicators {
        let from = BUILTIN.find(&format!("id = \"{}\"", ind.id)).unwrap_or(0);
        for w in std::iter::once(&ind.name).chain(&ind.aliases) {
            let plain = find_line_from(BUILTIN, from, &format!("\"{w}\""));
            assert_eq!(ind.lines.get(w).copied(), Some(plain), "{w}");
        }
    }
}

#[test]
fn bad_registries_name_the_line() {
    let dup = "[[indicator]]\nid = \"a\"\nname = \"甲\"\ndirection = \"up\"\nmeasures = [\"level\"]\naliases = [\"乙\"]\n\n[[indicator]]\nid = \"b\"\nname = \"丙\"\ndirection = \"up\"\nmeasures = [\"level\"]\naliases = [\"乙\"]\n";
    let e = Registry::parse(dup).unwrap_err();
    assert_eq!(e.line, 13, "{e}");
    assert!(e.message.contains("乙"), "{e}");
    let dir = "[[indicator]]\nid = \"a\"\nname = \"甲\"\ndirection = \"sideways\"\nmeasures = [\"level\"]\n";
    let e = Registry::parse(dir).unwrap_err();
    assert_eq!(e.line, 4, "{e}");
    let bad = "[[indicator]]\nid = \"a\"\nname = \"甲\ndirection = \"up\"\n";
    let e = Registry::parse(bad).unwrap_err();
    assert_eq!(e.line, 3, "{e}");
    let unknown = "[[indicator]]\nid = \"a\"\nname = \"甲\"\ndirection = \"up\"\nmeasures = [\"level\"]\ncolour = \"red\"\n";
    assert!(Registry::parse(unknown).is_err());
}

#[test]
fn a_user_file_extends_and_overrides() {
    let mut r = Registry::builtin().clone();
    let user = Registry::parse(
        "[[indicator]]\nid = \"marine_gdp\"\nname = \"海洋生产总值\"\ndirection = \"up\"\nmeasures = [\"growth\"]\n",
    )
    .unwrap();
    r.extend(user).unwrap();
    assert_eq!(
        r.lookup("海洋生产总值", Measure::Growth)
            .map(|i| i.id.as_str()),
        Some("marine_gdp")
    );
    assert_eq!(
        r.lookup("地区生产总值", Measure::Growth)
            .map(|i| i.id.as_str()),
        Some("gdp")
    );
}
