-- Every compliance report or evidence bundle produced: what, when, how
-- long it took (the audit-readiness metric) and what it held.
CREATE TABLE report_runs (
    seq             {{serial_primary_key}},
    kind            TEXT NOT NULL,
    framework       TEXT NOT NULL,
    at              TEXT NOT NULL,
    duration_ms     BIGINT NOT NULL,
    scans           INTEGER NOT NULL,
    findings        INTEGER NOT NULL,
    bytes           BIGINT NOT NULL,
    key_fingerprint TEXT NOT NULL
);
CREATE INDEX report_runs_at ON report_runs (at);
