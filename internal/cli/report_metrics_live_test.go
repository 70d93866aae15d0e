package cli

import (
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/dynamic"

	"github.com/vigil-cspm/vigil/internal/kubetest"
)

// TestReportMetricsLiveMTTD: MTTD (M3) on a real API server, whose
// objects carry real creationTimestamps and managedFields times. A
// label is changed on one object after it was created, so its change
// time is its newest managedFields entry. The expected mean is worked
// out from the objects as client-go reads them back.
func TestReportMetricsLiveMTTD(t *testing.T) {
	env := kubetest.StartTest(t, kubetest.Options{})
	objs := apply(t, env.AdminConfig, filepath.Join("testdata", "live", "cluster.yaml"))
	dyn, err := dynamic.NewForConfig(env.AdminConfig)
	if err != nil {
		t.Fatal(err)
	}
	// A later change: the deployment's label is updated a second after
	// it was created (managedFields times have a resolution of seconds).
	time.Sleep(1100 * time.Millisecond)
	for i, o := range objs {
		if o.GetKind() != "Deployment" {
			continue
		}
		res, _ := gvr(t, o.GetAPIVersion(), o.GetKind())
		o.SetLabels(map[string]string{"app": "api", "changed": "yes"})
		got, err := dyn.Resource(res).Namespace(o.GetNamespace()).Update(context.Background(), o, metav1.UpdateOptions{FieldManager: "metrics-test"})
		if err != nil {
			t.Fatal(err)
		}
		objs[i] = got
	}
	changed := map[string]time.Time{}
	for _, o := range objs {
		changed[o.GetKind()+" "+o.GetNamespace()+"/"+o.GetName()] = newestChange(o)
	}

	at := time.Now().UTC().Truncate(time.Second).Add(time.Hour)
	db := filepath.Join(t.TempDir(), "vigil.db")
	r := runAt(t, at, "scan", "k8s", "--kubeconfig", env.AdminKubeconfig, "--store", db, "--format", "json", "--cluster-name", "test", "-q")
	if r.code != ExitOK && r.code != ExitGate {
		t.Fatalf("scan: exit %d\n%s", r.code, r.stderr)
	}
	d := parseDoc(t, r.stdout)
	var sum float64
	n := 0
	for _, f := range d.Findings {
		key := f.Resource.Kind + " " + f.Resource.Namespace + "/" + f.Resource.Name
		c, ok := changed[key]
		if !ok {
			// An object the API server made itself (a namespace's …): read it.
			res, namespaced := gvr(t, apiVersionOf(f.Resource.Kind), f.Resource.Kind)
			var ri dynamic.ResourceInterface = dyn.Resource(res)
			if namespaced {
				ri = dyn.Resource(res).Namespace(f.Resource.Namespace)
			}
			o, err := ri.Get(context.Background(), f.Resource.Name, metav1.GetOptions{})
			if err != nil {
				t.Fatalf("read %s: %v", key, err)
			}
			c = newestChange(o)
		}
		sum += at.Sub(c).Seconds()
		n++
	}
	if n < 10 {
		t.Fatalf("only %d findings: the test measures little", n)
	}
	want := sum / float64(n)

	r = runAt(t, at.Add(time.Minute), "report", "metrics", "--since", "1d", "--store", db, "--format", "json")
	var rep struct {
		Metrics []struct {
			ID     string
			Value  *float64
			Detail struct{ Opened, Untimed, Count int }
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != ExitOK {
		t.Fatalf("report: exit %d %v\n%s", r.code, err, r.stderr)
	}
	for _, m := range rep.Metrics {
		if m.ID != "M3" {
			continue
		}
		if m.Value == nil || math.Abs(*m.Value-want) > 0.001 {
			t.Errorf("MTTD = %v s, want %.4f s (mean over %d findings)", m.Value, want, n)
		}
		if m.Detail.Opened != n || m.Detail.Untimed != 0 || m.Detail.Count != n {
			t.Errorf("M3 detail %+v, want %d opened, all timed", m.Detail, n)
		}
		return
	}
	t.Fatal("no M3 in the report")
}

// newestChange is the newest of an object's creationTimestamp and its
// managedFields times.
func newestChange(o *unstructured.Unstructured) time.Time {
	t := o.GetCreationTimestamp().Time
	for _, mf := range o.GetManagedFields() {
		if mf.Time != nil && mf.Time.After(t) {
			t = mf.Time.Time
		}
	}
	return t.UTC()
}

// apiVersionOf names the API version of the kinds the API server creates
// by itself.
func apiVersionOf(kind string) string {
	switch kind {
	case "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding":
		return "rbac.authorization.k8s.io/v1"
	}
	return "v1"
}
