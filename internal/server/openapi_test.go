package server_test

import (
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/auth"
)

func TestCheckOpenAPI(t *testing.T) {
	routes := []server.Route{
		{Method: "GET", Path: "/healthz", Need: auth.NeedNothing, API: true},
		{Method: "GET", Path: "/api/v1/findings", Need: auth.NeedViewer, API: true},
		{Method: "GET", Path: "/dash", Need: auth.NeedViewer},
	}
	good := `{"openapi":"3.1.0","paths":{"/healthz":{"get":{"security":[]}},"/api/v1/findings":{"get":{}}}}`
	if err := server.CheckOpenAPI([]byte(good), routes); err != nil {
		t.Fatalf("matching document: %v", err)
	}
	bad := `{"openapi":"3.1.0","paths":{"/healthz":{"get":{}},"/api/v1/scans":{"post":{}}}}`
	err := server.CheckOpenAPI([]byte(bad), routes)
	for _, want := range []string{"GET /api/v1/findings is not in the OpenAPI document", "POST /api/v1/scans but no route serves it", "GET /healthz needs nothing"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
	if err := server.CheckOpenAPI([]byte(`{"openapi":"2.0"}`), nil); err == nil {
		t.Error("a Swagger 2 document passed")
	}
}
