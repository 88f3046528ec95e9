use super::*;

fn role(measure: Measure, unit: &str, seg: &str, after: &str, prev: Option<Role>) -> Role {
    super::role(measure, unit, seg, seg, after, "", prev)
}

#[test]
fn shares_of_spending_rates_held_and_works_under_way() {
    use Measure::*;
    // The part of the spending put to a use, the proposals handled, a rate kept: over it.
    assert_eq!(
        role(Share, "%", "全市财政支出", "投向民生领域", None),
        Role::Over
    );
    assert_eq!(role(Share, "%", "", "用于民生", None), Role::Over);
    assert_eq!(
        role(Share, "%", "政协委员提案办复率均为", "", None),
        Role::Over
    );
    assert_eq!(role(Share, "%", "水质优良率保持", "", None), Role::Over);
    assert_eq!(role(Share, "%", "水土保持率", "", None), Role::End);
    // Works under way stand at the end; what was done (发布, 召开) is over the span.
    assert_eq!(
        role(Level, "个", "", "省级区域医疗中心加快建设", None),
        Role::End
    );
    assert_eq!(
        role(Level, "件", "发布重大行政决策事项", "", None),
        Role::Over
    );
    assert_eq!(
        role(Level, "场", "召开省级新闻发布会", "", None),
        Role::Over
    );
}

#[test]
fn where_a_rank_stands_and_places_won() {
    use Measure::*;
    assert_eq!(role(Rank, "位", "天水经开区跻身全国", "", None), Role::End);
    assert_eq!(
        role(Rank, "位", "铼、碲回收冶炼能力位列国内前", "", None),
        Role::End
    );
    // A place in an evaluation was won in one of the years; a place held is over them.
    assert_eq!(
        role(
            Rank,
            "位",
            "山西博物院位列国家一级博物馆运行评估第",
            "",
            None
        ),
        Role::Over
    );
    assert_eq!(role(Rank, "位", "稳居全国", "", None), Role::Over);
}

#[test]
fn states_and_amounts() {
    use Measure::*;
    assert_eq!(role(Level, "元", "财政总收入", "", None), Role::End);
    assert_eq!(
        role(Level, "处", "新探明大中型矿产地", "", None),
        Role::Over
    );
    assert_eq!(role(Level, "元", "地区生产总值超过", "", None), Role::End);
    assert_eq!(role(Level, "座", "智能化煤矿达到", "", None), Role::End);
    assert_eq!(
        role(Share, "%", "煤炭先进产能占比提高到", "", None),
        Role::End
    );
    assert_eq!(
        role(Level, "个", "实施省级重点工程项目超", "", None),
        Role::Over
    );
    assert_eq!(
        role(Level, "立方米", "非常规天然气五年累计产量达", "", None),
        Role::Over
    );
    assert_eq!(role(Level, "公里", "农村公路总里程", "", None), Role::End);
    // Works done over the span (消除…29处), and a count of days in a year (优良天数281天),
    // even after a change over the span.
    assert_eq!(
        role(Level, "处", "消除中心城区易积水点位", "", None),
        Role::Over
    );
    assert_eq!(
        role(Level, "天", "优良天数", "", Some(Role::Over)),
        Role::End
    );
    assert_eq!(
        role(Level, "条", "", "主要支流入黄口全部达到优良水质", None),
        Role::End
    );
    assert_eq!(
        role(Level, "个", "", "“两重”项目全部开工", None),
        Role::Over
    );
    assert_eq!(role(Level, "年", "晋祠泉断流", "", None), Role::End);
    assert_eq!(
        role(Share, "%", "衔接资金用于产业占比稳定在", "", None),
        Role::Over
    );
    assert_eq!(role(Growth, "%", "年均", "", None), Role::Over);
    assert_eq!(
        role(Level, "公里", "其中高铁", "", Some(Role::Over)),
        Role::Over
    );
}

#[test]
fn runs_count_back() {
    assert_eq!(run_since("连续5年高于全省平均水平", 2025), Some(2021));
    assert_eq!(run_since("增速连续11个季度居全国前10位", 2025), Some(2023));
    assert_eq!(run_since("连续19个季度", 2025), Some(2021));
    assert_eq!(run_since("连续30个月", 2025), Some(2023));
    assert_eq!(run_since("连续三年获", 2025), Some(2023));
    assert_eq!(run_since("没有", 2025), None);
    assert_eq!(since_named("经济增速2022年以来连续16个季度"), Some(2022));
    assert_eq!(since_named("近年来"), None);
    assert_eq!(plan_end_before("较“十三五”末的"), Some(2020));
    assert_eq!(plan_end_before("比十四五末"), Some(2025));
    assert_eq!(plan_end_before("十三五时期的"), None);
}

#[test]
fn endings_by_last_char_agree_with_every_word() {
    // Strings of the chars of the reach and stock words (and a few others), so that many
    // end with one of them.
    let mut alphabet: Vec<char> = reach()
        .iter()
        .chain(stock())
        .flat_map(|w| w.chars())
        .collect();
    alphabet.extend("、，；超了 a".chars());
    alphabet.sort_unstable();
    alphabet.dedup();
    let keeps: [fn(&str) -> bool; 4] = [
        |_| true,
        |w| w.chars().count() >= 2,
        |w| w.ends_with(['到', '至']),
        |w| w.ends_with(['到', '至']) || w == "达到",
    ];
    let mut x: u64 = 0x6a09_e667_f3bc_c908;
    for n in 0..50_000 {
        crate::chars::xorshift(&mut x);
        let len = (x % 6) as usize;
        let mut y = x;
        let mut own: String = (0..len)
            .map(|_| {
                crate::chars::xorshift(&mut y);
                alphabet[(y % alphabet.len() as u64) as usize]
            })
            .collect();
        // Every other string ends with a whole word.
        if n % 2 == 0 {
            let words: Vec<&str> = reach().iter().chain(stock()).copied().collect();
            own.push_str(words[(y >> 20) as usize % words.len()]);
        }
        for keep in keeps {
            let all = reach().iter().any(|w| keep(w) && own.ends_with(w));
            assert_eq!(ends_with_reach(&own, keep), all, "{own:?}");
        }
        let all = stock().iter().any(|w| own.ends_with(w));
        assert_eq!(ends_with_stock(&own), all, "{own:?}");
    }
}

#[test]
fn milestones_counted_as_steps_were_crossed_over_the_span_and_a_base_year_after_ends_it() {
    let level = |unit: &str, seg: &str, after: &str, next: &str| {
        super::role(Measure::Level, unit, seg, seg, after, next, None)
    };
    assert_eq!(
        level("元", "连续跨越", "、8万亿、9万亿三个大台阶", "年均增长5.9%"),
        Role::Over
    );
    assert_eq!(level("元", "跨越了", "和三千亿元两个台阶", ""), Role::Over);
    assert_eq!(level("元", "迈上", "新台阶", ""), Role::End);
    assert_eq!(level("元", "完成", "", "是2007年的2.3倍"), Role::End);
    assert_eq!(
        level("元", "五年累计完成", "", "是2007年的2.3倍"),
        Role::Over
    );
}
