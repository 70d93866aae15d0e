package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/report"
	"github.com/vigil-cspm/vigil/internal/store"
)

func (a *app) findingsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "findings",
		Short: "Query the findings the store knows, with their history",
		Example: `  vigil findings list --status open --severity high
  vigil findings history 3f2a…`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.findingsListCommand(), a.findingsHistoryCommand(), a.findingsMarkCommand())
	return cmd
}

func (a *app) findingsListCommand() *cobra.Command {
	var (
		q                     store.Query
		status, severity, dsn string
		all                   bool
		out                   *output
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List stored findings",
		Long: `List the findings in the store with their lifecycle: status (open, resolved,
excepted, false_positive), first seen, last seen and when they were resolved.
Filters combine. A finding an unexpired exception of the store matches (see
vigil exceptions) is excepted, and one a person marked (vigil findings mark)
is a false positive, both judged now: the table leaves those out unless --all
or --status excepted|false_positive; JSON, kept for audit, always has them
with their status.`,
		Example: `  vigil findings list
  vigil findings list --all
  vigil findings list --status excepted
  vigil findings list --status open --severity high
  vigil findings list --status resolved --format json --output resolved.json
  vigil findings list --status open --format csv --output open.csv
  vigil findings list --rule k8s-privileged-container --namespace shop`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch status {
			case "", model.StatusOpen, model.StatusResolved, model.StatusExcepted, model.StatusFalsePositive:
			default:
				return usageError("--status %q: use open, resolved, excepted or false_positive", status)
			}
			q.Status = status
			if status == model.StatusExcepted || status == model.StatusFalsePositive {
				q.Status = model.StatusOpen // stored open; judged on reading
			}
			limit := q.Limit
			if status != model.StatusResolved {
				q.Limit = 0 // judged first, then limited
			}
			if severity != "" {
				s, err := model.ParseSeverity(severity)
				if err != nil {
					return usageError("--severity: %v", err)
				}
				q.MinSeverity = s
			}
			if err := out.check(); err != nil {
				return err
			}
			st, _, err := a.openStore(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			fs, err := a.readFindings(cmd.Context(), st, q)
			if err != nil {
				return err
			}
			// Only the table hides excepted findings: the other formats
			// are read by tools and auditors.
			hideExcepted := status == "" && !all && out.format == "table"
			kept, hidden, hiddenFP := fs[:0], 0, 0
			for _, f := range fs {
				switch {
				case status != "" && f.Status != status:
				case hideExcepted && f.Status == model.StatusExcepted:
					hidden++
				case hideExcepted && f.Status == model.StatusFalsePositive:
					hiddenFP++
				default:
					kept = append(kept, f)
				}
			}
			fs = kept
			if limit > 0 && len(fs) > limit {
				fs = fs[:limit]
			}
			var rules map[string]*model.RuleMeta
			if out.format != "table" && out.format != "json" {
				// SARIF and HTML describe the rules; the library names them.
				lib, err := a.loadLibrary(cmd.Context(), libraryOptions{})
				if err != nil {
					return err
				}
				rules = lib.Rules()
			}
			return a.writeOutput(out, func(w io.Writer, color bool) error {
				switch out.format {
				case "json":
					out := make([]any, 0, len(fs))
					for _, f := range fs {
						out = append(out, report.FindingJSON(f))
					}
					return writeJSON(w, map[string]any{"schema_version": report.SchemaVersion, "findings": out})
				case "table":
				default:
					format, err := report.Lookup(out.format)
					if err != nil {
						return err
					}
					stream := format.New(w, report.Options{Color: color, Version: a.version})
					if err := report.Render(stream, &report.Report{Findings: fs, Rules: rules, Version: a.version}); err != nil {
						return err
					}
					if sk, ok := stream.(report.Skipper); ok {
						a.warnSkipped(format.Name, sk.Skipped())
					}
					return nil
				}
				if err := findingsTable(w, fs); err != nil {
					return err
				}
				if hidden > 0 {
					if _, err := fmt.Fprintf(w, "%d excepted %s not shown (--all or --status excepted shows them)\n", hidden, plural(hidden, "finding", "findings")); err != nil {
						return err
					}
				}
				if hiddenFP > 0 {
					_, err := fmt.Fprintf(w, "%d false-positive %s not shown (--all or --status false_positive shows them)\n", hiddenFP, plural(hiddenFP, "finding", "findings"))
					return err
				}
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&status, "status", "", "only findings with this status: open, resolved, excepted, false_positive")
	fl.BoolVar(&all, "all", false, "also list excepted and false-positive findings in the table (JSON always has them)")
	fl.StringVar(&severity, "severity", "", "only findings at or above this severity")
	fl.StringVar(&q.RuleID, "rule", "", "only findings of this rule id")
	fl.StringVar(&q.Namespace, "namespace", "", "only findings in this namespace")
	fl.StringVar(&q.Account, "account", "", "only findings of this cluster/account")
	fl.StringVar(&q.Source, "source", "", "only findings of this source: k8s, iac")
	fl.IntVar(&q.Limit, "limit", 0, "at most this many findings (0: all)")
	var others []string
	for _, f := range report.FormatNames() {
		if f != "table" && f != "json" {
			others = append(others, f)
		}
	}
	out = outputFlags(cmd, append([]string{"table", "json"}, others...), "table, json (the findings only), or a scan format: "+strings.Join(others, ", "))
	fl.StringVar(&dsn, "store", "", "store to read: a SQLite file path or postgres://… (default: the configuration's store.dsn, else ~/.local/share/vigil/vigil.db)")
	_ = cmd.RegisterFlagCompletionFunc("status", cobra.FixedCompletions([]string{"open", "resolved", "excepted", "false_positive"}, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// readFindings reads stored findings and judges them by the store's
// exceptions and false-positive marks at the app's clock.
func (a *app) readFindings(ctx context.Context, st store.Store, q store.Query) ([]model.Finding, error) {
	fs, err := st.Findings(ctx, q)
	if err != nil {
		return nil, err
	}
	set, err := exceptions.Load(ctx, st)
	if err != nil {
		return nil, err
	}
	now := a.clock()
	exceptions.Apply(fs, set, now)
	marks, err := st.Marks(ctx, "")
	if err != nil {
		return nil, err
	}
	store.ApplyMarks(fs, store.MarksInForce(marks, now))
	return fs, nil
}

func findingsTable(w io.Writer, fs []model.Finding) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tSTATUS\tRULE\tRESOURCE\tFIRST SEEN\tLAST SEEN\tRESOLVED")
	for _, f := range fs {
		resolved := "-"
		if f.ResolvedAt != nil {
			resolved = f.ResolvedAt.Format(time.DateTime)
		}
		res := f.Resource.Kind + " " + f.Resource.Name
		if f.Resource.Namespace != "" {
			res = f.Resource.Kind + " " + f.Resource.Namespace + "/" + f.Resource.Name
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", f.Fingerprint[:12], f.Severity, statusOf(f), f.RuleID, res,
			f.FirstSeen.Format(time.DateTime), f.LastSeen.Format(time.DateTime), resolved)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d %s\n", len(fs), plural(len(fs), "finding", "findings"))
	return err
}

func (a *app) findingsHistoryCommand() *cobra.Command {
	var dsn string
	var out *output
	cmd := &cobra.Command{
		Use:     "history ID",
		Short:   "Show the lifecycle events of one finding (ID or a unique prefix)",
		Example: "  vigil findings history 3f2a9c1b\n  vigil findings history 3f2a9c1b --format json",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := out.check(); err != nil {
				return err
			}
			st, _, err := a.openStore(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			match, err := a.readFindings(cmd.Context(), st, store.Query{IDPrefix: args[0], Limit: 2})
			if err != nil {
				return err
			}
			switch len(match) {
			case 0:
				return usageError("no finding with id %q; see 'vigil findings list'", args[0])
			case 1:
			default:
				return usageError("id prefix %q matches several findings; give more characters", args[0])
			}
			events, err := st.History(cmd.Context(), match[0].Fingerprint)
			if err != nil {
				return err
			}
			marks, err := st.Marks(cmd.Context(), match[0].Fingerprint)
			if err != nil {
				return err
			}
			return a.writeOutput(out, func(w io.Writer, _ bool) error {
				if out.format == "json" {
					if marks == nil {
						marks = []store.Mark{}
					}
					return writeJSON(w, map[string]any{"schema_version": report.SchemaVersion, "finding": report.FindingJSON(match[0]), "events": events, "marks": marks})
				}
				f := match[0]
				fmt.Fprintf(w, "%s  %s  %s\n%s %s/%s\n%s\n\n", f.Fingerprint, f.Severity, f.RuleID, f.Resource.Kind, f.Resource.Namespace, f.Resource.Name, f.Message)
				tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "AT\tEVENT\tSCAN / BY")
				for _, row := range historyRows(events, marks) {
					fmt.Fprintln(tw, row)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&dsn, "store", "", "store to read: a SQLite file path or postgres://… (default: the configuration's store.dsn, else ~/.local/share/vigil/vigil.db)")
	out = outputFlags(cmd, tableJSON, "")
	return cmd
}

// historyRows are a finding's lifecycle events and marks in time order
// (an event before a mark of the same time), as table rows.
func historyRows(events []store.Event, marks []store.Mark) []string {
	type row struct {
		at   time.Time
		text string
	}
	var rows []row
	for _, e := range events {
		rows = append(rows, row{e.At, fmt.Sprintf("%s\t%s\t%s", e.At.UTC().Format(time.RFC3339), e.Event, e.ScanID)})
	}
	for _, m := range marks {
		what := "marked false positive"
		if m.Kind == store.MarkCleared {
			what = "false-positive mark cleared"
		}
		rows = append(rows, row{m.At, fmt.Sprintf("%s\t%s\t%s: %s", m.At.UTC().Format(time.RFC3339), what, m.By, m.Reason)})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].at.Before(rows[j].at) })
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.text
	}
	return out
}

// statusOf is a finding's status with the exception that decides it:
// "excepted (legacy-db)", "open (exception legacy-db expired)", or
// the person who marked a false positive: "false_positive (alice)".
func statusOf(f model.Finding) string {
	if m := f.FalsePositive; m != nil && f.Status == model.StatusFalsePositive {
		return f.Status + " (" + m.By + ")"
	}
	ex := f.Exception
	if ex == nil {
		return f.Status
	}
	name := ex.ID
	if name == "" {
		name = ex.Source
	}
	if ex.Expired {
		return f.Status + " (exception " + name + " expired)"
	}
	return f.Status + " (" + name + ")"
}
