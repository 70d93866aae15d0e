package awsmodel

import (
	"time"

	smtypes "github.com/aws/aws-sdk-go-v2/service/sagemaker/types"
)

// TypeSageMakerNotebookInstance is a SageMaker notebook instance.
const TypeSageMakerNotebookInstance = "aws.sagemaker.notebook_instance"

func sagemakerTypes() []Type {
	return []Type{typeOf[SageMakerNotebookInstance](TypeSageMakerNotebookInstance, "AWS::SageMaker::NotebookInstance", false)}
}

// SageMakerNotebookInstance is aws.sagemaker.notebook_instance: the
// fields of DescribeNotebookInstance's answer that describe its
// configuration (not its URL or status details).
type SageMakerNotebookInstance struct {
	NotebookInstanceName                 *string
	NotebookInstanceArn                  *string
	NotebookInstanceStatus               smtypes.NotebookInstanceStatus
	InstanceType                         smtypes.InstanceType
	PlatformIdentifier                   *string
	RoleArn                              *string
	CreationTime                         *time.Time
	DirectInternetAccess                 smtypes.DirectInternetAccess
	RootAccess                           smtypes.RootAccess
	SubnetId                             *string
	SecurityGroups                       []string
	KmsKeyId                             *string
	InstanceMetadataServiceConfiguration *smtypes.InstanceMetadataServiceConfiguration
	NotebookInstanceLifecycleConfigName  *string
	// DirectInternetAccessEnabled: the instance reaches the internet
	// through SageMaker's own network, around the VPC's controls. The
	// API's default (Enabled) counts when the field is absent.
	DirectInternetAccessEnabled bool `attr:"direct_internet_access_enabled"`
	// InVPC: the instance has a network interface in a subnet of the
	// account's VPC.
	InVPC bool `attr:"in_vpc"`
	// RootAccessEnabled: notebook users can become root. The API's
	// default (Enabled) counts when the field is absent.
	RootAccessEnabled bool `attr:"root_access_enabled"`
}

// Derive computes the instance's derived fields.
func (n *SageMakerNotebookInstance) Derive() {
	n.DirectInternetAccessEnabled = n.DirectInternetAccess != smtypes.DirectInternetAccessDisabled
	n.InVPC = n.SubnetId != nil && *n.SubnetId != ""
	n.RootAccessEnabled = n.RootAccess != smtypes.RootAccessDisabled
}
