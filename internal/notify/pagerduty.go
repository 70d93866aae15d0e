package notify

import (
	"context"
	"net/http"
	"strings"
)

// PagerDutyEventsURL is the Events API v2 endpoint.
const PagerDutyEventsURL = "https://events.pagerduty.com/v2/enqueue"

// PagerDuty sends Events API v2 events: trigger when a finding opens,
// reopens or changes, resolve when it is resolved, excepted or marked a
// false positive; the dedup_key is the finding's fingerprint, so
// PagerDuty keeps one alert per finding. An escalation triggers an
// alert keyed by its day.
type PagerDuty struct {
	key      string
	endpoint string
	c        *client
}

// NewPagerDuty returns a sender with routingKey (a secret) posting to
// endpoint ("": PagerDutyEventsURL).
func NewPagerDuty(routingKey, endpoint string, hc *http.Client) *PagerDuty {
	if endpoint == "" {
		endpoint = PagerDutyEventsURL
	}
	return &PagerDuty{key: routingKey, endpoint: endpoint, c: newClient("pagerduty", hc, routingKey)}
}

type pdEvent struct {
	RoutingKey  string     `json:"routing_key"`
	EventAction string     `json:"event_action"`
	DedupKey    string     `json:"dedup_key"`
	Payload     *pdPayload `json:"payload,omitempty"`
	Links       []pdLink   `json:"links,omitempty"`
}

type pdPayload struct {
	Summary       string `json:"summary"`
	Source        string `json:"source"`
	Severity      string `json:"severity"`
	Timestamp     string `json:"timestamp,omitempty"`
	Component     string `json:"component,omitempty"`
	Group         string `json:"group,omitempty"`
	Class         string `json:"class,omitempty"`
	CustomDetails any    `json:"custom_details,omitempty"`
}

type pdLink struct {
	Href string `json:"href"`
	Text string `json:"text"`
}

// pdSeverity maps a finding severity to PagerDuty's four.
func pdSeverity(s string) string {
	switch s {
	case "critical":
		return "critical"
	case "high":
		return "error"
	case "medium":
		return "warning"
	}
	return "info"
}

// Send implements Sender.
func (p *PagerDuty) Send(ctx context.Context, m *Message) error {
	ev := pdEvent{RoutingKey: p.key, EventAction: "trigger"}
	switch m.Kind {
	case KindEscalation:
		ev.DedupKey = "vigil-escalation-" + m.At.UTC().Format("2006-01-02")
		ev.Payload = &pdPayload{Summary: cut(m.Headline(), 1024), Source: "vigil", Severity: "critical", Class: "escalation", CustomDetails: m.Escalation}
	case KindConnector:
		ev.DedupKey = "vigil-connector-" + m.Connector.Name
		if m.Change == ChangeRecovered {
			ev.EventAction = "resolve"
		} else {
			ev.Payload = &pdPayload{Summary: cut(m.Headline(), 1024), Source: "vigil", Severity: "error", Class: "connector", Component: m.Connector.Name, CustomDetails: m.Connector}
		}
	case KindDigest:
		ev.DedupKey = "vigil-digest-" + m.Owner
		ev.Payload = &pdPayload{Summary: cut(m.Headline(), 1024), Source: "vigil", Severity: "info", Class: "digest", CustomDetails: map[string]any{"owner": m.Owner, "items": m.Items}}
	default:
		f := m.Finding
		ev.DedupKey = f.ID
		switch m.Change {
		case ChangeResolved, ChangeExcepted, ChangeFalsePositive:
			ev.EventAction = "resolve"
		default:
			ev.Payload = &pdPayload{
				Summary: cut(m.Headline(), 1024), Source: firstNonEmpty(f.Resource.Account, f.Resource.ID, "vigil"),
				Severity: pdSeverity(f.Severity), Timestamp: m.At.UTC().Format("2006-01-02T15:04:05Z"),
				Component: f.Resource.ID, Group: f.Owner, Class: f.RuleID, CustomDetails: f,
			}
			if f.URL != "" {
				ev.Links = []pdLink{{Href: f.URL, Text: "Finding in Vigil"}}
			}
		}
	}
	return p.c.do(ctx, http.MethodPost, p.endpoint, nil, ev, nil)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}
