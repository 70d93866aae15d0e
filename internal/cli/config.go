package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/internal/config"
)

// ownConfig marks commands that read the configuration themselves
// (config validate, config show): the root does not load it for them.
const ownConfig = "vigil/own-config"

// loadConfig reads --config (or VIGIL_CONFIG) into a.cfg; without one
// the defaults apply.
func (a *app) loadConfig() error {
	if a.configPath == "" {
		a.cfg = config.Default()
		return nil
	}
	cfg, err := config.Load(a.configPath)
	if err != nil {
		return configError(err)
	}
	a.log.Debug("configuration read", "file", cfg.File())
	a.cfg = cfg
	return nil
}

// configError is the exit error of a configuration that does not load:
// its mistakes one per line, each starting with file:line.
func configError(err error) error {
	var errs *config.Errors
	if errors.As(err, &errs) {
		return &exitError{code: ExitError, err: fmt.Errorf("the configuration file has mistakes (check it with vigil config validate):\n%v", err)}
	}
	return &exitError{code: ExitError, err: err}
}

// readsOwnConfig reports whether cmd or a parent is marked ownConfig,
// or is one a broken file must not break: cobra's shell completion and
// help, and version, which uses nothing the file holds.
func readsOwnConfig(cmd *cobra.Command) bool {
	for c := cmd; c != nil; c = c.Parent() {
		switch c.Name() {
		case "completion", "help", "version":
			return true
		}
		if c.Annotations[ownConfig] != "" {
			return true
		}
	}
	return false
}

func (a *app) configCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Check and show vigil.yaml, Vigil's configuration file",
		Long: `vigil.yaml configures what every command shares: the exception policy,
owners, criticality, due dates per severity, the findings store and the rule
parameters (allowed image registries, admin ports, key rotation days …, with
per-account and per-namespace overrides), and how reports are made (the
maximum scan age, the evidence signing key). Every command reads the file named
by --config or VIGIL_CONFIG; without one the defaults apply. Flags override
the file. See examples/vigil.yaml for every section.`,
		Example: `  vigil config validate vigil.yaml
  vigil --config vigil.yaml config show --format json
  VIGIL_CONFIG=vigil.yaml vigil scan k8s`,
		Args:        cobra.NoArgs,
		Annotations: map[string]string{ownConfig: "yes"},
		RunE:        func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.configValidateCommand(), a.configShowCommand())
	return cmd
}

// configFile is the file a config subcommand reads: its argument, else
// --config (or VIGIL_CONFIG).
func (a *app) configFile(args []string) string {
	if len(args) > 0 {
		return args[0]
	}
	return a.configPath
}

func (a *app) configValidateCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "validate [FILE]",
		Short: "Check a configuration file and list every mistake with its line",
		Long: `Check FILE (default: --config or VIGIL_CONFIG) against the schema: its
version, every key and value. Each mistake is printed on stderr as
file:line:column: what is wrong and what to write instead, all of them at
once. Secrets are not read: store.dsn's variable or file is checked when a
command uses it.

Exit codes: 0 valid, 2 invalid or unreadable.`,
		Example: `  vigil config validate vigil.yaml
  vigil config validate examples/vigil.yaml
  VIGIL_CONFIG=vigil.yaml vigil config validate`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: yamlFiles,
		RunE: func(cmd *cobra.Command, args []string) error {
			file := a.configFile(args)
			if file == "" {
				return usageError("no file to validate: give FILE, --config or VIGIL_CONFIG")
			}
			cfg, err := config.Load(file)
			if err != nil {
				var errs *config.Errors
				if errors.As(err, &errs) {
					fmt.Fprintln(a.io.Err, err)
					n := len(errs.List) + errs.More
					return &exitError{code: ExitError, err: fmt.Errorf("%s is not valid: %d %s", file, n, plural(n, "mistake", "mistakes"))}
				}
				return &exitError{code: ExitError, err: err}
			}
			_, err = fmt.Fprintf(a.io.Out, "%s: valid (version %d)\n", file, cfg.Version)
			return err
		},
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func (a *app) configShowCommand() *cobra.Command {
	var out *output
	cmd := &cobra.Command{
		Use:   "show [FILE]",
		Short: "Print the configuration in force, defaults filled in",
		Long: `Print the configuration read from FILE (default: --config or VIGIL_CONFIG;
neither: the defaults) with every default filled in, as YAML (itself a valid
vigil.yaml) or JSON. Secrets are printed as their reference ({env: NAME} or
{file: PATH}), never their value.`,
		Example: `  vigil config show
  vigil config show vigil.yaml --format json
  vigil --config vigil.yaml config show --output effective.yaml`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: yamlFiles,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := out.check(); err != nil {
				return err
			}
			cfg := config.Default()
			if file := a.configFile(args); file != "" {
				var err error
				if cfg, err = config.Load(file); err != nil {
					return configError(err)
				}
			}
			b, err := cfg.Marshal(out.format)
			if err != nil {
				return err
			}
			return a.writeOutput(out, func(w io.Writer, _ bool) error {
				_, err := w.Write(b)
				return err
			})
		},
	}
	out = outputFlags(cmd, config.Formats, strings.Join(config.Formats, ", "))
	return cmd
}

// yamlFiles completes YAML file names.
func yamlFiles(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return []string{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
}
