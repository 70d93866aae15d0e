package awsadapt

import (
	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/model"
)

// s3AccountSettingsAdapter reads the account-level public access block
// (Terraform only: CloudFormation has no such resource).
func s3AccountSettingsAdapter() adapter {
	return adapter{Target: awsmodel.TypeS3AccountSettings, Adapt: adaptS3AccountSettings,
		Consumes: []string{"aws_s3_account_public_access_block"}}
}

func adaptS3AccountSettings(ix *Index) []*model.Resource {
	var out []*model.Resource
	for _, in := range ix.OfType("aws_s3_account_public_access_block") {
		b := newBuilder(in)
		p, _ := readPAB(b, "")
		out = append(out, b.resource(awsmodel.TypeS3AccountSettings, "account", awsmodel.S3AccountSettings{PublicAccessBlock: p}))
	}
	return out
}

// accountBlocks returns the account-level public access block declared
// in a scope (Terraform only; CloudFormation has no such resource).
func accountBlock(ix *Index, of *cloudres.Instance) (*awsmodel.PublicAccessBlock, bool) {
	for _, in := range ix.OfType("aws_s3_account_public_access_block") {
		if scopeKey(in) != scopeKey(of) {
			continue
		}
		b := newBuilder(in)
		p, known := readPAB(b, "")
		return p, known && len(b.unread) == 0
	}
	return nil, false
}
