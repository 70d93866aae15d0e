# METADATA
# title: EKS API endpoints should not be open to the whole internet
# description: >-
#   A public cluster endpoint that accepts 0.0.0.0/0 lets anyone reach the
#   Kubernetes API server and try stolen tokens or API server flaws. Turn
#   the public endpoint off and use the private one, or limit it to the
#   addresses administrators and CI use.
# related_resources:
#   - ref: https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
# custom:
#   id: aws-eks-public-endpoint
#   severity: high
#   resource_types: [aws.eks.cluster]
#   remediation: |-
#     aws eks update-cluster-config --name <cluster> --resources-vpc-config endpointPrivateAccess=true,endpointPublicAccess=false
#     or: aws eks update-cluster-config --name <cluster> --resources-vpc-config publicAccessCidrs=<trusted cidr>
package vigil.rules.aws.eks.public_endpoint

import data.vigil.lib.aws
import rego.v1

deny contains {
	"msg": sprintf("EKS cluster %s: the public API endpoint accepts 0.0.0.0/0", [input.name]),
	"path": "resources_vpc_config.public_access_cidrs",
} if {
	aws.known("resources_vpc_config")
	cfg := input.attributes.resources_vpc_config
	cfg.endpoint_public_access
	# EKS defaults the list to 0.0.0.0/0 when it is not given.
	cidrs := object.get(cfg, "public_access_cidrs", ["0.0.0.0/0"])
	"0.0.0.0/0" in cidrs
}
