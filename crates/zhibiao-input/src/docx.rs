//! Word files (`.docx`): the paragraphs of `word/document.xml`, in order.
//!
//! A DOCX is a ZIP archive. Its main part (`word/document.xml`, or the part `_rels/.rels`
//! names) holds the body: paragraphs (`w:p`) of runs (`w:r`) of text (`w:t`). Each paragraph
//! becomes one line: its runs' text joined, `w:tab` a tab, `w:br`/`w:cr` a line break,
//! `w:noBreakHyphen` a hyphen. Deleted text (`w:delText`, `w:moveFrom`), field instructions
//! (`w:instrText`) and the fallback copies of text boxes (`mc:Fallback`) are left out; table
//! cells give one line a paragraph, as paragraphs do. Empty paragraphs give no line.
//!
//! Inflating stops at [`MAX_INFLATED`](crate::MAX_INFLATED) bytes: a small archive whose part
//! inflates past it is refused as a zip bomb.

use crate::{Document, Format, InputError, MAX_INFLATED};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::io::{Cursor, Read};

/// The main part when `_rels/.rels` does not say otherwise.
const MAIN_PART: &str = "word/document.xml";

pub(crate) fn read(bytes: &[u8]) -> Result<Document, InputError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        InputError::CorruptDocx(format!("not a valid ZIP archive ({})", zip_cause(&e)))
    })?;
    let mut budget = MAX_INFLATED;
    let main = match main_part(&mut archive, &mut budget)? {
        Some(name) => name,
        None => {
            // A ZIP that is no Word file: let the core name what it is (XLSX, PPTX, …).
            return Err(zhibiao_core::decode::decode(bytes)
                .err()
                .map_or_else(|| InputError::EmptyDocx, InputError::Text));
        }
    };
    let xml = inflate(&mut archive, &main, &mut budget)?;
    let text = paragraphs(&xml).map_err(|e| {
        InputError::CorruptDocx(format!("invalid XML in {main}: {}", crate::lower_first(&e)))
    })?;
    if text.trim().is_empty() {
        return Err(InputError::EmptyDocx);
    }
    Ok(Document {
        text,
        format: Format::Docx,
        encoding: None,
        warnings: Vec::new(),
    })
}

fn zip_cause(e: &zip::result::ZipError) -> String {
    match e {
        zip::result::ZipError::InvalidArchive(why) => crate::lower_first(why),
        e => crate::lower_first(&e.to_string()),
    }
}

/// The name of the main document part: `word/document.xml`, or the target of the
/// `officeDocument` relation in `_rels/.rels`. `None` when the archive is no Word file.
fn main_part(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    budget: &mut u64,
) -> Result<Option<String>, InputError> {
    if archive.index_for_name(MAIN_PART).is_some() {
        return Ok(Some(MAIN_PART.to_string()));
    }
    if archive.index_for_name("_rels/.rels").is_none() {
        return Ok(None);
    }
    let rels = inflate(archive, "_rels/.rels", budget)?;
    let mut reader = Reader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let attr = |name: &str| {
                    e.try_get_attribute(name).ok().flatten().and_then(|a| {
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .ok()
                            .map(|v| v.into_owned())
                    })
                };
                let is_main = attr("Type").is_some_and(|t| t.ends_with("/officeDocument"));
                if let (true, Some(target)) = (is_main, attr("Target")) {
                    let target = target.trim_start_matches('/').to_string();
                    if target.starts_with("word/") && archive.index_for_name(&target).is_some() {
                        return Ok(Some(target));
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => return Ok(None),
            Ok(_) => {}
        }
    }
}

/// Inflates one part, at most `budget` bytes (what is left of [`MAX_INFLATED`]).
fn inflate(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    name: &str,
    budget: &mut u64,
) -> Result<String, InputError> {
    let entry = archive
        .by_name(name)
        .map_err(|e| InputError::CorruptDocx(format!("cannot open {name} ({})", zip_cause(&e))))?;
    if entry.size() > *budget {
        return Err(InputError::ZipBomb);
    }
    let mut buf = Vec::with_capacity(entry.size().min(*budget) as usize);
    entry.take(*budget + 1).read_to_end(&mut buf).map_err(|e| {
        InputError::CorruptDocx(format!(
            "cannot inflate {name} ({})",
            crate::lower_first(&e.to_string())
        ))
    })?;
    if buf.len() as u64 > *budget {
        return Err(InputError::ZipBomb);
    }
    *budget -= buf.len() as u64;
    Ok(xml_text(buf))
}

/// XML bytes as text: UTF-16 when a byte-order mark says so, else UTF-8 (bad bytes replaced).
fn xml_text(buf: Vec<u8>) -> String {
    if buf.starts_with(b"\xff\xfe") || buf.starts_with(b"\xfe\xff") {
        let (text, _, _) = encoding_rs::UTF_16LE.decode(&buf);
        return text.into_owned();
    }
    let buf = match buf.strip_prefix(b"\xef\xbb\xbf") {
        Some(rest) => rest.to_vec(),
        None => buf,
    };
    match String::from_utf8(buf) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

/// Elements whose text is not the document's: deleted or moved-away text, field codes, the
/// fallback copy of a drawing's text.
fn is_skipped(local: &str, name: &str) -> bool {
    matches!(local, "delText" | "moveFrom" | "instrText" | "del")
        || name == "mc:Fallback"
        || local == "Fallback"
}

/// One line a paragraph (see the module documentation).
fn paragraphs(xml: &str) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    // Paragraphs being read: text boxes put paragraphs inside paragraphs.
    let mut open: Vec<String> = Vec::new();
    let mut skip = 0usize;
    let mut in_text = 0usize;
    let mut in_run = 0usize;
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof if depth > 0 => {
                return Err("the XML ends inside an element (cut short?)".into());
            }
            _ => {}
        }
        match event {
            Event::Start(e) => {
                let name = e.name();
                let local = e.local_name();
                let local = local.as_ref();
                if skip > 0 || is_skipped(local, name.as_ref()) {
                    skip += 1;
                    continue;
                }
                match local {
                    "p" => open.push(String::new()),
                    "r" => in_run += 1,
                    "t" => in_text += 1,
                    _ => {}
                }
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                let local = e.local_name();
                let para = open.last_mut();
                match (local.as_ref(), para) {
                    ("p", None) => {}
                    ("tab", Some(p)) if in_run > 0 => p.push('\t'),
                    ("br" | "cr", Some(p)) if in_run > 0 => p.push('\n'),
                    ("noBreakHyphen", Some(p)) if in_run > 0 => p.push('-'),
                    _ => {}
                }
            }
            Event::End(e) => {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                match e.local_name().as_ref() {
                    "p" => {
                        if let Some(p) = open.pop() {
                            for line in p.split('\n') {
                                let line = line.trim();
                                if !line.is_empty() {
                                    out.push_str(line);
                                    out.push('\n');
                                }
                            }
                        }
                    }
                    "r" => in_run = in_run.saturating_sub(1),
                    "t" => in_text = in_text.saturating_sub(1),
                    _ => {}
                }
            }
            Event::Text(t) if skip == 0 && in_text > 0 => {
                if let Some(p) = open.last_mut() {
                    p.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if skip == 0 && in_text > 0 => {
                if let Some(p) = open.last_mut() {
                    p.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if skip == 0 && in_text > 0 => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&r).map(String::from),
                    Err(_) => None,
                };
                if let (Some(p), Some(s)) = (open.last_mut(), resolved) {
                    p.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

    #[test]
    fn paragraphs_runs_tabs_breaks() {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>
<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="420"/></w:tabs></w:pPr>
  <w:r><w:t>实现地区生产总值</w:t></w:r><w:r><w:t xml:space="preserve">3773.41亿元，</w:t></w:r>
  <w:r><w:t>增长3.3%</w:t><w:tab/><w:t>R&amp;D</w:t><w:br/><w:t>&#x7B2C;二行</w:t></w:r></w:p>
<w:p/>
<w:p><w:r><w:delText>删掉的</w:delText><w:instrText>PAGE</w:instrText><w:t>留下的</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>单元格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><mc:AlternateContent><mc:Choice><w:p><w:r><w:t>文本框</w:t></w:r></w:p></mc:Choice>
  <mc:Fallback><w:p><w:r><w:t>文本框</w:t></w:r></w:p></mc:Fallback></mc:AlternateContent><w:t>外面</w:t></w:r></w:p>
</w:body></w:document>"#
        );
        assert_eq!(
            paragraphs(&xml).unwrap(),
            "实现地区生产总值3773.41亿元，增长3.3%\tR&D\n第二行\n留下的\n单元格\n文本框\n外面\n"
        );
    }

    #[test]
    fn broken_xml_is_an_error() {
        let xml = format!("<w:document {W}><w:body><w:p><w:r><w:t>x</w:r></w:body>");
        assert!(paragraphs(&xml).is_err());
    }
}
