package awstest

import (
	"fmt"
	"strings"
	"time"
)

// builtin answers the calls every scenario needs from scenario.yaml
// itself: who am I, which regions, assume a role, which accounts.
func (s *Server) builtin(req *Request) *Reply {
	switch req.API {
	case "sts:GetCallerIdentity":
		return &Reply{Body: map[string]any{
			"Account": req.Account,
			"Arn":     "arn:aws:sts::" + req.Account + ":assumed-role/vigil/scan",
			"UserId":  "AROAVIGIL:scan",
		}}
	case "sts:AssumeRole":
		return s.assumeRole(req)
	case "ec2:DescribeRegions":
		return s.describeRegions(req)
	case "organizations:DescribeOrganization":
		return s.describeOrganization(req)
	case "organizations:ListAccounts":
		return s.listAccounts(req)
	}
	return nil
}

func (s *Server) assumeRole(req *Request) *Reply {
	arn := req.Params["RoleArn"]
	parts := strings.Split(arn, ":")
	if len(parts) != 6 || !strings.HasPrefix(parts[5], "role/") {
		return &Reply{Status: 400, Error: "ValidationError", Message: "invalid role ARN " + arn}
	}
	target := s.sc.account(parts[4])
	if target == nil {
		return &Reply{Status: 403, Error: "AccessDenied", Message: "not authorized to perform sts:AssumeRole on " + arn}
	}
	name := parts[5][strings.LastIndex(parts[5], "/")+1:]
	for _, r := range target.Roles {
		if r.Name != name {
			continue
		}
		if r.ExternalID != "" && req.Params["ExternalId"] != r.ExternalID {
			return &Reply{Status: 403, Error: "AccessDenied", Message: "external ID does not match for " + arn}
		}
		return &Reply{Body: map[string]any{
			"Credentials": map[string]any{
				"AccessKeyId":     AccessKeyFor(target.ID),
				"SecretAccessKey": "replay-secret",
				"SessionToken":    "replay-token",
				"Expiration":      time.Now().Add(time.Hour).UTC().Format(time.RFC3339),
			},
			"AssumedRoleUser": map[string]any{
				"Arn":           "arn:aws:sts::" + target.ID + ":assumed-role/" + name + "/" + req.Params["RoleSessionName"],
				"AssumedRoleId": "AROAREPLAY:" + req.Params["RoleSessionName"],
			},
		}}
	}
	return &Reply{Status: 403, Error: "AccessDenied", Message: "not authorized to perform sts:AssumeRole on " + arn}
}

func (s *Server) describeRegions(req *Request) *Reply {
	a := s.sc.account(req.Account)
	if a == nil {
		return &Reply{Status: 403, Error: "AuthFailure", Message: "unknown account"}
	}
	all := req.Params["AllRegions"] == "true"
	var items []any
	for _, r := range a.Regions {
		items = append(items, map[string]any{"regionName": r, "endpoint": "ec2." + r + ".amazonaws.com", "optInStatus": optIn(r, true)})
	}
	if all {
		for _, r := range a.DisabledRegions {
			items = append(items, map[string]any{"regionName": r, "endpoint": "ec2." + r + ".amazonaws.com", "optInStatus": "not-opted-in"})
		}
	}
	return &Reply{Body: map[string]any{"regionInfo": items}}
}

// optIn is the opt-in status DescribeRegions reports for an enabled
// region: the regions launched before 2019 need no opt-in.
func optIn(region string, enabled bool) string {
	switch {
	case !enabled:
		return "not-opted-in"
	case strings.HasPrefix(region, "us-") || strings.HasPrefix(region, "eu-west") || strings.HasPrefix(region, "eu-central-1") ||
		strings.HasPrefix(region, "ap-northeast") || strings.HasPrefix(region, "ap-southeast-1") || strings.HasPrefix(region, "ap-southeast-2") ||
		strings.HasPrefix(region, "ap-south-1") || strings.HasPrefix(region, "sa-") || strings.HasPrefix(region, "ca-") || region == "eu-north-1":
		return "opt-in-not-required"
	default:
		return "opted-in"
	}
}

func (s *Server) management() *Account {
	for i := range s.sc.Accounts {
		if s.sc.Accounts[i].Management {
			return &s.sc.Accounts[i]
		}
	}
	return nil
}

func (s *Server) describeOrganization(req *Request) *Reply {
	m := s.management()
	if s.sc.Organization == "" || m == nil {
		return &Reply{Status: 400, Error: "AWSOrganizationsNotInUseException", Message: "Your account is not a member of an organization."}
	}
	return &Reply{Body: map[string]any{"Organization": map[string]any{
		"Id":                 s.sc.Organization,
		"Arn":                fmt.Sprintf("arn:aws:organizations::%s:organization/%s", m.ID, s.sc.Organization),
		"MasterAccountId":    m.ID,
		"MasterAccountEmail": m.Email,
		"FeatureSet":         "ALL",
	}}}
}

// listAccounts pages two accounts at a time so organization scans cross
// page boundaries.
func (s *Server) listAccounts(req *Request) *Reply {
	m := s.management()
	if s.sc.Organization == "" || m == nil {
		return &Reply{Status: 400, Error: "AWSOrganizationsNotInUseException", Message: "Your account is not a member of an organization."}
	}
	if req.Account != m.ID {
		return &Reply{Status: 400, Error: "AccessDeniedException", Message: "You don't have permissions to access this resource: only the management account or a delegated administrator may list accounts."}
	}
	start := 0
	if t := req.Params["NextToken"]; t != "" {
		_, _ = fmt.Sscanf(t, "page-%d", &start)
	}
	var items []any
	end := min(start+2, len(s.sc.Accounts))
	for _, a := range s.sc.Accounts[start:end] {
		items = append(items, map[string]any{
			"Id": a.ID, "Name": a.Name, "Email": a.Email, "Status": a.Status,
			"State": map[string]string{"ACTIVE": "ACTIVE", "SUSPENDED": "SUSPENDED"}[a.Status],
			"Arn":   fmt.Sprintf("arn:aws:organizations::%s:account/%s/%s", m.ID, s.sc.Organization, a.ID),
		})
	}
	body := map[string]any{"Accounts": items}
	if end < len(s.sc.Accounts) {
		body["NextToken"] = fmt.Sprintf("page-%d", end)
	}
	return &Reply{Body: body}
}
