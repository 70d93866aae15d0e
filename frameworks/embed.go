// Package frameworks embeds the compliance mappings: one YAML file per
// framework version, listing every requirement (id, title, status:
// automated, manual or not-covered) and the rule ids that decide it.
//
// pci-dss-4.0.1, nist-800-53-r5, soc2-2017 and iso-27001-2022 are derived:
// go generate ./frameworks (go run ./tools/frameworks) writes them from
// aws-fsbp.yaml and crosswalks/, which are not embedded.
package frameworks

//go:generate go run ../tools/frameworks -dir .

import (
	"embed"
	"strings"
)

// FS holds <framework-id>.yaml files.
//
//go:embed *.yaml
var FS embed.FS

// IDs lists the framework ids, from the file names (compliance.Load
// checks that each file's id is its name).
func IDs() []string {
	entries, _ := FS.ReadDir(".")
	out := make([]string, 0, len(entries))
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			out = append(out, name)
		}
	}
	return out
}
