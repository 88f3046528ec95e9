//! Storage behind traits: what the handlers need, whatever holds it. The traits are implemented
//! once, in `store::sql`, for every backend: [`sqlite`] (one file) and [`postgres`] (a shared server,
//! for several tracker processes), which only connect and run transactions. The records they
//! keep are `crate::domain::records`, re-exported here.
//!
//! Every state-changing method runs in one transaction, checks the `version` it is given
//! (optimistic concurrency: [`StoreError::Conflict`] when someone saved first) and appends one
//! audit entry per change in that same transaction, so a change and its audit record land
//! together or not at all.

mod audit_hash;
pub mod postgres;
pub(crate) mod sql;
pub mod sqlite;

pub(crate) use audit_hash::chain_hash;

use std::collections::HashMap;
use std::fmt;

use crate::domain::{Rating, State};

pub type Result<T> = std::result::Result<T, StoreError>;

/// The schema migrations, by name, in the order they run, as `(name, SQL)` for one backend:
/// `migrations!("")` reads `migrations/NAME.sql` (SQLite), `migrations!("postgres/")` reads
/// `migrations/postgres/NAME.sql`. Both backends run the same list: adding a migration is adding
/// its name here and writing its two files (the build fails while one is missing).
macro_rules! migrations {
    ($dir:literal) => {
        migrations!(@list $dir; "0001_init", "0002_published", "0003_login_failures", "0004_task_number", "0005_evidence_data", "0006_office", "0007_report_outline")
    };
    (@list $dir:literal; $($name:literal),+ $(,)?) => {
        &[$((
            $name,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/", $dir, $name, ".sql")),
        )),+]
    };
}
pub(crate) use migrations;

/// A JSON snapshot of a value for the audit log.
pub(crate) fn snapshot<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}

/// Why a store operation failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreError {
    /// The entity does not exist (any more).
    NotFound,
    /// The entity changed since the caller read it: its version is not the one given.
    Conflict,
    /// A unique value is taken (a name, a report already imported).
    Duplicate,
    /// Refused by a rule; the message says which, in words for the user.
    Invalid(String),
    /// The database failed. The message is for the log, never for the user.
    Internal(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotFound => write!(f, "not found"),
            StoreError::Conflict => write!(f, "changed by someone else"),
            StoreError::Duplicate => write!(f, "already exists"),
            StoreError::Invalid(m) => write!(f, "{m}"),
            StoreError::Internal(m) => write!(f, "database error: {m}"),
        }
    }
}

impl std::error::Error for StoreError {}

pub use crate::domain::records::*;

/// Which commitments to list. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub report_id: Option<i64>,
    /// Led by or co-operated on by this department.
    pub department_id: Option<i64>,
    pub state: Option<State>,
    pub priority: Option<i64>,
    pub section: Option<String>,
    /// Words searched in title, quote and section.
    pub q: Option<String>,
}

pub trait UserStore {
    fn user_count(&self) -> Result<i64>;
    fn users(&self) -> Result<Vec<User>>;
    fn user(&self, id: i64) -> Result<User>;
    /// The user of a name and the hash of their password.
    fn login_lookup(&self, name: &str) -> Result<Option<(User, String)>>;
    fn create_user(&self, actor: &Actor, new: &NewUser) -> Result<i64>;
    fn edit_user(&self, actor: &Actor, id: i64, version: i64, edit: &UserEdit) -> Result<()>;
    /// Sets (or with `None` revokes) the hash of a user's API token.
    fn set_token(&self, actor: &Actor, id: i64, token_hash: Option<&str>) -> Result<()>;
    /// The address a user's 催办 are e-mailed to, or none.
    fn set_email(&self, actor: &Actor, id: i64, email: Option<&str>) -> Result<()>;
    fn user_by_token(&self, token_hash: &str) -> Result<Option<User>>;
    fn create_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<()>;
    fn session(&self, token_hash: &str, now: i64) -> Result<SessionLookup>;
    fn delete_session(&self, token_hash: &str) -> Result<()>;
    /// A login attempt at `now`, for each `(key, limit)`: refused (`false`, nothing counted)
    /// when some key already has `limit` attempts at or after `since`; else counted against
    /// every key (`true`), in one transaction, so that attempts made at once, by any process,
    /// cannot all pass before one has failed. Forgets attempts older than `since`.
    fn login_attempt(&self, keys: &[(String, usize)], now: i64, since: i64) -> Result<bool>;
    /// A login succeeded: the attempts of `cleared` are forgotten, and the last attempt of
    /// each key in `taken_back` is taken back.
    fn login_succeeded(&self, cleared: &str, taken_back: &[String]) -> Result<()>;
}

pub trait DepartmentStore {
    fn departments(&self) -> Result<Vec<Department>>;
    fn department(&self, id: i64) -> Result<Department>;
    fn create_department(&self, actor: &Actor, name: &str) -> Result<i64>;
    fn rename_department(&self, actor: &Actor, id: i64, version: i64, name: &str) -> Result<()>;
    /// Refused ([`StoreError::Invalid`]) while users belong to it.
    fn delete_department(&self, actor: &Actor, id: i64, version: i64) -> Result<()>;
}

pub trait ReportStore {
    fn reports(&self) -> Result<Vec<ReportSummary>>;
    fn report(&self, id: i64) -> Result<Report>;
    /// The report already imported with these bytes, if any.
    fn report_by_sha256(&self, sha256: &str) -> Result<Option<ReportSummary>>;
    /// Publishes (or withdraws) a report's public page.
    fn set_published(&self, actor: &Actor, id: i64, published: bool) -> Result<()>;
    /// Stores a report, its commitments and the suggested ratings, all or nothing.
    fn import_report(&self, actor: &Actor, new: &NewReport) -> Result<i64>;
    /// The reports stored without an outline (imported before migration 0007).
    fn reports_without_outline(&self) -> Result<Vec<i64>>;
    /// Stores the outline of a report that has none (derived data: not audited).
    fn set_outline(&self, id: i64, outline: &zhibiao_core::outline::Outline) -> Result<()>;
}

pub trait CommitmentStore {
    /// A number that changes whenever anything stored changes (by this process or another
    /// one), so that views computed from the data can be cached; `None` when the store cannot
    /// tell, and nothing is cached.
    fn generation(&self) -> Result<Option<u64>> {
        Ok(None)
    }
    fn commitments(&self, filter: &Filter) -> Result<Vec<Commitment>>;
    fn commitment(&self, id: i64) -> Result<Commitment>;
    fn create_commitment(&self, actor: &Actor, new: &NewCommitment) -> Result<i64>;
    fn edit_commitment(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        edit: &CommitmentEdit,
    ) -> Result<()>;
    /// Deletes a commitment with its updates; returns the stored names of its evidence files.
    fn delete_commitment(&self, actor: &Actor, id: i64, version: i64) -> Result<Vec<String>>;
    /// Moves `other` into `keep`: titles joined, targets, updates and departments moved over.
    fn merge_commitments(&self, actor: &Actor, keep: (i64, i64), other: (i64, i64)) -> Result<()>;
    /// Splits a commitment in two: it keeps `title_a`, a new one gets `title_b`. With `at`
    /// (a char offset into the quote where one of its sentences starts, see
    /// [`crate::domain::commitments::sentence_starts`]) the quote is cut there: the sentences
    /// from `at` on and the targets quoted in them go to the new one; without it, both keep
    /// the whole quote and the targets quoted in `title_b` move. The new one is numbered after
    /// the old (三、（一）2. → 三、（一）2.之二). Returns the new commitment's id.
    fn split_commitment(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        title_a: &str,
        title_b: &str,
        at: Option<usize>,
    ) -> Result<i64>;
    /// Assigns many commitments at once, each `(id, version)` checked, all or nothing, one
    /// audit entry (`assign`) per commitment. Returns how many changed.
    fn assign_commitments(
        &self,
        actor: &Actor,
        items: &[(i64, i64)],
        assignment: &Assignment,
    ) -> Result<usize>;
    /// Sets the 序号 of commitments of one report that have none (imported before numbers
    /// were stored), one audit entry (`number`, on the report) for them all; a commitment that
    /// has a number keeps it. Returns how many were set.
    fn set_numbers(
        &self,
        actor: &Actor,
        report_id: i64,
        numbers: &[(i64, String)],
    ) -> Result<usize>;
    /// Per commitment among `ids`, its latest update's date and narrative.
    fn latest_narratives(&self, ids: &[i64]) -> Result<HashMap<i64, (String, String)>> {
        let mut out = HashMap::new();
        for &id in ids {
            if let Some(u) = self.updates(id)?.into_iter().next() {
                out.insert(id, (u.date, u.narrative));
            }
        }
        Ok(out)
    }
    fn confirm_rating(
        &self,
        actor: &Actor,
        id: i64,
        version: i64,
        rating: Option<Rating>,
    ) -> Result<()>;
    fn updates(&self, commitment_id: i64) -> Result<Vec<Update>>;
    /// Records an update (its evidence file, if any, kept outside the database).
    fn add_update(
        &self,
        actor: &Actor,
        commitment_id: i64,
        version: i64,
        new: &NewUpdate,
    ) -> Result<i64> {
        self.add_update_with_data(actor, commitment_id, version, new, None)
    }
    /// [`CommitmentStore::add_update`], with `data`: the evidence file's bytes, kept in the
    /// database in the same transaction (they must match the evidence's size and SHA-256).
    fn add_update_with_data(
        &self,
        actor: &Actor,
        commitment_id: i64,
        version: i64,
        new: &NewUpdate,
        data: Option<&[u8]>,
    ) -> Result<i64> {
        let opts = UpdateOptions::default();
        self.submit_update(actor, commitment_id, version, new, data, &opts)
    }
    /// [`CommitmentStore::add_update_with_data`] with what else the update does, all in one
    /// transaction: the office's override of 已完成 below 100%, a 办结 request, answering the
    /// task's open 催办.
    fn submit_update(
        &self,
        actor: &Actor,
        commitment_id: i64,
        version: i64,
        new: &NewUpdate,
        data: Option<&[u8]>,
        opts: &UpdateOptions,
    ) -> Result<i64>;
    fn evidence(&self, id: i64) -> Result<Evidence>;
    /// The bytes of an evidence file kept in the database; `None` when it is a file in the
    /// files directory.
    fn evidence_data(&self, id: i64) -> Result<Option<Vec<u8>>>;
    /// At most `len` bytes of an evidence file kept in the database, from byte `offset`
    /// (empty past its end); `None` when it is a file in the files directory. For streaming
    /// a download without holding the whole file.
    fn evidence_chunk(&self, id: i64, offset: u64, len: u32) -> Result<Option<Vec<u8>>>;
    /// Per commitment, its evidence: file names and links, newest first.
    fn evidence_summary(&self) -> Result<HashMap<i64, Vec<String>>>;
}

/// Which audit entries to list. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Made by this user.
    pub user_id: Option<i64>,
    /// Concerning this department: made by its users, about the department itself, or about a
    /// task it leads or co-operates on now.
    pub department_id: Option<i64>,
    /// Of this action code.
    pub action: Option<String>,
    /// Made at or after this time (Unix seconds) …
    pub from: Option<i64>,
    /// … and before this one.
    pub until: Option<i64>,
}

pub trait AuditStore {
    /// The newest entries first; a negative limit is none.
    fn audit(&self, limit: i64, offset: i64) -> Result<Vec<AuditEntry>>;
    fn audit_count(&self) -> Result<i64>;
    /// The entries a filter keeps, newest first (a negative limit is none), and how many it
    /// keeps in all, read together.
    fn audit_find(
        &self,
        filter: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<AuditEntry>, i64)>;
    /// Checks the hash chain; the id of the first entry that does not match, if any.
    fn verify_audit(&self) -> Result<Option<i64>>;
}

/// The 督查室's workflow: 催办 reminders, requests (延期, 办结) and their decisions,
/// milestones, the office's thresholds. Every change is audited.
pub trait OfficeStore {
    /// Sends a 催办 about a task to its lead department; its id.
    fn remind(
        &self,
        actor: &Actor,
        commitment_id: i64,
        reason: ReminderReason,
        message: &str,
    ) -> Result<i64>;
    /// Records where a reminder was e-mailed.
    fn reminder_mailed(&self, id: i64, to: &str) -> Result<()>;
    /// The reminders of a task, newest first.
    fn reminders_of(&self, commitment_id: i64) -> Result<Vec<Reminder>>;
    /// The reminders sent to a department, newest first (`open`: not answered yet).
    fn department_reminders(&self, department_id: i64, open: bool) -> Result<Vec<Reminder>>;
    /// The department has seen its reminders.
    fn mark_reminders_read(&self, department_id: i64) -> Result<()>;
    /// Every reminder, newest first, at most `limit`.
    fn all_reminders(&self, limit: i64) -> Result<Vec<Reminder>>;
    /// A request about a task by its department; its id.
    fn request(
        &self,
        actor: &Actor,
        commitment_id: i64,
        kind: RequestKind,
        reason: &str,
        new_deadline: Option<&str>,
    ) -> Result<i64>;
    /// The requests of a task, newest first.
    fn requests_of(&self, commitment_id: i64) -> Result<Vec<Request>>;
    /// Requests waiting for the office, oldest first.
    fn open_requests(&self) -> Result<Vec<Request>>;
    /// The office approves or refuses a request: an approved 延期 moves the deadline (the old
    /// one stays in the request), an approved 办结 makes the task 已完成 at 100%.
    fn decide(&self, actor: &Actor, request_id: i64, approve: bool, note: &str) -> Result<()>;
    fn milestones_of(&self, commitment_id: i64) -> Result<Vec<Milestone>>;
    /// Milestones of every task, by task.
    fn all_milestones(&self) -> Result<HashMap<i64, Vec<Milestone>>>;
    fn add_milestone(
        &self,
        actor: &Actor,
        commitment_id: i64,
        title: &str,
        due: &str,
    ) -> Result<i64>;
    /// Marks a milestone done on `done_on`, or not done (`None`).
    fn set_milestone(&self, actor: &Actor, id: i64, done_on: Option<&str>) -> Result<()>;
    fn delete_milestone(&self, actor: &Actor, id: i64) -> Result<()>;
    fn milestone(&self, id: i64) -> Result<Milestone>;
    fn request_by_id(&self, id: i64) -> Result<Request>;
    fn thresholds(&self) -> Result<Thresholds>;
    fn set_thresholds(&self, actor: &Actor, t: &Thresholds) -> Result<()>;
}

/// The history the standings are computed from (`crate::domain::standings`).
pub trait HistoryStore {
    /// Every update's commitment, date, percent and state, by commitment, then date, then id.
    fn update_history(&self) -> Result<Vec<HistoryPoint>>;
    /// Per commitment, the 催办 reminders sent at `from` ≤ `sent_at` < `to` (Unix seconds),
    /// and how many of those were answered before `to`.
    fn reminder_counts(&self, from: i64, to: i64) -> Result<HashMap<i64, (i64, i64)>>;
}

pub use crate::domain::standings::HistoryPoint;

/// Everything the tracker stores.
pub trait Store:
    UserStore
    + DepartmentStore
    + ReportStore
    + CommitmentStore
    + AuditStore
    + HistoryStore
    + OfficeStore
    + Send
    + Sync
{
}

impl<T> Store for T where
    T: UserStore
        + DepartmentStore
        + ReportStore
        + CommitmentStore
        + AuditStore
        + HistoryStore
        + OfficeStore
        + Send
        + Sync
{
}

#[cfg(test)]
pub(crate) mod tests;
