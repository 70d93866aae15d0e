package awsmodel

import (
	"strings"

	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"
)

// Type names of Systems Manager.
const (
	TypeSSMDocument         = "aws.ssm.document"
	TypeSSMRegionalSettings = "aws.ssm.regional_settings"
)

func ssmTypes() []Type {
	return []Type{
		typeOf[SSMDocument](TypeSSMDocument, "AWS::SSM::Document", false),
		typeOf[SSMRegionalSettings](TypeSSMRegionalSettings, "Vigil::SSM::RegionalSettings", false),
	}
}

// SSMDocument is aws.ssm.document: a document the account owns, as
// ListDocuments lists it, with whom DescribeDocumentPermission says it
// is shared.
type SSMDocument struct {
	ssmtypes.DocumentIdentifier
	// SharedWith are the account IDs the document is shared with, or
	// "all" when it is public.
	SharedWith []string `attr:"shared_with"`
	// Public: the document is shared with every AWS account.
	Public bool `attr:"public"`
}

// Derive computes the document's derived fields.
func (d *SSMDocument) Derive() {
	d.Public = false
	for _, a := range d.SharedWith {
		if strings.EqualFold(a, "all") {
			d.Public = true
		}
	}
}

// SSMRegionalSettings is aws.ssm.regional_settings: the region's Systems
// Manager service settings and what Systems Manager says of the
// region's instances.
type SSMRegionalSettings struct {
	// PublicSharingPermission is the setting
	// /ssm/documents/console/public-sharing-permission: Enable (the
	// default) lets the account share documents publicly, Disable
	// blocks it.
	PublicSharingPermission string `attr:"public_sharing_permission"`
	// AutomationLogDestination is the setting
	// /ssm/automation/customer-script-log-destination: CloudWatch sends
	// the output of Automation runbooks' scripts to CloudWatch Logs;
	// None (the default) keeps it nowhere.
	AutomationLogDestination string `attr:"automation_log_destination"`
	// ManagedInstanceIDs are the instances (and hybrid nodes) Systems
	// Manager manages in the region (DescribeInstanceInformation).
	ManagedInstanceIDs []string `attr:"managed_instance_ids"`
	// PatchNonCompliantIDs and AssociationNonCompliantIDs are the managed
	// instances whose patch or association compliance is NON_COMPLIANT
	// (ListResourceComplianceSummaries).
	PatchNonCompliantIDs       []string `attr:"patch_non_compliant_ids"`
	AssociationNonCompliantIDs []string `attr:"association_non_compliant_ids"`
	// PublicSharingBlocked: documents cannot be shared publicly.
	PublicSharingBlocked bool `attr:"public_sharing_blocked"`
	// AutomationLogsToCloudWatch: Automation script output goes to
	// CloudWatch Logs.
	AutomationLogsToCloudWatch bool `attr:"automation_logs_to_cloudwatch"`
}

// Derive computes the settings' derived fields.
func (s *SSMRegionalSettings) Derive() {
	s.PublicSharingBlocked = strings.EqualFold(s.PublicSharingPermission, "Disable")
	s.AutomationLogsToCloudWatch = strings.EqualFold(s.AutomationLogDestination, "CloudWatch")
	s.ManagedInstanceIDs = SortedUnique(s.ManagedInstanceIDs)
	s.PatchNonCompliantIDs = SortedUnique(s.PatchNonCompliantIDs)
	s.AssociationNonCompliantIDs = SortedUnique(s.AssociationNonCompliantIDs)
}
