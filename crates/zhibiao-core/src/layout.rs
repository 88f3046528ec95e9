//! Stage 2, layout: text → joined text, paragraphs and headings, with a map back to source lines.
//!
//! Reports come one paragraph a line (web scrapes), with full-width indents (county sites), or
//! as newspaper columns with a hard break every ~18 characters — even inside a word, even as a
//! blank line ("工\n\n程扎实推进"). Every line break is removed to form the *joined text*
//! (the text quotes are cut from); paragraphs are then found from where the lines end.

use crate::decode::{fold_char, thousands_comma};

/// Chars that end a sentence or a lead-in.
const TERMINAL: &[char] = &['。', '！', '？', '：', '；', '!', '?', ':', ';'];
/// Chars that may follow a terminal char and still close the line (quotes, brackets).
const CLOSERS: &[char] = &['”', '’', '」', '』', '）', ')', '"', '\''];

/// What a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Running text: facts come from here.
    Body,
    /// A numbered heading (一、 （一） 1. 第一), `level` 1 for the top.
    Heading { level: u8 },
    /// Title, date line, speaker, page furniture (下载 / 打印 / 来源：…), captions.
    Other,
}

/// A paragraph: chars `start..end` of the joined text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paragraph {
    pub start: usize,
    pub end: usize,
    pub role: Role,
}

/// The joined text, its width-folded twin and its paragraphs.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The report's chars with every `\n` removed: quotes are cut from this.
    pub joined: Vec<char>,
    /// `joined`, width-folded char for char (３．３％ → 3.3%): stages read this.
    pub folded: Vec<char>,
    /// `folded` as UTF-8, read through [`Layout::folded_str`] (a slice, not a copy).
    folded_text: String,
    /// Byte offset in `folded_text` of each char of `folded`, and of its end.
    folded_bytes: Vec<usize>,
    /// Joined-text index at which each original line starts (line n is `line_starts[n - 1]`).
    line_starts: Vec<usize>,
    pub paragraphs: Vec<Paragraph>,
}

impl Layout {
    /// 1-based line of the original text that holds joined char `idx`.
    pub fn line_of(&self, idx: usize) -> usize {
        // The last line starting at or before idx; empty lines share a start with the next one,
        // so take the last of equal starts.
        self.line_starts.partition_point(|&s| s <= idx).max(1)
    }

    /// The joined text of chars `start..end`.
    pub fn slice(&self, start: usize, end: usize) -> String {
        let end = end.min(self.joined.len());
        let start = start.min(end);
        // Where folding changed no char (most quotes), the folded UTF-8 is the joined text's:
        // a comparison and a copy, not an encoding char by char.
        if self.joined[start..end] == self.folded[start..end] {
            return self.folded_str(start, end).to_string();
        }
        crate::chars::string(&self.joined[start..end])
    }

    /// The folded text of chars `start..end`, as `String::from_iter(&folded[start..end])`
    /// without the copy.
    pub fn folded_str(&self, start: usize, end: usize) -> &str {
        let end = end.min(self.folded.len());
        &self.folded_text[self.folded_bytes[start.min(end)]..self.folded_bytes[end]]
    }

    /// Number of lines in the original text.
    pub fn lines(&self) -> usize {
        self.line_starts.len()
    }
}

/// One original line: its chars in the joined text.
struct Line {
    start: usize,
    end: usize,
}

/// ASCII chars that width-folding may change (`fold_char` maps `; : ? ! ( )`, and a `,` may
/// become `，`): bit `c` set for each.
const ASCII_FOLDS: u128 =
    1 << b',' | 1 << b';' | 1 << b':' | 1 << b'?' | 1 << b'!' | 1 << b'(' | 1 << b')';

/// Whether width-folding may change char `c` (of any text): a char [`fold_char`] changes, or a
/// `,`. Every other char is its own fold wherever it stands.
fn may_fold(c: char) -> bool {
    // Ideographs first: most of a report.
    if crate::chars::is_cjk(c) {
        return false;
    }
    if c.is_ascii() {
        return ASCII_FOLDS >> (c as u32) & 1 != 0;
    }
    fold_char(c) != c
}

/// Appends the chars of `line` (which holds no `\n`) to `joined` and to `folded`, and the byte
/// offset of each in `line`, plus `base`, to `offsets` (as `joined.extend(line.chars())`,
/// `folded.extend(line.chars())` and `offsets.extend(line.char_indices().map(|(i, _)| base +
/// i))` do), and tells whether any of them [`may_fold`]. The three vectors must have room for
/// the line's chars (it panics otherwise): they are written in their spare capacity, with no
/// capacity check or length update a char (`extend` of a `Chars` pushes char by char, checking
/// the capacity each time, and pushes to two vectors a char keep both lengths in memory: more
/// instructions than the decoding). `folded` is written here, a store a char, rather than
/// cloned from `joined` afterwards: the copy of the whole text cost more (callgrind counts
/// `memcpy`'s `rep movsb` a byte at a time).
fn decode_line(
    line: &str,
    base: usize,
    (joined, folded): (&mut Vec<char>, &mut Vec<char>),
    offsets: &mut Vec<usize>,
) -> bool {
    let len = line.len();
    let mut rest = line.chars();
    let mut fold = false;
    let slots = joined.spare_capacity_mut();
    let (fold_slots, offset_slots) = (folded.spare_capacity_mut(), offsets.spare_capacity_mut());
    // Chars written: slots `0..k` of all three.
    let mut k = 0;
    for ((slot, fold_slot), offset_slot) in slots.iter_mut().zip(fold_slots).zip(offset_slots) {
        let at = len - rest.as_str().len();
        let Some(c) = rest.next() else { break };
        fold |= may_fold(c);
        slot.write(c);
        fold_slot.write(c);
        offset_slot.write(base + at);
        k += 1;
    }
    // Out of room before the end of the line: refused before any length is set.
    assert!(
        rest.as_str().is_empty(),
        "decode_line: no room for the line's chars"
    );
    // SAFETY: `set_len(old + k)` needs `old + k <= capacity` and the elements `old..old + k`
    // initialised, for each of the three. The loop walks their spare slices (elements `old..`,
    // up to the capacity) in step; each pass that does not break writes its slot of all three
    // and then counts it in `k`, so slots `0..k` of each (elements `old..old + k`) are written,
    // and `k` is at most the shortest slice's length (`capacity - old`). Nothing reads the
    // vectors in between.
    unsafe {
        joined.set_len(joined.len() + k);
        folded.set_len(folded.len() + k);
        offsets.set_len(offsets.len() + k);
    }
    fold
}

/// Lays out a text.
pub fn layout(text: &str) -> Layout {
    // Line by line, one pass over the chars: the joined chars (the text's chars less the line
    // breaks) written twice, the byte offset of each in the text less its line breaks, and
    // whether the line holds a char that may fold. Then, line by line, their folded twins (as
    // [`crate::decode::fold_text`] folds them: the second copy of the joined chars, the few that
    // fold rewritten, only on lines that hold one), the folded text as UTF-8 (a line that folds to
    // itself copied whole, else in runs between the folded chars), and the byte offsets moved
    // by what folding added or took away before them (most texts: nothing).
    let bytes = text.as_bytes();
    let breaks = memchr::memchr_iter(b'\n', bytes).count();
    let chars = text.chars().count() - breaks;
    let mut joined: Vec<char> = Vec::with_capacity(chars);
    // The joined chars again, folded below where a line holds a char that may fold.
    let mut folded: Vec<char> = Vec::with_capacity(chars);
    // The byte offset of each joined char, then of each folded char, and of the end.
    let mut folded_bytes: Vec<usize> = Vec::with_capacity(chars + 1);
    let mut lines = Vec::with_capacity(breaks + 1);
    let mut line_starts = Vec::with_capacity(breaks + 1);
    // Byte range of each line in `text`, and whether it holds a char that may fold.
    let mut spans = Vec::with_capacity(breaks + 1);
    let mut from = 0;
    for (n, end) in memchr::memchr_iter(b'\n', bytes)
        .chain(std::iter::once(bytes.len()))
        .enumerate()
    {
        let start = joined.len();
        line_starts.push(start);
        // `n` line breaks stand before the line.
        let fold = decode_line(
            &text[from..end],
            from - n,
            (&mut joined, &mut folded),
            &mut folded_bytes,
        );
        lines.push(Line {
            start,
            end: joined.len(),
        });
        spans.push((from, end, fold));
        from = end + 1;
    }
    folded_bytes.push(text.len() - breaks);
    let mut folded_text = String::with_capacity(text.len());
    for (n, (line, &(from, to, folds))) in lines.iter().zip(&spans).enumerate() {
        // What folding the lines before added to the offsets (`from - n` is this line's start
        // in the text less its line breaks).
        let delta = folded_text.len().wrapping_sub(from - n);
        let mut same = true;
        if folds {
            for k in line.start..line.end {
                let c = joined[k];
                if crate::chars::is_cjk(c) {
                    continue;
                }
                let mut fc = fold_char(c);
                if fc == ','
                    && !thousands_comma(k.checked_sub(1).map(|p| folded[p]), &joined[k + 1..])
                {
                    fc = '，';
                }
                if fc != c {
                    folded[k] = fc;
                    same = false;
                }
            }
        }
        if same {
            if delta != 0 {
                for o in &mut folded_bytes[line.start..line.end] {
                    *o = o.wrapping_add(delta);
                }
            }
            folded_text.push_str(&text[from..to]);
            continue;
        }
        // The text between folded chars is copied as it stands.
        let (mut run, mut at) = (from, from);
        for k in line.start..line.end {
            let w = joined[k].len_utf8();
            folded_bytes[k] = folded_text.len() + (at - run);
            if folded[k] != joined[k] {
                folded_text.push_str(&text[run..at]);
                folded_text.push(folded[k]);
                run = at + w;
            }
            at += w;
        }
        folded_text.push_str(&text[run..to]);
    }
    folded_bytes[chars] = folded_text.len();
    let paragraphs = paragraphs(&folded, &lines, |s, e| {
        &folded_text[folded_bytes[s]..folded_bytes[e]]
    });
    Layout {
        joined,
        folded,
        folded_text,
        folded_bytes,
        line_starts,
        paragraphs,
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}'
}

/// Trimmed span of a line.
fn trimmed(folded: &[char], l: &Line) -> (usize, usize) {
    let mut s = l.start;
    let mut e = l.end;
    while s < e && is_space(folded[s]) {
        s += 1;
    }
    while e > s && is_space(folded[e - 1]) {
        e -= 1;
    }
    (s, e)
}

fn ends_terminal(folded: &[char], s: usize, e: usize) -> bool {
    let mut e = e;
    while e > s && CLOSERS.contains(&folded[e - 1]) {
        e -= 1;
    }
    e > s && TERMINAL.contains(&folded[e - 1])
}

/// Finds paragraphs. In column layout (most non-empty lines run on without closing
/// punctuation), a paragraph ends at a line that closes with punctuation, at a line much shorter
/// than the column, or before a heading; elsewhere every non-empty line is a paragraph.
fn paragraphs<'t>(
    folded: &[char],
    lines: &[Line],
    text_of: impl Fn(usize, usize) -> &'t str,
) -> Vec<Paragraph> {
    let spans: Vec<(usize, usize)> = lines.iter().map(|l| trimmed(folded, l)).collect();
    let long: Vec<&(usize, usize)> = spans.iter().filter(|(s, e)| e - s >= 8).collect();
    let runon = long
        .iter()
        .filter(|(s, e)| !ends_terminal(folded, *s, *e))
        .count();
    let mut lens: Vec<usize> = long.iter().map(|(s, e)| e - s).collect();
    lens.sort_unstable();
    let median = lens.get(lens.len() / 2).copied().unwrap_or(0);
    let columns = long.len() >= 8 && runon * 2 > long.len() && median < 40;
    let width = if columns { sorted_width(&lens) } else { 0 };

    let mut out = Vec::new();
    let mut cur: Option<(usize, usize)> = None;
    for (i, &(s, e)) in spans.iter().enumerate() {
        if e == s {
            if !columns {
                if let Some(p) = cur.take() {
                    out.push(p);
                }
            }
            continue;
        }
        if columns && heading_level(folded, s, e).is_some() {
            if let Some(p) = cur.take() {
                out.push(p);
            }
        }
        cur = Some(match cur {
            Some((ps, _)) if columns => (ps, e),
            Some(p) => {
                out.push(p);
                (s, e)
            }
            None => (s, e),
        });
        let close = !columns
            || ends_terminal(folded, s, e)
            || (e - s) * 10 < width * 6
            || spans[i + 1..].iter().find(|(a, b)| b > a).is_none();
        if close {
            if let Some(p) = cur.take() {
                out.push(p);
            }
        }
    }
    if let Some(p) = cur.take() {
        out.push(p);
    }
    out.into_iter()
        .map(|(start, end)| Paragraph {
            start,
            end,
            role: role(folded, text_of(start, end), start, end),
        })
        .collect()
}

/// The most common length of the longer lines: the column width (of two as common, the
/// longer). The lengths sorted and counted in runs: no hash map (SipHash of each length).
#[cfg(test)]
fn typical_width(lines: &[&(usize, usize)]) -> usize {
    let mut lens: Vec<usize> = lines.iter().map(|(s, e)| e - s).collect();
    lens.sort_unstable();
    sorted_width(&lens)
}

/// [`typical_width`] of line lengths already sorted (`paragraphs` sorts them for the median).
fn sorted_width(lens: &[usize]) -> usize {
    lens.chunk_by(|a, b| a == b)
        .map(|run| (run.len(), run[0]))
        .max()
        .map_or(0, |(_, len)| len)
}

/// The level of a numbered heading starting at `s`, if the paragraph starts with one.
pub fn heading_level(folded: &[char], s: usize, e: usize) -> Option<u8> {
    let t = &folded[s..e];
    let cn = |c: &char| crate::chars::is_cn_digit(*c);
    let n = t.iter().take_while(|c| cn(c)).count();
    if n > 0 && n <= 3 && t.get(n) == Some(&'、') {
        return Some(1);
    }
    if t.first() == Some(&'（') {
        let n = t[1..].iter().take_while(|c| cn(c)).count();
        if n > 0 && n <= 3 && t.get(n + 1) == Some(&'）') {
            return Some(2);
        }
    }
    let d = t.iter().take_while(|c| c.is_ascii_digit()).count();
    if d > 0 && d <= 2 && matches!(t.get(d), Some('.') | Some('、')) {
        // "1." but not "1.5万"
        if !t.get(d + 1).is_some_and(|c| c.is_ascii_digit()) {
            return Some(3);
        }
    }
    if t.first() == Some(&'第') {
        let n = t[1..].iter().take_while(|c| cn(c)).count();
        if n > 0 && n <= 2 && matches!(t.get(n + 1), Some('，') | Some('是') | Some('、')) {
            return Some(3);
        }
    }
    None
}

/// Words that make up page furniture in scraped pages.
fn furniture() -> &'static [&'static str] {
    crate::lexicon::get().layout.furniture
}

/// The role of paragraph `s..e` of `folded`, whose text is `text`.
fn role(folded: &[char], text: &str, s: usize, e: usize) -> Role {
    if let Some(level) = heading_level(folded, s, e) {
        return Role::Heading { level };
    }
    let t = &folded[s..e];
    let len = e - s;
    // Page furniture, captions, titles and unnumbered headings are short: a long paragraph
    // with a full stop is running text.
    if len > 60 && t.contains(&'。') {
        return Role::Body;
    }
    let has_sentence_punct = t
        .iter()
        .any(|c| matches!(c, '。' | '，' | '；' | '！' | '？'));
    let text = text.trim();
    if furniture().contains(&text)
        || text.starts_with('【')
        || text.starts_with('◇')
        || ((text.starts_with("——") || text.starts_with("--")) && !t.contains(&'。'))
    {
        return Role::Other;
    }
    // "来源：广西日报", "时间：2026-02-07", "责任编辑：…": a short label and a colon.
    if let Some(colon) = t.iter().position(|&c| c == '：') {
        if colon <= 6 && !has_sentence_punct && len <= 40 && colon + 1 < len {
            return Role::Other;
        }
    }
    // Unnumbered part headings: “十四五”时期工作回顾, 2026年重点工作.
    let part_words = crate::lexicon::get().layout.part_words;
    if !has_sentence_punct
        && len <= 30
        && !text.contains("报告")
        && part_words.iter().any(|w| text.contains(w))
    {
        return Role::Heading { level: 1 };
    }
    // Titles, names, captions: short and without sentence punctuation.
    if !has_sentence_punct && len <= 40 {
        return Role::Other;
    }
    Role::Body
}

#[cfg(test)]
#[path = "layout_tests.rs"]
mod tests;
