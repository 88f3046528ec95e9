//! Times the pipeline over files given on the command line: `cargo run --release --example speed -- FILES`.
use std::time::Instant;

fn main() {
    let texts: Vec<(String, String)> = std::env::args()
        .skip(1)
        .filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)))
        .collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let reps = 10;
    let start = Instant::now();
    let mut facts = 0;
    for _ in 0..reps {
        for (p, t) in &texts {
            facts += zhibiao_core::extract(p, t).facts.len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{} files, {:.2} MB x {reps}: {:.3} s, {:.1} MB/s, {} facts",
        texts.len(),
        bytes as f64 / 1e6,
        secs,
        (bytes * reps) as f64 / 1e6 / secs,
        facts / reps
    );
}
