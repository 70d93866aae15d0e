package awsinv

// aws.s3.account_settings: the account's S3 public access block, read with
// s3:GetAccountPublicAccessBlock.

import (
	"context"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectS3AccountSettings(ctx context.Context, s *Session) error {
	pab, err := accountBlock(ctx, s)
	if err != nil {
		return err
	}
	s.Emit(s.New(awsmodel.TypeS3AccountSettings, awsmodel.SettingsID("s3", s.Account, "", "account-settings"), s.Account, nil, nil,
		awsmodel.S3AccountSettings{PublicAccessBlock: pab}))
	return nil
}
