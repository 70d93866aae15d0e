package report

import (
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/vigil-cspm/vigil/internal/model"
)

// SARIF writes a SARIF 2.1.0 log with one run of a report held in
// memory. Manifest findings carry physical locations (file and line,
// relative URIs); live findings carry the resource as a logical
// location. partialFingerprints hold the stable finding id so
// code-scanning services track a finding across runs.
func SARIF(w io.Writer, r *Report, opts Options) error { return Render(newSARIFStream(w, opts), r) }

// sarifStream writes the log as findings arrive: the run's results
// first, then its tool (the rules the results refer to, indexed in the
// order they first appeared) and the invocation, known only at the end.
type sarifStream struct {
	doc   *arrayDoc
	index map[string]int
	order []string
	first map[string]model.Finding // a finding of each rule, for rules without metadata
}

func newSARIFStream(w io.Writer, _ Options) Stream {
	head := "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"results\": ["
	return &sarifStream{doc: newArrayDoc(w, head, "        "), index: map[string]int{}, first: map[string]model.Finding{}}
}

func (s *sarifStream) Findings(fs []model.Finding) error {
	for _, f := range fs {
		i, ok := s.index[f.RuleID]
		if !ok {
			i = len(s.order)
			s.index[f.RuleID] = i
			s.order = append(s.order, f.RuleID)
			s.first[f.RuleID] = f
		}
		if err := s.doc.add(sarifResult(f, i)); err != nil {
			return fmt.Errorf("write finding %s: %w", f.Fingerprint, err)
		}
	}
	return nil
}

func (s *sarifStream) End(r *Report) error {
	rules := make([]map[string]any, 0, len(s.order))
	for _, id := range s.order {
		rules = append(rules, sarifRule(id, r.Rules[id], s.first[id]))
	}
	version := r.Version
	if version == "" {
		version = "dev"
	}
	return s.doc.end([]member{
		{"tool", map[string]any{"driver": map[string]any{
			"name":           "vigil",
			"version":        version,
			"informationUri": "https://github.com/vigil-cspm/vigil",
			"rules":          rules,
		}}},
		{"automationDetails", map[string]any{"id": "vigil/" + scanSource(r)}},
		{"columnKind", "utf16CodeUnits"},
		{"invocations", []any{invocation(r)}},
		{"originalUriBaseIds", map[string]any{"SRCROOT": map[string]any{"uri": "file:///"}}},
	}, "\n    }\n  ]\n}\n")
}

// sarifResult is one finding as a SARIF result of the rule at ruleIndex.
func sarifResult(f model.Finding, ruleIndex int) map[string]any {
	res := map[string]any{
		"ruleId":              f.RuleID,
		"ruleIndex":           ruleIndex,
		"level":               scaleOf(f.Severity).sarifLevel,
		"message":             map[string]any{"text": sarifMessage(f)},
		"partialFingerprints": map[string]any{"vigilFindingId/v1": f.Fingerprint},
		"properties": map[string]any{
			"severity": f.Severity.String(),
			"resource": resourceOf(f).ID,
		},
	}
	if r := f.Risk; r != nil {
		props := res["properties"].(map[string]any)
		props["risk"] = r.Score
		props["riskDetails"] = riskDetails(r)
		if len(f.Members) > 0 {
			props["members"] = f.Members
		}
	}
	switch {
	case f.Status == model.StatusFalsePositive && f.FalsePositive != nil:
		res["suppressions"] = []any{map[string]any{"kind": "external", "status": "accepted", "justification": "false positive: " + f.FalsePositive.Reason}}
	case f.Status == model.StatusExcepted && f.Exception != nil:
		res["suppressions"] = []any{map[string]any{"kind": "inSource", "justification": f.Exception.Reason}}
	}
	if src := resourceOf(f).Source; src.File != "" {
		file, line := src.File, src.Line
		if f.Evidence.Line > 0 {
			file, line = evidenceFile(f), f.Evidence.Line
		}
		if d := src.DefinedIn; d != nil {
			// A resource declared in a module is reported at the module
			// call in the root configuration, with the offending line in
			// the module as a related location the message links to.
			// The call is where this instance is made and given its
			// inputs: two calls of one module are two alerts, each on
			// its own call; a registry module's files
			// (.terraform/modules) are not in the repository, so an
			// alert there could not be shown on the code, nor be fixed
			// there; and a pull request that adds or changes the call
			// gets the annotation on its own diff.
			what := "set"
			if f.Evidence.Line == 0 {
				file, line, what = d.File, d.Line, "declared"
			}
			res["relatedLocations"] = []any{map[string]any{"id": 1, "physicalLocation": sarifPhysical(file, line),
				"message": map[string]any{"text": what + " in the module"}}}
			res["message"] = map[string]any{"text": sarifEscape(sarifMessage(f)) + "; " + what + " in the module at [" + sarifEscape(fileLine(filepath.ToSlash(file), line)) + "](1)"}
			file, line = src.File, src.Line
		}
		res["locations"] = []any{map[string]any{"physicalLocation": sarifPhysical(file, line)}}
	} else {
		res["locations"] = []any{map[string]any{"logicalLocations": []any{map[string]any{
			"fullyQualifiedName": resourceOf(f).ID,
			"name":               resourceOf(f).Name,
			"kind":               "resource",
		}}}}
	}
	return res
}

func scanSource(r *Report) string {
	if r.Scan == nil {
		return "scan"
	}
	return r.Scan.Source
}

func invocation(r *Report) map[string]any {
	inv := map[string]any{"executionSuccessful": r.Scan == nil || r.Scan.Status != model.ScanFailed}
	if r.Scan == nil {
		return inv
	}
	var notes []any
	for _, e := range r.Scan.Errors {
		n := map[string]any{"level": "error", "message": map[string]any{"text": e.Message}}
		if e.File != "" {
			n["locations"] = []any{map[string]any{"physicalLocation": sarifPhysical(e.File, e.Line)}}
		}
		notes = append(notes, n)
	}
	for _, c := range r.Scan.Coverage {
		if c.Status == model.CoverageDenied || c.Status == model.CoverageError {
			notes = append(notes, map[string]any{"level": "warning", "message": map[string]any{"text": c.Scope + " not covered: " + c.Reason}})
		}
	}
	if len(notes) > 0 {
		inv["toolExecutionNotifications"] = notes
	}
	return inv
}

// sarifPhysical is a physical location: the file, and the line when
// known.
func sarifPhysical(file string, line int) map[string]any {
	loc := map[string]any{"artifactLocation": map[string]any{"uri": fileURI(file)}}
	if line > 0 {
		loc["region"] = map[string]any{"startLine": line}
	}
	return loc
}

// sarifEscape escapes the characters that would start or end an
// embedded link in a message that has one (SARIF 2.1.0 §3.11.6).
func sarifEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(s)
}

// fileURI turns a scanned path into a relative URI reference.
func fileURI(p string) string {
	p = filepath.ToSlash(p)
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	return strings.Join(segs, "/")
}

func sarifMessage(f model.Finding) string {
	msg := f.Message
	if r := f.Resource; r != nil {
		msg += " (" + r.Kind + " " + qualifiedName(r) + ")"
	}
	return msg
}

func sarifRule(id string, meta *model.RuleMeta, f model.Finding) map[string]any {
	rule := map[string]any{"id": id}
	if meta == nil {
		meta = &model.RuleMeta{ID: id, Title: f.Title, Severity: f.Severity, Remediation: f.Remediation}
	}
	rule["name"] = pascal(id)
	rule["shortDescription"] = map[string]any{"text": meta.Title}
	desc := meta.Description
	if desc == "" {
		desc = meta.Title
	}
	rule["fullDescription"] = map[string]any{"text": desc}
	help := desc + "\n\nRemediation:\n" + meta.Remediation
	md := "**" + meta.Title + "**\n\n" + desc + "\n\n**Remediation**\n\n```\n" + meta.Remediation + "\n```\n"
	if len(meta.References) > 0 {
		md += "\n**References**\n\n"
		for _, ref := range meta.References {
			md += "- " + ref + "\n"
		}
		rule["helpUri"] = meta.References[0]
	}
	rule["help"] = map[string]any{"text": help, "markdown": md}
	tags := []any{"security"}
	for _, req := range requirements(meta.Compliance) {
		tags = append(tags, req)
	}
	rule["properties"] = map[string]any{
		"tags":              tags,
		"security-severity": scaleOf(meta.Severity).sarifScore,
		"precision":         "high",
	}
	rule["defaultConfiguration"] = map[string]any{"level": scaleOf(meta.Severity).sarifLevel}
	return rule
}

func pascal(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '-' || r == '.' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}
