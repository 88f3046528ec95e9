use super::*;
use proptest::prelude::*;

fn chars(s: &str) -> Vec<char> {
    fold_text(&s.chars().collect::<Vec<_>>())
}

/// The numeral at char `at` of `s`: (text, value).
fn num(s: &str, at: usize) -> Option<(String, f64)> {
    let cs = chars(s);
    numeral_at(&cs, at).map(|n| (crate::chars::string(&cs[n.start..n.end]), n.value))
}

fn pct(s: &str, at: usize) -> Option<(String, f64)> {
    let cs = chars(s);
    percent_at(&cs, at).map(|n| (crate::chars::string(&cs[n.start..n.end]), n.value))
}

fn is(s: &str, at: usize, text: &str, value: f64) {
    assert_eq!(num(s, at), Some((text.to_string(), value)), "{s} at {at}");
}

#[test]
fn report_phrases() {
    is(
        "实现地区生产总值3773.41亿元",
        8,
        "3773.41亿",
        377341000000.0,
    );
    is("新征土地1.5万亩", 4, "1.5万", 15000.0);
    is("新增装机120万千瓦", 4, "120万", 1200000.0);
    is("办好十件民生实事", 2, "十", 10.0);
    is("打造两个千亿级产业集群", 2, "两", 2.0);
    is("打造两个千亿级产业集群", 4, "千亿", 1e11);
    is("三千五百", 0, "三千五百", 3500.0);
    is("一千多万", 0, "一千多万", 10000000.0);
    is("财政收入176 亿元", 4, "176 亿", 17600000000.0);
    is("1,234.5", 0, "1,234.5", 1234.5);
    is("3.2万亿", 0, "3.2万亿", 3.2e12);
    is("十四五规划", 0, "十四", 14.0);
    is("建成20多项", 2, "20", 20.0);
    is("规模以上工业增加值增长5.5%", 11, "5.5", 5.5);
    is("3.", 0, "3", 3.0);
    assert_eq!(num("百分之五十", 0), None);
    assert_eq!(pct("百分之五十", 0), Some(("百分之五十".into(), 50.0)));
}

#[test]
fn arabic_forms() {
    is("1,234,567.5", 0, "1,234,567.5", 1234567.5);
    is("120万", 0, "120万", 1200000.0);
    is("5千", 0, "5千", 5000.0);
    is("2百", 0, "2百", 200.0);
    is("3万5千", 0, "3万5千", 35000.0);
    is("3万4000人", 0, "3万4000", 34000.0);
    // 5亿 + 1万 + 4600 (Recognizers-Text: 500014600)
    is("5億1萬4千6百", 0, "5億1萬4千6百", 500014600.0);
    is("1千零20", 0, "1千零20", 1020.0);
    is("2千零30万", 0, "2千零30万", 20300000.0);
    is("500余万元", 0, "500余万", 5000000.0);
    // 3万多亿: more than 3万亿 (多 between 万 and 亿); 3万多人 stays 3万 (多 before a unit).
    is("3万多亿元", 0, "3万多亿", 3e12);
    is("一万多亿元", 0, "一万多亿", 1e12);
    is("3万多人", 0, "3万", 30000.0);
    is("1,100.9亿", 0, "1,100.9亿", 110090000000.0);
    is("1.5千万", 0, "1.5千万", 15000000.0);
    is("10.36百亿亿次", 0, "10.36百亿亿", 1.036e19);
    is("５．５", 0, "5.5", 5.5);
    is("100兆瓦", 0, "100", 100.0);
    is("10千米", 0, "10", 10.0);
    is("2.5千克", 0, "2.5", 2.5);
    is("3百分点", 0, "3", 3.0);
    is("2023.12.1", 0, "2023", 2023.0);
    is("176  亿", 0, "176", 176.0);
    // exact rounding, as str::parse gives
    assert_eq!(num("0.1", 0).unwrap().1, "0.1".parse::<f64>().unwrap());
    assert_eq!(
        num("3773.41", 0).unwrap().1,
        "3773.41".parse::<f64>().unwrap()
    );
}

#[test]
fn chinese_forms() {
    is("十", 0, "十", 10.0);
    is("十五", 0, "十五", 15.0);
    is("二十", 0, "二十", 20.0);
    is("一百零五", 0, "一百零五", 105.0);
    is("两千零五", 0, "两千零五", 2005.0);
    is("三千五", 0, "三千五", 3500.0);
    is("一万三", 0, "一万三", 13000.0);
    is("三点五", 0, "三点五", 3.5);
    is("一万零一十八点一五", 0, "一万零一十八点一五", 10018.15);
    is("三点五万", 0, "三点五万", 35000.0);
    is("零点五", 0, "零点五", 0.5);
    is(
        "四亿五千六百四十二万零一十五",
        0,
        "四亿五千六百四十二万零一十五",
        456420015.0,
    );
    is("一万五千亿", 0, "一万五千亿", 1.5e12);
    is("二十一万亿", 0, "二十一万亿", 2.1e13);
    is("十万柒仟捌佰伍拾肆", 0, "十万柒仟捌佰伍拾肆", 107854.0);
    is("肆佰陸拾", 0, "肆佰陸拾", 460.0);
    is("百亿", 0, "百亿", 1e10);
    is("万亿", 0, "万亿", 1e12);
    is("百万", 0, "百万", 1e6);
    is("千万", 0, "千万", 1e7);
    is("二〇二三年", 0, "二〇二三", 2023.0);
    is("一九九八年", 0, "一九九八", 1998.0);
    is("五十千", 0, "五十", 50.0);
    is("一千零十二章", 0, "一千零十二", 1012.0);
    is("两万两", 0, "两万", 20000.0);
    is("二十 億", 0, "二十 億", 2e9);
    is("三千 八百 九十六 万", 0, "三千 八百 九十六 万", 38960000.0);
    is("十 余 万", 0, "十 余 万", 100000.0);
    is(
        "五兆六十二亿四万五千二",
        0,
        "五兆六十二亿四万五千二",
        5006200045200.0,
    );
    // lone magnitude words, lone 零, lone financial digits, idioms
    for s in [
        "百",
        "千",
        "万",
        "亿",
        "万万",
        "亿万人民",
        "千家万户",
        "万一",
        "零售",
        "队伍",
        "陆续",
    ] {
        let cs = chars(s);
        let at = if s == "队伍" { 1 } else { 0 };
        assert_eq!(numeral_at(&cs, at), None, "{s}");
    }
    is("一点一滴", 0, "一", 1.0);
    is("两百点两", 0, "两百", 200.0);
    assert_eq!(num("千兆光网", 0), None);
}

#[test]
fn percentages() {
    assert_eq!(
        pct("百分之五十五点五七九", 0),
        Some(("百分之五十五点五七九".into(), 55.579))
    );
    assert_eq!(pct("50%", 0), Some(("50%".into(), 50.0)));
    assert_eq!(pct("增长5.5％", 2), Some(("5.5%".into(), 5.5)));
    assert_eq!(pct("千分之五", 0), Some(("千分之五".into(), 0.5)));
    assert_eq!(pct("3.5‰", 0), Some(("3.5‰".into(), 0.35)));
    assert_eq!(pct("百分之百", 0), Some(("百分之百".into(), 100.0)));
    assert_eq!(pct("百 分 之 2", 0), Some(("百 分 之 2".into(), 2.0)));
    assert_eq!(pct("五百分之二", 1), None);
    assert_eq!(pct("百分之二三十", 0), None);
    assert_eq!(pct("30%25", 0), None);
    assert_eq!(pct("3个百分点", 0), None);
}

fn rec(s: &str) -> Vec<(String, f64, bool)> {
    let cs: Vec<char> = s.chars().collect();
    recognize(s)
        .into_iter()
        .map(|r| {
            (
                crate::chars::string(&cs[r.start..r.end]),
                r.value,
                r.percent,
            )
        })
        .collect()
}

#[test]
fn recognize_text() {
    assert_eq!(
        rec("过去一年，实现地区生产总值3773.41亿元，增长3.3%。"),
        vec![
            ("一".into(), 1.0, false),
            ("3773.41亿".into(), 377341000000.0, false),
            ("3.3%".into(), 3.3, true)
        ]
    );
    assert_eq!(rec("负3.9%"), vec![("负3.9%".into(), -3.9, true)]);
    assert_eq!(
        rec("下降0.5个百分点"),
        vec![("0.5个百分点".into(), 0.5, true)]
    );
    assert_eq!(
        rec("5-20%"),
        vec![("5".into(), 5.0, false), ("20%".into(), 20.0, true)]
    );
    assert_eq!(
        rec("４，５６５"),
        vec![("４，５６５".into(), 4565.0, false)]
    );
    for s in [
        "两两",
        "一切",
        "四川",
        "入伍時分",
        "收拾房间",
        "大陆",
        "十分重要",
        "二三十个百分点",
    ] {
        assert_eq!(rec(s), vec![], "{s}");
    }
    assert_eq!(rec("三的另一种写法是叁").len(), 3);
}

proptest! {
    #[test]
    fn recognize_never_panics(s in "\\PC{0,40}") {
        let n = s.chars().count();
        let mut last = 0;
        for r in recognize(&s) {
            prop_assert!(r.start < r.end && r.end <= n);
            prop_assert!(r.start >= last);
            last = r.end;
        }
    }

    #[test]
    fn recognize_never_panics_on_numeral_soup(
        s in "[0-9.,%‰ 零〇一二两三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟萬億多余几点分之个负\\-年瓦]{0,40}"
    ) {
        let n = s.chars().count();
        let mut last = 0;
        for r in recognize(&s) {
            prop_assert!(r.start < r.end && r.end <= n);
            prop_assert!(r.start >= last);
            prop_assert!(!r.value.is_nan());
            last = r.end;
        }
        let cs = chars(&s);
        for i in 0..cs.len() {
            if let Some(x) = numeral_at(&cs, i) {
                prop_assert!(x.start == i && x.start < x.end && x.end <= cs.len());
            }
            if let Some(x) = percent_at(&cs, i) {
                prop_assert!(x.start == i && x.start < x.end && x.end <= cs.len());
            }
        }
    }
}
