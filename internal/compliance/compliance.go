// Package compliance loads framework mappings (frameworks/*.yaml) and
// answers which requirements a rule bears on and, for a set of findings,
// the state of every requirement of a framework: pass, fail, manual or
// not covered.
//
// Invariants: every rule id a framework names exists in the loaded rule
// library; a framework that names an unknown rule fails to load. Every
// requirement has exactly one status: automated (it names rules), manual
// (its note says why a person decides it) or not-covered (configuration
// could decide it, but no rule does yet).
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
	ID    string `yaml:"id" json:"id"`
	Title string `yaml:"title" json:"title"`
	Level int    `yaml:"level" json:"level,omitempty"`
	// Status is StatusAutomated, StatusManual or StatusNotCovered. Files
	// written before it existed say automated: true|false instead, read
	// as automated or manual.
	Status string `yaml:"status" json:"status"`
	// Automated is Status == StatusAutomated, kept for readers of the
	// older form.
	Automated bool     `yaml:"automated" json:"automated"`
	Rules     []string `yaml:"rules" json:"rules"`
	Note      string   `yaml:"note" json:"note,omitempty"`
	// Source says where the mapping comes from: "aws" (AWS's published
	// mapping), "derived" (a published crosswalk), "ours" (our reading).
	Source string `yaml:"source" json:"source,omitempty"`
	// Related are the requirements of other frameworks that the
	// framework's publisher relates to this one, by framework id; the
	// derived frameworks are generated from them (tools/frameworks).
	Related map[string][]string `yaml:"related" json:"related,omitempty"`
}

// Requirement statuses: how a requirement is checked.
const (
	StatusAutomated  = "automated"
	StatusManual     = "manual"
	StatusNotCovered = "not-covered"
)

// Statuses lists the requirement statuses.
var Statuses = []string{StatusAutomated, StatusManual, StatusNotCovered}

// Counts counts a framework's requirements by status.
type Counts struct {
	Requirements int `json:"requirements"`
	Automated    int `json:"automated"`
	Manual       int `json:"manual"`
	NotCovered   int `json:"not_covered"`
}

// String is how commands print the counts: "212 requirements: 143
// automated, 41 manual, 28 not covered".
func (c Counts) String() string {
	return fmt.Sprintf("%d requirements: %d automated, %d manual, %d not covered", c.Requirements, c.Automated, c.Manual, c.NotCovered)
}

// Check is the requirement's status; a requirement built without one
// (in code, not read by Parse) is automated or manual as Automated says.
func (r *Requirement) Check() string {
	switch {
	case r.Status != "":
		return r.Status
	case r.Automated:
		return StatusAutomated
	}
	return StatusManual
}

// Counts counts the framework's requirements by status.
func (fw *Framework) Counts() Counts {
	c := Counts{Requirements: len(fw.Requirements)}
	for i := range fw.Requirements {
		switch fw.Requirements[i].Check() {
		case StatusAutomated:
			c.Automated++
		case StatusManual:
			c.Manual++
		case StatusNotCovered:
			c.NotCovered++
		}
	}
	return c
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
		for i := range fw.Requirements {
			if r := &fw.Requirements[i]; r.Status == "" {
				_ = r.normalize() // a set encoded before statuses: Load validated it
			}
		}
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
	for i := range fw.Requirements {
		r := &fw.Requirements[i]
		// The line is looked up only for an error: it parses the file again.
		at := func() string { return fmt.Sprintf("frameworks/%s:%d", name, requirementLine(data, i)) }
		if r.ID == "" || r.Title == "" {
			return nil, fmt.Errorf("%s: requirement %d needs an id and a title", at(), i+1)
		}
		if seen[r.ID] {
			return nil, fmt.Errorf("%s: requirement %s is listed twice", at(), r.ID)
		}
		seen[r.ID] = true
		if err := r.normalize(); err != nil {
			return nil, fmt.Errorf("%s: requirement %s: %v", at(), r.ID, err)
		}
	}
	return &fw, nil
}

// normalize settles the requirement's status from either form and
// checks that it fits its rules and note.
func (r *Requirement) normalize() error {
	switch r.Status {
	case "":
		// The older form: automated: true|false.
		r.Status = r.Check()
	case StatusAutomated, StatusManual, StatusNotCovered:
		if r.Automated && r.Status != StatusAutomated {
			return fmt.Errorf("status %s contradicts automated: true: keep status and drop automated", r.Status)
		}
	default:
		return fmt.Errorf("status %q is not one of %s", r.Status, strings.Join(Statuses, ", "))
	}
	r.Automated = r.Status == StatusAutomated
	switch {
	case r.Status == StatusAutomated && len(r.Rules) == 0:
		return fmt.Errorf("status automated needs rules: name the rules that decide it, or make it not-covered")
	case r.Status == StatusNotCovered && len(r.Rules) > 0:
		return fmt.Errorf("status not-covered names rules %s: make it automated, or drop the rules", strings.Join(r.Rules, ", "))
	case r.Status == StatusManual && strings.TrimSpace(r.Note) == "":
		return fmt.Errorf("status manual needs a note saying why a person must decide it")
	}
	return nil
}

// requirementLine is the line of the i-th requirement in a framework
// file, 0 when the file does not parse that far.
func requirementLine(data []byte, i int) int {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return 0
	}
	m := doc.Content[0]
	for k := 0; k+1 < len(m.Content); k += 2 {
		if m.Content[k].Value == "requirements" {
			if seq := m.Content[k+1]; i < len(seq.Content) {
				return seq.Content[i].Line
			}
		}
	}
	return 0
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

// Renamed maps framework ids that were renamed to their current id, so
// configuration, scripts and stored findings that name the old id keep
// working.
var Renamed = map[string]string{"nsa-cisa-kubernetes-1.2": "nsa-cisa-k8s-1.2"}

// Get returns a framework by id, or by an id it was renamed from.
func (s *Set) Get(id string) (*Framework, bool) {
	if current, ok := Renamed[id]; ok {
		id = current
	}
	fw, ok := s.byID[id]
	return fw, ok
}

// Refs returns the requirements a rule decides.
func (s *Set) Refs(ruleID string) []model.ComplianceRef { return s.refs[ruleID] }

// Lookup returns a framework by id or an error listing the valid ids.
func (s *Set) Lookup(id string) (*Framework, error) {
	if fw, ok := s.Get(id); ok {
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
		case r.Check() == StatusManual:
			st.State = StateManual
		case r.Check() == StatusNotCovered || len(r.Rules) == 0:
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
