package risk_test

import (
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/risk"
)

func aws(typ, id string, attrs map[string]any) *model.Resource {
	return &model.Resource{ID: id, Type: typ, Provider: "aws", Account: "111122223333", Name: id[strings.LastIndexAny(id, "/:")+1:], Attributes: attrs}
}

// network is an instance with a public address in a subnet, a security
// group open to the internet on 22, a route table and a network ACL.
func network(igw bool, aclAllows22 bool) []*model.Resource {
	gw := "local"
	if igw {
		gw = "igw-1"
	}
	action := "deny"
	if aclAllows22 {
		action = "allow"
	}
	return []*model.Resource{
		aws("aws.ec2.instance", "arn:aws:ec2:r:111122223333:instance/i-1", map[string]any{
			"public_ip_address": "203.0.113.7", "subnet_id": "subnet-1", "vpc_id": "vpc-1",
			"security_groups":      []any{map[string]any{"group_id": "sg-1"}},
			"iam_instance_profile": map[string]any{"arn": "arn:aws:iam::111122223333:instance-profile/web"},
		}),
		aws("aws.ec2.security_group", "arn:aws:ec2:r:111122223333:security-group/sg-1", map[string]any{
			"group_id": "sg-1",
			"ip_permissions": []any{map[string]any{"ip_protocol": "tcp", "from_port": 22, "to_port": 22,
				"ip_ranges": []any{map[string]any{"cidr_ip": "0.0.0.0/0"}}}},
		}),
		aws("aws.ec2.route_table", "arn:aws:ec2:r:111122223333:route-table/rtb-1", map[string]any{
			"vpc_id": "vpc-1", "associations": []any{map[string]any{"subnet_id": "subnet-1"}},
			"routes": []any{map[string]any{"destination_cidr_block": "0.0.0.0/0", "gateway_id": gw}},
		}),
		aws("aws.ec2.network_acl", "arn:aws:ec2:r:111122223333:network-acl/acl-1", map[string]any{
			"vpc_id": "vpc-1", "associations": []any{map[string]any{"subnet_id": "subnet-1"}},
			"entries": []any{
				map[string]any{"rule_number": 90, "egress": false, "protocol": "6", "rule_action": action, "cidr_block": "0.0.0.0/0", "port_range": map[string]any{"from": 22, "to": 22}},
				map[string]any{"rule_number": 100, "egress": false, "protocol": "-1", "rule_action": "allow", "cidr_block": "10.0.0.0/8"},
				map[string]any{"rule_number": 32767, "egress": false, "protocol": "-1", "rule_action": "deny", "cidr_block": "0.0.0.0/0"},
			},
		}),
	}
}

var adminRole = aws("aws.iam.role", "arn:aws:iam::111122223333:role/web", map[string]any{
	"arn":                       "arn:aws:iam::111122223333:role/web",
	"instance_profile_list":     []any{map[string]any{"arn": "arn:aws:iam::111122223333:instance-profile/web"}},
	"attached_managed_policies": []any{map[string]any{"policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"}},
})

// TestInstanceExposure: an instance is reachable only when the route
// table, the network ACL and a security group all let the same port in.
func TestInstanceExposure(t *testing.T) {
	const inst = "arn:aws:ec2:r:111122223333:instance/i-1"
	for _, c := range []struct {
		name        string
		igw, acl    bool
		exposed     bool
		detailHolds string
	}{
		{"open all the way", true, true, true, "port 22"},
		{"no internet gateway", false, true, false, ""},
		{"the network ACL denies 22 first", true, false, false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			g := risk.NewGraph(nil)
			g.Add(network(c.igw, c.acl))
			e := g.ExposureOf(g.Node(inst))
			if (e != nil) != c.exposed {
				t.Fatalf("exposure %+v, want exposed %v", e, c.exposed)
			}
			if e != nil && (!strings.Contains(e.Detail, c.detailHolds) || e.Path[0] != risk.Internet || e.Path[len(e.Path)-1] != inst) {
				t.Errorf("exposure %+v", e)
			}
			r := g.Score(model.SeverityHigh, g2r(inst))
			if c.exposed && r.Score != 30+25 || !c.exposed && r.Score != 30 {
				t.Errorf("score %d, factors %+v", r.Score, r.Factors)
			}
		})
	}
}

// TestWaitingForRole: an instance whose role is not read yet waits; once
// the role comes its findings carry the role's power.
func TestWaitingForRole(t *testing.T) {
	const inst = "arn:aws:ec2:r:111122223333:instance/i-1"
	g := risk.NewGraph(nil)
	g.Add(network(true, true))
	if !g.Waiting(inst) {
		t.Fatal("the instance does not wait for its role")
	}
	before := g.Score(model.SeverityHigh, g2r(inst))
	g.Add([]*model.Resource{adminRole})
	if g.Waiting(inst) {
		t.Fatal("the instance still waits once its role is read")
	}
	after := g.Score(model.SeverityHigh, g2r(inst))
	if after.Score != before.Score+15 || !strings.Contains(after.Factors[len(after.Factors)-1].Detail, "AdministratorAccess") {
		t.Errorf("before %+v, after %+v", before, after)
	}
}

func g2r(id string) *model.Resource { return &model.Resource{ID: id} }

// TestPassRoleNeedsALauncher: iam:PassRole on any role escalates only
// with an action that starts compute running as the passed role.
func TestPassRoleNeedsALauncher(t *testing.T) {
	role := func(actions ...any) *model.Resource {
		return aws("aws.iam.role", "arn:aws:iam::111122223333:role/deploy", map[string]any{
			"arn": "arn:aws:iam::111122223333:role/deploy", "wildcard_pass_role": true,
			"role_policy_list": []any{map[string]any{"policy_name": "deploy", "policy_document": map[string]any{"statements": []any{
				map[string]any{"effect": "Allow", "action": []any{"iam:PassRole"}, "resource": []any{"*"}},
				map[string]any{"effect": "Allow", "action": actions, "resource": []any{"*"}},
			}}}},
		})
	}
	for _, c := range []struct {
		actions []any
		want    string
	}{
		{[]any{"lambda:*"}, "lambda:CreateFunction"},
		{[]any{"EC2:Run*"}, "ec2:RunInstances"},
		{[]any{"s3:*", "logs:CreateLogGroup"}, ""},
	} {
		g := risk.NewGraph(nil)
		r := role(c.actions...)
		g.Add([]*model.Resource{r})
		p := g.PrivilegeOf(g.Node(r.ID))
		switch {
		case c.want == "" && p != nil:
			t.Errorf("%v: privilege %+v, want none", c.actions, p)
		case c.want != "" && (p == nil || !p.Escalates || !strings.Contains(p.Detail, c.want)):
			t.Errorf("%v: privilege %+v, want escalation through %s", c.actions, p, c.want)
		}
	}
}
