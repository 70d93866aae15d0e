-- Exceptions: the current set, as the last sync of an exceptions file
-- left it (doc is the whole exception as JSON). Changes are appended to
-- exception_events with the exception before and after.
CREATE TABLE exceptions (
    id      TEXT PRIMARY KEY,
    rule    TEXT NOT NULL,
    owner   TEXT NOT NULL,
    expires TEXT NOT NULL,
    doc     TEXT NOT NULL
);

CREATE TABLE exception_events (
    seq          {{serial_primary_key}},
    exception_id TEXT NOT NULL,
    at           TEXT NOT NULL,
    event        TEXT NOT NULL,
    before_doc   TEXT NOT NULL,
    after_doc    TEXT NOT NULL
);
CREATE INDEX exception_events_id ON exception_events (exception_id, seq);
