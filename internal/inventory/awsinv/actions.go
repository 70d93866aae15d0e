package awsinv

// iamPrefix maps an SDK service ID to its IAM action prefix.
var iamPrefix = map[string]string{
	"S3": "s3", "S3 Control": "s3", "IAM": "iam", "EC2": "ec2", "STS": "sts",
	"Organizations": "organizations", "CloudTrail": "cloudtrail", "CloudWatch Logs": "logs",
	"CloudWatch": "cloudwatch", "SNS": "sns", "SQS": "sqs", "KMS": "kms", "Lambda": "lambda",
	"EKS": "eks", "RDS": "rds", "EFS": "elasticfilesystem", "Config Service": "config",
	"AccessAnalyzer": "access-analyzer", "SecurityHub": "securityhub", "Macie2": "macie2",
	"GuardDuty": "guardduty", "Secrets Manager": "secretsmanager", "Glacier": "glacier",
	"EventBridge": "events", "Elastic Load Balancing": "elasticloadbalancing", "Elastic Load Balancing v2": "elasticloadbalancing",
	"CloudFront": "cloudfront", "API Gateway": "apigateway", "ApiGatewayV2": "apigateway",
	"Account": "account", "Resource Groups Tagging API": "tag", "ECR": "ecr", "OpenSearch": "es",
	"ECS": "ecs", "CodeBuild": "codebuild", "SFN": "states",
	"ElastiCache": "elasticache", "Redshift": "redshift", "Kafka": "kafka",
	"Auto Scaling": "autoscaling", "DynamoDB": "dynamodb", "Kinesis": "kinesis", "SageMaker": "sagemaker",
	"WAFV2": "wafv2", "ACM": "acm", "Backup": "backup",
	"Route 53": "route53", "Cognito Identity Provider": "cognito-idp", "Cognito Identity": "cognito-identity",
	"SSM": "ssm",
}

// actionExceptions are operations whose IAM action is not named after
// the operation.
var actionExceptions = map[string]string{
	"S3:ListBuckets":                     "s3:ListAllMyBuckets",
	"S3:GetBucketEncryption":             "s3:GetEncryptionConfiguration",
	"S3:GetPublicAccessBlock":            "s3:GetBucketPublicAccessBlock",
	"S3:GetObjectLockConfiguration":      "s3:GetBucketObjectLockConfiguration",
	"S3:GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
	"S3 Control:GetPublicAccessBlock":    "s3:GetAccountPublicAccessBlock",
}

// Action returns the IAM action an SDK operation needs, given as
// "ServiceID:Operation".
func Action(op string) string {
	for _, m := range []map[string]string{actionExceptions, iamActionExceptions(), ec2ActionExceptions(), loggingActionExceptions(), servicesActionExceptions()} {
		if a, ok := m[op]; ok {
			return a
		}
	}
	for i := len(op) - 1; i >= 0; i-- {
		if op[i] == ':' {
			if p, ok := iamPrefix[op[:i]]; ok {
				return p + ":" + op[i+1:]
			}
			return op
		}
	}
	return op
}
