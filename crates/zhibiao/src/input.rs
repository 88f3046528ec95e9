//! Reading a report: a file or standard input, in any format `zhibiao-input` reads (plain text
//! in any encoding the core decodes, web pages, Word `.docx`, PDF with a text layer), told apart
//! by content, not by name; with causes a person can act on.

use std::io;
use std::path::PathBuf;

pub use zhibiao_input::{Document, Format};

/// Why an input could not be read (one lower-case line naming the cause, not the file).
pub type ReadError = zhibiao_input::InputError;

/// One input named on the command line.
#[derive(Debug, Clone)]
pub struct Input {
    /// As given (`-` for standard input).
    pub path: PathBuf,
}

impl Input {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        Input { path: path.into() }
    }

    pub fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }

    /// The name used in messages: the path, or `stdin`.
    pub fn display(&self) -> String {
        if self.is_stdin() {
            "stdin".into()
        } else {
            self.path.display().to_string()
        }
    }

    /// The document id: the file's stem (`tests/data/jiangmen-2023.txt` → `jiangmen-2023`),
    /// `stdin` for standard input.
    pub fn doc_id(&self) -> String {
        if self.is_stdin() {
            return "stdin".into();
        }
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| self.display())
    }

    /// Reads the whole input into memory as it is (at most [`zhibiao_input::MAX_INPUT`] bytes,
    /// 1 GiB).
    pub fn read_raw(&self) -> Result<Vec<u8>, ReadError> {
        if self.is_stdin() {
            zhibiao_input::read_limited(io::stdin().lock(), 0)
        } else {
            zhibiao_input::read_file(&self.path)
        }
    }

    /// Reads the input and the report in it, whatever its format: the text (for web pages,
    /// DOCX and PDF one paragraph a line), the format, the encoding of text and web pages, and
    /// warnings about parts that could not be read (a PDF page). Errors name the cause: `a PDF
    /// with no text layer (scanned?): run OCR first`, `an HTML page with no article text …`.
    pub fn read_document(&self) -> Result<Document, ReadError> {
        let bytes = self.read_raw()?;
        zhibiao_input::read_bytes(&bytes, &self.display())
    }

    /// Reads the input as bytes for [`zhibiao_core::decode::decode`]: a text file (or any input
    /// that is not a web page, a DOCX or a PDF) as it is, for the core to detect its encoding
    /// and refuse what is binary; a web page, DOCX or PDF as the UTF-8 text of its report.
    ///
    /// Kept for callers that decode themselves; [`Input::read_document`] also gives the format,
    /// the encoding of a web page and the warnings.
    pub fn read(&self) -> Result<Vec<u8>, ReadError> {
        let bytes = self.read_raw()?;
        match zhibiao_input::sniff(&bytes) {
            Format::Text => Ok(bytes),
            _ => Ok(zhibiao_input::read_bytes(&bytes, &self.display())?
                .text
                .into_bytes()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_ids() {
        assert_eq!(
            Input::new("tests/data/jiangmen-2023.txt").doc_id(),
            "jiangmen-2023"
        );
        assert_eq!(Input::new("a/b.tar.txt").doc_id(), "b.tar");
        assert_eq!(Input::new("noext").doc_id(), "noext");
        assert_eq!(Input::new("-").doc_id(), "stdin");
        assert_eq!(Input::new("-").display(), "stdin");
    }

    #[test]
    fn causes() {
        let missing = Input::new("/nonexistent/zhibiao/x.txt").read().unwrap_err();
        assert_eq!(missing.to_string(), "no such file");
        let dir = Input::new("/").read().unwrap_err();
        assert_eq!(dir.to_string(), "is a directory");
        let dir = Input::new("/").read_document().unwrap_err();
        assert_eq!(dir.to_string(), "is a directory");
    }

    fn data(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/data")
            .join(name)
    }

    #[test]
    fn formats_by_content() {
        let doc = Input::new(data("formats/hailar-2015.docx"))
            .read_document()
            .unwrap();
        assert_eq!(doc.format, Format::Docx);
        let text = Input::new(data("hailar-2015.txt")).read().unwrap();
        assert_eq!(text, std::fs::read(data("hailar-2015.txt")).unwrap());
        // A web page comes back as the UTF-8 text of its article, whatever its encoding.
        let page = Input::new(data("formats/jiangmen-2023-gbk.html"))
            .read()
            .unwrap();
        let page = String::from_utf8(page).unwrap();
        assert!(page.starts_with("政府工作报告\n——2023年2月16日"));
    }
}
