//! Prints the facts of one report as JSON Lines: `cargo run --example dump -- FILE`.
use std::io::Write;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: dump FILE");
        std::process::exit(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("dump: {path}: {e}");
            std::process::exit(1);
        }
    };
    let stem = std::path::Path::new(&path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match zhibiao_core::extract_bytes(&stem, &bytes) {
        Ok(x) => {
            let mut out = std::io::stdout().lock();
            for f in &x.facts {
                let _ = writeln!(out, "{}", serde_json::to_string(f).unwrap_or_default());
            }
        }
        Err(e) => {
            eprintln!("dump: {path}: {e}");
            std::process::exit(1);
        }
    }
}
