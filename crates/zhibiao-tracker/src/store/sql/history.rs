//! The update history the standings are computed from: one light row per update.

use super::{Backend, Row, R};
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
}
