//! Scores the facts of reports against gold files, one line a report:
//! `cargo run --release --example score -- GOLD.jsonl=REPORT ... [-v]` (`-v` lists misses and
//! extras). A development aid beside `zhibiao eval`, building only the core.
//! `GOLD.jsonl=OTHER.jsonl=REPORT` scores a second reading of the report (another drafter's
//! gold) against the first instead of the extractor: how far two people agree.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "-v");
    let mut sum = 0.0;
    let mut n = 0;
    for a in args.iter().filter(|a| a.as_str() != "-v") {
        let Some((gold_path, report)) = a.split_once('=') else {
            eprintln!("score: {a}: expected GOLD=REPORT");
            std::process::exit(2);
        };
        let read = |p: &str| match std::fs::read(p) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("score: {p}: {e}");
                std::process::exit(1);
            }
        };
        let (other, report) = match report.split_once('=') {
            Some((o, r)) => (Some(o), r),
            None => (None, report),
        };
        let facts_of = |p: &str| -> Vec<zhibiao_core::Fact> {
            String::from_utf8_lossy(&read(p))
                .lines()
                .filter(|l| !l.trim().is_empty())
                .filter_map(|l| serde_json::from_str(l).ok())
                .collect()
        };
        let gold = facts_of(gold_path);
        let bytes = read(report);
        let stem = std::path::Path::new(report)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let decoded = match zhibiao_core::decode::decode(&bytes) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("score: {report}: {e}");
                std::process::exit(1);
            }
        };
        let pred = match other {
            Some(o) => facts_of(o),
            None => zhibiao_core::extract(&stem, &decoded.text).facts,
        };
        let s = zhibiao_core::eval::score(&decoded.text, &gold, &pred);
        println!(
            "{stem:<16} F1 {:.3}  P {:.3}  R {:.3}  subject {:.3}  gold {} pred {} tp {}",
            s.f1, s.precision, s.recall, s.subject_accuracy, s.n_gold, s.n_pred, s.tp
        );
        sum += s.f1;
        n += 1;
        if verbose {
            let line = |f: &zhibiao_core::Fact| {
                let span = match f.since {
                    Some(a) => format!("{a}-{}", f.period),
                    None => f.period.to_string(),
                };
                format!(
                    "{:?} {span}{} {:?} {}{} {} {:?}{} {} | {}",
                    f.kind,
                    if f.average { "/yr" } else { "" },
                    f.measure,
                    f.value,
                    f.upper.map(|u| format!("~{u}")).unwrap_or_default(),
                    f.unit,
                    f.bound,
                    if f.stretch { " stretch" } else { "" },
                    f.subject,
                    f.quote
                )
            };
            for m in &s.misses {
                println!("  MISS  {}", line(m));
            }
            for m in &s.extras {
                println!("  EXTRA {}", line(m));
            }
            for p in s.wrong_subjects() {
                println!(
                    "  SUBJ  {} / {}   || {}",
                    p.gold.subject, p.pred.subject, p.pred.quote
                );
            }
        }
    }
    if n > 1 {
        println!("mean F1 {:.3}", sum / n as f64);
    }
}
