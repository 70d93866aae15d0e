package kube

import (
	"maps"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Schema returns the JSON Schema of a modelled type: the resource
// envelope every rule sees as input, with the type's attributes. It is
// the contract between the normalizer and the rules, generated from the
// same Go types the normalizer walks.
func (c *Catalog) Schema(typ string) (map[string]any, bool) {
	k, ok := c.ByType(typ)
	if !ok {
		return nil, false
	}
	return model.Envelope(typ, c.attributesSchema(k)), true
}

func object(props map[string]any) map[string]any {
	return map[string]any{"type": "object", "properties": props, "additionalProperties": false}
}

func credentialsSchema() map[string]any {
	str := map[string]any{"type": "string"}
	return map[string]any{"type": "array", "items": object(map[string]any{
		"path": str, "kind": str, "key": str, "container": str, "redacted": str,
	})}
}

func (c *Catalog) attributesSchema(k Kind) map[string]any {
	sh := c.shapes()
	str := map[string]any{"type": "string"}
	strList := map[string]any{"type": "array", "items": str}
	strMap := map[string]any{"type": "object", "additionalProperties": str}
	props := map[string]any{}
	if k.Workload() {
		props["pod_spec"] = sh.schema(podSpecType, 0)
		props["pod_metadata"] = object(map[string]any{"labels": strMap, "annotations": strMap})
		props["credentials"] = credentialsSchema()
		if k.Kind != "Pod" {
			f, _ := sh.field(k.goType, "spec")
			spec := sh.schema(f.typ, 0)
			sp := maps.Clone(spec["properties"].(map[string]any))
			delete(sp, "template")
			delete(sp, "job_template")
			spec = maps.Clone(spec)
			spec["properties"] = sp
			props["spec"] = spec
		}
		return object(props)
	}
	whole := sh.schema(k.goType, 0)["properties"].(map[string]any)
	for name, s := range whole {
		switch name {
		case "api_version", "kind", "metadata", "status":
			continue
		}
		props[name] = s
	}
	switch k.Kind {
	case "Secret":
		delete(props, "data")
		delete(props, "string_data")
		props["data_keys"] = strList
	case "ConfigMap":
		props["data"] = strMap
		delete(props, "binary_data")
		props["binary_data_keys"] = strList
		props["credentials"] = credentialsSchema()
	case "Node":
		f, _ := sh.field(nodeStatusType, "nodeInfo")
		props["node_info"] = sh.schema(f.typ, 0)
	}
	return object(props)
}
