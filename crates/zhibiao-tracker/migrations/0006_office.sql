-- The 督查室's workflow (issue 13): who acted through an API token, when a task's clock
-- starts, 催办 reminders, requests (deadline extensions, 办结) and milestones.

-- 'api' when the action came with an API token; NULL on the web pages and the command line.
-- Hashed into the audit chain only when set, so entries written before still verify.
ALTER TABLE audit_log ADD COLUMN via TEXT;

-- Health counts from the task's assignment (the day it first got a lead department), or from
-- a start date the office set itself (start_set = 1), not from 1 January of the report year.
ALTER TABLE commitments ADD COLUMN assigned_on TEXT;
ALTER TABLE commitments ADD COLUMN start_set INTEGER NOT NULL DEFAULT 0;
UPDATE commitments SET assigned_on = start_date WHERE lead_department_id IS NOT NULL;

-- An update whose state and progress disagree (已完成 below 100%), accepted because the
-- office said so explicitly.
ALTER TABLE updates ADD COLUMN state_override INTEGER NOT NULL DEFAULT 0;

-- 催办: the office presses a department about a task. Answered by the department's next
-- update of that task; read when the department has seen it.
CREATE TABLE reminders (
    id             INTEGER PRIMARY KEY,
    commitment_id  INTEGER NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    department_id  INTEGER REFERENCES departments(id) ON DELETE SET NULL,
    reason         TEXT NOT NULL CHECK (reason IN ('due_soon', 'overdue', 'silent', 'other')),
    message        TEXT NOT NULL,
    sent_by        INTEGER,
    sent_by_name   TEXT NOT NULL,
    sent_at        INTEGER NOT NULL,
    read_at        INTEGER,
    answered_at    INTEGER,
    update_id      INTEGER REFERENCES updates(id) ON DELETE SET NULL,
    mailed_to      TEXT
);
CREATE INDEX reminders_commitment ON reminders(commitment_id, sent_at);
CREATE INDEX reminders_department ON reminders(department_id, answered_at);

-- A department's request about its task: a later deadline (延期) or closing it (办结); the
-- office approves or refuses. The old deadline stays here, the task's history.
CREATE TABLE requests (
    id                 INTEGER PRIMARY KEY,
    commitment_id      INTEGER NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    kind               TEXT NOT NULL CHECK (kind IN ('extension', 'close')),
    reason             TEXT NOT NULL,
    old_deadline       TEXT,
    new_deadline       TEXT,
    requested_by       INTEGER,
    requested_by_name  TEXT NOT NULL,
    requested_at       INTEGER NOT NULL,
    decision           TEXT CHECK (decision IN ('approved', 'refused')),
    decided_by_name    TEXT,
    decided_at         INTEGER,
    note               TEXT NOT NULL DEFAULT ''
);
CREATE INDEX requests_commitment ON requests(commitment_id, requested_at);
CREATE INDEX requests_open ON requests(decision, kind);

-- 阶段性节点: dated steps of a task, each done or not.
CREATE TABLE milestones (
    id             INTEGER PRIMARY KEY,
    commitment_id  INTEGER NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    title          TEXT NOT NULL,
    due            TEXT NOT NULL,
    done_on        TEXT,
    created_at     INTEGER NOT NULL
);
CREATE INDEX milestones_commitment ON milestones(commitment_id, due);

-- The office's settings (催办 thresholds), one value per key.
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- Where a department's 催办 are e-mailed, when the tracker has an SMTP relay.
ALTER TABLE users ADD COLUMN email TEXT;
