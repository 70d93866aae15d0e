// Package compliance loads framework mappings (frameworks/*.yaml) and
// answers which requirements a rule bears on and, for a set of findings,
// the state of every requirement of a framework: pass, fail, manual or
// not covered.
//
// Invariant: every rule id a framework names exists in the loaded rule
// library; a framework that names an unknown rule fails to load.
package compliance

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Framework is one version of a compliance framework.
type Framework struct {
	ID           string        `yaml:"id" json:"id"`
	Title        string        `yaml:"title" json:"title"`
	Version      string        `yaml:"version" json:"version"`
	URL          string        `yaml:"url" json:"url,omitempty"`
	Description  string        `yaml:"description" json:"description,omitempty"`
	Requirements []Requirement `yaml:"requirements" json:"requirements"`
}

// Requirement is one control of a framework.
type Requirement struct {
	ID        string   `yaml:"id" json:"id"`
	Title     string   `yaml:"title" json:"title"`
	Level     int      `yaml:"level" json:"level,omitempty"`
	Automated bool     `yaml:"automated" json:"automated"`
	Rules     []string `yaml:"rules" json:"rules"`
	Note      string   `yaml:"note" json:"note,omitempty"`
}

// Set is the loaded frameworks.
type Set struct {
	frameworks []*Framework
	byID       map[string]*Framework
	refs       map[string][]model.ComplianceRef // rule id → refs
	digest     string
}

// Load reads every *.yaml of fsys. Check then verifies the rule ids
// against a loaded library.
func Load(fsys fs.FS) (*Set, error) {
	files, data, digest, err := readFiles(fsys)
	if err != nil {
		return nil, err
	}
	s := newSet()
	for i, f := range files {
		fw, err := Parse(f, data[i])
		if err != nil {
			return nil, err
		}
		if want := strings.TrimSuffix(path.Base(f), ".yaml"); fw.ID != want {
			return nil, fmt.Errorf("frameworks/%s: framework id %s must be the file's name, %s", f, fw.ID, want)
		}
		if _, dup := s.byID[fw.ID]; dup {
			return nil, fmt.Errorf("frameworks/%s: framework id %s is defined twice", f, fw.ID)
		}
		s.add(fw)
	}
	sort.Slice(s.frameworks, func(i, j int) bool { return s.frameworks[i].ID < s.frameworks[j].ID })
	s.digest = digest
	return s, nil
}

func newSet() *Set {
	return &Set{byID: map[string]*Framework{}, refs: map[string][]model.ComplianceRef{}}
}

// add indexes a framework.
func (s *Set) add(fw *Framework) {
	for _, r := range fw.Requirements {
		for _, id := range r.Rules {
			s.refs[id] = append(s.refs[id], model.ComplianceRef{Framework: fw.ID, Control: r.ID})
		}
	}
	s.byID[fw.ID] = fw
	s.frameworks = append(s.frameworks, fw)
}

// Digest returns the SHA-256 of the framework files of fsys: the digest
// of the set Load reads from them, without parsing them.
func Digest(fsys fs.FS) (string, error) {
	_, _, digest, err := readFiles(fsys)
	return digest, err
}

// readFiles reads the framework files of fsys and their digest: each
// file's name and content.
func readFiles(fsys fs.FS) (names []string, data [][]byte, digest string, err error) {
	names, err = fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, nil, "", err
	}
	h := sha256.New()
	for _, f := range names {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, nil, "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(b))
		h.Write(b)
		data = append(data, b)
	}
	return names, data, hex.EncodeToString(h.Sum(nil)), nil
}

// encoded is the form Encode writes.
type encoded struct {
	Digest     string       `json:"digest"`
	Frameworks []*Framework `json:"frameworks"`
}

// Encode returns the loaded set in the form Decode reads (JSON, which
// decodes several times faster than the frameworks' YAML), for a build
// step that loads the embedded frameworks once.
func (s *Set) Encode() ([]byte, error) {
	return json.Marshal(encoded{Digest: s.digest, Frameworks: s.frameworks})
}

// Decode reads a set Encode wrote.
func Decode(b []byte) (*Set, error) {
	var e encoded
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, fmt.Errorf("decode frameworks: %w", err)
	}
	s := newSet()
	for _, fw := range e.Frameworks {
		s.add(fw)
	}
	s.digest = e.Digest
	return s, nil
}

// Digest is the SHA-256 of the framework files the set was loaded from.
func (s *Set) Digest() string { return s.digest }

// Parse reads one framework file and validates its shape.
func Parse(name string, data []byte) (*Framework, error) {
	var fw Framework
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&fw); err != nil {
		return nil, fmt.Errorf("frameworks/%s: %v", name, err)
	}
	if fw.ID == "" || fw.Title == "" {
		return nil, fmt.Errorf("frameworks/%s: id and title are required", name)
	}
	seen := map[string]bool{}
	for i, r := range fw.Requirements {
		if r.ID == "" || r.Title == "" {
			return nil, fmt.Errorf("frameworks/%s: requirement %d needs an id and a title", name, i+1)
		}
		if seen[r.ID] {
			return nil, fmt.Errorf("frameworks/%s: requirement %s is listed twice", name, r.ID)
		}
		seen[r.ID] = true
		if r.Automated && len(r.Rules) == 0 {
			return nil, fmt.Errorf("frameworks/%s: requirement %s is automated but names no rule", name, r.ID)
		}
	}
	return &fw, nil
}

// Check reports the first rule id a framework names that known rejects.
func (s *Set) Check(known func(ruleID string) bool) error {
	for _, fw := range s.frameworks {
		for _, r := range fw.Requirements {
			for _, id := range r.Rules {
				if !known(id) {
					return fmt.Errorf("framework %s: requirement %s names rule %s, which is not in the library", fw.ID, r.ID, id)
				}
			}
		}
	}
	return nil
}

// Frameworks returns the loaded frameworks sorted by id.
func (s *Set) Frameworks() []*Framework { return s.frameworks }

// Get returns a framework by id.
func (s *Set) Get(id string) (*Framework, bool) {
	fw, ok := s.byID[id]
	return fw, ok
}

// Refs returns the requirements a rule decides.
func (s *Set) Refs(ruleID string) []model.ComplianceRef { return s.refs[ruleID] }

// Lookup returns a framework by id or an error listing the valid ids.
func (s *Set) Lookup(id string) (*Framework, error) {
	if fw, ok := s.byID[id]; ok {
		return fw, nil
	}
	ids := make([]string, 0, len(s.frameworks))
	for _, fw := range s.frameworks {
		ids = append(ids, fw.ID)
	}
	return nil, fmt.Errorf("unknown framework %q: use one of %s", id, strings.Join(ids, ", "))
}

// RuleSet returns the ids of the rules a framework maps.
func (fw *Framework) RuleSet() map[string]bool {
	out := map[string]bool{}
	for _, r := range fw.Requirements {
		for _, id := range r.Rules {
			out[id] = true
		}
	}
	return out
}

// Requirement states.
const (
	StatePass       = "pass"
	StateFail       = "fail"
	StateManual     = "manual"
	StateNotCovered = "not_covered"
)

// RequirementState is the outcome of one requirement over a scan.
type RequirementState struct {
	Requirement
	State    string `json:"state"`
	Findings int    `json:"findings"`
}

// Evaluate returns the state of every requirement of fw given how many
// findings each rule reported in a scan that evaluated the framework's
// rules. covered says whether the scan read everything a rule needs; a
// requirement with an uncovered rule and no finding is not_covered, never
// pass. A nil covered means everything was read.
func (fw *Framework) Evaluate(byRule map[string]int, covered func(ruleID string) bool) []RequirementState {
	out := make([]RequirementState, 0, len(fw.Requirements))
	for _, r := range fw.Requirements {
		st := RequirementState{Requirement: r}
		switch {
		case !r.Automated:
			st.State = StateManual
		case len(r.Rules) == 0:
			st.State = StateNotCovered
		default:
			for _, id := range r.Rules {
				st.Findings += byRule[id]
			}
			st.State = StatePass
			for _, id := range r.Rules {
				if covered != nil && !covered(id) {
					st.State = StateNotCovered
				}
			}
			if st.Findings > 0 {
				st.State = StateFail
			}
		}
		out = append(out, st)
	}
	return out
}
