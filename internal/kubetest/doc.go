// Package kubetest runs a real Kubernetes API server for integration tests.
//
// [Start] launches etcd and kube-apiserver as child processes on free
// loopback ports, with a throwaway CA, serving certificate, service-account
// key and token file generated in a temporary directory. No
// controller-manager, scheduler or kubelet runs: objects are stored and
// served, RBAC is enforced, but nothing reconciles them. In particular the
// "default" ServiceAccount of a namespace is never created, so the
// ServiceAccount admission plugin is disabled.
//
// Two identities authenticate with bearer tokens:
//
//   - [AdminUser] ("vigil-admin", group system:masters): [Env.AdminConfig]
//     and [Env.AdminKubeconfig].
//   - [RestrictedUser] ("vigil-restricted", no groups besides
//     system:authenticated, so RBAC denies nearly everything):
//     [Env.RestrictedConfig] and [Env.RestrictedKubeconfig].
//
// The binaries are found through [Available]: $VIGIL_KUBE_APISERVER and
// $VIGIL_ETCD when set, otherwise the kube-apiserver that
// "scripts/kube-testenv.sh build" caches under
// ${VIGIL_TESTENV_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vigil-testenv} and
// the etcd on $PATH (or /usr/bin/etcd, from Debian's etcd-server package).
//
// Typical use from another package's tests:
//
//	func TestSomething(t *testing.T) {
//		env := kubetest.StartTest(t, kubetest.Options{})
//		client := kubernetes.NewForConfigOrDie(env.AdminConfig)
//		// ...
//	}
//
// [StartTest] skips the test when the binaries are missing, unless
// VIGIL_REQUIRE_INTEGRATION=1 is set, in which case it fails it. Starting an
// environment takes a few seconds (about 3 s to ready and 1 s to stop on
// 2 cores), so share one per package (for example from TestMain with [Start])
// when several tests need it.
package kubetest
