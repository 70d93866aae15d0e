package awsadapt

import "encoding/json"

// mustJSON encodes decoded template data (maps, lists, scalars), which
// always encodes.
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
