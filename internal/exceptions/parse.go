package exceptions

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/diag"
)

// MaxFileSize is the largest exceptions file Parse reads.
const MaxFileSize = 8 << 20

// idRE is the form of an exception id.
var idRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$`)

const dateLayout = "2006-01-02"

// keys of an exception and of its resource selector, in file order.
var (
	exceptionKeys = []string{"id", "rule", "resource", "reason", "owner", "approved_by", "created", "expires"}
	selectorKeys  = []string{"id", "type", "provider", "account", "region", "namespace", "labels", "tags"}
)

type parser struct{ diag.YAML }

func (p *parser) fail(line int, format string, args ...any) { p.Add(line, 0, format, args...) }

// Parse reads an exceptions file:
//
//	version: 1
//	exceptions:
//	  - id: legacy-privileged
//	    rule: k8s-privileged-container
//	    resource: {namespace: legacy, labels: {team: payments}}
//	    reason: vendor agent needs host access (SEC-123)
//	    owner: team-payments
//	    approved_by: alice@example.com
//	    created: 2026-12-01
//	    expires: 2027-02-28
//
// maxTTL bounds expires - created (0: no bound). Every mistake is
// reported as *diag.Errors with file:line and what to do; nothing is returned
// then.
func Parse(file string, data []byte, maxTTL time.Duration) (set []Exception, err error) {
	p := &parser{diag.YAML{List: diag.List{File: file}}}
	switch {
	case len(data) > MaxFileSize:
		p.fail(0, "the file is larger than %d MiB: is it the right file?", MaxFileSize>>20)
		return nil, p.Err()
	case !utf8.Valid(data):
		p.fail(0, "the file is not UTF-8 text")
		return nil, p.Err()
	}
	defer func() {
		if r := recover(); r != nil {
			p.Reset()
			p.fail(0, "the file could not be read as YAML (%v): check its syntax", r)
			set, err = nil, p.Err()
		}
	}()
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.fail(0, "the file is empty: write version: 1 and a list under exceptions:")
			return nil, p.Err()
		}
		line := 0
		msg := err.Error()
		if _, rest, ok := strings.Cut(msg, "line "); ok {
			_, _ = fmt.Sscanf(rest, "%d", &line)
		}
		p.fail(line, "%s: check the YAML syntax", strings.TrimPrefix(msg, "yaml: "))
		return nil, p.Err()
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		p.fail(extra.Line, "the file holds more than one YAML document: keep one")
		return nil, p.Err()
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	set = p.document(root, maxTTL)
	if err := p.Err(); err != nil {
		return nil, err
	}
	sortByID(set)
	return set, nil
}

// mapping walks a mapping's keys, rejecting unknown and repeated ones.
func (p *parser) mapping(n *yaml.Node, what string, known []string, each func(key string, k, v *yaml.Node)) bool {
	if n = p.Resolve(n); n == nil {
		return false
	}
	if n.Kind != yaml.MappingNode {
		p.fail(n.Line, "%s must be a mapping with keys %s", what, strings.Join(known, ", "))
		return false
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := p.Resolve(n.Content[i])
		if k == nil || k.Kind != yaml.ScalarNode {
			p.fail(n.Content[i].Line, "%s: a key must be a name", what)
			continue
		}
		if first, dup := seen[k.Value]; dup {
			p.fail(k.Line, "%s: %s is set twice (first on line %d): keep one", what, k.Value, first)
			continue
		}
		seen[k.Value] = k.Line
		ok := false
		for _, name := range known {
			ok = ok || name == k.Value
		}
		if !ok {
			p.fail(k.Line, "unknown key %q in %s: use %s", k.Value, what, strings.Join(known, ", "))
			continue
		}
		each(k.Value, k, n.Content[i+1])
	}
	return true
}

func (p *parser) document(root *yaml.Node, maxTTL time.Duration) []Exception {
	var set []Exception
	version := false
	top := p.Resolve(root)
	if top == nil {
		p.fail(root.Line, "the file is empty: write version: 1 and a list under exceptions:")
		return nil
	}
	p.mapping(top, "the file", []string{"version", "exceptions"}, func(key string, k, v *yaml.Node) {
		switch key {
		case "version":
			version = true
			if v = p.Resolve(v); v == nil || v.Kind != yaml.ScalarNode || v.Value != "1" {
				p.fail(k.Line, "version must be 1, the only version of the exceptions file")
			}
		case "exceptions":
			set = p.list(v, maxTTL)
		}
	})
	if !version && top.Kind == yaml.MappingNode {
		p.fail(top.Line, "the file has no version: write version: 1 at the top")
	}
	ids := map[string]int{}
	for _, e := range set {
		if first, dup := ids[e.ID]; dup && e.ID != "" {
			p.fail(e.Line, "exception id %q is used twice (first on line %d): give each exception its own id", e.ID, first)
			continue
		}
		ids[e.ID] = e.Line
	}
	return set
}

func (p *parser) list(n *yaml.Node, maxTTL time.Duration) []Exception {
	if n = p.Resolve(n); n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.fail(n.Line, "exceptions must be a list of exceptions, each starting with - id: …")
		return nil
	}
	var out []Exception
	for _, item := range n.Content {
		if e, ok := p.exception(item, maxTTL); ok {
			out = append(out, e)
		}
	}
	return out
}

// str reads a string value.
func (p *parser) str(k, v *yaml.Node, what string) string {
	v = p.Resolve(v)
	if v == nil {
		p.fail(k.Line, "%s is empty: give a value", what)
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		p.fail(v.Line, "%s must be a string", what)
		return ""
	}
	return strings.TrimSpace(v.Value)
}

// date reads a YYYY-MM-DD value.
func (p *parser) date(k, v *yaml.Node, what string) (time.Time, bool) {
	s := p.str(k, v, what)
	if s == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		p.fail(k.Line, "%s %q is not a date: write YYYY-MM-DD", what, s)
		return time.Time{}, false
	}
	return t, true
}

func (p *parser) exception(n *yaml.Node, maxTTL time.Duration) (Exception, bool) {
	e := Exception{File: p.File, Line: n.Line}
	before := p.Len()
	var created, expires bool
	strs := map[string]*string{"id": &e.ID, "rule": &e.Rule, "reason": &e.Reason, "owner": &e.Owner, "approved_by": &e.ApprovedBy}
	ok := p.mapping(n, "an exception", exceptionKeys, func(key string, k, v *yaml.Node) {
		what := "exception " + key
		switch key {
		case "resource":
			p.selector(v, &e.Resource)
		case "created":
			e.Created, created = p.date(k, v, what)
		case "expires":
			e.Expires, expires = p.date(k, v, what)
		default:
			*strs[key] = p.str(k, v, what)
		}
		if key == "id" && e.ID != "" && !idRE.MatchString(e.ID) {
			p.fail(k.Line, "exception id %q: use letters, digits, '.', '_' and '-' (at most 128)", e.ID)
		}
	})
	if !ok {
		if p.Resolve(n) == nil {
			p.fail(n.Line, "an exception is empty: write id, rule, resource, reason, owner, approved_by, created and expires")
		}
		return e, false
	}
	name := "exception"
	if e.ID != "" {
		name = fmt.Sprintf("exception %q", e.ID)
	}
	for _, req := range []struct{ key, val string }{{"id", e.ID}, {"rule", e.Rule}, {"reason", e.Reason}, {"owner", e.Owner}, {"approved_by", e.ApprovedBy}} {
		if req.val == "" {
			p.fail(e.Line, "%s has no %s: every exception needs id, rule, reason, owner, approved_by, created and expires", name, req.key)
		}
	}
	switch {
	case !expires:
		p.fail(e.Line, "%s has no expires date: write expires: YYYY-MM-DD (exceptions must expire)", name)
	case !created:
		p.fail(e.Line, "%s has no created date: write created: YYYY-MM-DD", name)
	case !e.Expires.After(e.Created):
		p.fail(e.Line, "%s expires (%s) on or before it was created (%s): give a later expires date", name, e.Expires.Format(dateLayout), e.Created.Format(dateLayout))
	case maxTTL > 0 && e.Expires.Sub(e.Created) > maxTTL:
		p.fail(e.Line, "%s lasts %d days, more than the %d days exceptions.max_ttl in vigil.yaml allows: set expires on or before %s", name,
			int(e.Expires.Sub(e.Created)/(24*time.Hour)), int(maxTTL/(24*time.Hour)), e.Created.Add(maxTTL).Format(dateLayout))
	}
	if e.Rule == "*" && e.Resource.empty() {
		p.fail(e.Line, "%s excepts every rule on every resource: name a rule or select resources", name)
	}
	return e, p.Len() == before
}

func (s *Selector) empty() bool {
	return s.ID == "" && s.Type == "" && s.Provider == "" && s.Account == "" && s.Region == "" && s.Namespace == "" && len(s.Labels) == 0
}

func (p *parser) selector(n *yaml.Node, s *Selector) {
	p.mapping(n, "an exception's resource", selectorKeys, func(key string, k, v *yaml.Node) {
		strs := map[string]*string{"id": &s.ID, "type": &s.Type, "provider": &s.Provider, "account": &s.Account, "region": &s.Region, "namespace": &s.Namespace}
		switch key {
		default:
			*strs[key] = p.str(k, v, "resource "+key)
		case "labels", "tags":
			lv := p.Resolve(v)
			if lv != nil && lv.Kind != yaml.MappingNode {
				p.fail(lv.Line, "resource %s must be a mapping of name: value (a glob)", key)
			}
			if lv != nil && lv.Kind == yaml.MappingNode {
				for i := 0; i+1 < len(lv.Content); i += 2 {
					lk := p.Resolve(lv.Content[i])
					if lk == nil || lk.Kind != yaml.ScalarNode {
						continue
					}
					if s.Labels == nil {
						s.Labels = map[string]string{}
					}
					if _, dup := s.Labels[lk.Value]; dup {
						p.fail(lk.Line, "label %q is given twice (labels and tags are one map): keep one", lk.Value)
					}
					s.Labels[lk.Value] = p.str(lk, lv.Content[i+1], "label "+lk.Value)
				}
			}
		}
	})
}
