//! Reading a report's bytes: a file or standard input, with causes a person can act on.

use std::fmt;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// Largest input read: a report is a few hundred KB; anything past this is surely not one.
pub const MAX_INPUT: u64 = 1 << 30;

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

    /// Reads the whole input into memory (at most [`MAX_INPUT`] bytes).
    pub fn read(&self) -> Result<Vec<u8>, ReadError> {
        if self.is_stdin() {
            return read_limited(io::stdin().lock(), 0);
        }
        let path: &Path = &self.path;
        let meta = std::fs::metadata(path).map_err(ReadError::from_io)?;
        if meta.is_dir() {
            return Err(ReadError::IsDirectory);
        }
        if meta.len() > MAX_INPUT {
            return Err(ReadError::TooLarge(meta.len()));
        }
        let file = std::fs::File::open(path).map_err(ReadError::from_io)?;
        read_limited(file, meta.len())
    }
}

/// Reads to the end, refusing more than [`MAX_INPUT`] bytes (a file may grow while read).
fn read_limited(reader: impl Read, size_hint: u64) -> Result<Vec<u8>, ReadError> {
    let mut buf = Vec::with_capacity(size_hint.min(MAX_INPUT) as usize);
    reader
        .take(MAX_INPUT + 1)
        .read_to_end(&mut buf)
        .map_err(ReadError::from_io)?;
    if buf.len() as u64 > MAX_INPUT {
        return Err(ReadError::TooLarge(buf.len() as u64));
    }
    Ok(buf)
}

/// Why an input could not be read.
#[derive(Debug)]
pub enum ReadError {
    NotFound,
    IsDirectory,
    PermissionDenied,
    TooLarge(u64),
    Other(io::Error),
}

impl ReadError {
    fn from_io(e: io::Error) -> Self {
        match e.kind() {
            io::ErrorKind::NotFound => ReadError::NotFound,
            io::ErrorKind::PermissionDenied => ReadError::PermissionDenied,
            io::ErrorKind::IsADirectory => ReadError::IsDirectory,
            _ => ReadError::Other(e),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "no such file"),
            ReadError::IsDirectory => write!(f, "is a directory"),
            ReadError::PermissionDenied => write!(f, "permission denied"),
            ReadError::TooLarge(n) => write!(
                f,
                "too large: {} MiB (the limit is {} MiB; a report is a few hundred KB)",
                n >> 20,
                MAX_INPUT >> 20
            ),
            ReadError::Other(e) => write!(f, "cannot read: {}", lower_first(&e.to_string())),
        }
    }
}

/// `Invalid data (os error 22)` → `invalid data (os error 22)`, to match the other causes.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
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
        assert_eq!(lower_first("Invalid"), "invalid");
    }
}
