package awsadapt

import (
	"encoding/json"

	"github.com/aws/aws-sdk-go-v2/aws"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// ecsTaskDefinition reads a task definition: Terraform's
// container_definitions JSON document or CloudFormation's
// ContainerDefinitions, the network and PID modes, the runtime platform
// and the EFS volumes. Omitted: the API's defaults (bridge network mode
// on EC2, no PID mode, Linux, EFS without transit encryption).
// Environment values that hold credentials are redacted as the collector
// does. A value known only at apply leaves the lists it decides unread.
func ecsTaskDefinition(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "family", "Family"))
	td := ecstypes.TaskDefinition{Family: aws.String(name), Status: ecstypes.TaskDefinitionStatusActive}
	if arn := knownStr(in, "arn"); arn != "" {
		td.TaskDefinitionArn = &arn
	}
	td.NetworkMode = ecstypes.NetworkModeBridge
	if v, ok := b.str(spell(in, "network_mode", "NetworkMode"), "host_network"); ok {
		td.NetworkMode = ecstypes.NetworkMode(v)
	}
	if v, ok := b.str(spell(in, "pid_mode", "PidMode"), "host_pid"); ok {
		td.PidMode = ecstypes.PidMode(v)
	}
	if v, ok := b.str(spell(in, "runtime_platform.0.operating_system_family", "RuntimePlatform.OperatingSystemFamily"), "root_containers"); ok {
		td.RuntimePlatform = &ecstypes.RuntimePlatform{OperatingSystemFamily: ecstypes.OSFamily(v)}
	}
	for _, c := range b.strList(spell(in, "requires_compatibilities", "RequiresCompatibilities"), "", false) {
		td.RequiresCompatibilities = append(td.RequiresCompatibilities, ecstypes.Compatibility(c))
	}
	td.ContainerDefinitions = containerDefinitions(b)
	td.Volumes = ecsVolumes(b)
	d := awsmodel.NewECSTaskDefinition(td, ix.secrets())
	if len(d.Credentials) > 0 {
		b.locate("credentials", spell(in, "container_definitions", "ContainerDefinitions"))
	}
	return name, d
}

// containerFields maps a container definition field known only at apply
// to the derived lists it decides.
var containerFields = map[string][]string{
	"privileged":               {"privileged_containers", "host_network_root_containers"},
	"user":                     {"root_containers", "host_network_root_containers"},
	"readonly_root_filesystem": {"writable_root_containers"},
	"log_configuration":        {"unlogged_containers"},
	"log_driver":               {"unlogged_containers"},
}

// containerLists are every list derived from the container definitions.
var containerLists = []string{"container_definitions", "credentials", "privileged_containers", "writable_root_containers",
	"unlogged_containers", "root_containers", "host_network_root_containers"}

func containerDefinitions(b *builder) []ecstypes.ContainerDefinition {
	in := b.in
	path := spell(in, "container_definitions", "ContainerDefinitions")
	raw, set := in.Get(path)
	if !set || raw == nil {
		return nil
	}
	b.locate("container_definitions", path)
	var doc any = raw
	if s, ok := raw.(string); ok { // Terraform: a JSON document
		if err := json.Unmarshal([]byte(s), &doc); err != nil {
			for _, a := range containerLists {
				b.unknown(a)
			}
			return nil
		}
	}
	switch raw.(type) {
	case cloudres.Unknown, cloudres.Ref:
		for _, a := range containerLists {
			b.unknown(a)
		}
		return nil
	}
	var defs []ecstypes.ContainerDefinition
	if !decodeSDK(doc, &defs, func(field string) {
		for _, a := range containerFields[field] {
			b.unknown(a)
		}
	}) {
		for _, a := range containerLists {
			b.unknown(a)
		}
		return nil
	}
	for _, a := range []string{"privileged_containers", "writable_root_containers", "unlogged_containers", "root_containers"} {
		b.locateFirst(a, path)
	}
	return defs
}

// ecsVolumes reads the volumes, with their EFS configuration.
func ecsVolumes(b *builder) []ecstypes.Volume {
	in := b.in
	const attr = "efs_volumes_without_transit_encryption"
	list := spell(in, "volume", "Volumes")
	var out []ecstypes.Volume
	for i := range b.list(list, attr) {
		p := list + "." + itoa(i) + "."
		v := ecstypes.Volume{}
		b.setStr(&v.Name, p+spell(in, "name", "Name"), "")
		efs := p + spell(in, "efs_volume_configuration.0.", "EFSVolumeConfiguration.")
		if _, ok := in.Get(efs[:len(efs)-1]); ok {
			cfg := &ecstypes.EFSVolumeConfiguration{TransitEncryption: ecstypes.EFSTransitEncryptionDisabled}
			if s, ok := b.strOrRef(efs+spell(in, "file_system_id", "FilesystemId"), ""); ok {
				cfg.FileSystemId = &s
			}
			if s, ok := b.str(efs+spell(in, "transit_encryption", "TransitEncryption"), attr); ok {
				cfg.TransitEncryption = ecstypes.EFSTransitEncryption(s)
			}
			v.EfsVolumeConfiguration = cfg
		}
		out = append(out, v)
	}
	return out
}
