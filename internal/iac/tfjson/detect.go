package tfjson

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// planKeys are top-level members only a plan has.
var planKeys = map[string]bool{
	"planned_values": true, "resource_changes": true, "prior_state": true,
	"configuration": true, "resource_drift": true, "output_changes": true,
	"relevant_attributes": true, "deferred_changes": true,
}

// Detect reports whether data is Terraform plan JSON
// (cloudres.TerraformPlan) or a Terraform state — terraform.tfstate or
// `terraform show -json` of a state (cloudres.TerraformState). It reads
// only the top-level members it needs. A file named *.tfstate (or
// *.tfstate.backup) is a state even when it does not parse, so Parse can
// report why.
func Detect(name string, data []byte) (kind string, ok bool) {
	stateName := strings.HasSuffix(name, ".tfstate") || strings.HasSuffix(name, ".tfstate.backup")
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) == 0 || trimmed[0] != '{' {
		if stateName {
			return cloudres.TerraformState, true
		}
		return "", false
	}
	kind = classify(topLevelKeys(data))
	if kind == "" && stateName {
		kind = cloudres.TerraformState
	}
	return kind, kind != ""
}

// keyInfo is what the top level tells about a file.
type keyInfo struct {
	formatVersion bool // "format_version" is a string
	version       bool // "version" is a number
	keys          map[string]bool
}

// classify decides the kind from the top-level members seen so far; ""
// when they do not (yet) say.
func classify(k keyInfo) string {
	if k.formatVersion {
		for key := range k.keys {
			if planKeys[key] {
				return cloudres.TerraformPlan
			}
		}
		if k.keys["values"] {
			return cloudres.TerraformState
		}
		return ""
	}
	if k.version && (k.keys["lineage"] || k.keys["serial"] || k.keys["resources"] || k.keys["modules"]) {
		return cloudres.TerraformState
	}
	return ""
}

// topLevelKeys scans the members of the top-level object, stopping as
// soon as the kind is known or at the first syntax error.
func topLevelKeys(data []byte) keyInfo {
	k := keyInfo{keys: map[string]bool{}}
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return k
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			break
		}
		key, _ := t.(string)
		k.keys[key] = true
		if classify(k) != "" {
			return k // a truncated plan is still a plan
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			break
		}
		switch key {
		case "format_version":
			var s string
			k.formatVersion = json.Unmarshal(raw, &s) == nil
		case "version":
			var f float64
			k.version = json.Unmarshal(raw, &f) == nil
		}
		if classify(k) != "" {
			return k
		}
	}
	if _, err := dec.Token(); err != nil {
		return k // not a complete object
	}
	if k.formatVersion && len(k.keys) <= 2 && (len(k.keys) == 1 || k.keys["terraform_version"]) {
		// `terraform show -json` of an empty state.
		k.keys["values"] = true
	}
	return k
}
