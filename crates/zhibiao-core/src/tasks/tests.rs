use super::score::{score, GoldTask};
use super::*;
use kind::SentenceKind;

const JIANGMEN: &str = include_str!("../../../../tests/data/jiangmen-2023.txt");
const SHANXI: &str = include_str!("../../../../tests/data/provinces-2026/shanxi-2026.txt");
const JIANGMEN_GOLD: &str =
    include_str!("../../../../tests/data/gold/tasks/jiangmen-2023.tasks.jsonl");
const SHANXI_GOLD: &str = include_str!("../../../../tests/data/gold/tasks/shanxi-2026.tasks.jsonl");

fn gold(text: &str) -> Vec<GoldTask> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("gold line"))
        .collect()
}

fn division(id: &str, text: &str) -> Vec<Task> {
    let x = crate::extract(id, text);
    divide(id, text, &x.facts)
}

fn scored(id: &str, text: &str, g: &str) -> super::score::TaskScore {
    let t = division(id, text);
    let s = score(&gold(g), &t);
    if std::env::var("DUMP").is_ok() {
        for m in &s.misses {
            eprintln!("MISS  {}", m.first);
        }
        for e in &s.extras {
            eprintln!("EXTRA {} {}", e.0, e.1);
        }
        for p in s.pairs.iter().filter(|p| !p.end_agrees) {
            eprintln!("END   gold {} / found {}", p.gold_last, p.pred_last);
        }
    }
    eprintln!(
        "{id}: gold {} found {} matched {} P {:.3} R {:.3} F1 {:.3} end {:.3}",
        s.n_gold, s.n_pred, s.matched, s.precision, s.recall, s.f1, s.end_rate
    );
    s
}

/// The hand-made divisions of the two dev reports (tests/data/gold/tasks): task F1 ≥ 0.90 and
/// end boundaries agreeing on ≥ 0.85 of matched tasks (issue 12). Both score 1.000 today.
#[test]
fn gold_divisions_score() {
    for (id, text, g) in [
        ("jiangmen-2023", JIANGMEN, JIANGMEN_GOLD),
        ("shanxi-2026", SHANXI, SHANXI_GOLD),
    ] {
        let s = scored(id, text, g);
        assert!(s.f1 >= 0.95, "{id}: task F1 {:.3}", s.f1);
        assert!(s.end_rate >= 0.90, "{id}: end agreement {:.3}", s.end_rate);
    }
}

/// The Jiangmen file prints its part headings after the text and breaks off inside part （三）:
/// every task is filed under 二、2023年工作安排 and its own part, in reading order, and the
/// main-targets passage is one task with all its targets.
#[test]
fn jiangmen_parts_in_logical_order() {
    let t = division("jiangmen-2023", JIANGMEN);
    assert!(
        t.iter().all(|t| t.part.starts_with("二、2023年工作安排")),
        "{:?}",
        t.iter().map(|t| &t.part).collect::<Vec<_>>()
    );
    let subs: Vec<&str> = t
        .iter()
        .filter_map(|t| t.part.split(" › ").nth(1))
        .map(|p| &p[..p.char_indices().nth(3).map_or(p.len(), |(i, _)| i)])
        .collect();
    let mut sorted = subs.clone();
    sorted.dedup();
    assert_eq!(sorted, vec!["（一）", "（二）", "（三）"]);
    let main = &t[0];
    assert_eq!(main.part, "二、2023年工作安排");
    assert!(main.first.starts_with("今年经济社会发展的主要预期目标是"));
    assert!(main.targets.len() >= 10, "{} targets", main.targets.len());
    assert!(main.targets.iter().all(|f| f.kind == crate::Kind::Target));
    assert!(
        !main.text.contains("重点抓好以下"),
        "the transition is no part of it"
    );
    assert_eq!(main.title, "今年经济社会发展的主要预期目标是");
    // Offsets and lines point back into the source.
    let joined: Vec<char> = JIANGMEN.replace('\n', "").chars().collect();
    for task in &t {
        let at: String = joined[task.offset..task.offset + task.first.chars().count()]
            .iter()
            .collect();
        assert_eq!(at, task.first);
        assert!(task.line_start <= task.line_end);
        for s in &task.sentences {
            let at: String = joined[s.offset..s.offset + s.text.chars().count()]
                .iter()
                .collect();
            assert_eq!(at.trim(), s.text);
        }
    }
    assert_eq!(t[1].line_start, 434, "提升硬联通能力 stands on line 434");
}

/// Over the 30 provincial reports of 2026 (none hand-divided but shanxi): no task holds a
/// sentence of framing, transition or address, no task comes from the review or a glossary,
/// and every report has a plan.
#[test]
fn provinces_no_framing_in_any_task() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/provinces-2026");
    let mut n = 0;
    let mut bad = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("provinces dir") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("utf-8 report");
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("x")
            .to_string();
        let t = division(&id, &text);
        assert!(t.len() >= 10, "{id}: {} tasks", t.len());
        for task in &t {
            for s in &task.sentences {
                let k = kind::kind(&s.text, Some(2026));
                if matches!(
                    k,
                    SentenceKind::Framing | SentenceKind::Address | SentenceKind::Transition
                ) {
                    bad.push(format!(
                        "{id}: {k:?} sentence in task {}: {}",
                        task.seq, s.text
                    ));
                }
                for word in [
                    "各位代表",
                    "开局之年",
                    "过去一年",
                    "五年来",
                    "并非易事",
                    "让我们",
                ] {
                    if s.text.contains(word) {
                        bad.push(format!("{id}: task {} holds {word}: {}", task.seq, s.text));
                    }
                }
            }
            assert!(
                !task.first.starts_with('［'),
                "{id}: a glossary entry: {}",
                task.first
            );
        }
        n += 1;
    }
    assert!(n >= 30, "{n} reports");
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn counted_list_items_are_tasks_and_lead_in_is_none() {
    let text = "三、2026年工作安排\n（九）着力保障和改善民生\n促进居民就业增收。落实就业优先政策，城镇新增就业45万人。\n悠悠万事，民生为大。今年再办好3件民生实事。一是为怀孕妇女提供免费产前筛查。二是为既有住宅加装电梯600部。三是免费送戏下乡1万场。我们要用心用情用力破解群众急难愁盼问题。\n";
    let t = division("x", text);
    let firsts: Vec<&str> = t.iter().map(|t| t.first.as_str()).collect();
    assert_eq!(
        firsts,
        vec![
            "促进居民就业增收。",
            "一是为怀孕妇女提供免费产前筛查。",
            "二是为既有住宅加装电梯600部。",
            "三是免费送戏下乡1万场。"
        ]
    );
    assert_eq!(
        t[3].last, "三是免费送戏下乡1万场。",
        "the closing resolve is in no task"
    );
    assert_eq!(t[3].number, "三、（九）4.");
}

#[test]
fn glossary_and_review_are_in_no_task() {
    let text = "一、2025年工作回顾\n过去一年，地区生产总值增长5.1%。\n三、2026年重点工作\n各位代表！做好今年工作，要稳中求进。\n大力提振消费。6月底前出台提振消费措施。\n各位代表！让我们团结奋斗。\n注释\n［1］两重：国家重大战略实施和重点领域安全能力建设。\n";
    let t = division("x", text);
    assert_eq!(t.len(), 1, "{t:?}");
    assert_eq!(t[0].title, "大力提振消费");
    assert_eq!(t[0].deadline.as_deref(), Some("6月底前"));
}

#[test]
fn never_panics_on_odd_text() {
    for text in [
        "",
        "\n\n",
        "三、",
        "（一）\n\n\n。。。",
        "二、2026年工作安排\n一是\n二是",
        "附件\n",
        "各位代表",
    ] {
        let _ = division("x", text);
    }
}

/// `TASKS_DUMP=path cargo test -p zhibiao-core --lib tasks::tests::dump_file -- --nocapture`
/// prints the division of any report, to read by eye.
#[test]
fn dump_file() {
    let Ok(path) = std::env::var("TASKS_DUMP") else {
        return;
    };
    for path in path.split(',') {
        let text = std::fs::read_to_string(path).expect("readable");
        let t = division("x", &text);
        eprintln!("==== {path}: {} tasks", t.len());
        for t in &t {
            eprintln!(
                "{} {} | {} | {} || {}",
                t.seq,
                t.number,
                t.part.chars().take(30).collect::<String>(),
                t.first.chars().take(50).collect::<String>(),
                t.last.chars().take(40).collect::<String>()
            );
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// Any text made of the characters plans are made of divides without a panic, and every
    /// task's offsets point at its first sentence.
    #[test]
    fn any_plan_like_text_divides(text in "[一二三四五六七八九十、（）。，：；！？是要方面年今各位代表我们以下2026\\n ——“”]{0,300}") {
        let text = format!("三、2026年工作安排\n{text}");
        let t = division("x", &text);
        let joined: Vec<char> = text.replace('\n', "").chars().collect();
        for task in &t {
            proptest::prop_assert!(task.offset <= task.end && task.end <= joined.len());
            let at: String = crate::chars::string(&joined[task.offset..task.end]);
            proptest::prop_assert!(at.contains(task.first.trim()));
        }
    }
}

/// The shape of a national report (the State Council's, whose 分工意见 the spec follows):
/// the 总体要求和政策取向 part holds framing, the main targets, why they were chosen and the
/// policy lines; the 政府工作任务 part opens with a transition, each （一） with its aim.
#[test]
fn national_report_shape() {
    let text = "政府工作报告\n——2025年3月5日在第十四届全国人民代表大会第三次会议上\n国务院总理 李强\n各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议，并请全国政协委员提出意见。\n一、2024年工作回顾\n过去一年，国内生产总值增长5%。\n二、2025年经济社会发展总体要求和政策取向\n做好今年政府工作，要在以习近平同志为核心的党中央坚强领导下，坚持稳中求进工作总基调。\n今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上；居民消费价格涨幅2%左右。\n提出上述预期目标，综合考虑了国内外形势和各方面因素，兼顾了需要和可能。\n实现今年目标很不容易，需要付出艰苦努力。要实施更加积极有为的宏观政策。\n实施更加积极的财政政策。赤字率拟按4%左右安排，比上年提高1个百分点。\n实施适度宽松的货币政策。适时降准降息，保持流动性充裕。\n三、2025年政府工作任务\n我们要突出重点、把握关键，着力抓好以下几个方面工作。\n（一）大力提振消费、提高投资效益，全方位扩大国内需求。\n促进消费和投资更好结合，加快补上内需特别是消费短板。\n实施提振消费专项行动。制定提振消费专项行动方案，6月底前出台。\n积极扩大有效投资。今年拟安排中央预算内投资7350亿元。\n各位代表！中华民族伟大复兴号巨轮正劈波斩浪、扬帆远航。让我们更加紧密地团结在以习近平同志为核心的党中央周围，砥砺奋进。\n";
    let t = division("national-2025", text);
    let firsts: Vec<&str> = t.iter().map(|t| t.first.as_str()).collect();
    assert_eq!(
        firsts,
        vec![
            "今年发展主要预期目标是：国内生产总值增长5%左右；城镇新增就业1200万人以上；居民消费价格涨幅2%左右。",
            "实施更加积极的财政政策。",
            "实施适度宽松的货币政策。",
            "实施提振消费专项行动。",
            "积极扩大有效投资。",
        ]
    );
    assert_eq!(t[0].part, "二、2025年经济社会发展总体要求和政策取向");
    assert_eq!(
        t[3].part,
        "三、2025年政府工作任务 › （一）大力提振消费、提高投资效益，全方位扩大国内需求"
    );
    assert_eq!(t[3].deadline.as_deref(), Some("6月底前"));
    assert!(t[0].targets.len() >= 3);
}
