package config

import (
	"fmt"
	"net/mail"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Channel is where notifications or tickets go: exactly one of its
// kinds is set, and RateLimit bounds how many it sends.
type Channel struct {
	Slack     *SlackChannel     `yaml:"slack,omitempty" json:"slack,omitempty"`
	Webhook   *WebhookChannel   `yaml:"webhook,omitempty" json:"webhook,omitempty"`
	PagerDuty *PagerDutyChannel `yaml:"pagerduty,omitempty" json:"pagerduty,omitempty"`
	Email     *EmailChannel     `yaml:"email,omitempty" json:"email,omitempty"`
	GitHub    *GitHubChannel    `yaml:"github,omitempty" json:"github,omitempty"`
	Jira      *JiraChannel      `yaml:"jira,omitempty" json:"jira,omitempty"`
	RateLimit *RateLimit        `yaml:"rate_limit,omitempty" json:"rate_limit,omitempty"`
}

// Channel kinds, as the keys of a channel.
const (
	KindSlack     = "slack"
	KindWebhook   = "webhook"
	KindPagerDuty = "pagerduty"
	KindEmail     = "email"
	KindGitHub    = "github"
	KindJira      = "jira"
)

// channelKinds are the kinds of channel, in the order documented.
var channelKinds = []string{KindSlack, KindWebhook, KindPagerDuty, KindEmail, KindGitHub, KindJira}

// Kind returns which kind of channel c is.
func (c *Channel) Kind() string {
	switch {
	case c.Slack != nil:
		return KindSlack
	case c.Webhook != nil:
		return KindWebhook
	case c.PagerDuty != nil:
		return KindPagerDuty
	case c.Email != nil:
		return KindEmail
	case c.GitHub != nil:
		return KindGitHub
	case c.Jira != nil:
		return KindJira
	}
	return ""
}

// SlackChannel posts to a Slack incoming webhook, whose URL is a secret.
type SlackChannel struct {
	WebhookURL *SecretRef `yaml:"webhook_url" json:"webhook_url"`
}

// WebhookChannel posts JSON to URL, signed with HMAC-SHA256 of
// HMACSecret.
type WebhookChannel struct {
	URL        string     `yaml:"url" json:"url"`
	HMACSecret *SecretRef `yaml:"hmac_secret" json:"hmac_secret"`
}

// PagerDutyChannel sends PagerDuty Events API v2 events.
type PagerDutyChannel struct {
	RoutingKey *SecretRef `yaml:"routing_key" json:"routing_key"`
}

// EmailChannel sends mail through an SMTP server.
type EmailChannel struct {
	SMTPHost string     `yaml:"smtp_host" json:"smtp_host"`
	SMTPPort int        `yaml:"smtp_port" json:"smtp_port"`
	From     string     `yaml:"from" json:"from"`
	To       []string   `yaml:"to" json:"to"`
	Username string     `yaml:"username,omitempty" json:"username,omitempty"`
	Password *SecretRef `yaml:"password,omitempty" json:"password,omitempty"`
	StartTLS bool       `yaml:"starttls" json:"starttls"`
}

// GitHubChannel opens issues in a repository.
type GitHubChannel struct {
	Repo  string     `yaml:"repo" json:"repo"`
	Token *SecretRef `yaml:"token" json:"token"`
}

// JiraChannel opens issues in a Jira Cloud project.
type JiraChannel struct {
	BaseURL string     `yaml:"base_url" json:"base_url"`
	Project string     `yaml:"project" json:"project"`
	Email   string     `yaml:"email" json:"email"`
	Token   *SecretRef `yaml:"token" json:"token"`
}

// RateLimit is at most Count messages Per span, written "30/1h".
type RateLimit struct {
	Count int
	Per   Duration
}

// String writes the limit as it is read: "30/1h".
func (r RateLimit) String() string { return fmt.Sprintf("%d/%s", r.Count, r.Per) }

// MarshalText implements encoding.TextMarshaler.
func (r RateLimit) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// ParseRateLimit parses "COUNT/DURATION", such as 30/1h.
func ParseRateLimit(s string) (RateLimit, error) {
	count, per, ok := strings.Cut(strings.TrimSpace(s), "/")
	n, err := strconv.Atoi(strings.TrimSpace(count))
	if !ok || err != nil || n < 1 {
		return RateLimit{}, fmt.Errorf("%q is not a rate limit: write a count of at least 1, a slash and a duration, such as 30/1h", s)
	}
	d, err := ParseDuration(strings.TrimSpace(per))
	if err != nil {
		return RateLimit{}, fmt.Errorf("%q: %v", s, err)
	}
	return RateLimit{Count: n, Per: d}, nil
}

// Action is what a route does with the findings it matches.
type Action string

// Actions.
const (
	// ActionPage alerts someone now, once per finding state change.
	ActionPage Action = "page"
	// ActionTicket opens a ticket, comments on change, closes on fix.
	ActionTicket Action = "ticket"
	// ActionDigest collects findings into one message per owner per
	// DigestEvery.
	ActionDigest Action = "digest"
)

// actionKinds are the channel kinds each action may use.
var actionKinds = map[Action][]string{
	ActionPage:   {KindPagerDuty, KindSlack, KindWebhook, KindEmail},
	ActionTicket: {KindGitHub, KindJira},
	ActionDigest: {KindSlack, KindEmail, KindWebhook},
}

// Route sends the findings Match selects to Channel as Action; the
// first route that matches a finding wins.
type Route struct {
	Match   RouteMatch `yaml:"match,omitempty" json:"match,omitzero"`
	Action  Action     `yaml:"action" json:"action"`
	Channel string     `yaml:"channel" json:"channel"`
	// DigestEvery is how often a digest is sent (digest only).
	DigestEvery Duration `yaml:"digest_every,omitempty" json:"digest_every,omitempty"`
}

// RouteMatch selects findings: all of its set keys must hold, and a
// list holds when one of its entries (a glob) matches. An empty
// RouteMatch selects every finding.
type RouteMatch struct {
	MinSeverity model.Severity `yaml:"min_severity,omitempty" json:"min_severity,omitempty"`
	// MinRisk is the lowest risk score (0–100).
	MinRisk    int      `yaml:"min_risk,omitempty" json:"min_risk,omitempty"`
	Rules      []string `yaml:"rules,omitempty" json:"rules,omitempty"`
	Frameworks []string `yaml:"frameworks,omitempty" json:"frameworks,omitempty"`
	Accounts   []string `yaml:"accounts,omitempty" json:"accounts,omitempty"`
	Clusters   []string `yaml:"clusters,omitempty" json:"clusters,omitempty"`
	Owners     []string `yaml:"owners,omitempty" json:"owners,omitempty"`
	// Toxic selects only findings in a toxic combination; Exposed only
	// findings on a resource reachable from the internet.
	Toxic   bool `yaml:"toxic,omitempty" json:"toxic,omitempty"`
	Exposed bool `yaml:"exposed,omitempty" json:"exposed,omitempty"`
}

var (
	githubRepo  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$`)
	jiraProject = regexp.MustCompile(`^[A-Z][A-Z0-9_]{1,9}$`)
)

// channels decodes the channels; declared records every name written
// (even of a channel in error) with its kind, for the routes.
func (d *decoder) channels(n *yaml.Node, path string, declared map[string]string) map[string]*Channel {
	out := map[string]*Channel{}
	d.entries(n, path, "channels", func(name string, k, v *yaml.Node, p string) {
		if !identifier.MatchString(name) {
			d.fail(k, "%s: %q is not a valid channel name: use lower-case letters, digits, - and _, such as oncall", path, name)
		}
		before := d.Len()
		c, kind := d.channel(v, p)
		if c == nil {
			d.dropped(before, v, p)
		}
		declared[name] = kind
		if c != nil && identifier.MatchString(name) {
			out[name] = c
		}
	})
	return out
}

// channel decodes one channel; kind is the kind written, even when the
// channel is in error.
func (d *decoder) channel(n *yaml.Node, path string) (c *Channel, kind string) {
	c = &Channel{}
	good := true
	ok := func(v bool) { good = good && v }
	complete := d.fields(n, path,
		field{KindSlack, func(v *yaml.Node, p string) {
			c.Slack = &SlackChannel{}
			all := d.fields(v, p, field{"webhook_url", func(v *yaml.Node, p string) { c.Slack.WebhookURL = d.secret(v, p) }})
			ok(all && d.required(v, p, c.Slack.WebhookURL != nil, "webhook_url"))
		}},
		field{KindWebhook, func(v *yaml.Node, p string) {
			w := &WebhookChannel{}
			c.Webhook = w
			all := d.fields(v, p,
				field{"url", func(v *yaml.Node, p string) { w.URL, _ = d.url(v, p, false) }},
				field{"hmac_secret", func(v *yaml.Node, p string) { w.HMACSecret = d.secret(v, p) }},
			)
			ok(all && d.required(v, p, w.URL != "", "url") && d.required(v, p, w.HMACSecret != nil, "hmac_secret"))
		}},
		field{KindPagerDuty, func(v *yaml.Node, p string) {
			c.PagerDuty = &PagerDutyChannel{}
			all := d.fields(v, p, field{"routing_key", func(v *yaml.Node, p string) { c.PagerDuty.RoutingKey = d.secret(v, p) }})
			ok(all && d.required(v, p, c.PagerDuty.RoutingKey != nil, "routing_key"))
		}},
		field{KindEmail, func(v *yaml.Node, p string) {
			c.Email = d.email(v, p)
			ok(c.Email != nil)
		}},
		field{KindGitHub, func(v *yaml.Node, p string) {
			g := &GitHubChannel{}
			c.GitHub = g
			all := d.fields(v, p,
				field{"repo", func(v *yaml.Node, p string) {
					if s, ok := d.str(v, p); ok {
						if !githubRepo.MatchString(s) {
							d.fail(d.Resolve(v), "%s: %q is not a repository: write owner/name, such as example/infra", p, s)
							return
						}
						g.Repo = s
					}
				}},
				field{"token", func(v *yaml.Node, p string) { g.Token = d.secret(v, p) }},
			)
			ok(all && d.required(v, p, g.Repo != "", "repo") && d.required(v, p, g.Token != nil, "token"))
		}},
		field{KindJira, func(v *yaml.Node, p string) {
			j := &JiraChannel{}
			c.Jira = j
			all := d.fields(v, p,
				field{"base_url", func(v *yaml.Node, p string) { j.BaseURL, _ = d.url(v, p, true) }},
				field{"project", func(v *yaml.Node, p string) {
					if s, ok := d.str(v, p); ok {
						if !jiraProject.MatchString(s) {
							d.fail(d.Resolve(v), "%s: %q is not a Jira project key: write the key in capitals, such as SEC", p, s)
							return
						}
						j.Project = s
					}
				}},
				field{"email", func(v *yaml.Node, p string) { j.Email, _ = d.address(v, p) }},
				field{"token", func(v *yaml.Node, p string) { j.Token = d.secret(v, p) }},
			)
			ok(all && d.required(v, p, j.BaseURL != "", "base_url") && d.required(v, p, j.Project != "", "project") &&
				d.required(v, p, j.Email != "", "email") && d.required(v, p, j.Token != nil, "token"))
		}},
		field{"rate_limit", func(v *yaml.Node, p string) {
			s, isScalar := d.scalar(v, p, "a rate limit such as 30/1h")
			if !isScalar {
				good = false
				return
			}
			r, err := ParseRateLimit(s.Value)
			if err != nil {
				d.fail(s, "%s: %v", p, err)
				good = false
				return
			}
			c.RateLimit = &r
		}},
	)
	rn := d.mapping(n)
	if rn == nil {
		if d.Resolve(n) == nil {
			d.fail(d.line(n), "%s is empty: give one of %s", path, strings.Join(channelKinds, ", "))
		}
		return nil, ""
	}
	if !complete {
		return nil, ""
	}
	kind, one := d.exactlyOne(rn, path, "say where the channel sends, such as slack: {webhook_url: {env: VIGIL_SLACK_WEBHOOK}}", channelKinds...)
	if !one || !good {
		return nil, kind
	}
	return c, kind
}

// required reports, on the mapping n, a required key whose value was
// not written (a bad value was reported where it is written).
func (d *decoder) required(n *yaml.Node, path string, set bool, key string) bool {
	if set {
		return true
	}
	rn := d.mapping(n)
	if rn == nil {
		if d.Resolve(n) == nil {
			d.fail(d.line(n), "%s is empty: give %s", path, key)
		}
		return false
	}
	if !d.hasKey(rn, key) {
		d.fail(rn, "%s has no %s: add it", path, key)
	}
	return false
}

// address reads a bare e-mail address.
func (d *decoder) address(n *yaml.Node, path string) (string, bool) {
	s, ok := d.name(n, path, "an e-mail address")
	if !ok {
		return "", false
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s && a.Name == "" {
		d.fail(d.Resolve(n), "%s: %q is not an e-mail address: write one such as security@example.com", path, s)
		return "", false
	}
	return s, true
}

func (d *decoder) email(n *yaml.Node, path string) *EmailChannel {
	e := &EmailChannel{SMTPPort: 587, StartTLS: true, To: []string{}}
	good := true
	complete := d.fields(n, path,
		field{"smtp_host", func(v *yaml.Node, p string) { e.SMTPHost, _ = d.name(v, p, "the SMTP server's host name") }},
		field{"smtp_port", func(v *yaml.Node, p string) {
			port, ok := d.integer(v, p)
			if ok && (port < 1 || port > 65535) {
				d.fail(d.Resolve(v), "%s: %d is not a port: use 1 to 65535, such as 587", p, port)
				ok = false
			}
			good = good && ok
			e.SMTPPort = port
		}},
		field{"from", func(v *yaml.Node, p string) { e.From, _ = d.address(v, p) }},
		field{"to", func(v *yaml.Node, p string) {
			to, ok := listOf(d, v, p, "e-mail addresses", d.address)
			if ok && len(to) == 0 {
				d.fail(d.Resolve(v), "%s is empty: give at least one address", p)
				ok = false
			}
			good = good && ok
			e.To = to
		}},
		field{"username", func(v *yaml.Node, p string) { e.Username, _ = d.name(v, p, "the SMTP user name") }},
		field{"password", func(v *yaml.Node, p string) { e.Password = d.secret(v, p) }},
		field{"starttls", func(v *yaml.Node, p string) {
			b, ok := d.boolean(v, p)
			good = good && ok
			e.StartTLS = b
		}},
	)
	rn := d.mapping(n)
	if !complete || !d.required(n, path, e.SMTPHost != "", "smtp_host") || !d.required(n, path, e.From != "", "from") || rn == nil {
		return nil
	}
	if !d.hasKey(rn, "to") {
		d.fail(rn, "%s has no to: list the addresses to send to", path)
		return nil
	}
	if d.hasKey(rn, "username") != d.hasKey(rn, "password") {
		d.fail(rn, "%s: give username and password together (or neither, for a server that takes mail without signing in)", path)
		return nil
	}
	if !good || len(e.To) == 0 || d.hasKey(rn, "password") && e.Password == nil || d.hasKey(rn, "username") && e.Username == "" {
		return nil
	}
	return e
}

func (d *decoder) routes(n *yaml.Node, path string, declared map[string]string) []Route {
	out := []Route{}
	d.list(n, path, "routes ({match: …, action: …, channel: …})", func(_ int, e *yaml.Node, p string) {
		before := d.Len()
		r, ok := d.route(e, p, declared)
		if !ok {
			d.dropped(before, e, p)
			return
		}
		out = append(out, r)
	})
	return out
}

func (d *decoder) route(n *yaml.Node, path string, declared map[string]string) (Route, bool) {
	var r Route
	good := true
	var channelNode, everyNode *yaml.Node
	complete := d.fields(n, path,
		field{"match", func(v *yaml.Node, p string) {
			m, ok := d.routeMatch(v, p)
			r.Match = m
			good = good && ok
		}},
		field{"action", func(v *yaml.Node, p string) {
			s, ok := d.str(v, p)
			if ok && actionKinds[Action(s)] == nil {
				d.fail(d.Resolve(v), "%s: %q is not an action: use page, ticket or digest", p, s)
				ok = false
			}
			good = good && ok
			r.Action = Action(s)
		}},
		field{"channel", func(v *yaml.Node, p string) {
			s, ok := d.name(v, p, "the name of a channel under serve.channels")
			good = good && ok
			r.Channel, channelNode = s, d.Resolve(v)
		}},
		field{"digest_every", func(v *yaml.Node, p string) {
			t, ok := d.duration(v, p)
			good = good && ok
			r.DigestEvery, everyNode = t, d.Resolve(v)
		}},
	)
	rn := d.mapping(n)
	if rn == nil {
		if d.Resolve(n) == nil {
			d.fail(d.line(n), "%s is empty: give match, action and channel", path)
		}
		return r, false
	}
	if !complete || !d.requireKeys(rn, path, "action", "channel") || !good {
		return r, false
	}
	names := make([]string, 0, len(declared))
	for name := range declared {
		names = append(names, name)
	}
	kind, ok := declared[r.Channel]
	switch {
	case !ok && len(names) == 0:
		d.fail(channelNode, "%s: no channel %q: define it under serve.channels", join(path, "channel"), r.Channel)
		return r, false
	case !ok:
		msg := fmt.Sprintf("%s: no channel %q: define it under serve.channels, or use one of %s", join(path, "channel"), r.Channel, quote(slices.Sorted(slices.Values(names))))
		if near := nearest(r.Channel, names); near != "" {
			msg = fmt.Sprintf("%s: no channel %q: did you mean %q?", join(path, "channel"), r.Channel, near)
		}
		d.fail(channelNode, "%s", msg)
		return r, false
	case kind != "" && !slices.Contains(actionKinds[r.Action], kind):
		d.fail(channelNode, "%s: %q is a %s channel, which cannot %s: use a %s channel", join(path, "channel"), r.Channel, kind, r.Action, orList(actionKinds[r.Action]))
		return r, false
	}
	switch {
	case r.Action == ActionDigest && everyNode == nil:
		d.fail(rn, "%s is a digest with no digest_every: say how often it is sent, such as digest_every: 1d", path)
		return r, false
	case r.Action != ActionDigest && everyNode != nil:
		d.fail(everyNode, "%s: digest_every is for action: digest, not %s: remove it", join(path, "digest_every"), r.Action)
		return r, false
	case r.Action == ActionDigest && time.Duration(r.DigestEvery) < time.Hour:
		d.fail(everyNode, "%s: %s is too often for a digest: use 1h or more", join(path, "digest_every"), r.DigestEvery)
		return r, false
	}
	return r, true
}

func (d *decoder) routeMatch(n *yaml.Node, path string) (RouteMatch, bool) {
	var m RouteMatch
	good := true
	globs := func(into *[]string) func(*yaml.Node, string) {
		return func(v *yaml.Node, p string) {
			g, ok := listOf(d, v, p, "globs", d.glob)
			good = good && ok
			*into = g
		}
	}
	flag := func(into *bool) func(*yaml.Node, string) {
		return func(v *yaml.Node, p string) {
			b, ok := d.boolean(v, p)
			good = good && ok
			*into = b
		}
	}
	d.fields(n, path,
		field{"min_severity", func(v *yaml.Node, p string) {
			s, ok := d.str(v, p)
			if !ok {
				good = false
				return
			}
			sev, err := model.ParseSeverity(s)
			if err != nil {
				d.fail(d.Resolve(v), "%s: %q is not a severity: use critical, high, medium, low or info", p, s)
				good = false
				return
			}
			m.MinSeverity = sev
		}},
		field{"min_risk", func(v *yaml.Node, p string) {
			r, ok := d.integer(v, p)
			if ok && (r < 0 || r > 100) {
				d.fail(d.Resolve(v), "%s: %d is not a risk score: use 0 to 100", p, r)
				ok = false
			}
			good = good && ok
			m.MinRisk = r
		}},
		field{"rules", globs(&m.Rules)},
		field{"frameworks", globs(&m.Frameworks)},
		field{"accounts", globs(&m.Accounts)},
		field{"clusters", globs(&m.Clusters)},
		field{"owners", globs(&m.Owners)},
		field{"toxic", flag(&m.Toxic)},
		field{"exposed", flag(&m.Exposed)},
	)
	return m, good
}

// orList writes names as "a, b or c".
func orList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
