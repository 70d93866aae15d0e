package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/sqlstore"
)

// TestTextSearchFollowsChanges: the findings' text index (FTS5 on
// SQLite, pg_trgm on PostgreSQL) follows a changed message, a deleted
// finding and short text, and never matches across two fields.
func TestTextSearchFollowsChanges(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		b := s.(store.Browser)
		search := func(text string) []string {
			t.Helper()
			page, err := b.FindingsAfter(ctx, store.KeysetQuery{Text: text, Limit: 100})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, f := range page {
				out = append(out, f.RuleID+"/"+f.Resource.Name)
			}
			slices.Sort(out)
			return out
		}
		t0 := time.Now().Add(-48 * time.Hour)
		web, db := res("web", "shop"), res("db", "shop")
		a, c := finding("rule-a", web), finding("rule-c", db)
		a.Message = "Port 22 is open to the Internet"
		if _, err := recordScan(ctx, s, record{Scan: scan("s1", t0, full), Findings: []model.Finding{a, c}}); err != nil {
			t.Fatal(err)
		}
		for text, want := range map[string][]string{
			"port 22":         {"rule-a/web"},
			"INTERNET":        {"rule-a/web"},
			"db":              {"rule-c/db"},               // shorter than a trigram
			"Deployment/":     {"rule-a/web", "rule-c/db"}, // in the resource id
			"rule-c":          {"rule-c/db"},               // the rule id (and its title)
			"rule-aPort":      nil,                         // title then message: no match across fields
			`"quoted"`:        nil,                         // quotes are text, not syntax
			"internet rule-a": nil,
		} {
			if got := search(text); !slices.Equal(got, want) {
				t.Errorf("text %q found %v, want %v", text, got, want)
			}
		}
		// The message changes: the index follows.
		a.Message = "Port 3389 is open to the Internet"
		if _, err := recordScan(ctx, s, record{Scan: scan("s2", t0.Add(time.Hour), full), Findings: []model.Finding{a}, Finish: store.Finish{Evaluated: map[string]bool{"rule-a": true, "rule-c": true}}}); err != nil {
			t.Fatal(err)
		}
		if got := search("port 22"); got != nil {
			t.Errorf("old message still found: %v", got)
		}
		if got := search("3389"); !slices.Equal(got, []string{"rule-a/web"}) {
			t.Errorf("new message found %v", got)
		}
		// rule-c was resolved by s2; compacting drops it and its text.
		if got := search("rule-c"); !slices.Equal(got, []string{"rule-c/db"}) {
			t.Fatalf("resolved finding not searchable before compaction: %v", got)
		}
		if _, err := s.(*sqlstore.Store).Compact(ctx, time.Now().Add(time.Hour), false); err != nil {
			t.Fatal(err)
		}
		if got := search("rule-c"); got != nil {
			t.Errorf("compacted finding still found: %v", got)
		}
	})
}

// TestTextSearchPlansAgree: every plan SQLite may take for a text search
// (rowid lookups of the text index's matches, or a walk of the ordering
// index testing each finding's text) pages
// through the same findings in the same order.
func TestTextSearchPlansAgree(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		var fs []model.Finding
		want := map[string]bool{}
		for i := range 60 {
			f := finding("rule-"+[]string{"alpha", "beta", "gamma"}[i%3], res(fmt.Sprint("app-", i), "ns"))
			f.Risk = &model.Risk{Score: (i * 37) % 101}
			fs = append(fs, f)
			if strings.Contains(f.RuleID+f.Resource.ID+f.Message, "alpha") {
				want[f.Fingerprint] = true
			}
		}
		if _, err := recordScan(ctx, s, record{Scan: scan("s1", time.Now(), full), Findings: fs}); err != nil {
			t.Fatal(err)
		}
		b := s.(store.Browser)
		var first []string
		for _, bound := range []int{2000, 0} {
			restore := sqlstore.SetFewMatches(bound)
			got := pageAll(t, b, store.KeysetQuery{Text: "ALPHA", Sort: store.SortRisk, Limit: 7}, nil)
			restore()
			if len(got) != len(want) {
				t.Errorf("bound %d: %d findings, want %d", bound, len(got), len(want))
			}
			for _, id := range got {
				if !want[id] {
					t.Errorf("bound %d: %s does not contain the text", bound, id)
				}
			}
			if first == nil {
				first = got
			} else if !slices.Equal(got, first) {
				t.Errorf("bound %d paged\n %v\nthe other bound\n %v", bound, got, first)
			}
		}
	})
}

// TestHasScanned: a source and account count as scanned once a scan of
// them finished, and only them.
func TestHasScanned(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		sc := scan("s1", time.Now(), full)
		if ok, err := s.HasScanned(ctx, sc.Source, sc.Account); err != nil || ok {
			t.Fatalf("before any scan: %v, %v", ok, err)
		}
		if _, err := recordScan(ctx, s, record{Scan: sc, Findings: []model.Finding{finding("r1", res("a", "x"))}}); err != nil {
			t.Fatal(err)
		}
		if ok, err := s.HasScanned(ctx, sc.Source, sc.Account); err != nil || !ok {
			t.Errorf("after a finished scan: %v, %v", ok, err)
		}
		if ok, err := s.HasScanned(ctx, sc.Source, sc.Account+"-other"); err != nil || ok {
			t.Errorf("another account: %v, %v", ok, err)
		}
	})
}
