# METADATA
# title: ECR repositories should scan images on push
# description: >-
#   Scanning on push reports known vulnerabilities (CVEs) in an image's
#   packages as soon as it is pushed, before it is deployed. The registry's
#   scanning configuration can supersede the repository's scan_on_push: a
#   live scan reads it, and a repository passes when a registry rule scans
#   it on push or continuously (with enhanced scanning only the registry's
#   rules count). A declared repository is judged by its own setting; the
#   message says so. AWS Security Hub control ECR.1.
# related_resources:
#   - ref: https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-scanning.html
# custom:
#   id: aws-ecr-scan-on-push
#   severity: medium
#   resource_types: [aws.ecr.repository]
#   remediation: |-
#     For the registry (preferred): aws ecr put-registry-scanning-configuration --scan-type BASIC --rules '[{"scanFrequency":"SCAN_ON_PUSH","repositoryFilters":[{"filter":"*","filterType":"WILDCARD"}]}]'
#     For one repository under basic scanning: aws ecr put-image-scanning-configuration --repository-name <repository> --image-scanning-configuration scanOnPush=true
#     Terraform: image_scanning_configuration { scan_on_push = true } or aws_ecr_registry_scanning_configuration
package vigil.rules.aws.ecr.scan_on_push

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("repository %s does not scan images on push; a live scan also checks the registry's scanning configuration, which may scan it", [input.name]),
	"path": "image_scanning_configuration.scan_on_push",
} if {
	aws.declared
	aws.known("scans_on_push")
	not input.attributes.scans_on_push
}

deny contains {
	"msg": sprintf("repository %s: images are not scanned on push (%s)", [input.name, why]),
	"path": "scans_on_push",
} if {
	not aws.declared
	aws.known("scans_on_push")
	not input.attributes.scans_on_push
	why := reason
}

reason := "enhanced scanning, and no registry rule scans this repository on push or continuously" if {
	input.attributes.registry_scan_type == "ENHANCED"
}

reason := "scan_on_push is off and no registry rule scans this repository on push" if {
	object.get(input.attributes, "registry_scan_type", "") != "ENHANCED"
}
