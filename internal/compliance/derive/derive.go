// Package derive builds compliance frameworks from other frameworks and
// the crosswalks between them: PCI DSS and NIST SP 800-53 from the
// "related" requirements AWS publishes for each FSBP control, SOC 2 and
// ISO/IEC 27001 from NIST SP 800-53 through a published crosswalk.
//
// A crosswalk file (frameworks/crosswalks/<id>.yaml) lists every
// requirement of the derived framework with our own short title; Generate
// turns it into frameworks/<id>.yaml. tools/frameworks writes the files
// and a test fails when a written file differs from what Generate makes,
// so mapping a rule to an FSBP control and regenerating is all it takes
// to update the frameworks derived from it.
//
// Invariants: every requirement a source relates to exists in the
// crosswalk (a typo fails the build, never silently drops a mapping); the
// output is byte-for-byte deterministic.
package derive

import (
	"bytes"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/compliance"
)

// Ways a crosswalk reaches its source framework.
const (
	// ViaRelated: the source's requirements name this framework's
	// requirements in their related[<this id>] lists (FSBP → PCI, NIST).
	ViaRelated = "related"
	// ViaMaps: each of this framework's requirements lists, in maps, the
	// source requirements it corresponds to (NIST → SOC 2, ISO 27001).
	ViaMaps = "maps"
)

// Mapping sources, recorded on each derived requirement.
const (
	SourceAWS     = "aws"     // AWS's published FSBP mapping
	SourceDerived = "derived" // a published crosswalk
	SourceOurs    = "ours"    // our own reading
)

// Crosswalk is one file of frameworks/crosswalks.
type Crosswalk struct {
	ID          string `yaml:"id"`
	Title       string `yaml:"title"`
	Version     string `yaml:"version"`
	URL         string `yaml:"url"`
	Description string `yaml:"description"`
	// Header is written as the comment at the top of the derived file:
	// where each mapping comes from.
	Header string `yaml:"header"`
	// From is the id of the source framework; Via is how it is reached.
	From string `yaml:"from"`
	Via  string `yaml:"via"`
	// Source is the default source of the entries' maps (ViaMaps).
	Source string `yaml:"source"`
	// Unreached is the status and note of a requirement no source
	// requirement reaches, unless the entry says otherwise.
	Unreached struct {
		Status string `yaml:"status"`
		Note   string `yaml:"note"`
	} `yaml:"unreached"`
	Requirements []Entry `yaml:"requirements"`
}

// Entry is one requirement of a crosswalk.
type Entry struct {
	ID    string `yaml:"id"`
	Title string `yaml:"title"`
	// Maps are the source requirements it corresponds to (ViaMaps); a
	// NIST base control id also reaches its enhancements.
	Maps []string `yaml:"maps"`
	// Source overrides the crosswalk's Source for these maps.
	Source string `yaml:"source"`
	// Status and Note override Unreached when nothing reaches it.
	Status string `yaml:"status"`
	Note   string `yaml:"note"`
}

// ParseCrosswalk reads a crosswalk file and checks its shape.
func ParseCrosswalk(name string, data []byte) (*Crosswalk, error) {
	var cw Crosswalk
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cw); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	switch {
	case cw.ID == "" || cw.Title == "" || cw.From == "":
		return nil, fmt.Errorf("%s: id, title and from are required", name)
	case cw.Via != ViaRelated && cw.Via != ViaMaps:
		return nil, fmt.Errorf("%s: via %q is not %s or %s", name, cw.Via, ViaRelated, ViaMaps)
	case cw.Unreached.Status != compliance.StatusManual && cw.Unreached.Status != compliance.StatusNotCovered:
		return nil, fmt.Errorf("%s: unreached.status must be manual or not-covered", name)
	case cw.Unreached.Note == "":
		return nil, fmt.Errorf("%s: unreached.note must say why an unreached requirement has its status", name)
	}
	seen := map[string]bool{}
	for i, e := range cw.Requirements {
		switch {
		case e.ID == "" || e.Title == "":
			return nil, fmt.Errorf("%s: requirement %d needs an id and a title", name, i+1)
		case seen[e.ID]:
			return nil, fmt.Errorf("%s: requirement %s is listed twice", name, e.ID)
		case e.Status != "" && e.Status != compliance.StatusManual && e.Status != compliance.StatusNotCovered:
			return nil, fmt.Errorf("%s: requirement %s: status %q must be manual or not-covered", name, e.ID, e.Status)
		case len(e.Maps) > 0 && cw.Via != ViaMaps:
			return nil, fmt.Errorf("%s: requirement %s has maps, but the crosswalk is via %s", name, e.ID, cw.Via)
		}
		seen[e.ID] = true
	}
	return &cw, nil
}

// reach is what reaches one derived requirement.
type reach struct {
	src    []*compliance.Requirement
	source string
}

// Derive builds the framework cw describes from its source framework.
func Derive(from *compliance.Framework, cw *Crosswalk) (*compliance.Framework, error) {
	if from.ID != cw.From {
		return nil, fmt.Errorf("crosswalk %s derives from %s, not %s", cw.ID, cw.From, from.ID)
	}
	entries := append([]Entry(nil), cw.Requirements...)
	index := map[string]int{}
	for i, e := range entries {
		index[e.ID] = i
	}
	reached := map[string]*reach{}
	add := func(id string, r *compliance.Requirement, source string) {
		rc := reached[id]
		if rc == nil {
			rc = &reach{source: source}
			reached[id] = rc
		}
		rc.src = append(rc.src, r)
	}
	switch cw.Via {
	case ViaRelated:
		for i := range from.Requirements {
			r := &from.Requirements[i]
			for _, id := range r.Related[cw.ID] {
				if _, ok := index[id]; !ok {
					e, err := enhancement(id, entries, index)
					if err != nil {
						return nil, fmt.Errorf("%s %s relates to %s %s: %v", from.ID, r.ID, cw.ID, id, err)
					}
					index[id] = len(entries)
					entries = append(entries, e)
				}
				add(id, r, SourceAWS)
			}
		}
	case ViaMaps:
		byBase := map[string][]*compliance.Requirement{}
		for i := range from.Requirements {
			r := &from.Requirements[i]
			base, _, _ := strings.Cut(r.ID, "(")
			byBase[base] = append(byBase[base], r)
			if base != r.ID {
				byBase[r.ID] = append(byBase[r.ID], r)
			}
		}
		for _, e := range entries {
			source := e.Source
			if source == "" {
				source = cw.Source
			}
			for _, m := range e.Maps {
				rs, ok := byBase[m]
				if !ok {
					return nil, fmt.Errorf("crosswalk %s: requirement %s maps to %s %s, which %s does not list", cw.ID, e.ID, from.ID, m, from.ID)
				}
				for _, r := range rs {
					add(e.ID, r, source)
				}
			}
		}
	}
	sortEntries(entries)
	fw := &compliance.Framework{ID: cw.ID, Title: cw.Title, Version: cw.Version, URL: cw.URL, Description: cw.Description}
	for _, e := range entries {
		fw.Requirements = append(fw.Requirements, derive(from.ID, cw, e, reached[e.ID]))
	}
	return fw, nil
}

// derive settles one requirement from what reaches it.
func derive(fromID string, cw *Crosswalk, e Entry, rc *reach) compliance.Requirement {
	q := compliance.Requirement{ID: e.ID, Title: e.Title}
	if rc == nil {
		q.Status, q.Note, q.Source = cw.Unreached.Status, cw.Unreached.Note, SourceOurs
		if e.Status != "" {
			q.Status = e.Status
		}
		if e.Note != "" {
			q.Note = e.Note
		}
		return q
	}
	q.Source = rc.source
	var auto, open, manual []string
	rules := map[string]bool{}
	seen := map[string]bool{}
	for _, r := range rc.src {
		if seen[r.ID] {
			continue
		}
		seen[r.ID] = true
		switch r.Check() {
		case compliance.StatusAutomated:
			auto = append(auto, r.ID)
			for _, id := range r.Rules {
				rules[id] = true
			}
		case compliance.StatusNotCovered:
			open = append(open, r.ID)
		default:
			manual = append(manual, r.ID)
		}
	}
	for _, l := range [][]string{auto, open, manual} {
		sortIDs(l)
	}
	var parts []string
	switch {
	case len(auto) > 0:
		q.Status = compliance.StatusAutomated
		for id := range rules {
			q.Rules = append(q.Rules, id)
		}
		sort.Strings(q.Rules)
		parts = append(parts, fmt.Sprintf("Decided through %s %s", fromID, strings.Join(auto, ", ")))
		if len(open) > 0 {
			parts = append(parts, fmt.Sprintf("not yet through %s, which no rule decides", strings.Join(open, ", ")))
		}
	case len(open) > 0:
		q.Status = compliance.StatusNotCovered
		parts = append(parts, fmt.Sprintf("Not covered: reached through %s %s, which no rule decides yet", fromID, strings.Join(open, ", ")))
	default:
		q.Status = compliance.StatusManual
		parts = append(parts, fmt.Sprintf("Manual: reached only through %s %s, which a person decides", fromID, strings.Join(manual, ", ")))
	}
	q.Note = strings.Join(parts, "; ") + "."
	return q
}

// enhancement makes the entry of a NIST control enhancement ("AC-3(7)")
// that the crosswalk does not list, titled after its base control.
func enhancement(id string, entries []Entry, index map[string]int) (Entry, error) {
	base, n, ok := strings.Cut(id, "(")
	if !ok || !strings.HasSuffix(n, ")") {
		return Entry{}, fmt.Errorf("the crosswalk does not list it")
	}
	i, ok := index[base]
	if !ok {
		return Entry{}, fmt.Errorf("the crosswalk does not list its base control %s", base)
	}
	if _, err := strconv.Atoi(strings.TrimSuffix(n, ")")); err != nil {
		return Entry{}, fmt.Errorf("enhancement number %q is not a number", n)
	}
	return Entry{ID: id, Title: entries[i].Title + ": enhancement (" + n}, nil
}

// sortEntries orders requirements by their ids' parts, numbers as numbers:
// AC-2, AC-2(1), AC-2(12), AC-3; 1.2.1, 1.2.10; CC1.1, CC1.2.
func sortEntries(es []Entry) {
	sort.SliceStable(es, func(i, j int) bool { return lessID(es[i].ID, es[j].ID) })
}

func sortIDs(ids []string) {
	sort.SliceStable(ids, func(i, j int) bool { return lessID(ids[i], ids[j]) })
}

func lessID(a, b string) bool {
	pa, pb := idParts(a), idParts(b)
	for k := 0; k < len(pa) && k < len(pb); k++ {
		if pa[k] == pb[k] {
			continue
		}
		na, ea := strconv.Atoi(pa[k])
		nb, eb := strconv.Atoi(pb[k])
		if ea == nil && eb == nil {
			return na < nb
		}
		return pa[k] < pb[k]
	}
	return len(pa) < len(pb)
}

// idParts splits an id into runs of digits and of other characters.
func idParts(id string) []string {
	var out []string
	start := 0
	for i := 1; i <= len(id); i++ {
		if i == len(id) || isDigit(id[i]) != isDigit(id[i-1]) {
			out = append(out, id[start:i])
			start = i
		}
	}
	return out
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Files is the derived frameworks in the order Generate builds them: each
// crosswalk's source is aws-fsbp or a framework built before it.
var Files = []string{"pci-dss-4.0.1", "nist-800-53-r5", "soc2-2017", "iso-27001-2022"}

// Generate reads aws-fsbp.yaml and crosswalks/<id>.yaml of fsys (the
// frameworks directory) and returns the content of each derived file by
// file name.
func Generate(fsys fs.FS) (map[string][]byte, error) {
	built := map[string]*compliance.Framework{}
	b, err := fs.ReadFile(fsys, "aws-fsbp.yaml")
	if err != nil {
		return nil, err
	}
	fsbp, err := compliance.Parse("aws-fsbp.yaml", b)
	if err != nil {
		return nil, err
	}
	built[fsbp.ID] = fsbp
	out := map[string][]byte{}
	for _, id := range Files {
		name := "crosswalks/" + id + ".yaml"
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		cw, err := ParseCrosswalk("frameworks/"+name, b)
		if err != nil {
			return nil, err
		}
		if cw.ID != id {
			return nil, fmt.Errorf("frameworks/%s: id %s must be the file's name, %s", name, cw.ID, id)
		}
		from, ok := built[cw.From]
		if !ok {
			return nil, fmt.Errorf("frameworks/%s: from %s is neither aws-fsbp nor a framework derived before it (%s)", name, cw.From, strings.Join(Files, ", "))
		}
		fw, err := Derive(from, cw)
		if err != nil {
			return nil, fmt.Errorf("frameworks/%s: %v", name, err)
		}
		text := Render(fw, cw.Header)
		// What is written must load as any framework file does.
		if _, err := compliance.Parse(id+".yaml", text); err != nil {
			return nil, fmt.Errorf("derived %s does not load: %v", id, err)
		}
		built[id] = fw
		out[id+".yaml"] = text
	}
	return out, nil
}

// Render writes a framework file: the header as comments, then the
// framework with one requirement per block.
func Render(fw *compliance.Framework, header string) []byte {
	var b bytes.Buffer
	b.WriteString("# Generated by go run ./tools/frameworks from frameworks/aws-fsbp.yaml and\n")
	fmt.Fprintf(&b, "# frameworks/crosswalks/%s.yaml. Do not edit: edit those and regenerate.\n#\n", fw.ID)
	for _, l := range strings.Split(strings.TrimSpace(header), "\n") {
		b.WriteString(strings.TrimRight("# "+l, " ") + "\n")
	}
	c := fw.Counts()
	fmt.Fprintf(&b, "id: %s\ntitle: %s\nversion: %s\n", fw.ID, quote(fw.Title), quote(fw.Version))
	if fw.URL != "" {
		fmt.Fprintf(&b, "url: %s\n", fw.URL)
	}
	desc := strings.TrimSpace(fw.Description + " " + c.String() + ".")
	fmt.Fprintf(&b, "description: %s\nrequirements:\n", quote(desc))
	for _, r := range fw.Requirements {
		fmt.Fprintf(&b, "  - id: %s\n    title: %s\n    status: %s\n", quote(r.ID), quote(r.Title), r.Status)
		if len(r.Rules) > 0 {
			fmt.Fprintf(&b, "    rules: [%s]\n", strings.Join(r.Rules, ", "))
		}
		if r.Source != "" {
			fmt.Fprintf(&b, "    source: %s\n", r.Source)
		}
		if r.Note != "" {
			fmt.Fprintf(&b, "    note: %s\n", quote(r.Note))
		}
	}
	return b.Bytes()
}

// quote is a YAML double-quoted scalar.
func quote(s string) string { return strconv.Quote(s) }
