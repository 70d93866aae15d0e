package awsinv

import (
	"sort"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
)

// servicesRuleIDs are the rules of the services family; each must fire
// on the misconfigured scenario on the resource named here.
var servicesRuleIDs = map[string]string{
	"aws-lambda-public-policy":               "arn:aws:lambda:us-east-1:111111111111:function:public-api",
	"aws-lambda-env-credentials":             "arn:aws:lambda:us-east-1:111111111111:function:legacy-worker",
	"aws-lambda-url-no-auth":                 "arn:aws:lambda:us-east-1:111111111111:function:public-api",
	"aws-lambda-deprecated-runtime":          "arn:aws:lambda:us-east-1:111111111111:function:legacy-worker",
	"aws-sqs-public-policy":                  "arn:aws:sqs:us-east-1:111111111111:orders-public",
	"aws-sqs-encryption":                     "arn:aws:sqs:us-east-1:111111111111:plain-queue",
	"aws-secretsmanager-public-policy":       "arn:aws:secretsmanager:us-east-1:111111111111:secret:db-master-AbCdEf",
	"aws-secretsmanager-rotation":            "arn:aws:secretsmanager:us-east-1:111111111111:secret:api-key-shared-GhIjKl",
	"aws-glacier-public-policy":              "arn:aws:glacier:us-east-1:111111111111:vaults/archive-public",
	"aws-events-public-policy":               "arn:aws:events:us-east-1:111111111111:event-bus/default",
	"aws-elb-access-logging":                 "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/legacy-web",
	"aws-elb-tls-listener":                   "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/legacy-web",
	"aws-elbv2-access-logging":               "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web-alb/50dc6c495c0c9188",
	"aws-elbv2-http-listener":                "arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/web-alb/50dc6c495c0c9188",
	"aws-cloudfront-access-logging":          "arn:aws:cloudfront::111111111111:distribution/E1PUBLICSITE",
	"aws-cloudfront-viewer-http":             "arn:aws:cloudfront::111111111111:distribution/E1PUBLICSITE",
	"aws-apigateway-access-logging":          "arn:aws:apigateway:us-east-1::/apis/k1l2m3n4o5/stages/production",
	"aws-apigateway-waf":                     "arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod",
	"aws-cloudfront-waf":                     "arn:aws:cloudfront::111111111111:distribution/E1PUBLICSITE",
	"aws-ecr-public-policy":                  "arn:aws:ecr:us-east-1:111111111111:repository/web-images",
	"aws-ecr-scan-on-push":                   "arn:aws:ecr:us-east-1:111111111111:repository/base-images",
	"aws-ecr-tag-immutability":               "arn:aws:ecr:us-east-1:111111111111:repository/base-images",
	"aws-opensearch-encryption-at-rest":      "arn:aws:es:us-east-1:111111111111:domain/logs-public",
	"aws-opensearch-node-to-node-encryption": "arn:aws:es:us-east-1:111111111111:domain/logs-public",
	"aws-opensearch-https-enforced":          "arn:aws:es:us-east-1:111111111111:domain/logs-public",
	"aws-opensearch-public-access":           "arn:aws:es:us-east-1:111111111111:domain/logs-public",
	"aws-ecs-container-insights":             "arn:aws:ecs:us-east-1:111111111111:cluster/web-cluster",
	"aws-ecs-service-public-ip":              "arn:aws:ecs:us-east-1:111111111111:service/web-cluster/canary",
	"aws-ecs-fargate-platform-version":       "arn:aws:ecs:us-east-1:111111111111:service/web-cluster/web",
	"aws-ecs-privileged-container":           "arn:aws:ecs:us-east-1:111111111111:task-definition/legacy-host:1",
	"aws-ecs-host-network":                   "arn:aws:ecs:us-east-1:111111111111:task-definition/legacy-host:1",
	"aws-ecs-host-network-root-user":         "arn:aws:ecs:us-east-1:111111111111:task-definition/legacy-host:1",
	"aws-ecs-host-pid":                       "arn:aws:ecs:us-east-1:111111111111:task-definition/legacy-host:1",
	"aws-ecs-env-credentials":                "arn:aws:ecs:us-east-1:111111111111:task-definition/web:3",
	"aws-ecs-readonly-root-filesystem":       "arn:aws:ecs:us-east-1:111111111111:task-definition/web:3",
	"aws-ecs-container-logging":              "arn:aws:ecs:us-east-1:111111111111:task-definition/web:3",
	"aws-ecs-non-root-user":                  "arn:aws:ecs:us-east-1:111111111111:task-definition/web:3",
	"aws-ecs-efs-transit-encryption":         "arn:aws:ecs:us-east-1:111111111111:task-definition/web:3",
	"aws-codebuild-source-credentials":       "arn:aws:codebuild:us-east-1:111111111111:project/docker-images",
	"aws-codebuild-env-credentials":          "arn:aws:codebuild:us-east-1:111111111111:project/build-legacy",
	"aws-codebuild-s3-logs-encryption":       "arn:aws:codebuild:us-east-1:111111111111:project/docker-images",
	"aws-codebuild-logging":                  "arn:aws:codebuild:us-east-1:111111111111:project/build-legacy",
	"aws-codebuild-privileged-mode":          "arn:aws:codebuild:us-east-1:111111111111:project/build-legacy",
	"aws-codebuild-artifact-encryption":      "arn:aws:codebuild:us-east-1:111111111111:project/docker-images",
	"aws-stepfunctions-logging":              "arn:aws:states:us-east-1:111111111111:stateMachine:etl",
	"aws-elasticache-automatic-backups":      "arn:aws:elasticache:us-east-1:111111111111:cluster:rate-limits",
	"aws-elasticache-auto-minor-upgrade":     "arn:aws:elasticache:us-east-1:111111111111:cluster:sessions-001",
	"aws-elasticache-automatic-failover":     "arn:aws:elasticache:us-east-1:111111111111:replicationgroup:sessions",
	"aws-elasticache-encryption-at-rest":     "arn:aws:elasticache:us-east-1:111111111111:replicationgroup:sessions",
	"aws-elasticache-encryption-in-transit":  "arn:aws:elasticache:us-east-1:111111111111:replicationgroup:sessions",
	"aws-elasticache-redis-auth":             "arn:aws:elasticache:us-east-1:111111111111:replicationgroup:sessions",
	"aws-elasticache-default-subnet-group":   "arn:aws:elasticache:us-east-1:111111111111:cluster:catalog",
	"aws-redshift-public-access":             "arn:aws:redshift:us-east-1:111111111111:cluster:analytics",
	"aws-redshift-require-ssl":               "arn:aws:redshift:us-east-1:111111111111:cluster:reporting",
	"aws-redshift-automated-snapshots":       "arn:aws:redshift:us-east-1:111111111111:cluster:reporting",
	"aws-redshift-audit-logging":             "arn:aws:redshift:us-east-1:111111111111:cluster:analytics",
	"aws-redshift-major-version-upgrade":     "arn:aws:redshift:us-east-1:111111111111:cluster:analytics",
	"aws-redshift-enhanced-vpc-routing":      "arn:aws:redshift:us-east-1:111111111111:cluster:analytics",
	"aws-redshift-default-admin-username":    "arn:aws:redshift:us-east-1:111111111111:cluster:analytics",
	"aws-redshift-default-database-name":     "arn:aws:redshift:us-east-1:111111111111:cluster:analytics",
	"aws-redshift-encryption-at-rest":        "arn:aws:redshift:us-east-1:111111111111:cluster:analytics",
	"aws-redshift-multi-az":                  "arn:aws:redshift:us-east-1:111111111111:cluster:analytics",
	"aws-redshift-default-port":              "arn:aws:redshift:us-east-1:111111111111:cluster:analytics",
	"aws-msk-in-cluster-encryption":          "arn:aws:kafka:us-east-1:111111111111:cluster/events/0a1b2c3d-1111-2222-3333-444455556666-1",
	"aws-msk-client-tls":                     "arn:aws:kafka:us-east-1:111111111111:cluster/events/0a1b2c3d-1111-2222-3333-444455556666-1",
	"aws-msk-enhanced-monitoring":            "arn:aws:kafka:us-east-1:111111111111:cluster/events/0a1b2c3d-1111-2222-3333-444455556666-1",
	"aws-msk-public-access":                  "arn:aws:kafka:us-east-1:111111111111:cluster/events/0a1b2c3d-1111-2222-3333-444455556666-1",
	"aws-msk-unauthenticated-access":         "arn:aws:kafka:us-east-1:111111111111:cluster/orders-stream/1a1b2c3d-1111-2222-3333-444455556666-1",
}

func evaluateServices(t *testing.T, scenario string) []policy.Result {
	t.Helper()
	replay(t, scenario)
	_, res := scan(t, Config{Services: servicesNames})
	return scantest.Evaluate(t, scantest.Library(t).Engine, res.Resources)
}

func TestServicesRulesOnScenarios(t *testing.T) {
	fired := map[string]map[string]bool{}
	for _, r := range evaluateServices(t, "misconfigured") {
		if fired[r.Rule.ID] == nil {
			fired[r.Rule.ID] = map[string]bool{}
		}
		fired[r.Rule.ID][r.Resource.ID] = true
	}
	for id, res := range servicesRuleIDs {
		if !fired[id][res] {
			var got []string
			for k := range fired[id] {
				got = append(got, k)
			}
			sort.Strings(got)
			t.Errorf("misconfigured: %s did not fire on %s (fired on %v)", id, res, got)
		}
	}

	for _, r := range evaluateServices(t, "hardened") {
		if _, ours := servicesRuleIDs[r.Rule.ID]; ours && r.Rule.Severity > model.SeverityLow {
			t.Errorf("hardened: %s (%s) fired on %s: %s", r.Rule.ID, r.Rule.Severity, r.Resource.ID, r.Message)
		}
		if strings.HasPrefix(r.Rule.ID, "aws-") {
			t.Logf("hardened finding: %s %s %s", r.Rule.ID, r.Rule.Severity, r.Resource.ID)
		}
	}
}
