//! The one error type of the core.

use std::fmt;

/// Why a report could not be read. Messages are lower-case and name the cause, not the file:
/// callers add the path.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input holds no bytes (or only white space).
    Empty,
    /// The input looks like binary data (NUL bytes, control characters, a known binary magic).
    Binary { what: String },
    /// The bytes are not valid text in any encoding the decoder knows.
    Undecodable { encoding: String, offset: usize },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Empty => write!(f, "empty file: no text to read"),
            Error::Binary { what } => write!(f, "binary data, not a text report ({what})"),
            Error::Undecodable { encoding, offset } => write!(
                f,
                "undecodable text: invalid {encoding} byte sequence at byte {offset}"
            ),
        }
    }
}

impl std::error::Error for Error {}
