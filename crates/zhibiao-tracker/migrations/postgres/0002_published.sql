-- A report's public page (/public/reports/{id}) is shown only once an admin publishes it.
ALTER TABLE reports ADD COLUMN published BOOLEAN NOT NULL DEFAULT FALSE;
