package cli

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/store"
	"github.com/vigil-cspm/vigil/internal/store/sqlite"
)

func (a *app) storeCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "store",
		Short: "Look after the store: compact old history, back it up",
		Long: `Operate Vigil's store (the SQLite file or PostgreSQL database that keeps
scans, the inventory and findings with their history). docs/operating.md
says how to run Vigil for real: retention, backup and restore, upgrades.`,
		Example: `  vigil --config vigil.yaml store compact --dry-run
  vigil store backup --output /backups/vigil-$(date +%F).db`,
		Args: cobra.NoArgs,
	}
	cmd.AddCommand(a.storeCompactCommand(), a.storeBackupCommand())
	return cmd
}

func (a *app) storeCompactCommand() *cobra.Command {
	var (
		dsn    string
		dryRun bool
		out    *output
	)
	cmd := &cobra.Command{
		Use:   "compact",
		Short: "Remove history older than the configured retention",
		Long: `Remove history older than vigil.yaml's serve.retention.history (default 400d)
in one transaction: findings resolved before the cutoff with their events,
older events of the findings kept (all but the newest before the cutoff),
inventory no scan has seen since, scans nothing kept needs, report runs,
notifications sent or given up, what channels were told of findings no
longer kept, and IaC checks pushed for pull requests.

Never removed: open findings, exceptions and their history, false-positive
marks, the service's audit log, notifications still pending or retrying,
and anything a report judging a time inside the last audit period
(serve.retention.audit_period, default 365d) reads — each source and
account keeps its newest finished scan before the cutoff, each finding its
state at the cutoff.

--dry-run counts what would go and changes nothing. A SQLite file does not
shrink on disk until it is vacuumed: a backup (vigil store backup) is
always compact.`,
		Example: `  # What would go, with the retention of the configuration file
  vigil --config vigil.yaml store compact --dry-run

  # Compact, and keep the counts as JSON
  vigil --config vigil.yaml store compact --format json --output compact.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := out.check(); err != nil {
				return err
			}
			r := a.cfg.Serve.Retention
			now := a.clock()
			before, err := store.CompactBefore(now, time.Duration(r.History), time.Duration(r.AuditPeriod))
			if err != nil {
				return usageError("serve.retention: %v", err)
			}
			st, name, err := a.openStore(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			c, err := st.Compact(cmd.Context(), before, dryRun)
			if err != nil {
				return err
			}
			a.log.Info("store compacted", "store", name, "before", before, "dry_run", dryRun, "rows", c.Total())
			rep := compactReport{Compaction: c, History: r.History, AuditPeriod: r.AuditPeriod}
			return a.writeOutput(out, func(w io.Writer, _ bool) error {
				if out.format == "json" {
					return writeJSON(w, rep)
				}
				return compactTable(w, rep)
			})
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "count what would be removed; change nothing")
	cmd.Flags().StringVar(&dsn, "store", "", storeFlagHelp)
	out = outputFlags(cmd, tableJSON, "")
	return cmd
}

// compactReport is what store compact prints.
type compactReport struct {
	store.Compaction
	History     config.Duration `json:"history"`
	AuditPeriod config.Duration `json:"audit_period"`
}

func compactTable(w io.Writer, r compactReport) error {
	verb := "Removed"
	if r.DryRun {
		verb = "Would remove (dry run)"
	}
	fmt.Fprintf(w, "%s history before %s (retention %s, audit period %s)\n\n", verb, r.Before.Format(time.RFC3339), r.History, r.AuditPeriod)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tROWS")
	for _, row := range []struct {
		kind string
		n    int64
	}{
		{"scans", r.Scans}, {"resolved findings", r.Findings}, {"finding events", r.FindingEvents},
		{"resources", r.Resources}, {"report runs", r.ReportRuns},
		{"notification deliveries", r.Deliveries}, {"notification states", r.NotifyStates},
		{"pull request checks", r.IaCChecks},
		{"admission decisions", r.AdmissionDecisions},
	} {
		fmt.Fprintf(tw, "%s\t%d\n", row.kind, row.n)
	}
	fmt.Fprintf(tw, "total\t%d\n", r.Total())
	return tw.Flush()
}

func (a *app) storeBackupCommand() *cobra.Command {
	var dsn, dest, format string
	cmd := &cobra.Command{
		Use:   "backup --output FILE",
		Short: "Write a consistent, verified copy of the SQLite store",
		Long: `Copy the SQLite store to --output while scans and the service may keep
writing: the copy is one snapshot of the database (SQLite's VACUUM INTO),
checked (integrity check, schema, every table counted) before it replaces
--output, so --output is always either the previous backup or a good new one.
The store is not migrated first: a backup taken before an upgrade keeps the
old schema, and the new release migrates it when it opens it.

With --output -, the verified copy itself goes to stdout and the summary
to stderr: the way to take a backup out of a container that has no shell.
Restore by stopping Vigil and copying the backup over the store file.

A PostgreSQL store is backed up with PostgreSQL's own pg_dump: this command
prints the exact command and exits 2. docs/operating.md shows backup and
restore for both.`,
		Example: `  vigil store backup --output /backups/vigil.db
  vigil store backup --store /var/lib/vigil/vigil.db --output vigil-$(date +%F).db --format json

  # From the pod of vigil deploy manifests (the image has no shell)
  kubectl -n vigil exec deploy/vigil -- vigil store backup --output - > vigil-backup.db`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "table" && format != "json" {
				return usageError("--format %q: use table or json", format)
			}
			if dest == "" {
				return usageError("--output: give the file to write the backup to")
			}
			raw, err := a.resolveDSN(dsn)
			if err != nil {
				return err
			}
			if isPostgres(raw) {
				return usageError("a PostgreSQL store is backed up with pg_dump, not by Vigil; run (the password from PGPASSWORD or ~/.pgpass):\n  pg_dump --format=custom --no-owner --file=%s '%s'\nand restore into an empty database with:\n  pg_restore --no-owner --dbname='%s' %s", shellQuote(dest), withoutPassword(raw), withoutPassword(raw), shellQuote(dest))
			}
			src, err := sqlitePath(raw)
			if err != nil {
				return err
			}
			w, file := a.io.Out, dest
			if dest == "-" {
				// The copy itself goes to stdout (kubectl exec … > file):
				// written and verified beside the temporary files first.
				tmp, err := os.MkdirTemp("", "vigil-backup-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(tmp)
				w, file = a.io.Err, filepath.Join(tmp, "vigil.db")
			}
			c, err := sqlite.Backup(cmd.Context(), src, file)
			if err != nil {
				return &exitError{code: ExitError, err: err}
			}
			if dest == "-" {
				if err := copyFile(a.io.Out, file); err != nil {
					return fmt.Errorf("write the backup to stdout: %w", err)
				}
				c.Path = "-"
			}
			if format == "json" {
				return writeJSON(w, struct {
					Store string `json:"store"`
					*sqlite.Check
				}{src, c})
			}
			fmt.Fprintf(w, "Backed up %s to %s: %d bytes, schema %d, integrity %s\n\n", src, c.Path, c.Bytes, c.Schema, c.Integrity)
			tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "TABLE\tROWS")
			for _, r := range c.Rows {
				fmt.Fprintf(tw, "%s\t%d\n", r.Table, r.Rows)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVarP(&dest, "output", "o", "", "the backup file to write (replaced only once the new copy is verified); - for stdout")
	cmd.Flags().StringVarP(&format, "format", "f", "table", "how to print the verified copy's summary on stdout: table, json")
	cmd.Flags().StringVar(&dsn, "store", "", storeFlagHelp)
	_ = cmd.RegisterFlagCompletionFunc("format", cobra.FixedCompletions(tableJSON, cobra.ShellCompDirectiveNoFileComp))
	return cmd
}

// copyFile writes the file at path to w.
func copyFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

// withoutPassword is dsn without its password, for a command to show.
func withoutPassword(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	u.User = url.User(u.User.Username())
	return u.String()
}

// shellQuote quotes p for a POSIX shell when it needs it.
func shellQuote(p string) string {
	for _, c := range p {
		if !(c == '/' || c == '.' || c == '-' || c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return "'" + strings.ReplaceAll(p, "'", `'\''`) + "'"
		}
	}
	return p
}
