package auth

import (
	"context"
	"fmt"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/params"
)

// Principal is who a request comes from.
type Principal struct {
	// Name is the token's name, or the signed-in person (e-mail or
	// subject).
	Name string `json:"name"`
	// Via is how the principal was recognised: "token", "session".
	Via   string       `json:"via"`
	Role  config.Role  `json:"role"`
	Scope config.Scope `json:"scope,omitzero"`
}

// Need is what a route requires of the principal.
type Need int

// Needs. The zero value is unset: a route that does not say is refused
// when it is registered.
const (
	NeedUnset Need = iota
	// NeedNothing: health and sign-in pages; no principal needed.
	NeedNothing
	// NeedViewer: any signed-in principal but ci reads.
	NeedViewer
	// NeedOperator: operator or admin (trigger scans, propose
	// exceptions).
	NeedOperator
	// NeedAdmin: admin only (approve exceptions, revoke).
	NeedAdmin
	// NeedCI: ci or admin (push IaC scans).
	NeedCI
)

var needNames = [...]string{"unset", "nothing", "viewer", "operator", "admin", "ci"}

func (n Need) String() string {
	if n < 0 || int(n) >= len(needNames) {
		return fmt.Sprintf("need(%d)", int(n))
	}
	return needNames[n]
}

// Allows reports whether p meets n. A nil principal meets only
// NeedNothing.
func (n Need) Allows(p *Principal) bool {
	if n == NeedNothing {
		return true
	}
	if p == nil {
		return false
	}
	switch n {
	case NeedViewer:
		return p.Role == config.RoleViewer || p.Role == config.RoleOperator || p.Role == config.RoleAdmin
	case NeedOperator:
		return p.Role == config.RoleOperator || p.Role == config.RoleAdmin
	case NeedAdmin:
		return p.Role == config.RoleAdmin
	case NeedCI:
		return p.Role == config.RoleCI || p.Role == config.RoleAdmin
	}
	return false
}

// Subject is what a scope is judged on: where a finding or resource
// lives and who owns it. Empty fields are unknown.
type Subject struct {
	Account, Cluster, Namespace, Owner string
}

// Sees reports whether p's scope covers s. Each list the scope sets must
// have a glob that matches; a field the subject lacks does not match a
// set list (a team scoped to its namespaces does not see cluster-wide
// objects).
func (p *Principal) Sees(s Subject) bool {
	if p == nil {
		return false
	}
	return anyGlob(p.Scope.Accounts, s.Account) && anyGlob(p.Scope.Clusters, s.Cluster) &&
		anyGlob(p.Scope.Namespaces, s.Namespace) && anyGlob(p.Scope.Owners, s.Owner)
}

// Unscoped reports whether p sees everything.
func (p *Principal) Unscoped() bool {
	sc := p.Scope
	return len(sc.Accounts) == 0 && len(sc.Clusters) == 0 && len(sc.Namespaces) == 0 && len(sc.Owners) == 0
}

func anyGlob(globs []string, v string) bool {
	if len(globs) == 0 {
		return true
	}
	if v == "" {
		return false
	}
	for _, g := range globs {
		if params.Glob(g, v) {
			return true
		}
	}
	return false
}

type ctxKey struct{}

// With returns ctx carrying p.
func With(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, ctxKey{}, p)
}

// From returns the principal ctx carries, or nil.
func From(ctx context.Context) *Principal {
	p, _ := ctx.Value(ctxKey{}).(*Principal)
	return p
}
