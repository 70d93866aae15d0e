package awsadapt

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// ssmDocument reads a Systems Manager document and whom it is shared
// with: Terraform's permissions map (type Share, account_ids a
// comma-separated list or "All"). CloudFormation has no sharing
// property, so a document it declares is shared with no one.
func ssmDocument(_ *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "Name"))
	d := awsmodel.SSMDocument{DocumentIdentifier: ssmtypes.DocumentIdentifier{Name: aws.String(name)}}
	if s, ok := b.str(spell(in, "document_type", "DocumentType"), ""); ok {
		d.DocumentType = ssmtypes.DocumentType(s)
	}
	if cfn(in) {
		return name, d
	}
	if typ, ok := b.str("permissions.type", "public"); ok && strings.EqualFold(typ, "Share") {
		if ids, ok := b.str("permissions.account_ids", "public"); ok {
			for _, id := range strings.Split(ids, ",") {
				if id = strings.TrimSpace(id); id != "" {
					d.SharedWith = append(d.SharedWith, id)
				}
			}
		}
	}
	return name, d
}
