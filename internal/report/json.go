package report

import (
	"encoding/json"
	"io"
	"time"

	"github.com/vigil-cspm/vigil/internal/findings"
	"github.com/vigil-cspm/vigil/internal/model"
)

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
		Exception: f.Exception,
	}
	if jf.Compliance == nil {
		jf.Compliance = []model.ComplianceRef{}
	}
	if r := f.Resource; r != nil {
		jf.Resource = JSONResource{
			ID: r.ID, Type: r.Type, Provider: r.Provider, Account: r.Account, Region: r.Region,
			Namespace: r.Namespace, Name: r.Name, Kind: r.Kind, Address: r.Source.Address,
			Source: jsonSource{Kind: r.Source.Kind, File: r.Source.File, Line: r.Source.Line, DefinedIn: r.Source.DefinedIn},
		}
	}
	return jf
}

// JSON writes the versioned JSON document.
func JSON(w io.Writer, r *Report, _ Options) error {
	doc := jsonDoc{SchemaVersion: SchemaVersion, Findings: make([]jsonFinding, 0, len(r.Findings))}
	if s := r.Scan; s != nil {
		doc.Scan = jsonScan{ID: s.ID, StartedAt: s.StartedAt, FinishedAt: s.FinishedAt, Source: s.Source, Account: s.Account, Status: s.Status, Coverage: s.Coverage, Errors: s.Errors, Health: s.Health}
	}
	if doc.Scan.Coverage == nil {
		doc.Scan.Coverage = []model.Coverage{}
	}
	if doc.Scan.Errors == nil {
		doc.Scan.Errors = []model.InputError{}
	}
	doc.Summary = jsonSummary{Resources: r.Resources, Findings: len(r.Findings), BySeverity: findings.Counts(r.Findings), Resolved: len(r.Resolved)}
	for _, f := range r.Findings {
		doc.Findings = append(doc.Findings, toJSONFinding(f))
	}
	doc.Frameworks = r.Frameworks
	doc.Inconclusive = r.Inconclusive
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
