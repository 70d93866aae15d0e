package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// criticalIDs are the fingerprints of the examples' critical findings.
func criticalIDs(t *testing.T, db string) []string {
	t.Helper()
	r := run(t, "", "findings", "list", "--store", db, "--severity", "critical", "--format", "json")
	var l listedFindings
	if err := json.Unmarshal([]byte(r.stdout), &l); err != nil || r.code != ExitOK {
		t.Fatalf("list: exit %d %v\n%s", r.code, err, r.stderr)
	}
	var ids []string
	for _, f := range l.Findings {
		ids = append(ids, f.ID)
	}
	return ids
}

// TestFindingsMark: marking the examples' two critical findings false
// positive hides them from the table, keeps them in JSON with the mark,
// shows the mark in history, survives a later scan, and lets that scan
// pass --fail-on critical; clearing one brings the gate back.
func TestFindingsMark(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "v.db")
	scan := func() result {
		return run(t, "", "scan", "iac", examples(t), "--store", db, "--fail-on", "critical", "-q", "--format", "json")
	}
	if r := scan(); r.code != ExitGate {
		t.Fatalf("first scan: exit %d, want %d (two critical findings)\n%s", r.code, ExitGate, r.stderr)
	}
	ids := criticalIDs(t, db)
	if len(ids) != 2 {
		t.Fatalf("critical findings = %v, want 2", ids)
	}

	// Usage errors: no reason, both or neither verdict, an unknown id.
	for _, args := range [][]string{
		{ids[0], "--false-positive"},
		{ids[0], "--false-positive", "--clear", "--reason", "x"},
		{ids[0], "--reason", "x"},
		{"ffffffffff", "--false-positive", "--reason", "x"},
		{ids[0], "--clear", "--reason", "not marked yet"},
	} {
		r := run(t, "", append([]string{"findings", "mark", "--store", db}, args...)...)
		if r.code != ExitError {
			t.Errorf("mark %v: exit %d, want %d\n%s", args, r.code, ExitError, r.stderr)
		}
	}

	for _, id := range ids {
		r := run(t, "", "findings", "mark", id[:10], "--false-positive", "--reason", "reviewed: not exploitable here", "--by", "alice", "--store", db)
		if r.code != ExitOK || !strings.Contains(r.stdout, id+" marked false positive") {
			t.Fatalf("mark %s: exit %d\n%s%s", id, r.code, r.stdout, r.stderr)
		}
	}
	r := run(t, "", "findings", "list", "--store", db, "--severity", "critical")
	if r.code != ExitOK || !strings.Contains(r.stdout, "0 findings") || !strings.Contains(r.stdout, "2 false-positive findings not shown") {
		t.Fatalf("default table: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, "", "findings", "list", "--store", db, "--status", "false_positive")
	if r.code != ExitOK || strings.Count(r.stdout, "false_positive (alice)") != 2 {
		t.Fatalf("--status false_positive: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	var listed struct {
		Findings []struct {
			ID, Status    string
			FalsePositive *struct{ By, Reason string } `json:"false_positive"`
		}
	}
	r = run(t, "", "findings", "list", "--store", db, "--severity", "critical", "--format", "json")
	if err := json.Unmarshal([]byte(r.stdout), &listed); err != nil {
		t.Fatal(err)
	}
	if len(listed.Findings) != 2 {
		t.Fatalf("JSON lists %d critical findings, want both", len(listed.Findings))
	}
	for _, f := range listed.Findings {
		if f.Status != "false_positive" || f.FalsePositive == nil || f.FalsePositive.By != "alice" || f.FalsePositive.Reason == "" {
			t.Errorf("JSON finding %s: status %q mark %+v", f.ID, f.Status, f.FalsePositive)
		}
	}

	// A later scan sees them again: marks kept, the gate passes.
	if r := scan(); r.code != ExitOK {
		t.Fatalf("scan after marking: exit %d, want 0 (marked findings do not gate)\n%s", r.code, r.stderr)
	} else if strings.Count(r.stdout, `"status": "false_positive"`) != 2 {
		t.Errorf("the scan's JSON does not report both as false positives")
	}
	r = run(t, "", "findings", "history", ids[0], "--store", db)
	if r.code != ExitOK || !strings.Contains(r.stdout, "marked false positive") || !strings.Contains(r.stdout, "alice: reviewed") || !strings.Contains(r.stdout, "opened") {
		t.Fatalf("history: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// Clearing one: it is open again and gates again.
	r = run(t, "", "findings", "mark", ids[0], "--clear", "--reason", "it is real after all", "--by", "bob", "--store", db)
	if r.code != ExitOK {
		t.Fatalf("clear: exit %d\n%s", r.code, r.stderr)
	}
	if r := scan(); r.code != ExitGate {
		t.Fatalf("scan after clearing: exit %d, want %d", r.code, ExitGate)
	}
	r = run(t, "", "findings", "history", ids[0], "--store", db, "--format", "json")
	var h struct{ Marks []struct{ Kind, By string } }
	if err := json.Unmarshal([]byte(r.stdout), &h); err != nil || len(h.Marks) != 2 || h.Marks[1].Kind != "cleared" || h.Marks[1].By != "bob" {
		t.Fatalf("history marks = %+v (%v)", h.Marks, err)
	}
}
