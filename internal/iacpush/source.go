package iacpush

import (
	"context"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Source replays a payload's scopes as a scan source. Each scope is
// handed out once; the payload's resources are the pipeline's.
func (p *Payload) Source() *Replay { return &Replay{p: p} }

// Replay is a payload as a scan source.
type Replay struct{ p *Payload }

// Scopes implements inventory.Source.
func (r *Replay) Scopes(ctx context.Context, emit func(*model.Scope) error) error {
	for i := range r.p.Scopes {
		if err := ctx.Err(); err != nil {
			return err
		}
		s := &r.p.Scopes[i]
		sc := &model.Scope{Name: s.Name, Complete: s.Complete, Coverage: s.Coverage, Errors: s.Errors, Warnings: s.Warnings,
			Resources: unwire(s.Resources), References: unwire(s.References)}
		s.Resources, s.References = nil, nil
		if err := emit(sc); err != nil {
			return err
		}
	}
	return nil
}

func unwire(rs []Resource) []*model.Resource {
	out := make([]*model.Resource, 0, len(rs))
	for _, r := range rs {
		r.Resource.Source.Directives = r.Directives
		if r.Resource.Attributes == nil {
			r.Resource.Attributes = map[string]any{}
		}
		out = append(out, r.Resource)
	}
	return out
}
