package awsinv

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/efs"
	"github.com/aws/aws-sdk-go-v2/service/eks"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// servicesOfEC2Family are the RDS, EFS and EKS collectors.
func servicesOfEC2Family() []Collector {
	return []Collector{
		{Service: "rds", Types: []string{awsmodel.TypeRDSDBInstance}, Actions: []string{"rds:DescribeDBInstances"}, Collect: collectRDSInstances},
		{Service: "rds", Types: []string{awsmodel.TypeRDSDBCluster}, Actions: []string{"rds:DescribeDBClusters"}, Collect: collectRDSClusters},
		{Service: "rds", Types: []string{awsmodel.TypeRDSDBSnapshot}, Actions: []string{"rds:DescribeDBSnapshots", "rds:DescribeDBSnapshotAttributes"}, Collect: collectRDSSnapshots},
		{Service: "rds", Types: []string{awsmodel.TypeRDSDBClusterSnapshot}, Actions: []string{"rds:DescribeDBClusterSnapshots", "rds:DescribeDBClusterSnapshotAttributes"}, Collect: collectRDSClusterSnapshots},
		{Service: "efs", Types: []string{awsmodel.TypeEFSFileSystem}, Actions: []string{"elasticfilesystem:DescribeFileSystems"}, Collect: collectEFSFileSystems},
		{Service: "eks", Types: []string{awsmodel.TypeEKSCluster}, Actions: []string{"eks:ListClusters", "eks:DescribeCluster"}, Collect: collectEKSClusters},
	}
}

func rdsTags(tags []rdstypes.Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	m := make(map[string]string, len(tags))
	for _, t := range tags {
		m[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return m
}

func collectRDSInstances(ctx context.Context, s *Session) error {
	p := rds.NewDescribeDBInstancesPaginator(rds.NewFromConfig(s.Config), &rds.DescribeDBInstancesInput{MaxRecords: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, db := range page.DBInstances {
			s.Emit(s.New(awsmodel.TypeRDSDBInstance, aws.ToString(db.DBInstanceArn), aws.ToString(db.DBInstanceIdentifier), rdsTags(db.TagList), nil, awsmodel.RDSDBInstance{DBInstance: db}))
		}
	}
	return nil
}

func collectRDSClusters(ctx context.Context, s *Session) error {
	p := rds.NewDescribeDBClustersPaginator(rds.NewFromConfig(s.Config), &rds.DescribeDBClustersInput{MaxRecords: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, cl := range page.DBClusters {
			s.Emit(s.New(awsmodel.TypeRDSDBCluster, aws.ToString(cl.DBClusterArn), aws.ToString(cl.DBClusterIdentifier), rdsTags(cl.TagList), nil, awsmodel.RDSDBCluster{DBCluster: cl}))
		}
	}
	return nil
}

// collectRDSSnapshots reads the account's manual DB snapshots and, per
// snapshot (RDS has no batch form), who may restore it. Automated
// snapshots cannot be shared, so they are not read.
func collectRDSSnapshots(ctx context.Context, s *Session) error {
	c := rds.NewFromConfig(s.Config)
	p := rds.NewDescribeDBSnapshotsPaginator(c, &rds.DescribeDBSnapshotsInput{SnapshotType: aws.String("manual"), MaxRecords: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, sn := range page.DBSnapshots {
			snap := awsmodel.RDSDBSnapshot{DBSnapshot: sn}
			var unread []string
			id := aws.ToString(sn.DBSnapshotIdentifier)
			out, err := c.DescribeDBSnapshotAttributes(ctx, &rds.DescribeDBSnapshotAttributesInput{DBSnapshotIdentifier: sn.DBSnapshotIdentifier})
			if err != nil {
				s.Fail("rds:DescribeDBSnapshotAttributes", fmt.Errorf("snapshot %s: %w", id, err))
				unread = []string{"restore_accounts", "public"}
			} else if out.DBSnapshotAttributesResult != nil {
				snap.RestoreAccounts = awsmodel.RestoreAccounts(out.DBSnapshotAttributesResult.DBSnapshotAttributes)
			}
			snap.Derive()
			s.Emit(s.New(awsmodel.TypeRDSDBSnapshot, aws.ToString(sn.DBSnapshotArn), id, rdsTags(sn.TagList), unread, snap))
		}
	}
	return nil
}

// collectRDSClusterSnapshots is collectRDSSnapshots for cluster
// snapshots.
func collectRDSClusterSnapshots(ctx context.Context, s *Session) error {
	c := rds.NewFromConfig(s.Config)
	p := rds.NewDescribeDBClusterSnapshotsPaginator(c, &rds.DescribeDBClusterSnapshotsInput{SnapshotType: aws.String("manual"), MaxRecords: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, sn := range page.DBClusterSnapshots {
			snap := awsmodel.RDSDBClusterSnapshot{DBClusterSnapshot: sn}
			var unread []string
			id := aws.ToString(sn.DBClusterSnapshotIdentifier)
			out, err := c.DescribeDBClusterSnapshotAttributes(ctx, &rds.DescribeDBClusterSnapshotAttributesInput{DBClusterSnapshotIdentifier: sn.DBClusterSnapshotIdentifier})
			if err != nil {
				s.Fail("rds:DescribeDBClusterSnapshotAttributes", fmt.Errorf("cluster snapshot %s: %w", id, err))
				unread = []string{"restore_accounts", "public"}
			} else if out.DBClusterSnapshotAttributesResult != nil {
				for _, a := range out.DBClusterSnapshotAttributesResult.DBClusterSnapshotAttributes {
					if aws.ToString(a.AttributeName) == "restore" {
						snap.RestoreAccounts = a.AttributeValues
					}
				}
			}
			snap.Derive()
			s.Emit(s.New(awsmodel.TypeRDSDBClusterSnapshot, aws.ToString(sn.DBClusterSnapshotArn), id, rdsTags(sn.TagList), unread, snap))
		}
	}
	return nil
}

func collectEFSFileSystems(ctx context.Context, s *Session) error {
	p := efs.NewDescribeFileSystemsPaginator(efs.NewFromConfig(s.Config), &efs.DescribeFileSystemsInput{MaxItems: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, fs := range page.FileSystems {
			var tags map[string]string
			for _, t := range fs.Tags {
				if tags == nil {
					tags = map[string]string{}
				}
				tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
			id := aws.ToString(fs.FileSystemId)
			s.Emit(s.New(awsmodel.TypeEFSFileSystem, aws.ToString(fs.FileSystemArn), nameOr(aws.ToString(fs.Name), id), tags, nil, awsmodel.EFSFileSystem{FileSystemDescription: fs}))
		}
	}
	return nil
}

// collectEKSClusters lists cluster names and describes each (EKS has no
// batch describe).
func collectEKSClusters(ctx context.Context, s *Session) error {
	c := eks.NewFromConfig(s.Config)
	var names []string
	p := eks.NewListClustersPaginator(c, &eks.ListClustersInput{MaxResults: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		names = append(names, page.Clusters...)
	}
	for _, name := range names {
		arn := "arn:" + partitionOf(s.Region) + ":eks:" + s.Region + ":" + s.Account + ":cluster/" + name
		out, err := c.DescribeCluster(ctx, &eks.DescribeClusterInput{Name: aws.String(name)})
		if err != nil {
			if IsNotFound(err) { // deleted between the list and the describe
				continue
			}
			s.Fail("eks:DescribeCluster", fmt.Errorf("cluster %s: %w", name, err))
			cl := awsmodel.EKSCluster{}
			cl.Name, cl.Arn = aws.String(name), aws.String(arn)
			s.Emit(s.New(awsmodel.TypeEKSCluster, arn, name, nil,
				[]string{"resources_vpc_config", "logging", "encryption_config", "enabled_log_types", "secrets_encrypted"}, cl))
			continue
		}
		cl := awsmodel.EKSCluster{}
		if out.Cluster != nil {
			cl.Cluster = *out.Cluster
		}
		cl.Derive()
		if cl.Arn != nil {
			arn = *cl.Arn
		}
		s.Emit(s.New(awsmodel.TypeEKSCluster, arn, name, cl.Tags, nil, cl))
	}
	return nil
}
