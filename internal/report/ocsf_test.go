package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
)

// ocsfDir is the OCSF schema source the test reads: a copy of the parts
// of ../shared/schemas/ocsf it needs, so a clean checkout has it.
const ocsfDir = "testdata/ocsf"

// ocsfShared is the shared schema source, relative to this package
// (the repository is at /work/<worktree>, the schemas at /work/shared).
const ocsfShared = "../../../shared/schemas/ocsf"

// The schema source is the main branch (1.9.0-dev); Vigil writes
// 1.3.0. Its requirements differ where the CHANGELOG says a later
// release relaxed one: those attributes are required here too, and
// TestOCSFPinnedDifferencesFromChangelog checks each is such a line.
// Attributes a later release added must not be written: the test reads
// them from the CHANGELOG's "Added" lines. Enum values are checked
// against the dev schema, which only ever added values the finding
// classes use (Archived 1.4.0, Deleted 1.6.0; Vigil writes neither).
var ocsfRequiredAtPin = map[string][]string{
	"finding_info": {"title"},       // v1.4.0: relaxed `title` in `finding_info` (#1271)
	"product":      {"vendor_name"}, // v1.4.0: relaxed `vendor_name` in the `product` object (#1300)
	"compliance":   {"standards"},   // v1.5.0: reduced `standards` to recommended in the `compliance` object (#1352)
}

// TestOCSFAgainstSchema checks every event the ocsf format writes for
// the sample report against the class it names, compiled from the
// schema source as OCSF's own compiler does (extends, $include'd
// profiles, dictionary types and enums): every attribute it requires is
// present (recursively, in every object written; a profile's only when
// metadata.profiles lists it), every attribute written is defined
// (else it belongs in unmapped) and of its type, every enum holds a
// defined value and its sibling caption, the uids are the class's,
// nothing written was added after 1.3.0 or deprecated by it, and the
// objects' constraints (at_least_one, just_one) hold.
func TestOCSFAgainstSchema(t *testing.T) {
	sch := loadOCSF(t, ocsfDir)
	events, err := ocsfEvents(render(t, "ocsf", formatsSample()))
	if err != nil {
		t.Fatal(err)
	}
	classes := map[int]bool{}
	for i, e := range events {
		errs := sch.checkEvent(e)
		for _, err := range errs {
			t.Errorf("event %d (%v): %s", i, e["finding_info"].(map[string]any)["uid"], err)
		}
		classes[int(e["class_uid"].(float64))] = true
	}
	if !classes[ocsfClassCompliance] || !classes[ocsfClassDetection] || len(events) != 7 {
		t.Errorf("want 7 events of both classes (6 findings and 1 resolved), got %d of %v", len(events), classes)
	}
	for _, note := range sch.notes {
		t.Log(note)
	}
}

// TestOCSFCheckerCatchesErrors: the checker above rejects what it is
// meant to, so its silence means something.
func TestOCSFCheckerCatchesErrors(t *testing.T) {
	sch := loadOCSF(t, ocsfDir)
	events, err := ocsfEvents(render(t, "ocsf", formatsSample()))
	if err != nil {
		t.Fatal(err)
	}
	// A Compliance Finding on an AWS resource: every part is written.
	i := slices.IndexFunc(events, func(e map[string]any) bool { return e["class_uid"] == 2003.0 && e["cloud"] != nil })
	good := events[i]
	for _, tc := range []struct {
		name, want string
		mutate     func(e map[string]any)
	}{
		{"required", "metadata.version: required", func(e map[string]any) { delete(e["metadata"].(map[string]any), "version") }},
		{"required at pin", "finding_info.title: required", func(e map[string]any) { delete(e["finding_info"].(map[string]any), "title") }},
		{"enum", "severity_id: 42 is not defined", func(e map[string]any) { e["severity_id"] = 42.0 }},
		{"sibling", `severity: "Low", the caption of severity_id 4 is "High"`, func(e map[string]any) { e["severity"] = "Low" }},
		{"nested enum", "compliance.status_id: 7 is not defined", func(e map[string]any) { e["compliance"].(map[string]any)["status_id"] = 7.0 }},
		{"type uid", "type_uid: 200398 is not defined", func(e map[string]any) { e["type_uid"] = 200398.0 }},
		{"undefined", "finding_info.colour: not an attribute of finding_info", func(e map[string]any) { e["finding_info"].(map[string]any)["colour"] = "red" }},
		{"type", "time: want integer", func(e map[string]any) { e["time"] = "yesterday" }},
		{"profile", "cloud: of profile cloud", func(e map[string]any) { delete(e["metadata"].(map[string]any), "profiles") }},
		{"added after pin", "is_alert: added after 1.3.0", func(e map[string]any) { e["is_alert"] = true }},
		{"constraint", "resources[0]: at least one of name, uid", func(e map[string]any) {
			r := e["resources"].([]any)[0].(map[string]any)
			delete(r, "name")
			delete(r, "uid")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := deepCopy(t, good)
			tc.mutate(e)
			errs := sch.checkEvent(e)
			if !slices.ContainsFunc(errs, func(s string) bool { return strings.Contains(s, tc.want) }) {
				t.Errorf("want an error containing %q, got %q", tc.want, errs)
			}
		})
	}
	if errs := sch.checkEvent(deepCopy(t, good)); len(errs) > 0 {
		t.Errorf("the unmodified event fails: %q", errs)
	}
}

// TestOCSFPinnedDifferencesFromChangelog: each requirement the test
// keeps from 1.3.0 is one a later release's CHANGELOG relaxed.
func TestOCSFPinnedDifferencesFromChangelog(t *testing.T) {
	sch := loadOCSF(t, ocsfDir)
	for obj, attrs := range ocsfRequiredAtPin {
		for _, a := range attrs {
			found := false
			for _, line := range sch.laterLines {
				if (strings.Contains(line, "Relax") || strings.Contains(line, "Reduced")) &&
					strings.Contains(line, "`"+a+"`") && strings.Contains(line, "`"+obj+"`") {
					found = true
				}
			}
			if !found {
				t.Errorf("%s.%s is kept required, but no CHANGELOG line after %s relaxes it", obj, a, ocsfVersion)
			}
		}
	}
	if len(sch.addedAfter) == 0 {
		t.Error("read no attributes added after the pinned release from the CHANGELOG")
	}
}

// TestOCSFTestdataMatchesShared: the copy under testdata is the shared
// schema source's (when it is there: CI checks out the repository
// alone); -update copies it again.
func TestOCSFTestdataMatchesShared(t *testing.T) {
	if _, err := os.Stat(ocsfShared); err != nil {
		t.Skipf("no shared schema source at %s", ocsfShared)
	}
	err := filepath.WalkDir(ocsfDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "README.md" {
			return err
		}
		rel, _ := filepath.Rel(ocsfDir, path)
		shared, err := os.ReadFile(filepath.Join(ocsfShared, rel))
		if err != nil {
			return err
		}
		if *update {
			return os.WriteFile(path, shared, 0o644)
		}
		ours, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if !bytes.Equal(ours, shared) {
			t.Errorf("%s differs from %s; run go test ./internal/report -run OCSFTestdata -update", path, filepath.Join(ocsfShared, rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func deepCopy(t *testing.T, e map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// ocsfSchema is the schema source, compiled on demand.
type ocsfSchema struct {
	t          *testing.T
	dir        string
	dict       map[string]ocsfAttr
	types      map[string]ocsfType
	categories map[string]ocsfCategory
	events     map[string]string // class name → file
	compiled   map[string]*ocsfDef
	// addedAfter maps a class or object to the attributes a release
	// after the pinned one added to it; laterLines are those releases'
	// CHANGELOG lines.
	addedAfter map[string]map[string]bool
	laterLines []string
	notes      []string
}

type ocsfCategory struct {
	UID     int    `json:"uid"`
	Caption string `json:"caption"`
}

type ocsfType struct {
	Type   string `json:"type"`
	Regex  string `json:"regex"`
	MaxLen int    `json:"max_len"`
}

// ocsfAttr is an attribute as compiled: its dictionary entry overlaid by
// each definition that names it.
type ocsfAttr struct {
	Requirement string
	Type        string
	IsArray     bool
	Enum        map[string]string // value → caption
	Sibling     string
	Profile     string // the profile that brings it; "" for none
	Deprecated  string // the release it was deprecated in
	Origins     []string
}

// ocsfDef is a compiled class or object.
type ocsfDef struct {
	Name, Caption string
	Category      string
	UID           int
	Profiles      []string
	Attrs         map[string]*ocsfAttr
	Constraints   map[string][]string
}

// ocsfRaw is a definition file.
type ocsfRaw struct {
	Name        string                     `json:"name"`
	Caption     string                     `json:"caption"`
	Extends     string                     `json:"extends"`
	Category    string                     `json:"category"`
	UID         int                        `json:"uid"`
	Meta        string                     `json:"meta"`
	Profiles    []string                   `json:"profiles"`
	Attributes  map[string]json.RawMessage `json:"attributes"`
	Constraints map[string][]string        `json:"constraints"`
}

func loadOCSF(t *testing.T, dir string) *ocsfSchema {
	t.Helper()
	s := &ocsfSchema{t: t, dir: dir, events: map[string]string{}, compiled: map[string]*ocsfDef{}, dict: map[string]ocsfAttr{}}
	var dict struct {
		Attributes map[string]json.RawMessage `json:"attributes"`
		Types      struct {
			Attributes map[string]ocsfType `json:"attributes"`
		} `json:"types"`
	}
	s.readJSON("dictionary.json", &dict)
	for name, raw := range dict.Attributes {
		var a ocsfAttr
		s.overlay(&a, raw, "dictionary", "")
		s.dict[name] = a
	}
	s.types = dict.Types.Attributes
	var cats struct {
		Attributes map[string]ocsfCategory `json:"attributes"`
	}
	s.readJSON("categories.json", &cats)
	s.categories = cats.Attributes
	err := filepath.WalkDir(filepath.Join(dir, "events"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			s.events[strings.TrimSuffix(d.Name(), ".json")] = path
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	s.readChangelog()
	return s
}

func (s *ocsfSchema) readJSON(rel string, v any) {
	s.t.Helper()
	b, err := os.ReadFile(filepath.Join(s.dir, rel))
	if err != nil {
		s.t.Fatalf("OCSF schema: %v (copy it from %s)", err, ocsfShared)
	}
	if err := json.Unmarshal(b, v); err != nil {
		s.t.Fatalf("OCSF schema %s: %v", rel, err)
	}
}

// overlay applies one definition of an attribute over what is known.
func (s *ocsfSchema) overlay(a *ocsfAttr, raw json.RawMessage, origin, profile string) {
	var d map[string]json.RawMessage
	if err := json.Unmarshal(raw, &d); err != nil {
		s.t.Fatalf("OCSF schema: attribute in %s: %v", origin, err)
	}
	str := func(k string) (string, bool) {
		v, ok := d[k]
		var out string
		if ok {
			_ = json.Unmarshal(v, &out)
		}
		return out, ok
	}
	if v, ok := str("requirement"); ok {
		a.Requirement = v
	}
	if v, ok := str("type"); ok {
		a.Type = v
	}
	if v, ok := str("sibling"); ok {
		a.Sibling = v
	}
	if v, ok := d["is_array"]; ok {
		_ = json.Unmarshal(v, &a.IsArray)
	}
	if profile != "" {
		a.Profile = profile
	}
	if _, ok := d["profile"]; ok {
		// An explicit profile, or null: the class makes it its own.
		a.Profile, _ = str("profile")
	}
	if v, ok := d["enum"]; ok {
		var enum map[string]struct {
			Caption string `json:"caption"`
		}
		_ = json.Unmarshal(v, &enum)
		if a.Enum == nil {
			a.Enum = map[string]string{}
		}
		for k, e := range enum {
			a.Enum[k] = e.Caption
		}
	}
	if v, ok := d["@deprecated"]; ok {
		var dep struct {
			Since string `json:"since"`
		}
		_ = json.Unmarshal(v, &dep)
		a.Deprecated = dep.Since
	}
	a.Origins = append(a.Origins, origin)
}

// def compiles a class (kind "events") or an object.
func (s *ocsfSchema) def(kind, name string) *ocsfDef {
	s.t.Helper()
	key := kind + "/" + name
	if d, ok := s.compiled[key]; ok {
		return d
	}
	rel := filepath.Join("objects", name+".json")
	if kind == "events" {
		p, ok := s.events[name]
		if !ok {
			s.t.Fatalf("OCSF schema: no class %q under %s/events", name, s.dir)
		}
		rel, _ = filepath.Rel(s.dir, p)
	}
	var raw ocsfRaw
	s.readJSON(rel, &raw)
	d := &ocsfDef{Name: raw.Name, Caption: raw.Caption, Category: raw.Category, UID: raw.UID, Attrs: map[string]*ocsfAttr{}, Constraints: raw.Constraints}
	if raw.Extends != "" {
		parent := s.def(kind, raw.Extends)
		for k, a := range parent.Attrs {
			c := *a
			c.Enum = maps(a.Enum)
			c.Origins = slices.Clone(a.Origins)
			d.Attrs[k] = &c
		}
		if d.Category == "" {
			d.Category = parent.Category
		}
		if d.Constraints == nil {
			d.Constraints = parent.Constraints
		}
		d.Profiles = slices.Clone(parent.Profiles)
	}
	d.Profiles = append(d.Profiles, raw.Profiles...)
	if inc, ok := raw.Attributes["$include"]; ok {
		var files []string
		if err := json.Unmarshal(inc, &files); err != nil {
			s.t.Fatalf("OCSF schema %s: $include: %v", rel, err)
		}
		for _, f := range files {
			var p ocsfRaw
			s.readJSON(f, &p)
			profile := ""
			if p.Meta == "profile" {
				profile = p.Name
			}
			for k, v := range p.Attributes {
				s.attr(d, k).overlayFrom(s, v, p.Name, profile)
			}
		}
	}
	for k, v := range raw.Attributes {
		if k != "$include" {
			s.attr(d, k).overlayFrom(s, v, raw.Name, "")
		}
	}
	// The dictionary underlies every attribute: its type, and its enum
	// values under the class's own.
	for k, a := range d.Attrs {
		base, ok := s.dict[k]
		if !ok {
			s.t.Fatalf("OCSF schema: %s.%s is not in the dictionary", d.Name, k)
		}
		if a.Type == "" {
			a.Type, a.IsArray = base.Type, base.IsArray
		}
		if a.Sibling == "" {
			a.Sibling = base.Sibling
		}
		if a.Deprecated == "" {
			a.Deprecated = base.Deprecated
		}
		enum := maps(base.Enum)
		for v, c := range a.Enum {
			if enum == nil {
				enum = map[string]string{}
			}
			enum[v] = c
		}
		a.Enum = enum
	}
	if kind == "events" && d.UID > 0 {
		// What OCSF's compiler derives: the class, category and type uids.
		cat := s.categories[d.Category]
		class := cat.UID*1000 + d.UID
		d.Attrs["class_uid"].Enum = map[string]string{strconv.Itoa(class): d.Caption}
		d.Attrs["category_uid"].Enum = map[string]string{strconv.Itoa(cat.UID): cat.Caption}
		types := map[string]string{}
		for v, c := range d.Attrs["activity_id"].Enum {
			n, _ := strconv.Atoi(v)
			types[strconv.Itoa(class*100+n)] = d.Caption + ": " + c
		}
		d.Attrs["type_uid"].Enum = types
	}
	s.compiled[key] = d
	return d
}

func (s *ocsfSchema) attr(d *ocsfDef, name string) *ocsfAttr {
	a, ok := d.Attrs[name]
	if !ok {
		a = &ocsfAttr{}
		d.Attrs[name] = a
	}
	return a
}

func (a *ocsfAttr) overlayFrom(s *ocsfSchema, raw json.RawMessage, origin, profile string) {
	s.overlay(a, raw, origin, profile)
}

func maps(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// readChangelog collects what releases after the pinned one changed:
// their lines, and from their "Added `a`, `b` to `x`" lines the
// attributes added to each class or object.
func (s *ocsfSchema) readChangelog() {
	b, err := os.ReadFile(filepath.Join(s.dir, "CHANGELOG.md"))
	if err != nil {
		s.t.Fatal(err)
	}
	s.addedAfter = map[string]map[string]bool{}
	release := regexp.MustCompile(`^## \[(?:v(\d+\.\d+\.\d+)|Unreleased)\]`)
	tick := regexp.MustCompile("`([^`]+)`")
	later := false
	for _, line := range strings.Split(string(b), "\n") {
		if m := release.FindStringSubmatch(line); m != nil {
			later = m[1] == "" || semverLess(ocsfVersion, m[1])
			continue
		}
		if !later {
			continue
		}
		s.laterLines = append(s.laterLines, line)
		if !strings.Contains(line, "Added ") {
			continue
		}
		// "Added `a`, `b` to `x` object, `c` to the `y` and `z` objects":
		// each " to " ends a list of attributes; the first name after it
		// is their target, the rest the next list (the last segment's
		// names are all targets).
		line, _, _ = strings.Cut(line, " via ") // "… to `x` via `cloud` profile"
		segs := strings.Split(line, " to ")
		var attrs []string
		for i, seg := range segs {
			names := tick.FindAllStringSubmatch(seg, -1)
			var targets []string
			switch {
			case i == 0:
			case i == len(segs)-1:
				for _, n := range names {
					targets = append(targets, n[1])
				}
				names = nil
			case len(names) > 0:
				targets, names = []string{names[0][1]}, names[1:]
			}
			for _, target := range targets {
				key := strings.ReplaceAll(strings.ToLower(target), " ", "_")
				if s.addedAfter[key] == nil {
					s.addedAfter[key] = map[string]bool{}
				}
				for _, a := range attrs {
					s.addedAfter[key][a] = true
				}
			}
			attrs = attrs[:0]
			for _, n := range names {
				attrs = append(attrs, n[1])
			}
		}
	}
}

// semverLess reports whether release a precedes release b (x.y.z).
func semverLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := range 3 {
		x, _ := strconv.Atoi(pa[i])
		y, _ := strconv.Atoi(pb[i])
		if x != y {
			return x < y
		}
	}
	return false
}

var ocsfClassFiles = map[int]string{ocsfClassCompliance: "compliance_finding", ocsfClassDetection: "detection_finding"}

// checkEvent returns what is wrong with one event.
func (s *ocsfSchema) checkEvent(e map[string]any) []string {
	uid, _ := e["class_uid"].(float64)
	name, ok := ocsfClassFiles[int(uid)]
	if !ok {
		return []string{fmt.Sprintf("class_uid %v is not a class Vigil writes", e["class_uid"])}
	}
	class := s.def("events", name)
	applied := map[string]bool{}
	if md, ok := e["metadata"].(map[string]any); ok {
		ps, _ := md["profiles"].([]any)
		for _, p := range ps {
			ps, _ := p.(string)
			applied[ps] = true
			if !slices.Contains(class.Profiles, ps) {
				return []string{fmt.Sprintf("metadata.profiles: %s is not a profile of %s", ps, class.Name)}
			}
		}
	}
	var errs []string
	s.checkObject("", e, class, applied, &errs)
	sort.Strings(errs)
	return errs
}

func (s *ocsfSchema) checkObject(path string, v map[string]any, d *ocsfDef, applied map[string]bool, errs *[]string) {
	fail := func(attr, format string, args ...any) {
		*errs = append(*errs, path+attr+": "+fmt.Sprintf(format, args...))
	}
	for name, a := range d.Attrs {
		required := a.Requirement == "required" || slices.Contains(ocsfRequiredAtPin[d.Name], name)
		if !required || (a.Profile != "" && !applied[a.Profile]) {
			continue
		}
		if val, ok := v[name]; !ok || val == nil || val == "" {
			fail(name, "required by %s and missing", d.Name)
		}
	}
	for name, val := range v {
		a, ok := d.Attrs[name]
		if !ok {
			fail(name, "not an attribute of %s (put it in unmapped)", d.Name)
			continue
		}
		if a.Profile != "" && !applied[a.Profile] {
			fail(name, "of profile %s, which metadata.profiles does not list", a.Profile)
		}
		// Added later only if every definition that declares it added
		// it later (a later release re-declaring an attribute an
		// ancestor had, to tighten it, does not make it new).
		if !slices.ContainsFunc(a.Origins, func(o string) bool { return !s.addedAfter[o][name] }) {
			fail(name, "added after %s", ocsfVersion)
		}
		switch {
		case a.Deprecated == "":
		case !semverLess(ocsfVersion, a.Deprecated):
			fail(name, "deprecated since %s", a.Deprecated)
		default:
			note := fmt.Sprintf("note: %s.%s is deprecated since %s, after the pinned %s", d.Name, name, a.Deprecated, ocsfVersion)
			if !slices.Contains(s.notes, note) {
				s.notes = append(s.notes, note)
			}
		}
		if a.IsArray {
			items, ok := val.([]any)
			if !ok {
				fail(name, "want an array")
				continue
			}
			for i, item := range items {
				s.checkValue(fmt.Sprintf("%s%s[%d]", path, name, i), item, a, applied, errs)
			}
		} else {
			s.checkValue(path+name, val, a, applied, errs)
		}
		if a.Sibling != "" && a.Enum != nil {
			if sib, ok := v[a.Sibling]; ok {
				key := jsonScalar(val)
				if caption, known := a.Enum[key]; known && key != "99" && sib != caption {
					fail(a.Sibling, "%q, the caption of %s %s is %q", sib, name, key, caption)
				}
			}
		}
	}
	for kind, names := range d.Constraints {
		n := 0
		for _, name := range names {
			if _, ok := v[name]; ok {
				n++
			}
		}
		switch {
		case kind == "at_least_one" && n == 0:
			*errs = append(*errs, strings.TrimSuffix(path, ".")+": at least one of "+strings.Join(names, ", "))
		case kind == "just_one" && n != 1:
			*errs = append(*errs, strings.TrimSuffix(path, ".")+": exactly one of "+strings.Join(names, ", "))
		}
	}
}

// checkValue checks one value against its attribute's type and enum,
// and descends into objects.
func (s *ocsfSchema) checkValue(path string, val any, a *ocsfAttr, applied map[string]bool, errs *[]string) {
	fail := func(format string, args ...any) { *errs = append(*errs, path+": "+fmt.Sprintf(format, args...)) }
	base, t := a.Type, s.types[a.Type]
	if t.Type != "" {
		base = t.Type
	}
	switch base {
	case "string_t":
		str, ok := val.(string)
		if !ok {
			fail("want a string, got %T", val)
			return
		}
		if t.MaxLen > 0 && len(str) > t.MaxLen {
			fail("longer than %d", t.MaxLen)
		}
		if re, err := regexp.Compile(t.Regex); t.Regex != "" && err == nil && !re.MatchString(str) {
			fail("does not match %s's pattern", a.Type)
		}
	case "integer_t", "long_t":
		n, ok := val.(float64)
		if !ok || n != math.Trunc(n) {
			fail("want integer, got %v", val)
			return
		}
	case "float_t":
		if _, ok := val.(float64); !ok {
			fail("want a number, got %T", val)
		}
	case "boolean_t":
		if _, ok := val.(bool); !ok {
			fail("want a boolean, got %T", val)
		}
	case "json_t", "object":
		// Any JSON (unmapped, data): nothing to check within.
	default:
		obj, ok := val.(map[string]any)
		if !ok {
			fail("want a %s object, got %T", a.Type, val)
			return
		}
		s.checkObject(path+".", obj, s.def("objects", a.Type), applied, errs)
		return
	}
	if a.Enum != nil {
		if _, ok := a.Enum[jsonScalar(val)]; !ok {
			fail("%s is not defined", jsonScalar(val))
		}
	}
}

// jsonScalar renders a decoded JSON scalar as an enum key.
func jsonScalar(v any) string {
	if n, ok := v.(float64); ok && n == math.Trunc(n) {
		return strconv.FormatInt(int64(n), 10)
	}
	return fmt.Sprint(v)
}

// TestOCSFScales: every severity and status maps to the OCSF value
// whose caption it writes (finding classes' severity_id and status_id,
// the compliance object's status_id).
func TestOCSFScales(t *testing.T) {
	sch := loadOCSF(t, ocsfDir)
	class := sch.def("events", "compliance_finding")
	comp := sch.def("objects", "compliance")
	for _, sev := range append(model.Severities(), 0) {
		sc := scaleOf(sev)
		if got := class.Attrs["severity_id"].Enum[strconv.Itoa(sc.ocsfID)]; got != sc.ocsfName {
			t.Errorf("%s: severity_id %d is %q in OCSF, written %q", sev, sc.ocsfID, got, sc.ocsfName)
		}
	}
	for name, st := range states {
		if got := class.Attrs["status_id"].Enum[strconv.Itoa(st.ocsfStatusID)]; got != st.ocsfStatus {
			t.Errorf("%s: status_id %d is %q in OCSF, written %q", name, st.ocsfStatusID, got, st.ocsfStatus)
		}
		if got := comp.Attrs["status_id"].Enum[strconv.Itoa(st.ocsfComplianceID)]; got != st.ocsfCompliance {
			t.Errorf("%s: compliance status_id %d is %q in OCSF, written %q", name, st.ocsfComplianceID, got, st.ocsfCompliance)
		}
	}
}
