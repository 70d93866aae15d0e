package serve

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/iacpush"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
)

// collect is a sink keeping a pushed scan's findings.
type collect struct {
	mu  sync.Mutex
	out []iacpush.Finding
}

func (c *collect) Findings(fs []model.Finding) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range fs {
		pf := iacpush.Finding{Rule: f.RuleID, Severity: f.Severity.String(), Status: f.Status, Message: f.Message}
		if f.Resource != nil {
			pf.Resource, pf.File, pf.Line = f.Resource.ID, f.Resource.Source.File, f.Resource.Source.Line
		}
		if f.Evidence.Line > 0 {
			pf.Line = f.Evidence.Line
			if f.Evidence.File != "" {
				pf.File = f.Evidence.File
			}
		}
		if f.Risk != nil {
			pf.Risk = f.Risk.Score
		}
		c.out = append(c.out, pf)
	}
	return nil
}

func (s *Service) push(w http.ResponseWriter, r *http.Request) {
	p, err := iacpush.Decode(r.Body)
	if err != nil {
		server.Fail(w, http.StatusBadRequest, err.Error(), "push with `vigil scan iac PATH --push URL --repo OWNER/NAME --ref REF`")
		return
	}
	cfg, _ := s.current()
	lifecycle := slices.Contains(cfg.Serve.IaC.DefaultBranches, strings.TrimPrefix(p.Ref, "refs/heads/"))
	server.Audit(r, p.Repo+"@"+p.Ref, "commit "+p.Commit)
	ctx, cancel := context.WithTimeout(r.Context(), 10*time.Minute)
	defer cancel()
	sink := &collect{}
	var errs []model.InputError
	for _, sc := range p.Scopes {
		errs = append(errs, sc.Errors...)
	}
	req := scan.Request{Kind: "iac", Account: p.Repo, Source: p.Source(), Library: s.lib, Sink: sink, Log: s.log,
		Params: cfg.RuleParams(), Now: s.now, Criticality: criticality(cfg)}
	if req.Exceptions, err = exceptions.Load(ctx, s.store); err != nil {
		server.Fail(w, http.StatusInternalServerError, "read the exceptions: "+err.Error(), "retry; see the server's log")
		return
	}
	if lifecycle {
		req.Store = s.store
		marks, err := s.store.Marks(ctx, "")
		if err != nil {
			server.Fail(w, http.StatusInternalServerError, "read the marks: "+err.Error(), "retry; see the server's log")
			return
		}
		req.FalsePositives = store.MarksInForce(marks, s.now())
	}
	res, err := scan.Run(ctx, req)
	if err != nil {
		s.log.Error("pushed scan failed", "repo", p.Repo, "ref", p.Ref, "err", err)
		server.Fail(w, http.StatusInternalServerError, "evaluate the pushed scan: "+err.Error(), "retry; if it keeps failing, see the server's log")
		return
	}
	out := iacpush.Result{Repo: p.Repo, Ref: p.Ref, Commit: p.Commit, Lifecycle: lifecycle, Resources: res.Resources,
		Counts: map[string]int{}, Findings: sink.out, Errors: errs}
	for _, f := range sink.out {
		if f.Status == model.StatusOpen {
			out.Counts[f.Severity]++
		}
	}
	if lifecycle {
		out.ScanID = res.Scan.ID
		server.JSON(w, http.StatusOK, out)
		return
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	out.CheckID = s.now().UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
	out.URL = s.URL() + "/api/v1/iac/checks/" + out.CheckID
	doc, _ := json.Marshal(out)
	state := s.store.(store.ServiceState)
	if err := state.RecordCheck(ctx, store.Check{ID: out.CheckID, Repo: p.Repo, Ref: p.Ref, Commit: p.Commit, At: s.now().UTC(), Doc: string(doc)}); err != nil {
		server.Fail(w, http.StatusInternalServerError, err.Error(), "retry; see the server's log")
		return
	}
	server.JSON(w, http.StatusOK, out)
}

// check serves a stored check. Checks are not in any account, cluster
// or namespace: only principals without a scope read them.
func (s *Service) check(w http.ResponseWriter, r *http.Request) {
	p := auth.From(r.Context())
	c, err := s.store.(store.ServiceState).Check(r.Context(), r.PathValue("id"))
	if err != nil {
		server.Fail(w, http.StatusInternalServerError, err.Error(), "retry; see the server's log")
		return
	}
	if c == nil || !p.Unscoped() {
		server.Fail(w, http.StatusNotFound, "no check "+r.PathValue("id"), "use the check_id a push answered with")
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write([]byte(c.Doc))
}
