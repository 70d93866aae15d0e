package serve_test

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/serve"
	"github.com/vigil-cspm/vigil/internal/store"
)

// TestRetention: the service's daily compaction removes findings
// resolved before retention.history and keeps open ones.
func TestRetention(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	shop, err := os.ReadFile(filepath.Join("..", "..", "examples", "shop.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// A privileged pod, fixed later: its findings resolve.
	pay := []byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: legacy\n  namespace: payments\nspec:\n  containers:\n  - name: app\n    image: registry.example.com/app:1.0\n    securityContext:\n      privileged: true\n")
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("shop.yaml", shop)
	write("payments.yaml", pay)
	var mu sync.Mutex
	now := time.Now().AddDate(0, 0, -500)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	conn := serve.ManifestConnectorForTest("manifests", dir)[0]
	opts := options(t)
	opts.Connectors, opts.Now, opts.Jobs = []serve.Connector{conn}, clock, jobs.Options{PollInterval: 50 * time.Millisecond}
	r := run(t, opts)
	svc, st := r.svc, r.store
	scans := 0
	scanNow := func() {
		t.Helper()
		scans++
		r.enqueue(t, conn)
		for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			hs, _ := svc.Engine().Health(ctx)
			if len(hs) == 1 && len(hs[0].Scopes) == 1 && hs[0].Scopes[0].Runs >= int64(scans) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("scan %d did not finish", scans)
			}
		}
	}
	count := func(status string) int {
		fs, err := st.Findings(ctx, store.Query{Status: status})
		if err != nil {
			t.Fatal(err)
		}
		return len(fs)
	}
	scanNow() // 500 days ago: both files
	write("payments.yaml", []byte("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: payments\ndata:\n  mode: live\n"))
	mu.Lock()
	now = now.AddDate(0, 0, 1)
	mu.Unlock()
	scanNow() // 499 days ago: payments' findings resolve
	resolved, open := count("resolved"), count("open")
	if resolved == 0 || open == 0 {
		t.Fatalf("before compaction: %d resolved, %d open", resolved, open)
	}
	mu.Lock()
	now = time.Now()
	mu.Unlock()
	svc.CompactNow(ctx)
	if got := count("resolved"); got != 0 {
		t.Errorf("%d findings resolved 499 days ago survived a 400-day retention", got)
	}
	if got := count("open"); got != open {
		t.Errorf("open findings after compaction = %d, want %d", got, open)
	}
}
