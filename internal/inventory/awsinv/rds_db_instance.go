package awsinv

// aws.rds.db_instance: RDS DB instances, read with rds:DescribeDBInstances.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

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
