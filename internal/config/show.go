package config

import (
	"bytes"
	"encoding/json"
	"fmt"

	"gopkg.in/yaml.v3"
)

// Formats are the forms Marshal writes.
var Formats = []string{"yaml", "json"}

// Marshal writes the configuration with its defaults filled in, as
// YAML (a valid vigil.yaml) or JSON. Secrets appear as their
// references.
func (c *Config) Marshal(format string) ([]byte, error) {
	var b bytes.Buffer
	switch format {
	case "yaml":
		enc := yaml.NewEncoder(&b)
		enc.SetIndent(2)
		if err := enc.Encode(c); err != nil {
			return nil, err
		}
		if err := enc.Close(); err != nil {
			return nil, err
		}
	case "json":
		enc := json.NewEncoder(&b)
		enc.SetIndent("", "  ")
		if err := enc.Encode(c); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("unknown format %q: use yaml or json", format)
	}
	return b.Bytes(), nil
}
