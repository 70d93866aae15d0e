// Package kube adapts Kubernetes objects — decoded manifests or objects
// read from an API server — into model.Resource. It is the one place that
// knows the Kubernetes shapes: the kinds Vigil models, their type names,
// the snake_case attribute layout (derived from the k8s.io/api Go types, so
// it follows the real API), the normalized pod spec every workload exposes,
// which objects are the platform's own, and the JSON Schema of each type.
//
// Invariants: a Resource built here never holds a secret value — Secret
// data is reduced to its keys, credentials in ConfigMaps and literal env
// values are redacted, and kubectl's last-applied-configuration annotation
// (which can carry a whole Secret) is dropped.
package kube
