package server

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/server/auth"
)

// builtin are the routes the server itself answers: health, sign-in and
// sign-out, and who the caller is.
func (s *Server) builtin() []Route {
	return []Route{
		{Method: "GET", Path: "/healthz", Need: auth.NeedNothing, API: true, Summary: "The process is alive", Handler: func(w http.ResponseWriter, _ *http.Request) {
			JSON(w, http.StatusOK, map[string]string{"status": "ok"})
		}},
		{Method: "GET", Path: "/readyz", Need: auth.NeedNothing, API: true, Summary: "The service can take work (store and jobs up)", Handler: s.readyz},
		{Method: "GET", Path: "/login", Need: auth.NeedNothing, Summary: "The sign-in page", Handler: s.loginPage},
		{Method: "GET", Path: "/login/link", Need: auth.NeedNothing, Summary: "Redeem a one-time sign-in link", Handler: s.redeemLink},
		{Method: "POST", Path: "/logout", Need: auth.NeedViewer, Summary: "Sign out", Handler: func(w http.ResponseWriter, r *http.Request) {
			s.opts.Sessions.Clear(w)
			http.Redirect(w, r, "/login", http.StatusSeeOther)
		}},
		{Method: "GET", Path: "/api/v1/me", Need: auth.NeedViewer, API: true, Summary: "Who the caller is: name, role and scope", Handler: func(w http.ResponseWriter, r *http.Request) {
			JSON(w, http.StatusOK, auth.From(r.Context()))
		}},
	}
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.opts.Ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		if err := s.opts.Ready(ctx); err != nil {
			Fail(w, http.StatusServiceUnavailable, "not ready: "+err.Error(), "see the service's log")
			return
		}
	}
	JSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// redeemLink spends a one-time link and starts a session. Attempts are
// rate-limited per client address like bad tokens.
func (s *Server) redeemLink(w http.ResponseWriter, r *http.Request) {
	if !s.authLim.Allow(remote(r)) {
		w.Header().Set("Retry-After", "10")
		http.Error(w, "too many sign-in attempts from this address; wait and retry", http.StatusTooManyRequests)
		return
	}
	p := s.opts.Links.Redeem(r.URL.Query().Get("token"))
	if p == nil {
		w.WriteHeader(http.StatusUnauthorized)
		s.renderLogin(w, "That sign-in link is not valid: it was used already, has expired, or was mistyped. Restart `vigil serve` for a new one, or sign in another way.", s.opts.SignIn)
		return
	}
	s.opts.Sessions.Issue(w, p)
	http.Redirect(w, r, SafeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
}

// loginPage shows the ways to sign in; each carries the page the user
// asked for (next), so signing in lands there.
func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if next == "" || SafeNext(next) != next {
		s.renderLogin(w, "", s.opts.SignIn)
		return
	}
	opts := make([]SignInOption, len(s.opts.SignIn))
	for i, o := range s.opts.SignIn {
		sep := "?"
		if strings.Contains(o.URL, "?") {
			sep = "&"
		}
		opts[i] = SignInOption{Label: o.Label, URL: o.URL + sep + "next=" + url.QueryEscape(next)}
	}
	s.renderLogin(w, "", opts)
}

var loginTmpl = template.Must(template.New("login").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Vigil</title><link rel="stylesheet" href="/static/vigil.css"></head>
<body class="signin"><main class="card">
<h1>Vigil</h1>
{{if .Problem}}<p class="problem" role="alert">{{.Problem}}</p>{{end}}
{{range .Options}}<p><a class="button" href="{{.URL}}">{{.Label}}</a></p>{{end}}
<p class="hint">{{if .Options}}Or use{{else}}Use{{end}} the one-time sign-in link <code>vigil serve</code> printed when it started, or an API token.</p>
</main></body></html>
`))

func (s *Server) renderLogin(w http.ResponseWriter, problem string, options []SignInOption) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_ = loginTmpl.Execute(w, struct {
		Problem string
		Options []SignInOption
	}{problem, options})
}
