-- Which notifier holds each delivery it has yet to send, and until when
-- each notifier is known alive: a delivery left pending or retrying by a
-- notifier whose lease lapsed (its process was killed, never shut down)
-- is claimed and sent by another. Deliveries logged before this
-- migration have no holder and count as a lapsed one's.
ALTER TABLE notify_deliveries ADD COLUMN holder TEXT NOT NULL DEFAULT '';
CREATE TABLE notifier_leases (
    holder TEXT PRIMARY KEY,
    until  TEXT NOT NULL
);
