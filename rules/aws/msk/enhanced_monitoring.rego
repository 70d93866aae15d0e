# METADATA
# title: MSK clusters should have enhanced monitoring
# description: >-
#   The DEFAULT monitoring level sends only cluster-wide metrics to
#   CloudWatch; PER_BROKER and finer levels show a broker running out of
#   disk or falling behind before clients notice. AWS Security Hub control
#   MSK.2.
# related_resources:
#   - ref: https://docs.aws.amazon.com/msk/latest/developerguide/monitoring.html
# custom:
#   id: aws-msk-enhanced-monitoring
#   severity: low
#   resource_types: [aws.msk.cluster]
#   remediation: |-
#     aws kafka update-monitoring --cluster-arn <arn> --current-version <version> --enhanced-monitoring PER_BROKER
#     Terraform: enhanced_monitoring = "PER_BROKER"; CloudFormation: EnhancedMonitoring: PER_BROKER
package vigil.rules.aws.msk.enhanced_monitoring

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("MSK cluster %s has only DEFAULT monitoring", [input.name]),
	"path": "provisioned.enhanced_monitoring",
} if {
	aws.known("enhanced_monitoring_enabled")
	not input.attributes.enhanced_monitoring_enabled
}
