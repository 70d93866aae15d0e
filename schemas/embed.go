// Package schemas embeds the JSON Schema of every resource type: the
// contract between sources (which produce resources) and rules (which
// read them). The Kubernetes schemas are generated from the k8s.io/api Go
// types by `go test ./internal/kube -run TestSchemas -update`.
package schemas

import "embed"

// FS holds <type>.json files.
//
//go:embed *.json
var FS embed.FS
