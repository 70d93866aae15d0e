package cfn

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Detect reports whether data is a CloudFormation template: a YAML or
// JSON mapping with AWSTemplateFormatVersion, or with a Resources
// mapping whose entries have a Type such as AWS::S3::Bucket or
// Custom::Thing. It reads only the top of the document's tree; name is
// not consulted, so templates need no particular extension.
func Detect(name string, data []byte) bool {
	// Cheap rejections before any parsing: a template names its version
	// or at least one resource type.
	if !bytes.Contains(data, []byte("AWSTemplateFormatVersion")) {
		if !bytes.Contains(data, []byte("Resources")) {
			return false
		}
		if !bytes.Contains(data, []byte("AWS::")) && !bytes.Contains(data, []byte("Custom::")) && !bytes.Contains(data, []byte("Alexa::")) {
			return false
		}
	}
	if !utf8.Valid(data) {
		return false
	}
	doc, _, err := decode(data)
	if err != nil || doc == nil {
		return false
	}
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	root = deref(root)
	if root == nil || root.Kind != yaml.MappingNode {
		return false
	}
	top := pairsByName(root)
	if _, ok := top["AWSTemplateFormatVersion"]; ok {
		return true
	}
	res := deref(top["Resources"])
	if res == nil || res.Kind != yaml.MappingNode {
		return false
	}
	for i := 1; i < len(res.Content); i += 2 {
		r := deref(res.Content[i])
		if r == nil || r.Kind != yaml.MappingNode {
			continue
		}
		if t := deref(pairsByName(r)["Type"]); t != nil && t.Kind == yaml.ScalarNode && resourceType(t.Value) {
			return true
		}
	}
	return false
}

func resourceType(t string) bool {
	for _, p := range []string{"AWS::", "Custom::", "Alexa::"} {
		if strings.HasPrefix(t, p) && len(t) > len(p) {
			return true
		}
	}
	return false
}
