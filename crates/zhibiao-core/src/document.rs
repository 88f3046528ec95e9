//! Stage 3, document: title, region, level, delivery date, report year.

use serde::{Deserialize, Serialize};

/// Level of the government that delivered a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    National,
    Province,
    Prefecture,
    County,
}

/// What a report is: its metadata, found from its text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Document id (the file stem).
    pub id: String,
    pub title: Option<String>,
    /// Region of the government (江门市), when found.
    pub region: Option<String>,
    pub level: Option<Level>,
    /// Date delivered, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The year the report plans for (the review part speaks of the year before).
    pub year: Option<i32>,
    /// Who delivered it (市长 吴晓晖), when found.
    pub speaker: Option<String>,
    /// Encoding the bytes were read as, when decoded from bytes.
    pub encoding: Option<String>,
    /// Characters of text.
    pub chars: usize,
    /// Lines of the original file.
    pub lines: usize,
}
