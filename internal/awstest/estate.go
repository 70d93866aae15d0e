package awstest

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Estate is a generated account for benchmarks: about Resources
// resources spread over Regions, answered by handlers that page like
// the real APIs. Calls the estate does not generate are answered with
// empty results. With Accounts above 1 it is an organization of that
// many such accounts: Account is the management account, the members
// follow it and each lets the role MemberRole be assumed.
type Estate struct {
	Account   string
	Regions   []string
	Resources int
	Accounts  int
}

// MemberRole is the role a generated organization's members let the
// scanner assume.
const MemberRole = "VigilAudit"

// Organization is the ID of a generated organization.
const Organization = "o-bench00000"

// share is each generated kind's part of the estate, in percent; buckets
// are listed once per account, the rest split across regions.
var share = []struct {
	api string
	pct int
}{
	{"ec2:DescribeInstances", 24}, {"ec2:DescribeSecurityGroups", 14}, {"ec2:DescribeVolumes", 22},
	{"ec2:DescribeVpcs", 4}, {"ec2:DescribeNetworkAcls", 4}, {"ec2:DescribeRouteTables", 4},
	{"s3:ListBuckets", 2},
	{"iam:users", 6}, {"iam:roles", 10}, {"iam:policies", 4},
	{"lambda:ListFunctions", 2}, {"kms:ListKeys", 1},
	// ECS: 1% services (about 0.11 calls each), 1% task definition
	// families (about 1.01 calls each: no batch describe).
	{"ecs:ListServices", 1}, {"ecs:ListTaskDefinitions", 1},
	// CodeBuild: 1% projects (about 0.02 calls each).
	{"codebuild:ListProjects", 1},
	// Step Functions: 1% state machines (about 1.001 calls each: no
	// batch describe).
	{"states:ListStateMachines", 1},
	// Data services (registerDataServices): cache clusters twice the
	// replication groups (two members each), Redshift and MSK clusters
	// as many as groups; Redshift is the one with a per-resource call.
	{"elasticache:DescribeReplicationGroups", 1}, {"elasticache:DescribeCacheClusters", 2},
	{"redshift:DescribeClusters", 1}, {"kafka:ListClustersV2", 1},
	// Launch templates, Auto Scaling groups and launch configurations:
	// 1% each, read by paged lists only.
	{"ec2:DescribeLaunchTemplateVersions", 1}, {"autoscaling:DescribeAutoScalingGroups", 1},
	{"autoscaling:DescribeLaunchConfigurations", 1},
	// DynamoDB tables and Kinesis streams: 1% each, with two and one
	// calls per resource.
	{"dynamodb:ListTables", 1}, {"kinesis:ListStreams", 1},
	// SageMaker notebook instances: 1%, one describe call each.
	{"sagemaker:ListNotebookInstances", 1},
	// ACM certificates: 1%, a thousand per ListCertificates page.
	{"acm:ListCertificates", 1},
	// AWS Backup recovery points: 1%, in vaults of fifty (about 0.02
	// calls each).
	{"backup:ListRecoveryPointsByBackupVault", 1},
}

// global reports whether a generated kind is listed once per account.
func global(api string) bool { return api == "s3:ListBuckets" || strings.HasPrefix(api, "iam:") }

// Counts returns how many resources of each generated list API the
// estate holds per region (per account for S3).
func (e Estate) Counts() map[string]int {
	out := map[string]int{}
	total := 0
	for _, s := range share {
		total += s.pct
	}
	for _, s := range share {
		n := e.Resources * s.pct / total
		if !global(s.api) {
			n /= len(e.Regions)
		}
		out[s.api] = n
	}
	return out
}

// Scenario returns the estate's scenario: its accounts and regions.
func (e Estate) Scenario() *Scenario {
	if e.Accounts <= 1 {
		return &Scenario{Accounts: []Account{{ID: e.Account, Name: "bench", Regions: e.Regions}}}
	}
	sc := &Scenario{Organization: Organization}
	base, _ := strconv.ParseUint(e.Account, 10, 64)
	for i := range e.Accounts {
		a := Account{ID: fmt.Sprintf("%012d", base+uint64(i)), Name: fmt.Sprintf("bench-%d", i), Regions: e.Regions, Status: "ACTIVE",
			Email: fmt.Sprintf("bench-%d@example.com", i), Management: i == 0}
		if i > 0 {
			a.Roles = []Role{{Name: MemberRole}}
		}
		sc.Accounts = append(sc.Accounts, a)
	}
	return sc
}

// Register installs the estate's handlers on s.
func (e Estate) Register(s *Server) {
	counts := e.Counts()
	page := func(req *Request, total, size int) (from, to int, next string) {
		from, _ = strconv.Atoi(strings.TrimPrefix(req.Params["NextToken"], "t"))
		to = min(from+size, total)
		if to < total {
			next = "t" + strconv.Itoa(to)
		}
		return from, to, next
	}
	ec2List := func(api, set string, size int, item func(req *Request, i int) string) {
		s.Handle(api, func(req *Request) *Reply {
			from, to, next := page(req, counts[api], size)
			var b strings.Builder
			fmt.Fprintf(&b, `<%sResponse><requestId>r</requestId><%s>`, req.Op, set)
			for i := from; i < to; i++ {
				b.WriteString(item(req, i))
			}
			fmt.Fprintf(&b, `</%s>`, set)
			if next != "" {
				fmt.Fprintf(&b, `<nextToken>%s</nextToken>`, next)
			}
			fmt.Fprintf(&b, `</%sResponse>`, req.Op)
			return &Reply{Body: b.String()}
		})
	}
	ec2List("ec2:DescribeInstances", "reservationSet", 1000, func(req *Request, i int) string {
		r, acct := req.Region, req.Account
		return fmt.Sprintf(`<item><reservationId>r-%[1]s-%[2]d</reservationId><ownerId>%[3]s</ownerId><instancesSet><item><instanceId>i-%[1]s-%[2]d</instanceId><imageId>ami-1</imageId><instanceType>m5.large</instanceType><instanceState><code>16</code><name>running</name></instanceState><privateIpAddress>10.0.%[4]d.%[5]d</privateIpAddress><subnetId>subnet-%[1]s-%[6]d</subnetId><vpcId>vpc-%[1]s-%[6]d</vpcId><metadataOptions><state>applied</state><httpTokens>%[7]s</httpTokens><httpEndpoint>enabled</httpEndpoint><httpPutResponseHopLimit>2</httpPutResponseHopLimit></metadataOptions><iamInstanceProfile><arn>arn:aws:iam::%[3]s:instance-profile/app</arn><id>AIPA%[2]d</id></iamInstanceProfile><groupSet><item><groupId>sg-%[1]s-%[6]d</groupId><groupName>app-%[6]d</groupName></item></groupSet><tagSet><item><key>Name</key><value>app-%[2]d</value></item><item><key>team</key><value>team-%[6]d</value></item></tagSet></item></instancesSet></item>`,
			r, i, acct, i/250%250, i%250, i%50, []string{"required", "optional"}[i%7/6])
	})
	ec2List("ec2:DescribeSecurityGroups", "securityGroupInfo", 1000, func(req *Request, i int) string {
		r, acct := req.Region, req.Account
		cidr := "10.0.0.0/8"
		if i%20 == 0 {
			cidr = "0.0.0.0/0"
		}
		return fmt.Sprintf(`<item><ownerId>%[3]s</ownerId><groupId>sg-%[1]s-%[2]d</groupId><groupName>app-%[2]d</groupName><groupDescription>app</groupDescription><vpcId>vpc-%[1]s-%[4]d</vpcId><ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort><ipRanges><item><cidrIp>%[5]s</cidrIp></item></ipRanges></item><item><ipProtocol>tcp</ipProtocol><fromPort>443</fromPort><toPort>443</toPort><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissions><ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissionsEgress></item>`,
			r, i, acct, i%50, cidr)
	})
	ec2List("ec2:DescribeVolumes", "volumeSet", 1000, func(req *Request, i int) string {
		r := req.Region
		return fmt.Sprintf(`<item><volumeId>vol-%[1]s-%[2]d</volumeId><size>100</size><availabilityZone>%[1]sa</availabilityZone><status>in-use</status><volumeType>gp3</volumeType><encrypted>%[3]t</encrypted><createTime>2025-01-01T00:00:00.000Z</createTime><attachmentSet><item><volumeId>vol-%[1]s-%[2]d</volumeId><instanceId>i-%[1]s-%[2]d</instanceId><device>/dev/xvda</device><status>attached</status></item></attachmentSet></item>`,
			r, i, i%10 != 0)
	})
	ec2List("ec2:DescribeVpcs", "vpcSet", 1000, func(req *Request, i int) string {
		r, acct := req.Region, req.Account
		return fmt.Sprintf(`<item><vpcId>vpc-%[1]s-%[2]d</vpcId><ownerId>%[3]s</ownerId><state>available</state><cidrBlock>10.%[4]d.0.0/16</cidrBlock><isDefault>false</isDefault></item>`, r, i, acct, i%250)
	})
	ec2List("ec2:DescribeFlowLogs", "flowLogSet", 1000, func(req *Request, i int) string {
		r := req.Region
		return fmt.Sprintf(`<item><flowLogId>fl-%[1]s-%[2]d</flowLogId><resourceId>vpc-%[1]s-%[2]d</resourceId><flowLogStatus>ACTIVE</flowLogStatus><trafficType>ALL</trafficType><logDestinationType>s3</logDestinationType></item>`, r, i)
	})
	counts["ec2:DescribeFlowLogs"] = counts["ec2:DescribeVpcs"] / 2
	ec2List("ec2:DescribeNetworkAcls", "networkAclSet", 1000, func(req *Request, i int) string {
		r, acct := req.Region, req.Account
		return fmt.Sprintf(`<item><networkAclId>acl-%[1]s-%[2]d</networkAclId><vpcId>vpc-%[1]s-%[3]d</vpcId><ownerId>%[4]s</ownerId><default>false</default><entrySet><item><ruleNumber>100</ruleNumber><protocol>6</protocol><ruleAction>allow</ruleAction><egress>false</egress><cidrBlock>0.0.0.0/0</cidrBlock><portRange><from>443</from><to>443</to></portRange></item><item><ruleNumber>32767</ruleNumber><protocol>-1</protocol><ruleAction>deny</ruleAction><egress>false</egress><cidrBlock>0.0.0.0/0</cidrBlock></item></entrySet></item>`, r, i, i%50, acct)
	})
	ec2List("ec2:DescribeRouteTables", "routeTableSet", 100, func(req *Request, i int) string {
		r, acct := req.Region, req.Account
		return fmt.Sprintf(`<item><routeTableId>rtb-%[1]s-%[2]d</routeTableId><vpcId>vpc-%[1]s-%[3]d</vpcId><ownerId>%[4]s</ownerId><routeSet><item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state></item><item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><gatewayId>igw-1</gatewayId><state>active</state></item></routeSet></item>`, r, i, i%50, acct)
	})
	e.registerS3(s, counts["s3:ListBuckets"])
	e.registerIAM(s, counts)
	e.registerServices(s, counts)
	e.registerECS(s, counts)
	e.registerCodeBuild(s, counts)
	e.registerStepFunctions(s, counts)
	e.registerDataServices(s, counts)
	e.registerAutoScaling(s, counts)
	e.registerData(s, counts)
	e.registerWAFv2(s)
	e.registerACM(s, counts)
	e.registerBackup(s, counts)
	e.registerEKS(s, counts)
	e.registerRoute53(s)
	e.registerCognito(s, counts)
	e.registerSSM(s, counts)
	s.fallback = emptyReply
}

func (e Estate) registerS3(s *Server, n int) {
	s.Handle("s3:ListBuckets", func(req *Request) *Reply {
		from, _ := strconv.Atoi(strings.TrimPrefix(req.Params["continuation-token"], "t"))
		to := min(from+1000, n)
		var b strings.Builder
		b.WriteString(`<ListAllMyBucketsResult><Owner><ID>owner</ID></Owner><Buckets>`)
		for i := from; i < to; i++ {
			fmt.Fprintf(&b, `<Bucket><Name>bench-%s-%d</Name><CreationDate>2025-01-01T00:00:00.000Z</CreationDate><BucketRegion>%s</BucketRegion></Bucket>`, req.Account, i, e.Regions[i%len(e.Regions)])
		}
		b.WriteString(`</Buckets>`)
		if to < n {
			fmt.Fprintf(&b, `<ContinuationToken>t%d</ContinuationToken>`, to)
		}
		b.WriteString(`</ListAllMyBucketsResult>`)
		return &Reply{Body: b.String()}
	})
	notFound := func(code string) HandlerFunc {
		return func(*Request) *Reply { return &Reply{Status: 404, Error: code} }
	}
	s.Handle("s3control:GetPublicAccessBlock", func(*Request) *Reply {
		return &Reply{Body: `<PublicAccessBlockConfiguration><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>`}
	})
	s.Handle("s3:GetPublicAccessBlock", notFound("NoSuchPublicAccessBlockConfiguration"))
	s.Handle("s3:GetBucketPolicy", func(req *Request) *Reply {
		return &Reply{Body: `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::` + req.Params["Bucket"] + `/*"],"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}`}
	})
	s.Handle("s3:GetBucketPolicyStatus", func(*Request) *Reply {
		return &Reply{Body: `<PolicyStatus><IsPublic>false</IsPublic></PolicyStatus>`}
	})
	s.Handle("s3:GetBucketAcl", func(*Request) *Reply {
		return &Reply{Body: `<AccessControlPolicy><Owner><ID>owner</ID></Owner><AccessControlList><Grant><Grantee><ID>owner</ID></Grantee><Permission>FULL_CONTROL</Permission></Grant></AccessControlList></AccessControlPolicy>`}
	})
	s.Handle("s3:GetBucketEncryption", func(*Request) *Reply {
		return &Reply{Body: `<ServerSideEncryptionConfiguration><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>AES256</SSEAlgorithm></ApplyServerSideEncryptionByDefault></Rule></ServerSideEncryptionConfiguration>`}
	})
	s.Handle("s3:GetBucketVersioning", func(*Request) *Reply {
		return &Reply{Body: `<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>`}
	})
	s.Handle("s3:GetBucketLogging", func(*Request) *Reply { return &Reply{Body: `<BucketLoggingStatus></BucketLoggingStatus>`} })
	s.Handle("s3:GetObjectLockConfiguration", notFound("ObjectLockConfigurationNotFoundError"))
	s.Handle("s3:GetBucketTagging", notFound("NoSuchTagSet"))
}

// emptyReply answers a call the estate does not generate with an empty
// success: no resources of that kind.
func emptyReply(req *Request) *Reply {
	switch req.Protocol {
	case Query:
		return &Reply{Body: fmt.Sprintf(`<%[1]sResponse><%[1]sResult></%[1]sResult></%[1]sResponse>`, req.Op)}
	case EC2Query:
		return &Reply{Body: fmt.Sprintf(`<%[1]sResponse><requestId>r</requestId></%[1]sResponse>`, req.Op)}
	case RESTXML, RESTXMLWrapped:
		return &Reply{Body: ""}
	default:
		return &Reply{Body: "{}"}
	}
}

func (e Estate) registerIAM(s *Server, counts map[string]int) {
	users, roles, policies := counts["iam:users"], counts["iam:roles"], counts["iam:policies"]
	s.Handle("iam:GenerateCredentialReport", func(*Request) *Reply {
		return &Reply{Body: map[string]any{"State": "COMPLETE"}}
	})
	report := func(acct string) string {
		var b strings.Builder
		b.WriteString("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated\n")
		fmt.Fprintf(&b, "<root_account>,arn:aws:iam::%s:root,2020-01-01T00:00:00+00:00,not_supported,2024-01-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n", acct)
		for i := 0; i < users; i++ {
			fmt.Fprintf(&b, "user-%d,arn:aws:iam::%s:user/user-%d,2023-01-01T00:00:00+00:00,%t,2025-01-01T00:00:00+00:00,2023-01-01T00:00:00+00:00,N/A,%t,true,2024-06-01T00:00:00+00:00,2025-01-01T00:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A\n",
				i, acct, i, i%3 == 0, i%6 == 0)
		}
		return base64.StdEncoding.EncodeToString([]byte(b.String()))
	}
	s.Handle("iam:GetCredentialReport", func(req *Request) *Reply {
		return &Reply{Body: `<GetCredentialReportResponse><GetCredentialReportResult><Content>` + report(req.Account) + `</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-01-01T00:00:00Z</GeneratedTime></GetCredentialReportResult></GetCredentialReportResponse>`}
	})
	trust := url.QueryEscape(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}`)
	doc := url.QueryEscape(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::data/*"}]}`)
	total := users + roles + policies
	s.Handle("iam:GetAccountAuthorizationDetails", func(req *Request) *Reply {
		acct := req.Account
		from, _ := strconv.Atoi(strings.TrimPrefix(req.Params["Marker"], "m"))
		to := min(from+1000, total)
		var u, r, p strings.Builder
		for i := from; i < to; i++ {
			switch {
			case i < users:
				fmt.Fprintf(&u, `<member><UserName>user-%[1]d</UserName><UserId>AIDA%[1]d</UserId><Arn>arn:aws:iam::%[2]s:user/user-%[1]d</Arn><Path>/</Path><CreateDate>2023-01-01T00:00:00Z</CreateDate><GroupList><member>devs</member></GroupList><AttachedManagedPolicies><member><PolicyName>app-%[3]d</PolicyName><PolicyArn>arn:aws:iam::%[2]s:policy/app-%[3]d</PolicyArn></member></AttachedManagedPolicies></member>`, i, acct, i%max(policies, 1))
			case i < users+roles:
				j := i - users
				fmt.Fprintf(&r, `<member><RoleName>role-%[1]d</RoleName><RoleId>AROA%[1]d</RoleId><Arn>arn:aws:iam::%[2]s:role/role-%[1]d</Arn><Path>/</Path><CreateDate>2023-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>%[3]s</AssumeRolePolicyDocument><AttachedManagedPolicies><member><PolicyName>app-%[4]d</PolicyName><PolicyArn>arn:aws:iam::%[2]s:policy/app-%[4]d</PolicyArn></member></AttachedManagedPolicies></member>`, j, acct, trust, j%max(policies, 1))
			default:
				j := i - users - roles
				fmt.Fprintf(&p, `<member><PolicyName>app-%[1]d</PolicyName><PolicyId>ANPA%[1]d</PolicyId><Arn>arn:aws:iam::%[2]s:policy/app-%[1]d</Arn><Path>/</Path><DefaultVersionId>v1</DefaultVersionId><AttachmentCount>3</AttachmentCount><IsAttachable>true</IsAttachable><CreateDate>2023-01-01T00:00:00Z</CreateDate><PolicyVersionList><member><Document>%[3]s</Document><VersionId>v1</VersionId><IsDefaultVersion>true</IsDefaultVersion></member></PolicyVersionList></member>`, j, acct, doc)
			}
		}
		var b strings.Builder
		b.WriteString(`<GetAccountAuthorizationDetailsResponse><GetAccountAuthorizationDetailsResult>`)
		fmt.Fprintf(&b, `<UserDetailList>%s</UserDetailList><RoleDetailList>%s</RoleDetailList><Policies>%s</Policies>`, u.String(), r.String(), p.String())
		if to < total {
			fmt.Fprintf(&b, `<IsTruncated>true</IsTruncated><Marker>m%d</Marker>`, to)
		} else {
			b.WriteString(`<IsTruncated>false</IsTruncated>`)
		}
		b.WriteString(`</GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>`)
		return &Reply{Body: b.String()}
	})
}

// registerServices generates Lambda functions and KMS keys: services
// whose collectors make per-resource calls.
func (e Estate) registerServices(s *Server, counts map[string]int) {
	fns := counts["lambda:ListFunctions"]
	s.Handle("lambda:ListFunctions", func(req *Request) *Reply {
		from, _ := strconv.Atoi(strings.TrimPrefix(req.Params["Marker"], "m"))
		to := min(from+50, fns)
		acct := req.Account
		items := make([]any, 0, to-from)
		for i := from; i < to; i++ {
			items = append(items, map[string]any{
				"FunctionName": fmt.Sprintf("fn-%d", i), "FunctionArn": fmt.Sprintf("arn:aws:lambda:%s:%s:function:fn-%d", req.Region, acct, i),
				"Runtime": "python3.13", "Role": fmt.Sprintf("arn:aws:iam::%s:role/role-%d", acct, i), "Handler": "app.handler",
				"Environment": map[string]any{"Variables": map[string]any{"LOG_LEVEL": "info", "TABLE": fmt.Sprintf("orders-%d", i)}},
			})
		}
		body := map[string]any{"Functions": items}
		if to < fns {
			body["NextMarker"] = fmt.Sprintf("m%d", to)
		}
		return &Reply{Body: body}
	})
	s.Handle("lambda:GetPolicy", func(*Request) *Reply {
		return &Reply{Status: 404, Error: "ResourceNotFoundException", Message: "no policy"}
	})
	keys := counts["kms:ListKeys"]
	s.Handle("kms:ListKeys", func(req *Request) *Reply {
		from, _ := strconv.Atoi(strings.TrimPrefix(req.Params["Marker"], "m"))
		to := min(from+1000, keys)
		acct := req.Account
		items := make([]any, 0, to-from)
		for i := from; i < to; i++ {
			items = append(items, map[string]any{"KeyId": fmt.Sprintf("key-%d", i), "KeyArn": fmt.Sprintf("arn:aws:kms:%s:%s:key/key-%d", req.Region, acct, i)})
		}
		body := map[string]any{"Keys": items, "Truncated": to < keys}
		if to < keys {
			body["NextMarker"] = fmt.Sprintf("m%d", to)
		}
		return &Reply{Body: body}
	})
	s.Handle("kms:DescribeKey", func(req *Request) *Reply {
		id, acct := req.Params["KeyId"], req.Account
		return &Reply{Body: map[string]any{"KeyMetadata": map[string]any{
			"KeyId": id, "Arn": fmt.Sprintf("arn:aws:kms:%s:%s:key/%s", req.Region, acct, id), "AWSAccountId": acct,
			"KeyManager": "CUSTOMER", "KeySpec": "SYMMETRIC_DEFAULT", "KeyUsage": "ENCRYPT_DECRYPT", "KeyState": "Enabled", "Enabled": true, "Origin": "AWS_KMS",
		}}}
	})
	s.Handle("kms:GetKeyRotationStatus", func(*Request) *Reply { return &Reply{Body: map[string]any{"KeyRotationEnabled": true}} })
	s.Handle("kms:GetKeyPolicy", func(req *Request) *Reply {
		return &Reply{Body: map[string]any{"PolicyName": "default", "Policy": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::` + req.Account + `:root"},"Action":"kms:*","Resource":"*"}]}`}}
	})
}
