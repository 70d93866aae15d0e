-- Exceptions proposed through the service's API, waiting for an admin
-- (doc is the exception as JSON); version grows with each change so a
-- decision made on a stale read is refused.
CREATE TABLE exception_proposals (
    id          TEXT PRIMARY KEY,
    status      TEXT NOT NULL,
    doc         TEXT NOT NULL,
    proposed_by TEXT NOT NULL,
    proposed_at TEXT NOT NULL,
    decided_by  TEXT NOT NULL,
    decided_at  TEXT NOT NULL,
    note        TEXT NOT NULL,
    version     BIGINT NOT NULL
);

-- The resource's own account (AWS account, Kubernetes cluster) — the
-- scan's may be an organization — so a scoped principal's partitions
-- are chosen in the query. Rows stored before get it at their next scan.
ALTER TABLE findings ADD COLUMN scope_account TEXT NOT NULL DEFAULT '';
ALTER TABLE resources ADD COLUMN scope_account TEXT NOT NULL DEFAULT '';
CREATE INDEX findings_partition ON findings (scope_account, namespace, resource_type);
CREATE INDEX resources_partition ON resources (scope_account, namespace, type);
-- Resources are listed by id, filtered by type and scope on the index.
CREATE INDEX resources_by_id ON resources (id, type, scope_account, namespace);

-- The API's sort orders, each ending with the fingerprint (keyset
-- paging), with and without a status. They carry the columns lists
-- filter on, so a filter is judged on the index and only matching rows
-- are read.
CREATE INDEX findings_by_risk ON findings (status, risk_score, severity, fingerprint, rule_id, scope_account, namespace, resource_type, source);
CREATE INDEX findings_by_risk_all ON findings (risk_score, severity, fingerprint, rule_id, scope_account, namespace, resource_type, source);
CREATE INDEX findings_by_severity ON findings (status, severity, risk_score, fingerprint, rule_id, scope_account, namespace, resource_type, source);
CREATE INDEX findings_by_age ON findings (status, first_seen, fingerprint, rule_id, scope_account, namespace, resource_type, source);
CREATE INDEX findings_by_due ON findings (status, severity, first_seen, fingerprint, rule_id, scope_account, namespace, resource_type, source);
-- Toxic combinations (findings with members) are few: their own index.
CREATE INDEX findings_combinations ON findings (status, risk_score, severity, fingerprint) WHERE members <> '';
