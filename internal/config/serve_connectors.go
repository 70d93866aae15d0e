package config

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"
)

// Connector is one estate vigil serve keeps under scheduled scans: an
// AWS account or organization, or a Kubernetes cluster (exactly one of
// AWS and Kubernetes is set).
type Connector struct {
	// Name names the connector in the API, dashboards and metrics.
	Name       string               `yaml:"name" json:"name"`
	AWS        *AWSConnector        `yaml:"aws,omitempty" json:"aws,omitempty"`
	Kubernetes *KubernetesConnector `yaml:"kubernetes,omitempty" json:"kubernetes,omitempty"`
	Schedule   Schedule             `yaml:"schedule" json:"schedule"`
}

// AWSConnector is an AWS account, or every account of an organization,
// read through a role Vigil assumes.
type AWSConnector struct {
	// Account is a 12-digit account ID; Organization an o-… ID (one of
	// the two is set).
	Account      string `yaml:"account,omitempty" json:"account,omitempty"`
	Organization string `yaml:"organization,omitempty" json:"organization,omitempty"`
	// RoleName is the role assumed in each account (of the
	// organization); RoleARN the one role assumed for an account. Both
	// "": Vigil's own credentials read the account.
	RoleName string `yaml:"role_name,omitempty" json:"role_name,omitempty"`
	RoleARN  string `yaml:"role_arn,omitempty" json:"role_arn,omitempty"`
	// ExternalID is the sts:ExternalId the role's trust policy asks for,
	// by reference.
	ExternalID *SecretRef `yaml:"external_id,omitempty" json:"external_id,omitempty"`
	// Regions are the regions read, or ["all"] for every enabled one.
	Regions []string `yaml:"regions" json:"regions"`
	// Services limits the scan to these services; empty is all.
	Services []string `yaml:"services,omitempty" json:"services,omitempty"`
}

// KubernetesConnector is a cluster read through a kubeconfig context,
// or from inside the cluster with the pod's service account.
type KubernetesConnector struct {
	Kubeconfig string `yaml:"kubeconfig,omitempty" json:"kubeconfig,omitempty"`
	Context    string `yaml:"context,omitempty" json:"context,omitempty"`
	InCluster  bool   `yaml:"in_cluster,omitempty" json:"in_cluster,omitempty"`
	// ClusterName names the cluster in findings (as --cluster-name);
	// "": the context's cluster.
	ClusterName string `yaml:"cluster_name,omitempty" json:"cluster_name,omitempty"`
}

// Schedule is when a connector is scanned: Every interval or at the
// times of Cron (five fields, UTC), each run delayed by a random part
// of Jitter.
type Schedule struct {
	Every  Duration `yaml:"every,omitempty" json:"every,omitempty"`
	Cron   string   `yaml:"cron,omitempty" json:"cron,omitempty"`
	Jitter Duration `yaml:"jitter,omitempty" json:"jitter,omitempty"`

	cron cron.Schedule
}

// MinInterval is the shortest time between two scheduled scans of a
// connector.
const MinInterval = 5 * time.Minute

// Next returns when the scan after t is due, before jitter.
func (s Schedule) Next(t time.Time) time.Time {
	if s.cron != nil {
		return s.cron.Next(t.UTC())
	}
	return t.Add(time.Duration(s.Every))
}

var (
	roleName  = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	roleARN   = regexp.MustCompile(`^arn:aws(-cn|-us-gov)?:iam::([0-9]{12}):role/([\w+=,.@/-]*/)?[\w+=,.@-]{1,64}$`)
	region    = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	awsSvcArg = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
)

func (d *decoder) connectors(n *yaml.Node, path string) []Connector {
	out := []Connector{}
	names := map[string]int{}
	d.list(n, path, "connectors ({name: …, aws: … or kubernetes: …, schedule: …})", func(i int, e *yaml.Node, p string) {
		before := d.Len()
		c, ok := d.connector(e, p)
		if !ok {
			d.dropped(before, e, p)
		}
		if c.Name != "" {
			if first, dup := names[c.Name]; dup {
				d.fail(d.line(d.Resolve(e)), "%s: the name %q is taken by %s[%d]: give each connector its own name", p, c.Name, path, first)
				return
			}
			names[c.Name] = i
		}
		if ok {
			out = append(out, c)
		}
	})
	return out
}

func (d *decoder) connector(n *yaml.Node, path string) (Connector, bool) {
	var c Connector
	good := true
	bad := func(ok bool) { good = good && ok }
	complete := d.fields(n, path,
		field{"name", func(v *yaml.Node, p string) {
			s, ok := d.ident(v, p, "a name such as prod-eu")
			c.Name = s
			bad(ok)
		}},
		field{"aws", func(v *yaml.Node, p string) {
			c.AWS = d.awsConnector(v, p)
			bad(c.AWS != nil)
		}},
		field{"kubernetes", func(v *yaml.Node, p string) {
			c.Kubernetes = d.kubernetesConnector(v, p)
			bad(c.Kubernetes != nil)
		}},
		field{"schedule", func(v *yaml.Node, p string) {
			s, ok := d.schedule(v, p)
			c.Schedule = s
			bad(ok)
		}},
	)
	rn := d.mapping(n)
	if rn == nil {
		if d.Resolve(n) == nil {
			d.fail(d.line(n), "%s is empty: give name, aws or kubernetes, and schedule", path)
		}
		return c, false
	}
	if !complete {
		return c, false
	}
	if !d.requireKeys(rn, path, "name", "schedule") {
		good = false
	}
	if _, ok := d.exactlyOne(rn, path, "say what the connector scans", "aws", "kubernetes"); !ok {
		good = false
	}
	return c, good
}

func (d *decoder) awsConnector(n *yaml.Node, path string) *AWSConnector {
	a := &AWSConnector{}
	good := true
	str := func(into *string, re *regexp.Regexp, why string) func(*yaml.Node, string) {
		return func(v *yaml.Node, p string) {
			s, ok := d.str(v, p)
			if ok && !re.MatchString(s) {
				d.fail(d.Resolve(v), "%s: %q %s", p, s, why)
				ok = false
			}
			good = good && ok
			*into = s
		}
	}
	var arnNode *yaml.Node
	complete := d.fields(n, path,
		field{"account", str(&a.Account, accountID, "is not an AWS account ID: write its 12 digits, quoted (\"012345678901\") so a leading zero stays")},
		field{"organization", str(&a.Organization, organizationID, "is not an AWS organization ID: it looks like o-a1b2c3d4e5")},
		field{"role_name", str(&a.RoleName, roleName, "is not an IAM role name: write the name alone, such as VigilAudit (or the whole ARN as role_arn)")},
		field{"role_arn", func(v *yaml.Node, p string) {
			arnNode = d.Resolve(v)
			str(&a.RoleARN, roleARN, "is not an IAM role ARN: it looks like arn:aws:iam::111122223333:role/VigilAudit")(v, p)
		}},
		field{"external_id", func(v *yaml.Node, p string) {
			a.ExternalID = d.secret(v, p)
			good = good && a.ExternalID != nil
		}},
		field{"regions", func(v *yaml.Node, p string) {
			rs, ok := d.regions(v, p)
			a.Regions = rs
			good = good && ok
		}},
		field{"services", func(v *yaml.Node, p string) {
			a.Services = d.ids(v, p, func(s string) string {
				if !awsSvcArg.MatchString(s) {
					return "is not a service name: write it as vigil scan aws --services takes it, such as s3 or ec2"
				}
				return ""
			})
		}},
	)
	rn := d.mapping(n)
	if rn == nil {
		if d.Resolve(n) == nil {
			d.fail(d.line(n), "%s is empty: give account or organization, and regions", path)
		}
		return nil
	}
	if !complete {
		return nil
	}
	if _, ok := d.exactlyOne(rn, path, "write account: \"111122223333\" or organization: o-a1b2c3d4e5", "account", "organization"); !ok {
		good = false
	}
	switch {
	case d.hasKey(rn, "role_name") && d.hasKey(rn, "role_arn"):
		d.fail(rn, "%s has role_name and role_arn: give only one of them", path)
		good = false
	case d.hasKey(rn, "organization") && d.hasKey(rn, "role_arn"):
		d.fail(arnNode, "%s.role_arn names one account's role: for an organization give role_name, the role assumed in each member account", path)
		good = false
	case d.hasKey(rn, "organization") && !d.hasKey(rn, "role_name"):
		d.fail(rn, "%s has no role_name: name the role Vigil assumes in each member account, such as VigilAudit", path)
		good = false
	case d.hasKey(rn, "external_id") && !d.hasKey(rn, "role_name") && !d.hasKey(rn, "role_arn"):
		d.fail(rn, "%s has an external_id but no role to assume it with: add role_name or role_arn", path)
		good = false
	}
	if m := roleARN.FindStringSubmatch(a.RoleARN); m != nil && a.Account != "" && m[2] != a.Account {
		d.fail(arnNode, "%s.role_arn is a role of account %s, not of %s: assume a role in the account scanned", path, m[2], a.Account)
		good = false
	}
	if !d.hasKey(rn, "regions") {
		d.fail(rn, "%s has no regions: write regions: [all] or list them, such as [eu-west-1, us-east-1]", path)
		good = false
	}
	if !good {
		return nil
	}
	return a
}

// regions reads a list of AWS regions, or [all].
func (d *decoder) regions(n *yaml.Node, path string) ([]string, bool) {
	good := true
	rs := d.ids(n, path, func(s string) string {
		if s != "all" && !region.MatchString(s) {
			good = false
			return "is not an AWS region: write one such as eu-west-1, or all"
		}
		return ""
	})
	rn := d.Resolve(n)
	if rn == nil || rn.Kind != yaml.SequenceNode {
		return nil, false
	}
	switch {
	case len(rn.Content) == 0:
		d.fail(rn, "%s is empty: write [all] or list the regions to read", path)
		return nil, false
	case len(rs) > 1 && slices.Contains(rs, "all"):
		d.fail(rn, "%s lists all and other regions: write [all] alone, or only the regions", path)
		return nil, false
	}
	return rs, good && len(rs) == len(rn.Content)
}

func (d *decoder) kubernetesConnector(n *yaml.Node, path string) *KubernetesConnector {
	k := &KubernetesConnector{}
	good := true
	name := func(into *string, what string) func(*yaml.Node, string) {
		return func(v *yaml.Node, p string) {
			s, ok := d.name(v, p, what)
			good = good && ok
			*into = s
		}
	}
	complete := d.fields(n, path,
		field{"kubeconfig", name(&k.Kubeconfig, "the path of a kubeconfig file")},
		field{"context", name(&k.Context, "a context of the kubeconfig")},
		field{"in_cluster", func(v *yaml.Node, p string) {
			b, ok := d.boolean(v, p)
			good = good && ok
			k.InCluster = b
		}},
		field{"cluster_name", name(&k.ClusterName, "the cluster's name as findings should record it")},
	)
	rn := d.mapping(n)
	if rn == nil {
		if d.Resolve(n) == nil {
			d.fail(d.line(n), "%s is empty: give kubeconfig and context, or in_cluster: true", path)
		}
		return nil
	}
	if !complete {
		return nil
	}
	switch {
	case k.InCluster && (d.hasKey(rn, "kubeconfig") || d.hasKey(rn, "context")):
		d.fail(rn, "%s: in_cluster: true reads the cluster Vigil runs in: leave out kubeconfig and context, or in_cluster", path)
		good = false
	case k.InCluster && !d.hasKey(rn, "cluster_name"):
		d.fail(rn, "%s has no cluster_name: a cluster read from inside has no context to name it; add cluster_name", path)
		good = false
	case !k.InCluster && good && (k.Kubeconfig == "" || k.Context == ""):
		d.fail(rn, "%s needs kubeconfig and context (a running service must not follow the current context), or in_cluster: true", path)
		good = false
	}
	if !good {
		return nil
	}
	return k
}

func (d *decoder) schedule(n *yaml.Node, path string) (Schedule, bool) {
	var s Schedule
	good := true
	var jitterNode *yaml.Node
	complete := d.fields(n, path,
		field{"every", func(v *yaml.Node, p string) {
			t, ok := d.duration(v, p)
			if ok && time.Duration(t) < MinInterval {
				d.fail(d.Resolve(v), "%s: %s is too often: scan at most every %s", p, t, Duration(MinInterval))
				ok = false
			}
			good = good && ok
			s.Every = t
		}},
		field{"cron", func(v *yaml.Node, p string) {
			c, ok := d.cron(v, p)
			good = good && ok
			s.Cron, s.cron = strings.Join(strings.Fields(c.spec), " "), c.sched
		}},
		field{"jitter", func(v *yaml.Node, p string) {
			t, ok := d.duration(v, p)
			good = good && ok
			s.Jitter, jitterNode = t, d.Resolve(v)
		}},
	)
	rn := d.mapping(n)
	if rn == nil {
		if d.Resolve(n) == nil {
			d.fail(d.line(n), "%s is empty: give every: 1h or cron: \"0 */6 * * *\"", path)
		}
		return s, false
	}
	if !complete {
		return s, false
	}
	if _, ok := d.exactlyOne(rn, path, "write every: 1h or cron: \"0 */6 * * *\"", "every", "cron"); !ok || !good {
		return s, false
	}
	interval := time.Duration(s.Every)
	if s.cron != nil {
		interval = minGap(s.cron)
	}
	if s.Jitter != 0 && time.Duration(s.Jitter) >= interval {
		d.fail(jitterNode, "%s.jitter (%s) is not shorter than the interval (%s): runs would overlap; make it less, such as %s", path, s.Jitter, Duration(interval), Duration(interval/10))
		return s, false
	}
	return s, true
}

// parsedCron is a cron expression and its schedule.
type parsedCron struct {
	spec  string
	sched cron.Schedule
}

// cronEpoch is where minGap starts looking: a fixed time, so a file
// validates the same on any day.
var cronEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// cron reads a five-field cron expression that runs at most every
// MinInterval.
func (d *decoder) cron(n *yaml.Node, path string) (parsedCron, bool) {
	s, ok := d.name(n, path, "a cron expression such as \"0 */6 * * *\"")
	if !ok {
		return parsedCron{}, false
	}
	at := d.Resolve(n)
	if f := strings.Fields(s); len(f) != 5 || strings.HasPrefix(s, "@") || strings.Contains(s, "TZ=") {
		d.fail(at, "%s: %q is not a five-field cron expression (minute hour day-of-month month day-of-week, in UTC), such as \"0 */6 * * *\"", path, s)
		return parsedCron{}, false
	}
	sched, err := parseCron(s)
	if err != nil {
		d.fail(at, "%s: %q is not a valid cron expression: %v", path, s, err)
		return parsedCron{}, false
	}
	if sched.Next(cronEpoch).IsZero() {
		d.fail(at, "%s: %q never runs: check the day and month", path, s)
		return parsedCron{}, false
	}
	if g := minGap(sched); g < MinInterval {
		d.fail(at, "%s: %q runs %s apart: scan at most every %s", path, s, Duration(g), Duration(MinInterval))
		return parsedCron{}, false
	}
	return parsedCron{s, sched}, true
}

// parseCron parses a standard cron expression; the parser's panics are
// errors.
func parseCron(s string) (sched cron.Schedule, err error) {
	defer func() {
		if p := recover(); p != nil {
			sched, err = nil, fmt.Errorf("%v", p)
		}
	}()
	return cron.ParseStandard(s)
}

// minGap is the shortest time between two runs of a schedule over the
// 1,000 runs from cronEpoch, or across the next five years for rarer
// ones (a schedule of 29 February runs every four years).
func minGap(s cron.Schedule) time.Duration {
	prev := s.Next(cronEpoch)
	end := cronEpoch.AddDate(5, 0, 0)
	gap := time.Duration(0)
	for range 1000 {
		next := s.Next(prev)
		if next.IsZero() || next.After(end) {
			break
		}
		if g := next.Sub(prev); gap == 0 || g < gap {
			gap = g
		}
		prev = next
	}
	if gap == 0 {
		return end.Sub(cronEpoch)
	}
	return gap
}
