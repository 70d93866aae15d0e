package awsinv

// aws.redshift.cluster: provisioned Redshift clusters, read with
// redshift:DescribeClusters (100 to a page, tags included),
// redshift:DescribeLoggingStatus (one call per cluster: the API has no
// batch form) and redshift:DescribeClusterParameters, once per custom
// parameter group and only for the parameters users changed (a default
// group keeps require_ssl off). About 1.02 calls per cluster.

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshift"
	rstypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectRedshiftClusters(ctx context.Context, s *Session) error {
	c := redshift.NewFromConfig(s.Config)
	var clusters []rstypes.Cluster
	p := redshift.NewDescribeClustersPaginator(c, &redshift.DescribeClustersInput{MaxRecords: aws.Int32(100)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		clusters = append(clusters, page.Clusters...)
	}
	ssl := redshiftRequireSSL(ctx, s, c, clusters)
	servicesEach(ctx, clusters, 8, func(cl rstypes.Cluster) {
		id := aws.ToString(cl.ClusterIdentifier)
		rc := awsmodel.RedshiftCluster{Cluster: cl}
		var unread []string
		if len(cl.ClusterParameterGroups) > 0 {
			if v, ok := ssl[aws.ToString(cl.ClusterParameterGroups[0].ParameterGroupName)]; ok {
				rc.RequireSSL = v
			}
			if rc.RequireSSL == nil {
				unread = append(unread, "require_ssl")
			}
		}
		out, err := c.DescribeLoggingStatus(ctx, &redshift.DescribeLoggingStatusInput{ClusterIdentifier: cl.ClusterIdentifier})
		if svcCall(s, &unread, "redshift:DescribeLoggingStatus", "cluster "+id, err, []string{"logging", "audit_logging_enabled"}) {
			rc.Logging = &awsmodel.RedshiftLogging{LoggingEnabled: aws.ToBool(out.LoggingEnabled), BucketName: out.BucketName,
				S3KeyPrefix: out.S3KeyPrefix, LogDestinationType: string(out.LogDestinationType), LogExports: out.LogExports}
		}
		s.Emit(s.New(awsmodel.TypeRedshiftCluster, redshiftARN(s, id), id, redshiftTags(cl.Tags), unread, rc))
	})
	return ctx.Err()
}

// redshiftRequireSSL reads require_ssl of each parameter group the
// clusters use: off in a default group, else the value a user set (off
// when never set). A group whose parameters could not be read maps to
// nil.
func redshiftRequireSSL(ctx context.Context, s *Session, c *redshift.Client, clusters []rstypes.Cluster) map[string]*bool {
	out := map[string]*bool{}
	for _, cl := range clusters {
		for _, g := range cl.ClusterParameterGroups {
			name := aws.ToString(g.ParameterGroupName)
			if _, done := out[name]; done || name == "" {
				continue
			}
			if strings.HasPrefix(name, "default.") {
				out[name] = aws.Bool(false)
				continue
			}
			out[name] = nil
			val := aws.Bool(false)
			p := redshift.NewDescribeClusterParametersPaginator(c, &redshift.DescribeClusterParametersInput{
				ParameterGroupName: aws.String(name), Source: aws.String("user"), MaxRecords: aws.Int32(100)})
			var unread []string
			ok := true
			for p.HasMorePages() && ok {
				page, err := p.NextPage(ctx)
				if ok = svcCall(s, &unread, "redshift:DescribeClusterParameters", "parameter group "+name, err, nil); !ok {
					break
				}
				for _, prm := range page.Parameters {
					if aws.ToString(prm.ParameterName) == "require_ssl" {
						val = aws.Bool(strings.EqualFold(aws.ToString(prm.ParameterValue), "true"))
					}
				}
			}
			if ok {
				out[name] = val
			}
		}
	}
	return out
}

// redshiftARN builds a cluster's ARN (DescribeClusters does not return
// it).
func redshiftARN(s *Session, id string) string {
	return "arn:" + partitionOf(s.Region) + ":redshift:" + s.Region + ":" + s.Account + ":cluster:" + id
}

func redshiftTags(tags []rstypes.Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}
