package k8s

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
)

func TestLocatorLines(t *testing.T) {
	src := `apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels:
    app.kubernetes.io/name: web
spec:
  template:
    metadata:
      annotations:
        container.apparmor.security.beta.kubernetes.io/app: unconfined
    spec:
      hostPID: true
      containers:
        - name: app
          image: nginx
          securityContext:
            privileged: true
        - name: sidecar
          image: envoy
          env:
            - name: TOKEN
              value: abc
---
apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: ConfigMap
    metadata: {name: c, namespace: shop}
    data:
      DB_PASSWORD: hunter2hunter2
`
	for _, rd := range readers() {
		t.Run(rd.name, func(t *testing.T) {
			docs, ok := rd.read("m.yaml", []byte(src))
			if !ok {
				t.Fatal("the reader gave up")
			}
			res := parser().result("m.yaml", docs)
			objects := map[int]*model.Resource{}
			for _, r := range res.Resources {
				objects[r.Source.Line] = r
			}
			for _, tc := range []struct {
				object int
				path   string
				want   int
			}{
				{6, "pod_spec.host_pid", 19},
				{6, "pod_spec.containers[0].security_context.privileged", 24},
				{6, "pod_spec.containers[0].security_context.run_as_non_root", 23}, // absent: its parent
				{6, "pod_spec.containers[1].env[0].value", 29},
				{6, "pod_spec.containers[1].image", 26},
				{6, `pod_metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]`, 17},
				{6, `labels["app.kubernetes.io/name"]`, 12},
				{6, "pod_spec.automount_service_account_token", 18}, // absent: the pod spec
				{6, "", 0},
				{1, "name", 4},
				{34, "data.DB_PASSWORD", 38},
			} {
				r := objects[tc.object]
				if r == nil {
					t.Fatalf("no object at line %d", tc.object)
				}
				if _, got := r.Source.Evidence(tc.path); got != tc.want {
					t.Errorf("line of %s in the object at %d = %d, want %d", tc.path, tc.object, got, tc.want)
				}
			}
		})
	}
}

// TestLocatorObjectsOnOneLine: objects that start on the same line are
// located each in itself.
func TestLocatorObjectsOnOneLine(t *testing.T) {
	src := "apiVersion: v1\nkind: List\nitems: [{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}, {apiVersion: v1, kind: ConfigMap, metadata: {name: b},\n  data: {x: y}}]\n"
	for _, rd := range readers() {
		docs, _ := rd.read("m.yaml", []byte(src))
		res := parser().result("m.yaml", docs)
		if len(res.Resources) != 2 {
			t.Fatalf("%s: %d resources", rd.name, len(res.Resources))
		}
		for i, want := range []int{3, 4} {
			if _, got := res.Resources[i].Source.Evidence("data.x"); got != want {
				t.Errorf("%s: data.x of %s at line %d, want %d", rd.name, res.Resources[i].Name, got, want)
			}
		}
	}
}
