package awsinv

import (
	"github.com/aws/aws-sdk-go-v2/aws"
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
		{Service: "eks", Types: []string{awsmodel.TypeEKSNodegroup}, Actions: []string{"eks:ListClusters", "eks:ListNodegroups", "eks:DescribeNodegroup"},
			Collect: collectEKSNodegroups},
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
