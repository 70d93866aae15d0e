-- Marks: people's verdicts on findings, appended, never rewritten. The
-- newest mark of a fingerprint decides: false_positive, or cleared.
CREATE TABLE finding_marks (
    seq         {{serial_primary_key}},
    fingerprint TEXT NOT NULL,
    kind        TEXT NOT NULL,
    by_whom     TEXT NOT NULL,
    reason      TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX finding_marks_fp ON finding_marks (fingerprint, seq);

-- When a finding's resource was created or changed, as the source said
-- when the finding opened ('' when it did not say): the start of MTTD.
ALTER TABLE findings ADD COLUMN changed_at TEXT NOT NULL DEFAULT '';

-- When the inventory first saw a resource: policy drift counts the new.
ALTER TABLE resources ADD COLUMN first_seen TEXT NOT NULL DEFAULT '';
