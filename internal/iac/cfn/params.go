package cfn

import (
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// pseudo parameter names.
const (
	pRegion    = "AWS::Region"
	pAccount   = "AWS::AccountId"
	pPartition = "AWS::Partition"
	pStackName = "AWS::StackName"
	pStackID   = "AWS::StackId"
	pURLSuffix = "AWS::URLSuffix"
	pNoValue   = "AWS::NoValue"
	pNotifARNs = "AWS::NotificationARNs"
)

// pseudo returns the value of a pseudo parameter and whether name is one.
func (e *evaluator) pseudo(name string) (any, bool) {
	given := func() any {
		if v, ok := e.p.params[name]; ok {
			return v
		}
		return cloudres.Unknown{}
	}
	switch name {
	case pRegion, pAccount, pStackName, pStackID:
		return given(), true
	case pNotifARNs:
		return cloudres.Unknown{}, true
	case pNoValue:
		return noValue{}, true
	case pPartition:
		if v, ok := e.p.params[name]; ok {
			return v, true
		}
		return partition(e.p.params[pRegion]), true
	case pURLSuffix:
		if v, ok := e.p.params[name]; ok {
			return v, true
		}
		if partition(e.p.params[pRegion]) == "aws-cn" {
			return "amazonaws.com.cn", true
		}
		return "amazonaws.com", true
	}
	return nil, false
}

func partition(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// parameters resolves every parameter: the value given with --cfn-param,
// else its Default, else Unknown; coerced to the parameter's Type.
func (p *parser) parameters(n *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		name := k.Value
		if _, dup := p.ev.params[name]; dup {
			p.errorf(k.Line, "parameter %s is declared twice; CloudFormation rejects the template: remove one", name)
			continue
		}
		p.ev.params[name] = cloudres.Unknown{}
		if _, clash := p.ev.resources[name]; clash {
			p.errorf(k.Line, "%s is both a parameter and a resource; CloudFormation rejects the template: rename one", name)
		}
		if v == nil || v.Kind != yaml.MappingNode {
			p.errorf(k.Line, "parameter %s must be a mapping with a Type (String, Number, CommaDelimitedList …)", name)
			continue
		}
		decl := pairsByName(v)
		typ := "String"
		if t := deref(decl["Type"]); t != nil && t.Kind == yaml.ScalarNode {
			typ = t.Value
		} else {
			p.errorf(k.Line, "parameter %s has no Type; add one (String, Number, CommaDelimitedList …)", name)
		}
		var raw any = cloudres.Unknown{}
		line := k.Line
		given, isGiven := p.params[name]
		switch {
		case isGiven:
			raw = given
			if p.given == nil {
				p.given = map[string]bool{}
			}
			p.given[name] = true
		case strings.HasPrefix(typ, "AWS::SSM::Parameter::Value<"):
			// The default names an SSM parameter whose value is read at
			// deployment.
		case decl["Default"] != nil:
			d := deref(decl["Default"])
			line = lineOf(d)
			raw = literal(d)
			if raw == nil && !isNull(d) {
				p.errorf(line, "parameter %s: Default must be a plain value, not a function or a mapping", name)
				raw = cloudres.Unknown{}
			}
		}
		val := p.coerce(name, typ, raw, line)
		if allowed := deref(decl["AllowedValues"]); allowed != nil && allowed.Kind == yaml.SequenceNode {
			if s, ok := val.(string); ok && !allowedValue(allowed, s) {
				if isGiven {
					p.errorf(k.Line, "--cfn-param %s=%s is not one of the parameter's AllowedValues; pass an allowed value", name, s)
				} else {
					p.errorf(line, "parameter %s: the default %q is not one of its AllowedValues; CloudFormation rejects it", name, s)
				}
			}
		}
		p.ev.params[name] = val
	}
}

func allowedValue(list *yaml.Node, s string) bool {
	for _, c := range list.Content {
		if c = deref(c); c != nil && c.Kind == yaml.ScalarNode && c.Value == s {
			return true
		}
	}
	return false
}

// literal converts a plain scalar or a list of scalars; nil otherwise.
func literal(n *yaml.Node) any {
	switch {
	case n == nil:
		return nil
	case n.Kind == yaml.ScalarNode && !isIntrinsicTag(n.Tag):
		return scalarValue(n)
	case n.Kind == yaml.SequenceNode && !isIntrinsicTag(n.Tag):
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			c = deref(c)
			if c == nil || c.Kind != yaml.ScalarNode || isIntrinsicTag(c.Tag) {
				return nil
			}
			out = append(out, scalarValue(c))
		}
		return out
	}
	return nil
}

func isListType(typ string) bool {
	t := strings.TrimSuffix(strings.TrimPrefix(typ, "AWS::SSM::Parameter::Value<"), ">")
	return t == "CommaDelimitedList" || strings.HasPrefix(t, "List<")
}

func (p *parser) coerce(name, typ string, raw any, line int) any {
	if cloudres.IsUnknown(raw) {
		return raw
	}
	if isListType(typ) {
		var items []any
		switch r := raw.(type) {
		case []any:
			items = r
		default:
			s := stringOf(r)
			if strings.TrimSpace(s) == "" {
				return []any{}
			}
			for _, part := range strings.Split(s, ",") {
				items = append(items, strings.TrimSpace(part))
			}
		}
		out := make([]any, 0, len(items))
		for _, it := range items {
			if typ == "List<Number>" {
				out = append(out, p.number(name, it, line))
			} else {
				out = append(out, stringOf(it))
			}
		}
		return out
	}
	if _, isList := raw.([]any); isList {
		p.errorf(line, "parameter %s has Type %s but its value is a list; make the Type CommaDelimitedList or give one value", name, typ)
		return cloudres.Unknown{}
	}
	if typ == "Number" {
		return p.number(name, raw, line)
	}
	return stringOf(raw)
}

func (p *parser) number(name string, v any, line int) any {
	switch n := v.(type) {
	case int64, float64:
		return n
	}
	s := strings.TrimSpace(stringOf(v))
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && isFinite(f) {
		return f
	}
	p.errorf(line, "parameter %s must be a number, got %q; give a number", name, s)
	return cloudres.Unknown{}
}

// stringOf writes a scalar the way CloudFormation passes it on.
func stringOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	}
	return ""
}
