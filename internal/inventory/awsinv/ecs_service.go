package awsinv

// aws.ecs.service: ECS services with their task sets, read with
// ecs:ListServices per cluster and ecs:DescribeServices, ten services a
// call (the API's most): about 0.11 calls per service.

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ecs"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// describeServicesBatch is the most services DescribeServices accepts.
const describeServicesBatch = 10

// collectECSServices lists each cluster's services and describes them
// ten at a time.
func collectECSServices(ctx context.Context, s *Session) error {
	c := ecs.NewFromConfig(s.Config)
	clusters, err := ecsClusterARNs(ctx, s, c)
	if err != nil {
		return err
	}
	for _, cluster := range clusters {
		var arns []string
		p := ecs.NewListServicesPaginator(c, &ecs.ListServicesInput{Cluster: aws.String(cluster), MaxResults: aws.Int32(100)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				if IsNotFound(err, "ClusterNotFoundException") { // deleted since the list
					break
				}
				return err
			}
			arns = append(arns, page.ServiceArns...)
		}
		for len(arns) > 0 && ctx.Err() == nil {
			batch := arns[:min(describeServicesBatch, len(arns))]
			arns = arns[len(batch):]
			out, err := c.DescribeServices(ctx, &ecs.DescribeServicesInput{Cluster: aws.String(cluster), Services: batch})
			if err != nil {
				return err
			}
			for _, svc := range out.Services {
				if aws.ToString(svc.Status) == "INACTIVE" {
					continue
				}
				name := aws.ToString(svc.ServiceName)
				if i := strings.LastIndex(cluster, "/"); i >= 0 {
					name = cluster[i+1:] + "/" + name
				}
				s.Emit(s.New(awsmodel.TypeECSService, aws.ToString(svc.ServiceArn), name, nil, nil, awsmodel.NewECSService(svc)))
			}
		}
	}
	return ctx.Err()
}
