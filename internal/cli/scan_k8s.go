package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	invk8s "github.com/vigil-cspm/vigil/internal/inventory/k8s"
)

func (a *app) scanK8sCommand() *cobra.Command {
	var (
		f           scanFlags
		kubeconfig  string
		kubeContext string
		clusterName string
		concurrency int
	)
	cmd := &cobra.Command{
		Use:   "k8s",
		Short: "Scan a live Kubernetes cluster",
		Long: `Scan a live Kubernetes cluster through its API server, using your kubeconfig
(--kubeconfig, KUBECONFIG, ~/.kube/config) or the in-cluster service account.
Vigil only reads: list on the kinds it models. Secrets are read as metadata
only. A kind the identity may not list becomes a coverage record and the scan
is reported "partial"; the rest is still evaluated. Findings are recorded in
the store (default ~/.local/share/vigil/vigil.db) so later scans resolve them.`,
		Example: `  vigil scan k8s
  vigil scan k8s --context prod --fail-on high
  vigil scan k8s --framework cis-kubernetes-1.12 --format json --output cis.json
  VIGIL_KUBECONFIG=$(scripts/kube-testenv.sh up) vigil scan k8s`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if _, err := f.validate(); err != nil {
				return err
			}
			ctx := cmd.Context()
			cfg, name, err := restConfig(kubeconfig, kubeContext)
			if err != nil {
				return err
			}
			if clusterName != "" {
				name = clusterName
			}
			lib, err := a.loadLibrary(ctx, f.library())
			if err != nil {
				return err
			}
			col, err := invk8s.New(cfg, name, newNormalizer())
			if err != nil {
				return err
			}
			col.Concurrency = concurrency
			col.References = lib.Engine.RelatedTypes()
			col.Progress = a.progress(name)
			return a.runScan(ctx, &f, lib, scanJob{kind: "k8s", account: name, source: col, store: true,
				unread: fmt.Sprintf("scan cluster %s: no resource type could be read; check that the API server is reachable and the credentials are valid", name)})
		},
	}
	f.register(cmd)
	fl := cmd.Flags()
	fl.StringVar(&kubeconfig, "kubeconfig", "", "kubeconfig file (default: KUBECONFIG or ~/.kube/config)")
	fl.StringVar(&kubeContext, "context", "", "kubeconfig context (default: the current context)")
	fl.StringVar(&clusterName, "cluster-name", "", "name of the cluster in resource IDs and the store (default: the context's cluster name)")
	fl.IntVar(&concurrency, "concurrency", 4, "parallel list calls against the API server")
	return cmd
}

// restConfig loads the kubeconfig (or in-cluster config) and names the
// cluster.
func restConfig(kubeconfig, kubeContext string) (*rest.Config, string, error) {
	rules := clientcmd.NewDefaultClientConfigLoadingRules()
	if kubeconfig != "" {
		rules.ExplicitPath = kubeconfig
	}
	overrides := &clientcmd.ConfigOverrides{CurrentContext: kubeContext}
	cc := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides)
	raw, rawErr := cc.RawConfig()
	cfg, err := cc.ClientConfig()
	if err != nil {
		if kubeconfig == "" && kubeContext == "" {
			if ic, icErr := rest.InClusterConfig(); icErr == nil {
				return ic, "in-cluster", nil
			}
		}
		return nil, "", usageError("load kubeconfig: %v; pass --kubeconfig and --context, or set KUBECONFIG", strings.TrimSpace(err.Error()))
	}
	name := "default"
	if rawErr == nil {
		ctxName := kubeContext
		if ctxName == "" {
			ctxName = raw.CurrentContext
		}
		if c, ok := raw.Contexts[ctxName]; ok && c.Cluster != "" {
			name = c.Cluster
		} else if ctxName != "" {
			name = ctxName
		}
	}
	return cfg, name, nil
}
