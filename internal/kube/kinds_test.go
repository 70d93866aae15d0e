package kube

import "testing"

func TestSnake(t *testing.T) {
	for in, want := range map[string]string{
		"hostPID":                "host_pid",
		"hostIPC":                "host_ipc",
		"seLinuxOptions":         "se_linux_options",
		"readOnlyRootFilesystem": "read_only_root_filesystem",
		"ReplicaSet":             "replica_set",
		"apiVersion":             "api_version",
		"podCIDRs":               "pod_cidrs", "nonResourceURLs": "non_resource_urls", "hostIPs": "host_ips",
		"ClusterRoleBinding":           "cluster_role_binding",
		"automountServiceAccountToken": "automount_service_account_token",
		"v1":                           "v1",
	} {
		if got := Snake(in); got != want {
			t.Errorf("Snake(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTypeNames(t *testing.T) {
	c := NewCatalog()
	for _, tc := range []struct{ apiVersion, kind, typ string }{
		{"apps/v1", "Deployment", "k8s.apps.deployment"},
		{"v1", "Pod", "k8s.core.pod"},
		{"rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "k8s.rbac.cluster_role_binding"},
		{"networking.k8s.io/v1", "NetworkPolicy", "k8s.networking.network_policy"},
		{"admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "k8s.admissionregistration.validating_webhook_configuration"},
	} {
		k, ok := c.Lookup(tc.apiVersion, tc.kind)
		if !ok || k.Type != tc.typ {
			t.Errorf("Lookup(%q, %q) = %q, %v; want %q", tc.apiVersion, tc.kind, k.Type, ok, tc.typ)
		}
	}
	if _, ok := c.Lookup("example.com/v1", "Widget"); ok {
		t.Error("Lookup of an unmodelled kind succeeded")
	}
}
