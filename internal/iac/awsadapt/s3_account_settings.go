package awsadapt

import (
	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

// s3AccountSettings reads the account-level public access block
// (Terraform only: CloudFormation has no such resource).
func s3AccountSettings(_ *Index, b *builder) (string, any) {
	p, _ := readPAB(b, "")
	return "account", awsmodel.S3AccountSettings{PublicAccessBlock: p}
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
