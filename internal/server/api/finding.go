package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sort"
	"strings"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/report"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/triage"
)

// findingRef names another finding.
type findingRef struct {
	ID       string `json:"id"`
	RuleID   string `json:"rule_id"`
	Severity string `json:"severity"`
	Status   string `json:"status"`
	Resource string `json:"resource_id"`
}

// relatedRef is a resource the finding's resource relates to; type and
// name when the inventory holds it and the caller's scope covers it.
type relatedRef struct {
	Relation string `json:"relation"`
	ID       string `json:"id"`
	Type     string `json:"type,omitempty"`
	Name     string `json:"name,omitempty"`
}

// findingDetail is what `vigil findings show --format json` gives:
// the finding (evidence, risk factors, remediation, exception, owner,
// due date, mark), its resource, history, marks, members, IaC–live
// links and related resources.
type findingDetail struct {
	Finding       any               `json:"finding"`
	Resource      any               `json:"resource"`
	Labels        map[string]string `json:"labels"`
	Stored        bool              `json:"resource_stored"`
	History       []store.Event     `json:"history"`
	Marks         []store.Mark      `json:"marks"`
	Members       []findingRef      `json:"members,omitempty"`
	HiddenMembers int               `json:"hidden_members,omitempty"`
	DuplicateOf   *findingRef       `json:"duplicate_of,omitempty"`
	Duplicates    []findingRef      `json:"duplicates,omitempty"`
	Related       []relatedRef      `json:"related"`
}

// visibleFinding reads finding id judged, or nil when it does not exist
// or p's scope does not cover it (the two are answered alike).
func (a *api) visibleFinding(ctx context.Context, p *auth.Principal, id string) (*model.Finding, *judge, error) {
	if len(id) > maxValueLen {
		return nil, nil, nil
	}
	f, err := a.Store.Finding(ctx, id)
	if err != nil || f == nil {
		return nil, nil, err
	}
	j, err := a.judge(ctx)
	if err != nil {
		return nil, nil, err
	}
	fs := []model.Finding{*f}
	j.apply(fs)
	if !seesFinding(p, &fs[0]) {
		return nil, nil, nil
	}
	return &fs[0], j, nil
}

const findingHint = "list findings with GET /api/v1/findings and use an id it returns"

func (a *api) showFinding(w http.ResponseWriter, r *http.Request) {
	ctx, p, id := r.Context(), auth.From(r.Context()), r.PathValue("id")
	f, j, err := a.visibleFinding(ctx, p, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if f == nil {
		notFound(w, "finding", id, findingHint)
		return
	}
	// IaC–live links: a live finding is linked to the IaC findings of
	// its rule (read with it: not the whole store, as findings show
	// does); an IaC finding's duplicate_of is not judged here.
	var same []model.Finding
	if f.Resource != nil && f.Resource.Source.Kind == model.SourceLive {
		var err error
		if same, err = a.Store.Findings(ctx, store.Query{RuleID: f.RuleID, Source: "iac"}); err != nil {
			a.fail(w, r, err)
			return
		}
		j.apply(same)
		same = append(same, *f)
		one := []model.Finding{*f}
		triage.Link(one, same, a.cfg())
		f = &one[0]
	}
	d := findingDetail{Finding: report.FindingJSON(*f), Resource: report.ResourceJSON(f.Resource), Labels: map[string]string{}, Related: []relatedRef{}}
	if f.Resource != nil {
		for k, v := range f.Resource.Labels {
			d.Labels[k] = v
		}
	}
	if d.History, err = a.Store.History(ctx, f.Fingerprint); err != nil {
		a.fail(w, r, err)
		return
	}
	if d.Marks, err = a.Store.Marks(ctx, f.Fingerprint); err != nil {
		a.fail(w, r, err)
		return
	}
	if d.History == nil {
		d.History = []store.Event{}
	}
	if d.Marks == nil {
		d.Marks = []store.Mark{}
	}
	if d.Members, d.HiddenMembers, err = a.memberRefs(ctx, p, f.Members); err != nil {
		a.fail(w, r, err)
		return
	}
	byID := map[string]*model.Finding{}
	for i := range same {
		byID[same[i].Fingerprint] = &same[i]
	}
	if t := f.Triage; t != nil {
		if x := byID[t.DuplicateOf]; x != nil && seesFinding(p, x) {
			ref := refOf(x)
			d.DuplicateOf = &ref
		}
		for _, id := range t.Duplicates {
			if x := byID[id]; x != nil && seesFinding(p, x) {
				d.Duplicates = append(d.Duplicates, refOf(x))
			}
		}
	}
	if f.Related != "" {
		d.Related = append(d.Related, a.related(ctx, p, "finding", f.Related))
	}
	if f.Resource != nil {
		res, err := a.Store.Resource(ctx, f.Resource.ID)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		if res != nil {
			d.Stored = true
			rels := append([]model.Relation(nil), res.Relations...)
			sort.SliceStable(rels, func(i, j int) bool { return rels[i].Type < rels[j].Type })
			for _, rel := range rels {
				d.Related = append(d.Related, a.related(ctx, p, rel.Type, rel.Target))
			}
		}
	}
	server.JSON(w, http.StatusOK, d)
}

func refOf(f *model.Finding) findingRef {
	r := findingRef{ID: f.Fingerprint, RuleID: f.RuleID, Severity: f.Severity.String(), Status: f.Status}
	if f.Resource != nil {
		r.Resource = f.Resource.ID
	}
	return r
}

// memberRefs names a combination's members the caller sees, and counts
// the others.
func (a *api) memberRefs(ctx context.Context, p *auth.Principal, ids []string) ([]findingRef, int, error) {
	if len(ids) == 0 {
		return []findingRef{}, 0, nil
	}
	j, err := a.judge(ctx)
	if err != nil {
		return nil, 0, err
	}
	out, hidden := []findingRef{}, 0
	for _, id := range ids {
		f, err := a.Store.Finding(ctx, id)
		if err != nil {
			return nil, 0, err
		}
		if f == nil {
			out = append(out, findingRef{ID: id, Status: "unknown"})
			continue
		}
		fs := []model.Finding{*f}
		j.apply(fs)
		if !seesFinding(p, &fs[0]) {
			hidden++
			continue
		}
		out = append(out, refOf(&fs[0]))
	}
	return out, hidden, nil
}

// related names a related resource; its type and name only when the
// caller sees it.
func (a *api) related(ctx context.Context, p *auth.Principal, relation, id string) relatedRef {
	ref := relatedRef{Relation: relation, ID: id}
	if res, err := a.Store.Resource(ctx, id); err == nil && res != nil && a.seesResource(p, res) {
		ref.Type, ref.Name = res.Type, res.Name
	}
	return ref
}

// markRequest is the body of POST /api/v1/findings/{id}/mark.
type markRequest struct {
	// FalsePositive true marks the finding, false clears the mark.
	FalsePositive *bool  `json:"false_positive"`
	Reason        string `json:"reason"`
}

// maxBody bounds request bodies.
const maxBody = 64 << 10

// readJSON decodes a request body into v, refusing unknown fields and
// trailing data.
func readJSON(r *http.Request, v any, example string) error {
	hint := "send a JSON object like " + example
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return badInput(hint+" with Content-Type: application/json", "the body is %s, not JSON", clipText(ct))
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, maxBody+1))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return badInput(hint, "the request has no body")
		}
		return badInput(hint, "the body is not the JSON expected: %s", clipText(err.Error()))
	}
	if dec.More() {
		return badInput(hint, "the body has more than one JSON value")
	}
	return nil
}

func (a *api) markFinding(w http.ResponseWriter, r *http.Request) {
	ctx, p, id := r.Context(), auth.From(r.Context()), r.PathValue("id")
	var req markRequest
	if err := readJSON(r, &req, `{"false_positive": true, "reason": "the port is closed by the host firewall"}`); err != nil {
		a.fail(w, r, err)
		return
	}
	if req.FalsePositive == nil {
		a.fail(w, r, badInput(`send "false_positive": true to mark, false to clear`, "false_positive is missing"))
		return
	}
	if err := checkText("reason", req.Reason, 2000); err != nil {
		a.fail(w, r, err)
		return
	}
	if *req.FalsePositive && strings.TrimSpace(req.Reason) == "" {
		a.fail(w, r, badInput(`say why in "reason": the mark is read by auditors`, "a false-positive mark needs a reason"))
		return
	}
	f, _, err := a.visibleFinding(ctx, p, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if f == nil {
		notFound(w, "finding", id, findingHint)
		return
	}
	kind := store.MarkFalsePositive
	if !*req.FalsePositive {
		kind = store.MarkCleared
	}
	m := store.Mark{Fingerprint: f.Fingerprint, Kind: kind, By: p.Name, Reason: req.Reason, At: a.Now().UTC()}
	if err := a.Store.Mark(ctx, m); err != nil {
		a.fail(w, r, err)
		return
	}
	server.Audit(r, f.Fingerprint, kind+": "+req.Reason)
	f, _, err = a.visibleFinding(ctx, p, id)
	if err != nil || f == nil {
		a.fail(w, r, errors.Join(err, errors.New("the marked finding could not be read back")))
		return
	}
	server.JSON(w, http.StatusOK, report.FindingJSON(*f))
}
