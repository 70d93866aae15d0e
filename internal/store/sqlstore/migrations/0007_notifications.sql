-- Notifications. notify_state holds, per channel and finding, the state
-- the channel was last told of and the ticket it keeps for it: a state
-- already told is never sent again (one notification per state change,
-- however many scans or accounts report it).
CREATE TABLE notify_state (
    channel     TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    state       TEXT NOT NULL,
    ticket      TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (channel, fingerprint)
);

-- The delivery log: every notification, its channel, what it said and
-- how sending it went (pending, sent, retrying, failed).
CREATE TABLE notify_deliveries (
    seq         {{serial_primary_key}},
    channel     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    action      TEXT NOT NULL,
    change      TEXT NOT NULL,
    owner       TEXT NOT NULL,
    summary     TEXT NOT NULL,
    status      TEXT NOT NULL,
    attempts    INTEGER NOT NULL,
    last_error  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX notify_deliveries_updated ON notify_deliveries (updated_at);
CREATE INDEX notify_deliveries_pending ON notify_deliveries (channel, status);

-- Escalations count new critical findings by time.
CREATE INDEX finding_events_at ON finding_events (at);
