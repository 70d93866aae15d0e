package oidc

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/vigil-cspm/vigil/internal/config"
)

// rank orders the roles a group may give a person; ci is absent: it is
// never granted to people.
var rank = map[config.Role]int{config.RoleViewer: 1, config.RoleOperator: 2, config.RoleAdmin: 3}

// maxGroups bounds how many groups a claim may list: a token is read
// whole, but a claim of millions of entries is refused, not walked.
const maxGroups = 10000

// groupsOf reads the groups claim of an ID token's claims: a list of
// strings. A missing or malformed claim is an error saying which.
func groupsOf(claims map[string]json.RawMessage, claim string) ([]string, error) {
	raw, ok := claims[claim]
	if !ok || string(raw) == "null" {
		return nil, fmt.Errorf("the ID token has no %q claim: configure the provider to put the user's groups in the ID token under %q, or set auth.oidc.groups_claim to the claim it uses", claim, claim)
	}
	var groups []string
	if err := json.Unmarshal(raw, &groups); err != nil {
		return nil, fmt.Errorf("the ID token's %q claim is not a list of group names (it is %s): configure the provider to send the groups as a list of strings", claim, describe(raw))
	}
	if len(groups) > maxGroups {
		return nil, fmt.Errorf("the ID token's %q claim lists %d groups, more than %d: narrow what the provider sends", claim, len(groups), maxGroups)
	}
	return groups, nil
}

// describe names a JSON value's kind, never its content (a claim may
// carry anything).
func describe(raw json.RawMessage) string {
	s := strings.TrimSpace(string(raw))
	switch {
	case s == "":
		return "empty"
	case s[0] == '"':
		return "a string"
	case s[0] == '{':
		return "an object"
	case s[0] == '[':
		return "a list with values that are not strings"
	case s == "true" || s == "false":
		return "a boolean"
	}
	return "a number"
}

// grantFor maps a person's groups to a grant: the highest role among the
// configured groups they are in, with the scopes of the groups granting
// that role merged. matched lists those groups, sorted. ok is false when
// no configured group grants a role to people.
func grantFor(groups []string, configured map[string]config.Grant) (g config.Grant, matched []string, ok bool) {
	best := 0
	var top []config.Grant
	seen := map[string]bool{}
	for _, name := range groups {
		grant, in := configured[name]
		r := rank[grant.Role]
		if !in || r == 0 || seen[name] {
			continue
		}
		seen[name] = true
		switch {
		case r > best:
			best, top, matched = r, []config.Grant{grant}, []string{name}
		case r == best:
			top = append(top, grant)
			matched = append(matched, name)
		}
	}
	if best == 0 {
		return config.Grant{}, nil, false
	}
	sort.Strings(matched)
	return config.Grant{Role: top[0].Role, Scope: mergeScopes(top)}, matched, true
}

// mergeScopes joins the scopes of grants of one role. An unscoped grant
// makes the whole unscoped; otherwise each key keeps the globs of every
// grant, and a key some grant leaves out is left out (that grant does
// not limit it). When grants limit different keys the result can see
// more than either grant alone; New warns about such groups.
func mergeScopes(grants []config.Grant) config.Scope {
	for _, g := range grants {
		if unscoped(g.Scope) {
			return config.Scope{}
		}
	}
	var out config.Scope
	key := func(get func(*config.Scope) *[]string) {
		var all []string
		for i := range grants {
			l := *get(&grants[i].Scope)
			if len(l) == 0 {
				return
			}
			all = append(all, l...)
		}
		sort.Strings(all)
		*get(&out) = slices.Compact(all)
	}
	key(func(s *config.Scope) *[]string { return &s.Accounts })
	key(func(s *config.Scope) *[]string { return &s.Clusters })
	key(func(s *config.Scope) *[]string { return &s.Namespaces })
	key(func(s *config.Scope) *[]string { return &s.Owners })
	return out
}

func unscoped(s config.Scope) bool {
	return len(s.Accounts) == 0 && len(s.Clusters) == 0 && len(s.Namespaces) == 0 && len(s.Owners) == 0
}

// keys names the keys a scope limits: "accounts,owners".
func keys(s config.Scope) string {
	var k []string
	for _, f := range []struct {
		name string
		l    []string
	}{{"accounts", s.Accounts}, {"clusters", s.Clusters}, {"namespaces", s.Namespaces}, {"owners", s.Owners}} {
		if len(f.l) > 0 {
			k = append(k, f.name)
		}
	}
	return strings.Join(k, ",")
}

// widening lists pairs of groups granting one role whose scopes limit
// different keys: a person in both sees what their merged scope allows,
// which can be more than either grants.
func widening(configured map[string]config.Grant) []string {
	names := make([]string, 0, len(configured))
	for n := range configured {
		names = append(names, n)
	}
	sort.Strings(names)
	var out []string
	for i, a := range names {
		for _, b := range names[i+1:] {
			ga, gb := configured[a], configured[b]
			if ga.Role != gb.Role || unscoped(ga.Scope) || unscoped(gb.Scope) {
				continue
			}
			if ka, kb := keys(ga.Scope), keys(gb.Scope); ka != kb || strings.Contains(ka, ",") {
				out = append(out, fmt.Sprintf("%s (%s) and %s (%s)", a, ka, b, kb))
			}
		}
	}
	return out
}
