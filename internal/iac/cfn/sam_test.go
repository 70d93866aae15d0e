package cfn

import (
	"sort"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// samCheck is one expectation on a SAM expansion: the value at a path of
// an instance (nil: absent) or, with path "", the instance's type; and
// the line of either (0: not checked).
type samCheck struct {
	addr, path string
	want       any
	line       int
}

// samParams make the partition, region and account known, so ARNs the
// expansion builds are written out.
var samParams = map[string]string{"AWS::Region": "us-east-1", "AWS::AccountId": "111122223333"}

func TestSAM(t *testing.T) {
	unknown := cloudres.Unknown{}
	ref := func(addr, attr string) cloudres.Ref { return cloudres.Ref{Address: addr, Attr: attr} }
	tag := func(k, v string) map[string]any { return map[string]any{"Key": k, "Value": v} }
	for _, tc := range []struct {
		name   string
		src    string // the template after its Transform line
		checks []samCheck
		absent []string // addresses not emitted
		err    string   // the one error expected, "" for none
	}{
		{
			name: "function and its generated role",
			src: `Globals:
  Function:
    Runtime: nodejs20.x
    Layers: [arn:aws:lambda:us-east-1:1:layer:g:1]
    Environment: {Variables: {A: global, B: global}}
    Tracing: Active
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      InlineCode: "exports.handler = async () => 1"
      Layers: [arn:aws:lambda:us-east-1:1:layer:l:1]
      Environment: {Variables: {B: local}}
      DeadLetterQueue: {Type: SQS, TargetArn: arn:aws:sqs:us-east-1:1:dlq}
      VpcConfig: {SubnetIds: [subnet-1], SecurityGroupIds: [sg-1]}
      PermissionsBoundary: arn:aws:iam::1:policy/boundary
      RolePath: /apps/
      Tags: {team: orders}
      Policies:
        - AWSLambdaExecute
        - arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess
        - !Ref Managed
        - Statement:
            - {Effect: Allow, Action: "iam:PassRole", Resource: "*"}
        - S3ReadPolicy: {BucketName: my-bucket}
        - SQSPollerPolicy: {QueueName: !GetAtt Queue.QueueName}
        - NoSuchPolicy: {}
  Img:
    Type: AWS::Serverless::Function
    Properties:
      PackageType: Image
      ImageUri: 1.dkr.ecr.us-east-1.amazonaws.com/app:1
      CodeUri: {Bucket: b, Key: k}
      Role: arn:aws:iam::1:role/img
  Managed: {Type: AWS::IAM::ManagedPolicy}
  Queue: {Type: AWS::SQS::Queue}
  Uses:
    Type: AWS::SSM::Parameter
    Properties: {Value: !GetAtt FnRole.Arn}
`,
			checks: []samCheck{
				{"Fn", "", "AWS::Lambda::Function", 9},
				{"Fn", "Runtime", "nodejs20.x", 4},
				{"Fn", "Role", ref("FnRole", "Arn"), 0},
				{"Fn", "Code.ZipFile", "exports.handler = async () => 1", 13},
				{"Fn", "Layers", []any{"arn:aws:lambda:us-east-1:1:layer:g:1", "arn:aws:lambda:us-east-1:1:layer:l:1"}, 0},
				{"Fn", "Environment.Variables", map[string]any{"A": "global", "B": "local"}, 0},
				{"Fn", "DeadLetterConfig.TargetArn", "arn:aws:sqs:us-east-1:1:dlq", 16},
				{"Fn", "TracingConfig.Mode", "Active", 7},
				{"Fn", "Tags", []any{tag("team", "orders"), tag("lambda:createdBy", "SAM")}, 20},
				{"Fn", "Policies", nil, 0},
				{"Fn", "DeadLetterQueue", nil, 0},
				{"Fn", "InlineCode", nil, 0},
				{"Fn", "Tracing", nil, 0},
				{"FnRole", "", "AWS::IAM::Role", 9},
				{"FnRole", "AssumeRolePolicyDocument.Statement.0.Principal.Service", []any{"lambda.amazonaws.com"}, 9},
				{"FnRole", "ManagedPolicyArns", []any{
					"arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
					"arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
					"arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
					"arn:aws:iam::aws:policy/AWSLambdaExecute",
					"arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
					ref("Managed", ""),
				}, 0},
				{"FnRole", "ManagedPolicyArns.1", "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess", 7},
				{"FnRole", "ManagedPolicyArns.2", "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole", 17},
				{"FnRole", "ManagedPolicyArns.3", "arn:aws:iam::aws:policy/AWSLambdaExecute", 22},
				{"FnRole", "ManagedPolicyArns.5", ref("Managed", ""), 24},
				{"FnRole", "Policies.0.PolicyName", "FnRolePolicy3", 25},
				{"FnRole", "Policies.0.PolicyDocument.Statement.0.Action", "iam:PassRole", 26},
				{"FnRole", "Policies.1.PolicyName", "FnRolePolicy4", 27},
				{"FnRole", "Policies.1.PolicyDocument.Statement.0.Resource", []any{"arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"}, 27},
				{"FnRole", "Policies.1.PolicyDocument.Statement.0.Action.0", "s3:GetObject", 27},
				{"FnRole", "Policies.2.PolicyDocument.Statement.0.Action.5", "sqs:ReceiveMessage", 28},
				{"FnRole", "Policies.2.PolicyDocument.Statement.0.Resource", []any{unknown}, 28},
				{"FnRole", "Policies.3.PolicyName", "FnRolePolicy6", 29},
				{"FnRole", "Policies.3.PolicyDocument", unknown, 29},
				{"FnRole", "PermissionsBoundary", "arn:aws:iam::1:policy/boundary", 18},
				{"FnRole", "Path", "/apps/", 19},
				{"FnRole", "Tags", []any{tag("team", "orders"), tag("lambda:createdBy", "SAM")}, 20},
				{"Img", "Code", map[string]any{"ImageUri": "1.dkr.ecr.us-east-1.amazonaws.com/app:1", "S3Bucket": "b", "S3Key": "k"}, 34},
				{"Img", "Role", "arn:aws:iam::1:role/img", 36},
				{"Uses", "Value", ref("FnRole", "Arn"), 41},
			},
			absent: []string{"ImgRole", "FnUrl"},
		},
		{
			name: "function URL",
			src: `Globals:
  Function: {Runtime: python3.12, Handler: app.handler}
Resources:
  Open:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://code/open.zip
      FunctionUrlConfig:
        AuthType: NONE
        InvokeMode: BUFFERED
  Closed:
    Type: AWS::Serverless::Function
    Properties: {CodeUri: s3://code/closed.zip, FunctionUrlConfig: {AuthType: AWS_IAM}}
`,
			checks: []samCheck{
				{"Open", "Code", map[string]any{"S3Bucket": "code", "S3Key": "open.zip"}, 8},
				{"OpenUrl", "", "AWS::Lambda::Url", 9},
				{"OpenUrl", "TargetFunctionArn", ref("Open", ""), 9},
				{"OpenUrl", "AuthType", "NONE", 10},
				{"OpenUrl", "InvokeMode", "BUFFERED", 11},
				{"OpenUrlPublicPermissions", "", "AWS::Lambda::Permission", 9},
				{"OpenUrlPublicPermissions", "Principal", "*", 9},
				{"OpenUrlPublicPermissions", "FunctionUrlAuthType", "NONE", 10},
				{"OpenUrlPublicPermissions", "Action", "lambda:InvokeFunctionUrl", 9},
				{"ClosedUrl", "AuthType", "AWS_IAM", 14},
			},
			absent: []string{"ClosedUrlPublicPermissions"},
		},
		{
			name: "events",
			src: `Globals:
  Api:
    AccessLogSetting: {DestinationArn: "arn:aws:logs:us-east-1:1:log-group:api", Format: $context.requestId}
    TracingEnabled: true
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: s3://code/fn.zip
      Events:
        List:
          Type: Api
          Properties: {Path: /items, Method: get}
        Create:
          Type: Api
          Properties: {Path: /items, Method: post}
        Http:
          Type: HttpApi
        Upload:
          Type: S3
          Properties: {Bucket: !Ref Bucket, Events: "s3:ObjectCreated:*"}
        Alerts:
          Type: SNS
          Properties: {Topic: !Ref Topic, FilterPolicy: {level: [error]}}
        Tick:
          Type: Schedule
          Properties: {Schedule: rate(5 minutes)}
        Jobs:
          Type: SQS
          Properties: {Queue: !GetAtt Queue.Arn}
  Bucket: {Type: AWS::S3::Bucket}
  Topic: {Type: AWS::SNS::Topic}
  Queue: {Type: AWS::SQS::Queue}
`,
			checks: []samCheck{
				{"FnListPermissionProd", "", "AWS::Lambda::Permission", 14},
				{"FnListPermissionProd", "Principal", "apigateway.amazonaws.com", 14},
				{"FnListPermissionProd", "FunctionName", ref("Fn", ""), 14},
				{"FnListPermissionProd", "SourceArn", unknown, 14},
				{"FnCreatePermissionProd", "", "AWS::Lambda::Permission", 17},
				{"ServerlessRestApi", "", "AWS::ApiGateway::RestApi", 14},
				{"ServerlessRestApiDeployment", "RestApiId", ref("ServerlessRestApi", ""), 14},
				{"ServerlessRestApiProdStage", "", "AWS::ApiGateway::Stage", 14},
				{"ServerlessRestApiProdStage", "StageName", "Prod", 14},
				{"ServerlessRestApiProdStage", "RestApiId", ref("ServerlessRestApi", ""), 14},
				{"ServerlessRestApiProdStage", "DeploymentId", ref("ServerlessRestApiDeployment", ""), 14},
				{"ServerlessRestApiProdStage", "AccessLogSetting.DestinationArn", "arn:aws:logs:us-east-1:1:log-group:api", 4},
				{"ServerlessRestApiProdStage", "TracingEnabled", true, 5},
				{"FnHttpPermission", "Principal", "apigateway.amazonaws.com", 20},
				{"ServerlessHttpApi", "ProtocolType", "HTTP", 20},
				{"ServerlessHttpApiApiGatewayDefaultStage", "StageName", "$default", 20},
				{"ServerlessHttpApiApiGatewayDefaultStage", "ApiId", ref("ServerlessHttpApi", ""), 20},
				{"ServerlessHttpApiApiGatewayDefaultStage", "AutoDeploy", true, 20},
				{"FnUploadPermission", "Principal", "s3.amazonaws.com", 22},
				{"FnUploadPermission", "SourceAccount", "111122223333", 22},
				{"FnAlerts", "", "AWS::SNS::Subscription", 25},
				{"FnAlerts", "Protocol", "lambda", 25},
				{"FnAlerts", "Endpoint", ref("Fn", "Arn"), 25},
				{"FnAlerts", "TopicArn", ref("Topic", ""), 27},
				{"FnAlerts", "FilterPolicy.level", []any{"error"}, 27},
				{"FnAlertsPermission", "Principal", "sns.amazonaws.com", 25},
				{"FnAlertsPermission", "SourceArn", ref("Topic", ""), 27},
				{"FnTickPermission", "Principal", "events.amazonaws.com", 28},
				{"FnTickPermission", "SourceArn", ref("FnTick", "Arn"), 28},
				{"FnRole", "ManagedPolicyArns.1", "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole", 31},
			},
			absent: []string{"FnJobs", "FnJobsPermission", "FnTick", "FnUpload"},
		},
		{
			name: "REST API",
			src: `Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      Name: orders
      StageName: v1-beta
      EndpointConfiguration: {Type: PRIVATE, VPCEndpointIds: [vpce-1]}
      MethodSettings:
        - {ResourcePath: "/*", HttpMethod: "*", LoggingLevel: ERROR}
      TracingEnabled: true
      CacheClusterEnabled: false
      Auth:
        DefaultAuthorizer: Token
        Authorizers:
          Token: {FunctionArn: !GetAtt Authorizer.Arn}
          Users: {UserPoolArn: "arn:aws:cognito-idp:us-east-1:1:userpool/p"}
      DefinitionUri: s3://defs/api.yaml
  Authorizer:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: a.h, InlineCode: x, Role: "arn:aws:iam::1:role/a"}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: a.h
      InlineCode: x
      Role: arn:aws:iam::1:role/a
      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /, Method: get}}
`,
			checks: []samCheck{
				{"Api", "", "AWS::ApiGateway::RestApi", 3},
				{"Api", "Name", "orders", 6},
				{"Api", "EndpointConfiguration.Types", []any{"PRIVATE"}, 8},
				{"Api", "EndpointConfiguration.VpcEndpointIds", []any{"vpce-1"}, 8},
				{"Api", "BodyS3Location", map[string]any{"Bucket": "defs", "Key": "api.yaml"}, 18},
				{"ApiDeployment", "", "AWS::ApiGateway::Deployment", 3},
				{"Apiv1betaStage", "", "AWS::ApiGateway::Stage", 3},
				{"Apiv1betaStage", "StageName", "v1-beta", 7},
				{"Apiv1betaStage", "RestApiId", ref("Api", ""), 3},
				{"Apiv1betaStage", "MethodSettings.0.LoggingLevel", "ERROR", 10},
				{"Apiv1betaStage", "TracingEnabled", true, 11},
				{"Apiv1betaStage", "CacheClusterEnabled", false, 12},
				{"ApiTokenAuthorizerPermission", "", "AWS::Lambda::Permission", 16},
				{"ApiTokenAuthorizerPermission", "FunctionName", ref("Authorizer", "Arn"), 16},
				{"ApiTokenAuthorizerPermission", "Principal", "apigateway.amazonaws.com", 16},
				{"FnGetPermissionProd", "Principal", "apigateway.amazonaws.com", 30},
			},
			absent: []string{"ApiUsersAuthorizerPermission", "ServerlessRestApi", "AuthorizerRole", "FnRole"},
		},
		{
			name: "HTTP API",
			src: `Globals:
  HttpApi:
    DefaultRouteSettings: {ThrottlingBurstLimit: 10}
Resources:
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      StageName: prod
      AccessLogSettings: {DestinationArn: !GetAtt Logs.Arn, Format: $context.requestId}
      CorsConfiguration: {AllowOrigins: ["https://example.com"]}
      Tags: {team: web}
  Logs: {Type: AWS::Logs::LogGroup}
  Plain:
    Type: AWS::Serverless::HttpApi
`,
			checks: []samCheck{
				{"Http", "", "AWS::ApiGatewayV2::Api", 6},
				{"Http", "ProtocolType", "HTTP", 6},
				{"Http", "CorsConfiguration.AllowOrigins", []any{"https://example.com"}, 11},
				{"Http", "Tags.team", "web", 12},
				{"HttpprodStage", "", "AWS::ApiGatewayV2::Stage", 6},
				{"HttpprodStage", "StageName", "prod", 9},
				{"HttpprodStage", "ApiId", ref("Http", ""), 6},
				{"HttpprodStage", "AccessLogSettings.DestinationArn", ref("Logs", "Arn"), 10},
				{"HttpprodStage", "DefaultRouteSettings.ThrottlingBurstLimit", int64(10), 4},
				{"HttpprodStage", "Tags.team", "web", 12},
				{"PlainApiGatewayDefaultStage", "", "AWS::ApiGatewayV2::Stage", 14},
				{"PlainApiGatewayDefaultStage", "StageName", "$default", 14},
				{"PlainApiGatewayDefaultStage", "DefaultRouteSettings.ThrottlingBurstLimit", int64(10), 4},
				{"PlainApiGatewayDefaultStage", "AccessLogSettings", nil, 0},
			},
		},
		{
			name: "state machine",
			src: `Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Name: orders-flow
      Type: EXPRESS
      DefinitionUri: s3://defs/flow.asl.json
      Logging: {Level: ALL}
      Policies:
        - LambdaInvokePolicy: {FunctionName: worker}
      Events:
        Start: {Type: Api, Properties: {Path: /start, Method: post}}
  Given:
    Type: AWS::Serverless::StateMachine
    Properties: {Definition: {StartAt: A}, Role: "arn:aws:iam::1:role/sf"}
`,
			checks: []samCheck{
				{"Flow", "", "AWS::StepFunctions::StateMachine", 3},
				{"Flow", "StateMachineName", "orders-flow", 6},
				{"Flow", "StateMachineType", "EXPRESS", 7},
				{"Flow", "DefinitionS3Location", map[string]any{"Bucket": "defs", "Key": "flow.asl.json"}, 8},
				{"Flow", "LoggingConfiguration.Level", "ALL", 9},
				{"Flow", "RoleArn", ref("FlowRole", "Arn"), 0},
				{"Flow", "Tags", []any{tag("stateMachine:createdBy", "SAM")}, 0},
				{"FlowRole", "AssumeRolePolicyDocument.Statement.0.Principal.Service", []any{"states.amazonaws.com"}, 3},
				{"FlowRole", "ManagedPolicyArns", nil, 0},
				{"FlowRole", "Policies.0.PolicyName", "FlowRolePolicy0", 11},
				{"FlowRole", "Policies.0.PolicyDocument.Statement.0.Resource", []any{"arn:aws:lambda:us-east-1:111122223333:function:worker*"}, 11},
				{"ServerlessRestApi", "", "AWS::ApiGateway::RestApi", 13},
				{"Given", "RoleArn", "arn:aws:iam::1:role/sf", 16},
				{"Given", "Definition.StartAt", "A", 16},
			},
			absent: []string{"GivenRole", "FlowStartPermissionProd"},
		},
		{
			name: "simple table and layer",
			src: `Globals:
  SimpleTable:
    SSESpecification: {SSEEnabled: true}
Resources:
  Plain:
    Type: AWS::Serverless::SimpleTable
  Orders:
    Type: AWS::Serverless::SimpleTable
    Properties:
      TableName: orders
      PrimaryKey: {Name: orderId, Type: Number}
      ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}
      Tags: {team: orders}
  Libs:
    Type: AWS::Serverless::LayerVersion
    Properties:
      LayerName: libs
      ContentUri: {Bucket: layers, Key: libs.zip, Version: "3"}
      CompatibleRuntimes: [python3.12]
`,
			checks: []samCheck{
				{"Plain", "", "AWS::DynamoDB::Table", 6},
				{"Plain", "AttributeDefinitions", []any{map[string]any{"AttributeName": "id", "AttributeType": "S"}}, 6},
				{"Plain", "KeySchema", []any{map[string]any{"AttributeName": "id", "KeyType": "HASH"}}, 6},
				{"Plain", "BillingMode", "PAY_PER_REQUEST", 6},
				{"Plain", "SSESpecification.SSEEnabled", true, 4},
				{"Orders", "AttributeDefinitions.0", map[string]any{"AttributeName": "orderId", "AttributeType": "N"}, 12},
				{"Orders", "ProvisionedThroughput.ReadCapacityUnits", int64(5), 13},
				{"Orders", "BillingMode", nil, 0},
				{"Orders", "TableName", "orders", 11},
				{"Orders", "Tags", []any{tag("team", "orders")}, 14},
				{"Libs", "", "AWS::Lambda::LayerVersion", 15},
				{"Libs", "Content", map[string]any{"S3Bucket": "layers", "S3Key": "libs.zip", "S3ObjectVersion": "3"}, 19},
				{"Libs", "CompatibleRuntimes", []any{"python3.12"}, 20},
			},
		},
		{
			name: "a created condition, a SAM reference, a generated ID the template declares",
			src: `Conditions: {Never: !Equals [a, b]}
Resources:
  Off:
    Type: AWS::Serverless::Function
    Condition: Never
    Properties: {Runtime: python3.12, Handler: a.h, InlineCode: x, Events: {Get: {Type: Api, Properties: {Path: /, Method: get}}}}
  Fn:
    Type: AWS::Serverless::Function
    Properties: {Runtime: python3.12, Handler: a.h, InlineCode: x}
  FnRole:
    Type: AWS::IAM::Role
  Api:
    Type: AWS::Serverless::Api
    Properties: {StageName: prod}
  Uses:
    Type: AWS::SSM::Parameter
    Properties: {Value: !Ref Api.Stage}
`,
			checks: []samCheck{
				{"Fn", "Role", ref("FnRole", "Arn"), 0},
				{"FnRole", "", "AWS::IAM::Role", 11},
				{"FnRole", "Policies", nil, 0},
				{"Uses", "Value", unknown, 18},
			},
			absent: []string{"Off", "OffRole", "ServerlessRestApi"},
			err:    "sam.yaml:8: SAM generates AWS::IAM::Role FnRole for Fn, but the template already has a resource with that logical ID",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ins, errs := Parse("sam.yaml", []byte("Transform: AWS::Serverless-2016-10-31\n"+tc.src), samParams)
			switch {
			case tc.err == "" && len(errs) > 0:
				t.Fatal(errText(errs))
			case tc.err != "" && (len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.err)):
				t.Fatalf("errors %q, want one with %q", errText(errs), tc.err)
			}
			m := byAddress(t, ins)
			for _, in := range ins {
				checkValues(t, in.Address, any(in.Values), 0)
				for p, l := range in.Lines {
					if _, ok := in.Get(p); !ok || l <= 0 {
						t.Errorf("%s: Lines has %s (line %d), which is not in Values", in.Address, p, l)
					}
				}
				if strings.HasPrefix(in.Type, "AWS::Serverless::") {
					t.Errorf("%s stayed %s", in.Address, in.Type)
				}
			}
			for _, c := range tc.checks {
				in, ok := m[c.addr]
				if !ok {
					t.Errorf("%s not emitted; got %s", c.addr, addresses(m))
					continue
				}
				got, line := any(in.Type), in.Line
				if c.path != "" {
					got, ok = in.Get(c.path)
					line = in.LineOf(c.path)
					if !ok {
						got = nil
					}
				}
				if show(got) != show(c.want) {
					t.Errorf("%s %s = %s, want %s", c.addr, c.path, show(got), show(c.want))
				}
				if c.line != 0 && line != c.line {
					t.Errorf("%s %s: line %d, want %d", c.addr, c.path, line, c.line)
				}
			}
			for _, a := range tc.absent {
				if _, ok := m[a]; ok {
					t.Errorf("%s emitted", a)
				}
			}
		})
	}
}

func addresses(m map[string]cloudres.Instance) string {
	var out []string
	for a, in := range m {
		out = append(out, a+" "+in.Type)
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// TestSAMBounded: events repeated through an alias generate at most
// maxSAMGenerated resources, and say so.
func TestSAMBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString("Transform: AWS::Serverless-2016-10-31\nx: &ev {Type: SNS, Properties: {Topic: 'arn:aws:sns:us-east-1:1:t'}}\n")
	b.WriteString("Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      InlineCode: x\n      Events:\n")
	for i := range maxSAMGenerated / 2 {
		b.WriteString(sprintf("        E%d: *ev\n", i))
	}
	ins, errs := Parse("sam.yaml", []byte(b.String()), nil)
	if len(ins) != maxSAMGenerated || len(errs) != 1 || !strings.Contains(errs[0].Message, "generate more than") {
		t.Fatalf("%d instances, errors %s", len(ins), errText(errs))
	}
}
