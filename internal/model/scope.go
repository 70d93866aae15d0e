package model

import "time"

// Scope is the unit a scan reads, evaluates and stores before it moves
// on: an AWS account-region, an account's global services, a Kubernetes
// namespace or the cluster-scoped objects, an IaC root configuration or
// manifest directory. A scan's memory grows with its largest scope, not
// with the estate.
type Scope struct {
	// Name says what the scope is, for logs and progress: "aws
	// 111122223333/eu-west-1", "k8s namespace payments", "iac deploy/".
	Name string
	// Resources are evaluated, stored and reported with this scope.
	Resources []*Resource
	// References are resources delivered ahead of their own scope so
	// that rules of every scope can read them (through the resource
	// index) before the scope that evaluates them arrives: the RBAC
	// objects and service accounts of a cluster, listed before its
	// namespaces. A reference is delivered again, as the same value, in
	// the Resources of its own scope.
	References []*Resource
	// Complete lists resource types of which the scan has now delivered
	// every resource (in this scope, earlier ones, or as references): a
	// rule reading only complete types may be evaluated at once instead
	// of at the end of the scan.
	Complete []string
	// Coverage and Errors are what the scope covered and could not read.
	Coverage []Coverage
	Errors   []InputError
	// Warnings are input read all the same, in a form its tool
	// deprecated (Terraform 0.11 syntax), each saying what to write
	// instead. They leave the scan complete.
	Warnings []InputError
}

// Locator finds where an attribute path of a resource is written in the
// source it was read from: file is "" for the resource's own file, line
// 0 when it cannot tell.
type Locator interface {
	Locate(path string) (file string, line int)
}

// Directive is one well-formed inline exception — a comment
// "# vigil:ignore <rule-id> [until YYYY-MM-DD] <reason>" — with what it
// may apply to, read when its file was read.
type Directive struct {
	// Rule is a rule ID, or "*" for every rule.
	Rule   string
	Reason string
	// End is the day after the until date; nil without one.
	End  *time.Time
	File string
	Line int
	// Block is the first line after the run of comment lines the
	// directive stands in (the resource or nested block the comment is
	// written above), 0 when the directive ends a line of code.
	Block int
	// BlockEnd is the last line of the block starting at Block, judged
	// by indentation: the block encloses the lines after Block up to it.
	BlockEnd int
}
