-- Evidence files kept in the database, one row per file, beside its `evidence` row. Used when
-- the tracker runs on PostgreSQL (so any number of `serve` processes, on any hosts, need only
-- the database); a SQLite tracker keeps its files beside the database (`NAME-files/`) and this
-- table empty. Downloads read here first, then the files directory.
CREATE TABLE evidence_data (
    evidence_id  INTEGER PRIMARY KEY REFERENCES evidence(id) ON DELETE CASCADE,
    data         BLOB NOT NULL
);
