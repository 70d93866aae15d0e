-- A SQLite store written by Vigil at commit 5739f3f (migrations 0001-0004,
-- the schema before 0005 and 0006 landed): two scans of cluster prod, three
-- findings (one resolved, one with a risk score), an exception. Made with
-- the store of that commit and `sqlite3 FILE .dump`; TestUpgrade loads it.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);
INSERT INTO schema_migrations VALUES(1,'2026-12-07T17:20:35.027665699Z');
INSERT INTO schema_migrations VALUES(2,'2026-12-07T17:20:35.040600654Z');
INSERT INTO schema_migrations VALUES(3,'2026-12-07T17:20:35.041375378Z');
INSERT INTO schema_migrations VALUES(4,'2026-12-07T17:20:35.043120073Z');
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
, rules_version TEXT NOT NULL DEFAULT '', rules_hash TEXT NOT NULL DEFAULT '');
INSERT INTO scans VALUES('scan-1','k8s','prod','complete','2026-12-01T09:00:00.000000000Z','2026-12-01T09:00:00.000000000Z',3,3,'[{"scope":"k8s.apps.deployment","status":"complete"}]','null','v0.4.0','sha256:0004');
INSERT INTO scans VALUES('scan-2','k8s','prod','complete','2026-12-02T09:00:00.000000000Z','2026-12-02T09:00:00.000000000Z',2,2,'[{"scope":"k8s.apps.deployment","status":"complete"}]','null','v0.4.0','sha256:0004');
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
INSERT INTO resources VALUES('k8s://prod/shop/apps/Deployment/api','k8s','prod','k8s.apps.deployment','shop','api','','scan-2','2026-12-02T09:00:00.000000000Z','{"id":"k8s://prod/shop/apps/Deployment/api","type":"k8s.apps.deployment","provider":"k8s","account":"prod","namespace":"shop","name":"api","kind":"Deployment","labels":{"team":"shop"},"attributes":null,"source":{"kind":"live"}}');
INSERT INTO resources VALUES('k8s://prod/web/apps/Deployment/site','k8s','prod','k8s.apps.deployment','web','site','','scan-2','2026-12-02T09:00:00.000000000Z','{"id":"k8s://prod/web/apps/Deployment/site","type":"k8s.apps.deployment","provider":"k8s","account":"prod","namespace":"web","name":"site","kind":"Deployment","attributes":null,"source":{"kind":"live"}}');
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
, risk_score INTEGER NOT NULL DEFAULT 0, risk TEXT NOT NULL DEFAULT '', members TEXT NOT NULL DEFAULT '');
INSERT INTO findings VALUES('c8b113968ab3d251ffd21ffc9cd16a8b','k8s-privileged',4,'open','k8s-privileged','k8s-privileged on api','{}','','[]','','k8s://prod/shop/apps/Deployment/api','{"id":"k8s://prod/shop/apps/Deployment/api","type":"k8s.apps.deployment","provider":"k8s","account":"prod","namespace":"shop","name":"api","kind":"Deployment","labels":{"team":"shop"},"attributes":null,"source":{"kind":"live"}}','k8s','prod','k8s.apps.deployment','shop','','null','2026-12-01T09:00:00.000000000Z','2026-12-02T09:00:00.000000000Z',NULL,'scan-2',72,'{"score":72,"factors":[{"name":"severity","points":40,"detail":""},{"name":"exposure","points":32,"detail":""}],"path":["internet","k8s://prod/shop/apps/Deployment/api"]}','');
INSERT INTO findings VALUES('7ac014801f059fe742015191939862bf','k8s-host-pid',3,'resolved','k8s-host-pid','k8s-host-pid on cart','{}','','[]','','k8s://prod/shop/apps/Deployment/cart','{"id":"k8s://prod/shop/apps/Deployment/cart","type":"k8s.apps.deployment","provider":"k8s","account":"prod","namespace":"shop","name":"cart","kind":"Deployment","attributes":null,"source":{"kind":"live"}}','k8s','prod','k8s.apps.deployment','shop','','null','2026-12-01T09:00:00.000000000Z','2026-12-01T09:00:00.000000000Z','2026-12-02T09:00:00.000000000Z','scan-2',0,'','');
INSERT INTO findings VALUES('f73939da9f2dd7126d8efc72ea09c7fd','k8s-privileged',4,'open','k8s-privileged','k8s-privileged on site','{}','','[]','','k8s://prod/web/apps/Deployment/site','{"id":"k8s://prod/web/apps/Deployment/site","type":"k8s.apps.deployment","provider":"k8s","account":"prod","namespace":"web","name":"site","kind":"Deployment","attributes":null,"source":{"kind":"live"}}','k8s','prod','k8s.apps.deployment','web','','null','2026-12-01T09:00:00.000000000Z','2026-12-02T09:00:00.000000000Z',NULL,'scan-2',0,'','');
CREATE TABLE finding_events (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    fingerprint TEXT NOT NULL,
    scan_id     TEXT NOT NULL,
    at          TEXT NOT NULL,
    event       TEXT NOT NULL,
    severity    TEXT NOT NULL,
    message     TEXT NOT NULL
);
INSERT INTO finding_events VALUES(1,'c8b113968ab3d251ffd21ffc9cd16a8b','scan-1','2026-12-01T09:00:00.000000000Z','opened','high','k8s-privileged on api');
INSERT INTO finding_events VALUES(2,'7ac014801f059fe742015191939862bf','scan-1','2026-12-01T09:00:00.000000000Z','opened','medium','k8s-host-pid on cart');
INSERT INTO finding_events VALUES(3,'f73939da9f2dd7126d8efc72ea09c7fd','scan-1','2026-12-01T09:00:00.000000000Z','opened','high','k8s-privileged on site');
INSERT INTO finding_events VALUES(4,'7ac014801f059fe742015191939862bf','scan-2','2026-12-02T09:00:00.000000000Z','resolved','medium','');
CREATE TABLE exceptions (
    id      TEXT PRIMARY KEY,
    rule    TEXT NOT NULL,
    owner   TEXT NOT NULL,
    expires TEXT NOT NULL,
    doc     TEXT NOT NULL
);
INSERT INTO exceptions VALUES('EX-1','k8s-privileged','web','2027-03-01T00:00:00.000000000Z','{"id":"EX-1","rule":"k8s-privileged","owner":"web","reason":"legacy site","expires":"2027-03-01T00:00:00Z","match":{"namespace":"web"}}');
CREATE TABLE exception_events (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    exception_id TEXT NOT NULL,
    at           TEXT NOT NULL,
    event        TEXT NOT NULL,
    before_doc   TEXT NOT NULL,
    after_doc    TEXT NOT NULL
);
INSERT INTO exception_events VALUES(1,'EX-1','2026-12-01T11:00:00.000000000Z','added','','{"id":"EX-1","rule":"k8s-privileged","owner":"web","reason":"legacy site","expires":"2027-03-01T00:00:00Z","match":{"namespace":"web"}}');
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('finding_events',4);
INSERT INTO sqlite_sequence VALUES('exception_events',1);
CREATE INDEX resources_scope ON resources (source, account, type, namespace);
CREATE INDEX findings_scope ON findings (source, account, status);
CREATE INDEX findings_severity ON findings (status, severity);
CREATE INDEX finding_events_fp ON finding_events (fingerprint, seq);
CREATE INDEX exception_events_id ON exception_events (exception_id, seq);
COMMIT;
