package notify

import (
	"fmt"
	"strings"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
)

// SchemaVersion is the version of Message's JSON form (the webhook
// payload, webhook.schema.json).
const SchemaVersion = 1

// Message kinds.
const (
	KindFinding    = "finding"
	KindDigest     = "digest"
	KindEscalation = "escalation"
	// KindConnector is a connector failing scan after scan, or
	// recovering.
	KindConnector = "connector"
	// KindBaseline is the summary of a scope's first scan: its findings
	// are recorded as told, not announced one by one.
	KindBaseline = "baseline"
)

// Changes: what happened to a finding since its channel was last told.
const (
	ChangeOpened        = "opened"
	ChangeReopened      = "reopened"
	ChangeChanged       = "changed" // severity or risk band
	ChangeExcepted      = "excepted"
	ChangeFalsePositive = "false_positive"
	ChangeResolved      = "resolved"
	ChangeEscalation    = "escalation"
	ChangeDigest        = "digest"
	ChangeFailing       = "failing"
	ChangeRecovered     = "recovered"
	ChangeBaseline      = "baseline"
)

// Message is one notification; its JSON form is the webhook payload.
type Message struct {
	SchemaVersion int       `json:"schema_version"`
	Kind          string    `json:"kind"` // finding, digest, escalation
	Action        string    `json:"action"`
	Change        string    `json:"change"`
	Channel       string    `json:"channel"`
	At            time.Time `json:"at"`
	// Finding is the finding a finding message is about.
	Finding *Finding `json:"finding,omitempty"`
	// Owner and Items make a digest: the changes of one owner's
	// findings.
	Owner string       `json:"owner,omitempty"`
	Items []DigestItem `json:"items,omitempty"`
	// Escalation is set on an escalation.
	Escalation *Escalation `json:"escalation,omitempty"`
	// Connector is set on a connector alert.
	Connector *ConnectorAlert `json:"connector,omitempty"`
	// Baseline is set on a first scan's summary.
	Baseline *Baseline `json:"baseline,omitempty"`
	// Delivery is the delivery log id.
	Delivery int64 `json:"delivery"`
}

// Finding is what a message says about one finding.
type Finding struct {
	ID          string     `json:"id"`
	RuleID      string     `json:"rule_id"`
	Title       string     `json:"title"`
	Severity    string     `json:"severity"`
	Status      string     `json:"status"`
	Message     string     `json:"message"`
	Remediation string     `json:"remediation,omitempty"`
	Risk        int        `json:"risk"`
	Exposed     bool       `json:"exposed"`
	Toxic       bool       `json:"toxic"`
	Members     []string   `json:"members,omitempty"`
	Owner       string     `json:"owner,omitempty"`
	Frameworks  []string   `json:"frameworks,omitempty"`
	Resource    Resource   `json:"resource"`
	FirstSeen   time.Time  `json:"first_seen"`
	LastSeen    time.Time  `json:"last_seen"`
	ResolvedAt  *time.Time `json:"resolved_at,omitempty"`
	URL         string     `json:"url,omitempty"`
}

// Resource names the finding's resource.
type Resource struct {
	ID        string `json:"id"`
	Type      string `json:"type,omitempty"`
	Provider  string `json:"provider,omitempty"`
	Account   string `json:"account,omitempty"`
	Region    string `json:"region,omitempty"`
	Namespace string `json:"namespace,omitempty"`
	Name      string `json:"name,omitempty"`
}

// DigestItem is one finding change in a digest.
type DigestItem struct {
	Finding string    `json:"finding"`
	Change  string    `json:"change"`
	Summary string    `json:"summary"`
	At      time.Time `json:"at"`
}

// Escalation says why an escalation was sent: new critical findings in
// the last 24 hours against the daily average of the 7 days before.
type Escalation struct {
	Last24h      int     `json:"last_24h"`
	DailyAverage float64 `json:"daily_average"`
}

// ConnectorAlert says which connector fails (or recovered), how many
// runs in a row failed, and the last error.
type ConnectorAlert struct {
	Name                string `json:"name"`
	ConsecutiveFailures int    `json:"consecutive_failures"`
	LastError           string `json:"last_error,omitempty"`
}

// summarize makes the message form of f; base is the public URL of the
// service ("" for none).
func summarize(f *model.Finding, base string) Finding {
	out := Finding{
		ID: f.Fingerprint, RuleID: f.RuleID, Title: f.Title, Severity: f.Severity.String(), Status: f.Status,
		Message: f.Message, Remediation: f.Remediation, Exposed: exposed(f), Toxic: len(f.Members) > 0,
		Members: f.Members, Owner: owner(f), Frameworks: frameworks(f),
		FirstSeen: f.FirstSeen, LastSeen: f.LastSeen, ResolvedAt: f.ResolvedAt,
	}
	if f.Risk != nil {
		out.Risk = f.Risk.Score
	}
	if r := f.Resource; r != nil {
		out.Resource = Resource{ID: r.ID, Type: r.Type, Provider: r.Provider, Account: r.Account, Region: r.Region, Namespace: r.Namespace, Name: r.Name}
	}
	if base != "" {
		out.URL = strings.TrimRight(base, "/") + "/findings/" + f.Fingerprint
	}
	return out
}

// Headline is the one-line summary of a message: for a finding
// "[HIGH] opened: Title — resource".
func (m *Message) Headline() string {
	switch m.Kind {
	case KindDigest:
		return fmt.Sprintf("Vigil digest for %s: %d finding changes", ownerName(m.Owner), len(m.Items))
	case KindEscalation:
		e := m.Escalation
		return fmt.Sprintf("Vigil escalation: %d new critical findings in 24 h (daily average %.1f over the 7 days before)", e.Last24h, e.DailyAverage)
	case KindConnector:
		if m.Change == ChangeRecovered {
			return fmt.Sprintf("Vigil connector %s recovered: its last scan succeeded", m.Connector.Name)
		}
		return fmt.Sprintf("Vigil connector %s is failing: %d scans in a row failed", m.Connector.Name, m.Connector.ConsecutiveFailures)
	case KindBaseline:
		return m.Baseline.headline()
	}
	return line(m.Change, m.Finding)
}

func line(change string, f *Finding) string {
	return fmt.Sprintf("[%s] %s: %s — %s", strings.ToUpper(f.Severity), change, f.Title, f.Resource.ID)
}

// Text is the message's plain-text body.
func (m *Message) Text() string {
	var b strings.Builder
	b.WriteString(m.Headline() + "\n")
	switch m.Kind {
	case KindDigest:
		for _, it := range m.Items {
			fmt.Fprintf(&b, "- %s\n", it.Summary)
		}
	case KindEscalation:
		b.WriteString("Look at the open critical findings first.\n")
	case KindBaseline:
		b.WriteString("They are open in Vigil")
		if m.Baseline.URL != "" {
			b.WriteString(": " + m.Baseline.URL)
		}
		b.WriteString(".\nFrom now on each change to a finding of this scope is announced.\n")
	case KindConnector:
		if m.Change == ChangeFailing {
			fmt.Fprintf(&b, "Last error: %s\nIts findings are those of its last good scan until a scan succeeds.\n", m.Connector.LastError)
		}
	default:
		f := m.Finding
		fmt.Fprintf(&b, "\nRule: %s\nSeverity: %s, risk %d\nResource: %s\n", f.RuleID, f.Severity, f.Risk, f.Resource.ID)
		if f.Resource.Account != "" {
			fmt.Fprintf(&b, "Account: %s\n", f.Resource.Account)
		}
		if f.Owner != "" {
			fmt.Fprintf(&b, "Owner: %s\n", f.Owner)
		}
		if f.Exposed {
			b.WriteString("Reachable from the internet.\n")
		}
		if f.Toxic {
			fmt.Fprintf(&b, "Toxic combination of %d findings.\n", len(f.Members))
		}
		fmt.Fprintf(&b, "\n%s\n", f.Message)
		if f.Remediation != "" {
			fmt.Fprintf(&b, "\nRemediation:\n%s\n", f.Remediation)
		}
		if f.URL != "" {
			fmt.Fprintf(&b, "\n%s\n", f.URL)
		}
		fmt.Fprintf(&b, "\nFinding %s\n", f.ID)
	}
	return b.String()
}

func ownerName(o string) string {
	if o == "" {
		return "findings with no owner"
	}
	return o
}
