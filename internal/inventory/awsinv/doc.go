// Package awsinv collects AWS resources with aws-sdk-go-v2: one account
// or a whole organization, every enabled region.
//
// The runner (scanner.go) resolves who it is, which accounts (assuming
// a role into each member of an organization) and which regions, then
// runs every Collector once per account (global services) or once per
// account and region, with bounded concurrency. Every API call passes
// through one HTTP transport that enforces a token bucket and an
// in-flight cap per account, region and service, and through the SDK's
// standard retryer with jittered backoff; throttling is retried within
// that budget and then becomes a coverage record.
//
// Invariants: collectors only call read-only APIs declared in their
// Actions (the tests check both); a scope (type, account, region) that
// could not be read in full becomes a coverage record with the API and
// reason, and the rest of the scan goes on; resources stream to the
// sink as they are built.
package awsinv
