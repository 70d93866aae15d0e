package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe to read while the command writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestServeDemo runs `vigil serve --demo` as a user would: it prints a
// sign-in link that works, scans the bundled estate, and stops cleanly
// on cancellation (Ctrl-C) with exit 0.
func TestServeDemo(t *testing.T) {
	t.Setenv("XDG_DATA_HOME", t.TempDir())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stderr syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"serve", "--demo", "--listen", "127.0.0.1:0", "--log-format", "text"}, IO{In: strings.NewReader(""), Out: io.Discard, Err: &stderr})
	}()
	linkRE := regexp.MustCompile(`one-time link \(valid 24 h\): (http://127\.0\.0\.1:\d+)(/login/link\?token=\S+)`)
	var m []string
	for deadline := time.Now().Add(60 * time.Second); m == nil; time.Sleep(50 * time.Millisecond) {
		if m = linkRE.FindStringSubmatch(stderr.String()); m == nil && time.Now().After(deadline) {
			t.Fatalf("no sign-in link in 60 s:\n%s", stderr.String())
		}
	}
	base := m[1]
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	if resp, err := c.Get(base + m[2]); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	// Wait for the demo's scans, through the API as the signed-in admin.
	// (The organization's accounts are listed first, then scanned.)
	scanned := func(c string) bool { return strings.Contains(stderr.String(), `msg="scan finished" connector=`+c) }
	for deadline := time.Now().Add(90 * time.Second); !scanned("demo-aws") || !scanned("demo-manifests"); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the demo's scans did not finish in 90 s:\n%s", stderr.String())
		}
	}
	resp, err := c.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `vigil_scans_total{connector="demo-aws",outcome="success"}`) {
		t.Fatalf("metrics as the signed-in admin = %d\n%s", resp.StatusCode, body)
	}
	cancel()
	select {
	case code := <-done:
		if code != ExitOK {
			t.Fatalf("serve exited %d:\n%s", code, stderr.String())
		}
	case <-time.After(60 * time.Second):
		t.Fatal("serve did not stop within 60 s of cancellation")
	}
	if strings.Contains(stderr.String(), "level=ERROR") {
		t.Errorf("errors logged:\n%s", stderr.String())
	}
}
