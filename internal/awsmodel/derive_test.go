package awsmodel

import (
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	acmtypes "github.com/aws/aws-sdk-go-v2/service/acm/types"
	apigwtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	apigwv2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	astypes "github.com/aws/aws-sdk-go-v2/service/autoscaling/types"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	cbtypes "github.com/aws/aws-sdk-go-v2/service/codebuild/types"
	cognitotypes "github.com/aws/aws-sdk-go-v2/service/cognitoidentityprovider/types"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
	ecstypes "github.com/aws/aws-sdk-go-v2/service/ecs/types"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	ectypes "github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	elbtypes "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancing/types"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	kafkatypes "github.com/aws/aws-sdk-go-v2/service/kafka/types"
	kinesistypes "github.com/aws/aws-sdk-go-v2/service/kinesis/types"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	ostypes "github.com/aws/aws-sdk-go-v2/service/opensearch/types"
	rstypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"
	route53types "github.com/aws/aws-sdk-go-v2/service/route53/types"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	smtypes "github.com/aws/aws-sdk-go-v2/service/secretsmanager/types"
	sfntypes "github.com/aws/aws-sdk-go-v2/service/sfn/types"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
)

// derivedSamples holds, for every type with derived fields, a value
// whose Derive changes its attributes: what a collector or adapter
// fills, before derivation.
func derivedSamples(t *testing.T) map[string]any {
	t.Helper()
	passRole, err := ParsePolicy(`{"Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}`, "")
	if err != nil {
		t.Fatal(err)
	}
	trust, err := ParsePolicy(`{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole"}]}`, "")
	if err != nil {
		t.Fatal(err)
	}
	past := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	return map[string]any{
		TypeS3Bucket: S3Bucket{Name: "b", AccountPublicAccessBlock: &PublicAccessBlock{BlockPublicAcls: true},
			ACL: &BucketACL{Grants: []s3types.Grant{{Grantee: &s3types.Grantee{URI: aws.String(AllUsersGroup)}}}}},
		TypeIAMUser: IAMUser{UserName: "u", AttachedManagedPolicies: []iamtypes.AttachedPolicy{{PolicyName: aws.String("p")}}},
		TypeIAMRole: IAMRole{RoleName: "r", Path: "/aws-service-role/", RoleLastUsed: &iamtypes.RoleLastUsed{LastUsedDate: &past},
			AssumeRolePolicyDocument: trust, OwnerAccount: "111111111111"},
		TypeIAMGroup:                       IAMGroup{GroupName: "g", GroupPolicyList: []InlinePolicy{{PolicyName: "p", PolicyDocument: passRole}}},
		TypeIAMServerCertificate:           IAMServerCertificate{ServerCertificateMetadata: iamtypes.ServerCertificateMetadata{Expiration: &past}},
		TypeAccessAnalyzerRegionalSettings: AccessAnalyzerRegionalSettings{Analyzers: []Analyzer{{Name: "a", Type: "ACCOUNT", Status: "ACTIVE"}}},
		TypeEC2Instance: EC2Instance{Instance: ec2types.Instance{MetadataOptions: &ec2types.InstanceMetadataOptionsResponse{
			HttpTokens: ec2types.HttpTokensStateRequired}}},
		TypeEC2SecurityGroup:     EC2SecurityGroup{SecurityGroup: ec2types.SecurityGroup{GroupName: aws.String("default")}},
		TypeEC2VPC:               EC2VPC{FlowLogs: []ec2types.FlowLog{{FlowLogStatus: aws.String("ACTIVE")}}},
		TypeRDSDBSnapshot:        RDSDBSnapshot{RestoreAccounts: []string{"all"}},
		TypeRDSDBClusterSnapshot: RDSDBClusterSnapshot{RestoreAccounts: []string{"all"}},
		TypeEKSCluster: EKSCluster{Cluster: ekstypes.Cluster{EncryptionConfig: []ekstypes.EncryptionConfig{{
			Provider: &ekstypes.Provider{KeyArn: aws.String("arn:aws:kms:::key/k")}}}}},
		TypeRoute53HostedZone:   Route53HostedZone{QueryLoggingConfigs: []route53types.QueryLoggingConfig{{Id: aws.String("q")}}},
		TypeCognitoUserPool:     CognitoUserPool{UserPoolType: cognitotypes.UserPoolType{UserPoolAddOns: &cognitotypes.UserPoolAddOnsType{AdvancedSecurityMode: cognitotypes.AdvancedSecurityModeTypeEnforced}}},
		TypeSSMDocument:         SSMDocument{SharedWith: []string{"All"}},
		TypeSSMRegionalSettings: SSMRegionalSettings{PublicSharingPermission: "Disable"},
		TypeEKSNodegroup:        EKSNodegroup{Nodegroup: ekstypes.Nodegroup{RemoteAccess: &ekstypes.RemoteAccessConfig{Ec2SshKey: aws.String("k")}}},
		TypeKMSKey:              KMSKey{KeyMetadata: kmstypes.KeyMetadata{KeyManager: kmstypes.KeyManagerTypeCustomer}},
		TypeConfigRegionalSettings: ConfigRegionalSettings{ConfigurationRecorders: []ConfigRecorder{{
			Status: &cfgtypes.ConfigurationRecorderStatus{Recording: true, LastStatus: cfgtypes.RecorderStatusSuccess}}}},
		TypeGuardDutyRegionalSettings: GuardDutyRegionalSettings{Detectors: []GuardDutyDetector{{Status: "ENABLED"}}},
		TypeSNSTopic:                  SNSTopic{Subscriptions: []snstypes.Subscription{{SubscriptionArn: aws.String("arn:aws:sns:::t:s")}}},
		TypeCloudTrailTrail:           CloudTrailTrail{Status: &TrailStatus{IsLogging: aws.Bool(true)}},
		TypeMacieRegionalSettings:     MacieRegionalSettings{Status: "ENABLED"},
		TypeLambdaFunction:            LambdaFunction{URLConfigs: []lambdatypes.FunctionUrlConfig{{AuthType: lambdatypes.FunctionUrlAuthTypeNone}}},
		TypeSQSQueue:                  SQSQueue{QueueURL: "q", SqsManagedSseEnabled: true},
		TypeECRRepository:             ECRRepository{Repository: ecrtypes.Repository{ImageTagMutability: ecrtypes.ImageTagMutabilityImmutable}},
		TypeOpenSearchDomain:          OpenSearchDomain{EncryptionAtRestOptions: &ostypes.EncryptionAtRestOptions{Enabled: aws.Bool(true)}},
		TypeSecretsManagerSecret:      SecretsManagerSecret{SecretListEntry: smtypes.SecretListEntry{CreatedDate: &past}},
		TypeELBLoadBalancer:           ELBLoadBalancer{Attributes: &elbtypes.LoadBalancerAttributes{AccessLog: &elbtypes.AccessLog{Enabled: true}}},
		TypeELBv2LoadBalancer:         ELBv2LoadBalancer{Attributes: map[string]string{"access_logs.s3.enabled": "true"}},
		TypeCloudFrontDistribution: CloudFrontDistribution{DistributionConfig: &cftypes.DistributionConfig{
			Logging: &cftypes.LoggingConfig{Enabled: aws.Bool(true)}}},
		TypeAPIGatewayStage: APIGatewayStage{Stage: apigwtypes.Stage{AccessLogSettings: &apigwtypes.AccessLogSettings{
			DestinationArn: aws.String("arn:aws:logs:::log-group:g")}}},
		TypeEC2LaunchTemplate: EC2LaunchTemplate{LaunchTemplateVersion: ec2types.LaunchTemplateVersion{LaunchTemplateData: &ec2types.ResponseLaunchTemplateData{
			MetadataOptions: &ec2types.LaunchTemplateInstanceMetadataOptions{HttpTokens: ec2types.LaunchTemplateHttpTokensStateRequired}}}},
		TypeAutoScalingGroup: AutoScalingGroup{AutoScalingGroup: astypes.AutoScalingGroup{AvailabilityZones: []string{"us-east-1a"}}},
		TypeAutoScalingLaunchConfiguration: AutoScalingLaunchConfiguration{LaunchConfiguration: astypes.LaunchConfiguration{
			AssociatePublicIpAddress: aws.Bool(true)}},
		TypeDynamoDBTable:             DynamoDBTable{TableDescription: ddbtypes.TableDescription{DeletionProtectionEnabled: aws.Bool(true)}},
		TypeKinesisStream:             KinesisStream{StreamDescriptionSummary: kinesistypes.StreamDescriptionSummary{EncryptionType: kinesistypes.EncryptionTypeKms}},
		TypeSageMakerNotebookInstance: SageMakerNotebookInstance{SubnetId: aws.String("subnet-1")},
		TypeAPIGatewayV2Stage: APIGatewayV2Stage{Stage: apigwv2types.Stage{AccessLogSettings: &apigwv2types.AccessLogSettings{
			DestinationArn: aws.String("arn:aws:logs:::log-group:g")}}},
		TypeECSCluster:        ECSCluster{Settings: []ecstypes.ClusterSetting{{Name: ecstypes.ClusterSettingNameContainerInsights, Value: aws.String("enabled")}}},
		TypeECSService:        ECSService{LaunchType: ecstypes.LaunchTypeFargate},
		TypeECSTaskDefinition: ECSTaskDefinition{TaskDefinition: ecstypes.TaskDefinition{PidMode: ecstypes.PidModeHost}},
		TypeCodeBuildProject:  CodeBuildProject{Environment: &cbtypes.ProjectEnvironment{PrivilegedMode: aws.Bool(true)}},
		TypeStepFunctionsStateMachine: StepFunctionsStateMachine{LoggingConfiguration: &sfntypes.LoggingConfiguration{Level: sfntypes.LogLevelAll,
			Destinations: []sfntypes.LogDestination{{CloudWatchLogsLogGroup: &sfntypes.CloudWatchLogsLogGroup{LogGroupArn: aws.String("arn:aws:logs:::log-group:g:*")}}}}},
		TypeElastiCacheReplicationGroup: ElastiCacheReplicationGroup{ReplicationGroup: ectypes.ReplicationGroup{
			AutomaticFailover: ectypes.AutomaticFailoverStatusEnabled}},
		TypeMSKCluster:              MSKCluster{Cluster: kafkatypes.Cluster{ClusterType: kafkatypes.ClusterTypeServerless}},
		TypeRedshiftCluster:         RedshiftCluster{Cluster: rstypes.Cluster{MasterUsername: aws.String("awsuser")}},
		TypeElastiCacheCacheCluster: ElastiCacheCacheCluster{CacheCluster: ectypes.CacheCluster{CacheSubnetGroupName: aws.String("default")}},
		TypeACMCertificate:          ACMCertificate{CertificateSummary: acmtypes.CertificateSummary{KeyAlgorithm: acmtypes.KeyAlgorithmRsa1024}},
		TypeWAFv2WebACL:             WAFv2WebACL{LogDestinationConfigs: []string{"arn:aws:logs:::log-group:aws-waf-logs-x"}},
	}
}

// TestNewResourceDerives: every modelled type with derived fields gets
// them from NewResource — the one way collectors and adapters build
// resources — whether its shape is passed by value or by pointer, so
// none of them can build one without. A type that gains a Derive method
// needs a sample here, which keeps the test honest.
func TestNewResourceDerives(t *testing.T) {
	samples := derivedSamples(t)
	readAt := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	for _, typ := range Types() {
		if !derives(typ.Shape) {
			continue
		}
		seen[typ.Name] = true
		sample, ok := samples[typ.Name]
		if !ok {
			t.Errorf("%s has derived fields but no sample in derivedSamples", typ.Name)
			continue
		}
		if reflect.TypeOf(sample) != typ.Shape {
			t.Errorf("%s: sample is a %T, want a %v", typ.Name, sample, typ.Shape)
			continue
		}
		t.Run(typ.Name, func(t *testing.T) {
			want := handDerived(sample, readAt)
			if reflect.DeepEqual(want, Attributes(sample)) {
				t.Fatalf("the sample's Derive changes nothing: make it set a derived field")
			}
			b := Base{ID: "id", ReadAt: readAt}
			if got := NewResource(typ, b, sample).Attributes; !reflect.DeepEqual(got, want) {
				t.Errorf("by value:\n got %v\nwant %v", got, want)
			}
			p := reflect.New(typ.Shape)
			p.Elem().Set(reflect.ValueOf(sample))
			if got := NewResource(typ, b, p.Interface()).Attributes; !reflect.DeepEqual(got, want) {
				t.Errorf("by pointer:\n got %v\nwant %v", got, want)
			}
			if got := Attributes(p.Interface()); !reflect.DeepEqual(got, want) {
				t.Errorf("a shape passed by pointer is derived in place: %v", got)
			}
		})
	}
	for name := range samples {
		if !seen[name] {
			t.Errorf("derivedSamples has %s, which has no derived fields (or no such type)", name)
		}
	}
}

// handDerived is the attributes of a copy of sample after calling its
// Derive method directly.
func handDerived(sample any, now time.Time) map[string]any {
	p := reflect.New(reflect.TypeOf(sample))
	p.Elem().Set(reflect.ValueOf(sample))
	switch d := p.Interface().(type) {
	case Deriver:
		d.Derive()
	case AgeDeriver:
		d.Derive(now)
	}
	return Attributes(p.Interface())
}

// TestReadAtDefaultsToNow: without Base.ReadAt, ages count up to the
// time the resource is built.
func TestReadAtDefaultsToNow(t *testing.T) {
	typ, _ := Lookup(TypeSecretsManagerSecret)
	created := time.Now().Add(-72 * time.Hour)
	r := NewResource(typ, Base{ID: "s"}, SecretsManagerSecret{SecretListEntry: smtypes.SecretListEntry{CreatedDate: &created}})
	if d := r.Attributes["created_days"]; d != int64(3) {
		t.Errorf("created_days %v, want 3", d)
	}
}
