package admission

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	networkingv1 "k8s.io/api/networking/v1"
	policyv1 "k8s.io/api/policy/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/vigil-cspm/vigil/internal/kube"
)

// ManifestOptions are what the webhook's manifests vary by.
type ManifestOptions struct {
	Image     string
	Namespace string
	// Framework, when set, is the cluster floor's framework at Mode.
	Framework string
	Mode      Mode
	// FailurePolicy is Ignore or Fail; TimeoutSeconds 1–30.
	FailurePolicy  string
	TimeoutSeconds int32
	// CABundle is the PEM CA that signed the webhook's serving
	// certificate (the Secret TLSSecret holds); empty leaves caBundle for
	// the operator to fill.
	CABundle []byte
	// Cached are the kinds the webhook caches (CacheKinds); Judged the
	// kinds it is called for.
	Cached, Judged []kube.Kind
	// ExemptNamespaces are never sent to the webhook (Namespace is
	// added).
	ExemptNamespaces []string
	// ManageCerts runs the webhook with a certificate it makes and
	// renews itself (CertManager): no TLS Secret, and get and update on
	// its own webhook configuration to keep the CA bundle current.
	ManageCerts bool
}

// The names and ports the manifests and vigil admission serve share.
const (
	Name        = "vigil-admission"
	TLSSecret   = "vigil-admission-tls"
	WebhookPort = 8443
	MetricsPort = 9090
	webhookName = "validate.vigil.dev"
	uid         = 65532
)

func (o *ManifestOptions) check() error {
	if o.ManageCerts && len(o.CABundle) > 0 {
		return fmt.Errorf("--ca-bundle with --manage-certs: the webhook keeps its own CA in the bundle; give one or the other")
	}
	if o.Image == "" || strings.ContainsAny(o.Image, " \t\n") {
		return fmt.Errorf("--image %q: give the vigil image to run (scripts/image.sh builds one)", o.Image)
	}
	if o.Namespace == "" {
		o.Namespace = "vigil-system"
	}
	if errs := validation.IsDNS1123Label(o.Namespace); len(errs) > 0 {
		return fmt.Errorf("--namespace %q: %s", o.Namespace, strings.Join(errs, "; "))
	}
	if o.FailurePolicy == "" {
		o.FailurePolicy = "Ignore"
	}
	if o.FailurePolicy != "Ignore" && o.FailurePolicy != "Fail" {
		return fmt.Errorf("--failure-policy %q: use Ignore (allow when the webhook cannot answer) or Fail (refuse)", o.FailurePolicy)
	}
	if o.TimeoutSeconds == 0 {
		o.TimeoutSeconds = 5
	}
	if o.TimeoutSeconds < 1 || o.TimeoutSeconds > 30 {
		return fmt.Errorf("--timeout %ds: the API server takes 1 to 30 seconds", o.TimeoutSeconds)
	}
	if o.Mode == 0 {
		o.Mode = Warn
	}
	return nil
}

// ManifestConfig is the vigil.yaml the webhook's ConfigMap holds.
func ManifestConfig(o ManifestOptions) string {
	fw := "  frameworks: {}\n"
	if o.Framework != "" {
		fw = fmt.Sprintf("  frameworks:\n    %s: %s\n", o.Framework, o.Mode)
	}
	return fmt.Sprintf(`# vigil.yaml for vigil admission serve (vigil admission manifests).
# docs/admission.md describes every key; vigil config validate checks it.
version: 1
admission:
  default: audit
%s  rules: {}
  exempt:
    namespaces: [%s]
    groups: [system:nodes]
  failure_policy: %s
  timeout: %ds
`, fw, strings.Join(exemptNamespaces(o), ", "), o.FailurePolicy, o.TimeoutSeconds)
}

func exemptNamespaces(o ManifestOptions) []string {
	ns := slices.Clone(o.ExemptNamespaces)
	if !slices.Contains(ns, "kube-system") {
		ns = append(ns, "kube-system")
	}
	if !slices.Contains(ns, o.Namespace) {
		ns = append(ns, o.Namespace)
	}
	sort.Strings(ns)
	return ns
}

// ReadRules are the ClusterRole's rules: list and watch on each cached
// kind, one rule per API group, and nothing else.
func ReadRules(kinds []kube.Kind) []rbacv1.PolicyRule {
	byGroup := map[string][]string{}
	for _, k := range kinds {
		byGroup[k.Group] = append(byGroup[k.Group], k.Resource)
	}
	groups := make([]string, 0, len(byGroup))
	for g := range byGroup {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	out := make([]rbacv1.PolicyRule, 0, len(groups))
	for _, g := range groups {
		res := byGroup[g]
		sort.Strings(res)
		out = append(out, rbacv1.PolicyRule{APIGroups: []string{g}, Resources: res, Verbs: []string{"list", "watch"}})
	}
	return out
}

// WebhookRules are the webhook configuration's rules: CREATE and UPDATE
// of each judged kind (main resources only: status and scale
// subresources never reach Vigil), one rule per API group.
func WebhookRules(kinds []kube.Kind) []admissionregistrationv1.RuleWithOperations {
	byGroup := map[string][]string{}
	versions := map[string]string{}
	namespaced := map[string]bool{}
	for _, k := range kinds {
		byGroup[k.Group] = append(byGroup[k.Group], k.Resource)
		versions[k.Group] = k.Version
		namespaced[k.Group] = namespaced[k.Group] || k.Namespaced
	}
	groups := make([]string, 0, len(byGroup))
	for g := range byGroup {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	all := admissionregistrationv1.AllScopes
	out := make([]admissionregistrationv1.RuleWithOperations, 0, len(groups))
	for _, g := range groups {
		res := byGroup[g]
		sort.Strings(res)
		out = append(out, admissionregistrationv1.RuleWithOperations{
			Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create, admissionregistrationv1.Update},
			Rule:       admissionregistrationv1.Rule{APIGroups: []string{g}, APIVersions: []string{versions[g]}, Resources: res, Scope: &all},
		})
	}
	return out
}

// Webhook is the ValidatingWebhookConfiguration: the service (or url),
// the kinds, the namespaces left out, the failure policy and timeout.
func Webhook(o ManifestOptions, client admissionregistrationv1.WebhookClientConfig) *admissionregistrationv1.ValidatingWebhookConfiguration {
	fail := admissionregistrationv1.FailurePolicyType(o.FailurePolicy)
	// Decisions are recorded, but never for a dry run.
	side := admissionregistrationv1.SideEffectClassNoneOnDryRun
	equivalent := admissionregistrationv1.Equivalent
	timeout := o.TimeoutSeconds
	return &admissionregistrationv1.ValidatingWebhookConfiguration{
		TypeMeta:   metav1.TypeMeta{APIVersion: "admissionregistration.k8s.io/v1", Kind: "ValidatingWebhookConfiguration"},
		ObjectMeta: metav1.ObjectMeta{Name: Name, Labels: labels()},
		Webhooks: []admissionregistrationv1.ValidatingWebhook{{
			Name:                    webhookName,
			ClientConfig:            client,
			Rules:                   WebhookRules(o.Judged),
			FailurePolicy:           &fail,
			MatchPolicy:             &equivalent,
			SideEffects:             &side,
			TimeoutSeconds:          &timeout,
			AdmissionReviewVersions: []string{"v1"},
			NamespaceSelector: &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{
				Key: "kubernetes.io/metadata.name", Operator: metav1.LabelSelectorOpNotIn, Values: exemptNamespaces(o),
			}}},
		}},
	}
}

func labels() map[string]string {
	return map[string]string{"app.kubernetes.io/name": "vigil", "app.kubernetes.io/component": "admission"}
}

// Manifests returns the webhook's objects in the order to apply them.
func Manifests(o ManifestOptions) ([]any, error) {
	if err := o.check(); err != nil {
		return nil, err
	}
	ns := o.Namespace
	lb := labels()
	meta := func(n string) metav1.ObjectMeta { return metav1.ObjectMeta{Name: n, Namespace: ns, Labels: lb} }
	yes, no := true, false
	uid64 := int64(uid)
	replicas := int32(2)
	one := intstr.FromInt32(1)
	path := "/validate"
	port := int32(443)
	probe := func(p string) *corev1.Probe {
		return &corev1.Probe{ProbeHandler: corev1.ProbeHandler{HTTPGet: &corev1.HTTPGetAction{Path: p, Port: intstr.FromString("metrics")}},
			PeriodSeconds: 10, TimeoutSeconds: 2, FailureThreshold: 3}
	}
	tcp := corev1.ProtocolTCP
	npPort := func(n int) networkingv1.NetworkPolicyPort {
		v := intstr.FromInt32(int32(n))
		return networkingv1.NetworkPolicyPort{Protocol: &tcp, Port: &v}
	}
	udp := corev1.ProtocolUDP
	dns := intstr.FromInt32(53)
	args := []string{"admission", "serve", "--config", "/etc/vigil/vigil.yaml",
		"--tls-cert-file", "/etc/vigil/tls/tls.crt", "--tls-key-file", "/etc/vigil/tls/tls.key",
		"--listen", fmt.Sprintf(":%d", WebhookPort), "--metrics-listen", fmt.Sprintf(":%d", MetricsPort),
		"--namespace", ns, "--log-level", "info"}
	mounts := []corev1.VolumeMount{
		{Name: "config", MountPath: "/etc/vigil", ReadOnly: true},
		{Name: "tls", MountPath: "/etc/vigil/tls", ReadOnly: true},
		{Name: "tmp", MountPath: "/tmp"},
	}
	volumes := []corev1.Volume{
		{Name: "config", VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: Name + "-config"}}}},
		{Name: "tls", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: TLSSecret}}},
		{Name: "tmp", VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}},
	}
	if o.ManageCerts {
		args = slices.Concat(args[:4], []string{"--manage-certs"}, args[8:])
		mounts = slices.Delete(mounts, 1, 2)
		volumes = slices.Delete(volumes, 1, 2)
	}
	out := []any{
		&corev1.Namespace{
			TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "Namespace"},
			ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: map[string]string{
				"app.kubernetes.io/name":             "vigil",
				"pod-security.kubernetes.io/enforce": "restricted",
				"pod-security.kubernetes.io/audit":   "restricted",
				"pod-security.kubernetes.io/warn":    "restricted",
			}},
		},
		&corev1.ServiceAccount{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "ServiceAccount"}, ObjectMeta: meta(Name)},
		&rbacv1.ClusterRole{
			TypeMeta:   metav1.TypeMeta{APIVersion: "rbac.authorization.k8s.io/v1", Kind: "ClusterRole"},
			ObjectMeta: metav1.ObjectMeta{Name: Name + "-reader", Labels: lb},
			Rules:      ReadRules(o.Cached),
		},
		&rbacv1.ClusterRoleBinding{
			TypeMeta:   metav1.TypeMeta{APIVersion: "rbac.authorization.k8s.io/v1", Kind: "ClusterRoleBinding"},
			ObjectMeta: metav1.ObjectMeta{Name: Name + "-reader", Labels: lb},
			RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: Name + "-reader"},
			Subjects:   []rbacv1.Subject{{Kind: "ServiceAccount", Name: Name, Namespace: ns}},
		},
		&corev1.ConfigMap{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "ConfigMap"},
			ObjectMeta: meta(Name + "-config"),
			Data:       map[string]string{"vigil.yaml": ManifestConfig(o)},
		},
		&appsv1.Deployment{
			TypeMeta:   metav1.TypeMeta{APIVersion: "apps/v1", Kind: "Deployment"},
			ObjectMeta: meta(Name),
			Spec: appsv1.DeploymentSpec{
				Replicas: &replicas,
				Selector: &metav1.LabelSelector{MatchLabels: lb},
				Template: corev1.PodTemplateSpec{
					ObjectMeta: metav1.ObjectMeta{Labels: lb},
					Spec: corev1.PodSpec{
						ServiceAccountName: Name,
						// The cache lists and watches with it.
						AutomountServiceAccountToken: &yes,
						SecurityContext: &corev1.PodSecurityContext{
							RunAsNonRoot: &yes, RunAsUser: &uid64, RunAsGroup: &uid64,
							SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
						},
						Affinity: &corev1.Affinity{PodAntiAffinity: &corev1.PodAntiAffinity{
							PreferredDuringSchedulingIgnoredDuringExecution: []corev1.WeightedPodAffinityTerm{{Weight: 100,
								PodAffinityTerm: corev1.PodAffinityTerm{TopologyKey: "kubernetes.io/hostname", LabelSelector: &metav1.LabelSelector{MatchLabels: lb}}}},
						}},
						Containers: []corev1.Container{{
							Name:            "webhook",
							Image:           o.Image,
							ImagePullPolicy: corev1.PullIfNotPresent,
							Args:            args,
							Ports: []corev1.ContainerPort{
								{Name: "https", ContainerPort: WebhookPort, Protocol: corev1.ProtocolTCP},
								{Name: "metrics", ContainerPort: MetricsPort, Protocol: corev1.ProtocolTCP},
							},
							Env: []corev1.EnvVar{{Name: "HOME", Value: "/tmp"}},
							Resources: corev1.ResourceRequirements{
								Requests: corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("128Mi")},
								Limits:   corev1.ResourceList{corev1.ResourceCPU: resource.MustParse("1"), corev1.ResourceMemory: resource.MustParse("512Mi")},
							},
							LivenessProbe:  probe("/healthz"),
							ReadinessProbe: probe("/readyz"),
							SecurityContext: &corev1.SecurityContext{
								RunAsNonRoot: &yes, RunAsUser: &uid64, RunAsGroup: &uid64,
								Privileged: &no, AllowPrivilegeEscalation: &no, ReadOnlyRootFilesystem: &yes,
								Capabilities:   &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
								SeccompProfile: &corev1.SeccompProfile{Type: corev1.SeccompProfileTypeRuntimeDefault},
							},
							VolumeMounts: mounts,
						}},
						Volumes: volumes,
					},
				},
			},
		},
		&corev1.Service{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Service"},
			ObjectMeta: meta(Name),
			Spec: corev1.ServiceSpec{
				Type:     corev1.ServiceTypeClusterIP,
				Selector: lb,
				Ports: []corev1.ServicePort{
					{Name: "https", Port: 443, TargetPort: intstr.FromString("https"), Protocol: corev1.ProtocolTCP},
					{Name: "metrics", Port: MetricsPort, TargetPort: intstr.FromString("metrics"), Protocol: corev1.ProtocolTCP},
				},
			},
		},
		&policyv1.PodDisruptionBudget{
			TypeMeta:   metav1.TypeMeta{APIVersion: "policy/v1", Kind: "PodDisruptionBudget"},
			ObjectMeta: meta(Name),
			Spec:       policyv1.PodDisruptionBudgetSpec{MinAvailable: &one, Selector: &metav1.LabelSelector{MatchLabels: lb}},
		},
		&networkingv1.NetworkPolicy{
			TypeMeta:   metav1.TypeMeta{APIVersion: "networking.k8s.io/v1", Kind: "NetworkPolicy"},
			ObjectMeta: meta(Name),
			Spec: networkingv1.NetworkPolicySpec{
				PodSelector: metav1.LabelSelector{MatchLabels: lb},
				PolicyTypes: []networkingv1.PolicyType{networkingv1.PolicyTypeIngress, networkingv1.PolicyTypeEgress},
				Ingress:     []networkingv1.NetworkPolicyIngressRule{{Ports: []networkingv1.NetworkPolicyPort{npPort(WebhookPort), npPort(MetricsPort)}}},
				Egress: []networkingv1.NetworkPolicyEgressRule{
					{Ports: []networkingv1.NetworkPolicyPort{{Protocol: &udp, Port: &dns}, {Protocol: &tcp, Port: &dns}}},
					{Ports: []networkingv1.NetworkPolicyPort{npPort(443), npPort(6443)}},
				},
			},
		},
		Webhook(o, admissionregistrationv1.WebhookClientConfig{
			Service:  &admissionregistrationv1.ServiceReference{Namespace: ns, Name: Name, Path: &path, Port: &port},
			CABundle: o.CABundle,
		}),
	}
	if o.ManageCerts {
		// Its own configuration only, to keep the CA bundle current.
		out = slices.Insert(out, 4,
			any(&rbacv1.ClusterRole{
				TypeMeta:   metav1.TypeMeta{APIVersion: "rbac.authorization.k8s.io/v1", Kind: "ClusterRole"},
				ObjectMeta: metav1.ObjectMeta{Name: Name + "-certs", Labels: lb},
				Rules: []rbacv1.PolicyRule{{APIGroups: []string{"admissionregistration.k8s.io"}, Resources: []string{"validatingwebhookconfigurations"},
					ResourceNames: []string{Name}, Verbs: []string{"get", "update"}}},
			}),
			any(&rbacv1.ClusterRoleBinding{
				TypeMeta:   metav1.TypeMeta{APIVersion: "rbac.authorization.k8s.io/v1", Kind: "ClusterRoleBinding"},
				ObjectMeta: metav1.ObjectMeta{Name: Name + "-certs", Labels: lb},
				RoleRef:    rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "ClusterRole", Name: Name + "-certs"},
				Subjects:   []rbacv1.Subject{{Kind: "ServiceAccount", Name: Name, Namespace: ns}},
			}))
	}
	return out, nil
}
