package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// Images and database snapshots shared with everyone. CloudFormation
// has no resource for either; Terraform declares an AMI's launch
// permissions (aws_ami_launch_permission, group "all" makes it public)
// and a database snapshot's shared accounts (shared_accounts ["all"]).
func snapshotAdapters() []adapter {
	return []adapter{
		{Target: awsmodel.TypeEC2Image, Consumes: []string{"aws_ami", "aws_ami_copy", "aws_ami_from_instance", "aws_ami_launch_permission"}, Adapt: adaptImages},
		{Target: awsmodel.TypeRDSDBSnapshot, Consumes: []string{"aws_db_snapshot"}, Adapt: adaptDBSnapshots},
		{Target: awsmodel.TypeRDSDBClusterSnapshot, Consumes: []string{"aws_db_cluster_snapshot"}, Adapt: adaptDBClusterSnapshots},
	}
}

func adaptImages(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, t := range []string{"aws_ami", "aws_ami_copy", "aws_ami_from_instance"} {
		for _, in := range ix.OfType(t) {
			b := newBuilder(in)
			name, _ := b.str("name", "")
			if name == "" {
				name = in.Name
			}
			img := awsmodel.EC2Image{Image: ec2types.Image{Name: aws.String(name), ImageId: aws.String(in.Address), Public: aws.Bool(false)}}
			for _, p := range ix.Satellites("aws_ami_launch_permission", "image_id", in) {
				pb := newBuilder(p)
				if g, ok := pb.str("group", "public"); ok && g == "all" {
					img.Public = aws.Bool(true)
				}
				b.merge(pb)
			}
			out = append(out, b.resource(awsmodel.TypeEC2Image, name, img))
		}
	}
	return out
}

// sharedAccounts reads shared_accounts; an unknown list leaves public
// unread.
func sharedAccounts(b *builder) ([]string, bool) {
	v, ok := b.in.Get("shared_accounts")
	if !ok || v == nil {
		return nil, true
	}
	if cloudres.IsUnknown(v) {
		b.unknown("public")
		b.unknown("restore_accounts")
		return nil, false
	}
	var out []string
	for _, e := range b.list("shared_accounts", "restore_accounts") {
		s, ok := e.(string)
		if !ok {
			b.unknown("public")
			continue
		}
		out = append(out, s)
	}
	return out, true
}

func adaptDBSnapshots(ix *Index) []*model.Resource {
	return adaptSnapshots(ix, "aws_db_snapshot", "db_snapshot_identifier", awsmodel.TypeRDSDBSnapshot, func(id string, restore []string) any {
		s := awsmodel.RDSDBSnapshot{DBSnapshot: rdstypes.DBSnapshot{DBSnapshotIdentifier: aws.String(id), SnapshotType: aws.String("manual")}, RestoreAccounts: restore}
		return s
	})
}

func adaptDBClusterSnapshots(ix *Index) []*model.Resource {
	return adaptSnapshots(ix, "aws_db_cluster_snapshot", "db_cluster_snapshot_identifier", awsmodel.TypeRDSDBClusterSnapshot, func(id string, restore []string) any {
		s := awsmodel.RDSDBClusterSnapshot{DBClusterSnapshot: rdstypes.DBClusterSnapshot{DBClusterSnapshotIdentifier: aws.String(id), SnapshotType: aws.String("manual")}, RestoreAccounts: restore}
		return s
	})
}

// adaptSnapshots builds one database snapshot resource per instance of
// tfType, named by idKey, with the accounts it is shared with.
func adaptSnapshots(ix *Index, tfType, idKey, target string, shape func(id string, restore []string) any) []*model.Resource {
	var out []*model.Resource
	for _, in := range ix.OfType(tfType) {
		b := newBuilder(in)
		id, _ := b.str(idKey, "")
		if id == "" {
			id = in.Name
		}
		restore, _ := sharedAccounts(b)
		out = append(out, b.resource(target, id, shape(id, restore)))
	}
	return out
}
