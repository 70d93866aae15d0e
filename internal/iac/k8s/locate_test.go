package k8s

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/kube"
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
	l := NewLocator(kube.NewCatalog(), []byte(src))
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
		{1, "name", 4},
		{34, "data.DB_PASSWORD", 38},
		{99, "name", 0}, // no object there
	} {
		if got := l.Line(tc.object, tc.path); got != tc.want {
			t.Errorf("Line(%d, %s) = %d, want %d", tc.object, tc.path, got, tc.want)
		}
	}
}
