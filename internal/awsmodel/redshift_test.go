package awsmodel

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	rstypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"
)

func TestRedshiftClusterDerive(t *testing.T) {
	for _, c := range []struct {
		name string
		c    RedshiftCluster
		want [6]bool // logging, kms, multi-AZ, default admin, database, port
	}{
		{"nothing set", RedshiftCluster{}, [6]bool{}},
		{"defaults", RedshiftCluster{Cluster: rstypes.Cluster{MasterUsername: aws.String("awsuser"), DBName: aws.String("dev"),
			Endpoint: &rstypes.Endpoint{Port: aws.Int32(5439)}, Encrypted: aws.Bool(true)}}, [6]bool{false, false, false, true, true, true}},
		{"hardened", RedshiftCluster{Cluster: rstypes.Cluster{MasterUsername: aws.String("dw_admin"), DBName: aws.String("sales"),
			Endpoint: &rstypes.Endpoint{Port: aws.Int32(5491)}, Encrypted: aws.Bool(true), KmsKeyId: aws.String("arn:aws:kms:::key/k"),
			MultiAZ: aws.String("Enabled")}, Logging: &RedshiftLogging{LoggingEnabled: true}}, [6]bool{true, true, true, false, false, false}},
		{"logging off", RedshiftCluster{Logging: &RedshiftLogging{}, Cluster: rstypes.Cluster{MultiAZ: aws.String("Disabled")}}, [6]bool{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.c.Derive()
			got := [6]bool{c.c.AuditLoggingEnabled, c.c.EncryptedWithKMS, c.c.MultiAZEnabled, c.c.DefaultAdminUsername, c.c.DefaultDatabaseName, c.c.DefaultPort}
			if got != c.want {
				t.Errorf("audit_logging_enabled, encrypted_with_kms, multi_az_enabled, default_admin_username, default_database_name, default_port = %v, want %v", got, c.want)
			}
		})
	}
}
