// Package frameworks embeds the compliance mappings: one YAML file per
// framework version, listing every requirement (id, title, whether it can
// be automated) and the rule ids that decide it.
package frameworks

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
