package awsinv

// aws.cloudfront.distribution: CloudFront distributions, read with
// cloudfront:ListDistributions and cloudfront:GetDistributionConfig.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// collectDistributions lists distributions and reads each one's full
// configuration (the summary lacks logging).
func collectDistributions(ctx context.Context, s *Session) error {
	c := cloudfront.NewFromConfig(s.Config)
	var dists []cftypes.DistributionSummary
	p := cloudfront.NewListDistributionsPaginator(c, &cloudfront.ListDistributionsInput{MaxItems: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		if page.DistributionList != nil {
			dists = append(dists, page.DistributionList.Items...)
		}
	}
	servicesEach(ctx, dists, 8, func(d cftypes.DistributionSummary) {
		id := aws.ToString(d.Id)
		m := awsmodel.CloudFrontDistribution{Id: d.Id, ARN: d.ARN, DomainName: d.DomainName, Status: d.Status, LastModifiedTime: d.LastModifiedTime}
		var unread []string
		out, err := c.GetDistributionConfig(ctx, &cloudfront.GetDistributionConfigInput{Id: d.Id})
		if svcCall(s, &unread, "cloudfront:GetDistributionConfig", "distribution "+id, err,
			[]string{"distribution_config", "logging_enabled", "viewer_protocol_policies", "allows_http", "minimum_protocol_version"}) {
			m.DistributionConfig = out.DistributionConfig
		}
		arn := aws.ToString(d.ARN)
		if arn == "" {
			arn = fmt.Sprintf("arn:aws:cloudfront::%s:distribution/%s", s.Account, id)
		}
		s.Emit(s.New(awsmodel.TypeCloudFrontDistribution, arn, id, nil, unread, m))
	})
	return ctx.Err()
}
