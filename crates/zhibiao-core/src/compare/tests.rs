use super::*;

fn fact(kind: Kind, subject: &str, measure: Measure, value: f64, unit: &str, bound: Bound) -> Fact {
    Fact {
        doc: "d".into(),
        quote: format!("{subject}{value}{unit}"),
        kind,
        period: 2015,
        since: None,
        average: false,
        subject: subject.into(),
        measure,
        value,
        upper: None,
        unit: unit.into(),
        bound,
        stretch: false,
        scope: None,
        line_start: 1,
        line_end: 1,
        offset: 0,
        section: Default::default(),
        indicator: Registry::builtin()
            .lookup(subject, measure)
            .map(|i| i.id.clone()),
        region: None,
        note: None,
    }
}

#[test]
fn verdicts_follow_the_table() {
    let o = Options::default();
    let t = fact(
        Kind::Target,
        "地区生产总值",
        Measure::Growth,
        8.0,
        "%",
        Bound::Exact,
    );
    assert!(is_met(&t, 8.9, Direction::Up, o));
    assert!(!is_met(&t, 7.9, Direction::Up, o));
    let cpi = fact(
        Kind::Target,
        "居民消费价格",
        Measure::Growth,
        3.0,
        "%",
        Bound::About,
    );
    assert!(is_met(&cpi, 3.4, Direction::Down, o));
    assert!(!is_met(&cpi, 3.6, Direction::Down, o));
    let ceiling = fact(
        Kind::Target,
        "城镇登记失业率",
        Measure::Share,
        4.0,
        "%",
        Bound::AtMost,
    );
    assert!(is_met(&ceiling, 3.9, Direction::Down, o));
    let about = fact(
        Kind::Target,
        "粮食产量",
        Measure::Level,
        990000.0,
        "吨",
        Bound::About,
    );
    assert!(is_met(&about, 950000.0, Direction::Up, o));
    assert!(!is_met(&about, 900000.0, Direction::Up, o));
}

#[test]
fn renamed_indicators_pair_across_reports() {
    let t = fact(
        Kind::Target,
        "农民人均纯收入",
        Measure::Growth,
        11.0,
        "%",
        Bound::Exact,
    );
    let o = fact(
        Kind::Actual,
        "农村常住居民人均可支配收入",
        Measure::Growth,
        8.6,
        "%",
        Bound::Exact,
    );
    let other = fact(
        Kind::Actual,
        "城镇居民人均可支配收入",
        Measure::Growth,
        8.7,
        "%",
        Bound::Exact,
    );
    let found = best_outcome(&t, &[&other, &o]).map(|(f, v)| (f.subject.clone(), v));
    assert_eq!(found, Some(("农村常住居民人均可支配收入".to_string(), 8.6)));
}

#[test]
fn margins_are_tidy() {
    assert_eq!(tidy(8.9 - 8.0), 0.9);
    assert_eq!(tidy(28790000000.0 - 29600000000.0), -810000000.0);
    assert_eq!(tidy(0.0), 0.0);
}

#[test]
fn units_convert() {
    assert_eq!(convert(1.0, "吨", "斤"), Some(2000.0));
    assert_eq!(convert(3.0, "公里", "千米"), Some(3.0));
    assert_eq!(convert(1.0, "吨", "元"), None);
}

#[test]
fn regions_normalise() {
    assert_eq!(region_key(Some("江门市")), Some("江门".into()));
    assert_eq!(region_key(Some("江门")), Some("江门".into()));
    assert_eq!(region_key(Some("广西壮族自治区")), Some("广西".into()));
    assert_eq!(region_key(Some("海拉尔区")), Some("海拉尔".into()));
    assert_eq!(
        region_key(Some("呼伦贝尔市海拉尔区")),
        Some("海拉尔".into())
    );
    assert_eq!(
        region_key(Some("内蒙古自治区呼伦贝尔市海拉尔区")),
        Some("海拉尔".into())
    );
    assert_ne!(region_key(Some("呼伦贝尔市")), region_key(Some("海拉尔区")));
}

#[test]
fn works_without_an_indicator_pair_once_normalised() {
    for (a, b) in [
        ("改造棚户区", "完成棚户区改造"),
        ("新开工改造城镇老旧小区", "新开工改造城镇老旧小区"),
        ("建设高标准农田", "建成高标准农田"),
        ("现代牧场", "现代化牧场"),
        ("仓储库建成并投入使用", "仓储库"),
        ("全年蔬菜产量", "（只）、蔬菜产量"),
        (
            "内蒙古冰上运动训练中心投资",
            "自治区冰上运动训练中心项目成功投资",
        ),
    ] {
        assert!(same_works(a, b), "{a} / {b}");
    }
    for (a, b) in [
        ("加快推进大唐", "大唐"),
        ("新建大棚", "建成蔬菜大棚"),
        ("投资", "投资"),
        ("二期", "二期"),
        ("主干道路进行综合改造", "道路的改扩建"),
        ("老旧小区排污管网", "老旧楼房维修改造"),
        ("黑羊站水厂改扩建工程投资", "黑羊站水厂改扩建工程"),
    ] {
        assert!(!same_works(a, b), "{a} / {b}");
    }
}

#[test]
fn targets_without_an_indicator_find_their_outcome() {
    let mut t = fact(
        Kind::Target,
        "改造棚户区",
        Measure::Level,
        3000.0,
        "户",
        Bound::Exact,
    );
    t.quote = "改造棚户区3000户".into();
    let mut done = fact(
        Kind::Actual,
        "完成棚户区改造",
        Measure::Level,
        4000.0,
        "户",
        Bound::Exact,
    );
    done.quote = "完成棚户区改造4000户".into();
    let other_unit = fact(
        Kind::Actual,
        "棚户区改造",
        Measure::Level,
        3500.0,
        "套",
        Bound::Exact,
    );
    let found = best_outcome(&t, &[&other_unit, &done]).map(|(f, v)| (f.quote.clone(), v));
    assert_eq!(found, Some(("完成棚户区改造4000户".to_string(), 4000.0)));
    // Far from the target: a part of the works, not the works.
    let part = fact(
        Kind::Actual,
        "棚户区改造",
        Measure::Level,
        300.0,
        "户",
        Bound::Exact,
    );
    assert_eq!(best_outcome(&t, &[&part]).map(|(_, v)| v), None);
    // Started is not finished.
    let mut start = fact(
        Kind::Target,
        "企业迁建工作",
        Measure::Level,
        8.0,
        "家",
        Bound::Exact,
    );
    start.quote = "年内启动博泰机械、强力水泥等8家".into();
    let mut moved = fact(
        Kind::Actual,
        "企业完成迁建工作",
        Measure::Level,
        5.0,
        "家",
        Bound::Exact,
    );
    moved.quote = "5家".into();
    assert_eq!(best_outcome(&start, &[&moved]).map(|(_, v)| v), None);
}

#[test]
fn a_subject_with_deed_words_finds_its_indicator() {
    let mut o = fact(
        Kind::Actual,
        "城镇登记失业率控制到",
        Measure::Share,
        3.9,
        "%",
        Bound::Exact,
    );
    o.indicator = None;
    assert_eq!(
        effective_indicator(&o, Registry::builtin()).as_deref(),
        Some("registered_unemployment_rate")
    );
}

#[test]
fn a_subject_named_on_one_side_only_pairs_by_its_works() {
    let reg = Registry::builtin();
    let opts = Options::default();
    let year = |mut f: Fact, y: i32| {
        f.period = y;
        f
    };
    let doc = |id: &str, facts: Vec<Fact>| Extraction {
        document: crate::Document {
            id: id.into(),
            ..Default::default()
        },
        facts,
        ..Default::default()
    };
    // 货物进出口 (no indicator) ↔ 货物进出口总额 (foreign_trade); 铁路投资 ↔ 铁路投资 (a key of
    // two chars once 投资 is dropped, but the same subject); a fall wanted with no indicator is
    // met by a larger fall (二氧化硫排放量下降3% ↔ 下降6.7%) and missed by a smaller one.
    let trade = fact(
        Kind::Target,
        "货物进出口",
        Measure::Growth,
        5.0,
        "%",
        Bound::About,
    );
    assert_eq!(trade.indicator, None);
    let rail = fact(
        Kind::Target,
        "铁路投资",
        Measure::Level,
        7320.0,
        "亿元",
        Bound::Exact,
    );
    let so2 = fact(
        Kind::Target,
        "二氧化硫排放量",
        Measure::Growth,
        -3.0,
        "%",
        Bound::Exact,
    );
    let nox = fact(
        Kind::Target,
        "氮氧化物排放量",
        Measure::Growth,
        -3.0,
        "%",
        Bound::Exact,
    );
    let e = doc(
        "a",
        vec![trade, rail, so2, nox]
            .into_iter()
            .map(|f| year(f, 2018))
            .collect(),
    );
    let outcomes = vec![
        fact(
            Kind::Actual,
            "货物进出口总额",
            Measure::Growth,
            9.7,
            "%",
            Bound::Exact,
        ),
        fact(
            Kind::Actual,
            "铁路投资",
            Measure::Level,
            8028.0,
            "亿元",
            Bound::Exact,
        ),
        fact(
            Kind::Actual,
            "二氧化硫排放量",
            Measure::Growth,
            -6.7,
            "%",
            Bound::Exact,
        ),
        fact(
            Kind::Actual,
            "氮氧化物排放量",
            Measure::Growth,
            -2.6,
            "%",
            Bound::Exact,
        ),
    ];
    assert!(outcomes[0].indicator.is_some());
    let l = doc("b", outcomes.into_iter().map(|f| year(f, 2018)).collect());
    let rows = pair(&e, &l, 2018, reg, opts);
    let got: Vec<(Verdict, Option<f64>)> = rows
        .iter()
        .map(|r| (r.verdict, r.outcome.as_ref().map(|o| o.value)))
        .collect();
    assert_eq!(
        got,
        vec![
            (Verdict::Met, Some(9.7)),
            (Verdict::Met, Some(8028.0)),
            (Verdict::Met, Some(-6.7)),
            (Verdict::Missed, Some(-2.6)),
        ]
    );
}
