//! Reports and their import.

use super::commitments::{insert_commitment, load_one, Insert};
use super::{audit, params, Backend, Conn, Row, R};
use crate::store::{
    report_label, snapshot, Actor, NewReport, Report, ReportStore, ReportSummary, Result,
    StoreError,
};
use crate::util::now;
use zhibiao_core::outline::Outline;

const SUMMARY_SQL: &str =
    "SELECT r.id, r.name, r.title, r.region, r.year, r.format, r.imported_at, r.imported_by,
    (SELECT COUNT(*) FROM commitments c WHERE c.report_id = r.id), r.published FROM reports r";

fn summary_row(r: &Row) -> R<ReportSummary> {
    let (name, title, region, year): (String, Option<String>, Option<String>, Option<i32>) =
        (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
    Ok(ReportSummary {
        id: r.get(0)?,
        label: report_label(region.as_deref(), year, title.as_deref(), &name),
        name,
        title,
        region,
        year,
        format: r.get(5)?,
        imported_at: r.get(6)?,
        imported_by: r.get(7)?,
        commitments: r.get(8)?,
        published: r.get(9)?,
    })
}

fn summary(tx: &mut dyn Conn, id: i64) -> R<ReportSummary> {
    summary_row(&tx.one(&format!("{SUMMARY_SQL} WHERE r.id = ?1"), params![id])?)
}

impl<B: Backend> ReportStore for B {
    fn reports(&self) -> Result<Vec<ReportSummary>> {
        self.read(|tx| {
            // NULLS LAST: where SQLite puts a report of unknown year when sorting descending.
            tx.query(
                &format!("{SUMMARY_SQL} ORDER BY r.year DESC NULLS LAST, r.id DESC"),
                &[],
            )?
            .iter()
            .map(summary_row)
            .collect()
        })
    }

    fn report(&self, id: i64) -> Result<Report> {
        self.read(|tx| {
            let summary = summary(tx, id)?;
            let r = tx.one(
                "SELECT text, facts_json, outline_json FROM reports WHERE id = ?1",
                params![id],
            )?;
            let (text, facts, outline): (String, String, String) =
                (r.get(0)?, r.get(1)?, r.get(2)?);
            let facts = serde_json::from_str(&facts)
                .map_err(|e| StoreError::Internal(format!("facts of report {id}: {e}")))?;
            let outline = if outline.is_empty() {
                Outline::default()
            } else {
                serde_json::from_str(&outline)
                    .map_err(|e| StoreError::Internal(format!("outline of report {id}: {e}")))?
            };
            Ok(Report {
                summary,
                text,
                facts,
                outline,
            })
        })
    }

    fn set_published(&self, actor: &Actor, id: i64, published: bool) -> Result<()> {
        self.write(|tx| {
            let before = summary(tx, id)?;
            tx.execute(
                "UPDATE reports SET published = ?1 WHERE id = ?2",
                params![published, id],
            )?;
            let after = summary(tx, id)?;
            let action = if published { "publish" } else { "unpublish" };
            audit(
                tx,
                actor,
                action,
                "report",
                Some(id),
                Some(&snapshot(&before)),
                Some(&snapshot(&after)),
            )?;
            Ok(())
        })
    }

    fn report_by_sha256(&self, sha256: &str) -> Result<Option<ReportSummary>> {
        self.read(|tx| {
            tx.opt(
                &format!("{SUMMARY_SQL} WHERE r.sha256 = ?1"),
                params![sha256],
            )?
            .as_ref()
            .map(summary_row)
            .transpose()
        })
    }

    fn import_report(&self, actor: &Actor, new: &NewReport) -> Result<i64> {
        let facts = serde_json::to_string(&new.facts)
            .map_err(|e| StoreError::Internal(format!("facts: {e}")))?;
        let outline = outline_json(&new.outline)?;
        self.write(|tx| {
            let report_id: i64 = tx.value(
                    "INSERT INTO reports (name, title, region, year, sha256, format, text, facts_json, outline_json, imported_at, imported_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
                    params![
                        new.name, new.title, new.region, new.year, new.sha256, new.format,
                        new.text, facts, outline, now(), actor.name,
                    ],
                )?;
            for d in &new.drafts {
                insert_commitment(
                    tx,
                    &Insert {
                        report_id,
                        seq: d.seq as i64,
                        number: &d.number,
                        section: &d.section,
                        title: &d.title,
                        quote: &d.quote,
                        quote_offset: d.offset as i64,
                        quote_len: d.len as i64,
                        lead_department_id: None,
                        co_department_ids: &[],
                        start_date: &new.start_date,
                        deadline: &new.deadline,
                        priority: if d.targets.is_empty() { 2 } else { 1 },
                        targets: &d.targets,
                    },
                )?;
            }
            let after = summary(tx, report_id)?;
            audit(tx, actor, "import", "report", Some(report_id), None, Some(&snapshot(&after)))?;
            for s in &new.suggestions {
                let before = load_one(tx, s.commitment_id)?;
                tx.execute(
                    "UPDATE commitments SET rating_suggested = ?1, rating_note = ?2, version = version + 1, updated_at = ?3 WHERE id = ?4",
                    params![s.rating.key(), s.note, now(), s.commitment_id],
                )?;
                let after = load_one(tx, s.commitment_id)?;
                audit(
                    tx,
                    actor,
                    "suggest_rating",
                    "commitment",
                    Some(s.commitment_id),
                    Some(&snapshot(&before)),
                    Some(&snapshot(&after)),
                )?;
            }
            Ok(report_id)
        })
    }

    fn reports_without_outline(&self) -> Result<Vec<i64>> {
        self.read(|tx| {
            tx.query(
                "SELECT id FROM reports WHERE outline_json = '' ORDER BY id",
                &[],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect()
        })
    }

    fn set_outline(&self, id: i64, outline: &Outline) -> Result<()> {
        let outline = outline_json(outline)?;
        self.write(|tx| {
            tx.execute(
                "UPDATE reports SET outline_json = ?1 WHERE id = ?2",
                params![outline, id],
            )?;
            Ok(())
        })
    }
}

/// An outline as stored: JSON, or empty for none (no paragraph).
fn outline_json(outline: &Outline) -> Result<String> {
    if outline.paragraphs.is_empty() {
        return Ok(String::new());
    }
    serde_json::to_string(outline).map_err(|e| StoreError::Internal(format!("outline: {e}")))
}
