package store

import (
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
)

func TestCanResolve(t *testing.T) {
	live := &model.Scan{Source: "k8s", Status: model.ScanPartial, Coverage: []model.Coverage{
		{Scope: "k8s.apps.deployment", Status: model.CoverageComplete},
		{Scope: "k8s.core.secret", Status: model.CoverageDenied},
		{Scope: "k8s.core.secret@team-a", Status: model.CoverageComplete},
		{Scope: "k8s.rbac.role", Status: model.CoverageComplete},
	}}
	iac := &model.Scan{Source: "iac", Status: model.ScanComplete, Coverage: []model.Coverage{
		{Scope: "file:deploy/a.yaml", Status: model.CoverageComplete},
		{Scope: "file:deploy/b.yaml", Status: model.CoverageError},
	}}
	tests := []struct {
		name string
		scan *model.Scan
		s    Scope
		want bool
	}{
		{"covered type", live, Scope{ResourceType: "k8s.apps.deployment", Namespace: "x"}, true},
		{"denied type", live, Scope{ResourceType: "k8s.core.secret", Namespace: "x"}, false},
		{"type covered in its namespace", live, Scope{ResourceType: "k8s.core.secret", Namespace: "team-a"}, true},
		{"related type not covered", live, Scope{ResourceType: "k8s.apps.deployment", Namespace: "x", RelatedTypes: []string{"k8s.core.secret"}}, false},
		{"related type covered", live, Scope{ResourceType: "k8s.apps.deployment", RelatedTypes: []string{"k8s.rbac.role"}}, true},
		{"type never listed", live, Scope{ResourceType: "k8s.core.pod"}, false},
		{"file read", iac, Scope{ResourceType: "k8s.apps.deployment", File: "deploy/a.yaml"}, true},
		{"file unparseable", iac, Scope{ResourceType: "k8s.apps.deployment", File: "deploy/b.yaml"}, false},
		{"file not scanned", iac, Scope{ResourceType: "k8s.apps.deployment", File: "other.yaml"}, false},
		{"failed scan", &model.Scan{Status: model.ScanFailed, Coverage: live.Coverage}, Scope{ResourceType: "k8s.apps.deployment"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanResolve(tt.scan, tt.s); got != tt.want {
				t.Fatalf("CanResolve = %v, want %v", got, tt.want)
			}
		})
	}
}
