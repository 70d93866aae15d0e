package awsmodel

import (
	"reflect"
	"time"
)

// createdFields are the SDK output fields that say when a resource was
// created or launched, in the order they are preferred.
var createdFields = []string{
	"LaunchTime", "CreateDate", "CreationDate", "CreateTime", "CreatedTime", "CreationTime",
	"CreatedTimestamp", "CreatedDate", "InstanceCreateTime", "ClusterCreateTime", "SnapshotCreateTime",
	"CreationTimestamp", "StartTime",
}

// ChangedAt is when the resource a shape describes was created or
// launched, read from the first of createdFields it has (at its top
// level or in a struct it embeds); nil when it has none. Vigil does not
// read CloudTrail, so later changes are not timed.
func ChangedAt(shape any) *time.Time {
	v := reflect.ValueOf(shape)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil
	}
	for _, name := range createdFields {
		if t := timeField(v, name); t != nil {
			return t
		}
	}
	return nil
}

// timeField finds a time field by name in v or the structs it embeds
// (an embedded nil pointer has none).
func timeField(v reflect.Value, name string) *time.Time {
	sf, ok := v.Type().FieldByName(name)
	if !ok {
		return nil
	}
	f, err := v.FieldByIndexErr(sf.Index)
	if err != nil || !f.CanInterface() {
		return nil
	}
	var t time.Time
	switch x := f.Interface().(type) {
	case *time.Time:
		if x != nil {
			t = *x
		}
	case time.Time:
		t = x
	}
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}
