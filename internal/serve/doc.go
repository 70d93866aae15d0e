// Package serve is `vigil serve`: it keeps every configured connector
// under scheduled scans (River jobs, one per scope), runs each scan
// through the one pipeline (internal/scan) into the store, and serves the
// API and dashboards (internal/server) over the same store. The demo is
// the same service over a bundled estate: recorded AWS accounts served
// in-process by the replay server, bundled manifests, and the local test
// API server when one is running.
//
// An AWS organization connector discovers its scopes: one per active
// member account ("aws:<org>/<account>"), each scanned alone with the
// connector's role in that account and stored as that account's scan.
//
// Invariants: a scan runs only as a job (so a scope is never scanned
// twice at once); a scan that fails or reads nothing returns an error
// and leaves the store's inventory and findings of its scope as they
// were; authentication cannot be turned off — without configured tokens
// or OIDC the only way in is the one-time link printed at start.
package serve
