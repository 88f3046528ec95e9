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
