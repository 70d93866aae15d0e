package deploy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
	"sigs.k8s.io/yaml"

	"github.com/vigil-cspm/vigil/internal/kube"
)

// Options are what the manifests vary by.
type Options struct {
	// Image is the vigil image (scripts/image.sh builds it).
	Image string
	// Namespace is where Vigil runs; "vigil" when empty.
	Namespace string
	// ClusterName names this cluster in findings; "in-cluster" when empty.
	ClusterName string
	// ReadSecrets lets the collector list Secrets (it reads their
	// metadata only, but RBAC cannot grant less than the whole Secret).
	ReadSecrets bool
	// EmptyDir keeps the store in an emptyDir instead of a
	// PersistentVolumeClaim: it is lost with the pod. For trials.
	EmptyDir bool
	// StorageSize is the claim's size; "10Gi" when empty.
	StorageSize string
}

// The fixed facts the image and the manifests share.
const (
	name       = "vigil"
	port       = 8080
	uid        = 65532
	configDir  = "/etc/vigil"
	storeDir   = "/var/lib/vigil"
	configFile = "vigil.yaml"
)

func (o *Options) defaults() error {
	if o.Image == "" {
		return fmt.Errorf("--image: give the vigil image to run (scripts/image.sh builds one)")
	}
	if strings.ContainsAny(o.Image, " \t\n") {
		return fmt.Errorf("--image %q: an image reference has no spaces", o.Image)
	}
	if o.Namespace == "" {
		o.Namespace = name
	}
	if errs := validation.IsDNS1123Label(o.Namespace); len(errs) > 0 {
		return fmt.Errorf("--namespace %q: %s", o.Namespace, strings.Join(errs, "; "))
	}
	if o.ClusterName == "" {
		o.ClusterName = "in-cluster"
	}
	if o.StorageSize == "" {
		o.StorageSize = "10Gi"
	}
	if _, err := resource.ParseQuantity(o.StorageSize); err != nil {
		return fmt.Errorf("--storage-size %q: give a quantity such as 10Gi", o.StorageSize)
	}
	return nil
}

// ClusterRules are the ClusterRole's rules: list on each kind of kinds,
// one rule per API group, resources sorted. Secrets are left out unless
// readSecrets.
func ClusterRules(kinds []kube.Kind, readSecrets bool) []rbacv1.PolicyRule {
	byGroup := map[string][]string{}
	for _, k := range kinds {
		if k.Kind == "Secret" && k.Group == "" && !readSecrets {
			continue
		}
		byGroup[k.Group] = append(byGroup[k.Group], k.Resource)
	}
	groups := make([]string, 0, len(byGroup))
	for g := range byGroup {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	rules := make([]rbacv1.PolicyRule, 0, len(groups))
	for _, g := range groups {
		res := byGroup[g]
		sort.Strings(res)
		rules = append(rules, rbacv1.PolicyRule{APIGroups: []string{g}, Resources: res, Verbs: []string{"list"}})
	}
	return rules
}

// Config is the vigil.yaml the ConfigMap holds: the service listening on
// all addresses of the pod and this cluster under a scheduled scan with
// the pod's service account. The store is the default SQLite file,
// which XDG_DATA_HOME puts on the volume.
func Config(o Options) string {
	return fmt.Sprintf(`# vigil.yaml for vigil serve in Kubernetes (vigil deploy manifests).
# docs/serve.md describes every key; vigil config validate checks it.
# The store is the SQLite file %s/vigil.db on the volume; for
# PostgreSQL add store.dsn: {env: VIGIL_STORE_DSN}, set from a Secret.
version: 1
serve:
  listen: 0.0.0.0:%d
  connectors:
    - name: %s
      kubernetes:
        in_cluster: true
        cluster_name: %s
      schedule: {every: 1h, jitter: 5m}
`, storeDir, port, o.ClusterName, o.ClusterName)
}

// Objects returns the manifests in the order to apply them.
func Objects(o Options) ([]any, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	ns := o.Namespace
	labels := map[string]string{"app.kubernetes.io/name": name, "app.kubernetes.io/component": "server"}
	meta := func(n string) metav1.ObjectMeta {
		return metav1.ObjectMeta{Name: n, Namespace: ns, Labels: labels}
	}
	clusterMeta := func(n string) metav1.ObjectMeta {
		return metav1.ObjectMeta{Name: n, Labels: labels}
	}
	yes, no := true, false
	uid64 := int64(uid)
	out := []any{
		&corev1.Namespace{
			TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Namespace"},
			ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: map[string]string{
				"app.kubernetes.io/name":             name,
				"pod-security.kubernetes.io/enforce": "restricted",
				"pod-security.kubernetes.io/audit":   "restricted",
				"pod-security.kubernetes.io/warn":    "restricted",
			}},
		},
		&corev1.ServiceAccount{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ServiceAccount"},
			ObjectMeta: meta(name),
		},
		&rbacv1.ClusterRole{
			TypeMeta:   metav1.TypeMeta{APIVersion: "rbac.authorization.k8s.io/v1", Kind: "ClusterRole"},
			ObjectMeta: clusterMeta(name + "-reader"),
			Rules:      ClusterRules(kube.Kinds(), o.ReadSecrets),
		},
		&rbacv1.ClusterRoleBinding{
			TypeMeta:   metav1.TypeMeta{APIVersion: "rbac.authorization.k8s.io/v1", Kind: "ClusterRoleBinding"},
			ObjectMeta: clusterMeta(name + "-reader"),
			RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: name + "-reader"},
			Subjects:   []rbacv1.Subject{{Kind: "ServiceAccount", Name: name, Namespace: ns}},
		},
		&corev1.ConfigMap{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
			ObjectMeta: meta(name + "-config"),
			Data:       map[string]string{configFile: Config(o)},
		},
	}
	data := corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}
	if !o.EmptyDir {
		out = append(out, &corev1.PersistentVolumeClaim{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "PersistentVolumeClaim"},
			ObjectMeta: meta(name + "-data"),
			Spec: corev1.PersistentVolumeClaimSpec{
				AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
				Resources:   corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{corev1.ResourceStorage: resource.MustParse(o.StorageSize)}},
			},
		})
		data = corev1.VolumeSource{PersistentVolumeClaim: &corev1.PersistentVolumeClaimVolumeSource{ClaimName: name + "-data"}}
	}
	probe := func(path string, delay int32) *corev1.Probe {
		return &corev1.Probe{
			ProbeHandler:        corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: path, Port: intstr.FromString("http")}},
			InitialDelaySeconds: delay, PeriodSeconds: 10, TimeoutSeconds: 2, FailureThreshold: 3,
		}
	}
	one := int32(1)
	out = append(out,
		&appsv1.Deployment{
			TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
			ObjectMeta: meta(name),
			Spec: appsv1.DeploymentSpec{
				Replicas: &one,
				// One writer of the SQLite file: the old pod stops first.
				Strategy: appsv1.DeploymentStrategy{Type: appsv1.RecreateDeploymentStrategyType},
				Selector: &metav1.LabelSelector{MatchLabels: labels},
				Template: corev1.PodTemplateSpec{
					ObjectMeta: metav1.ObjectMeta{Labels: labels},
					Spec: corev1.PodSpec{
						ServiceAccountName: name,
						// The in-cluster collector authenticates with it.
						AutomountServiceAccountToken: &yes,
						SecurityContext: &corev1.PodSecurityContext{
							RunAsNonRoot: &yes, RunAsUser: &uid64, RunAsGroup: &uid64, FSGroup: &uid64,
							SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
						},
						Containers: []corev1.Container{{
							Name:            name,
							Image:           o.Image,
							ImagePullPolicy: corev1.PullIfNotPresent,
							Args:            []string{"serve", "--config", configDir + "/" + configFile},
							Ports:           []corev1.ContainerPort{{Name: "http", ContainerPort: port, Protocol: corev1.ProtocolTCP}},
							Env:             []corev1.EnvVar{{Name: "XDG_DATA_HOME", Value: "/var/lib"}, {Name: "HOME", Value: "/tmp"}},
							Resources: corev1.ResourceRequirements{
								Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("256Mi")},
								Limits:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("2"), corev1.ResourceMemory: resource.MustParse("2Gi")},
							},
							LivenessProbe:  probe("/healthz", 10),
							ReadinessProbe: probe("/readyz", 5),
							SecurityContext: &corev1.SecurityContext{
								RunAsNonRoot: &yes, RunAsUser: &uid64, RunAsGroup: &uid64,
								Privileged: &no, AllowPrivilegeEscalation: &no, ReadOnlyRootFilesystem: &yes,
								Capabilities:   &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
								SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
							},
							VolumeMounts: []corev1.VolumeMount{
								{Name: "config", MountPath: configDir, ReadOnly: true},
								{Name: "data", MountPath: storeDir},
								{Name: "tmp", MountPath: "/tmp"},
							},
						}},
						Volumes: []corev1.Volume{
							{Name: "config", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: name + "-config"}}}},
							{Name: "data", VolumeSource: data},
							{Name: "tmp", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
						},
					},
				},
			},
		},
		&corev1.Service{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
			ObjectMeta: meta(name),
			Spec: corev1.ServiceSpec{
				Type:     corev1.ServiceTypeClusterIP,
				Selector: labels,
				Ports:    []corev1.ServicePort{{Name: "http", Port: port, TargetPort: intstr.FromString("http"), Protocol: corev1.ProtocolTCP}},
			},
		},
		networkPolicy(meta(name), labels),
	)
	return out, nil
}

// networkPolicy lets in only the service's port and lets out only DNS
// and HTTPS (the API server, cloud APIs, notification channels).
func networkPolicy(m metav1.ObjectMeta, labels map[string]string) *networkingv1.NetworkPolicy {
	tcp, udp := corev1.ProtocolTCP, corev1.ProtocolUDP
	p := func(proto *corev1.Protocol, n int) networkingv1.NetworkPolicyPort {
		v := intstr.FromInt32(int32(n))
		return networkingv1.NetworkPolicyPort{Protocol: proto, Port: &v}
	}
	return &networkingv1.NetworkPolicy{
		TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "NetworkPolicy"},
		ObjectMeta: m,
		Spec: networkingv1.NetworkPolicySpec{
			PodSelector: metav1.LabelSelector{MatchLabels: labels},
			PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeIngress, networkingv1.PolicyTypeEgress},
			Ingress:     []networkingv1.NetworkPolicyIngressRule{{Ports: []networkingv1.NetworkPolicyPort{p(&tcp, port)}}},
			Egress: []networkingv1.NetworkPolicyEgressRule{
				{Ports: []networkingv1.NetworkPolicyPort{p(&udp, 53), p(&tcp, 53)}},
				{Ports: []networkingv1.NetworkPolicyPort{p(&tcp, 443), p(&tcp, 6443)}},
			},
		},
	}
}

// WriteYAML writes objects as one YAML stream, a document each, without
// the empty status and creation time the API types carry.
func WriteYAML(w io.Writer, objects []any) error {
	for i, obj := range objects {
		m, err := clean(obj)
		if err != nil {
			return err
		}
		b, err := yaml.Marshal(m)
		if err != nil {
			return err
		}
		if i > 0 {
			if _, err := io.WriteString(w, "---\n"); err != nil {
				return err
			}
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// WriteJSON writes objects as a v1 List, for kubectl apply -f -.
func WriteJSON(w io.Writer, objects []any) error {
	items := make([]map[string]any, 0, len(objects))
	for _, obj := range objects {
		m, err := clean(obj)
		if err != nil {
			return err
		}
		items = append(items, m)
	}
	b, err := json.MarshalIndent(map[string]any{"apiVersion": "v1", "kind": "List", "items": items}, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// clean is obj as a map without status and metadata.creationTimestamp
// (and the template's), which the typed structs always carry.
func clean(obj any) (map[string]any, error) {
	b, err := json.Marshal(obj)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return nil, err
	}
	delete(m, "status")
	if spec, ok := m["spec"].(map[string]any); ok && len(spec) == 0 {
		delete(m, "spec")
	}
	dropCreation(m)
	if spec, ok := m["spec"].(map[string]any); ok {
		if tpl, ok := spec["template"].(map[string]any); ok {
			dropCreation(tpl)
		}
	}
	return m, nil
}

func dropCreation(m map[string]any) {
	if md, ok := m["metadata"].(map[string]any); ok {
		delete(md, "creationTimestamp")
	}
}
