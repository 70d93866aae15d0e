package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/metrics"
	"github.com/vigil-cspm/vigil/internal/model"
)

func (a *app) reportMetricsCommand() *cobra.Command {
	var (
		since, dsn string
		out        *output
	)
	cmd := &cobra.Command{
		Use:   "metrics",
		Short: "The service-level indicators, from the store, with their trend",
		Long: `Compute Vigil's service-level indicators from the store for the window that
ends now (--since long), the window of the same length before it, and week by
week (JSON):

  M1 inventory coverage         scopes and IaC-declared AWS resources read / expected
  M2 critical-policy compliance (resource, critical/high rule) pairs passing
  M3 mean time to detect        resource created or changed → first finding
  M4 time to remediate          finding opened → resolved, median (p90 and per severity in JSON)
  M5 alert-to-action rate       pages sent (vigil serve) followed by a fix, exception, mark or ticket
  M7 policy drift rate          new live resources violating a rule on arrival
  M8 false-positive rate        findings opened in the window now marked false positive
  M9 scan latency               scan started → finished, median per source (p95 in JSON)

M6 (remediation success) is not measured yet.
Expected scopes come from vigil.yaml's inventory section. docs/metrics.md
defines each metric and its limits.`,
		Example: `  vigil report metrics
  vigil report metrics --since 7d
  vigil report metrics --since 90d --format json --output metrics.json
  vigil --config vigil.yaml report metrics --store postgres://vigil@db/vigil`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			window, err := config.ParseDuration(since)
			if err != nil {
				return usageError("--since: %v", err)
			}
			if err := out.check(); err != nil {
				return err
			}
			lib, err := a.loadLibrary(cmd.Context(), libraryOptions{})
			if err != nil {
				return err
			}
			st, _, err := a.openStore(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			rules := make([]*model.RuleMeta, 0, len(lib.Rules()))
			for _, r := range lib.Rules() {
				rules = append(rules, r)
			}
			sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
			inv := a.cfg.Inventory
			rep, err := metrics.Compute(cmd.Context(), metrics.Request{Store: st, Rules: rules, Now: a.clock(), Window: time.Duration(window),
				Expected: metrics.Expected{Accounts: inv.Accounts, Organizations: inv.Organizations, Clusters: inv.Clusters}})
			if err != nil {
				return err
			}
			return a.writeOutput(out, func(w io.Writer, _ bool) error {
				if out.format == "json" {
					return writeJSON(w, rep)
				}
				return metricsTable(w, rep, since)
			})
		},
	}
	cmd.Flags().StringVar(&since, "since", "30d", "the window's length, ending now: 7d, 2w, 30d, 36h …")
	cmd.Flags().StringVar(&dsn, "store", "", storeFlagHelp)
	out = outputFlags(cmd, tableJSON, "table, json (with a value per week and every breakdown)")
	return cmd
}

// metricsTable writes the metrics for people: value, previous window,
// trend, and the lines that explain them.
func metricsTable(w io.Writer, r *metrics.Report, since string) error {
	fmt.Fprintf(w, "Vigil metrics for %s (%s) · previous window %s\n\n", spanText(r.Window), since, spanText(r.Previous))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "METRIC\tVALUE\tPREVIOUS\tTREND\tBASIS")
	var notes []string
	for _, m := range r.Metrics {
		if m.NotMeasured != "" {
			fmt.Fprintf(tw, "%s %s\t-\t-\t\t%s\n", m.ID, m.Name, m.NotMeasured)
			continue
		}
		fmt.Fprintf(tw, "%s %s\t%s\t%s\t%s\t%s\n", m.ID, m.Name, valueText(m.Unit, m.Value), valueText(m.Unit, m.Previous), trendText(m), basisText(m.Detail))
		switch d := m.Detail.(type) {
		case metrics.RemediationDetail:
			for _, sev := range model.Severities() {
				if s, ok := d.BySeverity[sev.String()]; ok {
					fmt.Fprintf(tw, "   %s\t%s\t\t\tp90 %s, %d resolved\n", sev, valueText(metrics.Seconds, s.Median), valueText(metrics.Seconds, s.P90), s.Count)
				}
			}
		case metrics.LatencyDetail:
			for _, s := range d.Sources {
				fmt.Fprintf(tw, "   %s\t%s\t\t\tp95 %s, %d timed, %d failed\n", s.Source, valueText(metrics.Seconds, s.Median), valueText(metrics.Seconds, s.P95), s.Count, s.Failed)
			}
		case metrics.ReadinessDetail:
			for _, f := range d.Frameworks {
				fmt.Fprintf(tw, "   %s\t%s\t\t\t%d %s, last %s\n", f.Framework, valueText(metrics.Seconds, f.Median), f.Count, plural(f.Count, "bundle", "bundles"), f.Last.Format(time.DateOnly))
			}
		case metrics.CoverageDetail:
			for _, n := range d.NotCovered {
				notes = append(notes, "  "+n)
			}
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(notes) > 0 {
		fmt.Fprintf(w, "\nNot covered in the window (M1):\n%s\n", strings.Join(notes, "\n"))
	}
	return nil
}

func spanText(s metrics.Span) string {
	return s.From.UTC().Format("2006-01-02 15:04") + " → " + s.To.UTC().Format("2006-01-02 15:04") + " UTC"
}

// valueText writes a value in its unit; "-" when there is none.
func valueText(unit string, v *float64) string {
	switch {
	case v == nil:
		return "-"
	case unit == metrics.Percent:
		return fmt.Sprintf("%.1f%%", *v)
	default:
		return durationText(time.Duration(*v * float64(time.Second)))
	}
}

// durationText writes a duration the way people say it: 3d4h, 2h15m, 40s.
func durationText(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d >= 24*time.Hour:
		return fmt.Sprintf("%dd%dh", d/(24*time.Hour), (d%(24*time.Hour))/time.Hour)
	case d >= time.Hour:
		return fmt.Sprintf("%dh%dm", d/time.Hour, (d%time.Hour)/time.Minute)
	case d >= time.Minute:
		return fmt.Sprintf("%dm%ds", d/time.Minute, (d%time.Minute)/time.Second)
	default:
		return fmt.Sprintf("%ds", d/time.Second)
	}
}

// trendText is an arrow and the change: points for percentages, time
// for durations.
func trendText(m metrics.Metric) string {
	if m.Delta == nil {
		return ""
	}
	d := *m.Delta
	arrow := "→"
	switch {
	case d > 0:
		arrow = "↑"
	case d < 0:
		arrow = "↓"
	}
	if m.Unit == metrics.Percent {
		return fmt.Sprintf("%s %+.1f pts", arrow, d)
	}
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	return arrow + " " + sign + durationText(time.Duration(d*float64(time.Second)))
}

// basisText says what a value was computed from.
func basisText(detail any) string {
	switch d := detail.(type) {
	case metrics.CoverageDetail:
		return fmt.Sprintf("%d/%d scopes, %d/%d IaC-declared resources seen live", d.CoveredScopes, d.ExpectedScopes, d.DeclaredSeenLive, d.DeclaredResources)
	case metrics.ComplianceDetail:
		return fmt.Sprintf("%d failing of %d evaluations (%d rules)", d.Failing, d.Evaluations, d.Rules)
	case metrics.DetectionDetail:
		return fmt.Sprintf("%d timed of %d opened (%d without a timestamp)", d.Count, d.Opened, d.Untimed)
	case metrics.RemediationDetail:
		return fmt.Sprintf("%d resolved, p90 %s", d.Count, valueText(metrics.Seconds, d.P90))
	case metrics.AlertDetail:
		return fmt.Sprintf("%d acted on of %d pages (%d fixed, %d excepted, %d marked, %d ticketed)", d.Acted, d.Alerts, d.Fixed, d.Excepted, d.Marked, d.Ticketed)
	case metrics.DriftDetail:
		return fmt.Sprintf("%d violating of %d new resources", d.Violating, d.New)
	case metrics.FalsePositiveDetail:
		return fmt.Sprintf("%d marked of %d opened", d.Marked, d.Opened)
	case metrics.LatencyDetail:
		n, failed := 0, 0
		for _, s := range d.Sources {
			n += s.Count
			failed += s.Failed
		}
		return fmt.Sprintf("%d %s timed, %d failed", n, plural(n, "scan", "scans"), failed)
	case metrics.ReadinessDetail:
		n := 0
		for _, f := range d.Frameworks {
			n += f.Count
		}
		return fmt.Sprintf("%d evidence %s (vigil report evidence)", n, plural(n, "bundle", "bundles"))
	}
	return ""
}
