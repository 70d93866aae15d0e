package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/vigil-cspm/vigil/internal/server/auth"
)

// OpenAPIRoute serves doc, an OpenAPI 3 document in JSON, at
// /api/v1/openapi.json.
func OpenAPIRoute(doc []byte) Route {
	return Route{Method: "GET", Path: "/api/v1/openapi.json", Need: auth.NeedViewer, API: true,
		Summary: "This API's OpenAPI 3 document", Handler: func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write(doc)
		}}
}

// CheckOpenAPI reports every difference between doc's operations and the
// API routes: a route the document lacks, an operation no route serves,
// and an operation that does not say how it is secured. CI runs it on
// the server's routes.
func CheckOpenAPI(doc []byte, routes []Route) error {
	var d struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		return fmt.Errorf("the OpenAPI document is not JSON: %w", err)
	}
	if !strings.HasPrefix(d.OpenAPI, "3.") {
		return fmt.Errorf("the OpenAPI document says openapi %q, want 3.x", d.OpenAPI)
	}
	documented := map[string]json.RawMessage{}
	for path, ops := range d.Paths {
		for method, op := range ops {
			switch method {
			case "get", "post", "put", "patch", "delete":
				documented[strings.ToUpper(method)+" "+path] = op
			}
		}
	}
	var problems []string
	served := map[string]bool{}
	for _, r := range routes {
		if !r.API {
			continue
		}
		served[r.Pattern()] = true
		op, ok := documented[r.Pattern()]
		if !ok {
			problems = append(problems, "route "+r.Pattern()+" is not in the OpenAPI document")
			continue
		}
		var o struct {
			Security *[]map[string][]string `json:"security"`
		}
		_ = json.Unmarshal(op, &o)
		open := o.Security != nil && (len(*o.Security) == 0 || len(*o.Security) == 1 && len((*o.Security)[0]) == 0)
		if open != (r.Need == auth.NeedNothing) {
			problems = append(problems, fmt.Sprintf("route %s needs %s but the document says security %s", r.Pattern(), r.Need, op))
		}
	}
	for p := range documented {
		if !served[p] {
			problems = append(problems, "the OpenAPI document has "+p+" but no route serves it")
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return fmt.Errorf("OpenAPI document and routes differ:\n  %s", strings.Join(problems, "\n  "))
	}
	return nil
}
