//! Periods and spans: which year or years each number belongs to.

use super::{brief, facts, PLAN};
use crate::extract::run;
use crate::{Kind, Measure};

#[test]
fn five_year_review_spans_by_role() {
    let text = format!(
        "{PLAN}一、“十四五”时期工作回顾\n过去五年，地区生产总值超过2.5万亿元，年均增长5%。五年累计新增高新技术企业1200家。常住人口城镇化率由52.2%提高到58.1%。粮食产量连续5年稳定在1200万吨以上。\n"
    );
    let got: Vec<_> = facts(&text).iter().map(brief).collect();
    let want = [
        (Kind::Actual, 2025, None, 2.5e12, "元", "地区生产总值"),
        (Kind::Actual, 2025, Some(2021), 5.0, "%", "地区生产总值"),
        (Kind::Actual, 2025, Some(2021), 1200.0, "家", "高新技术企业"),
        (Kind::Actual, 2020, None, 52.2, "%", "常住人口城镇化率"),
        (Kind::Actual, 2025, None, 58.1, "%", "常住人口城镇化率"),
        (Kind::Actual, 2025, Some(2021), 1.2e7, "吨", "粮食产量"),
    ];
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (g, w) in got.iter().zip(want) {
        assert_eq!(
            (g.0, g.1, g.2, g.3, g.4.as_str()),
            (w.0, w.1, w.2, w.3, w.4),
            "{g:?}"
        );
        assert!(g.5.contains(w.5), "{g:?}");
    }
}

#[test]
fn a_run_names_its_span_in_a_one_year_review_too() {
    let f = facts("——2026年1月20日在某市第十八届人民代表大会第五次会议上\n过去一年，“津农精品”销售额连续3年突破百亿元，地区生产总值增长5%。\n");
    assert_eq!(f.len(), 2, "{f:#?}");
    assert_eq!((f[0].period, f[0].since), (2025, Some(2023)));
    assert_eq!((f[1].period, f[1].since), (2025, None));
}

#[test]
fn runs_are_facts_only_alone() {
    let text = format!(
        "{PLAN}一、2025年工作回顾\n过去一年，粮食产量连续5年稳定在1200万吨以上。法定报告传染病发病率连续3年保持全国最低水平。\n"
    );
    let got: Vec<_> = facts(&text)
        .iter()
        .map(|f| (f.value, f.unit.clone(), f.period, f.since))
        .collect();
    // The run sets the level's span even in a one-year review (facts.md: 粮食产量连续五年
    // 稳定在… → since 2021), and is a fact of its own only alone.
    assert_eq!(
        got,
        vec![
            (1.2e7, "吨".to_string(), 2025, Some(2021)),
            (3.0, "年".to_string(), 2025, Some(2023)),
        ]
    );
}

/// A national report's shape: no title or date, 各位代表： first, a review heading with no
/// year, the year reviewed named by the review's first paragraph, a five-year review.

#[test]
fn national_five_year_review() {
    let text = "各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n一、过去一年和五年工作回顾\n2022年是党和国家历史上极为重要的一年。国内生产总值增长3%。\n过去五年极不寻常、极不平凡。\n经济发展再上新台阶。国内生产总值增加到121万亿元，五年年均增长5.2%，十年增加近70万亿元、年均增长6.2%。工业增加值突破40万亿元。\n脱贫攻坚任务胜利完成。经过八年持续努力，近1亿农村贫困人口实现脱贫。\n二、对今年政府工作的建议\n今年发展主要预期目标是：国内生产总值增长5%左右。\n";
    let out = run("national", text, None);
    assert_eq!(out.document.year, Some(2023));
    let got: Vec<_> = out
        .facts
        .iter()
        .map(|f| (f.kind, f.period, f.since, f.average, f.value))
        .collect();
    assert_eq!(
        got,
        vec![
            (Kind::Actual, 2022, None, false, 3.0),
            (Kind::Actual, 2022, None, false, 1.21e14),
            (Kind::Actual, 2022, Some(2018), true, 5.2),
            (Kind::Actual, 2022, Some(2013), false, 7e13),
            (Kind::Actual, 2022, Some(2013), true, 6.2),
            (Kind::Actual, 2022, None, false, 4e13),
            (Kind::Actual, 2022, Some(2015), false, 1e8),
            (Kind::Target, 2023, None, false, 5.0),
        ]
    );
}

#[test]
fn a_list_of_starts_hands_its_subjects_and_year_to_the_levels_reached() {
    let f = facts("——2026年1月20日在某省第十四届人民代表大会第五次会议上\n过去五年，城乡低保平均标准分别从2020年的645元/月、4318元/年提高到2025年的801元/月、7226元/年。");
    let got: Vec<_> = f
        .iter()
        .map(|f| {
            (
                f.value,
                f.unit.as_str(),
                f.period,
                f.since,
                f.subject.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (645.0, "元/月", 2020, None, "城镇低保平均标准"),
            (4318.0, "元/年", 2020, None, "农村低保平均标准"),
            (801.0, "元/月", 2025, None, "城镇低保平均标准"),
            (7226.0, "元/年", 2025, None, "农村低保平均标准"),
        ]
    );
    // A denominator ends the unit: what follows is the next words.
    let f = facts("过去一年，国能准东20亿立方米/年煤制天然气项目开工建设。");
    assert_eq!(f[0].unit, "立方米/年");
}

#[test]
fn a_heading_naming_the_five_years_opens_the_review() {
    let text = "2026年某省政府工作报告\n一、2025年和“十四五”工作回顾\n各位代表！2025年主要目标任务圆满完成，标志着“十四五”胜利收官。回首奋斗历程，我们倍感振奋。\n这是改革开放步伐显著加快的五年。\n进出口总值实现翻番，民生领域财政支出占比保持在76%以上。\n";
    let spans: Vec<_> = facts(text).iter().map(|f| (f.since, f.period)).collect();
    assert_eq!(spans, vec![(Some(2021), 2025), (Some(2021), 2025)]);
}

#[test]
fn a_plan_named_in_a_one_year_plan_sets_its_span() {
    let text = "——2026年1月20日在省第十四届人民代表大会第四次会议上\n2026年主要预期目标是：地区生产总值增长5%左右。“十五五”时期县城新增人口100万。\n";
    let f = facts(text);
    let pop = f
        .iter()
        .find(|x| x.value == 1_000_000.0)
        .expect("the count");
    assert_eq!(
        (pop.kind, pop.period, pop.since),
        (Kind::Target, 2030, Some(2026))
    );
    assert_eq!(pop.subject, "县城新增人口");
}

#[test]
fn a_world_league_and_the_years_of_a_change() {
    let text = "2026年政府工作报告\n这五年，我们全力推动高质量发展。锡铟锗产量全球第一，形成产业链。高新技术企业数3年翻一番。";
    let f = facts(text);
    let rank = f.iter().find(|x| x.measure == Measure::Rank).unwrap();
    assert_eq!(
        (
            rank.subject.as_str(),
            rank.scope.as_deref(),
            rank.since,
            rank.period
        ),
        ("锡铟锗产量", Some("全球"), None, 2025)
    );
    let doubled = f.iter().find(|x| x.measure == Measure::Growth).unwrap();
    assert_eq!(
        (doubled.subject.as_str(), doubled.since, doubled.period),
        ("高新技术企业数", Some(2023), 2025)
    );
}

#[test]
fn runs_of_good_years_are_counted_back() {
    let f = facts("2026年政府工作报告\n过去一年，粮食生产“二十二连丰”，耕地面积实现5连增。");
    let got: Vec<_> = f
        .iter()
        .map(|x| {
            (
                x.quote.as_str(),
                x.value,
                x.unit.as_str(),
                x.since,
                x.period,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("粮食生产“二十二连丰”", 22.0, "年", Some(2004), 2025),
            ("耕地面积实现5连增", 5.0, "年", Some(2021), 2025),
        ]
    );
    let f = facts("过去一年，山东体育代表团勇夺全运会“五连冠”。");
    assert_eq!((f[0].value, f[0].unit.as_str()), (5.0, "连冠"));
}

#[test]
fn a_start_before_a_change_to_is_the_year_before_the_span() {
    let f = facts(
        "2026年政府工作报告\n一、“十四五”时期工作回顾\n五年来，市属重点国企由51家整合为33家。\n",
    );
    let start = f
        .iter()
        .find(|f| f.value == 51.0)
        .expect("the start is a fact");
    assert_eq!(
        (start.period, start.subject.as_str()),
        (2020, "市属重点国企")
    );
}

#[test]
fn a_text_naming_its_year_once_is_read_with_that_year() {
    let f = facts("各位代表：\n现在，我代表市人民政府向大会报告工作。\n2024年全市上下奋发进取。地区生产总值完成4704.3亿元、增长6.1%。\n");
    assert!(!f.is_empty());
    assert!(f.iter().all(|f| f.period == 2024), "{f:?}");
}

#[test]
fn a_five_year_review_names_base_years_that_are_not_the_reviewed_one() {
    // No date line: the year is read from the body, where 2007 is only the base compared with.
    let text = "各位代表：\n现在，我代表市人民政府，向大会报告工作。\n过去五年工作回顾\n五年来，经济实现了平稳较快发展。预计2012年全市生产总值完成3440亿元左右，是2007年的2.1倍；社会消费品零售总额完成960亿元以上，年均增长17.6%；固定资产投资五年累计完成9091亿元。地方财政总收入完成326.8亿元，是2007年的2.3倍。\n";
    let f = facts(text);
    let got: Vec<_> = f.iter().map(brief).collect();
    let level = |v: f64| {
        got.iter()
            .find(|b| b.3 == v)
            .map(|b| (b.1, b.2))
            .unwrap_or_else(|| panic!("{v} in {got:?}"))
    };
    assert_eq!(level(3.44e11), (2012, None));
    // A yearly amount set against the base year, or grown at a yearly average: the last year's.
    assert_eq!(level(9.6e10), (2012, None));
    assert_eq!(level(3.268e10), (2012, None));
    // Summed over the five years.
    assert_eq!(level(9.091e11), (2012, Some(2008)));
    assert_eq!(level(2.1), (2012, Some(2008)));
}

#[test]
fn older_five_year_plans_date_their_reviews() {
    let f = facts("政府工作报告\n——2001年2月16日在内蒙古自治区第九届人民代表大会第四次会议上\n各位代表：\n一、“九五”时期和2000年工作的回顾与总结\n五年来，国内生产总值由“八五”期末的833亿元增加到2000年的1400亿元，年均递增10%，高于全国1.7个百分点。\n");
    let got: Vec<_> = f
        .iter()
        .map(|f| (f.period, f.since, f.average, f.value, f.subject.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (1995, None, false, 8.33e10, "国内生产总值"),
            (2000, None, false, 1.4e11, "国内生产总值"),
            (2000, Some(1996), true, 10.0, "国内生产总值"),
            // The gap is the yearly average's.
            (2000, Some(1996), true, 1.7, "国内生产总值"),
        ]
    );
}

#[test]
fn a_change_from_a_written_base_year_runs_from_the_year_after_it() {
    // In a one-year review and in a mixed heading alike: the years written win.
    let text = format!(
        "{PLAN}一、2025年工作回顾\n过去一年，2025年外国人来琼工作人数较2020年增长90%，地区生产总值总量比2020年增加超7400亿元，外贸进出口比上年增长5%，粮食产量比2024年增加10万吨。\n"
    );
    let got: Vec<_> = facts(&text)
        .iter()
        .map(|f| (f.value, f.period, f.since))
        .collect();
    assert_eq!(
        got,
        vec![
            (90.0, 2025, Some(2021)),
            (7.4e11, 2025, Some(2021)),
            (5.0, 2025, None),
            (1e5, 2025, None),
        ]
    );
    assert_eq!(
        super::super::period::base_year_of_change("较2020年的"),
        None
    );
    assert_eq!(
        super::super::period::base_year_of_change("较2020年末提高"),
        Some(2020)
    );
}

#[test]
fn a_yearly_average_names_its_verb_not_its_measure() {
    let text = format!(
        "{PLAN}一、“十四五”时期工作回顾\n过去五年，各类健身活动年均吸引4000余万人次参与，PM2.5年均浓度降至30微克/立方米。\n"
    );
    let got: Vec<_> = facts(&text)
        .iter()
        .map(|f| (f.value, f.since, f.average))
        .collect();
    assert_eq!(got, vec![(4e7, Some(2021), true), (30.0, None, false)]);
}

/// `year_words` finds what `match_indices` of the formatted `{y}年` finds, on 50,000 strings
/// of digits, 年, a minus and CJK chars, for years of one to ten digits and negative ones.
#[test]
fn year_words_finds_what_the_formatted_search_found() {
    use super::super::period::year_words;
    let alphabet = ['2', '0', '5', '1', '年', '-', '比', '较', 'a', '９', '〇'];
    let years = [2025, 2024, 5, 0, -5, -2025, 20251, i32::MAX, i32::MIN, 12];
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 0..50_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let len = (x % 24) as usize;
        let mut s = String::new();
        let mut r = x;
        for _ in 0..len {
            r = r.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            s.push(alphabet[(r >> 33) as usize % alphabet.len()]);
        }
        let y = years[round % years.len()];
        if round % 3 == 0 {
            let at = s.char_indices().nth(len / 2).map_or(s.len(), |(i, _)| i);
            s.insert_str(at, &format!("{y}年"));
        }
        let before: Vec<usize> = s.match_indices(&format!("{y}年")).map(|(i, _)| i).collect();
        let now: Vec<usize> = year_words(&s, y).collect();
        assert_eq!(before, now, "{s:?} {y}");
    }
}

/// The former `years_span`, on a `Vec<char>` of the text (with 近N年 opening a clause, read
/// since): the reference.
fn years_span_by_chars(text: &str) -> Option<i32> {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c != '年' || i == 0 {
            continue;
        }
        let d = chars[i - 1];
        let n = match d {
            '2'..='9' => d as i32 - '0' as i32,
            '两' | '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            '十' => 10,
            _ => continue,
        };
        if i >= 2 && (chars[i - 2].is_ascii_digit() || crate::chars::is_cn_digit(chars[i - 2])) {
            continue;
        }
        let rest: String = chars[i + 1..].iter().take(4).collect();
        let lead = i < 2 || matches!(chars[i - 2], '近' | '过' | '，' | '、' | '：');
        let effort = i >= 3 && chars[i - 3] == '经' && chars[i - 2] == '过';
        let opening = i >= 2
            && chars[i - 2] == '近'
            && (i < 3 || matches!(chars[i - 3], '，' | '、' | '：' | '；'));
        let after_noun = i >= 2
            && crate::chars::is_cjk(chars[i - 2])
            && !"续每第前后".contains(chars[i - 2])
            && ["增长", "提升", "提高", "下降", "降低", "增加"]
                .iter()
                .any(|w| rest.starts_with(w));
        if effort
            || opening
            || after_noun
            || (lead
                && [
                    "来", "间", "累计", "共", "增长", "提升", "提高", "下降", "降低", "增加",
                    "年均",
                ]
                .iter()
                .any(|w| rest.starts_with(w)))
        {
            return Some(n);
        }
    }
    None
}

/// `years_span` reads what the former one read, on 100,000 strings of the chars it looks at.
#[test]
fn years_span_agrees_with_the_char_vector_one() {
    use super::super::period::years_span;
    let alphabet: Vec<char> =
        "年年年2319两二三十〇一近过经，、：；来间累计共增长提升高下降低加均的a"
            .chars()
            .collect();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut found = 0;
    for _ in 0..100_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let len = (x % 12) as usize;
        let mut r = x;
        let s: String = (0..len)
            .map(|_| {
                r = r.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                alphabet[(r >> 33) as usize % alphabet.len()]
            })
            .collect();
        let before = years_span_by_chars(&s);
        found += usize::from(before.is_some());
        assert_eq!(years_span(&s), before, "{s:?}");
    }
    assert!(found > 100, "{found}");
}

#[test]
fn near_n_years_opening_a_clause_is_a_span() {
    use super::super::period::years_span;
    assert_eq!(years_span("近3年粮食产量稳定在"), Some(3));
    // N年 right after what it measures, then its change.
    assert_eq!(years_span("跨境电商进出口规模五年增长近"), Some(5));
    assert_eq!(years_span("粮食产量连续五年增长"), None);
    assert_eq!(years_span("，近5年人均预期寿命增量居全国第"), Some(5));
    // A record of a single year is no span.
    assert_eq!(years_span("粮食产量创近10年新高"), None);
    assert_eq!(years_span("创近5年最好水平"), None);
}

#[test]
fn what_a_scheme_covers_at_the_end_of_a_review_is_a_state() {
    let text = format!(
        "{PLAN}一、“十四五”时期工作回顾\n过去五年，基本养老保险参保人数增加1.4亿、覆盖10.5亿人。\n"
    );
    let got: Vec<(f64, i32, Option<i32>, String)> = facts(&text)
        .into_iter()
        .map(|f| (f.value, f.period, f.since, f.subject))
        .collect();
    assert_eq!(
        got,
        vec![
            (1.4e8, 2025, Some(2021), "基本养老保险参保人数".to_string()),
            (1.05e9, 2025, None, "基本养老保险参保人数覆盖".to_string())
        ]
    );
}
