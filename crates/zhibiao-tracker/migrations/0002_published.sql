-- A report's public page (/public/reports/{id}) is shown only once an admin publishes it.
ALTER TABLE reports ADD COLUMN published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1));
