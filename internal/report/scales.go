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
}

var scales = map[model.Severity]scale{
	model.SeverityCritical: {ansi: "\x1b[1;35m", sarifLevel: "error", sarifScore: "9.5"},
	model.SeverityHigh:     {ansi: "\x1b[1;31m", sarifLevel: "error", sarifScore: "8.0"},
	model.SeverityMedium:   {ansi: "\x1b[33m", sarifLevel: "warning", sarifScore: "5.5"},
	model.SeverityLow:      {ansi: "\x1b[36m", sarifLevel: "note", sarifScore: "3.0"},
	model.SeverityInfo:     {ansi: "\x1b[37m", sarifLevel: "note", sarifScore: "0.0"},
}

// scaleOf returns how formats write s; an invalid severity (the zero
// value) is written as the lowest.
func scaleOf(s model.Severity) scale {
	if sc, ok := scales[s]; ok {
		return sc
	}
	return scale{ansi: "\x1b[37m", sarifLevel: "note", sarifScore: "0.0"}
}
