//! Importing a report: bytes → text → facts → commitments → stored, with ratings suggested for
//! the commitments of the same region's year before. Shared by the upload page, the API and
//! `zhibiao import`.

use std::fmt;

use crate::domain::commitments::{drafts, Target};
use crate::domain::rating::{suggest, Suggestion};
use crate::store::{Actor, Filter, NewReport, Store, StoreError};
use crate::util::sha256_hex;

/// Largest report accepted (a PDF of a long report is a few MB).
pub const MAX_REPORT_BYTES: usize = 50 << 20;

/// Why a file could not be imported. Messages are for the person who uploaded it.
#[derive(Debug)]
#[non_exhaustive]
pub enum ImportError {
    /// The bytes are not a readable text report (empty, binary, undecodable).
    Unreadable(String),
    /// The text is readable but not a government work report.
    NotAReport(String),
    /// The same file was imported before.
    Duplicate {
        id: i64,
        name: String,
    },
    TooLarge,
    Store(StoreError),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Unreadable(m) => write!(f, "无法读取该文件：{m}"),
            ImportError::NotAReport(m) => write!(f, "该文件不像政府工作报告：{m}"),
            ImportError::Duplicate { name, .. } => {
                write!(f, "该报告已导入过（{name}），未重复导入")
            }
            ImportError::TooLarge => write!(f, "文件过大：上限为 {} MB", MAX_REPORT_BYTES >> 20),
            ImportError::Store(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ImportError {}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> Self {
        ImportError::Store(e)
    }
}

/// What an import did.
#[derive(Debug, Clone)]
pub struct Imported {
    pub id: i64,
    pub name: String,
    pub year: i32,
    pub commitments: usize,
    pub facts: usize,
    /// Ratings suggested for commitments of the year before.
    pub suggested: usize,
}

/// The report's id from an uploaded file name: its stem, without any path, at most 80 chars.
pub fn doc_name(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = match base.rfind('.') {
        Some(i) if i > 0 => &base[..i],
        _ => base,
    };
    let clean: String = stem.chars().filter(|c| !c.is_control()).take(80).collect();
    if clean.trim().is_empty() {
        "report".into()
    } else {
        clean.trim().to_string()
    }
}

/// Imports a report from its bytes. `file_name` names it (only its stem is kept).
pub fn import_bytes(
    store: &dyn Store,
    actor: &Actor,
    bytes: &[u8],
    file_name: &str,
) -> Result<Imported, ImportError> {
    if bytes.len() > MAX_REPORT_BYTES {
        return Err(ImportError::TooLarge);
    }
    let sha256 = sha256_hex(bytes);
    if let Some(r) = store.report_by_sha256(&sha256)? {
        return Err(ImportError::Duplicate {
            id: r.id,
            name: r.name,
        });
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::NotAReport("文件是空的".into()));
    }
    let name = doc_name(file_name);
    let (text, format) = read_text(bytes, file_name)?;
    let x = zhibiao_core::extract(&name, &text);
    let Some(year) = x.document.year else {
        return Err(ImportError::NotAReport(
            "找不到报告年份（没有日期行、标题或“××年工作安排”之类的标题）".into(),
        ));
    };
    let drafts = drafts(&text, &x);
    if drafts.is_empty() {
        return Err(ImportError::NotAReport(format!(
            "未找到{year}年工作安排部分的任何任务"
        )));
    }
    let suggestions = suggestions_for(store, &x, year)?;
    let new = NewReport {
        name: name.clone(),
        title: x.document.title.clone(),
        region: x.document.region.clone(),
        year: Some(year),
        sha256,
        format,
        text,
        facts: x.facts.clone(),
        drafts,
        start_date: format!("{year}-01-01"),
        deadline: format!("{year}-12-31"),
        suggestions,
    };
    let id = match store.import_report(actor, &new) {
        Err(StoreError::Duplicate) => {
            return Err(ImportError::Duplicate {
                id: 0,
                name: new.name,
            })
        }
        r => r?,
    };
    Ok(Imported {
        id,
        name,
        year,
        commitments: new.drafts.len(),
        facts: new.facts.len(),
        suggested: new.suggestions.len(),
    })
}

/// The report's text and the format it was read as (text, HTML, DOCX or PDF, told by the
/// content).
fn read_text(bytes: &[u8], file_name: &str) -> Result<(String, String), ImportError> {
    let d = zhibiao_input::read_bytes(bytes, file_name)
        .map_err(|e| ImportError::Unreadable(e.to_string()))?;
    Ok((d.text, d.format.name().to_string()))
}

/// Ratings the outcomes in `later` (of `year`) suggest for the commitments of the same
/// region's report of the year before, when one was imported.
fn suggestions_for(
    store: &dyn Store,
    later: &zhibiao_core::Extraction,
    year: i32,
) -> Result<Vec<Suggestion>, StoreError> {
    let key = zhibiao_core::compare::region_key(later.document.region.as_deref());
    let mut out = Vec::new();
    for r in store.reports()? {
        if r.year != Some(year - 1)
            || key.is_none()
            || zhibiao_core::compare::region_key(r.region.as_deref()) != key
        {
            continue;
        }
        let report = store.report(r.id)?;
        let earlier = zhibiao_core::extract(&r.name, &report.text);
        let commitments: Vec<(i64, Vec<Target>)> = store
            .commitments(&Filter {
                report_id: Some(r.id),
                ..Filter::default()
            })?
            .into_iter()
            .filter(|c| !c.targets.is_empty())
            .map(|c| (c.id, c.targets))
            .collect();
        out.extend(suggest(&earlier, later, &commitments));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_stem_only() {
        assert_eq!(doc_name("jiangmen-2023.txt"), "jiangmen-2023");
        assert_eq!(doc_name("../../etc/passwd"), "passwd");
        assert_eq!(doc_name("C:\\x\\报告.docx"), "报告");
        assert_eq!(doc_name(".txt"), ".txt");
        assert_eq!(doc_name(""), "report");
    }
}
