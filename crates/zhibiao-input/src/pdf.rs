//! PDFs with a text layer: the text of each page in reading order, one paragraph a line.
//!
//! `pdf-extract` (on `lopdf`) decodes the content streams, fonts and ToUnicode maps and hands
//! over every glyph with its position, width and size. The layout is rebuilt from those:
//!
//! 1. **lines**: glyphs that follow each other on one baseline make a run; runs on one baseline
//!    with less than 1.6 em between them make a line (a wider gap is a column gutter);
//!    a space is written where the layer has a space glyph; a layer with no space glyph at
//!    all (some producers only move the pen) gets one where two characters that are not
//!    CJK stand 0.25 em apart or more — never next to a CJK character, since the gaps there
//!    (justification, the spacing put between CJK and Latin text) are no spaces;
//! 2. **columns**: a page whose lines fall to both sides of one vertical gutter (each side a
//!    fifth of the lines or more, at most a quarter crossing it) is read column by column:
//!    between two lines that cross the gutter or reach well into it (a title over both
//!    columns), first the left column's lines, then the right's;
//! 3. **paragraphs**: a line starts a paragraph when it is indented (0.8 em past the column's
//!    left edge), when the line before it ends short of the right edge (2.5 em), after a gap
//!    of 1.6 line pitches, or when the font size changes by a fifth; otherwise it continues the
//!    paragraph, also from one column or page to the next. Lines of a paragraph are joined with
//!    nothing between them (a space where a space glyph ends or starts a line; in a layer with
//!    no space glyphs, between two Latin letters);
//! 4. a line that is only a page number (`- 3 -`, `第3页`) at the top or bottom of a page is
//!    dropped.
//!
//! A PDF with no text (a scan) is refused with [`InputError::NoTextLayer`]; one whose text is
//! mostly unmapped glyphs (no ToUnicode) with [`InputError::UnmappedPdfText`]. The parser can
//! panic on damaged files: each page runs under [`crate::catch_panic`], a page that fails is
//! left out with a warning, and a document whose pages all fail is an error.

use crate::{Document, Format, InputError};
use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// Most glyphs read from one PDF: a long report has a few hundred thousand; a content stream
/// that inflates to more is refused rather than exhausting memory.
const MAX_GLYPHS: usize = 20_000_000;

/// One glyph: its text, baseline position (y grows down the page), advance and font size.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    w: f64,
    size: f64,
    text: String,
}

impl Glyph {
    fn end(&self) -> f64 {
        self.x + self.w
    }
}

/// Collects glyphs page by page.
struct Collector {
    pages: Vec<Vec<Glyph>>,
    page_top: f64,
    page_width: f64,
    widths: Vec<f64>,
    glyphs: usize,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page_top = media_box.ury;
        self.page_width = (media_box.urx - media_box.llx).abs();
        self.pages.push(Vec::new());
        self.widths.push(self.page_width);
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        ch: &str,
    ) -> Result<(), OutputError> {
        self.glyphs += 1;
        if self.glyphs > MAX_GLYPHS {
            return Err(OutputError::PdfError(pdf_extract::Error::Unimplemented(
                "more than 20 million characters",
            )));
        }
        let x_scale = (trm.m11 * trm.m11 + trm.m12 * trm.m12).sqrt();
        let y_scale = (trm.m21 * trm.m21 + trm.m22 * trm.m22).sqrt();
        let size = (font_size * y_scale).abs();
        let glyph = Glyph {
            x: trm.m31,
            y: self.page_top - trm.m32,
            w: (width * font_size * x_scale).abs(),
            size: if size.is_finite() && size > 0.0 {
                size
            } else {
                1.0
            },
            text: ch.to_string(),
        };
        if !(glyph.x.is_finite() && glyph.y.is_finite() && glyph.w.is_finite()) {
            return Ok(());
        }
        if let Some(page) = self.pages.last_mut() {
            page.push(glyph);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

pub(crate) fn read(bytes: &[u8]) -> Result<Document, InputError> {
    let doc = crate::catch_panic(|| pdf_extract::Document::load_mem(bytes))
        .map_err(|p| InputError::CorruptPdf(format!("the parser failed ({p})")))?
        .map_err(|e| match e {
            pdf_extract::Error::Decryption(_) | pdf_extract::Error::InvalidPassword => {
                InputError::EncryptedPdf
            }
            e => InputError::CorruptPdf(crate::lower_first(&e.to_string())),
        })?;
    if doc.is_encrypted() {
        return Err(InputError::EncryptedPdf);
    }
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    if pages.is_empty() {
        return Err(InputError::CorruptPdf("no pages".into()));
    }
    let mut collector = Collector {
        pages: Vec::new(),
        page_top: 0.0,
        page_width: 0.0,
        widths: Vec::new(),
        glyphs: 0,
    };
    let mut warnings = Vec::new();
    let mut first_failure = None;
    for &n in &pages {
        let before = collector.pages.len();
        let result = crate::catch_panic(|| pdf_extract::output_doc_page(&doc, &mut collector, n));
        let cause = match result {
            Ok(Ok(())) => continue,
            Ok(Err(e)) => crate::lower_first(&e.to_string()),
            Err(panic) => format!("the parser failed: {panic}"),
        };
        if collector.glyphs > MAX_GLYPHS {
            return Err(InputError::CorruptPdf(
                "more than 20 million characters of text: refused".into(),
            ));
        }
        // Drop what the failed page left half-read.
        collector.pages.truncate(before);
        collector.widths.truncate(before);
        warnings.push(format!(
            "page {n} of {} could not be read ({cause}): its text is missing",
            pages.len()
        ));
        first_failure.get_or_insert(cause);
    }
    if collector.pages.is_empty() {
        let cause = first_failure.unwrap_or_else(|| "no readable page".into());
        return Err(InputError::CorruptPdf(cause));
    }
    check_text_layer(&collector.pages)?;
    let text = layout(&collector.pages, &collector.widths);
    if text.trim().is_empty() {
        return Err(InputError::NoTextLayer);
    }
    Ok(Document {
        text,
        format: Format::Pdf,
        encoding: None,
        warnings,
    })
}

/// Refuses a PDF with no text (a scan) or whose glyphs mostly do not map to Unicode.
fn check_text_layer(pages: &[Vec<Glyph>]) -> Result<(), InputError> {
    let (mut visible, mut unmapped) = (0usize, 0usize);
    for g in pages.iter().flatten() {
        for c in g.text.chars() {
            if c.is_whitespace() {
                continue;
            }
            visible += 1;
            if c == '\u{fffd}' || c.is_control() || ('\u{e000}'..='\u{f8ff}').contains(&c) {
                unmapped += 1;
            }
        }
    }
    if visible == 0 {
        return Err(InputError::NoTextLayer);
    }
    if unmapped * 10 > visible * 3 {
        return Err(InputError::UnmappedPdfText);
    }
    Ok(())
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2e80}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ffef}'
        | '\u{20000}'..='\u{3ffff}')
}

/// A line of text on a page.
#[derive(Debug, Clone)]
struct Line {
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    glyphs: Vec<Glyph>,
    /// Whether spaces are to be inferred from gaps: the page's layer has no space glyph.
    infer_spaces: bool,
}

impl Line {
    fn new(g: Glyph) -> Self {
        Line {
            x0: g.x,
            x1: g.end(),
            y: g.y,
            size: g.size,
            glyphs: vec![g],
            infer_spaces: true,
        }
    }

    fn push(&mut self, g: Glyph) {
        self.x0 = self.x0.min(g.x);
        self.x1 = self.x1.max(g.end());
        self.size = self.size.max(g.size);
        self.glyphs.push(g);
    }

    fn is_space(g: &Glyph) -> bool {
        !g.text.is_empty() && g.text.chars().all(char::is_whitespace)
    }

    /// Whether the first glyph is a space.
    fn starts_with_space(&self) -> bool {
        self.glyphs.first().is_some_and(Line::is_space)
    }

    /// Whether the last glyph is a space.
    fn ends_with_space(&self) -> bool {
        self.glyphs.last().is_some_and(Line::is_space)
    }

    fn append(&mut self, other: Line) {
        for g in other.glyphs {
            self.push(g);
        }
    }

    /// The line's text: glyphs in order, a space for each run of space glyphs; on a page whose
    /// layer has no space glyph, a space where two characters that are not CJK stand 0.25 em
    /// apart or more (see the module documentation).
    fn text(&self) -> String {
        let mut s = String::new();
        let mut last: Option<&Glyph> = None;
        for g in &self.glyphs {
            let t: String = g
                .text
                .chars()
                .filter(|c| !c.is_control())
                .map(|c| if c.is_whitespace() { ' ' } else { c })
                .collect();
            if t.is_empty() {
                continue;
            }
            if t.trim().is_empty() {
                if !s.is_empty() && !s.ends_with(' ') {
                    s.push(' ');
                }
                last = Some(g);
                continue;
            }
            if let (Some(prev), true) = (last, self.infer_spaces) {
                let gap = g.x - prev.end();
                let before = s.chars().next_back();
                let after = t.chars().next();
                let latin = |c: Option<char>| c.is_some_and(|c| !is_cjk(c));
                if gap > 0.25 * g.size.max(prev.size)
                    && latin(before)
                    && latin(after)
                    && !s.ends_with(' ')
                {
                    s.push(' ');
                }
            }
            s.push_str(&t);
            last = Some(g);
        }
        s.trim().to_string()
    }
}

/// Lines of one page, left to right on each baseline. `infer_spaces`: the document's layer
/// has no space glyph, spaces are to be read from gaps.
fn lines(glyphs: &[Glyph], infer_spaces: bool) -> Vec<Line> {
    // Runs: glyphs that follow each other on one baseline, in content order.
    let mut runs: Vec<Line> = Vec::new();
    for g in glyphs {
        if let Some(run) = runs.last_mut() {
            let last = run.glyphs.last().expect("a run has glyphs");
            let size = last.size.max(g.size);
            let same_baseline = (g.y - last.y).abs() <= 0.35 * size;
            let gap = g.x - last.end();
            if same_baseline && gap >= -0.6 * size && gap <= 1.6 * size {
                run.push(g.clone());
                continue;
            }
        }
        runs.push(Line::new(g.clone()));
    }
    // Runs on one baseline, close together, make a line.
    runs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<Line> = Vec::new();
    let mut band: Vec<Line> = Vec::new();
    let flush = |band: &mut Vec<Line>, out: &mut Vec<Line>| {
        band.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut merged: Vec<Line> = Vec::new();
        for run in band.drain(..) {
            if let Some(line) = merged.last_mut() {
                let size = line.size.max(run.size);
                let gap = run.x0 - line.x1;
                if gap <= 1.6 * size && gap >= -0.6 * size {
                    line.append(run);
                    continue;
                }
            }
            merged.push(run);
        }
        out.extend(merged);
    };
    for run in runs {
        if let Some(first) = band.first() {
            if (run.y - first.y).abs() > 0.35 * first.size.max(run.size) {
                flush(&mut band, &mut out);
            }
        }
        band.push(run);
    }
    flush(&mut band, &mut out);
    for line in &mut out {
        line.infer_spaces = infer_spaces;
    }
    out
}

/// Whether a line is only a page number: `3`, `- 3 -`, `第3页`, `第3页 共11页`, `3/11`.
fn is_page_number(text: &str) -> bool {
    let rest: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !"-—–_·第页共/()（）PpAaGgEe".contains(*c))
        .collect();
    !rest.is_empty() && rest.len() <= 8 && rest.chars().all(|c| c.is_ascii_digit())
}

/// A page's lines in reading order, cut into blocks (columns or parts of them) that each have
/// one left and one right edge.
fn blocks(mut page: Vec<Line>, width: f64) -> Vec<Vec<Line>> {
    page.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x0.total_cmp(&b.x0)));
    // Page numbers at the top or bottom.
    for at in [page.len().wrapping_sub(1), 0] {
        if at < page.len() && is_page_number(&page[at].text()) && page.len() > 1 {
            page.remove(at);
        }
    }
    let Some(gutter) = gutter(&page, width) else {
        return vec![page];
    };
    // The gutter's band: from where most left lines end to where most right lines start. A
    // line reaching into it by more than 1.2 em (a short title centred over the page) stands
    // over both columns.
    let ends = median(
        page.iter()
            .filter(|l| l.x1 <= gutter)
            .map(|l| l.x1)
            .collect(),
    );
    let starts = median(
        page.iter()
            .filter(|l| l.x0 >= gutter)
            .map(|l| l.x0)
            .collect(),
    );
    let (band_start, band_end) = (ends.unwrap_or(gutter), starts.unwrap_or(gutter));
    let mut out = Vec::new();
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for line in page {
        let into_band =
            line.x1 > band_start + 1.2 * line.size && line.x0 < band_end - 1.2 * line.size;
        if line.x1 <= gutter && !into_band {
            left.push(line);
        } else if line.x0 >= gutter && !into_band {
            right.push(line);
        } else if let Some((l, r)) = split(&line, gutter) {
            // Two columns' lines on one baseline, read as one (a comma hanging into the gutter
            // brings them close).
            left.push(l);
            right.push(r);
        } else {
            // A line over both columns: what stands above it is read first.
            for part in [std::mem::take(&mut left), std::mem::take(&mut right)] {
                if !part.is_empty() {
                    out.push(part);
                }
            }
            out.push(vec![line]);
        }
    }
    for part in [left, right] {
        if !part.is_empty() {
            out.push(part);
        }
    }
    out
}

/// Whether a glyph (not a space) covers `x`.
fn covers(g: &Glyph, x: f64) -> bool {
    g.x < x && x < g.end() && !g.text.trim().is_empty()
}

/// A line cut at `x` into the glyphs left and right of it, when no glyph covers `x`.
fn split(line: &Line, x: f64) -> Option<(Line, Line)> {
    if line.glyphs.iter().any(|g| covers(g, x)) {
        return None;
    }
    let (l, r): (Vec<&Glyph>, Vec<&Glyph>) = line.glyphs.iter().partition(|g| g.x < x);
    let make = |gs: Vec<&Glyph>| {
        let mut it = gs.into_iter().cloned();
        let mut line = Line::new(it.next()?);
        for g in it {
            line.push(g);
        }
        Some(line)
    };
    Some((make(l)?, make(r)?))
}

/// The x of a gutter between two columns, when the page has two: in the middle of the page,
/// where the fewest lines have a glyph over a width of 0.6 em or more, a fifth of the lines or
/// more on each side of it, at most a quarter with a glyph across it, both sides side by side.
fn gutter(page: &[Line], width: f64) -> Option<f64> {
    let n = page.len();
    if n < 6 || width <= 0.0 {
        return None;
    }
    // (lines with a glyph across x, x), the fewest first, then the longest run of such x.
    let crossing = |x: f64| {
        page.iter()
            .filter(|l| l.x0 < x && x < l.x1 && l.glyphs.iter().any(|g| covers(g, x)))
            .count()
    };
    let mut best: Option<(usize, f64, f64)> = None; // (crossing, run start, run end)
    let mut run: Option<(usize, f64, f64)> = None;
    let mut x = width * 0.3;
    while x <= width * 0.7 {
        let c = crossing(x);
        run = match run {
            Some((rc, start, _)) if rc == c => Some((c, start, x)),
            _ => Some((c, x, x)),
        };
        let r = run.expect("set above");
        let better = match best {
            None => true,
            Some((bc, s, e)) => r.0 < bc || (r.0 == bc && r.2 - r.1 > e - s),
        };
        if better {
            best = Some(r);
        }
        x += 1.0;
    }
    let (crossed, start, end) = best?;
    // A gutter is wide: lines of justified CJK text can have gaps that line up, but narrow.
    let size = median(page.iter().map(|l| l.size).collect()).unwrap_or(10.0);
    if end - start < (0.6 * size).max(4.0) {
        return None;
    }
    let x = (start + end) / 2.0;
    let (mut left, mut right) = (0, 0);
    for line in page {
        if !line.glyphs.iter().any(|g| covers(g, x)) {
            left += usize::from(line.x0 < x);
            right += usize::from(line.x1 > x);
        }
    }
    if left * 5 < n || right * 5 < n || crossed * 4 > n {
        return None;
    }
    // The two sides must stand side by side, not one above the other.
    let span = |f: &dyn Fn(&Line) -> bool| {
        let ys: Vec<f64> = page.iter().filter(|l| f(l)).map(|l| l.y).collect();
        let lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lo, hi)
    };
    let (l0, l1) = span(&|l: &Line| l.x0 < x);
    let (r0, r1) = span(&|l: &Line| l.x1 > x);
    let overlap = l1.min(r1) - l0.max(r0);
    let shorter = (l1 - l0).min(r1 - r0);
    if overlap <= 0.0 || overlap < 0.5 * shorter {
        return None;
    }
    Some(x)
}

/// Median of positive numbers (`None` when there is none).
fn median(mut v: Vec<f64>) -> Option<f64> {
    v.retain(|x| x.is_finite() && *x > 0.0);
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(v[v.len() / 2])
}

/// Joins the text of two lines of one paragraph: nothing between them, but a space where the
/// layer has one at the end of the first or the start of the second (`space`), or, in a layer
/// with no space glyphs (`infer`), between two Latin letters.
fn join(paragraph: &mut String, next: &str, space: bool, infer: bool) {
    let before = paragraph.chars().next_back();
    let after = next.chars().next();
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphabetic());
    if space || (infer && latin(before) && latin(after)) {
        paragraph.push(' ');
    }
    paragraph.push_str(next);
}

/// The text of all pages, one paragraph a line.
fn layout(pages: &[Vec<Glyph>], widths: &[f64]) -> String {
    let mut paragraphs: Vec<String> = Vec::new();
    // Whether the last line read ran to its block's right edge (the paragraph may go on in the
    // next block), and its size.
    let mut open: Option<f64> = None;
    // Whether the last line read ended with a space glyph.
    let mut trailing_space = false;
    let spaced = pages
        .iter()
        .flatten()
        .any(|g| g.text.chars().any(char::is_whitespace));
    for (glyphs, &width) in pages.iter().zip(widths) {
        let page_lines = lines(glyphs, !spaced);
        for block in blocks(page_lines, width) {
            let texts: Vec<String> = block.iter().map(Line::text).collect();
            let left = block.iter().map(|l| l.x0).fold(f64::INFINITY, f64::min);
            let right = block.iter().map(|l| l.x1).fold(f64::NEG_INFINITY, f64::max);
            let pitch = median(block.windows(2).map(|w| w[1].y - w[0].y).collect());
            for (i, (line, text)) in block.iter().zip(&texts).enumerate() {
                if text.is_empty() {
                    continue;
                }
                let size = line.size;
                let indented = line.x0 > left + 0.8 * size;
                let starts = if i == 0 {
                    // Continues the paragraph of the block before when that one ran to its
                    // edge and this line is not indented (one alone in its block cannot say).
                    !matches!(open, Some(s) if (s - size).abs() <= 0.2 * s)
                        || (indented && block.len() > 1)
                } else {
                    let prev = &block[i - 1];
                    let short = prev.x1 < right - 2.5 * prev.size.max(size);
                    let gap = line.y - prev.y;
                    let far = pitch.is_some_and(|p| gap > 1.6 * p) || gap > 3.0 * size;
                    let resized = (prev.size - size).abs() > 0.2 * prev.size.max(size);
                    indented || short || far || resized
                };
                match paragraphs.last_mut() {
                    Some(p) if !starts => {
                        let space = trailing_space || line.starts_with_space();
                        join(p, text, space, line.infer_spaces);
                    }
                    _ => paragraphs.push(text.clone()),
                }
                trailing_space = line.ends_with_space();
                let full = line.x1 >= right - 2.5 * size && block.len() > 1;
                open = full.then_some(size);
            }
        }
    }
    let mut out = String::new();
    for p in paragraphs {
        let p = p.trim();
        if !p.is_empty() {
            out.push_str(p);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(x: f64, y: f64, s: &str) -> Vec<Glyph> {
        s.chars()
            .enumerate()
            .map(|(i, c)| Glyph {
                x: x + i as f64 * 10.0,
                y,
                w: 10.0,
                size: 10.0,
                text: c.to_string(),
            })
            .collect()
    }

    #[test]
    fn page_numbers() {
        assert!(is_page_number("- 3 -"));
        assert!(is_page_number("第 3 页"));
        assert!(is_page_number("3/11"));
        assert!(!is_page_number("2023年"));
        assert!(!is_page_number("一"));
    }

    #[test]
    fn two_columns_in_order() {
        // A title over both columns, then two columns of two paragraphs each (indented first
        // lines), written to the stream row by row across the columns.
        let mut page = glyphs(287.0, 50.0, "标题");
        let rows = [
            ("　左一左一左一左一左一", "　右一右一右一右一右一"),
            ("左一左一左一左一左一左", "右一右一右一右一右一右"),
            ("左一完。", "右一完。"),
            ("　左二左二左二左二左二", "　右二右二右二右二右二"),
            ("左二完。", "右二完。"),
        ];
        for (i, (l, r)) in rows.iter().enumerate() {
            let y = 100.0 + i as f64 * 14.0;
            let indent = |s: &str| if s.starts_with('　') { 20.0 } else { 0.0 };
            page.extend(glyphs(50.0 + indent(l), y, l.trim_start_matches('　')));
            page.extend(glyphs(320.0 + indent(r), y, r.trim_start_matches('　')));
        }
        let text = layout(&[page], &[595.0]);
        assert_eq!(
            text,
            "标题\n\
             左一左一左一左一左一左一左一左一左一左一左左一完。\n\
             左二左二左二左二左二左二完。\n\
             右一右一右一右一右一右一右一右一右一右一右右一完。\n\
             右二右二右二右二右二右二完。\n"
        );
    }

    #[test]
    fn spaces_between_latin_words_only() {
        let mut g = glyphs(0.0, 10.0, "增长");
        g.extend(glyphs(25.0, 10.0, "3.1%"));
        g.extend(glyphs(70.0, 10.0, "GDP"));
        g.extend(glyphs(110.0, 10.0, "up"));
        let line = lines(&g, true);
        assert_eq!(line.len(), 1);
        assert_eq!(line[0].text(), "增长3.1% GDP up");
    }

    #[test]
    fn space_glyphs_are_kept_and_gaps_ignored() {
        // The layer has space glyphs: they are the spaces; a wide gap (justification) is none.
        let mut g = glyphs(0.0, 10.0, "增长 3.1%");
        g.extend(glyphs(72.0, 10.0, "QF"));
        g.extend(glyphs(96.0, 10.0, "LP"));
        let line = lines(&g, false);
        assert_eq!(line[0].text(), "增长 3.1%QFLP");
    }
}
