package risk

import (
	"slices"
	"strings"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/wildcard"
)

// Node is what risk knows of one resource: its identity and the facts
// the factors read, extracted once when its scope is read. Facts only a
// few types have are in F (nil for the others), so the many resources
// that have none cost little.
type Node struct {
	ID, Type, Account, Namespace, Name string
	// Criticality is the asset's criticality level ("critical" …) and
	// its points, from the graph's Criticality function.
	Criticality       string
	CriticalityPoints int
	// Data is the data-sensitivity factor: a classification label, or
	// the resource being a data store; nil when neither.
	Data *model.RiskFactor
	// Public says why the resource is reachable from the internet by
	// itself (a public bucket, an internet-facing load balancer …).
	Public string
	// Workload: the resource runs pods; PodLabels are theirs and RunsAs
	// the RBAC subjects they act as.
	Workload  bool
	PodLabels map[string]string
	RunsAs    []string
	F         *Facts
}

// Facts are what only some types have.
type Facts struct {
	// PublicIP is the address of an instance reachable from outside.
	PublicIP      string
	Subnet, VPC   string
	SecurityGroup []string // security groups it is in
	GroupID       string   // a security group's own id
	// WorldPorts are the port ranges a security group admits from
	// 0.0.0.0/0 or ::/0.
	WorldPorts []PortRange
	// Route table: the subnets it is associated with, whether it is its
	// VPC's main table, and whether it routes 0.0.0.0/0 to an internet
	// gateway.
	RouteSubnets []string
	MainRoute    bool
	InternetGW   bool
	// Network ACL: its subnets, whether it is the VPC's default, and its
	// inbound entries from anywhere, in rule order.
	ACLSubnets []string
	DefaultACL bool
	ACLIn      []ACLEntry
	// Kubernetes: a Service's type and selector, the Services an Ingress
	// routes to.
	ServiceType string
	Selector    map[string]string
	Backends    []string
	// Identity: what a binding binds, what a role may do, an instance's
	// profile and a function's role.
	BindsRole       string
	BindsSubjects   []string
	ClusterBinding  bool
	Admin           string // why the identity is an administrator
	PassesAnyRole   bool   // a role's policies allow iam:PassRole on *
	Launches        string // an action of its policies that starts compute a passed role runs as
	ReadsSecrets    string // why it can read secrets
	ProfileARN      string
	RoleARN         string
	ARN             string
	Profiles        []string // a role's instance profiles
	AttachedPolicy  []string // a role's managed policies
	PolicyFullAdmin bool     // an IAM policy that allows * on *
}

var noFacts = &Facts{}

// f returns the node's facts, empty ones when it has none.
func (n *Node) f() *Facts {
	if n.F == nil {
		return noFacts
	}
	return n.F
}

// PortRange is an inclusive range of TCP/UDP ports; All is every
// protocol and port.
type PortRange struct {
	From, To int
	All      bool
}

// ACLEntry is one inbound network ACL entry from anywhere.
type ACLEntry struct {
	Rule     int
	Allow    bool
	All      bool // every protocol
	From, To int
}

// Criticality maps a resource to its criticality level and points.
type Criticality func(*model.Resource) (level string, points int)

// dataTypes are the types that hold data.
var dataTypes = map[string]bool{
	"aws.s3.bucket": true, "aws.rds.db_instance": true, "aws.rds.db_cluster": true, "aws.rds.db_snapshot": true,
	"aws.rds.db_cluster_snapshot": true, "aws.ec2.volume": true, "aws.ec2.snapshot": true, "aws.efs.file_system": true,
	"aws.secretsmanager.secret": true, "aws.opensearch.domain": true, "aws.glacier.vault": true, "aws.sqs.queue": true,
	"aws.dynamodb.table": true, "k8s.core.secret": true, "k8s.apps.stateful_set": true,
	"aws.elasticache.replication_group": true, "aws.elasticache.cache_cluster": true, "aws.redshift.cluster": true,
	"aws.msk.cluster": true,
}

// specific are the types with Facts.
var specific = map[string]bool{
	"aws.ec2.instance": true, "aws.ec2.security_group": true, "aws.ec2.route_table": true, "aws.ec2.network_acl": true,
	"aws.ec2.subnet": true, "aws.lambda.function": true, "aws.elbv2.load_balancer": true, "aws.elb.load_balancer": true,
	"aws.rds.db_instance": true, "aws.iam.role": true, "aws.iam.policy": true, "k8s.core.service": true,
	"k8s.networking.ingress": true, "k8s.rbac.cluster_role": true, "k8s.rbac.role": true,
	"k8s.rbac.cluster_role_binding": true, "k8s.rbac.role_binding": true,
}

// NewNode extracts the facts of r.
func NewNode(r *model.Resource, crit Criticality) *Node {
	n := &Node{ID: r.ID, Type: r.Type, Account: r.Account, Namespace: r.Namespace, Name: r.Name, Data: dataFactor(r)}
	if crit != nil {
		n.Criticality, n.CriticalityPoints = crit(r)
	}
	a := r.Attributes
	f := &Facts{}
	switch r.Type {
	case "aws.ec2.instance":
		f.PublicIP = str(a, "public_ip_address")
		for _, ni := range list(a, "network_interfaces") {
			if ip := str(obj(ni, "association"), "public_ip"); ip != "" && f.PublicIP == "" {
				f.PublicIP = ip
			}
		}
		f.Subnet, f.VPC = str(a, "subnet_id"), str(a, "vpc_id")
		for _, g := range list(a, "security_groups") {
			f.SecurityGroup = appendID(f.SecurityGroup, str(g, "group_id"))
		}
		f.ProfileARN = str(obj(a, "iam_instance_profile"), "arn")
	case "aws.ec2.security_group":
		f.GroupID = str(a, "group_id")
		for _, p := range list(a, "ip_permissions") {
			if !world(p) {
				continue
			}
			if proto := str(p, "ip_protocol"); proto == "-1" || proto == "all" {
				f.WorldPorts = append(f.WorldPorts, PortRange{From: 0, To: 65535, All: true})
				continue
			}
			from, to := num(p, "from_port"), num(p, "to_port")
			if from == 0 && to == 0 || from < 0 {
				from, to = 0, 65535
			}
			f.WorldPorts = append(f.WorldPorts, PortRange{From: from, To: to})
		}
	case "aws.ec2.route_table":
		f.VPC = str(a, "vpc_id")
		for _, as := range list(a, "associations") {
			if b, _ := as["main"].(bool); b {
				f.MainRoute = true
			}
			f.RouteSubnets = appendID(f.RouteSubnets, str(as, "subnet_id"))
		}
		for _, rt := range list(a, "routes") {
			dst := str(rt, "destination_cidr_block") + str(rt, "destination_ipv6_cidr_block")
			if (dst == "0.0.0.0/0" || dst == "::/0") && strings.HasPrefix(str(rt, "gateway_id"), "igw-") {
				f.InternetGW = true
			}
		}
	case "aws.ec2.network_acl":
		f.VPC = str(a, "vpc_id")
		f.DefaultACL, _ = a["is_default"].(bool)
		for _, as := range list(a, "associations") {
			f.ACLSubnets = appendID(f.ACLSubnets, str(as, "subnet_id"))
		}
		for _, e := range list(a, "entries") {
			if eg, _ := e["egress"].(bool); eg {
				continue
			}
			if c := str(e, "cidr_block") + str(e, "ipv6_cidr_block"); c != "0.0.0.0/0" && c != "::/0" {
				continue
			}
			en := ACLEntry{Rule: num(e, "rule_number"), Allow: str(e, "rule_action") == "allow"}
			switch str(e, "protocol") {
			case "-1", "all":
				en.All, en.To = true, 65535
			case "6", "17", "tcp", "udp":
				pr := obj(e, "port_range")
				en.From, en.To = num(pr, "from"), num(pr, "to")
			default:
				continue
			}
			f.ACLIn = append(f.ACLIn, en)
		}
		slices.SortStableFunc(f.ACLIn, func(x, y ACLEntry) int { return x.Rule - y.Rule })
	case "aws.ec2.subnet":
		f.VPC = str(a, "vpc_id")
	case "aws.s3.bucket":
		if b, _ := a["public"].(bool); b {
			n.Public = "the bucket is public"
		}
	case "aws.ec2.snapshot":
		if b, _ := a["public"].(bool); b {
			n.Public = "the snapshot is shared publicly"
		}
	case "aws.ec2.image":
		if b, _ := a["public"].(bool); b {
			n.Public = "the image is public"
		}
	case "aws.lambda.function":
		if b, _ := a["public_url"].(bool); b {
			n.Public = "a function URL with auth type NONE"
		}
		f.RoleARN = str(a, "role")
	case "aws.elbv2.load_balancer", "aws.elb.load_balancer":
		if str(a, "scheme") == "internet-facing" {
			n.Public = "an internet-facing load balancer"
		}
		for _, g := range list(a, "security_groups") {
			f.SecurityGroup = appendID(f.SecurityGroup, str(g, ""))
		}
	case "aws.rds.db_instance":
		if b, _ := a["publicly_accessible"].(bool); b {
			n.Public = "the database is publicly accessible"
		}
		for _, g := range list(a, "vpc_security_groups") {
			f.SecurityGroup = appendID(f.SecurityGroup, str(g, "vpc_security_group_id"))
		}
	case "aws.iam.role":
		f.ARN = str(a, "arn")
		for _, p := range list(a, "instance_profile_list") {
			f.Profiles = appendID(f.Profiles, str(p, "arn"))
		}
		for _, p := range list(a, "attached_managed_policies") {
			arn := str(p, "policy_arn")
			f.AttachedPolicy = appendID(f.AttachedPolicy, arn)
			if strings.HasSuffix(arn, ":policy/AdministratorAccess") {
				f.Admin = "its attached policy AdministratorAccess allows every action"
			}
		}
		for _, p := range list(a, "role_policy_list") {
			if b, _ := obj(obj(p, "policy_document"), "analysis")["full_admin"].(bool); b && f.Admin == "" {
				f.Admin = "its inline policy " + str(p, "policy_name") + " allows every action on every resource"
			}
		}
		f.PassesAnyRole, _ = a["wildcard_pass_role"].(bool)
		f.Launches = launchAction(list(a, "role_policy_list"), "policy_document")
	case "aws.iam.policy":
		f.ARN = str(a, "arn")
		f.PolicyFullAdmin, _ = obj(obj(a, "document"), "analysis")["full_admin"].(bool)
		f.Launches = launchAction([]map[string]any{a}, "document")
	case "k8s.core.service":
		spec := obj(a, "spec")
		f.ServiceType = str(spec, "type")
		f.Selector = strMap(obj(spec, "selector"))
		switch {
		case f.ServiceType == "LoadBalancer":
			n.Public = "a Service of type LoadBalancer"
		case f.ServiceType == "NodePort":
			n.Public = "a Service of type NodePort"
		case len(list(spec, "external_ips")) > 0:
			n.Public = "a Service with external IPs"
		}
	case "k8s.networking.ingress":
		n.Public = "an Ingress"
		spec := obj(a, "spec")
		f.Backends = appendID(f.Backends, str(obj(obj(spec, "default_backend"), "service"), "name"))
		for _, rule := range list(spec, "rules") {
			for _, p := range list(obj(rule, "http"), "paths") {
				f.Backends = appendID(f.Backends, str(obj(obj(p, "backend"), "service"), "name"))
			}
		}
	case "k8s.rbac.cluster_role", "k8s.rbac.role":
		f.Admin, f.ReadsSecrets = k8sRolePower(r.Type, r.Name, list(a, "rules"))
	case "k8s.rbac.cluster_role_binding", "k8s.rbac.role_binding":
		f.ClusterBinding = r.Type == "k8s.rbac.cluster_role_binding"
	}
	if _, ok := a["pod_spec"]; ok {
		n.Workload = true
		n.PodLabels = strMap(obj(a, "pod_metadata")["labels"])
	}
	for _, rel := range r.Relations {
		switch rel.Type {
		case model.RelRunsAs:
			n.RunsAs = append(n.RunsAs, rel.Target)
		case model.RelBindsRole:
			f.BindsRole = rel.Target
		case model.RelBindsSubject:
			f.BindsSubjects = append(f.BindsSubjects, rel.Target)
		}
	}
	if specific[r.Type] {
		n.F = f
	}
	return n
}

// launchers are the actions that start compute running as a role the
// caller passes: with iam:PassRole on any role, a way to act as any role.
var launchers = []string{"ec2:RunInstances", "lambda:CreateFunction", "lambda:UpdateFunctionConfiguration", "ecs:RunTask",
	"ecs:RegisterTaskDefinition", "cloudformation:CreateStack", "glue:CreateDevEndpoint", "glue:CreateJob",
	"sagemaker:CreateNotebookInstance", "codebuild:CreateProject", "datapipeline:CreatePipeline", "iam:CreateRole"}

// launchAction returns the first launcher an unconditioned Allow of the
// policy documents (docs[i][key].statements) grants, "" for none.
func launchAction(docs []map[string]any, key string) string {
	for _, d := range docs {
		for _, st := range list(obj(d, key), "statements") {
			if str(st, "effect") != "Allow" || len(list(st, "condition")) > 0 || len(strs(st, "not_action")) > 0 {
				continue
			}
			for _, pattern := range strs(st, "action") {
				for _, l := range launchers {
					if wildcard.Match(strings.ToLower(pattern), strings.ToLower(l)) {
						return l
					}
				}
			}
		}
	}
	return ""
}

// k8sRolePower says whether a role's rules make it an administrator
// (every verb on every resource of every group) and whether they read
// secrets.
func k8sRolePower(typ, name string, rules []map[string]any) (admin, secrets string) {
	if typ == "k8s.rbac.cluster_role" && name == "cluster-admin" {
		return "it is cluster-admin", ""
	}
	for _, r := range rules {
		verbs, res, groups := strs(r, "verbs"), strs(r, "resources"), strs(r, "api_groups")
		core := slices.Contains(groups, "") || slices.Contains(groups, "*")
		if slices.Contains(verbs, "*") && slices.Contains(res, "*") && slices.Contains(groups, "*") && admin == "" {
			admin = "it grants every verb on every resource"
		}
		if core && (slices.Contains(res, "secrets") || slices.Contains(res, "*")) && secrets == "" {
			for _, v := range verbs {
				if v == "get" || v == "list" || v == "watch" || v == "*" {
					secrets = "it may " + v + " secrets"
					break
				}
			}
		}
	}
	return admin, secrets
}

// world reports whether a security group permission admits anywhere.
func world(p map[string]any) bool {
	for _, r := range list(p, "ip_ranges") {
		if str(r, "cidr_ip") == "0.0.0.0/0" {
			return true
		}
	}
	for _, r := range list(p, "ipv6_ranges") {
		if str(r, "cidr_ipv6") == "::/0" {
			return true
		}
	}
	return false
}

func appendID(ids []string, id string) []string {
	if id == "" {
		return ids
	}
	return append(ids, id)
}

// obj returns m[key] as an object, nil when it is not one.
func obj(m map[string]any, key string) map[string]any {
	if m == nil {
		return nil
	}
	o, _ := m[key].(map[string]any)
	return o
}

// list returns the objects of the list m[key]; with key "" the items of
// a list of strings are wrapped as {"": item}.
func list(m map[string]any, key string) []map[string]any {
	if m == nil {
		return nil
	}
	items, _ := m[key].([]any)
	out := make([]map[string]any, 0, len(items))
	for _, it := range items {
		switch v := it.(type) {
		case map[string]any:
			out = append(out, v)
		case string:
			out = append(out, map[string]any{"": v})
		}
	}
	return out
}

func str(m map[string]any, key string) string {
	if m == nil {
		return ""
	}
	s, _ := m[key].(string)
	return s
}

func num(m map[string]any, key string) int {
	if m == nil {
		return 0
	}
	switch v := m[key].(type) {
	case int:
		return v
	case int64:
		return int(v)
	case int32:
		return int(v)
	case float64:
		return int(v)
	case string:
		n := 0
		for _, c := range v {
			if c < '0' || c > '9' {
				return n
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	return 0
}

func strs(m map[string]any, key string) []string {
	items, _ := m[key].([]any)
	out := make([]string, 0, len(items))
	for _, it := range items {
		if s, ok := it.(string); ok {
			out = append(out, s)
		}
	}
	if ss, ok := m[key].([]string); ok {
		return ss
	}
	return out
}

func strMap(v any) map[string]string {
	switch m := v.(type) {
	case map[string]string:
		return m
	case map[string]any:
		out := make(map[string]string, len(m))
		for k, x := range m {
			if s, ok := x.(string); ok {
				out[k] = s
			}
		}
		return out
	}
	return nil
}
