// Package notify tells people about findings: it routes each finding
// state change (opened, reopened, changed severity or risk, excepted,
// resolved) to the channel the first matching route names, as a page, a
// ticket, or a line in an owner's digest, and sends it over Slack, a
// signed webhook, PagerDuty, SMTP, GitHub Issues or Jira — or, for the
// demo, to the delivery log only (LocalSink).
//
// The server calls Notifier.Scan after each stored scan with the
// findings it stored and resolved, judged (exceptions, owners); the
// notifier decides what changed against what each channel was last told
// (store.Notifications), so repeated scans and overlapping accounts
// never tell the same state twice.
//
// Invariants: a channel is told of a finding state at most once (the
// store's claim is atomic); every delivery is in the store's delivery
// log with its outcome; each channel sends from its own goroutine under
// its own rate limit, so one channel waiting or retrying never delays
// another; secrets (webhook URLs, tokens, routing keys, passwords) are
// never in an error, a log line or the delivery log.
package notify
