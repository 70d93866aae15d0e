package graph

import "github.com/vigil-cspm/vigil/internal/model"

// Layer is a model.Index of a shared base (not changed while the layer
// is read) under a small top: a resource in top hides the base's
// resource of the same ID everywhere — a new version of an object
// judged against a cache of the old one.
type Layer struct {
	Base, Top *Index
}

var _ model.Index = Layer{}

// Holds implements model.Index.
func (l Layer) Holds(typ string) bool { return l.Top.Holds(typ) }

// Resource implements model.Index.
func (l Layer) Resource(id string) *model.Resource {
	if r := l.Top.Resource(id); r != nil {
		return r
	}
	return l.Base.Resource(id)
}

// Referrers implements model.Index.
func (l Layer) Referrers(id, rel string) []*model.Resource {
	return l.merge(l.Base.Referrers(id, rel), l.Top.Referrers(id, rel))
}

// OfType implements model.Index. Without a resource of the type in top
// it is the base's own slice: IDs are unique across types, so nothing
// of the base's is hidden.
func (l Layer) OfType(typ string) []*model.Resource {
	top := l.Top.OfType(typ)
	if len(top) == 0 {
		return l.Base.OfType(typ)
	}
	return l.merge(l.Base.OfType(typ), top)
}

// merge is base without the resources top holds, then top's.
func (l Layer) merge(base, top []*model.Resource) []*model.Resource {
	if l.Top.Len() == 0 {
		return base
	}
	out := make([]*model.Resource, 0, len(base)+len(top))
	for _, r := range base {
		if l.Top.Resource(r.ID) == nil {
			out = append(out, r)
		}
	}
	return append(out, top...)
}
