package awsinv

// aws.rds.db_cluster: RDS DB clusters, read with rds:DescribeDBClusters.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

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
