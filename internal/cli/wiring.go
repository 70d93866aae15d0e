package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/vigil-cspm/vigil/internal/iac"
	iack8s "github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/secrets"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/postgres"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

// sources are the scan commands, one per kind of source.
func (a *app) sources() []*cobra.Command {
	return []*cobra.Command{a.scanK8sCommand(), a.scanAWSCommand(), a.scanIaCCommand()}
}

// libraryOptions say which rules loadLibrary loads and what they may do.
type libraryOptions struct {
	// policyDirs are users' rule directories, added to the library.
	policyDirs []string
	// framework, when set, limits evaluation to the rules it maps.
	framework string
	// allowNetBuiltins lets rules call built-ins that reach outside the
	// process (policy.Options.AllowNetBuiltins).
	allowNetBuiltins bool
}

// registerAllowNet registers --allow-net-builtins.
func registerAllowNet(fl *pflag.FlagSet, p *bool) {
	fl.BoolVar(p, "allow-net-builtins", false, "let rules call built-ins that reach outside the process (http.send, net.lookup_ip_addr, opa.runtime) and fetch remote JSON schemas")
}

func newNormalizer() *kube.Normalizer {
	return kube.NewNormalizer(kube.NewCatalog(), secrets.New())
}

func newIaCScanner(maxFileSize int64, opts iac.CloudOptions) *iac.Scanner {
	return &iac.Scanner{Parser: iack8s.NewParser(newNormalizer()), MaxFileSize: maxFileSize, Cloud: iac.NewCloud(opts)}
}

// defaultStorePath is the embedded store in the user's data directory.
func defaultStorePath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the home directory for the default store: %w (pass --store PATH)", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "vigil", "vigil.db"), nil
}

// openStore opens the store --store names (flag), else the one the
// configuration's store.dsn references, else the default.
func (a *app) openStore(ctx context.Context, flag string) (store.Store, string, error) {
	dsn, err := a.resolveDSN(flag)
	if err != nil {
		return nil, "", err
	}
	return openDSN(ctx, dsn)
}

// resolveDSN is the store openStore opens, unredacted: --store, else
// store.dsn, else "" (the default file).
func (a *app) resolveDSN(flag string) (string, error) {
	if flag != "" || a.cfg == nil || a.cfg.Store.DSN == nil {
		return flag, nil
	}
	v, err := a.cfg.Store.DSN.Resolve(a.log)
	if err != nil {
		return "", &exitError{code: ExitError, err: err}
	}
	return v, nil
}

// configuresStore reports whether the configuration names a store.
func (a *app) configuresStore() bool { return a.cfg != nil && a.cfg.Store.DSN != nil }

// isPostgres reports whether dsn names a PostgreSQL database.
func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sqlitePath is the SQLite file a non-PostgreSQL dsn names: "" is the
// default file, sqlite:// and file: prefixes are dropped.
func sqlitePath(dsn string) (string, error) {
	switch {
	case dsn == "":
		return defaultStorePath()
	case strings.HasPrefix(dsn, "sqlite://"):
		return strings.TrimPrefix(dsn, "sqlite://"), nil
	case strings.HasPrefix(dsn, "file:"):
		return strings.TrimPrefix(dsn, "file:"), nil
	}
	return dsn, nil
}

// openDSN opens the store named by dsn: "" is the default SQLite file,
// postgres://… a PostgreSQL database, anything else a SQLite file path.
func openDSN(ctx context.Context, dsn string) (store.Store, string, error) {
	if isPostgres(dsn) {
		s, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, "", err
		}
		return s, postgres.Redact(dsn), nil
	}
	dsn, err := sqlitePath(dsn)
	if err != nil {
		return nil, "", err
	}
	s, err := sqlite.Open(ctx, dsn)
	if err != nil {
		return nil, "", err
	}
	return s, dsn, nil
}
