// Package rules embeds Vigil's rule library: Rego v1 files, one rule per
// file with a METADATA header, each with pass/fail fixtures under
// testdata/<rule>/. Helper modules live in lib/.
package rules

import "embed"

// FS holds the library, fixtures included (`vigil rules test` and the
// fixture suite read them).
//
//go:embed all:k8s all:aws all:lib
var FS embed.FS

// Combinations holds the combination rules (rules/combinations): Rego
// over an attack path and the findings on it, with their fixtures; risk
// loads them, never the rule engine.
//
//go:embed all:combinations
var Combinations embed.FS

// Prefix is how library files are named in metadata and errors.
const Prefix = "rules/"
