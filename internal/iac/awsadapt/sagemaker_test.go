package awsadapt

import (
	"fmt"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestSageMakerNotebookInstances(t *testing.T) {
	insts := []cloudres.Instance{
		// Defaults: no subnet, internet and root access enabled.
		tf("aws_sagemaker_notebook_instance", "aws_sagemaker_notebook_instance.plain", 1, props{"name": "plain"}),
		// A subnet of the same configuration, known only at apply.
		tf("aws_sagemaker_notebook_instance", "aws_sagemaker_notebook_instance.vpc", 10, props{"name": "vpc",
			"subnet_id": refAt("aws_subnet.a", "id"), "direct_internet_access": "Disabled", "root_access": "Disabled"}),
		tf("aws_sagemaker_notebook_instance", "aws_sagemaker_notebook_instance.later", 20, props{"name": "later",
			"subnet_id": cloudres.Unknown{}, "direct_internet_access": cloudres.Unknown{}, "root_access": cloudres.Unknown{}}),
		cfnRes("AWS::SageMaker::NotebookInstance", "Cfn", 1, props{"SubnetId": "subnet-1", "RootAccess": "Disabled"}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-sagemaker-notebook-internet-access", []string{"plain", "Cfn"}, []string{"vpc", "later"})
	assertFires(t, got, "aws-sagemaker-notebook-vpc", []string{"plain"}, []string{"vpc", "later", "Cfn"})
	assertFires(t, got, "aws-sagemaker-notebook-root-access", []string{"plain"}, []string{"vpc", "later", "Cfn"})
	if a := find(t, res, "vpc").Attributes; a["subnet_id"] != "${aws_subnet.a.id}" || a["in_vpc"] != true {
		t.Errorf("vpc: %v", a)
	}
	if u := fmt.Sprint(unreadAttrs(t, res, "later")); u != "[direct_internet_access_enabled in_vpc root_access_enabled]" {
		t.Errorf("later: unread %s", u)
	}
}
