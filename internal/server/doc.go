// Package server is the HTTP side of `vigil serve`: the routes of the
// API and the dashboards, each with the authentication decision it
// declares, behind one chain of middleware — recover, security headers
// (a strict Content-Security-Policy), authentication (bearer token or
// session cookie), cross-origin write protection, authorization, and an
// append-only audit log of every write.
//
// Packages that serve something (the API, the dashboards, sign-in)
// return []Route; New refuses a route without a decision (auth.NeedUnset)
// and two routes with one pattern. Nothing here scans or scores: the
// handlers call the pipeline and the findings packages.
//
// Invariants: every route but health and sign-in needs a principal;
// a write (any method but GET and HEAD) by a principal is in the audit
// log whatever its outcome; a request is never answered with a stack
// trace or a secret.
package server
