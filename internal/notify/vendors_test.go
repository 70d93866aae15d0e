package notify_test

// Loopback servers that check requests the way each vendor documents
// them, and keep what they were sent. Sources:
//   - Slack incoming webhooks: https://api.slack.com/messaging/webhooks
//     and the Block Kit reference (header text ≤ 150, section ≤ 3000).
//   - PagerDuty Events API v2: https://developer.pagerduty.com/api-reference/
//     (POST /v2/enqueue, 202 with status, message, dedup_key).
//   - GitHub REST API 2022-11-28, Issues and Issue comments:
//     https://docs.github.com/en/rest/issues
//   - Jira Cloud REST API v3, issues, comments and transitions:
//     https://developer.atlassian.com/cloud/jira/platform/rest/v3/

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// reply is a scripted answer a server gives before its normal ones.
type reply struct {
	code       int
	retryAfter string
	body       string
}

// base is what every fake vendor shares: a lock, its errors (requests
// that break the vendor's rules), scripted replies, request times.
type base struct {
	mu     sync.Mutex
	errs   []string
	script []reply
	srv    *httptest.Server
	hits   int
}

func (b *base) bad(w http.ResponseWriter, code int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	b.errs = append(b.errs, msg)
	http.Error(w, msg, code)
}

// scripted answers with the next scripted reply, if any.
func (b *base) scripted(w http.ResponseWriter) bool {
	b.hits++
	if len(b.script) == 0 {
		return false
	}
	r := b.script[0]
	b.script = b.script[1:]
	if r.retryAfter != "" {
		w.Header().Set("Retry-After", r.retryAfter)
	}
	w.WriteHeader(r.code)
	io.WriteString(w, r.body)
	return true
}

// check fails t with the requests that broke the vendor's rules.
func (b *base) check(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.errs {
		t.Errorf("%s", e)
	}
}

// vendorSchemas are the request schemas in testdata/vendor, compiled
// once: the vendor's published description of each request.
var vendorSchemas sync.Map

// vendorSchema is the schema $defs/def of testdata/vendor/file.
func vendorSchema(file, def string) *jsonschema.Schema {
	key := file + "#/$defs/" + def
	if s, ok := vendorSchemas.Load(key); ok {
		return s.(*jsonschema.Schema)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	raw, err := os.ReadFile(filepath.Join("testdata", "vendor", file))
	if err != nil {
		panic(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		panic(fmt.Sprintf("%s: %v", file, err))
	}
	if err := c.AddResource(file, doc); err != nil {
		panic(err)
	}
	s, err := c.Compile(key)
	if err != nil {
		panic(fmt.Sprintf("%s: %v", key, err))
	}
	vendorSchemas.Store(key, s)
	return s
}

// decodeJSON checks a request's JSON body against the vendor's
// description (schema), then decodes it into v, refusing fields v does
// not know.
func decodeJSON(r *http.Request, v any, schema *jsonschema.Schema) error {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("Content-Type %q, want application/json", ct)
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("not JSON: %v", err)
	}
	if err := schema.Validate(inst); err != nil {
		return fmt.Errorf("not as the vendor describes the request: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// ---- Slack ----

type slackServer struct {
	base
	path string
	msgs []slackMsg
}

type slackMsg struct {
	Text   string `json:"text"`
	Blocks []struct {
		Type string `json:"type"`
		Text *struct {
			Type string `json:"type"`
			Text string `json:"text"`
		} `json:"text"`
	} `json:"blocks"`
}

func newSlack(t *testing.T) *slackServer {
	s := &slackServer{path: "/services/T0001/B0001/s3cr3tSlackToken"}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.scripted(w) {
			return
		}
		if r.Method != http.MethodPost || r.URL.Path != s.path {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, "no_service")
			return
		}
		var m slackMsg
		if err := decodeJSON(r, &m, vendorSchema("slack-webhook.json", "message")); err != nil {
			s.bad(w, http.StatusBadRequest, "slack: invalid_payload: %v", err)
			return
		}
		if m.Text == "" {
			s.bad(w, http.StatusBadRequest, "slack: no_text")
			return
		}
		for _, b := range m.Blocks {
			switch {
			case b.Text == nil:
				s.bad(w, http.StatusBadRequest, "slack: invalid_blocks: %s block without text", b.Type)
				return
			case b.Type == "header" && (b.Text.Type != "plain_text" || len([]rune(b.Text.Text)) > 150):
				s.bad(w, http.StatusBadRequest, "slack: invalid_blocks: header must be plain_text of at most 150 characters")
				return
			case b.Type == "section" && (b.Text.Type != "mrkdwn" && b.Text.Type != "plain_text" || len([]rune(b.Text.Text)) > 3000):
				s.bad(w, http.StatusBadRequest, "slack: invalid_blocks: section text too long or of a bad type")
				return
			case b.Type != "header" && b.Type != "section":
				s.bad(w, http.StatusBadRequest, "slack: invalid_blocks: unexpected block %s", b.Type)
				return
			}
		}
		s.msgs = append(s.msgs, m)
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, "ok")
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *slackServer) url() string { return s.srv.URL + s.path }

func (s *slackServer) messages() []slackMsg {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]slackMsg(nil), s.msgs...)
}

// ---- PagerDuty ----

type pdServer struct {
	base
	key    string
	events []map[string]any
	alerts map[string]string // dedup_key → triggered, resolved
}

func newPagerDuty(t *testing.T) *pdServer {
	s := &pdServer{key: "R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY01", alerts: map[string]string{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.scripted(w) {
			return
		}
		if r.Method != http.MethodPost || r.URL.Path != "/v2/enqueue" {
			s.bad(w, http.StatusNotFound, "pagerduty: %s %s is not the Events API v2", r.Method, r.URL.Path)
			return
		}
		var ev struct {
			RoutingKey  string         `json:"routing_key"`
			EventAction string         `json:"event_action"`
			DedupKey    string         `json:"dedup_key"`
			Payload     map[string]any `json:"payload"`
			Links       []struct {
				Href string `json:"href"`
				Text string `json:"text"`
			} `json:"links"`
			Images []any  `json:"images"`
			Client string `json:"client"`
		}
		if err := decodeJSON(r, &ev, vendorSchema("pagerduty-events-v2.json", "event")); err != nil {
			s.bad(w, http.StatusBadRequest, "pagerduty: invalid event: %v", err)
			return
		}
		switch {
		case ev.RoutingKey != s.key:
			s.bad(w, http.StatusBadRequest, "pagerduty: wrong routing_key")
			return
		case ev.EventAction != "trigger" && ev.EventAction != "acknowledge" && ev.EventAction != "resolve":
			s.bad(w, http.StatusBadRequest, "pagerduty: event_action %q", ev.EventAction)
			return
		case ev.EventAction != "trigger" && ev.DedupKey == "":
			s.bad(w, http.StatusBadRequest, "pagerduty: %s needs a dedup_key", ev.EventAction)
			return
		case len(ev.DedupKey) > 255:
			s.bad(w, http.StatusBadRequest, "pagerduty: dedup_key longer than 255")
			return
		}
		if ev.EventAction == "trigger" {
			p := ev.Payload
			sum, _ := p["summary"].(string)
			src, _ := p["source"].(string)
			sev, _ := p["severity"].(string)
			if sum == "" || len(sum) > 1024 || src == "" || !regexp.MustCompile(`^(critical|error|warning|info)$`).MatchString(sev) {
				s.bad(w, http.StatusBadRequest, "pagerduty: trigger payload needs summary (≤1024), source and severity critical|error|warning|info: %v", p)
				return
			}
			for k := range p {
				if !regexp.MustCompile(`^(summary|source|severity|timestamp|component|group|class|custom_details)$`).MatchString(k) {
					s.bad(w, http.StatusBadRequest, "pagerduty: unknown payload field %s", k)
					return
				}
			}
			s.alerts[ev.DedupKey] = "triggered"
		} else if ev.EventAction == "resolve" {
			s.alerts[ev.DedupKey] = "resolved"
		}
		raw, _ := json.Marshal(ev)
		var m map[string]any
		json.Unmarshal(raw, &m)
		s.events = append(s.events, m)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusAccepted)
		json.NewEncoder(w).Encode(map[string]string{"status": "success", "message": "Event processed", "dedup_key": ev.DedupKey})
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *pdServer) url() string { return s.srv.URL + "/v2/enqueue" }

// ---- GitHub ----

type ghIssue struct {
	Number      int      `json:"number"`
	Title       string   `json:"title"`
	Body        string   `json:"body"`
	State       string   `json:"state"`
	StateReason string   `json:"state_reason,omitempty"`
	Labels      []string `json:"-"`
	Comments    []string `json:"-"`
}

type ghServer struct {
	base
	repo, token string
	issues      map[int]*ghIssue
}

func newGitHub(t *testing.T) *ghServer {
	s := &ghServer{repo: "example/infra", token: "ghp_S3cr3tGitHubToken000000000000", issues: map[int]*ghIssue{}}
	issuesPath := "/repos/" + s.repo + "/issues"
	one := regexp.MustCompile(`^` + issuesPath + `/([1-9][0-9]*)(/comments)?$`)
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.scripted(w) {
			return
		}
		switch {
		case r.Header.Get("Authorization") != "Bearer "+s.token:
			s.bad(w, http.StatusUnauthorized, "github: Bad credentials")
			return
		case r.Header.Get("Accept") != "application/vnd.github+json":
			s.bad(w, http.StatusBadRequest, "github: Accept %q, want application/vnd.github+json", r.Header.Get("Accept"))
			return
		case r.Header.Get("X-GitHub-Api-Version") != "2022-11-28":
			s.bad(w, http.StatusBadRequest, "github: X-GitHub-Api-Version %q", r.Header.Get("X-GitHub-Api-Version"))
			return
		case r.Header.Get("User-Agent") == "":
			s.bad(w, http.StatusForbidden, "github: requests need a User-Agent")
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		if r.URL.Path == issuesPath && r.Method == http.MethodPost {
			var in struct {
				Title     string   `json:"title"`
				Body      string   `json:"body"`
				Labels    []string `json:"labels"`
				Assignees []string `json:"assignees"`
				Milestone any      `json:"milestone"`
			}
			if err := decodeJSON(r, &in, vendorSchema("github-issues.json", "create")); err != nil || in.Title == "" {
				s.bad(w, http.StatusUnprocessableEntity, "github: create issue: title is required (%v)", err)
				return
			}
			is := &ghIssue{Number: len(s.issues) + 1, Title: in.Title, Body: in.Body, State: "open", Labels: in.Labels}
			s.issues[is.Number] = is
			w.WriteHeader(http.StatusCreated)
			json.NewEncoder(w).Encode(is)
			return
		}
		m := one.FindStringSubmatch(r.URL.Path)
		if m == nil {
			s.bad(w, http.StatusNotFound, "github: no route %s %s", r.Method, r.URL.Path)
			return
		}
		n, _ := strconv.Atoi(m[1])
		is := s.issues[n]
		if is == nil {
			s.bad(w, http.StatusNotFound, "github: no issue %d", n)
			return
		}
		switch {
		case m[2] == "/comments" && r.Method == http.MethodPost:
			var in struct {
				Body string `json:"body"`
			}
			if err := decodeJSON(r, &in, vendorSchema("github-issues.json", "comment")); err != nil || in.Body == "" {
				s.bad(w, http.StatusUnprocessableEntity, "github: comment body is required (%v)", err)
				return
			}
			is.Comments = append(is.Comments, in.Body)
			w.WriteHeader(http.StatusCreated)
			json.NewEncoder(w).Encode(map[string]any{"id": len(is.Comments), "body": in.Body})
		case m[2] == "" && r.Method == http.MethodGet:
			json.NewEncoder(w).Encode(is)
		case m[2] == "" && r.Method == http.MethodPatch:
			var in struct {
				Title       *string `json:"title"`
				Body        *string `json:"body"`
				State       string  `json:"state"`
				StateReason string  `json:"state_reason"`
			}
			if err := decodeJSON(r, &in, vendorSchema("github-issues.json", "update")); err != nil {
				s.bad(w, http.StatusUnprocessableEntity, "github: update issue: %v", err)
				return
			}
			if in.State != "" && in.State != "open" && in.State != "closed" {
				s.bad(w, http.StatusUnprocessableEntity, "github: state %q", in.State)
				return
			}
			if in.StateReason != "" && !regexp.MustCompile(`^(completed|not_planned|duplicate|reopened)$`).MatchString(in.StateReason) {
				s.bad(w, http.StatusUnprocessableEntity, "github: state_reason %q", in.StateReason)
				return
			}
			if in.State != "" {
				is.State, is.StateReason = in.State, in.StateReason
			}
			json.NewEncoder(w).Encode(is)
		default:
			s.bad(w, http.StatusNotFound, "github: no route %s %s", r.Method, r.URL.Path)
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *ghServer) issue(n int) ghIssue {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.issues[n] == nil {
		return ghIssue{}
	}
	is := *s.issues[n]
	is.Comments = append([]string(nil), is.Comments...)
	return is
}

func (s *ghServer) closeByHand(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.issues[n].State = "closed"
}

// ---- Jira ----

type jiraIssue struct {
	Key, Summary, Status string // status: To Do, In Progress, Done
	Comments             []any
	Description          map[string]any
}

type jiraServer struct {
	base
	project, email, token string
	issues                map[string]*jiraIssue
}

var jiraCategory = map[string]string{"To Do": "new", "In Progress": "indeterminate", "Done": "done"}

// jiraWorkflow is the transitions from each status: id → target.
var jiraWorkflow = map[string]map[string]string{
	"To Do":       {"11": "In Progress", "31": "Done"},
	"In Progress": {"31": "Done", "41": "To Do"},
	"Done":        {"51": "To Do"},
}

// checkADF checks a document in the Atlassian Document Format: type doc,
// version 1, content of paragraphs holding text nodes.
func checkADF(v any) error {
	doc, ok := v.(map[string]any)
	if !ok || doc["type"] != "doc" || doc["version"] != float64(1) {
		return fmt.Errorf("not an ADF document (type doc, version 1): %v", v)
	}
	content, ok := doc["content"].([]any)
	if !ok {
		return fmt.Errorf("ADF document without content")
	}
	for _, c := range content {
		p, ok := c.(map[string]any)
		if !ok || p["type"] != "paragraph" {
			return fmt.Errorf("ADF block %v is not a paragraph", c)
		}
		inner, _ := p["content"].([]any)
		for _, in := range inner {
			tn, ok := in.(map[string]any)
			if !ok || tn["type"] != "text" || tn["text"] == "" {
				return fmt.Errorf("ADF inline %v is not a non-empty text node", in)
			}
		}
	}
	return nil
}

func newJira(t *testing.T) *jiraServer {
	s := &jiraServer{project: "SEC", email: "bot@example.com", token: "ATATT3xS3cr3tJiraToken", issues: map[string]*jiraIssue{}}
	one := regexp.MustCompile(`^/rest/api/3/issue/([A-Z][A-Z0-9_]+-[0-9]+)(/comment|/transitions)?$`)
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.scripted(w) {
			return
		}
		want := "Basic " + base64.StdEncoding.EncodeToString([]byte(s.email+":"+s.token))
		if r.Header.Get("Authorization") != want {
			s.bad(w, http.StatusUnauthorized, "jira: not signed in with email and API token")
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/rest/api/3/issue" && r.Method == http.MethodPost {
			var in struct {
				Fields struct {
					Project     struct{ Key string }  `json:"project"`
					IssueType   struct{ Name string } `json:"issuetype"`
					Summary     string                `json:"summary"`
					Description map[string]any        `json:"description"`
					Labels      []string              `json:"labels"`
				} `json:"fields"`
			}
			if err := decodeJSON(r, &in, vendorSchema("jira-v3.json", "create")); err != nil {
				s.bad(w, http.StatusBadRequest, "jira: create: %v", err)
				return
			}
			f := in.Fields
			switch {
			case f.Project.Key != s.project:
				s.bad(w, http.StatusBadRequest, "jira: project %q", f.Project.Key)
				return
			case f.IssueType.Name == "":
				s.bad(w, http.StatusBadRequest, "jira: issuetype is required")
				return
			case f.Summary == "" || len([]rune(f.Summary)) > 255 || strings.ContainsAny(f.Summary, "\r\n"):
				s.bad(w, http.StatusBadRequest, "jira: summary must be one line of at most 255 characters")
				return
			}
			for _, l := range f.Labels {
				if strings.ContainsAny(l, " \t") {
					s.bad(w, http.StatusBadRequest, "jira: label %q has a space", l)
					return
				}
			}
			if err := checkADF(f.Description); err != nil {
				s.bad(w, http.StatusBadRequest, "jira: description: %v", err)
				return
			}
			key := fmt.Sprintf("%s-%d", s.project, len(s.issues)+1)
			s.issues[key] = &jiraIssue{Key: key, Summary: f.Summary, Status: "To Do", Description: f.Description}
			w.WriteHeader(http.StatusCreated)
			json.NewEncoder(w).Encode(map[string]string{"id": strconv.Itoa(10000 + len(s.issues)), "key": key, "self": s.srv.URL + "/rest/api/3/issue/" + key})
			return
		}
		m := one.FindStringSubmatch(r.URL.Path)
		if m == nil || s.issues[m[1]] == nil {
			s.bad(w, http.StatusNotFound, "jira: no route or issue %s %s", r.Method, r.URL.Path)
			return
		}
		is := s.issues[m[1]]
		switch {
		case m[2] == "" && r.Method == http.MethodGet:
			json.NewEncoder(w).Encode(map[string]any{"key": is.Key, "fields": map[string]any{"status": map[string]any{"name": is.Status, "statusCategory": map[string]any{"key": jiraCategory[is.Status]}}}})
		case m[2] == "/comment" && r.Method == http.MethodPost:
			var in struct {
				Body any `json:"body"`
			}
			if err := decodeJSON(r, &in, vendorSchema("jira-v3.json", "comment")); err != nil {
				s.bad(w, http.StatusBadRequest, "jira: comment: %v", err)
				return
			}
			if err := checkADF(in.Body); err != nil {
				s.bad(w, http.StatusBadRequest, "jira: comment body: %v", err)
				return
			}
			is.Comments = append(is.Comments, in.Body)
			w.WriteHeader(http.StatusCreated)
			json.NewEncoder(w).Encode(map[string]any{"id": strconv.Itoa(len(is.Comments))})
		case m[2] == "/transitions" && r.Method == http.MethodGet:
			var ts []any
			for id, to := range jiraWorkflow[is.Status] {
				ts = append(ts, map[string]any{"id": id, "name": "to " + to, "to": map[string]any{"name": to, "statusCategory": map[string]any{"key": jiraCategory[to]}}})
			}
			json.NewEncoder(w).Encode(map[string]any{"transitions": ts})
		case m[2] == "/transitions" && r.Method == http.MethodPost:
			var in struct {
				Transition struct {
					ID string `json:"id"`
				} `json:"transition"`
			}
			if err := decodeJSON(r, &in, vendorSchema("jira-v3.json", "transition")); err != nil {
				s.bad(w, http.StatusBadRequest, "jira: transition: %v", err)
				return
			}
			to, ok := jiraWorkflow[is.Status][in.Transition.ID]
			if !ok {
				s.bad(w, http.StatusBadRequest, "jira: transition %q is not valid from %s", in.Transition.ID, is.Status)
				return
			}
			is.Status = to
			w.WriteHeader(http.StatusNoContent)
		default:
			s.bad(w, http.StatusMethodNotAllowed, "jira: %s %s", r.Method, r.URL.Path)
		}
	}))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *jiraServer) issue(key string) jiraIssue {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.issues[key] == nil {
		return jiraIssue{}
	}
	return *s.issues[key]
}

func (s *jiraServer) setStatus(key, status string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.issues[key].Status = status
}

// TestVendorSchemas: the vendor request schemas the fake servers check
// against accept what the vendors document and refuse what they do not.
func TestVendorSchemas(t *testing.T) {
	for _, tc := range []struct {
		file, def, body string
		ok              bool
	}{
		{"pagerduty-events-v2.json", "event", `{"routing_key":"k","event_action":"trigger","dedup_key":"d","payload":{"summary":"s","source":"h","severity":"error"}}`, true},
		{"pagerduty-events-v2.json", "event", `{"routing_key":"k","event_action":"trigger"}`, false},
		{"pagerduty-events-v2.json", "event", `{"routing_key":"k","event_action":"resolve"}`, false},
		{"pagerduty-events-v2.json", "event", `{"routing_key":"k","event_action":"trigger","payload":{"summary":"s","source":"h","severity":"high"}}`, false},
		{"github-issues.json", "create", `{"title":"t","body":"b","labels":["vigil"]}`, true},
		{"github-issues.json", "create", `{"body":"b"}`, false},
		{"github-issues.json", "update", `{"state":"closed","state_reason":"completed"}`, true},
		{"github-issues.json", "update", `{"state_reason":"completed"}`, false},
		{"github-issues.json", "update", `{"state":"done"}`, false},
		{"github-issues.json", "comment", `{"body":""}`, false},
		{"jira-v3.json", "create", `{"fields":{"project":{"key":"SEC"},"issuetype":{"name":"Task"},"summary":"s","description":{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"x"}]}]}}}`, true},
		{"jira-v3.json", "create", `{"fields":{"project":{"key":"SEC"},"issuetype":{"name":"Task"},"summary":"a\nb"}}`, false},
		{"jira-v3.json", "comment", `{"body":"plain text is API v2, not v3"}`, false},
		{"jira-v3.json", "transition", `{"transition":{"id":"31"}}`, true},
		{"jira-v3.json", "transition", `{"transition":{"id":31}}`, false},
		{"slack-webhook.json", "message", `{"text":"t","blocks":[{"type":"header","text":{"type":"plain_text","text":"h"}}]}`, true},
		{"slack-webhook.json", "message", `{"blocks":[{"type":"header","text":{"type":"mrkdwn","text":"h"}}]}`, false},
		{"slack-webhook.json", "message", `{}`, false},
	} {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(tc.body))
		if err != nil {
			t.Fatal(err)
		}
		err = vendorSchema(tc.file, tc.def).Validate(inst)
		if (err == nil) != tc.ok {
			t.Errorf("%s %s %s: valid=%v, want %v (%v)", tc.file, tc.def, tc.body, err == nil, tc.ok, err)
		}
	}
}
