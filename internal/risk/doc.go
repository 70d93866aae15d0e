// Package risk ranks findings by what they expose: a 0–100 score per
// finding, the sum of named factors — the rule's severity, exposure to
// the internet along the resource graph, the privilege of the identity
// the resource runs as and how much that reaches, data sensitivity and
// asset criticality — each kept with its points and a sentence saying
// why. It also finds toxic combinations: findings on connected resources
// that together form one attack path (internet → exposed workload →
// powerful identity), judged by combination rules written in Rego
// (rules/combinations), and reported as findings of their own.
//
// The scan pipeline hands every scope's resources to a Collector, which
// keeps a compact Node per resource (the few facts risk reads, never
// attributes), and scores the whole scan's findings once at its end
// (Assess), so a factor never depends on the order scopes came in.
//
// Invariants: a score is the sum of its factors' points (capped at
// 100); a single finding scores at most 95, a combination more than any
// of its members; a fact risk could not read (a route table or network
// ACL the scan did not see) never blocks a path and is named in the
// factor's detail.
package risk
