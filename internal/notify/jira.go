package notify

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// Jira keeps tickets as issues of one Jira Cloud project, through the
// REST API v3: create an issue (type Task, description in the Atlassian
// Document Format), comment, and move it through the workflow with a
// transition to a "done" status (fix) or back to a "new" one (reopen).
type Jira struct {
	base, project, auth string
	c                   *client
}

// NewJira returns a tracker for project at base (https://….atlassian.net)
// signing in as email with an API token (a secret).
func NewJira(base, project, email, token string, hc *http.Client) *Jira {
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte(email+":"+token))
	return &Jira{base: strings.TrimRight(base, "/"), project: project, auth: auth, c: newClient("jira", hc, token, auth)}
}

var jiraKey = regexp.MustCompile(`^[A-Z][A-Z0-9_]+-[1-9][0-9]*$`)

func (j *Jira) do(ctx context.Context, method, path string, body, out any) error {
	h := http.Header{}
	h.Set("Authorization", j.auth)
	h.Set("Accept", "application/json")
	return j.c.do(ctx, method, j.base+path, h, body, out)
}

func (j *Jira) issuePath(ref string) (string, error) {
	if !jiraKey.MatchString(ref) {
		return "", &permanentError{fmt.Errorf("jira: %q is not an issue key", ref)}
	}
	return "/rest/api/3/issue/" + url.PathEscape(ref), nil
}

// adf is a document in the Atlassian Document Format: one paragraph per
// line of text.
func adf(text string) map[string]any {
	var content []any
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		p := map[string]any{"type": "paragraph"}
		if l != "" {
			p["content"] = []any{map[string]any{"type": "text", "text": l}}
		}
		content = append(content, p)
	}
	return map[string]any{"type": "doc", "version": 1, "content": content}
}

// Open implements Tracker.
func (j *Jira) Open(ctx context.Context, m *Message) (string, error) {
	f := m.Finding
	body := map[string]any{"fields": map[string]any{
		"project":     map[string]string{"key": j.project},
		"issuetype":   map[string]string{"name": "Task"},
		"summary":     cut(strings.ReplaceAll(fmt.Sprintf("[%s] %s — %s", strings.ToUpper(f.Severity), f.Title, f.Resource.ID), "\n", " "), 255),
		"description": adf(m.Text()),
		"labels":      []string{"vigil", "severity-" + f.Severity},
	}}
	var out struct {
		Key string `json:"key"`
	}
	if err := j.do(ctx, http.MethodPost, "/rest/api/3/issue", body, &out); err != nil {
		return "", err
	}
	if !jiraKey.MatchString(out.Key) {
		return "", fmt.Errorf("jira: created issue has no key")
	}
	return out.Key, nil
}

// Comment implements Tracker.
func (j *Jira) Comment(ctx context.Context, ref string, m *Message) error {
	p, err := j.issuePath(ref)
	if err != nil {
		return err
	}
	return j.do(ctx, http.MethodPost, p+"/comment", map[string]any{"body": adf(m.Text())}, nil)
}

type jiraTransition struct {
	ID string `json:"id"`
	To struct {
		StatusCategory struct {
			Key string `json:"key"`
		} `json:"statusCategory"`
	} `json:"to"`
}

// transition moves ref with the first transition available to a status
// of category (done, new, indeterminate).
func (j *Jira) transition(ctx context.Context, ref string, categories ...string) error {
	p, err := j.issuePath(ref)
	if err != nil {
		return err
	}
	var out struct {
		Transitions []jiraTransition `json:"transitions"`
	}
	if err := j.do(ctx, http.MethodGet, p+"/transitions", nil, &out); err != nil {
		return err
	}
	for _, cat := range categories {
		for _, t := range out.Transitions {
			if t.To.StatusCategory.Key == cat {
				return j.do(ctx, http.MethodPost, p+"/transitions", map[string]any{"transition": map[string]string{"id": t.ID}}, nil)
			}
		}
	}
	return &permanentError{fmt.Errorf("jira: issue %s has no transition to a status of category %s: add one to the project's workflow", ref, strings.Join(categories, " or "))}
}

// Close implements Tracker.
func (j *Jira) Close(ctx context.Context, ref string, m *Message) error {
	if err := j.Comment(ctx, ref, m); err != nil {
		return err
	}
	return j.transition(ctx, ref, "done")
}

// Reopen implements Tracker.
func (j *Jira) Reopen(ctx context.Context, ref string, m *Message) error {
	if err := j.transition(ctx, ref, "new", "indeterminate"); err != nil {
		return err
	}
	return j.Comment(ctx, ref, reopenNote(m))
}

// IsOpen implements Tracker: an issue is open unless its status is of
// the done category.
func (j *Jira) IsOpen(ctx context.Context, ref string) (bool, error) {
	p, err := j.issuePath(ref)
	if err != nil {
		return false, err
	}
	var out struct {
		Fields struct {
			Status struct {
				StatusCategory struct {
					Key string `json:"key"`
				} `json:"statusCategory"`
			} `json:"status"`
		} `json:"fields"`
	}
	if err := j.do(ctx, http.MethodGet, p+"?fields=status", nil, &out); err != nil {
		return false, err
	}
	return out.Fields.Status.StatusCategory.Key != "done", nil
}
