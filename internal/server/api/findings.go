package api

import (
	"context"
	"net/http"
	"slices"
	"sort"
	"time"

	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/report"
	"github.com/vigil-cspm/vigil/internal/server"
	"github.com/vigil-cspm/vigil/internal/server/auth"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/triage"
)

// maxExamined bounds the rows one list request judges: a page filled
// from few visible rows among many stops there and says where to go on.
const maxExamined = 5000

// judge is what findings are judged by when read, as the CLI does:
// the exception set, false-positive marks, owners and due dates at now.
type judge struct {
	set   []exceptions.Exception
	marks map[string]*model.Mark
	now   time.Time
	a     *api
}

func (a *api) judge(ctx context.Context) (*judge, error) {
	set, err := exceptions.Load(ctx, a.Store)
	if err != nil {
		return nil, err
	}
	marks, err := a.Store.Marks(ctx, "")
	if err != nil {
		return nil, err
	}
	now := a.Now()
	return &judge{set: set, marks: store.MarksInForce(marks, now), now: now, a: a}, nil
}

func (j *judge) apply(fs []model.Finding) {
	exceptions.Apply(fs, j.set, j.now)
	store.ApplyMarks(fs, j.marks)
	triage.Apply(fs, j.a.cfg(), j.now)
}

// findingPage is a page of findings.
type findingPage struct {
	Items []any `json:"items"`
	// NextCursor continues the list; absent on the last page.
	NextCursor string `json:"next_cursor,omitempty"`
	// Examined counts the stored findings judged for this page.
	Examined int `json:"examined"`
}

func (a *api) listFindings(w http.ResponseWriter, r *http.Request) {
	a.findingsList(w, r, false)
}

func (a *api) listCombinations(w http.ResponseWriter, r *http.Request) {
	a.findingsList(w, r, true)
}

func (a *api) findingsList(w http.ResponseWriter, r *http.Request, combinations bool) {
	f, err := parseFindingFilter(r.URL.Query(), combinations)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	p := auth.From(r.Context())
	fs, next, examined, err := a.pageFindings(r.Context(), p, f)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	out := findingPage{Items: make([]any, 0, len(fs)), NextCursor: next, Examined: examined}
	for _, f := range fs {
		if !combinations {
			out.Items = append(out.Items, report.FindingJSON(f))
			continue
		}
		refs, hidden, err := a.memberRefs(r.Context(), p, f.Members)
		if err != nil {
			a.fail(w, r, err)
			return
		}
		out.Items = append(out.Items, combinationJSON{Finding: report.FindingJSON(f), MemberFindings: refs, HiddenMembers: hidden})
	}
	server.JSON(w, http.StatusOK, out)
}

// combinationJSON is a toxic combination with its member findings.
type combinationJSON struct {
	Finding        any          `json:"finding"`
	MemberFindings []findingRef `json:"member_findings"`
	// HiddenMembers counts members outside the caller's scope.
	HiddenMembers int `json:"hidden_members,omitempty"`
}

// keep reports whether judged finding x passes the filter's judged
// parts and the principal's scope.
func (f *findingFilter) keep(p *auth.Principal, x *model.Finding) bool {
	switch {
	case len(f.Statuses) > 0 && !slices.Contains(f.Statuses, x.Status),
		f.Owner != "" && ownerOf(x) != f.Owner,
		f.Overdue && (x.Triage == nil || !x.Triage.Overdue),
		f.Account != "" && (x.Resource == nil || isK8s(x.Resource.Type)),
		f.Cluster != "" && (x.Resource == nil || !isK8s(x.Resource.Type)):
		return false
	}
	return seesFinding(p, x)
}

// storedStatuses are the stored statuses the judged ones come from.
func storedStatuses(judged []string) []string {
	var out []string
	for _, s := range judged {
		st := model.StatusOpen
		if s == model.StatusResolved {
			st = model.StatusResolved
		}
		if !slices.Contains(out, st) {
			out = append(out, st)
		}
	}
	return out
}

// pageFindings fills one page: it reads the store in the filter's
// order from the cursor, judges each row and keeps those the filter and
// the principal's scope keep, until the page is full, the rows run out
// or maxExamined rows were judged. The next cursor is after the last
// row examined.
func (a *api) pageFindings(ctx context.Context, p *auth.Principal, f *findingFilter) ([]model.Finding, string, int, error) {
	digest := f.digest()
	cur, err := decodeCursor(f.Cursor, digest)
	if err != nil {
		return nil, "", 0, err
	}
	if cur == nil {
		cur = &cursor{}
	}
	cur.Q = digest
	j, err := a.judge(ctx)
	if err != nil {
		return nil, "", 0, err
	}
	base := store.KeysetQuery{Statuses: storedStatuses(f.Statuses), MinSeverity: f.MinSeverity, RuleID: f.RuleID, Source: f.Source,
		Account: f.Account + f.Cluster, Namespace: f.Namespace, ResourceType: f.ResourceType, Framework: f.Framework, Text: f.Text,
		Combinations: f.Combinations, Sort: f.Sort}
	if base.Visible, err = visibility(p, func() ([]store.Partition, error) {
		return a.findingParts.get(ctx, time.Now(), a.Store.FindingPartitions)
	}); err != nil {
		return nil, "", 0, err
	}
	batch := min(max(2*f.Limit, 100), maxLimit)
	var out []model.Finding
	examined := 0
	for {
		rows, done, err := a.fetch(ctx, base, f.Sort, cur, batch)
		if err != nil {
			return nil, "", 0, err
		}
		j.apply(rows)
		for i := range rows {
			x := &rows[i]
			examined++
			a.advance(cur, f.Sort, x)
			if f.keep(p, x) {
				out = append(out, *x)
			}
			if len(out) == f.Limit || examined >= maxExamined {
				more := !done || i < len(rows)-1
				if !more {
					return out, "", examined, nil
				}
				return out, encodeCursor(*cur), examined, nil
			}
		}
		if done {
			return out, "", examined, nil
		}
	}
}

// due is a finding's due date at its severity, if one is configured.
func (a *api) dueOffset(s model.Severity) (time.Duration, bool) { return a.cfg().DueFor(s) }

// advance moves the cursor to x.
func (a *api) advance(c *cursor, sortBy string, x *model.Finding) {
	k := store.KeyOf(x)
	c.Key = &k
	if sortBy != sortDue {
		return
	}
	if d, ok := a.dueOffset(x.Severity); ok {
		c.Due = x.FirstSeen.Add(d).UTC()
		c.NoDue = false
	} else {
		c.Due = x.FirstSeen.UTC()
		c.NoDue = true
	}
}

// fetch reads up to n findings after the cursor in sort order; done
// says there are no more.
func (a *api) fetch(ctx context.Context, base store.KeysetQuery, sortBy string, c *cursor, n int) ([]model.Finding, bool, error) {
	if sortBy != sortDue {
		q := base
		q.After, q.Limit = c.Key, n
		rows, err := a.Store.FindingsAfter(ctx, q)
		return rows, len(rows) < n, err
	}
	// Due: the severities with a due date, merged by due date, then
	// the others, merged by first seen. Within one severity the due
	// order is the first-seen order, so each is one keyset query.
	var withDue, without []model.Severity
	for _, s := range model.Severities() {
		if base.MinSeverity > 0 && s < base.MinSeverity {
			continue
		}
		if _, ok := a.dueOffset(s); ok {
			withDue = append(withDue, s)
		} else {
			without = append(without, s)
		}
	}
	if !c.NoDue {
		rows, done, err := a.merge(ctx, base, withDue, c, n, false)
		if err != nil || len(rows) > 0 || !done {
			return rows, done && len(without) == 0, err
		}
		// The findings with a due date are all read: go on from the
		// start of those without one.
		c.NoDue, c.Key, c.Due = true, nil, time.Time{}
	}
	return a.merge(ctx, base, without, c, n, true)
}

// merge reads up to n findings of each severity after the cursor and
// returns the first n by (due or first seen, fingerprint).
func (a *api) merge(ctx context.Context, base store.KeysetQuery, sevs []model.Severity, c *cursor, n int, noDue bool) ([]model.Finding, bool, error) {
	type keyed struct {
		at time.Time
		f  model.Finding
	}
	var all []keyed
	done := true
	for _, s := range sevs {
		var off time.Duration
		if !noDue {
			off, _ = a.dueOffset(s)
		}
		q := base
		q.Sort, q.Severity, q.Limit = store.SortFirstSeen, s, n
		if c.Key != nil {
			q.After = &store.FindingKey{FirstSeen: c.Due.Add(-off), Fingerprint: c.Key.Fingerprint}
		}
		rows, err := a.Store.FindingsAfter(ctx, q)
		if err != nil {
			return nil, false, err
		}
		if len(rows) == n {
			done = false
		}
		for _, f := range rows {
			all = append(all, keyed{f.FirstSeen.Add(off), f})
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if !all[i].at.Equal(all[j].at) {
			return all[i].at.Before(all[j].at)
		}
		return all[i].f.Fingerprint < all[j].f.Fingerprint
	})
	if len(all) > n {
		all, done = all[:n], false
	}
	out := make([]model.Finding, len(all))
	for i, k := range all {
		out[i] = k.f
	}
	return out, done, nil
}
