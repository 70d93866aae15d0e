package awsinv

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/awstest"
	"github.com/vigil-cspm/vigil/internal/inventory"
)

// BenchmarkAWSScan5k and BenchmarkAWSScan50k collect a generated account
// (awstest.Estate) served at zero latency: wall time per scan, resources
// collected, API calls per resource with S3's per-bucket configuration
// calls reported apart (they have no batch form: ten per bucket).
func BenchmarkAWSScan5k(b *testing.B)  { benchmarkAWSScan(b, 5_000) }
func BenchmarkAWSScan50k(b *testing.B) { benchmarkAWSScan(b, 50_000) }

func benchmarkAWSScan(b *testing.B, n int) {
	e := awstest.Estate{Account: "999999999999", Regions: []string{"us-east-1", "eu-west-1"}, Resources: n}
	srv := serveEstate(b, e)
	ctx := context.Background()
	var resources int
	for b.Loop() {
		s, err := New(ctx, Config{Rate: 1e6, Burst: 1e6, InFlight: 64}, Collectors())
		if err != nil {
			b.Fatal(err)
		}
		res, err := inventory.Gather(ctx, s)
		if err != nil {
			b.Fatal(err)
		}
		resources = len(res.Resources)
		for _, c := range res.Coverage {
			if c.Status != "complete" {
				b.Fatalf("the generated account must be read in full: %s %s %s: %s", c.Scope, c.Status, c.API, c.Reason)
			}
		}
	}
	if resources < n*9/10 {
		b.Fatalf("collected %d resources of a %d-resource estate", resources, n)
	}
	if m := srv.Misses(); len(m) > 0 {
		b.Fatalf("unanswered calls: %v", m[:min(5, len(m))])
	}
	var calls, bucketCalls, buckets int
	for api, c := range srv.Calls() {
		switch {
		case strings.HasPrefix(api, "s3:Get"), strings.HasPrefix(api, "s3control:"):
			bucketCalls += c
		default:
			calls += c
		}
	}
	buckets = e.Counts()["s3:ListBuckets"]
	b.ReportMetric(float64(resources), "resources")
	b.ReportMetric(float64(calls)/float64(b.N)/float64(resources-buckets), "calls/resource")
	b.ReportMetric(float64(bucketCalls)/float64(b.N)/float64(max(buckets, 1)), "s3-calls/bucket")
}
