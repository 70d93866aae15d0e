package web

import (
	"fmt"
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
)

// TestControlsByFramework: a finding's references are listed one line
// per framework, controls in their order.
func TestControlsByFramework(t *testing.T) {
	got := controlsByFramework([]model.ComplianceRef{
		{Framework: "cis-aws-7.0", Control: "2.21"},
		{Framework: "nist-800-53-r5", Control: "AC-3"},
		{Framework: "aws-fsbp", Control: "S3.2"},
		{Framework: "nist-800-53-r5", Control: "SC-7"},
		{Framework: "aws-fsbp", Control: "S3.3"},
	})
	want := []frameworkControls{{"cis-aws-7.0", "2.21"}, {"nist-800-53-r5", "AC-3, SC-7"}, {"aws-fsbp", "S3.2, S3.3"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}
