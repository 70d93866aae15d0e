package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/benchgen"
	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/iac"
	iack8s "github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
	"github.com/vigil-cspm/vigil/internal/secrets"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
	"github.com/vigil-cspm/vigil/internal/web"
)

// benchClients is how many clients load the pages at once.
const benchClients = 4

// BenchmarkPages renders each page over a store filled by scanning
// generated manifests (VIGIL_WEB_BENCH_OBJECTS objects, default 3000),
// with 4 clients at once, and reports the p95 latency of a page in ms.
func BenchmarkPages(b *testing.B) {
	n := 3000
	if s := os.Getenv("VIGIL_WEB_BENCH_OBJECTS"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil || v < benchgen.ObjectsPerNamespace {
			b.Fatalf("VIGIL_WEB_BENCH_OBJECTS=%q: give a number of objects of at least %d", s, benchgen.ObjectsPerNamespace)
		}
		n = v
	}
	e := benchEstate(b, n)
	s := startSite(b, e, web.Deps{})
	fs, err := e.st.Findings(context.Background(), store.Query{Status: model.StatusOpen, Limit: 1})
	if err != nil || len(fs) == 0 {
		b.Fatalf("no finding to open: %v", err)
	}
	all, err := e.st.Findings(context.Background(), store.Query{})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("store: %d findings", len(all))
	pages := []struct{ name, path string }{
		{"executive", "/"},
		{"oncall", "/oncall"},
		{"findings", "/findings"},
		{"findings-filtered", "/findings?severity=high&sort=age&page=2"},
		{"finding", web.FindingURL(fs[0].Fingerprint)},
		{"resource", web.ResourceURL(fs[0].Resource.ID)},
	}
	// Clients use a session (bearer tokens are rate-limited per address).
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Transport: &http.Transport{MaxIdleConnsPerHost: benchClients}}
	resp, err := client.Get(s.link(auth.Principal{Name: "bench", Role: config.RoleViewer}))
	if err != nil {
		b.Fatal(err)
	}
	resp.Body.Close()
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			var (
				mu  sync.Mutex
				lat []time.Duration
				wg  sync.WaitGroup
			)
			b.ReportAllocs()
			b.ResetTimer()
			per := (b.N + benchClients - 1) / benchClients
			for range benchClients {
				wg.Go(func() {
					for range per {
						start := time.Now()
						req, _ := http.NewRequest("GET", s.http.URL+p.path, nil)
						resp, err := client.Do(req)
						if err != nil {
							b.Error(err)
							return
						}
						_, _ = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode != http.StatusOK {
							b.Errorf("GET %s: %d", p.path, resp.StatusCode)
							return
						}
						d := time.Since(start)
						mu.Lock()
						lat = append(lat, d)
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			b.StopTimer()
			slices.Sort(lat)
			if len(lat) > 0 {
				b.ReportMetric(float64(lat[(len(lat)*95+99)/100-1].Microseconds())/1000, "p95-ms")
			}
		})
	}
}

// benchEstate scans n generated objects into a fresh SQLite store.
func benchEstate(b *testing.B, n int) *estate {
	b.Helper()
	ctx := context.Background()
	dir := b.TempDir()
	if err := benchgen.WriteNamespaces(dir, n/benchgen.ObjectsPerNamespace, benchgen.ObjectsPerNamespace, 1); err != nil {
		b.Fatal(err)
	}
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "vigil.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	lib := scantest.Library(b)
	scanner := &iac.Scanner{Parser: iack8s.NewParser(kube.NewNormalizer(kube.NewCatalog(), secrets.New())), MaxFileSize: iac.DefaultMaxFileSize}
	if _, err := scan.Run(ctx, scan.Request{Kind: "iac", Source: scanner.Source([]string{dir}, nil), Library: lib, Store: st}); err != nil {
		b.Fatal(err)
	}
	return &estate{st: st, lib: lib, cfg: config.Default(), now: time.Now()}
}
