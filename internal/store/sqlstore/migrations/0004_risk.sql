-- A finding's risk: its score (sortable) and the whole explanation as
-- JSON (factors, attack path); a toxic combination's member findings.
ALTER TABLE findings ADD COLUMN risk_score INTEGER NOT NULL DEFAULT 0;
ALTER TABLE findings ADD COLUMN risk TEXT NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN members TEXT NOT NULL DEFAULT '';
