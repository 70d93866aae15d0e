package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

// BenchmarkRecordSQLite stores a scan of 20,000 resources (attributes of
// about 1.5 KB each, as an AWS account's instances and volumes carry) and
// 5,000 findings in scopes of 1,000 resources, into a new SQLite file.
func BenchmarkRecordSQLite(b *testing.B) {
	const n, scope = 20000, 1000
	rs := make([]*model.Resource, n)
	for i := range rs {
		attrs := map[string]any{"instance_type": "m5.large", "state": map[string]any{"name": "running", "code": 16}}
		for j := range 25 {
			attrs[fmt.Sprintf("field_%02d", j)] = map[string]any{"value": fmt.Sprintf("value-%d-%d", i, j), "enabled": j%2 == 0, "count": j}
		}
		rs[i] = &model.Resource{ID: fmt.Sprintf("arn:aws:ec2:us-east-1:111122223333:instance/i-%08d", i), Type: "aws.ec2.instance", Provider: "aws",
			Account: "111122223333", Region: "us-east-1", Name: fmt.Sprintf("i-%08d", i), Attributes: attrs, Source: model.Source{Kind: model.SourceLive}}
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		s, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"))
		if err != nil {
			b.Fatal(err)
		}
		sc := &model.Scan{ID: "s", Source: "aws", Account: "111122223333", Status: model.ScanComplete, StartedAt: time.Now()}
		rec, err := s.Begin(ctx, sc, map[string][]string{})
		if err != nil {
			b.Fatal(err)
		}
		for from := 0; from < n; from += scope {
			var fs []model.Finding
			for _, r := range rs[from : from+scope : from+scope][:scope/4] {
				fs = append(fs, model.Finding{Fingerprint: model.Fingerprint("r1", r.ID), RuleID: "r1", Title: "t", Severity: model.SeverityHigh, Status: model.StatusOpen,
					Message: "instance " + r.Name + " allows IMDSv1", Resource: r, Compliance: []model.ComplianceRef{{Framework: "cis-aws-7.0", Control: "5.7"}}})
			}
			if _, err := rec.Scope(ctx, rs[from:from+scope], fs); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := rec.Finish(ctx, store.Finish{Evaluated: map[string]bool{"r1": true}}); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "resources/s")
}
