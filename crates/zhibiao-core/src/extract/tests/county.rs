//! Constructs of county and district reports: ranks of a growth rate in the city's league,
//! runs of years since a plan began, thresholds that name the things counted.

use super::{brief, facts};
use crate::{Kind, Measure};

/// A 2024 county report's header.
const COUNTY: &str = "康平县人民政府工作报告\n——2024年1月10日在康平县第十八届人民代表大会第三次会议上\n一、2023年工作回顾\n";

#[test]
fn a_rate_ranked_in_the_league_is_the_rate_of_the_thing_before() {
    let f = facts(&format!(
        "{COUNTY}固定资产投资完成14.71亿元，增长4.1%，增速在全市排名第14位。\n"
    ));
    let rank = f.iter().find(|f| f.measure == Measure::Rank).unwrap();
    assert_eq!(
        (rank.subject.as_str(), rank.value, rank.scope.as_deref()),
        ("固定资产投资增速", 14.0, Some("全市"))
    );
}

#[test]
fn a_change_verb_before_fenbie_makes_its_numbers_growth() {
    let f = facts(&format!(
        "{COUNTY}城乡居民人均可支配收入分别完成19618元、8616元，同比增长分别为6.4%、7.9%。\n"
    ));
    let got: Vec<_> = f
        .iter()
        .map(|f| (f.subject.as_str(), f.measure, f.value))
        .collect();
    assert_eq!(
        got,
        vec![
            ("城镇居民人均可支配收入", Measure::Level, 19618.0),
            ("农村居民人均可支配收入", Measure::Level, 8616.0),
            ("城镇居民人均可支配收入", Measure::Growth, 6.4),
            ("农村居民人均可支配收入", Measure::Growth, 7.9),
        ]
    );
}

#[test]
fn a_paragraph_opening_on_a_running_plan_or_a_few_years_reviews_them() {
    // A 2024 report: the plan began in 2021, so the span is 2021–2023.
    let f = facts(&format!(
        "{COUNTY}“十四五”以来，全县地区生产总值年均增长6.1%；累计完成固定资产投资850亿元。一般公共预算收入增加到12.3亿元。\n三年来，累计新增城镇就业5.2万人。\n2021年以来，累计改造老旧小区46个。\n过去一年，新增城镇就业1.1万人。\n"
    ));
    let got: Vec<_> = f.iter().map(brief).collect();
    let want = [
        (2023, Some(2021), 6.1),
        (2023, Some(2021), 8.5e10),
        (2023, None, 1.23e9),
        (2023, Some(2021), 52000.0),
        (2023, Some(2021), 46.0),
        (2023, None, 11000.0),
    ];
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0, g.1, g.2, g.3), (Kind::Actual, w.0, w.1, w.2), "{g:?}");
    }
    assert!(f[0].average && !f[1].average);
    // A plan already over is reviewed whole; the years counted must be more than one.
    let f = facts(&format!("{COUNTY}一年来，新增城镇就业1.1万人。\n"));
    assert_eq!((f[0].period, f[0].since), (2023, None));
}

#[test]
fn a_threshold_stays_in_the_subject_of_the_count_after_it() {
    let f = facts(&format!(
        "{COUNTY}新引进项目87个，其中50亿元以上项目3个、10亿元以上项目15个。村级集体经济收入50万元以上的村达到38个。\n"
    ));
    let got: Vec<_> = f.iter().map(|f| (f.subject.as_str(), f.value)).collect();
    assert_eq!(
        got,
        vec![
            ("新引进项目", 87.0),
            ("50亿元以上项目", 3.0),
            ("10亿元以上项目", 15.0),
            ("村级集体经济收入50万元以上的村", 38.0),
        ]
    );
}

#[test]
fn working_days_and_counts_of_times_are_units() {
    let f = facts(&format!(
        "{COUNTY}企业开办时间压缩至0.5个工作日，制定修订规范性文件18件次。\n"
    ));
    let got: Vec<_> = f
        .iter()
        .map(|f| (f.subject.as_str(), f.value, f.unit.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("企业开办时间", 0.5, "个工作日"),
            ("制定修订规范性文件", 18.0, "件次")
        ]
    );
}

#[test]
fn a_basis_or_a_change_alone_keeps_the_thing_before() {
    let f = facts(&format!(
        "{COUNTY}一般公共预算收入完成38.6亿元，同口径增长4.5%。高新技术企业达到86家，净增21家。粮食总产量达到52.3万吨，增产1.2万吨。\n"
    ));
    let got: Vec<_> = f.iter().map(|f| f.subject.as_str()).collect();
    assert_eq!(
        got,
        vec![
            "一般公共预算收入",
            "一般公共预算收入",
            "高新技术企业",
            "高新技术企业",
            "粮食总产量",
            "粮食总产量"
        ]
    );
}

#[test]
fn measures_handed_out_by_fenbie_are_of_the_thing_before() {
    let f = facts(&format!(
        "{COUNTY}地区生产总值完成642.8亿元，增长6.3%，总量和增速分别居全市第2位、第1位。\n"
    ));
    let ranks: Vec<_> = f
        .iter()
        .filter(|f| f.measure == Measure::Rank)
        .map(|f| (f.subject.as_str(), f.value))
        .collect();
    assert_eq!(
        ranks,
        vec![("地区生产总值总量", 2.0), ("地区生产总值增速", 1.0)]
    );
}

#[test]
fn a_top_place_may_name_the_field_after_its_league() {
    let text = format!(
        "{COUNTY}二、2024年工作安排\n今年主要预期目标是：努力迈进全国综合实力百强区前60位。\n"
    );
    let f = facts(&text);
    assert_eq!(f.len(), 1, "{f:#?}");
    let r = &f[0];
    assert_eq!(
        (r.kind, r.measure, r.value, r.bound, r.scope.as_deref()),
        (
            Kind::Target,
            Measure::Rank,
            60.0,
            crate::Bound::AtMost,
            Some("全国")
        )
    );
    // A band that names a group is no rank: the clause goes on after it.
    assert!(facts(&format!("{COUNTY}3个学科进入全国前1%学科行列。\n"))
        .iter()
        .all(|f| f.measure != Measure::Rank));
}

#[test]
fn an_amount_cut_is_the_amount_and_a_time_cut_is_a_fact() {
    let f = facts(&format!(
        "{COUNTY}农村贫困人口减少1386万，贫困发生率下降1.4个百分点。船舶平均待泊时间同比减少8.9小时，打造15分钟社区生活圈。\n"
    ));
    let got: Vec<_> = f
        .iter()
        .map(|f| (f.measure, f.value, f.unit.as_str(), f.bound))
        .collect();
    use crate::Bound::Exact;
    assert_eq!(
        got,
        vec![
            (Measure::Level, 13860000.0, "人", Exact),
            (Measure::Pp, -1.4, "个百分点", Exact),
            (Measure::Level, 8.9, "小时", Exact),
        ]
    );
    // 6800多万 reduced: at least that many, not at most a negative.
    let f = facts(&format!("{COUNTY}贫困人口减少6800多万。\n"));
    assert_eq!((f[0].value, f[0].bound), (6.8e7, crate::Bound::AtLeast));
}

#[test]
fn a_class_alone_is_a_class_of_the_things_before() {
    let f = facts(&format!(
        "{COUNTY}我县安排重点项目56个，其中工业类3个、农业类21个、服务业类32个。\n"
    ));
    let got: Vec<_> = f.iter().map(|f| f.subject.as_str()).collect();
    assert_eq!(
        got,
        vec![
            "我县安排重点项目",
            "工业类重点项目",
            "农业类重点项目",
            "服务业类重点项目"
        ]
    );
}

#[test]
fn doubling_in_years_days_cut_a_rate_against_last_year_and_a_stretch_of_its_own() {
    let f = facts(&format!(
        "{COUNTY}高新技术企业数量三年倍增。企业开办时间压缩至0.5天以内。外贸进出口总额达到312.6亿元，逆势增长8.7%。接待游客恢复到上年的78%。\n二、2024年工作安排\n今年主要预期目标是：社会消费品零售总额增长8%以上、力争10%。\n"
    ));
    let got: Vec<_> = f
        .iter()
        .map(|f| {
            (
                f.subject.as_str(),
                f.measure,
                f.value,
                f.unit.as_str(),
                f.bound,
                f.since,
            )
        })
        .collect();
    use crate::Bound::{AtLeast, AtMost, Exact};
    assert_eq!(
        got,
        vec![
            (
                "高新技术企业数量",
                Measure::Growth,
                100.0,
                "%",
                Exact,
                Some(2021)
            ),
            ("企业开办时间", Measure::Level, 0.5, "天", AtMost, None),
            (
                "外贸进出口总额",
                Measure::Level,
                3.126e10,
                "元",
                Exact,
                None
            ),
            ("外贸进出口总额", Measure::Growth, 8.7, "%", Exact, None),
            ("接待游客", Measure::Ratio, 78.0, "%", Exact, None),
            (
                "社会消费品零售总额",
                Measure::Growth,
                8.0,
                "%",
                AtLeast,
                None
            ),
            (
                "社会消费品零售总额",
                Measure::Growth,
                10.0,
                "%",
                Exact,
                None
            ),
        ]
    );
    assert!(f[6].stretch && !f[5].stretch);
    // 倍增 as a name (倍增计划) is no change.
    assert!(facts(&format!("{COUNTY}实施高新技术企业三年倍增计划。\n")).is_empty());
}

#[test]
fn a_level_against_a_year_named_is_of_the_period_and_tenths_after_a_bound() {
    let f = facts(&format!(
        "{COUNTY}旅客吞吐量恢复至2019年的105%。\n二、2024年工作安排\n今年主要预期目标是：其中产业项目投资占比不低于六成。\n"
    ));
    let got: Vec<_> = f
        .iter()
        .map(|f| (f.kind, f.period, f.measure, f.value, f.bound))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                Kind::Actual,
                2023,
                Measure::Ratio,
                105.0,
                crate::Bound::Exact
            ),
            (
                Kind::Target,
                2024,
                Measure::Share,
                60.0,
                crate::Bound::AtLeast
            ),
        ]
    );
}
