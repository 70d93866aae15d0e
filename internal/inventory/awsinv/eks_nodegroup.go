package awsinv

// aws.eks.nodegroup: EKS managed node groups, found with eks:ListClusters
// (paged, 100 a page) and eks:ListNodegroups per cluster (paged, 100 a
// page), and read with eks:DescribeNodegroup, one call per group: the
// list carries only names and EKS has no batch describe. That is the
// API's minimum: about 1 + 1/(groups per cluster) calls per group.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eks"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectEKSNodegroups lists each cluster's node groups and describes
// them. A group whose describe is refused is not emitted (its ARN ends
// in an ID only the describe returns); the failure is the scope's
// coverage record, so nothing of the type is resolved in the scope.
func collectEKSNodegroups(ctx context.Context, s *Session) error {
	c := eks.NewFromConfig(s.Config)
	var clusters []string
	p := eks.NewListClustersPaginator(c, &eks.ListClustersInput{MaxResults: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		clusters = append(clusters, page.Clusters...)
	}
	type group struct{ cluster, name string }
	var groups []group
	for _, cl := range clusters {
		gp := eks.NewListNodegroupsPaginator(c, &eks.ListNodegroupsInput{ClusterName: aws.String(cl), MaxResults: aws.Int32(100)})
		for gp.HasMorePages() {
			page, err := gp.NextPage(ctx)
			if err != nil {
				if !IsNotFound(err) { // a cluster deleted since it was listed
					s.Fail("eks:ListNodegroups", fmt.Errorf("cluster %s: %w", cl, err))
				}
				break
			}
			for _, n := range page.Nodegroups {
				groups = append(groups, group{cl, n})
			}
		}
	}
	servicesEach(ctx, groups, 8, func(g group) {
		out, err := c.DescribeNodegroup(ctx, &eks.DescribeNodegroupInput{ClusterName: aws.String(g.cluster), NodegroupName: aws.String(g.name)})
		if err != nil {
			if !IsNotFound(err) {
				s.Fail("eks:DescribeNodegroup", fmt.Errorf("node group %s/%s: %w", g.cluster, g.name, err))
			}
			return
		}
		if out.Nodegroup == nil || out.Nodegroup.NodegroupArn == nil {
			return
		}
		ng := awsmodel.EKSNodegroup{Nodegroup: *out.Nodegroup}
		s.Emit(s.New(awsmodel.TypeEKSNodegroup, *ng.NodegroupArn, g.name, ng.Tags, nil, ng))
	})
	return ctx.Err()
}
