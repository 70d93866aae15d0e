// Package browsertest opens pages Vigil writes in a real headless
// Chromium, for tests: the DOM as the browser built it, a PDF as it
// prints, a screenshot a person can look at. Nothing on a page may reach
// the network: every host fails to resolve.
package browsertest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// Chromium returns Debian's Chromium, or skips the test when it is not
// installed — unless VIGIL_REQUIRE_BROWSER is set (.ci/run sets it and
// installs the browser), so CI never passes by skipping.
func Chromium(t testing.TB) string {
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

// Headless runs the browser on the file page with args and returns its
// stdout.
func Headless(t testing.TB, browser, page string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
		"--user-data-dir=" + t.TempDir(), "--host-resolver-rules=MAP * ~NOTFOUND"}
	cmd := exec.CommandContext(ctx, browser, append(append(base, args...), "file://"+page)...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return stdout.Bytes()
}
