package serve

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/iac"
	iack8s "github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/inventory/awsinv"
	invk8s "github.com/vigil-cspm/vigil/internal/inventory/k8s"
	"github.com/vigil-cspm/vigil/internal/jobs"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// Connector is one estate the service scans: its scopes and how to read
// one of them.
type Connector struct {
	Name     string
	Schedule jobs.Schedule
	// Kind and Account are what its scans are stored under.
	Kind, Account string
	// Scopes are the scope strings of the connector's jobs.
	Scopes []string
	// Discover, set instead of Scopes, lists the scopes as they are now:
	// an organization's active accounts, "aws:<organization>/<account>".
	Discover func(ctx context.Context, log *slog.Logger) ([]string, error)
	// Open prepares the source of one scope.
	Open func(ctx context.Context, scope string, lib *scan.Library, log *slog.Logger) (Target, error)
}

// accountOf is the account a scope's scans are stored under: the
// member account of an organization's scope, else the connector's.
func (c Connector) accountOf(scope string) string {
	if c.Discover != nil {
		if _, acct, ok := strings.Cut(strings.TrimPrefix(scope, c.Kind+":"), "/"); ok {
			return acct
		}
	}
	return c.Account
}

// Target is a scope ready to scan.
type Target struct {
	// Kind and Account identify the scan in the store.
	Kind, Account string
	Source        scan.Source
	// Unread is the error when the scan read nothing at all.
	Unread string
	// Adopt is the account earlier scans stored this scope's resources
	// and findings under (the organization, scanned whole before its
	// accounts were scopes of their own); they are moved to Account
	// before the scan so that it resolves them.
	Adopt string
	// Peers are the other accounts of the scope's organization: rules
	// read their stored resources (of the types rules read across
	// scopes) as the organization-wide scan read them in memory.
	Peers []string
}

// fromConfig builds the configured connectors.
func fromConfig(cfg *config.Config, log *slog.Logger) ([]Connector, error) {
	var out []Connector
	for _, c := range cfg.Serve.Connectors {
		sched := jobs.Schedule{Every: time.Duration(c.Schedule.Every), Cron: c.Schedule.Cron, Jitter: time.Duration(c.Schedule.Jitter)}
		switch {
		case c.AWS != nil:
			out = append(out, awsConnector(c.Name, sched, c.AWS, awsinv.Config{}, log))
		case c.Kubernetes != nil:
			k, err := kubeConnector(c.Name, sched, c.Kubernetes, cfg.Path)
			if err != nil {
				return nil, err
			}
			out = append(out, k)
		}
	}
	return out, nil
}

// awsConnector scans an account as one scope, "aws:<account>", or an
// organization as one scope per active member account,
// "aws:<organization>/<account>", discovered with Organizations
// ListAccounts through the connector's credentials. base carries what
// the demo sets (endpoint, credentials).
func awsConnector(name string, sched jobs.Schedule, c *config.AWSConnector, base awsinv.Config, log *slog.Logger) Connector {
	id := c.Account
	if c.Organization != "" {
		id = c.Organization
	}
	// scanner opens the connector's scanner, restricted to accounts in
	// an organization, and checks whom its credentials reach.
	scanner := func(ctx context.Context, log *slog.Logger, accounts ...string) (*awsinv.Scanner, error) {
		cfg := base
		cfg.Log = log
		if len(c.Regions) != 1 || c.Regions[0] != "all" {
			cfg.Regions = c.Regions
		}
		cfg.Services = c.Services
		cfg.Org, cfg.RoleName, cfg.RoleARN = c.Organization != "", c.RoleName, c.RoleARN
		cfg.Accounts = accounts
		cfg.SessionName = "vigil-serve"
		if c.ExternalID != nil {
			v, err := c.ExternalID.Resolve(log)
			if err != nil {
				return nil, fmt.Errorf("connector %s: external_id: %w", name, err)
			}
			cfg.ExternalID = v
		}
		sc, err := awsinv.New(ctx, cfg, awsinv.Collectors())
		if err != nil {
			return nil, fmt.Errorf("connector %s: %w", name, err)
		}
		got, err := sc.Identify(ctx)
		if err != nil {
			return nil, fmt.Errorf("connector %s: %w", name, err)
		}
		if got != id {
			return nil, fmt.Errorf("connector %s: the credentials reach %s, not the configured %s; fix the connector's account, organization or role", name, got, id)
		}
		return sc, nil
	}
	conn := Connector{Name: name, Schedule: sched, Scopes: []string{"aws:" + id}, Kind: "aws", Account: id,
		Open: func(ctx context.Context, _ string, _ *scan.Library, log *slog.Logger) (Target, error) {
			sc, err := scanner(ctx, log)
			if err != nil {
				return Target{}, err
			}
			return Target{Kind: "aws", Account: id, Source: sc,
				Unread: fmt.Sprintf("connector %s: nothing in AWS %s could be read; check the role's permissions with `vigil aws permissions`", name, id)}, nil
		}}
	if c.Organization == "" {
		return conn
	}
	prefix := "aws:" + id + "/"
	conn.Scopes = nil
	conn.Discover = func(ctx context.Context, log *slog.Logger) ([]string, error) {
		sc, err := scanner(ctx, log)
		if err != nil {
			return nil, err
		}
		members, err := sc.Members(ctx)
		if err != nil {
			return nil, fmt.Errorf("connector %s: %w", name, err)
		}
		var out []string
		for _, m := range members {
			if m.Active {
				out = append(out, prefix+m.ID)
			}
		}
		return out, nil
	}
	conn.Open = func(ctx context.Context, scope string, _ *scan.Library, log *slog.Logger) (Target, error) {
		acct, ok := strings.CutPrefix(scope, prefix)
		if !ok || !isAccountID(acct) {
			return Target{}, fmt.Errorf("connector %s: scope %q is not an account of organization %s (want %s<12-digit account>)", name, scope, id, prefix)
		}
		sc, err := scanner(ctx, log, acct)
		if err != nil {
			return Target{}, err
		}
		members, err := sc.Members(ctx)
		if err != nil {
			return Target{}, fmt.Errorf("connector %s: %w", name, err)
		}
		var peers []string
		for _, m := range members {
			if m.ID != acct {
				peers = append(peers, m.ID)
			}
		}
		return Target{Kind: "aws", Account: acct, Source: sc, Adopt: id, Peers: peers,
			Unread: fmt.Sprintf("connector %s: nothing in AWS account %s of organization %s could be read", name, acct, id)}, nil
	}
	return conn
}

// isAccountID reports whether s is a 12-digit AWS account ID.
func isAccountID(s string) bool {
	if len(s) != 12 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// kubeConnector scans a cluster as one scope: "k8s:<cluster>".
func kubeConnector(name string, sched jobs.Schedule, c *config.KubernetesConnector, resolve func(string) string) (Connector, error) {
	cluster := c.ClusterName
	if cluster == "" {
		raw, err := clientcmd.LoadFromFile(resolve(c.Kubeconfig))
		if err != nil {
			return Connector{}, fmt.Errorf("connector %s: read kubeconfig %s: %w", name, c.Kubeconfig, err)
		}
		kc, ok := raw.Contexts[c.Context]
		if !ok {
			return Connector{}, fmt.Errorf("connector %s: kubeconfig %s has no context %q (it has %s)", name, c.Kubeconfig, c.Context, contextNames(raw.Contexts))
		}
		cluster = kc.Cluster
	}
	rc := func() (*rest.Config, error) {
		if c.InCluster {
			return rest.InClusterConfig()
		}
		return clientcmd.NewNonInteractiveDeferredLoadingClientConfig(
			&clientcmd.ClientConfigLoadingRules{ExplicitPath: resolve(c.Kubeconfig)},
			&clientcmd.ConfigOverrides{CurrentContext: c.Context}).ClientConfig()
	}
	return Connector{Name: name, Schedule: sched, Scopes: []string{"k8s:" + cluster}, Kind: "k8s", Account: cluster,
		Open: func(_ context.Context, _ string, lib *scan.Library, _ *slog.Logger) (Target, error) {
			cfg, err := rc()
			if err != nil {
				return Target{}, fmt.Errorf("connector %s: %w", name, err)
			}
			col, err := invk8s.New(cfg, cluster, newNormalizer())
			if err != nil {
				return Target{}, fmt.Errorf("connector %s: %w", name, err)
			}
			col.References = lib.Engine.RelatedTypes()
			return Target{Kind: "k8s", Account: cluster, Source: col,
				Unread: fmt.Sprintf("connector %s: no resource type of cluster %s could be read; check that the API server is reachable and the credentials are valid", name, cluster)}, nil
		}}, nil
}

func contextNames[V any](m map[string]V) string {
	var names []string
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// manifestConnector scans a directory of infrastructure as code as one
// scope, "iac:<name>" (the demo's bundled manifests).
func manifestConnector(name string, sched jobs.Schedule, dir string) Connector {
	return Connector{Name: name, Schedule: sched, Scopes: []string{"iac:" + name}, Kind: "iac", Account: name,
		Open: func(_ context.Context, _ string, lib *scan.Library, _ *slog.Logger) (Target, error) {
			if _, err := os.Stat(dir); err != nil {
				return Target{}, fmt.Errorf("connector %s: %w", name, err)
			}
			sc := &iac.Scanner{Parser: iack8s.NewParser(newNormalizer()), MaxFileSize: iac.DefaultMaxFileSize, Cloud: iac.NewCloud(iac.CloudOptions{})}
			sc.Known, sc.References = lib.Known, lib.Engine.RelatedTypes()
			return Target{Kind: "iac", Account: name, Source: sc.Source([]string{filepath.Clean(dir)}, nil).Relative(dir),
				Unread: fmt.Sprintf("connector %s: no file under %s could be read", name, dir)}, nil
		}}
}

func newNormalizer() *kube.Normalizer {
	return kube.NewNormalizer(kube.NewCatalog(), secrets.New())
}

// staticCredentials are the demo's keys for the replay server.
func staticCredentials(key, secret string) aws.CredentialsProvider {
	return aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: key, SecretAccessKey: secret, Source: "vigil-demo"}, nil
	})
}
