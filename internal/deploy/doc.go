// Package deploy writes the Kubernetes manifests that run vigil serve in
// a cluster: a namespace with the restricted Pod Security Standard
// enforced, a service account, a least-privilege ClusterRole for the
// in-cluster collector, vigil.yaml in a ConfigMap, a volume for the
// SQLite store, the Deployment, its Service and a NetworkPolicy.
//
// Invariants: the ClusterRole grants only list (the one verb the
// collector calls) and only on the kinds the collector reads, derived
// from kube.Kinds() — Secrets only when asked, since listing them is
// reading them as far as RBAC goes; the pod runs as a non-root user
// with a read-only root filesystem, no capabilities and the runtime's
// seccomp profile, writing only to its mounted volumes.
package deploy
