package awsinv

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/smithy-go"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// The AWS managed policies whose attachments CIS asks about.
const (
	supportAccessPolicy   = "arn:aws:iam::aws:policy/AWSSupportAccess"
	cloudShellFullAccess  = "arn:aws:iam::aws:policy/AWSCloudShellFullAccess"
	credentialReportShare = "iam:credential-report"
)

// Credential report generation is polled this often, this many times,
// before the collectors give up on it (about half a minute).
var (
	credentialReportWait     = 2 * time.Second
	credentialReportAttempts = 15
)

func iamCollectors() []Collector {
	report := []string{"iam:GenerateCredentialReport", "iam:GetCredentialReport"}
	out := []Collector{
		{
			Service: "iam", Global: true,
			Types: []string{awsmodel.TypeIAMAccountSettings},
			Actions: append([]string{"iam:GetAccountSummary", "iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices",
				"iam:ListEntitiesForPolicy", "iam:ListSAMLProviders", "iam:ListOpenIDConnectProviders",
				"iam:ListOrganizationsFeatures"}, report...),
			Collect: collectIAMAccountSettings,
		},
		{
			Service: "iam", Global: true,
			Types:   []string{awsmodel.TypeIAMUser, awsmodel.TypeIAMRole, awsmodel.TypeIAMGroup, awsmodel.TypeIAMPolicy},
			Actions: append([]string{"iam:GetAccountAuthorizationDetails"}, report...),
			Collect: collectIAMAuthorization,
		},
		{
			Service: "iam", Global: true,
			Types:   []string{awsmodel.TypeIAMServerCertificate},
			Actions: []string{"iam:ListServerCertificates"},
			Collect: collectIAMServerCertificates,
		},
	}
	out = append(out, accessAnalyzerCollectors()...)
	out = append(out, accountCollectors()...)
	out = append(out, organizationsCollectors()...)
	return out
}

// iamActionExceptions: every operation of this family is named after
// its IAM action.
func iamActionExceptions() map[string]string { return nil }

// credentialReport generates (when needed) and reads the credential
// report once per account, parsed and keyed by user name.
func credentialReport(ctx context.Context, s *Session) (map[string]*awsmodel.CredentialReportEntry, error) {
	v, err := s.Shared(credentialReportShare, func() (any, error) {
		c := iam.NewFromConfig(s.Config)
		data, err := fetchCredentialReport(ctx, c)
		if err != nil {
			return nil, err
		}
		rows, err := awsmodel.ParseCredentialReport(data, time.Now())
		if err != nil {
			return nil, err
		}
		m := make(map[string]*awsmodel.CredentialReportEntry, len(rows))
		for i := range rows {
			m[rows[i].User] = &rows[i]
		}
		return m, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(map[string]*awsmodel.CredentialReportEntry), nil
}

// fetchCredentialReport asks IAM to generate the report and reads it,
// waiting a bounded time while generation is in progress.
func fetchCredentialReport(ctx context.Context, c *iam.Client) ([]byte, error) {
	for attempt := 0; ; attempt++ {
		gen, err := c.GenerateCredentialReport(ctx, &iam.GenerateCredentialReportInput{})
		if err != nil && !iamErrCode(err, "ReportGenerationLimitExceeded") {
			return nil, err
		}
		if err == nil && gen.State == iamtypes.ReportStateTypeComplete {
			out, err := c.GetCredentialReport(ctx, &iam.GetCredentialReportInput{})
			if err == nil {
				return out.Content, nil
			}
			if !iamErrCode(err, "ReportInProgress", "ReportNotPresent", "ReportExpired") {
				return nil, err
			}
		}
		if attempt+1 >= credentialReportAttempts {
			return nil, fmt.Errorf("iam credential report still not ready after %d attempts", attempt+1)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(credentialReportWait):
		}
	}
}

// apiCode reports whether err is an API error with one of codes.
func iamErrCode(err error, codes ...string) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	for _, c := range codes {
		if ae.ErrorCode() == c {
			return true
		}
	}
	return false
}
