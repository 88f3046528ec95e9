//! # zhibiao-input — a report's text from a text file, a web page, a Word file or a PDF
//!
//! Government work reports come as plain text, as pages of government web sites, as Word
//! (`.docx`) files and as PDFs. [`read_path`] and [`read_bytes`] tell these apart by their
//! **content** (the file name is only used in messages) and return the report's text, one
//! paragraph a line where the format knows paragraphs, ready for [`zhibiao_core::extract`]:
//!
//! | format | detected by | text |
//! |---|---|---|
//! | PDF | `%PDF-` in the first 1 KiB | the text layer, lines and columns put in reading order, lines joined into paragraphs ([`pdf`](crate::pdf)) |
//! | DOCX | a ZIP holding `word/document.xml` | the paragraphs (`w:p`) in order ([`docx`](crate::docx)) |
//! | HTML | `<!doctype`, `<html`, `<head`, `<meta`, `<body` … first, after any BOM and white space | the article body only, no navigation, footers or share buttons ([`html`](crate::html)) |
//! | text | anything else | [`zhibiao_core::decode::decode`]: UTF-8/16, GB18030 detected, binary refused |
//!
//! Errors are one lower-case line naming the cause (`a PDF with no text layer (scanned?): run
//! OCR first`); callers add the path. Nothing here panics on any input: the PDF reader, which
//! can, runs under [`std::panic::catch_unwind`] and a panic becomes an error.

mod docx;
mod html;
mod pdf;

pub use html::article_text;

use std::fmt;
use std::io::{self, Read};
use std::path::Path;

/// Largest input read: a report is a few hundred KB (a PDF a few MB); anything past this is
/// surely not one.
pub const MAX_INPUT: u64 = 1 << 30;

/// Largest number of bytes inflated out of a DOCX (its `word/document.xml` and the relations
/// read to find it): a long report's XML is a few MB.
pub const MAX_INFLATED: u64 = 64 << 20;

/// A report's text, and what it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The text: for HTML, DOCX and PDF one paragraph a line; for text files as decoded (line
    /// ends normalised to `\n`).
    pub text: String,
    /// The format the bytes were read as.
    pub format: Format,
    /// The character encoding of a text file or web page (`UTF-8`, `GB18030`, `GBK`, …);
    /// `None` for DOCX and PDF, whose encodings are internal.
    pub encoding: Option<String>,
    /// Parts that could not be read while the rest could (a PDF page that failed), one
    /// lower-case line each.
    pub warnings: Vec<String>,
}

/// The formats a report is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Html,
    Docx,
    Pdf,
}

impl Format {
    /// Lower-case name: `text`, `html`, `docx`, `pdf`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a report could not be read. Each message is one lower-case line naming the cause, not
/// the file (callers add the path).
#[derive(Debug)]
#[non_exhaustive]
pub enum InputError {
    /// The path does not exist.
    NotFound,
    /// The path is a directory.
    IsDirectory,
    /// The file may not be read.
    PermissionDenied,
    /// More than [`MAX_INPUT`] bytes.
    TooLarge(u64),
    /// Any other read error.
    Io(io::Error),
    /// Not text: empty, binary data of a kind not read here, or undecodable (from the core's
    /// decoder).
    Text(zhibiao_core::Error),
    /// A web page whose article could not be found (navigation, footers and scripts only).
    NoArticle,
    /// A web page whose elements nest deeper than the limit (a page built to stall a parser).
    TooDeep(usize),
    /// A DOCX that is not a valid ZIP, or whose XML is broken.
    CorruptDocx(String),
    /// A DOCX whose parts inflate past [`MAX_INFLATED`] bytes.
    ZipBomb,
    /// A valid DOCX with no text in its paragraphs.
    EmptyDocx,
    /// A PDF with no text to extract: scanned pages are images.
    NoTextLayer,
    /// A PDF whose text is in fonts with no way back to Unicode.
    UnmappedPdfText,
    /// A PDF that needs a password.
    EncryptedPdf,
    /// A PDF that could not be parsed.
    CorruptPdf(String),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::NotFound => write!(f, "no such file"),
            InputError::IsDirectory => write!(f, "is a directory"),
            InputError::PermissionDenied => write!(f, "permission denied"),
            InputError::TooLarge(n) => write!(
                f,
                "too large: {} MiB (the limit is {} MiB; a report is a few hundred KB)",
                n >> 20,
                MAX_INPUT >> 20
            ),
            InputError::Io(e) => write!(f, "cannot read: {}", lower_first(&e.to_string())),
            InputError::Text(e) => write!(f, "{e}"),
            InputError::NoArticle => write!(
                f,
                "an HTML page with no article text (only navigation, scripts or footers)"
            ),
            InputError::TooDeep(n) => {
                write!(
                    f,
                    "an HTML page nested more than {n} elements deep: refused"
                )
            }
            InputError::CorruptDocx(why) => write!(f, "a corrupt Word (.docx) file: {why}"),
            InputError::ZipBomb => write!(
                f,
                "a Word (.docx) file that inflates past {} MiB (a zip bomb?): refused",
                MAX_INFLATED >> 20
            ),
            InputError::EmptyDocx => write!(f, "a Word (.docx) file with no text"),
            InputError::NoTextLayer => {
                write!(f, "a PDF with no text layer (scanned?): run OCR first")
            }
            InputError::UnmappedPdfText => write!(
                f,
                "a PDF whose text cannot be decoded (its fonts have no Unicode maps): run OCR first"
            ),
            InputError::EncryptedPdf => {
                write!(f, "an encrypted PDF: it needs a password, remove it first")
            }
            InputError::CorruptPdf(why) => write!(f, "a corrupt PDF: {why}"),
        }
    }
}

impl std::error::Error for InputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            InputError::Io(e) => Some(e),
            InputError::Text(e) => Some(e),
            _ => None,
        }
    }
}

impl From<zhibiao_core::Error> for InputError {
    fn from(e: zhibiao_core::Error) -> Self {
        InputError::Text(e)
    }
}

impl InputError {
    /// Maps a read error to the causes a person can act on.
    pub fn from_io(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::NotFound => InputError::NotFound,
            io::ErrorKind::PermissionDenied => InputError::PermissionDenied,
            io::ErrorKind::IsADirectory => InputError::IsDirectory,
            _ => InputError::Io(e),
        }
    }
}

/// `Invalid data (os error 22)` → `invalid data (os error 22)`, to match the other causes.
pub(crate) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Reads a file (at most [`MAX_INPUT`] bytes) and its report text. `path` may not be `-`:
/// read standard input with [`read_limited`] and [`read_bytes`].
pub fn read_path(path: &Path) -> Result<Document, InputError> {
    let bytes = read_file(path)?;
    let name = path.display().to_string();
    read_bytes(&bytes, &name)
}

/// Reads a whole file into memory, refusing directories and more than [`MAX_INPUT`] bytes.
pub fn read_file(path: &Path) -> Result<Vec<u8>, InputError> {
    let meta = std::fs::metadata(path).map_err(InputError::from_io)?;
    if meta.is_dir() {
        return Err(InputError::IsDirectory);
    }
    if meta.len() > MAX_INPUT {
        return Err(InputError::TooLarge(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(InputError::from_io)?;
    read_limited(file, meta.len())
}

/// Reads to the end, refusing more than [`MAX_INPUT`] bytes (a file may grow while read, and
/// standard input has no size). `size_hint` is the expected size, 0 when unknown.
pub fn read_limited(reader: impl Read, size_hint: u64) -> Result<Vec<u8>, InputError> {
    let mut buf = Vec::with_capacity(size_hint.min(MAX_INPUT) as usize);
    reader
        .take(MAX_INPUT + 1)
        .read_to_end(&mut buf)
        .map_err(InputError::from_io)?;
    if buf.len() as u64 > MAX_INPUT {
        return Err(InputError::TooLarge(buf.len() as u64));
    }
    Ok(buf)
}

/// What the first bytes of an input say it is: PDF, DOCX (a ZIP archive), HTML, or something
/// else that the text decoder is to judge. Cheap: looks at the head of the bytes only.
pub fn sniff(bytes: &[u8]) -> Format {
    if is_pdf(bytes) {
        Format::Pdf
    } else if is_zip(bytes) {
        Format::Docx
    } else if html::looks_like_html_bytes(bytes) {
        Format::Html
    } else {
        Format::Text
    }
}

/// Reads a report from its bytes, detecting the format by content. `name` (a file name or
/// `stdin`) is a hint only: it is never used to choose the format.
pub fn read_bytes(bytes: &[u8], _name: &str) -> Result<Document, InputError> {
    if bytes.is_empty() {
        return Err(zhibiao_core::Error::Empty.into());
    }
    match sniff(bytes) {
        Format::Pdf => pdf::read(bytes),
        Format::Docx => docx::read(bytes),
        Format::Html => html::read_bytes(bytes),
        Format::Text => {
            let decoded = zhibiao_core::decode::decode(bytes)?;
            if html::looks_like_html_text(&decoded.text) {
                // A page in UTF-16 (with a byte-order mark): the decoder read it.
                return html::read_text(&decoded.text, Some(decoded.encoding.to_string()));
            }
            Ok(Document {
                text: decoded.text,
                format: Format::Text,
                encoding: Some(decoded.encoding.to_string()),
                warnings: Vec::new(),
            })
        }
    }
}

/// Reads a report from its bytes as the given format, whatever its first bytes say (for a
/// caller that knows the format): `Text` decodes the bytes as text even when they look like a
/// web page; the others fail with their format's cause when the bytes are not of it.
pub fn read_bytes_as(bytes: &[u8], format: Format) -> Result<Document, InputError> {
    if bytes.is_empty() {
        return Err(zhibiao_core::Error::Empty.into());
    }
    match format {
        Format::Pdf => pdf::read(bytes),
        Format::Docx => docx::read(bytes),
        Format::Html => html::read_bytes(bytes),
        Format::Text => {
            let decoded = zhibiao_core::decode::decode(bytes)?;
            Ok(Document {
                text: decoded.text,
                format: Format::Text,
                encoding: Some(decoded.encoding.to_string()),
                warnings: Vec::new(),
            })
        }
    }
}

/// A report read and extracted: its text, its facts, the format it was read as.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The report's text as read (for HTML, DOCX and PDF one paragraph a line).
    pub text: String,
    pub extraction: zhibiao_core::Extraction,
    pub format: Format,
}

/// Extracts the facts of a report read by [`read_bytes`] (or [`read_bytes_as`] when `format`
/// is given), as `zhibiao extract` does: the reader's warnings join the extractor's, each fact
/// gets its indicator id from the built-in registry, and a report with no facts says so in a
/// warning. `doc_id` is the document id of its facts (the file's stem).
pub fn extract(
    bytes: &[u8],
    name: &str,
    doc_id: &str,
    format: Option<Format>,
) -> Result<Loaded, InputError> {
    extract_with(
        bytes,
        name,
        doc_id,
        format,
        zhibiao_core::Registry::builtin(),
    )
}

/// [`extract`], naming indicators from `registry` instead of the built-in one.
pub fn extract_with(
    bytes: &[u8],
    name: &str,
    doc_id: &str,
    format: Option<Format>,
    registry: &zhibiao_core::Registry,
) -> Result<Loaded, InputError> {
    let doc = match format {
        Some(f) => read_bytes_as(bytes, f)?,
        None => read_bytes(bytes, name)?,
    };
    let mut extraction =
        zhibiao_core::extract::run_with(doc_id, &doc.text, doc.encoding.as_deref(), registry);
    extraction.warnings.extend(doc.warnings);
    if extraction.facts.is_empty()
        && !extraction
            .warnings
            .iter()
            .any(|w| w.contains("no facts found"))
    {
        extraction.warnings.push("no facts found".into());
    }
    Ok(Loaded {
        text: doc.text,
        extraction,
        format: doc.format,
    })
}

/// `%PDF-` at the start or, as readers allow, within the first KiB (after junk bytes).
fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// A ZIP archive's local file header or (empty archive) end-of-central-directory record.
fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// Runs `f`, turning a panic into `Err` with the panic's message, printing nothing: the PDF
/// parser panics on some damaged files. The panic hook stays quiet only on the thread (and for
/// the time) of the call; other panics are reported as usual.
pub(crate) fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    use std::cell::Cell;
    use std::panic;
    use std::sync::Once;

    thread_local! {
        static QUIET: Cell<bool> = const { Cell::new(false) };
    }
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });

    let was = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown cause".to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content() {
        assert_eq!(sniff(b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(sniff(b"junk\n%PDF-1.4\n"), Format::Pdf);
        assert_eq!(sniff(b"PK\x03\x04rest"), Format::Docx);
        assert_eq!(sniff(b"\xef\xbb\xbf  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(sniff(b"\n<html lang=zh>"), Format::Html);
        assert_eq!(sniff("政府工作报告".as_bytes()), Format::Text);
        assert_eq!(sniff(b"<not html"), Format::Text);
    }

    #[test]
    fn text_goes_through_the_core_decoder() {
        let doc = read_bytes("过去一年，增长3.3%。\r\n".as_bytes(), "a.txt").unwrap();
        assert_eq!(doc.format, Format::Text);
        assert_eq!(doc.text, "过去一年，增长3.3%。\n");
        assert_eq!(doc.encoding.as_deref(), Some("UTF-8"));
        let gbk = encoding_rs::GB18030.encode("过去一年，增长3.3%。").0;
        let doc = read_bytes(&gbk, "a.txt").unwrap();
        assert_eq!(doc.encoding.as_deref(), Some("GB18030"));
    }

    #[test]
    fn utf16_pages_are_pages() {
        let mut bytes = vec![0xff, 0xfe];
        for u in
            "<html><body><p>过去一年，实现地区生产总值3773.41亿元，增长3.3%。</p></body></html>"
                .encode_utf16()
        {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let doc = read_bytes(&bytes, "a.html").unwrap();
        assert_eq!(doc.format, Format::Html);
        assert_eq!(
            doc.text,
            "过去一年，实现地区生产总值3773.41亿元，增长3.3%。"
        );
        assert_eq!(doc.encoding.as_deref(), Some("UTF-16LE"));
    }

    #[test]
    fn panics_become_errors() {
        let r: Result<(), String> = catch_panic(|| panic!("boom"));
        assert_eq!(r.unwrap_err(), "boom");
        assert_eq!(catch_panic(|| 7).unwrap(), 7);
    }

    #[test]
    fn read_causes() {
        let missing = read_path(Path::new("/nonexistent/zhibiao/x.txt")).unwrap_err();
        assert_eq!(missing.to_string(), "no such file");
        assert_eq!(
            read_path(Path::new("/")).unwrap_err().to_string(),
            "is a directory"
        );
        assert_eq!(
            read_bytes(b"", "x").unwrap_err().to_string(),
            "empty file: no text to read"
        );
    }
}
