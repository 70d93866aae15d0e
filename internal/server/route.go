package server

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/vigil-cspm/vigil/internal/server/auth"
)

// Route is one method and path the server answers.
type Route struct {
	// Method is GET, POST, PUT, PATCH or DELETE (GET also answers HEAD).
	Method string
	// Path is a net/http pattern path: "/api/v1/findings/{id}".
	Path string
	// Need is the authentication decision; NeedUnset is refused.
	Need auth.Need
	// Summary says what the route does (the OpenAPI summary).
	Summary string
	// API marks the routes of the JSON API: the OpenAPI document lists
	// exactly these.
	API     bool
	Handler http.HandlerFunc
}

// Pattern is the route's net/http pattern, "GET /api/v1/findings".
func (r Route) Pattern() string { return r.Method + " " + r.Path }

func (r Route) check() error {
	switch {
	case r.Need == auth.NeedUnset:
		return fmt.Errorf("route %s has no authentication decision: set Need (auth.NeedNothing only for health and sign-in)", r.Pattern())
	case r.Handler == nil:
		return fmt.Errorf("route %s has no handler", r.Pattern())
	case !strings.HasPrefix(r.Path, "/"):
		return fmt.Errorf("route %s: the path must start with /", r.Pattern())
	}
	switch r.Method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
		return nil
	}
	return fmt.Errorf("route %s: method %q is not GET, POST, PUT, PATCH or DELETE", r.Pattern(), r.Method)
}

// writes reports whether a method changes something (audited, and
// checked for cross-origin requests).
func writes(method string) bool {
	return method != http.MethodGet && method != http.MethodHead && method != http.MethodOptions
}
