package awsinv

import (
	"context"
	"maps"

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

// batchTags reads the tags of keys (names or ARNs) n at a time with
// read, which returns a batch's tags by key: the load balancer APIs take
// at most 20 per call. A failed batch is recorded under api and makes
// ok false (its resources' tags are unread).
func batchTags(s *Session, api string, keys []string, n int, read func(batch []string) (map[string]map[string]string, error)) (tags map[string]map[string]string, ok bool) {
	tags, ok = map[string]map[string]string{}, true
	for i := 0; i < len(keys); i += n {
		got, err := read(keys[i:min(i+n, len(keys))])
		if err != nil {
			ok = false
			s.Fail(api, err)
			continue
		}
		maps.Copy(tags, got)
	}
	return tags, ok
}
