package awsinv

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/resourcegroupstaggingapi"
)

// regionTags returns the tags of every tagged resource of the session's
// account and region, by ARN, read once per region with the Resource
// Groups Tagging API (one paginated call instead of one per resource).
// Collectors whose list calls carry no tags get their labels here. The
// tags are a convenience: when the call fails the resources are still
// collected, without labels, and the failure shows in the scan's health
// counts and the debug log.
func (s *Session) regionTags(ctx context.Context) map[string]map[string]string {
	v, _ := s.Shared("tags/"+s.Region, func() (any, error) {
		out := map[string]map[string]string{}
		c := resourcegroupstaggingapi.NewFromConfig(s.Config, func(o *resourcegroupstaggingapi.Options) { o.Region = s.Region })
		p := resourcegroupstaggingapi.NewGetResourcesPaginator(c, &resourcegroupstaggingapi.GetResourcesInput{ResourcesPerPage: aws.Int32(100)})
		for p.HasMorePages() {
			page, err := p.NextPage(ctx)
			if err != nil {
				s.Log.Debug("resource tags not read; resources keep only the tags their own APIs return", "account", s.Account, "region", s.Region, "error", err)
				return out, nil
			}
			for _, m := range page.ResourceTagMappingList {
				tags := make(map[string]string, len(m.Tags))
				for _, t := range m.Tags {
					tags[aws.ToString(t.Key)] = aws.ToString(t.Value)
				}
				out[aws.ToString(m.ResourceARN)] = tags
			}
		}
		return out, nil
	})
	m, _ := v.(map[string]map[string]string)
	return m
}
