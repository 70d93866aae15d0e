package report

import (
	"fmt"
	"io"
	"time"

	"github.com/vigil-cspm/vigil/internal/findings"
	"github.com/vigil-cspm/vigil/internal/model"
)

// jsonDoc is the shape of the JSON document jsonStream writes (its
// members in another order).
type jsonDoc struct {
	SchemaVersion int           `json:"schema_version"`
	Scan          jsonScan      `json:"scan"`
	Summary       jsonSummary   `json:"summary"`
	Findings      []jsonFinding `json:"findings"`
	// Frameworks appears when the scan was asked about a framework.
	Frameworks []FrameworkResult `json:"frameworks,omitempty"`
	// Inconclusive lists checks that could not judge a resource.
	Inconclusive []model.Inconclusive `json:"inconclusive,omitempty"`
}

type jsonScan struct {
	ID         string             `json:"id"`
	StartedAt  time.Time          `json:"started_at"`
	FinishedAt time.Time          `json:"finished_at"`
	Source     string             `json:"source"`
	Account    string             `json:"account,omitempty"`
	Status     string             `json:"status"`
	Coverage   []model.Coverage   `json:"coverage"`
	Errors     []model.InputError `json:"errors"`
	// Health (cloud scans): API calls, throttled calls and errors per
	// service. A compatible addition to contract v1.
	Health []model.ServiceHealth `json:"health,omitempty"`
	// RulesVersion and RulesHash identify the rule library (compatible
	// additions to contract v1).
	RulesVersion string `json:"rules_version,omitempty"`
	RulesHash    string `json:"rules_hash,omitempty"`
}

type jsonSummary struct {
	Resources  int            `json:"resources"`
	Findings   int            `json:"findings"`
	BySeverity map[string]int `json:"by_severity"`
	Resolved   int            `json:"resolved"`
}

type jsonFinding struct {
	ID          string                `json:"id"`
	RuleID      string                `json:"rule_id"`
	Title       string                `json:"title"`
	Severity    string                `json:"severity"`
	Status      string                `json:"status"`
	Message     string                `json:"message"`
	Evidence    model.Evidence        `json:"evidence"`
	Remediation string                `json:"remediation"`
	Compliance  []model.ComplianceRef `json:"compliance"`
	Resource    JSONResource          `json:"resource"`
	Related     string                `json:"related,omitempty"`
	FirstSeen   time.Time             `json:"first_seen"`
	LastSeen    time.Time             `json:"last_seen"`
	ResolvedAt  *time.Time            `json:"resolved_at,omitempty"`
	Exception   *model.Exception      `json:"exception,omitempty"`
	// Risk, Members, Triage and FalsePositive are compatible additions to
	// contract v1: the score with its factors, a combination's member
	// findings, the owner, due date and IaC–live links judged when
	// findings are read (package triage), and a false positive's mark.
	Risk          *model.Risk   `json:"risk,omitempty"`
	Members       []string      `json:"members,omitempty"`
	Triage        *model.Triage `json:"triage,omitempty"`
	FalsePositive *model.Mark   `json:"false_positive,omitempty"`
}

// JSONResource is a finding's resource in the JSON contract.
type JSONResource struct {
	ID        string     `json:"id"`
	Type      string     `json:"type"`
	Provider  string     `json:"provider"`
	Account   string     `json:"account"`
	Region    string     `json:"region"`
	Namespace string     `json:"namespace"`
	Name      string     `json:"name"`
	Kind      string     `json:"kind"`
	Address   string     `json:"address"`
	Source    jsonSource `json:"source"`
}

type jsonSource struct {
	Kind      string          `json:"kind"`
	File      string          `json:"file,omitempty"`
	Line      int             `json:"line,omitempty"`
	DefinedIn *model.Location `json:"defined_in,omitempty"`
}

// FindingJSON converts a finding to its JSON contract shape.
func FindingJSON(f model.Finding) any { return toJSONFinding(f) }

func toJSONFinding(f model.Finding) jsonFinding {
	jf := jsonFinding{
		ID: f.Fingerprint, RuleID: f.RuleID, Title: f.Title, Severity: f.Severity.String(), Status: f.Status,
		Message: f.Message, Evidence: f.Evidence, Remediation: f.Remediation, Compliance: f.Compliance,
		Related: f.Related, FirstSeen: f.FirstSeen, LastSeen: f.LastSeen, ResolvedAt: f.ResolvedAt,
		Exception: f.Exception, Risk: f.Risk, Members: f.Members, Triage: f.Triage, FalsePositive: f.FalsePositive,
	}
	if jf.Compliance == nil {
		jf.Compliance = []model.ComplianceRef{}
	}
	jf.Resource = ResourceJSON(f.Resource)
	return jf
}

// ResourceJSON converts a finding's resource to its JSON contract shape
// (the zero shape for nil).
func ResourceJSON(r *model.Resource) JSONResource {
	if r == nil {
		return JSONResource{}
	}
	return JSONResource{
		ID: r.ID, Type: r.Type, Provider: r.Provider, Account: r.Account, Region: r.Region,
		Namespace: r.Namespace, Name: r.Name, Kind: r.Kind, Address: r.Source.Address,
		Source: jsonSource{Kind: r.Source.Kind, File: r.Source.File, Line: r.Source.Line, DefinedIn: r.Source.DefinedIn},
	}
}

// JSON writes the versioned JSON document of a report held in memory.
func JSON(w io.Writer, r *Report, opts Options) error { return Render(newJSONStream(w, opts), r) }

// jsonStream writes the JSON document as findings arrive: the findings
// array first, then the scan, the summary and the other sections, which
// are known only at the end. The document is the one JSON encodes, with
// its members in that order.
type jsonStream struct{ doc *arrayDoc }

func newJSONStream(w io.Writer, _ Options) Stream {
	return &jsonStream{doc: newArrayDoc(w, fmt.Sprintf("{\n  \"schema_version\": %d,\n  \"findings\": [", SchemaVersion), "    ")}
}

func (s *jsonStream) Findings(fs []model.Finding) error {
	for _, f := range fs {
		if err := s.doc.add(toJSONFinding(f)); err != nil {
			return fmt.Errorf("write finding %s: %w", f.Fingerprint, err)
		}
	}
	return nil
}

func (s *jsonStream) End(r *Report) error {
	var scan jsonScan
	if sc := r.Scan; sc != nil {
		scan = jsonScan{ID: sc.ID, StartedAt: sc.StartedAt, FinishedAt: sc.FinishedAt, Source: sc.Source, Account: sc.Account, Status: sc.Status,
			Coverage: sc.Coverage, Errors: sc.Errors, Health: sc.Health, RulesVersion: sc.RulesVersion, RulesHash: sc.RulesHash}
	}
	if scan.Coverage == nil {
		scan.Coverage = []model.Coverage{}
	}
	if scan.Errors == nil {
		scan.Errors = []model.InputError{}
	}
	counts := r.Counts
	if counts == nil {
		counts = findings.Counts(nil)
	}
	total := 0
	for _, n := range counts {
		total += n
	}
	members := []member{
		{"scan", scan},
		{"summary", jsonSummary{Resources: r.Resources, Findings: total, BySeverity: counts, Resolved: len(r.Resolved)}},
	}
	if len(r.Frameworks) > 0 {
		members = append(members, member{"frameworks", r.Frameworks})
	}
	if len(r.Inconclusive) > 0 {
		members = append(members, member{"inconclusive", r.Inconclusive})
	}
	return s.doc.end(members, "\n}\n")
}
