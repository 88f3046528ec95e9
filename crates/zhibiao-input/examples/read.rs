//! Prints the text zhibiao-input reads from each file, after a header line naming its format,
//! encoding and warnings: `cargo run -p zhibiao-input --example read -- report.pdf`.

fn main() {
    for path in std::env::args().skip(1) {
        match zhibiao_input::read_path(std::path::Path::new(&path)) {
            Ok(doc) => {
                let encoding = doc.encoding.as_deref().unwrap_or("-");
                println!("== {path}: {} ({encoding})", doc.format);
                for w in &doc.warnings {
                    println!("== warning: {w}");
                }
                print!("{}", doc.text);
                if !doc.text.ends_with('\n') {
                    println!();
                }
            }
            Err(e) => println!("== {path}: error: {e}"),
        }
    }
}
