package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/iacpush"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/serve"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

// servePush starts vigil serve with a ci and a viewer token and returns
// its URL, the ci token file and the store.
func servePush(t *testing.T) (base, ciFile string, st store.Store) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "vigil.db")
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := scan.LoadLibrary(ctx, scan.LibraryOptions{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	hash := func(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }
	cfg := config.Default()
	cfg.Serve.Auth.Tokens = []config.Token{{Name: "ci", Role: config.RoleCI, SHA256: hash("ci-token")}, {Name: "viewer", Role: config.RoleViewer, SHA256: hash("viewer-token")}}
	svc, err := serve.New(ctx, serve.Options{Config: cfg, Store: st, DSN: path, Library: lib, Listen: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- svc.Run(rctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		st.Close()
	})
	ciFile = filepath.Join(dir, "ci.token")
	if err := os.WriteFile(ciFile, []byte("ci-token\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return "http://" + svc.Addr(), ciFile, st
}

// verdicts are a scan's findings as rule, file:line, status.
func localVerdicts(d doc) []string {
	var out []string
	for _, f := range d.Findings {
		line := f.Evidence.Line
		if line == 0 {
			line = f.Resource.Source.Line
		}
		out = append(out, fmt.Sprintf("%s %s:%d %s", f.RuleID, filepath.Base(f.Resource.Source.File), line, f.Status))
	}
	slices.Sort(out)
	return out
}

func pushedVerdicts(fs []iacpush.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s:%d %s", f.Rule, filepath.Base(f.File), f.Line, f.Status))
	}
	slices.Sort(out)
	return out
}

// TestPushIaC: a CI scan pushed to the server is evaluated there to the
// same findings, at the same lines, as the CLI found; the default branch
// enters the findings lifecycle, another ref becomes a check that a
// viewer can read and the ci token cannot.
func TestPushIaC(t *testing.T) {
	base, ciFile, st := servePush(t)
	ex := examples(t)
	local := run(t, "", "scan", "iac", ex, "--format", "json")
	if local.code != ExitGate && local.code != ExitOK {
		t.Fatalf("local scan: %d %s", local.code, local.stderr)
	}
	want := localVerdicts(parseDoc(t, local.stdout))

	pushed := run(t, "", "scan", "iac", ex, "--format", "json", "--push", base, "--token-file", ciFile, "--repo", "org/infra", "--ref", "main", "--commit", "abc123")
	if pushed.code != local.code || !slices.Equal(localVerdicts(parseDoc(t, pushed.stdout)), want) {
		t.Fatalf("--push changed the local scan: exit %d vs %d\n%s", pushed.code, local.code, pushed.stderr)
	}
	if !strings.Contains(pushed.stderr, "entered the findings lifecycle") {
		t.Fatalf("push on main: %s", pushed.stderr)
	}
	stored, err := st.Findings(context.Background(), store.Query{Source: "iac", Account: "org/infra"})
	if err != nil || len(stored) != len(want) {
		t.Fatalf("stored findings of org/infra = %d, want %d (%v)", len(stored), len(want), err)
	}

	// A pull request's ref: a check, the same verdicts, nothing stored.
	pr := run(t, "", "scan", "iac", ex, "--format", "json", "--push", base, "--token-file", ciFile, "--repo", "org/infra", "--ref", "feature/x")
	i := strings.Index(pr.stderr, base+"/api/v1/iac/checks/")
	if i < 0 {
		t.Fatalf("push on a branch: %s", pr.stderr)
	}
	checkURL := strings.Fields(pr.stderr[i:])[0]
	get := func(token string) (int, []byte) {
		req, _ := http.NewRequest("GET", checkURL, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, b
	}
	if code, _ := get("ci-token"); code != http.StatusForbidden {
		t.Errorf("ci token reading a check = %d, want 403", code)
	}
	code, body := get("viewer-token")
	var res iacpush.Result
	if code != 200 || json.Unmarshal(body, &res) != nil {
		t.Fatalf("check = %d %s", code, body)
	}
	if res.Lifecycle || res.Ref != "feature/x" {
		t.Errorf("check = %+v", res)
	}
	if got := pushedVerdicts(res.Findings); !slices.Equal(got, want) {
		t.Errorf("the server's verdicts differ from the CLI's:\nserver %v\nlocal  %v", got, want)
	}
	after, _ := st.Findings(context.Background(), store.Query{Source: "iac", Account: "org/infra"})
	if len(after) != len(stored) {
		t.Errorf("a branch push changed the stored findings: %d, was %d", len(after), len(stored))
	}

	// Usage errors before anything is scanned.
	for _, args := range [][]string{
		{"--push", base},
		{"--push", base, "--token-file", ciFile},
		{"--push", "vigil.example.com", "--token-file", ciFile, "--repo", "a/b", "--ref", "main"},
	} {
		r := run(t, "", append([]string{"scan", "iac", ex}, args...)...)
		if r.code != ExitError || !strings.Contains(r.stderr, "--") {
			t.Errorf("%v: exit %d %s", args, r.code, r.stderr)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.token")
	os.WriteFile(bad, []byte("nope"), 0o600)
	r := run(t, "", "scan", "iac", ex, "--push", base, "--token-file", bad, "--repo", "a/b", "--ref", "main")
	if r.code != ExitError || !strings.Contains(r.stderr, "401") {
		t.Errorf("push with a bad token: exit %d %s", r.code, r.stderr)
	}
}
