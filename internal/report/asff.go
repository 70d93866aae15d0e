package report

import (
	"fmt"
	"io"
	"time"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/model"
)

const asffHelp = "AWS Security Hub findings (ASFF) on resources of an AWS account; others are skipped and counted on stderr"

// The attributes and limits of a finding Security Hub imports, from the
// AWS Security Hub API Reference (AwsSecurityFinding, Resource,
// Compliance, Recommendation: "This member is required", "Length
// Constraints", "Array Members"), the user guide's "Required top-level
// ASFF attributes" (which also requires Severity and Types) and "Types
// taxonomy for ASFF", and the partner guide's "Guidelines for mapping
// findings into ASFF" (truncate long text).
const (
	asffSchemaVersion      = "2018-10-08"
	asffMaxID              = 512 // Id, GeneratorId
	asffMaxTitle           = 256
	asffMaxDescription     = 1024
	asffMaxResources       = 32
	asffMaxRequirements    = 32 // Compliance.RelatedRequirements
	asffMaxRecommendation  = 512
	asffMaxProductFieldVal = 2048
	asffTime               = "2006-01-02T15:04:05.000Z07:00"
)

// Why findings are left out of ASFF.
const (
	asffSkipNotAWS    = "not on an AWS resource"
	asffSkipNoAccount = "no 12-digit AWS account (infrastructure-as-code findings name none)"
)

// asffResourceTypes maps Vigil's AWS types to Security Hub's resource
// types (the members of the API's ResourceDetails, which a test checks);
// a type with none is "Other", as the API Reference says.
var asffResourceTypes = map[string]string{
	"aws.apigateway.stage":                 "AwsApiGatewayStage",
	"aws.apigatewayv2.stage":               "AwsApiGatewayV2Stage",
	"aws.cloudfront.distribution":          "AwsCloudFrontDistribution",
	"aws.cloudtrail.trail":                 "AwsCloudTrailTrail",
	"aws.cloudwatch.alarm":                 "AwsCloudWatchAlarm",
	"aws.codebuild.project":                "AwsCodeBuildProject",
	"aws.ec2.instance":                     "AwsEc2Instance",
	"aws.ec2.network_acl":                  "AwsEc2NetworkAcl",
	"aws.ec2.route_table":                  "AwsEc2RouteTable",
	"aws.ec2.security_group":               "AwsEc2SecurityGroup",
	"aws.ec2.subnet":                       "AwsEc2Subnet",
	"aws.ec2.volume":                       "AwsEc2Volume",
	"aws.ec2.vpc":                          "AwsEc2Vpc",
	"aws.ecr.repository":                   "AwsEcrRepository",
	"aws.ecs.cluster":                      "AwsEcsCluster",
	"aws.ecs.service":                      "AwsEcsService",
	"aws.ecs.task_definition":              "AwsEcsTaskDefinition",
	"aws.eks.cluster":                      "AwsEksCluster",
	"aws.elb.load_balancer":                "AwsElbLoadBalancer",
	"aws.elbv2.load_balancer":              "AwsElbv2LoadBalancer",
	"aws.events.event_bus":                 "AwsEventsEventbus",
	"aws.iam.group":                        "AwsIamGroup",
	"aws.iam.policy":                       "AwsIamPolicy",
	"aws.iam.role":                         "AwsIamRole",
	"aws.iam.user":                         "AwsIamUser",
	"aws.kms.key":                          "AwsKmsKey",
	"aws.lambda.function":                  "AwsLambdaFunction",
	"aws.opensearch.domain":                "AwsOpenSearchServiceDomain",
	"aws.route53.hosted_zone":              "AwsRoute53HostedZone",
	"aws.rds.db_cluster":                   "AwsRdsDbCluster",
	"aws.rds.db_cluster_snapshot":          "AwsRdsDbClusterSnapshot",
	"aws.rds.db_instance":                  "AwsRdsDbInstance",
	"aws.rds.db_snapshot":                  "AwsRdsDbSnapshot",
	"aws.s3.account_settings":              "AwsS3AccountPublicAccessBlock",
	"aws.s3.bucket":                        "AwsS3Bucket",
	"aws.secretsmanager.secret":            "AwsSecretsManagerSecret",
	"aws.sns.topic":                        "AwsSnsTopic",
	"aws.sqs.queue":                        "AwsSqsQueue",
	"aws.stepfunctions.state_machine":      "AwsStepFunctionStateMachine",
	"aws.msk.cluster":                      "AwsMskCluster",
	"aws.redshift.cluster":                 "AwsRedshiftCluster",
	"aws.autoscaling.group":                "AwsAutoScalingAutoScalingGroup",
	"aws.autoscaling.launch_configuration": "AwsAutoScalingLaunchConfiguration",
	"aws.dynamodb.table":                   "AwsDynamoDbTable",
	"aws.ec2.launch_template":              "AwsEc2LaunchTemplate",
	"aws.kinesis.stream":                   "AwsKinesisStream",
	"aws.sagemaker.notebook_instance":      "AwsSageMakerNotebookInstance",
}

// asffStream writes a JSON array of ASFF findings as findings arrive,
// for `aws securityhub batch-import-findings` (which takes 100 at a
// time: jq -c '_nwise(100)'). Each is imported under the product ARN of
// a custom integration in its own account
// (arn:<partition>:securityhub:<region>:<account>:product/<account>/default)
// with the fingerprint as its Id, so importing again updates it. End
// adds each finding the scan resolved, archived and RESOLVED.
// Findings not on a resource of an AWS account are skipped (Skipped).
type asffStream struct {
	doc     *arrayDoc
	skipped map[string]int
}

func newASFFStream(w io.Writer, _ Options) Stream {
	return &asffStream{doc: newArrayDoc(w, "[", "  "), skipped: map[string]int{}}
}

func (s *asffStream) Findings(fs []model.Finding) error {
	for _, f := range fs {
		af, skip := asffFindingOf(f)
		if skip != "" {
			s.skipped[skip]++
			continue
		}
		if err := s.doc.add(af); err != nil {
			return fmt.Errorf("write finding %s: %w", f.Fingerprint, err)
		}
	}
	return nil
}

func (s *asffStream) End(r *Report) error {
	if err := s.Findings(resolvedFindings(r)); err != nil {
		return err
	}
	return s.doc.end(nil, "\n")
}

// Skipped counts the findings left out, by reason.
func (s *asffStream) Skipped() map[string]int { return s.skipped }

type asffFinding struct {
	SchemaVersion   string             `json:"SchemaVersion"`
	ID              string             `json:"Id"`
	ProductArn      string             `json:"ProductArn"`
	GeneratorID     string             `json:"GeneratorId"`
	AwsAccountID    string             `json:"AwsAccountId"`
	Types           []string           `json:"Types"`
	CreatedAt       string             `json:"CreatedAt"`
	UpdatedAt       string             `json:"UpdatedAt"`
	FirstObservedAt string             `json:"FirstObservedAt"`
	LastObservedAt  string             `json:"LastObservedAt"`
	Severity        asffSeverity       `json:"Severity"`
	Title           string             `json:"Title"`
	Description     string             `json:"Description"`
	Remediation     *asffRemediation   `json:"Remediation,omitempty"`
	ProductFields   map[string]string  `json:"ProductFields"`
	Resources       []asffResource     `json:"Resources"`
	Compliance      *asffCompliance    `json:"Compliance,omitempty"`
	Workflow        asffWorkflowStatus `json:"Workflow"`
	RecordState     string             `json:"RecordState"`
	// VerificationState is FALSE_POSITIVE for a finding marked so.
	VerificationState string `json:"VerificationState,omitempty"`
}

type asffSeverity struct {
	Label    string `json:"Label"`
	Original string `json:"Original"`
}

type asffRemediation struct {
	Recommendation asffRecommendation `json:"Recommendation"`
}

type asffRecommendation struct {
	Text string `json:"Text"`
}

type asffResource struct {
	Type      string `json:"Type"`
	ID        string `json:"Id"`
	Partition string `json:"Partition"`
	Region    string `json:"Region,omitempty"`
}

type asffCompliance struct {
	Status              string   `json:"Status"`
	RelatedRequirements []string `json:"RelatedRequirements"`
}

type asffWorkflowStatus struct {
	Status string `json:"Status"`
}

// asffFindingOf converts a finding, or says why ASFF cannot hold it.
func asffFindingOf(f model.Finding) (asffFinding, string) {
	r := resourceOf(f)
	if r.Provider != "aws" {
		return asffFinding{}, asffSkipNotAWS
	}
	if !awsmodel.IsAccountID(r.Account) {
		return asffFinding{}, asffSkipNoAccount
	}
	sc, st := scaleOf(f.Severity), stateOf(f)
	partition := awsPartition(r.ID)
	region := r.Region
	if region == "" {
		// A global resource (IAM …): the partition's home region,
		// where BatchImportFindings for it is called.
		region = awsHomeRegions[partition]
	}
	updated := f.LastSeen
	if st.resolved && f.ResolvedAt != nil {
		updated = *f.ResolvedAt
	}
	title := f.Title
	if title == "" {
		title = f.RuleID
	}
	if r.Name != "" {
		title += " (" + r.Name + ")"
	}
	desc := f.Message
	if desc == "" {
		desc = title
	}
	af := asffFinding{
		SchemaVersion: asffSchemaVersion,
		ID:            truncate(f.Fingerprint, asffMaxID),
		ProductArn:    "arn:" + partition + ":securityhub:" + region + ":" + r.Account + ":product/" + r.Account + "/default",
		GeneratorID:   truncate(f.RuleID, asffMaxID),
		AwsAccountID:  r.Account,
		Types:         findingTypes(f),
		CreatedAt:     asffTimestamp(f.FirstSeen), UpdatedAt: asffTimestamp(updated),
		FirstObservedAt: asffTimestamp(f.FirstSeen), LastObservedAt: asffTimestamp(f.LastSeen),
		Severity:    asffSeverity{Label: sc.asff, Original: f.Severity.String()},
		Title:       truncate(title, asffMaxTitle),
		Description: truncate(desc, asffMaxDescription),
		ProductFields: map[string]string{
			"vigil/rule_id":       f.RuleID,
			"vigil/resource_type": r.Type,
		},
		Resources:   []asffResource{{Type: asffResourceType(r.Type), ID: r.ID, Partition: partition, Region: r.Region}},
		Workflow:    asffWorkflowStatus{Status: st.asffWorkflow},
		RecordState: st.asffRecord, VerificationState: st.asffVerification,
	}
	if f.Related != "" && len(af.Resources) < asffMaxResources {
		af.Resources = append(af.Resources, asffResource{Type: "Other", ID: f.Related, Partition: partition})
	}
	if f.Remediation != "" {
		af.Remediation = &asffRemediation{Recommendation: asffRecommendation{Text: truncate(f.Remediation, asffMaxRecommendation)}}
	}
	if reqs := requirements(f.Compliance); len(reqs) > 0 {
		af.Compliance = &asffCompliance{Status: st.asffCompliance, RelatedRequirements: reqs[:min(len(reqs), asffMaxRequirements)]}
	}
	if file, line := where(f); file != "" {
		af.ProductFields["vigil/location"] = truncate(fileLine(file, line), asffMaxProductFieldVal)
	}
	if ex := f.Exception; ex != nil {
		af.ProductFields["vigil/exception_reason"] = truncate(ex.Reason, asffMaxProductFieldVal)
		if until := exceptionUntil(ex); until != "" {
			af.ProductFields["vigil/exception_until"] = until
		}
	}
	if m := f.FalsePositive; m != nil {
		af.ProductFields["vigil/false_positive_reason"] = truncate(m.Reason, asffMaxProductFieldVal)
		af.ProductFields["vigil/false_positive_by"] = truncate(m.By, asffMaxProductFieldVal)
	}
	return af, ""
}

func asffResourceType(vigilType string) string {
	if t, ok := asffResourceTypes[vigilType]; ok {
		return t
	}
	return "Other"
}

// asffTimestamp is a time in one of the formats Security Hub accepts
// (YYYY-MM-DDTHH:MM:SS.mmmZ).
func asffTimestamp(t time.Time) string { return t.UTC().Format(asffTime) }
