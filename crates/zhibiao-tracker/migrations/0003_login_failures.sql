-- Failed (and pending) logins, counted per key — a hash of "ip:ADDRESS" or "user:NAME" — over
-- the rate limit's window: in the database, so that a restart does not forget them and every
-- process serving one database counts them together.
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX login_failures_key_at ON login_failures (key, at);
CREATE INDEX login_failures_at ON login_failures (at);
