package awsinv

// aws.wafv2.web_acl: AWS WAF web ACLs, REGIONAL in every region and
// CLOUDFRONT in us-east-1 (where CloudFront's ACLs are managed). Per
// scope wafv2:ListWebACLs and wafv2:ListLoggingConfigurations (both
// paged, 100 a page) and, per ACL, wafv2:GetWebACL: the list carries
// no rules and the API has no batch read, so one call per ACL is the
// API's minimum. About 1.02 calls per ACL.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/wafv2"
	waftypes "github.com/aws/aws-sdk-go-v2/service/wafv2/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// wafNotFound is WAF's code for an ACL deleted since it was listed.
const wafNotFound = "WAFNonexistentItemException"

func collectWebACLs(ctx context.Context, s *Session) error {
	c := wafv2.NewFromConfig(s.Config)
	scopes := []waftypes.Scope{waftypes.ScopeRegional}
	if s.Region == "us-east-1" {
		scopes = append(scopes, waftypes.ScopeCloudfront)
	}
	for _, scope := range scopes {
		if err := collectWebACLScope(ctx, s, c, scope); err != nil {
			return err
		}
	}
	return ctx.Err()
}

// collectWebACLScope lists one scope's ACLs and their logging
// configurations, then reads each ACL.
func collectWebACLScope(ctx context.Context, s *Session, c *wafv2.Client, scope waftypes.Scope) error {
	var acls []waftypes.WebACLSummary
	in := &wafv2.ListWebACLsInput{Scope: scope, Limit: aws.Int32(100)}
	for {
		page, err := c.ListWebACLs(ctx, in)
		if err != nil {
			return err
		}
		acls = append(acls, page.WebACLs...)
		if aws.ToString(page.NextMarker) == "" || len(page.WebACLs) == 0 {
			break
		}
		in.NextMarker = page.NextMarker
	}
	if len(acls) == 0 {
		return nil
	}
	var logUnread []string
	logging := map[string]*waftypes.LoggingConfiguration{}
	lin := &wafv2.ListLoggingConfigurationsInput{Scope: scope, Limit: aws.Int32(100)}
	for {
		page, err := c.ListLoggingConfigurations(ctx, lin)
		if !svcCall(s, &logUnread, "wafv2:ListLoggingConfigurations", string(scope)+" logging configurations", err,
			[]string{"log_destination_configs", "logging_enabled"}) {
			break
		}
		for i := range page.LoggingConfigurations {
			lc := &page.LoggingConfigurations[i]
			logging[aws.ToString(lc.ResourceArn)] = lc
		}
		if aws.ToString(page.NextMarker) == "" || len(page.LoggingConfigurations) == 0 {
			break
		}
		lin.NextMarker = page.NextMarker
	}
	servicesEach(ctx, acls, 8, func(sum waftypes.WebACLSummary) {
		arn, name := aws.ToString(sum.ARN), aws.ToString(sum.Name)
		unread := append([]string(nil), logUnread...)
		acl := waftypes.WebACL{Name: sum.Name, Id: sum.Id, ARN: sum.ARN, Description: sum.Description}
		out, err := c.GetWebACL(ctx, &wafv2.GetWebACLInput{Name: sum.Name, Id: sum.Id, Scope: scope})
		switch {
		case err == nil && out.WebACL != nil:
			acl = *out.WebACL
		case IsNotFound(err, wafNotFound):
			return // deleted since it was listed
		case err != nil:
			svcCall(s, &unread, "wafv2:GetWebACL", "web ACL "+name, err,
				[]string{"default_action", "capacity", "visibility_config", "rules", "rule_count", "metrics_enabled", "rules_without_metrics"})
		}
		s.Emit(s.New(awsmodel.TypeWAFv2WebACL, arn, name, nil, unread, awsmodel.NewWAFv2WebACL(acl, string(scope), logging[arn])))
	})
	return nil
}
