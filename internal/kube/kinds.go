package kube

import (
	"reflect"
	"strings"
	"sync"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
)

// Kind describes one Kubernetes kind Vigil models.
type Kind struct {
	Group      string // API group, "" for core
	Version    string // preferred version
	Kind       string // Deployment
	Resource   string // plural resource name for the API: deployments
	Type       string // model type: k8s.apps.deployment
	Namespaced bool
	// goType is the k8s.io/api struct whose JSON shape the object has.
	goType reflect.Type
	// podTemplate is the JSON path (in the original camelCase object) of
	// the pod template for workloads; empty otherwise. For Pod it is the
	// object itself.
	podTemplate []string
}

// Workload reports whether the kind carries a pod spec.
func (k Kind) Workload() bool { return k.podTemplate != nil }

// PodTemplateNode follows the kind's pod template path from an object's
// root with get (a lookup of a key in a mapping), returning the template
// (the object itself for a Pod) or nil.
func PodTemplateNode[N comparable](k Kind, root N, get func(N, string) N) N {
	var zero N
	n := root
	for _, p := range k.podTemplate {
		if n == zero {
			return zero
		}
		n = get(n, p)
	}
	return n
}

// GroupVersion returns "group/version" or "version" for core.
func (k Kind) GroupVersion() string {
	if k.Group == "" {
		return k.Version
	}
	return k.Group + "/" + k.Version
}

// Kinds returns the kinds Vigil models, in a stable order.
func Kinds() []Kind {
	return []Kind{
		kind("", "v1", "Namespace", "namespaces", false, corev1.Namespace{}, nil),
		kind("", "v1", "Pod", "pods", true, corev1.Pod{}, []string{}),
		kind("", "v1", "Service", "services", true, corev1.Service{}, nil),
		kind("", "v1", "ServiceAccount", "serviceaccounts", true, corev1.ServiceAccount{}, nil),
		kind("", "v1", "ConfigMap", "configmaps", true, corev1.ConfigMap{}, nil),
		kind("", "v1", "Secret", "secrets", true, corev1.Secret{}, nil),
		kind("", "v1", "Node", "nodes", false, corev1.Node{}, nil),
		kind("apps", "v1", "Deployment", "deployments", true, appsv1.Deployment{}, []string{"spec", "template"}),
		kind("apps", "v1", "ReplicaSet", "replicasets", true, appsv1.ReplicaSet{}, []string{"spec", "template"}),
		kind("apps", "v1", "StatefulSet", "statefulsets", true, appsv1.StatefulSet{}, []string{"spec", "template"}),
		kind("apps", "v1", "DaemonSet", "daemonsets", true, appsv1.DaemonSet{}, []string{"spec", "template"}),
		kind("batch", "v1", "Job", "jobs", true, batchv1.Job{}, []string{"spec", "template"}),
		kind("batch", "v1", "CronJob", "cronjobs", true, batchv1.CronJob{}, []string{"spec", "jobTemplate", "spec", "template"}),
		kind("networking.k8s.io", "v1", "Ingress", "ingresses", true, networkingv1.Ingress{}, nil),
		kind("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, networkingv1.NetworkPolicy{}, nil),
		kind("rbac.authorization.k8s.io", "v1", "Role", "roles", true, rbacv1.Role{}, nil),
		kind("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, rbacv1.ClusterRole{}, nil),
		kind("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, rbacv1.RoleBinding{}, nil),
		kind("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, rbacv1.ClusterRoleBinding{}, nil),
		kind("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, policyv1.PodDisruptionBudget{}, nil),
		kind("admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration", "validatingwebhookconfigurations", false, admissionregistrationv1.ValidatingWebhookConfiguration{}, nil),
		kind("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false, admissionregistrationv1.MutatingWebhookConfiguration{}, nil),
	}
}

func kind(group, version, name, resource string, namespaced bool, obj any, podTemplate []string) Kind {
	return Kind{
		Group:       group,
		Version:     version,
		Kind:        name,
		Resource:    resource,
		Type:        TypeName(group, name),
		Namespaced:  namespaced,
		goType:      reflect.TypeOf(obj),
		podTemplate: podTemplate,
	}
}

// TypeName returns the model type of a group and kind: k8s.<group>.<kind>
// where group is the first label of the API group ("core" for the core
// group) and kind is snake_case.
func TypeName(group, kind string) string {
	g := "core"
	if group != "" {
		g, _, _ = strings.Cut(group, ".")
	}
	return "k8s." + g + "." + Snake(kind)
}

// Snake converts a camelCase or PascalCase identifier to snake_case,
// keeping acronyms together: hostPID → host_pid, seLinuxOptions →
// se_linux_options, ReplicaSet → replica_set.
func Snake(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			if i > 0 {
				prev := s[i-1]
				nextLower := i+1 < len(s) && s[i+1] >= 'a' && s[i+1] <= 'z'
				// An acronym's plural stays with it: URLs, CIDRs, IPs.
				if nextLower && s[i+1] == 's' && (i+2 == len(s) || (s[i+2] >= 'A' && s[i+2] <= 'Z')) {
					nextLower = false
				}
				if (prev >= 'a' && prev <= 'z') || (prev >= '0' && prev <= '9') || (prev >= 'A' && prev <= 'Z' && nextLower) {
					b.WriteByte('_')
				}
			}
			b.WriteByte(c + ('a' - 'A'))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Catalog indexes the modelled kinds.
type Catalog struct {
	kinds  []Kind
	byGK   map[string]int // "group/Kind"
	byType map[string]int
	// shapes are learned from the Go types on first use, once: a
	// command that reads no object never walks them.
	shapes func() *shapes
}

// NewCatalog builds the catalog of modelled kinds.
func NewCatalog() *Catalog {
	c := &Catalog{kinds: Kinds(), byGK: map[string]int{}, byType: map[string]int{}, shapes: sync.OnceValue(newShapes)}
	for i, k := range c.kinds {
		c.byGK[k.Group+"/"+k.Kind] = i
		c.byType[k.Type] = i
	}
	return c
}

// Kinds returns the modelled kinds.
func (c *Catalog) Kinds() []Kind { return c.kinds }

// Lookup finds a kind by apiVersion and kind. Any version of a modelled
// group/kind is accepted (extensions/v1beta1 style groups are not).
func (c *Catalog) Lookup(apiVersion, kind string) (Kind, bool) {
	group, _, found := strings.Cut(apiVersion, "/")
	if !found {
		group = ""
	}
	i, ok := c.byGK[group+"/"+kind]
	if !ok {
		return Kind{}, false
	}
	return c.kinds[i], true
}

// ByType finds a kind by model type name.
func (c *Catalog) ByType(typ string) (Kind, bool) {
	i, ok := c.byType[typ]
	if !ok {
		return Kind{}, false
	}
	return c.kinds[i], true
}
