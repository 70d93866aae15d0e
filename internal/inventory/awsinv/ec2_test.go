package awsinv

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/awstest"
	"github.com/vigil-cspm/vigil/internal/inventory"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
)

var ec2Services = []string{"ec2", "rds", "efs", "eks"}

// ec2Scopes are the family's coverage scopes: every type in both
// regions of the account.
func ec2Scopes(account string) []string {
	var out []string
	for _, c := range ec2Collectors() {
		for _, typ := range c.Types {
			for _, region := range []string{"us-east-1", "eu-west-1"} {
				out = append(out, typ+"@"+account+"/"+region+"=complete")
			}
		}
	}
	sort.Strings(out)
	return out
}

func checkEC2Run(t *testing.T, scenario, account string) (inventory.Result, map[string]*model.Resource) {
	t.Helper()
	srv := replay(t, scenario)
	s, res := scan(t, Config{Services: ec2Services})
	if m := srv.Misses(); len(m) > 0 {
		t.Fatalf("requests without a recorded response:\n%s", strings.Join(m, "\n"))
	}
	if res.Status != model.ScanComplete {
		t.Errorf("status %s, coverage %v", res.Status, res.Coverage)
	}
	var got []string
	for _, c := range res.Coverage {
		got = append(got, c.Scope+"="+c.Status)
	}
	sort.Strings(got)
	if g, w := strings.Join(got, " "), strings.Join(ec2Scopes(account), " "); g != w {
		t.Errorf("coverage\n got %s\nwant %s", g, w)
	}
	checkDeclared(t, s, ec2Collectors())
	return res, byID(res)
}

func attr(r *model.Resource, path ...string) any {
	var v any = r.Attributes
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

func mustGet(t *testing.T, rs map[string]*model.Resource, id string) *model.Resource {
	t.Helper()
	r := rs[id]
	if r == nil {
		ids := make([]string, 0, len(rs))
		for k := range rs {
			ids = append(ids, k)
		}
		sort.Strings(ids)
		t.Fatalf("%s not collected; got %v", id, ids)
	}
	return r
}

// findings evaluates the rule library over the resources and returns
// rule id -> resource names, and the severities by rule id.
func findings(t *testing.T, res inventory.Result) (map[string][]string, map[string]string) {
	t.Helper()
	out := scantest.Evaluate(t, scantest.Library(t).Engine, res.Resources)
	got := map[string][]string{}
	sev := map[string]string{}
	for _, f := range out {
		got[f.Rule.ID] = append(got[f.Rule.ID], f.Resource.Name)
		sev[f.Rule.ID] = f.Rule.Severity.String()
	}
	return got, sev
}

// ec2RuleIDs are the family's rules.
var ec2RuleIDs = []string{
	"aws-ec2-ebs-default-encryption", "aws-ec2-smb-open", "aws-ec2-nacl-admin-ports", "aws-ec2-sg-admin-ports-ipv4",
	"aws-ec2-sg-admin-ports-ipv6", "aws-ec2-default-sg-rules", "aws-ec2-imdsv2", "aws-ec2-instance-profile",
	"aws-ec2-vpc-flow-logs", "aws-ec2-volume-encrypted", "aws-ec2-public-snapshot", "aws-ec2-public-image",
	"aws-ec2-peering-route-all", "aws-rds-storage-encrypted", "aws-rds-auto-minor-upgrade", "aws-rds-publicly-accessible",
	"aws-rds-multi-az", "aws-rds-public-snapshot", "aws-efs-encrypted", "aws-eks-public-endpoint",
	"aws-eks-control-plane-logging", "aws-eks-secrets-encryption", "aws-neptune-iam-authentication",
	"aws-ec2-subnet-public-ip",
}

func TestMisconfiguredEC2(t *testing.T) {
	res, rs := checkEC2Run(t, "misconfigured", "111111111111")

	web := mustGet(t, rs, "arn:aws:ec2:us-east-1:111111111111:instance/i-0web00000000000001")
	if web.Name != "web-1" || web.Region != "us-east-1" || web.Labels["team"] != "web" {
		t.Errorf("web-1 identity: %q %q %v", web.Name, web.Region, web.Labels)
	}
	if attr(web, "imdsv2_required") != false || attr(web, "metadata_options", "http_tokens") != "optional" || attr(web, "public_ip_address") != "54.210.10.10" {
		t.Errorf("web-1 attributes: %v", web.Attributes)
	}
	if _, ok := web.Attributes["iam_instance_profile"]; ok {
		t.Error("web-1 has no instance profile")
	}
	// Both pages of security groups.
	def := mustGet(t, rs, "arn:aws:ec2:us-east-1:111111111111:security-group/sg-0default00000001")
	if attr(def, "is_default") != true {
		t.Errorf("default group: %v", def.Attributes)
	}
	mustGet(t, rs, "arn:aws:ec2:us-east-1:111111111111:security-group/sg-0all000000000001")
	vpc := mustGet(t, rs, "arn:aws:ec2:us-east-1:111111111111:vpc/vpc-0main000000000001")
	logged := mustGet(t, rs, "arn:aws:ec2:us-east-1:111111111111:vpc/vpc-0logged00000001")
	if attr(vpc, "flow_logs_enabled") != false || attr(logged, "flow_logs_enabled") != true || attr(vpc, "is_default") != true {
		t.Errorf("flow logs: main %v, logged %v", vpc.Attributes, logged.Attributes)
	}
	acl := mustGet(t, rs, "arn:aws:ec2:us-east-1:111111111111:network-acl/acl-0ordered0000001")
	if e := attr(acl, "entries").([]any)[0].(map[string]any); e["rule_number"] != int64(90) || e["rule_action"] != "deny" || e["port_range"].(map[string]any)["to"] != int64(22) {
		t.Errorf("nacl entry: %v", e)
	}
	ep := mustGet(t, rs, "arn:aws:ec2:us-east-1:111111111111:vpc-endpoint/vpce-0s300000000001")
	if attr(ep, "policy", "analysis", "public") != true {
		t.Errorf("endpoint policy: %v", attr(ep, "policy"))
	}
	snap := mustGet(t, rs, "arn:aws:ec2:us-east-1::snapshot/snap-0public00000001")
	ami := mustGet(t, rs, "arn:aws:ec2:us-east-1::image/ami-0public0000000001")
	if attr(snap, "public") != true || attr(ami, "public") != true || ami.Name != "web-golden-2024-05" {
		t.Errorf("snapshot %v, image %v", snap.Attributes, ami.Attributes)
	}
	for _, region := range []string{"us-east-1", "eu-west-1"} {
		st := mustGet(t, rs, "arn:aws:ec2:"+region+":111111111111:vigil/regional-settings")
		if attr(st, "ebs_encryption_by_default") != false || attr(st, "snapshot_block_public_access_state") != "unblocked" || st.Region != region {
			t.Errorf("%s settings: %v", region, st.Attributes)
		}
	}
	// RDS: both pages of instances, per-snapshot attributes.
	db := mustGet(t, rs, "arn:aws:rds:us-east-1:111111111111:db:orders-db")
	if attr(db, "storage_encrypted") != false || attr(db, "publicly_accessible") != true || attr(db, "multi_az") != false || db.Labels["team"] != "orders" {
		t.Errorf("orders-db: %v", db.Attributes)
	}
	mustGet(t, rs, "arn:aws:rds:us-east-1:111111111111:db:analytics-1")
	pub := mustGet(t, rs, "arn:aws:rds:us-east-1:111111111111:snapshot:orders-export-2024")
	priv := mustGet(t, rs, "arn:aws:rds:us-east-1:111111111111:snapshot:orders-before-migration")
	csnap := mustGet(t, rs, "arn:aws:rds:us-east-1:111111111111:cluster-snapshot:analytics-share")
	if attr(pub, "public") != true || attr(priv, "public") != false || attr(csnap, "public") != true {
		t.Errorf("rds snapshots: %v / %v / %v", pub.Attributes, priv.Attributes, csnap.Attributes)
	}
	fs := mustGet(t, rs, "arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/fs-0shared000000001")
	if attr(fs, "encrypted") != false || fs.Name != "shared-home" {
		t.Errorf("efs: %v", fs.Attributes)
	}
	eks := mustGet(t, rs, "arn:aws:eks:us-east-1:111111111111:cluster/prod-eks")
	if fmt.Sprint(attr(eks, "enabled_log_types")) != "[api audit]" || attr(eks, "secrets_encrypted") != false ||
		attr(eks, "resources_vpc_config", "endpoint_public_access") != true {
		t.Errorf("eks: %v", eks.Attributes)
	}
	for _, r := range res.Resources {
		if _, ok := r.Attributes["unread"]; ok {
			t.Errorf("%s: nothing should be unread: %v", r.ID, r.Attributes["unread"])
		}
	}

	got, _ := findings(t, res)
	for _, id := range ec2RuleIDs {
		if len(got[id]) == 0 {
			t.Errorf("rule %s does not fire in the misconfigured scenario", id)
		}
	}
	// Rule order in NACLs: acl-0ordered denies SSH before its broad
	// allow, so only RDP is reported for it; acl-0open admits both
	// ports from 0.0.0.0/0 (it has no IPv6 entries).
	want := map[string][]string{
		"aws-ec2-sg-admin-ports-ipv4":    {"allow-all", "allow-all", "ssh-open"}, // 22 and 3389
		"aws-ec2-sg-admin-ports-ipv6":    {"rdp-ipv6"},
		"aws-ec2-smb-open":               {"allow-all", "smb-open"},
		"aws-ec2-imdsv2":                 {"web-1"},
		"aws-ec2-instance-profile":       {"web-1"},
		"aws-ec2-vpc-flow-logs":          {"main"},
		"aws-ec2-nacl-admin-ports":       {"acl-0open00000000001", "acl-0open00000000001", "ordered"},
		"aws-rds-storage-encrypted":      {"analytics", "orders-db"},
		"aws-rds-public-snapshot":        {"analytics-share", "orders-export-2024"},
		"aws-neptune-iam-authentication": {"graph"},
		"aws-ec2-subnet-public-ip":       {"web-a"},
	}
	for id, names := range want {
		g := append([]string(nil), got[id]...)
		sort.Strings(g)
		if strings.Join(g, ",") != strings.Join(names, ",") {
			t.Errorf("%s fired on %v, want %v", id, g, names)
		}
	}
}

func TestHardenedEC2(t *testing.T) {
	res, rs := checkEC2Run(t, "hardened", "222222222222")
	api := mustGet(t, rs, "arn:aws:ec2:eu-west-1:222222222222:instance/i-0api000000000001")
	if attr(api, "imdsv2_required") != true || attr(api, "iam_instance_profile", "arn") != "arn:aws:iam::222222222222:instance-profile/api" {
		t.Errorf("api-1: %v", api.Attributes)
	}
	st := mustGet(t, rs, "arn:aws:ec2:us-east-1:222222222222:vigil/regional-settings")
	if attr(st, "ebs_encryption_by_default") != true || attr(st, "instance_metadata_defaults", "http_tokens") != "required" ||
		attr(st, "image_block_public_access_state") != "block-new-sharing" {
		t.Errorf("settings: %v", st.Attributes)
	}
	ep := mustGet(t, rs, "arn:aws:ec2:eu-west-1:222222222222:vpc-endpoint/vpce-0s3secure000001")
	if attr(ep, "policy", "analysis", "public") != false {
		t.Errorf("endpoint policy should be narrowed by the org condition: %v", attr(ep, "policy", "analysis"))
	}
	sn := mustGet(t, rs, "arn:aws:rds:eu-west-1:222222222222:snapshot:ledger-audit-copy")
	if attr(sn, "public") != false || fmt.Sprint(attr(sn, "restore_accounts")) != "[333333333333]" {
		t.Errorf("rds snapshot: %v", sn.Attributes)
	}
	eks := mustGet(t, rs, "arn:aws:eks:eu-west-1:222222222222:cluster/platform")
	if attr(eks, "secrets_encrypted") != true || len(attr(eks, "enabled_log_types").([]any)) != 5 {
		t.Errorf("eks: %v", eks.Attributes)
	}
	for _, typ := range []string{"aws.ec2.snapshot"} {
		for _, r := range res.Resources {
			if r.Type == typ {
				t.Errorf("no %s expected, got %s", typ, r.ID)
			}
		}
	}
	got, sev := findings(t, res)
	for id, names := range got {
		if sev[id] != "low" && sev[id] != "info" {
			t.Errorf("rule %s (%s) fires in the hardened scenario on %v", id, sev[id], names)
		}
	}
}

// TestEC2DeniedSubcalls: a denied sub-call marks the attributes it feeds
// unread, the resource is still emitted, coverage says denied, and the
// rules that read those attributes stay silent instead of guessing.
func TestEC2DeniedSubcalls(t *testing.T) {
	sc, err := awstest.Load(os.DirFS(scenarios), "misconfigured")
	if err != nil {
		t.Fatal(err)
	}
	for _, api := range []string{"ec2:DescribeFlowLogs", "ec2:GetEbsEncryptionByDefault", "rds:DescribeDBSnapshotAttributes", "eks:DescribeCluster"} {
		sc.Faults.Deny = append(sc.Faults.Deny, awstest.Denial{API: api})
	}
	srv := awstest.Start(sc)
	t.Cleanup(srv.Close)
	srv.Env(t)
	_, res := scan(t, Config{Services: ec2Services})
	rs := byID(res)
	unread := func(id string) string {
		return fmt.Sprint(attr(mustGet(t, rs, id), "unread"))
	}
	for id, want := range map[string]string{
		"arn:aws:ec2:us-east-1:111111111111:vpc/vpc-0main000000000001":                     "[flow_logs flow_logs_enabled]",
		"arn:aws:ec2:eu-west-1:111111111111:vigil/regional-settings":                       "[ebs_encryption_by_default]",
		"arn:aws:rds:us-east-1:111111111111:snapshot:orders-export-2024":                   "[public restore_accounts]",
		"arn:aws:eks:us-east-1:111111111111:cluster/prod-eks":                              "[enabled_log_types encryption_config logging resources_vpc_config secrets_encrypted]",
		"arn:aws:rds:us-east-1:111111111111:cluster-snapshot:analytics-share":              "<nil>",
		"arn:aws:ec2:us-east-1:111111111111:security-group/sg-0default00000001":            "<nil>",
		"arn:aws:elasticfilesystem:us-east-1:111111111111:file-system/fs-0shared000000001": "<nil>",
	} {
		if got := unread(id); got != want {
			t.Errorf("%s: unread %s, want %s", id, got, want)
		}
	}
	cov := map[string]model.Coverage{}
	for _, c := range res.Coverage {
		cov[c.Scope] = c
	}
	if c := cov["aws.ec2.vpc@111111111111/us-east-1"]; c.Status != model.CoverageDenied || c.API != "ec2:DescribeFlowLogs" {
		t.Errorf("vpc coverage: %+v", c)
	}
	if c := cov["aws.ec2.instance@111111111111/us-east-1"]; c.Status != model.CoverageComplete {
		t.Errorf("instance coverage: %+v", c)
	}
	got, _ := findings(t, res)
	for _, id := range []string{"aws-ec2-vpc-flow-logs", "aws-ec2-ebs-default-encryption", "aws-eks-public-endpoint", "aws-eks-control-plane-logging", "aws-eks-secrets-encryption"} {
		if len(got[id]) > 0 {
			t.Errorf("%s fired on unread data: %v", id, got[id])
		}
	}
	if g := fmt.Sprint(got["aws-rds-public-snapshot"]); g != "[analytics-share]" {
		t.Errorf("public snapshot findings %s, want only the cluster snapshot whose attributes were read", g)
	}
}
