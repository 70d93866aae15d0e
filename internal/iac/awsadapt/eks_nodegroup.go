package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// eksNodegroup reads an EKS managed node group: its remote access (no
// SSH unless the block is there; a key without source security groups
// is SSH from anywhere, as the EKS API documents) and its launch
// template. A template the configuration declares is named by its
// resource ID, so a template of another file never matches; a version
// taken from that same
// template (latest_version, default_version, LatestVersionNumber) is its
// one declared version, so it is left out, as "the default".
func eksNodegroup(ix *Index, b *builder) (string, any) {
	in := b.in
	ng := ekstypes.Nodegroup{}
	name := labelOr(in, spell(in, "node_group_name", "NodegroupName"))
	ng.NodegroupName = aws.String(name)
	b.setStr(&ng.ClusterName, spell(in, "cluster_name", "ClusterName"), "")
	b.setStr(&ng.NodeRole, spell(in, "node_role_arn", "NodeRole"), "")
	ra := spell(in, "remote_access.0", "RemoteAccess")
	if _, set := in.Get(ra); set {
		cfg := &ekstypes.RemoteAccessConfig{}
		if s, ok := b.str(ra+"."+spell(in, "ec2_ssh_key", "Ec2SshKey"), "ssh_open_to_internet"); ok {
			cfg.Ec2SshKey = aws.String(s)
		}
		cfg.SourceSecurityGroups = b.strList(ra+"."+spell(in, "source_security_group_ids", "SourceSecurityGroups"), "ssh_open_to_internet", true)
		ng.RemoteAccess = cfg
	}
	lt := spell(in, "launch_template.0", "LaunchTemplate")
	if _, set := in.Get(lt); set {
		spec := &ekstypes.LaunchTemplateSpecification{}
		var declared string // the address of a template declared here
		for _, f := range []struct {
			dst  **string
			path string
		}{{&spec.Id, spell(in, "id", "Id")}, {&spec.Name, spell(in, "name", "Name")}} {
			v, ok := in.Get(lt + "." + f.path)
			if !ok {
				continue
			}
			if to, ok := ix.Resolve(in, v); ok {
				// The template's resource ID: unlike its address, it
				// names this file's (this module's) template only.
				declared = to.Address
				spec.Id = aws.String(ID(to))
				if f.dst == &spec.Name {
					spec.Name = aws.String(labelOr(to, spell(to, "name", "LaunchTemplateName")))
				}
				continue
			}
			b.setStr(f.dst, lt+"."+f.path, "")
		}
		vp := lt + "." + spell(in, "version", "Version")
		if v, ok := in.Get(vp); ok {
			if to, ok := ix.Resolve(in, v); !ok || to.Address != declared {
				b.setStr(&spec.Version, vp, "")
			}
		}
		ng.LaunchTemplate = spec
	}
	return name, awsmodel.EKSNodegroup{Nodegroup: ng}
}
