package notify

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// GitHubAPI is the GitHub REST API's base URL.
const GitHubAPI = "https://api.github.com"

// GitHub keeps tickets as issues of one repository, through the REST
// API (v3, version 2022-11-28): create an issue, comment on it, close
// it as completed, reopen it.
type GitHub struct {
	base, repo, token string
	c                 *client
}

// NewGitHub returns a tracker for repo ("owner/name") with token (a
// secret), calling base ("": GitHubAPI).
func NewGitHub(repo, token, base string, hc *http.Client) *GitHub {
	if base == "" {
		base = GitHubAPI
	}
	return &GitHub{base: strings.TrimRight(base, "/"), repo: repo, token: token, c: newClient("github", hc, token)}
}

func (g *GitHub) headers() http.Header {
	h := http.Header{}
	h.Set("Accept", "application/vnd.github+json")
	h.Set("Authorization", "Bearer "+g.token)
	h.Set("X-GitHub-Api-Version", "2022-11-28")
	return h
}

func (g *GitHub) issueURL(ref string) (string, error) {
	n, err := strconv.Atoi(strings.TrimPrefix(ref, "#"))
	if err != nil || n < 1 {
		return "", &permanentError{fmt.Errorf("github: %q is not an issue number", ref)}
	}
	return fmt.Sprintf("%s/repos/%s/issues/%d", g.base, g.repo, n), nil
}

// do calls the API; GitHub's secondary rate limit answers 403 with
// x-ratelimit-remaining 0, which is retried like a 429.
func (g *GitHub) do(ctx context.Context, method, u string, body, out any) error {
	err := g.c.do(ctx, method, u, g.headers(), body, out)
	if se, ok := err.(*StatusError); ok && se.Code == http.StatusForbidden && strings.Contains(strings.ToLower(se.Body), "rate limit") {
		se.Code = http.StatusTooManyRequests
		if se.RetryAfter == 0 {
			se.RetryAfter = time.Minute
		}
	}
	return err
}

type ghIssue struct {
	Number int    `json:"number"`
	State  string `json:"state"`
}

// Open implements Tracker: the issue's title is the finding's headline
// without its change, its body the finding, labelled vigil and the
// severity.
func (g *GitHub) Open(ctx context.Context, m *Message) (string, error) {
	f := m.Finding
	body := map[string]any{
		"title":  cut(fmt.Sprintf("[%s] %s — %s", strings.ToUpper(f.Severity), f.Title, f.Resource.ID), 256),
		"body":   cut(m.Text(), 65536),
		"labels": []string{"vigil", "severity:" + f.Severity},
	}
	var is ghIssue
	if err := g.do(ctx, http.MethodPost, fmt.Sprintf("%s/repos/%s/issues", g.base, g.repo), body, &is); err != nil {
		return "", err
	}
	if is.Number < 1 {
		return "", fmt.Errorf("github: created issue has no number")
	}
	return strconv.Itoa(is.Number), nil
}

// Comment implements Tracker.
func (g *GitHub) Comment(ctx context.Context, ref string, m *Message) error {
	u, err := g.issueURL(ref)
	if err != nil {
		return err
	}
	return g.do(ctx, http.MethodPost, u+"/comments", map[string]string{"body": cut(m.Text(), 65536)}, nil)
}

// Close implements Tracker: a comment, then the issue closed as
// completed (a fix) or not planned (an exception, a false positive).
func (g *GitHub) Close(ctx context.Context, ref string, m *Message) error {
	if err := g.Comment(ctx, ref, m); err != nil {
		return err
	}
	u, _ := g.issueURL(ref)
	reason := "completed"
	if m.Change != ChangeResolved {
		reason = "not_planned"
	}
	return g.do(ctx, http.MethodPatch, u, map[string]string{"state": "closed", "state_reason": reason}, nil)
}

// Reopen implements Tracker.
func (g *GitHub) Reopen(ctx context.Context, ref string, m *Message) error {
	u, err := g.issueURL(ref)
	if err != nil {
		return err
	}
	if err := g.do(ctx, http.MethodPatch, u, map[string]string{"state": "open", "state_reason": "reopened"}, nil); err != nil {
		return err
	}
	return g.Comment(ctx, ref, reopenNote(m))
}

// IsOpen implements Tracker.
func (g *GitHub) IsOpen(ctx context.Context, ref string) (bool, error) {
	u, err := g.issueURL(ref)
	if err != nil {
		return false, err
	}
	var is ghIssue
	if err := g.do(ctx, http.MethodGet, u, nil, &is); err != nil {
		return false, err
	}
	return is.State == "open", nil
}

// reopenNote is the comment on a ticket reopened because its finding is
// still open.
func reopenNote(m *Message) *Message {
	c := *m
	c.Change = "still open (ticket reopened by Vigil)"
	return &c
}
