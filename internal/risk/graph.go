package risk

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Graph joins the nodes of one scan: by ID, and by the keys AWS and
// Kubernetes resources refer to each other with. Resources are added as
// scopes are read (Add); what a factor reads is judged on the graph as
// it is then, and again once the scan is whole. Not safe for concurrent
// use.
type Graph struct {
	crit       Criticality
	byID       map[string]*Node
	sgs        map[string]*Node   // security groups by group id
	sgUsers    map[string][]*Node // group id → instances, load balancers, databases in it
	routes     map[string]*Node   // subnet → its route table
	mainRoute  map[string]*Node   // vpc → its main route table
	acls       map[string]*Node   // subnet → its network ACL
	defaultACL map[string]*Node   // vpc → its default network ACL
	profiles   map[string]*Node   // instance profile ARN → role
	arns       map[string]*Node   // role and policy ARNs
	services   map[string][]*Node // account/namespace → Services
	ingresses  map[string][]*Node // account/namespace → Ingresses
	bindings   map[string][]*Node // subject id → bindings
	perAccount map[string]int
	perNS      map[string]int
	secrets    map[string]int // account → Secrets
	sawRoutes  bool
	sawACLs    bool

	// What was judged since the last Add.
	exposure  map[string]*Exposure
	privilege map[string]*Privilege
	scores    map[scoreKey]*model.Risk
	plain     map[plainKey]*model.Risk // kept: they do not depend on the graph
	factors   map[string]*model.RiskFactor
}

type scoreKey struct {
	id  string
	sev model.Severity
}

// NewGraph returns an empty graph; crit rates each resource's
// criticality (nil: no criticality factor).
func NewGraph(crit Criticality) *Graph {
	g := &Graph{crit: crit, byID: map[string]*Node{}, sgs: map[string]*Node{}, sgUsers: map[string][]*Node{}, routes: map[string]*Node{},
		mainRoute: map[string]*Node{}, acls: map[string]*Node{}, defaultACL: map[string]*Node{}, profiles: map[string]*Node{}, arns: map[string]*Node{},
		services: map[string][]*Node{}, ingresses: map[string][]*Node{}, bindings: map[string][]*Node{}, perAccount: map[string]int{},
		perNS: map[string]int{}, secrets: map[string]int{}, plain: map[plainKey]*model.Risk{}, factors: map[string]*model.RiskFactor{}}
	g.forget()
	return g
}

// forget drops what was judged: a resource added may change it.
func (g *Graph) forget() {
	g.exposure, g.privilege, g.scores = map[string]*Exposure{}, map[string]*Privilege{}, map[scoreKey]*model.Risk{}
}

// Len is the number of resources in the graph.
func (g *Graph) Len() int { return len(g.byID) }

// Add adds a scope's resources. Only those a factor or a path can read
// (workloads, resources public by themselves, the types with Facts) are
// kept as nodes; the others are counted. A resource delivered twice must
// come through AddReferences first.
func (g *Graph) Add(rs []*model.Resource) { g.addAll(rs, false) }

// AddReferences adds resources a source may deliver again later (the
// references a Kubernetes scan reads first): every one is kept as a
// node, so the second delivery is known and not counted twice.
func (g *Graph) AddReferences(rs []*model.Resource) { g.addAll(rs, true) }

func (g *Graph) addAll(rs []*model.Resource, keep bool) {
	added := false
	for _, r := range rs {
		if _, dup := g.byID[r.ID]; dup {
			continue
		}
		n := NewNode(r, g.crit)
		if keep || n.F != nil || n.Workload || n.Public != "" {
			g.add(n)
			added = true
			continue
		}
		g.count(n)
	}
	if added {
		g.forget()
	}
}

// Has reports whether the resource with this ID is a node: only a
// node's findings can change risk once more of the scan is read, or be
// part of an attack path.
func (g *Graph) Has(id string) bool {
	_, ok := g.byID[id]
	return ok
}

// count counts a resource in its account and namespace.
func (g *Graph) count(n *Node) {
	g.perAccount[n.Account]++
	g.perNS[n.Account+"/"+n.Namespace]++
	if n.Type == "k8s.core.secret" {
		g.secrets[n.Account]++
	}
}

func (g *Graph) add(n *Node) {
	g.byID[n.ID] = n
	g.count(n)
	ns := n.Account + "/" + n.Namespace
	switch n.Type {
	case "aws.ec2.security_group":
		g.sgs[groupID(n)] = n
	case "aws.ec2.route_table":
		g.sawRoutes = true
		for _, s := range n.f().RouteSubnets {
			g.routes[s] = n
		}
		if n.f().MainRoute {
			g.mainRoute[n.f().VPC] = n
		}
	case "aws.ec2.network_acl":
		g.sawACLs = true
		for _, s := range n.f().ACLSubnets {
			g.acls[s] = n
		}
		if n.f().DefaultACL {
			g.defaultACL[n.f().VPC] = n
		}
	case "aws.iam.role":
		for _, p := range n.f().Profiles {
			g.profiles[p] = n
		}
		g.arns[n.f().ARN] = n
	case "aws.iam.policy":
		g.arns[n.f().ARN] = n
	case "k8s.core.service":
		g.services[ns] = append(g.services[ns], n)
	case "k8s.networking.ingress":
		g.ingresses[ns] = append(g.ingresses[ns], n)
	case "k8s.rbac.cluster_role_binding", "k8s.rbac.role_binding":
		for _, s := range n.f().BindsSubjects {
			g.bindings[s] = append(g.bindings[s], n)
		}
	}
	for _, sg := range n.f().SecurityGroup {
		g.sgUsers[sg] = append(g.sgUsers[sg], n)
	}
}

// groupID is a security group's id: the last segment of its ARN or ID.
func groupID(n *Node) string {
	if n.f().GroupID != "" {
		return n.f().GroupID
	}
	id := n.ID
	if i := strings.LastIndexAny(id, "/:#"); i >= 0 {
		id = id[i+1:]
	}
	return id
}

// Node returns the node with this ID, or nil.
func (g *Graph) Node(id string) *Node { return g.byID[id] }

// Exposure is how the internet reaches a resource.
type Exposure struct {
	Path   []string // "internet", then resource IDs, ending at the resource
	Detail string
	// Points: 25 reachable, 10 open to the internet with nothing known
	// reachable behind it.
	Points int
}

// Internet is the first element of every attack path.
const Internet = "internet"

// ExposureOf returns how the internet reaches n; nil when it does not.
func (g *Graph) ExposureOf(n *Node) *Exposure {
	if e, ok := g.exposure[n.ID]; ok {
		return e
	}
	g.exposure[n.ID] = nil // a cycle finds nothing
	e := g.exposureOf(n)
	g.exposure[n.ID] = e
	return e
}

func (g *Graph) exposureOf(n *Node) *Exposure {
	switch {
	case n.Type == "aws.ec2.instance":
		return g.instanceExposure(n)
	case n.Type == "aws.ec2.security_group":
		if len(n.f().WorldPorts) == 0 {
			return nil
		}
		for _, u := range g.sgUsers[groupID(n)] {
			if ue := g.ExposureOf(u); ue != nil && slices.Contains(ue.Path, n.ID) {
				return &Exposure{Path: []string{Internet, n.ID}, Points: 25,
					Detail: fmt.Sprintf("admits the internet on %s to %s, reachable from outside", portsText(n.f().WorldPorts), u.Name)}
			}
		}
		return &Exposure{Path: []string{Internet, n.ID}, Points: 10, Detail: fmt.Sprintf("admits the internet on %s (nothing the scan read is reachable through it)", portsText(n.f().WorldPorts))}
	case n.Public != "" && len(n.f().SecurityGroup) > 0:
		// A load balancer or database: reachable if a group admits the internet.
		sg, open, known := g.openGroup(n.f().SecurityGroup, nil)
		switch {
		case open:
			return &Exposure{Path: []string{Internet, sg.ID, n.ID}, Points: 25, Detail: fmt.Sprintf("%s; security group %s admits the internet on %s", n.Public, sg.Name, portsText(sg.f().WorldPorts))}
		case !known:
			return &Exposure{Path: []string{Internet, n.ID}, Points: 25, Detail: n.Public + " (its security groups were not read)"}
		}
		return nil
	case n.Public != "":
		return &Exposure{Path: []string{Internet, n.ID}, Points: 25, Detail: n.Public}
	case n.Workload:
		return g.workloadExposure(n)
	}
	return nil
}

// openGroup returns a group of ids that admits the internet on a port
// admit accepts (nil: any); known is false when none of them was read.
func (g *Graph) openGroup(ids []string, admit func(PortRange) bool) (sg *Node, open, known bool) {
	for _, id := range ids {
		s := g.sgs[id]
		if s == nil {
			continue
		}
		known = true
		for _, pr := range s.f().WorldPorts {
			if admit == nil || admit(pr) {
				return s, true, true
			}
		}
	}
	return nil, false, known
}

// instanceExposure: a public address, a route to an internet gateway, a
// network ACL and a security group that admit one same port.
func (g *Graph) instanceExposure(n *Node) *Exposure {
	if n.f().PublicIP == "" {
		return nil
	}
	var notes []string
	rt := g.routes[n.f().Subnet]
	if rt == nil {
		rt = g.mainRoute[n.f().VPC]
	}
	switch {
	case rt != nil && !rt.f().InternetGW:
		return nil
	case rt == nil && g.sawRoutes:
		notes = append(notes, "its subnet's route table was not found")
	case rt == nil:
		notes = append(notes, "route tables were not read")
	}
	acl := g.acls[n.f().Subnet]
	if acl == nil {
		acl = g.defaultACL[n.f().VPC]
	}
	if acl == nil {
		if g.sawACLs {
			notes = append(notes, "its subnet's network ACL was not found")
		} else {
			notes = append(notes, "network ACLs were not read")
		}
	}
	var port int
	admit := func(pr PortRange) bool {
		if acl == nil {
			port = pr.From
			return true
		}
		for _, p := range candidatePorts(pr) {
			if aclAdmits(acl.f().ACLIn, p) {
				port = p
				return true
			}
		}
		return false
	}
	sg, open, known := g.openGroup(n.f().SecurityGroup, admit)
	switch {
	case open:
		detail := fmt.Sprintf("public IP %s; security group %s admits the internet on port %d", n.f().PublicIP, sg.Name, port)
		if acl != nil {
			detail += " and network ACL " + acl.Name + " lets it in"
		}
		if rt != nil {
			detail += "; route table " + rt.Name + " routes to an internet gateway"
		}
		if len(notes) > 0 {
			detail += " (" + strings.Join(notes, "; ") + ")"
		}
		return &Exposure{Path: []string{Internet, sg.ID, n.ID}, Points: 25, Detail: detail}
	case !known && len(n.f().SecurityGroup) > 0:
		notes = append(notes, "its security groups were not read")
		return &Exposure{Path: []string{Internet, n.ID}, Points: 25, Detail: fmt.Sprintf("public IP %s (%s)", n.f().PublicIP, strings.Join(notes, "; "))}
	}
	return nil
}

// candidatePorts are the ports of a range worth trying against a
// network ACL: its ends and the well-known ones inside it.
func candidatePorts(pr PortRange) []int {
	out := []int{pr.From}
	for _, p := range []int{22, 80, 443, 3389, 5985, 5986, 8080, pr.To} {
		if p >= pr.From && p <= pr.To && p != pr.From {
			out = append(out, p)
		}
	}
	return out
}

// aclAdmits applies inbound entries from anywhere in rule order; no
// entry matching is the default deny.
func aclAdmits(entries []ACLEntry, port int) bool {
	for _, e := range entries {
		if e.All || port >= e.From && port <= e.To {
			return e.Allow
		}
	}
	return false
}

func portsText(prs []PortRange) string {
	var parts []string
	for i, pr := range prs {
		if i == 3 {
			parts = append(parts, "…")
			break
		}
		switch {
		case pr.All || pr.From == 0 && pr.To == 65535:
			parts = append(parts, "every port")
		case pr.From == pr.To:
			parts = append(parts, "port "+strconv.Itoa(pr.From))
		default:
			parts = append(parts, fmt.Sprintf("ports %d-%d", pr.From, pr.To))
		}
	}
	return strings.Join(parts, ", ")
}

// workloadExposure: a Service that selects the workload's pods and is
// itself reachable, or is the backend of an Ingress.
func (g *Graph) workloadExposure(n *Node) *Exposure {
	ns := n.Account + "/" + n.Namespace
	var best *Exposure
	for _, svc := range g.services[ns] {
		if !selects(svc.f().Selector, n.PodLabels) {
			continue
		}
		var e *Exposure
		if svc.Public != "" {
			e = &Exposure{Path: []string{Internet, svc.ID, n.ID}, Points: 25, Detail: fmt.Sprintf("%s (%s) selects its pods", svc.Public, svc.Name)}
		} else {
			for _, ing := range g.ingresses[ns] {
				if slices.Contains(ing.f().Backends, svc.Name) {
					e = &Exposure{Path: []string{Internet, ing.ID, svc.ID, n.ID}, Points: 25, Detail: fmt.Sprintf("Ingress %s routes to Service %s, which selects its pods", ing.Name, svc.Name)}
					break
				}
			}
		}
		if e != nil && (best == nil || e.Path[1] < best.Path[1]) {
			best = e
		}
	}
	return best
}

// selects reports whether a Service selector picks pods with labels.
func selects(selector, labels map[string]string) bool {
	if len(selector) == 0 {
		return false
	}
	for k, v := range selector {
		if labels[k] != v {
			return false
		}
	}
	return true
}

// Privilege is what the identity a resource runs as (or is) may do.
type Privilege struct {
	Chain  []string // the resource, then the identities and grants leading to the power
	Detail string
	Points int
	// Admin, Escalates, ReadsSecrets and ClusterWide are the facts a
	// combination rule reads.
	Admin, Escalates, ReadsSecrets, ClusterWide bool
}

// PrivilegeOf returns what n's identity may do; nil when nothing of note.
func (g *Graph) PrivilegeOf(n *Node) *Privilege {
	if p, ok := g.privilege[n.ID]; ok {
		return p
	}
	p := g.privilegeOf(n)
	g.privilege[n.ID] = p
	return p
}

func (g *Graph) privilegeOf(n *Node) *Privilege {
	switch n.Type {
	case "aws.ec2.instance":
		if role := g.profiles[n.f().ProfileARN]; role != nil {
			return g.awsRole(role, []string{n.ID, role.ID}, "runs as role "+role.Name+", ")
		}
	case "aws.lambda.function":
		if role := g.arns[n.f().RoleARN]; role != nil {
			return g.awsRole(role, []string{n.ID, role.ID}, "runs as role "+role.Name+", ")
		}
	case "aws.iam.role":
		return g.awsRole(n, []string{n.ID}, "the role ")
	case "k8s.rbac.cluster_role_binding", "k8s.rbac.role_binding":
		return g.k8sBinding(n, []string{n.ID}, "it binds ")
	}
	if len(n.RunsAs) == 0 {
		return nil
	}
	var best *Privilege
	for _, subject := range n.RunsAs {
		for _, b := range g.bindings[subject] {
			p := g.k8sBinding(b, []string{n.ID, subject, b.ID}, "its service account is bound by "+b.Name+" to ")
			if p != nil && (best == nil || p.Points > best.Points) {
				best = p
			}
		}
	}
	return best
}

func (g *Graph) awsRole(role *Node, chain []string, lead string) *Privilege {
	admin := role.f().Admin
	for _, arn := range role.f().AttachedPolicy {
		if p := g.arns[arn]; admin == "" && p != nil && p.f().PolicyFullAdmin {
			admin = "its attached policy " + p.Name + " allows every action on every resource"
		}
	}
	switch {
	case admin != "":
		return &Privilege{Chain: chain, Points: 15, Admin: true, ClusterWide: true,
			Detail: fmt.Sprintf("%sis an administrator: %s; reaches every resource of account %s (%s read)", lead, admin, role.Account, count(g.perAccount[role.Account], "resource", "resources"))}
	}
	if role.f().PassesAnyRole {
		launch := role.f().Launches
		for _, arn := range role.f().AttachedPolicy {
			if p := g.arns[arn]; launch == "" && p != nil {
				launch = p.f().Launches
			}
		}
		if launch != "" {
			return &Privilege{Chain: chain, Points: 10, Escalates: true, ClusterWide: true,
				Detail: fmt.Sprintf("%scan escalate: it may pass any role (iam:PassRole on *) to what it starts (%s)", lead, launch)}
		}
	}
	return nil
}

func (g *Graph) k8sBinding(b *Node, chain []string, lead string) *Privilege {
	role := g.byID[b.f().BindsRole]
	chain = append(slices.Clone(chain), b.f().BindsRole)
	admin, secrets := "", ""
	switch {
	case role != nil:
		admin, secrets = role.f().Admin, role.f().ReadsSecrets
	case strings.HasSuffix(b.f().BindsRole, "/ClusterRole/cluster-admin"):
		admin = "it is cluster-admin"
	}
	roleName := b.f().BindsRole[strings.LastIndexByte(b.f().BindsRole, '/')+1:]
	scope := fmt.Sprintf("namespace %s (%s)", b.Namespace, count(g.perNS[b.Account+"/"+b.Namespace], "resource", "resources"))
	if b.f().ClusterBinding {
		cluster := "the cluster"
		if b.Account != "" {
			cluster = "cluster " + b.Account
		}
		scope = fmt.Sprintf("%s (%s, %s)", cluster, count(g.perAccount[b.Account], "resource", "resources"), count(g.secrets[b.Account], "secret", "secrets"))
	}
	switch {
	case admin != "" && b.f().ClusterBinding:
		return &Privilege{Chain: chain, Points: 15, Admin: true, ClusterWide: true, Detail: fmt.Sprintf("%s%s: %s, everywhere in %s", lead, roleName, admin, scope)}
	case secrets != "" && b.f().ClusterBinding:
		return &Privilege{Chain: chain, Points: 12, ReadsSecrets: true, ClusterWide: true, Detail: fmt.Sprintf("%s%s: %s in every namespace of %s", lead, roleName, secrets, scope)}
	case admin != "":
		return &Privilege{Chain: chain, Points: 8, Admin: true, Detail: fmt.Sprintf("%s%s: %s in %s", lead, roleName, admin, scope)}
	case secrets != "":
		return &Privilege{Chain: chain, Points: 6, ReadsSecrets: true, Detail: fmt.Sprintf("%s%s: %s in %s", lead, roleName, secrets, scope)}
	}
	return nil
}

// readTypes are the types exposure and privilege read, by provider.
var readTypes = map[string][]string{
	"aws": {"aws.ec2.security_group", "aws.ec2.network_acl", "aws.ec2.route_table", "aws.iam.role", "aws.iam.policy"},
	"k8s": {"k8s.core.service", "k8s.networking.ingress", "k8s.rbac.role_binding", "k8s.rbac.cluster_role_binding", "k8s.rbac.role", "k8s.rbac.cluster_role"},
}

// RelatedTypes are the types a combination rule on resources of these
// types reads besides them: its findings resolve only when a scan
// covered those too.
func RelatedTypes(resourceTypes []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range resourceTypes {
		provider, _, _ := strings.Cut(t, ".")
		for _, r := range readTypes[provider] {
			if !seen[r] {
				seen[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// Waiting reports whether the resource with this ID refers to resources
// the graph does not hold yet whose facts could change its risk (an
// instance profile's or a function's role, a security group): its
// findings are better reported once the scan is whole.
func (g *Graph) Waiting(id string) bool {
	n := g.byID[id]
	if n == nil || n.F == nil {
		return false
	}
	f := n.F
	if f.ProfileARN != "" && g.profiles[f.ProfileARN] == nil || f.RoleARN != "" && g.arns[f.RoleARN] == nil {
		return true
	}
	for _, sg := range f.SecurityGroup {
		if g.sgs[sg] == nil {
			return true
		}
	}
	return false
}

// count is n with the noun it counts, singular or plural.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
