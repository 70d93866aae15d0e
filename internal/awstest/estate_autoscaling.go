package awstest

import (
	"fmt"
	"strconv"
	"strings"
)

// registerAutoScaling generates launch templates (one in seven allows
// IMDSv1, one in ten gives a public address), Auto Scaling groups (one
// in five still on a launch configuration) and launch configurations,
// each list paged as the real API pages it.
func (e Estate) registerAutoScaling(s *Server, counts map[string]int) {
	pageOf := func(req *Request, key string, total, size int) (from, to int, next string) {
		from, _ = strconv.Atoi(strings.TrimPrefix(req.Params[key], "t"))
		to = min(from+size, total)
		if to < total {
			next = "t" + strconv.Itoa(to)
		}
		return from, to, next
	}
	lts := counts["ec2:DescribeLaunchTemplateVersions"]
	s.Handle("ec2:DescribeLaunchTemplateVersions", func(req *Request) *Reply {
		from, to, next := pageOf(req, "NextToken", lts, 200)
		var b strings.Builder
		b.WriteString(`<DescribeLaunchTemplateVersionsResponse><requestId>r</requestId><launchTemplateVersionSet>`)
		for i := from; i < to; i++ {
			fmt.Fprintf(&b, `<item><launchTemplateId>lt-%[1]s-%[2]d</launchTemplateId><launchTemplateName>lt-%[2]d</launchTemplateName><versionNumber>1</versionNumber><defaultVersion>true</defaultVersion><createTime>2025-01-01T00:00:00.000Z</createTime><launchTemplateData><imageId>ami-1</imageId><instanceType>m5.large</instanceType><metadataOptions><httpTokens>%[3]s</httpTokens><httpEndpoint>enabled</httpEndpoint></metadataOptions><networkInterfaceSet><item><deviceIndex>0</deviceIndex><associatePublicIpAddress>%[4]t</associatePublicIpAddress></item></networkInterfaceSet></launchTemplateData></item>`,
				req.Region, i, []string{"required", "optional"}[i%7/6], i%10 == 0)
		}
		b.WriteString(`</launchTemplateVersionSet>`)
		if next != "" {
			fmt.Fprintf(&b, `<nextToken>%s</nextToken>`, next)
		}
		b.WriteString(`</DescribeLaunchTemplateVersionsResponse>`)
		return &Reply{Body: b.String()}
	})
	groups := counts["autoscaling:DescribeAutoScalingGroups"]
	s.Handle("autoscaling:DescribeAutoScalingGroups", func(req *Request) *Reply {
		from, to, next := pageOf(req, "NextToken", groups, 100)
		items := make([]any, 0, to-from)
		for i := from; i < to; i++ {
			g := map[string]any{
				"AutoScalingGroupName": fmt.Sprintf("asg-%d", i),
				"AutoScalingGroupARN":  fmt.Sprintf("arn:aws:autoscaling:%s:%s:autoScalingGroup:uuid-%d:autoScalingGroupName/asg-%d", req.Region, req.Account, i, i),
				"MinSize":              1, "MaxSize": 4, "DesiredCapacity": 2, "DefaultCooldown": 300,
				"AvailabilityZones": []any{req.Region + "a", req.Region + "b"}, "HealthCheckType": "ELB",
				"TargetGroupARNs": []any{fmt.Sprintf("arn:aws:elasticloadbalancing:%s:%s:targetgroup/tg-%d/1", req.Region, req.Account, i)},
				"CreatedTime":     "2025-01-01T00:00:00.000Z",
				"Tags":            []any{map[string]any{"Key": "team", "Value": fmt.Sprintf("team-%d", i%50), "ResourceId": fmt.Sprintf("asg-%d", i), "ResourceType": "auto-scaling-group", "PropagateAtLaunch": true}},
			}
			if i%5 == 0 {
				g["LaunchConfigurationName"] = fmt.Sprintf("lc-%d", i)
			} else {
				g["LaunchTemplate"] = map[string]any{"LaunchTemplateId": fmt.Sprintf("lt-%s-%d", req.Region, i), "Version": "$Default"}
			}
			items = append(items, g)
		}
		body := map[string]any{"AutoScalingGroups": items}
		if next != "" {
			body["NextToken"] = next
		}
		return &Reply{Body: body}
	})
	lcs := counts["autoscaling:DescribeLaunchConfigurations"]
	s.Handle("autoscaling:DescribeLaunchConfigurations", func(req *Request) *Reply {
		from, to, next := pageOf(req, "NextToken", lcs, 100)
		items := make([]any, 0, to-from)
		for i := from; i < to; i++ {
			items = append(items, map[string]any{
				"LaunchConfigurationName": fmt.Sprintf("lc-%d", i),
				"LaunchConfigurationARN":  fmt.Sprintf("arn:aws:autoscaling:%s:%s:launchConfiguration:uuid-%d:launchConfigurationName/lc-%d", req.Region, req.Account, i, i),
				"ImageId":                 "ami-1", "InstanceType": "m5.large", "CreatedTime": "2025-01-01T00:00:00.000Z",
				"AssociatePublicIpAddress": i%10 == 0,
				"MetadataOptions":          map[string]any{"HttpTokens": []string{"required", "optional"}[i%7/6], "HttpEndpoint": "enabled"},
			})
		}
		body := map[string]any{"LaunchConfigurations": items}
		if next != "" {
			body["NextToken"] = next
		}
		return &Reply{Body: body}
	})
}
