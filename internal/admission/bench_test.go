package admission_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	admissionv1 "k8s.io/api/admission/v1"
	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/vigil-cspm/vigil/internal/admission"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/kubetest"
	"github.com/vigil-cspm/vigil/internal/memgov"
	"github.com/vigil-cspm/vigil/internal/model"
)

// relatedObjects generates n objects of the kinds the cache holds, as a
// cluster has them: per namespace a service account, a role, a binding
// and a network policy, and a few namespaces.
func relatedObjects(n int) []map[string]any {
	var out []map[string]any
	for i := 0; len(out) < n; i++ {
		ns := fmt.Sprintf("team-%d", i/10)
		name := fmt.Sprintf("app-%d", i)
		meta := func(n string) map[string]any { return map[string]any{"name": n, "namespace": ns} }
		if i%10 == 0 {
			out = append(out, map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": ns, "labels": map[string]any{"vigil.dev/warn": "all"}}})
		}
		out = append(out,
			map[string]any{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": meta(name)},
			map[string]any{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": meta(name),
				"rules": []any{map[string]any{"apiGroups": []any{""}, "resources": []any{"configmaps"}, "verbs": []any{"get", "list"}}}},
			map[string]any{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": meta(name),
				"roleRef":  map[string]any{"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": name},
				"subjects": []any{map[string]any{"kind": "ServiceAccount", "name": name, "namespace": ns}}},
			map[string]any{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": meta(name),
				"spec": map[string]any{"podSelector": map[string]any{"matchLabels": map[string]any{"app": name}}, "policyTypes": []any{"Ingress"}}},
		)
	}
	return out[:n]
}

func staticCache(tb testing.TB, h *admission.Handler, objs []map[string]any) *admission.Static {
	tb.Helper()
	c := &admission.Static{}
	for _, o := range objs {
		r, err := h.Norm.NormalizeOwned(o, h.Cluster, model.Source{Kind: model.SourceLive})
		if err != nil {
			tb.Fatal(err)
		}
		c.Resources = append(c.Resources, r)
	}
	return c
}

// benchReviews are the reviews the benchmarks replay, in turn: a
// privileged pod, a privileged Deployment, a clean pod and a
// RoleBinding.
func benchReviews(b *testing.B) [][]byte {
	clean := map[string]any{"apiVersion": "v1", "kind": "Pod", "metadata": map[string]any{"name": "clean", "namespace": "team-1"},
		"spec": map[string]any{"automountServiceAccountToken": false, "securityContext": map[string]any{"runAsNonRoot": true, "seccompProfile": map[string]any{"type": "RuntimeDefault"}},
			"containers": []any{map[string]any{"name": "app", "image": "registry.example.com/app@sha256:" + strings.Repeat("a", 64),
				"securityContext": map[string]any{"allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "capabilities": map[string]any{"drop": []any{"ALL"}}},
				"resources":       map[string]any{"limits": map[string]any{"cpu": "1", "memory": "1Gi"}, "requests": map[string]any{"cpu": "1", "memory": "1Gi"}}}}}}
	return [][]byte{
		review(b, admissionv1.Create, privilegedPod("team-1", "priv"), nil, false),
		review(b, admissionv1.Create, privilegedDeployment("team-2", "web", 3), nil, false),
		review(b, admissionv1.Create, clean, nil, false),
		review(b, admissionv1.Create, relatedObjects(5)[3], nil, false),
	}
}

// BenchmarkAdmissionJudge is the webhook's own work per review, with no
// HTTP or TLS: decode and judge the reviews BenchmarkAdmissionReview
// replays, one at a time, against the same cache of 2,000 objects.
func BenchmarkAdmissionJudge(b *testing.B) {
	defer memgov.Start()()
	h := newHandler(b, nil, admission.Floor{Default: admission.Audit})
	h.Cache = staticCache(b, h, relatedObjects(2000))
	bodies := benchReviews(b)
	ctx := context.Background()
	judge := func(body []byte) {
		rv, err := admission.Decode(body)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := h.Judge(ctx, rv); err != nil {
			b.Fatal(err)
		}
	}
	for _, body := range bodies {
		judge(body)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := range b.N {
		judge(bodies[i%len(bodies)])
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/request")
}

// BenchmarkAdmissionReview replays AdmissionReviews over HTTPS on
// loopback against the handler with the whole library, from 4 clients,
// with a cache of 2,000 related objects: a privileged pod, a
// Deployment, a clean pod and a RoleBinding, in turn. It reports
// requests/s and the p99 latency seen by the clients.
func BenchmarkAdmissionReview(b *testing.B) {
	defer memgov.Start()()
	h := newHandler(b, nil, admission.Floor{Default: admission.Audit})
	h.Cache = staticCache(b, h, relatedObjects(2000))
	dir := b.TempDir()
	ca := servingCert(b, dir, "bench")
	certs := &admission.CertReloader{CertFile: filepath.Join(dir, "tls.crt"), KeyFile: filepath.Join(dir, "tls.key")}
	if err := certs.Load(); err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = (&admission.Server{Handler: h, TLS: admission.TLSConfig(certs)}).Serve(ctx, ln, nil)
	}()
	defer func() { cancel(); <-done }()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(ca)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}, MaxIdleConnsPerHost: 8}}
	bodies := benchReviews(b)
	url := "https://" + ln.Addr().String() + "/validate"
	send := func(body []byte) {
		resp, err := client.Post(url, "application/json", bytes.NewReader(body))
		if err != nil {
			b.Error(err)
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Errorf("status %s", resp.Status)
		}
	}
	for _, body := range bodies { // warm the connections and the engine
		send(body)
	}
	var (
		mu        sync.Mutex
		latencies = make([]time.Duration, 0, b.N)
		next      int
	)
	const clients = 4
	b.ResetTimer()
	cpu0 := cpuTime()
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				if next >= b.N {
					mu.Unlock()
					return
				}
				i := next
				next++
				mu.Unlock()
				t0 := time.Now()
				send(bodies[i%len(bodies)])
				d := time.Since(t0)
				mu.Lock()
				latencies = append(latencies, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	slices.Sort(latencies)
	p99 := latencies[min(len(latencies)-1, len(latencies)*99/100)]
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "requests/s")
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	// What a request costs whatever else the machine runs: the
	// process's CPU time (the webhook's and the clients' TLS) per request.
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/request")
}

// BenchmarkAdmissionCacheMemory reports what 1,000 cached objects (a
// cluster's mix of the related kinds, normalized and converted to rule
// input as the cache holds them) add to the heap in use and to the
// process's resident memory.
func BenchmarkAdmissionCacheMemory(b *testing.B) {
	h := newHandler(b, nil, admission.Floor{})
	const n = 20000
	for range b.N {
		objs := relatedObjects(n)
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		rss0 := rss(b)
		c := staticCache(b, h, objs)
		c.Index() // the index and the objects' rule inputs, as a webhook holds them
		objs = nil
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		rss1 := rss(b)
		runtime.KeepAlive(c)
		b.ReportMetric(float64(after.HeapInuse-before.HeapInuse)/(1<<20)/(n/1000), "heap-MiB/1k-objects")
		b.ReportMetric(float64(max(rss1-rss0, 0))/(1<<20)/(n/1000), "rss-MiB/1k-objects")
	}
}

// rss is the process's resident set size in bytes (Linux; 0 elsewhere).
func rss(tb testing.TB) int64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data))
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// BenchmarkAdmissionPodCreate is the latency the webhook adds to a pod
// create through a real API server: dry-run creates of a clean pod,
// without the webhook and then with it registered (failurePolicy Fail,
// so every create waits for its answer).
func BenchmarkAdmissionPodCreate(b *testing.B) {
	env := kubetest.StartTest(b, kubetest.Options{})
	ctx := context.Background()
	cs, err := kubernetes.NewForConfig(env.AdminConfig)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "bench"}}, metav1.CreateOptions{}); err != nil {
		b.Fatal(err)
	}
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{GenerateName: "p-", Namespace: "bench"},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "nginx:1.27"}}}}
	dry := metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}
	create := func(n int) time.Duration {
		start := time.Now()
		for range n {
			if _, err := cs.CoreV1().Pods("bench").Create(ctx, p, dry); err != nil {
				b.Fatal(err)
			}
		}
		return time.Since(start) / time.Duration(n)
	}
	create(20)
	without := create(b.N)
	wh := startWebhook(b, env, nil)
	url := wh.url
	o := admission.ManifestOptions{FailurePolicy: "Fail", TimeoutSeconds: 5, Judged: admission.JudgedKinds(kube.NewCatalog())}
	if _, err := cs.AdmissionregistrationV1().ValidatingWebhookConfigurations().Create(ctx,
		admission.Webhook(o, admissionregistrationv1.WebhookClientConfig{URL: &url, CABundle: wh.ca}), metav1.CreateOptions{}); err != nil {
		b.Fatal(err)
	}
	// Wait until the API server calls it.
	for deadline := time.Now().Add(30 * time.Second); testutil.ToFloat64(wh.h.Metrics.Requests("true", "judged", "true")) == 0; time.Sleep(100 * time.Millisecond) {
		create(1)
		if time.Now().After(deadline) {
			b.Fatal("the API server never called the webhook")
		}
	}
	create(20)
	with := create(b.N)
	b.ReportMetric(float64(without.Microseconds())/1000, "ms/create-without")
	b.ReportMetric(float64(with.Microseconds())/1000, "ms/create-with")
	b.ReportMetric(float64((with-without).Microseconds())/1000, "ms-added")
}
