package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// browseEstate records findings on Kubernetes deployments of two
// clusters and AWS buckets of two accounts (one scan of an
// organization: the scan's account is not the resources'), with mixed
// severities, risk scores and first-seen times.
func browseEstate(t *testing.T, s store.Store, n int, t0 time.Time) []model.Finding {
	t.Helper()
	ctx := context.Background()
	var all []model.Finding
	for i := range n {
		var r *model.Resource
		switch i % 3 {
		case 0:
			r = &model.Resource{ID: fmt.Sprintf("k8s://c%d/ns%d/apps/Deployment/d%d", i%2, i%4, i), Type: "k8s.apps.deployment", Provider: "k8s", Account: fmt.Sprintf("c%d", i%2), Namespace: fmt.Sprintf("ns%d", i%4), Name: fmt.Sprint("d", i)}
		default:
			acct := []string{"111111111111", "222222222222"}[i%2]
			r = &model.Resource{ID: fmt.Sprintf("arn:aws:s3:::b%d", i), Type: "aws.s3.bucket", Provider: "aws", Account: acct, Region: "eu-west-1", Name: fmt.Sprint("b", i)}
		}
		f := finding(fmt.Sprintf("rule-%d", i%5), r)
		f.Severity = model.Severity(1 + i%5)
		if i%4 != 0 {
			f.Risk = &model.Risk{Score: (i * 37) % 100}
		}
		if i%7 == 0 {
			f.Compliance = []model.ComplianceRef{{Framework: "cis-aws-7.0", Control: "2.1"}}
			f.Title = "Bucket_Open 100%"
		}
		sc := &model.Scan{ID: fmt.Sprint("s", i), Source: "mixed", Account: "org", Status: model.ScanComplete, StartedAt: t0.Add(time.Duration(i%6) * time.Minute), FinishedAt: t0}
		out, err := recordScan(ctx, s, record{Scan: sc, Resources: []*model.Resource{r}, Findings: []model.Finding{f}})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, out.Findings...)
	}
	return all
}

// pageAll follows a sort order page by page.
func pageAll(t *testing.T, s store.Browser, q store.KeysetQuery, between func()) []string {
	t.Helper()
	var ids []string
	for range 100 {
		page, err := s.FindingsAfter(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range page {
			ids = append(ids, f.Fingerprint)
		}
		if len(page) < q.Limit {
			return ids
		}
		k := store.KeyOf(&page[len(page)-1])
		q.After = &k
		if between != nil {
			between()
		}
	}
	t.Fatal("paging did not end")
	return nil
}

// TestFindingsAfter: every sort order pages through exactly the stored
// findings in order, without repeats or gaps, even when findings are
// added between pages; filters and partitions are applied in the query.
func TestFindingsAfter(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		s := open(t)
		b := s.(store.Browser)
		t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		all := browseEstate(t, s, 60, t0)
		less := map[string]func(a, b store.FindingKey) bool{
			store.SortRisk: func(a, b store.FindingKey) bool {
				return a.Risk > b.Risk || a.Risk == b.Risk && (a.Severity > b.Severity || a.Severity == b.Severity && a.Fingerprint > b.Fingerprint)
			},
			store.SortSeverity: func(a, b store.FindingKey) bool {
				return a.Severity > b.Severity || a.Severity == b.Severity && (a.Risk > b.Risk || a.Risk == b.Risk && a.Fingerprint > b.Fingerprint)
			},
			store.SortFirstSeen: func(a, b store.FindingKey) bool {
				return a.FirstSeen.Before(b.FirstSeen) || a.FirstSeen.Equal(b.FirstSeen) && a.Fingerprint < b.Fingerprint
			},
		}
		for sortBy, lt := range less {
			want := slices.Clone(all)
			sort.Slice(want, func(i, j int) bool { return lt(store.KeyOf(&want[i]), store.KeyOf(&want[j])) })
			var wantIDs []string
			for _, f := range want {
				wantIDs = append(wantIDs, f.Fingerprint)
			}
			got := pageAll(t, b, store.KeysetQuery{Sort: sortBy, Limit: 7}, nil)
			if !slices.Equal(got, wantIDs) {
				t.Errorf("sort %s: paged\n %v\nwant\n %v", sortBy, got, wantIDs)
			}
		}
		// Inserts between pages: the findings that were there are each
		// listed once, in order.
		extra := 0
		got := pageAll(t, b, store.KeysetQuery{Sort: store.SortRisk, Limit: 9}, func() {
			extra++
			r := res(fmt.Sprint("late", extra), "late")
			f := finding("late", r)
			f.Risk = &model.Risk{Score: 99}
			f.Severity = model.SeverityCritical
			if _, err := recordScan(context.Background(), s, record{Scan: scan(fmt.Sprint("late", extra), t0, full), Resources: []*model.Resource{r}, Findings: []model.Finding{f}}); err != nil {
				t.Fatal(err)
			}
		})
		seen := map[string]int{}
		for _, id := range got {
			seen[id]++
		}
		for _, f := range all {
			if seen[f.Fingerprint] != 1 {
				t.Errorf("finding %s listed %d times while findings were added", f.Fingerprint, seen[f.Fingerprint])
			}
		}

		// Filters.
		page, err := b.FindingsAfter(context.Background(), store.KeysetQuery{Framework: "cis-aws-7.0", Text: "bucket_open 100%", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != 9 { // i%7 == 0 for i < 60
			t.Errorf("framework and text filter kept %d findings, want 9", len(page))
		}
		page, err = b.FindingsAfter(context.Background(), store.KeysetQuery{Text: "_open 1", Account: "111111111111", Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range page {
			if f.Resource.Account != "111111111111" || !strings.Contains(f.Title, "_Open 1") {
				t.Errorf("account and text filter kept %s (%s, %q)", f.Fingerprint, f.Resource.Account, f.Title)
			}
		}

		// Partitions: the query keeps exactly what they name.
		parts, err := b.FindingPartitions(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(parts, store.Partition{K8s: true, Account: "c1", Namespace: "ns1"}) || !slices.Contains(parts, store.Partition{Account: "222222222222"}) {
			t.Fatalf("partitions %v lack c1/ns1 or 222222222222", parts)
		}
		within := &store.Visibility{Clusters: []string{"c1"}, Namespaces: []string{"ns1", "ns3"}}
		page, err = b.FindingsAfter(context.Background(), store.KeysetQuery{Visible: within, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range all {
			r := f.Resource
			if r.Provider == "k8s" && r.Account == "c1" && (r.Namespace == "ns1" || r.Namespace == "ns3") {
				n++
			}
		}
		if len(page) != n || n == 0 {
			t.Errorf("within %v kept %d findings, want %d", within, len(page), n)
		}
		if page, err = b.FindingsAfter(context.Background(), store.KeysetQuery{Visible: &store.Visibility{Accounts: []string{}}, Limit: 10}); err != nil || len(page) != 0 {
			t.Errorf("within no partition kept %d findings (%v)", len(page), err)
		}
		one, err := b.Finding(context.Background(), all[3].Fingerprint)
		if err != nil || one == nil || one.RuleID != all[3].RuleID {
			t.Errorf("Finding(%s) = %v, %v", all[3].Fingerprint, one, err)
		}
		if none, err := b.Finding(context.Background(), "nope"); none != nil || err != nil {
			t.Errorf("Finding(nope) = %v, %v", none, err)
		}
		accts := &store.Visibility{Accounts: []string{"222222222222"}}
		if page, err = b.FindingsAfter(context.Background(), store.KeysetQuery{Visible: accts, Limit: 1000}); err != nil || len(page) == 0 {
			t.Fatalf("account 222222222222: %d findings, %v", len(page), err)
		}
		for _, f := range page {
			if f.Resource.Provider != "aws" || f.Resource.Account != "222222222222" {
				t.Errorf("account 222222222222 kept %s", f.Resource.ID)
			}
		}
		rs, err := b.ResourcesAfter(context.Background(), store.ResourceQuery{Visible: accts, Type: "aws.s3.bucket", Limit: 5})
		if err != nil || len(rs) != 5 {
			t.Fatalf("resources page: %d, %v", len(rs), err)
		}
		next, err := b.ResourcesAfter(context.Background(), store.ResourceQuery{Visible: accts, Type: "aws.s3.bucket", After: rs[4].ID, Limit: 5})
		if err != nil || len(next) == 0 || next[0].ID <= rs[4].ID || next[0].Account != "222222222222" {
			t.Fatalf("second resources page: %v, %v", next, err)
		}
	})
}

// TestProposals: propose, approve (on the version seen) and revoke are
// each one transaction; a stale or second decision is a conflict, and
// of concurrent approvals exactly one wins.
func TestProposals(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		w := s.(store.ExceptionWorkflow)
		at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		p := store.Proposal{ID: "ex-1", Doc: `{"id":"ex-1"}`, ProposedBy: "op", ProposedAt: at}
		if err := w.Propose(ctx, p); err != nil {
			t.Fatal(err)
		}
		if err := w.Propose(ctx, p); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("second proposal of one id: %v, want a conflict", err)
		}
		rec := store.ExceptionRecord{ID: "ex-1", Rule: "r", Owner: "o", Expires: at.AddDate(0, 1, 0), Doc: p.Doc}
		if err := w.Approve(ctx, store.Decision{ID: "ex-1", Version: 7, By: "admin", At: at}, rec); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("approval of a stale version: %v, want a conflict", err)
		}
		if err := w.Approve(ctx, store.Decision{ID: "nope", Version: 1, By: "admin", At: at}, rec); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("approval of an unknown proposal: %v, want not found", err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 4)
		for i := range errs {
			wg.Go(func() {
				errs[i] = w.Approve(ctx, store.Decision{ID: "ex-1", Version: 1, By: fmt.Sprint("admin", i), At: at}, rec)
			})
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, store.ErrConflict):
				t.Errorf("concurrent approval: %v, want success or a conflict", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d concurrent approvals won, want 1 (%v)", won, errs)
		}
		set, err := s.Exceptions(ctx)
		if err != nil || len(set.Records) != 1 || set.Records[0].ID != "ex-1" || set.Records[0].Origin != store.ExceptionFromAPI || set.Version != 1 {
			t.Fatalf("exception set after approval: %+v, %v; want ex-1 from the API at version 1", set, err)
		}
		if err := w.Propose(ctx, store.Proposal{ID: "ex-1", Doc: "{}", ProposedBy: "op", ProposedAt: at}); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("proposal of an id in the set: %v, want a conflict", err)
		}
		if err := w.Revoke(ctx, store.Decision{ID: "ex-1", By: "admin", At: at.Add(time.Hour), Note: "fixed"}); err != nil {
			t.Fatal(err)
		}
		if err := w.Revoke(ctx, store.Decision{ID: "ex-1", By: "admin", At: at}); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("second revocation: %v, want not found", err)
		}
		hist, err := s.ExceptionHistory(ctx, "ex-1")
		if err != nil || len(hist) != 2 || hist[0].Event != store.ExceptionAdded || hist[1].Event != store.ExceptionRemoved || hist[1].Before != p.Doc {
			t.Fatalf("history %+v, %v: want added then removed", hist, err)
		}
		ps, err := w.Proposals(ctx)
		if err != nil || len(ps) != 1 || ps[0].Status != store.ProposalRevoked || ps[0].Version != 3 || ps[0].DecidedBy != "admin" {
			t.Fatalf("proposals %+v, %v", ps, err)
		}
		if err := w.Propose(ctx, store.Proposal{ID: "ex-2", Doc: "{}", ProposedBy: "op", ProposedAt: at}); err != nil {
			t.Fatal(err)
		}
		if err := w.Reject(ctx, store.Decision{ID: "ex-2", Version: 1, By: "admin", At: at}); err != nil {
			t.Fatal(err)
		}
		if err := w.Reject(ctx, store.Decision{ID: "ex-2", Version: 2, By: "admin", At: at}); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("second decision: %v, want a conflict", err)
		}
	})
}

// TestStoredResources: whole resources of the asked accounts and types,
// and of none other.
func TestStoredResources(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
		mk := func(acct, typ, name string) *model.Resource {
			return &model.Resource{ID: "arn:aws:x:::" + acct + "/" + name, Type: typ, Provider: "aws", Account: acct, Name: name,
				Attributes: map[string]any{"name": name}, Source: model.Source{Kind: model.SourceLive}}
		}
		for _, acct := range []string{"111111111111", "222222222222", "333333333333"} {
			sc := &model.Scan{ID: "s-" + acct, Source: "aws", Account: acct, Status: model.ScanComplete, StartedAt: at, FinishedAt: at}
			rs := []*model.Resource{mk(acct, "aws.s3.bucket", "logs"), mk(acct, "aws.sns.topic", "alerts"), mk(acct, "aws.ec2.instance", "web")}
			if _, err := recordScan(ctx, s, record{Scan: sc, Resources: rs}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.StoredResources(ctx, store.StoredQuery{Source: "aws", Accounts: []string{"111111111111", "333333333333"}, Types: []string{"aws.s3.bucket", "aws.sns.topic"}})
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range got {
			if r.Attributes["name"] != r.Name {
				t.Errorf("%s came back without its attributes", r.ID)
			}
			ids = append(ids, r.ID)
		}
		want := []string{"arn:aws:x:::111111111111/alerts", "arn:aws:x:::111111111111/logs", "arn:aws:x:::333333333333/alerts", "arn:aws:x:::333333333333/logs"}
		if strings.Join(ids, " ") != strings.Join(want, " ") {
			t.Fatalf("stored resources %v, want %v", ids, want)
		}
		if got, err := s.StoredResources(ctx, store.StoredQuery{Source: "k8s", Accounts: []string{"111111111111"}, Types: []string{"aws.s3.bucket"}}); err != nil || len(got) != 0 {
			t.Fatalf("another source: %d resources, %v", len(got), err)
		}
	})
}
