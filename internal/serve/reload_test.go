package serve_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/api"
	"github.com/vigil-cspm/vigil/internal/store"
)

func tokenCfg(name, token string, role config.Role) config.Token {
	h := sha256.Sum256([]byte(token))
	return config.Token{Name: name, Role: role, SHA256: hex.EncodeToString(h[:])}
}

// TestReload: a reload swaps tokens and connectors without a restart;
// an invalid configuration changes nothing; settings read at start are
// reported as needing one.
func TestReload(t *testing.T) {
	ctx := context.Background()
	first := config.Default()
	first.Serve.Auth.Tokens = []config.Token{tokenCfg("old-admin", "old", config.RoleAdmin)}
	second := config.Default()
	second.Serve.Listen = "127.0.0.1:9999"
	second.Serve.Auth.Tokens = []config.Token{tokenCfg("new-admin", "new", config.RoleAdmin)}
	second.Serve.Connectors = []config.Connector{{Name: "prod", AWS: &config.AWSConnector{Account: "111111111111", Regions: []string{"us-east-1"}},
		Schedule: config.Schedule{Every: config.Duration(time.Hour)}}}
	next := []func() (*config.Config, error){
		func() (*config.Config, error) { return nil, errors.New("vigil.yaml:3:1: a mistake") },
		func() (*config.Config, error) { return second, nil },
	}
	opts := options(t)
	opts.Config = first
	opts.Reload = func() (*config.Config, error) { f := next[0]; next = next[1:]; return f() }
	r := run(t, opts)
	svc, st := r.svc, r.store.(store.ServiceState)
	base := "http://" + svc.Addr()
	call := func(method, p, token string) int {
		req, _ := http.NewRequest(method, base+p, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c := call("POST", "/api/v1/reload", "old"); c != http.StatusUnprocessableEntity {
		t.Fatalf("reload of an invalid configuration = %d", c)
	}
	if c := call("GET", "/api/v1/me", "old"); c != 200 {
		t.Fatalf("the old token after a refused reload = %d", c)
	}
	restart, err := svc.Reload(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(restart, ",") != "serve.listen" {
		t.Errorf("needs restart = %v, want serve.listen", restart)
	}
	if c := call("GET", "/api/v1/me", "old"); c != 401 {
		t.Errorf("the old token after reload = %d, want 401", c)
	}
	if c := call("GET", "/api/v1/me", "new"); c != 200 {
		t.Errorf("the new token after reload = %d, want 200", c)
	}
	hs, err := svc.Engine().Health(ctx)
	if err != nil || len(hs) != 1 || hs[0].Connector != "prod" {
		t.Fatalf("health after reload = %+v, %v", hs, err)
	}
	log, err := st.AuditLog(ctx, time.Time{}, 0)
	if err != nil || len(log) != 1 || !strings.Contains(log[0].Detail, "refused") {
		t.Errorf("audit log = %+v, %v", log, err)
	}
}

// TestOpenAPIMatchesTheService: the document the service serves lists
// exactly the API routes it answers, the service's own included, with
// the authentication each needs.
func TestOpenAPIMatchesTheService(t *testing.T) {
	r := start(t, nil)
	if err := server.CheckOpenAPI(api.OpenAPI(), r.svc.Server().Routes()); err != nil {
		t.Fatal(err)
	}
}
