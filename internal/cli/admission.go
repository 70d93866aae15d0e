package cli

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"k8s.io/client-go/dynamic"

	"github.com/vigil-cspm/vigil/internal/admission"
	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/deploy"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/scan"
)

func (a *app) admissionCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "admission",
		Short: "Judge objects at the Kubernetes API server: a validating admission webhook",
		Long: `Run Vigil's rules as a validating admission webhook: the same library,
rule parameters and exceptions as vigil scan, at the cluster's front door.
Each violated rule takes a mode — enforce (deny), warn (allow with a warning
kubectl shows) or audit (allow and record) — from the admission section of
vigil.yaml, raised per namespace by the labels vigil.dev/enforce,
vigil.dev/warn and vigil.dev/audit (a framework id or "all").
docs/admission.md describes installation, modes and the fail-safe.`,
		Example: `  vigil admission manifests --namespace vigil-system --image registry.example.com/vigil:v1.2.0 | kubectl apply -f -
  kubectl label namespace payments vigil.dev/enforce=pss-restricted vigil.dev/warn=cis-kubernetes-1.12`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(a.admissionServeCommand(), a.admissionManifestsCommand())
	return cmd
}

func (a *app) admissionServeCommand() *cobra.Command {
	var (
		certFile, keyFile, listen, metricsListen string
		kubeconfig, kubeContext, clusterName     string
		namespace, exceptionsFile                string
		syncTimeout                              time.Duration
		manageCerts                              bool
		certHosts                                []string
	)
	cmd := &cobra.Command{
		Use:   "serve (--tls-cert-file FILE --tls-key-file FILE | --manage-certs)",
		Short: "Serve the admission webhook (HTTPS) and its metrics",
		Long: `Serve the validating admission webhook on --listen (HTTPS only, TLS 1.2 or
later; POST /validate, GET /healthz and /readyz) and Prometheus metrics on
--metrics-listen (GET /metrics, /healthz, /readyz). The certificate and key
are read again when their files change, so a rotated Secret takes effect
without a restart. With --manage-certs the webhook makes its own: a CA in
memory per replica (7 days) and a certificate for --cert-hosts, the CA added
to the caBundle of the ValidatingWebhookConfiguration vigil-admission (each
replica adds its own and drops expired ones), renewed at two thirds of its
life: no certificate tooling or TLS Secret in the cluster.

The objects cross-object rules read (RBAC, service accounts, network
policies, namespaces, webhook configurations: exactly the library's related
types) are kept in a cache by list and watch; until it has synced, /readyz
fails and requests get a 503, so the API server applies the failure policy.
Decisions are logged on stderr (one line per decision and per violated rule)
and counted in the metrics; dry-run requests are answered the same way and
recorded nowhere. With admission.decisions in vigil.yaml, decisions also go to
vigil serve (POST /api/v1/admission/decisions, an operator token), from a
bounded queue that never delays an answer, and the service's approved
exceptions (GET /api/v1/exceptions) join --exceptions: read at start and every
admission.exceptions_refresh (1m), the last good set kept while the service
cannot be read.`,
		Example: `  # In the cluster (vigil admission manifests runs it like this)
  vigil admission serve --config /etc/vigil/vigil.yaml \
    --tls-cert-file /etc/vigil/tls/tls.crt --tls-key-file /etc/vigil/tls/tls.key --namespace vigil-system

  # In the cluster, managing its own certificate (vigil admission manifests --manage-certs)
  vigil admission serve --config /etc/vigil/vigil.yaml --manage-certs --namespace vigil-system

  # Outside it, against your kubeconfig's cluster, with an exceptions file
  vigil admission serve --tls-cert-file tls.crt --tls-key-file tls.key --listen 127.0.0.1:8443 \
    --cluster-name prod --exceptions exceptions.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			var certs *admission.CertReloader
			switch {
			case manageCerts && (certFile != "" || keyFile != ""):
				return usageError("--manage-certs with --tls-cert-file: the webhook either makes its certificate or reads one; give one or the other")
			case manageCerts:
				if len(certHosts) == 0 {
					if namespace == "" {
						return usageError("--manage-certs needs --cert-hosts, or --namespace to name the service (vigil-admission.NAMESPACE.svc)")
					}
					certHosts = []string{admission.Name + "." + namespace + ".svc"}
				}
			case certFile == "" || keyFile == "":
				return usageError("--tls-cert-file and --tls-key-file: the webhook serves HTTPS only; give the PEM certificate and key, or --manage-certs")
			default:
				certs = &admission.CertReloader{CertFile: certFile, KeyFile: keyFile, Log: a.log}
				if err := certs.Load(); err != nil {
					return usageError("%v", err)
				}
			}
			lib, err := a.loadLibrary(ctx, libraryOptions{})
			if err != nil {
				return err
			}
			policy, exempt, err := admissionPolicy(a.cfg.Admission, lib, namespace)
			if err != nil {
				return err
			}
			rc, name, err := restConfig(kubeconfig, kubeContext)
			if err != nil {
				return err
			}
			if clusterName != "" {
				name = clusterName
			}
			dyn, err := dynamic.NewForConfig(rc)
			if err != nil {
				return fmt.Errorf("kubernetes client: %w", err)
			}
			norm := newNormalizer()
			kinds := admission.CacheKinds(norm.Catalog(), lib.Engine.RelatedTypes())
			watcher := admission.NewWatcher(dyn, norm, name, kinds, a.log)
			h := &admission.Handler{Library: lib, Norm: norm, Cluster: name, Cache: watcher, Policy: policy, Exempt: exempt,
				Params: a.cfg.RuleParams(), Metrics: admission.NewMetrics(watcher.Len), Ready: watcher.Synced, Now: a.now, Log: a.log}
			if exceptionsFile != "" {
				if h.Exceptions, err = a.readExceptions(exceptionsFile); err != nil {
					return err
				}
			}
			var sender *admission.Sender
			if dc := a.cfg.Admission.Decisions; dc != nil {
				tok, err := os.ReadFile(a.cfg.Path(dc.TokenFile))
				if err != nil {
					return usageError("admission.decisions.token_file: %v", err)
				}
				token := strings.TrimSpace(string(tok))
				if token == "" {
					return usageError("admission.decisions.token_file %s is empty: put an operator API token of vigil serve in it", dc.TokenFile)
				}
				sender = admission.NewSender(dc.URL, token, nil, h.Metrics, a.log)
				h.Recorder = sender
				// The service's approved exceptions join the file's.
				h.ServiceExceptions = admission.NewServiceExceptions(dc.URL, token, h.Exceptions, nil, h.Metrics, a.log)
			}
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				return usageError("--listen %s: %v", listen, err)
			}
			var mln net.Listener
			if metricsListen != "" {
				if mln, err = net.Listen("tcp", metricsListen); err != nil {
					ln.Close()
					return usageError("--metrics-listen %s: %v", metricsListen, err)
				}
			}
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			var tlsConfig *tls.Config
			if certs != nil {
				tlsConfig = admission.TLSConfig(certs)
			} else {
				cm := &admission.CertManager{Client: dyn, Config: admission.Name, Hosts: certHosts, Log: a.log}
				if err := cm.Start(ctx); err != nil {
					ln.Close()
					if mln != nil {
						mln.Close()
					}
					return err
				}
				go cm.Run(ctx)
				tlsConfig = cm.TLSConfig()
			}
			done := make(chan struct{})
			go func() { defer close(done); watcher.Run(ctx) }()
			defer func() { cancel(); <-done }()
			senderDone := make(chan struct{})
			if sender != nil {
				go func() { defer close(senderDone); sender.Run(ctx) }()
			} else {
				close(senderDone)
			}
			if svc := h.ServiceExceptions; svc != nil {
				// A service that cannot be read now is logged and counted,
				// and read again every exceptions_refresh.
				if err := svc.Fetch(ctx); err == nil {
					a.log.Info("exceptions read from vigil serve", "exceptions", len(svc.Set()), "refresh", time.Duration(a.cfg.Admission.ExceptionsRefresh))
				}
				go svc.Run(ctx, time.Duration(a.cfg.Admission.ExceptionsRefresh))
			}
			go func() {
				sctx, scancel := context.WithTimeout(ctx, syncTimeout)
				defer scancel()
				if err := watcher.WaitSynced(sctx); err != nil && ctx.Err() == nil {
					a.log.Error("admission cache not synced; requests get 503 until it is (check the RBAC: list and watch on the kinds in vigil admission manifests)", "err", err)
				} else if err == nil {
					a.log.Info("admission cache synced", "kinds", len(kinds), "objects", watcher.Len())
				}
			}()
			fmt.Fprintf(a.io.Err, "vigil admission: webhook on https://%s/validate, metrics on %s, cluster %s\n", ln.Addr(), orNone(mln), name)
			srv := &admission.Server{Handler: h, TLS: tlsConfig, Ready: watcher.Synced, Log: a.log}
			err = srv.Serve(ctx, ln, mln)
			if sender != nil {
				// Stopped, and no request is being answered: what is still
				// queued is sent, within a deadline.
				cancel()
				<-senderDone
				sender.Flush(admission.FlushTimeout)
			}
			if errors.Is(err, context.Canceled) {
				return nil
			}
			return err
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&certFile, "tls-cert-file", "", "PEM certificate (chain) the webhook serves (required; re-read when it changes)")
	fl.StringVar(&keyFile, "tls-key-file", "", "PEM private key of the certificate (required)")
	fl.StringVar(&listen, "listen", fmt.Sprintf(":%d", admission.WebhookPort), "host:port of the HTTPS webhook")
	fl.StringVar(&metricsListen, "metrics-listen", fmt.Sprintf(":%d", admission.MetricsPort), `host:port of the plain-HTTP metrics and probes ("" for none)`)
	fl.StringVar(&kubeconfig, "kubeconfig", "", "kubeconfig file (default: KUBECONFIG, ~/.kube/config, or the in-cluster service account)")
	fl.StringVar(&kubeContext, "context", "", "kubeconfig context (default: the current context)")
	fl.StringVar(&clusterName, "cluster-name", "", "the cluster's name in resource IDs and fingerprints: its live scans' --cluster-name, so decisions link to findings")
	fl.StringVar(&namespace, "namespace", "", "the namespace the webhook runs in: always exempt, so it never locks itself out")
	fl.StringVar(&exceptionsFile, "exceptions", "", "governed exceptions file (as vigil scan --exceptions); excepted findings never deny or warn")
	fl.DurationVar(&syncTimeout, "sync-timeout", 2*time.Minute, "how long to wait for the cache before logging an error")
	fl.BoolVar(&manageCerts, "manage-certs", false, "make and renew the serving certificate, keeping its CA in the webhook configuration vigil-admission")
	fl.StringSliceVar(&certHosts, "cert-hosts", nil, "DNS names and IPs of the managed certificate (default vigil-admission.NAMESPACE.svc)")
	return cmd
}

func orNone(l net.Listener) string {
	if l == nil {
		return "(none)"
	}
	return "http://" + l.Addr().String() + "/metrics"
}

// admissionPolicy reads the admission section into a policy, checking
// every framework and rule it names against the library.
func admissionPolicy(c config.Admission, lib *scan.Library, namespace string) (*admission.Policy, admission.Exemptions, error) {
	var ex admission.Exemptions
	floor := admission.Floor{Frameworks: map[string]admission.Mode{}, Rules: map[string]admission.Mode{}}
	var err error
	if floor.Default, err = admission.ParseMode(c.Default); err != nil {
		return nil, ex, usageError("admission.default: %v", err)
	}
	for id, m := range c.Frameworks {
		if _, ferr := lib.Frameworks.Lookup(id); ferr != nil {
			return nil, ex, usageError("admission.frameworks.%s: %v", id, ferr)
		}
		floor.Frameworks[id], _ = admission.ParseMode(m)
	}
	for id, m := range c.Rules {
		if !lib.Known(id) {
			return nil, ex, usageError("admission.rules.%s: no such rule; vigil rules list shows the ids", id)
		}
		floor.Rules[id], _ = admission.ParseMode(m)
	}
	ex = admission.Exemptions{Namespaces: slices.Clone(c.Exempt.Namespaces), Users: c.Exempt.Users, Groups: c.Exempt.Groups, ServiceAccounts: c.Exempt.ServiceAccounts}
	if namespace != "" && !slices.Contains(ex.Namespaces, namespace) {
		ex.Namespaces = append(ex.Namespaces, namespace)
	}
	return admission.NewPolicy(floor, lib.Frameworks), ex, nil
}

func (a *app) admissionManifestsCommand() *cobra.Command {
	var (
		o            admission.ManifestOptions
		mode, caFile string
		timeout      int
		out          *output
	)
	cmd := &cobra.Command{
		Use:   "manifests --image IMAGE",
		Short: "Kubernetes manifests that run the admission webhook with least privilege",
		Long: `Print the manifests that run vigil admission serve, in the order to apply them:

  Namespace            the restricted Pod Security Standard enforced
  ServiceAccount       the webhook's identity
  ClusterRole(Binding) list and watch, and nothing else, on exactly the kinds
                       cross-object rules read and namespaces (for their labels)
  ConfigMap            vigil.yaml: the admission floor (--framework at --mode,
                       every other rule audit), kube-system, the webhook's own
                       namespace and the kubelets exempt, failure policy, timeout
  Deployment           two replicas spread over nodes, non-root, read-only root
                       filesystem, no capabilities, RuntimeDefault seccomp,
                       requests and limits, /healthz and /readyz probes
  Service              443 to the webhook, 9090 for metrics
  PodDisruptionBudget  at least one replica through voluntary disruptions
  NetworkPolicy        in: the webhook and metrics ports; out: DNS and HTTPS
  ValidatingWebhookConfiguration
                       CREATE and UPDATE of the kinds Vigil models (not Secrets
                       or Nodes), the exempt namespaces left out by a
                       namespaceSelector, failurePolicy (default Ignore: when
                       the webhook cannot answer, objects are admitted
                       unjudged), a short timeout, sideEffects NoneOnDryRun

The serving certificate is the Secret vigil-admission-tls (tls.crt, tls.key)
in the namespace, for the DNS name vigil-admission.<namespace>.svc; give the
CA that signed it with --ca-bundle, or fill caBundle in yourself.
docs/admission.md shows how to make both with openssl. With --manage-certs
there is no Secret: the webhook makes and renews its certificate and keeps
its CA in caBundle itself, for which a ClusterRole vigil-admission-certs
grants get and update on that one webhook configuration.
Vigil's own rules report nothing above low on the manifests.`,
		Example: `  vigil admission manifests --namespace vigil-system --image registry.example.com/vigil:v1.2.0 \
    --framework pss-restricted --ca-bundle ca.crt | kubectl apply -f -

  # No certificate to make: the webhook manages its own
  vigil admission manifests --image registry.example.com/vigil:v1.2.0 --manage-certs | kubectl apply -f -

  # Fail closed: refuse objects when the webhook cannot answer
  vigil admission manifests --image registry.example.com/vigil:v1.2.0 --failure-policy Fail --ca-bundle ca.crt`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := out.check(); err != nil {
				return err
			}
			m, err := admission.ParseMode(mode)
			if err != nil {
				return usageError("--mode: %v", err)
			}
			o.Mode = m
			o.TimeoutSeconds = int32(timeout)
			lib, err := a.loadLibrary(cmd.Context(), libraryOptions{})
			if err != nil {
				return err
			}
			if o.Framework != "" {
				if _, err := lib.Frameworks.Lookup(o.Framework); err != nil {
					return usageError("--framework: %v", err)
				}
			}
			if caFile != "" {
				if o.CABundle, err = os.ReadFile(caFile); err != nil {
					return usageError("--ca-bundle: %v", err)
				}
			}
			cat := kube.NewCatalog()
			o.Cached = admission.CacheKinds(cat, lib.Engine.RelatedTypes())
			o.Judged = admission.JudgedKinds(cat)
			o.ExemptNamespaces = a.cfg.Admission.Exempt.Namespaces
			objs, err := admission.Manifests(o)
			if err != nil {
				return usageError("%v", err)
			}
			return a.writeOutput(out, func(w io.Writer, _ bool) error {
				if out.format == "json" {
					return deploy.WriteJSON(w, objs)
				}
				return deploy.WriteYAML(w, objs)
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.Image, "image", "", "the vigil image to run (required)")
	fl.StringVarP(&o.Namespace, "namespace", "n", "vigil-system", "the namespace to run in (always exempt)")
	fl.StringVar(&o.Framework, "framework", "", "a framework whose rules the cluster floor sets to --mode (vigil rules frameworks lists them)")
	fl.StringVar(&mode, "mode", "warn", "the floor's mode for --framework: audit, warn or enforce")
	fl.StringVar(&o.FailurePolicy, "failure-policy", "Ignore", "Ignore (admit unjudged when the webhook cannot answer) or Fail (refuse)")
	fl.IntVar(&timeout, "timeout", 5, "seconds the API server waits for the webhook (1-30)")
	fl.StringVar(&caFile, "ca-bundle", "", "PEM CA that signed the serving certificate, written into the webhook configuration")
	fl.BoolVar(&o.ManageCerts, "manage-certs", false, "run the webhook with a certificate it makes and renews itself (no TLS Secret; get and update on its own webhook configuration)")
	out = outputFlags(cmd, []string{"yaml", "json"}, "yaml (one document per object), json (a v1 List)")
	return cmd
}
