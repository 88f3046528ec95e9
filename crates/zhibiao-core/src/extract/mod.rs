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

use sentence::sentence_facts;

use crate::document::{describe, Part};
use crate::layout::{layout, Layout, Role};
use crate::sentence::sentences;
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
    let mut facts = Vec::new();
    // A glossary (名词解释) explains the report's terms: its numbers are no claims.
    let mut glossary = false;
    // A paragraph's first twelve chars without spaces, written into one buffer a report (at
    // most 12 chars of at most 4 bytes: never grown).
    let mut opening = String::with_capacity(12 * 4);
    // The facts that take their quantity's unit, a sentence's (a buffer kept between them).
    let mut own_units = Vec::new();
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
        let ctx = Context {
            layout: &layout,
            doc: doc_id,
            part: described.parts[pi],
            section: &described.sections[pi],
            region: document.region.as_deref(),
            year: document.year,
        };
        for (s, e) in sentences(&layout.folded, p.start, p.end) {
            sentence_facts(&ctx, s, e, &mut facts, &mut own_units);
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
    ) || [
        "名词解释",
        "附：名词解释",
        "附:名词解释",
        "相关名词解释",
        "有关名词解释",
    ]
    .iter()
    .any(|w| opening.starts_with(w))
}

struct Context<'a> {
    layout: &'a Layout,
    doc: &'a str,
    part: Part,
    section: &'a str,
    region: Option<&'a str>,
    year: Option<i32>,
}

/// A fact under construction: what later quantities of the sentence may share.
struct Item {
    subject: String,
    /// The things counted, when the subject ends with them (地区生产总值跨越3个千亿元台阶 →
    /// 千亿元台阶): an amount that follows is of the owner, not of them.
    counted: Option<String>,
}
