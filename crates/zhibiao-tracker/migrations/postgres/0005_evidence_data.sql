-- Evidence files kept in the database, one row per file, beside its `evidence` row: what
-- migrations/0005_evidence_data.sql says. Stored as it is (no compression: PDFs, images and
-- office files are compressed already).
CREATE TABLE evidence_data (
    evidence_id  BIGINT PRIMARY KEY REFERENCES evidence(id) ON DELETE CASCADE,
    data         BYTEA NOT NULL
);
ALTER TABLE evidence_data ALTER COLUMN data SET STORAGE EXTERNAL;
