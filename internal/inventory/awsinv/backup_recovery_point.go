package awsinv

// aws.backup.recovery_point: AWS Backup recovery points, listed vault
// by vault: backup:ListBackupVaults (1000 a page), then
// backup:ListRecoveryPointsByBackupVault per vault (1000 a page), whose
// entries carry IsEncrypted. One call per vault plus one per thousand
// points is the API's minimum: no call lists a region's points at once
// with their encryption.

import (
	"context"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/backup"
	backuptypes "github.com/aws/aws-sdk-go-v2/service/backup/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

func collectRecoveryPoints(ctx context.Context, s *Session) error {
	c := backup.NewFromConfig(s.Config)
	var vaults []backuptypes.BackupVaultListMember
	p := backup.NewListBackupVaultsPaginator(c, &backup.ListBackupVaultsInput{MaxResults: aws.Int32(1000)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return err
		}
		vaults = append(vaults, page.BackupVaultList...)
	}
	servicesEach(ctx, vaults, 8, func(v backuptypes.BackupVaultListMember) {
		vault := aws.ToString(v.BackupVaultName)
		rp := backup.NewListRecoveryPointsByBackupVaultPaginator(c, &backup.ListRecoveryPointsByBackupVaultInput{
			BackupVaultName: v.BackupVaultName, MaxResults: aws.Int32(1000)})
		for rp.HasMorePages() {
			page, err := rp.NextPage(ctx)
			if err != nil {
				if !IsNotFound(err) { // a vault deleted since it was listed is gone, not unread
					s.Fail("backup:ListRecoveryPointsByBackupVault", err)
				}
				return
			}
			for _, pt := range page.RecoveryPoints {
				arn := aws.ToString(pt.RecoveryPointArn)
				s.Emit(s.New(awsmodel.TypeBackupRecoveryPoint, arn, vault+"/"+arn[strings.LastIndexAny(arn, ":/")+1:], nil, nil,
					&awsmodel.BackupRecoveryPoint{RecoveryPointByBackupVault: pt}))
			}
		}
	})
	return ctx.Err()
}
