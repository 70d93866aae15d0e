package kubetest

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

const (
	// AdminUser is the token user with cluster-admin rights (group
	// system:masters).
	AdminUser = "vigil-admin"
	// RestrictedUser is the token user with no groups besides
	// system:authenticated, and so almost no RBAC permissions.
	RestrictedUser = "vigil-restricted"
	// ContextName is the cluster, and current context, name in the
	// kubeconfig files that [Start] writes.
	ContextName = "vigil-test"

	// DefaultReadyTimeout bounds how long [Start] waits for /readyz.
	DefaultReadyTimeout = 120 * time.Second

	// stopGrace is how long a process may take to exit after SIGTERM.
	stopGrace = 5 * time.Second
	// logTailLines is how much of a log an error message quotes.
	logTailLines = 30
)

// Options configures [Start]. The zero value is ready to use.
type Options struct {
	// APIServerPath and EtcdPath override the binaries that [Available]
	// finds.
	APIServerPath string
	EtcdPath      string

	// Dir is the parent of the temporary directory holding certificates,
	// tokens, kubeconfigs, etcd data and logs; os.TempDir() when empty.
	Dir string

	// ReadyTimeout bounds the wait for /readyz; DefaultReadyTimeout when
	// zero.
	ReadyTimeout time.Duration

	// APIServerArgs are extra kube-apiserver flags, such as
	// "--feature-gates=...". A flag given here is passed after, and so
	// overrides, the default of the same name.
	APIServerArgs []string

	// Logger receives progress messages; nothing is logged when nil.
	Logger *slog.Logger
}

// Env is a running etcd and kube-apiserver. Call [Env.Stop] when done.
type Env struct {
	// Host is the API server URL, https://127.0.0.1:<port>.
	Host string

	// AdminConfig authenticates as AdminUser (system:masters).
	AdminConfig *rest.Config
	// RestrictedConfig authenticates as RestrictedUser.
	RestrictedConfig *rest.Config

	// AdminKubeconfig and RestrictedKubeconfig are kubeconfig files for the
	// two users, each with the current context ContextName.
	AdminKubeconfig      string
	RestrictedKubeconfig string

	// CAData is the PEM CA certificate that signed the serving certificate.
	CAData []byte

	// Dir is the temporary directory that holds the logs (etcd.log,
	// kube-apiserver.log) and everything else; Stop removes it.
	Dir string

	log       *slog.Logger
	etcd      *process
	apiserver *process
	stopOnce  sync.Once
}

// StartTest starts an environment for t and stops it when t ends; it fails
// t if the environment does not start. Unless opts names both binaries, it
// calls [Require] first, so it skips t (or fails it, with
// VIGIL_REQUIRE_INTEGRATION=1) when they are missing. Unless opts.Logger is
// set, progress is logged to t.
func StartTest(t testing.TB, opts Options) *Env {
	t.Helper()
	if opts.APIServerPath == "" || opts.EtcdPath == "" {
		apiserver, etcd := Require(t)
		if opts.APIServerPath == "" {
			opts.APIServerPath = apiserver
		}
		if opts.EtcdPath == "" {
			opts.EtcdPath = etcd
		}
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(t.Output(), nil))
	}
	env, err := Start(t.Context(), opts)
	if err != nil {
		t.Fatalf("start kube test environment: %v", err)
	}
	t.Cleanup(env.Stop)
	return env
}

// Start launches etcd and kube-apiserver and waits until the API server is
// ready. ctx bounds only the startup; the processes run until [Env.Stop].
// On error nothing is left running and the temporary directory is removed.
func Start(ctx context.Context, opts Options) (_ *Env, err error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	apiserverBin, etcdBin, _ := Available()
	if opts.APIServerPath != "" {
		apiserverBin = opts.APIServerPath
	}
	if opts.EtcdPath != "" {
		etcdBin = opts.EtcdPath
	}
	if err := checkExecutable(apiserverBin); err != nil {
		return nil, fmt.Errorf("kube-apiserver (run scripts/kube-testenv.sh build): %w", err)
	}
	if err := checkExecutable(etcdBin); err != nil {
		return nil, fmt.Errorf("etcd (run scripts/kube-testenv.sh build): %w", err)
	}
	readyTimeout := opts.ReadyTimeout
	if readyTimeout <= 0 {
		readyTimeout = DefaultReadyTimeout
	}

	dir, err := os.MkdirTemp(opts.Dir, "vigil-kubetest-")
	if err != nil {
		return nil, fmt.Errorf("create temp dir: %w", err)
	}
	e := &Env{Dir: dir, log: log}
	defer func() {
		if err != nil {
			e.Stop()
		}
	}()

	creds, err := genPKI(dir)
	if err != nil {
		return nil, err
	}
	e.CAData = creds.caPEM

	adminToken, restrictedToken := rand.Text(), rand.Text()
	tokens := fmt.Sprintf("%s,%s,%s,\"system:masters\"\n%s,%s,%s\n",
		adminToken, AdminUser, AdminUser, restrictedToken, RestrictedUser, RestrictedUser)
	tokenFile := filepath.Join(dir, "tokens.csv")
	if err := os.WriteFile(tokenFile, []byte(tokens), 0o600); err != nil {
		return nil, fmt.Errorf("write token file: %w", err)
	}

	deadline := time.Now().Add(readyTimeout)
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()

	// A port that was free a moment ago can be taken by the time a server
	// binds it (test packages start their environments at once): a server
	// that exits for that reason is started again on new ports.
	var etcdURL string
	for attempt := 1; ; attempt++ {
		ports, err := freePorts(2)
		if err != nil {
			return nil, err
		}
		etcdURL = "http://127.0.0.1:" + strconv.Itoa(ports[0])
		peerURL := "http://127.0.0.1:" + strconv.Itoa(ports[1])
		if err := os.RemoveAll(filepath.Join(dir, "etcd-data")); err != nil {
			return nil, fmt.Errorf("clear etcd data: %w", err)
		}
		log.Info("starting etcd", "bin", etcdBin, "url", etcdURL, "dir", dir)
		e.etcd, err = startProcess("etcd", dir, etcdBin,
			"--name=vigil",
			"--data-dir="+filepath.Join(dir, "etcd-data"),
			"--listen-client-urls="+etcdURL,
			"--advertise-client-urls="+etcdURL,
			"--listen-peer-urls="+peerURL,
			"--initial-advertise-peer-urls="+peerURL,
			"--initial-cluster=vigil="+peerURL,
			"--initial-cluster-state=new",
			"--logger=zap",
			"--log-outputs=stderr",
		)
		if err != nil {
			return nil, err
		}
		err = waitEtcd(ctx, e.etcd, etcdURL)
		if err == nil {
			break
		}
		if attempt < portAttempts && e.etcd.portTaken() {
			log.Info("etcd found its port taken; starting it on new ports", "attempt", attempt)
			e.etcd.stop(stopGrace)
			continue
		}
		return nil, fmt.Errorf("start etcd: %w\netcd log (%s):\n%s", err, e.etcd.logPath, e.etcd.logTail(logTailLines))
	}

	args := []string{
		"--etcd-servers=" + etcdURL,
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		// Endpoints may not hold loopback addresses, so the default
		// reconciler would fail every 10 s; the "kubernetes" Service is
		// still created, without endpoints.
		"--endpoint-reconciler-type=none",
		"--cert-dir=" + dir,
		"--tls-cert-file=" + creds.serverCert,
		"--tls-private-key-file=" + creds.serverKey,
		"--client-ca-file=" + creds.caCert,
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + creds.saPub,
		"--service-account-signing-key-file=" + creds.saKey,
		"--token-auth-file=" + tokenFile,
		"--authorization-mode=RBAC",
		"--service-cluster-ip-range=10.96.0.0/16",
		"--disable-admission-plugins=ServiceAccount",
		"--allow-privileged=true",
		"--profiling=false",
	}
	args = append(args, opts.APIServerArgs...)
	start := time.Now()
	for attempt := 1; ; attempt++ {
		ports, err := freePorts(1)
		if err != nil {
			return nil, err
		}
		e.Host = "https://127.0.0.1:" + strconv.Itoa(ports[0])
		log.Info("starting kube-apiserver", "bin", apiserverBin, "host", e.Host)
		e.apiserver, err = startProcess("kube-apiserver", dir, apiserverBin, append(args, "--secure-port="+strconv.Itoa(ports[0]))...)
		if err != nil {
			return nil, err
		}
		err = waitReady(ctx, e.apiserver, e.Host, creds.caPEM, adminToken)
		if err == nil {
			break
		}
		if attempt < portAttempts && e.apiserver.portTaken() {
			log.Info("kube-apiserver found its port taken; starting it on a new port", "attempt", attempt)
			e.apiserver.stop(stopGrace)
			continue
		}
		return nil, fmt.Errorf("start kube-apiserver: %w\nkube-apiserver log (%s):\n%s",
			err, e.apiserver.logPath, e.apiserver.logTail(logTailLines))
	}
	log.Info("kube-apiserver ready", "host", e.Host, "after", time.Since(start).Round(time.Millisecond))

	e.AdminConfig = restConfig(e.Host, creds.caPEM, adminToken)
	e.RestrictedConfig = restConfig(e.Host, creds.caPEM, restrictedToken)
	e.AdminKubeconfig = filepath.Join(dir, "admin.kubeconfig")
	e.RestrictedKubeconfig = filepath.Join(dir, "restricted.kubeconfig")
	if err := writeKubeconfig(e.AdminKubeconfig, e.Host, creds.caPEM, AdminUser, adminToken); err != nil {
		return nil, err
	}
	if err := writeKubeconfig(e.RestrictedKubeconfig, e.Host, creds.caPEM, RestrictedUser, restrictedToken); err != nil {
		return nil, err
	}
	return e, nil
}

// Stop kills kube-apiserver and etcd (each with its process group), waits
// for them to exit and removes the temporary directory. It is safe to call
// more than once.
func (e *Env) Stop() {
	e.stopOnce.Do(func() {
		for _, p := range []*process{e.apiserver, e.etcd} {
			if p != nil {
				p.stop(stopGrace)
			}
		}
		if err := os.RemoveAll(e.Dir); err != nil {
			e.log.Warn("remove kube test environment dir", "dir", e.Dir, "err", err)
		}
		e.log.Info("kube test environment stopped", "host", e.Host)
	})
}

// freePorts returns n distinct loopback TCP ports that were free a moment
// ago. All listeners are held open together so the ports differ.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("pick free port: %w", err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// poll calls check every interval until it returns true or an error, proc
// exits, or ctx ends. last describes the most recent failed check.
func poll(ctx context.Context, proc *process, check func(context.Context) (bool, string)) error {
	const interval = 250 * time.Millisecond
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	last := "no check completed"
	for {
		ok, msg := check(ctx)
		if ok {
			return nil
		}
		if msg != "" {
			last = msg
		}
		select {
		case <-proc.done:
			return fmt.Errorf("%s exited: %v (last check: %s)", proc.name, proc.err, last)
		case <-ctx.Done():
			return fmt.Errorf("%s not ready: %w (last check: %s)", proc.name, context.Cause(ctx), last)
		case <-ticker.C:
		}
	}
}

func waitEtcd(ctx context.Context, proc *process, url string) error {
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 2 * time.Second}
	defer client.CloseIdleConnections()
	return poll(ctx, proc, func(ctx context.Context) (bool, string) {
		body, err := get(ctx, client, url+"/health", "")
		if err != nil {
			return false, err.Error()
		}
		return strings.Contains(body, `"health":"true"`), body
	})
}

func waitReady(ctx context.Context, proc *process, host string, caPEM []byte, token string) error {
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(caPEM) {
		return errors.New("parse ca certificate")
	}
	client := &http.Client{
		Transport: &http.Transport{
			TLSClientConfig:   &tls.Config{RootCAs: roots, MinVersion: tls.VersionTLS12},
			DisableKeepAlives: true,
		},
		Timeout: 5 * time.Second,
	}
	defer client.CloseIdleConnections()
	return poll(ctx, proc, func(ctx context.Context) (bool, string) {
		body, err := get(ctx, client, host+"/readyz", token)
		if err != nil {
			return false, err.Error()
		}
		return body == "ok", body
	})
}

// get returns the body of a GET of url, or an error for a non-200 status.
func get(ctx context.Context, client *http.Client, url, token string) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if err != nil {
		return "", err
	}
	body := strings.TrimSpace(string(data))
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: %s", resp.Status, body)
	}
	return body, nil
}

func restConfig(host string, caPEM []byte, token string) *rest.Config {
	return &rest.Config{
		Host:            host,
		BearerToken:     token,
		TLSClientConfig: rest.TLSClientConfig{CAData: caPEM},
		// Tests create objects in bursts; the client-side defaults (5 QPS)
		// would only slow them down.
		QPS:   100,
		Burst: 200,
	}
}

func writeKubeconfig(path, host string, caPEM []byte, user, token string) error {
	cfg := clientcmdapi.NewConfig()
	cfg.Clusters[ContextName] = &clientcmdapi.Cluster{Server: host, CertificateAuthorityData: caPEM}
	cfg.AuthInfos[user] = &clientcmdapi.AuthInfo{Token: token}
	cfg.Contexts[ContextName] = &clientcmdapi.Context{Cluster: ContextName, AuthInfo: user}
	cfg.CurrentContext = ContextName
	if err := clientcmd.WriteToFile(*cfg, path); err != nil {
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return nil
}
