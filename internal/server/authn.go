package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
)

// authenticate finds the request's principal: a bearer token, else a
// session cookie. A bearer token that is not known is refused (401) —
// it is never silently ignored in favour of a cookie — and counts
// against the client's attempts; a client out of attempts is refused
// before its token is checked. refused says the answer is written.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (p *auth.Principal, refused bool) {
	h := r.Header.Get("Authorization")
	if h == "" {
		return s.opts.Sessions.Read(r), false
	}
	scheme, tok, _ := strings.Cut(h, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		Fail(w, http.StatusUnauthorized, "the Authorization header is not a bearer token", "send Authorization: Bearer <token>")
		return nil, true
	}
	// Only failed attempts are spent (a client with a valid token is
	// never throttled), but a client out of attempts is refused before
	// its token is checked.
	if s.authLim.Blocked(remote(r)) {
		w.Header().Set("Retry-After", "10")
		Fail(w, http.StatusTooManyRequests, "too many authentication attempts from this address", "wait and retry with a valid token")
		return nil, true
	}
	if p = s.opts.Tokens.Verify(strings.TrimSpace(tok)); p == nil {
		s.authLim.Allow(remote(r))
		w.Header().Set("WWW-Authenticate", `Bearer realm="vigil"`)
		Fail(w, http.StatusUnauthorized, "the token is not valid", "check the token; its SHA-256 must be configured under serve.auth.tokens")
		return nil, true
	}
	return p, false
}

// authorize enforces the route's decision and audits every write by a
// principal, refused ones included.
func (s *Server) authorize(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := auth.From(r.Context())
		audited := p != nil && writes(r.Method)
		note := &auditNote{}
		if audited {
			r = r.WithContext(context.WithValue(r.Context(), auditKey{}, note))
		}
		if rt.Need.Allows(p) {
			rt.Handler(w, r)
		} else {
			s.refuse(w, r, p, rt)
		}
		if !audited {
			return
		}
		status := http.StatusOK
		if rec, ok := w.(*recorder); ok && rec.status != 0 {
			status = rec.status
		}
		e := store.AuditEntry{At: s.opts.Now().UTC(), Actor: p.Name, Via: p.Via, Role: string(p.Role), Action: rt.Pattern(),
			Target: note.target, Status: status, Remote: remote(r), Detail: note.detail}
		// The request's context may be cancelled once the client is
		// gone; the write happened (or was refused), so its record must
		// not be lost.
		if err := s.opts.Audit.AppendAudit(context.WithoutCancel(r.Context()), e); err != nil {
			s.opts.Log.Error("audit log write failed", "action", e.Action, "actor", e.Actor, "err", err)
		}
	})
}

// refuse answers a request whose principal does not meet the route's
// need: a browser asking for a page without a session is sent to sign
// in; everything else gets 401/403 in JSON.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, p *auth.Principal, rt Route) {
	switch {
	case p == nil && !isAPI(r.URL.Path) && r.Method == http.MethodGet && strings.Contains(r.Header.Get("Accept"), "text/html"):
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
	case p == nil:
		w.Header().Set("WWW-Authenticate", `Bearer realm="vigil"`)
		Fail(w, http.StatusUnauthorized, "sign in first", "send Authorization: Bearer <token>, or sign in to the dashboard")
	default:
		Fail(w, http.StatusForbidden, "role "+string(p.Role)+" may not "+rt.Pattern(), "this needs the "+rt.Need.String()+" role")
	}
}

type auditKey struct{}

type auditNote struct{ target, detail string }

// Audit names what a write acted on and adds detail, for the audit
// log. Handlers of writes call it; elsewhere it does nothing.
func Audit(r *http.Request, target, detail string) {
	if n, ok := r.Context().Value(auditKey{}).(*auditNote); ok {
		n.target, n.detail = target, detail
	}
}
