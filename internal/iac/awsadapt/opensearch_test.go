package awsadapt

import (
	"fmt"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestOpenSearchDomains(t *testing.T) {
	open := `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"es:*","Resource":"*"}]}`
	insts := []cloudres.Instance{
		// In a VPC by subnet reference, audit logs to a log group.
		tf("aws_opensearch_domain", "aws_opensearch_domain.vpc", 1, props{"domain_name": "vpc", "engine_version": "OpenSearch_2.11",
			"vpc_options":     items(props{"subnet_ids": []any{refAt("aws_subnet.a", "id")}}),
			"access_policies": open,
			"log_publishing_options": items(props{"log_type": "AUDIT_LOGS", "cloudwatch_log_group_arn": refAt("aws_cloudwatch_log_group.g", "arn")},
				props{"log_type": "ES_APPLICATION_LOGS", "enabled": false, "cloudwatch_log_group_arn": "arn:aws:logs:::log-group:a"})}),
		// A policy known only at apply.
		tf("aws_elasticsearch_domain", "aws_elasticsearch_domain.later", 20, props{"domain_name": "later", "elasticsearch_version": "7.10"}),
		tf("aws_elasticsearch_domain_policy", "aws_elasticsearch_domain_policy.later", 30, props{
			"domain_name": refAt("aws_elasticsearch_domain.later", "domain_name"), "access_policies": cloudres.Unknown{}}),
		cfnRes("AWS::OpenSearchService::Domain", "Cfn", 1, props{"DomainName": "cfn", "AccessPolicies": map[string]any{
			"Statement": []any{map[string]any{"Effect": "Allow", "Principal": map[string]any{"AWS": "*"}, "Action": "es:*", "Resource": "*"}}},
			"LogPublishingOptions": props{"AUDIT_LOGS": props{"CloudWatchLogsLogGroupArn": "arn:aws:logs:::log-group:a"}}}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-opensearch-public-access", []string{"cfn"}, []string{"vpc", "later"})
	vpc := find(t, res, "vpc").Attributes
	logs := fmt.Sprint(vpc["log_publishing_options"])
	if vpc["in_vpc"] != true || vpc["engine_version"] != "OpenSearch_2.11" ||
		logs != "map[AUDIT_LOGS:map[cloud_watch_logs_log_group_arn:${aws_cloudwatch_log_group.g.arn} enabled:true] ES_APPLICATION_LOGS:map[cloud_watch_logs_log_group_arn:arn:aws:logs:::log-group:a enabled:false]]" {
		t.Errorf("vpc domain: in_vpc %v engine %v logs %s", vpc["in_vpc"], vpc["engine_version"], logs)
	}
	later := find(t, res, "later").Attributes
	if fmt.Sprint(later["unread"]) != "[policy public]" || later["engine_version"] != "Elasticsearch_7.10" {
		t.Errorf("later domain: unread %v engine %v", later["unread"], later["engine_version"])
	}
	if l := fmt.Sprint(find(t, res, "cfn").Attributes["log_publishing_options"]); l != "map[AUDIT_LOGS:map[cloud_watch_logs_log_group_arn:arn:aws:logs:::log-group:a enabled:false]]" {
		t.Errorf("cfn logs: %s", l)
	}
}
