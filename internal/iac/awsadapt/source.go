package awsadapt

import (
	"encoding/json"
	"strconv"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// spell is the one way adapters name what they read: tf is the name in
// Terraform (snake_case; an argument of a nested block, which is a list,
// is "block.0.argument"), cf the name in CloudFormation (PascalCase;
// properties nest without an index, "Property.Field"), and spell returns
// the one in's source uses. Arguments, nested paths and the types of
// satellite resources are all named this way, both names side by side
// where the value is read, so a search for either finds the adapter. An
// empty name says that source has no such argument. Code that reads one
// source only (a Terraform-only type, a branch on cfn) names it directly.
func spell(in *cloudres.Instance, tf, cf string) string {
	if cfn(in) {
		return cf
	}
	return tf
}

// cfn reports whether the instance comes from CloudFormation, for the
// adapters that read the two sources differently (not only by name).
func cfn(in *cloudres.Instance) bool { return in.Source == cloudres.CloudFormation }

// knownStr returns the string at path when the source knows it.
func knownStr(in *cloudres.Instance, path string) string {
	v, _ := in.Get(path)
	s, _ := v.(string)
	return s
}

// labelOr returns the value at path when known, else the instance's name
// label or logical ID.
func labelOr(in *cloudres.Instance, path string) string {
	if s := knownStr(in, path); s != "" {
		return s
	}
	return in.Name
}

// setAtApply stands for a value that exists but is known only after
// apply (a key or ARN created by the same configuration).
const setAtApply = "(set at apply)"

// refPlaceholder stands for the value of a reference known only at
// apply: "${address.attr}".
func refPlaceholder(r cloudres.Ref) string {
	s := r.Address
	if r.Attr != "" {
		s += "." + r.Attr
	}
	return "${" + s + "}"
}

// hasUnknown reports whether v holds an Unknown or a Ref, at any depth.
func hasUnknown(v any) bool {
	switch x := v.(type) {
	case cloudres.Unknown, cloudres.Ref:
		return true
	case map[string]any:
		for _, e := range x {
			if hasUnknown(e) {
				return true
			}
		}
	case []any:
		for _, e := range x {
			if hasUnknown(e) {
				return true
			}
		}
	}
	return false
}

// markUnknown copies a decoded document, writing Unknown and Ref leaves
// as cloudres.UnknownInDocument.
func markUnknown(v any) any {
	switch x := v.(type) {
	case cloudres.Unknown, cloudres.Ref:
		return cloudres.UnknownInDocument
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = markUnknown(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = markUnknown(e)
		}
		return out
	}
	return v
}

// mustJSON encodes decoded template data (maps, lists, scalars), which
// always encodes.
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// listLen counts the entries of a list value (0 for anything else).
func listLen(v any) int {
	l, _ := v.([]any)
	return len(l)
}

// int32p returns a pointer to n as an int32.
func int32p[T int | int64](n T) *int32 { v := int32(n); return &v }

// itoa formats a list index in a path.
func itoa(i int) string { return strconv.Itoa(i) }

// boolText writes a boolean as the APIs' attribute values do.
func boolText(v bool) string {
	if v {
		return "true"
	}
	return "false"
}
