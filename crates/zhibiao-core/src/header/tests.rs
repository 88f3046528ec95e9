use super::*;

#[test]
fn names_with_parents_are_the_place_itself() {
    for (name, own) in [
        ("呼伦贝尔市海拉尔区", "海拉尔区"),
        ("内蒙古自治区呼伦贝尔市海拉尔区", "海拉尔区"),
        ("内蒙古自治区呼伦贝尔市", "呼伦贝尔市"),
        ("广州市天河区", "天河区"),
        ("荆州市沙市区", "沙市区"),
        ("济南市市中区", "市中区"),
        ("北京市通州区", "通州区"),
        ("阿拉善盟阿拉善左旗", "阿拉善左旗"),
        ("恩施土家族苗族自治州恩施市", "恩施市"),
        ("新疆维吾尔自治区喀什地区", "喀什地区"),
        ("江苏省徐州市沛县", "沛县"),
        ("湖北省神农架林区", "神农架林区"),
        ("海拉尔区", "海拉尔区"),
        ("沙市区", "沙市区"),
        ("广州市", "广州市"),
        ("通州区", "通州区"),
        ("广西壮族自治区", "广西壮族自治区"),
        ("市中区", "市中区"),
        ("郑州市", "郑州市"),
    ] {
        assert_eq!(own_name(name), own, "{name}");
    }
}

#[test]
fn greetings_headings_and_pronouns_are_no_region() {
    for t in [
        "各位代表：",
        "一、2025年工作回顾",
        "全区",
        "本市",
        "省",
        "自治区",
        "政府工作报告",
        "MIT License",
        "[",
    ] {
        assert!(!is_region_name(t), "{t}");
    }
    for t in [
        "海拉尔区",
        "沛县",
        "江门市",
        "广西壮族自治区",
        "黔东南苗族侗族自治州",
        "锡林郭勒盟",
        "鄂温克族自治旗",
        "喀什地区",
        "满洲里市",
        "香港特别行政区",
    ] {
        assert!(is_region_name(t), "{t}");
    }
}

#[test]
fn levels_follow_the_suffix_and_the_parents() {
    for (r, l) in [
        ("全国", Level::National),
        ("广东省", Level::Province),
        ("宁夏回族自治区", Level::Province),
        ("重庆市", Level::Province),
        ("江门市", Level::Prefecture),
        ("延边朝鲜族自治州", Level::Prefecture),
        ("锡林郭勒盟", Level::Prefecture),
        ("喀什地区", Level::Prefecture),
        ("海拉尔区", Level::County),
        ("呼伦贝尔市海拉尔区", Level::County),
        ("沛县", Level::County),
        ("长阳土家族自治县", Level::County),
        ("鄂温克族自治旗", Level::County),
        ("阿荣旗", Level::County),
        ("呼伦贝尔市满洲里市", Level::County),
        ("北京市通州区", Level::County),
    ] {
        assert_eq!(level_of(r), l, "{r}");
    }
}

#[test]
fn meeting_lines_of_every_shape() {
    for (line, r) in [
        (
            "——2016年2月19日在海拉尔区第十四届人民代表大会第五次会议上",
            Some("海拉尔区"),
        ),
        (
            "——2025年3月5日在第十四届全国人民代表大会第三次会议上",
            Some("全国"),
        ),
        ("在第十四届全国人民代表大会第二次会议上", Some("全国")),
        (
            "（2026年1月27日在贵州省第十四届人民代表大会第四次会议上）",
            Some("贵州省"),
        ),
        (
            "2月3日，湖南省第十四届人民代表大会第四次会议在省人民会堂开幕。",
            Some("湖南省"),
        ),
        ("在甘肃省十四届人民代表大会四次会议上", Some("甘肃省")),
        (
            "——在呼伦贝尔市海拉尔区第十五届人民代表大会第一次会议上",
            Some("呼伦贝尔市海拉尔区"),
        ),
        (
            "在延边朝鲜族自治州第十六届人民代表大会第三次会议上",
            Some("延边朝鲜族自治州"),
        ),
        ("在阿荣旗第十七届人民代表大会第二次会议上", Some("阿荣旗")),
        ("在市十六届人民代表大会三次会议上", None),
        ("各位代表：", None),
    ] {
        assert_eq!(meeting_region(line).as_deref(), r, "{line}");
    }
}

#[test]
fn lines_for_messages_are_clipped() {
    assert_eq!(
        clip("——2023年2月16日在江门市第十六届人民代表大会第三次会议上过去一年，面对风高浪急的国际环境"),
        "——2023年2月16日在江门市第十六届人民代表大会第三次会议上"
    );
    assert_eq!(clip(&"长".repeat(70)).chars().count(), 61);
}

#[test]
fn an_opening_that_names_no_place_gives_the_level() {
    let level = |t: &str| opening_level(t);
    assert_eq!(
        level("现在，我代表市人民政府向大会报告工作"),
        Some(Level::Prefecture)
    );
    assert_eq!(
        level("现在,我代表县人民政府向大会报告工作"),
        Some(Level::County)
    );
    assert_eq!(
        level("我代表自治区人民政府，向大会报告工作"),
        Some(Level::Province)
    );
    assert_eq!(level("我代表省人民政府"), Some(Level::Province));
    assert_eq!(level("我代表区政府向大会报告工作"), Some(Level::County));
    assert_eq!(level("我代表市政协向大会报告工作"), None);
    assert_eq!(level("各位代表：请予审议"), None);
}

#[test]
fn titles_speakers_and_openings() {
    assert_eq!(
        title_region("2026年广西壮族自治区政府工作报告").as_deref(),
        Some("广西壮族自治区")
    );
    assert_eq!(
        title_region("陕西省2026年政府工作报告").as_deref(),
        Some("陕西省")
    );
    assert_eq!(
        title_region("呼伦贝尔市海拉尔区人民政府工作报告").as_deref(),
        Some("呼伦贝尔市海拉尔区")
    );
    assert_eq!(
        title_region("2026年四川省人民政府工作报告").as_deref(),
        Some("四川省")
    );
    assert_eq!(title_region("政 府 工 作 报 告"), None);
    assert_eq!(title_region("2026年政府工作报告"), None);
    assert_eq!(
        speaker_region("广东省省长 王伟中").as_deref(),
        Some("广东省")
    );
    assert_eq!(
        speaker_region("海拉尔区人民政府区长　　杜联合").as_deref(),
        Some("海拉尔区")
    );
    assert_eq!(speaker_region("国务院总理 李强").as_deref(), Some("全国"));
    assert_eq!(
        speaker_region("莫力达瓦达斡尔族自治旗人民政府旗长 某某").as_deref(),
        Some("莫力达瓦达斡尔族自治旗")
    );
    assert_eq!(
        speaker_region("锡林郭勒盟行政公署盟长 某某").as_deref(),
        Some("锡林郭勒盟")
    );
    assert_eq!(speaker_region("省长 李炳军"), None);
    assert_eq!(speaker_region("自治区主席 韦 韬"), None);
    assert_eq!(speaker_region("省长赵刚作政府工作报告"), None);
    assert_eq!(
        opening_region("现在，我代表国务院，向大会报告政府工作，请予审议").as_deref(),
        Some("全国")
    );
    assert_eq!(
        opening_region("现在，我代表海拉尔区人民政府向大会作工作报告，请予审议").as_deref(),
        Some("海拉尔区")
    );
    assert_eq!(opening_region("现在，我代表市人民政府向大会报告工作"), None);
}

#[test]
fn an_autonomous_unit_named_only_in_the_body_is_read_when_its_place_recurs() {
    let opening = "现在，我代表州人民政府，向大会报告工作";
    let body = "过去五年，是雪岭藏族自治州发展进程中极不平凡的五年。…为建设新雪岭而不懈奋斗！";
    assert_eq!(
        body_region(opening, body).as_deref(),
        Some("雪岭藏族自治州")
    );
    // The words before the name are left out; several peoples are read back.
    let body = "加快建设湘西土家族苗族自治州。湘西儿女";
    assert_eq!(
        body_region(opening, body).as_deref(),
        Some("湘西土家族苗族自治州")
    );
    // The place named once: it cannot be told from the words before it.
    assert_eq!(body_region(opening, "是雪岭藏族自治州发展进程中"), None);
    // A place that is a unit itself is none.
    assert_eq!(
        body_region(opening, "自治州自治州藏族自治州是藏族自治州"),
        None
    );
    // No people before 自治州, or another level in the opening.
    assert_eq!(body_region(opening, "全国民族自治州。全国"), None);
    let city = "现在，我代表市人民政府，向大会报告工作";
    assert_eq!(body_region(city, body), None);
}

#[test]
fn a_breadcrumb_is_no_title() {
    assert!(!is_title("首页 > 政务公开 > 政府工作报告"));
    assert!(!is_title("当前位置：首页 » 政府工作报告"));
    assert!(is_title("2024年某某市政府工作报告"));
}
