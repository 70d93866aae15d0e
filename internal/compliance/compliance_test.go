package compliance

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vigil-cspm/vigil/frameworks"
)

func TestEmbeddedFrameworks(t *testing.T) {
	s, err := Load(frameworks.FS)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"cis-kubernetes-1.12": 35, "nsa-cisa-k8s-1.2": 21, "pss-baseline": 12, "pss-restricted": 16,
		"aws-fsbp": 337, "cis-eks-1.8": 50, "pci-dss-4.0.1": 250, "soc2-2017": 61, "iso-27001-2022": 93}
	for id, n := range want {
		fw, err := s.Lookup(id)
		if err != nil {
			t.Fatal(err)
		}
		if len(fw.Requirements) != n {
			t.Errorf("%s has %d requirements, want %d", id, len(fw.Requirements), n)
		}
	}
	// The renamed NSA/CISA id still resolves, to the same framework.
	if old, err := s.Lookup("nsa-cisa-kubernetes-1.2"); err != nil || old.ID != "nsa-cisa-k8s-1.2" {
		t.Errorf("old NSA/CISA id: %v, %v", old, err)
	}
	// Every requirement of every embedded framework has exactly one status,
	// and the counts add up.
	for _, fw := range s.Frameworks() {
		c := fw.Counts()
		if c.Automated+c.Manual+c.NotCovered != c.Requirements || c.Requirements != len(fw.Requirements) {
			t.Errorf("%s counts %+v", fw.ID, c)
		}
	}
	cis, _ := s.Get("cis-kubernetes-1.12")
	var manual []string
	for _, r := range cis.Requirements {
		if !r.Automated {
			manual = append(manual, r.ID)
		}
	}
	if strings.Join(manual, ",") != "5.1.7,5.3.1,5.4.2,5.5.1,5.7.3" {
		t.Errorf("manual CIS controls = %v", manual)
	}
}

// TestEncodeDecode: a set read back from Encode is the set Load made,
// and Digest is its digest.
func TestEncodeDecode(t *testing.T) {
	s, err := Load(frameworks.FS)
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, s) {
		t.Error("the decoded set differs from the loaded one")
	}
	if d, err := Digest(frameworks.FS); err != nil || d != s.Digest() {
		t.Errorf("Digest = %s, %v; the loaded set's is %s", d, err, s.Digest())
	}
	if _, err := Decode(b[:len(b)/2]); err == nil {
		t.Error("half a set decoded")
	}
}

func TestRejectsUnknownRule(t *testing.T) {
	fsys := fstest.MapFS{"x.yaml": {Data: []byte("id: x\ntitle: X\nrequirements:\n  - id: '1'\n    title: One\n    automated: true\n    rules: [nope]\n")}}
	set, err := Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if err := set.Check(func(string) bool { return false }); err == nil || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("err = %v", err)
	}
	bad := fstest.MapFS{"y.yaml": {Data: []byte("id: y\ntitle: Y\nrequirements:\n  - id: '1'\n    title: One\n    automated: true\n    rules: []\n    bogus: 1\n")}}
	if _, err := Load(bad); err == nil {
		t.Fatal("unknown field accepted")
	}
}

func TestEvaluate(t *testing.T) {
	fw := &Framework{Requirements: []Requirement{
		{ID: "a", Automated: true, Rules: []string{"r1"}},
		{ID: "b", Automated: true, Rules: []string{"r2"}},
		{ID: "c", Automated: false},
	}}
	st := fw.Evaluate(map[string]int{"r1": 2}, nil)
	if st[0].State != StateFail || st[0].Findings != 2 || st[1].State != StatePass || st[2].State != StateManual {
		t.Fatalf("states = %+v", st)
	}
	st = fw.Evaluate(nil, func(id string) bool { return id != "r2" })
	if st[0].State != StatePass || st[1].State != StateNotCovered {
		t.Fatalf("with r2 not covered: states = %+v", st)
	}
}

// TestStatuses: each status parses in the new form and the older one,
// contradictions and unknown statuses are errors naming file and line,
// and Counts counts them.
func TestStatuses(t *testing.T) {
	const head = "id: x\ntitle: X\nrequirements:\n"
	good := head +
		"  - id: a\n    title: A\n    status: automated\n    rules: [r1]\n" +
		"  - id: b\n    title: B\n    status: manual\n    note: a person reads the contract\n" +
		"  - id: c\n    title: C\n    status: not-covered\n" +
		"  - id: d\n    title: D\n    automated: true\n    rules: [r2]\n" +
		"  - id: e\n    title: E\n    automated: false\n    note: by hand\n"
	fw, err := Parse("x.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range fw.Requirements {
		got = append(got, r.ID+"="+r.Status+"/"+strconv.FormatBool(r.Automated))
	}
	if want := "a=automated/true b=manual/false c=not-covered/false d=automated/true e=manual/false"; strings.Join(got, " ") != want {
		t.Errorf("statuses %s, want %s", strings.Join(got, " "), want)
	}
	if c := fw.Counts(); c.String() != "5 requirements: 2 automated, 2 manual, 1 not covered" {
		t.Errorf("counts %q", c)
	}
	states := fw.Evaluate(map[string]int{"r1": 1}, nil)
	if states[0].State != StateFail || states[1].State != StateManual || states[2].State != StateNotCovered || states[3].State != StatePass {
		t.Errorf("states %+v", states)
	}
	for name, tc := range map[string]struct{ body, want string }{
		"unknown":           {"  - id: a\n    title: A\n    status: automatic\n", `x.yaml:4: requirement a: status "automatic" is not one of automated, manual, not-covered`},
		"automated no rule": {"  - id: a\n    title: A\n    status: automated\n", "x.yaml:4: requirement a: status automated needs rules"},
		"manual no note":    {"  - id: ok\n    title: OK\n    status: not-covered\n  - id: b\n    title: B\n    status: manual\n", "x.yaml:7: requirement b: status manual needs a note"},
		"not-covered rules": {"  - id: c\n    title: C\n    status: not-covered\n    rules: [r1]\n", "x.yaml:4: requirement c: status not-covered names rules r1"},
		"contradiction":     {"  - id: d\n    title: D\n    status: manual\n    automated: true\n    note: n\n", "x.yaml:4: requirement d: status manual contradicts automated: true"},
	} {
		_, err := Parse("x.yaml", []byte(head+tc.body))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want %q", name, err, tc.want)
		}
	}
}

// FuzzParse: no framework file makes Parse panic or hang, and what it
// accepts has a status for every requirement.
func FuzzParse(f *testing.F) {
	for _, name := range frameworks.IDs() {
		b, err := frameworks.FS.ReadFile(name + ".yaml")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("id: x\ntitle: X\nrequirements:\n  - id: a\n    title: A\n    status: [1]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fw, err := Parse("fuzz.yaml", data)
		if err != nil {
			return
		}
		for _, r := range fw.Requirements {
			if r.Status != StatusAutomated && r.Status != StatusManual && r.Status != StatusNotCovered {
				t.Fatalf("requirement %s accepted with status %q", r.ID, r.Status)
			}
		}
	})
}
