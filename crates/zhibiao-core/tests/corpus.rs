//! Whole-report tests on the bundled corpus: the seed scored against its gold, every provincial
//! report extracted with its GDP-growth target, and the properties every fact must keep.

use std::path::PathBuf;

use zhibiao_core::{eval, extract, Bound, Fact, Kind, Measure};

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(rel)
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(data(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn gold(rel: &str) -> Vec<Fact> {
    read(rel)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{rel}: {e}: {l}")))
        .collect()
}

#[test]
fn seed_scores_against_its_gold() {
    let text = read("jiangmen-2023.txt");
    let out = extract("jiangmen-2023", &text);
    let score = eval::score(&text, &gold("gold/jiangmen-2023.jsonl"), &out.facts);
    println!(
        "jiangmen-2023: P {:.3} R {:.3} F1 {:.3} subject {:.3} ({} gold, {} predicted)",
        score.precision, score.recall, score.f1, score.subject_accuracy, score.n_gold, score.n_pred
    );
    // 0.988: the gold (drafted before the spec spelled out spans) codes its two runs in the
    // one-year review (城市供水能力连续两年省考核第1, 工业投资连续两年增量均超百亿) for 2022
    // alone; the spec, and the shanxi and gansu gold, give a run its span (since 2021).
    assert!(score.f1 >= 0.985, "F1 {:.3} < 0.985", score.f1);
    assert!(
        score.subject_accuracy >= 0.90,
        "subject accuracy {:.3} < 0.90",
        score.subject_accuracy
    );
}

/// The hand-checked gold of two provincial 2026 reports ("十四五" review, "十五五" goals and
/// 2026 targets: the spec's Periods and spans in practice). Floors at today's figures, so that
/// a change that loses facts fails (issue 11 asks F1 0.95 and subject 0.92 of each).
#[test]
fn hand_checked_provinces_score_against_their_gold() {
    for (doc, min_f1, min_subject) in [("shanxi-2026", 0.95, 0.92), ("gansu-2026", 0.95, 0.92)] {
        scored_at_least(doc, "gold", min_f1, min_subject);
    }
}

#[test]
fn seed_metadata() {
    let out = extract("jiangmen-2023", &read("jiangmen-2023.txt"));
    let d = &out.document;
    assert_eq!(d.year, Some(2023));
    assert_eq!(d.date.as_deref(), Some("2023-02-16"));
    assert_eq!(d.region.as_deref(), Some("江门市"));
    assert_eq!(d.level, Some(zhibiao_core::Level::Prefecture));
}

/// Every provincial report extracts with at least 50 facts, and its GDP-growth target of 2026
/// is found with the value and bound the report states.
#[test]
fn provinces_extract_with_their_gdp_target() {
    // (file, value, bound): read off each report's 主要预期目标 by hand.
    let expected: &[(&str, f64, Bound)] = &[
        ("anhui", 5.0, Bound::Range),
        ("beijing", 5.0, Bound::About),
        ("chongqing", 5.0, Bound::AtLeast),
        ("fujian", 5.0, Bound::About),
        ("gansu", 5.5, Bound::About),
        ("guangxi", 5.0, Bound::About),
        ("guizhou", 5.0, Bound::About),
        ("hainan", 6.0, Bound::About),
        ("hebei", 5.0, Bound::AtLeast),
        ("heilongjiang", 4.5, Bound::Range),
        ("henan", 5.0, Bound::About),
        ("hubei", 5.5, Bound::About),
        ("hunan", 5.0, Bound::About),
        ("jiangsu", 5.0, Bound::Exact), // 地区生产总值按增长5%安排
        ("jiangxi", 5.0, Bound::Range),
        ("jilin", 5.0, Bound::About),
        ("liaoning", 4.5, Bound::About),
        ("neimenggu", 5.0, Bound::About),
        ("ningxia", 5.0, Bound::About),
        ("qinghai", 4.5, Bound::About),
        ("shaanxi", 5.0, Bound::About),
        ("shandong", 5.0, Bound::AtLeast),
        ("shanghai", 5.0, Bound::About),
        ("shanxi", 4.5, Bound::Range),
        ("sichuan", 5.5, Bound::About),
        ("tianjin", 4.5, Bound::Exact),
        ("xinjiang", 5.5, Bound::Range),
        ("xizang", 7.0, Bound::AtLeast),
        ("yunnan", 4.5, Bound::About),
        ("zhejiang", 5.0, Bound::Range),
    ];
    let mut failures = Vec::new();
    for &(name, value, bound) in expected {
        let file = format!("provinces-2026/{name}-2026.txt");
        let out = extract(&format!("{name}-2026"), &read(&file));
        if out.facts.len() < 50 {
            failures.push(format!("{name}: only {} facts", out.facts.len()));
        }
        let found = out.facts.iter().any(|f| {
            f.kind == Kind::Target
                && f.period == 2026
                && f.since.is_none()
                && f.measure == Measure::Growth
                && (f.subject.contains("生产总值") || f.subject.contains("经济"))
                && f.value == value
                && f.bound == bound
                && !f.stretch
        });
        if !found {
            failures.push(format!("{name}: no GDP growth target {value} {bound:?}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

/// Quotes are exact substrings of the joined text at their offset, and the line range holds them.
#[test]
fn quotes_and_lines_point_at_the_source() {
    for file in [
        "jiangmen-2023.txt",
        "hailar-2015.txt",
        "hailar-2016.txt",
        "provinces-2026/guangxi-2026.txt",
    ] {
        let text = read(file);
        let lines: Vec<&str> = text.split('\n').collect();
        let joined: Vec<char> = text.chars().filter(|&c| c != '\n').collect();
        for f in extract("x", &text).facts {
            let q: Vec<char> = f.quote.chars().collect();
            assert_eq!(
                &joined[f.offset..f.offset + q.len()],
                &q[..],
                "{file}: {f:?}"
            );
            let span: String = lines[f.line_start - 1..f.line_end].concat();
            assert!(
                span.contains(&f.quote),
                "{file}: lines {}-{} do not hold {:?}",
                f.line_start,
                f.line_end,
                f.quote
            );
        }
    }
}

/// The 2015 targets of the Hailar 2015 report against the outcomes in its 2016 report: every
/// row of the hand-checked gold is matched and right (compare.md, Scoring).
#[test]
fn hailar_targets_meet_their_outcomes() {
    use zhibiao_core::compare::{compare, Options, Row, Verdict};
    let e = extract("hailar-2015", &read("hailar-2015.txt"));
    let l = extract("hailar-2016", &read("hailar-2016.txt"));
    let cmp = compare(
        &e,
        &l,
        zhibiao_core::Registry::builtin(),
        Options::default(),
    )
    .expect("comparable");
    assert!(!cmp.swapped);
    let gold: Vec<serde_json::Value> = read("gold/compare/hailar-2015-2016.jsonl")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("gold row"))
        .collect();
    let same = |a: f64, b: f64| (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0);
    let mut wrong = Vec::new();
    for g in &gold {
        let t = &g["target"];
        let found: Option<&Row> = cmp.rows.iter().find(|r| {
            r.year == g["year"].as_i64().unwrap_or(0) as i32
                && serde_json::to_value(r.measure).ok().as_ref() == Some(&g["measure"])
                && same(r.target.value, t["value"].as_f64().unwrap_or(f64::NAN))
                && r.target.unit == t["unit"].as_str().unwrap_or("")
                && serde_json::to_value(r.target.bound).ok().as_ref() == Some(&t["bound"])
                && r.target.stretch == t["stretch"].as_bool().unwrap_or(false)
        });
        let right = found.is_some_and(|r| {
            serde_json::to_value(r.verdict).ok().as_ref() == Some(&g["verdict"])
                && match (&r.outcome, g["outcome"].as_object()) {
                    (None, None) => true,
                    (Some(o), Some(go)) => same(o.value, go["value"].as_f64().unwrap_or(f64::NAN)),
                    _ => false,
                }
        });
        if !right {
            wrong.push(format!(
                "{} {} {}: got {:?}",
                g["subject"],
                g["measure"],
                g["verdict"],
                found.map(|r| (&r.verdict, &r.outcome))
            ));
        }
    }
    let (met, missed, nr) = cmp.summary();
    println!("hailar 2015→2016: {} gold rows, {} right; {} rows predicted ({met} met, {missed} missed, {nr} not reported)", gold.len(), gold.len() - wrong.len(), cmp.rows.len());
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(cmp.rows.iter().any(|r| r.verdict == Verdict::Met));
}

/// Reports the extractor was not tuned on, with facts drafted from the text alone by helpers
/// (tests/data/gold-dev, not hand-checked; their periods and spans re-checked blind against the
/// spec, see tests/data/gold-dev/SPANS-RECHECK.md): a guard against rules that only fit the
/// seed.
#[test]
fn development_gold_generalises() {
    let cases = [
        ("hailar-2015", "hailar-2015.txt"),
        ("hailar-2016", "hailar-2016.txt"),
        ("beijing-2026", "provinces-2026/beijing-2026.txt"),
        ("henan-2026", "provinces-2026/henan-2026.txt"),
        ("jilin-2026", "provinces-2026/jilin-2026.txt"),
    ];
    let mut f1s = Vec::new();
    for (doc, file) in cases {
        let text = read(file);
        let out = extract(doc, &text);
        let score = eval::score(&text, &gold(&format!("gold-dev/{doc}.jsonl")), &out.facts);
        println!(
            "{doc}: P {:.3} R {:.3} F1 {:.3} subject {:.3}",
            score.precision, score.recall, score.f1, score.subject_accuracy
        );
        assert!(score.f1 >= 0.92, "{doc}: F1 {:.3} < 0.92", score.f1);
        f1s.push(score.f1);
    }
    let mean = f1s.iter().sum::<f64>() / f1s.len() as f64;
    println!("mean F1 {mean:.3}");
    assert!(mean >= 0.945, "mean F1 {mean:.3} < 0.945");
}

/// Provincial reports drafted blind by helpers who had not seen the extractor, scored after the
/// rules were written (tests/data/gold-dev/BLIND-DRAFTS.md): reports the rules were not built on.
/// hebei and shaanxi were drafted in session 7 (shaanxi scored 0.829 when they arrived: its
/// five-year review opens after 各位代表！ in a paragraph's second sentence). Floors a little
/// under today's figures (F1 0.950–0.969, subject 0.906–0.982), so that a change that loses
/// facts or owners here fails.
#[test]
fn blind_drafts_score() {
    let mut f1s = Vec::new();
    let mut subjects = Vec::new();
    for doc in ["xizang-2026", "tianjin-2026", "hebei-2026", "shaanxi-2026"] {
        let score = scored_at_least(doc, "gold-dev", 0.94, 0.89);
        f1s.push(score.f1);
        subjects.push(score.subject_accuracy);
    }
    let mean = f1s.iter().sum::<f64>() / f1s.len() as f64;
    assert!(mean >= 0.955, "mean F1 {mean:.3} < 0.955");
    let mean_subject = subjects.iter().sum::<f64>() / subjects.len() as f64;
    assert!(
        mean_subject >= 0.92,
        "mean subject {mean_subject:.3} < 0.92"
    );
}

/// qinghai-2026 and xinjiang-2026, drafted blind in session 9 (first scored F1 0.885 / 0.898,
/// subject 0.861 / 0.908, on rules never tuned to them), hunan-2026 and ningxia-2026 in session
/// 10 (first scored 0.956 / 0.940, subject 0.931 / 0.900), and fujian-2026 and guizhou-2026
/// later in session 10 (first scored 0.912 / 0.952, subject 0.929 / 0.915). Floors a little
/// under today's figures.
#[test]
fn newer_blind_drafts_score() {
    for (doc, f1, subject) in [
        ("qinghai-2026", 0.94, 0.84),
        ("xinjiang-2026", 0.91, 0.90),
        ("hunan-2026", 0.96, 0.93),
        ("ningxia-2026", 0.96, 0.90),
        ("fujian-2026", 0.90, 0.91),
        ("guizhou-2026", 0.96, 0.90),
    ] {
        scored_at_least(doc, "gold-dev", f1, subject);
    }
}

/// The fifteen drafted blind in session 11 (tests/data/gold-dev/BLIND-DRAFTS.md): eight
/// scored first and then worked on (shandong … yunnan: first F1 0.862–0.957, mean 0.920), and
/// seven held out until the session's rules were written (chongqing … shanghai: F1 0.878–0.968,
/// mean 0.912, subject 0.908; hainan was worked on after that, 0.861 → 0.913). Floors a little
/// under today's figures.
#[test]
fn session11_blind_drafts_score() {
    let (mut f1s, mut subjects) = (Vec::new(), Vec::new());
    for (doc, f1, subject) in [
        ("shandong-2026", 0.96, 0.92),
        ("liaoning-2026", 0.95, 0.95),
        ("guangxi-2026", 0.94, 0.89),
        ("anhui-2026", 0.93, 0.95),
        ("hubei-2026", 0.90, 0.92),
        ("zhejiang-2026", 0.93, 0.91),
        ("sichuan-2026", 0.91, 0.89),
        ("yunnan-2026", 0.89, 0.94),
        ("chongqing-2026", 0.88, 0.90),
        ("hainan-2026", 0.90, 0.90),
        ("heilongjiang-2026", 0.95, 0.91),
        ("jiangsu-2026", 0.88, 0.93),
        ("jiangxi-2026", 0.90, 0.90),
        // 0.934 -> 0.920 when 居全国首位 became rank 1 (as 全国第一): the draft has 1 of 9.
        ("neimenggu-2026", 0.91, 0.89),
        ("shanghai-2026", 0.95, 0.91),
    ] {
        let score = scored_at_least(doc, "gold-dev", f1, subject);
        f1s.push(score.f1);
        subjects.push(score.subject_accuracy);
    }
    let mean = f1s.iter().sum::<f64>() / f1s.len() as f64;
    assert!(mean >= 0.93, "mean F1 {mean:.3} < 0.93");
    // The bar for subjects on reports never seen (0.92); these drafts were unseen when
    // they arrived (their first scores: 0.913 and 0.909), so this guards the rules since.
    let mean = subjects.iter().sum::<f64>() / subjects.len() as f64;
    assert!(mean >= 0.925, "mean subject {mean:.3} < 0.925");
}

/// Scores genre passages (tests/data/genre) against their gold in gold-dev, each at least its
/// floors (F1, subject), and their mean F1 at least `mean_floor` when one is given.
fn genre_passages_score(cases: &[(&str, f64, f64)], mean_floor: Option<f64>) {
    let mut f1s = Vec::new();
    for &(doc, f1, subject) in cases {
        let text = read(&format!("genre/{doc}.txt"));
        f1s.push(score_text_at_least(doc, &text, "gold-dev", f1, subject).f1);
    }
    if let Some(floor) = mean_floor {
        let mean = f1s.iter().sum::<f64>() / f1s.len() as f64;
        assert!(mean >= floor, "mean F1 {mean:.3} < {floor}");
    }
}

/// National and county passages written in the genre's wording and drafted blind in session 17
/// (tests/data/genre, tests/data/gold-dev/BLIND-DRAFTS.md): first scored F1 0.921 / 0.965 /
/// 0.942 / 0.850 (county-b's “十四五”以来 paragraph was read as one year). Floors a little
/// under today's figures.
#[test]
fn national_and_county_passages_score() {
    genre_passages_score(
        &[
            ("nat-2019", 0.93, 0.94),
            ("nat-2023", 0.96, 0.95),
            ("county-a", 0.97, 0.95),
            ("county-b", 0.95, 0.97),
        ],
        Some(0.96),
    );
}

/// A city, a province and a district drafted blind in session 17 and scored held out (F1 0.976 /
/// 0.964 / 0.920 before any rule was written from them; tests/data/gold-dev/BLIND-DRAFTS.md).
/// Floors a little under today's figures.
#[test]
fn city_province_and_district_passages_score() {
    genre_passages_score(
        &[
            ("city-2021", 0.97, 0.97),
            ("prov-2024", 0.96, 0.92),
            ("district-2023", 0.96, 0.95),
        ],
        None,
    );
}

/// The score of the provincial report `doc` against `{dir}/{doc}.jsonl`, printed, and asserted
/// to reach the floors given.
fn scored_at_least(doc: &str, dir: &str, min_f1: f64, min_subject: f64) -> eval::Score {
    let text = read(&format!("provinces-2026/{doc}.txt"));
    score_text_at_least(doc, &text, dir, min_f1, min_subject)
}

/// [`scored_at_least`] for the text of `doc` given.
fn score_text_at_least(
    doc: &str,
    text: &str,
    dir: &str,
    min_f1: f64,
    min_subject: f64,
) -> eval::Score {
    let text = text.to_string();
    let out = extract(doc, &text);
    let score = eval::score(&text, &gold(&format!("{dir}/{doc}.jsonl")), &out.facts);
    println!(
        "{doc}: P {:.3} R {:.3} F1 {:.3} subject {:.3} ({} gold, {} predicted)",
        score.precision, score.recall, score.f1, score.subject_accuracy, score.n_gold, score.n_pred
    );
    assert!(score.f1 >= min_f1, "{doc}: F1 {:.3} < {min_f1}", score.f1);
    assert!(
        score.subject_accuracy >= min_subject,
        "{doc}: subject {:.3} < {min_subject}",
        score.subject_accuracy
    );
    score
}

/// The targets of each main-targets paragraph (主要预期目标) get an indicator id.
#[test]
fn main_targets_get_indicator_ids() {
    let mut files: Vec<String> = vec![
        "jiangmen-2023.txt".into(),
        "hailar-2015.txt".into(),
        "hailar-2016.txt".into(),
    ];
    let mut names: Vec<String> = std::fs::read_dir(data("provinces-2026"))
        .expect("corpus")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    files.extend(names.into_iter().map(|n| format!("provinces-2026/{n}")));
    let (mut all, mut all_ok, mut main, mut main_ok) = (0, 0, 0, 0);
    for file in &files {
        let text = read(file);
        let joined: Vec<char> = text.chars().filter(|&c| c != '\n').collect();
        for f in extract("x", &text)
            .facts
            .iter()
            .filter(|f| f.kind == Kind::Target)
        {
            all += 1;
            all_ok += f.indicator.is_some() as usize;
            let s = joined[..f.offset]
                .iter()
                .rposition(|c| "。！？".contains(*c))
                .map(|p| p + 1)
                .unwrap_or(0);
            let e = joined[f.offset..]
                .iter()
                .position(|c| "。！？".contains(*c))
                .map(|p| f.offset + p)
                .unwrap_or(joined.len());
            let sentence: String = joined[s..e].iter().collect();
            if sentence.contains("预期目标") && f.since.is_none() {
                main += 1;
                main_ok += f.indicator.is_some() as usize;
            }
        }
    }
    let share = main_ok as f64 / main.max(1) as f64;
    println!(
        "{} reports: {all_ok} of {all} targets have an indicator ({:.1}%); main-target paragraphs: {main_ok} of {main} ({:.1}%)",
        files.len(),
        100.0 * all_ok as f64 / all.max(1) as f64,
        100.0 * share
    );
    assert!(main >= 100, "only {main} main targets found");
    assert!(share >= 0.80, "{:.1}% < 80%", 100.0 * share);
}

/// Two pairs of consecutive reports (a county 2024/2025, a national 2018 new-term report and the
/// next year's without a header) and two new-term passages (a city 2026 reviewing "十四五", a
/// county 2022 reviewing its five years), drafted blind in session 18 and scored held out:
/// F1 1.000 / 0.996 / 0.658 / 0.929 / 0.978 / 0.833 before any rule was written from them (a
/// heading 过去五年工作回顾 named no span; 今后五年 planned nothing). Floors a little under
/// today's figures.
#[test]
fn new_term_and_consecutive_passages_score() {
    genre_passages_score(
        &[
            ("county-2024", 0.99, 0.97),
            ("county-2025", 0.98, 0.97),
            ("nat-2018", 0.98, 0.94),
            ("nat-2019-bare", 0.97, 0.95),
            ("city-2026", 0.96, 0.97),
            ("county-2022", 0.95, 0.98),
        ],
        Some(0.97),
    );
}

/// The second round of session 18, held out until the first round's rules were written: a
/// province at the change of term (2023), a national report in 2013's style, and a district's
/// consecutive reports (桐川市云岭区 2022, 云岭区 2023). Held out: F1 0.932 / 0.822 / 0.978 /
/// 0.972 (mean 0.926), subject 0.965 / 0.938 / 0.944 / 0.966. Floors a little under today's.
#[test]
fn second_round_passages_score() {
    genre_passages_score(
        &[
            ("prov-2023", 0.93, 0.94),
            ("nat-2013", 0.93, 0.91),
            ("yunling-2022", 0.96, 0.93),
            ("yunling-2023", 0.96, 0.95),
        ],
        None,
    );
}

/// Session 19's blind passages (a city's consecutive reports 霁川市 2024 and 2025, a national
/// 2021 report reviewing "十三五" with "十四五" targets and the next year's web copy, a banner's
/// 2021 report, an autonomous prefecture's 2023 report at the change of term), scored held
/// out before any rule was written from them: F1 1.000 / 1.000 / 0.953 / 0.964 / 0.964 /
/// 0.958 (mean 0.973), subject 0.982 / 0.980 / 0.972 / 0.981 / 0.979 / 0.989. Floors a little
/// under today's figures.
#[test]
fn third_round_passages_score() {
    genre_passages_score(
        &[
            ("city-2024", 0.99, 0.97),
            ("city-2025", 0.99, 0.97),
            ("nat-2021", 0.94, 0.96),
            ("nat-2022", 0.95, 0.97),
            ("banner-2021", 0.95, 0.96),
            ("zhou-2023", 0.94, 0.97),
        ],
        Some(0.96),
    );
}

/// Session 19's fourth round, held out until the third round's rules were in: a county-level
/// city's consecutive reports (桐溪市 2022 at the change of term, 2023 with its parent in the
/// meeting line), a province at the change of plans (2021) and a county's older web copy (2016).
/// Held out: F1 0.984 / 0.992 / 0.978 / 0.947 (mean 0.975), subject 1.000 / 0.985 / 0.978 /
/// 0.975; after the rules from their misses 0.984 / 0.992 / 1.000 / 0.971. Floors a little under
/// today's figures.
#[test]
fn fourth_round_passages_score() {
    genre_passages_score(
        &[
            ("xcity-2022", 0.97, 0.98),
            ("xcity-2023", 0.98, 0.97),
            ("prov-2021", 0.99, 0.96),
            ("county-2016", 0.96, 0.96),
        ],
        Some(0.96),
    );
}
