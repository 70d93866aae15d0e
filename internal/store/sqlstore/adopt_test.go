package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// bucket is an S3 bucket of account.
func bucket(name, account string) *model.Resource {
	return &model.Resource{ID: "arn:aws:s3:::" + name, Type: "aws.s3.bucket", Provider: "aws", Account: account, Name: name, Source: model.Source{Kind: model.SourceLive}}
}

// TestAdoptAccount: findings and resources an organization-wide scan
// stored become an account's; that account's scans then resolve and
// forget them, and never another account's, which stay open under the
// organization until their own account adopts them.
func TestAdoptAccount(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		state := s.(store.ServiceState)
		a, b := bucket("a-logs", "111111111111"), bucket("b-logs", "222222222222")
		cov := func(acct string) model.Coverage {
			return model.Coverage{Scope: "aws.s3.bucket@" + acct, Status: model.CoverageComplete}
		}
		awsScan := func(id, account string, cov ...model.Coverage) *model.Scan {
			sc := scan(id, time.Now(), cov...)
			sc.Source, sc.Account = "aws", account
			return sc
		}
		org := awsScan("s-org", "o-example", cov("111111111111"), cov("222222222222"))
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: org,
			Resources: []*model.Resource{a, b}, Findings: []model.Finding{finding("r1", a), finding("r1", b)}}); err != nil {
			t.Fatal(err)
		}
		// Account A's own scan before adoption would resolve nothing.
		n, err := state.AdoptAccount(ctx, "aws", "o-example", "111111111111")
		if err != nil || n != 1 {
			t.Fatalf("adopt account A: %d, %v; want its one finding", n, err)
		}
		if n, err := state.AdoptAccount(ctx, "aws", "o-example", "111111111111"); err != nil || n != 0 {
			t.Fatalf("adopt again: %d, %v; want nothing left to move", n, err)
		}
		// A's scan sees the bucket fixed and gone: A's finding resolves,
		// B's (type-wide coverage included) does not.
		out, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all},
			Scan: awsScan("s-a", "111111111111", cov("111111111111"), model.Coverage{Scope: "aws.s3.bucket", Status: model.CoverageComplete})})
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Resolved) != 1 || out.Resolved[0].Resource.ID != a.ID {
			t.Fatalf("account A's scan resolved %v, want A's finding alone", out.Resolved)
		}
		still, err := s.Findings(ctx, store.Query{Status: model.StatusOpen})
		if err != nil || len(still) != 1 || still[0].Resource.ID != b.ID {
			t.Fatalf("open findings %v, %v; want B's alone", still, err)
		}
		if left, err := s.Findings(ctx, store.Query{Account: "o-example", Status: model.StatusOpen}); err != nil || len(left) != 1 {
			t.Fatalf("B's finding should stay under the organization until B adopts it: %v, %v", left, err)
		}
		if r, err := s.Resource(ctx, a.ID); err != nil || r != nil {
			t.Errorf("A's bucket should be forgotten by A's scan: %v, %v", r, err)
		}
		if r, err := s.Resource(ctx, b.ID); err != nil || r == nil {
			t.Errorf("B's bucket should stay: %v, %v", r, err)
		}
		// History is kept: A's finding opened under the organization's
		// scan, resolved by A's.
		ev, err := s.History(ctx, model.Fingerprint("r1", a.ID))
		if err != nil || len(ev) != 2 || ev[0].ScanID != "s-org" || ev[1].ScanID != "s-a" {
			t.Errorf("events %+v, %v", ev, err)
		}
	})
}

// TestSeenByTwoAccounts: a finding two accounts' scans both report (one
// resource ID listed by both) belongs to the scan that saw it last, so
// the other's scan, which also saw it, never resolves it — whatever the
// order in which the scans' scopes and finishes interleave.
func TestSeenByTwoAccounts(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		shared := bucket("shared", "111111111111")
		wide := model.Coverage{Scope: "aws.s3.bucket", Status: model.CoverageComplete}
		begin := func(id, account string) store.Recording {
			sc := scan(id, time.Now(), wide)
			sc.Source, sc.Account = "aws", account
			r, err := s.Begin(ctx, sc, nil)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		for i, order := range [][2]int{{0, 1}, {1, 0}} {
			recs := []store.Recording{begin(fmt.Sprint("a", i), "111111111111"), begin(fmt.Sprint("b", i), "222222222222")}
			for _, r := range recs {
				if _, err := r.Scope(ctx, []*model.Resource{shared}, []model.Finding{finding("r1", shared)}); err != nil {
					t.Fatal(err)
				}
			}
			for _, k := range order {
				out, err := recs[k].Finish(ctx, store.Finish{Evaluated: all})
				if err != nil {
					t.Fatal(err)
				}
				if len(out.Resolved) != 0 {
					t.Fatalf("round %d: a scan that saw the finding resolved it: %v", i, out.Resolved)
				}
			}
			if fs, err := s.Findings(ctx, store.Query{Status: model.StatusOpen, Account: "222222222222"}); err != nil || len(fs) != 1 {
				t.Fatalf("round %d: the finding should be open under the account that saw it last: %v, %v", i, fs, err)
			}
			if r, err := s.Resource(ctx, shared.ID); err != nil || r == nil {
				t.Fatalf("round %d: the resource was forgotten: %v", i, err)
			}
		}
	})
}
