package archtest

import (
	"os/exec"
	"strings"
	"testing"
)

// heavy are packages the binary must not link, each with why: their
// package inits run, and their code is mapped, for every command,
// `vigil version` included (figures from GODEBUG=inittrace=1).
var heavy = map[string]string{
	"helm.sh/helm/v3/pkg/chartutil":         "it links client-go's scheme and a JSON Schema validator; internal/iac/helm composes values itself",
	"helm.sh/helm/v3/pkg/engine":            "it links chartutil and client-go's discovery for lookup; internal/iac/helm renders templates itself",
	"k8s.io/client-go/kubernetes/scheme":    "its init registers every built-in API group (4-9 ms, 0.7 MB at each start) and it links every k8s.io/api group",
	"github.com/santhosh-tekuri/jsonschema": "its init compiles meta-schemas (8 ms, 1.7 MB at each start); only Helm's values.schema.json check used it",
}

// TestNoHeavyDependencies fails when the binary links a package of
// heavy (or one under it): start-up time and memory are targets
// (`vigil version` 20 ms, an empty scan 50 MiB), and each of these took
// a measurable share of both. Test binaries may link them.
func TestNoHeavyDependencies(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", module+"cmd/vigil").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 100 {
		t.Fatalf("go list listed only %d packages", len(deps))
	}
	for _, dep := range deps {
		for pkg, why := range heavy {
			if dep == pkg || strings.HasPrefix(dep, pkg+"/") {
				t.Errorf("cmd/vigil links %s: %s", dep, why)
			}
		}
	}
}
