//! Writes the built-in lexicon (`data/lexicon.toml`) as Rust: one `Lexicon` expression whose
//! lists are `'static` slices, included by `src/lexicon.rs`. Nothing is parsed at run time, and
//! a section or list the structs lack (or one they have that the file lacks) fails the build.

use std::fmt::Write as _;

fn main() {
    let path = "data/lexicon.toml";
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).expect("data/lexicon.toml is readable");
    let table: toml::Table = text
        .parse()
        .unwrap_or_else(|e| panic!("data/lexicon.toml: {e}"));
    let mut out = String::from("Lexicon {\n");
    for (section, lists) in &table {
        let lists = lists
            .as_table()
            .unwrap_or_else(|| panic!("[{section}] is a table"));
        let mut name = section.clone();
        name[..1].make_ascii_uppercase();
        writeln!(out, "    {section}: {name} {{").unwrap();
        for (list, words) in lists {
            let words = words
                .as_array()
                .unwrap_or_else(|| panic!("{section}.{list} is a list"));
            write!(out, "        {list}: &[").unwrap();
            for w in words {
                match w {
                    toml::Value::String(s) => write!(out, "{s:?}, ").unwrap(),
                    toml::Value::Array(pair) => match pair.as_slice() {
                        [toml::Value::String(a), toml::Value::String(b)] => {
                            write!(out, "({a:?}, {b:?}), ").unwrap()
                        }
                        _ => panic!("{section}.{list}: a pair is two strings"),
                    },
                    _ => panic!("{section}.{list}: a word is a string"),
                }
            }
            out.push_str("],\n");
        }
        out.push_str("    },\n");
    }
    out.push_str("}\n");
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("lexicon.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}
