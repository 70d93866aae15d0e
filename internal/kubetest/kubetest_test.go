package kubetest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/vigil-cspm/vigil/internal/kubetest"
)

func TestEnv(t *testing.T) {
	start := time.Now()
	env := kubetest.StartTest(t, kubetest.Options{Dir: t.TempDir()})
	t.Logf("environment ready at %s after %s", env.Host, time.Since(start).Round(time.Millisecond))
	ctx := t.Context()

	admin, err := kubernetes.NewForConfig(env.AdminConfig)
	if err != nil {
		t.Fatalf("admin client: %v", err)
	}
	ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "kubetest"}}
	if _, err := admin.CoreV1().Namespaces().Create(ctx, ns, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create namespace as %s: %v", kubetest.AdminUser, err)
	}
	secret := &corev1.Secret{
		ObjectMeta: metav1.ObjectMeta{Name: "token"},
		StringData: map[string]string{"k": "v"},
	}
	if _, err := admin.CoreV1().Secrets("kubetest").Create(ctx, secret, metav1.CreateOptions{}); err != nil {
		t.Fatalf("create secret as %s: %v", kubetest.AdminUser, err)
	}

	restricted, err := kubernetes.NewForConfig(env.RestrictedConfig)
	if err != nil {
		t.Fatalf("restricted client: %v", err)
	}
	_, err = restricted.CoreV1().Secrets("kubetest").List(ctx, metav1.ListOptions{})
	if !apierrors.IsForbidden(err) {
		t.Fatalf("list secrets as %s: got %v, want Forbidden", kubetest.RestrictedUser, err)
	}
	if !strings.Contains(err.Error(), kubetest.RestrictedUser) {
		t.Errorf("Forbidden error %q does not name user %s", err, kubetest.RestrictedUser)
	}

	for _, tc := range []struct {
		path, user string
	}{
		{env.AdminKubeconfig, kubetest.AdminUser},
		{env.RestrictedKubeconfig, kubetest.RestrictedUser},
	} {
		checkKubeconfig(ctx, t, tc.path, tc.user)
	}

	// Stop explicitly (StartTest's cleanup then does nothing) to check that
	// it leaves no process, directory or goroutine behind.
	env.Stop()
	if _, err := os.Stat(env.Dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("after Stop, %s: got %v, want not exist", env.Dir, err)
	}
	if _, err := admin.Discovery().ServerVersion(); err == nil {
		t.Errorf("after Stop, API server at %s still answers", env.Host)
	}
	if leaked := kubetestGoroutines(); leaked != "" {
		t.Errorf("goroutines of package kubetest left after Stop:\n%s", leaked)
	}
}

// checkKubeconfig loads the kubeconfig at path and checks that it uses
// context vigil-test and authenticates as user.
func checkKubeconfig(ctx context.Context, t *testing.T, path, user string) {
	t.Helper()
	raw, err := clientcmd.LoadFromFile(path)
	if err != nil {
		t.Fatalf("load %s: %v", filepath.Base(path), err)
	}
	if raw.CurrentContext != kubetest.ContextName {
		t.Errorf("%s: current context %q, want %q", filepath.Base(path), raw.CurrentContext, kubetest.ContextName)
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", path)
	if err != nil {
		t.Fatalf("rest config from %s: %v", filepath.Base(path), err)
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		t.Fatalf("client from %s: %v", filepath.Base(path), err)
	}
	review, err := client.AuthenticationV1().SelfSubjectReviews().Create(ctx,
		&authenticationv1.SelfSubjectReview{}, metav1.CreateOptions{})
	if err != nil {
		t.Fatalf("self subject review with %s: %v", filepath.Base(path), err)
	}
	if got := review.Status.UserInfo.Username; got != user {
		t.Errorf("%s authenticates as %q, want %q", filepath.Base(path), got, user)
	}
}

// kubetestGoroutines returns the stacks of goroutines running code of package
// kubetest itself (not these tests), retrying briefly while they wind down.
func kubetestGoroutines() string {
	const pkg = "github.com/vigil-cspm/vigil/internal/kubetest."
	var leaked []string
	for range 20 {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		leaked = leaked[:0]
		for g := range strings.SplitSeq(string(buf), "\n\n") {
			if strings.Contains(g, pkg) {
				leaked = append(leaked, g)
			}
		}
		if len(leaked) == 0 {
			return ""
		}
		time.Sleep(50 * time.Millisecond)
	}
	return strings.Join(leaked, "\n\n")
}

// TestStartFailure checks that Start reports the API server's log and
// leaves nothing behind when kube-apiserver exits or never becomes ready.
func TestStartFailure(t *testing.T) {
	_, etcd := kubetest.Require(t)

	for _, tc := range []struct {
		name, script string
		timeout      time.Duration
		wantErr      string
	}{
		{
			name:    "exits",
			script:  "echo 'fake: unknown flag'\nexit 3\n",
			timeout: 30 * time.Second,
			wantErr: "kube-apiserver exited",
		},
		{
			name:    "never ready",
			script:  "echo 'fake: hanging'\nsleep 600\n",
			timeout: 2 * time.Second,
			wantErr: "kube-apiserver not ready",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fake := filepath.Join(t.TempDir(), "fake-apiserver")
			if err := os.WriteFile(fake, []byte("#!/bin/sh\n"+tc.script), 0o755); err != nil {
				t.Fatal(err)
			}
			parent := t.TempDir()
			env, err := kubetest.Start(t.Context(), kubetest.Options{
				APIServerPath: fake,
				EtcdPath:      etcd,
				Dir:           parent,
				ReadyTimeout:  tc.timeout,
			})
			if err == nil {
				env.Stop()
				t.Fatal("Start with a broken kube-apiserver succeeded")
			}
			t.Logf("Start error, as expected: %v", err)
			for _, want := range []string{tc.wantErr, "fake: "} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
			if entries, _ := os.ReadDir(parent); len(entries) != 0 {
				t.Errorf("Start left %d entries in %s", len(entries), parent)
			}
			if leaked := kubetestGoroutines(); leaked != "" {
				t.Errorf("goroutines of package kubetest left after failed Start:\n%s", leaked)
			}
		})
	}
}
