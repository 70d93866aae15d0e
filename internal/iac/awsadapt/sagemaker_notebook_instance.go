package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	smtypes "github.com/aws/aws-sdk-go-v2/service/sagemaker/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// sageMakerNotebookInstance reads a notebook instance's network and
// root access settings. Omitted, direct internet access and root access
// are Enabled and there is no subnet (the API's defaults, which the
// provider and CloudFormation document).
func sageMakerNotebookInstance(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "NotebookInstanceName"))
	n := awsmodel.SageMakerNotebookInstance{NotebookInstanceName: aws.String(name),
		DirectInternetAccess: smtypes.DirectInternetAccessEnabled, RootAccess: smtypes.RootAccessEnabled}
	if arn := knownStr(in, "arn"); arn != "" {
		n.NotebookInstanceArn = &arn
	}
	if s, ok := b.str(spell(in, "instance_type", "InstanceType"), ""); ok {
		n.InstanceType = smtypes.InstanceType(s)
	}
	if s, ok := b.str(spell(in, "direct_internet_access", "DirectInternetAccess"), "direct_internet_access_enabled"); ok {
		n.DirectInternetAccess = smtypes.DirectInternetAccess(s)
	}
	if s, ok := b.str(spell(in, "root_access", "RootAccess"), "root_access_enabled"); ok {
		n.RootAccess = smtypes.RootAccess(s)
	}
	if s, ok := b.strOrRef(spell(in, "subnet_id", "SubnetId"), "in_vpc"); ok && s != "" {
		n.SubnetId = &s
	}
	n.SecurityGroups = b.strList(spell(in, "security_groups", "SecurityGroupIds"), "security_groups", true)
	if s, ok := presentStr(b, spell(in, "kms_key_id", "KmsKeyId"), "kms_key_id"); ok {
		n.KmsKeyId = &s
	}
	b.setStr(&n.PlatformIdentifier, spell(in, "platform_identifier", "PlatformIdentifier"), "")
	return name, n
}
