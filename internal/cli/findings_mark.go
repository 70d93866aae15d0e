package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/internal/report"
	"github.com/vigil-cspm/vigil/internal/store"
)

func (a *app) findingsMarkCommand() *cobra.Command {
	var (
		falsePositive, clear bool
		reason, by, dsn      string
		out                  *output
	)
	cmd := &cobra.Command{
		Use:   "mark ID --false-positive --reason TEXT",
		Short: "Mark a finding as a false positive (ID or a unique prefix), or clear the mark",
		Long: `Record a person's verdict on a finding: --false-positive says the rule is
wrong about this resource; --clear takes that back. The reason is required,
and the marker is --by, else $USER. Marks are appended to the finding's
history (vigil findings history), never rewritten; the newest one decides.

A finding marked false positive (and not cleared) reads with status
false_positive: the findings table leaves it out unless --all, JSON and the
audit formats keep it with the mark, --fail-on does not count it, and a
later scan that sees the finding again keeps the mark. A resolved finding
keeps its mark for when it reopens. vigil report metrics counts marks as the
false-positive rate (M8).`,
		Example: `  vigil findings mark 3f2a9c1b --false-positive --reason "bucket only serves CloudFront (SEC-42)"
  vigil findings mark 3f2a9c1b --false-positive --reason "test fixture" --by alice
  vigil findings mark 3f2a9c1b --clear --reason "the condition was removed; the finding is real"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if falsePositive == clear {
				return usageError("give one of --false-positive or --clear")
			}
			if strings.TrimSpace(reason) == "" {
				return usageError("--reason is required: say why, for whoever reads the finding next")
			}
			if by == "" {
				by = os.Getenv("USER")
			}
			if strings.TrimSpace(by) == "" {
				return usageError("--by is required when $USER is not set: say who marks the finding")
			}
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
			m := store.Mark{Fingerprint: f.Fingerprint, Kind: store.MarkFalsePositive, By: strings.TrimSpace(by), Reason: strings.TrimSpace(reason), At: a.clock().UTC()}
			if clear {
				if f.FalsePositive == nil {
					return usageError("finding %s is not marked false positive: nothing to clear", f.Fingerprint)
				}
				m.Kind = store.MarkCleared
			}
			if err := st.Mark(cmd.Context(), m); err != nil {
				return err
			}
			a.log.Info("finding marked", "id", f.Fingerprint, "mark", m.Kind, "by", m.By)
			return a.writeOutput(out, func(w io.Writer, _ bool) error {
				if out.format == "json" {
					return writeJSON(w, map[string]any{"schema_version": report.SchemaVersion, "mark": m})
				}
				what := "marked false positive"
				if clear {
					what = "false-positive mark cleared"
				}
				_, err := fmt.Fprintf(w, "%s %s: %s %s on %s by %s\n", f.Fingerprint, what, f.RuleID, f.Resource.Kind, qualified(f.Resource.Namespace, f.Resource.Name), m.By)
				return err
			})
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&falsePositive, "false-positive", false, "mark the finding as a false positive")
	fl.BoolVar(&clear, "clear", false, "clear the finding's false-positive mark")
	fl.StringVar(&reason, "reason", "", "why (required)")
	fl.StringVar(&by, "by", "", "who marks it (default: $USER)")
	fl.StringVar(&dsn, "store", "", storeFlagHelp)
	out = outputFlags(cmd, tableJSON, "")
	return cmd
}

// qualified is namespace/name, or the name alone.
func qualified(ns, name string) string {
	if ns == "" {
		return name
	}
	return ns + "/" + name
}
