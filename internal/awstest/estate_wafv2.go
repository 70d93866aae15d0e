package awstest

import (
	"fmt"
	"strconv"
	"strings"
)

// registerWAFv2 generates web ACLs: one per thousand resources of the
// estate, split across regions (REGIONAL scope), plus a fifth as many
// CloudFront ACLs in us-east-1. One in four has no rule, one in three
// a rule without metrics, every other one logs. Real accounts hold few
// web ACLs in front of many resources, and each costs a GetWebACL.
func (e Estate) registerWAFv2(s *Server) {
	regional := e.Resources / 1000 / len(e.Regions)
	count := func(req *Request) int {
		if req.Params["Scope"] == "CLOUDFRONT" {
			if req.Region != "us-east-1" {
				return 0
			}
			return regional / 5
		}
		return regional
	}
	arnOf := func(req *Request, scope string, i int) string {
		if scope == "CLOUDFRONT" {
			return fmt.Sprintf("arn:aws:wafv2:us-east-1:%s:global/webacl/acl-%d/id-%d", req.Account, i, i)
		}
		return fmt.Sprintf("arn:aws:wafv2:%s:%s:regional/webacl/acl-%d/id-%d", req.Region, req.Account, i, i)
	}
	page := func(req *Request, n int) (from, to int, next string) {
		from, _ = strconv.Atoi(strings.TrimPrefix(req.Params["NextMarker"], "t"))
		to = min(from+100, n)
		if to < n {
			next = "t" + strconv.Itoa(to)
		}
		return from, to, next
	}
	s.Handle("wafv2:ListWebACLs", func(req *Request) *Reply {
		from, to, next := page(req, count(req))
		items := make([]any, 0, to-from)
		for i := from; i < to; i++ {
			items = append(items, map[string]any{"Name": fmt.Sprintf("acl-%d", i), "Id": fmt.Sprintf("id-%d", i),
				"ARN": arnOf(req, req.Params["Scope"], i), "LockToken": "l"})
		}
		body := map[string]any{"WebACLs": items}
		if next != "" {
			body["NextMarker"] = next
		}
		return &Reply{Body: body}
	})
	s.Handle("wafv2:ListLoggingConfigurations", func(req *Request) *Reply {
		from, to, next := page(req, count(req))
		var items []any
		for i := from; i < to; i += 2 {
			items = append(items, map[string]any{"ResourceArn": arnOf(req, req.Params["Scope"], i),
				"LogDestinationConfigs": []any{fmt.Sprintf("arn:aws:logs:%s:%s:log-group:aws-waf-logs-%d", req.Region, req.Account, i)}})
		}
		body := map[string]any{"LoggingConfigurations": items}
		if next != "" {
			body["NextMarker"] = next
		}
		return &Reply{Body: body}
	})
	s.Handle("wafv2:GetWebACL", func(req *Request) *Reply {
		i, _ := strconv.Atoi(strings.TrimPrefix(req.Params["Id"], "id-"))
		vis := func(name string, on bool) map[string]any {
			return map[string]any{"CloudWatchMetricsEnabled": on, "SampledRequestsEnabled": true, "MetricName": name}
		}
		var rules []any
		if i%4 != 0 {
			rules = append(rules, map[string]any{"Name": "common", "Priority": 0, "OverrideAction": map[string]any{"None": map[string]any{}},
				"Statement":        map[string]any{"ManagedRuleGroupStatement": map[string]any{"VendorName": "AWS", "Name": "AWSManagedRulesCommonRuleSet"}},
				"VisibilityConfig": vis("common", i%3 != 0)})
		}
		return &Reply{Body: map[string]any{"LockToken": "l", "WebACL": map[string]any{
			"Name": req.Params["Name"], "Id": req.Params["Id"], "ARN": arnOf(req, req.Params["Scope"], i),
			"DefaultAction": map[string]any{"Allow": map[string]any{}}, "Capacity": 700, "Rules": rules,
			"VisibilityConfig": vis(req.Params["Name"], true)}}}
	})
}
