//! Which report is which: region, level and year of every bundled report, and of reports whose
//! header has a shape the bundled ones lack (tests/data/headers: a national report that begins
//! at 各位代表：, a county named with its parent city one year and alone the next).

use std::path::PathBuf;

use zhibiao_core::{extract, Level};

fn read(rel: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn every_province_gets_its_region_level_and_year() {
    let provinces = [
        ("anhui", "安徽省"),
        ("beijing", "北京市"),
        ("chongqing", "重庆市"),
        ("fujian", "福建省"),
        ("gansu", "甘肃省"),
        ("guangxi", "广西壮族自治区"),
        ("guizhou", "贵州省"),
        ("hainan", "海南省"),
        ("hebei", "河北省"),
        ("heilongjiang", "黑龙江省"),
        ("henan", "河南省"),
        ("hubei", "湖北省"),
        ("hunan", "湖南省"),
        ("jiangsu", "江苏省"),
        ("jiangxi", "江西省"),
        ("jilin", "吉林省"),
        ("liaoning", "辽宁省"),
        ("neimenggu", "内蒙古自治区"),
        ("ningxia", "宁夏回族自治区"),
        ("qinghai", "青海省"),
        ("shaanxi", "陕西省"),
        ("shandong", "山东省"),
        ("shanghai", "上海市"),
        ("shanxi", "山西省"),
        ("sichuan", "四川省"),
        ("tianjin", "天津市"),
        ("xinjiang", "新疆维吾尔自治区"),
        ("xizang", "西藏自治区"),
        ("yunnan", "云南省"),
        ("zhejiang", "浙江省"),
    ];
    let mut wrong = Vec::new();
    for (file, region) in provinces {
        let d = extract(file, &read(&format!("provinces-2026/{file}-2026.txt"))).document;
        if d.region.as_deref() != Some(region)
            || d.level != Some(Level::Province)
            || d.year != Some(2026)
        {
            wrong.push(format!("{file}: {:?} {:?} {:?}", d.region, d.level, d.year));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn bundled_city_and_county_reports() {
    for (file, region, level, year) in [
        ("hailar-2015.txt", "海拉尔区", Level::County, 2015),
        ("hailar-2016.txt", "海拉尔区", Level::County, 2016),
        ("jiangmen-2023.txt", "江门市", Level::Prefecture, 2023),
    ] {
        let d = extract(file, &read(file)).document;
        assert_eq!(
            (d.region.as_deref(), d.level, d.year),
            (Some(region), Some(level), Some(year)),
            "{file}"
        );
    }
}

#[test]
fn unseen_header_shapes() {
    // (file, region, level, year, title, the line the region is read from)
    let cases = [
        (
            "headers/national-2025.txt",
            "全国",
            Level::National,
            2025,
            None,
            "现在，我代表国务院，向大会报告政府工作",
        ),
        (
            "headers/national-2026.txt",
            "全国",
            Level::National,
            2026,
            None,
            "现在，我代表国务院，向大会报告政府工作",
        ),
        (
            "headers/hailar-2015-parents.txt",
            "海拉尔区",
            Level::County,
            2015,
            Some("呼伦贝尔市海拉尔区政府工作报告"),
            "呼伦贝尔市海拉尔区政府工作报告",
        ),
        (
            "headers/hailar-2016-short.txt",
            "海拉尔区",
            Level::County,
            2016,
            Some("海拉尔区政府工作报告"),
            "海拉尔区政府工作报告",
        ),
    ];
    for (file, region, level, year, title, from) in cases {
        let x = extract(file, &read(file));
        let d = &x.document;
        assert_eq!(d.region.as_deref(), Some(region), "{file}");
        assert_eq!(d.level, Some(level), "{file}");
        assert_eq!(d.year, Some(year), "{file}");
        assert_eq!(d.title.as_deref(), title, "{file}");
        assert!(
            d.region_from
                .as_deref()
                .is_some_and(|l| l.starts_with(from)),
            "{file}: {:?}",
            d.region_from
        );
        assert!(!x.facts.is_empty(), "{file}");
    }
}

/// Session 19's blind passages (tests/data/genre), both rounds: a city's title with its province and the
/// date in brackets, a web copy of a national report between page furniture, a banner (旗),
/// and an autonomous prefecture's report that starts at 各位代表： and names itself only in the
/// body (我代表州人民政府 … 雪岭藏族自治州 … 新雪岭).
#[test]
fn third_round_blind_headers() {
    for (file, region, level, year, title) in [
        (
            "city-2024",
            "霁川市",
            Level::Prefecture,
            2024,
            Some("霁川市政府工作报告"),
        ),
        (
            "city-2025",
            "霁川市",
            Level::Prefecture,
            2025,
            Some("西岭省霁川市2025年政府工作报告"),
        ),
        (
            "nat-2021",
            "全国",
            Level::National,
            2021,
            Some("政府工作报告"),
        ),
        (
            "nat-2022",
            "全国",
            Level::National,
            2022,
            Some("政府工作报告"),
        ),
        (
            "banner-2021",
            "乌兰哈达旗",
            Level::County,
            2021,
            Some("乌兰哈达旗政府工作报告"),
        ),
        ("zhou-2023", "雪岭藏族自治州", Level::Prefecture, 2023, None),
        // A county-level city ranked among the 百强县（市）, then named with its parent in the
        // meeting line; a province; a county's older web copy.
        (
            "xcity-2022",
            "桐溪市",
            Level::County,
            2022,
            Some("桐溪市政府工作报告"),
        ),
        (
            "xcity-2023",
            "桐溪市",
            Level::County,
            2023,
            Some("桐溪市2023年政府工作报告"),
        ),
        (
            "prov-2021",
            "江岚省",
            Level::Province,
            2021,
            Some("政府工作报告"),
        ),
        (
            "county-2016",
            "青石县",
            Level::County,
            2016,
            Some("政府工作报告"),
        ),
    ] {
        let d = extract(file, &read(&format!("genre/{file}.txt"))).document;
        assert_eq!(
            (d.region.as_deref(), d.level, d.year, d.title.as_deref()),
            (Some(region), Some(level), Some(year), title),
            "{file}"
        );
        assert!(
            d.region_from.as_deref().is_some_and(|l| l.contains(region)),
            "{file}: {:?}",
            d.region_from
        );
    }
}

/// Synthetic headers of many shapes: the region, its level and the year, or null when the
/// header does not say (never the greeting or a heading).
#[test]
fn synthetic_headers() {
    let body = "\n各位代表：\n现在，我代表本届政府向大会报告工作，请予审议。\n一、2025年工作回顾\n地区生产总值增长5%。\n二、2026年工作安排\n地区生产总值增长5%左右。\n";
    let cases: &[(&str, Option<&str>, Option<Level>)] = &[
        ("政府工作报告\n——2026年1月20日在第十四届全国人民代表大会第四次会议上\n国务院总理 某某", Some("全国"), Some(Level::National)),
        ("政府工作报告\n——2026年1月26日在广东省第十四届人民代表大会第四次会议上", Some("广东省"), Some(Level::Province)),
        ("政府工作报告\n广东省省长 王伟中", Some("广东省"), Some(Level::Province)),
        ("2026年广西壮族自治区政府工作报告", Some("广西壮族自治区"), Some(Level::Province)),
        ("政府工作报告\n——在江门市第十六届人民代表大会第五次会议上", Some("江门市"), Some(Level::Prefecture)),
        ("延边朝鲜族自治州政府工作报告", Some("延边朝鲜族自治州"), Some(Level::Prefecture)),
        ("政府工作报告\n——在锡林郭勒盟第五届人民代表大会第四次会议上\n锡林郭勒盟行政公署盟长 某某", Some("锡林郭勒盟"), Some(Level::Prefecture)),
        ("沛县人民政府工作报告", Some("沛县"), Some(Level::County)),
        ("政府工作报告\n呼伦贝尔市满洲里市人民政府市长 某某", Some("满洲里市"), Some(Level::County)),
        ("政府工作报告\n——在北京市通州区第二届人民代表大会第五次会议上", Some("通州区"), Some(Level::County)),
        ("鄂温克族自治旗2026年政府工作报告", Some("鄂温克族自治旗"), Some(Level::County)),
        ("阿荣旗政府工作报告", Some("阿荣旗"), Some(Level::County)),
        ("长阳土家族自治县政府工作报告", Some("长阳土家族自治县"), Some(Level::County)),
        ("首页 > 要闻\n来源：某某日报\n2026年政府工作报告\n——在市第十六届人民代表大会第五次会议上\n市长 某某", None, None),
        ("", None, None),
    ];
    // A headerless report whose first dated heading is a horizon (到2030年) takes its year from
    // the next one.
    let d = extract(
        "y",
        "各位代表：\n一、到2030年的主要目标\n二、2026年工作安排\n地区生产总值增长5%左右。\n",
    )
    .document;
    assert_eq!(d.year, Some(2026));
    for (head, region, level) in cases {
        let text = format!("{head}\n{body}");
        let d = extract("x", &text).document;
        assert_eq!(d.region.as_deref(), *region, "{head}");
        assert_eq!(d.level, *level, "{head}");
        assert_eq!(d.year, Some(2026), "{head}");
    }
    // No dated header or heading: the year the body plans for (2026年经济社会发展…).
    let d = extract(
        "w",
        "各位代表：\n一、过去一年工作回顾\n二、今年工作总体要求\n2026年经济社会发展主要预期目标是：地区生产总值增长5%左右。做好2026年工作，意义重大。\n",
    );
    assert_eq!(d.document.year, Some(2026));
    assert!(
        d.warnings.iter().all(|w| !w.contains("no report year")),
        "{:?}",
        d.warnings
    );
    // The greeting and the opening on one line.
    let d = extract(
        "z",
        "各位代表：现在，我代表莫力达瓦达斡尔族自治旗人民政府向大会报告工作，请予审议。\n一、2025年工作回顾\n地区生产总值增长5%。\n",
    )
    .document;
    assert_eq!(d.region.as_deref(), Some("莫力达瓦达斡尔族自治旗"));
    assert_eq!(d.level, Some(Level::County));
    assert_eq!(d.year, Some(2026));
}
