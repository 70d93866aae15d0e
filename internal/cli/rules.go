package cli

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/frameworks"
	"github.com/vigil-cspm/vigil/internal/compliance"
	"github.com/vigil-cspm/vigil/internal/iac"
	"github.com/vigil-cspm/vigil/internal/iac/awsadapt"
	iack8s "github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/params"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/internal/ruletest"
	"github.com/vigil-cspm/vigil/rules"
)

func (a *app) rulesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "List, show and test rules",
		Example: `  vigil rules list --framework cis-kubernetes-1.12
  vigil rules show k8s-privileged-container
  vigil rules test ./my-policies`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.rulesListCommand(), a.rulesShowCommand(), a.rulesTestCommand(), a.rulesTypesCommand(), a.rulesSchemaCommand())
	return cmd
}

type ruleJSON struct {
	ID            string                `json:"id"`
	Title         string                `json:"title"`
	Severity      string                `json:"severity"`
	ResourceTypes []string              `json:"resource_types"`
	Sources       []string              `json:"sources"`
	Compliance    []model.ComplianceRef `json:"compliance"`
	Description   string                `json:"description"`
	Remediation   string                `json:"remediation"`
	References    []string              `json:"references"`
	File          string                `json:"file"`
	// Evaluator is "plan" or "interpreter" (policy.Evaluator), with why
	// for the interpreter.
	Evaluator       string `json:"evaluator"`
	EvaluatorReason string `json:"evaluator_reason,omitempty"`
	// Parameters are the rule parameters it reads (vigil.yaml
	// rules.parameters), with their defaults.
	Parameters []paramJSON `json:"parameters"`
}

// paramJSON describes a rule parameter.
type paramJSON struct {
	Name        string `json:"name"`
	Type        string `json:"type"`
	Default     any    `json:"default"`
	Description string `json:"description"`
}

// ruleParams describes the parameters a rule reads.
func ruleParams(r *model.RuleMeta) []paramJSON {
	out := []paramJSON{}
	for _, name := range r.Parameters {
		if d, ok := params.Lookup(name); ok {
			out = append(out, paramJSON{Name: d.Name, Type: string(d.Kind), Default: d.Default, Description: d.Description})
		}
	}
	return out
}

// frameworkJSON names a framework and the version of it the library
// implements.
type frameworkJSON struct {
	ID      string `json:"id"`
	Title   string `json:"title"`
	Version string `json:"version"`
	// Checks counts its requirements: automated, manual, not covered.
	Checks compliance.Counts `json:"checks"`
}

func toRuleJSON(eng *policy.Engine, r *model.RuleMeta) ruleJSON {
	c := r.Compliance
	if c == nil {
		c = []model.ComplianceRef{}
	}
	refs := r.References
	if refs == nil {
		refs = []string{}
	}
	ev, why := eng.Evaluator(r.ID)
	return ruleJSON{ID: r.ID, Title: r.Title, Severity: r.Severity.String(), ResourceTypes: r.ResourceTypes, Sources: sourcesOf(r),
		Compliance: c, Description: r.Description, Remediation: r.Remediation, References: refs, File: r.File,
		Evaluator: string(ev), EvaluatorReason: why, Parameters: ruleParams(r)}
}

// sourcesOf lists where a rule can fire. Every rule fires on live
// resources and Kubernetes rules on manifests too. An AWS rule lists
// terraform and cloudformation when an adapter builds its types from
// those sources and its own fixtures show it firing there (a fail
// fixture in that format): a rule that needs account facts a template
// cannot declare, such as the root user's MFA, stays live only, and in
// IaC its check is reported inconclusive.
func sourcesOf(r *model.RuleMeta) []string {
	adapted := awsadapt.AdaptedTypes()
	tf, cf, k8s := false, false, false
	for _, t := range r.ResourceTypes {
		if strings.HasPrefix(t, "k8s.") {
			k8s = true
		}
		for _, src := range adapted[t] {
			tf = tf || strings.HasPrefix(src, "aws_")
			cf = cf || strings.HasPrefix(src, "AWS::")
		}
	}
	if tf || cf {
		fires := iacFixtureFormats(r)
		tf, cf = tf && fires["terraform"], cf && fires["cloudformation"]
	}
	out := []string{"live"}
	if k8s {
		out = append(out, "manifest")
	}
	if tf {
		out = append(out, "terraform")
	}
	if cf {
		out = append(out, "cloudformation")
	}
	return out
}

// iacFixtureFormats reports the IaC formats of a library rule's fail
// fixtures.
func iacFixtureFormats(r *model.RuleMeta) map[string]bool {
	out := map[string]bool{}
	if !strings.HasPrefix(r.File, rules.Prefix) {
		return out
	}
	dir := ruletest.FixtureDir(strings.TrimPrefix(r.File, rules.Prefix))
	entries, err := fs.ReadDir(rules.FS, dir)
	if err != nil {
		return out
	}
	for _, e := range entries {
		n := e.Name()
		if !strings.HasPrefix(n, "fail") {
			continue
		}
		switch {
		case strings.HasSuffix(n, ".tf"):
			out["terraform"] = true
		case strings.Contains(n, ".cfn."):
			out["cloudformation"] = true
		}
	}
	return out
}

func (a *app) rulesListCommand() *cobra.Command {
	var framework string
	var out *output
	var policyDirs []string
	var allowNet bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the rule library with ids, severities and compliance mappings",
		Long: `List the rules with their ids, severities, the sources they fire on, how
they are evaluated and the framework requirements they map to (and, in JSON,
the rule parameters each reads: vigil.yaml rules.parameters). The frameworks
and the version of each the library implements (for instance Kubernetes Pod
Security Standards v1.37) are named on stderr after the table, and in the
"frameworks" member of the JSON output, each with its requirement counts:
automated (rules decide it), manual (a person does; the note says why) and
not covered (configuration could decide it, no rule does yet). With
--framework, only that framework's rules, followed by its requirements and
their counts.`,
		Example: `  vigil rules list
  vigil rules list --framework pss-restricted
  vigil rules list --framework aws-fsbp | tail -1
  vigil rules list --format json | jq '.frameworks'
  vigil rules list --policy-dir ./my-policies --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := out.check(); err != nil {
				return err
			}
			lib, err := a.loadLibrary(cmd.Context(), libraryOptions{policyDirs: policyDirs, allowNetBuiltins: allowNet})
			if err != nil {
				return err
			}
			rules := lib.Engine.Rules()
			var reqs []string
			fws := lib.Frameworks.Frameworks()
			if framework != "" {
				fw, err := lib.Frameworks.Lookup(framework)
				if err != nil {
					return usageError("--framework: %v", err)
				}
				fws = []*compliance.Framework{fw}
				set := fw.RuleSet()
				var sel []*model.RuleMeta
				for _, r := range rules {
					if set[r.ID] {
						sel = append(sel, r)
					}
				}
				rules = sel
				for _, req := range fw.Requirements {
					reqs = append(reqs, fmt.Sprintf("%s\t%s\t%s\t%s", req.ID, req.Check(), strings.Join(req.Rules, ","), req.Title))
				}
			}
			implemented := make([]frameworkJSON, 0, len(fws))
			for _, fw := range fws {
				implemented = append(implemented, frameworkJSON{ID: fw.ID, Title: fw.Title, Version: fw.Version, Checks: fw.Counts()})
			}
			sort.Slice(implemented, func(i, j int) bool { return implemented[i].ID < implemented[j].ID })
			err = a.writeOutput(out, func(w io.Writer, _ bool) error {
				if out.format == "json" {
					out := make([]ruleJSON, 0, len(rules))
					for _, r := range rules {
						out = append(out, toRuleJSON(lib.Engine, r))
					}
					return writeJSON(w, map[string]any{"schema_version": 1, "rules": out, "frameworks": implemented})
				}
				tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSEVERITY\tSOURCES\tEVALUATOR\tCOMPLIANCE\tTITLE")
				for _, r := range rules {
					var refs []string
					for _, c := range r.Compliance {
						refs = append(refs, c.Framework+":"+c.Control)
					}
					ev, _ := lib.Engine.Evaluator(r.ID)
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Severity, strings.Join(sourcesOf(r), ","), ev, strings.Join(refs, " "), r.Title)
				}
				if err := tw.Flush(); err != nil {
					return err
				}
				fmt.Fprintf(w, "%d rules\n", len(rules))
				if len(reqs) > 0 {
					fmt.Fprintf(w, "\n%s requirements:\n", framework)
					tw = tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
					fmt.Fprintln(tw, "REQUIREMENT\tCHECK\tRULES\tTITLE")
					for _, r := range reqs {
						fmt.Fprintln(tw, r)
					}
					if err := tw.Flush(); err != nil {
						return err
					}
					fmt.Fprintf(w, "%s: %s\n", framework, fws[0].Counts())
				}
				return nil
			})
			if err != nil || out.format == "json" || a.quiet {
				return err
			}
			for _, fw := range implemented {
				fmt.Fprintf(a.io.Err, "framework %s: %s %s (%s)\n", fw.ID, fw.Title, fw.Version, fw.Checks)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&framework, "framework", "", "only rules mapped to this framework, and its requirements: "+strings.Join(frameworks.IDs(), ", "))
	_ = cmd.RegisterFlagCompletionFunc("framework", cobra.FixedCompletions(frameworks.IDs(), cobra.ShellCompDirectiveNoFileComp))
	cmd.Flags().StringSliceVar(&policyDirs, "policy-dir", nil, "also list your own rules from this directory")
	registerAllowNet(cmd.Flags(), &allowNet)
	out = outputFlags(cmd, tableJSON, "")
	return cmd
}

func (a *app) rulesShowCommand() *cobra.Command {
	var out *output
	cmd := &cobra.Command{
		Use:     "show RULE-ID",
		Short:   "Show one rule: description, remediation, references, mappings",
		Example: "  vigil rules show k8s-privileged-container",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := out.check(); err != nil {
				return err
			}
			lib, err := a.loadLibrary(cmd.Context(), libraryOptions{})
			if err != nil {
				return err
			}
			r, ok := lib.Engine.Rule(args[0])
			if !ok {
				return usageError("no rule %q; see 'vigil rules list'", args[0])
			}
			return a.writeOutput(out, func(w io.Writer, _ bool) error {
				if out.format == "json" {
					return writeJSON(w, toRuleJSON(lib.Engine, r))
				}
				fmt.Fprintf(w, "%s  [%s]\n%s\n\n%s\n\nApplies to: %s\n", r.ID, r.Severity, r.Title, r.Description, strings.Join(r.ResourceTypes, ", "))
				for _, c := range r.Compliance {
					fmt.Fprintf(w, "Compliance: %s %s\n", c.Framework, c.Control)
				}
				switch ev, why := lib.Engine.Evaluator(r.ID); {
				case why != "":
					fmt.Fprintf(w, "Evaluator: %s (%s)\n", ev, why)
				default:
					fmt.Fprintf(w, "Evaluator: %s\n", ev)
				}
				for _, p := range ruleParams(r) {
					fmt.Fprintf(w, "Parameter: %s (%s, default %v): %s\n", p.Name, p.Type, p.Default, p.Description)
				}
				fmt.Fprintf(w, "\nRemediation:\n%s\n", r.Remediation)
				for _, ref := range r.References {
					fmt.Fprintf(w, "See: %s\n", ref)
				}
				return nil
			})
		},
	}
	out = outputFlags(cmd, tableJSON, "")
	return cmd
}

func (a *app) rulesTypesCommand() *cobra.Command {
	var out *output
	cmd := &cobra.Command{
		Use:     "types",
		Short:   "List the resource types rules can target (each has a JSON Schema)",
		Example: "  vigil rules types\n  vigil rules types --format json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := out.check(); err != nil {
				return err
			}
			lib, err := a.loadLibrary(cmd.Context(), libraryOptions{})
			if err != nil {
				return err
			}
			types := lib.Engine.Types()
			sort.Strings(types)
			return a.writeOutput(out, func(w io.Writer, _ bool) error {
				if out.format == "json" {
					return writeJSON(w, map[string]any{"types": types})
				}
				for _, t := range types {
					fmt.Fprintln(w, t)
				}
				return nil
			})
		},
	}
	out = outputFlags(cmd, tableJSON, "")
	return cmd
}

func (a *app) rulesTestCommand() *cobra.Command {
	var out *output
	var allowNet bool
	cmd := &cobra.Command{
		Use:   "test DIR",
		Short: "Run your own Rego rules against their pass/fail fixtures",
		Long: `Load the rules in DIR (same format as Vigil's library: one rule per .rego file
with a METADATA header) together with the library, type-check them, and run
each against its fixtures: DIR/<area>/testdata/<rule-file-name>/pass*.yaml must
produce no finding of the rule and fail*.yaml at least one. A fixture is
evaluated with the rule parameters of <stem>.vigil.yaml beside it when there
is one (fail_strict.yaml: fail_strict.vigil.yaml), else the defaults. Exit 1
when a case fails, 2 when a rule does not load.`,
		Example: `  vigil rules test ./policies
  vigil rules test ./policies --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := args[0]
			if st, err := os.Stat(dir); err != nil || !st.IsDir() {
				return usageError("%s is not a directory of rules", dir)
			}
			lib, err := a.loadLibrary(cmd.Context(), libraryOptions{policyDirs: []string{dir}, allowNetBuiltins: allowNet})
			if err != nil {
				return err
			}
			prefix := strings.TrimSuffix(dir, "/") + "/"
			r := ruletest.Runner{Engine: lib.Engine, Parser: iack8s.NewParser(newNormalizer()), Cloud: iac.NewCloud(iac.CloudOptions{})}
			cases, err := r.Run(cmd.Context(), os.DirFS(dir), prefix)
			if err != nil {
				return err
			}
			failed := 0
			for _, c := range cases {
				if !c.Passed {
					failed++
				}
			}
			err = a.writeOutput(out, func(w io.Writer, _ bool) error {
				if out.format == "json" {
					return writeJSON(w, map[string]any{"cases": cases, "passed": len(cases) - failed, "failed": failed})
				}
				for _, c := range cases {
					mark := "PASS"
					if !c.Passed {
						mark = "FAIL"
					}
					fmt.Fprintf(w, "%s  %s  %s (%s)", mark, c.RuleID, c.File, c.Want)
					if c.Message != "" {
						fmt.Fprintf(w, ": %s", c.Message)
					}
					fmt.Fprintln(w)
				}
				_, err := fmt.Fprintf(w, "%d passed, %d failed\n", len(cases)-failed, failed)
				return err
			})
			if err != nil {
				return err
			}
			if len(cases) == 0 {
				return usageError("%s holds no rules with fixtures", dir)
			}
			if failed > 0 {
				return &exitError{code: ExitGate}
			}
			return nil
		},
	}
	out = outputFlags(cmd, tableJSON, "")
	registerAllowNet(cmd.Flags(), &allowNet)
	return cmd
}

func (a *app) rulesSchemaCommand() *cobra.Command {
	var out *output
	cmd := &cobra.Command{
		Use:   "schema TYPE",
		Short: "Print the JSON Schema of a resource type: the input a rule for it reads",
		Example: `  vigil rules schema k8s.apps.deployment
  vigil rules schema k8s.core.config_map --output config_map.schema.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lib, err := a.loadLibrary(cmd.Context(), libraryOptions{})
			if err != nil {
				return err
			}
			if err := out.check(); err != nil {
				return err
			}
			s, err := lib.Engine.Schema(args[0])
			if err != nil {
				return usageError("no resource type %q; see 'vigil rules types'", args[0])
			}
			return a.writeOutput(out, func(w io.Writer, _ bool) error {
				return writeJSON(w, s)
			})
		},
	}
	out = outputFlags(cmd, []string{"json"}, "json (a JSON Schema)")
	return cmd
}
