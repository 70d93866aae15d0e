package awsinv

// aws.msk.cluster: Amazon MSK clusters, provisioned and serverless, read
// with kafka:ListClustersV2, 100 to a page, tags included: about 0.01
// calls per cluster, no per-cluster call.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kafka"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectMSKClusters(ctx context.Context, s *Session) error {
	p := kafka.NewListClustersV2Paginator(kafka.NewFromConfig(s.Config), &kafka.ListClustersV2Input{MaxResults: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, c := range page.ClusterInfoList {
			tags := c.Tags
			if len(tags) == 0 {
				tags = nil // the tagging API's, if any
			}
			s.Emit(s.New(awsmodel.TypeMSKCluster, aws.ToString(c.ClusterArn), aws.ToString(c.ClusterName), tags, nil, awsmodel.MSKCluster{Cluster: c}))
		}
	}
	return nil
}
