package admission_test

import (
	"encoding/json"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/vigil-cspm/vigil/internal/admission"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// newHandler is a handler over the embedded library with cache and the
// floor given.
func newHandler(t testing.TB, cache admission.Cache, floor admission.Floor) *admission.Handler {
	t.Helper()
	lib := scantest.Library(t)
	return &admission.Handler{
		Library: lib,
		Norm:    kube.NewNormalizer(kube.NewCatalog(), secrets.New()),
		Cluster: "test",
		Cache:   cache,
		Policy:  admission.NewPolicy(floor, lib.Frameworks),
		Exempt:  admission.Exemptions{Namespaces: []string{"kube-system"}},
		Metrics: admission.NewMetrics(nil),
	}
}

// review is an AdmissionReview body for obj (and old, for an UPDATE).
func review(t testing.TB, op admissionv1.Operation, obj, old map[string]any, dryRun bool) []byte {
	t.Helper()
	raw := func(m map[string]any) runtime.RawExtension {
		if m == nil {
			return runtime.RawExtension{}
		}
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		return runtime.RawExtension{Raw: b}
	}
	meta, _ := obj["metadata"].(map[string]any)
	ns, _ := meta["namespace"].(string)
	name, _ := meta["name"].(string)
	kind, _ := obj["kind"].(string)
	ar := admissionv1.AdmissionReview{
		TypeMeta: metav1.TypeMeta{APIVersion: "admission.k8s.io/v1", Kind: "AdmissionReview"},
		Request: &admissionv1.AdmissionRequest{UID: "uid-1", Kind: metav1.GroupVersionKind{Kind: kind}, Operation: op,
			Namespace: ns, Name: name, Object: raw(obj), OldObject: raw(old), DryRun: &dryRun},
	}
	ar.Request.UserInfo.Username = "alice"
	b, err := json.Marshal(ar)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func privilegedPod(ns, name string) map[string]any {
	return map[string]any{"apiVersion": "v1", "kind": "Pod",
		"metadata": map[string]any{"name": name, "namespace": ns},
		"spec": map[string]any{"containers": []any{map[string]any{"name": "app", "image": "nginx:1.27",
			"securityContext": map[string]any{"privileged": true}}}}}
}

func privilegedDeployment(ns, name string, replicas int64) map[string]any {
	return map[string]any{"apiVersion": "apps/v1", "kind": "Deployment",
		"metadata": map[string]any{"name": name, "namespace": ns},
		"spec": map[string]any{"replicas": replicas, "selector": map[string]any{"matchLabels": map[string]any{"app": name}},
			"template": map[string]any{"metadata": map[string]any{"labels": map[string]any{"app": name}},
				"spec": map[string]any{"containers": []any{map[string]any{"name": "app", "image": "nginx:1.27",
					"securityContext": map[string]any{"privileged": true}}}}}}}
}

// staticNamespaces is a cache of namespaces with labels.
func staticNamespaces(t testing.TB, h *admission.Handler, nss map[string]map[string]string) *admission.Static {
	t.Helper()
	c := &admission.Static{}
	for name, labels := range nss {
		l := map[string]any{}
		for k, v := range labels {
			l[k] = v
		}
		r, err := h.Norm.Normalize(map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": name, "labels": l}}, h.Cluster, model.Source{Kind: model.SourceLive})
		if err != nil {
			t.Fatal(err)
		}
		c.Resources = append(c.Resources, r)
	}
	return c
}
