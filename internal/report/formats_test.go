package report

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
)

// render writes r in the named format through its stream, as a scan does.
func render(t *testing.T, name string, r *Report) []byte {
	t.Helper()
	f, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := Render(f.New(&buf, Options{}), r); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return buf.Bytes()
}

// checkGolden compares got with a golden file, or rewrites it under
// -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s changed; if intended, run go test ./internal/report -update\n got:\n%s", path, got)
	}
}

// parses checks that a machine-read format's output is well formed.
func parses(t *testing.T, name string, out []byte) {
	t.Helper()
	var err error
	switch name {
	case "json", "sarif":
		var v any
		err = json.Unmarshal(out, &v)
	}
	if err != nil {
		t.Fatalf("%s output does not parse: %v\n%s", name, err, out)
	}
}

// TestFormatsSurviveEmptyAndZeroValues: every format writes an empty
// report, and findings whose fields (resource, exception, times,
// severity, status) are missing or out of range, without panicking
// and in a form that still parses.
func TestFormatsSurviveEmptyAndZeroValues(t *testing.T) {
	expired := &model.Exception{Expired: true}
	cases := map[string]*Report{
		"empty":   {},
		"no scan": {Findings: []model.Finding{{}}, Resolved: []model.Finding{{}}},
		"no fields": {Scan: &model.Scan{}, Findings: []model.Finding{
			{Resource: &model.Resource{}},
			{Resource: &model.Resource{Provider: "aws", Account: "111111111111"}},
			{Resource: &model.Resource{Provider: "aws", Account: "not-an-id"}},
			{Status: model.StatusExcepted},
			{Status: model.StatusResolved},
			{Status: "bogus", Severity: 99, Exception: expired},
			{Message: "\x00\x1b[31m control \ufffe characters", Title: strings.Repeat("long ", 400),
				Compliance: []model.ComplianceRef{{}}, Evidence: model.Evidence{Value: map[string]any{"k": []any{1}}}},
		}, Frameworks: []FrameworkResult{{}}, Inconclusive: []model.Inconclusive{{}}},
	}
	for name, r := range cases {
		for _, f := range Formats() {
			t.Run(name+"/"+f.Name, func(t *testing.T) {
				parses(t, f.Name, render(t, f.Name, r))
			})
		}
	}
}
