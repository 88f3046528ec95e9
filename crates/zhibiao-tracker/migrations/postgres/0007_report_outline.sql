-- Each report's outline as the core made it at import (its paragraphs in the joined text, with
-- their roles: zhibiao_core::outline::Outline as JSON), so that a report page and a task page
-- show the report without running the pipeline again. Empty for reports imported before, until
-- `zhibiao serve` fills it in at start.
ALTER TABLE reports ADD COLUMN outline_json TEXT NOT NULL DEFAULT '';
