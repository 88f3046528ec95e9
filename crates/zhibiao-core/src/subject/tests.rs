use super::*;

#[test]
fn cleans_subjects() {
    assert_eq!(clean("实现地区生产总值"), "地区生产总值");
    assert_eq!(clean("，其中规模以上工业增加值增长 "), "规模以上工业增加值");
    assert_eq!(clean("、力争"), "");
    assert_eq!(
        clean("地方一般公共预算收入可比增长"),
        "地方一般公共预算收入"
    );
    assert_eq!(clean("房地产销售面积全省"), "房地产销售面积");
    assert_eq!(clean("粮食产量连续5年稳定在"), "粮食产量");
    assert_eq!(clean("出口额连续三年"), "出口额");
    assert_eq!(clean("连续举办"), "连续举办");
    assert_eq!(clean("营商环境综合排名跃居"), "营商环境");
    assert_eq!(clean("前移"), "");
    // What the government put to the vote, without the body that votes.
    assert_eq!(
        clean("提请省人大常委会审议地方性法规草案"),
        "提请审议地方性法规草案"
    );
    assert_eq!(clean("审议地方性法规案"), "地方性法规案");
}

#[test]
fn subject_after_a_count() {
    let f: Vec<char> = "省级专精特新中小企业、9家".chars().collect();
    assert_eq!(
        after(&f, 0, f.len(), true),
        ("省级专精特新中小企业".to_string(), false)
    );
    let f: Vec<char> = "的中创新航动力电池项目成功落户，".chars().collect();
    assert!(after(&f, 0, f.len(), false).1);
    // Things counted keep the state that ends their phrase; an amount does not.
    let f: Vec<char> = "煤矿建成试运转、".chars().collect();
    assert_eq!(after(&f, 0, f.len(), true).0, "煤矿建成试运转");
    assert_eq!(after(&f, 0, f.len(), false).0, "煤矿");
    let f: Vec<char> = "项目全部开工，".chars().collect();
    assert_eq!(after(&f, 0, f.len(), true).0, "项目开工");
    let f: Vec<char> = "先行启动区建设大平台，".chars().collect();
    assert_eq!(after(&f, 0, f.len(), true).0, "先行启动区");
    // Things counted with what they achieved after them are the things that achieved it.
    let f: Vec<char> = "技术和产品实现国产化替代。".chars().collect();
    assert_eq!(after(&f, 0, f.len(), true).0, "实现国产化替代的技术和产品");
    assert_eq!(after(&f, 0, f.len(), false).0, "技术和产品");
    let f: Vec<char> = "指标首次全部达到国家二级标准。".chars().collect();
    assert_eq!(after(&f, 0, f.len(), true).0, "达到国家二级标准的指标");
    let f: Vec<char> = "文艺作品荣获文华奖、荷花奖。".chars().collect();
    assert_eq!(after(&f, 0, f.len(), true).0, "荣获文华奖的文艺作品");
    // … but the state shared with the things before stays as it is written.
    let f: Vec<char> = "学科入选“双一流”名单。".chars().collect();
    assert_eq!(state_after(&f, 0, f.len()), "学科入选“双一流”名单");
    // A verb with nothing after it, or no things before it, is none of this.
    assert_eq!(with_predicate("企业实现"), None);
    assert_eq!(with_predicate("村实现通水"), None);
}

#[test]
fn an_opening_name_owns_what_follows_only_when_the_clause_says_how_it_fared() {
    assert_eq!(
        opening_owner("城东高新科创园蓬勃发展").as_deref(),
        Some("城东高新科创园")
    );
    assert_eq!(
        opening_owner("某市数据中心集群从无到有").as_deref(),
        Some("某市数据中心集群")
    );
    // A task, a designation going on, a label of the whole province: no owner.
    assert_eq!(opening_owner("加快国家现代煤化工基地建设"), None);
    assert_eq!(opening_owner("现代化机场群建设初见成效"), None);
    assert_eq!(opening_owner("交通枢纽辐射作用明显提升"), None);
    assert_eq!(opening_owner("能源绿色低碳转型示范区加快建设"), None);
    assert_eq!(opening_owner("2个园区蓬勃发展"), None);
}

#[test]
fn a_stated_topic_needs_its_predicate() {
    assert_eq!(stated_topic("全省进出口总值创历史新高"), "进出口总值");
    assert_eq!(stated_topic("提前建成千座公园城市"), "");
}

#[test]
fn lists_share_their_measure() {
    assert_eq!(
        split_list("工业增加值、制造业增加值占GDP比重"),
        vec!["工业增加值占GDP比重", "制造业增加值占GDP比重"]
    );
    assert_eq!(
        split_list("规模以上工业增加值、固定资产投资增速"),
        vec!["规模以上工业增加值增速", "固定资产投资增速"]
    );
    assert_eq!(
        split_list("限额以上通讯器材、家用电器、新能源汽车零售额"),
        vec![
            "限额以上通讯器材零售额",
            "限额以上家用电器零售额",
            "限额以上新能源汽车零售额"
        ]
    );
    assert_eq!(
        split_list("规模以上工业增加值、高技术制造业增加值"),
        vec!["规模以上工业增加值", "规模以上高技术制造业增加值"]
    );
    // A period compared with in quotes is no label of the list.
    assert_eq!(
        split_list("生产安全事故起数、死亡人数较“十三五”同期"),
        vec!["生产安全事故起数", "生产安全事故死亡人数"]
    );
    // Volumes, balances, trade and standards are shared heads; a volume of its own is kept.
    assert_eq!(
        split_list("快递、电信业务量"),
        vec!["快递业务量", "电信业务量"]
    );
    assert_eq!(
        split_list("制造业、普惠小微贷款余额"),
        vec!["制造业贷款余额", "普惠小微贷款余额"]
    );
    assert_eq!(
        split_list("对东盟、欧盟进出口"),
        vec!["对东盟进出口", "对欧盟进出口"]
    );
    assert_eq!(
        split_list("生猪出栏量、茶叶出口量"),
        vec!["生猪出栏量", "茶叶出口量"]
    );
    // Short items in the middle of one phrase share its words before and after them.
    assert_eq!(
        split_list("改造老旧供热、燃气、排水管网"),
        vec!["改造老旧供热管网", "改造老旧燃气管网", "改造老旧排水管网"]
    );
    // The owner named once in the first item: 地方财政 owns 支出 as it owns 收入.
    assert_eq!(
        split_list("全区地方财政收入、支出"),
        vec!["地方财政收入", "地方财政支出"]
    );
    assert_eq!(
        split_list("工业投资、民间投资增速"),
        vec!["工业投资增速", "民间投资增速"]
    );
    assert_eq!(
        split_list("数字经济核心产业、文化产业增加值占GDP比重"),
        vec!["数字经济核心产业增加值占GDP比重", "文化产业增加值占GDP比重"]
    );
}

#[test]
fn ranks_share_the_noun_after_the_last() {
    let rest: Vec<char> = "国家级、20个省级临床重点专科，打造名医名科名院"
        .chars()
        .collect();
    assert_eq!(rank_noun(&rest).as_deref(), Some("临床重点专科"));
    // No list of ranks: nothing shared.
    let rest: Vec<char> = "国家级临床重点专科".chars().collect();
    assert_eq!(rank_noun(&rest), None);
    assert_eq!(
        split_list("国家级、部级创新平台"),
        vec!["国家级创新平台", "部级创新平台"]
    );
}

#[test]
fn what_money_is_spent_on_without_the_count_of_works() {
    assert_eq!(purpose("完成了30栋老旧楼房维修改造。"), "老旧楼房维修改造");
    assert_eq!(purpose("建成6座水冲式公厕"), "水冲式公厕");
    assert_eq!(purpose("实施了拆炉并网工程"), "拆炉并网工程");
}

#[test]
fn works_named_after_their_verb_without_the_examples() {
    assert_eq!(
        tidy_end("开通了海拉尔至乌兰巴托、赤塔、韩国等国际及地区航线".into()),
        "开通国际及地区航线"
    );
    assert_eq!(
        tidy_end("新建、改造胜利大街、哈萨尔大街等城市主干道路".into()),
        "新建、改造城市主干道路"
    );
    // No verb first, or a quoted label after 等: the report's words stay.
    assert_eq!(
        tidy_end("汽车、摩托车、家电等消费".into()),
        "汽车、摩托车、家电等消费"
    );
    assert_eq!(
        tidy_end("建成水库、淤地坝等“水盆子”".into()),
        "建成水库、淤地坝等“水盆子”"
    );
}

#[test]
fn comparisons_name_nothing_measured() {
    assert!(is_comparison("高于全国平均水平"));
    assert!(is_comparison("快于全省"));
    assert!(is_comparison("优于"));
    assert!(!is_comparison("高于全国平均水平的县"));
    assert!(!is_comparison("城镇调查失业率"));
}

#[test]
fn the_owner_of_things_counted() {
    assert_eq!(
        owner_of_count("地区生产总值跨越千亿元台阶", "千亿元台阶"),
        "地区生产总值"
    );
    // Nothing but the verb before the things: the subject stays.
    assert_eq!(owner_of_count("新增企业", "企业"), "新增企业");
    assert_eq!(owner_of_count("重点项目", "企业"), "重点项目");
}

#[test]
fn a_dangling_conjunction_leaves_the_subject() {
    assert_eq!(tidy_end("城市公园和".into()), "城市公园");
    assert_eq!(tidy_end("口袋公园等".into()), "口袋公园");
    // Words that end in 及 or 与 keep them (惠及, 参与); a lone 和 stays.
    assert_eq!(tidy_end("城镇更新改造惠及".into()), "城镇更新改造惠及");
    assert_eq!(tidy_end("和".into()), "和");
}

#[test]
fn a_part_takes_the_measure_of_the_whole() {
    assert_eq!(part_of("新增铁路运营里程", "高铁"), "高铁运营里程");
    assert_eq!(part_of("粮食产量", "夏粮"), "夏粮产量");
    // A part with a measure of its own, or a whole with none, is left alone.
    assert_eq!(part_of("固定资产投资", "民间投资"), "民间投资");
    assert_eq!(part_of("城镇新增就业", "高校毕业生"), "高校毕业生");
}

#[test]
fn a_topic_may_hold_a_name_with_digits_but_no_quantity() {
    assert_eq!(topic("进一步规范和提升12345热线服务"), "12345热线服务");
    assert_eq!(topic("加快5G基站建设"), "5G基站建设");
    assert_eq!(topic("落地实施240小时过境免签政策"), "");
    assert_eq!(topic("新建3个产业园"), "");
}

#[test]
fn a_bare_measure_replaces_the_one_the_subject_ends_with() {
    assert_eq!(
        join_generic("六大特色产业全链条总产值", "总产值"),
        "六大特色产业全链条总产值"
    );
    assert_eq!(join_generic("电池项目总投资", "投资额"), "电池项目投资额");
    assert_eq!(join_generic("旅游", "收入"), "旅游收入");
    assert_eq!(join_generic("产值", "占比"), "产值占比");
    assert_eq!(join_generic("工业增加值", "率"), "工业增加值率");
    assert_eq!(join_generic("旅游收入", "比重"), "旅游收入比重");
    assert_eq!(join_generic("市场主体总量", "总量"), "市场主体总量");
    assert_eq!(join_generic("新增运营里程", "总里程"), "新增运营总里程");
    assert_eq!(
        join_generic("战略性新兴产业总产值", "占工业总产值比重"),
        "战略性新兴产业总产值占工业总产值比重"
    );
}

#[test]
fn measures_issued_are_named_by_what_they_do() {
    assert_eq!(
        measures_issued("出台促进民营经济高质量发展", "举措").as_deref(),
        Some("促进民营经济高质量发展举措")
    );
    assert_eq!(
        measures_issued("构建碳达峰足迹管控、降碳路径、支撑保障", "体系").as_deref(),
        Some("碳达峰足迹管控、降碳路径、支撑保障体系")
    );
    // Examples (等), a second verb, a long noun of its own, or no verb: none of this.
    assert_eq!(measures_issued("出台提高城乡低保标准等", "民生政策"), None);
    assert_eq!(measures_issued("制定出台", "具体举措"), None);
    assert_eq!(measures_issued("出台促进消费", "省级专精特新企业"), None);
    assert_eq!(measures_issued("优化营商环境", "举措"), None);
}

/// The [`is_verb_phrase`] before its length test, kept as its reference.
fn is_verb_phrase_by_list(pre: &str) -> bool {
    pre.chars().count() <= 1
        || verbs().contains(&pre)
        || verbs()
            .iter()
            .any(|v| pre.ends_with(v) && pre.chars().count() <= v.chars().count() + 1)
}

/// The same answer on every verb, each verb with a char before it, and 50,000 strings of the
/// verbs' chars and others (pseudo-random, fixed seed), up to eight chars long.
#[test]
fn verb_phrases_as_by_list() {
    assert!(verbs().iter().all(|v| v.chars().count() <= 4));
    let mut alphabet: Vec<char> = verbs().iter().flat_map(|v| v.chars()).collect();
    alphabet.extend("产值的a1、".chars());
    alphabet.sort_unstable();
    alphabet.dedup();
    for v in verbs() {
        for s in [
            v.to_string(),
            format!("再{v}"),
            format!("再次{v}"),
            format!("{v}了"),
        ] {
            assert_eq!(is_verb_phrase(&s), is_verb_phrase_by_list(&s), "{s:?}");
        }
    }
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..50_000 {
        let len = (crate::chars::xorshift(&mut x) % 9) as usize;
        let s: String = (0..len)
            .map(|_| alphabet[(crate::chars::xorshift(&mut x) % alphabet.len() as u64) as usize])
            .collect();
        assert_eq!(is_verb_phrase(&s), is_verb_phrase_by_list(&s), "{s:?}");
    }
}

#[test]
fn lists_of_one_char_things_sectors_by_number_and_items_with_their_own_measure() {
    assert_eq!(split_list("确保肉、奶产量"), vec!["肉产量", "奶产量"]);
    assert_eq!(
        split_list("铼、碲回收冶炼能力"),
        vec!["铼回收冶炼能力", "碲回收冶炼能力"]
    );
    assert_eq!(
        split_list("一、二、三产业增加值"),
        vec!["第一产业增加值", "第二产业增加值", "第三产业增加值"]
    );
    assert_eq!(
        split_list("规上工业增加值、固定资产投资"),
        vec!["规上工业增加值", "固定资产投资"]
    );
    assert_eq!(
        split_list("营业总收入、利润总额"),
        vec!["营业总收入", "利润总额"]
    );
}

#[test]
fn tidy_end_drops_a_particle_a_joiner_or_an_adverb_left_at_the_end() {
    assert_eq!(tidy_end("道路的".to_string()), "道路");
    assert_eq!(tidy_end("燃气管网铺设及".to_string()), "燃气管网铺设");
    assert_eq!(tidy_end("粮食总产再".to_string()), "粮食总产");
    assert_eq!(tidy_end("义务教育普及".to_string()), "义务教育普及");
    assert_eq!(tidy_end("项目惠及".to_string()), "项目惠及");
}

#[test]
fn a_total_value_is_a_measure_of_its_own() {
    assert_eq!(
        split_list("地区生产总值、规模以上工业增加值增速"),
        vec!["地区生产总值增速", "规模以上工业增加值增速"]
    );
}
