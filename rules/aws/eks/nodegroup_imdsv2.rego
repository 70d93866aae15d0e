# METADATA
# title: EKS node groups should launch from templates that require IMDSv2
# description: >-
#   A managed node group built from a launch template takes the template's
#   metadata options. When the template leaves http_tokens optional, every
#   pod that can reach the node's metadata service (hostNetwork pods, or any
#   pod when the hop limit is 2) can read the node role's credentials with
#   a plain GET, which a server-side request forgery also can. The
#   template's version the group runs is judged when it is the template's
#   default version (the one Vigil reads); a group pinned to another version
#   is not judged. Node groups without a launch template get EKS's own
#   template, which is not readable here.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html
#   - ref: https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
# custom:
#   id: aws-eks-nodegroup-imdsv2
#   severity: medium
#   resource_types: [aws.eks.nodegroup]
#   related_types: [aws.ec2.launch_template]
#   remediation: |-
#     aws ec2 create-launch-template-version --launch-template-id <template> --source-version <version> --launch-template-data '{"MetadataOptions":{"HttpTokens":"required","HttpPutResponseHopLimit":1}}'
#     aws eks update-nodegroup-version --cluster-name <cluster> --nodegroup-name <group> --launch-template id=<template>,version=<new version>
#     Terraform: metadata_options { http_tokens = "required" } on the aws_launch_template; CloudFormation: LaunchTemplateData.MetadataOptions.HttpTokens: required
package vigil.rules.aws.eks.nodegroup_imdsv2

import rego.v1

deny contains {
	"msg": sprintf("EKS node group %s launches from template %s (version %s), which does not require IMDSv2 (http_tokens %s)", [object.get(input, "name", ""), object.get(lt.attributes, "launch_template_name", ""), object.get(spec, "version", "$Default"), object.get(lt.attributes, ["launch_template_data", "metadata_options", "http_tokens"], "unset")]),
	"path": "launch_template",
} if {
	spec := input.attributes.launch_template
	some lt in vigil.resources("aws.ec2.launch_template")
	lt.account == input.account
	lt.region == input.region
	same_template(spec, lt)
	runs_judged_version(spec, lt.attributes)
	not "imdsv2_required" in object.get(lt.attributes, "unread", [])
	not lt.attributes.imdsv2_required
}

same_template(spec, lt) if spec.id == lt.attributes.launch_template_id

# A template declared beside the group (IaC) is named by its resource ID.
same_template(spec, lt) if spec.id == lt.id

same_template(spec, lt) if {
	not spec.id
	spec.name == lt.attributes.launch_template_name
}

# The template's default version is what Vigil reads: a group that names
# no version, "$Default", or the default's number runs it.
runs_judged_version(spec, _) if not spec.version

runs_judged_version(spec, _) if spec.version == "$Default"

runs_judged_version(spec, lt) if spec.version == sprintf("%d", [lt.version_number])

# A declared template (IaC) has one version, the one declared.
runs_judged_version(_, lt) if not lt.version_number
