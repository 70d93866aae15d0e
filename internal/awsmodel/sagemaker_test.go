package awsmodel

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestSageMakerNotebookInstanceDerive(t *testing.T) {
	for _, c := range []struct {
		name                string
		n                   SageMakerNotebookInstance
		internet, vpc, root bool
	}{
		{"API defaults", SageMakerNotebookInstance{}, true, false, true},
		{"enabled explicitly", SageMakerNotebookInstance{DirectInternetAccess: "Enabled", RootAccess: "Enabled", SubnetId: aws.String("")}, true, false, true},
		{"locked down", SageMakerNotebookInstance{DirectInternetAccess: "Disabled", RootAccess: "Disabled", SubnetId: aws.String("subnet-1")}, false, true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.n.Derive()
			if c.n.DirectInternetAccessEnabled != c.internet || c.n.InVPC != c.vpc || c.n.RootAccessEnabled != c.root {
				t.Errorf("internet %v vpc %v root %v, want %v %v %v", c.n.DirectInternetAccessEnabled, c.n.InVPC, c.n.RootAccessEnabled, c.internet, c.vpc, c.root)
			}
		})
	}
}
