# METADATA
# title: Redshift clusters should have audit logging enabled
# description: >-
#   Audit logging records connections, user changes and queries to S3
#   or CloudWatch Logs, which an investigation needs. AWS Security Hub
#   control Redshift.4.
# related_resources:
#   - ref: https://docs.aws.amazon.com/redshift/latest/mgmt/db-auditing.html
# custom:
#   id: aws-redshift-audit-logging
#   severity: medium
#   resource_types: [aws.redshift.cluster]
#   remediation: |-
#     aws redshift enable-logging --cluster-identifier <id> --log-destination-type cloudwatch --log-exports connectionlog userlog useractivitylog
#     Terraform: aws_redshift_logging { cluster_identifier = ..., log_destination_type = "cloudwatch" }; CloudFormation: LoggingProperties
package vigil.rules.aws.redshift.audit_logging

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("cluster %s does not write audit logs", [input.name]),
	"path": "logging.logging_enabled",
} if {
	aws.known("audit_logging_enabled")
	not input.attributes.audit_logging_enabled
}
