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
    let drafts = drafts(&x);
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
        outline: x.outline(),
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

/// Gives the commitments imported before the tracker stored each task's 序号 (migration
/// 0004) their numbers: each report with such commitments is divided again, and a commitment
/// that starts where a task of the division starts gets that task's number, unless another
/// commitment of the report has it. Commitments that match no task (made by hand, or imported
/// one per sentence by older versions) keep showing their place in the report. Returns how
/// many were numbered; does nothing (and reads no report) when none lacks a number.
pub fn backfill_numbers(store: &dyn Store, actor: &Actor) -> Result<usize, StoreError> {
    let mut done = 0;
    for r in store.reports()? {
        let list = store.commitments(&Filter {
            report_id: Some(r.id),
            ..Filter::default()
        })?;
        if !list.iter().any(|c| c.number.is_empty() && c.quote_len > 0) {
            continue;
        }
        let report = store.report(r.id)?;
        let x = zhibiao_core::extract(&r.name, &report.text);
        let mut taken: std::collections::HashSet<String> =
            list.iter().map(|c| c.number.clone()).collect();
        let mut numbers = Vec::new();
        for d in drafts(&x) {
            if taken.contains(&d.number) {
                continue;
            }
            let at = list.iter().find(|c| {
                c.number.is_empty() && c.quote_len > 0 && c.quote_offset == d.offset as i64
            });
            if let Some(c) = at {
                taken.insert(d.number.clone());
                numbers.push((c.id, d.number));
            }
        }
        if !numbers.is_empty() {
            done += store.set_numbers(actor, r.id, &numbers)?;
        }
    }
    Ok(done)
}

/// Gives the reports imported before outlines were stored (migration 0007) their outline, laid
/// out from their text once, so that no page view lays a report out. Returns how many.
pub fn backfill_outlines(store: &dyn Store) -> Result<usize, StoreError> {
    let ids = store.reports_without_outline()?;
    for &id in &ids {
        let report = store.report(id)?;
        let layout = zhibiao_core::layout::layout(&report.text);
        store.set_outline(id, &zhibiao_core::outline::Outline::of(&layout))?;
    }
    Ok(ids.len())
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
        // The facts stored at its import, with the document they were read under: the
        // report is not extracted again.
        let report = store.report(r.id)?;
        let earlier = zhibiao_core::Extraction {
            document: zhibiao_core::Document {
                id: r.name.clone(),
                title: r.title.clone(),
                region: r.region.clone(),
                year: r.year,
                ..Default::default()
            },
            facts: report.facts,
            ..Default::default()
        };
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

    /// A database imported before numbers were stored: `zhibiao serve` numbers its tasks as
    /// an import now would, once, audited; a task made by hand keeps its place.
    #[test]
    fn tasks_imported_before_numbers_are_numbered_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("t.db");
        let sqlite = crate::store::sqlite::SqliteStore::open(&db).unwrap();
        let store: &dyn Store = &sqlite;
        let admin = Actor::system("test");
        let jiangmen = include_bytes!("../../../../tests/data/jiangmen-2023.txt");
        let r = import_bytes(store, &admin, jiangmen, "jiangmen-2023.txt").unwrap();
        let all = || store.commitments(&Filter::default()).unwrap();
        let numbered: Vec<(i64, String)> = all().into_iter().map(|c| (c.id, c.number)).collect();
        assert_eq!(numbered.len(), 10);
        store
            .create_commitment(
                &admin,
                &crate::store::NewCommitment {
                    report_id: r.id,
                    title: "手工添加的任务".into(),
                    section: String::new(),
                    lead_department_id: None,
                    co_department_ids: vec![],
                    deadline: None,
                    priority: 2,
                },
            )
            .unwrap();
        let raw = rusqlite::Connection::open(&db).unwrap();
        raw.execute("UPDATE commitments SET number = ''", [])
            .unwrap();
        // One task still has its number: it is not given to another.
        raw.execute(
            "UPDATE commitments SET number = ?1 WHERE id = ?2",
            rusqlite::params![numbered[3].1, numbered[3].0],
        )
        .unwrap();
        assert!(all().iter().filter(|c| c.number.is_empty()).count() == 10);
        let audit = store.audit_count().unwrap();
        assert_eq!(backfill_numbers(store, &admin).unwrap(), 9);
        let after = all();
        for (id, number) in &numbered {
            let c = after.iter().find(|c| c.id == *id).unwrap();
            assert_eq!(&c.number, number);
        }
        let by_hand = after.iter().find(|c| c.quote_len == 0).unwrap();
        assert_eq!(
            (by_hand.number.as_str(), by_hand.display_number()),
            ("", "11".to_string())
        );
        assert_eq!(store.audit_count().unwrap(), audit + 1);
        assert_eq!(store.audit(1, 0).unwrap()[0].action, "number");
        // Again: nothing to do.
        assert_eq!(backfill_numbers(store, &admin).unwrap(), 0);
        assert_eq!(store.audit_count().unwrap(), audit + 1);
        assert_eq!(store.verify_audit().unwrap(), None);
    }

    #[test]
    fn names_come_from_the_stem_only() {
        assert_eq!(doc_name("jiangmen-2023.txt"), "jiangmen-2023");
        assert_eq!(doc_name("../../etc/passwd"), "passwd");
        assert_eq!(doc_name("C:\\x\\报告.docx"), "报告");
        assert_eq!(doc_name(".txt"), ".txt");
        assert_eq!(doc_name(""), "report");
    }
}
