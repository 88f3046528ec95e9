//! Constructs of a new term's national report: a five-year review under its heading, amounts
//! of 万多亿, counts of people with no unit, and the plan's year.

use super::facts;
use crate::{Bound, Kind, Measure};

/// A 2018 national report's header and its five-year review heading.
const REVIEW: &str = "政府工作报告\n——2018年3月5日在第十三届全国人民代表大会第一次会议上\n各位代表：\n一、过去五年工作回顾\n本届政府任期的五年，是我国发展进程中极不平凡的五年。面对错综复杂的国际环境和艰巨繁重的国内改革发展稳定任务，全国各族人民迎难而上。\n";

/// `(period, since, average, subject, measure, value, bound)` of each fact.
type Row = (i32, Option<i32>, bool, String, Measure, f64, Bound);

fn rows(text: &str) -> Vec<Row> {
    facts(text)
        .into_iter()
        .map(|f| {
            (
                f.period, f.since, f.average, f.subject, f.measure, f.value, f.bound,
            )
        })
        .collect()
}

#[test]
fn the_five_year_review_reads_amounts_averages_and_values_held() {
    let got = rows(&format!(
        "{REVIEW}共减轻市场主体负担3万多亿元。沙化土地面积年均缩减近2000平方公里。\n财政性教育经费支出占国内生产总值比例持续超过4%。取消和下放行政审批事项618项。\n"
    ));
    let s = |t: &str| t.to_string();
    assert_eq!(
        got,
        vec![
            (
                2017,
                Some(2013),
                false,
                s("共减轻市场主体负担"),
                Measure::Level,
                3e12,
                Bound::AtLeast
            ),
            (
                2017,
                Some(2013),
                true,
                s("沙化土地面积"),
                Measure::Level,
                2000.0,
                Bound::Nearly
            ),
            (
                2017,
                Some(2013),
                false,
                s("财政性教育经费支出占国内生产总值比例"),
                Measure::Share,
                4.0,
                Bound::AtLeast
            ),
            (
                2017,
                Some(2013),
                false,
                s("取消和下放行政审批事项"),
                Measure::Level,
                618.0,
                Bound::Exact
            ),
        ]
    );
}

#[test]
fn people_counted_with_no_unit_before_a_bound_or_after_a_running_total() {
    let review = facts(&format!("{REVIEW}六年来农村贫困人口累计减少8000多万。\n"));
    assert_eq!(
        review
            .iter()
            .map(|f| (f.value, f.unit.as_str(), f.since))
            .collect::<Vec<_>>(),
        vec![(8e7, "人", Some(2012))]
    );
    let plan = facts("政府工作报告\n——2018年3月5日在第十三届全国人民代表大会第一次会议上\n二、2018年工作安排\n农村贫困人口减少1000万以上。\n");
    assert_eq!(
        plan.iter()
            .map(|f| (f.kind, f.period, f.value, f.unit.as_str(), f.bound))
            .collect::<Vec<_>>(),
        vec![(Kind::Target, 2018, 1e7, "人", Bound::AtLeast)]
    );
}

/// A 2019 national report's header and its plan.
const PLAN: &str =
    "政府工作报告\n——2019年3月5日在第十三届全国人民代表大会第二次会议上\n二、2019年工作安排\n";

/// `(kind, period, since, measure, value, bound)` of each fact.
fn plan_rows(text: &str) -> Vec<(Kind, i32, Option<i32>, Measure, f64, Bound)> {
    facts(&format!("{PLAN}{text}\n"))
        .into_iter()
        .map(|f| (f.kind, f.period, f.since, f.measure, f.value, f.bound))
        .collect()
}

#[test]
fn falls_bounded_before_their_verb_cut_by_half_and_lower_than_a_budget() {
    use Measure::*;
    assert_eq!(
        plan_rows("移动网络流量资费年内至少降低30%。项目审批时间再砍掉一半。赤字率比去年预算低0.4个百分点。"),
        vec![
            (Kind::Target, 2019, None, Growth, -30.0, Bound::AtMost),
            (Kind::Target, 2019, None, Growth, -50.0, Bound::Exact),
            (Kind::Target, 2019, None, Pp, -0.4, Bound::Exact),
        ]
    );
    let subjects: Vec<String> = facts(&format!("{PLAN}移动网络流量资费年内至少降低30%。\n"))
        .into_iter()
        .map(|f| f.subject)
        .collect();
    assert_eq!(subjects, vec!["移动网络流量资费".to_string()]);
}

#[test]
fn a_planned_change_from_a_written_year_and_the_rate_in_force() {
    use Measure::*;
    // 比2010年翻一番 by 2020: since 2011 (the year after the base), not the plan's year.
    assert_eq!(
        plan_rows(
            "确保到2020年国内生产总值比2010年翻一番，确保单位国内生产总值能耗比2015年下降15%。"
        ),
        vec![
            (Kind::Target, 2020, Some(2011), Growth, 100.0, Bound::Exact),
            (Kind::Target, 2020, Some(2016), Growth, -15.0, Bound::Exact),
        ]
    );
    // 现行16%: the rate in force is an actual of the year before; 13% the target.
    assert_eq!(
        plan_rows("将制造业等行业现行16%的税率降至13%。"),
        vec![
            (Kind::Actual, 2018, None, Share, 16.0, Bound::Exact),
            (Kind::Target, 2019, None, Share, 13.0, Bound::Exact),
        ]
    );
}

#[test]
fn a_rate_averaged_over_the_span_is_a_share() {
    let got = rows(&format!(
        "{REVIEW}对世界经济增长的贡献率年均超过30%。国内生产总值年均增长7.1%。\n"
    ));
    assert_eq!(
        got.iter().map(|r| (r.1, r.2, r.4, r.5)).collect::<Vec<_>>(),
        vec![
            (Some(2013), true, Measure::Share, 30.0),
            (Some(2013), true, Measure::Growth, 7.1),
        ]
    );
}

#[test]
fn a_plan_or_a_year_the_clause_names_wins_and_a_growth_target_named() {
    // “十一五”期间 in a 2018 review: 2006–2010; 在2019年… / 2016年… opening a clause: that year.
    let got = rows(&format!(
        "{REVIEW}“十一五”期间化学需氧量排放总量下降12.45%。民航旅客吞吐量在2016年突破4000万人次，2015年开行量首次突破1000列。\n"
    ));
    assert_eq!(
        got.iter().map(|r| (r.0, r.1)).collect::<Vec<_>>(),
        vec![(2010, Some(2006)), (2016, None), (2015, None)]
    );
    // 增长预期目标定为7.5%左右: a growth; 在“十二五”期间累计完成: the plan's years.
    assert_eq!(
        plan_rows(
            "今年经济增长预期目标定为7.5%左右。棚户区改造在“十三五”期间累计完成1000万户以上。"
        ),
        vec![
            (Kind::Target, 2019, None, Measure::Growth, 7.5, Bound::About),
            (
                Kind::Target,
                2020,
                Some(2016),
                Measure::Level,
                1e7,
                Bound::AtLeast
            ),
        ]
    );
}
