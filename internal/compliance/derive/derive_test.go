package derive

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vigil-cspm/vigil/internal/compliance"
)

const frameworksDir = "../../../frameworks"

// TestDerivedFilesAreCurrent fails when a derived framework file differs
// from what aws-fsbp.yaml and the crosswalks make: someone edited one of
// them and did not run go run ./tools/frameworks.
func TestDerivedFilesAreCurrent(t *testing.T) {
	files, err := Generate(os.DirFS(frameworksDir))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(Files) {
		t.Fatalf("generated %d files, want %d", len(files), len(Files))
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(frameworksDir, name))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("frameworks/%s is stale: run go run ./tools/frameworks", name)
		}
	}
}

// TestFlipPropagates: taking the rules off an FSBP control takes them off
// the derived PCI DSS and NIST requirements it reached (which stay
// automated only through another control), so regenerating is all a
// mapping change needs.
func TestFlipPropagates(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, name := range append([]string{"aws-fsbp.yaml"}, crosswalkNames()...) {
		b, err := os.ReadFile(filepath.Join(frameworksDir, name))
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	before, err := Generate(fsys)
	if err != nil {
		t.Fatal(err)
	}
	fsbp := string(fsys["aws-fsbp.yaml"].Data)
	old := "    status: automated\n    rules: [aws-ec2-imdsv2]\n"
	if !strings.Contains(fsbp, old) {
		t.Fatal("aws-fsbp.yaml no longer maps EC2.8 to aws-ec2-imdsv2; pick another control for this test")
	}
	fsys["aws-fsbp.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(fsbp, old, "    status: not-covered\n", 1))}
	after, err := Generate(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for name, id := range map[string]string{"pci-dss-4.0.1.yaml": "2.2.6", "nist-800-53-r5.yaml": "AC-3(15)"} {
		b, a := requirement(t, before[name], id), requirement(t, after[name], id)
		// Automated before; after, automated only while another
		// automated control still reaches it, else not covered.
		want := compliance.StatusNotCovered
		if len(a.Rules) > 0 {
			want = compliance.StatusAutomated
		}
		if b.Status != compliance.StatusAutomated || a.Status != want {
			t.Errorf("%s %s: %s before, %s after with rules %v; want automated, then %s", name, id, b.Status, a.Status, a.Rules, want)
		}
		if strings.Contains(strings.Join(a.Rules, ","), "aws-ec2-imdsv2") || !strings.Contains(strings.Join(b.Rules, ","), "aws-ec2-imdsv2") {
			t.Errorf("%s %s rules %v before, %v after", name, id, b.Rules, a.Rules)
		}
	}
}

func crosswalkNames() []string {
	var out []string
	for _, id := range Files {
		out = append(out, "crosswalks/"+id+".yaml")
	}
	return out
}

func requirement(t *testing.T, file []byte, id string) compliance.Requirement {
	t.Helper()
	fw, err := compliance.Parse("derived.yaml", file)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range fw.Requirements {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("%s has no requirement %s", fw.ID, id)
	return compliance.Requirement{}
}

func source() *compliance.Framework {
	return &compliance.Framework{ID: "src", Requirements: []compliance.Requirement{
		{ID: "A.1", Status: compliance.StatusAutomated, Rules: []string{"r2", "r1"},
			Related: map[string][]string{"pci": {"1.4.4"}, "nist": {"AC-3(7)", "SC-7"}}},
		{ID: "B.1", Status: compliance.StatusNotCovered,
			Related: map[string][]string{"pci": {"1.4.4", "2.2.1"}}},
	}}
}

func crosswalk(t *testing.T, text string) *Crosswalk {
	t.Helper()
	cw, err := ParseCrosswalk("cw.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return cw
}

const unreached = "unreached:\n  status: manual\n  note: by hand\n"

func TestDeriveRelated(t *testing.T) {
	cw := crosswalk(t, "id: pci\ntitle: P\nfrom: src\nvia: related\n"+unreached+`requirements:
  - {id: "2.2.1", title: Two}
  - {id: "1.4.4", title: One}
  - {id: "3.1.1", title: Three, status: not-covered, note: "a collector could read it"}
  - {id: "3.1.2", title: Four}
`)
	fw, err := Derive(source(), cw)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range fw.Requirements {
		got = append(got, r.ID+" "+r.Status+" "+strings.Join(r.Rules, ",")+" "+r.Source)
	}
	want := []string{"1.4.4 automated r1,r2 aws", "2.2.1 not-covered  aws", "3.1.1 not-covered  ours", "3.1.2 manual  ours"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("derived\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if n := fw.Requirements[0].Note; !strings.Contains(n, "src A.1") || !strings.Contains(n, "not yet through B.1") {
		t.Errorf("1.4.4 note %q does not name the controls behind it", n)
	}
	if n := fw.Requirements[2].Note; n != "a collector could read it" {
		t.Errorf("3.1.1 note %q", n)
	}
	// A related id the crosswalk does not list is an error, not a dropped mapping.
	cw.Requirements = cw.Requirements[:1]
	if _, err := Derive(source(), cw); err == nil || !strings.Contains(err.Error(), "src A.1 relates to pci 1.4.4") {
		t.Errorf("unknown requirement: err = %v", err)
	}
	if _, err := Derive(&compliance.Framework{ID: "other"}, cw); err == nil {
		t.Error("a crosswalk derived from the wrong framework")
	}
}

// TestEnhancements: an enhancement AWS names is listed after its base,
// titled after it; one whose base is not listed is an error.
func TestEnhancements(t *testing.T) {
	cw := crosswalk(t, "id: nist\ntitle: N\nfrom: src\nvia: related\n"+unreached+`requirements:
  - {id: AC-3, title: Access is enforced}
  - {id: AC-12, title: Sessions end}
  - {id: SC-7, title: Boundaries}
`)
	fw, err := Derive(source(), cw)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range fw.Requirements {
		ids = append(ids, r.ID)
	}
	if strings.Join(ids, " ") != "AC-3 AC-3(7) AC-12 SC-7" {
		t.Errorf("order %v", ids)
	}
	if r := fw.Requirements[1]; r.Title != "Access is enforced: enhancement (7)" || r.Status != compliance.StatusAutomated {
		t.Errorf("enhancement %+v", r)
	}
	if r := fw.Requirements[0]; r.Status != compliance.StatusManual {
		t.Errorf("AC-3 itself is reached by nothing, got %s", r.Status)
	}
	cw.Requirements = cw.Requirements[1:]
	if _, err := Derive(source(), cw); err == nil || !strings.Contains(err.Error(), "base control AC-3") {
		t.Errorf("enhancement without its base: err = %v", err)
	}
}

// TestDeriveMaps: a criterion mapped to a base control reaches its
// enhancements; a map to an unknown control is an error.
func TestDeriveMaps(t *testing.T) {
	nist, err := Derive(source(), crosswalk(t, "id: nist\ntitle: N\nfrom: src\nvia: related\n"+unreached+
		"requirements:\n  - {id: AC-3, title: A}\n  - {id: SC-7, title: B}\n  - {id: PL-1, title: C}\n"))
	if err != nil {
		t.Fatal(err)
	}
	cw := crosswalk(t, "id: soc\ntitle: S\nfrom: nist\nvia: maps\nsource: derived\n"+unreached+`requirements:
  - {id: CC6.1, title: Access, maps: [AC-3]}
  - {id: CC1.1, title: Policy, maps: [PL-1]}
  - {id: CC9.9, title: Nothing, source: ours}
`)
	fw, err := Derive(nist, cw)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]compliance.Requirement{}
	for _, r := range fw.Requirements {
		got[r.ID] = r
	}
	if r := got["CC6.1"]; r.Status != compliance.StatusAutomated || strings.Join(r.Rules, ",") != "r1,r2" || r.Source != SourceDerived || !strings.Contains(r.Note, "AC-3(7)") {
		t.Errorf("CC6.1 %+v", r)
	}
	if r := got["CC1.1"]; r.Status != compliance.StatusManual || !strings.Contains(r.Note, "PL-1") {
		t.Errorf("CC1.1 %+v: want manual through PL-1", r)
	}
	if r := got["CC9.9"]; r.Status != compliance.StatusManual || r.Source != SourceOurs {
		t.Errorf("CC9.9 %+v", r)
	}
	cw.Requirements[0].Maps = []string{"ZZ-9"}
	if _, err := Derive(nist, cw); err == nil || !strings.Contains(err.Error(), "ZZ-9") {
		t.Errorf("unknown map: err = %v", err)
	}
}

func TestParseCrosswalkErrors(t *testing.T) {
	for name, text := range map[string]string{
		"no via":        "id: x\ntitle: X\nfrom: y\n" + unreached,
		"bad unreached": "id: x\ntitle: X\nfrom: y\nvia: maps\nunreached:\n  status: automated\n  note: n\n",
		"no note":       "id: x\ntitle: X\nfrom: y\nvia: maps\nunreached:\n  status: manual\n",
		"twice":         "id: x\ntitle: X\nfrom: y\nvia: maps\n" + unreached + "requirements:\n  - {id: a, title: A}\n  - {id: a, title: A}\n",
		"bad status":    "id: x\ntitle: X\nfrom: y\nvia: maps\n" + unreached + "requirements:\n  - {id: a, title: A, status: automated}\n",
		"maps related":  "id: x\ntitle: X\nfrom: y\nvia: related\n" + unreached + "requirements:\n  - {id: a, title: A, maps: [B]}\n",
		"unknown field": "id: x\ntitle: X\nfrom: y\nvia: maps\nbogus: 1\n" + unreached,
	} {
		if _, err := ParseCrosswalk("cw.yaml", []byte(text)); err == nil || !strings.HasPrefix(err.Error(), "cw.yaml") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

func TestIDOrder(t *testing.T) {
	ids := []string{"AC-3", "AC-2(12)", "AC-2", "AC-2(1)", "1.10.1", "1.2.10", "1.2.1", "CC1.2", "CC1.10", "A1.1"}
	sortIDs(ids)
	want := "1.2.1 1.2.10 1.10.1 A1.1 AC-2 AC-2(1) AC-2(12) AC-3 CC1.2 CC1.10"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("order %s\nwant  %s", got, want)
	}
	if !sort.SliceIsSorted(ids, func(i, j int) bool { return lessID(ids[i], ids[j]) }) {
		t.Error("lessID is not a strict order over its own sort")
	}
}

// FuzzParseCrosswalk: no crosswalk file panics the parser or Derive.
func FuzzParseCrosswalk(f *testing.F) {
	for _, name := range crosswalkNames() {
		b, err := os.ReadFile(filepath.Join(frameworksDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cw, err := ParseCrosswalk("fuzz.yaml", data)
		if err != nil {
			return
		}
		from := source()
		from.ID = cw.From
		_, _ = Derive(from, cw)
	})
}
