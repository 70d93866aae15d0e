package awsinv

// aws.ssm.document: the Systems Manager documents the account owns,
// listed with ssm:ListDocuments (Owner Self, paged, 50 a page) and read
// with ssm:DescribeDocumentPermission, one call per document (more for
// a document shared with over 200 accounts): the list does not say with
// whom a document is shared and no batch form exists. About 1.02 calls
// per document, the API's minimum. AWS's and other accounts' documents
// are not listed.

import (
	"context"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ssm"
	ssmtypes "github.com/aws/aws-sdk-go-v2/service/ssm/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectSSMDocuments(ctx context.Context, s *Session) error {
	c := ssm.NewFromConfig(s.Config)
	var docs []ssmtypes.DocumentIdentifier
	p := ssm.NewListDocumentsPaginator(c, &ssm.ListDocumentsInput{MaxResults: aws.Int32(50),
		Filters: []ssmtypes.DocumentKeyValuesFilter{{Key: aws.String("Owner"), Values: []string{"Self"}}}})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		docs = append(docs, page.DocumentIdentifiers...)
	}
	servicesEach(ctx, docs, 8, func(d ssmtypes.DocumentIdentifier) {
		name := aws.ToString(d.Name)
		m := awsmodel.SSMDocument{DocumentIdentifier: d}
		var unread []string
		in := &ssm.DescribeDocumentPermissionInput{Name: d.Name, PermissionType: ssmtypes.DocumentPermissionTypeShare, MaxResults: aws.Int32(200)}
		for {
			out, err := c.DescribeDocumentPermission(ctx, in)
			if err != nil && IsNotFound(err, "InvalidDocument") {
				return // deleted since it was listed
			}
			if !svcCall(s, &unread, "ssm:DescribeDocumentPermission", "document "+name, err, []string{"shared_with", "public"}) {
				m.SharedWith = nil
				break
			}
			m.SharedWith = append(m.SharedWith, out.AccountIds...)
			if aws.ToString(out.NextToken) == "" {
				break
			}
			in.NextToken = out.NextToken
		}
		arn := fmt.Sprintf("arn:%s:ssm:%s:%s:document/%s", partitionOf(s.Region), s.Region, s.Account, name)
		s.Emit(s.New(awsmodel.TypeSSMDocument, arn, name, ssmTags(d.Tags), unread, m))
	})
	return ctx.Err()
}

func ssmTags(tags []ssmtypes.Tag) map[string]string {
	if len(tags) == 0 {
		return nil
	}
	out := make(map[string]string, len(tags))
	for _, t := range tags {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}
