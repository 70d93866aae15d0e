-- The admission webhook's decision log: one row per admission request a
-- webhook replica judged (dry runs are never sent), and one per
-- violated rule, linked to findings by fingerprint.
CREATE TABLE admission_decisions (
    uid        TEXT PRIMARY KEY,
    at         TEXT NOT NULL,
    cluster    TEXT NOT NULL,
    operation  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    namespace  TEXT NOT NULL,
    name       TEXT NOT NULL,
    username   TEXT NOT NULL,
    allowed    INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    message    TEXT NOT NULL,
    received   TEXT NOT NULL
);
CREATE INDEX admission_decisions_at ON admission_decisions (at);
CREATE TABLE admission_verdicts (
    uid         TEXT NOT NULL REFERENCES admission_decisions (uid) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    rule_id     TEXT NOT NULL,
    severity    TEXT NOT NULL,
    mode        TEXT NOT NULL,
    result      TEXT NOT NULL,
    PRIMARY KEY (uid, fingerprint)
);
CREATE INDEX admission_verdicts_fingerprint ON admission_verdicts (fingerprint);
