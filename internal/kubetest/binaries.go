package kubetest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

const (
	// KubeVersion is the kube-apiserver version that tools/kube-apiserver
	// builds and that the binary cache is keyed on.
	KubeVersion = "v1.34.2"

	// EnvAPIServer names the environment variable that overrides the
	// kube-apiserver binary.
	EnvAPIServer = "VIGIL_KUBE_APISERVER"
	// EnvEtcd names the environment variable that overrides the etcd binary.
	EnvEtcd = "VIGIL_ETCD"
	// EnvCache names the environment variable that overrides the directory
	// holding the kube-apiserver built by scripts/kube-testenv.sh.
	EnvCache = "VIGIL_TESTENV_CACHE"
	// EnvRequireIntegration names the environment variable that, when set to
	// "1", turns a missing binary into a test failure instead of a skip.
	EnvRequireIntegration = "VIGIL_REQUIRE_INTEGRATION"

	// defaultEtcd is where Debian's etcd-server package installs etcd.
	defaultEtcd = "/usr/bin/etcd"
)

// CachedAPIServerPath returns where scripts/kube-testenv.sh build puts
// kube-apiserver: $VIGIL_TESTENV_CACHE, else $XDG_CACHE_HOME/vigil-testenv,
// else $HOME/.cache/vigil-testenv, followed by kube-apiserver-<KubeVersion>.
func CachedAPIServerPath() (string, error) {
	dir := os.Getenv(EnvCache)
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			return "", fmt.Errorf("locate cache dir: %w", err)
		}
		dir = filepath.Join(base, "vigil-testenv")
	}
	return filepath.Join(dir, "kube-apiserver-"+KubeVersion), nil
}

// Available reports the kube-apiserver and etcd binaries that [Start] would
// use and whether both exist and are executable. The paths are returned
// even when ok is false, to say where they were looked for.
//
// kube-apiserver is $VIGIL_KUBE_APISERVER when set, else the cached build
// (see [CachedAPIServerPath]). etcd is $VIGIL_ETCD when set, else etcd on
// $PATH, else /usr/bin/etcd.
func Available() (apiserver, etcd string, ok bool) {
	apiserver = os.Getenv(EnvAPIServer)
	if apiserver == "" {
		p, err := CachedAPIServerPath()
		if err == nil {
			apiserver = p
		}
	}
	etcd = os.Getenv(EnvEtcd)
	if etcd == "" {
		if p, err := exec.LookPath("etcd"); err == nil {
			etcd = p
		} else {
			etcd = defaultEtcd
		}
	}
	ok = checkExecutable(apiserver) == nil && checkExecutable(etcd) == nil
	return apiserver, etcd, ok
}

// Require returns the binaries reported by [Available], or ends the test
// when they are missing: with t.Skip normally, with t.Fatal when
// VIGIL_REQUIRE_INTEGRATION=1.
func Require(t testing.TB) (apiserver, etcd string) {
	t.Helper()
	apiserver, etcd, ok := Available()
	if ok {
		return apiserver, etcd
	}
	msg := fmt.Sprintf("kube-apiserver %s and etcd are needed for this integration test: %v; "+
		"run scripts/kube-testenv.sh build (or set %s and %s)",
		KubeVersion, errors.Join(checkExecutable(apiserver), checkExecutable(etcd)), EnvAPIServer, EnvEtcd)
	if os.Getenv(EnvRequireIntegration) == "1" {
		t.Fatalf("%s=1: %s", EnvRequireIntegration, msg)
	}
	t.Skip(msg)
	return "", ""
}

// checkExecutable returns nil when path names an executable regular file.
func checkExecutable(path string) error {
	if path == "" {
		return errors.New("no path")
	}
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() || fi.Mode().Perm()&0o111 == 0 {
		return fmt.Errorf("%s is not an executable file", path)
	}
	return nil
}
