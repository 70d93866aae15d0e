package notify_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/notify"
)

// TestDestinationsFromConfig: every configured channel becomes a
// destination of its kind with its rate limit, its secrets read from
// where the configuration points; a secret that cannot be read is an
// error naming where it should be, and routes that cannot be carried
// are refused.
func TestDestinationsFromConfig(t *testing.T) {
	t.Setenv("VIGIL_TEST_SLACK", "https://hooks.slack.example/services/T1/B1/abcdefghijklmnop")
	t.Setenv("VIGIL_TEST_TOKEN", "tok-0123456789")
	ref := func(env string) *config.SecretRef { return &config.SecretRef{Env: env} }
	limit := &config.RateLimit{Count: 30, Per: config.Duration(3600e9)}
	channels := map[string]*config.Channel{
		"chat":   {Slack: &config.SlackChannel{WebhookURL: ref("VIGIL_TEST_SLACK")}, RateLimit: limit},
		"hook":   {Webhook: &config.WebhookChannel{URL: "https://example.com/hook", HMACSecret: ref("VIGIL_TEST_TOKEN")}},
		"oncall": {PagerDuty: &config.PagerDutyChannel{RoutingKey: ref("VIGIL_TEST_TOKEN")}},
		"mail":   {Email: &config.EmailChannel{SMTPHost: "smtp.example.com", SMTPPort: 587, From: "v@example.com", To: []string{"a@example.com"}, StartTLS: true}},
		"gh":     {GitHub: &config.GitHubChannel{Repo: "example/infra", Token: ref("VIGIL_TEST_TOKEN")}},
		"jira":   {Jira: &config.JiraChannel{BaseURL: "https://example.atlassian.net", Project: "SEC", Email: "bot@example.com", Token: ref("VIGIL_TEST_TOKEN")}},
	}
	ds, err := notify.Destinations(channels, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]string{}
	for _, d := range ds {
		kinds[d.Name] = d.Kind
		if (d.Kind == "github" || d.Kind == "jira") != (d.Tracker != nil) || (d.Tracker == nil) != (d.Sender != nil) {
			t.Errorf("%s (%s): sender %v tracker %v", d.Name, d.Kind, d.Sender, d.Tracker)
		}
	}
	want := map[string]string{"chat": "slack", "hook": "webhook", "oncall": "pagerduty", "mail": "email", "gh": "github", "jira": "jira"}
	for name, k := range want {
		if kinds[name] != k {
			t.Errorf("channel %s is %q, want %s", name, kinds[name], k)
		}
	}
	if ds[0].Name != "chat" || ds[0].Limit != limit || !slices.Contains(ds[0].Secrets, "abcdefghijklmnop") {
		t.Errorf("chat %+v: want its rate limit and its webhook token among its secrets", ds[0])
	}

	routes := []config.Route{{Match: config.RouteMatch{MinSeverity: model.SeverityHigh}, Action: config.ActionTicket, Channel: "chat"}}
	st := backends[0].open(t)
	if _, err := notify.New(notify.Options{Store: st, Routes: routes, Destinations: ds}); err == nil || !strings.Contains(err.Error(), `channel "chat" (slack) cannot ticket`) {
		t.Errorf("a ticket route to Slack: %v", err)
	}
	routes[0].Channel = "nowhere"
	if _, err := notify.New(notify.Options{Store: st, Routes: routes, Destinations: ds}); err == nil || !strings.Contains(err.Error(), `"nowhere", which is not configured`) {
		t.Errorf("a route to no channel: %v", err)
	}
	routes[0].Channel = "gh"
	n, err := notify.New(notify.Options{Store: st, Routes: routes, Destinations: ds})
	if err != nil {
		t.Fatal(err)
	}
	n.Close(context.Background())

	channels["chat"].Slack.WebhookURL = ref("VIGIL_TEST_UNSET")
	if _, err := notify.Destinations(channels, nil, nil); err == nil || !strings.Contains(err.Error(), "VIGIL_TEST_UNSET is not set") || strings.Contains(err.Error(), "tok-0123456789") {
		t.Errorf("an unset secret: %v", err)
	}
}
