package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/exceptions"
	"github.com/vigil-cspm/vigil/internal/iac"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/report"
	"github.com/vigil-cspm/vigil/internal/store"
)

const storeFlagHelp = "store to use: a SQLite file path or postgres://… (default: the configuration's store.dsn, else ~/.local/share/vigil/vigil.db)"

// clock is the time exceptions' expiry is judged against.
func (a *app) clock() time.Time {
	if a.now != nil {
		return a.now()
	}
	return time.Now()
}

func (a *app) exceptionsCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "exceptions",
		Short: "Keep governed exceptions (accepted risks with an owner and an expiry) in the store",
		Long: `Exceptions are accepted risks written in a YAML file (version: 1, a list under
exceptions:, each with id, rule, resource selector, reason, owner, approved_by,
created and expires) and kept in the store, where every command reads them.
'sync' brings the store in line with the file and records the difference as
history; findings an unexpired exception matches are reported as excepted and
hidden from 'findings list' by default. Expiry is judged whenever findings are
read, so an exception lapses on time without a scan. expires - created may be
at most exceptions.max_ttl of vigil.yaml (default 90d).`,
		Example: `  vigil exceptions sync vigil-exceptions.yaml
  vigil exceptions list --format json
  vigil exceptions check --expiring-within 14d
  vigil exceptions history legacy-privileged`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(a.exceptionsSyncCommand(), a.exceptionsListCommand(), a.exceptionsCheckCommand(), a.exceptionsHistoryCommand())
	return cmd
}

// readExceptions parses an exceptions file under the configured policy;
// a malformed one is an input error (exit 2) naming file:line.
func (a *app) readExceptions(file string) ([]exceptions.Exception, error) {
	f, err := os.Open(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, usageError("exceptions file %s does not exist: check the path", file)
		}
		return nil, &exitError{code: ExitError, err: fmt.Errorf("read exceptions file: %w", err)}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, exceptions.MaxFileSize+1))
	if err != nil {
		return nil, &exitError{code: ExitError, err: fmt.Errorf("read exceptions file %s: %w", file, err)}
	}
	set, err := exceptions.Parse(file, data, time.Duration(a.cfg.Exceptions.MaxTTL))
	if err != nil {
		return nil, &exitError{code: ExitError, err: fmt.Errorf("the exceptions file has mistakes; nothing was changed:\n%v", err)}
	}
	return set, nil
}

// syncExceptions makes the file's set the store's and returns the
// differences.
func (a *app) syncExceptions(ctx context.Context, st store.Store, file string, set []exceptions.Exception, opts exceptions.SyncOptions) (exceptions.SyncResult, error) {
	res, err := exceptions.Sync(ctx, st, set, a.clock(), opts)
	if err != nil {
		if errors.Is(err, store.ErrConflict) {
			return res, fmt.Errorf("sync exceptions from %s: %w; the set kept changing while the sync ran (approvals through the API?): run the sync again", file, err)
		}
		return res, fmt.Errorf("sync exceptions from %s: %w", file, err)
	}
	return res, nil
}

func (a *app) exceptionsSyncCommand() *cobra.Command {
	var dsn string
	var prune bool
	var out *output
	cmd := &cobra.Command{
		Use:   "sync FILE",
		Short: "Make the store's exceptions those of FILE, recording what changed",
		Long: `Make the store's file-managed exceptions the ones FILE holds. Each
difference is recorded in the store's history and printed: added, removed,
widened (the exception now matches more: more stored open findings and none
fewer, or when the findings are the same, patterns that cover the old ones),
narrowed (the reverse), or changed. A malformed file is exit 2 and changes
nothing.

Exceptions approved through the service's API (vigil serve) are kept when
FILE does not hold them, and listed as kept; --prune removes them, making
FILE the whole set. An exception of FILE with the id of an approved one
takes it over: from then on the file manages it. The write is checked
against the set's version, so an approval made while the sync runs is
never lost unrecorded: the sync is prepared again from the new set.`,
		Example: `  vigil exceptions sync vigil-exceptions.yaml
  vigil exceptions sync vigil-exceptions.yaml --prune
  vigil exceptions sync vigil-exceptions.yaml --store postgres://vigil@db/vigil --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := out.check(); err != nil {
				return err
			}
			set, err := a.readExceptions(args[0])
			if err != nil {
				return err
			}
			st, _, err := a.openStore(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			res, err := a.syncExceptions(cmd.Context(), st, args[0], set, exceptions.SyncOptions{Prune: prune})
			if err != nil {
				return err
			}
			total := len(set) + len(res.Kept)
			return a.writeOutput(out, func(w io.Writer, _ bool) error {
				if out.format == "json" {
					if res.Changes == nil {
						res.Changes = []exceptions.Change{}
					}
					if res.Kept == nil {
						res.Kept = []string{}
					}
					return writeJSON(w, map[string]any{"schema_version": report.SchemaVersion, "exceptions": total,
						"changes": res.Changes, "kept_approved": res.Kept, "set_version": res.Version})
				}
				return changesTable(w, res, total)
			})
		},
	}
	cmd.Flags().StringVar(&dsn, "store", "", storeFlagHelp)
	cmd.Flags().BoolVar(&prune, "prune", false, "also remove exceptions approved through the API that FILE does not hold")
	out = outputFlags(cmd, tableJSON, "")
	return cmd
}

func changesTable(w io.Writer, res exceptions.SyncResult, total int) error {
	changes := res.Changes
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range changes {
		detail := ""
		switch {
		case c.Gained > 0 && c.Lost > 0:
			detail = fmt.Sprintf("+%d -%d findings", c.Gained, c.Lost)
		case c.Gained > 0:
			detail = fmt.Sprintf("+%d findings", c.Gained)
		case c.Lost > 0:
			detail = fmt.Sprintf("-%d findings", c.Lost)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", c.Event, c.ID, detail)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(res.Kept) > 0 {
		fmt.Fprintf(w, "kept %d %s approved through the API that the file does not hold (--prune removes them): %s\n",
			len(res.Kept), plural(len(res.Kept), "exception", "exceptions"), strings.Join(res.Kept, ", "))
	}
	_, err := fmt.Fprintf(w, "%d %s; %d %s in the store\n", len(changes), plural(len(changes), "change", "changes"), total, plural(total, "exception", "exceptions"))
	return err
}

// exceptionRow is one exception as list and check print it.
type exceptionRow struct {
	ID       string     `json:"id"`
	Source   string     `json:"source"` // file, inline, api (approved through the API)
	Rule     string     `json:"rule"`
	Owner    string     `json:"owner,omitempty"`
	Reason   string     `json:"reason"`
	Expires  *time.Time `json:"expires,omitempty"` // the last day it holds
	DaysLeft *int       `json:"days_left,omitempty"`
	State    string     `json:"state"` // active, expiring, expired, no expiry
	Matched  *int       `json:"matched_findings,omitempty"`
	File     string     `json:"file,omitempty"`
	Line     int        `json:"line,omitempty"`
}

// Exception states.
const (
	stateActive   = "active"
	stateExpiring = "expiring"
	stateExpired  = "expired"
	stateNoExpiry = "no expiry"
)

func fileRow(e *exceptions.Exception, now time.Time, within time.Duration) exceptionRow {
	days := e.DaysLeft(now)
	exp := e.Expires
	r := exceptionRow{ID: e.ID, Source: exceptions.SourceFile, Rule: e.Rule, Owner: e.Owner, Reason: e.Reason, Expires: &exp, DaysLeft: &days, State: stateActive, File: e.File, Line: e.Line}
	if e.Origin == store.ExceptionFromAPI {
		r.Source = store.ExceptionFromAPI
	}
	switch {
	case e.Expired(now):
		r.State = stateExpired
	case within > 0 && !now.Add(within).Before(e.End()):
		r.State = stateExpiring
	}
	return r
}

func exceptionsTable(w io.Writer, rows []exceptionRow, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tRULE\tOWNER\tEXPIRES\tDAYS LEFT\tSTATE\tMATCHED\tWHERE")
	for _, r := range rows {
		exp, days, matched := "-", "-", "-"
		if r.Expires != nil {
			exp = r.Expires.Format("2006-01-02")
		}
		if r.DaysLeft != nil {
			days = fmt.Sprint(*r.DaysLeft)
		}
		if r.Matched != nil {
			matched = fmt.Sprint(*r.Matched)
		}
		where := r.File
		if r.Source == store.ExceptionFromAPI && where == "" {
			where = "approved through the API"
		}
		if r.Line > 0 {
			where = fmt.Sprintf("%s:%d", r.File, r.Line)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Rule, orDash(r.Owner), exp, days, r.State, matched, where)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d %s (judged at %s)\n", len(rows), plural(len(rows), "exception", "exceptions"), now.UTC().Format(time.DateTime))
	return err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func (a *app) exceptionsListCommand() *cobra.Command {
	var dsn string
	var out *output
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the store's exceptions with owner, expiry, days left and matched findings",
		Example: `  vigil exceptions list
  vigil exceptions list --format json --output exceptions.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := out.check(); err != nil {
				return err
			}
			ctx := cmd.Context()
			st, _, err := a.openStore(ctx, dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			set, err := exceptions.Load(ctx, st)
			if err != nil {
				return err
			}
			open, err := st.Findings(ctx, store.Query{Status: model.StatusOpen})
			if err != nil {
				return err
			}
			now := a.clock()
			rows := make([]exceptionRow, 0, len(set))
			for i := range set {
				r := fileRow(&set[i], now, 0)
				n := exceptions.Matching(&set[i], open)
				r.Matched = &n
				rows = append(rows, r)
			}
			return a.writeOutput(out, func(w io.Writer, _ bool) error {
				if out.format == "json" {
					return writeJSON(w, map[string]any{"schema_version": report.SchemaVersion, "exceptions": rows})
				}
				return exceptionsTable(w, rows, now)
			})
		},
	}
	cmd.Flags().StringVar(&dsn, "store", "", storeFlagHelp)
	out = outputFlags(cmd, tableJSON, "")
	return cmd
}

func (a *app) exceptionsCheckCommand() *cobra.Command {
	var (
		dsn, within string
		iacPaths    []string
		out         *output
	)
	cmd := &cobra.Command{
		Use:   "check [FILE]",
		Short: "Exit 1 when an exception has expired or expires within a window",
		Long: `Check the exceptions of FILE (without FILE, the store's set) and the inline
"# vigil:ignore" comments under the --iac paths. Lists the exceptions that
have expired or expire within --expiring-within, and inline ones without an
until date as "no expiry" (an input error when vigil.yaml sets
exceptions.require_expiry: true).

Exit codes: 0 none expired or expiring, 1 some expired or expiring, 2 a
malformed file or inline comment.`,
		Example: `  vigil exceptions check
  vigil exceptions check vigil-exceptions.yaml --expiring-within 14d
  vigil exceptions check --iac deploy/ --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := out.check(); err != nil {
				return err
			}
			var window time.Duration
			if within != "" && within != "0" {
				d, err := config.ParseDuration(within)
				if err != nil {
					return usageError("--expiring-within: %v", err)
				}
				window = time.Duration(d)
			}
			ctx := cmd.Context()
			var set []exceptions.Exception
			var err error
			if len(args) == 1 {
				set, err = a.readExceptions(args[0])
			} else if len(iacPaths) == 0 || dsn != "" || a.configuresStore() {
				set, err = a.storedExceptions(ctx, dsn)
			}
			if err != nil {
				return err
			}
			inline, problems := inlineExceptions(iacPaths)
			if a.cfg.Exceptions.RequireExpiry {
				// The same check a scan makes; a failing file exits below.
				_, problems = iac.RequireExpiry(inline, problems)
			}
			if len(problems) > 0 {
				msgs := make([]string, len(problems))
				for i, p := range problems {
					msgs[i] = p.Error()
				}
				return &exitError{code: ExitError, err: fmt.Errorf("malformed inline exceptions:\n%s", strings.Join(msgs, "\n"))}
			}
			now := a.clock()
			var rows []exceptionRow
			failing := 0
			for i := range set {
				r := fileRow(&set[i], now, window)
				if r.State != stateActive {
					rows = append(rows, r)
					failing++
				}
			}
			for _, d := range inline {
				r := exceptionRow{ID: "-", Source: "inline", Rule: d.Rule, Reason: d.Reason, State: stateNoExpiry, File: d.File, Line: d.Line}
				if d.End != nil {
					last := d.End.AddDate(0, 0, -1)
					days := exceptions.DaysUntil(last, now)
					r.Expires, r.DaysLeft = &last, &days
					switch {
					case !now.Before(*d.End):
						r.State = stateExpired
					case window > 0 && !now.Add(window).Before(*d.End):
						r.State = stateExpiring
					default:
						continue
					}
					failing++
				}
				rows = append(rows, r)
			}
			err = a.writeOutput(out, func(w io.Writer, _ bool) error {
				if out.format == "json" {
					if rows == nil {
						rows = []exceptionRow{}
					}
					return writeJSON(w, map[string]any{"schema_version": report.SchemaVersion, "checked": len(set), "exceptions": rows})
				}
				return exceptionsTable(w, rows, now)
			})
			if err != nil {
				return err
			}
			if failing > 0 {
				return &exitError{code: ExitGate}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&dsn, "store", "", storeFlagHelp)
	fl.StringVar(&within, "expiring-within", "", "also fail on exceptions that expire within this span, e.g. 14d (default: only expired ones)")
	fl.StringArrayVar(&iacPaths, "iac", nil, "file or directory whose inline vigil:ignore comments to check (repeatable)")
	out = outputFlags(cmd, tableJSON, "")
	return cmd
}

// storedExceptions reads the store's exception set.
func (a *app) storedExceptions(ctx context.Context, dsn string) ([]exceptions.Exception, error) {
	st, _, err := a.openStore(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	return exceptions.Load(ctx, st)
}

// inlineExceptions reads the inline exceptions of the files under paths,
// skipping hidden directories and files larger than iac.DefaultMaxFileSize.
func inlineExceptions(paths []string) ([]model.Directive, []model.InputError) {
	var ds []model.Directive
	var problems []model.InputError
	for _, root := range paths {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				problems = append(problems, model.InputError{File: p, Message: err.Error()})
				return nil
			}
			if d.IsDir() {
				if p != root && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if info, err := d.Info(); err != nil || !info.Mode().IsRegular() || info.Size() > iac.DefaultMaxFileSize {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				problems = append(problems, model.InputError{File: p, Message: err.Error()})
				return nil
			}
			found, bad := iac.Directives(p, data, nil)
			ds, problems = append(ds, found...), append(problems, bad...)
			return nil
		})
		if err != nil {
			problems = append(problems, model.InputError{File: root, Message: err.Error()})
		}
	}
	sort.SliceStable(ds, func(i, j int) bool {
		return ds[i].File < ds[j].File || ds[i].File == ds[j].File && ds[i].Line < ds[j].Line
	})
	return ds, problems
}

func (a *app) exceptionsHistoryCommand() *cobra.Command {
	var dsn string
	var out *output
	cmd := &cobra.Command{
		Use:   "history [ID]",
		Short: "Show how the store's exceptions changed: added, removed, widened, narrowed, changed",
		Example: `  vigil exceptions history
  vigil exceptions history legacy-privileged --format json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := out.check(); err != nil {
				return err
			}
			id := ""
			if len(args) == 1 {
				id = args[0]
			}
			st, _, err := a.openStore(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			events, err := st.ExceptionHistory(cmd.Context(), id)
			if err != nil {
				return err
			}
			return a.writeOutput(out, func(w io.Writer, _ bool) error {
				if out.format == "json" {
					if events == nil {
						events = []store.ExceptionEvent{}
					}
					return writeJSON(w, map[string]any{"schema_version": report.SchemaVersion, "events": events})
				}
				tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
				fmt.Fprintln(tw, "AT\tEVENT\tEXCEPTION")
				for _, e := range events {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", e.At.Format(time.RFC3339), e.Event, e.ID)
				}
				return tw.Flush()
			})
		},
	}
	cmd.Flags().StringVar(&dsn, "store", "", storeFlagHelp)
	out = outputFlags(cmd, tableJSON, "")
	return cmd
}
