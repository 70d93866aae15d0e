package policy

import (
	"fmt"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Error is a problem with a rule file, located at file:line.
type Error struct {
	File    string
	Line    int
	Message string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message)
	}
	return e.File + ": " + e.Message
}

// Errors is a list of rule problems, reported together.
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "\n")
}

// validRuleID reports whether id is 3-80 lowercase letters, digits, '.',
// '_' or '-', starting with a letter or digit. It is a loop, not a
// regular expression, whose bounded repetition would compile into ~900
// allocations as the package initialises, in every command.
func validRuleID(id string) bool {
	if len(id) < 3 || len(id) > 80 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
		case i > 0 && (c == '.' || c == '_' || c == '-'):
		default:
			return false
		}
	}
	return true
}

// parseModule parses one Rego v1 file with its annotations. caps are
// the capabilities rules are compiled with: without them OPA's parser
// builds its own table for every file.
func parseModule(file, src string, caps *ast.Capabilities) (*ast.Module, error) {
	m, err := ast.ParseModuleWithOpts(file, src, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1, Capabilities: caps})
	if err != nil {
		return nil, locate(file, err)
	}
	if m == nil {
		return nil, &Error{File: file, Message: "file holds no Rego module: add a package declaration"}
	}
	return m, nil
}

// locate converts OPA parse and compile errors into located errors.
func locate(file string, err error) error {
	var out Errors
	if astErrs, ok := err.(ast.Errors); ok {
		for _, e := range astErrs {
			le := &Error{File: file, Message: e.Message}
			if e.Location != nil {
				le.File, le.Line = e.Location.File, e.Location.Row
			}
			out = append(out, le)
		}
		return out
	}
	return &Error{File: file, Message: err.Error()}
}

// hasDeny reports whether the module defines a deny rule.
func hasDeny(m *ast.Module) bool {
	for _, r := range m.Rules {
		if r.Head.Name.Equal(ast.Var("deny")) || (len(r.Head.Reference) > 0 && r.Head.Reference[0].Value.Compare(ast.Var("deny")) == 0) {
			return true
		}
	}
	return false
}

// packageAnnotation returns the METADATA block scoped to the package.
func packageAnnotation(m *ast.Module) *ast.Annotations {
	for _, a := range m.Annotations {
		if a.Scope == "package" || a.Scope == "subpackages" {
			return a
		}
	}
	return nil
}

// ruleMeta reads a rule's metadata from its package annotation. A module
// without one and without deny is a library module: (nil, nil).
func ruleMeta(file string, m *ast.Module, knownTypes func(string) bool) (*model.RuleMeta, error) {
	a := packageAnnotation(m)
	deny := hasDeny(m)
	if a == nil {
		if deny {
			return nil, &Error{File: file, Line: m.Package.Location.Row, Message: "rule has no METADATA header: put a '# METADATA' comment block with title, description and custom.id, custom.severity, custom.resource_types, custom.remediation right above the package line"}
		}
		return nil, nil
	}
	line := m.Package.Location.Row
	if a.Location != nil {
		line = a.Location.Row
	}
	fail := func(format string, args ...any) error {
		return &Error{File: file, Line: line, Message: fmt.Sprintf(format, args...)}
	}
	if !deny {
		return nil, fail("module has a METADATA header but no deny rule: add 'deny contains result if { … }'")
	}
	meta := &model.RuleMeta{File: file, Package: strings.TrimPrefix(m.Package.Path.String(), "data."), Title: strings.TrimSpace(a.Title), Description: strings.TrimSpace(a.Description)}
	c := a.Custom
	meta.ID, _ = c["id"].(string)
	if !validRuleID(meta.ID) {
		return nil, fail("custom.id %q is not a valid rule id: use 3-80 lowercase letters, digits, '.', '_' or '-'", meta.ID)
	}
	if meta.Title == "" {
		return nil, fail("rule %s has no title", meta.ID)
	}
	if meta.Description == "" {
		return nil, fail("rule %s has no description", meta.ID)
	}
	sev, _ := c["severity"].(string)
	s, err := model.ParseSeverity(sev)
	if err != nil {
		return nil, fail("rule %s: custom.severity: %v", meta.ID, err)
	}
	meta.Severity = s
	types, err := stringList(c["resource_types"])
	if err != nil || len(types) == 0 {
		return nil, fail("rule %s: custom.resource_types must be a non-empty list of resource types such as k8s.apps.deployment", meta.ID)
	}
	for _, t := range types {
		if !knownTypes(t) {
			return nil, fail("rule %s: resource type %q has no schema: see 'vigil rules types' for valid types and 'vigil rules schema TYPE' for their attributes", meta.ID, t)
		}
	}
	meta.ResourceTypes = types
	if rel, ok := c["related_types"]; ok {
		rt, err := stringList(rel)
		if err != nil {
			return nil, fail("rule %s: custom.related_types must be a list of resource types", meta.ID)
		}
		meta.RelatedTypes = rt
	}
	meta.Remediation, _ = c["remediation"].(string)
	meta.Remediation = strings.TrimSpace(meta.Remediation)
	if meta.Remediation == "" {
		return nil, fail("rule %s has no custom.remediation: say how to fix it, with a snippet", meta.ID)
	}
	for _, rr := range a.RelatedResources {
		if rr.Ref.String() != "" {
			meta.References = append(meta.References, rr.Ref.String())
		}
	}
	return meta, nil
}

func stringList(v any) ([]string, error) {
	l, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("not a list")
	}
	out := make([]string, 0, len(l))
	for _, e := range l {
		s, ok := e.(string)
		if !ok || s == "" {
			return nil, fmt.Errorf("not a list of strings")
		}
		out = append(out, s)
	}
	return out, nil
}
