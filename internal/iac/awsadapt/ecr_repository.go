package awsadapt

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// ecrRepository reads an ECR repository with its repository policy.
// The registry scanning configuration is the region's, not the
// repository's: it is left unread (registry_scan_type empty), so
// scans_on_push judges the repository's own setting.
func ecrRepository(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "RepositoryName"))
	r := awsmodel.ECRRepository{Repository: ecrtypes.Repository{RepositoryName: aws.String(name)}}
	if arn := knownStr(in, "arn"); arn != "" {
		r.RepositoryArn = &arn
	}
	// Omitted: MUTABLE tags, no scan on push, AES256 (the ECR API's
	// defaults, which the provider and CloudFormation leave to it).
	r.ImageTagMutability = ecrtypes.ImageTagMutabilityMutable
	if s, ok := b.str(spell(in, "image_tag_mutability", "ImageTagMutability"), "image_tag_mutability"); ok {
		r.ImageTagMutability = ecrtypes.ImageTagMutability(s)
	} else if _, set := in.Get(spell(in, "image_tag_mutability", "ImageTagMutability")); set {
		b.unknown("tags_immutable")
	}
	filters := spell(in, "image_tag_mutability_exclusion_filter", "ImageTagMutabilityExclusionFilters")
	for i := range b.list(filters, "image_tag_mutability_exclusion_filters") {
		p := filters + "." + itoa(i) + "."
		f := ecrtypes.ImageTagMutabilityExclusionFilter{FilterType: ecrtypes.ImageTagMutabilityExclusionFilterTypeWildcard}
		if s, ok := b.str(p+spell(in, "filter", "ImageTagMutabilityExclusionFilterValue"), "tags_immutable"); ok {
			f.Filter = &s
		}
		r.ImageTagMutabilityExclusionFilters = append(r.ImageTagMutabilityExclusionFilters, f)
	}
	scan := &ecrtypes.ImageScanningConfiguration{}
	if v, ok := b.boolean(spell(in, "image_scanning_configuration.0.scan_on_push", "ImageScanningConfiguration.ScanOnPush"), "scans_on_push"); ok {
		scan.ScanOnPush = v
	}
	r.ImageScanningConfiguration = scan
	enc := &ecrtypes.EncryptionConfiguration{EncryptionType: ecrtypes.EncryptionTypeAes256}
	encAt := spell(in, "encryption_configuration.0.", "EncryptionConfiguration.")
	if s, ok := b.str(encAt+spell(in, "encryption_type", "EncryptionType"), "encryption_configuration"); ok {
		enc.EncryptionType = ecrtypes.EncryptionType(s)
	}
	if s, ok := presentStr(b, encAt+spell(in, "kms_key", "KmsKey"), "encryption_configuration"); ok {
		enc.KmsKey = &s
	}
	r.EncryptionConfiguration = enc
	if cfn(in) {
		r.Policy = b.policy("RepositoryPolicyText", "policy")
	} else {
		for _, p := range linked(ix, "aws_ecr_repository_policy", "repository", in, name) {
			r.Policy = b.policyOf(p, "policy", "policy", true)
		}
	}
	return name, r
}
