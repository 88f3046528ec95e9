-- The tracker's first schema. Times are Unix seconds (UTC); dates are 'YYYY-MM-DD'.

CREATE TABLE departments (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL
);

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    department_id  INTEGER REFERENCES departments(id) ON DELETE RESTRICT,
    disabled       INTEGER NOT NULL DEFAULT 0,
    token_hash     TEXT UNIQUE,
    version        INTEGER NOT NULL DEFAULT 1,
    created_at     INTEGER NOT NULL
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf        TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE reports (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    title        TEXT,
    region       TEXT,
    year         INTEGER,
    sha256       TEXT NOT NULL UNIQUE,
    format       TEXT NOT NULL,
    text         TEXT NOT NULL,
    facts_json   TEXT NOT NULL,
    imported_at  INTEGER NOT NULL,
    imported_by  TEXT NOT NULL
);

CREATE TABLE commitments (
    id                  INTEGER PRIMARY KEY,
    report_id           INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    seq                 INTEGER NOT NULL,
    section             TEXT NOT NULL DEFAULT '',
    title               TEXT NOT NULL,
    quote               TEXT NOT NULL,
    quote_offset        INTEGER NOT NULL,
    quote_len           INTEGER NOT NULL,
    lead_department_id  INTEGER REFERENCES departments(id) ON DELETE SET NULL,
    start_date          TEXT NOT NULL,
    deadline            TEXT NOT NULL,
    priority            INTEGER NOT NULL DEFAULT 2 CHECK (priority IN (1, 2, 3)),
    state               TEXT NOT NULL DEFAULT 'not_started'
                        CHECK (state IN ('not_started', 'in_progress', 'done', 'failed')),
    percent             REAL,
    current_value       REAL,
    last_update         TEXT,
    rating              TEXT CHECK (rating IN ('kept', 'partly', 'broken')),
    rating_suggested    TEXT CHECK (rating_suggested IN ('kept', 'partly', 'broken')),
    rating_note         TEXT NOT NULL DEFAULT '',
    version             INTEGER NOT NULL DEFAULT 1,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE INDEX commitments_report ON commitments(report_id, seq);
CREATE INDEX commitments_lead ON commitments(lead_department_id);

CREATE TABLE commitment_departments (
    commitment_id  INTEGER NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    department_id  INTEGER NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
    PRIMARY KEY (commitment_id, department_id)
);
CREATE INDEX commitment_departments_dept ON commitment_departments(department_id);

CREATE TABLE targets (
    id             INTEGER PRIMARY KEY,
    commitment_id  INTEGER NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    subject        TEXT NOT NULL,
    measure        TEXT NOT NULL,
    value          REAL NOT NULL,
    upper          REAL,
    unit           TEXT NOT NULL,
    bound          TEXT NOT NULL,
    stretch        INTEGER NOT NULL,
    period         INTEGER NOT NULL,
    quote          TEXT NOT NULL,
    quote_offset   INTEGER NOT NULL,
    indicator      TEXT
);
CREATE INDEX targets_commitment ON targets(commitment_id);

CREATE TABLE updates (
    id             INTEGER PRIMARY KEY,
    commitment_id  INTEGER NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    author_id      INTEGER,
    author_name    TEXT NOT NULL,
    date           TEXT NOT NULL,
    value          REAL,
    percent        REAL,
    state          TEXT NOT NULL,
    narrative      TEXT NOT NULL,
    link           TEXT,
    created_at     INTEGER NOT NULL
);
CREATE INDEX updates_commitment ON updates(commitment_id, date);

CREATE TABLE evidence (
    id           INTEGER PRIMARY KEY,
    update_id    INTEGER NOT NULL REFERENCES updates(id) ON DELETE CASCADE,
    stored_name  TEXT NOT NULL UNIQUE,
    file_name    TEXT NOT NULL,
    mime         TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL
);
CREATE INDEX evidence_update ON evidence(update_id);

-- Append-only, hash-chained: each row's hash covers the previous row's hash and its own fields.
CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    user_id      INTEGER,
    user_name    TEXT NOT NULL,
    action       TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    INTEGER,
    before_json  TEXT,
    after_json   TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
