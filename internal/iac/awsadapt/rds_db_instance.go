package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// rdsDBInstance reads a database instance.
func rdsDBInstance(ix *Index, b *builder) (string, any) {
	in := b.in
	d := awsmodel.RDSDBInstance{}
	name := labelOr(b.in, spell(in, "identifier", "DBInstanceIdentifier"))
	d.DBInstanceIdentifier = aws.String(name)
	b.setStr(&d.Engine, spell(in, "engine", "Engine"), "")
	b.setStr(&d.DBInstanceClass, spell(in, "instance_class", "DBInstanceClass"), "")
	if s, ok := b.strOrRef(spell(in, "cluster_identifier", "DBClusterIdentifier"), "db_cluster_identifier"); ok {
		d.DBClusterIdentifier = aws.String(s)
	}
	if s, ok := b.strOrRef(spell(in, "kms_key_id", "KmsKeyId"), "kms_key_id"); ok {
		d.KmsKeyId = aws.String(s)
	}
	// Defaults of the provider (aws_db_instance,
	// aws_rds_cluster_instance) and of AWS::RDS::DBInstance:
	// auto_minor_version_upgrade true; multi_az and
	// storage_encrypted false (aws_rds_cluster_instance has
	// neither: its cluster decides). publicly_accessible is false
	// in Terraform; CloudFormation's PubliclyAccessible has no
	// fixed default (it follows the VPC's internet gateway and the
	// subnet group): omitted, it is unread.
	pub := spell(in, "publicly_accessible", "PubliclyAccessible")
	if _, set := in.Get(pub); set || !cfn(in) {
		d.PubliclyAccessible = rdsBool(b, pub, "publicly_accessible", false)
	} else {
		b.unknown("publicly_accessible")
	}
	d.AutoMinorVersionUpgrade = rdsBool(b, spell(in, "auto_minor_version_upgrade", "AutoMinorVersionUpgrade"), "auto_minor_version_upgrade", true)
	if in.Type != "aws_rds_cluster_instance" {
		d.MultiAZ = rdsBool(b, spell(in, "multi_az", "MultiAZ"), "multi_az", false)
		// Backups are kept 1 day unless told (CreateDBInstance, the
		// provider and AWS::RDS::DBInstance); a replica names its
		// source, and rules leave replicas' backups to it.
		d.BackupRetentionPeriod = rdsRetention(b, spell(in, "backup_retention_period", "BackupRetentionPeriod"), 1)
		if s, ok := b.strOrRef(spell(in, "replicate_source_db", "SourceDBInstanceIdentifier"), "read_replica_source_db_instance_identifier"); ok && s != "" {
			d.ReadReplicaSourceDBInstanceIdentifier = aws.String(s)
		}
		d.StorageEncrypted = rdsEncrypted(b, spell(in, "storage_encrypted", "StorageEncrypted"),
			spell(in, "snapshot_identifier", "DBSnapshotIdentifier"), spell(in, "replicate_source_db", "SourceDBInstanceIdentifier"))
	}
	if in.Type != "aws_rds_cluster_instance" {
		d.Credentials = writtenSecret(ix, b, spell(in, "password", "MasterUserPassword"), "credentials", "", secrets.KindPassword)
	}
	return name, d
}
