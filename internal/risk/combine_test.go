package risk_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"path"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/risk"
	"github.com/vigil-cspm/vigil/rules"
)

func library(t testing.TB) *risk.Combinations {
	t.Helper()
	sub, err := fs.Sub(rules.Combinations, "combinations")
	if err != nil {
		t.Fatal(err)
	}
	return risk.NewCombinations(sub, "rules/combinations/")
}

// TestCombinationFixtures: every combination rule has pass and fail
// fixtures; each fail fixture fires it (members from its input), no pass
// fixture does.
func TestCombinationFixtures(t *testing.T) {
	c := library(t)
	metas, err := c.Rules()
	if err != nil {
		t.Fatal(err)
	}
	if len(metas) < 2 {
		t.Fatalf("%d combination rules loaded", len(metas))
	}
	for _, m := range metas {
		t.Run(m.ID, func(t *testing.T) {
			dir := path.Join("combinations/testdata", m.ID)
			entries, err := fs.ReadDir(rules.Combinations, dir)
			if err != nil {
				t.Fatalf("%s has no fixtures: %v", m.ID, err)
			}
			var pass, fail int
			for _, e := range entries {
				raw, err := fs.ReadFile(rules.Combinations, path.Join(dir, e.Name()))
				if err != nil {
					t.Fatal(err)
				}
				var in risk.Input
				if err := json.Unmarshal(raw, &in); err != nil {
					t.Fatalf("%s: %v", e.Name(), err)
				}
				var want struct {
					Members []string `json:"expect_members"`
				}
				_ = json.Unmarshal(raw, &want)
				got, err := c.Evaluate(context.Background(), &in)
				if err != nil {
					t.Fatalf("%s: %v", e.Name(), err)
				}
				fired := 0
				for _, g := range got {
					if g.Rule.ID == m.ID {
						fired++
						if g.Message == "" || len(g.Members) == 0 {
							t.Errorf("%s: match %+v", e.Name(), g)
						}
						if want.Members != nil && strings.Join(g.Members, ",") != strings.Join(want.Members, ",") {
							t.Errorf("%s: members %v, want %v", e.Name(), g.Members, want.Members)
						}
					}
				}
				switch {
				case strings.HasPrefix(e.Name(), "fail"):
					fail++
					if fired != 1 {
						t.Errorf("%s: fired %d times, want once", e.Name(), fired)
					}
				case strings.HasPrefix(e.Name(), "pass"):
					pass++
					if fired != 0 {
						t.Errorf("%s: fired %v", e.Name(), got)
					}
				default:
					t.Errorf("%s: a fixture is named pass* or fail*", e.Name())
				}
			}
			if pass == 0 || fail == 0 {
				t.Errorf("%s: %d pass and %d fail fixtures; it needs both", m.ID, pass, fail)
			}
		})
	}
}

// TestCombinationMembersChecked: a rule naming a finding its input does
// not hold is an error, not a member.
func TestCombinationMembersChecked(t *testing.T) {
	bad := mapFS(map[string]string{"bad.rego": `# METADATA
# title: bad
# custom:
#   id: bad
#   severity: high
package vigil.combinations.bad

import rego.v1

deny contains {"msg": "m", "members": ["nope"]} if true
`})
	c := risk.NewCombinations(bad, "")
	_, err := c.Evaluate(context.Background(), &risk.Input{Findings: []risk.InputFinding{{ID: "f1"}}})
	if err == nil || !strings.Contains(err.Error(), `member "nope"`) {
		t.Fatalf("err %v", err)
	}
	if _, err := risk.NewCombinations(mapFS(map[string]string{"x.rego": "package vigil.combinations.x\n"}), "").Rules(); err == nil || !strings.Contains(err.Error(), "METADATA") {
		t.Fatalf("no metadata: %v", err)
	}
}
