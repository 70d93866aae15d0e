package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// TestFindingsPage: a page is filtered, ordered and counted by the
// database, the same on every backend.
func TestFindingsPage(t *testing.T) {
	each(t, func(t *testing.T, open func(t *testing.T) store.Store) {
		ctx := context.Background()
		s := open(t)
		var fs []model.Finding
		for i, name := range []string{"a", "b", "c", "d", "e_x"} {
			f := finding("r1", res(name, "x"))
			f.Risk = &model.Risk{Score: 10 * (i + 1)}
			if i%2 == 0 {
				f.Severity = model.SeverityCritical
			}
			fs = append(fs, f)
		}
		fs = append(fs, finding("r2", res("a", "y")))
		if _, err := recordScan(ctx, s, record{Finish: store.Finish{Evaluated: all}, Scan: scan("s1", time.Now(), full), Findings: fs}); err != nil {
			t.Fatal(err)
		}
		p := s.(store.Pager)
		names := func(fs []model.Finding) (out []string) {
			for _, f := range fs {
				out = append(out, f.RuleID+"/"+f.Resource.Name)
			}
			return out
		}
		cases := []struct {
			q     store.PageQuery
			want  []string
			total int
		}{
			{store.PageQuery{Query: store.Query{Limit: 2}}, []string{"r1/e_x", "r1/d"}, 6},
			{store.PageQuery{Query: store.Query{Limit: 2}, Offset: 2}, []string{"r1/c", "r1/b"}, 6},
			{store.PageQuery{Query: store.Query{Limit: 10, MinSeverity: model.SeverityCritical}}, []string{"r1/e_x", "r1/c", "r1/a"}, 3},
			{store.PageQuery{Query: store.Query{Limit: 10, Namespace: "y"}}, []string{"r2/a"}, 1},
			{store.PageQuery{Query: store.Query{Limit: 10, RuleID: "r1"}, Order: "severity"}, []string{"r1/e_x", "r1/c", "r1/a", "r1/d", "r1/b"}, 5},
			// _ and % are literal in the text.
			{store.PageQuery{Query: store.Query{Limit: 10}, Text: "E_X"}, []string{"r1/e_x"}, 1},
			{store.PageQuery{Query: store.Query{Limit: 10}, Text: "%"}, nil, 0},
		}
		for _, c := range cases {
			got, total, err := p.FindingsPage(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if total != c.total || len(got) != len(c.want) {
				t.Errorf("%+v: %v of %d, want %v of %d", c.q, names(got), total, c.want, c.total)
				continue
			}
			for i, n := range names(got) {
				if n != c.want[i] {
					t.Errorf("%+v: %v, want %v", c.q, names(got), c.want)
					break
				}
			}
		}
		if _, _, err := p.FindingsPage(ctx, store.PageQuery{Query: store.Query{Limit: 1}, Order: "name"}); err == nil {
			t.Error("an unknown order gave no error")
		}
	})
}
