use super::run;
use crate::{Bound, Fact, Kind, Measure};

mod county;
mod national;
mod periods;
mod subjects;

pub(super) fn facts(text: &str) -> Vec<Fact> {
    run("t", text, None).facts
}

#[test]
fn review_sentence() {
    let f =
        facts("过去一年，实现地区生产总值3773.41亿元，增长3.3%、排全省第2，为建市以来最高排位。");
    let got: Vec<_> = f
        .iter()
        .map(|f| (f.subject.as_str(), f.measure, f.value, f.unit.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("地区生产总值", Measure::Level, 377341000000.0, "元"),
            ("地区生产总值", Measure::Growth, 3.3, "%"),
            ("地区生产总值", Measure::Rank, 2.0, "位"),
        ]
    );
    assert_eq!(f[2].scope.as_deref(), Some("全省"));
}

#[test]
fn shared_and_respectively() {
    let f = facts("过去一年，其中规模以上工业增加值增长 3.1%、社会消费品零售总额增长2.4%，均排全省第4，固定资产投资下降0.8%。");
    let ranks: Vec<_> = f
        .iter()
        .filter(|f| f.measure == Measure::Rank)
        .map(|f| f.subject.as_str())
        .collect();
    assert_eq!(ranks, vec!["规模以上工业增加值", "社会消费品零售总额"]);
    let fall = f.iter().find(|f| f.subject == "固定资产投资").unwrap();
    assert_eq!(fall.value, -0.8);
    let f = facts("过去一年，工业增加值、制造业增加值占GDP比重分别达39.3%和35.8%，均创近年新高。");
    let got: Vec<_> = f
        .iter()
        .map(|f| (f.subject.as_str(), f.value, f.measure))
        .collect();
    assert_eq!(
        got,
        vec![
            ("工业增加值占GDP比重", 39.3, Measure::Share),
            ("制造业增加值占GDP比重", 35.8, Measure::Share)
        ]
    );
}

#[test]
fn targets_with_stretch() {
    let text = "——2023年2月16日在江门市第十六届人民代表大会第三次会议上\n2023年是关键之年。\n主要预期目标是：地区生产总值增长6%以上、力争7%以上；城镇新增就业4万人以上；工程建设审批时间压减50%以上。\n";
    let f = facts(text);
    let got: Vec<_> = f
        .iter()
        .map(|f| (f.kind, f.period, f.value, f.bound, f.stretch))
        .collect();
    assert_eq!(
        got,
        vec![
            (Kind::Target, 2023, 6.0, Bound::AtLeast, false),
            (Kind::Target, 2023, 7.0, Bound::AtLeast, true),
            (Kind::Target, 2023, 40000.0, Bound::AtLeast, false),
            (Kind::Target, 2023, -50.0, Bound::AtMost, false),
        ]
    );
}

#[test]
fn to_strive_for_a_title_is_a_stretch_of_its_own_clause_only() {
    let text = "——2026年1月20日在某省第十四届人民代表大会第五次会议上\n2026年是开局之年。\n争创国家现代农业产业园、产业集群、产业强镇各1个，农产品加工业总产值与农业总产值之比突破1：1。\n";
    let got: Vec<_> = facts(text)
        .iter()
        .map(|f| (f.value, f.stretch, f.subject.clone()))
        .collect();
    assert_eq!(got.len(), 4, "{got:?}");
    assert!(got[..3].iter().all(|g| g.0 == 1.0 && g.1), "{got:?}");
    assert_eq!(got[0].2, "国家现代农业产业园");
    assert!(!got[3].1, "{got:?}");
}

#[test]
fn a_stretch_clause_after_a_comma_goes_on_with_the_target_before_it() {
    let text = "——2019年1月10日在县第十七届人民代表大会第三次会议上\n2019年是关键之年。\n主要预期目标是：地区生产总值增长7.5%左右，力争8%；城镇新增就业2000人，力争2500人；财政收入增长6%，力争新增企业10家。\n";
    let f = facts(text);
    let got: Vec<_> = f
        .iter()
        .map(|f| (f.subject.as_str(), f.measure, f.value, f.bound, f.stretch))
        .collect();
    assert_eq!(
        got,
        vec![
            ("地区生产总值", Measure::Growth, 7.5, Bound::About, false),
            ("地区生产总值", Measure::Growth, 8.0, Bound::Exact, true),
            ("城镇新增就业", Measure::Level, 2000.0, Bound::Exact, false),
            ("城镇新增就业", Measure::Level, 2500.0, Bound::Exact, true),
            ("财政收入", Measure::Growth, 6.0, Bound::Exact, false),
            ("新增企业", Measure::Level, 10.0, Bound::Exact, true),
        ]
    );
}

pub(super) const PLAN: &str =
    "2026年政府工作报告\n——2026年1月20日在某省第十四届人民代表大会第四次会议上\n";

pub(super) fn brief(f: &Fact) -> (Kind, i32, Option<i32>, f64, String, String) {
    (
        f.kind,
        f.period,
        f.since,
        f.value,
        f.unit.clone(),
        f.subject.clone(),
    )
}

#[test]
fn a_bare_measure_opening_its_sentence_is_of_the_sentence_before() {
    let f = facts("——2026年1月20日在某省第十八届人民代表大会第五次会议上\n过去一年，经济运行稳中有进。石化产业持续“减油增化提质”，提升全产业链竞争力。产值突破1300亿元。老城区改造稳步推进。全年共完成投资3.5亿元。\n");
    let subjects: Vec<&str> = f.iter().map(|f| f.subject.as_str()).collect();
    assert_eq!(subjects, ["石化产业产值", "老城区改造投资"], "{f:#?}");
}

#[test]
fn milestones_crossed_are_levels_reached_and_steps_are_counted() {
    let text = "2026年某省政府工作报告\n一、过去五年工作回顾\n这五年，全省地区生产总值跨越5000亿元大关，年均增长5.7%。经济总量迈上5万亿台阶、五年增量超1.36万亿元。工业总产值连续跨越3个千亿元台阶。\n";
    let x = crate::extract("x", text);
    let got: Vec<(f64, &str, Bound, Option<i32>, &str)> = x
        .facts
        .iter()
        .map(|f| {
            (
                f.value,
                f.unit.as_str(),
                f.bound,
                f.since,
                f.subject.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (5e11, "元", Bound::AtLeast, None, "地区生产总值"),
            (5.7, "%", Bound::Exact, Some(2021), "地区生产总值"),
            (5e12, "元", Bound::AtLeast, None, "经济总量"),
            (1.36e12, "元", Bound::AtLeast, Some(2021), "经济总量增量"),
            (3.0, "个", Bound::Exact, Some(2021), "工业总产值千亿元台阶"),
        ]
    );
}

#[test]
fn a_bare_noun_after_a_list_comma_is_the_verbs_next_object() {
    let text = "2026年某市政府工作报告\n一、2025年工作回顾\n过去一年，邮轮母港接待邮轮91艘次、旅客30余万人次。\n";
    let x = crate::extract("x", text);
    let subjects: Vec<&str> = x.facts.iter().map(|f| f.subject.as_str()).collect();
    assert_eq!(subjects, vec!["邮轮母港接待邮轮", "邮轮母港接待旅客"]);
    let text = "2026年某区政府工作报告\n一、2025年工作回顾\n过去一年，应届高校毕业生就业率保持95%以上、市场就业率70%以上，森林覆盖率达到40%、林草覆盖率60%。\n";
    let x = crate::extract("x", text);
    let subjects: Vec<&str> = x.facts.iter().map(|f| f.subject.as_str()).collect();
    assert_eq!(
        subjects,
        vec![
            "应届高校毕业生就业率",
            "应届高校毕业生市场就业率",
            "森林覆盖率",
            "林草覆盖率"
        ]
    );
}

#[test]
fn a_place_named_without_a_verb_in_a_review_is_where_it_stands() {
    let text = "2026年某省政府工作报告\n一、过去五年工作回顾\n五年来，综合算力指数全国第一，粮食产量稳居全国第2位。\n";
    let x = crate::extract("x", text);
    let got: Vec<(f64, Option<i32>)> = x.facts.iter().map(|f| (f.value, f.since)).collect();
    assert_eq!(got, vec![(1.0, None), (2.0, Some(2021))]);
}

#[test]
fn things_set_up_by_kind_are_counted() {
    let text = format!(
        "{PLAN}二、2026年工作安排\n建设5大微短剧基地。组建三大国资平台公司。实施清洁降碳、智能运行两大专项行动和十大工程。实施“五大文化”研究工程。六大特色产业全链条总产值533.9亿元。7大产业集群对工业贡献率超过70%。\n"
    );
    let got: Vec<_> = facts(&text).iter().map(brief).collect();
    let want = [
        (5.0, "个", "微短剧基地"),
        (3.0, "家", "国资平台公司"),
        (2.0, "项", "专项行动"),
        (10.0, "项", "工程"),
        (533.9e8, "元", "六大特色产业全链条总产值"),
        (70.0, "%", "7大产业集群对工业贡献率"),
    ];
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.3, g.4.as_str(), g.5.as_str()), w, "{g:?}");
    }
}

#[test]
fn plan_constructs() {
    let text = format!(
        "{PLAN}二、2026年工作安排\n城乡低保标准从每人每月800元提高到830元。建设一座城市公园、两条滨江路。统筹用好两个市场两种资源。\n附件\n1.新增城镇就业5万人。\n名词解释\n1.“两重”：国家重大战略实施和重点领域安全能力建设，共安排500亿元。\n"
    );
    let got: Vec<_> = facts(&text).iter().map(brief).collect();
    let want = [
        (Kind::Actual, 2025, 800.0, "元/月", "城乡低保标准"),
        (Kind::Target, 2026, 830.0, "元/月", "城乡低保标准"),
        (Kind::Target, 2026, 1.0, "座", "城市公园"),
        (Kind::Target, 2026, 2.0, "条", "滨江路"),
        (Kind::Target, 2026, 50000.0, "人", "新增城镇就业"),
    ];
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0, g.1, g.3, g.4.as_str(), g.5.as_str()), w, "{g:?}");
    }
}

#[test]
fn proportions_and_structures() {
    let text = format!(
        "{PLAN}一、2025年工作回顾\n过去一年，三次产业结构调整为8.3∶41.4∶50.3。城乡居民收入比缩小到2.3∶1。城乡居民收入比值由2.5缩小至2.4。上午9:30开会。全省四分之三的县实现全覆盖。\n"
    );
    let got: Vec<_> = facts(&text)
        .iter()
        .map(|f| (f.measure, f.period, f.value, f.unit.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Measure::Share, 2025, 8.3, "%".to_string()),
            (Measure::Share, 2025, 41.4, "%".to_string()),
            (Measure::Share, 2025, 50.3, "%".to_string()),
            (Measure::Ratio, 2025, 2.3, "倍".to_string()),
            (Measure::Ratio, 2024, 2.5, "倍".to_string()),
            (Measure::Ratio, 2025, 2.4, "倍".to_string()),
            (Measure::Share, 2025, 75.0, "%".to_string()),
        ]
    );
}

#[test]
fn unchanged_is_a_growth_of_nothing() {
    let f = facts("2016年政府工作报告\n一、2015年工作回顾\n过去一年，居民消费价格与上年持平。\n");
    let got: Vec<_> = f
        .iter()
        .map(|f| (f.measure, f.value, f.unit.as_str(), f.subject.as_str()))
        .collect();
    assert_eq!(got, vec![(Measure::Growth, 0.0, "%", "居民消费价格")]);
}

#[test]
fn a_start_with_more_a_population_that_names_a_country_and_people_reduced() {
    let f = facts("政府工作报告\n——2018年3月5日在第十三届全国人民代表大会第一次会议上\n各位代表：\n一、过去五年政府工作回顾\n五年来，高速铁路运营里程从9000多公里增加到2.5万公里。城镇新增就业6600万人以上，13亿多人口的大国实现了比较充分就业。贫困人口减少6800多万。\n");
    let got: Vec<_> = f
        .iter()
        .map(|f| (f.value, f.period, f.since, f.bound, f.subject.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (9000.0, 2012, None, Bound::AtLeast, "高速铁路运营里程"),
            (25000.0, 2017, None, Bound::Exact, "高速铁路运营里程"),
            (66e6, 2017, Some(2013), Bound::AtLeast, "城镇新增就业"),
            (68e6, 2017, Some(2013), Bound::AtLeast, "贫困人口")
        ]
    );
}

#[test]
fn a_ranking_moved_to_a_place_gives_the_place() {
    let text = "——2026年1月20日在某省第十四届人民代表大会第五次会议上\n过去一年，营商环境排名上升到第8位，金川集团在“世界500强”排名由369位上升到235位，两院院士增至93位。\n";
    let got: Vec<_> = facts(text)
        .iter()
        .map(|f| (f.measure, f.value, f.unit.clone(), f.period))
        .collect();
    assert_eq!(
        got,
        vec![
            (Measure::Rank, 8.0, "位".to_string(), 2025),
            (Measure::Rank, 369.0, "位".to_string(), 2024),
            (Measure::Rank, 235.0, "位".to_string(), 2025),
            (Measure::Level, 93.0, "人".to_string(), 2025),
        ]
    );
}

#[test]
fn a_share_of_the_plan_done_is_a_ratio() {
    let text = "——2026年1月20日在某省第十四届人民代表大会第五次会议上\n过去一年，城镇新增就业、新增发放创业担保贷款分别完成年计划的118.2%、248.57%，固定资产投资完成年度计划的105%。\n";
    let got: Vec<_> = facts(text)
        .iter()
        .map(|f| (f.measure, f.value, f.subject.clone()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Measure::Ratio, 118.2, "城镇新增就业".to_string()),
            (Measure::Ratio, 248.57, "新增发放创业担保贷款".to_string()),
            (Measure::Ratio, 105.0, "固定资产投资".to_string()),
        ]
    );
}
