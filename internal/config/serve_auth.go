package config

import (
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
)

// Auth is who may use vigil serve: API tokens (stored only as their
// SHA-256), people signing in with OIDC, and how long a session lasts.
type Auth struct {
	Tokens     []Token  `yaml:"tokens" json:"tokens"`
	OIDC       *OIDC    `yaml:"oidc,omitempty" json:"oidc,omitempty"`
	SessionTTL Duration `yaml:"session_ttl" json:"session_ttl"`
}

// Role is what a token or a person may do.
type Role string

// Roles.
const (
	// RoleViewer reads.
	RoleViewer Role = "viewer"
	// RoleOperator reads, triggers scans and proposes exceptions.
	RoleOperator Role = "operator"
	// RoleAdmin does everything, approving exceptions included.
	RoleAdmin Role = "admin"
	// RoleCI only pushes IaC scans.
	RoleCI Role = "ci"
)

// Roles are the roles.
var Roles = []Role{RoleViewer, RoleOperator, RoleAdmin, RoleCI}

// Scope limits what a token or a group sees: each set list (of globs)
// must match; an empty Scope is everything.
type Scope struct {
	Accounts   []string `yaml:"accounts,omitempty" json:"accounts,omitempty"`
	Clusters   []string `yaml:"clusters,omitempty" json:"clusters,omitempty"`
	Namespaces []string `yaml:"namespaces,omitempty" json:"namespaces,omitempty"`
	Owners     []string `yaml:"owners,omitempty" json:"owners,omitempty"`
}

// Token is an API token, known only by its SHA-256: written in the
// file (SHA256, hex) or in a file of its own (HashFile).
type Token struct {
	Name     string `yaml:"name" json:"name"`
	Role     Role   `yaml:"role" json:"role"`
	Scope    Scope  `yaml:"scope,omitempty" json:"scope,omitzero"`
	HashFile string `yaml:"hash_file,omitempty" json:"hash_file,omitempty"`
	SHA256   string `yaml:"sha256,omitempty" json:"sha256,omitempty"`
}

// OIDC is how people sign in to the dashboards: an OpenID Connect
// provider, and the role and scope each of its groups grants.
type OIDC struct {
	Issuer       string     `yaml:"issuer" json:"issuer"`
	ClientID     string     `yaml:"client_id" json:"client_id"`
	ClientSecret *SecretRef `yaml:"client_secret" json:"client_secret"`
	RedirectURL  string     `yaml:"redirect_url" json:"redirect_url"`
	// GroupsClaim is the ID token claim listing the user's groups.
	GroupsClaim string `yaml:"groups_claim" json:"groups_claim"`
	// Groups maps a group (as the claim names it) to what it grants; a
	// user in none of them is refused.
	Groups map[string]Grant `yaml:"groups" json:"groups"`
}

// Grant is the role and scope a group grants.
type Grant struct {
	Role  Role  `yaml:"role" json:"role"`
	Scope Scope `yaml:"scope,omitempty" json:"scope,omitzero"`
}

// sha256Hex is a SHA-256 written as 64 lower-case hex digits.
var sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (d *decoder) auth(n *yaml.Node, path string, a *Auth) {
	d.fields(n, path,
		field{"tokens", func(v *yaml.Node, p string) { a.Tokens = d.tokens(v, p) }},
		field{"oidc", func(v *yaml.Node, p string) {
			before := d.Len()
			if a.OIDC = d.oidc(v, p); a.OIDC == nil {
				d.dropped(before, v, p)
			}
		}},
		field{"session_ttl", func(v *yaml.Node, p string) {
			if t, ok := d.duration(v, p); ok {
				a.SessionTTL = t
			}
		}},
	)
}

// role reads a role.
func (d *decoder) role(n *yaml.Node, path string) (Role, bool) {
	s, ok := d.str(n, path)
	if !ok {
		return "", false
	}
	for _, r := range Roles {
		if s == string(r) {
			return r, true
		}
	}
	d.fail(d.Resolve(n), "%s: %q is not a role: use viewer, operator, admin or ci", path, s)
	return "", false
}

// scope reads a Scope.
func (d *decoder) scope(n *yaml.Node, path string) (Scope, bool) {
	var s Scope
	good := true
	globs := func(into *[]string) func(*yaml.Node, string) {
		return func(v *yaml.Node, p string) {
			g, ok := listOf(d, v, p, "globs", d.glob)
			good = good && ok
			*into = g
		}
	}
	d.fields(n, path,
		field{"accounts", globs(&s.Accounts)},
		field{"clusters", globs(&s.Clusters)},
		field{"namespaces", globs(&s.Namespaces)},
		field{"owners", globs(&s.Owners)},
	)
	return s, good
}

func (d *decoder) tokens(n *yaml.Node, path string) []Token {
	out := []Token{}
	names := map[string]int{}
	d.list(n, path, "tokens ({name: …, role: …, sha256: … or hash_file: …})", func(i int, e *yaml.Node, p string) {
		var t Token
		good := true
		before := d.Len()
		defer func() {
			if !good {
				d.dropped(before, e, p)
			}
		}()
		complete := d.fields(e, p,
			field{"name", func(v *yaml.Node, p string) {
				s, ok := d.ident(v, p, "a name such as ci-infra")
				good = good && ok
				t.Name = s
			}},
			field{"role", func(v *yaml.Node, p string) {
				r, ok := d.role(v, p)
				good = good && ok
				t.Role = r
			}},
			field{"scope", func(v *yaml.Node, p string) {
				s, ok := d.scope(v, p)
				good = good && ok
				t.Scope = s
			}},
			field{"hash_file", func(v *yaml.Node, p string) {
				s, ok := d.name(v, p, "the path of a file holding the token's SHA-256")
				good = good && ok
				t.HashFile = s
			}},
			field{"sha256", func(v *yaml.Node, p string) {
				s, ok := d.str(v, p)
				if ok && !sha256Hex.MatchString(s) {
					hint := "the token's SHA-256 as 64 lower-case hex digits (printf %s \"$TOKEN\" | sha256sum)"
					if len(s) != 64 {
						hint = "write " + hint + ", never the token itself"
					}
					d.fail(d.Resolve(v), "%s is not a SHA-256: %s", p, hint)
					ok = false
				}
				good = good && ok
				t.SHA256 = s
			}},
		)
		rn := d.mapping(e)
		if rn == nil {
			if d.Resolve(e) == nil {
				d.fail(d.line(e), "%s is empty: give name, role and sha256 or hash_file", p)
			}
			return
		}
		if !complete {
			return
		}
		if !d.requireKeys(rn, p, "name", "role") {
			good = false
		}
		if _, ok := d.exactlyOne(rn, p, "tokens are kept only hashed: give the token's SHA-256 as sha256, or hash_file", "sha256", "hash_file"); !ok {
			good = false
		}
		if t.Name != "" {
			if first, dup := names[t.Name]; dup {
				d.fail(rn, "%s: the name %q is taken by %s[%d]: give each token its own name", p, t.Name, path, first)
				return
			}
			names[t.Name] = i
		}
		if good {
			out = append(out, t)
		}
	})
	return out
}

func (d *decoder) oidc(n *yaml.Node, path string) *OIDC {
	o := &OIDC{GroupsClaim: "groups", Groups: map[string]Grant{}}
	good := true
	complete := d.fields(n, path,
		field{"issuer", func(v *yaml.Node, p string) {
			s, ok := d.url(v, p, true)
			good = good && ok
			o.Issuer = s
		}},
		field{"client_id", func(v *yaml.Node, p string) {
			s, ok := d.name(v, p, "the client ID the provider gave Vigil")
			good = good && ok
			o.ClientID = s
		}},
		field{"client_secret", func(v *yaml.Node, p string) {
			o.ClientSecret = d.secret(v, p)
			good = good && o.ClientSecret != nil
		}},
		field{"redirect_url", func(v *yaml.Node, p string) {
			s, ok := d.url(v, p, false)
			good = good && ok
			o.RedirectURL = s
		}},
		field{"groups_claim", func(v *yaml.Node, p string) {
			s, ok := d.name(v, p, "the name of the ID token claim listing groups, such as groups")
			good = good && ok
			o.GroupsClaim = s
		}},
		field{"groups", func(v *yaml.Node, p string) {
			d.entries(v, p, "{role: …, scope: …}", func(name string, k, v *yaml.Node, p string) {
				if strings.TrimSpace(name) == "" {
					d.fail(k, "%s: a group name is empty: write the group as the provider names it", path)
					good = false
					return
				}
				var g Grant
				ok := true
				complete := d.fields(v, p,
					field{"role", func(v *yaml.Node, p string) {
						r, rok := d.role(v, p)
						ok = ok && rok
						g.Role = r
					}},
					field{"scope", func(v *yaml.Node, p string) {
						s, sok := d.scope(v, p)
						ok = ok && sok
						g.Scope = s
					}},
				)
				rn := d.mapping(v)
				switch {
				case rn == nil && d.Resolve(v) == nil:
					d.fail(d.line(v), "%s is empty: give the role the group grants, such as {role: viewer}", p)
					ok = false
				case rn == nil || !complete:
					ok = false
				case !d.hasKey(rn, "role"):
					d.fail(rn, "%s has no role: add role: viewer, operator, admin or ci", p)
					ok = false
				}
				good = good && ok
				if ok {
					o.Groups[name] = g
				}
			})
		}},
	)
	rn := d.mapping(n)
	if rn == nil {
		if d.Resolve(n) == nil {
			d.fail(d.line(n), "%s is empty: give issuer, client_id, client_secret, redirect_url and groups, or leave oidc out", path)
		}
		return nil
	}
	if !complete {
		return nil
	}
	if !d.requireKeys(rn, path, "issuer", "client_id", "client_secret", "redirect_url", "groups") || !good {
		return nil
	}
	if len(o.Groups) == 0 {
		d.fail(rn, "%s.groups is empty: map at least one group to a role, or nobody can sign in", path)
		return nil
	}
	return o
}
