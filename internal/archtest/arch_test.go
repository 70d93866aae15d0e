package archtest

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/vigil-cspm/vigil/"

// forbidden maps a package prefix to the module packages it must not
// import (prefix match).
var forbidden = map[string][]string{
	"internal/model":     {"internal/", "rules", "schemas", "frameworks"},
	"internal/diag":      {"internal/", "rules", "schemas", "frameworks"},
	"internal/policy":    {"internal/iac", "internal/inventory", "internal/kube", "internal/store", "internal/report", "internal/cli", "internal/findings", "internal/config"},
	"internal/kube":      {"internal/policy", "internal/store", "internal/report", "internal/cli", "internal/findings", "internal/iac", "internal/inventory"},
	"internal/iac":       {"internal/policy", "internal/store", "internal/report", "internal/cli", "internal/findings", "internal/inventory"},
	"internal/inventory": {"internal/policy", "internal/store", "internal/report", "internal/cli", "internal/findings", "internal/iac"},
	"internal/report":    {"internal/store", "internal/policy", "internal/cli", "internal/inventory", "internal/iac", "internal/kube"},
	"internal/store":     {"internal/policy", "internal/report", "internal/cli", "internal/iac", "internal/inventory", "internal/kube"},
	"internal/awsmodel":  {"internal/policy", "internal/store", "internal/report", "internal/cli", "internal/findings", "internal/iac", "internal/inventory", "internal/kube"},
	// The configuration reaches the pipeline and the engine as values
	// (scan.Request), never as the file: only front-ends read it.
	"internal/scan":       {"internal/config"},
	"internal/params":     {"internal/policy", "internal/scan", "internal/config", "internal/cli", "internal/store", "internal/report", "internal/iac", "internal/inventory", "internal/kube", "internal/findings"},
	"internal/config":     {"internal/policy", "internal/scan", "internal/store", "internal/report", "internal/cli", "internal/iac", "internal/inventory", "internal/kube", "internal/findings"},
	"internal/exceptions": {"internal/policy", "internal/scan", "internal/config", "internal/cli", "internal/report", "internal/iac", "internal/inventory", "internal/kube", "internal/findings"},
	// Reports read the store and render; they never scan or read the
	// configuration.
	"internal/audit":  {"internal/policy", "internal/scan", "internal/config", "internal/cli", "internal/iac", "internal/inventory", "internal/kube", "internal/findings"},
	"internal/triage": {"internal/policy", "internal/scan", "internal/store", "internal/report", "internal/cli", "internal/iac", "internal/inventory", "internal/kube"},
	// Jobs run scans through a function they are given; they never read
	// the configuration or the CLI.
	"internal/jobs":  {"internal/config", "internal/cli", "internal/policy", "internal/report", "internal/iac", "internal/inventory", "internal/kube"},
	"internal/web":   {"internal/cli", "internal/policy", "internal/iac", "internal/inventory", "internal/kube", "internal/report"},
	"internal/graph": {"internal/policy", "internal/store", "internal/report", "internal/cli", "internal/iac", "internal/inventory", "internal/kube"},
}

func TestImportArrows(t *testing.T) {
	out, err := exec.Command("go", "list", "-json", module+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	checked := 0
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		pkg := strings.TrimPrefix(p.ImportPath, module)
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			dep := strings.TrimPrefix(imp, module)
			if dep == "internal/cli" && pkg != "cmd/vigil" {
				t.Errorf("%s imports the CLI; only cmd/vigil may", pkg)
			}
			for prefix, bans := range forbidden {
				if pkg != prefix && !strings.HasPrefix(pkg, prefix+"/") {
					continue
				}
				for _, ban := range bans {
					if strings.HasPrefix(dep, ban) && !strings.HasPrefix(dep, prefix) {
						t.Errorf("%s imports %s: imports must point inward (see docs/architecture.md)", pkg, dep)
					}
				}
			}
			checked++
		}
	}
	if checked < 20 {
		t.Fatalf("checked only %d imports", checked)
	}
}
