package wildcard

import "testing"

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		p, s string
		want bool
	}{
		{"*", "", true}, {"*", "a/b/c", true}, {"k8s-*", "k8s-privileged", true}, {"k8s-*", "aws-x", false},
		{"k8s://c/*/apps/Deployment/web", "k8s://c/shop/apps/Deployment/web", true}, {"a?c", "abc", true}, {"a?c", "ac", false},
		{"a*b*c", "aXbYbZc", true}, {"a*b*c", "aXbYbZ", false}, {"exact", "exact", true}, {"exact", "exactly", false},
		{"s3:Get*", "s3:GetObject", true}, {"", "", true}, {"", "x", false}, {"?", "é", true}, {"a*", "b", false},
	} {
		if got := Match(tc.p, tc.s); got != tc.want {
			t.Errorf("Match(%q, %q) = %v, want %v", tc.p, tc.s, got, tc.want)
		}
	}
}
