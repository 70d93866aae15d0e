package awsadapt

import (
	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

// adapter builds the resources of one aws.* type. Its functions are
// declared in the file named after the type (s3_bucket.go for
// aws.s3.bucket, TestAdapterFiles).
type adapter struct {
	// Target is the aws.* type built.
	Target string
	// Main are the source types of which every instance is one resource
	// of Target, built by Build.
	Main []string
	// Reads are the other source types the adapter reads: satellites it
	// merges into a main resource, resources it follows references to,
	// and the sources of Extra.
	Reads []string
	// Build reads one instance of Main, b's, and returns the resource's
	// name and shape.
	Build func(ix *Index, b *builder) (name string, shape any)
	// Extra, when set, builds the resources that are not one per main
	// instance: one per scope, or implied by what the scope declares.
	Extra func(ix *Index) []*model.Resource
}

// consumes lists the source types the adapter reads: Terraform and
// CloudFormation names, main and satellite resources alike.
func (a adapter) consumes() []string { return append(a.Main[:len(a.Main):len(a.Main)], a.Reads...) }

// adapt builds the adapter's resources: one per instance of Main, in
// Main's order, then Extra's.
func (a adapter) adapt(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, t := range a.Main {
		for _, in := range ix.OfType(t) {
			b := newBuilder(in)
			name, shape := a.Build(ix, b)
			out = append(out, b.resource(a.Target, name, shape))
		}
	}
	if a.Extra != nil {
		out = append(out, a.Extra(ix)...)
	}
	return out
}

// adapters lists every adapter, one per aws.* type, in the order their
// resources are built.
func adapters() []adapter {
	return []adapter{
		// S3 and storage.
		{Target: awsmodel.TypeS3Bucket, Main: []string{"aws_s3_bucket", "AWS::S3::Bucket"},
			Reads: append(tfS3Satellites(), "AWS::S3::BucketPolicy"), Build: s3Bucket},
		{Target: awsmodel.TypeS3AccountSettings, Main: []string{"aws_s3_account_public_access_block"}, Build: s3AccountSettings},
		{Target: awsmodel.TypeSQSQueue, Main: []string{"aws_sqs_queue", "AWS::SQS::Queue"},
			Reads: []string{"aws_sqs_queue_policy", "AWS::SQS::QueuePolicy"}, Build: sqsQueue},
		{Target: awsmodel.TypeSecretsManagerSecret, Main: []string{"aws_secretsmanager_secret", "AWS::SecretsManager::Secret"},
			Reads: []string{"aws_secretsmanager_secret_rotation", "aws_secretsmanager_secret_policy",
				"AWS::SecretsManager::RotationSchedule", "AWS::SecretsManager::ResourcePolicy"}, Build: secretsManagerSecret},
		{Target: awsmodel.TypeGlacierVault, Main: []string{"aws_glacier_vault", "AWS::Glacier::Vault"}, Build: glacierVault},
		{Target: awsmodel.TypeECRRepository, Main: []string{"aws_ecr_repository", "AWS::ECR::Repository"},
			Reads: []string{"aws_ecr_repository_policy"}, Build: ecrRepository},
		{Target: awsmodel.TypeOpenSearchDomain, Main: []string{"aws_elasticsearch_domain", "aws_opensearch_domain",
			"AWS::Elasticsearch::Domain", "AWS::OpenSearchService::Domain"},
			Reads: []string{"aws_elasticsearch_domain_policy", "aws_opensearch_domain_policy"}, Build: opensearchDomain},
		{Target: awsmodel.TypeEventBus, Main: []string{"aws_cloudwatch_event_bus", "AWS::Events::EventBus"},
			Reads: []string{"aws_cloudwatch_event_bus_policy", "AWS::Events::EventBusPolicy"}, Build: eventBus, Extra: defaultEventBuses},
		{Target: awsmodel.TypeEFSFileSystem, Main: []string{"aws_efs_file_system", "AWS::EFS::FileSystem"}, Build: efsFileSystem},

		// IAM and the account.
		{Target: awsmodel.TypeIAMUser, Main: []string{"aws_iam_user", "AWS::IAM::User"}, Reads: iamLinks(), Build: iamUser},
		{Target: awsmodel.TypeIAMRole, Main: []string{"aws_iam_role", "AWS::IAM::Role"}, Reads: iamLinks(), Build: iamRole},
		{Target: awsmodel.TypeIAMGroup, Main: []string{"aws_iam_group", "AWS::IAM::Group"}, Reads: iamLinks(), Build: iamGroup},
		{Target: awsmodel.TypeIAMPolicy, Main: []string{"aws_iam_policy", "AWS::IAM::ManagedPolicy"},
			Reads: append(iamLinks(), "aws_iam_role", "AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"), Build: iamPolicy, Extra: adaptKnownAWSPolicies},
		{Target: awsmodel.TypeIAMAccountSettings, Main: []string{"aws_iam_account_password_policy"}, Build: iamAccountSettings},
		{Target: awsmodel.TypeIAMServerCertificate, Main: []string{"aws_iam_server_certificate", "AWS::IAM::ServerCertificate"}, Build: iamServerCertificate},
		{Target: awsmodel.TypeAccessAnalyzerRegionalSettings, Reads: []string{"aws_accessanalyzer_analyzer", "AWS::AccessAnalyzer::Analyzer"},
			Extra: accessAnalyzerRegionalSettings},

		// EC2 and VPC, RDS, EKS.
		{Target: awsmodel.TypeEC2SecurityGroup, Main: []string{"aws_security_group", "aws_default_security_group", "AWS::EC2::SecurityGroup"},
			Reads: []string{"aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
				"AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress"}, Build: ec2SecurityGroup},
		{Target: awsmodel.TypeEC2NetworkACL, Main: []string{"aws_network_acl", "aws_default_network_acl", "AWS::EC2::NetworkAcl"},
			Reads: []string{"aws_network_acl_rule", "AWS::EC2::NetworkAclEntry"}, Build: ec2NetworkACL},
		{Target: awsmodel.TypeEC2VPC, Main: []string{"aws_vpc", "aws_default_vpc", "AWS::EC2::VPC"},
			Reads: []string{"aws_flow_log", "AWS::EC2::FlowLog"}, Build: ec2VPC},
		{Target: awsmodel.TypeEC2RouteTable, Main: []string{"aws_route_table", "aws_default_route_table", "AWS::EC2::RouteTable"},
			Reads: []string{"aws_route", "AWS::EC2::Route"}, Build: ec2RouteTable},
		{Target: awsmodel.TypeEC2Subnet, Main: []string{"aws_subnet", "aws_default_subnet", "AWS::EC2::Subnet"}, Build: ec2Subnet},
		{Target: awsmodel.TypeEC2Instance, Main: []string{"aws_instance", "AWS::EC2::Instance"},
			Reads: []string{"aws_launch_template", "AWS::EC2::LaunchTemplate"}, Build: ec2Instance},
		{Target: awsmodel.TypeEC2Volume, Main: []string{"aws_ebs_volume", "AWS::EC2::Volume"}, Build: ec2Volume, Extra: instanceVolumes},
		{Target: awsmodel.TypeEC2Snapshot, Main: []string{"aws_ebs_snapshot", "aws_ebs_snapshot_copy"}, Build: ec2Snapshot},
		{Target: awsmodel.TypeEC2RegionalSettings, Main: []string{"aws_ebs_encryption_by_default"},
			Reads: []string{"aws_ebs_default_kms_key"}, Build: ec2RegionalSettings},
		{Target: awsmodel.TypeEC2VPCEndpoint, Main: []string{"aws_vpc_endpoint", "AWS::EC2::VPCEndpoint"}, Build: ec2VPCEndpoint},
		{Target: awsmodel.TypeRDSDBInstance, Main: []string{"aws_db_instance", "aws_rds_cluster_instance", "AWS::RDS::DBInstance"}, Build: rdsDBInstance},
		{Target: awsmodel.TypeRDSDBCluster, Main: []string{"aws_rds_cluster", "aws_neptune_cluster", "AWS::RDS::DBCluster", "AWS::Neptune::DBCluster"},
			Build: rdsDBCluster},
		{Target: awsmodel.TypeEKSCluster, Main: []string{"aws_eks_cluster", "AWS::EKS::Cluster"}, Build: eksCluster},
		{Target: awsmodel.TypeEKSNodegroup, Main: []string{"aws_eks_node_group", "AWS::EKS::Nodegroup"},
			Reads: []string{"aws_launch_template", "AWS::EC2::LaunchTemplate"}, Build: eksNodegroup},
		{Target: awsmodel.TypeRoute53HostedZone, Main: []string{"aws_route53_zone", "AWS::Route53::HostedZone"},
			Reads: []string{"aws_route53_query_log"}, Build: route53HostedZone},
		{Target: awsmodel.TypeCognitoUserPool, Main: []string{"aws_cognito_user_pool", "AWS::Cognito::UserPool"}, Build: cognitoUserPool},
		{Target: awsmodel.TypeCognitoIdentityPool, Main: []string{"aws_cognito_identity_pool", "AWS::Cognito::IdentityPool"}, Build: cognitoIdentityPool},
		{Target: awsmodel.TypeSSMDocument, Main: []string{"aws_ssm_document", "AWS::SSM::Document"}, Build: ssmDocument},

		// Logging and monitoring. aws.cloudtrail.account_settings is not
		// adapted: it anchors rules that ask whether some trail of the
		// account (own or organisation) logs everything, and a template
		// cannot know the account's other trails; those rules judge the
		// declared trails themselves.
		{Target: awsmodel.TypeCloudTrailTrail, Main: []string{"aws_cloudtrail", "AWS::CloudTrail::Trail"}, Build: cloudTrailTrail},
		{Target: awsmodel.TypeKMSKey, Main: []string{"aws_kms_key", "AWS::KMS::Key"},
			Reads: []string{"aws_kms_alias", "aws_kms_key_policy", "AWS::KMS::Alias"}, Build: kmsKey},
		{Target: awsmodel.TypeSNSTopic, Main: []string{"aws_sns_topic", "AWS::SNS::Topic"},
			Reads: []string{"aws_sns_topic_policy", "aws_sns_topic_subscription",
				"AWS::SNS::TopicPolicy", "AWS::SNS::TopicInlinePolicy", "AWS::SNS::Subscription"}, Build: snsTopic},
		{Target: awsmodel.TypeLogsMetricFilter, Main: []string{"aws_cloudwatch_log_metric_filter", "AWS::Logs::MetricFilter"}, Build: logsMetricFilter},
		{Target: awsmodel.TypeCloudWatchAlarm, Main: []string{"aws_cloudwatch_metric_alarm", "AWS::CloudWatch::Alarm"}, Build: cloudWatchAlarm},
		{Target: awsmodel.TypeConfigRegionalSettings, Main: []string{"aws_config_configuration_recorder", "AWS::Config::ConfigurationRecorder"},
			Reads: []string{"aws_config_configuration_recorder_status"}, Build: configRegionalSettings},
		{Target: awsmodel.TypeGuardDutyRegionalSettings, Main: []string{"aws_guardduty_detector", "AWS::GuardDuty::Detector"},
			Reads: []string{"aws_guardduty_detector_feature"}, Build: guardDutyRegionalSettings},
		{Target: awsmodel.TypeSecurityHubRegionalSettings, Main: []string{"aws_securityhub_account", "AWS::SecurityHub::Hub"}, Build: securityHubRegionalSettings},
		{Target: awsmodel.TypeMacieRegionalSettings, Main: []string{"aws_macie2_account", "AWS::Macie::Session"}, Build: macieRegionalSettings},

		// Application services.
		{Target: awsmodel.TypeLambdaFunction, Main: []string{"aws_lambda_function", "AWS::Lambda::Function"},
			Reads: []string{"aws_lambda_permission", "aws_lambda_function_url", "AWS::Lambda::Permission", "AWS::Lambda::Url"}, Build: lambdaFunction},
		{Target: awsmodel.TypeELBLoadBalancer, Main: []string{"aws_elb", "AWS::ElasticLoadBalancing::LoadBalancer"}, Build: elbLoadBalancer},
		{Target: awsmodel.TypeELBv2LoadBalancer, Main: []string{"aws_lb", "aws_alb", "AWS::ElasticLoadBalancingV2::LoadBalancer"},
			Reads: []string{"aws_lb_listener", "aws_alb_listener", "AWS::ElasticLoadBalancingV2::Listener"}, Build: elbv2LoadBalancer},
		{Target: awsmodel.TypeCloudFrontDistribution, Main: []string{"aws_cloudfront_distribution", "AWS::CloudFront::Distribution"},
			Build: cloudFrontDistribution},
		{Target: awsmodel.TypeAPIGatewayStage, Main: []string{"aws_api_gateway_stage", "AWS::ApiGateway::Stage"},
			Reads: append([]string{"aws_api_gateway_method_settings", "aws_api_gateway_rest_api", "AWS::ApiGateway::RestApi"}, wafAssociationTypes()...),
			Build: apiGatewayStage},
		{Target: awsmodel.TypeAPIGatewayV2Stage, Main: []string{"aws_apigatewayv2_stage", "AWS::ApiGatewayV2::Stage"},
			Reads: []string{"aws_apigatewayv2_api", "AWS::ApiGatewayV2::Api"}, Build: apiGatewayV2Stage},
		{Target: awsmodel.TypeECSCluster, Main: []string{"aws_ecs_cluster", "AWS::ECS::Cluster"}, Build: ecsCluster},
		{Target: awsmodel.TypeECSService, Main: []string{"aws_ecs_service", "AWS::ECS::Service"},
			Reads: []string{"aws_ecs_task_set", "AWS::ECS::TaskSet"}, Build: ecsService},
		{Target: awsmodel.TypeECSTaskDefinition, Main: []string{"aws_ecs_task_definition", "AWS::ECS::TaskDefinition"}, Build: ecsTaskDefinition},
		{Target: awsmodel.TypeCodeBuildProject, Main: []string{"aws_codebuild_project", "AWS::CodeBuild::Project"}, Build: codebuildProject},
		{Target: awsmodel.TypeStepFunctionsStateMachine, Main: []string{"aws_sfn_state_machine", "AWS::StepFunctions::StateMachine"},
			Build: stepFunctionsStateMachine},

		// Images and database snapshots shared with everyone: Terraform
		// only, CloudFormation has a resource for neither.
		{Target: awsmodel.TypeEC2Image, Main: []string{"aws_ami", "aws_ami_copy", "aws_ami_from_instance"},
			Reads: []string{"aws_ami_launch_permission"}, Build: ec2Image},
		{Target: awsmodel.TypeRDSDBSnapshot, Main: []string{"aws_db_snapshot"}, Build: rdsDBSnapshot},
		{Target: awsmodel.TypeRDSDBClusterSnapshot, Main: []string{"aws_db_cluster_snapshot"}, Build: rdsDBClusterSnapshot},

		// Launch templates and Auto Scaling.
		{Target: awsmodel.TypeEC2LaunchTemplate, Main: []string{"aws_launch_template", "AWS::EC2::LaunchTemplate"}, Build: ec2LaunchTemplate},
		{Target: awsmodel.TypeAutoScalingGroup, Main: []string{"aws_autoscaling_group", "AWS::AutoScaling::AutoScalingGroup"},
			Reads: []string{"aws_autoscaling_attachment", "aws_autoscaling_traffic_source_attachment"}, Build: autoScalingGroup},
		{Target: awsmodel.TypeAutoScalingLaunchConfiguration, Main: []string{"aws_launch_configuration", "AWS::AutoScaling::LaunchConfiguration"},
			Build: autoScalingLaunchConfiguration},

		{Target: awsmodel.TypeDynamoDBTable, Main: []string{"aws_dynamodb_table", "AWS::DynamoDB::Table"}, Build: dynamodbTable},

		{Target: awsmodel.TypeKinesisStream, Main: []string{"aws_kinesis_stream", "AWS::Kinesis::Stream"}, Build: kinesisStream},

		{Target: awsmodel.TypeWAFv2WebACL, Main: []string{"aws_wafv2_web_acl", "AWS::WAFv2::WebACL"},
			Reads: []string{"aws_wafv2_web_acl_logging_configuration", "AWS::WAFv2::LoggingConfiguration"}, Build: wafv2WebACL},

		{Target: awsmodel.TypeACMCertificate, Main: []string{"aws_acm_certificate", "AWS::CertificateManager::Certificate"}, Build: acmCertificate},

		{Target: awsmodel.TypeSageMakerNotebookInstance, Main: []string{"aws_sagemaker_notebook_instance", "AWS::SageMaker::NotebookInstance"},
			Build: sageMakerNotebookInstance},

		// The Terraform AWS provider's configuration (the front-end's
		// provider.aws instances), where credentials may be written.
		{Target: awsmodel.TypeTerraformProvider, Main: []string{"provider.aws"}, Build: terraformProvider},

		// ElastiCache.
		{Target: awsmodel.TypeElastiCacheReplicationGroup, Main: []string{"aws_elasticache_replication_group", "AWS::ElastiCache::ReplicationGroup"},
			Build: elasticacheReplicationGroup},
		{Target: awsmodel.TypeElastiCacheCacheCluster, Main: []string{"aws_elasticache_cluster", "AWS::ElastiCache::CacheCluster"},
			Build: elasticacheCacheCluster},

		// Redshift.
		{Target: awsmodel.TypeRedshiftCluster, Main: []string{"aws_redshift_cluster", "AWS::Redshift::Cluster"},
			Reads: []string{"aws_redshift_parameter_group", "AWS::Redshift::ClusterParameterGroup", "aws_redshift_logging"}, Build: redshiftCluster},

		// Amazon MSK.
		{Target: awsmodel.TypeMSKCluster, Main: []string{"aws_msk_cluster", "aws_msk_serverless_cluster", "AWS::MSK::Cluster", "AWS::MSK::ServerlessCluster"},
			Build: mskCluster},
	}
}
