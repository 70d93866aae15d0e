package awsmodel

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/vigil-cspm/vigil/internal/secrets"
)

func TestECSTaskDefinitionDerive(t *testing.T) {
	logs := &ecstypes.LogConfiguration{LogDriver: ecstypes.LogDriverAwslogs}
	for _, c := range []struct {
		name string
		td   ecstypes.TaskDefinition
		// privileged, writable root, unlogged, root, host network root, EFS without TLS
		want string
	}{
		{"nothing set", ecstypes.TaskDefinition{ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: aws.String("app")}}},
			"[] [app] [app] [app] [] []"},
		{"hardened", ecstypes.TaskDefinition{ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: aws.String("app"),
			ReadonlyRootFilesystem: aws.Bool(true), LogConfiguration: logs, User: aws.String("1000:1000")}},
			Volumes: []ecstypes.Volume{{Name: aws.String("data"), EfsVolumeConfiguration: &ecstypes.EFSVolumeConfiguration{
				FileSystemId: aws.String("fs-1"), TransitEncryption: ecstypes.EFSTransitEncryptionEnabled}}}},
			"[] [] [] [] [] []"},
		{"host network: root unless privileged", ecstypes.TaskDefinition{NetworkMode: ecstypes.NetworkModeHost,
			ContainerDefinitions: []ecstypes.ContainerDefinition{
				{Name: aws.String("a"), User: aws.String("root"), LogConfiguration: logs},
				{Name: aws.String("b"), User: aws.String("0:0"), Privileged: aws.Bool(true), LogConfiguration: logs},
				{Name: aws.String("c"), User: aws.String("app"), LogConfiguration: logs}},
			Volumes: []ecstypes.Volume{{Name: aws.String("plain"), EfsVolumeConfiguration: &ecstypes.EFSVolumeConfiguration{FileSystemId: aws.String("fs-1")}}}},
			"[b] [a b c] [] [a b] [a] [plain]"},
		{"windows administrator", ecstypes.TaskDefinition{RuntimePlatform: &ecstypes.RuntimePlatform{OperatingSystemFamily: ecstypes.OSFamilyWindowsServer2022Core},
			ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: aws.String("w"), User: aws.String("ContainerAdministrator")},
				{Name: aws.String("u"), User: aws.String("ContainerUser")}}},
			"[] [w u] [w u] [w] [] []"},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := ECSTaskDefinition{TaskDefinition: c.td}
			d.Derive()
			got := fmt.Sprint(d.PrivilegedContainers, d.WritableRootContainers, d.UnloggedContainers, d.RootContainers,
				d.HostNetworkRootContainers, d.EFSVolumesWithoutTransitEncryption)
			if got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

func TestNewECSTaskDefinitionRedacts(t *testing.T) {
	td := ecstypes.TaskDefinition{ContainerDefinitions: []ecstypes.ContainerDefinition{{Name: aws.String("web"), Environment: []ecstypes.KeyValuePair{
		{Name: aws.String("AWS_SECRET_ACCESS_KEY"), Value: aws.String("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")},
		{Name: aws.String("LOG_LEVEL"), Value: aws.String("info")}}}}}
	d := NewECSTaskDefinition(td, secrets.New())
	if len(d.Credentials) != 1 || d.Credentials[0].Key != "web/AWS_SECRET_ACCESS_KEY" {
		t.Fatalf("credentials %+v", d.Credentials)
	}
	env := d.ContainerDefinitions[0].Environment
	if strings.Contains(*env[0].Value, "EXAMPLEKEY") || *env[1].Value != "info" {
		t.Errorf("environment %s=%s %s=%s", *env[0].Name, *env[0].Value, *env[1].Name, *env[1].Value)
	}
	if *td.ContainerDefinitions[0].Environment[0].Value != "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" {
		t.Errorf("the definition passed in was modified")
	}
}

func TestECSServiceDerive(t *testing.T) {
	public := &ecstypes.NetworkConfiguration{AwsvpcConfiguration: &ecstypes.AwsVpcConfiguration{AssignPublicIp: ecstypes.AssignPublicIpEnabled}}
	for _, c := range []struct {
		name string
		s    ECSService
		want string // assigns public IP, public task sets, fargate, outdated platform
	}{
		{"nothing set", ECSService{}, "false [] false false"},
		{"public fargate 1.3.0", ECSService{LaunchType: ecstypes.LaunchTypeFargate, PlatformVersion: aws.String("1.3.0"), NetworkConfiguration: public},
			"true [] true true"},
		{"latest on a capacity provider", ECSService{PlatformVersion: aws.String("LATEST"),
			CapacityProviderStrategy: []ecstypes.CapacityProviderStrategyItem{{CapacityProvider: aws.String("FARGATE_SPOT")}}}, "false [] true false"},
		{"windows 1.0.0", ECSService{LaunchType: ecstypes.LaunchTypeFargate, PlatformVersion: aws.String("1.0.0"), PlatformFamily: aws.String("WINDOWS_SERVER_2022_CORE")},
			"false [] true false"},
		{"EC2 ignores the platform", ECSService{LaunchType: ecstypes.LaunchTypeEc2, PlatformVersion: aws.String("1.3.0")}, "false [] false false"},
		{"public task set", ECSService{TaskSets: []ECSTaskSet{{Id: aws.String("ecs-svc/1"), NetworkConfiguration: public}, {Id: aws.String("ecs-svc/2")}}},
			"false [ecs-svc/1] false false"},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.s.Derive()
			if got := fmt.Sprint(c.s.AssignsPublicIP, c.s.PublicIPTaskSets, c.s.Fargate, c.s.OutdatedPlatform); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

func TestECSClusterDerive(t *testing.T) {
	for v, want := range map[string]bool{"enabled": true, "enhanced": true, "disabled": false, "": false} {
		c := ECSCluster{}
		if v != "" {
			c.Settings = []ecstypes.ClusterSetting{{Name: ecstypes.ClusterSettingNameContainerInsights, Value: aws.String(v)}}
		}
		c.Derive()
		if c.ContainerInsightsEnabled != want || c.ContainerInsights != v {
			t.Errorf("%q: enabled %v, setting %q", v, c.ContainerInsightsEnabled, c.ContainerInsights)
		}
	}
}
