// Package iacpush carries an IaC scan from CI to `vigil serve`: the
// resources the CI scan parsed — with where each attribute is written
// and the inline exceptions of their files — never its verdicts. The
// server replays them as a scan source and evaluates them with its own
// rule library, exceptions and parameters.
//
// Wire format (version 1), JSON:
//
//	{"version": 1, "repo": "org/infra", "ref": "main", "commit": "…",
//	 "paths": ["infra/"], "vigil_version": "…",
//	 "scopes": [{"name": "…", "resources": [{"resource": {…},
//	   "directives": [{…}]}], "references": […], "complete": […],
//	   "coverage": […], "errors": […], "warnings": […]}]}
//
// A resource's locator (it finds attribute paths in the YAML it was
// read from) does not travel: the recorder resolves it into the
// resource's Lines and Files for every attribute path the resource has,
// which is what the evidence of any finding on it can name.
//
// Invariants: Decode accepts only version 1, at most MaxBytes, and
// refuses unknown fields, a repo or ref that is empty or not a plain
// name, and resources without an id or type — each with an error that
// names the scope and resource; it never panics on any input.
package iacpush
