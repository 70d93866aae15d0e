package awsmodel

import (
	"slices"
	"strings"

	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/vigil-cspm/vigil/internal/secrets"
)

// Type names of Amazon ECS.
const (
	TypeECSCluster        = "aws.ecs.cluster"
	TypeECSService        = "aws.ecs.service"
	TypeECSTaskDefinition = "aws.ecs.task_definition"
)

func ecsTypes() []Type {
	return []Type{
		typeOf[ECSCluster](TypeECSCluster, "AWS::ECS::Cluster", false),
		typeOf[ECSService](TypeECSService, "AWS::ECS::Service", false),
		typeOf[ECSTaskDefinition](TypeECSTaskDefinition, "AWS::ECS::TaskDefinition", false),
	}
}

// ECSCluster is aws.ecs.cluster: DescribeClusters' entry for one
// cluster, with its settings and configuration.
type ECSCluster struct {
	ClusterArn                        *string
	ClusterName                       *string
	Status                            *string
	CapacityProviders                 []string
	DefaultCapacityProviderStrategy   []ecstypes.CapacityProviderStrategyItem
	Configuration                     *ecstypes.ClusterConfiguration
	ServiceConnectDefaults            *ecstypes.ClusterServiceConnectDefaults
	Settings                          []ecstypes.ClusterSetting
	ActiveServicesCount               int32
	RegisteredContainerInstancesCount int32
	// ContainerInsights is the cluster's containerInsights setting
	// (enabled, enhanced or disabled; empty when the cluster has none).
	ContainerInsights string
	// ContainerInsightsEnabled: the setting is enabled or enhanced.
	ContainerInsightsEnabled bool
}

// Derive computes the Container Insights fields.
func (c *ECSCluster) Derive() {
	c.ContainerInsights = ""
	for _, s := range c.Settings {
		if s.Name == ecstypes.ClusterSettingNameContainerInsights && s.Value != nil {
			c.ContainerInsights = strings.ToLower(*s.Value)
		}
	}
	c.ContainerInsightsEnabled = c.ContainerInsights == "enabled" || c.ContainerInsights == "enhanced"
}

// ECSService is aws.ecs.service: DescribeServices' entry for one
// service (its event log left out), with its task sets.
type ECSService struct {
	ServiceArn               *string
	ServiceName              *string
	ClusterArn               *string
	Status                   *string
	TaskDefinition           *string
	DesiredCount             int32
	LaunchType               ecstypes.LaunchType
	CapacityProviderStrategy []ecstypes.CapacityProviderStrategyItem
	PlatformVersion          *string
	PlatformFamily           *string
	SchedulingStrategy       ecstypes.SchedulingStrategy
	DeploymentController     *ecstypes.DeploymentController
	NetworkConfiguration     *ecstypes.NetworkConfiguration
	LoadBalancers            []ecstypes.LoadBalancer
	EnableExecuteCommand     bool
	PropagateTags            ecstypes.PropagateTags
	RoleArn                  *string
	TaskSets                 []ECSTaskSet
	// AssignsPublicIP: the service's tasks get a public IP address
	// (awsvpc network configuration with assignPublicIp ENABLED).
	AssignsPublicIP bool `attr:"assigns_public_ip"`
	// PublicIPTaskSets are the IDs of the task sets whose tasks get a
	// public IP address (services with an EXTERNAL or CODE_DEPLOY
	// deployment controller).
	PublicIPTaskSets []string `attr:"public_ip_task_sets"`
	// Fargate: the service runs on Fargate (launch type, or a Fargate
	// capacity provider).
	Fargate bool
	// OutdatedPlatform: a Fargate service pinned to a platform version
	// older than the latest (LATEST, or 1.4.0 on Linux, 1.0.0 on Windows).
	OutdatedPlatform bool
}

// ECSTaskSet is the part of a task set that bears on exposure.
type ECSTaskSet struct {
	Id                   *string
	TaskSetArn           *string
	Status               *string
	LaunchType           ecstypes.LaunchType
	PlatformVersion      *string
	TaskDefinition       *string
	NetworkConfiguration *ecstypes.NetworkConfiguration
}

// NewECSService keeps what the model holds of a described service.
func NewECSService(s ecstypes.Service) ECSService {
	out := ECSService{
		ServiceArn: s.ServiceArn, ServiceName: s.ServiceName, ClusterArn: s.ClusterArn, Status: s.Status,
		TaskDefinition: s.TaskDefinition, DesiredCount: s.DesiredCount, LaunchType: s.LaunchType,
		CapacityProviderStrategy: s.CapacityProviderStrategy, PlatformVersion: s.PlatformVersion, PlatformFamily: s.PlatformFamily,
		SchedulingStrategy: s.SchedulingStrategy, DeploymentController: s.DeploymentController,
		NetworkConfiguration: s.NetworkConfiguration, LoadBalancers: s.LoadBalancers,
		EnableExecuteCommand: s.EnableExecuteCommand, PropagateTags: s.PropagateTags, RoleArn: s.RoleArn,
	}
	for _, ts := range s.TaskSets {
		out.TaskSets = append(out.TaskSets, ECSTaskSet{Id: ts.Id, TaskSetArn: ts.TaskSetArn, Status: ts.Status,
			LaunchType: ts.LaunchType, PlatformVersion: ts.PlatformVersion, TaskDefinition: ts.TaskDefinition,
			NetworkConfiguration: ts.NetworkConfiguration})
	}
	return out
}

// Derive computes the public IP and platform fields.
func (s *ECSService) Derive() {
	s.AssignsPublicIP = assignsPublicIP(s.NetworkConfiguration)
	s.PublicIPTaskSets = nil
	for _, ts := range s.TaskSets {
		if assignsPublicIP(ts.NetworkConfiguration) {
			id := ""
			if ts.Id != nil {
				id = *ts.Id
			}
			s.PublicIPTaskSets = append(s.PublicIPTaskSets, id)
		}
	}
	s.Fargate = s.LaunchType == ecstypes.LaunchTypeFargate
	for _, p := range s.CapacityProviderStrategy {
		if p.CapacityProvider != nil && strings.HasPrefix(*p.CapacityProvider, "FARGATE") {
			s.Fargate = true
		}
	}
	s.OutdatedPlatform = false
	if s.Fargate && s.PlatformVersion != nil {
		latest := "1.4.0"
		if s.PlatformFamily != nil && strings.HasPrefix(strings.ToUpper(*s.PlatformFamily), "WINDOWS") {
			latest = "1.0.0"
		}
		v := strings.ToUpper(*s.PlatformVersion)
		s.OutdatedPlatform = v != "" && v != "LATEST" && v != latest
	}
}

func assignsPublicIP(n *ecstypes.NetworkConfiguration) bool {
	return n != nil && n.AwsvpcConfiguration != nil && n.AwsvpcConfiguration.AssignPublicIp == ecstypes.AssignPublicIpEnabled
}

// ECSTaskDefinition is aws.ecs.task_definition: the latest ACTIVE
// revision of a task definition family, as DescribeTaskDefinition
// returns it, with environment values that hold credentials redacted.
type ECSTaskDefinition struct {
	ecstypes.TaskDefinition
	// Credentials are the containers' environment variables that hold a
	// secret, keyed "<container>/<variable>"; the values in
	// container_definitions are redacted the same way.
	Credentials []Credential
	// Windows: the task runs on a Windows operating system family.
	Windows bool
	// HostNetwork: network mode host (containers share the host's
	// network stack).
	HostNetwork bool
	// HostPID: PID mode host (containers see the host's processes).
	HostPID bool `attr:"host_pid"`
	// The names of the containers that are privileged; whose root
	// filesystem is writable (readonlyRootFilesystem not true); that have
	// no log driver; that run as root (no user, root or UID 0 on Linux;
	// no user or ContainerAdministrator on Windows).
	PrivilegedContainers   []string
	WritableRootContainers []string
	UnloggedContainers     []string
	RootContainers         []string
	// HostNetworkRootContainers: in host network mode, the containers
	// that are not privileged and run as root (AWS Security Hub ECS.1).
	HostNetworkRootContainers []string
	// EFSVolumesWithoutTransitEncryption are the names of the EFS volumes
	// mounted without TLS.
	EFSVolumesWithoutTransitEncryption []string `attr:"efs_volumes_without_transit_encryption"`
}

// NewECSTaskDefinition builds a task definition, redacting the
// containers' environment. The definition passed in is not modified.
func NewECSTaskDefinition(td ecstypes.TaskDefinition, d *secrets.Detector) ECSTaskDefinition {
	out := ECSTaskDefinition{TaskDefinition: td}
	out.ContainerDefinitions = slices.Clone(td.ContainerDefinitions)
	for i, c := range out.ContainerDefinitions {
		if len(c.Environment) == 0 {
			continue
		}
		vars := map[string]string{}
		for _, kv := range c.Environment {
			if kv.Name != nil && kv.Value != nil {
				vars[*kv.Name] = *kv.Value
			}
		}
		red, creds := RedactVariables(d, vars)
		env := make([]ecstypes.KeyValuePair, len(c.Environment))
		for j, kv := range c.Environment {
			env[j] = kv
			if kv.Name != nil && kv.Value != nil {
				v := red[*kv.Name]
				env[j].Value = &v
			}
		}
		out.ContainerDefinitions[i].Environment = env
		name := containerName(c)
		for _, cr := range creds {
			cr.Key = name + "/" + cr.Key
			out.Credentials = append(out.Credentials, cr)
		}
	}
	return out
}

func containerName(c ecstypes.ContainerDefinition) string {
	if c.Name == nil {
		return ""
	}
	return *c.Name
}

// Derive computes the container and volume lists.
func (t *ECSTaskDefinition) Derive() {
	t.Windows = t.RuntimePlatform != nil && strings.HasPrefix(string(t.RuntimePlatform.OperatingSystemFamily), "WINDOWS")
	t.HostNetwork = t.NetworkMode == ecstypes.NetworkModeHost
	t.HostPID = t.PidMode == ecstypes.PidModeHost
	t.PrivilegedContainers, t.WritableRootContainers, t.UnloggedContainers, t.RootContainers, t.HostNetworkRootContainers = nil, nil, nil, nil, nil
	for _, c := range t.ContainerDefinitions {
		name := containerName(c)
		privileged := c.Privileged != nil && *c.Privileged
		root := runsAsRoot(c.User, t.Windows)
		if privileged {
			t.PrivilegedContainers = append(t.PrivilegedContainers, name)
		}
		if c.ReadonlyRootFilesystem == nil || !*c.ReadonlyRootFilesystem {
			t.WritableRootContainers = append(t.WritableRootContainers, name)
		}
		if c.LogConfiguration == nil || c.LogConfiguration.LogDriver == "" {
			t.UnloggedContainers = append(t.UnloggedContainers, name)
		}
		if root {
			t.RootContainers = append(t.RootContainers, name)
		}
		if t.HostNetwork && !privileged && root {
			t.HostNetworkRootContainers = append(t.HostNetworkRootContainers, name)
		}
	}
	t.EFSVolumesWithoutTransitEncryption = nil
	for _, v := range t.Volumes {
		if v.EfsVolumeConfiguration != nil && v.EfsVolumeConfiguration.TransitEncryption != ecstypes.EFSTransitEncryptionEnabled {
			name := ""
			if v.Name != nil {
				name = *v.Name
			}
			t.EFSVolumesWithoutTransitEncryption = append(t.EFSVolumesWithoutTransitEncryption, name)
		}
	}
}

// runsAsRoot tells whether a container user is the administrator: no
// user (the image's, root for most), root or UID 0 (any group) on
// Linux, ContainerAdministrator on Windows.
func runsAsRoot(user *string, windows bool) bool {
	if user == nil || strings.TrimSpace(*user) == "" {
		return true
	}
	u := strings.TrimSpace(*user)
	if windows {
		return strings.EqualFold(u, "ContainerAdministrator")
	}
	name, _, _ := strings.Cut(u, ":")
	return name == "root" || name == "0"
}
