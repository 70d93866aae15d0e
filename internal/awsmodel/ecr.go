package awsmodel

import (
	"strings"

	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
)

// TypeECRRepository is an ECR private repository.
const TypeECRRepository = "aws.ecr.repository"

// ECRRepository is aws.ecr.repository: DescribeRepositories' entry for
// one repository, its repository policy, and what the region's registry
// scanning configuration does to it.
type ECRRepository struct {
	ecrtypes.Repository
	// Policy is the repository policy (nil: none).
	Policy *PolicyDocument
	// RegistryScanType is the registry's scanning type in the region
	// (BASIC or ENHANCED); empty when not read (IaC, or denied).
	RegistryScanType string `attr:"registry_scan_type"`
	// RegistryScanFrequency is the scan frequency of the registry
	// scanning rule whose filters match the repository (SCAN_ON_PUSH,
	// CONTINUOUS_SCAN, MANUAL); empty when no rule does.
	RegistryScanFrequency string `attr:"registry_scan_frequency"`
	// TagsImmutable: a pushed tag cannot be moved to another image.
	// IMMUTABLE_WITH_EXCLUSION counts unless an exclusion filter is "*",
	// which excludes every tag.
	TagsImmutable bool
	// ScansOnPush: images are scanned when pushed. With ENHANCED
	// scanning only the registry's rules decide (Amazon Inspector
	// ignores the repository setting); with BASIC scanning the
	// repository's scan_on_push or a matching SCAN_ON_PUSH rule does.
	ScansOnPush bool
}

// Derive computes TagsImmutable and ScansOnPush.
func (r *ECRRepository) Derive() {
	switch r.ImageTagMutability {
	case ecrtypes.ImageTagMutabilityImmutable:
		r.TagsImmutable = true
	case ecrtypes.ImageTagMutabilityImmutableWithExclusion:
		r.TagsImmutable = true
		for _, f := range r.ImageTagMutabilityExclusionFilters {
			if f.Filter != nil && strings.ReplaceAll(*f.Filter, "*", "") == "" {
				r.TagsImmutable = false
			}
		}
	default:
		r.TagsImmutable = false
	}
	registry := r.RegistryScanFrequency == string(ecrtypes.ScanFrequencyScanOnPush) ||
		r.RegistryScanFrequency == string(ecrtypes.ScanFrequencyContinuousScan)
	repo := r.ImageScanningConfiguration != nil && r.ImageScanningConfiguration.ScanOnPush
	if r.RegistryScanType == string(ecrtypes.ScanTypeEnhanced) {
		r.ScansOnPush = registry
		return
	}
	r.ScansOnPush = repo || registry
}

// RegistryScanRule returns the scan frequency of the first rule of a
// registry scanning configuration whose repository filters match repo
// (ECR filters are WILDCARD patterns with "*"), or "" when none does.
func RegistryScanRule(rules []ecrtypes.RegistryScanningRule, repo string) string {
	for _, rule := range rules {
		for _, f := range rule.RepositoryFilters {
			if f.Filter != nil && Matches(*f.Filter, repo) {
				return string(rule.ScanFrequency)
			}
		}
	}
	return ""
}
