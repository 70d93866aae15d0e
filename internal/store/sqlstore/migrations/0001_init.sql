-- Shared by every dialect; {{serial_primary_key}} is the dialect's auto-numbered key.
-- Scans with their coverage and input errors (JSON).
CREATE TABLE scans (
    id          TEXT PRIMARY KEY,
    source      TEXT NOT NULL,
    account     TEXT NOT NULL,
    status      TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    resources   INTEGER NOT NULL,
    findings    INTEGER NOT NULL,
    coverage    TEXT NOT NULL,
    errors      TEXT NOT NULL
);

-- The inventory: the latest redacted form of every resource.
CREATE TABLE resources (
    id        TEXT PRIMARY KEY,
    source    TEXT NOT NULL,
    account   TEXT NOT NULL,
    type      TEXT NOT NULL,
    namespace TEXT NOT NULL,
    name      TEXT NOT NULL,
    file      TEXT NOT NULL,
    last_scan TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    doc       TEXT NOT NULL
);
CREATE INDEX resources_scope ON resources (source, account, type, namespace);

-- Findings: current state. Transitions are appended to finding_events.
CREATE TABLE findings (
    fingerprint   TEXT PRIMARY KEY,
    rule_id       TEXT NOT NULL,
    severity      INTEGER NOT NULL,
    status        TEXT NOT NULL,
    title         TEXT NOT NULL,
    message       TEXT NOT NULL,
    evidence      TEXT NOT NULL,
    remediation   TEXT NOT NULL,
    compliance    TEXT NOT NULL,
    related       TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    resource      TEXT NOT NULL,
    source        TEXT NOT NULL,
    account       TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    namespace     TEXT NOT NULL,
    file          TEXT NOT NULL,
    related_types TEXT NOT NULL,
    first_seen    TEXT NOT NULL,
    last_seen     TEXT NOT NULL,
    resolved_at   TEXT,
    last_scan     TEXT NOT NULL
);
CREATE INDEX findings_scope ON findings (source, account, status);
CREATE INDEX findings_severity ON findings (status, severity);

CREATE TABLE finding_events (
    seq         {{serial_primary_key}},
    fingerprint TEXT NOT NULL,
    scan_id     TEXT NOT NULL,
    at          TEXT NOT NULL,
    event       TEXT NOT NULL,
    severity    TEXT NOT NULL,
    message     TEXT NOT NULL
);
CREATE INDEX finding_events_fp ON finding_events (fingerprint, seq);
