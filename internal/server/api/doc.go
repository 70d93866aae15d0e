// Package api is the JSON API of `vigil serve`: findings (filtered,
// sorted by risk, cursor-paged) and their detail, toxic combinations,
// resources with their relations, scans and coverage, connector health
// and manual scans, the exception workflow (propose, approve — never by
// the proposer —, reject, revoke), false-positive marks, compliance
// summaries, the SLIs and the audit log. Routes returns the routes, each
// with its authentication decision, and the OpenAPI 3.1 document that
// describes them (openapi.json, checked against the routes by a test).
//
// It reads and judges findings as the CLI does (exceptions, marks,
// owners and due dates at the clock) and computes reports with package
// audit and metrics; it scans nothing itself.
//
// Invariants: a principal only ever reads, counts or acts on what its
// scope covers. The query keeps the scope's accounts, clusters and
// namespaces (store.Visibility; globs matched against the stored values
// first), and every row is then judged by auth.Principal.Sees (owners
// are judged when findings are read) while the page is filled, so a page
// is not short because of rows the principal cannot see and the cursor
// resumes exactly after the last row examined. Something outside the
// scope answers 404, as if it did not exist. Reports over the whole
// estate (compliance, metrics) and the audit log need an unscoped
// principal.
package api
