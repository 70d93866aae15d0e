-- IaC scans pushed from CI for refs other than a default branch: kept
-- as checks a pull request can link to; they never open or resolve
-- findings.
CREATE TABLE iac_checks (
    id         TEXT PRIMARY KEY,
    repo       TEXT NOT NULL,
    ref        TEXT NOT NULL,
    commit_sha TEXT NOT NULL,
    at         TEXT NOT NULL,
    doc        TEXT NOT NULL
);
CREATE INDEX iac_checks_repo ON iac_checks (repo, ref, at);
