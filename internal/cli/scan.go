package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/frameworks"
	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/inventory"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/internal/report"
	"github.com/vigil-cspm/vigil/internal/risk"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/triage"
)

// scanFlags are the flags every scan command shares.
type scanFlags struct {
	out           *output
	failOn        string
	framework     string
	policyDirs    []string
	store         string
	includeSystem bool
	allowNet      bool
	exceptions    string
}

func (f *scanFlags) register(cmd *cobra.Command) {
	var names, help []string
	for _, fm := range report.Formats() {
		names = append(names, fm.Name)
		help = append(help, fm.Name+" ("+fm.Help+")")
	}
	f.out = outputFlags(cmd, names, strings.Join(help, ", "))
	fl := cmd.Flags()
	fl.StringVar(&f.failOn, "fail-on", "", "exit 1 when an open finding is at or above this severity: critical, high, medium, low, info")
	fl.StringVar(&f.framework, "framework", "", "evaluate only the rules mapped to this framework, and report each of its requirements: "+strings.Join(frameworks.IDs(), ", "))
	fl.StringSliceVar(&f.policyDirs, "policy-dir", nil, "directory of your own Rego rules, added to the library (repeatable)")
	fl.StringVar(&f.store, "store", "", "findings store: a SQLite file path or postgres://user:pass@host/db (default: the configuration's store.dsn, else ~/.local/share/vigil/vigil.db for live scans; IaC scans are stored only when one is set)")
	fl.BoolVar(&f.includeSystem, "include-system", false, "also report Kubernetes' own bootstrap and control-plane objects")
	fl.StringVar(&f.exceptions, "exceptions", "", "exceptions file (see vigil exceptions --help): synced to the store first, as 'vigil exceptions sync' does; without a store, applied to this scan only")
	_ = cmd.MarkFlagFilename("exceptions", "yaml", "yml")
	registerAllowNet(fl, &f.allowNet)
	_ = cmd.RegisterFlagCompletionFunc("fail-on", cobra.FixedCompletions([]string{"critical", "high", "medium", "low", "info"}, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("framework", cobra.FixedCompletions(frameworks.IDs(), cobra.ShellCompDirectiveNoFileComp))
}

// library says which rules the scan loads.
func (f *scanFlags) library() libraryOptions {
	return libraryOptions{policyDirs: f.policyDirs, framework: f.framework, allowNetBuiltins: f.allowNet}
}

// validate checks flag values before any work starts.
func (f *scanFlags) validate() (model.Severity, error) {
	if err := f.out.check(); err != nil {
		return 0, err
	}
	var sev model.Severity
	if f.failOn != "" {
		s, err := model.ParseSeverity(f.failOn)
		if err != nil {
			return 0, usageError("--fail-on: %v", err)
		}
		sev = s
	}
	return sev, nil
}

func (a *app) scanCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "scan",
		Short: "Scan a live cluster, an AWS account or organization, or infrastructure as code",
		Example: `  vigil scan iac examples/
  vigil scan k8s --context prod --fail-on high
  vigil scan aws --profile prod --regions eu-west-1,us-east-1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	for _, s := range a.sources() {
		cmd.AddCommand(s)
	}
	return cmd
}

// loadLibrary loads the rule library for a command.
func (a *app) loadLibrary(ctx context.Context, opts libraryOptions) (*scan.Library, error) {
	lib, err := scan.LoadLibrary(ctx, scan.LibraryOptions{PolicyDirs: opts.policyDirs, Framework: opts.framework,
		AllowNetBuiltins: opts.allowNetBuiltins, Version: a.version})
	var perrs policy.Errors
	var ferr *scan.FrameworkError
	switch {
	case errors.As(err, &ferr):
		return nil, usageError("--framework: %v", ferr.Err)
	case errors.As(err, &perrs):
		return nil, &exitError{code: ExitError, err: fmt.Errorf("rules do not load:\n%v", err)}
	}
	return lib, err
}

// scanJob is what a scan command hands to runScan once its source is
// ready.
type scanJob struct {
	kind, account string
	source        scan.Source
	// store records the scan in the store (--store, or the default for
	// live scans).
	store bool
	// unread is the error when the scan read nothing at all.
	unread string
}

// runScan runs the pipeline over a source, streaming findings to the
// report, and returns the exit code as an error.
func (a *app) runScan(ctx context.Context, f *scanFlags, lib *scan.Library, job scanJob) error {
	threshold, err := f.validate()
	if err != nil {
		return err
	}
	format, err := report.Lookup(f.out.format)
	if err != nil {
		return usageError("--format: %v", err)
	}
	req := scan.Request{Kind: job.kind, Account: job.account, Source: job.source, Library: lib, Framework: f.framework,
		IncludeSystem: f.includeSystem, Log: a.log, Params: a.cfg.RuleParams(), Now: a.now,
		Criticality: func(r *model.Resource) (string, int) {
			l := string(a.cfg.CriticalityFor(r))
			return l, risk.CriticalityPoints(l)
		}}
	if f.exceptions != "" {
		// Read whole before anything is stored: a malformed file changes nothing.
		if req.Exceptions, err = a.readExceptions(f.exceptions); err != nil {
			return err
		}
	}
	var path string
	if job.store {
		st, p, err := a.openStore(ctx, f.store)
		if err != nil {
			return err
		}
		defer st.Close()
		req.Store, path = st, p
		if f.exceptions != "" {
			res, err := a.syncExceptions(ctx, st, f.exceptions, req.Exceptions, exceptions.SyncOptions{})
			if err != nil {
				return err
			}
			for _, c := range res.Changes {
				a.log.Info("exception synced", "event", c.Event, "id", c.ID, "gained", c.Gained, "lost", c.Lost)
			}
		}
		if req.Exceptions, err = exceptions.Load(ctx, st); err != nil {
			return err
		}
		marks, err := st.Marks(ctx, "")
		if err != nil {
			return err
		}
		req.FalsePositives = store.MarksInForce(marks, a.clock())
	}
	var res *scan.Result
	var stream report.Stream
	err = a.writeOutput(f.out, func(w io.Writer, color bool) error {
		stream = format.New(w, report.Options{Color: color, Version: lib.Version})
		req.Sink = triageSink{stream, a.cfg, a.clock()}
		var err error
		if res, err = scan.Run(ctx, req); err != nil {
			return err
		}
		return stream.End(res.Report(lib))
	})
	if err != nil {
		return err
	}
	if s, ok := stream.(report.Skipper); ok {
		a.warnSkipped(format.Name, s.Skipped())
	}
	if res.Rescored > 0 {
		a.log.Info("the risk of some findings changed once the whole scan was read; the output has the risk their scope knew, the store the final one", "findings", res.Rescored)
	}
	if req.Store != nil {
		a.log.Info("scan recorded", "store", path, "scan", res.Scan.ID, "opened", res.Opened, "resolved", len(res.Resolved))
	}
	if job.unread != "" && res.Unread() {
		return fmt.Errorf("%s (%s)", job.unread, firstReason(res.Scan))
	}
	return a.exitCode(res, threshold)
}

// triageSink gives each finding its owner and due date (from its stored
// first seen) on its way to the report. IaC–live links need the other
// scans' findings: findings list judges them.
type triageSink struct {
	next scan.Sink
	cfg  *config.Config
	now  time.Time
}

func (s triageSink) Findings(fs []model.Finding) error {
	triage.Apply(fs, s.cfg, s.now)
	return s.next.Findings(fs)
}

// warnSkipped says once, after the output, how many findings a format
// left out and why.
func (a *app) warnSkipped(format string, skipped map[string]int) {
	if len(skipped) == 0 {
		return
	}
	total, why := 0, []string{}
	for _, reason := range slices.Sorted(maps.Keys(skipped)) {
		total += skipped[reason]
		why = append(why, fmt.Sprintf("%d %s", skipped[reason], reason))
	}
	a.log.Warn("findings left out of the output", "format", format, "findings", total, "why", strings.Join(why, "; "))
}

func firstReason(s *model.Scan) string {
	if len(s.Coverage) > 0 {
		return s.Coverage[0].Reason
	}
	return "no coverage"
}

func (a *app) exitCode(res *scan.Result, threshold model.Severity) error {
	for _, cov := range res.Scan.Coverage {
		if cov.Status == model.CoverageDenied {
			a.log.Warn("scan is partial: a scope could not be read", "scope", cov.Scope, "reason", cov.Reason)
		}
	}
	for _, w := range res.Scan.Warnings {
		a.log.Warn("input read in a deprecated form", "at", w.Error())
	}
	if errs := res.Scan.Errors; len(errs) > 0 {
		fmt.Fprintf(a.io.Err, "vigil: %d input(s) could not be read or parsed (files, or malformed vigil:ignore comments); the rest was scanned. First: %s\n", len(errs), errs[0].Error())
		return &exitError{code: ExitError}
	}
	if res.Gate(threshold) {
		return &exitError{code: ExitGate}
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
