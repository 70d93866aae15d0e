package awsmodel

import (
	"maps"
	"reflect"
	"sort"
	"sync"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Type describes one AWS resource type.
type Type struct {
	// Name is aws.<service>.<kind>.
	Name string
	// Kind is the CloudFormation type name (AWS::S3::Bucket), or a
	// Vigil name for settings that have none (Vigil::S3::AccountSettings).
	Kind string
	// Global types are listed once per account, not per region: their
	// coverage scope is the account. (A resource may still have a region,
	// as S3 buckets do.)
	Global bool
	// Shape is the Go type whose attribute form rules see.
	Shape reflect.Type
}

func typeOf[T any](name, kind string, global bool) Type {
	return Type{Name: name, Kind: kind, Global: global, Shape: reflect.TypeFor[T]()}
}

// Types lists every modelled AWS type, one list per service.
func Types() []Type {
	var out []Type
	for _, group := range [][]Type{s3Types(), iamTypes(), ec2Types(), loggingTypes(), servicesTypes(), terraformTypes(), ecsTypes(), codebuildTypes(), stepfunctionsTypes(),
		autoscalingTypes(), dynamodbTypes(), kinesisTypes(), sagemakerTypes(), wafv2Types(), acmTypes(), backupTypes(),
		route53Types(), cognitoTypes(), ssmTypes()} {
		out = append(out, group...)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// byName indexes Types once: Lookup runs for every resource built.
var byName = sync.OnceValue(func() map[string]Type {
	m := map[string]Type{}
	for _, t := range Types() {
		m[t.Name] = t
	}
	return m
})

// Lookup returns a type by name.
func Lookup(name string) (Type, bool) {
	t, ok := byName()[name]
	return t, ok
}

// Schema returns the JSON Schema of a type: the resource envelope with
// the type's attributes.
func (t Type) Schema() map[string]any {
	attrs := schemaOf(t.Shape, 0, map[reflect.Type]bool{})
	props := maps.Clone(attrs["properties"].(map[string]any))
	props["unread"] = map[string]any{"type": "array", "items": map[string]any{"type": "string"}}
	attrs["properties"] = props
	return model.Envelope(t.Name, attrs)
}

// Base is what a collector knows of every resource besides its shape.
type Base struct {
	// ID is the ARN, or a Vigil ARN-like ID for settings.
	ID      string
	Account string
	// Region is empty for global types.
	Region string
	Name   string
	Tags   map[string]string
	// Unread lists attribute keys that could not be read (access
	// denied): rules must not read their absence as a misconfiguration.
	Unread []string
	// Source, when empty, is live.
	Source model.Source
	// ReadAt is when the source was read: derived ages (AgeDeriver)
	// count up to it. Zero is the time NewResource runs.
	ReadAt time.Time
}

// NewResource builds the resource of type t from its shape, after
// computing the shape's derived fields (Deriver, AgeDeriver): callers
// fill what they read and nothing else. A shape passed by pointer is
// derived in place.
func NewResource(t Type, b Base, shape any) *model.Resource {
	attrs := Attributes(derive(shape, b.ReadAt))
	if len(b.Unread) > 0 {
		u := make([]any, 0, len(b.Unread))
		for _, s := range SortedUnique(b.Unread) {
			u = append(u, s)
		}
		attrs["unread"] = u
	}
	src := b.Source
	if src.Kind == "" {
		src.Kind = model.SourceLive
	}
	region := b.Region
	r := &model.Resource{
		ID: b.ID, Type: t.Name, Provider: "aws", Account: b.Account, Region: region,
		Name: b.Name, Kind: t.Kind, Labels: b.Tags, Attributes: attrs, Source: src,
	}
	if src.Kind == model.SourceLive {
		r.Changed = ChangedAt(shape)
	}
	return r
}

// SettingsID is the ID of an account- or region-wide settings resource,
// which has no ARN of its own.
func SettingsID(service, account, region, kind string) string {
	return "arn:aws:" + service + ":" + region + ":" + account + ":vigil/" + kind
}
