//! Prints each report's metadata: `cargo run --example meta -- FILES`.
fn main() {
    for p in std::env::args().skip(1) {
        let Ok(t) = std::fs::read_to_string(&p) else {
            continue;
        };
        let x = zhibiao_core::extract(&p, &t);
        let d = &x.document;
        println!(
            "{:<28} {:?} {:?} {:?} {:?} {:?} | {:?} | {}",
            p.rsplit('/').next().unwrap_or(&p),
            d.year,
            d.date,
            d.region,
            d.level,
            d.speaker,
            d.title,
            x.facts.len()
        );
    }
}
