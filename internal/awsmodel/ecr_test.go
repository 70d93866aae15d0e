package awsmodel

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	ecrtypes "github.com/aws/aws-sdk-go-v2/service/ecr/types"
)

func TestECRRepositoryDerive(t *testing.T) {
	excl := func(f string) []ecrtypes.ImageTagMutabilityExclusionFilter {
		return []ecrtypes.ImageTagMutabilityExclusionFilter{{Filter: aws.String(f), FilterType: ecrtypes.ImageTagMutabilityExclusionFilterTypeWildcard}}
	}
	scan := &ecrtypes.ImageScanningConfiguration{ScanOnPush: true}
	for _, c := range []struct {
		name                string
		r                   ECRRepository
		immutable, scanPush bool
	}{
		{"default", ECRRepository{}, false, false},
		{"immutable, scan on push", ECRRepository{Repository: ecrtypes.Repository{ImageTagMutability: "IMMUTABLE", ImageScanningConfiguration: scan}}, true, true},
		{"narrow exclusion", ECRRepository{Repository: ecrtypes.Repository{ImageTagMutability: "IMMUTABLE_WITH_EXCLUSION", ImageTagMutabilityExclusionFilters: excl("latest")}}, true, false},
		{"exclusion of every tag", ECRRepository{Repository: ecrtypes.Repository{ImageTagMutability: "IMMUTABLE_WITH_EXCLUSION", ImageTagMutabilityExclusionFilters: excl("**")}}, false, false},
		{"mutable with exclusion", ECRRepository{Repository: ecrtypes.Repository{ImageTagMutability: "MUTABLE_WITH_EXCLUSION", ImageTagMutabilityExclusionFilters: excl("v*")}}, false, false},
		{"basic registry rule", ECRRepository{RegistryScanType: "BASIC", RegistryScanFrequency: "SCAN_ON_PUSH"}, false, true},
		{"enhanced ignores the repository", ECRRepository{Repository: ecrtypes.Repository{ImageScanningConfiguration: scan}, RegistryScanType: "ENHANCED"}, false, false},
		{"enhanced continuous", ECRRepository{RegistryScanType: "ENHANCED", RegistryScanFrequency: "CONTINUOUS_SCAN"}, false, true},
		{"manual rule", ECRRepository{RegistryScanType: "BASIC", RegistryScanFrequency: "MANUAL"}, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.r.Derive()
			if c.r.TagsImmutable != c.immutable || c.r.ScansOnPush != c.scanPush {
				t.Errorf("tags_immutable %v scans_on_push %v, want %v %v", c.r.TagsImmutable, c.r.ScansOnPush, c.immutable, c.scanPush)
			}
		})
	}
}

func TestRegistryScanRule(t *testing.T) {
	rules := []ecrtypes.RegistryScanningRule{
		{ScanFrequency: "CONTINUOUS_SCAN", RepositoryFilters: []ecrtypes.ScanningRepositoryFilter{{Filter: aws.String("prod-*"), FilterType: "WILDCARD"}}},
		{ScanFrequency: "SCAN_ON_PUSH", RepositoryFilters: []ecrtypes.ScanningRepositoryFilter{{Filter: aws.String("*"), FilterType: "WILDCARD"}}},
	}
	for repo, want := range map[string]string{"prod-api": "CONTINUOUS_SCAN", "dev-api": "SCAN_ON_PUSH"} {
		if got := RegistryScanRule(rules, repo); got != want {
			t.Errorf("%s: %q, want %q", repo, got, want)
		}
	}
	if got := RegistryScanRule(nil, "x"); got != "" {
		t.Errorf("no rules: %q", got)
	}
}
