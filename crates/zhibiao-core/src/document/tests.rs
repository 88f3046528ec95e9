use super::*;
use crate::layout::{layout, Role};

#[test]
fn jiangmen_header_and_out_of_order_headings() {
    let text = " 政府工作报告\n——2023年2月16日在江门市第十六届人民代表大会第三次会议上\n\n过去一年，实现地区生产总值3773.41亿元，增长3.3%。\n2023年是全面贯彻落实党的二十大精神的开局之年。\n地区生产总值增长6%以上。\n\n◇江门市市长 吴晓晖\n\n一、2022年工作回顾\n\n二、2023年工作安排\n";
    let l = layout(text);
    let d = describe("jiangmen-2023", &l);
    assert_eq!(d.document.year, Some(2023));
    assert_eq!(d.document.date.as_deref(), Some("2023-02-16"));
    assert_eq!(d.document.region.as_deref(), Some("江门市"));
    assert_eq!(d.document.level, Some(Level::Prefecture));
    assert_eq!(d.document.speaker.as_deref(), Some("江门市市长 吴晓晖"));
    let kinds: Vec<(Kind, i32)> = l
        .paragraphs
        .iter()
        .zip(&d.parts)
        .filter(|(p, _)| p.role == Role::Body)
        .map(|(_, part)| (part.kind, part.period))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (Kind::Actual, 2022),
            (Kind::Target, 2023),
            (Kind::Target, 2023)
        ]
    );
}

#[test]
fn a_city_governing_towns_only_is_county_level() {
    // 义乌市 alone, with its 镇（街道）: a county-level city; with 县（市、区）: a prefecture.
    let town = "政府工作报告\n——2024年1月10日在义乌市第十七届人民代表大会第四次会议上\n过去一年，地区生产总值增长5.7%。各镇（街道）协同发力，14个镇街全部完成目标。\n";
    let d = describe("yiwu", &layout(town));
    assert_eq!(d.document.region.as_deref(), Some("义乌市"));
    assert_eq!(d.document.level, Some(Level::County));
    // A league of counties it ranks in is no county it governs.
    let ranked = town.replace(
        "过去一年，",
        "过去一年，在全国综合实力百强县（市）中升至第33位，",
    );
    assert_eq!(
        describe("x", &layout(&ranked)).document.level,
        Some(Level::County)
    );
    let city = town.replace("14个镇街", "7个县（市、区）");
    let d = describe("x", &layout(&city));
    assert_eq!(d.document.level, Some(Level::Prefecture));
    // No word of towns or counties: a city stays a prefecture.
    let plain = "政府工作报告\n——2024年1月10日在义乌市第十七届人民代表大会第四次会议上\n过去一年，地区生产总值增长5.7%。\n";
    assert_eq!(
        describe("x", &layout(plain)).document.level,
        Some(Level::Prefecture)
    );
}

/// The kind, period and first year of each body paragraph of `text`.
fn body_parts(text: &str) -> Vec<(Kind, i32, Option<i32>)> {
    let l = layout(text);
    let d = describe("x", &l);
    l.paragraphs
        .iter()
        .zip(&d.parts)
        .filter(|(p, _)| p.role == Role::Body)
        .map(|(_, p)| (p.kind, p.period, p.since))
        .collect()
}

#[test]
fn five_year_review_and_plan() {
    let text = "2026年某省政府工作报告\n一、2025年和“十四五”时期工作回顾\n过去一年，全省地区生产总值增长5.1%。\n五年来，全省地区生产总值年均增长5.5%。\n二、“十五五”时期主要目标任务\n“十五五”时期，全省地区生产总值年均增长5%左右。\n三、2026年重点工作\n全省地区生产总值增长5%左右。\n";
    let l = layout(text);
    let d = describe("x", &l);
    assert_eq!(d.document.year, Some(2026));
    assert_eq!(d.document.region.as_deref(), Some("某省"));
    assert_eq!(
        body_parts(text),
        vec![
            (Kind::Actual, 2025, None),
            (Kind::Actual, 2025, Some(2021)),
            (Kind::Target, 2030, Some(2026)),
            (Kind::Target, 2026, None),
        ]
    );
}

#[test]
fn a_term_review_heading_counts_its_years_and_the_years_ahead_are_planned() {
    // A new term's report: 过去五年工作回顾 reviews 2017–2021 from its heading on (the first
    // paragraph names no span); 2021年是“十四五”开局之年 opens on that year alone; 今后五年
    // (heading and paragraph) plans 2022–2026; then this year's plan.
    let text = "2022年某县政府工作报告\n一、过去五年工作回顾\n本届政府任期的五年，是极不平凡的五年。\n——经济实力跃上新台阶。地区生产总值年均增长7.1%。\n2021年是“十四五”开局之年。全县地区生产总值增长8.3%。\n二、今后五年的奋斗目标\n今后五年，新增城镇就业1.5万人以上。\n三、2022年工作安排\n地区生产总值增长7%左右。\n";
    assert_eq!(
        body_parts(text),
        vec![
            (Kind::Actual, 2021, Some(2017)),
            (Kind::Actual, 2021, Some(2017)),
            (Kind::Actual, 2021, None),
            (Kind::Target, 2026, Some(2022)),
            (Kind::Target, 2022, None),
        ]
    );
    // 过去一年和五年工作回顾 opens on the last year; 本届政府工作回顾 on the term's five years.
    let both = "2023年某省政府工作报告\n一、过去一年和五年工作回顾\n地区生产总值增长3%。\n";
    assert_eq!(body_parts(both), vec![(Kind::Actual, 2022, None)]);
    let term = "2023年某省政府工作报告\n一、本届政府工作回顾\n地区生产总值年均增长5%。\n";
    assert_eq!(body_parts(term), vec![(Kind::Actual, 2022, Some(2018))]);
}

#[test]
fn a_greeting_does_not_hide_a_five_year_review() {
    // The heading names one year; the five years open in a paragraph's second sentence,
    // after 各位代表！, and the next paragraph opens on last year after the greeting.
    let text = "2026年某省政府工作报告\n一、2025年工作回顾\n过去一年，全省地区生产总值增长5.1%。\n各位代表！2025年目标任务顺利完成，标志着“十四五”圆满收官。五年来，我们奋力前行。地区生产总值年均增长5.2%。\n各位代表！刚刚过去的2025年，是极不平凡的一年。地区生产总值增长5.1%。\n";
    assert_eq!(
        body_parts(text),
        vec![
            (Kind::Actual, 2025, None),
            (Kind::Actual, 2025, Some(2021)),
            (Kind::Actual, 2025, None),
        ]
    );
}

#[test]
fn given_region_and_year_replace_what_the_header_says() {
    // No header: the year is a guess from the body (2015, named twice as the plan year).
    let text = "各位代表：\n过去一年，地区生产总值增长8.9%。\n2015年是关键之年。2015年地区生产总值增长8%。\n";
    let mut x = crate::extract("x", text);
    assert_eq!(x.document.region, None);
    let before: Vec<i32> = x.facts.iter().map(|f| f.period).collect();
    assert!(!before.is_empty());
    let guessed = x.document.periods_year;
    let notes = give(
        &mut x,
        &Given {
            region: Some("呼伦贝尔市海拉尔区".into()),
            year: Some(guessed + 1),
        },
    );
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(x.document.region.as_deref(), Some("海拉尔区"));
    assert_eq!(x.document.level, Some(Level::County));
    let after: Vec<i32> = x.facts.iter().map(|f| f.period).collect();
    assert_eq!(after, before.iter().map(|p| p + 1).collect::<Vec<_>>());
    assert!(x
        .facts
        .iter()
        .all(|f| f.region.as_deref() == Some("海拉尔区")));
    // A year given over one the header states is noted.
    let mut y = crate::extract(
        "y",
        "政府工作报告\n——2016年2月19日在海拉尔区第十四届人民代表大会第五次会议上\n各位代表：\n",
    );
    let notes = give(
        &mut y,
        &Given {
            region: None,
            year: Some(2017),
        },
    );
    assert_eq!(
        notes,
        vec!["y: year 2017 as given (the report says 2016)".to_string()]
    );
}

#[test]
fn the_outline_drafted_on_the_proposal_plans_the_five_years() {
    // A heading naming both plans, the review, then the outline of the coming plan.
    let text = "2026年某省政府工作报告\n二、“十四五”时期发展成就和“十五五”时期主要目标任务\n过去五年，地区生产总值年均增长5.5%。\n根据《中共某省委关于制定国民经济和社会发展第十五个五年规划的建议》，我们编制了规划纲要（草案）。提出地区生产总值年均增长5%左右。\n";
    assert_eq!(
        body_parts(text),
        vec![
            (Kind::Actual, 2025, Some(2021)),
            (Kind::Target, 2030, Some(2026)),
        ]
    );
}

#[test]
fn the_last_year_named_inside_a_five_year_review_keeps_the_span() {
    // Paragraphs of the review that name 2025 later in their first sentence, or set it against
    // 2020, go on with the five years; one opening on the last year is about it alone.
    let text = "2026年某省政府工作报告\n五年来，我们坚定不移贯彻新发展理念。\n全省地区生产总值连跨3个千亿级台阶，2025年人均生产总值超过1万美元。\n2025年四大主导产业占GDP比重较2020年提高约14个百分点。\n2025年，全省地区生产总值增长5%。\n";
    assert_eq!(
        body_parts(text),
        vec![
            (Kind::Actual, 2025, Some(2021)),
            (Kind::Actual, 2025, Some(2021)),
            (Kind::Actual, 2025, Some(2021)),
            (Kind::Actual, 2025, None),
        ]
    );
}

#[test]
fn a_title_and_speaker_sharing_the_meeting_lines_paragraph() {
    let text = "政 府 工 作 报 告\n—— 2023年2月23日在苏尼特右旗\n第十六届人民代表大会第三次会议上\n苏尼特右旗人民政府旗长 王占奇\n各位代表:\n现在,我代表旗人民政府向大会报告工作。\n一、2022年工作回顾\n全年地区生产总值完成47.2亿元。\n";
    let l = layout(text);
    let d = describe("sunite", &l).document;
    assert_eq!(d.title.as_deref(), Some("政府工作报告"));
    assert_eq!(d.speaker.as_deref(), Some("苏尼特右旗人民政府旗长 王占奇"));
    assert_eq!(
        (d.region.as_deref(), d.year),
        (Some("苏尼特右旗"), Some(2023))
    );
    let d = describe("shaanxi", &layout("陕西省2026年政府工作报告\n2026年1月27日在陕西省第十四届人民代表大会第四次会议上 陕西省省长 赵刚\n各位代表：\n")).document;
    assert_eq!(d.speaker.as_deref(), Some("陕西省省长 赵刚"));
}

#[test]
fn a_paragraph_naming_the_last_year_in_passing_leaves_the_five_years_for_the_next_bullet() {
    // 2012年末，… names the last year (that paragraph is of it); the next bullet (——…) is of the
    // five years again. A paragraph that reviews the last year (刚刚过去的2012年，…) holds.
    let text = "2013年政府工作报告\n一、过去五年工作回顾\n——经济实力大幅提升。国内生产总值年均增长9.3%。\n2012年末，全国移动电话用户达到11.1亿户。\n——科技创新能力明显增强。研发经费支出年均增长20%。\n刚刚过去的2012年，是极不平凡的一年。国内生产总值增长7.8%。\n——扎实稳增长。财政收入增长12.8%。\n";
    assert_eq!(
        body_parts(text),
        vec![
            (Kind::Actual, 2012, Some(2008)),
            (Kind::Actual, 2012, None),
            (Kind::Actual, 2012, Some(2008)),
            (Kind::Actual, 2012, None),
            (Kind::Actual, 2012, None),
        ]
    );
}
