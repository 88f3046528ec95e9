-- The tracker's first schema, for PostgreSQL: the same tables, columns, CHECKs, foreign keys
-- (with the same ON DELETE), indexes and append-only audit log as migrations/0001_init.sql.
-- Times are Unix seconds (UTC) in BIGINT; dates are 'YYYY-MM-DD' text. Columns that Rust reads
-- as i32 (year, period) are INTEGER and as bool (disabled, stretch) are BOOLEAN; every other
-- whole number is BIGINT (i64).

-- One row: the number of write transactions committed, by any process. Every write
-- transaction starts by incrementing it, so its row lock serialises writers (and with them the
-- audit chain) across processes, and readers can tell that something changed.
CREATE TABLE store_meta (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    generation  BIGINT NOT NULL
);
INSERT INTO store_meta (id, generation) VALUES (1, 0);

CREATE TABLE departments (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    version     BIGINT NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL
);

CREATE TABLE users (
    id             BIGSERIAL PRIMARY KEY,
    name           TEXT NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    department_id  BIGINT REFERENCES departments(id) ON DELETE RESTRICT,
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    token_hash     TEXT UNIQUE,
    version        BIGINT NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE reports (
    id           BIGSERIAL PRIMARY KEY,
    name         TEXT NOT NULL,
    title        TEXT,
    region       TEXT,
    year         INTEGER,
    sha256       TEXT NOT NULL UNIQUE,
    format       TEXT NOT NULL,
    text         TEXT NOT NULL,
    facts_json   TEXT NOT NULL,
    imported_at  BIGINT NOT NULL,
    imported_by  TEXT NOT NULL
);

CREATE TABLE commitments (
    id                  BIGSERIAL PRIMARY KEY,
    report_id           BIGINT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    seq                 BIGINT NOT NULL,
    section             TEXT NOT NULL DEFAULT '',
    title               TEXT NOT NULL,
    quote               TEXT NOT NULL,
    quote_offset        BIGINT NOT NULL,
    quote_len           BIGINT NOT NULL,
    lead_department_id  BIGINT REFERENCES departments(id) ON DELETE SET NULL,
    start_date          TEXT NOT NULL,
    deadline            TEXT NOT NULL,
    priority            BIGINT NOT NULL DEFAULT 2 CHECK (priority IN (1, 2, 3)),
    state               TEXT NOT NULL DEFAULT 'not_started'
                        CHECK (state IN ('not_started', 'in_progress', 'done', 'failed')),
    percent             DOUBLE PRECISION,
    current_value       DOUBLE PRECISION,
    last_update         TEXT,
    rating              TEXT CHECK (rating IN ('kept', 'partly', 'broken')),
    rating_suggested    TEXT CHECK (rating_suggested IN ('kept', 'partly', 'broken')),
    rating_note         TEXT NOT NULL DEFAULT '',
    version             BIGINT NOT NULL DEFAULT 1,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL
);
CREATE INDEX commitments_report ON commitments(report_id, seq);
CREATE INDEX commitments_lead ON commitments(lead_department_id);

CREATE TABLE commitment_departments (
    commitment_id  BIGINT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    department_id  BIGINT NOT NULL REFERENCES departments(id) ON DELETE CASCADE,
    PRIMARY KEY (commitment_id, department_id)
);
CREATE INDEX commitment_departments_dept ON commitment_departments(department_id);

CREATE TABLE targets (
    id             BIGSERIAL PRIMARY KEY,
    commitment_id  BIGINT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    subject        TEXT NOT NULL,
    measure        TEXT NOT NULL,
    value          DOUBLE PRECISION NOT NULL,
    upper          DOUBLE PRECISION,
    unit           TEXT NOT NULL,
    bound          TEXT NOT NULL,
    stretch        BOOLEAN NOT NULL,
    period         INTEGER NOT NULL,
    quote          TEXT NOT NULL,
    quote_offset   BIGINT NOT NULL,
    indicator      TEXT
);
CREATE INDEX targets_commitment ON targets(commitment_id);

CREATE TABLE updates (
    id             BIGSERIAL PRIMARY KEY,
    commitment_id  BIGINT NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    author_id      BIGINT,
    author_name    TEXT NOT NULL,
    date           TEXT NOT NULL,
    value          DOUBLE PRECISION,
    percent        DOUBLE PRECISION,
    state          TEXT NOT NULL,
    narrative      TEXT NOT NULL,
    link           TEXT,
    created_at     BIGINT NOT NULL
);
CREATE INDEX updates_commitment ON updates(commitment_id, date);

CREATE TABLE evidence (
    id           BIGSERIAL PRIMARY KEY,
    update_id    BIGINT NOT NULL REFERENCES updates(id) ON DELETE CASCADE,
    stored_name  TEXT NOT NULL UNIQUE,
    file_name    TEXT NOT NULL,
    mime         TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL
);
CREATE INDEX evidence_update ON evidence(update_id);

-- Append-only, hash-chained: each row's hash covers the previous row's hash and its own fields.
CREATE TABLE audit_log (
    id           BIGSERIAL PRIMARY KEY,
    at           BIGINT NOT NULL,
    user_id      BIGINT,
    user_name    TEXT NOT NULL,
    action       TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    BIGINT,
    before_json  TEXT,
    after_json   TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- SQLite has no TRUNCATE; here it would empty the log without firing the row triggers.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
