package awsmodel

import (
	"reflect"
	"time"
)

// Deriver is a shape with derived fields: fields rules read that are
// computed from the shape's other fields (a bucket's effective public
// access block, whether a trail records every management event). Derive
// sets them from what the source read.
//
// Collectors and adapters never call Derive: NewResource does, on every
// shape it builds, so a resource cannot exist without its derived fields.
// Derive must therefore be safe to call on any value of its type,
// including one built only partly (an IaC resource, a denied API call).
type Deriver interface {
	Derive()
}

// AgeDeriver is a Deriver whose derived fields count time up to now:
// ages in days, expiry. NewResource calls it with Base.ReadAt.
type AgeDeriver interface {
	Derive(now time.Time)
}

var (
	deriverType    = reflect.TypeFor[Deriver]()
	ageDeriverType = reflect.TypeFor[AgeDeriver]()
)

// derives reports whether values of type t (a shape, not a pointer to
// one) have derived fields.
func derives(t reflect.Type) bool {
	p := reflect.PointerTo(t)
	return p.Implements(deriverType) || p.Implements(ageDeriverType)
}

// derive returns shape with its derived fields computed: shape itself
// when it is a pointer, else a pointer to a copy (Attributes renders
// either the same way). Shapes without derived fields are returned as
// they are.
func derive(shape any, readAt time.Time) any {
	v := reflect.ValueOf(shape)
	if !v.IsValid() {
		return shape
	}
	if v.Kind() != reflect.Pointer {
		if !derives(v.Type()) {
			return shape
		}
		p := reflect.New(v.Type())
		p.Elem().Set(v)
		shape = p.Interface()
	}
	switch d := shape.(type) {
	case Deriver:
		d.Derive()
	case AgeDeriver:
		if readAt.IsZero() {
			readAt = time.Now()
		}
		d.Derive(readAt)
	}
	return shape
}
