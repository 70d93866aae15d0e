// Package exceptions owns governed exceptions: accepted risks written in
// a versioned YAML file (Parse), kept as a set in the store (Sync, Load),
// and applied to findings when they are read (Apply).
//
// An exception names a rule (id or glob), a resource selector (id or
// glob, type, provider, account, region, namespace, labels), a reason,
// an owner, who approved it, when it was created and when it expires.
// Globs know "*" (any run of characters, "/" included) and "?" (one
// character). Expiry is required and at most the configured maximum TTL
// after creation; an exception holds through its expires date (UTC).
//
// Invariants: a malformed file is rejected whole (every mistake with
// file:line) and Sync is never reached with it; Sync replaces the stored
// set and appends one event per difference in one transaction; expiry is
// judged against the clock when findings are read, never stored, so an
// exception lapses on time without a scan; an expired exception leaves
// its finding open and is named on it as expired.
//
// Widened and narrowed: when an exception keeps its id but its rule or
// selector changes, the stored open findings each version matches decide
// (more and none lost: widened; fewer and none gained: narrowed; some
// gained and some lost: changed). When both versions match the same
// findings, the patterns decide: the new one widens when each of its
// fields covers the old one's (an empty field covers anything; a glob
// covers what it matches, a "*" in the old pattern only by a "*") and
// not the reverse, and narrows in the opposite case; otherwise the edit
// is "changed", as are edits of reason, owner, approver or dates.
package exceptions
