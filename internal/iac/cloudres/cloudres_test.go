package cloudres

import "testing"

func TestGet(t *testing.T) {
	in := &Instance{Values: map[string]any{
		"versioning": []any{map[string]any{"enabled": true}},
		"logging":    map[string]any{"target_bucket": "logs"}, // one block written as an object
		"tags":       map[string]any{"0": "zero"},
	}, Lines: map[string]int{"versioning": 4, "versioning.0.enabled": 5}, Line: 1}
	for _, tc := range []struct {
		path string
		want any
		ok   bool
	}{
		{"versioning.0.enabled", true, true},
		{"versioning.1.enabled", nil, false},
		{"logging.0.target_bucket", "logs", true},
		{"tags.0", "zero", true}, // a real key "0" wins
		{"missing", nil, false},
		{"versioning.x", nil, false},
	} {
		got, ok := in.Get(tc.path)
		if ok != tc.ok || got != tc.want {
			t.Errorf("Get(%q) = %v, %v; want %v, %v", tc.path, got, ok, tc.want, tc.ok)
		}
	}
	if l := in.LineOf("versioning.0.enabled"); l != 5 {
		t.Errorf("LineOf = %d", l)
	}
	if l := in.LineOf("versioning.0.mfa_delete"); l != 4 {
		t.Errorf("LineOf falls back to the parent: %d", l)
	}
	if l := in.LineOf("nothing"); l != 1 {
		t.Errorf("LineOf falls back to the resource: %d", l)
	}
}

func TestAt(t *testing.T) {
	in := &Instance{File: "main.tf", Line: 1,
		Lines: map[string]int{"ingress": 3, "ingress.0.from_port": 4, "name": 2},
		Files: map[string]string{"ingress": "main_override.tf", "ingress.0.from_port": "main_override.tf"}}
	for _, tc := range []struct {
		path, file string
		line       int
	}{
		{"ingress.0.from_port", "main_override.tf", 4},
		{"ingress.0.to_port", "main_override.tf", 3}, // the parent's file with its line
		{"name", "main.tf", 2},
		{"tags.Owner", "main.tf", 1},
	} {
		if f, l := in.At(tc.path); f != tc.file || l != tc.line {
			t.Errorf("At(%q) = %s:%d, want %s:%d", tc.path, f, l, tc.file, tc.line)
		}
	}
}
