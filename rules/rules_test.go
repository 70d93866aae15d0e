package rules_test

import (
	"context"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/internal/ruletest"
	"github.com/vigil-cspm/vigil/internal/secrets"
	"github.com/vigil-cspm/vigil/rules"
	"github.com/vigil-cspm/vigil/schemas"
)

// TestFixtures runs every rule of the library against its pass and fail
// fixtures. Adding a rule or a case needs no Go code.
func TestFixtures(t *testing.T) {
	ctx := context.Background()
	eng, err := policy.Load(ctx, policy.Options{Library: rules.FS, LibraryPrefix: rules.Prefix, Schemas: schemas.FS, CheckLibrary: true})
	if err != nil {
		t.Fatalf("load library: %v", err)
	}
	if len(eng.Rules()) == 0 {
		t.Fatal("library holds no rules")
	}
	r := ruletest.Runner{Engine: eng, Parser: k8s.NewParser(kube.NewNormalizer(kube.NewCatalog(), secrets.New()))}
	cases, err := r.Run(ctx, rules.FS, rules.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.RuleID+"/"+c.File, func(t *testing.T) {
			if !c.Passed {
				t.Errorf("%s (%s): %s", c.File, c.Want, c.Message)
			}
		})
	}
}
