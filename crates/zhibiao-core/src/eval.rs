//! Scoring predictions against a gold file, as `tests/data/spec/facts.md` (Scoring) says.
