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
