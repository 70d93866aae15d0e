package params

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Scope is what a selector matches a resource on.
type Scope struct {
	Provider, Account, Region, Namespace string
}

// ScopeOf returns a resource's scope.
func ScopeOf(r *model.Resource) Scope {
	return Scope{Provider: r.Provider, Account: r.Account, Region: r.Region, Namespace: r.Namespace}
}

// Selector picks resources by globs (path.Match syntax: * ? [a-z];
// * does not match "/"). An empty field matches anything; the fields
// set must all match. Account matches cloud resources' accounts,
// Cluster the cluster of Kubernetes resources (a manifest's cluster is
// "manifests").
type Selector struct {
	Account   string `yaml:"account,omitempty" json:"account,omitempty"`
	Namespace string `yaml:"namespace,omitempty" json:"namespace,omitempty"`
	Region    string `yaml:"region,omitempty" json:"region,omitempty"`
	Cluster   string `yaml:"cluster,omitempty" json:"cluster,omitempty"`
}

// CheckGlob reports a malformed glob.
func CheckGlob(g string) error {
	if _, err := path.Match(g, ""); err != nil {
		return fmt.Errorf("%q is not a valid glob (use * ? and [a-z]; escape a literal [ as \\[)", g)
	}
	return nil
}

// Glob reports whether value matches glob; an empty glob matches
// anything, a malformed one nothing.
func Glob(glob, value string) bool {
	if glob == "" {
		return true
	}
	ok, err := path.Match(glob, value)
	return ok && err == nil
}

// Empty reports whether s sets no field.
func (s Selector) Empty() bool { return s == Selector{} }

// Matches reports whether the selector picks a resource of scope sc.
func (s Selector) Matches(sc Scope) bool {
	k8s := sc.Provider == "k8s"
	switch {
	case s.Account != "" && (k8s || !Glob(s.Account, sc.Account)),
		s.Cluster != "" && (!k8s || !Glob(s.Cluster, sc.Account)),
		!Glob(s.Namespace, sc.Namespace),
		!Glob(s.Region, sc.Region):
		return false
	}
	return true
}

// Override sets parameters for the resources its selector matches.
type Override struct {
	Match  Selector       `yaml:"match" json:"match"`
	Values map[string]any `yaml:"parameters" json:"parameters"`
}

// Set is the parameter values of one configuration: values for every
// resource and ordered overrides. The zero Set (and a nil *Set) holds
// only the defaults.
type Set struct {
	values    map[string]any
	overrides []Override
}

// NewSet checks values and overrides against the registry and returns
// their Set.
func NewSet(values map[string]any, overrides []Override) (*Set, error) {
	s := &Set{values: map[string]any{}}
	check := func(in map[string]any, where string) (map[string]any, error) {
		out := make(map[string]any, len(in))
		for name, v := range in {
			d, ok := Lookup(name)
			if !ok {
				return nil, fmt.Errorf("%sunknown parameter %q", where, name)
			}
			cv, err := d.Validate(v)
			if err != nil {
				return nil, fmt.Errorf("%s%w", where, err)
			}
			out[name] = cv
		}
		return out, nil
	}
	var err error
	if s.values, err = check(values, ""); err != nil {
		return nil, err
	}
	for i, o := range overrides {
		where := fmt.Sprintf("override %d: ", i+1)
		for _, g := range []string{o.Match.Account, o.Match.Namespace, o.Match.Region, o.Match.Cluster} {
			if err := CheckGlob(g); err != nil {
				return nil, fmt.Errorf("%s%w", where, err)
			}
		}
		vs, err := check(o.Values, where)
		if err != nil {
			return nil, err
		}
		s.overrides = append(s.overrides, Override{Match: o.Match, Values: vs})
	}
	return s, nil
}

// Global returns the value of every parameter for resources no override
// matches: the configured value, else the default.
func (s *Set) Global() map[string]any {
	out := map[string]any{}
	for _, d := range Registry() {
		out[d.Name] = d.Default
		if s != nil {
			if v, ok := s.values[d.Name]; ok {
				out[d.Name] = v
			}
		}
	}
	return out
}

// Digest identifies the configured values and overrides: "" for a set
// that holds only the defaults, else a hex SHA-256 of their canonical
// JSON (keys sorted), so two scans judged with other thresholds never
// share a rules hash.
func (s *Set) Digest() string {
	if s == nil || len(s.values) == 0 && len(s.overrides) == 0 {
		return ""
	}
	b, err := json.Marshal(struct {
		Values    map[string]any `json:"values"`
		Overrides []Override     `json:"overrides"`
	}{s.values, s.overrides})
	if err != nil { // NewSet admits only ints, bools and lists; fmt sorts map keys too
		b = []byte(fmt.Sprint(s.values, s.overrides))
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Overrides returns the overrides in order.
func (s *Set) Overrides() []Override {
	if s == nil {
		return nil
	}
	return s.overrides
}

// Which returns the index in Overrides of the override that decides
// the parameter for scope sc — the first that matches and sets it — or
// -1 when none does (Global decides).
func (s *Set) Which(name string, sc Scope) int {
	for i, o := range s.Overrides() {
		if _, ok := o.Values[name]; ok && o.Match.Matches(sc) {
			return i
		}
	}
	return -1
}

// Value returns the parameter's value for scope sc; false for a name
// the registry does not have.
func (s *Set) Value(name string, sc Scope) (any, bool) {
	if i := s.Which(name, sc); i >= 0 {
		return s.overrides[i].Values[name], true
	}
	v, ok := s.Global()[name]
	return v, ok
}

// Resolve returns the value of every parameter for scope sc.
func (s *Set) Resolve(sc Scope) map[string]any {
	out := s.Global()
	for name := range out {
		if i := s.Which(name, sc); i >= 0 {
			out[name] = s.overrides[i].Values[name]
		}
	}
	return out
}
