package report

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vigil-cspm/vigil/internal/model"
)

// What every format says about a finding: where it is, what it bears
// on, until when it is accepted. Formats call these rather than
// describe a finding their own way.

// evidenceFile is the file of a finding's evidence line: the resource's,
// unless another file set the attribute.
func evidenceFile(f model.Finding) string {
	if f.Evidence.File != "" {
		return f.Evidence.File
	}
	return resourceOf(f).Source.File
}

// evidenceAt is where a finding's evidence line is, for people:
// file:line, and for a resource declared in a module the module call
// first, then the line in the module ("main.tf:12 → modules/logs/main.tf:7").
// It is "" when the evidence has no line.
func evidenceAt(f model.Finding) string {
	if f.Evidence.Line == 0 || resourceOf(f).Source.File == "" {
		return ""
	}
	at := fileLine(evidenceFile(f), f.Evidence.Line)
	if resourceOf(f).Source.DefinedIn != nil {
		at = resourceOf(f).Location() + " → " + at
	}
	return at
}

// fileLine renders file:line, or the file alone when the line is unknown.
func fileLine(file string, line int) string {
	if line > 0 {
		return file + ":" + strconv.Itoa(line)
	}
	return file
}

func location(r *model.Resource) string {
	if r.Source.File != "" {
		loc := r.Location()
		if d := r.Source.DefinedIn; d != nil {
			loc += " (module call; defined at " + fileLine(d.File, d.Line) + ")"
		}
		return loc
	}
	return r.ID
}

func evidenceValue(e model.Evidence) string {
	if e.Value == nil {
		return ""
	}
	return " = " + truncate(fmt.Sprint(e.Value), 80)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

func qualifiedName(r *model.Resource) string {
	if r == nil {
		return ""
	}
	if r.Namespace == "" {
		return r.Name
	}
	return r.Namespace + "/" + r.Name
}

// resourceOf is a finding's resource, or an empty one: every finding
// names its resource, but no writer may panic on one that does not.
func resourceOf(f model.Finding) *model.Resource {
	if f.Resource == nil {
		return &model.Resource{}
	}
	return f.Resource
}

// exceptionOf is a finding's exception, or an empty one for an
// excepted finding that does not name it.
func exceptionOf(f model.Finding) *model.Exception {
	if f.Exception == nil {
		return &model.Exception{}
	}
	return f.Exception
}

// where is the file and line a finding points at: its evidence line
// when the attribute's line is known, else its resource's declaration;
// "" and 0 for a live resource.
func where(f model.Finding) (file string, line int) {
	r := resourceOf(f)
	if r.Source.File == "" {
		return "", 0
	}
	if f.Evidence.Line > 0 {
		return evidenceFile(f), f.Evidence.Line
	}
	return r.Source.File, r.Source.Line
}

// requirements names the framework requirements a finding bears on,
// "<framework>:<control>", in the rule's order.
func requirements(refs []model.ComplianceRef) []string {
	out := make([]string, 0, len(refs))
	for _, c := range refs {
		out = append(out, c.Framework+":"+c.Control)
	}
	return out
}

// frameworks lists the frameworks of refs once each, in order.
func frameworks(refs []model.ComplianceRef) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range refs {
		if !seen[c.Framework] {
			seen[c.Framework] = true
			out = append(out, c.Framework)
		}
	}
	return out
}

// exceptionUntil is the last day an exception applies, YYYY-MM-DD, or
// "" when it has no expiry. Expires is the first day it no longer does.
func exceptionUntil(ex *model.Exception) string {
	if ex == nil || ex.Expires == nil {
		return ""
	}
	return ex.Expires.AddDate(0, 0, -1).Format("2006-01-02")
}

// truncate shortens s to at most n characters, the last an ellipsis,
// for formats with length limits.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// findingTypes classifies a finding in ASFF's types taxonomy
// (namespace/category/classifier; a partial path is valid), for ASFF's
// Types and OCSF's finding_info.types: a configuration check, under the
// regulatory standards its rule maps to, or else, on AWS, a best
// practice.
func findingTypes(f model.Finding) []string {
	const ns = "Software and Configuration Checks"
	if len(f.Compliance) == 0 {
		if resourceOf(f).Provider == "aws" {
			return []string{ns + "/AWS Security Best Practices"}
		}
		return []string{ns}
	}
	const standards = ns + "/Industry and Regulatory Standards"
	for _, fw := range frameworks(f.Compliance) {
		if strings.HasPrefix(fw, "cis-aws-") {
			return []string{standards + "/CIS AWS Foundations Benchmark"}
		}
	}
	return []string{standards}
}

// awsHomeRegions are the regions of each partition's global services.
var awsHomeRegions = map[string]string{"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}

// awsPartition is the partition an ARN names ("arn:aws-cn:…"); "aws"
// for an ID that is not an ARN of a known partition.
func awsPartition(id string) string {
	if rest, ok := strings.CutPrefix(id, "arn:"); ok {
		p, _, _ := strings.Cut(rest, ":")
		if _, known := awsHomeRegions[p]; known {
			return p
		}
	}
	return "aws"
}
