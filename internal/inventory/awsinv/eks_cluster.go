package awsinv

// aws.eks.cluster: EKS clusters, read with eks:ListClusters and
// eks:DescribeCluster.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eks"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

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
		if cl.Arn != nil {
			arn = *cl.Arn
		}
		s.Emit(s.New(awsmodel.TypeEKSCluster, arn, name, cl.Tags, nil, cl))
	}
	return nil
}
