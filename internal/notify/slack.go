package notify

import (
	"context"
	"net/http"
	"unicode/utf8"
)

// Slack posts to a Slack incoming webhook: a JSON body with text (the
// fallback shown in notifications) and blocks (a header and a section
// in mrkdwn). Slack answers 200 "ok"; 400, 403, 404 and 410 mean the
// webhook or the payload is wrong; 429 carries Retry-After.
type Slack struct {
	url string
	c   *client
}

// NewSlack returns a sender posting to webhookURL (a secret) with hc
// (nil: a client with a 30 s timeout).
func NewSlack(webhookURL string, hc *http.Client) *Slack {
	return &Slack{url: webhookURL, c: newClient("slack", hc, urlSecrets(webhookURL)...)}
}

// Slack's limits: header text 150 characters, section text 3,000.
const (
	slackHeaderMax  = 150
	slackSectionMax = 3000
)

type slackText struct {
	Type string `json:"type"`
	Text string `json:"text"`
}

type slackBlock struct {
	Type string     `json:"type"`
	Text *slackText `json:"text,omitempty"`
}

type slackPayload struct {
	Text   string       `json:"text"`
	Blocks []slackBlock `json:"blocks"`
}

// Send implements Sender.
func (s *Slack) Send(ctx context.Context, m *Message) error {
	p := slackPayload{
		Text: slackEscape(m.Headline()), // mrkdwn too, in notifications
		Blocks: []slackBlock{
			{Type: "header", Text: &slackText{Type: "plain_text", Text: cut(m.Headline(), slackHeaderMax)}},
			{Type: "section", Text: &slackText{Type: "mrkdwn", Text: cut(slackEscape(m.Text()), slackSectionMax)}},
		},
	}
	return s.c.do(ctx, http.MethodPost, s.url, nil, p, nil)
}

// slackEscape escapes the three characters Slack's mrkdwn gives meaning
// to, so text from a finding cannot mention or link.
func slackEscape(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch r {
		case '&':
			out = append(out, []rune("&amp;")...)
		case '<':
			out = append(out, []rune("&lt;")...)
		case '>':
			out = append(out, []rune("&gt;")...)
		default:
			out = append(out, r)
		}
	}
	return string(out)
}

// cut shortens s to at most n characters, ending with "…" when cut.
func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
