package awsadapt

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestSSMDocuments(t *testing.T) {
	insts := []cloudres.Instance{
		tf("aws_ssm_document", "aws_ssm_document.private", 1, props{"name": "private", "document_type": "Command"}),
		tf("aws_ssm_document", "aws_ssm_document.shared", 10, props{"name": "shared",
			"permissions": props{"type": "Share", "account_ids": "222222222222, 333333333333"}}),
		tf("aws_ssm_document", "aws_ssm_document.public", 20, props{"name": "public",
			"permissions": props{"type": "Share", "account_ids": "all"}}),
		tf("aws_ssm_document", "aws_ssm_document.later", 30, props{"name": "later",
			"permissions": props{"type": "Share", "account_ids": cloudres.Unknown{}}}),
		cfnRes("AWS::SSM::Document", "Cfn", 1, props{"DocumentType": "Automation"}),
	}
	res, got := evaluate(t, insts)
	assertFires(t, got, "aws-ssm-document-public", []string{"public"}, []string{"private", "shared", "later", "Cfn"})
	if a := find(t, res, "shared").Attributes; len(a["shared_with"].([]any)) != 2 {
		t.Errorf("shared: %v", a)
	}
	if u := unreadAttrs(t, res, "later"); len(u) != 1 || u[0] != "public" {
		t.Errorf("later: unread %v", u)
	}
}
