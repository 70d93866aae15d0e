-- A cloud scan's API calls, throttles and errors per service (JSON),
-- for connector health: '' for scans that made none.
ALTER TABLE scans ADD COLUMN health TEXT NOT NULL DEFAULT '';
