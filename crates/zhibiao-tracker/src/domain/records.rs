//! The tracker's records: who acts (users, roles, sessions), departments, reports,
//! commitments, updates with their evidence, audit entries, and what is given to make or
//! change them. Plain data; `crate::store` keeps them and re-exports them.

use serde::Serialize;
use utoipa::ToSchema;
use zhibiao_core::outline::Outline;
use zhibiao_core::Fact;

use crate::domain::commitments::{Draft, Target};
use crate::domain::rating::Suggestion;
use crate::domain::{Rating, State};

/// Who makes a change, for the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Option<i64>,
    pub name: String,
    /// `Some("api")` when the action came with an API token (recorded in the audit log, so
    /// that what a token did is never taken for the person's own action on the web pages).
    pub via: Option<&'static str>,
}

impl Actor {
    /// A change made from the command line (`zhibiao import`, `zhibiao user add`).
    pub fn system(what: &str) -> Actor {
        Actor {
            user_id: None,
            name: what.to_string(),
            via: None,
        }
    }
}

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything.
    Admin,
    /// Records progress on the commitments of their own department.
    Editor,
    /// Reads everything.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Editor, Role::Viewer];

    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Viewer => "viewer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "管理员",
            Role::Editor => "填报员",
            Role::Viewer => "查看者",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub department_id: Option<i64>,
    pub department: Option<String>,
    pub disabled: bool,
    pub has_token: bool,
    pub version: i64,
    pub created_at: i64,
    /// Where the department's 催办 are e-mailed (with an SMTP relay configured).
    pub email: Option<String>,
}

pub struct NewUser {
    pub name: String,
    pub password_hash: String,
    pub role: Role,
    pub department_id: Option<i64>,
}

pub struct UserEdit {
    pub role: Role,
    pub department_id: Option<i64>,
    pub disabled: bool,
    /// A new password's hash, when the password is reset.
    pub password_hash: Option<String>,
}

/// A logged-in user and the CSRF token of the session.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf: String,
    pub expires_at: i64,
}

/// What a session token looks up to.
#[derive(Debug, Clone)]
pub enum SessionLookup {
    Valid(Session),
    /// The session existed but has expired (or its user was disabled).
    Expired,
    Missing,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Department {
    pub id: i64,
    pub name: String,
    pub version: i64,
    pub created_at: i64,
    /// Commitments it leads.
    pub leads: i64,
    /// Commitments it co-operates on.
    pub supports: i64,
    pub users: i64,
}

/// A report as the API lists it (`Report` in the OpenAPI document).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(as = Report)]
pub struct ReportSummary {
    pub id: i64,
    pub name: String,
    pub title: Option<String>,
    pub region: Option<String>,
    pub year: Option<i32>,
    pub format: String,
    pub imported_at: i64,
    pub imported_by: String,
    pub commitments: i64,
    /// Shown to everyone, without a login, at `/public/reports/{id}`.
    pub published: bool,
    /// The name shown for it everywhere: region, year and title (江门市 2023年政府工作报告), so
    /// that reports of several places and years can be told apart ([`report_label`]).
    pub label: String,
}

/// A report's name as shown: its region and year before its title (or, without one, its file
/// name), each left out when unknown or already in the title: `江门市 2023年政府工作报告`.
pub fn report_label(
    region: Option<&str>,
    year: Option<i32>,
    title: Option<&str>,
    name: &str,
) -> String {
    let title = title
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(name.trim());
    let mut out = String::new();
    if let Some(r) = region
        .map(str::trim)
        .filter(|r| !r.is_empty() && !title.contains(r))
    {
        out.push_str(r);
        out.push(' ');
    }
    if let Some(y) = year.filter(|y| !title.contains(&y.to_string())) {
        out.push_str(&format!("{y}年"));
    }
    out.push_str(title);
    out
}

#[derive(Debug, Clone)]
pub struct Report {
    pub summary: ReportSummary,
    pub text: String,
    pub facts: Vec<Fact>,
    /// Its paragraphs as the core laid them out at import (empty for a report imported before
    /// outlines were stored, until `zhibiao serve` fills them in).
    pub outline: Outline,
}

/// A report ready to be stored with its commitments, and any ratings its outcomes suggest for
/// the commitments of the year before.
pub struct NewReport {
    pub name: String,
    pub title: Option<String>,
    pub region: Option<String>,
    pub year: Option<i32>,
    pub sha256: String,
    pub format: String,
    pub text: String,
    pub facts: Vec<Fact>,
    pub outline: Outline,
    pub drafts: Vec<Draft>,
    pub start_date: String,
    pub deadline: String,
    pub suggestions: Vec<Suggestion>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DeptRef {
    pub id: i64,
    pub name: String,
}

/// A commitment as stored (`CommitmentRecord` in the OpenAPI document; the API answers it with
/// what the pages add, `crate::views::CommitmentJson`).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
#[schema(as = CommitmentRecord)]
pub struct Commitment {
    pub id: i64,
    pub report_id: i64,
    pub report_name: String,
    pub report_year: Option<i32>,
    pub seq: i64,
    /// 序号 in the division of the plan (三、（一）2.); empty for a commitment made by hand.
    pub number: String,
    pub section: String,
    pub title: String,
    /// The source sentence; `quote_len` 0 when the commitment was made by hand.
    pub quote: String,
    pub quote_offset: i64,
    pub quote_len: i64,
    pub lead_department_id: Option<i64>,
    pub lead_department: Option<String>,
    pub co_departments: Vec<DeptRef>,
    #[schema(format = Date)]
    pub start_date: String,
    /// The office set `start_date` itself; otherwise health counts from `assigned_on`.
    pub start_set: bool,
    /// The day the task was given its (current) lead department.
    #[schema(format = Date)]
    pub assigned_on: Option<String>,
    #[schema(format = Date)]
    pub deadline: String,
    /// 1 (highest), 2 or 3.
    #[schema(minimum = 1, maximum = 3)]
    pub priority: i64,
    pub state: State,
    /// Percent done, 0 … 100.
    pub percent: Option<f64>,
    pub current_value: Option<f64>,
    #[schema(format = Date)]
    pub last_update: Option<String>,
    pub rating: Option<Rating>,
    pub rating_suggested: Option<Rating>,
    pub rating_note: String,
    pub version: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub targets: Vec<Target>,
    pub updates: i64,
}

impl Commitment {
    /// The day its health counts from ([`crate::domain::workflow::health_start`]).
    pub fn health_start(&self, today: chrono::NaiveDate) -> chrono::NaiveDate {
        crate::domain::workflow::health_start(
            &self.start_date,
            self.start_set,
            self.assigned_on.as_deref(),
            today,
        )
    }

    /// The one number shown for the task everywhere: its 序号 in the division, or for a
    /// commitment made by hand its place in the report.
    pub fn display_number(&self) -> String {
        if self.number.is_empty() {
            self.seq.to_string()
        } else {
            self.number.clone()
        }
    }

    /// Whether a department leads or co-operates on this commitment.
    pub fn involves(&self, department_id: i64) -> bool {
        self.lead_department_id == Some(department_id)
            || self.co_departments.iter().any(|d| d.id == department_id)
    }
}

/// A commitment made by hand (from the API or the list page).
pub struct NewCommitment {
    pub report_id: i64,
    pub title: String,
    pub section: String,
    pub lead_department_id: Option<i64>,
    pub co_department_ids: Vec<i64>,
    pub deadline: Option<String>,
    pub priority: i64,
}

pub struct CommitmentEdit {
    pub title: String,
    pub section: String,
    pub lead_department_id: Option<i64>,
    pub co_department_ids: Vec<i64>,
    pub deadline: String,
    pub priority: i64,
    pub state: State,
    /// A start date the office sets (health counts from it); `None`: from the assignment.
    pub start_date: Option<String>,
    /// 已完成 below 100% accepted explicitly by the office.
    pub state_override: bool,
}

/// What a bulk assignment sets on each commitment it is given; `None` (or no supporting
/// departments) leaves that field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Assignment {
    pub lead_department_id: Option<i64>,
    pub co_department_ids: Vec<i64>,
    /// `YYYY-MM-DD`.
    pub deadline: Option<String>,
    pub priority: Option<i64>,
}

impl Assignment {
    /// Whether it sets nothing.
    pub fn is_empty(&self) -> bool {
        self.lead_department_id.is_none()
            && self.co_department_ids.is_empty()
            && self.deadline.is_none()
            && self.priority.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Evidence {
    pub id: i64,
    pub update_id: i64,
    pub commitment_id: i64,
    #[serde(skip)]
    pub stored_name: String,
    pub file_name: String,
    pub mime: String,
    pub size: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Update {
    pub id: i64,
    pub commitment_id: i64,
    pub author_name: String,
    #[schema(format = Date)]
    pub date: String,
    pub value: Option<f64>,
    pub percent: Option<f64>,
    pub state: State,
    pub narrative: String,
    pub link: Option<String>,
    pub created_at: i64,
    pub evidence: Option<Evidence>,
}

#[derive(Debug, Clone)]
pub struct NewEvidence {
    pub stored_name: String,
    pub file_name: String,
    pub mime: String,
    pub size: i64,
    pub sha256: String,
}

#[derive(Debug, Clone)]
pub struct NewUpdate {
    pub date: String,
    pub value: Option<f64>,
    /// Percent done as reported, or computed from the value against the target.
    pub percent: Option<f64>,
    pub state: State,
    pub narrative: String,
    pub link: Option<String>,
    pub evidence: Option<NewEvidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub user_name: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub hash: String,
    /// `Some("api")`: done with an API token.
    pub via: Option<String>,
}

/// What else an update does, beyond recording progress.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateOptions {
    /// 已完成 below 100%, accepted explicitly by the office.
    pub state_override: bool,
    /// A department reports the task done: it stays open and a 办结 request with this reason
    /// goes to the office, which confirms it.
    pub close_request: Option<String>,
    /// The update answers the task's open 催办 (one made by its department).
    pub answers_reminders: bool,
}

/// Why the office presses a department (催办).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReminderReason {
    DueSoon,
    Overdue,
    Silent,
    Other,
}

impl ReminderReason {
    pub const ALL: [ReminderReason; 4] = [
        ReminderReason::DueSoon,
        ReminderReason::Overdue,
        ReminderReason::Silent,
        ReminderReason::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ReminderReason::DueSoon => "due_soon",
            ReminderReason::Overdue => "overdue",
            ReminderReason::Silent => "silent",
            ReminderReason::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReminderReason::DueSoon => "临近截止",
            ReminderReason::Overdue => "已逾期",
            ReminderReason::Silent => "长期未报送",
            ReminderReason::Other => "其他",
        }
    }

    pub fn parse(s: &str) -> Option<ReminderReason> {
        ReminderReason::ALL.into_iter().find(|r| r.key() == s)
    }
}

/// A 催办 sent to a department about a task.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reminder {
    pub id: i64,
    pub commitment_id: i64,
    /// The task's 序号 and title, for lists.
    pub number: String,
    pub title: String,
    pub department_id: Option<i64>,
    pub department: Option<String>,
    pub reason: ReminderReason,
    pub reason_label: &'static str,
    pub message: String,
    pub sent_by_name: String,
    pub sent_at: i64,
    pub read_at: Option<i64>,
    /// When the department's next update of the task answered it.
    pub answered_at: Option<i64>,
    pub mailed_to: Option<String>,
}

/// A department's request about its task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// 延期: a later deadline.
    Extension,
    /// 办结: the task is done; the office confirms.
    Close,
}

impl RequestKind {
    pub fn key(self) -> &'static str {
        match self {
            RequestKind::Extension => "extension",
            RequestKind::Close => "close",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RequestKind::Extension => "延期申请",
            RequestKind::Close => "办结申请",
        }
    }

    pub fn parse(s: &str) -> Option<RequestKind> {
        [RequestKind::Extension, RequestKind::Close]
            .into_iter()
            .find(|k| k.key() == s)
    }
}

/// A request and, once made, the office's decision.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Request {
    pub id: i64,
    pub commitment_id: i64,
    pub number: String,
    pub title: String,
    pub department: Option<String>,
    pub kind: RequestKind,
    pub kind_label: &'static str,
    pub reason: String,
    pub old_deadline: Option<String>,
    pub new_deadline: Option<String>,
    pub requested_by_name: String,
    pub requested_at: i64,
    /// `Some(true)` approved, `Some(false)` refused, `None` waiting.
    pub approved: Option<bool>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<i64>,
    pub note: String,
}

/// A dated step of a task (阶段性节点).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Milestone {
    pub id: i64,
    pub commitment_id: i64,
    pub title: String,
    pub due: String,
    pub done_on: Option<String>,
}

/// When the 催办 page lists a task: due within `due_soon_days`, or no update for
/// `silent_days`; overdue tasks always.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Thresholds {
    pub due_soon_days: i64,
    pub silent_days: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            due_soon_days: 14,
            silent_days: 30,
        }
    }
}
