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

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/report"
	"github.com/vigil-cspm/vigil/internal/store"
)

func (a *app) findingsShowCommand() *cobra.Command {
	var dsn string
	var out *output
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show everything about one finding (ID or a unique prefix)",
		Long: `Show one finding whole: rule, severity, status, message, the resource (id,
type, account or cluster, namespace, labels, where it was read), the evidence
(attribute path and value, file:line), owner and due date, the exception that
applies, the risk score with every factor and the attack path, a combination's
member findings, the resources it is related to, the IaC that declares a live
resource (and the IaC findings that repeat it, or for an IaC duplicate the live
finding that is canonical), remediation, compliance requirements and history.

The ID is a fingerprint as findings list shows it, or any unique prefix. An
unknown ID, or a prefix several findings share (they are listed), is exit 2.`,
		Example: `  vigil findings show 3f2a9c1b
  vigil findings show 3f2a9c1b --format json
  vigil findings list --sort risk --limit 1 --format json | jq -r '.findings[0].id' | xargs vigil findings show`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := out.check(); err != nil {
				return err
			}
			prefix := strings.TrimSpace(args[0])
			if prefix == "" {
				return usageError("give a finding id or a prefix of one; see 'vigil findings list'")
			}
			st, _, err := a.openStore(cmd.Context(), dsn)
			if err != nil {
				return err
			}
			defer st.Close()
			match, known, err := a.judgeFindings(cmd.Context(), st, store.Query{IDPrefix: prefix})
			if err != nil {
				return err
			}
			switch len(match) {
			case 0:
				return usageError("no finding with id %q: list them with 'vigil findings list --all' (IDs are the first column), or scan again with --store", prefix)
			case 1:
			default:
				return usageError("id prefix %q matches %d findings; give more characters:\n%s", prefix, len(match), candidates(match))
			}
			d, err := a.describeFinding(cmd.Context(), st, match[0], known)
			if err != nil {
				return err
			}
			return a.writeOutput(out, func(w io.Writer, _ bool) error {
				if out.format == "json" {
					return writeJSON(w, d)
				}
				return d.text(w)
			})
		},
	}
	cmd.Flags().StringVar(&dsn, "store", "", "store to read: a SQLite file path or postgres://… (default: the configuration's store.dsn, else ~/.local/share/vigil/vigil.db)")
	out = outputFlags(cmd, tableJSON, "")
	return cmd
}

// candidates lists the findings an ambiguous prefix matches, ten at most.
func candidates(fs []model.Finding) string {
	var b strings.Builder
	for i, f := range fs {
		if i == 10 {
			fmt.Fprintf(&b, "  … and %d more", len(fs)-i)
			break
		}
		fmt.Fprintf(&b, "  %s  %s  %s\n", f.Fingerprint, f.RuleID, resourceName(f.Resource))
	}
	return strings.TrimRight(b.String(), "\n")
}

// findingDetail is the JSON document of findings show: the finding in the
// contract's shape (with risk and triage), its resource whole, its
// history, and the findings and resources it refers to, resolved.
type findingDetail struct {
	SchemaVersion int            `json:"schema_version"`
	Finding       any            `json:"finding"`
	Resource      detailResource `json:"resource"`
	History       []store.Event  `json:"history"`
	Members       []findingRef   `json:"members,omitempty"`
	DuplicateOf   *findingRef    `json:"duplicate_of,omitempty"`
	Duplicates    []findingRef   `json:"duplicates,omitempty"`
	Related       []relatedRef   `json:"related"`
	f             model.Finding
}

// detailResource is the finding's resource with its labels and relations.
type detailResource struct {
	report.JSONResource
	Labels map[string]string `json:"labels"`
	// Stored is false when the inventory no longer holds the resource
	// (a later scan did not see it): relations are then unknown.
	Stored bool `json:"stored"`
}

// findingRef names another finding.
type findingRef struct {
	ID       string `json:"id"`
	RuleID   string `json:"rule_id"`
	Severity string `json:"severity"`
	Status   string `json:"status"`
	Resource string `json:"resource_id"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
}

// relatedRef is a resource the finding's resource is related to: the
// finding's own related resource (relation "finding"), or an edge of the
// stored resource.
type relatedRef struct {
	Relation string `json:"relation"`
	ID       string `json:"id"`
	Type     string `json:"type,omitempty"`
	Name     string `json:"name,omitempty"`
}

func (a *app) describeFinding(ctx context.Context, st store.Store, f model.Finding, known []model.Finding) (*findingDetail, error) {
	events, err := st.History(ctx, f.Fingerprint)
	if err != nil {
		return nil, err
	}
	if events == nil {
		events = []store.Event{}
	}
	d := &findingDetail{SchemaVersion: report.SchemaVersion, Finding: report.FindingJSON(f), History: events, Related: []relatedRef{}, f: f}
	d.Resource.JSONResource = report.ResourceJSON(f.Resource)
	d.Resource.Labels = map[string]string{}
	if f.Resource != nil {
		for k, v := range f.Resource.Labels {
			d.Resource.Labels[k] = v
		}
	}
	byID := map[string]model.Finding{}
	for _, k := range known {
		byID[k.Fingerprint] = k
	}
	ref := func(id string) findingRef {
		k, ok := byID[id]
		if !ok {
			return findingRef{ID: id, Status: "unknown"}
		}
		r := findingRef{ID: id, RuleID: k.RuleID, Severity: k.Severity.String(), Status: k.Status}
		if k.Resource != nil {
			r.Resource, r.File, r.Line = k.Resource.ID, k.Resource.Source.File, k.Resource.Source.Line
		}
		return r
	}
	for _, m := range f.Members {
		d.Members = append(d.Members, ref(m))
	}
	if t := f.Triage; t != nil {
		if t.DuplicateOf != "" {
			r := ref(t.DuplicateOf)
			d.DuplicateOf = &r
		}
		for _, id := range t.Duplicates {
			d.Duplicates = append(d.Duplicates, ref(id))
		}
	}
	if f.Related != "" {
		d.Related = append(d.Related, a.relatedRef(ctx, st, "finding", f.Related))
	}
	if f.Resource != nil {
		res, err := st.Resource(ctx, f.Resource.ID)
		if err != nil {
			return nil, err
		}
		if res != nil {
			d.Resource.Stored = true
			rels := append([]model.Relation(nil), res.Relations...)
			sort.SliceStable(rels, func(i, j int) bool { return rels[i].Type < rels[j].Type })
			for _, r := range rels {
				d.Related = append(d.Related, a.relatedRef(ctx, st, r.Type, r.Target))
			}
		}
	}
	return d, nil
}

// relatedRef names a related resource, with its type and name when the
// inventory holds it.
func (a *app) relatedRef(ctx context.Context, st store.Store, relation, id string) relatedRef {
	r := relatedRef{Relation: relation, ID: id}
	if res, err := st.Resource(ctx, id); err == nil && res != nil {
		r.Type, r.Name = res.Type, res.Name
	}
	return r
}

// text writes the finding for people, one labelled section a line.
func (d *findingDetail) text(w io.Writer) error {
	f := d.f
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	line := func(label, format string, args ...any) {
		fmt.Fprintf(tw, "%s\t%s\n", label, fmt.Sprintf(format, args...))
	}
	status := statusOf(f)
	if f.ResolvedAt != nil {
		status += " at " + f.ResolvedAt.UTC().Format(time.DateTime)
	}
	line("Finding", "%s", f.Fingerprint)
	line("Rule", "%s — %s", f.RuleID, f.Title)
	line("Severity", "%s", f.Severity)
	line("Status", "%s", status)
	line("Message", "%s", f.Message)
	line("Seen", "first %s, last %s", f.FirstSeen.UTC().Format(time.DateTime), f.LastSeen.UTC().Format(time.DateTime))
	if r := f.Resource; r != nil {
		line("Resource", "%s (%s)", resourceName(r), r.Type)
		line("  id", "%s", r.ID)
		where := []string{}
		for _, kv := range [][2]string{{"account", r.Account}, {"region", r.Region}, {"namespace", r.Namespace}} {
			if kv[1] != "" {
				where = append(where, kv[0]+" "+kv[1])
			}
		}
		if len(where) > 0 {
			line("  in", "%s", strings.Join(where, ", "))
		}
		if len(r.Labels) > 0 {
			keys := make([]string, 0, len(r.Labels))
			for k := range r.Labels {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for i, k := range keys {
				keys[i] = k + "=" + r.Labels[k]
			}
			line("  labels", "%s", strings.Join(keys, ", "))
		}
		src := r.Source.Kind
		if r.Source.File != "" {
			src += " " + fileLine(r.Source.File, r.Source.Line)
		}
		if r.Source.Address != "" {
			src += " " + r.Source.Address
		}
		line("  source", "%s", src)
	}
	if ev := f.Evidence; ev.Path != "" || ev.Line > 0 {
		s := ev.Path
		if ev.Value != nil {
			s += fmt.Sprintf(" = %v", ev.Value)
		}
		if ev.Line > 0 {
			file := ev.File
			if file == "" && f.Resource != nil {
				file = f.Resource.Source.File
			}
			s += " at " + fileLine(file, ev.Line)
		}
		line("Evidence", "%s", strings.TrimSpace(s))
	}
	if t := f.Triage; t != nil {
		owner := "-"
		if t.Owner != "" {
			owner = t.Owner + " (" + t.OwnerFrom + ")"
		}
		line("Owner", "%s", owner)
		if t.Due != nil {
			due := t.Due.Format(time.DateOnly)
			if t.Overdue {
				due += " — OVERDUE"
			}
			line("Due", "%s", due)
		} else {
			line("Due", "none for %s findings", f.Severity)
		}
		if dl := t.DeclaredIn; dl != nil {
			s := fileLine(dl.File, dl.Line)
			if dl.Address != "" {
				s += " " + dl.Address
			}
			line("Declared in", "%s (linked by %s): fix it there", s, dl.By)
		}
	}
	if ex := f.Exception; ex != nil {
		s := ex.Source
		if ex.ID != "" {
			s = ex.ID
		}
		if ex.Owner != "" {
			s += ", owner " + ex.Owner
		}
		s += ": " + ex.Reason
		if ex.Expires != nil {
			s += ", expires " + ex.Expires.Format(time.DateOnly)
		} else {
			s += ", no expiry"
		}
		if ex.Expired {
			s += " (EXPIRED)"
		}
		line("Exception", "%s", s)
	}
	if r := f.Risk; r != nil {
		line("Risk", "%d", r.Score)
		for _, fa := range r.Factors {
			line("", "%+4d  %s: %s", fa.Points, fa.Name, fa.Detail)
		}
		if len(r.Path) > 0 {
			line("  path", "%s", strings.Join(r.Path, " → "))
		}
	} else {
		line("Risk", "not scored")
	}
	refs := func(label string, rs []findingRef) {
		for i, r := range rs {
			if i > 0 {
				label = ""
			}
			s := fmt.Sprintf("%s  %s  %s  %s", r.ID[:min(12, len(r.ID))], r.RuleID, r.Status, r.Resource)
			if r.File != "" {
				s += " (" + fileLine(r.File, r.Line) + ")"
			}
			line(label, "%s", s)
		}
	}
	refs("Members", d.Members)
	if d.DuplicateOf != nil {
		refs("Duplicate of", []findingRef{*d.DuplicateOf})
	}
	refs("Duplicates", d.Duplicates)
	for i, r := range d.Related {
		label := "Related"
		if i > 0 {
			label = ""
		}
		s := r.Relation + "  " + r.ID
		if r.Type != "" {
			s += " (" + r.Type + ")"
		}
		line(label, "%s", s)
	}
	if f.Remediation != "" {
		for i, l := range strings.Split(strings.TrimSpace(f.Remediation), "\n") {
			label := "Remediation"
			if i > 0 {
				label = ""
			}
			line(label, "%s", l)
		}
	}
	if len(f.Compliance) > 0 {
		var cs []string
		for _, c := range f.Compliance {
			cs = append(cs, c.Framework+" "+c.Control)
		}
		line("Compliance", "%s", strings.Join(cs, ", "))
	}
	for i, e := range d.History {
		label := "History"
		if i > 0 {
			label = ""
		}
		line(label, "%s  %s  scan %s", e.At.UTC().Format(time.RFC3339), e.Event, e.ScanID)
	}
	return tw.Flush()
}

func fileLine(file string, line int) string {
	if line > 0 {
		return fmt.Sprintf("%s:%d", file, line)
	}
	return file
}
