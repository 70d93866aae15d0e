package compliance

import (
	"reflect"
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
	want := map[string]int{"cis-kubernetes-1.12": 35, "nsa-cisa-kubernetes-1.2": 21, "pss-baseline": 12, "pss-restricted": 16}
	for id, n := range want {
		fw, err := s.Lookup(id)
		if err != nil {
			t.Fatal(err)
		}
		if len(fw.Requirements) != n {
			t.Errorf("%s has %d requirements, want %d", id, len(fw.Requirements), n)
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
