package cfn

import (
	"strconv"
	"strings"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// executionRole emits the AWS::IAM::Role SAM generates for a function or
// state machine without a Role: <ID>Role, trusted by service, with the
// given AWS managed policies and the resource's Policies — managed
// policy names or ARNs are attached, policy documents and SAM policy
// templates become inline policies <ID>RolePolicy<index>. A policy
// template the scan does not know, or an entry known only at
// deployment, is an inline policy whose document is Unknown, so rules
// reading the role's inline policies stay inconclusive.
func (g *samGen) executionRole(service string, managed []managedPolicy, tagKey string) {
	id := g.in.Address + "Role"
	r := g.instance("AWS::IAM::Role", id, 0)
	if !g.copy(&r, "AssumeRolePolicyDocument", "AssumeRolePolicyDocument") {
		r.Values["AssumeRolePolicyDocument"] = map[string]any{"Version": "2012-10-17", "Statement": []any{map[string]any{
			"Effect": "Allow", "Action": []any{"sts:AssumeRole"}, "Principal": map[string]any{"Service": []any{service}}}}}
	}
	var arns, inline []any
	attach := func(arn any, src string) {
		g.set(&r, "ManagedPolicyArns."+strconv.Itoa(len(arns)), arn, src)
		arns = append(arns, arn)
	}
	for _, m := range managed {
		attach(g.awsManagedPolicy(m.name), m.cause)
	}
	for i, e := range g.policyEntries() {
		switch v := e.value.(type) {
		case string:
			if !strings.HasPrefix(v, "arn:") {
				v = g.awsManagedPolicy(v)
			}
			attach(v, e.path)
		case cloudres.Ref:
			attach(v, e.path) // a managed policy of the template
		default:
			to := "Policies." + strconv.Itoa(len(inline))
			inline = append(inline, map[string]any{"PolicyName": id + "Policy" + strconv.Itoa(i), "PolicyDocument": g.policyDocument(v)})
			if l := g.in.Lines[e.path]; l > 0 {
				r.Lines[to] = l
			}
			if writtenDocument(v) {
				g.moveLines(e.path, r.Lines, to+".PolicyDocument")
			}
		}
	}
	if arns != nil {
		r.Values["ManagedPolicyArns"] = arns
	}
	if inline != nil {
		g.set(&r, "Policies", inline, "Policies")
	}
	g.copy(&r, "PermissionsBoundary", "PermissionsBoundary")
	g.copy(&r, "RolePath", "Path")
	g.tagList(&r, tagKey, "SAM")
	g.emit(r)
}

// awsManagedPolicy is the ARN of an AWS managed policy.
func (g *samGen) awsManagedPolicy(name string) string {
	if serviceRolePolicies[name] {
		name = "service-role/" + name
	}
	return "arn:" + g.partition() + ":iam::aws:policy/" + name
}

// serviceRolePolicies are the AWS managed policies SAM attaches, or a
// Policies entry commonly names, that live under the service-role/ path.
var serviceRolePolicies = map[string]bool{
	"AWSLambdaBasicExecutionRole": true, "AWSLambdaVPCAccessExecutionRole": true, "AWSLambdaSQSQueueExecutionRole": true,
	"AWSLambdaKinesisExecutionRole": true, "AWSLambdaDynamoDBExecutionRole": true, "AWSLambdaMSKExecutionRole": true, "AWSLambdaRole": true,
}

// policyEntry is one entry of Policies, with its path for lines.
type policyEntry struct {
	value any
	path  string
}

// policyEntries lists Policies: a single name, document or template, or
// a list of them.
func (g *samGen) policyEntries() []policyEntry {
	v, ok := g.in.Values["Policies"]
	if !ok {
		return nil
	}
	l, isList := v.([]any)
	if !isList {
		return []policyEntry{{v, "Policies"}}
	}
	out := make([]policyEntry, len(l))
	for i, e := range l {
		out[i] = policyEntry{e, "Policies." + strconv.Itoa(i)}
	}
	return out
}

// policyDocument is the inline document of a Policies entry: a written
// document as is, a known policy template expanded, Unknown otherwise.
func (g *samGen) policyDocument(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return cloudres.Unknown{}
	}
	if writtenDocument(m) {
		return m
	}
	if len(m) != 1 {
		return cloudres.Unknown{}
	}
	for name, params := range m {
		t, ok := policyTemplates[name]
		if !ok {
			return cloudres.Unknown{}
		}
		vars, _ := params.(map[string]any)
		var statements []any
		for _, st := range t {
			var res []any
			for _, pattern := range st.resources {
				res = append(res, g.sub(pattern, vars))
			}
			actions := make([]any, len(st.actions))
			for i, a := range st.actions {
				actions[i] = a
			}
			statements = append(statements, map[string]any{"Effect": "Allow", "Action": actions, "Resource": res})
		}
		return map[string]any{"Version": "2012-10-17", "Statement": statements}
	}
	return cloudres.Unknown{}
}

// writtenDocument reports whether a Policies entry is a policy document.
func writtenDocument(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, ok = m["Statement"]
	return ok
}

// templateStatement is one Allow statement of a SAM policy template: its
// actions on resources whose ${Name}s are the template's parameters or
// pseudo parameters.
type templateStatement struct {
	actions, resources []string
}

// arn writes a regional ARN pattern of a service.
func arn(service, resource string) string {
	return "arn:${AWS::Partition}:" + service + ":${AWS::Region}:${AWS::AccountId}:" + resource
}

var (
	s3Bucket    = []string{"arn:${AWS::Partition}:s3:::${BucketName}", "arn:${AWS::Partition}:s3:::${BucketName}/*"}
	ddbTable    = []string{arn("dynamodb", "table/${TableName}"), arn("dynamodb", "table/${TableName}/index/*")}
	sqsQueue    = []string{arn("sqs", "${QueueName}")}
	anyResource = []string{"*"}
	ssmRead     = []string{"ssm:GetParameters", "ssm:GetParameter", "ssm:GetParametersByPath"}
)

// policyTemplates are the SAM policy templates the scan expands, as the
// AWS SAM policy template list documents them. None grants iam:PassRole
// or every action; the others are kept unknown.
var policyTemplates = map[string][]templateStatement{
	"S3ReadPolicy":  {{[]string{"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion", "s3:GetLifecycleConfiguration"}, s3Bucket}},
	"S3WritePolicy": {{[]string{"s3:PutObject", "s3:PutObjectAcl", "s3:PutLifecycleConfiguration"}, s3Bucket}},
	"S3CrudPolicy": {{[]string{"s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:GetObjectVersion", "s3:PutObject", "s3:PutObjectAcl",
		"s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration", "s3:DeleteObject"}, s3Bucket}},
	"S3FullAccessPolicy": {
		{[]string{"s3:GetObject", "s3:GetObjectAcl", "s3:GetObjectVersion", "s3:PutObject", "s3:PutObjectAcl", "s3:DeleteObject",
			"s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging", "s3:GetObjectTagging", "s3:GetObjectVersionTagging",
			"s3:PutObjectTagging", "s3:PutObjectVersionTagging"}, s3Bucket[1:]},
		{[]string{"s3:ListBucket", "s3:GetBucketLocation", "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration"}, s3Bucket[:1]},
	},
	"DynamoDBReadPolicy":  {{[]string{"dynamodb:GetItem", "dynamodb:Scan", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:DescribeTable"}, ddbTable}},
	"DynamoDBWritePolicy": {{[]string{"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"}, ddbTable}},
	"DynamoDBCrudPolicy": {{[]string{"dynamodb:GetItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:Query",
		"dynamodb:UpdateItem", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:ConditionCheckItem"}, ddbTable}},
	"DynamoDBStreamReadPolicy": {
		{[]string{"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"}, []string{arn("dynamodb", "table/${TableName}/stream/${StreamName}")}},
		{[]string{"dynamodb:ListStreams"}, []string{arn("dynamodb", "table/${TableName}/stream/*")}},
	},
	"SQSPollerPolicy": {{[]string{"sqs:ChangeMessageVisibility", "sqs:ChangeMessageVisibilityBatch", "sqs:DeleteMessage", "sqs:DeleteMessageBatch",
		"sqs:GetQueueAttributes", "sqs:ReceiveMessage"}, sqsQueue}},
	"SQSSendMessagePolicy":    {{[]string{"sqs:SendMessage*"}, sqsQueue}},
	"SNSPublishMessagePolicy": {{[]string{"sns:Publish"}, []string{arn("sns", "${TopicName}")}}},
	"SNSCrudPolicy": {{[]string{"sns:ListSubscriptionsByTopic", "sns:CreateTopic", "sns:SetTopicAttributes", "sns:Subscribe", "sns:Publish"},
		[]string{arn("sns", "${TopicName}*")}}},
	"LambdaInvokePolicy":                    {{[]string{"lambda:InvokeFunction"}, []string{arn("lambda", "function:${FunctionName}*")}}},
	"AWSSecretsManagerGetSecretValuePolicy": {{[]string{"secretsmanager:GetSecretValue"}, []string{"${SecretArn}"}}},
	"SSMParameterReadPolicy": {{[]string{"ssm:DescribeParameters"}, anyResource},
		{ssmRead, []string{arn("ssm", "parameter/${ParameterName}")}}},
	"SSMParameterWithSlashPrefixReadPolicy": {{[]string{"ssm:DescribeParameters"}, anyResource},
		{ssmRead, []string{arn("ssm", "parameter${ParameterName}")}}},
	"KMSDecryptPolicy":             {{[]string{"kms:Decrypt"}, []string{arn("kms", "key/${KeyId}")}}},
	"KMSEncryptPolicy":             {{[]string{"kms:Encrypt"}, []string{arn("kms", "key/${KeyId}")}}},
	"StepFunctionsExecutionPolicy": {{[]string{"states:StartExecution"}, []string{arn("states", "stateMachine:${StateMachineName}")}}},
	"EventBridgePutEventsPolicy":   {{[]string{"events:PutEvents"}, []string{arn("events", "event-bus/${EventBusName}")}}},
	"KinesisStreamReadPolicy": {
		{[]string{"kinesis:ListStreams", "kinesis:DescribeLimits"}, []string{arn("kinesis", "stream/*")}},
		{[]string{"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator"}, []string{arn("kinesis", "stream/${StreamName}")}},
	},
	"FilterLogEventsPolicy":              {{[]string{"logs:FilterLogEvents"}, []string{arn("logs", "log-group:${LogGroupName}:log-stream:*")}}},
	"CloudFormationDescribeStacksPolicy": {{[]string{"cloudformation:DescribeStacks"}, []string{arn("cloudformation", "stack/*")}}},
	"CloudWatchPutMetricPolicy":          {{[]string{"cloudwatch:PutMetricData"}, anyResource}},
	"CodePipelineLambdaExecutionPolicy":  {{[]string{"codepipeline:PutJobSuccessResult", "codepipeline:PutJobFailureResult"}, anyResource}},
	"EC2DescribePolicy":                  {{[]string{"ec2:DescribeRegions", "ec2:DescribeInstances"}, anyResource}},
	"AMIDescribePolicy":                  {{[]string{"ec2:DescribeImages"}, anyResource}},
	"VPCAccessPolicy": {{[]string{"ec2:CreateNetworkInterface", "ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces",
		"ec2:DetachNetworkInterface"}, anyResource}},
	"SESCrudPolicy": {{[]string{"ses:GetIdentityVerificationAttributes", "ses:SendEmail", "ses:SendRawEmail", "ses:VerifyEmailIdentity"},
		[]string{arn("ses", "identity/${IdentityName}")}}},
	"TextractPolicy": {{[]string{"textract:*"}, anyResource}},
}
