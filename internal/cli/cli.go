// Package cli is Vigil's command line and its one composition root: it
// wires sources, the engine, the store and the writers together. Commands
// live one per file; results go to stdout (or --output), logs and progress
// to stderr. Every flag has a VIGIL_<FLAG> environment variable; every
// command reads vigil.yaml (--config, VIGIL_CONFIG) before it runs, and
// its flags override the file.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/spf13/pflag"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/memgov"
	"golang.org/x/term"
)

// Exit codes.
const (
	ExitOK    = 0
	ExitGate  = 1 // a finding at or above --fail-on
	ExitError = 2 // usage, runtime or input error
)

// exitError carries an exit code through cobra.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError marks mistakes in how Vigil was called.
func usageError(format string, args ...any) error {
	return &exitError{code: ExitError, err: fmt.Errorf(format, args...)}
}

// IO is the process's standard streams.
type IO struct {
	In       io.Reader
	Out, Err io.Writer
}

// app holds what every command shares.
type app struct {
	io      IO
	log     *slog.Logger
	quiet   bool
	noColor bool
	level   string
	version string
	// configPath is --config (or VIGIL_CONFIG); cfg is what it holds,
	// or the defaults, once the root command's pre-run has read it.
	configPath string
	cfg        *config.Config
	// now is the clock scans are timed by and exceptions, marks and due
	// dates are judged against; nil is time.Now. Tests set it.
	now func() time.Time
}

// Version is set at build time with -ldflags "-X github.com/vigil-cspm/vigil/internal/cli.Version=…".
var Version = "dev"

// Main runs Vigil with args (without the program name) and returns the
// exit code.
func Main(ctx context.Context, args []string, std IO) int {
	defer memgov.Start()()
	return (&app{io: std, version: Version}).main(ctx, args)
}

// main runs the root command with args and returns the exit code.
func (a *app) main(ctx context.Context, args []string) int {
	std := a.io
	root := a.rootCommand()
	root.SetArgs(args)
	root.SetIn(std.In)
	root.SetOut(std.Out)
	root.SetErr(std.Err)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(std.Err, "vigil: %v\n", ee.err)
		}
		return ee.code
	}
	fmt.Fprintf(std.Err, "vigil: %v\n", err)
	if isUsage(err) {
		fmt.Fprintln(std.Err, "Run 'vigil --help' for usage.")
	}
	return ExitError
}

func isUsage(err error) bool {
	msg := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "accepts ", "requires at least", "invalid argument", "flag needs an argument"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "vigil",
		Short: "Cloud and Kubernetes security posture: one rule engine for live clusters, manifests and CI",
		Long: `Vigil reads AWS accounts and organizations, Kubernetes clusters, and
infrastructure as code (Kubernetes manifests, Terraform, CloudFormation),
evaluates them against one policy-as-code rule library mapped to CIS and the
Pod Security Standards, and tracks every finding from first seen to resolved.
The same rules run on live resources and on code before it is deployed.

Every flag can also be set in the environment as VIGIL_<FLAG> (VIGIL_FAIL_ON=high,
VIGIL_FORMAT=json …). Results go to stdout, logs and progress to stderr.

Settings shared across runs (exception policy, owners, due dates, the store,
rule parameters) live in vigil.yaml, read from --config or VIGIL_CONFIG
(see vigil config --help); flags override it.`,
		Example: `  # Scan the bundled example manifests
  vigil scan iac examples/

  # Scan a live cluster from your kubeconfig, fail on high or critical findings
  vigil scan k8s --fail-on high

  # Gate CI on rendered Helm output, writing SARIF for code scanning
  helm template ./chart | vigil scan iac - --format sarif --output vigil.sarif --fail-on high

  # Scan with the rule parameters and store of a configuration file
  vigil --config vigil.yaml scan k8s`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if err := applyEnv(cmd); err != nil {
				return err
			}
			if err := a.setup(); err != nil {
				return err
			}
			if readsOwnConfig(cmd) {
				return nil
			}
			return a.loadConfig()
		},
	}
	root.PersistentFlags().BoolVarP(&a.quiet, "quiet", "q", false, "no progress output on stderr")
	root.PersistentFlags().BoolVar(&a.noColor, "no-color", false, "never colour output (NO_COLOR is honoured too)")
	root.PersistentFlags().StringVar(&a.level, "log-level", "warn", "log level on stderr: debug, info, warn, error")
	root.PersistentFlags().StringVar(&a.configPath, "config", "", "configuration file, vigil.yaml (default: none, the defaults apply; see vigil config --help)")
	_ = root.MarkPersistentFlagFilename("config", "yaml", "yml")
	root.AddCommand(a.scanCommand(), a.awsCommand(), a.findingsCommand(), a.exceptionsCommand(), a.rulesCommand(), a.reportCommand(), a.configCommand(), a.serveCommand(), a.storeCommand(), a.deployCommand(), a.admissionCommand(), a.versionCommand())
	return root
}

func (a *app) setup() error {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(a.level)); err != nil {
		return usageError("--log-level %q: use debug, info, warn or error", a.level)
	}
	a.log = slog.New(slog.NewTextHandler(a.io.Err, &slog.HandlerOptions{Level: lvl}))
	return nil
}

// logLevel is --log-level, checked by setup.
func (a *app) logLevel() slog.Level {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(a.level))
	return lvl
}

// applyEnv sets every flag the user did not pass from VIGIL_<FLAG>
// (upper case, '-' as '_').
func applyEnv(cmd *cobra.Command) error {
	var err error
	set := func(f *pflag.Flag) {
		if err != nil || f.Changed {
			return
		}
		name := "VIGIL_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		v, ok := os.LookupEnv(name)
		if !ok {
			return
		}
		if sv, isSlice := f.Value.(pflag.SliceValue); isSlice {
			if e := sv.Replace(strings.Split(v, ",")); e != nil {
				err = usageError("%s=%q: %v", name, v, e)
			}
			f.Changed = true
			return
		}
		if e := f.Value.Set(v); e != nil {
			err = usageError("%s=%q: %v", name, v, e)
			return
		}
		f.Changed = true
	}
	cmd.Flags().VisitAll(set)
	cmd.InheritedFlags().VisitAll(set)
	return err
}

// color reports whether to colour output written to w.
func (a *app) color(w io.Writer) bool {
	if a.noColor || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progressEnabled reports whether progress may be drawn on stderr.
func (a *app) progressEnabled() bool {
	if a.quiet {
		return false
	}
	f, ok := a.io.Err.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print Vigil's version",
		Example: "  vigil version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(a.io.Out, "vigil %s\n", a.version)
			return err
		},
	}
}
