package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/awstest"
	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/iac"
	iack8s "github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/inventory/awsinv"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
	"github.com/vigil-cspm/vigil/internal/secrets"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
	"github.com/vigil-cspm/vigil/internal/web"
)

var examples = filepath.Join("..", "..", "examples")

// estate is a store filled by real scans of examples/: the misconfigured
// AWS account (111111111111) twice, the hardened one (222222222222), and
// a manifest scanned, then scanned again after a fix (so one finding
// resolved), at times spread over the last three days.
type estate struct {
	st  store.Store
	lib *scan.Library
	cfg *config.Config
	// now is the clock the estate was scanned up to.
	now time.Time
}

func fillEstate(t testing.TB) *estate {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "vigil.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cfg, err := config.Load(filepath.Join(examples, "vigil.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	lib := scantest.Library(t)
	now := time.Now().UTC()
	at := func(ago time.Duration) func() time.Time { return func() time.Time { return now.Add(-ago) } }
	run := func(kind, account string, src scan.Source, clock func() time.Time) {
		t.Helper()
		if _, err := scan.Run(ctx, scan.Request{Kind: kind, Account: account, Source: src, Library: lib, Store: st, Now: clock}); err != nil {
			t.Fatalf("scan %s %s: %v", kind, account, err)
		}
	}
	aws := func(scenario string, clock func() time.Time) {
		t.Helper()
		sc, err := awstest.Load(os.DirFS(filepath.Join(examples, "aws")), scenario)
		if err != nil {
			t.Fatal(err)
		}
		srv := awstest.Start(sc)
		defer srv.Close()
		srv.Env(t)
		s, err := awsinv.New(ctx, awsinv.Config{Rate: 10000, MaxBackoff: 20 * time.Millisecond}, awsinv.Collectors())
		if err != nil {
			t.Fatal(err)
		}
		account, err := s.Identify(ctx)
		if err != nil {
			t.Fatal(err)
		}
		run("aws", account, s, clock)
	}
	aws("misconfigured", at(72*time.Hour))
	aws("hardened", at(48*time.Hour))
	aws("misconfigured", at(time.Hour))

	scanner := &iac.Scanner{Parser: iack8s.NewParser(kube.NewNormalizer(kube.NewCatalog(), secrets.New())), MaxFileSize: iac.DefaultMaxFileSize,
		Cloud: iac.NewCloud(iac.CloudOptions{})}
	dir := t.TempDir()
	shop, err := os.ReadFile(filepath.Join(examples, "shop.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("shop.yaml", shop)
	for _, f := range []string{"payments.yaml", "cloudformation/orders.yaml", "terraform-plan/public-site.plan.json"} {
		b, err := os.ReadFile(filepath.Join(examples, f))
		if err != nil {
			t.Fatal(err)
		}
		write(filepath.Base(f), b)
	}
	run("iac", "", scanner.Source([]string{dir}, nil), at(30*time.Hour))
	write("shop.yaml", []byte(strings.Replace(string(shop), "hostNetwork: true", "hostNetwork: false", 1)))
	run("iac", "", scanner.Source([]string{dir}, nil), at(2*time.Hour))
	return &estate{st: st, lib: lib, cfg: cfg, now: now}
}

func sum(tok string) string { s := sha256.Sum256([]byte(tok)); return hex.EncodeToString(s[:]) }

// site is the real server with the dashboards over an estate.
type site struct {
	srv  *server.Server
	http *httptest.Server
	data *web.StoreData
}

func startSite(t testing.TB, e *estate, deps web.Deps) *site {
	t.Helper()
	toks, err := auth.LoadTokens([]config.Token{{Name: "viewer-tok", Role: config.RoleViewer, SHA256: sum("v-secret")}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := auth.NewSessions(make([]byte, auth.KeySize), time.Hour, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	data := &web.StoreData{Store: e.st, Library: e.lib, Config: e.cfg}
	deps.Data = data
	srv, err := server.New(server.Options{Audit: e.st.(store.ServiceState), Tokens: toks, Sessions: sess}, web.Routes(deps))
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &site{srv: srv, http: hs, data: data}
}

// link is a one-time sign-in URL for p.
func (s *site) link(p auth.Principal) string {
	return s.http.URL + "/login/link?token=" + s.srv.Links().New(p, time.Minute)
}

// openFinding returns an open finding of the estate from source kind.
func openFinding(t testing.TB, e *estate, kind string) model.Finding {
	t.Helper()
	fs, err := e.st.Findings(context.Background(), store.Query{Status: model.StatusOpen, Source: kind})
	if err != nil || len(fs) == 0 {
		t.Fatalf("no open %s finding in the estate: %v", kind, err)
	}
	return fs[0]
}
