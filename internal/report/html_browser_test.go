package report

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chromium returns Debian's Chromium, or skips the test when it is not
// installed — unless VIGIL_REQUIRE_BROWSER is set (.ci/run sets it and
// installs the browser), so CI never passes by skipping.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("VIGIL_REQUIRE_BROWSER") != "" {
		t.Fatal("VIGIL_REQUIRE_BROWSER is set but chromium is not installed: apt-get install chromium")
	}
	t.Skip("chromium is not installed (apt-get install chromium); set VIGIL_REQUIRE_BROWSER to make this a failure")
	return ""
}

// headless runs the browser on page with args and returns its stdout.
func headless(t *testing.T, browser, page string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
		"--user-data-dir=" + t.TempDir(),
		// Nothing on the page may reach out: every host fails to resolve.
		"--host-resolver-rules=MAP * ~NOTFOUND"}
	cmd := exec.CommandContext(ctx, browser, append(append(base, args...), "file://"+page)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}

// TestHTMLInBrowser opens the HTML report in a real browser: the page it
// builds shows the counts and the findings, hostile text stays text, it
// prints to PDF, and it renders to a screenshot a person can look at
// (kept in $VIGIL_SCREENSHOTS when set).
func TestHTMLInBrowser(t *testing.T) {
	browser := chromium(t)
	r := formatsSample()
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, render(t, "html", r), 0o600); err != nil {
		t.Fatal(err)
	}

	dom := string(headless(t, browser, page, "--dump-dom"))
	for _, want := range []string{"Vigil scan report", "acme-logs", "critical", "Resolved since the last scan (1)", "&lt;script&gt;alert(1)&lt;/script&gt;",
		"Marked false positive (1)", "served through CloudFront only",
		`owner <strong>platform</strong> · due 2026-10-16 <span class="overdue">overdue</span>`} {
		if !strings.Contains(dom, want) {
			t.Errorf("the rendered page lacks %q", want)
		}
	}
	if strings.Contains(strings.ToLower(dom), "<script") {
		t.Error("the rendered page holds a script element: a finding's text became markup")
	}

	pdf := filepath.Join(dir, "report.pdf")
	headless(t, browser, page, "--print-to-pdf="+pdf, "--no-pdf-header-footer")
	data, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) || len(data) < 10_000 {
		t.Fatalf("printing to PDF gave %d bytes (%v): want a PDF document", len(data), err)
	}

	shot := filepath.Join(dir, "report.png")
	if keep := os.Getenv("VIGIL_SCREENSHOTS"); keep != "" {
		shot = filepath.Join(keep, "report-html.png")
	}
	headless(t, browser, page, "--screenshot="+shot, "--window-size=1280,1600")
	png, err := os.ReadFile(shot)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("no screenshot at %s (%v)", shot, err)
	}
}
