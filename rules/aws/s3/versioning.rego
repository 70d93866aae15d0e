# METADATA
# title: S3 buckets should keep object versions
# description: >-
#   Versioning keeps every version of every object, so an overwrite or
#   delete — by mistake or by ransomware using stolen keys — can be undone.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
# custom:
#   id: aws-s3-versioning
#   severity: low
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled
#     and add a lifecycle rule that expires noncurrent versions to bound cost.
package vigil.rules.aws.s3.versioning

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("bucket %s: versioning is %s", [input.name, status]),
	"path": "versioning.status",
} if {
	aws.known("versioning")
	status := object.get(input.attributes, ["versioning", "status"], "never enabled")
	status != "Enabled"
}
