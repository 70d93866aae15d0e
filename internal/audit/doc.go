// Package audit builds compliance reports from the store and packages
// them as evidence an auditor can verify.
//
// A report judges every requirement of one framework version from the
// evidence: the latest finished scan of each scope (source and account)
// within a maximum age. Older scopes are stale: listed, never counted.
// Findings are read as every front-end reads them (stored, then judged
// by the store's exceptions at the report's clock), so an excepted
// finding counts as excepted, never as a pass. The trend re-judges the
// requirements as of each of the last finished scans, from the findings'
// lifecycle events and the exception set's history.
//
// An evidence bundle is a tar.gz of the report (JSON and HTML), the
// framework's findings, the exceptions in force, the scans used and a
// manifest.json of every file's SHA-256 and size, signed with Ed25519
// (manifest.sig). Verify needs the signer's public key from the user:
// a bundle re-signed with another key fails. The bundle reader treats
// its input as hostile: size limits, no links, no paths outside the
// bundle, no duplicates.
//
// Invariants: a stale scope's findings never change a requirement's
// status; a requirement with no evidence is never a pass; the signature
// covers manifest.json's exact bytes and the manifest every other file.
package audit
