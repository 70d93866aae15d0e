-- Findings by resource (the resource page), and an index for the text
-- search of the findings list: its SQL differs per database
-- (Dialect.TextIndex, text.go).
CREATE INDEX findings_resource ON findings (resource_id);
{{text_index}}
