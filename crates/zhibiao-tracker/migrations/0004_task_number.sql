-- Each task's 序号 in the division of the plan (三、（一）2.), as the core numbers it: the one
-- number shown for a task in the list, on its page and in the exports. Empty for commitments
-- made by hand and for those imported before, which show their place in the report instead.
ALTER TABLE commitments ADD COLUMN number TEXT NOT NULL DEFAULT '';
