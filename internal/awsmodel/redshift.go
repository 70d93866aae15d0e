package awsmodel

import (
	rstypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"
)

// TypeRedshiftCluster is a provisioned Amazon Redshift cluster.
const TypeRedshiftCluster = "aws.redshift.cluster"

// Redshift's defaults that FSBP asks clusters to change.
const (
	RedshiftDefaultAdmin    = "awsuser"
	RedshiftDefaultDatabase = "dev"
	RedshiftDefaultPort     = 5439
)

// RedshiftCluster is aws.redshift.cluster: the cluster as
// DescribeClusters returns it, with its audit logging status and the
// require_ssl parameter of its parameter group.
type RedshiftCluster struct {
	rstypes.Cluster
	// Logging is DescribeLoggingStatus' answer (nil: not read).
	Logging *RedshiftLogging
	// RequireSSL is the parameter group's require_ssl (nil: not read).
	RequireSSL *bool `attr:"require_ssl"`
	// AuditLoggingEnabled: connection, user and user activity logs go to
	// S3 or CloudWatch Logs.
	AuditLoggingEnabled bool
	// EncryptedWithKMS: the cluster is encrypted at rest under a KMS key.
	EncryptedWithKMS bool `attr:"encrypted_with_kms"`
	// MultiAZEnabled: the cluster runs in two Availability Zones.
	MultiAZEnabled bool `attr:"multi_az_enabled"`
	// DefaultAdminUsername, DefaultDatabaseName and DefaultPort: the
	// admin user, first database or port is the one Redshift proposes
	// (awsuser, dev, 5439).
	DefaultAdminUsername bool
	DefaultDatabaseName  bool
	DefaultPort          bool
}

// RedshiftLogging is a cluster's audit logging status.
type RedshiftLogging struct {
	LoggingEnabled     bool
	BucketName         *string
	S3KeyPrefix        *string
	LogDestinationType string
	LogExports         []string
}

// Derive computes the derived fields.
func (c *RedshiftCluster) Derive() {
	c.AuditLoggingEnabled = c.Logging != nil && c.Logging.LoggingEnabled
	c.EncryptedWithKMS = c.Encrypted != nil && *c.Encrypted && c.KmsKeyId != nil && *c.KmsKeyId != ""
	c.MultiAZEnabled = c.MultiAZ != nil && (*c.MultiAZ == "Enabled" || *c.MultiAZ == "enabled")
	c.DefaultAdminUsername = c.MasterUsername != nil && *c.MasterUsername == RedshiftDefaultAdmin
	c.DefaultDatabaseName = c.DBName != nil && *c.DBName == RedshiftDefaultDatabase
	c.DefaultPort = c.Endpoint != nil && c.Endpoint.Port != nil && *c.Endpoint.Port == RedshiftDefaultPort
}
