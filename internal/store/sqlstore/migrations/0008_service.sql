-- The service's audit log: every write through its API (who, what,
-- when, from where), appended, never rewritten.
CREATE TABLE audit_log (
    seq     {{serial_primary_key}},
    at      TEXT NOT NULL,
    actor   TEXT NOT NULL,
    via     TEXT NOT NULL,
    role    TEXT NOT NULL,
    action  TEXT NOT NULL,
    target  TEXT NOT NULL,
    status  INTEGER NOT NULL,
    remote  TEXT NOT NULL,
    detail  TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

-- Secrets every process of the service shares (the session signing
-- key): created once, by whichever process asks first.
CREATE TABLE service_secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
