package awstest

import (
	"fmt"
	"strconv"
	"strings"
)

// Estate is a generated account for benchmarks: about Resources
// resources spread over Regions, answered by handlers that page like
// the real APIs. Calls the estate does not generate are answered with
// empty results.
type Estate struct {
	Account   string
	Regions   []string
	Resources int
}

// share is each generated kind's part of the estate, in percent; buckets
// are listed once per account, the rest split across regions.
var share = []struct {
	api string
	pct int
}{
	{"ec2:DescribeInstances", 24}, {"ec2:DescribeSecurityGroups", 14}, {"ec2:DescribeVolumes", 22},
	{"ec2:DescribeVpcs", 4}, {"ec2:DescribeNetworkAcls", 4}, {"ec2:DescribeRouteTables", 4},
	{"s3:ListBuckets", 2},
}

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
		if s.api != "s3:ListBuckets" {
			n /= len(e.Regions)
		}
		out[s.api] = n
	}
	return out
}

// Scenario returns the estate's scenario: one account, its regions.
func (e Estate) Scenario() *Scenario {
	return &Scenario{Accounts: []Account{{ID: e.Account, Name: "bench", Regions: e.Regions}}}
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
	ec2List := func(api, set string, item func(region string, i int) string) {
		s.Handle(api, func(req *Request) *Reply {
			from, to, next := page(req, counts[api], 1000)
			var b strings.Builder
			fmt.Fprintf(&b, `<%sResponse><requestId>r</requestId><%s>`, req.Op, set)
			for i := from; i < to; i++ {
				b.WriteString(item(req.Region, i))
			}
			fmt.Fprintf(&b, `</%s>`, set)
			if next != "" {
				fmt.Fprintf(&b, `<nextToken>%s</nextToken>`, next)
			}
			fmt.Fprintf(&b, `</%sResponse>`, req.Op)
			return &Reply{Body: b.String()}
		})
	}
	acct := e.Account
	ec2List("ec2:DescribeInstances", "reservationSet", func(r string, i int) string {
		return fmt.Sprintf(`<item><reservationId>r-%[1]s-%[2]d</reservationId><ownerId>%[3]s</ownerId><instancesSet><item><instanceId>i-%[1]s-%[2]d</instanceId><imageId>ami-1</imageId><instanceType>m5.large</instanceType><instanceState><code>16</code><name>running</name></instanceState><privateIpAddress>10.0.%[4]d.%[5]d</privateIpAddress><subnetId>subnet-%[1]s-%[6]d</subnetId><vpcId>vpc-%[1]s-%[6]d</vpcId><metadataOptions><state>applied</state><httpTokens>%[7]s</httpTokens><httpEndpoint>enabled</httpEndpoint><httpPutResponseHopLimit>2</httpPutResponseHopLimit></metadataOptions><iamInstanceProfile><arn>arn:aws:iam::%[3]s:instance-profile/app</arn><id>AIPA%[2]d</id></iamInstanceProfile><groupSet><item><groupId>sg-%[1]s-%[6]d</groupId><groupName>app-%[6]d</groupName></item></groupSet><tagSet><item><key>Name</key><value>app-%[2]d</value></item><item><key>team</key><value>team-%[6]d</value></item></tagSet></item></instancesSet></item>`,
			r, i, acct, i/250%250, i%250, i%50, []string{"required", "optional"}[i%7/6])
	})
	ec2List("ec2:DescribeSecurityGroups", "securityGroupInfo", func(r string, i int) string {
		cidr := "10.0.0.0/8"
		if i%20 == 0 {
			cidr = "0.0.0.0/0"
		}
		return fmt.Sprintf(`<item><ownerId>%[3]s</ownerId><groupId>sg-%[1]s-%[2]d</groupId><groupName>app-%[2]d</groupName><groupDescription>app</groupDescription><vpcId>vpc-%[1]s-%[4]d</vpcId><ipPermissions><item><ipProtocol>tcp</ipProtocol><fromPort>22</fromPort><toPort>22</toPort><ipRanges><item><cidrIp>%[5]s</cidrIp></item></ipRanges></item><item><ipProtocol>tcp</ipProtocol><fromPort>443</fromPort><toPort>443</toPort><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissions><ipPermissionsEgress><item><ipProtocol>-1</ipProtocol><ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges></item></ipPermissionsEgress></item>`,
			r, i, acct, i%50, cidr)
	})
	ec2List("ec2:DescribeVolumes", "volumeSet", func(r string, i int) string {
		return fmt.Sprintf(`<item><volumeId>vol-%[1]s-%[2]d</volumeId><size>100</size><availabilityZone>%[1]sa</availabilityZone><status>in-use</status><volumeType>gp3</volumeType><encrypted>%[3]t</encrypted><createTime>2025-01-01T00:00:00.000Z</createTime><attachmentSet><item><volumeId>vol-%[1]s-%[2]d</volumeId><instanceId>i-%[1]s-%[2]d</instanceId><device>/dev/xvda</device><status>attached</status></item></attachmentSet></item>`,
			r, i, i%10 != 0)
	})
	ec2List("ec2:DescribeVpcs", "vpcSet", func(r string, i int) string {
		return fmt.Sprintf(`<item><vpcId>vpc-%[1]s-%[2]d</vpcId><ownerId>%[3]s</ownerId><state>available</state><cidrBlock>10.%[4]d.0.0/16</cidrBlock><isDefault>false</isDefault></item>`, r, i, acct, i%250)
	})
	ec2List("ec2:DescribeFlowLogs", "flowLogSet", func(r string, i int) string {
		return fmt.Sprintf(`<item><flowLogId>fl-%[1]s-%[2]d</flowLogId><resourceId>vpc-%[1]s-%[2]d</resourceId><flowLogStatus>ACTIVE</flowLogStatus><trafficType>ALL</trafficType><logDestinationType>s3</logDestinationType></item>`, r, i)
	})
	counts["ec2:DescribeFlowLogs"] = counts["ec2:DescribeVpcs"] / 2
	ec2List("ec2:DescribeNetworkAcls", "networkAclSet", func(r string, i int) string {
		return fmt.Sprintf(`<item><networkAclId>acl-%[1]s-%[2]d</networkAclId><vpcId>vpc-%[1]s-%[3]d</vpcId><ownerId>%[4]s</ownerId><default>false</default><entrySet><item><ruleNumber>100</ruleNumber><protocol>6</protocol><ruleAction>allow</ruleAction><egress>false</egress><cidrBlock>0.0.0.0/0</cidrBlock><portRange><from>443</from><to>443</to></portRange></item><item><ruleNumber>32767</ruleNumber><protocol>-1</protocol><ruleAction>deny</ruleAction><egress>false</egress><cidrBlock>0.0.0.0/0</cidrBlock></item></entrySet></item>`, r, i, i%50, acct)
	})
	s.Handle("ec2:DescribeRouteTables", func(req *Request) *Reply {
		from, to, next := page(req, counts["ec2:DescribeRouteTables"], 100)
		var b strings.Builder
		b.WriteString(`<DescribeRouteTablesResponse><requestId>r</requestId><routeTableSet>`)
		for i := from; i < to; i++ {
			fmt.Fprintf(&b, `<item><routeTableId>rtb-%[1]s-%[2]d</routeTableId><vpcId>vpc-%[1]s-%[3]d</vpcId><ownerId>%[4]s</ownerId><routeSet><item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state></item><item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><gatewayId>igw-1</gatewayId><state>active</state></item></routeSet></item>`, req.Region, i, i%50, acct)
		}
		b.WriteString(`</routeTableSet>`)
		if next != "" {
			fmt.Fprintf(&b, `<nextToken>%s</nextToken>`, next)
		}
		b.WriteString(`</DescribeRouteTablesResponse>`)
		return &Reply{Body: b.String()}
	})
	e.registerS3(s, counts["s3:ListBuckets"])
	s.fallback = emptyReply
}

func (e Estate) registerS3(s *Server, n int) {
	s.Handle("s3:ListBuckets", func(req *Request) *Reply {
		from, _ := strconv.Atoi(strings.TrimPrefix(req.Params["continuation-token"], "t"))
		to := min(from+1000, n)
		var b strings.Builder
		b.WriteString(`<ListAllMyBucketsResult><Owner><ID>owner</ID></Owner><Buckets>`)
		for i := from; i < to; i++ {
			fmt.Fprintf(&b, `<Bucket><Name>bench-%d</Name><CreationDate>2025-01-01T00:00:00.000Z</CreationDate><BucketRegion>%s</BucketRegion></Bucket>`, i, e.Regions[i%len(e.Regions)])
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
