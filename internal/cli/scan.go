package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/internal/findings"
	"github.com/vigil-cspm/vigil/internal/inventory"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/internal/report"
	"github.com/vigil-cspm/vigil/internal/store"
)

// scanFlags are the flags every scan command shares.
type scanFlags struct {
	format        string
	output        string
	failOn        string
	framework     string
	policyDirs    []string
	store         string
	includeSystem bool
	allowNet      bool
}

func (f *scanFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVarP(&f.format, "format", "f", "table", "output format: table, json, sarif, markdown (a pull-request comment)")
	fl.StringVarP(&f.output, "output", "o", "", "write results to this file instead of stdout")
	fl.StringVar(&f.failOn, "fail-on", "", "exit 1 when an open finding is at or above this severity: critical, high, medium, low, info")
	fl.StringVar(&f.framework, "framework", "", "evaluate only the rules mapped to this framework (cis-kubernetes-1.12, pss-baseline, pss-restricted, cis-aws-7.0, cis-aws-5.0)")
	fl.StringSliceVar(&f.policyDirs, "policy-dir", nil, "directory of your own Rego rules, added to the library (repeatable)")
	fl.StringVar(&f.store, "store", "", "findings store: a SQLite file path or postgres://user:pass@host/db (default: ~/.local/share/vigil/vigil.db for live scans; IaC scans are stored only when set)")
	fl.BoolVar(&f.includeSystem, "include-system", false, "also report Kubernetes' own bootstrap and control-plane objects")
	registerAllowNet(fl, &f.allowNet)
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(report.FormatNames(), cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions([]string{"critical", "high", "medium", "low", "info"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("framework", cobra.FixedCompletions([]string{"cis-kubernetes-1.12", "pss-baseline", "pss-restricted", "cis-aws-7.0", "cis-aws-5.0"}, cobra.ShellCompDirectiveNoFileComp))
}

// library says which rules the scan loads.
func (f *scanFlags) library() libraryOptions {
	return libraryOptions{policyDirs: f.policyDirs, framework: f.framework, allowNetBuiltins: f.allowNet}
}

// validate checks flag values before any work starts.
func (f *scanFlags) validate() (report.Writer, model.Severity, error) {
	w, err := report.Lookup(f.format)
	if err != nil {
		return nil, 0, usageError("--format: %v", err)
	}
	var sev model.Severity
	if f.failOn != "" {
		sev, err = model.ParseSeverity(f.failOn)
		if err != nil {
			return nil, 0, usageError("--fail-on: %v", err)
		}
	}
	return w, sev, nil
}

func (a *app) scanCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scan",
		Short: "Scan a live cluster, an AWS account or organization, or manifests",
		Example: `  vigil scan iac examples/
  vigil scan k8s --context prod --fail-on high
  vigil scan aws --profile prod --regions eu-west-1,us-east-1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.scanK8sCommand(), a.scanAWSCommand(), a.scanIaCCommand())
	return cmd
}

// collected is what a source produced before evaluation.
type collected struct {
	scan      *model.Scan
	resources []*model.Resource
	// locate, when set, fills in the line of each finding's evidence.
	locate func([]model.Finding)
	// except, when set, applies inline exceptions (vigil:ignore) and
	// returns the malformed ones, which are input errors.
	except func([]model.Finding) []model.InputError
}

// newScan starts a scan record.
func newScan(source, account string) *model.Scan {
	var b [8]byte
	_, _ = rand.Read(b[:])
	now := time.Now().UTC()
	return &model.Scan{
		ID:        now.Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:]),
		StartedAt: now, Source: source, Account: account, Status: model.ScanComplete,
		Coverage: []model.Coverage{}, Errors: []model.InputError{},
	}
}

// evaluate runs the library over what was collected, records it when a
// store is given and writes the report; it returns the exit code.
func (a *app) evaluate(ctx context.Context, f *scanFlags, lib *library, c collected, useStore bool) error {
	w, threshold, err := f.validate()
	if err != nil {
		return err
	}
	inv, err := policy.NewInventory(c.resources)
	if err != nil {
		return fmt.Errorf("prepare inventory: %w", err)
	}
	// Pods, replica sets and jobs that run exactly what their controller
	// declares, rollout history, and replicas that repeat a sibling are
	// not evaluated again: what rules say of them is said once elsewhere.
	skipped := inv.Exclude(kube.NewControllerMatcher(inv.Graph()).Redundant)
	a.log.Debug("evaluating", "resources", len(c.resources), "redundant_workloads", skipped)
	results, err := lib.engine.Evaluate(ctx, inv)
	if err != nil {
		return err
	}
	c.scan.FinishedAt = time.Now().UTC()
	fopts := findings.Options{IncludeSystem: f.includeSystem, Now: c.scan.FinishedAt}
	fs := findings.Build(results, inv.Graph(), lib.frameworks, fopts)
	if c.locate != nil {
		c.locate(fs)
	}
	if c.except != nil {
		if bad := c.except(fs); len(bad) > 0 {
			c.scan.Errors = append(c.scan.Errors, bad...)
			c.scan.Status = model.ScanPartial
		}
		for _, f := range fs {
			if f.Exception != nil && f.Exception.Expired {
				a.log.Warn("inline exception expired; the finding is open again", "rule", f.RuleID, "at", fmt.Sprintf("%s:%d", f.Exception.File, f.Exception.Line), "expired", f.Exception.Expires.Format("2006-01-02"))
			}
		}
	}
	rep := &report.Report{Scan: c.scan, Resources: len(c.resources), Findings: fs, Rules: map[string]*model.RuleMeta{}, Version: a.version,
		Inconclusive: findings.Inconclusive(c.resources, lib.engine.Rules(), fs, lib.engine.Selected)}
	for _, r := range lib.engine.Rules() {
		rep.Rules[r.ID] = r
	}
	if useStore {
		st, path, err := openStore(ctx, f.store)
		if err != nil {
			return err
		}
		defer st.Close()
		related := map[string][]string{}
		evaluated := map[string]bool{}
		for _, r := range lib.engine.Rules() {
			related[r.ID] = r.RelatedTypes
			evaluated[r.ID] = lib.engine.Selected(r.ID)
		}
		out, err := st.Record(ctx, store.Record{Scan: c.scan, Resources: c.resources, Findings: fs, RelatedTypes: related, Evaluated: evaluated, Hidden: findings.Hidden(results, fopts)})
		if err != nil {
			return fmt.Errorf("record scan in %s: %w", path, err)
		}
		rep.Findings, rep.Resolved = out.Findings, out.Resolved
		a.log.Info("scan recorded", "store", path, "scan", c.scan.ID, "opened", out.Opened, "resolved", len(out.Resolved))
	}
	if f.framework != "" {
		fw, err := lib.frameworks.Lookup(f.framework)
		if err != nil {
			return usageError("--framework: %v", err)
		}
		rep.Frameworks = []report.FrameworkResult{{ID: fw.ID, Title: fw.Title, Version: fw.Version,
			Requirements: fw.Evaluate(rep.Findings, ruleCovered(c.scan, lib))}}
	}
	if err := a.write(f.output, func(out io.Writer, color bool) error {
		return w(out, rep, report.Options{Color: color})
	}); err != nil {
		return err
	}
	return a.exitCode(c.scan, rep.Findings, threshold)
}

// ruleCovered reports whether a live scan read every type a rule needs
// (its resource types and related types, cluster-wide). Manifest scans
// read whole files, so every rule counts as covered there.
func ruleCovered(scan *model.Scan, lib *library) func(string) bool {
	return func(id string) bool {
		if scan.Source == "iac" {
			return true
		}
		r, ok := lib.engine.Rule(id)
		if !ok {
			return false
		}
		for _, t := range append(append([]string{}, r.ResourceTypes...), r.RelatedTypes...) {
			if !scan.Covered(t, "") {
				return false
			}
		}
		return true
	}
}

func (a *app) exitCode(scan *model.Scan, fs []model.Finding, threshold model.Severity) error {
	for _, cov := range scan.Coverage {
		if cov.Status == model.CoverageDenied {
			a.log.Warn("scan is partial: a scope could not be read", "scope", cov.Scope, "reason", cov.Reason)
		}
	}
	if len(scan.Errors) > 0 {
		fmt.Fprintf(a.io.Err, "vigil: %d input(s) could not be read or parsed (files, or malformed vigil:ignore comments); the rest was scanned. First: %s\n", len(scan.Errors), scan.Errors[0].Error())
		return &exitError{code: ExitError}
	}
	if findings.Gate(fs, threshold) {
		return &exitError{code: ExitGate}
	}
	return nil
}

// write sends output to the --output file (atomically) or stdout. A
// path that is not a regular file (/dev/null, /dev/stdout, a named pipe)
// is written to directly: replacing it with a renamed file would turn
// /dev/null into a plain file, for every program on the machine when
// run as root.
func (a *app) write(output string, render func(io.Writer, bool) error) error {
	if output == "" || output == "-" {
		return render(a.io.Out, a.color(a.io.Out))
	}
	if fi, err := os.Stat(output); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return fmt.Errorf("--output %s is a directory: give a file path", output)
		}
		f, err := os.OpenFile(output, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("--output %s: %w", output, err)
		}
		if err := render(f, false); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("--output %s: %w", output, err)
		}
		return nil
	}
	tmp, err := os.CreateTemp(filepath.Dir(output), ".vigil-*")
	if err != nil {
		return fmt.Errorf("--output %s: %w", output, err)
	}
	if err := render(tmp, false); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("--output %s: %w", output, err)
	}
	if err := os.Rename(tmp.Name(), output); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("--output %s: %w", output, err)
	}
	return nil
}

// progress draws collection progress on stderr when it is a terminal.
func (a *app) progress(name string) inventory.ProgressFunc {
	if !a.progressEnabled() {
		return nil
	}
	start := time.Now()
	return func(done, total int, unit string) {
		elapsed := time.Since(start)
		eta := ""
		if done > 0 && done < total {
			eta = fmt.Sprintf(", about %s left", (elapsed / time.Duration(done) * time.Duration(total-done)).Round(time.Second))
		}
		fmt.Fprintf(a.io.Err, "\r\x1b[Kcollecting %s: %d/%d %s, %s%s", name, done, total, unit, elapsed.Round(100*time.Millisecond), eta)
		if done == total {
			fmt.Fprintln(a.io.Err)
		}
	}
}
