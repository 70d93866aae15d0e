package awsinv

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/awstest"
	"github.com/vigil-cspm/vigil/internal/model"
)

func TestMisconfiguredECS(t *testing.T) {
	rs := scanServices(t, "misconfigured", "111111111111")
	const acct = "arn:aws:ecs:us-east-1:111111111111:"
	if c := mustGet(t, rs, acct+"cluster/web-cluster").Attributes; c["container_insights_enabled"] != false || c["container_insights"] != "disabled" {
		t.Errorf("web-cluster: %v", c)
	}
	if c := mustGet(t, rs, acct+"cluster/batch-cluster").Attributes; c["container_insights_enabled"] != true {
		t.Errorf("batch-cluster (second page): %v", c)
	}
	web := mustGet(t, rs, acct+"service/web-cluster/web")
	if a := web.Attributes; a["assigns_public_ip"] != true || a["outdated_platform"] != true || a["fargate"] != true || a["events"] != nil {
		t.Errorf("web service: %v", a)
	}
	if web.Name != "web-cluster/web" {
		t.Errorf("web service name %q", web.Name)
	}
	if a := mustGet(t, rs, acct+"service/web-cluster/canary").Attributes; fmt.Sprint(a["public_ip_task_sets"]) != "[ecs-svc/1111111111111111111]" || a["assigns_public_ip"] != false {
		t.Errorf("canary service: %v", a)
	}
	// The eleventh service comes from the second DescribeServices call.
	if a := mustGet(t, rs, acct+"service/web-cluster/worker-9").Attributes; a["assigns_public_ip"] != false || a["fargate"] != false {
		t.Errorf("worker-9: %v", a)
	}

	if _, ok := rs[acct+"task-definition/web:2"]; ok {
		t.Errorf("an older active revision was collected")
	}
	td := mustGet(t, rs, acct+"task-definition/web:3").Attributes
	for k, want := range map[string]string{
		"writable_root_containers": "[web]", "unlogged_containers": "[web]", "root_containers": "[web]",
		"privileged_containers": "<nil>", "efs_volumes_without_transit_encryption": "[uploads]", "host_network": "false",
	} {
		if got := fmt.Sprint(td[k]); got != want {
			t.Errorf("web:3 %s = %s, want %s", k, got, want)
		}
	}
	creds, _ := td["credentials"].([]any)
	if len(creds) != 2 || dig(creds[0], "key") != "web/AWS_ACCESS_KEY_ID" || dig(creds[1], "key") != "web/AWS_SECRET_ACCESS_KEY" {
		t.Errorf("web:3 credentials: %v", creds)
	}
	env, _ := dig(td, "container_definitions").([]any)
	if len(env) != 1 || !strings.Contains(fmt.Sprint(dig(env[0], "environment")), "debug") {
		t.Errorf("web:3 keeps its other variables: %v", env)
	}
	lh := mustGet(t, rs, acct+"task-definition/legacy-host:1").Attributes
	if lh["host_network"] != true || lh["host_pid"] != true || fmt.Sprint(lh["privileged_containers"]) != "[agent]" ||
		fmt.Sprint(lh["host_network_root_containers"]) != "[sidecar]" || fmt.Sprint(lh["root_containers"]) != "[agent sidecar]" {
		t.Errorf("legacy-host:1: %v", lh)
	}
	if w := mustGet(t, rs, acct+"task-definition/worker:7").Attributes; w["root_containers"] != nil || w["unlogged_containers"] != nil ||
		w["writable_root_containers"] != nil || w["credentials"] != nil {
		t.Errorf("worker:7: %v", w)
	}
}

func TestHardenedECS(t *testing.T) {
	rs := scanServices(t, "hardened", "222222222222")
	const acct = "arn:aws:ecs:us-east-1:222222222222:"
	if c := mustGet(t, rs, acct+"cluster/apps").Attributes; c["container_insights_enabled"] != true {
		t.Errorf("apps cluster: %v", c)
	}
	if s := mustGet(t, rs, acct+"service/apps/orders").Attributes; s["assigns_public_ip"] != false || s["outdated_platform"] != false {
		t.Errorf("orders service: %v", s)
	}
	td := mustGet(t, rs, acct+"task-definition/orders:12").Attributes
	for _, k := range []string{"privileged_containers", "writable_root_containers", "unlogged_containers", "root_containers",
		"host_network_root_containers", "efs_volumes_without_transit_encryption", "credentials"} {
		if td[k] != nil {
			t.Errorf("orders:12 %s = %v", k, td[k])
		}
	}
}

// A denied DescribeTaskDefinition leaves the definition's contents
// unread (never "no privileged container") and the scope denied.
func TestECSDeniedTaskDefinition(t *testing.T) {
	srv := replay(t, "misconfigured")
	srv.Handle("ecs:DescribeTaskDefinition", func(*awstest.Request) *awstest.Reply {
		return &awstest.Reply{Status: 400, Error: "AccessDeniedException", Message: "not authorized"}
	})
	_, res := scan(t, Config{Services: []string{"ecs"}})
	rs := byID(res)
	td := mustGet(t, rs, "arn:aws:ecs:us-east-1:111111111111:task-definition/legacy-host:1").Attributes
	if u := fmt.Sprint(td["unread"]); !strings.Contains(u, "privileged_containers") || !strings.Contains(u, "host_pid") {
		t.Errorf("legacy-host:1 unread %v", u)
	}
	denied := false
	for _, c := range res.Coverage {
		if c.Scope == "aws.ecs.task_definition@111111111111/us-east-1" && c.Status == model.CoverageDenied && c.API == "ecs:DescribeTaskDefinition" {
			denied = true
		}
	}
	if !denied {
		t.Errorf("coverage: %v", res.Coverage)
	}
}

func TestTaskDefinitionRevision(t *testing.T) {
	for arn, want := range map[string]string{
		"arn:aws:ecs:us-east-1:111111111111:task-definition/web:3":    "web 3 true",
		"arn:aws:ecs:us-east-1:111111111111:task-definition/web":      " 0 false",
		"arn:aws:ecs:us-east-1:111111111111:task-definition/web:x":    " 0 false",
		"arn:aws:ecs:us-east-1:111111111111:cluster/web":              " 0 false",
		"arn:aws:ecs:us-east-1:111111111111:task-definition/:1":       " 0 false",
		"arn:aws:ecs:us-east-1:111111111111:task-definition/a:b:c:12": "a:b:c 12 true",
	} {
		f, r, ok := taskDefinitionRevision(arn)
		if got := fmt.Sprint(f, " ", r, " ", ok); got != want {
			t.Errorf("%s: %q, want %q", arn, got, want)
		}
	}
}
