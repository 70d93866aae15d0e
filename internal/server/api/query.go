package api

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/store"
)

// Limits of request input.
const (
	maxValueLen  = 512
	maxCursorLen = 2048
	defaultLimit = 50
	maxLimit     = 500
)

// inputError is a request the client must change: what is wrong and
// what to send instead. Handlers answer it with 400.
type inputError struct{ msg, hint string }

func (e *inputError) Error() string { return e.msg }

func badInput(hint, format string, args ...any) *inputError {
	return &inputError{msg: fmt.Sprintf(format, args...), hint: hint}
}

// Finding statuses a list may ask for: the stored ones and those judged
// when read.
var listStatuses = []string{model.StatusOpen, model.StatusExcepted, model.StatusFalsePositive, model.StatusResolved}

// Finding sort orders of the API: the store's, and due (earliest due
// date first, findings without one last).
const sortDue = "due"

var findingSorts = []string{store.SortRisk, store.SortSeverity, store.SortFirstSeen, sortDue}

// findingFilter is a parsed findings list request.
type findingFilter struct {
	Statuses     []string `json:"status,omitempty"`
	MinSeverity  model.Severity
	RuleID       string `json:"rule,omitempty"`
	Source       string `json:"source,omitempty"`
	Account      string `json:"account,omitempty"`
	Cluster      string `json:"cluster,omitempty"`
	Namespace    string `json:"namespace,omitempty"`
	ResourceType string `json:"resource_type,omitempty"`
	Owner        string `json:"owner,omitempty"`
	Framework    string `json:"framework,omitempty"`
	Text         string `json:"q,omitempty"`
	Overdue      bool   `json:"overdue,omitempty"`
	Combinations bool   `json:"combinations,omitempty"`
	Sort         string `json:"sort"`
	Limit        int    `json:"-"`
	Cursor       string `json:"-"`
}

// findingParams are the query parameters of GET /api/v1/findings.
var findingParams = []string{"status", "min_severity", "rule", "source", "account", "cluster", "namespace", "resource_type", "owner", "framework", "q", "overdue", "sort", "limit", "cursor"}

// checkParams refuses parameters outside known and repeated ones, and
// values that are too long or not printable text.
func checkParams(v url.Values, known []string) error {
	for k, vs := range v {
		if !slices.Contains(known, k) {
			return badInput("known parameters: "+strings.Join(known, ", "), "unknown query parameter %q", clipText(k))
		}
		if len(vs) > 1 {
			return badInput("give it once; list several values comma-separated where the parameter allows it", "query parameter %q is given %d times", k, len(vs))
		}
		if err := checkText(k, vs[0], maxValueLen); err != nil {
			return err
		}
	}
	return nil
}

// checkText refuses a value longer than max or with control or invalid
// characters.
func checkText(name, s string, max int) error {
	if len(s) > max {
		return badInput(fmt.Sprintf("send at most %d bytes", max), "%s is %d bytes long", name, len(s))
	}
	if !utf8.ValidString(s) {
		return badInput("send UTF-8 text", "%s is not valid UTF-8", name)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return badInput("remove control characters (newlines, tabs …)", "%s has a control character", name)
		}
	}
	return nil
}

// clipText shortens untrusted text quoted in an error.
func clipText(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strings.ToValidUTF8(s, "?")
}

// parseFindingFilter reads a findings list request. combinations fixes
// the list to toxic combinations (their own route).
func parseFindingFilter(v url.Values, combinations bool) (*findingFilter, error) {
	if err := checkParams(v, findingParams); err != nil {
		return nil, err
	}
	f := &findingFilter{Sort: store.SortRisk, Limit: defaultLimit, Combinations: combinations,
		RuleID: v.Get("rule"), Source: v.Get("source"), Account: v.Get("account"), Cluster: v.Get("cluster"), Namespace: v.Get("namespace"),
		ResourceType: v.Get("resource_type"), Owner: v.Get("owner"), Framework: v.Get("framework"), Text: v.Get("q"), Cursor: v.Get("cursor")}
	if f.Account != "" && f.Cluster != "" {
		return nil, badInput("give account (AWS) or cluster (Kubernetes)", "account and cluster are both set: a finding has one or the other")
	}
	switch s := v.Get("status"); s {
	case "":
		f.Statuses = []string{model.StatusOpen}
	case "all":
	default:
		for _, st := range strings.Split(s, ",") {
			st = strings.TrimSpace(st)
			if !slices.Contains(listStatuses, st) {
				return nil, badInput("use all, or a comma-separated list of "+strings.Join(listStatuses, ", "), "unknown status %q", clipText(st))
			}
			if !slices.Contains(f.Statuses, st) {
				f.Statuses = append(f.Statuses, st)
			}
		}
		slices.Sort(f.Statuses)
	}
	if s := v.Get("min_severity"); s != "" {
		sev, err := model.ParseSeverity(s)
		if err != nil {
			return nil, badInput("use critical, high, medium, low or info", "min_severity: unknown severity %q", clipText(s))
		}
		f.MinSeverity = sev
	}
	if s := v.Get("overdue"); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, badInput("use overdue=true or overdue=false", "overdue %q is not true or false", clipText(s))
		}
		f.Overdue = b
	}
	if s := v.Get("sort"); s != "" {
		if s == "age" {
			s = store.SortFirstSeen
		}
		if !slices.Contains(findingSorts, s) {
			return nil, badInput("use one of "+strings.Join(findingSorts, ", ")+" (age is first_seen)", "unknown sort %q", clipText(s))
		}
		f.Sort = s
	}
	limit, err := parseLimit(v.Get("limit"))
	if err != nil {
		return nil, err
	}
	f.Limit = limit
	return f, nil
}

func parseLimit(s string) (int, error) {
	if s == "" {
		return defaultLimit, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxLimit {
		return 0, badInput(fmt.Sprintf("send a number from 1 to %d", maxLimit), "limit %q is not a number from 1 to %d", clipText(s), maxLimit)
	}
	return n, nil
}

// digest names the filter (not its limit or cursor): a cursor is only
// good for the query that made it.
func (f *findingFilter) digest() string {
	b, _ := json.Marshal(struct {
		*findingFilter
		Min int `json:"min"`
	}{f, int(f.MinSeverity)})
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:8])
}

// cursor is where a list stopped: the last row it examined. It is
// opaque to clients (base64url of this JSON).
type cursor struct {
	V int `json:"v"`
	// Q is the digest of the filter the list was made with.
	Q string `json:"q"`
	// Key is the last finding's place in the sort order; for due, Due
	// is its due date and NoDue says the list reached the findings
	// without one.
	Key   *store.FindingKey `json:"k,omitempty"`
	Due   time.Time         `json:"d,omitzero"`
	NoDue bool              `json:"n,omitempty"`
	// ID is the last resource id of a resources list.
	ID string `json:"i,omitempty"`
}

const cursorVersion = 1

func encodeCursor(c cursor) string {
	c.V = cursorVersion
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor reads a cursor made for the query with digest q.
func decodeCursor(s, q string) (*cursor, error) {
	if s == "" {
		return nil, nil
	}
	const hint = "send the next_cursor of the previous page unchanged, with the same filters and sort; omit cursor for the first page"
	if len(s) > maxCursorLen {
		return nil, badInput(hint, "cursor is %d bytes long, more than any this server makes", len(s))
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, badInput(hint, "cursor is not one this server made (not base64url)")
	}
	var c cursor
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil || dec.More() {
		return nil, badInput(hint, "cursor is not one this server made")
	}
	switch {
	case c.V != cursorVersion:
		return nil, badInput(hint, "cursor is of version %d, this server reads version %d", c.V, cursorVersion)
	case c.Q != q:
		return nil, badInput(hint, "cursor was made for other filters or another sort")
	case c.Key != nil && (c.Key.Severity < model.SeverityInfo || c.Key.Severity > model.SeverityCritical || c.Key.Risk < 0 || c.Key.Risk > 100 || len(c.Key.Fingerprint) > maxValueLen):
		return nil, badInput(hint, "cursor is not one this server made (its key is out of range)")
	case len(c.ID) > maxCursorLen:
		return nil, badInput(hint, "cursor is not one this server made")
	}
	return &c, nil
}

// resourceFilter is a parsed resources search.
type resourceFilter struct {
	Type      string            `json:"type,omitempty"`
	Account   string            `json:"account,omitempty"`
	Cluster   string            `json:"cluster,omitempty"`
	Namespace string            `json:"namespace,omitempty"`
	Labels    map[string]string `json:"label,omitempty"`
	Limit     int               `json:"-"`
	Cursor    string            `json:"-"`
}

var resourceParams = []string{"type", "account", "cluster", "namespace", "label", "limit", "cursor"}

// parseResourceFilter reads a resources search; label is
// key=value[,key=value…] (every one must match; a value may be empty
// to ask only for the key).
func parseResourceFilter(v url.Values) (*resourceFilter, error) {
	if err := checkParams(v, resourceParams); err != nil {
		return nil, err
	}
	f := &resourceFilter{Type: v.Get("type"), Account: v.Get("account"), Cluster: v.Get("cluster"), Namespace: v.Get("namespace"), Cursor: v.Get("cursor")}
	if f.Account != "" && f.Cluster != "" {
		return nil, badInput("give account (AWS) or cluster (Kubernetes)", "account and cluster are both set: a resource has one or the other")
	}
	if s := v.Get("label"); s != "" {
		f.Labels = map[string]string{}
		for _, kv := range strings.Split(s, ",") {
			k, val, ok := strings.Cut(kv, "=")
			k = strings.TrimSpace(k)
			if !ok || k == "" {
				return nil, badInput("send label=key=value, several comma-separated (label=team=web,env=prod)", "label %q is not key=value", clipText(kv))
			}
			f.Labels[k] = strings.TrimSpace(val)
		}
	}
	limit, err := parseLimit(v.Get("limit"))
	if err != nil {
		return nil, err
	}
	f.Limit = limit
	return f, nil
}

func (f *resourceFilter) digest() string {
	b, _ := json.Marshal(f)
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:8])
}
