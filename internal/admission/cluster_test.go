package admission_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/vigil-cspm/vigil/internal/admission"
	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/kubetest"
)

// warnings collects the API server's warnings.
type warnings struct {
	mu   sync.Mutex
	list []string
}

func (w *warnings) HandleWarningHeader(_ int, _ string, text string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.list = append(w.list, text)
}

func (w *warnings) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.list
	w.list = nil
	return out
}

// lockedRecorder counts decisions, safe across requests.
type lockedRecorder struct {
	mu  sync.Mutex
	got []*admission.Decision
}

func (r *lockedRecorder) Record(_ context.Context, d *admission.Decision) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, d)
}

func (r *lockedRecorder) len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.got)
}

// webhook is the webhook served on loopback against a test API server.
type webhook struct {
	h      *admission.Handler
	rec    *lockedRecorder
	url    string
	ca     []byte
	cancel context.CancelFunc
	done   chan struct{}
}

func startWebhook(t testing.TB, env *kubetest.Env, exs []exceptions.Exception) *webhook {
	t.Helper()
	dir := t.TempDir()
	ca := servingCert(t, dir, "vigil-admission")
	certs := &admission.CertReloader{CertFile: filepath.Join(dir, "tls.crt"), KeyFile: filepath.Join(dir, "tls.key")}
	if err := certs.Load(); err != nil {
		t.Fatal(err)
	}
	h := newHandler(t, nil, admission.Floor{Default: admission.Audit})
	dyn, err := dynamic.NewForConfig(env.AdminConfig)
	if err != nil {
		t.Fatal(err)
	}
	w := admission.NewWatcher(dyn, h.Norm, h.Cluster, admission.CacheKinds(h.Norm.Catalog(), h.Library.Engine.RelatedTypes()), nil)
	h.Cache, h.Ready, h.Exceptions = w, w.Synced, exs
	h.Exempt = admission.Exemptions{Namespaces: []string{"kube-system"}}
	rec := &lockedRecorder{}
	h.Recorder = rec
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); w.Run(ctx) }()
	serveDone := make(chan struct{})
	go func() {
		defer close(serveDone)
		_ = (&admission.Server{Handler: h, TLS: admission.TLSConfig(certs), Ready: w.Synced}).Serve(ctx, ln, nil)
	}()
	sctx, scancel := context.WithTimeout(ctx, 30*time.Second)
	defer scancel()
	if err := w.WaitSynced(sctx); err != nil {
		t.Fatal(err)
	}
	wh := &webhook{h: h, rec: rec, url: "https://" + ln.Addr().String() + "/validate", ca: ca, cancel: cancel, done: make(chan struct{})}
	go func() { <-done; <-serveDone; close(wh.done) }()
	t.Cleanup(wh.stop)
	return wh
}

func (w *webhook) stop() {
	w.cancel()
	<-w.done
}

// register creates or updates the webhook configuration.
func register(t *testing.T, cs kubernetes.Interface, w *webhook, failure string) {
	t.Helper()
	url := w.url
	o := admission.ManifestOptions{FailurePolicy: failure, TimeoutSeconds: 5, Judged: admission.JudgedKinds(kube.NewCatalog()), Namespace: "vigil-system"}
	cfg := admission.Webhook(o, admissionregistrationv1.WebhookClientConfig{URL: &url, CABundle: w.ca})
	ctx := context.Background()
	cur, err := cs.AdmissionregistrationV1().ValidatingWebhookConfigurations().Get(ctx, cfg.Name, metav1.GetOptions{})
	if err == nil {
		cfg.ResourceVersion = cur.ResourceVersion
		_, err = cs.AdmissionregistrationV1().ValidatingWebhookConfigurations().Update(ctx, cfg, metav1.UpdateOptions{})
	} else {
		_, err = cs.AdmissionregistrationV1().ValidatingWebhookConfigurations().Create(ctx, cfg, metav1.CreateOptions{})
	}
	if err != nil {
		t.Fatalf("register the webhook: %v", err)
	}
}

func pod(ns, name string, labels map[string]string) *corev1.Pod {
	yes := true
	return &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns, Labels: labels},
		Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "nginx:1.27",
			SecurityContext: &corev1.SecurityContext{Privileged: &yes}}}}}
}

func deployment(ns, name string) *appsv1.Deployment {
	one := int32(1)
	l := map[string]string{"app": name}
	return &appsv1.Deployment{ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: appsv1.DeploymentSpec{Replicas: &one, Selector: &metav1.LabelSelector{MatchLabels: l},
			Template: corev1.PodTemplateSpec{ObjectMeta: metav1.ObjectMeta{Labels: l}, Spec: pod(ns, name, nil).Spec}}}
}

// eventually retries f until it returns nil or 30 s pass (the API
// server reads webhook configurations and the cache reads namespaces
// through watches).
func eventually(t *testing.T, what string, f func() error) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %v", what, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// startCluster starts the test API server and an admin client whose
// warnings are collected.
func startCluster(t *testing.T) (*kubetest.Env, kubernetes.Interface, *warnings) {
	t.Helper()
	env := kubetest.StartTest(t, kubetest.Options{})
	cfg := rest.CopyConfig(env.AdminConfig)
	warn := &warnings{}
	cfg.WarningHandler = warn
	cs, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return env, cs, warn
}

// TestWebhookCluster runs the webhook against a real API server:
// enforce denies a privileged pod and Deployment with the rule's
// message; warn admits them and the warning reaches the client; an
// excepted object passes; scaling a violating Deployment is allowed
// while changing its pods is not; a dry run is answered and recorded
// nowhere; with the webhook stopped, Ignore admits and Fail refuses.
func TestWebhookCluster(t *testing.T) {
	env, cs, warn := startCluster(t)
	ctx := context.Background()
	for name, labels := range map[string]map[string]string{
		"enforced": {"vigil.dev/enforce": "pss-baseline"},
		"warned":   {"vigil.dev/warn": "all"},
		"open":     nil,
	} {
		if _, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name, Labels: labels}}, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	exs, err := exceptions.Parse("exceptions.yaml", []byte(`version: 1
exceptions:
  - id: legacy-agent
    rule: k8s-privileged-container
    resource: {namespace: enforced, labels: {team: legacy}}
    reason: vendor agent needs the host (SEC-1)
    owner: team-legacy
    approved_by: alice@example.com
    created: `+time.Now().UTC().Format("2006-01-02")+`
    expires: `+time.Now().UTC().AddDate(0, 0, 30).Format("2006-01-02")+`
`), 90*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	wh := startWebhook(t, env, exs)
	register(t, cs, wh, "Ignore")
	dry := metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}

	// The API server calls the webhook once it has read its configuration.
	eventually(t, "the API server never called the webhook", func() error {
		_, err := cs.CoreV1().Pods("enforced").Create(ctx, pod("enforced", "probe", nil), dry)
		if err == nil {
			return errors.New("a privileged pod was admitted in an enforce namespace")
		}
		return nil
	})

	t.Run("enforce denies with the rule's message", func(t *testing.T) {
		_, err := cs.CoreV1().Pods("enforced").Create(ctx, pod("enforced", "priv", nil), metav1.CreateOptions{})
		if err == nil || !strings.Contains(err.Error(), "k8s-privileged-container") || !strings.Contains(err.Error(), "runs privileged") || !strings.Contains(err.Error(), "fix:") {
			t.Errorf("privileged pod: %v", err)
		}
		t.Logf("denied: %v", err)
		_, err = cs.AppsV1().Deployments("enforced").Create(ctx, deployment("enforced", "priv"), metav1.CreateOptions{})
		if err == nil || !strings.Contains(err.Error(), "k8s-privileged-container") || !strings.Contains(err.Error(), "Deployment enforced/priv") {
			t.Errorf("privileged Deployment: %v", err)
		}
	})

	t.Run("warn admits and the client sees the warning", func(t *testing.T) {
		warn.take()
		if _, err := cs.CoreV1().Pods("warned").Create(ctx, pod("warned", "priv", nil), metav1.CreateOptions{}); err != nil {
			t.Fatalf("privileged pod in a warn namespace: %v", err)
		}
		if got := strings.Join(warn.take(), "\n"); !strings.Contains(got, "k8s-privileged-container") {
			t.Errorf("pod warnings: %q", got)
		}
		if _, err := cs.AppsV1().Deployments("warned").Create(ctx, deployment("warned", "priv"), metav1.CreateOptions{}); err != nil {
			t.Fatalf("privileged Deployment in a warn namespace: %v", err)
		}
		if got := strings.Join(warn.take(), "\n"); !strings.Contains(got, "k8s-privileged-container") {
			t.Errorf("Deployment warnings: %q", got)
		}
	})

	t.Run("an excepted object passes", func(t *testing.T) {
		if _, err := cs.CoreV1().Pods("enforced").Create(ctx, pod("enforced", "agent", map[string]string{"team": "legacy"}), metav1.CreateOptions{}); err != nil {
			t.Errorf("excepted pod: %v", err)
		}
	})

	t.Run("scaling a violating Deployment is allowed", func(t *testing.T) {
		if _, err := cs.AppsV1().Deployments("open").Create(ctx, deployment("open", "legacy"), metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		ns, err := cs.CoreV1().Namespaces().Get(ctx, "open", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ns.Labels["vigil.dev/enforce"] = "all"
		if _, err := cs.CoreV1().Namespaces().Update(ctx, ns, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		image := func(img string, opts metav1.PatchOptions) error {
			patch := `{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"` + img + `"}]}}}}`
			_, err := cs.AppsV1().Deployments("open").Patch(ctx, "legacy", types.StrategicMergePatchType, []byte(patch), opts)
			return err
		}
		// Once the cache has the label, changing the pods is judged.
		eventually(t, "the namespace label never reached the cache", func() error {
			if image("nginx:1.28", metav1.PatchOptions{DryRun: []string{metav1.DryRunAll}}) == nil {
				return errors.New("an image change of a privileged Deployment was admitted under enforce")
			}
			return nil
		})
		if _, err := cs.AppsV1().Deployments("open").Patch(ctx, "legacy", types.StrategicMergePatchType, []byte(`{"spec":{"replicas":3}}`), metav1.PatchOptions{}); err != nil {
			t.Errorf("scaling a violating Deployment: %v", err)
		}
		if _, err := cs.AppsV1().Deployments("open").Patch(ctx, "legacy", types.MergePatchType, []byte(`{"metadata":{"labels":{"tier":"web"}}}`), metav1.PatchOptions{}); err != nil {
			t.Errorf("labelling a violating Deployment: %v", err)
		}
	})

	t.Run("a dry run records nothing", func(t *testing.T) {
		before := wh.rec.len()
		dryBefore := testutil.ToFloat64(counter(t, wh.h, "false", "judged", "true"))
		_, err := cs.CoreV1().Pods("enforced").Create(ctx, pod("enforced", "dry", nil), dry)
		if err == nil || !strings.Contains(err.Error(), "k8s-privileged-container") {
			t.Errorf("dry run: %v", err)
		}
		if got := testutil.ToFloat64(counter(t, wh.h, "false", "judged", "true")); got != dryBefore+1 {
			t.Errorf("the dry run did not reach the webhook: %v → %v", dryBefore, got)
		}
		if wh.rec.len() != before {
			t.Errorf("a dry run was recorded: %d → %d decisions", before, wh.rec.len())
		}
	})

	t.Run("webhook stopped: Ignore admits, Fail refuses", func(t *testing.T) {
		wh.stop()
		if _, err := cs.CoreV1().Pods("enforced").Create(ctx, pod("enforced", "unjudged", nil), metav1.CreateOptions{}); err != nil {
			t.Errorf("failurePolicy Ignore with the webhook down: %v", err)
		}
		register(t, cs, wh, "Fail")
		eventually(t, "failurePolicy Fail never refused", func() error {
			_, err := cs.CoreV1().Pods("open").Create(ctx, &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "plain", Namespace: "open"},
				Spec: corev1.PodSpec{Containers: []corev1.Container{{Name: "app", Image: "nginx:1.27"}}}}, dry)
			if err == nil {
				return errors.New("admitted")
			}
			if !strings.Contains(err.Error(), "failed calling webhook") {
				t.Fatalf("refused for another reason: %v", err)
			}
			return nil
		})
	})
	if t.Failed() {
		if b, err := os.ReadFile(filepath.Join(env.Dir, "kube-apiserver.log")); err == nil && len(b) > 3000 {
			t.Logf("kube-apiserver log tail:\n%s", b[len(b)-3000:])
		}
	}
}

func counter(t *testing.T, h *admission.Handler, allowed, reason, dryRun string) prometheus.Counter {
	t.Helper()
	return h.Metrics.Requests(allowed, reason, dryRun)
}

// TestWebhookCacheUpdate: a Role changed after the cache took it is
// read as changed — the cache converts each object anew when the watch
// delivers its update — so the decision of a cross-object rule follows:
// a pod whose service account is bound to the Role is warned that it can
// read Secrets only while the Role grants it.
func TestWebhookCacheUpdate(t *testing.T) {
	env, cs, warn := startCluster(t)
	ctx := context.Background()
	const ns = "rbac"
	if _, err := cs.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: map[string]string{"vigil.dev/warn": "all"}}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.CoreV1().ServiceAccounts(ns).Create(ctx, &corev1.ServiceAccount{ObjectMeta: metav1.ObjectMeta{Name: "app"}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	role := &rbacv1.Role{ObjectMeta: metav1.ObjectMeta{Name: "app", Namespace: ns},
		Rules: []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: []string{"configmaps"}, Verbs: []string{"get"}}}}
	if _, err := cs.RbacV1().Roles(ns).Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.RbacV1().RoleBindings(ns).Create(ctx, &rbacv1.RoleBinding{ObjectMeta: metav1.ObjectMeta{Name: "app", Namespace: ns},
		RoleRef:  rbacv1.RoleRef{APIGroup: "rbac.authorization.k8s.io", Kind: "Role", Name: "app"},
		Subjects: []rbacv1.Subject{{Kind: "ServiceAccount", Name: "app", Namespace: ns}}}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	wh := startWebhook(t, env, nil)
	register(t, cs, wh, "Fail")
	p := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "app", Namespace: ns},
		Spec: corev1.PodSpec{ServiceAccountName: "app", Containers: []corev1.Container{{Name: "app", Image: "nginx:1.27"}}}}
	// readsSecrets creates the pod as a dry run and reports whether the
	// webhook warned that its account reads Secrets.
	readsSecrets := func() (bool, error) {
		warn.take()
		if _, err := cs.CoreV1().Pods(ns).Create(ctx, p, metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}}); err != nil {
			return false, err
		}
		all := strings.Join(warn.take(), "\n")
		if !strings.Contains(all, "vigil ") {
			return false, errors.New("no warning from vigil yet")
		}
		return strings.Contains(all, "k8s-workload-sa-reads-secrets"), nil
	}
	eventually(t, "the webhook never judged the pod", func() error { _, err := readsSecrets(); return err })
	if got, _ := readsSecrets(); got {
		t.Fatal("warned that the account reads Secrets while its Role grants configmaps only")
	}
	setVerbs := func(resources ...string) {
		t.Helper()
		cur, err := cs.RbacV1().Roles(ns).Get(ctx, "app", metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		cur.Rules = []rbacv1.PolicyRule{{APIGroups: []string{""}, Resources: resources, Verbs: []string{"get"}}}
		if _, err := cs.RbacV1().Roles(ns).Update(ctx, cur, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	setVerbs("configmaps", "secrets")
	eventually(t, "the Role's new grant never changed the decision", func() error {
		if got, err := readsSecrets(); err != nil || !got {
			return fmt.Errorf("no k8s-workload-sa-reads-secrets warning (%v)", err)
		}
		return nil
	})
	setVerbs("configmaps")
	eventually(t, "the Role's revoked grant never changed the decision", func() error {
		if got, err := readsSecrets(); err != nil || got {
			return fmt.Errorf("still warned (%v)", err)
		}
		return nil
	})
	if n := wh.h.Cache.Inputs().Len(); n < 4 {
		t.Errorf("the cache holds the inputs of %d objects, want at least the namespace, account, Role and binding", n)
	}
}
