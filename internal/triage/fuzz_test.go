package triage

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/model"
)

// FuzzLink: tag values, names and IDs come from scanned resources; no
// value of theirs makes Link panic, link a resource to one of another
// type, or mark a finding the duplicate of a finding that is not live.
func FuzzLink(f *testing.F) {
	f.Add("infra/b.tf#aws_s3_bucket.logs", "aws_s3_bucket.logs", "/repo/infra/b.tf", "logs", "logs", "k8s://manifests/_/apps/Deployment/x")
	f.Add("#", "", "", "", "", "k8s://")
	f.Add("a#b#c", "b#c", "a", "x.y", "y", "k8s://c/_")
	f.Fuzz(func(t *testing.T, tagValue, address, file, liveName, iacName, iacID string) {
		c := config.Default()
		fs := []model.Finding{
			live("L", "r", "aws.s3.bucket", "1", "", liveName, map[string]string{"terraform:address": tagValue}),
			iac("I", "r", "aws.s3.bucket", "iac:"+iacID, "", iacName, file, address),
			iac("K", "r", "k8s.apps.deployment", iacID, "", iacName, file, address),
			live("M", "r", "k8s.apps.deployment", "c", "default", liveName, nil),
		}
		Link(fs, fs, c)
		byFP := map[string]model.Finding{}
		for _, f := range fs {
			byFP[f.Fingerprint] = f
		}
		for _, f := range fs {
			tr := f.Triage
			if tr == nil {
				continue
			}
			if tr.DuplicateOf != "" {
				canon := byFP[tr.DuplicateOf]
				if canon.Resource.Source.Kind != model.SourceLive || canon.Resource.Type != f.Resource.Type || f.Resource.Source.Kind != model.SourceIaC {
					t.Fatalf("%s (%s) duplicate of %s (%s %s)", f.Fingerprint, f.Resource.Type, canon.Fingerprint, canon.Resource.Source.Kind, canon.Resource.Type)
				}
			}
			if d := tr.DeclaredIn; d != nil {
				for _, o := range fs {
					if o.Resource.ID == d.ResourceID && o.Resource.Type != f.Resource.Type {
						t.Fatalf("%s declared by a %s", f.Resource.Type, o.Resource.Type)
					}
				}
			}
		}
	})
}
