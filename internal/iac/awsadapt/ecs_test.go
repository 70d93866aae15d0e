package awsadapt

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestECSTaskDefinitions(t *testing.T) {
	insts := []cloudres.Instance{
		// Terraform's JSON document, with a user known only at apply and
		// an image from another resource.
		tf("aws_ecs_task_definition", "aws_ecs_task_definition.later", 1, props{"family": "later", "network_mode": "host",
			"container_definitions": `[{"name":"app","image":"` + cloudres.UnknownInDocument + `","user":"` + cloudres.UnknownInDocument +
				`","privileged":false,"readonlyRootFilesystem":true,"cpu":256,"logConfiguration":{"logDriver":"awslogs"}}]`}),
		// A document that is not a list of containers.
		tf("aws_ecs_task_definition", "aws_ecs_task_definition.broken", 10, props{"family": "broken", "container_definitions": `{"name": 1}`}),
		// CloudFormation writes booleans and numbers as strings.
		cfnRes("AWS::ECS::TaskDefinition", "Cfn", 1, props{"Family": "cfn", "PidMode": "host",
			"ContainerDefinitions": items(props{"Name": "web", "Privileged": "true", "Cpu": "256", "Memory": "512",
				"ReadonlyRootFilesystem": "false", "User": "1000",
				"PortMappings": items(props{"ContainerPort": "8080"}),
				"Environment":  items(props{"Name": "API_TOKEN", "Value": "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"}, props{"Name": "REGION", "Value": refAt("AWS::Region", "")})}),
			"Volumes": items(props{"Name": "data", "EFSVolumeConfiguration": props{"FilesystemId": refAt("Fs", "")}})}),
	}
	res, got := evaluate(t, insts)
	later := find(t, res, "later").Attributes
	if u := fmt.Sprint(later["unread"]); u != "[host_network_root_containers root_containers]" {
		t.Errorf("later: unread %s", u)
	}
	assertFires(t, got, "aws-ecs-host-network", []string{"later"}, []string{"cfn"})
	assertFires(t, got, "aws-ecs-non-root-user", nil, []string{"later", "cfn"})
	assertFires(t, got, "aws-ecs-host-network-root-user", nil, []string{"later"})
	broken := find(t, res, "broken").Attributes
	if u := fmt.Sprint(broken["unread"]); !strings.Contains(u, "privileged_containers") || !strings.Contains(u, "credentials") {
		t.Errorf("broken: unread %s", u)
	}
	assertFires(t, got, "aws-ecs-container-logging", []string{"cfn"}, []string{"later", "broken"})

	c := find(t, res, "cfn").Attributes
	for k, want := range map[string]string{
		"privileged_containers": "[web]", "writable_root_containers": "[web]", "host_pid": "true", "network_mode": "bridge",
		"efs_volumes_without_transit_encryption": "[data]",
	} {
		if got := fmt.Sprint(c[k]); got != want {
			t.Errorf("cfn %s = %s, want %s", k, got, want)
		}
	}
	if creds := fmt.Sprint(c["credentials"]); !strings.Contains(creds, "web/API_TOKEN") || strings.Contains(creds, "REGION") {
		t.Errorf("cfn credentials %s", creds)
	}
	if s := fmt.Sprint(c["container_definitions"]); strings.Contains(s, "ghp_0123456789") || !strings.Contains(s, "container_port:8080") {
		t.Errorf("cfn containers %s", s)
	}
}

func TestECSServices(t *testing.T) {
	insts := []cloudres.Instance{
		tf("aws_ecs_service", "aws_ecs_service.api", 1, props{"name": "api", "launch_type": "FARGATE",
			"network_configuration": items(props{"subnets": []any{"subnet-1"}, "assign_public_ip": cloudres.Unknown{}})}),
		tf("aws_ecs_service", "aws_ecs_service.spot", 10, props{"name": "spot", "platform_version": "1.3.0",
			"capacity_provider_strategy": items(props{"capacity_provider": "FARGATE_SPOT"})}),
		tf("aws_ecs_service", "aws_ecs_service.ec2", 20, props{"name": "ec2", "launch_type": "EC2", "platform_version": "1.3.0"}),
		// A task set of another service does not count.
		tf("aws_ecs_task_set", "aws_ecs_task_set.other", 30, props{"service": "elsewhere",
			"network_configuration": items(props{"assign_public_ip": true})}),
	}
	res, got := evaluate(t, insts)
	if u := fmt.Sprint(find(t, res, "api").Attributes["unread"]); u != "[assigns_public_ip]" {
		t.Errorf("api: unread %s", u)
	}
	assertFires(t, got, "aws-ecs-service-public-ip", nil, []string{"api", "spot", "ec2"})
	assertFires(t, got, "aws-ecs-fargate-platform-version", []string{"spot"}, []string{"api", "ec2"})
}

// FuzzECSTaskDefinition adapts arbitrary container_definitions documents
// (Terraform's JSON text) and arbitrary CloudFormation properties: it
// must never panic, and a document that does not fit leaves the
// container lists unread rather than empty.
func FuzzECSTaskDefinition(f *testing.F) {
	for _, s := range []string{
		`[{"name":"a","privileged":true,"user":"root","environment":[{"name":"K","value":"v"}]}]`,
		`[{"Name":"a","Privileged":"true","Cpu":"x","PortMappings":[{"ContainerPort":"80"}]}]`,
		`[{"name":"a","user":"` + cloudres.UnknownInDocument + `","cpu":1e99}]`,
		`{"name":"a"}`, `[1, "x", null, {"logConfiguration": "awslogs"}]`, `not json`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		var cfnDoc any
		_ = json.Unmarshal([]byte(doc), &cfnDoc)
		res := Adapt([]cloudres.Instance{
			tf("aws_ecs_task_definition", "aws_ecs_task_definition.f", 1, props{"family": "f", "container_definitions": doc}),
			cfnRes("AWS::ECS::TaskDefinition", "F", 1, props{"Family": "g", "ContainerDefinitions": fuzzValue(cfnDoc)}),
		})
		for _, r := range res.Resources {
			if _, err := json.Marshal(r); err != nil {
				t.Fatalf("%s does not serialise: %v", r.ID, err)
			}
			_, unread := r.Attributes["unread"]
			_, defs := r.Attributes["container_definitions"]
			if !unread && !defs && r.Name == "f" && strings.TrimSpace(doc) != "" {
				var probe []map[string]any
				if json.Unmarshal([]byte(doc), &probe) != nil {
					t.Fatalf("%q: neither read nor unread", doc)
				}
			}
		}
	})
}
