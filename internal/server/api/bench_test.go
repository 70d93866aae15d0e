package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// benchEstate stores nRes resources with two findings each (half of
// them open twice over 20 scans, so first-seen times differ) through
// the store's own recording path: Kubernetes deployments in 3 clusters
// of 20 namespaces (one is "shop") and S3 buckets in 4 accounts (one is
// 111111111111), with attributes of about 1 KB.
func benchEstate(tb testing.TB, st store.Store, nRes int) []string {
	tb.Helper()
	ctx := context.Background()
	r := rand.New(rand.NewPCG(1, 2))
	rules := []string{"k8s-privileged-container", "k8s-run-as-non-root", "k8s-resource-limits", "aws-s3-bucket-public-read", "aws-s3-bucket-encryption", "k8s-host-network"}
	const scans = 20
	per := nRes / scans
	t0 := time.Now().UTC().Add(-60 * 24 * time.Hour)
	var ids []string
	for s := range scans {
		at := t0.Add(time.Duration(s) * 3 * 24 * time.Hour)
		sc := &model.Scan{ID: fmt.Sprint("bench-", s), Source: "bench", Account: fmt.Sprint("part-", s), Status: model.ScanComplete, StartedAt: at, FinishedAt: at,
			Coverage: []model.Coverage{}}
		rec, err := st.Begin(ctx, sc, nil)
		if err != nil {
			tb.Fatal(err)
		}
		for from := 0; from < per; from += 1000 {
			var rs []*model.Resource
			var fs []model.Finding
			for i := from; i < min(from+1000, per); i++ {
				n := s*per + i
				attrs := map[string]any{}
				for j := range 12 {
					attrs[fmt.Sprintf("field_%02d", j)] = map[string]any{"value": fmt.Sprintf("value-%d-%d", n, j), "enabled": j%2 == 0}
				}
				var res *model.Resource
				if n%2 == 0 {
					cl, ns := fmt.Sprint("cluster-", n%3), fmt.Sprint("ns-", n%40)
					if n%40 == 8 {
						ns = "shop"
					}
					res = &model.Resource{ID: fmt.Sprintf("k8s://%s/%s/apps/Deployment/app-%d", cl, ns, n), Type: "k8s.apps.deployment", Provider: "k8s",
						Account: cl, Namespace: ns, Name: fmt.Sprint("app-", n), Labels: map[string]string{"team": fmt.Sprint("team-", n%17)}, Attributes: attrs}
				} else {
					acct := []string{"111111111111", "222222222222", "333333333333", "444444444444"}[(n/2)%4]
					res = &model.Resource{ID: fmt.Sprintf("arn:aws:s3:::bucket-%d", n), Type: "aws.s3.bucket", Provider: "aws", Account: acct, Region: "eu-west-1",
						Name: fmt.Sprint("bucket-", n), Labels: map[string]string{"team": fmt.Sprint("team-", n%17)}, Attributes: attrs}
				}
				rs = append(rs, res)
				for k := range 2 {
					rule := rules[(n+k*3)%len(rules)]
					f := model.Finding{Fingerprint: model.Fingerprint(rule, res.ID), RuleID: rule, Title: "Finding " + rule, Severity: model.Severity(1 + r.IntN(5)),
						Status: model.StatusOpen, Message: rule + " on " + res.Name, Resource: res, Evidence: model.Evidence{Path: "attributes.field_01.value", Value: "x"},
						Remediation: "Fix " + rule, Compliance: []model.ComplianceRef{{Framework: "cis-aws-7.0", Control: "2.1"}},
						Risk: &model.Risk{Score: r.IntN(101), Factors: []model.RiskFactor{{Name: "severity", Points: 10, Detail: "sev"}}}}
					fs = append(fs, f)
					ids = append(ids, f.Fingerprint)
				}
			}
			if _, err := rec.Scope(ctx, rs, fs); err != nil {
				tb.Fatal(err)
			}
		}
		if _, err := rec.Finish(ctx, store.Finish{}); err != nil {
			tb.Fatal(err)
		}
	}
	return ids
}

// BenchmarkAPIFindings measures the API over 100,000 findings and
// 50,000 resources in the embedded SQLite store with 4 concurrent
// clients: each sub-benchmark reports its p95 latency.
func BenchmarkAPIFindings(b *testing.B) {
	st := openSQLite(b)
	start := time.Now()
	ids := benchEstate(b, st, 50000)
	b.Logf("filled 100,000 findings and 50,000 resources in %s", time.Since(start).Round(time.Millisecond))
	e := newEnv(b, st, nil)
	// The first page of each list, and pages from its cursors.
	cases := []struct {
		name, who, path string
	}{
		{"list-risk", "viewer", "/api/v1/findings?limit=50"},
		{"list-severity-high", "viewer", "/api/v1/findings?limit=50&sort=severity&min_severity=high"},
		{"list-age", "viewer", "/api/v1/findings?limit=50&sort=age"},
		{"list-due", "viewer", "/api/v1/findings?limit=50&sort=due"},
		{"list-rule-account", "viewer", "/api/v1/findings?limit=50&rule=aws-s3-bucket-public-read&account=111111111111"},
		{"list-text", "viewer", "/api/v1/findings?limit=50&q=bucket-4242"},
		{"list-text-common", "viewer", "/api/v1/findings?limit=50&q=bucket"},
		{"list-scoped-namespace", "shop", "/api/v1/findings?limit=50"},
		{"list-scoped-account", "acct", "/api/v1/findings?limit=50&sort=due"},
		{"resources", "viewer", "/api/v1/resources?limit=50&type=k8s.apps.deployment"},
		{"resources-scoped-namespace", "shop", "/api/v1/resources?limit=50"},
		{"detail", "viewer", ""},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			paths := []string{c.path}
			if c.path == "" {
				paths = nil
				for i := range 200 {
					paths = append(paths, "/api/v1/findings/"+ids[(i*7919)%len(ids)])
				}
			} else {
				// Follow cursors for a few pages: later pages cost the same.
				cur := c.path
				for range 5 {
					var p struct {
						NextCursor string `json:"next_cursor"`
					}
					e.get(c.who, cur, &p)
					if p.NextCursor == "" {
						break
					}
					cur = c.path + "&cursor=" + url.QueryEscape(p.NextCursor)
					paths = append(paths, cur)
				}
			}
			var mu sync.Mutex
			var lat []time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			var wg sync.WaitGroup
			next := make(chan int)
			for range 4 {
				wg.Go(func() {
					client := &http.Client{}
					for i := range next {
						req, _ := http.NewRequest("GET", e.url+paths[i%len(paths)], nil)
						req.Header.Set("Authorization", "Bearer "+c.who+"-secret")
						t := time.Now()
						resp, err := client.Do(req)
						if err != nil {
							b.Error(err)
							return
						}
						var v json.RawMessage
						_ = json.NewDecoder(resp.Body).Decode(&v)
						resp.Body.Close()
						d := time.Since(t)
						if resp.StatusCode != http.StatusOK {
							b.Errorf("GET %s: %d", paths[i%len(paths)], resp.StatusCode)
						}
						mu.Lock()
						lat = append(lat, d)
						mu.Unlock()
					}
				})
			}
			for i := 0; b.Loop(); i++ {
				next <- i
			}
			close(next)
			wg.Wait()
			slices.Sort(lat)
			if len(lat) > 0 {
				b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
				b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			}
		})
	}
}
