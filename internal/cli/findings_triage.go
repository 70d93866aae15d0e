package cli

import (
	"bufio"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/report"
)

// findingSorts are the orders of findings list --sort: the first is the
// default.
var findingSorts = []string{"severity", "risk", "due", "first-seen", "last-seen"}

// findingGroups are the keys of findings list --group-by.
var findingGroups = []string{"rule", "owner", "account", "resource"}

// sortFindings orders fs by one of findingSorts, keeping the store's
// order (severity, resource, rule) among equals:
// severity, highest first; risk, highest score first, unscored last,
// ties by severity; due, earliest first, none last; first-seen, oldest
// first (open the longest); last-seen, most recent first.
func sortFindings(fs []model.Finding, by string) {
	sev := func(i, j int) bool { return fs[i].Severity > fs[j].Severity }
	var less func(i, j int) bool
	switch by {
	case "risk":
		less = func(i, j int) bool {
			si, sj := riskScore(fs[i]), riskScore(fs[j])
			if si != sj {
				return si > sj
			}
			return sev(i, j)
		}
	case "due":
		less = func(i, j int) bool {
			di, dj := dueOf(fs[i]), dueOf(fs[j])
			switch {
			case di == nil || dj == nil:
				if (di == nil) != (dj == nil) {
					return dj == nil
				}
			case !di.Equal(*dj):
				return di.Before(*dj)
			}
			return sev(i, j)
		}
	case "first-seen":
		less = func(i, j int) bool { return fs[i].FirstSeen.Before(fs[j].FirstSeen) }
	case "last-seen":
		less = func(i, j int) bool { return fs[i].LastSeen.After(fs[j].LastSeen) }
	default:
		less = sev
	}
	sort.SliceStable(fs, less)
}

// riskScore is a finding's score, -1 when it has none (after every
// scored one).
func riskScore(f model.Finding) int {
	if f.Risk == nil {
		return -1
	}
	return f.Risk.Score
}

func dueOf(f model.Finding) *time.Time {
	if f.Triage == nil {
		return nil
	}
	return f.Triage.Due
}

func ownerOf(f model.Finding) string {
	if f.Triage == nil {
		return ""
	}
	return f.Triage.Owner
}

func duplicateOf(f model.Finding) string {
	if f.Triage == nil {
		return ""
	}
	return f.Triage.DuplicateOf
}

// group is the findings of one key of --group-by.
type group struct {
	Key      string
	Findings []model.Finding
}

// worst is the highest severity and the highest risk score (-1: none)
// of the group's findings.
func (g group) worst() (model.Severity, int) {
	var sev model.Severity
	risk := -1
	for _, f := range g.Findings {
		sev = max(sev, f.Severity)
		risk = max(risk, riskScore(f))
	}
	return sev, risk
}

// groupKey is what --group-by puts a finding under.
func groupKey(f model.Finding, by string) string {
	switch by {
	case "rule":
		return f.RuleID
	case "owner":
		return ownerOf(f)
	case "account":
		if f.Resource != nil {
			return f.Resource.Account
		}
	case "resource":
		if f.Resource != nil {
			return f.Resource.ID
		}
	}
	return ""
}

// groupFindings splits sorted findings by key, each group keeping their
// order. Groups come worst first: by highest risk when sorted by risk,
// else by worst severity; then by size, then key.
func groupFindings(fs []model.Finding, by, sortBy string) []group {
	index := map[string]int{}
	var gs []group
	for _, f := range fs {
		k := groupKey(f, by)
		i, ok := index[k]
		if !ok {
			i = len(gs)
			index[k] = i
			gs = append(gs, group{Key: k})
		}
		gs[i].Findings = append(gs[i].Findings, f)
	}
	sort.SliceStable(gs, func(i, j int) bool {
		si, ri := gs[i].worst()
		sj, rj := gs[j].worst()
		if sortBy == "risk" && ri != rj {
			return ri > rj
		}
		if si != sj {
			return si > sj
		}
		if len(gs[i].Findings) != len(gs[j].Findings) {
			return len(gs[i].Findings) > len(gs[j].Findings)
		}
		return gs[i].Key < gs[j].Key
	})
	return gs
}

// groupsDoc is the JSON document of findings list --group-by.
type groupsDoc struct {
	SchemaVersion int         `json:"schema_version"`
	GroupBy       string      `json:"group_by"`
	Sort          string      `json:"sort"`
	Groups        []groupJSON `json:"groups"`
}

// groupJSON is one group: its key ("" for findings without one: no
// owner, no account), its count, worst severity, highest risk score
// (absent when none is scored) and its findings in the contract's shape.
type groupJSON struct {
	Key           string `json:"key"`
	Count         int    `json:"count"`
	WorstSeverity string `json:"worst_severity"`
	HighestRisk   *int   `json:"highest_risk,omitempty"`
	Findings      []any  `json:"findings"`
}

func groupsJSON(by, sortBy string, gs []group) groupsDoc {
	doc := groupsDoc{SchemaVersion: report.SchemaVersion, GroupBy: by, Sort: sortBy, Groups: make([]groupJSON, 0, len(gs))}
	for _, g := range gs {
		sev, risk := g.worst()
		gj := groupJSON{Key: g.Key, Count: len(g.Findings), WorstSeverity: sev.String(), Findings: make([]any, 0, len(g.Findings))}
		for _, f := range g.Findings {
			gj.Findings = append(gj.Findings, report.FindingJSON(f))
		}
		if risk >= 0 {
			gj.HighestRisk = &risk
		}
		doc.Groups = append(doc.Groups, gj)
	}
	return doc
}

// groupName is a group's key for people.
func groupName(by, key string) string {
	if key != "" {
		return key
	}
	switch by {
	case "owner":
		return "(no owner)"
	case "account":
		return "(no account: IaC)"
	}
	return "(none)"
}

// tableOptions shape the findings table.
type tableOptions struct {
	// why adds the top risk factor after the score (--sort risk).
	why bool
}

// Column widths that keep a row within 120 columns (with a status of
// "open" or "overdue", a three-digit score and a date).
const (
	ruleWidth     = 25
	resourceWidth = 28
	ownerWidth    = 12
)

// writeFindingsTable writes the findings table's rows (no count). With
// opts.why a scored finding's top risk factor follows on a line of its
// own, starting under STATUS.
func writeFindingsTable(w io.Writer, fs []model.Finding, opts tableOptions) error {
	rows := [][]string{{"ID", "SEVERITY", "RISK", "STATUS", "RULE", "RESOURCE", "OWNER", "DUE"}}
	for _, f := range fs {
		risk := "-"
		if f.Risk != nil {
			risk = strconv.Itoa(f.Risk.Score)
		}
		owner := ownerOf(f)
		if owner == "" {
			owner = "-"
		}
		rows = append(rows, []string{f.Fingerprint[:12], f.Severity.String(), risk, listStatus(f),
			clip(f.RuleID, ruleWidth), clip(resourceName(f.Resource), resourceWidth), clip(owner, ownerWidth), dueCell(f)})
	}
	width := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	bw := bufio.NewWriter(w)
	for n, r := range rows {
		for i, c := range r {
			if i == len(r)-1 {
				bw.WriteString(c)
				break
			}
			bw.WriteString(c + strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)+2))
		}
		bw.WriteString("\n")
		if f := n - 1; opts.why && f >= 0 && fs[f].Risk != nil {
			indent := width[0] + width[1] + width[2] + 6
			fmt.Fprintf(bw, "%s↳ %s\n", strings.Repeat(" ", indent), clip(topFactor(fs[f].Risk), 120-indent-2))
		}
	}
	return bw.Flush()
}

// listStatus is the status column: statusOf ("overdue" for an open
// finding past its due date), with when a resolved finding was resolved
// and which finding an IaC duplicate repeats.
func listStatus(f model.Finding) string {
	s := statusOf(f)
	if f.Triage != nil && f.Triage.Overdue && s == model.StatusOpen {
		s = "overdue"
	}
	switch {
	case f.ResolvedAt != nil:
		s += " " + f.ResolvedAt.UTC().Format(time.DateOnly)
	case duplicateOf(f) != "":
		s += " (dup of " + duplicateOf(f)[:8] + ")"
	}
	return s
}

func dueCell(f model.Finding) string {
	d := dueOf(f)
	if d == nil {
		return "-"
	}
	return d.Format(time.DateOnly)
}

// topFactor is the risk factor that adds most besides severity, as
// "exposure: a LoadBalancer Service selects it"; severity's when it is
// the only one.
func topFactor(r *model.Risk) string {
	if r == nil || len(r.Factors) == 0 {
		return "-"
	}
	best := -1
	for i, fa := range r.Factors {
		if fa.Name == "severity" && len(r.Factors) > 1 {
			continue
		}
		if best < 0 || fa.Points > r.Factors[best].Points {
			best = i
		}
	}
	if best < 0 {
		best = 0
	}
	fa := r.Factors[best]
	if fa.Detail == "" {
		return fa.Name
	}
	return fa.Name + ": " + fa.Detail
}

// resourceName is "Kind namespace/name" (or "Kind name").
func resourceName(r *model.Resource) string {
	if r == nil {
		return "-"
	}
	kind := r.Kind
	if kind == "" {
		kind = r.Type
	}
	if r.Namespace != "" {
		return kind + " " + r.Namespace + "/" + r.Name
	}
	return kind + " " + r.Name
}

// clip shortens s to n runes, ending it with "…".
func clip(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	return string(rs[:n-1]) + "…"
}
