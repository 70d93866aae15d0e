package api_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/iac"
	iack8s "github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/pgtest"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
	"github.com/vigil-cspm/vigil/internal/secrets"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/api"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/postgres"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// openSQLite opens a fresh SQLite store.
func openSQLite(t testing.TB) api.Store {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "vigil.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// each runs test on a fresh SQLite store and a fresh PostgreSQL one.
func each(t *testing.T, test func(t *testing.T, st api.Store)) {
	t.Run("sqlite", func(t *testing.T) { test(t, openSQLite(t)) })
	t.Run("postgres", func(t *testing.T) {
		st, err := postgres.Open(context.Background(), pgtest.Database(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		test(t, st)
	})
}

// The principals of the tests: name → role and scope. Each token's
// secret is its name + "-secret".
var principals = []config.Token{
	{Name: "admin", Role: config.RoleAdmin},
	{Name: "admin2", Role: config.RoleAdmin},
	{Name: "op", Role: config.RoleOperator},
	{Name: "viewer", Role: config.RoleViewer},
	{Name: "ci", Role: config.RoleCI},
	{Name: "shop", Role: config.RoleOperator, Scope: config.Scope{Namespaces: []string{"shop"}}},
	{Name: "acct", Role: config.RoleOperator, Scope: config.Scope{Accounts: []string{"111111111111"}}},
	{Name: "acct-glob", Role: config.RoleViewer, Scope: config.Scope{Accounts: []string{"1111*"}}},
	{Name: "acct-admin", Role: config.RoleAdmin, Scope: config.Scope{Accounts: []string{"111111111111"}}},
	{Name: "data", Role: config.RoleViewer, Scope: config.Scope{Owners: []string{"data"}}},
}

const configYAML = `version: 1
owners:
  tag_keys: [team]
  map:
    - match: {namespace: shop}
      owner: shop-team
due_dates: {critical: 3d, high: 14d, medium: 30d, low: none, info: none}
serve:
  connectors:
    - name: prod-aws
      aws: {account: "111111111111", role_arn: "arn:aws:iam::111111111111:role/VigilAudit", regions: [eu-west-1]}
      schedule: {every: 1h}
`

// env is a server with the API over a store.
type env struct {
	t   testing.TB
	url string
	st  api.Store
	cfg *config.Config
	lib *scan.Library
}

func newEnv(t testing.TB, st api.Store, jobs api.Jobs) *env {
	t.Helper()
	cfg, err := config.Parse("vigil.yaml", []byte(configYAML))
	if err != nil {
		t.Fatal(err)
	}
	toks, err := auth.LoadTokens(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range principals {
		toks.Add(p, sha256.Sum256([]byte(p.Name+"-secret")))
	}
	sess, err := auth.NewSessions(make([]byte, auth.KeySize), time.Hour, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	lib := scantest.Library(t)
	srv, err := server.New(server.Options{Audit: st, Tokens: toks, Sessions: sess},
		api.Routes(api.Deps{Store: st, Config: cfg, Library: lib, Jobs: jobs}))
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &env{t: t, url: hs.URL, st: st, cfg: cfg, lib: lib}
}

// call sends a request as principal who ("" for none) and returns the
// status and body.
func (e *env) call(who, method, path string, body any) (int, []byte) {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			e.t.Fatal(err)
		}
		rd = strings.NewReader(string(b))
	}
	req, err := http.NewRequest(method, e.url+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if who != "" {
		req.Header.Set("Authorization", "Bearer "+who+"-secret")
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatal(err)
	}
	return resp.StatusCode, b
}

// get decodes a 200 answer into v.
func (e *env) get(who, path string, v any) {
	e.t.Helper()
	code, b := e.call(who, "GET", path, nil)
	if code != http.StatusOK {
		e.t.Fatalf("GET %s as %s: %d %s", path, who, code, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		e.t.Fatalf("GET %s: %v in %s", path, err, b)
	}
}

// problem decodes an error answer.
func problem(t testing.TB, b []byte) server.Problem {
	t.Helper()
	var p server.Problem
	if err := json.Unmarshal(b, &p); err != nil || p.Error == "" || p.Hint == "" {
		t.Fatalf("error body %s is not {error, hint}: %v", b, err)
	}
	return p
}

// scanExamples stores a real IaC scan of the example manifests
// (namespaces shop and payments).
func scanExamples(t testing.TB, st store.Store, lib *scan.Library) {
	t.Helper()
	sc := &iac.Scanner{Parser: iack8s.NewParser(kube.NewNormalizer(kube.NewCatalog(), secrets.New())), MaxFileSize: 10 << 20, Cloud: iac.NewCloud(iac.CloudOptions{})}
	src := sc.Source([]string{"../../../examples/shop.yaml", "../../../examples/payments.yaml"}, nil)
	if _, err := scan.Run(context.Background(), scan.Request{Kind: "iac", Source: src, Library: lib, Store: st}); err != nil {
		t.Fatal(err)
	}
}

// awsEstate stores an organization scan of buckets in two accounts and
// a toxic combination in account 111111111111 whose members are one
// finding in each account.
func awsEstate(t testing.TB, st store.Store, at time.Time) (combo string) {
	t.Helper()
	var res []*model.Resource
	var fs []model.Finding
	for i, acct := range []string{"111111111111", "222222222222", "111111111111", "222222222222"} {
		r := &model.Resource{ID: fmt.Sprintf("arn:aws:s3:::bucket-%d", i), Type: "aws.s3.bucket", Provider: "aws", Account: acct, Region: "eu-west-1",
			Name: fmt.Sprint("bucket-", i), Labels: map[string]string{"team": []string{"web", "data"}[i%2]}, Attributes: map[string]any{"acl": "public-read"},
			Source: model.Source{Kind: model.SourceLive}}
		res = append(res, r)
		f := model.Finding{Fingerprint: model.Fingerprint("aws-s3-bucket-public-read", r.ID), RuleID: "aws-s3-bucket-public-read", Title: "Bucket is public",
			Severity: model.SeverityHigh, Status: model.StatusOpen, Message: "public-read ACL", Resource: r, Compliance: []model.ComplianceRef{{Framework: "cis-aws-7.0", Control: "2.1.4"}},
			Risk: &model.Risk{Score: 40 + i, Factors: []model.RiskFactor{{Name: "severity", Points: 40 + i, Detail: "high"}}}}
		fs = append(fs, f)
	}
	c := model.Finding{Fingerprint: model.Fingerprint("combo-public-admin", res[0].ID), RuleID: "combo-public-admin", Title: "Public bucket reachable by an admin path",
		Severity: model.SeverityCritical, Status: model.StatusOpen, Message: "attack path", Resource: res[0], Compliance: []model.ComplianceRef{},
		Members: []string{fs[0].Fingerprint, fs[1].Fingerprint}, Risk: &model.Risk{Score: 95, Factors: []model.RiskFactor{{Name: "combination", Points: 95, Detail: "path"}}}}
	fs = append(fs, c)
	sc := &model.Scan{ID: "aws-" + at.Format(time.RFC3339Nano), Source: "aws", Account: "o-org", Status: model.ScanComplete, StartedAt: at, FinishedAt: at,
		Coverage: []model.Coverage{{Scope: "aws.s3.bucket", Status: model.CoverageComplete}}}
	rec, err := st.Begin(context.Background(), sc, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rec.Scope(context.Background(), res, fs); err != nil {
		t.Fatal(err)
	}
	if _, err := rec.Finish(context.Background(), store.Finish{}); err != nil {
		t.Fatal(err)
	}
	return c.Fingerprint
}
