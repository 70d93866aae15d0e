package awsmodel

import (
	"slices"

	efstypes "github.com/aws/aws-sdk-go-v2/service/efs/types"
	ekstypes "github.com/aws/aws-sdk-go-v2/service/eks/types"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
)

// Type names of RDS, EFS and EKS.
const (
	TypeRDSDBInstance        = "aws.rds.db_instance"
	TypeRDSDBCluster         = "aws.rds.db_cluster"
	TypeRDSDBSnapshot        = "aws.rds.db_snapshot"
	TypeRDSDBClusterSnapshot = "aws.rds.db_cluster_snapshot"
	TypeEFSFileSystem        = "aws.efs.file_system"
	TypeEKSCluster           = "aws.eks.cluster"
)

func rdsTypes() []Type {
	return []Type{
		typeOf[RDSDBInstance](TypeRDSDBInstance, "AWS::RDS::DBInstance", false),
		typeOf[RDSDBCluster](TypeRDSDBCluster, "AWS::RDS::DBCluster", false),
		// Snapshots have no CloudFormation resource type.
		typeOf[RDSDBSnapshot](TypeRDSDBSnapshot, "Vigil::RDS::DBSnapshot", false),
		typeOf[RDSDBClusterSnapshot](TypeRDSDBClusterSnapshot, "Vigil::RDS::DBClusterSnapshot", false),
	}
}

func efsTypes() []Type {
	return []Type{typeOf[EFSFileSystem](TypeEFSFileSystem, "AWS::EFS::FileSystem", false)}
}

func eksTypes() []Type {
	return []Type{typeOf[EKSCluster](TypeEKSCluster, "AWS::EKS::Cluster", false),
		typeOf[EKSNodegroup](TypeEKSNodegroup, "AWS::EKS::Nodegroup", false)}
}

// RDSDBInstance is aws.rds.db_instance: the DescribeDBInstances shape.
type RDSDBInstance struct {
	rdstypes.DBInstance
	// Credentials is the master password when the declaration writes it
	// (IaC only: the APIs never return it), redacted.
	Credentials []Credential
}

// RDSDBCluster is aws.rds.db_cluster: the DescribeDBClusters shape.
type RDSDBCluster struct {
	rdstypes.DBCluster
	// Credentials is the master password when the declaration writes it
	// (IaC only: the APIs never return it), redacted.
	Credentials []Credential
}

// RDSDBSnapshot is aws.rds.db_snapshot: a manual DB snapshot with who
// may restore it.
type RDSDBSnapshot struct {
	rdstypes.DBSnapshot
	// RestoreAccounts are the values of the snapshot's "restore"
	// attribute: account IDs, or "all".
	RestoreAccounts []string
	// Public: "all" may restore it.
	Public bool
}

// Derive computes the snapshot's derived fields.
func (s *RDSDBSnapshot) Derive() { s.Public = slices.Contains(s.RestoreAccounts, "all") }

// RDSDBClusterSnapshot is aws.rds.db_cluster_snapshot: a manual cluster
// snapshot with who may restore it.
type RDSDBClusterSnapshot struct {
	rdstypes.DBClusterSnapshot
	RestoreAccounts []string
	Public          bool
}

// Derive computes the snapshot's derived fields.
func (s *RDSDBClusterSnapshot) Derive() { s.Public = slices.Contains(s.RestoreAccounts, "all") }

// RestoreAccounts returns the "restore" attribute's values.
func RestoreAccounts(attrs []rdstypes.DBSnapshotAttribute) []string {
	for _, a := range attrs {
		if a.AttributeName != nil && *a.AttributeName == "restore" {
			return a.AttributeValues
		}
	}
	return nil
}

// EFSFileSystem is aws.efs.file_system: the DescribeFileSystems shape.
type EFSFileSystem struct {
	efstypes.FileSystemDescription
}

// EKSCluster is aws.eks.cluster: the DescribeCluster shape.
type EKSCluster struct {
	ekstypes.Cluster
	// EnabledLogTypes are the control-plane log types sent to
	// CloudWatch Logs.
	EnabledLogTypes []string
	// SecretsEncrypted: Kubernetes secrets are envelope-encrypted with
	// a KMS key (an encryption_config naming "secrets").
	SecretsEncrypted bool
}

// Derive computes the cluster's derived fields.
func (c *EKSCluster) Derive() {
	c.EnabledLogTypes = nil
	if c.Logging != nil {
		for _, ls := range c.Logging.ClusterLogging {
			if ls.Enabled != nil && *ls.Enabled {
				for _, t := range ls.Types {
					c.EnabledLogTypes = append(c.EnabledLogTypes, string(t))
				}
			}
		}
	}
	c.EnabledLogTypes = SortedUnique(c.EnabledLogTypes)
	// EKS now encrypts all Kubernetes API data by default with AWS-owned
	// keys and an encryption config's resource list no longer narrows it:
	// what is left to check is whether a customer-managed KMS key wraps it.
	c.SecretsEncrypted = false
	for _, ec := range c.EncryptionConfig {
		if ec.Provider != nil && ec.Provider.KeyArn != nil {
			c.SecretsEncrypted = true
		}
	}
}
