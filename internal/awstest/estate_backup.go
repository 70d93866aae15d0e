package awstest

import (
	"fmt"
	"strconv"
	"strings"
)

// registerBackup generates counts["backup:ListRecoveryPointsByBackupVault"]
// recovery points per region in vaults of fifty (one vault for every
// fifty points, so one list call per fifty points); one point in eight
// is not encrypted.
func (e Estate) registerBackup(s *Server, counts map[string]int) {
	points := counts["backup:ListRecoveryPointsByBackupVault"]
	const perVault = 50
	vaults := (points + perVault - 1) / perVault
	s.Handle("backup:ListBackupVaults", func(req *Request) *Reply {
		items := make([]any, 0, vaults)
		for v := range vaults {
			items = append(items, map[string]any{"BackupVaultName": fmt.Sprintf("vault-%d", v), "VaultType": "BACKUP_VAULT",
				"BackupVaultArn": fmt.Sprintf("arn:aws:backup:%s:%s:backup-vault:vault-%d", req.Region, req.Account, v),
				"CreationDate":   1704067200, "NumberOfRecoveryPoints": perVault})
		}
		return &Reply{Body: map[string]any{"BackupVaultList": items}}
	})
	s.Handle("backup:ListRecoveryPointsByBackupVault", func(req *Request) *Reply {
		v, _ := strconv.Atoi(strings.TrimPrefix(req.Params["BackupVaultName"], "vault-"))
		from, to := v*perVault, min((v+1)*perVault, points)
		items := make([]any, 0, max(to-from, 0))
		for i := from; i < to; i++ {
			items = append(items, map[string]any{"BackupVaultName": req.Params["BackupVaultName"],
				"RecoveryPointArn": fmt.Sprintf("arn:aws:backup:%s:%s:recovery-point:rp-%d", req.Region, req.Account, i),
				"ResourceArn":      fmt.Sprintf("arn:aws:ec2:%s:%s:volume/vol-%d", req.Region, req.Account, i), "ResourceType": "EBS",
				"IsEncrypted": i%8 != 0, "Status": "COMPLETED", "CreationDate": 1733011200})
		}
		return &Reply{Body: map[string]any{"RecoveryPoints": items}}
	})
}
