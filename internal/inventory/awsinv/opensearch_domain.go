package awsinv

// aws.opensearch.domain: OpenSearch Service domains (OpenSearch and
// Elasticsearch engines), read with es:ListDomainNames and
// es:DescribeDomains.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	ostypes "github.com/aws/aws-sdk-go-v2/service/opensearch/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// describeDomainsBatch is the most names DescribeDomains accepts.
const describeDomainsBatch = 5

// collectOpenSearchDomains lists the region's domain names (one
// unpaged call) and describes them five at a time.
func collectOpenSearchDomains(ctx context.Context, s *Session) error {
	c := opensearch.NewFromConfig(s.Config)
	list, err := c.ListDomainNames(ctx, &opensearch.ListDomainNamesInput{})
	if err != nil {
		return err
	}
	var names []string
	for _, d := range list.DomainNames {
		if d.DomainName != nil {
			names = append(names, *d.DomainName)
		}
	}
	for len(names) > 0 && ctx.Err() == nil {
		batch := names[:min(describeDomainsBatch, len(names))]
		names = names[len(batch):]
		out, err := c.DescribeDomains(ctx, &opensearch.DescribeDomainsInput{DomainNames: batch})
		if err != nil {
			return err
		}
		for _, st := range out.DomainStatusList {
			if st.Deleted != nil && *st.Deleted {
				continue
			}
			s.Emit(openSearchDomain(s, st))
		}
	}
	return ctx.Err()
}

// openSearchDomain builds a domain from its status, parsing the access
// policy.
func openSearchDomain(s *Session, st ostypes.DomainStatus) *model.Resource {
	name := aws.ToString(st.DomainName)
	d := awsmodel.OpenSearchDomain{
		ARN: st.ARN, DomainId: st.DomainId, DomainName: st.DomainName, EngineVersion: st.EngineVersion,
		Endpoint: st.Endpoint, Endpoints: st.Endpoints, ClusterConfig: st.ClusterConfig, EBSOptions: st.EBSOptions,
		VPCOptions: st.VPCOptions, EncryptionAtRestOptions: st.EncryptionAtRestOptions,
		NodeToNodeEncryptionOptions: st.NodeToNodeEncryptionOptions, DomainEndpointOptions: st.DomainEndpointOptions,
		AdvancedSecurityOptions: st.AdvancedSecurityOptions, LogPublishingOptions: st.LogPublishingOptions,
	}
	var unread []string
	d.Policy = svcPolicy(s, &unread, "es:DescribeDomains", "domain "+name, "policy", st.AccessPolicies)
	if len(unread) > 0 {
		unread = append(unread, "public")
	}
	return s.New(awsmodel.TypeOpenSearchDomain, aws.ToString(st.ARN), name, nil, unread, d)
}
