package store

import (
	"fmt"
	"time"
)

// Compaction is what compacting the store's history removed (or, on a
// dry run, would remove): rows older than Before that nothing kept
// still needs.
type Compaction struct {
	// Before is the cutoff: nothing at or after it is removed.
	Before time.Time `json:"before"`
	// DryRun is set when nothing was removed, only counted.
	DryRun bool `json:"dry_run"`
	// Scans are scan records, with their coverage and errors.
	Scans int64 `json:"scans"`
	// Findings are findings resolved before the cutoff.
	Findings int64 `json:"findings"`
	// FindingEvents are lifecycle events: every event of a removed
	// finding, and a kept finding's events before the cutoff but the
	// newest of them.
	FindingEvents int64 `json:"finding_events"`
	// Resources are inventory entries no scan has seen since the cutoff
	// and no kept finding is about.
	Resources int64 `json:"resources"`
	// ReportRuns are records of reports produced before the cutoff.
	ReportRuns int64 `json:"report_runs"`
	// Deliveries are notifications sent (or given up) before the
	// cutoff; pending and retrying ones stay.
	Deliveries int64 `json:"deliveries"`
	// NotifyStates are what channels were last told of findings no
	// longer stored, told before the cutoff.
	NotifyStates int64 `json:"notify_states"`
	// IaCChecks are IaC scans pushed for other refs than a default
	// branch (pull request checks) before the cutoff.
	IaCChecks int64 `json:"iac_checks"`
	// AdmissionDecisions are admission webhook decisions judged before
	// the cutoff (their verdicts with them).
	AdmissionDecisions int64 `json:"admission_decisions"`
}

// Total is how many rows the compaction removed.
func (c Compaction) Total() int64 {
	return c.Scans + c.Findings + c.FindingEvents + c.Resources + c.ReportRuns + c.Deliveries + c.NotifyStates + c.IaCChecks + c.AdmissionDecisions
}

// CompactBefore is the cutoff of a retention policy at now: history
// older than history is compacted, and since nothing inside the last
// auditPeriod may go, history must be at least auditPeriod.
func CompactBefore(now time.Time, history, auditPeriod time.Duration) (time.Time, error) {
	if history <= 0 {
		return time.Time{}, fmt.Errorf("retention history %s: give a positive age such as 400d", history)
	}
	if history < auditPeriod {
		return time.Time{}, fmt.Errorf("retention history (%s) is shorter than the audit period (%s): make history at least the audit period", history, auditPeriod)
	}
	return now.Add(-history), nil
}
