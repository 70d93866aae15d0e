package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// rdsDBCluster reads a database cluster: RDS (Aurora, Multi-AZ) or
// Neptune, whose clusters the RDS API lists too (engine "neptune").
func rdsDBCluster(ix *Index, b *builder) (string, any) {
	in := b.in
	c := awsmodel.RDSDBCluster{}
	name := labelOr(b.in, spell(in, "cluster_identifier", "DBClusterIdentifier"))
	c.DBClusterIdentifier = aws.String(name)
	neptune := in.Type == "aws_neptune_cluster" || in.Type == "AWS::Neptune::DBCluster"
	if neptune {
		// aws_neptune_cluster's engine defaults to neptune;
		// AWS::Neptune::DBCluster has no Engine property.
		c.Engine = aws.String("neptune")
	}
	b.setStr(&c.Engine, spell(in, "engine", "Engine"), "")
	mode, _ := b.str(spell(in, "engine_mode", "EngineMode"), "")
	if mode == "" {
		mode = "provisioned" // the default of both sources
	}
	c.EngineMode = aws.String(mode)
	kms := spell(in, "kms_key_id", "KmsKeyId")
	if neptune {
		kms = spell(in, "kms_key_arn", "KmsKeyId")
	}
	if s, ok := b.strOrRef(kms, "kms_key_id"); ok {
		c.KmsKeyId = aws.String(s)
	}
	// Storage encryption defaults to false, except for Aurora
	// Serverless v1 clusters, which are always encrypted (provider
	// docs, AWS::RDS::DBCluster StorageEncrypted); a cluster restored
	// from a snapshot or another cluster inherits its source's.
	// Backups are kept 1 day unless told, as for instances.
	c.BackupRetentionPeriod = rdsRetention(b, spell(in, "backup_retention_period", "BackupRetentionPeriod"), 1)
	enc := spell(in, "storage_encrypted", "StorageEncrypted")
	c.StorageEncrypted = rdsEncrypted(b, enc, spell(in, "snapshot_identifier", "SnapshotIdentifier"),
		spell(in, "replication_source_identifier", "SourceDBClusterIdentifier"), spell(in, "restore_to_point_in_time", ""))
	if _, set := in.Get(enc); !set && mode == "serverless" {
		c.StorageEncrypted = aws.Bool(true)
	}
	// IAM database authentication is off unless asked for (both
	// providers' defaults).
	iam := spell(in, "iam_database_authentication_enabled", "EnableIAMDatabaseAuthentication")
	if neptune {
		iam = spell(in, "iam_database_authentication_enabled", "IamAuthEnabled")
	}
	c.IAMDatabaseAuthenticationEnabled = rdsBool(b, iam, "iam_database_authentication_enabled", false)
	c.Credentials = writtenSecret(ix, b, spell(in, "master_password", "MasterUserPassword"), "credentials", "", secrets.KindPassword)
	return name, c
}
