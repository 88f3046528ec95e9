//! What a sentence of the plan does: the kinds that decide whether it opens a task, carries
//! one, or stands outside every task (framing, transition, resolve, address).
//!
//! The kinds are told by the shape of the sentence — how it opens, what it announces, who
//! speaks — never by a list of one report's sentences.

/// The role of one sentence of the plan part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SentenceKind {
    /// Work to do: the ordinary sentence of a task.
    Work,
    /// Framing of the year or the plan: 2026年是…之年 / 做好今年工作，要… / 总体要求是 /
    /// 以习近平新时代中国特色社会主义思想为指导.
    Framing,
    /// The main-targets passage: 今年经济社会发展的主要预期目标是：…
    MainTargets,
    /// A transition announcing what follows: 重点抓好以下几个方面工作：
    Transition,
    /// Resolve or rhetoric in the first person: 我们要… / 我们深知… / 只要…就一定能…
    Resolve,
    /// An address to the deputies or the closing call: 各位代表！… / 让我们… / 我代表…报告工作.
    Address,
}

/// Chars of a sentence without spaces and its closing punctuation.
fn core(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect::<String>()
        .trim_end_matches(['。', '！', '？', '：', '；', '”', '’', '）'])
        .to_string()
}

fn starts_any(t: &str, words: &[&str]) -> bool {
    words.iter().any(|w| t.starts_with(w))
}

fn has_any(t: &str, words: &[&str]) -> bool {
    words.iter().any(|w| t.contains(w))
}

/// The kind of a sentence of the plan of `year`'s report.
pub fn kind(sentence: &str, year: Option<i32>) -> SentenceKind {
    let t: String = sentence
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
        .collect();
    let t = t.trim_start_matches(['“', '"']);
    if is_address(t) {
        return SentenceKind::Address;
    }
    if opens_main_targets(t) {
        return SentenceKind::MainTargets;
    }
    if frames_the_year(t, year) || frames_the_targets(t) || states_the_guidance(t, year) {
        return SentenceKind::Framing;
    }
    if announces_what_follows(t) {
        return SentenceKind::Transition;
    }
    if is_resolve(t) {
        return SentenceKind::Resolve;
    }
    SentenceKind::Work
}

/// An address to the deputies, the report's own opening words, the closing call.
fn is_address(t: &str) -> bool {
    starts_any(t, crate::lexicon::get().tasks.address_openers)
        || (t.contains("我代表") && t.contains("报告"))
        || t.contains("请予审议")
}

/// The year's targets, not the five-year plan's (“十五五”发展的主要目标是): a 十五五 before
/// the words, not one among the targets (达到国家下达“十五五”目标要求).
fn opens_main_targets(t: &str) -> bool {
    let at = crate::lexicon::get()
        .tasks
        .main_targets
        .iter()
        .filter_map(|w| t.find(w))
        .min();
    at.is_some_and(|at| !t[..at].contains("十五五"))
}

/// Framing of the year or the period: "2026年是“十五五”开局之年", "今年是…", "“十五五”时期
/// 是…关键时期", and what the times ask (考验着…, 提出新的更高要求).
fn frames_the_year(t: &str, year: Option<i32>) -> bool {
    let year_is =
        |y: i32| t.starts_with(&format!("{y}年是")) || t.starts_with(&format!("{y}年，是"));
    // "“十五五”时期是…关键时期": a period named, then what it is.
    let period_is = t.find('是').is_some_and(|at| {
        let head = &t[..at];
        head.chars().count() <= 10
            && crate::lexicon::get().tasks.period_heads.iter().any(|w| {
                head.ends_with(w)
                    || head.ends_with(&format!("{w}”"))
                    || head.ends_with(&format!("{w}”时期"))
            })
            && has_any(t, crate::lexicon::get().tasks.period_is)
    });
    starts_any(t, crate::lexicon::get().tasks.year_is)
        || period_is
        || has_any(t, crate::lexicon::get().tasks.times_ask)
        || year.is_some_and(year_is)
}

/// Why the targets are what they are (以上这些目标，考虑了… / 确定4.5%左右的增长目标，…),
/// and how they are to be reached ("实现上述目标，要…" / "完成全年预期目标，必须…").
fn frames_the_targets(t: &str) -> bool {
    let first_clause = t.split(['，', '：']).next().unwrap_or("");
    let reach_targets = first_clause.contains("目标")
        && starts_any(first_clause, crate::lexicon::get().tasks.reach_targets);
    let explains_targets =
        first_clause.contains("目标") && has_any(t, crate::lexicon::get().tasks.explain_targets);
    explains_targets || reach_targets || starts_any(t, crate::lexicon::get().tasks.these_targets)
}

/// The guidance and the general requirements of the year's work: 总体要求是 / 做好今年工作，
/// 要… / 坚持稳中求进 / 以习近平新时代中国特色社会主义思想为指导.
fn states_the_guidance(t: &str, year: Option<i32>) -> bool {
    starts_any(t, crate::lexicon::get().tasks.steady_progress)
        || has_any(t, crate::lexicon::get().tasks.requirements)
        || (t.starts_with("做好") && has_any(t, crate::lexicon::get().tasks.doing_well))
        || starts_any(t, crate::lexicon::get().tasks.this_years_work)
        || year.is_some_and(|y| {
            starts_any(
                t,
                &[&format!("做好{y}年工作"), &format!("做好{y}年政府工作")],
            )
        })
        || starts_any(t, crate::lexicon::get().tasks.guiding_thought)
}

/// A transition announcing what follows: "重点抓好以下十个方面工作：" / "为此，要着力做好以下
/// 工作。"
fn announces_what_follows(t: &str) -> bool {
    let c = core(t);
    let n = c.chars().count();
    let announces = c.contains("以下")
        || c.contains("如下")
        || (n <= 24
            && (c.ends_with("方面工作")
                || c.ends_with("方面的工作")
                || c.ends_with("项重点工作")
                || c.ends_with("个方面")));
    n <= 40 && announces && has_any(&c, crate::lexicon::get().tasks.what_follows)
}

/// Resolve in the first person: 我们要… / 我们深知… / 我们坚信… / 只要…就…
fn is_resolve(t: &str) -> bool {
    has_any(t, crate::lexicon::get().tasks.resolve)
        || starts_any(t, crate::lexicon::get().tasks.resolve_openers)
        || t.contains("我们愿")
        || t.contains("并非易事")
}

/// Whether a sentence can lead a task when it heads a paragraph: short, one clause, a line of
/// work (提升硬联通能力。 / 主动服务和融入全国统一大市场。).
pub fn is_lead(sentence: &str) -> bool {
    let c = core(sentence);
    let n = c.chars().count();
    (4..=24).contains(&n)
        && !c.contains(['，', '；', '：', ',', ';'])
        && kind(sentence, None) == SentenceKind::Work
}

/// Where an item of a list opens, if the sentence starts one: 一是… / 第一，… / （1）… / 1.…
/// / ①… / 能源方面，…
pub fn item_marker(sentence: &str) -> bool {
    let t: Vec<char> = sentence
        .chars()
        .skip_while(|c| c.is_whitespace() || *c == '\u{3000}')
        .take(24)
        .collect();
    const CN: &str = "一二三四五六七八九十";
    let n = t.iter().take_while(|c| CN.contains(**c)).count();
    if (1..=3).contains(&n) && matches!(t.get(n), Some('是') | Some('要')) {
        return true;
    }
    if t.first() == Some(&'第') {
        let n = t[1..].iter().take_while(|c| CN.contains(**c)).count();
        if (1..=2).contains(&n) && matches!(t.get(n + 1), Some('，') | Some('是')) {
            return true;
        }
    }
    if t.first().is_some_and(|c| ('①'..='⑳').contains(c)) {
        return true;
    }
    if matches!(t.first(), Some('（') | Some('(')) {
        let d = t[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if (1..=2).contains(&d) && matches!(t.get(d + 1), Some('）') | Some(')')) {
            return true;
        }
    }
    // "煤炭智能绿色安全开采方面，…": a topic phrase of the list, then a comma.
    if let Some(comma) = t.iter().position(|&c| c == '，') {
        let head: String = crate::chars::string(&t[..comma]);
        if (4..=18).contains(&comma) && head.ends_with("方面") && !head.contains("各方面") {
            return true;
        }
    }
    false
}

/// A sentence that holds something concrete: a number, a named programme (“…”, 《…》). The
/// five-year plans (“十五五”) name the period, not a programme.
pub fn is_concrete(sentence: &str) -> bool {
    let mut t = sentence.to_string();
    for &plan in crate::lexicon::get().tasks.plans {
        t = t.replace(&format!("“{plan}”"), "");
    }
    t.chars()
        .any(|c| c.is_ascii_digit() || matches!(c, '“' | '《' | '"' | '０'..='９'))
}

/// A date the text sets as a time limit (6月底前, 年底前, 上半年, 年内), the first one.
pub fn deadline(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    const CN: &str = "一二三四五六七八九十";
    for i in 0..chars.len() {
        if chars[i] != '月' {
            continue;
        }
        // The month: 1–12 in digits or Chinese numerals just before 月.
        let mut s = i;
        while s > 0 && (chars[s - 1].is_ascii_digit() || CN.contains(chars[s - 1])) {
            s -= 1;
        }
        if s == i || i - s > 2 {
            continue;
        }
        let rest: String = crate::chars::string(&chars[i + 1..(i + 4).min(chars.len())]);
        for &tail in crate::lexicon::get().tasks.month_ends {
            if rest.starts_with(tail) {
                let month: String = crate::chars::string(&chars[s..=i]);
                return Some(format!("{month}{tail}"));
            }
        }
    }
    crate::lexicon::get()
        .tasks
        .deadlines
        .iter()
        .find(|w| text.contains(*w))
        .map(|w| w.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_plan_sentences() {
        use SentenceKind::*;
        let y = Some(2026);
        assert_eq!(kind("2026年是“十五五”开局之年。", y), Framing);
        assert_eq!(
            kind("“十五五”时期是内蒙古高质量发展、加快闯新路的关键时期。", y),
            Framing
        );
        assert_eq!(kind("是否纳入国家计划，年内明确。", y), Work);
        assert_eq!(kind("做好今年工作，任务非常艰巨。", y), Framing);
        assert_eq!(kind("做好今年防汛抗旱工作。", y), Work);
        assert_eq!(
            kind(
                "实现上述目标，要认真领会运用中央经济工作会议提出的规律性认识。",
                y
            ),
            Framing
        );
        assert_eq!(
            kind("必须紧跟世界创新节奏，培育更强大的创新力量。", y),
            Resolve
        );
        assert_eq!(
            kind(
                "确定4.5%左右的增长目标，在实际工作中努力争取更好结果，兼顾了需要和可能。",
                y
            ),
            Framing
        );
        assert_eq!(
            kind(
                "做好今年工作，要贯彻中央经济工作会议精神，推动经济实现质的有效提升。",
                y
            ),
            Framing
        );
        assert_eq!(
            kind("今年政府工作的总体要求是：坚持以习近平新时代…", y),
            Framing
        );
        assert_eq!(
            kind("今年经济社会发展主要目标是：地区生产总值增长4.5%—5%。", y),
            MainTargets
        );
        // A 十五五 among the year's targets leaves them the year's; one before the words
        // names the five-year plan's.
        assert_eq!(
            kind(
                "主要预期目标是：经济增长5%左右，碳排放双控达到国家下达“十五五”目标要求。",
                y
            ),
            MainTargets
        );
        assert_ne!(
            kind(
                "“十五五”发展的主要目标是：到2030年，研发投入强度达到3.5%以上。",
                y
            ),
            MainTargets
        );
        assert_eq!(kind("重点抓好以下十个方面工作：", y), Transition);
        assert_eq!(kind("重点做好十一个方面工作。", y), Transition);
        assert_eq!(
            kind("以上这些目标，考虑了推动高质量发展的需要和现实可能。", y),
            Framing
        );
        assert_eq!(
            kind("我们深知，实现这些目标并非易事，必须付出艰苦努力。", y),
            Resolve
        );
        assert_eq!(
            kind("教育功在当代、利在千秋，我们要努力办人民满意的教育。", y),
            Resolve
        );
        assert_eq!(kind("各位代表！使命催人奋进，实干成就未来。", y), Address);
        assert_eq!(
            kind("现在，我代表市人民政府，向大会报告工作，请予审议。", y),
            Address
        );
        assert_eq!(kind("大力提振消费。", y), Work);
        assert_eq!(
            kind("确保人民安居乐业、社会安定有序！", y),
            Work,
            "a resolve of the task's own work stays in the task"
        );
    }

    #[test]
    fn lead_sentences_and_items() {
        assert!(is_lead("提升硬联通能力。"));
        assert!(is_lead("主动服务和融入全国统一大市场。"));
        assert!(!is_lead("悠悠万事，民生为大。"));
        assert!(!is_lead(
            "抓实能源科技创新9条路径，加快构建新型能源体系，积极打造综合能源、绿色能源系统解决方案。"
        ));
        assert!(item_marker(
            "一是为怀孕妇女提供免费产前筛查与诊断服务，做到应检尽检。"
        ));
        assert!(item_marker("十五是打造80个新型公共文化空间。"));
        assert!(item_marker("煤炭智能绿色安全开采方面，抓好产能接续。"));
        assert!(!item_marker("在教育方面加大投入，新建学校10所。"));
        assert!(!item_marker("一体推进教育科技人才发展。"));
    }

    #[test]
    fn deadlines_the_text_states() {
        assert_eq!(deadline("6月底前出台实施方案").as_deref(), Some("6月底前"));
        assert_eq!(deadline("九月前完成").as_deref(), Some("九月前"));
        assert_eq!(deadline("年底前建成投用").as_deref(), Some("年底前"));
        assert_eq!(deadline("加快建设综合交通枢纽"), None);
    }
}
