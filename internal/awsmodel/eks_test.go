package awsmodel

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
)

func TestEKSNodegroupDerive(t *testing.T) {
	for _, c := range []struct {
		name string
		ra   *ekstypes.RemoteAccessConfig
		want bool
	}{
		{"no remote access", nil, false},
		{"key, no source groups", &ekstypes.RemoteAccessConfig{Ec2SshKey: aws.String("ops")}, true},
		{"key and source groups", &ekstypes.RemoteAccessConfig{Ec2SshKey: aws.String("ops"), SourceSecurityGroups: []string{"sg-1"}}, false},
		{"empty key", &ekstypes.RemoteAccessConfig{Ec2SshKey: aws.String("")}, false},
	} {
		n := EKSNodegroup{Nodegroup: ekstypes.Nodegroup{RemoteAccess: c.ra}}
		n.Derive()
		if n.SSHOpenToInternet != c.want {
			t.Errorf("%s: ssh_open_to_internet %v, want %v", c.name, n.SSHOpenToInternet, c.want)
		}
	}
}
