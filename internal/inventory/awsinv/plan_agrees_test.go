package awsinv

import (
	"context"
	"reflect"
	"testing"

	"github.com/vigil-cspm/vigil/internal/awstest"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
	"github.com/vigil-cspm/vigil/rules"
	"github.com/vigil-cspm/vigil/schemas"
)

// TestPlanAgreesOnAWS evaluates the library over collected AWS accounts
// (the recorded misconfigured account and a generated estate) from the rules' plan
// and with OPA's interpreter: the results must be the same.
func TestPlanAgreesOnAWS(t *testing.T) {
	ctx := context.Background()
	engines := map[bool]*policy.Engine{}
	for _, interp := range []bool{false, true} {
		eng, err := policy.Load(ctx, policy.Options{Library: rules.FS, LibraryPrefix: rules.Prefix, Schemas: schemas.FS, InterpreterOnly: interp})
		if err != nil {
			t.Fatal(err)
		}
		engines[interp] = eng
	}
	compare := func(t *testing.T, resources []*model.Resource) {
		t.Helper()
		want, got := scantest.Evaluate(t, engines[true], resources), scantest.Evaluate(t, engines[false], resources)
		if len(want) == 0 {
			t.Fatal("no findings: the comparison proves nothing")
		}
		if !reflect.DeepEqual(got, want) {
			for i := range min(len(got), len(want)) {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Fatalf("result %d differs:\nplan:        %+v\ninterpreter: %+v", i, got[i], want[i])
				}
			}
			t.Fatalf("plan %d results, interpreter %d", len(got), len(want))
		}
		t.Logf("%d resources, %d results agree", len(resources), len(got))
	}
	t.Run("misconfigured", func(t *testing.T) {
		replay(t, "misconfigured")
		_, res := scan(t, Config{})
		compare(t, res.Resources)
	})
	t.Run("generated", func(t *testing.T) {
		serveEstate(t, awstest.Estate{Account: "999999999999", Regions: []string{"us-east-1", "eu-west-1"}, Resources: 1500})
		_, res := scan(t, Config{Rate: 1e6, Burst: 1e6, InFlight: 64})
		compare(t, res.Resources)
	})
}
