//! Subjects: owners named elsewhere, lists, classes, thresholds and the words around a count.

use super::facts;
use crate::{Bound, Measure};

/// The subject of the first fact of `text` with `value` (empty when none).
fn subject_of(text: &str, value: f64) -> String {
    facts(text)
        .into_iter()
        .find(|f| f.value == value)
        .map(|f| f.subject)
        .unwrap_or_default()
}

#[test]
fn owners_named_elsewhere_in_the_sentence() {
    let opening =
        "过去一年，经济平稳。城东科创园蓬勃发展，累计注册科技型企业超500家，基金规模超20亿元。";
    assert_eq!(subject_of(opening, 500.0), "城东科创园注册科技型企业");
    assert_eq!(subject_of(opening, 2e9), "城东科创园基金规模");
    // Every item of a counted list did what the list ends on.
    let list = "过去一年，8所职业院校、12个专业群入选国家“双高计划”。";
    assert_eq!(subject_of(list, 8.0), "入选国家“双高计划”的职业院校");
    assert_eq!(subject_of(list, 12.0), "入选国家“双高计划”的专业群");
    // … and so do things counted right before the next count (8所高校14个学科入选…).
    let next = "过去一年，8所高校14个学科入选国家“双一流”名单。";
    assert_eq!(subject_of(next, 8.0), "入选国家“双一流”名单的高校");
    assert_eq!(subject_of(next, 14.0), "入选国家“双一流”名单的学科");
    // Not when the words before the next count end in 的 (纳入国家102项重大工程的285个项目).
    let de = "过去一年，纳入国家102项重大工程的285个项目全部开工。";
    assert!(!subject_of(de, 102.0).contains("开工"));
    // A bare measure that needs an owner (保有量, 年度投资, 办件量) takes the one before it.
    let owner = "过去一年，安排首批重大项目1678个、年度投资1.1万亿元。";
    assert_eq!(subject_of(owner, 1.1e12), "首批重大项目年度投资");
    let own_verb = "过去一年，25项改革经验获推广、3项入选全国案例。";
    assert_eq!(subject_of(own_verb, 25.0), "改革经验获推广");
    // A clause with no number between names the owner, not the item before it.
    let between = "过去一年，对东盟进出口增长19%，全省进出口总值创历史新高，达到5379亿元。";
    assert_eq!(subject_of(between, 537_900_000_000.0), "进出口总值");
    // A league of two words (中国西部, 中西部) is no part of the subject.
    let league = "过去一年，研发投入强度2.61%、居中国西部第1。";
    assert_eq!(subject_of(league, 1.0), "研发投入强度");
}

#[test]
fn lists_paired_with_numbers_or_held_by_each_item() {
    let subjects = |text: &str| -> Vec<(String, f64)> {
        facts(text)
            .into_iter()
            .map(|f| (f.subject, f.value))
            .collect()
    };
    // As many numbers as items, with no 分别: paired in order.
    assert_eq!(
        subjects("过去一年，每千人床位数、执业（助理）医师数增至7.83张、3.57个。"),
        vec![
            ("每千人床位数".to_string(), 7.83),
            ("执业（助理）医师数".to_string(), 3.57)
        ]
    );
    // One change or one rate said of a list: each item's.
    assert_eq!(
        subjects("过去一年，学前教育毛入园率、高中毛入学率超过93%。"),
        vec![
            ("学前教育毛入园率".to_string(), 93.0),
            ("高中毛入学率".to_string(), 93.0)
        ]
    );
    assert_eq!(
        subjects("今年主要预期目标是：工业投资、民间投资增长6%左右。").len(),
        2
    );
    // A share of the list, or an amount, is the list's as a whole.
    assert_eq!(
        subjects("过去一年，水电、风电、光伏发电量占比达43.3%。").len(),
        1
    );
    assert_eq!(
        subjects("过去一年，交通运输、仓储和邮政业增长8.5%。").len(),
        1
    );
    // 双双: both.
    let both = subjects("过去一年，铁路、航空客运量双双超过千万人次。");
    assert_eq!(both.len(), 2);
    // A price cut is a fall.
    let cut = facts("过去一年，集中采购药品、耗材平均降价超50%。");
    assert!(cut
        .iter()
        .all(|f| f.measure == Measure::Growth && f.value == -50.0 && f.bound == Bound::AtMost));
}

#[test]
fn capacities_in_project_names_are_no_facts() {
    let values = |text: &str| -> Vec<f64> { facts(text).into_iter().map(|f| f.value).collect() };
    // Part of a project's name, or each one's size.
    assert!(
        values("今年要推动国达化工60万吨钾肥复合造粒、青海广泰10万吨再生铝等项目建设。").is_empty()
    );
    assert_eq!(
        values("过去一年，2座35万千瓦塔式槽式光热发电项目分别在格尔木、德令哈开工。"),
        vec![2.0]
    );
    // A capacity to build is a commitment.
    assert_eq!(
        values("今年要在新能源富集地区布局建设700万千瓦新型储能项目。"),
        vec![7_000_000.0]
    );
}

#[test]
fn a_level_reached_after_a_threshold_is_exact() {
    let f = facts("过去一年，农村居民人均可支配收入首次突破2万元、达到20793元。");
    let bounds: Vec<_> = f.iter().map(|f| (f.value, f.bound)).collect();
    assert_eq!(
        bounds,
        vec![(20000.0, Bound::AtLeast), (20793.0, Bound::Exact)]
    );
    let f = facts("过去一年，地区生产总值突破3万亿元、达3.6万亿元。");
    let bounds: Vec<_> = f.iter().map(|f| (f.value, f.bound)).collect();
    assert_eq!(bounds, vec![(3e12, Bound::AtLeast), (3.6e12, Bound::Exact)]);
    // A change verb before 均 (each) still makes a growth.
    let f = facts("过去一年，旅游人次和花费增长均超20%。");
    assert!(f
        .iter()
        .all(|f| f.measure == Measure::Growth && f.bound == Bound::AtLeast));
}

#[test]
fn milestones_crossed_are_the_owners() {
    let text = "2026年某省政府工作报告\n一、过去五年工作回顾\n过去五年，经济总量连续迈上4万亿、5万亿两个台阶。地区生产总值年均增长6.3%，五年跨越两个千亿元台阶。\n";
    let f = facts(text);
    let got: Vec<_> = f.iter().map(|f| (f.subject.as_str(), f.value)).collect();
    assert_eq!(
        got,
        vec![
            ("经济总量", 4e12),
            ("经济总量", 5e12),
            ("地区生产总值", 6.3),
            ("地区生产总值千亿元台阶", 2.0),
        ]
    );
}

#[test]
fn units_tiers_and_head_counts_of_session_ten() {
    let one = |text: &str| -> Vec<(String, f64, String, Bound)> {
        facts(text)
            .into_iter()
            .map(|f| (f.subject, f.value, f.unit, f.bound))
            .collect()
    };
    // Electricity in 度, gas in 方, heat in ℃, computing power in PF.
    let f = one("过去一年，绿电外送电量345亿度。");
    assert_eq!((f[0].1, f[0].2.as_str()), (34_500_000_000.0, "度"));
    let f = one("过去一年，天然气产量22亿方。");
    assert_eq!((f[0].1, f[0].2.as_str()), (2_200_000_000.0, "方"));
    assert_eq!(one("过去一年，全省有5方面工作取得突破。").len(), 0);
    let f = one("过去一年，城市居民起居室供热标准提高到20℃。");
    assert_eq!((f[0].1, f[0].2.as_str()), (20.0, "℃"));
    let f = one("过去一年，总算力突破1.3万PF。");
    assert_eq!((f[0].1, f[0].2.as_str()), (13_000.0, "PF"));
    // A tier is not a place; 前十强 is one.
    assert!(one("过去一年，先进制造业整体实力稳居全国第一方阵。").is_empty());
    let f = one("过去一年，地区生产总值稳居全国前十强。");
    assert_eq!(
        (f[0].1, f[0].2.as_str(), f[0].3),
        (10.0, "位", Bound::AtMost)
    );
    let f = one("过去一年，全区经济增长速度居全国前六（含并列）。");
    assert_eq!((f[0].1, f[0].2.as_str()), (6.0, "位"));
    // Users named before a bare 万 / 亿: a head count.
    let f = one("过去一年，“湘易办”用户突破3500万。");
    assert_eq!(
        (f[0].1, f[0].2.as_str(), f[0].3),
        (35_000_000.0, "人", Bound::AtLeast)
    );
    let f = one("过去一年，育儿补贴惠及23.6万婴幼儿。");
    assert_eq!((f[0].1, f[0].2.as_str()), (236_000.0, "人"));
    // The indicators a plan sets are its structure; those met are a result.
    assert!(one("今年主要预期目标是：围绕经济发展，提出6项指标。").is_empty());
    assert!(one("今年主要预期目标是：包括13个预期性指标、8个约束性指标。").is_empty());
    assert_eq!(one("过去一年，生态环境9项约束性指标全部完成。").len(), 1);
    // Another unit after a bound: its own bound.
    let f = one("过去一年，新增1个经济总量近千亿元、4个过五百亿的县市。");
    assert_eq!(f.last().map(|x| (x.1, x.3)), Some((4.0, Bound::Exact)));
}

#[test]
fn lists_sectors_and_names_of_session_ten() {
    let pairs = |text: &str| -> Vec<(String, f64)> {
        facts(text)
            .into_iter()
            .map(|f| (f.subject, f.value))
            .collect()
    };
    let s = |x: &str| x.to_string();
    // 三都 and 均值 are no "each".
    assert_eq!(
        pairs("今年，在册亨、三都、贞丰等8个重点县建设基地。"),
        vec![(s("重点县"), 8.0)]
    );
    assert_eq!(
        pairs("过去一年，地方一般公共预算收入增长2.3%，城镇调查失业率均值5.2%。").len(),
        2
    );
    // The three sectors, by name or by structure.
    assert_eq!(
        pairs("今年主要预期目标是：一二三产增加值分别增长3.5%、6%、5%。"),
        vec![
            (s("第一产业增加值"), 3.5),
            (s("第二产业增加值"), 6.0),
            (s("第三产业增加值"), 5.0)
        ]
    );
    let shares = pairs("过去一年，三次产业结构调整为8.3∶41.4∶50.3。");
    assert_eq!(shares[2], (s("第三产业比重"), 50.3));
    // A run said of a list is each item's.
    assert_eq!(
        pairs("过去一年，粮食播种面积、单产、总产连续6年增长。").len(),
        3
    );
    // Formats, policy packages and sizes of each are no amounts.
    assert!(pairs("今年，建成3人制篮球场。").is_empty());
    assert!(pairs("今年，落实鼓励数据产业发展十条。").is_empty());
    let values: Vec<f64> = pairs("今年，加快推进12个百亿元、70个30亿元以上项目建设。")
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    assert_eq!(values, vec![12.0, 70.0]);
    // A level reached after a yearly growth: the owner's, not an average.
    let f = facts(
        "“十五五”时期经济社会发展的主要目标\n全省地区生产总值年均增长5%左右、迈上3万亿元台阶。\n",
    );
    let step = f.iter().find(|x| x.unit == "元").expect("the milestone");
    assert_eq!(
        (step.subject.as_str(), step.average),
        ("地区生产总值", false)
    );
    // A share whose subject ends on 占 names its whole.
    assert_eq!(
        pairs("过去一年，新增两院院士占全国近一半，其中民营经济主体占97.2%。"),
        vec![
            (s("新增两院院士占全国比重"), 50.0),
            (s("民营经济主体占比"), 97.2)
        ]
    );
    // Energy in 吨标准煤.
    let f = facts("到2030年，能源综合生产能力达2.3亿吨标准煤左右。");
    assert_eq!((f[0].unit.as_str(), f[0].bound), ("吨标准煤", Bound::About));
}

#[test]
fn who_benefits_and_what_is_driven() {
    let subject = |text: &str, value: f64| {
        facts(text)
            .into_iter()
            .find(|f| f.value == value)
            .map(|f| f.subject)
            .unwrap_or_default()
    };
    // The clause before, with no number of its own, names what benefits them.
    assert_eq!(
        subject("过去一年，实施育儿补贴制度，惠及23.6万婴幼儿。", 236_000.0),
        "育儿补贴惠及婴幼儿"
    );
    assert_eq!(
        subject(
            "过去一年，举办活动500余场次，“以旧换新”政策惠及76万群众。",
            760_000.0
        ),
        "“以旧换新”政策惠及群众"
    );
    // After a clause with a number of its own, only whom it reached.
    assert_eq!(
        subject(
            "过去一年，改造老旧小区1万余个，惠及120万户居民。",
            1_200_000.0
        ),
        "惠及居民"
    );
    assert_eq!(
        subject("过去一年，城镇老旧小区改造惠及10万余户。", 100_000.0),
        "城镇老旧小区改造惠及户数"
    );
    assert_eq!(
        subject("过去一年，落实民生政策，惠及251.6万人。", 2_516_000.0),
        "民生政策惠及人数"
    );
    // 各族群众 counts people.
    assert_eq!(
        subject("过去一年，新建天然气管道惠及300多万各族群众。", 3_000_000.0),
        "新建天然气管道惠及各族群众"
    );
    // A verb inside a list's name is none of this.
    assert_eq!(
        subject(
            "过去一年，实施农业转移人口市民化、产业带动新型城镇化建设等8项行动。",
            8.0
        ),
        "行动"
    );
}

#[test]
fn money_raised_for_works_and_group_sizes() {
    let f = facts("今年，筹措7亿元实施就业惠民工程，开展稳岗扩容提质行动。");
    assert_eq!(f[0].subject, "就业惠民工程资金");
    let f = facts("今年，统筹12亿元用于城市更新。");
    assert_eq!(f[0].subject, "城市更新资金");
    // A milestone said of places or industries is each one's.
    let f = facts("过去一年，内江、眉山经济总量突破2000亿元，汽车、建材产业超千亿元。");
    assert_eq!(
        f.iter().map(|x| x.subject.as_str()).collect::<Vec<_>>(),
        vec!["内江经济总量", "眉山经济总量", "汽车产业", "建材产业"]
    );
    // 位 counts people when it is no place in a league.
    let f = facts("过去一年，在川两院院士70位，排名上升到第235位。");
    assert_eq!((f[0].unit.as_str(), f[0].measure), ("人", Measure::Level));
    // Places in a ranking after a growth are the owner's, not the verb after them.
    let f = facts("过去一年，科技型中小企业数增长4.9倍、从全国第13位升至第5位。");
    assert!(f
        .iter()
        .filter(|x| x.measure == Measure::Rank)
        .all(|x| x.subject == "科技型中小企业数"));
    // A monthly standard is per month.
    let f = facts("过去一年，低保最低月标准提高到1190元。");
    assert_eq!(f[0].unit, "元/月");
    // 过三千亿元 names the group counted, and is no fact.
    let f = facts("过去一年，新增荆州、孝感、黄冈3个过三千亿元城市。");
    assert_eq!(
        f.iter()
            .map(|x| (x.value, x.unit.as_str()))
            .collect::<Vec<_>>(),
        vec![(3.0, "个")]
    );
}

#[test]
fn growth_rates_held_and_growth_targets() {
    let f = facts("今年，海洋电力、海洋旅游增速保持在10%以上。");
    assert_eq!(
        f.iter()
            .map(|x| (x.subject.as_str(), x.measure))
            .collect::<Vec<_>>(),
        vec![
            ("海洋电力增速", Measure::Growth),
            ("海洋旅游增速", Measure::Growth)
        ]
    );
    let f = facts("今年，确定4.5%左右的增长目标。");
    assert_eq!((f[0].measure, f[0].bound), (Measure::Growth, Bound::About));
}

#[test]
fn urban_and_rural_halves_share_the_measure() {
    for text in [
        "过去一年，城镇、农村居民人均可支配收入分别增长4.1%、6.2%。",
        "过去一年，城镇和农村居民人均可支配收入分别增长4.1%、6.2%。",
    ] {
        let subjects: Vec<String> = facts(text).into_iter().map(|f| f.subject).collect();
        assert_eq!(
            subjects,
            vec!["城镇居民人均可支配收入", "农村居民人均可支配收入"],
            "{text}"
        );
    }
}

#[test]
fn the_parts_of_a_ratio_before_its_change_are_starts() {
    let f = facts("2026年政府工作报告\n一、“十四五”时期工作回顾\n五年来，三次产业结构由8.7∶41.2∶50.1调整为7.4∶39.6∶53。\n");
    let got: Vec<_> = f.iter().map(|f| (f.value, f.period)).collect();
    assert_eq!(
        got,
        vec![
            (8.7, 2020),
            (41.2, 2020),
            (50.1, 2020),
            (7.4, 2025),
            (39.6, 2025),
            (53.0, 2025)
        ]
    );
}

#[test]
fn a_thing_that_joins_a_class_by_a_threshold_reaches_it() {
    let f = facts("2023年政府工作报告\n一、2022年工作回顾\n过去一年，石化新材料成为继金属制品、食品、家电后第4条产值超500亿元产业链。\n");
    let got: Vec<_> = f
        .iter()
        .map(|f| (f.value, f.bound, f.subject.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (4.0, Bound::Exact, "产值超500亿元产业链"),
            (5e10, Bound::AtLeast, "石化新材料产业链产值")
        ]
    );
    // With no thing named before 成为, the threshold only names the class.
    let f =
        facts("2026年政府工作报告\n一、2025年工作回顾\n过去一年，成为全国第三个过10万亿元省份。\n");
    assert!(f.iter().all(|f| f.value == 3.0));
    // The first of the class (首个) reached the threshold itself, named or not.
    let f = facts("2026年政府工作报告\n一、2025年工作回顾\n过去一年，重庆成为中西部地区首个经济总量超过3万亿元的城市，成为全国首个经济总量突破5万亿元的城市。\n");
    let got: Vec<_> = f
        .iter()
        .map(|f| (f.value, f.bound, f.subject.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (3e12, Bound::AtLeast, "重庆经济总量"),
            (5e12, Bound::AtLeast, "经济总量")
        ]
    );
}

#[test]
fn the_places_after_the_first_of_a_list_share_its_cue() {
    let f = facts("2023年政府工作报告\n一、2022年工作回顾\n荣登榜首，位居全国百强县投资潜力第3、新型城镇化质量第4、绿色发展第5，跻身服务业全国10强。\n");
    let got: Vec<_> = f
        .iter()
        .map(|f| (f.measure, f.value, f.bound, f.subject.as_str()))
        .collect();
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(got[1], (Measure::Rank, 4.0, Bound::Exact, "新型城镇化质量"));
    assert_eq!(got[2], (Measure::Rank, 5.0, Bound::Exact, "绿色发展"));
    assert_eq!(
        (got[3].0, got[3].1, got[3].2),
        (Measure::Rank, 10.0, Bound::AtMost)
    );
    // With no cue before the list, ordinals in it are no places.
    let f = facts("2023年政府工作报告\n一、2022年工作回顾\n举办第3、第4届博览会。\n");
    assert!(f.is_empty(), "{f:?}");
}

#[test]
fn a_milestone_crossed_by_the_nth_is_its_level_and_the_first_of_a_class_names_it() {
    let f = facts("2025年政府工作报告\n一、2024年工作回顾\n工业经济总量成为全区第四个突破2000亿元大关的地区。\n");
    assert!(
        f.iter()
            .any(|f| f.value == 2e11 && f.bound == Bound::AtLeast),
        "{f:?}"
    );
    let f = facts("2025年政府工作报告\n一、2024年工作回顾\n产业园产值首次突破300亿元，成为玉林首个300亿元园区。\n");
    let got: Vec<_> = f.iter().map(|f| (f.value, f.bound)).collect();
    assert_eq!(got, vec![(3e10, Bound::AtLeast)]);
}

#[test]
fn measures_named_before_jun_are_of_the_things_before() {
    let f = facts("2025年政府工作报告\n一、2024年工作回顾\n地区生产总值增长6.1%，规模以上工业增加值增长9.5%，增速均居全省第一。\n");
    let ranks: Vec<_> = f
        .iter()
        .filter(|f| f.measure == Measure::Rank)
        .map(|f| f.subject.as_str())
        .collect();
    assert_eq!(ranks, vec!["地区生产总值增速", "规模以上工业增加值增速"]);
    let f = facts("2026年政府工作报告\n一、2025年工作回顾\n实现地区生产总值67665亿元，增长5.5%，总量和增速均居全国第5位。\n");
    let ranks: Vec<_> = f
        .iter()
        .filter(|f| f.measure == Measure::Rank)
        .map(|f| f.subject.as_str())
        .collect();
    assert_eq!(ranks, vec!["地区生产总值总量", "地区生产总值增速"]);
}

#[test]
fn the_next_quantity_begins_after_the_things_a_count_counts() {
    let f = facts("2026年政府工作报告\n一、2025年工作回顾\n过去一年，开通3条地铁新线、新增运营里程30公里，建成5个公园、新增绿地300公顷。\n");
    let got: Vec<_> = f
        .iter()
        .map(|f| (f.value, f.subject.as_str(), f.quote.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (3.0, "地铁新线", "开通3条"),
            (30.0, "新增运营里程", "新增运营里程30公里"),
            (5.0, "公园", "建成5个"),
            (300.0, "新增绿地", "新增绿地300公顷")
        ]
    );
}

#[test]
fn words_before_an_amount_that_name_no_measure_leave_the_subject_to_the_words_after() {
    let f = facts("2015年政府工作报告\n二、2015年工作安排\n完成二期170万平方米供热改造任务，做好22.8公里道路的扩建和绿化，筹措7亿元实施就业惠民工程。\n");
    let got: Vec<_> = f.iter().map(|f| (f.value, f.subject.as_str())).collect();
    assert_eq!(
        got,
        vec![
            (1_700_000.0, "供热改造任务"),
            (22.8, "道路的扩建和绿化"),
            (700_000_000.0, "就业惠民工程资金")
        ]
    );
}

#[test]
fn a_count_brought_to_a_new_size_is_of_the_thing_before_and_stands_at_the_end() {
    let f = facts(
        "2026年政府工作报告\n一、“十四五”时期工作回顾\n五年来，市属重点国企由51家整合为33家。\n",
    );
    let got: Vec<_> = f
        .iter()
        .map(|f| (f.value, f.period, f.since, f.subject.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (51.0, 2020, None, "市属重点国企"),
            (33.0, 2025, None, "市属重点国企")
        ]
    );
}

#[test]
fn a_circumstance_names_its_own_subject_and_leaves_the_claim_its_own() {
    let subjects = |text: &str| -> Vec<(f64, String)> {
        facts(text)
            .into_iter()
            .map(|f| (f.value, f.subject))
            .collect()
    };
    assert_eq!(
        subjects("过去一年，外贸进出口在对美贸易下降超3成的情况下增长12%。"),
        vec![
            (-30.0, "对美贸易".to_string()),
            (12.0, "外贸进出口".to_string())
        ]
    );
    assert_eq!(
        subjects("过去一年，工业增加值在去年高基数的基础上增长8%。"),
        vec![(8.0, "工业增加值".to_string())]
    );
    assert_eq!(
        subjects("过去一年，在对美出口下降20%的背景下，全省进出口增长6%。"),
        vec![(-20.0, "对美出口".to_string()), (6.0, "进出口".to_string())]
    );
}

#[test]
fn a_verb_of_works_alone_is_done_to_the_things_before_it() {
    let works = "过去一年，自治区重大项目开工390个、竣工437个。";
    assert_eq!(subject_of(works, 437.0), "自治区重大项目竣工");
    let state = "过去一年，建成过江通道4座、在建8座。";
    assert_eq!(subject_of(state, 8.0), "建成过江通道在建");
    // A word of manner alone leaves the thing before as it is.
    let manner = "过去一年，一般公共预算收入增加近100亿元，稳步达到3000亿元以上。";
    assert_eq!(subject_of(manner, 3e11), "一般公共预算收入");
    // The first number of a sentence has no thing before: the verb stays.
    assert_eq!(subject_of("过去一年，竣工437个。", 437.0), "竣工");
    // 由66户整合至12户: the verb of the change is no thing counted.
    let change = "过去一年，省属一级企业由66户整合至12户。";
    assert_eq!(subject_of(change, 66.0), "省属一级企业");
    assert_eq!(subject_of(change, 12.0), "省属一级企业");
}

#[test]
fn an_age_after_a_count_of_people_says_which_people() {
    let got: Vec<(f64, String, String)> = facts("过去一年，为390万65岁以上老年人免费体检。")
        .into_iter()
        .map(|f| (f.value, f.unit, f.subject))
        .collect();
    assert_eq!(
        got,
        vec![(
            3.9e6,
            "人".to_string(),
            "65岁以上老年人免费体检".to_string()
        )]
    );
}

#[test]
fn a_league_of_a_field_entered_ranks_what_entered() {
    let ranks = |text: &str| -> Vec<(f64, String, Option<String>)> {
        facts(text)
            .into_iter()
            .filter(|f| f.measure == Measure::Rank)
            .map(|f| (f.value, f.subject, f.scope))
            .collect()
    };
    assert_eq!(
        ranks("过去一年，青海丽豪跻身全球独角兽企业500强。"),
        vec![(
            500.0,
            "青海丽豪跻身全球独角兽企业".to_string(),
            Some("全球".to_string())
        )]
    );
    // Two entering together: one fact.
    assert_eq!(
        ranks("过去一年，甲集团、乙控股跻身中国企业500强。").len(),
        1
    );
    // A count of the members that entered is no rank.
    assert_eq!(ranks("过去一年，4家浙企上榜全国文化企业30强。"), vec![]);
    assert_eq!(
        ranks("过去一年，10家企业进入“中国隐形独角兽500强”。"),
        vec![]
    );
}
