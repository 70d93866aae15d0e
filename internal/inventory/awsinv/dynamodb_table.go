package awsinv

// aws.dynamodb.table: DynamoDB tables, listed with dynamodb:ListTables
// (paged, 100 names a page) and read with dynamodb:DescribeTable and
// dynamodb:DescribeContinuousBackups: two calls per table, the API's
// minimum (neither has a batch form). Tags come from the region's
// tagging API read.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectDynamoDBTables(ctx context.Context, s *Session) error {
	c := dynamodb.NewFromConfig(s.Config)
	var names []string
	p := dynamodb.NewListTablesPaginator(c, &dynamodb.ListTablesInput{Limit: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		names = append(names, page.TableNames...)
	}
	servicesEach(ctx, names, 8, func(name string) {
		out, err := c.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		if err != nil || out.Table == nil {
			if err != nil && !IsNotFound(err) { // a table deleted since it was listed is gone, not unread
				s.Fail("dynamodb:DescribeTable", err)
			}
			return
		}
		t := awsmodel.DynamoDBTable{TableDescription: *out.Table}
		var unread []string
		cb, err := c.DescribeContinuousBackups(ctx, &dynamodb.DescribeContinuousBackupsInput{TableName: aws.String(name)})
		if svcCall(s, &unread, "dynamodb:DescribeContinuousBackups", "table "+name, err, []string{"continuous_backups", "point_in_time_recovery"}) {
			t.ContinuousBackups = cb.ContinuousBackupsDescription
		}
		s.Emit(s.New(awsmodel.TypeDynamoDBTable, aws.ToString(out.Table.TableArn), name, nil, unread, &t))
	})
	return ctx.Err()
}
