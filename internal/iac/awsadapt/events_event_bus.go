package awsadapt

import (
	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// eventBus reads an EventBridge bus with its policy: the bus's own
// (CloudFormation's Policy) or the policy resources that name it.
func eventBus(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "Name"))
	bus := awsmodel.EventBus{Name: &name}
	if arn := knownStr(in, "arn"); arn != "" {
		bus.Arn = &arn
	}
	if d, ok := b.str(spell(in, "description", "Description"), "description"); ok {
		bus.Description = &d
	}
	if cfn(in) {
		bus.Policy = b.policy("Policy", "policy")
		var stmts []cfnBusPolicy
		for _, p := range linked(ix, "AWS::Events::EventBusPolicy", "EventBusName", in, name) {
			stmts = append(stmts, cfnBusPolicy{p, newBuilder(p)})
		}
		if len(stmts) > 0 {
			bus.Policy = cfnBusPolicyDoc(b, stmts)
		}
	} else {
		for _, p := range linked(ix, "aws_cloudwatch_event_bus_policy", "event_bus_name", in, name) {
			bus.Policy = b.policyOf(p, "policy", "policy", true)
		}
	}
	return name, bus
}

// defaultEventBuses builds, per scope, the account's default bus from
// the policies that name it (or name no bus): the default bus exists in
// every account and region, so a policy on it declares its policy.
func defaultEventBuses(ix *Index) []*model.Resource {
	defaults := map[string][]*cloudres.Instance{}
	for _, t := range []string{"aws_cloudwatch_event_bus_policy", "AWS::Events::EventBusPolicy"} {
		for _, p := range ix.OfType(t) {
			attr := spell(p, "event_bus_name", "EventBusName")
			v, set := p.Get(attr)
			if _, orphan := ix.orphaned(p); !orphan || (set && v != "default") {
				continue // merged into a declared bus, or another bus's
			}
			ix.claim(p, attr)
			defaults[scopeKey(p)] = append(defaults[scopeKey(p)], p)
		}
	}
	var out []*model.Resource
	for _, scope := range sortedKeys(defaults) {
		ps := defaults[scope]
		b := newBuilder(ps[0])
		name := "default"
		bus := awsmodel.EventBus{Name: &name}
		if cfn(ps[0]) {
			var stmts []cfnBusPolicy
			for _, p := range ps {
				stmts = append(stmts, cfnBusPolicy{p, newBuilder(p)})
			}
			bus.Policy = cfnBusPolicyDoc(b, stmts)
		} else {
			bus.Policy = b.policy("policy", "policy")
		}
		out = append(out, b.resource(awsmodel.TypeEventBus, name, bus))
	}
	return out
}

type cfnBusPolicy struct {
	in *cloudres.Instance
	b  *builder
}

// cfnBusPolicyDoc joins the statements of AWS::Events::EventBusPolicy
// resources (each one statement: Statement, or the legacy Principal,
// Action and Condition) into the bus's policy.
func cfnBusPolicyDoc(b *builder, ps []cfnBusPolicy) *awsmodel.PolicyDocument {
	var stmts []any
	for _, p := range ps {
		v, ok := p.b.value("Statement", "policy")
		if ok {
			stmts = append(stmts, v)
		} else if _, set := p.in.Get("Statement"); !set {
			principal, pok := p.b.value("Principal", "policy")
			action, aok := p.b.value("Action", "policy")
			if pok && aok {
				st := map[string]any{"Effect": "Allow", "Action": action}
				if principal == "*" {
					st["Principal"] = "*"
				} else {
					st["Principal"] = map[string]any{"AWS": principal}
				}
				if cond, ok := p.b.value("Condition", "policy"); ok {
					cm, _ := cond.(map[string]any)
					key, _ := cm["Key"].(string)
					typ, _ := cm["Type"].(string)
					if typ == "StringEquals" && key != "" {
						st["Condition"] = map[string]any{"StringEquals": map[string]any{key: cm["Value"]}}
					}
				}
				if sid, ok := p.b.str("StatementId", ""); ok {
					st["Sid"] = sid
				}
				stmts = append(stmts, st)
			}
		}
		b.merge(p.b)
	}
	if len(stmts) == 0 {
		return nil
	}
	doc := map[string]any{"Version": "2012-10-17", "Statement": stmts}
	if hasUnknown(doc) {
		b.unknown("policy")
		return nil
	}
	parsed, err := awsmodel.ParsePolicy(mustJSON(doc), "")
	if err != nil {
		b.unknown("policy")
		return nil
	}
	return parsed
}
