-- The rule library a scan was judged by: Vigil's version and a digest of
-- the rule and framework files loaded.
ALTER TABLE scans ADD COLUMN rules_version TEXT NOT NULL DEFAULT '';
ALTER TABLE scans ADD COLUMN rules_hash TEXT NOT NULL DEFAULT '';
