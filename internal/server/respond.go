package server

import (
	"encoding/json"
	"net/http"
	"strings"
)

// Problem is the body of every API error: what went wrong and what to
// do next.
type Problem struct {
	Error string `json:"error"`
	Hint  string `json:"hint,omitempty"`
}

// JSON writes v with status.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// Fail writes an API error.
func Fail(w http.ResponseWriter, status int, msg, hint string) {
	JSON(w, status, Problem{Error: msg, Hint: hint})
}

// isAPI reports whether a path is the JSON API's (errors in JSON, no
// redirects to sign-in).
func isAPI(path string) bool { return strings.HasPrefix(path, "/api/") }
