//! Every format of the same report yields the same facts as its text, and every bad input is
//! an error that names its cause, never a panic.
//!
//! The fixtures in `tests/data/formats/` are made once by `scripts/make-format-fixtures.sh`
//! (LibreOffice headless, Noto Serif CJK SC, qpdf) from `tests/data/jiangmen-2023.txt` and
//! `tests/data/hailar-2015.txt`, and committed.
//!
//! Facts are compared as a multiset of (kind, period, since, measure, value, unit, bound,
//! stretch, subject): quotes, offsets and line numbers differ with the layout (a web page or a
//! PDF has one paragraph a line, the newspaper text of jiangmen-2023 one short line a line).
//! No difference is allowed, for the PDFs either: the reader joins the lines of a paragraph
//! with nothing between them, so numbers broken over two lines (`增长3.3` / `%`) come back
//! whole, and it never writes the spaces that CJK justification and CJK–Latin spacing put
//! between glyphs. (What the PDF text layer does lose — spaces between two CJK characters,
//! `◇江门市市长 吴晓晖` → `◇江门市市长吴晓晖` — carries no fact.)

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use zhibiao_input::{read_bytes, read_path, Format, InputError};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data")
        .join(name)
}

fn fixture(name: &str) -> PathBuf {
    data("formats").join(name)
}

type Key = String;

/// The facts of a text as a multiset of their layout-free fields.
fn facts(text: &str) -> BTreeMap<Key, usize> {
    let extraction = zhibiao_core::extract("doc", text);
    let mut out = BTreeMap::new();
    for f in extraction.facts {
        let key = format!(
            "{:?}|{}|{:?}|{:?}|{:?}|{}|{:?}|{}|{}",
            f.kind, f.period, f.since, f.measure, f.value, f.unit, f.bound, f.stretch, f.subject
        );
        *out.entry(key).or_insert(0) += 1;
    }
    out
}

/// Facts in `a` and not in `b` (with their surplus counts).
fn minus(a: &BTreeMap<Key, usize>, b: &BTreeMap<Key, usize>) -> Vec<(Key, usize)> {
    a.iter()
        .filter_map(|(k, &n)| {
            let m = b.get(k).copied().unwrap_or(0);
            (n > m).then(|| (k.clone(), n - m))
        })
        .collect()
}

/// Asserts that `file` reads as `format` and yields exactly the facts of the report's text;
/// returns the number of facts.
fn same_facts(report: &str, file: &str, format: Format) -> usize {
    let text = read_path(&data(&format!("{report}.txt"))).expect("the text reads");
    assert_eq!(text.format, Format::Text);
    let doc = read_path(&fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    assert_eq!(doc.format, format, "{file}");
    assert!(doc.warnings.is_empty(), "{file}: {:?}", doc.warnings);
    let want = facts(&text.text);
    let got = facts(&doc.text);
    let missing = minus(&want, &got);
    let extra = minus(&got, &want);
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{file}: facts differ from {report}.txt\nmissing: {missing:#?}\nextra: {extra:#?}"
    );
    let n: usize = want.values().sum();
    assert!(n > 100, "{report}: only {n} facts");
    n
}

#[test]
fn html_pages_give_the_facts_of_the_text() {
    assert_eq!(
        same_facts("jiangmen-2023", "jiangmen-2023.html", Format::Html),
        210
    );
    assert_eq!(
        same_facts("hailar-2015", "hailar-2015.html", Format::Html),
        134
    );
}

#[test]
fn gb2312_page_is_decoded_as_declared() {
    same_facts("jiangmen-2023", "jiangmen-2023-gbk.html", Format::Html);
    let doc = read_path(&fixture("jiangmen-2023-gbk.html")).unwrap();
    assert_eq!(doc.encoding.as_deref(), Some("GBK"));
}

#[test]
fn html_article_only() {
    let doc = read_path(&fixture("jiangmen-2023.html")).unwrap();
    assert_eq!(doc.encoding.as_deref(), Some("UTF-8"));
    let first = doc.text.lines().next().unwrap();
    assert_eq!(first, "政府工作报告", "the title comes first");
    for furniture in [
        "首页",
        "字号",
        "分享到",
        "打印",
        "版权所有",
        "ICP",
        "0750-1234567",
        "相关链接",
        "_hmt",
        "doZoom",
        "当前位置",
        "发布日期",
        "浏览次数",
    ] {
        assert!(
            !doc.text.contains(furniture),
            "page furniture `{furniture}` in the article"
        );
    }
    assert!(doc.text.contains("实现地区生产总值3773.41亿元，增长3.3%"));
    assert!(doc.text.trim_end().ends_with("二、2023年工作安排"));
}

#[test]
fn docx_files_give_the_facts_of_the_text() {
    assert_eq!(
        same_facts("jiangmen-2023", "jiangmen-2023.docx", Format::Docx),
        210
    );
    assert_eq!(
        same_facts("hailar-2015", "hailar-2015.docx", Format::Docx),
        134
    );
    let doc = read_path(&fixture("hailar-2015.docx")).unwrap();
    assert_eq!(doc.encoding, None);
    assert_eq!(doc.text.lines().next(), Some("政 府 工 作 报 告"));
}

#[test]
fn pdfs_give_the_facts_of_the_text() {
    assert_eq!(
        same_facts("jiangmen-2023", "jiangmen-2023.pdf", Format::Pdf),
        210
    );
    assert_eq!(
        same_facts("hailar-2015", "hailar-2015.pdf", Format::Pdf),
        134
    );
}

#[test]
fn two_column_pdf_is_read_column_by_column() {
    assert_eq!(
        same_facts("jiangmen-2023", "jiangmen-2023-2col.pdf", Format::Pdf),
        210
    );
    // Paragraphs run on from the foot of one column to the head of the next, whole: the same
    // paragraphs as the one-column PDF. Not quite the same text: in two columns LibreOffice
    // does not draw (nor put in the layer) three commas that would hang into the gutter
    // (链条，全力 → 链条全力), nor a space that falls at the end of a line (专项债 176 →
    // 专项债176); none of them is inside a fact.
    let one = read_path(&fixture("jiangmen-2023.pdf")).unwrap();
    let two = read_path(&fixture("jiangmen-2023-2col.pdf")).unwrap();
    let one: Vec<&str> = one.text.lines().collect();
    let two: Vec<&str> = two.text.lines().collect();
    assert_eq!(one.len(), two.len());
    let bare = |s: &str| s.replace(['，', ' '], "");
    let (mut commas, mut spaces) = (0, 0);
    for (a, b) in one.iter().zip(&two) {
        if a != b {
            assert!(bare(a) == bare(b), "paragraphs differ:\n{a}\n{b}");
            commas += a.matches('，').count() - b.matches('，').count();
            spaces += a.matches(' ').count() - b.matches(' ').count();
        }
    }
    assert_eq!((commas, spaces), (3, 1));
}

#[test]
fn pdf_paragraphs_are_lines() {
    let doc = read_path(&fixture("jiangmen-2023.pdf")).unwrap();
    let lines: Vec<&str> = doc.text.lines().collect();
    assert_eq!(lines[0], "政府工作报告");
    assert_eq!(
        lines[1],
        "——2023年2月16日在江门市第十六届人民代表大会第三次会议上"
    );
    assert!(lines[2].starts_with("过去一年，面对风高浪急的国际环境"));
    assert!(lines[2].ends_with("经济社会保持平稳健康发展。"));
    // No space is made up between CJK and Latin text, the layer's gap notwithstanding; the
    // spaces the layer has are kept.
    assert!(lines[2].contains("“1+1+9”工作部署"));
    assert!(lines[2].contains("实现地区生产总值3773.41亿元，增长3.3%、排全省第2，"));
    assert!(lines[2].contains("规模以上工业增加值增长 3.1%、"));
    assert_eq!(lines.last(), Some(&"二、2023年工作安排"));
    assert!(lines.contains(&"◇江门市市长 吴晓晖"));
}

#[test]
fn owner_password_only_pdf_reads() {
    let doc = read_path(&fixture("owner-only.pdf")).unwrap();
    assert_eq!(doc.format, Format::Pdf);
    assert!(doc.text.contains("实现地区生产总值3773.41亿元，增长3.3%"));
}

fn error_of(path: &Path) -> String {
    match read_path(path) {
        Ok(doc) => panic!("{}: read as {:?}", path.display(), doc.format),
        Err(e) => e.to_string(),
    }
}

#[test]
fn pdf_without_text_layer() {
    let e = error_of(&fixture("no-text-layer.pdf"));
    assert_eq!(e, "a PDF with no text layer (scanned?): run OCR first");
}

#[test]
fn encrypted_pdf() {
    let e = error_of(&fixture("encrypted.pdf"));
    assert_eq!(e, "an encrypted PDF: it needs a password, remove it first");
}

#[test]
fn corrupt_pdf() {
    let bytes = std::fs::read(fixture("jiangmen-2023.pdf")).unwrap();
    let e = read_bytes(&bytes[..bytes.len() / 2], "half.pdf").unwrap_err();
    assert!(matches!(e, InputError::CorruptPdf(_)), "{e}");
    assert!(e.to_string().starts_with("a corrupt PDF: "), "{e}");
    let e = read_bytes(b"%PDF-1.7\nnothing else", "x.pdf").unwrap_err();
    assert!(e.to_string().starts_with("a corrupt PDF: "), "{e}");
}

#[test]
fn corrupt_docx() {
    let e = error_of(&fixture("corrupt.docx"));
    assert_eq!(
        e,
        "a corrupt Word (.docx) file: not a valid ZIP archive (could not find EOCD)"
    );
}

#[test]
fn zip_bomb_docx() {
    let size = std::fs::metadata(fixture("zip-bomb.docx")).unwrap().len();
    assert!(size < 200 << 10, "the bomb is small: {size} bytes");
    let e = error_of(&fixture("zip-bomb.docx"));
    assert_eq!(
        e,
        "a Word (.docx) file that inflates past 64 MiB (a zip bomb?): refused"
    );
}

#[test]
fn html_without_article() {
    let e = error_of(&fixture("no-article.html"));
    assert_eq!(
        e,
        "an HTML page with no article text (only navigation, scripts or footers)"
    );
}

#[test]
fn empty_and_blank_files() {
    for bytes in [&b""[..], b"   \n\t\r\n", b"\xef\xbb\xbf"] {
        let e = read_bytes(bytes, "empty.txt").unwrap_err();
        assert_eq!(e.to_string(), "empty file: no text to read", "{bytes:?}");
    }
    let e = read_bytes(b"<html><body>  </body></html>", "empty.html").unwrap_err();
    assert!(matches!(e, InputError::NoArticle), "{e}");
}

/// Deterministic pseudo-random bytes (xorshift).
fn garbage(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

#[test]
fn binary_garbage() {
    let e = read_bytes(&garbage(4096, 7), "x.bin").unwrap_err();
    assert!(
        e.to_string().starts_with("binary data, not a text report"),
        "{e}"
    );
    // Other binary formats are named by the core.
    let e = read_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "x.png").unwrap_err();
    assert_eq!(
        e.to_string(),
        "binary data, not a text report (a PNG image)"
    );
    // A ZIP that is not a Word file.
    let xlsx = zip_with(&[("xl/workbook.xml", b"<workbook/>")]);
    let e = read_bytes(&xlsx, "book.xlsx").unwrap_err();
    assert_eq!(
        e.to_string(),
        "binary data, not a text report (an XLSX (Excel) file)"
    );
}

#[test]
fn docx_with_no_text() {
    let docx = zip_with(&[(
        "word/document.xml",
        br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p/></w:body></w:document>"#,
    )]);
    let e = read_bytes(&docx, "blank.docx").unwrap_err();
    assert_eq!(e.to_string(), "a Word (.docx) file with no text");
    let broken = zip_with(&[("word/document.xml", b"<w:document><w:body><w:p>")]);
    let e = read_bytes(&broken, "broken.docx").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("a corrupt Word (.docx) file: invalid XML in word/document.xml"),
        "{e}"
    );
}

#[test]
fn docx_main_part_from_relations() {
    let docx = zip_with(&[
        (
            "_rels/.rels",
            br#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document2.xml"/></Relationships>"#,
        ),
        (
            "word/document2.xml",
            "<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>地区生产总值增长6%左右。</w:t></w:r></w:p></w:body></w:document>".as_bytes(),
        ),
    ]);
    let doc = read_bytes(&docx, "x.docx").unwrap();
    assert_eq!(doc.text, "地区生产总值增长6%左右。\n");
}

/// A ZIP archive of stored entries, written by hand (the `zip` crate is built without its
/// writer).
fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in entries {
        let crc = crc32(data);
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // version needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(0u16.to_le_bytes()); // stored
            h.extend(0u32.to_le_bytes()); // time, date
            h.extend(crc.to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((data.len() as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend(0u16.to_le_bytes()); // comment
                h.extend(0u16.to_le_bytes()); // disk
                h.extend(0u16.to_le_bytes()); // internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(*data);
        central.extend(header(0x0201_4b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]); // disk numbers
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Damaged copies of each fixture — cut short, bytes overwritten — are read without a panic:
/// each is a document or an error.
#[test]
fn damaged_files_never_panic() {
    // (A PDF takes half a second to read in a debug build: a few variants of one.)
    let files = [
        ("owner-only.pdf", 12),
        ("hailar-2015.pdf", 4),
        ("jiangmen-2023.docx", 12),
        ("jiangmen-2023.html", 12),
    ];
    for (file, seeds) in files {
        let bytes = std::fs::read(fixture(file)).unwrap();
        let mut variants: Vec<Vec<u8>> = Vec::new();
        for cut in [8, 100, 1000, bytes.len() / 3, bytes.len() - 100] {
            variants.push(bytes[..cut.min(bytes.len())].to_vec());
        }
        for seed in 1..=seeds {
            let mut b = bytes.clone();
            let noise = garbage(64, seed);
            let at = (seed as usize * 7919 * 31) % (b.len() - 64);
            b[at..at + 64].copy_from_slice(&noise);
            variants.push(b);
        }
        for (i, v) in variants.iter().enumerate() {
            let result = std::panic::catch_unwind(|| read_bytes(v, file).map(|d| d.text.len()));
            assert!(result.is_ok(), "{file} variant {i}: panicked");
        }
    }
}

#[test]
fn format_is_sniffed_by_content_not_name() {
    let pdf = std::fs::read(fixture("hailar-2015.pdf")).unwrap();
    assert_eq!(read_bytes(&pdf, "report.txt").unwrap().format, Format::Pdf);
    let docx = std::fs::read(fixture("hailar-2015.docx")).unwrap();
    assert_eq!(
        read_bytes(&docx, "report.html").unwrap().format,
        Format::Docx
    );
    let html = std::fs::read(fixture("hailar-2015.html")).unwrap();
    assert_eq!(read_bytes(&html, "-").unwrap().format, Format::Html);
    let txt = std::fs::read(data("hailar-2015.txt")).unwrap();
    assert_eq!(read_bytes(&txt, "report.pdf").unwrap().format, Format::Text);
}
