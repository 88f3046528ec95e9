//! The word lists of the stages as data: [`BUILTIN`] (`data/lexicon.toml`) is embedded at
//! build time and read once, on first use, into `'static` slices that the stages scan as they
//! did their constants. Reviewed like the indicator registry: a list changed there changes
//! facts.

use serde::Deserialize;
use std::sync::OnceLock;

/// The built-in lexicon, embedded at build time.
pub const BUILTIN: &str = include_str!("../data/lexicon.toml");

/// A list of words, in the order the lexicon gives them.
pub type Words = &'static [&'static str];

/// A list of pairs of words (a word and the one it stands for), in the lexicon's order.
pub type Pairs = &'static [(&'static str, &'static str)];

fn leak(v: Vec<String>) -> Words {
    Box::leak(
        v.into_iter()
            .map(|s| &*Box::leak(s.into_boxed_str()))
            .collect::<Vec<&'static str>>()
            .into_boxed_slice(),
    )
}

fn leak_pairs(v: Vec<(String, String)>) -> Pairs {
    let leak_str = |s: String| &*Box::leak(s.into_boxed_str());
    Box::leak(
        v.into_iter()
            .map(|(a, b)| (leak_str(a), leak_str(b)))
            .collect::<Vec<_>>()
            .into_boxed_slice(),
    )
}

/// The lists of the `subject` stage.
pub struct Subject {
    pub lead: Words,
    pub trail: Words,
    pub generic: Words,
    pub owners: Words,
    pub fared: Words,
    pub done_alone: Words,
    pub manner_alone: Words,
    pub circumstances: Words,
    pub circumstance_nouns: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSubject {
    lead: Vec<String>,
    trail: Vec<String>,
    generic: Vec<String>,
    owners: Vec<String>,
    fared: Vec<String>,
    done_alone: Vec<String>,
    manner_alone: Vec<String>,
    circumstances: Vec<String>,
    circumstance_nouns: Vec<String>,
}

impl From<RawSubject> for Subject {
    fn from(r: RawSubject) -> Subject {
        Subject {
            lead: leak(r.lead),
            trail: leak(r.trail),
            generic: leak(r.generic),
            owners: leak(r.owners),
            fared: leak(r.fared),
            done_alone: leak(r.done_alone),
            manner_alone: leak(r.manner_alone),
            circumstances: leak(r.circumstances),
            circumstance_nouns: leak(r.circumstance_nouns),
        }
    }
}

/// The lists of the `span` stage.
pub struct Span {
    pub reach: Words,
    pub held: Words,
    pub amount: Words,
    pub stock: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpan {
    reach: Vec<String>,
    held: Vec<String>,
    amount: Vec<String>,
    stock: Vec<String>,
}

impl From<RawSpan> for Span {
    fn from(r: RawSpan) -> Span {
        Span {
            reach: leak(r.reach),
            held: leak(r.held),
            amount: leak(r.amount),
            stock: leak(r.stock),
        }
    }
}

/// The lists of the `quantity` stage.
pub struct Quantity {
    pub units: Words,
    /// Units written out (微克每立方米, in `units` too) and the unit each is reported as.
    pub unit_aliases: Pairs,
    pub chinese_counters: Words,
    pub scopes: Words,
    pub abstracts: Words,
    pub structure: Words,
    pub people: Words,
    pub people_of: Words,
    pub travel: Words,
    pub time_changed: Words,
    pub days_reached: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuantity {
    units: Vec<String>,
    unit_aliases: Vec<(String, String)>,
    chinese_counters: Vec<String>,
    scopes: Vec<String>,
    abstracts: Vec<String>,
    structure: Vec<String>,
    people: Vec<String>,
    people_of: Vec<String>,
    travel: Vec<String>,
    time_changed: Vec<String>,
    days_reached: Vec<String>,
}

impl From<RawQuantity> for Quantity {
    fn from(r: RawQuantity) -> Quantity {
        Quantity {
            units: leak(r.units),
            unit_aliases: leak_pairs(r.unit_aliases),
            chinese_counters: leak(r.chinese_counters),
            scopes: leak(r.scopes),
            abstracts: leak(r.abstracts),
            structure: leak(r.structure),
            people: leak(r.people),
            people_of: leak(r.people_of),
            travel: leak(r.travel),
            time_changed: leak(r.time_changed),
            days_reached: leak(r.days_reached),
        }
    }
}

/// The lists of the `header` stage.
pub struct Header {
    pub suffixes: Words,
    pub parent_suffixes: Words,
    pub not_a_stem: Words,
    pub not_in_name: Words,
    pub heads: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    suffixes: Vec<String>,
    parent_suffixes: Vec<String>,
    not_a_stem: Vec<String>,
    not_in_name: Vec<String>,
    heads: Vec<String>,
}

impl From<RawHeader> for Header {
    fn from(r: RawHeader) -> Header {
        Header {
            suffixes: leak(r.suffixes),
            parent_suffixes: leak(r.parent_suffixes),
            not_a_stem: leak(r.not_a_stem),
            not_in_name: leak(r.not_in_name),
            heads: leak(r.heads),
        }
    }
}

/// The lists of the `qualifier` stage.
pub struct Qualifier {
    pub fall: Words,
    pub not_cuts: Words,
    pub change: Words,
    pub stretch: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQualifier {
    fall: Vec<String>,
    not_cuts: Vec<String>,
    change: Vec<String>,
    stretch: Vec<String>,
}

impl From<RawQualifier> for Qualifier {
    fn from(r: RawQualifier) -> Qualifier {
        Qualifier {
            fall: leak(r.fall),
            not_cuts: leak(r.not_cuts),
            change: leak(r.change),
            stretch: leak(r.stretch),
        }
    }
}

/// The lists of the cues read in a quantity's segment (`extract::cues`).
pub struct Cues {
    pub measure_ends: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCues {
    measure_ends: Vec<String>,
}

impl From<RawCues> for Cues {
    fn from(r: RawCues) -> Cues {
        Cues {
            measure_ends: leak(r.measure_ends),
        }
    }
}

/// The lists of the `compare` stage.
pub struct Compare {
    pub deed_openings: Words,
    pub deed_endings: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCompare {
    deed_openings: Vec<String>,
    deed_endings: Vec<String>,
}

impl From<RawCompare> for Compare {
    fn from(r: RawCompare) -> Compare {
        Compare {
            deed_openings: leak(r.deed_openings),
            deed_endings: leak(r.deed_endings),
        }
    }
}

/// The lists of the `layout` stage.
pub struct Layout {
    pub furniture: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayout {
    furniture: Vec<String>,
}

impl From<RawLayout> for Layout {
    fn from(r: RawLayout) -> Layout {
        Layout {
            furniture: leak(r.furniture),
        }
    }
}

/// The lists of the `indicator` stage.
pub struct Indicator {
    pub prefixes: Words,
    pub suffixes: Words,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    prefixes: Vec<String>,
    suffixes: Vec<String>,
}

impl From<RawIndicator> for Indicator {
    fn from(r: RawIndicator) -> Indicator {
        Indicator {
            prefixes: leak(r.prefixes),
            suffixes: leak(r.suffixes),
        }
    }
}

/// Every list of the lexicon.
pub struct Lexicon {
    pub subject: Subject,
    pub span: Span,
    pub quantity: Quantity,
    pub header: Header,
    pub qualifier: Qualifier,
    pub cues: Cues,
    pub compare: Compare,
    pub layout: Layout,
    pub indicator: Indicator,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    subject: RawSubject,
    span: RawSpan,
    quantity: RawQuantity,
    header: RawHeader,
    qualifier: RawQualifier,
    cues: RawCues,
    compare: RawCompare,
    layout: RawLayout,
    indicator: RawIndicator,
}

/// Reads a lexicon file (the built-in one's format); the cause names the line when it does not
/// parse. Its strings are leaked: a lexicon is read once per process.
pub fn parse(text: &str) -> Result<Lexicon, String> {
    let raw: Raw = toml::from_str(text).map_err(|e| e.to_string())?;
    Ok(Lexicon {
        subject: raw.subject.into(),
        span: raw.span.into(),
        quantity: raw.quantity.into(),
        header: raw.header.into(),
        qualifier: raw.qualifier.into(),
        cues: raw.cues.into(),
        compare: raw.compare.into(),
        layout: raw.layout.into(),
        indicator: raw.indicator.into(),
    })
}

/// The built-in lexicon, read on first use.
pub fn get() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    // The built-in file is part of the build and parsed by a test; it cannot fail at run time.
    LEXICON.get_or_init(|| parse(BUILTIN).unwrap_or_else(|e| panic!("data/lexicon.toml: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_lexicon_parses_with_no_empty_list_or_word() {
        let l = parse(BUILTIN).expect("parses");
        for words in [
            l.subject.lead,
            l.subject.trail,
            l.subject.generic,
            l.subject.owners,
            l.subject.fared,
            l.subject.circumstances,
            l.subject.circumstance_nouns,
            l.span.reach,
            l.span.held,
            l.span.amount,
            l.span.stock,
            l.quantity.units,
            l.quantity.chinese_counters,
            l.quantity.scopes,
            l.quantity.abstracts,
            l.quantity.structure,
            l.quantity.people,
            l.quantity.people_of,
            l.quantity.travel,
            l.quantity.time_changed,
            l.quantity.days_reached,
            l.header.suffixes,
            l.header.parent_suffixes,
            l.header.not_a_stem,
            l.header.not_in_name,
            l.header.heads,
            l.qualifier.fall,
            l.qualifier.not_cuts,
            l.qualifier.change,
            l.qualifier.stretch,
            l.cues.measure_ends,
            l.compare.deed_openings,
            l.compare.deed_endings,
            l.layout.furniture,
            l.indicator.prefixes,
            l.indicator.suffixes,
        ] {
            assert!(!words.is_empty());
            assert!(words.iter().all(|w| !w.is_empty()));
        }
        // A circumstance less its last char (下, 上) is still a noun.
        assert!(l
            .subject
            .circumstances
            .iter()
            .all(|w| w.chars().count() >= 2));
        assert!(!l.quantity.unit_aliases.is_empty());
        for (written, unit) in l.quantity.unit_aliases {
            assert!(l.quantity.units.contains(written), "{written}");
            assert!(l.quantity.units.contains(unit), "{unit}");
        }
        assert!(parse("[subject]\nlead = [1]\n").is_err());
    }
}
