//! What the standings are computed from: the update history (one light row per update) and
//! the 催办 reminders sent and answered.

use std::collections::HashMap;

use super::{params, Backend, Row, R};
use crate::domain::State;
use crate::store::{HistoryPoint, HistoryStore, Result};

fn point(r: &Row) -> R<HistoryPoint> {
    let state: String = r.get(3)?;
    Ok(HistoryPoint {
        commitment_id: r.get(0)?,
        date: r.get(1)?,
        percent: r.get(2)?,
        state: State::parse(&state).unwrap_or(State::InProgress),
    })
}

impl<B: Backend> HistoryStore for B {
    fn update_history(&self) -> Result<Vec<HistoryPoint>> {
        self.read(|tx| {
            tx.query(
                "SELECT commitment_id, date, percent, state FROM updates
                 ORDER BY commitment_id, date COLLATE \"C\", id",
                &[],
            )?
            .iter()
            .map(point)
            .collect()
        })
    }

    fn reminder_counts(&self, from: i64, to: i64) -> Result<HashMap<i64, (i64, i64)>> {
        self.read(|tx| {
            tx.query(
                "SELECT commitment_id, COUNT(*), COUNT(CASE WHEN answered_at < ?2 THEN 1 END)
                 FROM reminders WHERE sent_at >= ?1 AND sent_at < ?2 GROUP BY commitment_id",
                params![from, to],
            )?
            .iter()
            .map(|r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
            .collect()
        })
    }
}
