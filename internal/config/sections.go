package config

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/params"
)

func decodeExceptions(d *decoder, n *yaml.Node, c *Config, path string) {
	d.object(n, path,
		field{"max_ttl", func(v *yaml.Node, p string) {
			if t, ok := d.duration(v, p); ok {
				c.Exceptions.MaxTTL = t
			}
		}},
		field{"require_expiry", func(v *yaml.Node, p string) {
			if b, ok := d.boolean(v, p); ok {
				c.Exceptions.RequireExpiry = b
			}
		}},
	)
}

// tagKeys decodes a list of tag keys.
func (d *decoder) tagKeys(n *yaml.Node, path string, into *[]string) {
	if keys, ok := d.strs(n, path); ok {
		for i, k := range keys {
			if strings.TrimSpace(k) == "" {
				d.fail(d.Resolve(n).Content[i], "%s[%d] is empty: give a tag or label key", path, i)
				return
			}
		}
		*into = keys
	}
}

// match decodes a match: at least one of its keys; pathPrefix allows
// path_prefix.
func (d *decoder) match(n *yaml.Node, path string, pathPrefix bool) (Match, bool) {
	var m Match
	good := true
	glob := func(into *string) func(*yaml.Node, string) {
		return func(v *yaml.Node, p string) {
			g, ok := d.glob(v, p)
			good = good && ok
			*into = g
		}
	}
	fields := []field{
		{"account", glob(&m.Account)},
		{"namespace", glob(&m.Namespace)},
		{"region", glob(&m.Region)},
		{"cluster", glob(&m.Cluster)},
	}
	if pathPrefix {
		fields = append(fields, field{"path_prefix", glob(&m.PathPrefix)})
	}
	rn := d.Resolve(n)
	if rn == nil {
		d.fail(d.line(n), "%s is missing: select resources by %s", path, keyNames(fields))
		return m, false
	}
	d.object(rn, path, fields...)
	if m == (Match{}) && rn.Kind == yaml.MappingNode && len(rn.Content) == 0 {
		d.fail(rn, "%s selects nothing: give at least one of %s", path, keyNames(fields))
		return m, false
	}
	return m, good
}

func keyNames(fields []field) string {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	return strings.Join(names, ", ")
}

// line returns a node to report a missing value at: n itself, or a
// placeholder at line 0 (the file) when there is no node.
func (d *decoder) line(n *yaml.Node) *yaml.Node {
	if n != nil {
		return n
	}
	return &yaml.Node{}
}

// mapEntries decodes a list of {match, <key>} entries: value decodes
// the key's value, add takes each good entry; pathPrefix allows
// path_prefix in match.
func mapEntries[T any](d *decoder, n *yaml.Node, path, key string, pathPrefix bool, value func(*yaml.Node, string) (T, bool), add func(Match, T)) {
	d.list(n, path, "{match: …, "+key+": …} entries", func(_ int, e *yaml.Node, p string) {
		var mn, vn *yaml.Node
		d.object(e, p,
			field{"match", func(v *yaml.Node, _ string) { mn = v }},
			field{key, func(v *yaml.Node, _ string) { vn = v }},
		)
		re := d.Resolve(e)
		if re == nil || re.Kind != yaml.MappingNode {
			if re == nil {
				d.fail(d.line(e), "%s is empty: give match and %s", p, key)
			}
			return
		}
		m, okM := d.match(orAt(mn, re), p+".match", pathPrefix)
		if vn == nil {
			d.fail(re, "%s has no %s", p, key)
			return
		}
		if v, ok := value(vn, p+"."+key); ok && okM {
			add(m, v)
		}
	})
}

// orAt returns n, or for a missing value a null node placed at where.
func orAt(n, where *yaml.Node) *yaml.Node {
	if n != nil {
		return n
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: where.Line, Column: where.Column}
}

func decodeOwners(d *decoder, n *yaml.Node, c *Config, path string) {
	d.object(n, path,
		field{"tag_keys", func(v *yaml.Node, p string) { d.tagKeys(v, p, &c.Owners.TagKeys) }},
		field{"map", func(v *yaml.Node, p string) {
			mapEntries(d, v, p, "owner", true,
				func(v *yaml.Node, p string) (string, bool) { return d.name(v, p, "the owning team or person") },
				func(m Match, owner string) { c.Owners.Map = append(c.Owners.Map, OwnerRule{Match: m, Owner: owner}) })
		}},
	)
}

// level decodes a criticality level.
func (d *decoder) level(n *yaml.Node, path string) (Level, bool) {
	s, ok := d.str(n, path)
	if !ok {
		return "", false
	}
	l, ok := ParseLevel(s)
	if !ok {
		d.fail(d.Resolve(n), "%s: %q is not a level: use %s", path, s, levelNames())
	}
	return l, ok
}

func levelNames() string {
	names := make([]string, len(Levels))
	for i, l := range Levels {
		names[i] = string(l)
	}
	return strings.Join(names, ", ")
}

func decodeCriticality(d *decoder, n *yaml.Node, c *Config, path string) {
	d.object(n, path,
		field{"tag_keys", func(v *yaml.Node, p string) { d.tagKeys(v, p, &c.Criticality.TagKeys) }},
		field{"map", func(v *yaml.Node, p string) {
			mapEntries(d, v, p, "level", true, d.level,
				func(m Match, l Level) {
					c.Criticality.Map = append(c.Criticality.Map, CriticalityRule{Match: m, Level: l})
				})
		}},
		field{"environment_keys", func(v *yaml.Node, p string) { d.tagKeys(v, p, &c.Criticality.EnvironmentKeys) }},
		field{"environments", func(v *yaml.Node, p string) {
			if v.Kind != yaml.MappingNode {
				d.fail(v, "%s: write a map of environment to level, such as {prod: high, staging: low}", p)
				return
			}
			envs := map[string]Level{}
			for i := 0; i+1 < len(v.Content); i += 2 {
				k, val := v.Content[i], v.Content[i+1]
				if l, ok := d.level(val, join(p, k.Value)); ok {
					envs[strings.ToLower(k.Value)] = l
				}
			}
			c.Criticality.Environments = envs
		}},
		field{"default", func(v *yaml.Node, p string) {
			if l, ok := d.level(v, p); ok {
				c.Criticality.Default = l
			}
		}},
	)
}

func decodeDueDates(d *decoder, n *yaml.Node, c *Config, path string) {
	var fields []field
	for _, s := range model.Severities() {
		fields = append(fields, field{s.String(), func(v *yaml.Node, p string) {
			sn, ok := d.scalar(v, p, "a duration such as 14d, or none")
			if !ok {
				return
			}
			if sn.Value == "none" {
				*c.DueDates.of(s) = 0
				return
			}
			if t, ok := d.duration(sn, p); ok {
				*c.DueDates.of(s) = Due(t)
			}
		}})
	}
	d.object(n, path, fields...)
}

func decodeLinks(d *decoder, n *yaml.Node, c *Config, path string) {
	d.object(n, path,
		field{"address_tag_keys", func(v *yaml.Node, p string) { d.tagKeys(v, p, &c.Links.AddressTagKeys) }},
		field{"by_name", func(v *yaml.Node, p string) {
			if b, ok := d.boolean(v, p); ok {
				c.Links.ByName = b
			}
		}},
		field{"manifest_namespace", func(v *yaml.Node, p string) {
			if s, ok := d.name(v, p, "a namespace such as default"); ok {
				c.Links.ManifestNamespace = s
			}
		}},
	)
}

func decodeStore(d *decoder, n *yaml.Node, c *Config, path string) {
	d.object(n, path,
		field{"dsn", func(v *yaml.Node, p string) { c.Store.DSN = d.secret(v, p) }},
	)
}

func decodeReports(d *decoder, n *yaml.Node, c *Config, path string) {
	d.object(n, path,
		field{"max_age", func(v *yaml.Node, p string) {
			if t, ok := d.duration(v, p); ok {
				c.Reports.MaxAge = t
			}
		}},
		field{"sign_key", func(v *yaml.Node, p string) { c.Reports.SignKey = d.secret(v, p) }},
	)
}

func decodeRules(d *decoder, n *yaml.Node, c *Config, path string) {
	var values map[string]any
	var overrides []params.Override
	d.object(n, path,
		field{"parameters", func(v *yaml.Node, p string) { values = d.params(v, p) }},
		field{"overrides", func(v *yaml.Node, p string) {
			mapEntries(d, v, p, "parameters", false,
				func(v *yaml.Node, p string) (map[string]any, bool) { vs := d.params(v, p); return vs, vs != nil },
				func(m Match, vs map[string]any) {
					overrides = append(overrides, params.Override{Match: m.Selector, Values: vs})
				})
		}},
	)
	s, err := params.NewSet(values, overrides)
	if err != nil {
		// Every value was checked with its line above; this is a bug.
		d.fail(d.line(d.Resolve(n)), "%s: %v", orTop(path), err)
		return
	}
	c.setParams(s)
}

// params decodes a mapping of parameter names to values, checked
// against the registry; nil when a value is unusable.
func (d *decoder) params(n *yaml.Node, path string) map[string]any {
	out := map[string]any{}
	good := true
	var fields []field
	for _, def := range params.Registry() {
		fields = append(fields, field{def.Name, func(v *yaml.Node, p string) {
			val, ok := d.param(def, v, p)
			good = good && ok
			if ok {
				out[def.Name] = val
			}
		}})
	}
	d.object(n, path, fields...)
	if !good {
		return nil
	}
	return out
}

// param decodes one parameter's value.
func (d *decoder) param(def params.Def, n *yaml.Node, path string) (any, bool) {
	if d.Resolve(n) == nil {
		d.fail(d.line(n), "%s has no value: write %s, or leave it out for the default %s", path, def.Kind.Example(), show(def.Default))
		return nil, false
	}
	var v any
	var ok bool
	switch def.Kind {
	case params.Int:
		v, ok = d.integer(n, path)
	case params.Ints:
		v, ok = d.ints(n, path)
	case params.Strings:
		v, ok = d.strs(n, path)
	case params.Bool:
		v, ok = d.boolean(n, path)
	}
	if !ok {
		return nil, false
	}
	cv, err := def.Validate(v)
	if err != nil {
		d.fail(d.Resolve(n), "%s: %v", path, strings.TrimPrefix(err.Error(), def.Name+": "))
		return nil, false
	}
	return cv, true
}

// show writes a value as YAML flow, for messages.
func show(v any) string {
	switch v := v.(type) {
	case []string:
		q := make([]string, len(v))
		for i, s := range v {
			q[i] = fmt.Sprintf("%q", s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	case []int:
		return strings.ReplaceAll(fmt.Sprint(v), " ", ", ")
	}
	return fmt.Sprint(v)
}
