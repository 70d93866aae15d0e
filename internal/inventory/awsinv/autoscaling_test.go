package awsinv

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
)

// scanTypes replays a scenario for the named services and checks what
// every run must satisfy: no unanswered request, complete coverage of
// each listed type in both regions (once for a global type), and only declared IAM actions
// called. It returns the resources of the listed types by ID.
func scanTypes(t *testing.T, scenario, account string, services []string, types ...string) map[string]*model.Resource {
	t.Helper()
	srv := replay(t, scenario)
	sc, res := scan(t, Config{Services: services})
	if m := srv.Misses(); len(m) > 0 {
		t.Fatalf("requests without a recorded response:\n%s", strings.Join(m, "\n"))
	}
	var want []string
	for _, typ := range types {
		if t, _ := awsmodel.Lookup(typ); t.Global {
			want = append(want, typ+"@"+account+"=complete")
			continue
		}
		for _, r := range []string{"eu-west-1", "us-east-1"} {
			want = append(want, typ+"@"+account+"/"+r+"=complete")
		}
	}
	sort.Strings(want)
	var got []string
	wanted := strings.Join(want, " ")
	for _, c := range res.Coverage {
		scope := c.Scope + "=" + c.Status
		if strings.Contains(wanted, c.Scope+"=") {
			got = append(got, scope)
		}
	}
	sort.Strings(got)
	if g := strings.Join(got, " "); g != wanted {
		t.Errorf("coverage\n got %s\nwant %s", g, wanted)
	}
	checkDeclared(t, sc, Collectors())
	out := map[string]*model.Resource{}
	for id, r := range byID(res) {
		for _, typ := range types {
			if r.Type == typ {
				out[id] = r
			}
		}
	}
	return out
}

// firedOn evaluates the rule library over rs and returns rule ID ->
// resource IDs, with the rule severities.
func firedOn(t *testing.T, rs map[string]*model.Resource) (map[string][]string, map[string]string) {
	t.Helper()
	var list []*model.Resource
	for _, r := range rs {
		list = append(list, r)
	}
	got := map[string][]string{}
	sev := map[string]string{}
	for _, f := range scantest.Evaluate(t, scantest.Library(t).Engine, list) {
		got[f.Rule.ID] = append(got[f.Rule.ID], f.Resource.ID)
		sev[f.Rule.ID] = f.Rule.Severity.String()
	}
	for _, ids := range got {
		sort.Strings(ids)
	}
	return got, sev
}

// checkFired: each rule of want fires on exactly the resources listed.
func checkFired(t *testing.T, got map[string][]string, want map[string][]string) {
	t.Helper()
	for id, ids := range want {
		sort.Strings(ids)
		if strings.Join(got[id], " ") != strings.Join(ids, " ") {
			t.Errorf("%s fired on %v, want %v", id, got[id], ids)
		}
	}
}

// checkQuiet: no rule above low severity fires in a hardened scenario.
func checkQuiet(t *testing.T, got map[string][]string, sev map[string]string) {
	t.Helper()
	for id, ids := range got {
		if sev[id] != "low" && sev[id] != "info" {
			t.Errorf("rule %s (%s) fires in the hardened scenario on %v", id, sev[id], ids)
		}
	}
}

var autoscalingTypes = []string{"aws.autoscaling.group", "aws.autoscaling.launch_configuration", "aws.ec2.launch_template"}

const (
	webASG   = "arn:aws:autoscaling:us-east-1:111111111111:autoScalingGroup:6d6d7a8e-1111-4a2b-9c3d-0e1f2a3b4c5d:autoScalingGroupName/web-asg"
	batchASG = "arn:aws:autoscaling:us-east-1:111111111111:autoScalingGroup:7e7e8b9f-2222-4b3c-8d4e-1f2a3b4c5d6e:autoScalingGroupName/batch-asg"
	webLC    = "arn:aws:autoscaling:us-east-1:111111111111:launchConfiguration:8f8f9c0a-3333-4c4d-9e5f-2a3b4c5d6e7f:launchConfigurationName/web-lc"
	legacyLC = "arn:aws:autoscaling:us-east-1:111111111111:launchConfiguration:9a9a0d1b-4444-4d5e-8f6a-3b4c5d6e7f80:launchConfigurationName/legacy-lc"
	webLT    = "arn:aws:ec2:us-east-1:111111111111:launch-template/lt-0web0000000000001"
	batchLT  = "arn:aws:ec2:us-east-1:111111111111:launch-template/lt-0batch000000000001"
	hardASG  = "arn:aws:autoscaling:eu-west-1:222222222222:autoScalingGroup:0b0b1e2c-5555-4e6f-9a7b-4c5d6e7f8091:autoScalingGroupName/api-asg"
	hardLC   = "arn:aws:autoscaling:eu-west-1:222222222222:launchConfiguration:1c1c2f3d-6666-4f70-8b8c-5d6e7f8091a2:launchConfigurationName/api-lc"
	hardLT   = "arn:aws:ec2:eu-west-1:222222222222:launch-template/lt-0api00000000000001"
	userData = "IyEvYmluL3NoCmV4cG9ydCBEQl9QQVNTV09SRD1odW50ZXIy"
)

// autoscalingRules are the rules of launch templates and Auto Scaling,
// each with the resources it must fire on in the misconfigured scenario.
func autoscalingRules() map[string][]string {
	return map[string][]string{
		"aws-ec2-launch-template-public-ip":       {webLT},
		"aws-ec2-launch-template-ebs-encryption":  {webLT},
		"aws-ec2-launch-template-imdsv2":          {batchLT, webLT},
		"aws-autoscaling-elb-health-check":        {webASG},
		"aws-autoscaling-multi-az":                {webASG},
		"aws-autoscaling-launch-template":         {webASG},
		"aws-autoscaling-multiple-instance-types": {batchASG, webASG},
		"aws-autoscaling-launch-config-imdsv2":    {legacyLC, webLC},
		"aws-autoscaling-launch-config-public-ip": {webLC},
	}
}

func TestMisconfiguredAutoScaling(t *testing.T) {
	rs := scanTypes(t, "misconfigured", "111111111111", []string{"autoscaling", "ec2"}, autoscalingTypes...)
	count := map[string]int{}
	for _, r := range rs {
		count[r.Type]++
	}
	for _, typ := range autoscalingTypes {
		if count[typ] != 2 {
			t.Errorf("%s: %d resources, want 2 (both pages)", typ, count[typ])
		}
	}
	web := mustGet(t, rs, webASG)
	if web.Name != "web-asg" || web.Labels["team"] != "web" || attr(web, "instances") != nil ||
		attr(web, "load_balanced") != true || attr(web, "elb_health_check") != false || attr(web, "zone_count") != int64(1) ||
		attr(web, "uses_launch_template") != false || attr(web, "launch_configuration_name") != "web-lc" {
		t.Errorf("web-asg: %v %v", web.Labels, web.Attributes)
	}
	batch := mustGet(t, rs, batchASG)
	if attr(batch, "load_balanced") != false || attr(batch, "zone_count") != int64(2) || attr(batch, "uses_launch_template") != true ||
		attr(batch, "instance_type_count") != int64(1) || attr(batch, "launch_template", "launch_template_id") != "lt-0batch000000000001" {
		t.Errorf("batch-asg: %v", batch.Attributes)
	}
	lc := mustGet(t, rs, webLC)
	if attr(lc, "imdsv2_required") != false || attr(lc, "assigns_public_ip") != true || attr(lc, "metadata_options", "http_tokens") != "optional" {
		t.Errorf("web-lc: %v", lc.Attributes)
	}
	lt := mustGet(t, rs, webLT)
	if lt.Name != "web-lt" || attr(lt, "imdsv2_required") != false || attr(lt, "assigns_public_ip") != true ||
		attr(lt, "launch_template_data", "metadata_options", "http_tokens") != "optional" || attr(lt, "version_number") != int64(3) {
		t.Errorf("web-lt: %v", lt.Attributes)
	}
	for id, r := range rs {
		if _, ok := r.Attributes["unread"]; ok {
			t.Errorf("%s: nothing should be unread: %v", id, r.Attributes["unread"])
		}
		if strings.Contains(mustJSON(t, r.Attributes), userData) {
			t.Errorf("%s keeps its user data", id)
		}
	}
	got, _ := firedOn(t, rs)
	checkFired(t, got, autoscalingRules())
}

func TestHardenedAutoScaling(t *testing.T) {
	rs := scanTypes(t, "hardened", "222222222222", []string{"autoscaling", "ec2"}, autoscalingTypes...)
	g := mustGet(t, rs, hardASG)
	if attr(g, "elb_health_check") != true || attr(g, "zone_count") != int64(3) || attr(g, "uses_launch_template") != true ||
		attr(g, "instance_type_count") != int64(2) {
		t.Errorf("api-asg: %v", g.Attributes)
	}
	if lc := mustGet(t, rs, hardLC); attr(lc, "imdsv2_required") != true || attr(lc, "assigns_public_ip") != false {
		t.Errorf("api-lc: %v", lc.Attributes)
	}
	if lt := mustGet(t, rs, hardLT); attr(lt, "imdsv2_required") != true || attr(lt, "assigns_public_ip") != false {
		t.Errorf("api-lt: %v", lt.Attributes)
	}
	got, sev := firedOn(t, rs)
	checkQuiet(t, got, sev)
	for id := range autoscalingRules() {
		if len(got[id]) > 0 {
			t.Errorf("%s fires in the hardened scenario on %v", id, got[id])
		}
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
