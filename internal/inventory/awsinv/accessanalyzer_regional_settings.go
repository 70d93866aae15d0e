package awsinv

// aws.accessanalyzer.regional_settings: the region's IAM Access Analyzer
// analyzers, read with access-analyzer:ListAnalyzers.

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/accessanalyzer"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectAccessAnalyzer(ctx context.Context, s *Session) error {
	c := accessanalyzer.NewFromConfig(s.Config)
	var st awsmodel.AccessAnalyzerRegionalSettings
	p := accessanalyzer.NewListAnalyzersPaginator(c, &accessanalyzer.ListAnalyzersInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		for _, a := range page.Analyzers {
			z := awsmodel.Analyzer{
				Arn: aws.ToString(a.Arn), Name: aws.ToString(a.Name), Type: string(a.Type), Status: string(a.Status),
				CreatedAt: a.CreatedAt, LastResourceAnalyzedAt: a.LastResourceAnalyzedAt,
			}
			if a.StatusReason != nil {
				z.StatusReason = aws.String(string(a.StatusReason.Code))
			}
			st.Analyzers = append(st.Analyzers, z)
		}
	}
	s.Emit(s.New(awsmodel.TypeAccessAnalyzerRegionalSettings, awsmodel.SettingsID("access-analyzer", s.Account, s.Region, "regional-settings"), s.Account+"/"+s.Region, nil, nil, st))
	return nil
}
