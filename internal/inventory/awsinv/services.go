package awsinv

import (
	"context"
	"fmt"
	"sync"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// servicesCollectors are the application services: one collector per
// resource type so each type's coverage stands on its own.
func servicesCollectors() []Collector {
	return []Collector{
		{
			Service: "lambda", Types: []string{awsmodel.TypeLambdaFunction},
			Actions: []string{"lambda:ListFunctions", "lambda:GetPolicy", "lambda:ListFunctionUrlConfigs"},
			Collect: collectLambdaFunctions,
		},
		{
			Service: "sqs", Types: []string{awsmodel.TypeSQSQueue},
			Actions: []string{"sqs:ListQueues", "sqs:GetQueueAttributes"},
			Collect: collectSQSQueues,
		},
		{
			Service: "secretsmanager", Types: []string{awsmodel.TypeSecretsManagerSecret},
			Actions: []string{"secretsmanager:ListSecrets", "secretsmanager:GetResourcePolicy"},
			Collect: collectSecrets,
		},
		{
			Service: "glacier", Types: []string{awsmodel.TypeGlacierVault},
			Actions: []string{"glacier:ListVaults", "glacier:GetVaultAccessPolicy"},
			Collect: collectGlacierVaults,
		},
		{
			Service: "ecr", Types: []string{awsmodel.TypeECRRepository},
			Actions: []string{"ecr:DescribeRepositories", "ecr:GetRegistryScanningConfiguration", "ecr:GetRepositoryPolicy"},
			Collect: collectECRRepositories,
		},
		{
			Service: "opensearch", Types: []string{awsmodel.TypeOpenSearchDomain},
			Actions: []string{"es:DescribeDomains", "es:ListDomainNames"},
			Collect: collectOpenSearchDomains,
		},
		{
			Service: "events", Types: []string{awsmodel.TypeEventBus},
			Actions: []string{"events:ListEventBuses"},
			Collect: collectEventBuses,
		},
		{
			Service: "elb", Types: []string{awsmodel.TypeELBLoadBalancer},
			Actions: []string{"elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
				"elasticloadbalancing:DescribeTags"},
			Collect: collectClassicLoadBalancers,
		},
		{
			Service: "elbv2", Types: []string{awsmodel.TypeELBv2LoadBalancer},
			Actions: []string{"elasticloadbalancing:DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancerAttributes",
				"elasticloadbalancing:DescribeListeners", "elasticloadbalancing:DescribeTags"},
			Collect: collectLoadBalancers,
		},
		{
			Service: "cloudfront", Global: true, Types: []string{awsmodel.TypeCloudFrontDistribution},
			Actions: []string{"cloudfront:ListDistributions", "cloudfront:GetDistributionConfig"},
			Collect: collectDistributions,
		},
		{
			Service: "apigateway", Types: []string{awsmodel.TypeAPIGatewayStage},
			Actions: []string{"apigateway:GET"},
			Collect: collectRESTAPIStages,
		},
		{
			Service: "apigateway", Types: []string{awsmodel.TypeAPIGatewayV2Stage},
			Actions: []string{"apigateway:GET"},
			Collect: collectHTTPAPIStages,
		},
		{
			Service: "ecs", Types: []string{awsmodel.TypeECSCluster},
			Actions: []string{"ecs:ListClusters", "ecs:DescribeClusters"},
			Collect: collectECSClusters,
		},
		{
			Service: "ecs", Types: []string{awsmodel.TypeECSService},
			Actions: []string{"ecs:ListClusters", "ecs:ListServices", "ecs:DescribeServices"},
			Collect: collectECSServices,
		},
		{
			Service: "ecs", Types: []string{awsmodel.TypeECSTaskDefinition},
			Actions: []string{"ecs:ListTaskDefinitions", "ecs:DescribeTaskDefinition"},
			Collect: collectECSTaskDefinitions,
		},
		{
			Service: "codebuild", Types: []string{awsmodel.TypeCodeBuildProject},
			Actions: []string{"codebuild:ListProjects", "codebuild:BatchGetProjects"},
			Collect: collectCodeBuildProjects,
		},
		{
			Service: "stepfunctions", Types: []string{awsmodel.TypeStepFunctionsStateMachine},
			Actions: []string{"states:ListStateMachines", "states:DescribeStateMachine"},
			Collect: collectStateMachines,
		},
		{
			Service: "elasticache", Types: []string{awsmodel.TypeElastiCacheReplicationGroup},
			Actions: []string{"elasticache:DescribeReplicationGroups", "elasticache:DescribeCacheClusters"},
			Collect: collectElastiCacheReplicationGroups,
		},
		{
			Service: "elasticache", Types: []string{awsmodel.TypeElastiCacheCacheCluster},
			Actions: []string{"elasticache:DescribeCacheClusters"},
			Collect: collectElastiCacheClusters,
		},
		{
			Service: "redshift", Types: []string{awsmodel.TypeRedshiftCluster},
			Actions: []string{"redshift:DescribeClusters", "redshift:DescribeLoggingStatus", "redshift:DescribeClusterParameters"},
			Collect: collectRedshiftClusters,
		},
		{
			Service: "msk", Types: []string{awsmodel.TypeMSKCluster},
			Actions: []string{"kafka:ListClustersV2"},
			Collect: collectMSKClusters,
		},
		{
			Service: "autoscaling", Types: []string{awsmodel.TypeAutoScalingGroup},
			Actions: []string{"autoscaling:DescribeAutoScalingGroups"},
			Collect: collectAutoScalingGroups,
		},
		{
			Service: "autoscaling", Types: []string{awsmodel.TypeAutoScalingLaunchConfiguration},
			Actions: []string{"autoscaling:DescribeLaunchConfigurations"},
			Collect: collectLaunchConfigurations,
		},
		{
			Service: "dynamodb", Types: []string{awsmodel.TypeDynamoDBTable},
			Actions: []string{"dynamodb:ListTables", "dynamodb:DescribeTable", "dynamodb:DescribeContinuousBackups"},
			Collect: collectDynamoDBTables,
		},
		{
			Service: "kinesis", Types: []string{awsmodel.TypeKinesisStream},
			Actions: []string{"kinesis:ListStreams", "kinesis:DescribeStreamSummary"},
			Collect: collectKinesisStreams,
		},
		{
			Service: "sagemaker", Types: []string{awsmodel.TypeSageMakerNotebookInstance},
			Actions: []string{"sagemaker:ListNotebookInstances", "sagemaker:DescribeNotebookInstance"},
			Collect: collectNotebookInstances,
		},
		{
			Service: "wafv2", Types: []string{awsmodel.TypeWAFv2WebACL},
			Actions: []string{"wafv2:ListWebACLs", "wafv2:ListLoggingConfigurations", "wafv2:GetWebACL"},
			Collect: collectWebACLs,
		},
		{
			Service: "acm", Types: []string{awsmodel.TypeACMCertificate},
			Actions: []string{"acm:ListCertificates"},
			Collect: collectCertificates,
		},
		{
			Service: "backup", Types: []string{awsmodel.TypeBackupRecoveryPoint},
			Actions: []string{"backup:ListBackupVaults", "backup:ListRecoveryPointsByBackupVault"},
			Collect: collectRecoveryPoints,
		},
		{
			Service: "route53", Global: true, Types: []string{awsmodel.TypeRoute53HostedZone},
			Actions: []string{"route53:ListHostedZones", "route53:ListQueryLoggingConfigs"},
			Collect: collectHostedZones,
		},
		{
			Service: "cognito", Types: []string{awsmodel.TypeCognitoUserPool},
			Actions: []string{"cognito-idp:ListUserPools", "cognito-idp:DescribeUserPool"},
			Collect: collectUserPools,
		},
		{
			Service: "cognito", Types: []string{awsmodel.TypeCognitoIdentityPool},
			Actions: []string{"cognito-identity:ListIdentityPools", "cognito-identity:DescribeIdentityPool"},
			Collect: collectIdentityPools,
		},
		{
			Service: "ssm", Types: []string{awsmodel.TypeSSMDocument},
			Actions: []string{"ssm:ListDocuments", "ssm:DescribeDocumentPermission"},
			Collect: collectSSMDocuments,
		},
		{
			Service: "ssm", Types: []string{awsmodel.TypeSSMRegionalSettings},
			Actions: []string{"ssm:GetServiceSetting", "ssm:DescribeInstanceInformation", "ssm:ListResourceComplianceSummaries"},
			Collect: collectSSMRegionalSettings,
		},
	}
}

// servicesActionExceptions: API Gateway authorises reads by HTTP verb on
// the resource path, not by operation.
func servicesActionExceptions() map[string]string {
	return map[string]string{
		"API Gateway:GetRestApis": "apigateway:GET",
		"API Gateway:GetStages":   "apigateway:GET",
		"ApiGatewayV2:GetApis":    "apigateway:GET",
		"ApiGatewayV2:GetStages":  "apigateway:GET",
	}
}

// servicesEach runs fn over items, at most n at a time: per-resource
// reads are paced by the transport's limiter, this only bounds the
// goroutines.
func servicesEach[T any](ctx context.Context, items []T, n int, fn func(T)) {
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	for _, it := range items {
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			fn(it)
		}()
	}
	wg.Wait()
}

// svcCall handles a per-resource read's error: absent configuration
// (the codes, or any not-found) is not a failure; anything else marks
// attrs unread and records the failure. It reports whether the call
// succeeded.
func svcCall(s *Session, unread *[]string, api, what string, err error, attrs []string, absent ...string) bool {
	if err == nil {
		return true
	}
	if IsNotFound(err, absent...) {
		return false
	}
	*unread = append(*unread, attrs...)
	s.Fail(api, fmt.Errorf("%s: %w", what, err))
	return false
}

// svcPolicy parses a resource policy; a document that does not parse
// marks attr unread.
func svcPolicy(s *Session, unread *[]string, api, what, attr string, text *string) *awsmodel.PolicyDocument {
	if text == nil || *text == "" {
		return nil
	}
	doc, err := awsmodel.ParsePolicy(*text, s.Account)
	if err != nil {
		*unread = append(*unread, attr)
		s.Fail(api, fmt.Errorf("%s: %w", what, err))
		return nil
	}
	return doc
}
