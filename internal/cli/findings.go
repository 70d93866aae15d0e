package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/report"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/triage"
)

func (a *app) findingsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "findings",
		Short: "Query the findings the store knows, with their history",
		Example: `  vigil findings list --status open --severity high
  vigil findings list --sort risk --group-by owner
  vigil findings show 3f2a…
  vigil findings history 3f2a…`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.findingsListCommand(), a.findingsShowCommand(), a.findingsHistoryCommand(), a.findingsMarkCommand())
	return cmd
}

func (a *app) findingsListCommand() *cobra.Command {
	var (
		q                            store.Query
		status, severity, dsn, owner string
		sortBy, groupBy              string
		all, overdue                 bool
		out                          *output
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List stored findings: the worst first, with owner and due date",
		Long: `List the findings in the store with their lifecycle (status: open, resolved,
excepted, false_positive; first and last seen; when resolved), their risk score, owner and
due date. Filters combine.

Judged when read, so a changed vigil.yaml or the passing of time counts
without a scan:
  - excepted: an unexpired exception of the store matches (vigil exceptions);
  - false_positive: a person marked it so (vigil findings mark);
  - owner: the resource's owner tag/label (owners.tag_keys), else the first
    owners.map entry that matches (account, cluster, namespace, path prefix);
  - due: first seen + due_dates[severity]; overdue: open and past it;
  - duplicate: an IaC finding whose live twin (same rule, the resource the IaC
    declares, tied by links: in vigil.yaml) is the canonical finding.

The table leaves out excepted and false-positive findings and IaC duplicates
unless --all (or --status excepted|false_positive); JSON and the other formats, read by tools and auditors,
always have them with their status and triage.

--sort risk puts the highest risk score first (unscored last, ties by
severity) and shows the factor that adds most to each. --group-by prints a
header per group (its count, worst severity and highest risk); in JSON the
document is {"groups": [{"key", "count", "worst_severity", "highest_risk",
"findings": [...]}]}, key "" for findings without one (no owner).`,
		Example: `  vigil findings list
  vigil findings list --sort risk --group-by owner
  vigil findings list --owner team-shop --overdue
  vigil findings list --all
  vigil findings list --status excepted
  vigil findings list --status open --severity high --sort due
  vigil findings list --group-by rule --format json --output by-rule.json
  vigil findings list --status open --format csv --output open.csv
  vigil findings list --rule k8s-privileged-container --namespace shop`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			switch status {
			case "", model.StatusOpen, model.StatusResolved, model.StatusExcepted, model.StatusFalsePositive:
			default:
				return usageError("--status %q: use open, resolved, excepted or false_positive", status)
			}
			if !slices.Contains(findingSorts, sortBy) {
				return usageError("--sort %q: use one of %s", sortBy, strings.Join(findingSorts, ", "))
			}
			if groupBy != "" && !slices.Contains(findingGroups, groupBy) {
				return usageError("--group-by %q: use one of %s", groupBy, strings.Join(findingGroups, ", "))
			}
			q.Status = status
			if status == model.StatusExcepted || status == model.StatusFalsePositive {
				q.Status = model.StatusOpen // stored open; judged on reading
			}
			// Judged, filtered and sorted first, then limited.
			limit := q.Limit
			q.Limit = 0
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
			if groupBy != "" && out.format != "table" && out.format != "json" {
				return usageError("--group-by works with --format table or json, not %s", out.format)
			}
			st, _, err := a.openStore(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			fs, _, err := a.judgeFindings(cmd.Context(), st, q)
			if err != nil {
				return err
			}
			// Only the table hides excepted findings and duplicates: the
			// other formats are read by tools and auditors.
			hide := status == "" && !all && out.format == "table"
			kept, hiddenEx, hiddenFP, hiddenDup := fs[:0], 0, 0, 0
			for _, f := range fs {
				switch {
				case status != "" && f.Status != status:
				case owner != "" && ownerOf(f) != owner:
				case overdue && (f.Triage == nil || !f.Triage.Overdue):
				case hide && f.Status == model.StatusExcepted:
					hiddenEx++
				case hide && f.Status == model.StatusFalsePositive:
					hiddenFP++
				case hide && duplicateOf(f) != "":
					hiddenDup++
				default:
					kept = append(kept, f)
				}
			}
			fs = kept
			sortFindings(fs, sortBy)
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
					if groupBy != "" {
						return writeJSON(w, groupsJSON(groupBy, sortBy, groupFindings(fs, groupBy, sortBy)))
					}
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
				opts := tableOptions{why: sortBy == "risk"}
				if groupBy == "" {
					if err := findingsTable(w, fs, opts); err != nil {
						return err
					}
				} else {
					for i, g := range groupFindings(fs, groupBy, sortBy) {
						if i > 0 {
							fmt.Fprintln(w)
						}
						sev, risk := g.worst()
						head := fmt.Sprintf("%s %s: %d %s, worst %s", groupBy, groupName(groupBy, g.Key), len(g.Findings), plural(len(g.Findings), "finding", "findings"), sev)
						if risk >= 0 {
							head += fmt.Sprintf(", highest risk %d", risk)
						}
						fmt.Fprintf(w, "== %s ==\n", head)
						if err := writeFindingsTable(w, g.Findings, opts); err != nil {
							return err
						}
					}
					fmt.Fprintf(w, "\n%d %s\n", len(fs), plural(len(fs), "finding", "findings"))
				}
				if hiddenEx > 0 {
					fmt.Fprintf(w, "%d excepted %s not shown (--all or --status excepted shows them)\n", hiddenEx, plural(hiddenEx, "finding", "findings"))
				}
				if hiddenFP > 0 {
					fmt.Fprintf(w, "%d false-positive %s not shown (--all or --status false_positive shows them)\n", hiddenFP, plural(hiddenFP, "finding", "findings"))
				}
				if hiddenDup > 0 {
					fmt.Fprintf(w, "%d IaC %s of live findings not shown (--all shows them)\n", hiddenDup, plural(hiddenDup, "duplicate", "duplicates"))
				}
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&status, "status", "", "only findings with this status: open, resolved, excepted, false_positive")
	fl.BoolVar(&all, "all", false, "also list excepted and false-positive findings and IaC duplicates in the table (JSON always has them)")
	fl.StringVar(&severity, "severity", "", "only findings at or above this severity")
	fl.StringVar(&q.RuleID, "rule", "", "only findings of this rule id")
	fl.StringVar(&q.Namespace, "namespace", "", "only findings in this namespace")
	fl.StringVar(&q.Account, "account", "", "only findings of this cluster/account")
	fl.StringVar(&q.Source, "source", "", "only findings of this source: k8s, aws, iac")
	fl.StringVar(&owner, "owner", "", "only findings this owner owns (as the OWNER column shows it)")
	fl.BoolVar(&overdue, "overdue", false, "only open findings past their due date")
	fl.StringVar(&sortBy, "sort", "severity", "order: "+strings.Join(findingSorts, ", ")+" (risk: highest score first; due: earliest first)")
	fl.StringVar(&groupBy, "group-by", "", "group by: "+strings.Join(findingGroups, ", ")+" (table and json)")
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
	_ = cmd.RegisterFlagCompletionFunc("sort", cobra.FixedCompletions(findingSorts, cobra.ShellCompDirectiveNoFileComp))
	_ = cmd.RegisterFlagCompletionFunc("group-by", cobra.FixedCompletions(findingGroups, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// findingByID reads the one finding whose id starts with prefix; none or
// several is a usage error saying what to do.
func (a *app) findingByID(ctx context.Context, st store.Store, prefix string) (model.Finding, error) {
	match, err := a.readFindings(ctx, st, store.Query{IDPrefix: prefix, Limit: 2})
	if err != nil {
		return model.Finding{}, err
	}
	switch len(match) {
	case 0:
		return model.Finding{}, usageError("no finding with id %q; see 'vigil findings list'", prefix)
	case 1:
		return match[0], nil
	}
	return model.Finding{}, usageError("id prefix %q matches several findings; give more characters", prefix)
}

// readFindings reads stored findings and judges them at the app's
// clock: exceptions, false-positive marks, owners, due dates and IaC–live
// links.
func (a *app) readFindings(ctx context.Context, st store.Store, q store.Query) ([]model.Finding, error) {
	fs, _, err := a.judgeFindings(ctx, st, q)
	return fs, err
}

// judgeFindings is readFindings, also returning every stored finding
// (the links are judged against them; q may have filtered some out).
func (a *app) judgeFindings(ctx context.Context, st store.Store, q store.Query) (fs, known []model.Finding, err error) {
	fs, err = st.Findings(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	set, err := exceptions.Load(ctx, st)
	if err != nil {
		return nil, nil, err
	}
	now := a.clock()
	exceptions.Apply(fs, set, now)
	marks, err := st.Marks(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	inForce := store.MarksInForce(marks, now)
	store.ApplyMarks(fs, inForce)
	known = fs
	if q != (store.Query{}) {
		if known, err = st.Findings(ctx, store.Query{}); err != nil {
			return nil, nil, err
		}
		exceptions.Apply(known, set, now)
		store.ApplyMarks(known, inForce)
	}
	triage.Apply(fs, a.cfg, now)
	triage.Link(fs, known, a.cfg)
	return fs, known, nil
}

func findingsTable(w io.Writer, fs []model.Finding, opts tableOptions) error {
	if err := writeFindingsTable(w, fs, opts); err != nil {
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
			f, err := a.findingByID(cmd.Context(), st, args[0])
			if err != nil {
				return err
			}
			events, err := st.History(cmd.Context(), f.Fingerprint)
			if err != nil {
				return err
			}
			marks, err := st.Marks(cmd.Context(), f.Fingerprint)
			if err != nil {
				return err
			}
			return a.writeOutput(out, func(w io.Writer, _ bool) error {
				if out.format == "json" {
					if marks == nil {
						marks = []store.Mark{}
					}
					return writeJSON(w, map[string]any{"schema_version": report.SchemaVersion, "finding": report.FindingJSON(f), "events": events, "marks": marks})
				}
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
