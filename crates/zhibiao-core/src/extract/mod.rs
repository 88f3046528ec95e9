//! Stage 7, facts: quantities, qualifiers, subjects and periods assembled into [`Fact`]s.

mod cues;
mod lists;
mod owners;
mod period;
mod qualify;
mod sentence;
mod subjects;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use sentence::{sentence_facts, Buffers};

use crate::document::{describe, Part};
use crate::layout::{layout, Layout, Role};
use crate::sentence::sentences_into;
use crate::Extraction;

/// Runs the whole pipeline on decoded text, naming indicators from the built-in registry.
pub fn run(doc_id: &str, text: &str, encoding: Option<&str>) -> Extraction {
    run_with(doc_id, text, encoding, crate::Registry::builtin())
}

/// Runs the whole pipeline on decoded text: the document, its facts with their indicators
/// (named from `registry`), and the report as laid out and described, for the stages after.
pub fn run_with(
    doc_id: &str,
    text: &str,
    encoding: Option<&str>,
    registry: &crate::Registry,
) -> Extraction {
    let layout = layout(text);
    let described = describe(doc_id, &layout);
    let mut document = described.document;
    document.encoding = encoding.map(str::to_string);
    let mut warnings = described.warnings;
    // Room for a fact every 64 chars: the bundled reports have one every 56 to 164 (90 in the
    // median), so most never grow the vector (each growth copied every fact so far).
    let mut facts = Vec::with_capacity(layout.folded.len() / 64);
    // A glossary (名词解释) explains the report's terms: its numbers are no claims.
    let mut glossary = false;
    // A paragraph's first twelve chars without spaces, written into one buffer a report (at
    // most 12 chars of at most 4 bytes: never grown).
    let mut opening = String::with_capacity(12 * 4);
    // What a sentence fills, kept between them.
    let mut buffers = Buffers::default();
    // A paragraph's sentences, one vector a report.
    let mut spans = Vec::new();
    // What the facts of the report share, made once (a section once for its run of
    // paragraphs), not copied into each fact.
    let doc: Arc<str> = Arc::from(doc_id);
    let region: Option<Arc<str>> = document.region.as_deref().map(Arc::from);
    let mut section: Arc<str> = Arc::default();
    for (pi, p) in layout.paragraphs.iter().enumerate() {
        opening.clear();
        opening.extend(
            layout.folded[p.start..p.end.min(p.start + 12)]
                .iter()
                .filter(|c| !c.is_whitespace()),
        );
        if is_glossary_heading(&opening) {
            glossary = true;
            continue;
        }
        if p.role == Role::Other {
            continue;
        }
        if glossary {
            // An annex after the glossary (附件：…民生实事) is read again.
            if opening.starts_with("附件") {
                glossary = false;
            } else {
                continue;
            }
        }
        if *section != *described.sections[pi] {
            section = Arc::from(described.sections[pi].as_str());
        }
        let ctx = Context {
            layout: &layout,
            doc: &doc,
            part: described.parts[pi],
            section: &section,
            region: region.as_ref(),
            year: document.year,
        };
        sentences_into(&layout.folded, p.start, p.end, &mut spans);
        for &(s, e) in &spans {
            sentence_facts(&ctx, s, e, &mut facts, &mut buffers);
        }
    }
    if facts.is_empty() {
        warnings.push("no facts found".into());
    }
    crate::indicator::assign_from(registry, &mut facts);
    Extraction {
        document,
        facts,
        warnings,
        layout,
        parts: described.parts,
        sections: described.sections,
    }
}

/// 名词解释 / 附：名词解释 / 注释： alone on a line.
fn is_glossary_heading(opening: &str) -> bool {
    let t = opening
        .trim_start_matches(['附', '：', ':', '件'])
        .trim_end_matches(['：', ':']);
    matches!(
        t,
        "名词解释" | "注释" | "名词注释" | "相关名词解释" | "有关名词解释"
    ) || crate::lexicon::get()
        .extract
        .glossary_openings
        .iter()
        .any(|w| opening.starts_with(w))
}

struct Context<'a> {
    layout: &'a Layout,
    /// The report's id, section and region, each shared by its facts.
    doc: &'a Arc<str>,
    part: Part,
    section: &'a Arc<str>,
    region: Option<&'a Arc<str>>,
    year: Option<i32>,
}

/// A fact under construction: what later quantities of the sentence may share.
struct Item {
    subject: String,
    /// The things counted, when the subject ends with them (地区生产总值跨越3个千亿元台阶 →
    /// 千亿元台阶): an amount that follows is of the owner, not of them.
    counted: Option<String>,
}

#[cfg(test)]
mod shared_tests {
    use std::sync::Arc;

    /// The facts of a report share one `doc`, one `region`, and one `section` a run of
    /// paragraphs under the same heading; the values are those of the report as described.
    #[test]
    fn facts_share_doc_section_and_region() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/jiangmen-2023.txt"
        );
        let text = std::fs::read_to_string(path).unwrap();
        let x = crate::extract("jiangmen-2023", &text);
        assert!(x.facts.len() > 100);
        let first = &x.facts[0];
        assert_eq!(&*first.doc, "jiangmen-2023");
        assert_eq!(first.region.as_deref(), x.document.region.as_deref());
        assert!(first.region.is_some());
        let mut sections = 0;
        for (a, b) in x.facts.iter().zip(&x.facts[1..]) {
            assert!(Arc::ptr_eq(&a.doc, &b.doc));
            assert!(Arc::ptr_eq(
                a.region.as_ref().unwrap(),
                b.region.as_ref().unwrap()
            ));
            if a.section == b.section {
                assert!(Arc::ptr_eq(&a.section, &b.section), "{}", a.section);
            } else {
                sections += 1;
            }
        }
        assert!(sections > 3, "{sections} section changes");
        // Each fact's section is the one of the paragraph its quote stands in.
        for f in &x.facts {
            let p = x
                .layout
                .paragraphs
                .iter()
                .position(|p| p.start <= f.offset && f.offset < p.end)
                .unwrap();
            assert_eq!(*f.section, *x.sections[p]);
        }
    }
}
