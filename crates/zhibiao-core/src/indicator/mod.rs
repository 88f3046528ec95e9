//! Stage 8, indicators: a fact's subject → a canonical indicator id from the registry.
//!
//! Reports word the same indicator many ways (地区生产总值 / 生产总值 / GDP / 全市生产总值) and
//! rename indicators over the years (农民人均纯收入 → 农村常住居民人均可支配收入). The registry
//! (`data/indicators.toml`, embedded in the binary; a user may add their own file) lists each
//! indicator with its aliases, renames, direction and measures. It is data, reviewed like code.

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::{Fact, Measure};

/// Whether more is better (`up`) or less is better / the target is a ceiling (`down`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Up,
    Down,
}

/// An old name of an indicator, valid until `year`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rename {
    pub old: String,
    pub new: String,
    pub year: i32,
}

/// One indicator of the registry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    pub english: String,
    pub direction: Direction,
    pub measures: Vec<Measure>,
    pub aliases: Vec<String>,
    pub renames: Vec<Rename>,
    /// Line of each wording in the file the indicator came from (for errors found later, when
    /// a user's file extends the built-in registry).
    #[serde(skip)]
    lines: HashMap<String, usize>,
}

/// The registry: indicators and the index from wordings to them.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    indicators: Vec<Indicator>,
    /// Normalised wording → (indicator index, matches only the whole subject).
    by_alias: HashMap<String, (usize, bool), FxBuild>,
}

/// The hasher of the fixed tables (the wordings of the registry, the affixes of the lexicon):
/// FxHash ([`crate::chars::Fx`]; SipHash took ~155 instructions a wording looked up). Their
/// keys are the registry's and the lexicon's, not the input's, so the flooding SipHash guards
/// against cannot build up there; the memo of [`assign_builtin`], keyed by the subjects read,
/// keeps std's hasher. Nothing iterates these maps, so their order never shows.
type FxBuild = crate::chars::FxBuild;

/// A registry file that cannot be used: the line and the cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryError {
    /// 1-based line of the registry text (0 when unknown).
    pub line: usize,
    pub message: String,
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: {}", self.line, self.message)
        } else {
            write!(f, "{}", self.message)
        }
    }
}

impl std::error::Error for RegistryError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    indicator: Vec<RawIndicator>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: String,
    name: String,
    #[serde(default)]
    english: String,
    direction: String,
    measures: Vec<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    renames: Vec<Rename>,
}

/// The registry text shipped with zhibiao.
pub const BUILTIN: &str = include_str!("../../data/indicators.toml");

impl Registry {
    /// The registry shipped with zhibiao (parsed once).
    pub fn builtin() -> &'static Registry {
        static BUILT: OnceLock<Registry> = OnceLock::new();
        BUILT.get_or_init(|| Registry::parse(BUILTIN).unwrap_or_default())
    }

    /// Parses a registry file. Malformed TOML, an unknown direction or measure, an id or an
    /// alias given twice: an error naming the line.
    pub fn parse(text: &str) -> Result<Registry, RegistryError> {
        let raw: RawFile = toml::from_str(text).map_err(|e| RegistryError {
            line: e.span().map(|s| line_at(text, s.start)).unwrap_or(0),
            message: e.message().trim().to_string(),
        })?;
        let mut reg = Registry::default();
        for r in raw.indicator {
            // Where the indicator's table starts, found once for all its wordings' lines.
            let from = find(text, &format!("id = \"{}\"", r.id)).unwrap_or(0);
            // The lines before the table counted once: a wording's line is counted from there.
            let from_line = line_at(text, from);
            let at = |needle: &str| match find(&text[from..], needle) {
                Some(p) => {
                    from_line + memchr::memchr_iter(b'\n', &text.as_bytes()[from..from + p]).count()
                }
                None => find_line_from(text, from, needle),
            };
            let direction = match r.direction.as_str() {
                "up" => Direction::Up,
                "down" => Direction::Down,
                other => {
                    return Err(RegistryError {
                        line: at(&format!("\"{other}\"")),
                        message: format!(
                            "indicator {}: unknown direction {other:?} (up or down)",
                            r.id
                        ),
                    })
                }
            };
            let mut measures = Vec::new();
            for m in &r.measures {
                let measure = parse_measure(m).ok_or_else(|| RegistryError {
                    line: at(&format!("\"{m}\"")),
                    message: format!(
                        "indicator {}: unknown measure {m:?} (level, growth, pp, share, rank, ratio)",
                        r.id
                    ),
                })?;
                measures.push(measure);
            }
            let lines = std::iter::once(&r.name)
                .chain(&r.aliases)
                .map(|w| (w.clone(), at(&format!("\"{w}\""))))
                .collect();
            let ind = Indicator {
                id: r.id.clone(),
                name: r.name,
                english: r.english,
                direction,
                measures,
                aliases: r.aliases,
                renames: r.renames,
                lines,
            };
            reg.add(ind, text)?;
        }
        Ok(reg)
    }

    /// Adds the indicators of `other`: a new id is appended, a known id is replaced.
    pub fn extend(&mut self, other: Registry) -> Result<(), RegistryError> {
        for ind in other.indicators {
            if let Some(pos) = self.indicators.iter().position(|i| i.id == ind.id) {
                self.indicators.remove(pos);
                self.reindex();
            }
            self.add(ind, "")?;
        }
        Ok(())
    }

    fn reindex(&mut self) {
        let inds = std::mem::take(&mut self.indicators);
        self.by_alias.clear();
        for ind in inds {
            // Indices are rebuilt from scratch; duplicates cannot appear here.
            let _ = self.add(ind, "");
        }
    }

    fn add(&mut self, ind: Indicator, text: &str) -> Result<(), RegistryError> {
        let idx = self.indicators.len();
        if self.indicators.iter().any(|i| i.id == ind.id) {
            return Err(RegistryError {
                line: nth_line(text, &format!("id = \"{}\"", ind.id), 2),
                message: format!("indicator id {:?} given twice", ind.id),
            });
        }
        let wordings = std::iter::once(ind.name.clone())
            .chain(ind.aliases.iter().cloned())
            .chain(
                ind.renames
                    .iter()
                    .flat_map(|r| [r.old.clone(), r.new.clone()]),
            );
        let mut own = Vec::new();
        for w in wordings {
            let exact = w.starts_with('=');
            let key = normalize(w.trim_start_matches('='));
            if key.is_empty() {
                continue;
            }
            if own.contains(&key) {
                // A rename's new name may repeat the name or an alias of the same indicator.
                continue;
            }
            if let Some(&(other, _)) = self.by_alias.get(&key) {
                let first = &self.indicators[other].id;
                let line = if text.is_empty() {
                    ind.lines.get(&w).copied().unwrap_or(0)
                } else {
                    nth_line(text, &format!("\"{}\"", w), 2).max(find_line(
                        text,
                        &format!("id = \"{}\"", ind.id),
                        &format!("\"{w}\""),
                    ))
                };
                return Err(RegistryError {
                    line,
                    message: format!(
                        "alias {w:?} of indicator {} is already an alias of {first}",
                        ind.id
                    ),
                });
            }
            own.push(key.clone());
            self.by_alias.insert(key, (idx, exact));
        }
        self.indicators.push(ind);
        Ok(())
    }

    /// All indicators, in registry order.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// The indicator with this id.
    pub fn get(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }

    /// The indicator a subject names, if it is reported with this measure.
    pub fn lookup(&self, subject: &str, measure: Measure) -> Option<&Indicator> {
        let whole = normalize(subject);
        if let Some(&(i, _)) = self.by_alias.get(&whole) {
            return self.with_measure(i, measure);
        }
        for candidate in stripped(&whole) {
            if let Some(&(i, exact)) = self.by_alias.get(&candidate) {
                if !exact {
                    return self.with_measure(i, measure);
                }
            }
        }
        None
    }

    fn with_measure(&self, i: usize, measure: Measure) -> Option<&Indicator> {
        let ind = &self.indicators[i];
        ind.measures.contains(&measure).then_some(ind)
    }

    /// Fills `indicator` on each fact whose subject names a registry indicator.
    pub fn assign(&self, facts: &mut [Fact]) {
        for f in facts {
            f.indicator = self.lookup(&f.subject, f.measure).map(|i| i.id.clone());
        }
    }
}

fn parse_measure(m: &str) -> Option<Measure> {
    crate::fact::Named::from_name(m)
}

/// A wording reduced to what matters for matching: no spaces, quotes or brackets; ASCII
/// letters upper-cased; full-width forms folded.
pub fn normalize(s: &str) -> String {
    // Sized once (collecting a filtered iterator starts from nothing and grows several times);
    // the runs of chars that stay as they are (most of a subject) copied whole, a char written
    // only where it is folded, upper-cased or dropped.
    let mut out = String::with_capacity(s.len());
    let mut run = 0;
    for (i, c) in s.char_indices() {
        // An ideograph (most of a subject) is its own fold, no space or quote, and has no
        // upper case: it stays, without the call to `fold_char`.
        if crate::chars::is_cjk(c) {
            continue;
        }
        let f = crate::decode::fold_char(c);
        let keep = !f.is_whitespace()
            && !matches!(
                f,
                '“' | '”' | '"' | '\'' | '‘' | '’' | '《' | '》' | '「' | '」'
            );
        let u = f.to_ascii_uppercase();
        if keep && u == c {
            continue;
        }
        out.push_str(&s[run..i]);
        if keep {
            out.push(u);
        }
        run = i + c.len_utf8();
    }
    out.push_str(&s[run..]);
    out
}

/// Places and scopes a subject may open with (全市地区生产总值, 地方一般公共预算收入).
fn prefixes() -> &'static [&'static str] {
    crate::lexicon::get().indicator.prefixes
}

/// Words a subject may close with that do not change the indicator (增速, 涨幅).
fn suffixes() -> &'static [&'static str] {
    crate::lexicon::get().indicator.suffixes
}

/// [`prefixes`] by their first char and [`suffixes`] by their last, each in the lexicon's
/// order: a subject is tried against the few that can fit it.
struct Affixes {
    prefixes: HashMap<char, Vec<&'static str>, FxBuild>,
    suffixes: HashMap<char, Vec<&'static str>, FxBuild>,
}

fn affixes() -> &'static Affixes {
    static AFFIXES: OnceLock<Affixes> = OnceLock::new();
    AFFIXES.get_or_init(|| {
        let mut a = Affixes {
            prefixes: HashMap::default(),
            suffixes: HashMap::default(),
        };
        for &p in prefixes() {
            if let Some(c) = p.chars().next() {
                a.prefixes.entry(c).or_default().push(p);
            }
        }
        for &s in suffixes() {
            if let Some(c) = s.chars().next_back() {
                a.suffixes.entry(c).or_default().push(s);
            }
        }
        a
    })
}

/// The subject with leading places and trailing 增速-like words stripped, longest first.
fn stripped(whole: &str) -> Vec<String> {
    let affixes = affixes();
    let none: &[&str] = &[];
    let mut base: &str = whole;
    let mut out = Vec::new();
    while let Some(p) = base
        .chars()
        .next()
        .and_then(|c| affixes.prefixes.get(&c))
        .map_or(none, Vec::as_slice)
        .iter()
        .find(|p| base.starts_with(*p) && base.len() > p.len())
    {
        base = &base[p.len()..];
        out.push(base.to_string());
    }
    // The whole and each of the stripped ones, without a suffix (borrowed, not copied).
    let mut without_suffix = Vec::new();
    for s in std::iter::once(whole).chain(out.iter().map(String::as_str)) {
        let Some(last) = s.chars().next_back() else {
            continue;
        };
        for suf in affixes.suffixes.get(&last).map_or(none, Vec::as_slice) {
            if let Some(b) = s.strip_suffix(suf) {
                if !b.is_empty() {
                    without_suffix.push(b.to_string());
                }
            }
        }
    }
    out.extend(without_suffix);
    out
}

fn line_at(text: &str, byte: usize) -> usize {
    memchr::memchr_iter(b'\n', &text.as_bytes()[..byte.min(text.len())]).count() + 1
}

/// Line of the first `needle` at or after the line holding `anchor` (or of `needle` anywhere).
fn find_line(text: &str, anchor: &str, needle: &str) -> usize {
    find_line_from(text, text.find(anchor).unwrap_or(0), needle)
}

/// Line of the first `needle` at or after byte `from` (or of `needle` anywhere).
fn find_line_from(text: &str, from: usize, needle: &str) -> usize {
    match find(&text[from..], needle) {
        Some(p) => line_at(text, from + p),
        None => find(text, needle).map(|p| line_at(text, p)).unwrap_or(0),
    }
}

/// `text.find(needle)` by memchr's SIMD substring search (the registry's text is searched
/// once an indicator and once a wording, from the indicator on).
fn find(text: &str, needle: &str) -> Option<usize> {
    memchr::memmem::find(text.as_bytes(), needle.as_bytes())
}

/// Line of the n-th occurrence of `needle`.
fn nth_line(text: &str, needle: &str, n: usize) -> usize {
    text.match_indices(needle)
        .nth(n.saturating_sub(1))
        .map(|(p, _)| line_at(text, p))
        .unwrap_or(0)
}

/// Gives each fact its indicator id from `registry` ([`assign_builtin`]'s memo when it is the
/// built-in one): what [`crate::extract::run_with`] does last.
pub fn assign_from(registry: &Registry, facts: &mut [Fact]) {
    if std::ptr::eq(registry, Registry::builtin()) {
        assign_builtin(facts);
    } else {
        registry.assign(facts);
    }
}

/// Gives each fact its indicator id from the built-in registry, as [`crate::extract`] does,
/// remembering the answers per thread: a corpus names the same subjects over and over, and a
/// registry lookup that misses tries many shortened wordings (without the memo it took a tenth
/// of the run).
pub fn assign_builtin(facts: &mut [Fact]) {
    use std::cell::RefCell;
    type Memo = HashMap<String, Vec<(Measure, Option<String>)>>;
    thread_local! {
        static MEMO: RefCell<Memo> = RefCell::new(HashMap::new());
    }
    let registry = Registry::builtin();
    MEMO.with(|memo| {
        let mut memo = memo.borrow_mut();
        if memo.len() > 50_000 {
            memo.clear(); // bounded: a few MB at most
        }
        for f in facts {
            let known = memo
                .get(&f.subject)
                .and_then(|v| v.iter().find(|(m, _)| *m == f.measure))
                .map(|(_, id)| id.clone());
            f.indicator = match known {
                Some(id) => id,
                None => {
                    let id = registry.lookup(&f.subject, f.measure).map(|i| i.id.clone());
                    memo.entry(f.subject.clone())
                        .or_default()
                        .push((f.measure, id.clone()));
                    id
                }
            };
        }
    });
}

#[cfg(test)]
mod tests;
