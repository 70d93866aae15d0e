package awsmodel

import (
	backuptypes "github.com/aws/aws-sdk-go-v2/service/backup/types"
)

// TypeBackupRecoveryPoint is an AWS Backup recovery point.
const TypeBackupRecoveryPoint = "aws.backup.recovery_point"

func backupTypes() []Type {
	return []Type{typeOf[BackupRecoveryPoint](TypeBackupRecoveryPoint, "Vigil::Backup::RecoveryPoint", false)}
}

// BackupRecoveryPoint is aws.backup.recovery_point: one backup in a
// vault, as ListRecoveryPointsByBackupVault describes it (is_encrypted:
// whether the backup is encrypted at rest).
type BackupRecoveryPoint struct {
	backuptypes.RecoveryPointByBackupVault
}
