package config

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Serve is how vigil serve runs: where it listens, what it keeps under
// scheduled scans (Connectors), which refs of pushed IaC scans count
// (IaC), where notifications go (Channels, Routes), who may use it
// (Auth) and how long history is kept (Retention).
type Serve struct {
	// Listen is the host:port the server listens on.
	Listen string `yaml:"listen" json:"listen"`
	// PublicURL is the absolute http(s) URL users reach the server at
	// (behind a proxy), for links in notifications; "" when unset.
	PublicURL string `yaml:"public_url,omitempty" json:"public_url,omitempty"`
	// TLS makes the server speak HTTPS itself; nil for plain HTTP (a
	// reverse proxy terminating TLS).
	TLS        *TLS                `yaml:"tls,omitempty" json:"tls,omitempty"`
	Connectors []Connector         `yaml:"connectors" json:"connectors"`
	IaC        IaC                 `yaml:"iac" json:"iac"`
	Channels   map[string]*Channel `yaml:"channels" json:"channels"`
	Routes     []Route             `yaml:"routes" json:"routes"`
	Auth       Auth                `yaml:"auth" json:"auth"`
	Retention  Retention           `yaml:"retention" json:"retention"`
	// AnnounceFirstScan announces each finding a scope's first scan
	// finds, one by one; by default a first scan is a baseline, summed
	// up once per channel.
	AnnounceFirstScan bool `yaml:"announce_first_scan,omitempty" json:"announce_first_scan,omitempty"`
}

// TLS is the server's certificate and key, PEM files (relative paths
// are read from the configuration file's directory: Config.Path).
type TLS struct {
	CertFile string `yaml:"cert_file" json:"cert_file"`
	KeyFile  string `yaml:"key_file" json:"key_file"`
}

// IaC is how scans pushed from CI enter the store.
type IaC struct {
	// DefaultBranches are the refs (branch names, as --ref gives them)
	// whose pushed scans enter the findings lifecycle; other refs are
	// stored as checks only.
	DefaultBranches []string `yaml:"default_branches" json:"default_branches"`
}

// Retention is how long history is kept.
type Retention struct {
	// History is how old scan history may get before it is compacted.
	History Duration `yaml:"history" json:"history"`
	// AuditPeriod is the span whose history is never compacted: History
	// is at least as long.
	AuditPeriod Duration `yaml:"audit_period" json:"audit_period"`
}

// defaultServe is the serve section of a file without one.
func defaultServe() Serve {
	return Serve{
		Listen:     "127.0.0.1:8080",
		Connectors: []Connector{},
		IaC:        IaC{DefaultBranches: []string{"main", "master"}},
		Channels:   map[string]*Channel{},
		Routes:     []Route{},
		Auth:       Auth{Tokens: []Token{}, SessionTTL: Duration(12 * time.Hour)},
		Retention:  Retention{History: Duration(400 * Day), AuditPeriod: Duration(365 * Day)},
	}
}

// Path returns p, a path written in the file, as Vigil opens it:
// relative paths are relative to the file's directory.
func (c *Config) Path(p string) string {
	if p == "" || filepath.IsAbs(p) || c.file == "" {
		return p
	}
	return filepath.Join(filepath.Dir(c.file), p)
}

func decodeServe(d *decoder, n *yaml.Node, c *Config, path string) {
	s := &c.Serve
	var routes *yaml.Node
	declared := map[string]string{} // every channel name written, even one in error → its kind
	d.fields(n, path,
		field{"listen", func(v *yaml.Node, p string) {
			if a, ok := d.listen(v, p); ok {
				s.Listen = a
			}
		}},
		field{"public_url", func(v *yaml.Node, p string) {
			if u, ok := d.url(v, p, false); ok {
				s.PublicURL = u
			}
		}},
		field{"tls", func(v *yaml.Node, p string) {
			before := d.Len()
			if s.TLS = d.tls(v, p); s.TLS == nil {
				d.dropped(before, v, p)
			}
		}},
		field{"connectors", func(v *yaml.Node, p string) { s.Connectors = d.connectors(v, p) }},
		field{"iac", func(v *yaml.Node, p string) {
			d.object(v, p, field{"default_branches", func(v *yaml.Node, p string) {
				b := d.ids(v, p, func(s string) string {
					if strings.TrimSpace(s) == "" || strings.ContainsAny(s, " \t*?[") {
						return "is not a branch name: write it as --ref gives it, such as main"
					}
					return ""
				})
				if rn := d.Resolve(v); rn != nil && rn.Kind == yaml.SequenceNode && len(rn.Content) == 0 {
					d.fail(rn, "%s is empty: no pushed scan would enter the findings lifecycle; list your default branch, such as [main]", p)
					return
				}
				s.IaC.DefaultBranches = b
			}})
		}},
		field{"channels", func(v *yaml.Node, p string) { s.Channels = d.channels(v, p, declared) }},
		field{"routes", func(v *yaml.Node, _ string) { routes = v }},
		field{"auth", func(v *yaml.Node, p string) { d.auth(v, p, &s.Auth) }},
		field{"retention", func(v *yaml.Node, p string) { d.retention(v, p, &s.Retention) }},
		field{"announce_first_scan", func(v *yaml.Node, p string) {
			if b, ok := d.boolean(v, p); ok {
				s.AnnounceFirstScan = b
			}
		}},
	)
	// Routes name channels, which may be written after them.
	if routes != nil {
		s.Routes = d.routes(routes, join(path, "routes"), declared)
	}
}

// listen reads a host:port.
func (d *decoder) listen(n *yaml.Node, path string) (string, bool) {
	s, ok := d.name(n, path, "a host:port such as 127.0.0.1:8080")
	if !ok {
		return "", false
	}
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		d.fail(d.Resolve(n), "%s: %q is not a host:port: write it as 127.0.0.1:8080, or :8080 for every interface", path, s)
		return "", false
	}
	if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		d.fail(d.Resolve(n), "%s: port %q is not a port number: use 1 to 65535, such as 8080", path, port)
		return "", false
	}
	return s, true
}

// url reads an absolute http(s) URL without credentials; httpsOnly
// refuses http.
func (d *decoder) url(n *yaml.Node, path string, httpsOnly bool) (string, bool) {
	want := "an absolute URL such as https://vigil.example.com"
	s, ok := d.name(n, path, want)
	if !ok {
		return "", false
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || u.Host == "" || u.Scheme != "http" && u.Scheme != "https":
		d.fail(d.Resolve(n), "%s: %q is not an absolute http(s) URL: write %s", path, s, want)
	case httpsOnly && u.Scheme != "https":
		d.fail(d.Resolve(n), "%s: %q must use https", path, s)
	case u.User != nil:
		d.fail(d.Resolve(n), "%s: the URL carries credentials, which are secrets: remove them and give them by reference in the channel's secret key", path)
	case u.Fragment != "":
		d.fail(d.Resolve(n), "%s: %q has a #fragment: remove it", path, s)
	default:
		return s, true
	}
	return "", false
}

func (d *decoder) tls(n *yaml.Node, path string) *TLS {
	t := &TLS{}
	rn := d.Resolve(n)
	complete := d.fields(n, path,
		field{"cert_file", func(v *yaml.Node, p string) {
			t.CertFile, _ = d.name(v, p, "the path of the PEM certificate (chain)")
		}},
		field{"key_file", func(v *yaml.Node, p string) {
			t.KeyFile, _ = d.name(v, p, "the path of the PEM private key")
		}},
	)
	if rn == nil || rn.Kind != yaml.MappingNode || !complete {
		return nil
	}
	if t.CertFile == "" || t.KeyFile == "" {
		if !d.hasKey(rn, "cert_file") || !d.hasKey(rn, "key_file") {
			d.fail(rn, "%s needs both cert_file and key_file (or leave tls out and terminate TLS at a reverse proxy)", path)
		}
		return nil
	}
	return t
}

// hasKey reports whether the mapping n has key with a value (valid or
// not).
func (d *decoder) hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k, ok := keyName(n.Content[i]); ok && k == key && !isNull(n.Content[i+1]) {
			return true
		}
	}
	return false
}

// isNull reports whether n, through an alias, is null.
func isNull(n *yaml.Node) bool {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

// keyName is the name a mapping key gives, through an alias; false for
// a key that is not a name.
func keyName(k *yaml.Node) (string, bool) {
	for k != nil && k.Kind == yaml.AliasNode {
		k = k.Alias
	}
	if k == nil || k.Kind != yaml.ScalarNode {
		return "", false
	}
	return k.Value, true
}

func (d *decoder) retention(n *yaml.Node, path string, r *Retention) {
	var history *yaml.Node
	d.object(n, path,
		field{"history", func(v *yaml.Node, p string) {
			if t, ok := d.duration(v, p); ok {
				r.History, history = t, d.Resolve(v)
			}
		}},
		field{"audit_period", func(v *yaml.Node, p string) {
			if t, ok := d.duration(v, p); ok {
				r.AuditPeriod = t
			}
		}},
	)
	if r.History < r.AuditPeriod {
		at := history
		if at == nil {
			at = d.line(d.Resolve(n))
		}
		d.fail(at, "%s.history (%s) is shorter than %s.audit_period (%s): history inside the audit period is never compacted; make history at least %s", path, r.History, path, r.AuditPeriod, r.AuditPeriod)
	}
}

// identifier is a name other keys refer to: a connector, a channel, a
// token.
var identifier = regexp.MustCompile(`^[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?$`)

// ident reads an identifier.
func (d *decoder) ident(n *yaml.Node, path, what string) (string, bool) {
	s, ok := d.name(n, path, what)
	if ok && !identifier.MatchString(s) {
		d.fail(d.Resolve(n), "%s: %q is not a valid name: use lower-case letters, digits, - and _ (up to 63), such as prod-eu", path, s)
		return "", false
	}
	return s, ok
}

// exactlyOne reports on the mapping n, whose keys at path are given,
// when not exactly one of them is present; it returns the one present.
func (d *decoder) exactlyOne(n *yaml.Node, path, hint string, keys ...string) (string, bool) {
	var present []string
	for _, k := range keys {
		if d.hasKey(n, k) {
			present = append(present, k)
		}
	}
	switch len(present) {
	case 1:
		return present[0], true
	case 0:
		d.fail(n, "%s needs one of %s: %s", path, strings.Join(keys, ", "), hint)
	default:
		d.fail(n, "%s has %s: give only one of them", path, strings.Join(present, " and "))
	}
	return "", false
}

// requireKeys reports on the mapping n each of keys it lacks.
func (d *decoder) requireKeys(n *yaml.Node, path string, keys ...string) bool {
	ok := true
	for _, k := range keys {
		if !d.hasKey(n, k) {
			d.fail(n, "%s has no %s: add it", path, k)
			ok = false
		}
	}
	return ok
}

// mapping returns n resolved when it is a mapping; other values are
// left for d.object to report.
func (d *decoder) mapping(n *yaml.Node) *yaml.Node {
	if rn := d.Resolve(n); rn != nil && rn.Kind == yaml.MappingNode {
		return rn
	}
	return nil
}

// entries decodes a mapping of names to values, calling each with every
// name, its key node and its value.
func (d *decoder) entries(n *yaml.Node, path, want string, each func(name string, k, v *yaml.Node, path string)) {
	rn := d.Resolve(n)
	if rn == nil {
		return
	}
	if rn.Kind != yaml.MappingNode {
		d.fail(rn, "%s must be a mapping of names to %s, not %s", path, want, describe(rn))
		return
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(rn.Content); i += 2 {
		k, v := rn.Content[i], rn.Content[i+1]
		key, ok := d.key(k, path)
		if !ok {
			continue
		}
		p := join(path, key)
		if line, dup := seen[key]; dup {
			d.fail(k, "%s is set twice (first on line %d): keep one", p, line)
			continue
		}
		seen[key] = k.Line
		each(key, k, v, p)
	}
}

// quote writes names for messages: "a", "b".
func quote(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}

// fields decodes the mapping n as d.object does, and reports whether
// each of its keys is one of fs: when one is not, it was reported
// unknown, and the keys it may have been meant for are not reported
// missing too.
//
// A key whose value is null (key: with nothing after it) is not
// decoded: it keeps its default, and a required key so written is
// reported missing.
func (d *decoder) fields(n *yaml.Node, path string, fs ...field) bool {
	skip := make([]field, len(fs))
	for i, f := range fs {
		skip[i] = field{f.name, func(v *yaml.Node, p string) {
			if !isNull(v) {
				f.decode(v, p)
			}
		}}
	}
	d.object(n, path, skip...)
	rn := d.mapping(n)
	if rn == nil {
		return true
	}
	for i := 0; i+1 < len(rn.Content); i += 2 {
		k, ok := keyName(rn.Content[i])
		if !ok || !slices.ContainsFunc(fs, func(f field) bool { return f.name == k }) {
			return false
		}
	}
	return true
}

// dropped reports, when nothing was reported since before, why the
// entry at n is left out: a value in it is empty (key: with nothing
// after it, or ~) where one is needed. So no entry is dropped without a
// word.
func (d *decoder) dropped(before int, n *yaml.Node, path string) {
	if d.Len() != before {
		return
	}
	if at := firstNull(n); at != nil {
		d.fail(at, "%s has an empty value here: give it, or remove the key", path)
		return
	}
	d.fail(d.line(n), "%s is incomplete: check it against docs/serve.md", path)
}

// firstNull returns the first null value or list element under n,
// without following aliases.
func firstNull(n *yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return n
		}
	case yaml.MappingNode, yaml.SequenceNode:
		step, start := 1, 0
		if n.Kind == yaml.MappingNode {
			step, start = 2, 1
		}
		for i := start; i < len(n.Content); i += step {
			if at := firstNull(n.Content[i]); at != nil {
				return at
			}
		}
	}
	return nil
}
