package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/vigil-cspm/vigil/internal/model"
)

const junitHelp = "JUnit XML for CI test reports: a suite per rule, a case per resource"

// JUnit writes a JUnit XML report, the shape GitLab, Jenkins and other
// CI systems read (testsuites > testsuite > testcase with failure or
// skipped). Each rule is a test suite, so a CI page groups by check;
// each resource the rule judged is a test case (classname the rule,
// name the resource, file its file). An open finding is a failure, an
// excepted one is skipped with its reason, and a finding this scan
// resolved is a passing case. Vigil records no passes per resource, so
// a rule that found nothing has no suite: the report lists what
// failed, what was accepted and what was fixed, never invented passes.
func JUnit(w io.Writer, r *Report, _ Options) error {
	doc := junitSuites{Name: "vigil", Time: "0"}
	index := map[string]int{}
	add := func(f model.Finding) {
		i, ok := index[f.RuleID]
		if !ok {
			i = len(doc.Suites)
			index[f.RuleID] = i
			doc.Suites = append(doc.Suites, junitSuite{Name: f.RuleID, Time: "0", Timestamp: junitTimestamp(r),
				Properties: []junitProperty{{Name: "title", Value: f.Title}, {Name: "severity", Value: f.Severity.String()}}})
		}
		s, c := &doc.Suites[i], junitCaseOf(f)
		s.count(c)
		doc.count(c)
		s.Cases = append(s.Cases, c)
	}
	for _, f := range r.Findings {
		add(f)
	}
	for _, f := range resolvedFindings(r) {
		add(f)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write JUnit XML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

type junitSuites struct {
	XMLName xml.Name `xml:"testsuites"`
	Name    string   `xml:"name,attr"`
	junitCounts
	Time   string       `xml:"time,attr"`
	Suites []junitSuite `xml:"testsuite"`
}

// junitCounts are the counts a suite and the whole report carry.
type junitCounts struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Skipped  int `xml:"skipped,attr"`
}

func (n *junitCounts) count(c junitCase) {
	n.Tests++
	switch {
	case c.Failure != nil:
		n.Failures++
	case c.Skipped != nil:
		n.Skipped++
	}
}

type junitSuite struct {
	Name string `xml:"name,attr"`
	junitCounts
	Time       string          `xml:"time,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure"`
	Skipped   *junitSkipped `xml:"skipped"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func junitCaseOf(f model.Finding) junitCase {
	r := resourceOf(f)
	file, _ := where(f)
	c := junitCase{Name: junitCaseName(r), Classname: f.RuleID, File: file, Time: "0"}
	switch stateOf(f).name {
	case model.StatusResolved:
		c.SystemOut = "resolved since the last scan: " + f.Message
	case model.StatusExcepted:
		msg := "excepted"
		if ex := f.Exception; ex != nil {
			if until := exceptionUntil(ex); until != "" {
				msg += " until " + until
			}
			msg += ": " + ex.Reason
		}
		text := junitDetails(f)
		if ex := f.Exception; ex != nil && ex.ID != "" {
			text += "exception: " + strings.TrimSpace(ex.ID+" "+parenthesized(ex.Owner)) + "\n"
		}
		c.Skipped = &junitSkipped{Message: msg, Text: text}
	case model.StatusFalsePositive:
		msg := "false positive"
		if m := f.FalsePositive; m != nil {
			msg += " (marked by " + m.By + "): " + m.Reason
		}
		c.Skipped = &junitSkipped{Message: msg, Text: junitDetails(f)}
	default:
		c.Failure = &junitFailure{Message: f.Message, Type: f.Severity.String(), Text: junitDetails(f)}
	}
	return c
}

// junitCaseName names a resource for people: its kind, name and file
// position when it was read from a file, else its ID.
func junitCaseName(r *model.Resource) string {
	if r.Source.File != "" {
		return strings.TrimSpace(r.Kind+" "+qualifiedName(r)) + " (" + location(r) + ")"
	}
	if r.ID != "" {
		return r.ID
	}
	return qualifiedName(r)
}

// junitDetails is a failure's text: everything needed to act on it.
func junitDetails(f model.Finding) string {
	r := resourceOf(f)
	var b strings.Builder
	line := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s: %s\n", k, v)
		}
	}
	line("rule", strings.TrimSpace(f.RuleID+" "+parenthesized(f.Title)))
	line("severity", f.Severity.String())
	line("resource", r.ID)
	if at := evidenceAt(f); at != "" {
		line("location", at)
	} else if r.Source.File != "" {
		line("location", location(r))
	}
	if f.Evidence.Path != "" {
		line("evidence", f.Evidence.Path+evidenceValue(f.Evidence))
	}
	line("fix", f.Remediation)
	line("compliance", strings.Join(requirements(f.Compliance), ", "))
	line("id", f.Fingerprint)
	return b.String()
}

func parenthesized(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

// junitTimestamp is when the scan started, in the form JUnit's schema
// gives (ISO 8601 without a zone; UTC).
func junitTimestamp(r *Report) string {
	if r.Scan == nil || r.Scan.StartedAt.IsZero() {
		return ""
	}
	return r.Scan.StartedAt.UTC().Format("2006-01-02T15:04:05")
}
