-- Who manages each exception: "file" (vigil exceptions sync, or a scan
-- with --exceptions and --store) or "api" (proposed and approved through
-- the service's API). A sync manages the file's exceptions and keeps the
-- API's unless told the file is the whole set. Exceptions approved
-- before this migration are marked "api" from their approved proposal.
ALTER TABLE exceptions ADD COLUMN origin TEXT NOT NULL DEFAULT 'file';
UPDATE exceptions SET origin = 'api'
WHERE id IN (SELECT id FROM exception_proposals WHERE status = 'approved');

-- The set's version, raised by every change of the set (sync, approve,
-- revoke): a sync that read version N writes only if the set is still at
-- N, so an approval made while a sync ran is never lost unrecorded.
CREATE TABLE exception_set (
    one     INTEGER PRIMARY KEY CHECK (one = 1),
    version BIGINT NOT NULL
);
INSERT INTO exception_set (one, version) VALUES (1, 0);
