package cli

import (
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/serve"
)

func (a *app) serveCommand() *cobra.Command {
	var (
		demo      bool
		listen    string
		storeFlag string
		logFormat string
		workers   int
	)
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run Vigil as a service: scheduled scans, API and dashboards",
		Long: `Run Vigil continuously: every connector under serve.connectors in vigil.yaml
(AWS accounts and organizations, Kubernetes clusters) is scanned on its
schedule as a job — one job per scope, never two of one scope at once,
retried with backoff; a failed scan keeps the last good findings — into the
store, and the API and dashboards are served on serve.listen
(127.0.0.1:8080 by default).

Authentication cannot be turned off: API clients send a configured token
(serve.auth.tokens), people sign in with OIDC (serve.auth.oidc), and at
start a one-time sign-in link for an admin is printed on stderr.

--demo runs the same service over a bundled estate: a recorded AWS
organization served in-process on loopback, the example manifests, and the
local test cluster (scripts/kube-testenv.sh up) when it is running; with no
--store and no store.dsn it keeps its store in a temporary directory.

SIGHUP (or POST /api/v1/reload as an admin) reads --config again and
applies connectors, schedules, tokens, owners and rule parameters without
dropping running scans; an invalid file changes nothing. Logs are JSON lines
on stderr (--log-format text for people); stop with Ctrl-C or SIGTERM:
requests and running scans get a grace period.`,
		Example: `  vigil serve --demo
  vigil --config vigil.yaml serve
  vigil --config vigil.yaml serve --listen 0.0.0.0:8080 --store postgres://vigil@db/vigil
  vigil config validate vigil.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			// A service logs what it does: info unless --log-level says.
			lvl := &slog.HandlerOptions{Level: slog.LevelInfo}
			if f := cmd.Flag("log-level"); f != nil && f.Changed {
				lvl.Level = a.logLevel()
			}
			switch logFormat {
			case "json":
				a.log = slog.New(slog.NewJSONHandler(a.io.Err, lvl))
			case "text":
				a.log = slog.New(slog.NewTextHandler(a.io.Err, lvl))
			default:
				return usageError("--log-format %q: use json or text", logFormat)
			}
			if workers < 1 {
				return usageError("--workers %d: at least 1", workers)
			}
			if !demo && len(a.cfg.Serve.Connectors) == 0 {
				a.log.Warn("no connectors configured: nothing will be scanned until serve.connectors lists some (or run with --demo)")
			}
			lib, err := a.loadLibrary(ctx, libraryOptions{})
			if err != nil {
				return err
			}
			opts := serve.Options{Config: a.cfg, Library: lib, Listen: listen, Notice: a.io.Err, Log: a.log, Now: a.now, Workers: workers}
			if demo {
				d, err := serve.StartDemo(ctx, a.log)
				if err != nil {
					return err
				}
				defer d.Close()
				opts.Connectors, opts.Notifications, opts.RunOnStart = d.Connectors, d.Notifications, true
				// Coverage (M1) is judged against what the demo scans.
				if inv := &a.cfg.Inventory; len(inv.Accounts)+len(inv.Organizations)+len(inv.Clusters) == 0 {
					inv.Organizations = []string{serve.DemoOrganization}
				}
				if storeFlag == "" && !a.configuresStore() {
					dir, err := os.MkdirTemp("", "vigil-demo-store-")
					if err != nil {
						return err
					}
					defer os.RemoveAll(dir)
					storeFlag = filepath.Join(dir, "vigil.db")
				}
			}
			dsn, err := a.resolveDSN(storeFlag)
			if err != nil {
				return err
			}
			if dsn == "" {
				if dsn, err = defaultStorePath(); err != nil {
					return err
				}
			}
			st, shown, err := openDSN(ctx, dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			a.log.Info("store opened", "store", shown)
			opts.Store, opts.DSN = st, dsn
			if path := a.configPath; path != "" {
				opts.Reload = func() (*config.Config, error) { return config.Load(path) }
			}
			svc, err := serve.New(ctx, opts)
			if err != nil {
				return err
			}
			hup := make(chan os.Signal, 1)
			signal.Notify(hup, syscall.SIGHUP)
			defer signal.Stop(hup)
			go func() {
				for range hup {
					if _, err := svc.Reload(ctx); err != nil {
						a.log.Error("SIGHUP: the configuration was not reloaded; the service runs on the previous one", "err", err)
					}
				}
			}()
			return svc.Run(ctx)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&demo, "demo", false, "scan the bundled demo estate (a recorded AWS organization, example manifests)")
	fl.StringVar(&listen, "listen", "", "host:port to listen on (default: serve.listen, 127.0.0.1:8080)")
	fl.StringVar(&storeFlag, "store", "", storeFlagHelp)
	fl.StringVar(&logFormat, "log-format", "json", "log format on stderr: json or text")
	fl.IntVar(&workers, "workers", 2, "scans run at once")
	_ = cmd.RegisterFlagCompletionFunc("log-format", cobra.FixedCompletions([]string{"json", "text"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}
