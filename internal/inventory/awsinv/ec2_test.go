package awsinv

import (
	"strings"
	"testing"
)

var ec2Services = []string{"ec2", "rds", "efs", "eks"}

func TestMisconfiguredEC2(t *testing.T) {
	srv := replay(t, "misconfigured")
	_, res := scan(t, Config{Services: ec2Services})
	if m := srv.Misses(); len(m) > 0 {
		t.Fatalf("requests without a recorded response:\n%s", strings.Join(m, "\n"))
	}
	for _, c := range res.Coverage {
		t.Log(c.Scope, c.Status, c.Reason)
	}
	for _, r := range res.Resources {
		t.Log(r.ID, r.Attributes)
	}
}
