// Package model holds Vigil's normalized domain types: the Resource every
// source adapts into, the Finding every rule produces, severities, rule
// metadata, scans and their coverage.
//
// Invariants: this package imports only the standard library; a Resource
// never carries a secret value (sources redact before constructing one);
// a Finding's Fingerprint depends only on its rule ID and resource ID, so it
// is stable across scans.
package model
