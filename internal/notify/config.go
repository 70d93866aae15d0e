package notify

import (
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"

	"github.com/vigil-cspm/vigil/internal/config"
)

// Destinations builds the channels of the serve configuration, reading
// their secrets now (an unset variable or unreadable file is an error
// naming where the reference is written); hc is the HTTP client of every
// HTTP channel (nil: one with a 30 s timeout).
func Destinations(channels map[string]*config.Channel, hc *http.Client, log *slog.Logger) ([]*Destination, error) {
	names := make([]string, 0, len(channels))
	for name := range channels {
		names = append(names, name)
	}
	slices.Sort(names)
	var out []*Destination
	for _, name := range names {
		c := channels[name]
		d, err := destination(name, c, hc, log)
		if err != nil {
			return nil, fmt.Errorf("channel %s: %w", name, err)
		}
		d.Limit = c.RateLimit
		out = append(out, d)
	}
	return out, nil
}

func destination(name string, c *config.Channel, hc *http.Client, log *slog.Logger) (*Destination, error) {
	d := &Destination{Name: name, Kind: c.Kind()}
	read := func(ref *config.SecretRef) (string, error) {
		v, err := ref.Resolve(log)
		if err == nil {
			d.Secrets = append(d.Secrets, v)
		}
		return v, err
	}
	switch {
	case c.Slack != nil:
		u, err := read(c.Slack.WebhookURL)
		if err != nil {
			return nil, err
		}
		d.Secrets = append(d.Secrets, urlSecrets(u)...)
		d.Sender = NewSlack(u, hc)
	case c.Webhook != nil:
		s, err := read(c.Webhook.HMACSecret)
		if err != nil {
			return nil, err
		}
		d.Sender = NewWebhook(c.Webhook.URL, s, hc)
	case c.PagerDuty != nil:
		k, err := read(c.PagerDuty.RoutingKey)
		if err != nil {
			return nil, err
		}
		d.Sender = NewPagerDuty(k, "", hc)
	case c.Email != nil:
		e := c.Email
		var pw string
		if e.Password != nil {
			var err error
			if pw, err = read(e.Password); err != nil {
				return nil, err
			}
		}
		d.Sender = NewEmail(e.SMTPHost, e.SMTPPort, e.From, e.To, e.Username, pw, e.StartTLS)
	case c.GitHub != nil:
		t, err := read(c.GitHub.Token)
		if err != nil {
			return nil, err
		}
		d.Tracker = NewGitHub(c.GitHub.Repo, t, "", hc)
	case c.Jira != nil:
		j := c.Jira
		t, err := read(j.Token)
		if err != nil {
			return nil, err
		}
		jr := NewJira(j.BaseURL, j.Project, j.Email, t, hc)
		d.Tracker = jr
		d.Secrets = append(d.Secrets, jr.auth)
	default:
		return nil, fmt.Errorf("no kind: give one of slack, webhook, pagerduty, email, github, jira")
	}
	return d, nil
}

// String names a count for logs: "slack sent=3 failed=0 retries=1".
func (c Count) String() string {
	return c.Kind + " sent=" + strconv.FormatInt(c.Sent, 10) + " failed=" + strconv.FormatInt(c.Failed, 10) + " retries=" + strconv.FormatInt(c.Retries, 10)
}
