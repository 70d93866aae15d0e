package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/browsertest"
)

// TestHTMLInBrowser opens the HTML report in a real browser: the page it
// builds shows the counts and the findings, hostile text stays text, it
// prints to PDF, and it renders to a screenshot a person can look at
// (kept in $VIGIL_SCREENSHOTS when set).
func TestHTMLInBrowser(t *testing.T) {
	browser := browsertest.Chromium(t)
	r := formatsSample()
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	if err := os.WriteFile(page, render(t, "html", r), 0o600); err != nil {
		t.Fatal(err)
	}

	dom := string(browsertest.Headless(t, browser, page, "--dump-dom"))
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
	browsertest.Headless(t, browser, page, "--print-to-pdf="+pdf, "--no-pdf-header-footer")
	data, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) || len(data) < 10_000 {
		t.Fatalf("printing to PDF gave %d bytes (%v): want a PDF document", len(data), err)
	}

	shot := filepath.Join(dir, "report.png")
	if keep := os.Getenv("VIGIL_SCREENSHOTS"); keep != "" {
		shot = filepath.Join(keep, "report-html.png")
	}
	browsertest.Headless(t, browser, page, "--screenshot="+shot, "--window-size=1280,1600")
	png, err := os.ReadFile(shot)
	if err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("no screenshot at %s (%v)", shot, err)
	}
}
