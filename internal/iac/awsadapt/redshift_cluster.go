package awsadapt

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	rstypes "github.com/aws/aws-sdk-go-v2/service/redshift/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// redshiftCluster reads a provisioned cluster. Omitted settings take
// the defaults the provider (aws_redshift_cluster) and
// AWS::Redshift::Cluster document: database dev, port 5439, not public,
// not encrypted, a day of automated snapshots, no enhanced VPC routing,
// major upgrades allowed, single-AZ, the default parameter group
// (require_ssl off) and no audit logging. require_ssl is read from the
// parameter group the cluster names (aws_redshift_parameter_group,
// AWS::Redshift::ClusterParameterGroup); logging from the cluster's
// logging block or LoggingProperties, or an aws_redshift_logging
// resource naming it.
func redshiftCluster(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "cluster_identifier", "ClusterIdentifier"))
	c := rstypes.Cluster{ClusterIdentifier: aws.String(name), DBName: aws.String(awsmodel.RedshiftDefaultDatabase)}
	b.setStr(&c.NodeType, spell(in, "node_type", "NodeType"), "")
	b.setStr(&c.DBName, spell(in, "database_name", "DBName"), "default_database_name")
	b.setStr(&c.MasterUsername, spell(in, "master_username", "MasterUsername"), "default_admin_username")
	c.Endpoint = &rstypes.Endpoint{Port: intOr(b, spell(in, "port", "Port"), "default_port", awsmodel.RedshiftDefaultPort)}
	c.PubliclyAccessible = rdsBool(b, spell(in, "publicly_accessible", "PubliclyAccessible"), "publicly_accessible", false)
	c.Encrypted = rdsBool(b, spell(in, "encrypted", "Encrypted"), "encrypted_with_kms", false)
	if k, ok := presentStr(b, spell(in, "kms_key_id", "KmsKeyId"), "encrypted_with_kms"); ok {
		c.KmsKeyId = &k
	}
	c.AutomatedSnapshotRetentionPeriod = intOr(b, spell(in, "automated_snapshot_retention_period", "AutomatedSnapshotRetentionPeriod"),
		"automated_snapshot_retention_period", 1)
	c.EnhancedVpcRouting = rdsBool(b, spell(in, "enhanced_vpc_routing", "EnhancedVpcRouting"), "enhanced_vpc_routing", false)
	c.AllowVersionUpgrade = rdsBool(b, spell(in, "allow_version_upgrade", "AllowVersionUpgrade"), "allow_version_upgrade", true)
	c.MultiAZ = aws.String("Disabled")
	if v := rdsBool(b, spell(in, "multi_az", "MultiAZ"), "multi_az_enabled", false); v == nil {
		c.MultiAZ = nil
	} else if *v {
		c.MultiAZ = aws.String("Enabled")
	}
	rc := awsmodel.RedshiftCluster{Cluster: c}
	rc.RequireSSL = redshiftRequireSSL(ix, b)
	rc.Logging = redshiftLogging(ix, b, name)
	return name, rc
}

// redshiftRequireSSL reads require_ssl from the parameter group the
// cluster names: a resource of the same configuration (by reference or
// by name), else a default group (off). A group named but not declared
// here is unknown.
func redshiftRequireSSL(ix *Index, b *builder) *bool {
	in := b.in
	path := spell(in, "cluster_parameter_group_name", "ClusterParameterGroupName")
	v, set := in.Get(path)
	if !set || v == nil {
		return aws.Bool(false)
	}
	groupType := spell(in, "aws_redshift_parameter_group", "AWS::Redshift::ClusterParameterGroup")
	group, ok := ix.Resolve(in, v)
	if !ok {
		name, isStr := v.(string)
		if isStr && strings.HasPrefix(name, "default.") {
			return aws.Bool(false)
		}
		for _, g := range ix.inScope(groupType, in) {
			if isStr && knownStr(g, spell(g, "name", "ParameterGroupName")) == name {
				group, ok = g, true
			}
		}
	}
	if !ok || group.Type != groupType {
		b.unknown("require_ssl")
		return nil
	}
	gb := newBuilder(group)
	ssl := aws.Bool(false)
	list := spell(group, "parameter", "Parameters")
	for i := range gb.list(list, "require_ssl") {
		p := list + "." + itoa(i) + "."
		if n, _ := gb.str(p+spell(group, "name", "ParameterName"), ""); n != "require_ssl" {
			continue
		}
		if val, ok := gb.str(p+spell(group, "value", "ParameterValue"), "require_ssl"); ok {
			ssl = aws.Bool(strings.EqualFold(val, "true"))
		} else {
			gb.unknown("require_ssl")
			ssl = nil
		}
	}
	b.merge(gb)
	return ssl
}

// redshiftLogging reads audit logging: Terraform's logging block (enable)
// or an aws_redshift_logging resource, CloudFormation's LoggingProperties
// (present: on).
func redshiftLogging(ix *Index, b *builder, name string) *awsmodel.RedshiftLogging {
	in := b.in
	l := &awsmodel.RedshiftLogging{}
	if cfn(in) {
		if _, set := in.Get("LoggingProperties"); set {
			l.LoggingEnabled = true
			b.locate("audit_logging_enabled", "LoggingProperties")
			if s, ok := b.strOrRef("LoggingProperties.BucketName", ""); ok {
				l.BucketName = &s
			}
			if s, ok := b.str("LoggingProperties.LogDestinationType", ""); ok {
				l.LogDestinationType = s
			}
		}
		return l
	}
	if v, ok := b.boolean("logging.0.enable", "audit_logging_enabled"); ok {
		l.LoggingEnabled = v
	} else if v, set := in.Get("logging.0.enable"); set && v != nil {
		b.unknown("audit_logging_enabled")
	}
	for _, sat := range linked(ix, "aws_redshift_logging", "cluster_identifier", in, name) {
		l.LoggingEnabled = true
		b.locateBlock("audit_logging_enabled", sat)
		if s := knownStr(sat, "log_destination_type"); s != "" {
			l.LogDestinationType = s
		}
	}
	return l
}
