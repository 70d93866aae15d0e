# METADATA
# title: ECR repositories should make image tags immutable
# description: >-
#   With mutable tags, anyone allowed to push can move an existing tag
#   (v1.4.2, prod) to another image, so what a deployment pulls by tag can
#   change under it without a new release, and a scanned or signed image can
#   be swapped for one that was neither. IMMUTABLE_WITH_EXCLUSION passes
#   unless an exclusion filter ("*") leaves every tag mutable. AWS Security
#   Hub control ECR.2.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-tag-mutability.html
# custom:
#   id: aws-ecr-tag-immutability
#   severity: medium
#   resource_types: [aws.ecr.repository]
#   remediation: |-
#     aws ecr put-image-tag-mutability --repository-name <repository> --image-tag-mutability IMMUTABLE
#     (IMMUTABLE_WITH_EXCLUSION with --image-tag-mutability-exclusion-filters for tags such as latest that must move)
#     Terraform: image_tag_mutability = "IMMUTABLE"; CloudFormation: ImageTagMutability: IMMUTABLE
package vigil.rules.aws.ecr.tag_immutability

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("repository %s lets pushes overwrite image tags (image_tag_mutability %s)", [input.name, object.get(input.attributes, "image_tag_mutability", "MUTABLE")]),
	"path": "image_tag_mutability",
} if {
	aws.known("tags_immutable")
	not input.attributes.tags_immutable
}
