// Package k8s reads Kubernetes manifests — YAML or JSON, multi-document
// streams, kind: List, Helm- and Kustomize-rendered output — into
// resources, each located at its file and line and carrying a locator
// that finds the line of any of its attributes.
//
// Files written in the YAML that manifests use are read by the package's
// own reader (fast.go), any other file by yaml.v3; both yield the same
// documents (object, line, index of where each node is written), which
// the differential and fuzz tests check.
//
// Invariants: Parse never panics and never hangs on hostile input (alias
// bombs, deep nesting, invalid UTF-8, huge documents): every problem is an
// error naming the file and line, and the documents that did parse are
// still returned. The fast reader never decides an error: on anything it
// does not read exactly as yaml.v3 does it gives the file to yaml.v3,
// whose errors are the ones reported.
package k8s
