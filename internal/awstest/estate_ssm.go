package awstest

import (
	"fmt"
	"strconv"
	"strings"
)

// registerSSM generates Systems Manager state: documents owned by the
// account, a twentieth of the Kinesis streams' share (0.05% of the
// estate, one in five public, one describe call each), and a tenth of
// the instances managed, one in seven of those patch and association
// non-compliant. The managed instances cost their paged lists (50 a
// page, three lists); the service settings two calls per region.
func (e Estate) registerSSM(s *Server, counts map[string]int) {
	docs := counts["kinesis:ListStreams"] / 20
	managed := counts["ec2:DescribeInstances"] / 10
	page := func(token string, total, size int) (from, to int, next string) {
		from, _ = strconv.Atoi(strings.TrimPrefix(token, "t"))
		to = min(from+size, total)
		if to < total {
			next = "t" + strconv.Itoa(to)
		}
		return from, to, next
	}
	reply := func(key string, items []any, next string) *Reply {
		body := map[string]any{key: items}
		if next != "" {
			body["NextToken"] = next
		}
		return &Reply{Body: body}
	}
	s.Handle("ssm:ListDocuments", func(req *Request) *Reply {
		from, to, next := page(req.Params["NextToken"], docs, 50)
		var items []any
		for i := from; i < to; i++ {
			items = append(items, map[string]any{"Name": fmt.Sprintf("doc-%d", i), "Owner": req.Account, "DocumentType": "Command"})
		}
		return reply("DocumentIdentifiers", items, next)
	})
	s.Handle("ssm:DescribeDocumentPermission", func(req *Request) *Reply {
		i, _ := strconv.Atoi(strings.TrimPrefix(req.Params["Name"], "doc-"))
		ids := []any{"222222222222"}
		if i%5 == 0 {
			ids = []any{"all"}
		}
		return &Reply{Body: map[string]any{"AccountIds": ids}}
	})
	s.Handle("ssm:GetServiceSetting", func(req *Request) *Reply {
		v := map[string]string{"/ssm/documents/console/public-sharing-permission": "Disable",
			"/ssm/automation/customer-script-log-destination": "CloudWatch"}[req.Params["SettingId"]]
		return &Reply{Body: map[string]any{"ServiceSetting": map[string]any{"SettingId": req.Params["SettingId"], "SettingValue": v}}}
	})
	s.Handle("ssm:DescribeInstanceInformation", func(req *Request) *Reply {
		from, to, next := page(req.Params["NextToken"], managed, 50)
		var items []any
		for i := from; i < to; i++ {
			items = append(items, map[string]any{"InstanceId": fmt.Sprintf("i-%s-%d", req.Region, i), "PingStatus": "Online"})
		}
		return reply("InstanceInformationList", items, next)
	})
	s.Handle("ssm:ListResourceComplianceSummaries", func(req *Request) *Reply {
		typ := "Patch"
		if strings.Contains(req.Params["Filters"], "Association") {
			typ = "Association"
		}
		from, to, next := page(req.Params["NextToken"], managed, 50)
		var items []any
		for i := from; i < to; i++ {
			status := "COMPLIANT"
			if i%7 == 0 {
				status = "NON_COMPLIANT"
			}
			items = append(items, map[string]any{"ComplianceType": typ, "ResourceType": "ManagedInstance",
				"ResourceId": fmt.Sprintf("i-%s-%d", req.Region, i), "Status": status})
		}
		return reply("ResourceComplianceSummaryItems", items, next)
	})
}
