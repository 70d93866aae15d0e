package awstest

import (
	"fmt"
	"strconv"
	"strings"
)

// registerRoute53 generates Route 53 hosted zones, listed once per
// account: 0.2% of the estate, one in three private and one in three
// of the public ones without query logging. The zones and the logging
// configurations are paged lists (100 a page): about 0.02 calls per
// zone.
func (e Estate) registerRoute53(s *Server) {
	zones := e.Resources / 500
	zoneID := func(i int) string { return fmt.Sprintf("Z%012d", i) }
	page := func(token string, total int) (from, to int, next string) {
		from, _ = strconv.Atoi(strings.TrimPrefix(token, "t"))
		to = min(from+100, total)
		if to < total {
			next = "t" + strconv.Itoa(to)
		}
		return from, to, next
	}
	s.Handle("route53:ListHostedZones", func(req *Request) *Reply {
		from, to, next := page(req.Params["marker"], zones)
		var b strings.Builder
		b.WriteString(`<ListHostedZonesResponse><HostedZones>`)
		for i := from; i < to; i++ {
			fmt.Fprintf(&b, `<HostedZone><Id>/hostedzone/%s</Id><Name>zone-%d.example.com.</Name><CallerReference>r%d</CallerReference><Config><PrivateZone>%t</PrivateZone></Config><ResourceRecordSetCount>4</ResourceRecordSetCount></HostedZone>`,
				zoneID(i), i, i, i%3 == 0)
		}
		fmt.Fprintf(&b, `</HostedZones><IsTruncated>%t</IsTruncated><MaxItems>100</MaxItems>`, next != "")
		if next != "" {
			fmt.Fprintf(&b, `<NextMarker>%s</NextMarker>`, next)
		}
		b.WriteString(`</ListHostedZonesResponse>`)
		return &Reply{Body: b.String()}
	})
	// Logged: the public zones but every third of them.
	var logged []int
	for i := range zones {
		if i%3 != 0 && i%9 != 1 {
			logged = append(logged, i)
		}
	}
	s.Handle("route53:ListQueryLoggingConfigs", func(req *Request) *Reply {
		from, to, next := page(req.Params["nexttoken"], len(logged))
		var b strings.Builder
		b.WriteString(`<ListQueryLoggingConfigsResponse><QueryLoggingConfigs>`)
		for _, i := range logged[from:to] {
			fmt.Fprintf(&b, `<QueryLoggingConfig><Id>q-%d</Id><HostedZoneId>%s</HostedZoneId><CloudWatchLogsLogGroupArn>arn:aws:logs:us-east-1:%s:log-group:/aws/route53/zone-%d</CloudWatchLogsLogGroupArn></QueryLoggingConfig>`,
				i, zoneID(i), req.Account, i)
		}
		b.WriteString(`</QueryLoggingConfigs>`)
		if next != "" {
			fmt.Fprintf(&b, `<NextToken>%s</NextToken>`, next)
		}
		b.WriteString(`</ListQueryLoggingConfigsResponse>`)
		return &Reply{Body: b.String()}
	})
}
