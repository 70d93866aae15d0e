// Package k8s reads Kubernetes manifests — YAML or JSON, multi-document
// streams, kind: List, Helm- and Kustomize-rendered output — into
// resources, each located at its file and line.
//
// Invariants: Parse never panics and never hangs on hostile input (alias
// bombs, deep nesting, invalid UTF-8, huge documents): every problem is an
// error naming the file and line, and the documents that did parse are
// still returned.
package k8s
