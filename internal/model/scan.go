package model

import (
	"strconv"
	"strings"
	"time"
)

// Scan statuses.
const (
	ScanComplete = "complete"
	ScanPartial  = "partial"
	ScanFailed   = "failed"
	// ScanRunning is a stored scan that has not finished (or whose
	// process ended before it did).
	ScanRunning = "running"
)

// Coverage statuses.
const (
	CoverageComplete = "complete" // the scope was read in full
	CoverageDenied   = "denied"   // the identity may not read it
	CoverageError    = "error"    // reading failed for another reason
	CoverageSkipped  = "skipped"  // deliberately not evaluated (unsupported kind …)
)

// Coverage records what a scan looked at: one scope and whether it was
// read. A scope is a resource type, optionally narrowed: "k8s.core.secret",
// "k8s.core.secret@team-a" (one namespace), "file:deploy/app.yaml".
type Coverage struct {
	Scope  string `json:"scope"`
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
	// Cloud scopes also say where and which call: account, region,
	// service and API ("s3:GetBucketPolicy").
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`
	Service string `json:"service,omitempty"`
	API     string `json:"api,omitempty"`
}

// InputError is input that could not be read or parsed, or a malformed
// inline exception. The rest of the scan goes on; the scan's exit code
// becomes 2.
type InputError struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

func (e InputError) Error() string {
	switch {
	case e.File != "" && e.Line > 0:
		return e.File + ":" + strconv.Itoa(e.Line) + ": " + e.Message
	case e.File != "":
		return e.File + ": " + e.Message
	default:
		return e.Message
	}
}

// Scan is one run over one source.
type Scan struct {
	ID         string    `json:"id"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	// Source is "k8s" for a live cluster scan, "aws" for an AWS account
	// or organization, "iac" for manifests.
	Source string `json:"source"`
	// Account is the cluster name, the AWS account ID or organization
	// ID for live scans; empty for IaC.
	Account  string       `json:"account,omitempty"`
	Status   string       `json:"status"`
	Coverage []Coverage   `json:"coverage"`
	Errors   []InputError `json:"errors"`
	// Warnings are the scopes' Warnings: input read in a deprecated form.
	Warnings []InputError `json:"warnings,omitempty"`
	// Health counts API calls per service (cloud scans): the
	// connector-health figures.
	Health []ServiceHealth `json:"health,omitempty"`
	// RulesVersion and RulesHash identify the rule library that judged
	// the scan: Vigil's version, and a digest of every rule and
	// framework file loaded (users' own included) and, when any is
	// configured, of the rule parameters, so results of different
	// libraries or thresholds are never mistaken for each other.
	RulesVersion string `json:"rules_version,omitempty"`
	RulesHash    string `json:"rules_hash,omitempty"`
}

// ServiceHealth counts one service's API calls in a scan.
type ServiceHealth struct {
	Service string `json:"service"`
	// Calls are HTTP requests, retries included.
	Calls     int `json:"calls"`
	Throttled int `json:"throttled"`
	// Errors are operations that failed after retries (absent
	// configuration, such as a bucket without a policy, is not one).
	Errors int `json:"errors"`
}

// Covered reports whether the scan read a type in full within a
// partition (a Kubernetes namespace, an AWS "account/region" or
// "account"): the type itself, the type in that partition, or the type
// in an enclosing partition ("aws.s3.bucket@1111" covers
// "1111/eu-west-1") was recorded complete.
func (s *Scan) Covered(typ, partition string) bool {
	for _, c := range s.Coverage {
		if c.Status != CoverageComplete {
			continue
		}
		if c.Scope == typ {
			return true
		}
		if partition == "" || !strings.HasPrefix(c.Scope, typ+"@") {
			continue
		}
		p := c.Scope[len(typ)+1:]
		if p == partition || strings.HasPrefix(partition, p+"/") {
			return true
		}
	}
	return false
}
