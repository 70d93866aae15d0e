// Package frameworks embeds the compliance mappings: one YAML file per
// framework version, listing every requirement (id, title, whether it can
// be automated) and the rule ids that decide it.
package frameworks

import "embed"

// FS holds <framework-id>.yaml files.
//
//go:embed *.yaml
var FS embed.FS
