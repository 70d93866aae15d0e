package benchgen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// IaCShape is a cloud IaC benchmark corpus: what WriteIaC writes and
// what a scan of it yields.
type IaCShape struct {
	// Name is the benchmark label (TF110, CFN60, ModLib130, TF5000).
	Name string
	// Path is what to scan, relative to the directory written to.
	Path string
	// Blocks is the number of resource blocks written (Terraform) or
	// resources declared (CloudFormation).
	Blocks int
	// Resources is the number of resource instances the front-end
	// evaluates (a module called twice counts twice).
	Resources int
	// AWSResources is the number of aws.* resources adaptation yields.
	AWSResources int

	write func(dir string, rng *rand.Rand) error
}

// Cloud IaC units: tfUnitBlocks Terraform resource blocks (an S3 bucket
// split over five resources, a security group with a dynamic ingress
// block and a separate rule, an IAM role with an inline policy, and one
// service resource rotating between Lambda, SQS, KMS and RDS) that adapt
// into tfUnitAWS aws.* resources; a CloudFormation unit declares
// cfnUnitResources resources that adapt into cfnUnitAWS.
const (
	tfUnitBlocks     = 10
	tfUnitAWS        = 4
	cfnUnitResources = 10
	cfnUnitAWS       = 8
)

// IaCShapes lists the cloud IaC benchmark corpora:
//
//   - TF110: a Terraform project of 110 resource blocks, ten files of one
//     unit each plus a local module of one unit called twice, with
//     variables, locals and a tfvars file;
//   - CFN60: a CloudFormation stack of 60 resources (parameters,
//     conditions, mappings, intrinsics);
//   - ModLib130: a module library of 130 resource blocks, thirteen
//     modules nested four levels deep under its root module;
//   - TF5000: a Terraform project of 5,000 resources in 500 files: 450
//     files of one unit each and 50 files calling a local module of one
//     unit.
func IaCShapes() []IaCShape {
	return []IaCShape{
		{Name: "TF110", Path: "tf110", Blocks: 11 * tfUnitBlocks, Resources: 12 * tfUnitBlocks, AWSResources: 12 * tfUnitAWS,
			write: func(dir string, rng *rand.Rand) error { return writeTFProject(filepath.Join(dir, "tf110"), 10, 2, rng) }},
		{Name: "CFN60", Path: "cfn60/stack.yaml", Blocks: 6 * cfnUnitResources, Resources: 6 * cfnUnitResources, AWSResources: 6 * cfnUnitAWS,
			write: func(dir string, rng *rand.Rand) error {
				return writeCFNStack(filepath.Join(dir, "cfn60", "stack.yaml"), 6, rng)
			}},
		{Name: "ModLib130", Path: "modlib130", Blocks: 13 * tfUnitBlocks, Resources: 13 * tfUnitBlocks, AWSResources: 13 * tfUnitAWS,
			write: func(dir string, rng *rand.Rand) error {
				return writeTFModuleLibrary(filepath.Join(dir, "modlib130"), 3, 4, rng)
			}},
		{Name: "TF5000", Path: "tf5000", Blocks: 451 * tfUnitBlocks, Resources: 500 * tfUnitBlocks, AWSResources: 500 * tfUnitAWS,
			write: func(dir string, rng *rand.Rand) error {
				return writeTFProject(filepath.Join(dir, "tf5000"), 450, 50, rng)
			}},
	}
}

// WriteIaC writes the corpus of shape s under dir (created if needed);
// the same seed always writes the same files.
func WriteIaC(dir string, s IaCShape, seed uint64) error {
	if s.write == nil {
		return fmt.Errorf("benchgen: unknown IaC shape %q", s.Name)
	}
	return s.write(dir, rand.New(rand.NewPCG(seed, 0x1ac)))
}

func writeFile(path, content string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(content), 0o644)
}

const tfVariables = `variable "env" {
  type    = string
  default = "dev"
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "vpc_id" {
  type    = string
  default = "vpc-0123456789abcdef0"
}

variable "web_ports" {
  type    = list(number)
  default = [80, 443]
}

variable "admin_cidrs" {
  type    = list(string)
  default = ["10.0.0.0/8"]
}

variable "kms_key_arn" {
  type    = string
  default = null
}
`

// tfUnit writes one unit of tfUnitBlocks resource blocks named after n;
// inModule units read their settings from variables of the same names.
func tfUnit(b *strings.Builder, n string, i int, rng *rand.Rand) {
	versioning := "Enabled"
	if rng.IntN(4) == 0 {
		versioning = "Suspended"
	}
	sse := `sse_algorithm     = var.kms_key_arn == null ? "AES256" : "aws:kms"
      kms_master_key_id = var.kms_key_arn`
	if rng.IntN(3) == 0 {
		sse = `sse_algorithm = "AES256"`
	}
	sshFrom := "var.admin_cidrs"
	if rng.IntN(5) == 0 {
		sshFrom = `["0.0.0.0/0"]`
	}
	passRole := `"arn:aws:iam::123456789012:role/${local.prefix}-` + n + `-*"`
	if rng.IntN(6) == 0 {
		passRole = `"*"`
	}
	fmt.Fprintf(b, `resource "aws_s3_bucket" "%[1]s" {
  bucket = "${local.prefix}-%[1]s-data"
  tags   = merge(local.tags, { Unit = "%[1]s" })
}

resource "aws_s3_bucket_versioning" "%[1]s" {
  bucket = aws_s3_bucket.%[1]s.id
  versioning_configuration {
    status = "%[2]s"
  }
}

resource "aws_s3_bucket_public_access_block" "%[1]s" {
  bucket                  = aws_s3_bucket.%[1]s.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = %[3]t
}

resource "aws_s3_bucket_server_side_encryption_configuration" "%[1]s" {
  bucket = aws_s3_bucket.%[1]s.bucket
  rule {
    apply_server_side_encryption_by_default {
      %[4]s
    }
  }
}

resource "aws_s3_bucket_policy" "%[1]s" {
  bucket = aws_s3_bucket.%[1]s.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "TLSOnly"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::${local.prefix}-%[1]s-data", "arn:aws:s3:::${local.prefix}-%[1]s-data/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

resource "aws_security_group" "%[1]s" {
  name        = "${local.prefix}-%[1]s"
  description = "unit %[1]s"
  vpc_id      = var.vpc_id

  dynamic "ingress" {
    for_each = var.web_ports
    content {
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "%[1]s_ssh" {
  type              = "ingress"
  security_group_id = aws_security_group.%[1]s.id
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = %[5]s
}

resource "aws_iam_role" "%[1]s" {
  name = "${local.prefix}-%[1]s"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "%[1]s" {
  name = "deploy"
  role = aws_iam_role.%[1]s.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["s3:GetObject", "s3:PutObject"], Resource = "arn:aws:s3:::${local.prefix}-%[1]s-data/*" },
      { Effect = "Allow", Action = "iam:PassRole", Resource = %[6]s }
    ]
  })
}

`, n, versioning, rng.IntN(8) != 0, sse, sshFrom, passRole)
	switch i % 4 {
	case 0:
		env := `STAGE = var.env`
		if rng.IntN(4) == 0 {
			env = `STAGE = var.env
      DB_PASSWORD = "Tr0ub4dor-` + n + `"`
		}
		fmt.Fprintf(b, `resource "aws_lambda_function" "%[1]s" {
  function_name = "${local.prefix}-%[1]s"
  role          = aws_iam_role.%[1]s.arn
  runtime       = "%[2]s"
  handler       = "main.handler"
  filename      = "build/%[1]s.zip"
  environment {
    variables = {
      %[3]s
    }
  }
}
`, n, []string{"python3.12", "nodejs20.x", "python3.8", "java21"}[rng.IntN(4)], env)
	case 1:
		fmt.Fprintf(b, `resource "aws_sqs_queue" "%[1]s" {
  name                       = "${local.prefix}-%[1]s"
  visibility_timeout_seconds = 60
  sqs_managed_sse_enabled    = %[2]t
}
`, n, rng.IntN(3) != 0)
	case 2:
		fmt.Fprintf(b, `resource "aws_kms_key" "%[1]s" {
  description         = "${local.prefix} %[1]s"
  enable_key_rotation = %[2]t
}
`, n, rng.IntN(3) != 0)
	default:
		fmt.Fprintf(b, `resource "aws_db_instance" "%[1]s" {
  identifier                  = "${local.prefix}-%[1]s"
  engine                      = "postgres"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 20
  storage_encrypted           = %[2]t
  multi_az                    = var.env == "prod"
  publicly_accessible         = false
  username                    = "app"
  manage_master_user_password = true
}
`, n, rng.IntN(4) != 0)
	}
}

const tfLocals = `locals {
  prefix = "acme-${var.env}"
  tags = {
    Environment = var.env
    ManagedBy   = "terraform"
  }
}
`

// writeTFProject writes a root module of files unit files and calls
// module calls of a local one-unit module.
func writeTFProject(dir string, files, calls int, rng *rand.Rand) error {
	if err := writeFile(filepath.Join(dir, "variables.tf"), tfVariables); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "locals.tf"), tfLocals); err != nil {
		return err
	}
	if err := writeFile(filepath.Join(dir, "terraform.tfvars"), "env = \"prod\"\nadmin_cidrs = [\"10.10.0.0/16\"]\n"); err != nil {
		return err
	}
	var b strings.Builder
	for i := range files {
		b.Reset()
		tfUnit(&b, fmt.Sprintf("u%04d", i), i, rng)
		if err := writeFile(filepath.Join(dir, fmt.Sprintf("unit_%04d.tf", i)), b.String()); err != nil {
			return err
		}
	}
	if calls == 0 {
		return nil
	}
	if err := writeModule(filepath.Join(dir, "modules", "unit"), "", rng); err != nil {
		return err
	}
	for i := range calls {
		b.Reset()
		fmt.Fprintf(&b, `module "svc%04d" {
  source      = "./modules/unit"
  env         = var.env
  region      = var.region
  vpc_id      = var.vpc_id
  web_ports   = var.web_ports
  admin_cidrs = var.admin_cidrs
  kms_key_arn = var.kms_key_arn
  name        = "svc%04d"
}
`, i, i)
		if err := writeFile(filepath.Join(dir, fmt.Sprintf("svc_%04d.tf", i)), b.String()); err != nil {
			return err
		}
	}
	return nil
}

// writeModule writes a module of one unit whose prefix includes its name
// input, plus the calls in children (each a module block).
func writeModule(dir, children string, rng *rand.Rand) error {
	vars := tfVariables + `
variable "name" {
  type = string
}
`
	if err := writeFile(filepath.Join(dir, "variables.tf"), vars); err != nil {
		return err
	}
	locals := strings.Replace(tfLocals, `"acme-${var.env}"`, `"acme-${var.env}-${var.name}"`, 1)
	var b strings.Builder
	b.WriteString(locals)
	b.WriteString("\n")
	tfUnit(&b, "this", rng.IntN(4), rng)
	b.WriteString(children)
	return writeFile(filepath.Join(dir, "main.tf"), b.String())
}

// writeTFModuleLibrary writes a library whose root module has one unit
// and calls branches chains of modules depth levels deep, one unit each.
func writeTFModuleLibrary(dir string, branches, depth int, rng *rand.Rand) error {
	call := func(name, source string) string {
		return fmt.Sprintf(`
module "%s" {
  source      = "%s"
  env         = var.env
  region      = var.region
  vpc_id      = var.vpc_id
  web_ports   = var.web_ports
  admin_cidrs = var.admin_cidrs
  kms_key_arn = var.kms_key_arn
  name        = "${var.name}-%s"
}
`, name, source, name)
	}
	var rootCalls strings.Builder
	for br := range branches {
		// Level depth is a leaf; level 1 is called by the root.
		for lvl := depth; lvl >= 1; lvl-- {
			children := ""
			if lvl < depth {
				children = call(fmt.Sprintf("l%d", lvl+1), fmt.Sprintf("../b%d-l%d", br, lvl+1))
			}
			if err := writeModule(filepath.Join(dir, "modules", fmt.Sprintf("b%d-l%d", br, lvl)), children, rng); err != nil {
				return err
			}
		}
		rootCalls.WriteString(call(fmt.Sprintf("branch%d", br), fmt.Sprintf("./modules/b%d-l1", br)))
	}
	if err := writeModule(dir, rootCalls.String(), rng); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, "terraform.tfvars"), "name = \"lib\"\nenv = \"staging\"\n")
}

// writeCFNStack writes a CloudFormation template of units units of
// cfnUnitResources resources each.
func writeCFNStack(path string, units int, rng *rand.Rand) error {
	var b strings.Builder
	b.WriteString(`AWSTemplateFormatVersion: "2010-09-09"
Description: generated benchmark stack
Parameters:
  Environment:
    Type: String
    Default: staging
    AllowedValues: [dev, staging, prod]
  VpcId:
    Type: String
    Default: vpc-0123456789abcdef0
  AdminCidr:
    Type: String
    Default: 10.0.0.0/8
Mappings:
  Sizing:
    dev: {DbClass: db.t4g.micro, MultiAz: false}
    staging: {DbClass: db.t4g.medium, MultiAz: false}
    prod: {DbClass: db.r6g.large, MultiAz: true}
Conditions:
  IsProd: !Equals [!Ref Environment, prod]
Resources:
`)
	for i := range units {
		n := fmt.Sprintf("U%03d", i)
		cidr := "!Ref AdminCidr"
		if rng.IntN(3) == 0 {
			cidr = "0.0.0.0/0"
		}
		fmt.Fprintf(&b, `  %[1]sKey:
    Type: AWS::KMS::Key
    Properties:
      Description: !Sub "${Environment} %[1]s"
      EnableKeyRotation: %[2]t
  %[1]sBucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "acme-${Environment}-%[3]s"
      VersioningConfiguration:
        Status: !If [IsProd, Enabled, Suspended]
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
              KMSMasterKeyID: !GetAtt %[1]sKey.Arn
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
  %[1]sBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref %[1]sBucket
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: "s3:*"
            Resource: "arn:aws:s3:::acme-staging-%[3]s/*"
            Condition: {Bool: {"aws:SecureTransport": "false"}}
  %[1]sSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: !Sub "%[1]s in ${Environment}"
      VpcId: !Ref VpcId
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
  %[1]sSshIngress:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !GetAtt %[1]sSecurityGroup.GroupId
      IpProtocol: tcp
      FromPort: 22
      ToPort: 22
      CidrIp: %[4]s
  %[1]sRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: "sts:AssumeRole"}
      Policies:
        - PolicyName: passrole
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: "iam:PassRole", Resource: "%[5]s"}
  %[1]sPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref %[1]sRole]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Action: ["s3:GetObject"], Resource: "arn:aws:s3:::acme-staging-%[3]s/*"}
  %[1]sFunction:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: !Sub "${Environment}-%[3]s"
      Runtime: %[6]s
      Handler: index.handler
      Role: !GetAtt %[1]sRole.Arn
      Code: {ZipFile: "exports.handler = async () => 1"}
      Environment:
        Variables:
          STAGE: !Ref Environment
  %[1]sQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub "${Environment}-%[3]s"
      SqsManagedSseEnabled: %[7]t
  %[1]sDatabase:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
      DBInstanceClass: !FindInMap [Sizing, !Ref Environment, DbClass]
      MultiAZ: !FindInMap [Sizing, !Ref Environment, MultiAz]
      AllocatedStorage: "20"
      StorageEncrypted: %[8]t
      MasterUsername: app
      ManageMasterUserPassword: true
`, n, rng.IntN(3) != 0, strings.ToLower(n), cidr,
			[]string{"arn:aws:iam::123456789012:role/app-*", "*"}[rng.IntN(2)],
			[]string{"nodejs20.x", "python3.12", "nodejs16.x"}[rng.IntN(3)], rng.IntN(3) != 0, rng.IntN(4) != 0)
	}
	return writeFile(path, b.String())
}
