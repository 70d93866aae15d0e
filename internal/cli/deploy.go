package cli

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/internal/deploy"
)

func (a *app) deployCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "deploy",
		Short: "Run Vigil in a cluster: the manifests for vigil serve",
		Long: `Print what it takes to run vigil serve in Kubernetes. docs/operating.md
describes the image, the manifests and the permissions they grant.`,
		Example: `  vigil deploy manifests --image registry.example.com/vigil:v1.2.0 | kubectl apply -f -`,
		Args:    cobra.NoArgs,
	}
	cmd.AddCommand(a.deployManifestsCommand())
	return cmd
}

func (a *app) deployManifestsCommand() *cobra.Command {
	var (
		o   deploy.Options
		out *output
	)
	cmd := &cobra.Command{
		Use:   "manifests --image IMAGE",
		Short: "Kubernetes manifests that run vigil serve with least privilege",
		Long: `Print the manifests that run vigil serve in a cluster, in the order to apply
them:

  Namespace            the restricted Pod Security Standard enforced
  ServiceAccount       the in-cluster collector's identity
  ClusterRole(Binding) list, and nothing else, on exactly the kinds Vigil reads
                       (Secrets only with --read-secrets: listing a Secret's
                       metadata needs the same permission as reading it)
  ConfigMap            vigil.yaml: the service, the store on the volume, this
                       cluster scanned every hour
  PersistentVolumeClaim the SQLite store (--empty-dir: a throwaway emptyDir)
  Deployment           one replica, non-root, read-only root filesystem, no
                       capabilities, RuntimeDefault seccomp, requests and limits,
                       /healthz and /readyz probes on port 8080
  Service              ClusterIP, port 8080
  NetworkPolicy        in: port 8080; out: DNS and HTTPS only

Vigil's own rules report nothing above low on them (without --read-secrets).
Edit the ConfigMap's vigil.yaml to add connectors, tokens and channels
(docs/serve.md); a PostgreSQL store replaces the volume with store.dsn.`,
		Example: `  # Apply with an image you built (scripts/image.sh) and pushed
  vigil deploy manifests --image registry.example.com/vigil:v1.2.0 | kubectl apply -f -

  # Review them first, and check them with Vigil's own rules
  vigil deploy manifests --image registry.example.com/vigil:v1.2.0 --output vigil-k8s.yaml
  vigil scan iac vigil-k8s.yaml --fail-on medium`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := out.check(); err != nil {
				return err
			}
			objs, err := deploy.Objects(o)
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
	fl.StringVarP(&o.Namespace, "namespace", "n", "vigil", "the namespace to run in")
	fl.StringVar(&o.ClusterName, "cluster-name", "in-cluster", "this cluster's name in findings")
	fl.BoolVar(&o.ReadSecrets, "read-secrets", false, "let the collector list Secrets (their metadata only; RBAC grants it as reading them)")
	fl.BoolVar(&o.EmptyDir, "empty-dir", false, "keep the store in an emptyDir, lost with the pod (for trials)")
	fl.StringVar(&o.StorageSize, "storage-size", "10Gi", "the store's PersistentVolumeClaim size")
	out = outputFlags(cmd, []string{"yaml", "json"}, "yaml (one document per object), json (a v1 List)")
	return cmd
}
