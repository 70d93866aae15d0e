package report

import "github.com/vigil-cspm/vigil/internal/model"

// scale is how every format writes one of Vigil's severities. It is the
// one place severities are mapped; a format reads its column, never its
// own switch.
type scale struct {
	// ansi is the table's colour.
	ansi string
	// sarifLevel is the SARIF result level; sarifScore the
	// CVSS-like security-severity GitHub ranks security alerts by.
	sarifLevel, sarifScore string
	// ocsfID and ocsfName are OCSF's severity_id and its caption
	// (dictionary.json, severity_id).
	ocsfID   int
	ocsfName string
	// asff is Security Hub's Severity.Label.
	asff string
}

var scales = map[model.Severity]scale{
	model.SeverityCritical: {ansi: "\x1b[1;35m", sarifLevel: "error", sarifScore: "9.5", ocsfID: 5, ocsfName: "Critical", asff: "CRITICAL"},
	model.SeverityHigh:     {ansi: "\x1b[1;31m", sarifLevel: "error", sarifScore: "8.0", ocsfID: 4, ocsfName: "High", asff: "HIGH"},
	model.SeverityMedium:   {ansi: "\x1b[33m", sarifLevel: "warning", sarifScore: "5.5", ocsfID: 3, ocsfName: "Medium", asff: "MEDIUM"},
	model.SeverityLow:      {ansi: "\x1b[36m", sarifLevel: "note", sarifScore: "3.0", ocsfID: 2, ocsfName: "Low", asff: "LOW"},
	model.SeverityInfo:     {ansi: "\x1b[37m", sarifLevel: "note", sarifScore: "0.0", ocsfID: 1, ocsfName: "Informational", asff: "INFORMATIONAL"},
}

// scaleOf returns how formats write s; an invalid severity (the zero
// value) is OCSF's Unknown and the lowest level elsewhere.
func scaleOf(s model.Severity) scale {
	if sc, ok := scales[s]; ok {
		return sc
	}
	return scale{ansi: "\x1b[37m", sarifLevel: "note", sarifScore: "0.0", ocsfID: 0, ocsfName: "Unknown", asff: "INFORMATIONAL"}
}

// state is how every format writes a finding's status (open, excepted,
// false_positive, resolved): the one place statuses are mapped.
type state struct {
	// name is the status as Vigil writes it.
	name string
	// ocsfStatusID and ocsfStatus are a finding's status_id and caption
	// (finding.json): New, Suppressed (an accepted risk), Resolved.
	ocsfStatusID int
	ocsfStatus   string
	// ocsfCompliance is the compliance object's status_id and caption:
	// the check fails until the finding is resolved.
	ocsfComplianceID int
	ocsfCompliance   string
	// asffWorkflow, asffRecord and asffCompliance are Security Hub's
	// Workflow.Status, RecordState and Compliance.Status.
	asffWorkflow, asffRecord, asffCompliance string
	// asffVerification is Security Hub's VerificationState, "" when
	// Vigil has no verdict beyond its own.
	asffVerification string
	// resolved: the check passes now.
	resolved bool
}

var states = map[string]state{
	model.StatusOpen: {name: model.StatusOpen, ocsfStatusID: 1, ocsfStatus: "New", ocsfComplianceID: 3, ocsfCompliance: "Fail",
		asffWorkflow: "NEW", asffRecord: "ACTIVE", asffCompliance: "FAILED"},
	model.StatusExcepted: {name: model.StatusExcepted, ocsfStatusID: 3, ocsfStatus: "Suppressed", ocsfComplianceID: 3, ocsfCompliance: "Fail",
		asffWorkflow: "SUPPRESSED", asffRecord: "ACTIVE", asffCompliance: "FAILED"},
	// A false positive: reviewed and found benign (OCSF's Suppressed
	// says so), so the control is not failed; Security Hub's
	// VerificationState has the verdict's own value.
	model.StatusFalsePositive: {name: model.StatusFalsePositive, ocsfStatusID: 3, ocsfStatus: "Suppressed", ocsfComplianceID: 1, ocsfCompliance: "Pass",
		asffWorkflow: "SUPPRESSED", asffRecord: "ACTIVE", asffCompliance: "PASSED", asffVerification: "FALSE_POSITIVE"},
	model.StatusResolved: {name: model.StatusResolved, ocsfStatusID: 4, ocsfStatus: "Resolved", ocsfComplianceID: 1, ocsfCompliance: "Pass",
		asffWorkflow: "RESOLVED", asffRecord: "ARCHIVED", asffCompliance: "PASSED", resolved: true},
}

// stateOf returns how formats write a finding's status; an unknown or
// empty status is written as open.
func stateOf(f model.Finding) state {
	if st, ok := states[f.Status]; ok {
		return st
	}
	return states[model.StatusOpen]
}
