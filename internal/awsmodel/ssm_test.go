package awsmodel

import "testing"

func TestSSMDerive(t *testing.T) {
	for _, c := range []struct {
		with []string
		want bool
	}{{nil, false}, {[]string{"111111111111"}, false}, {[]string{"all"}, true}, {[]string{"222222222222", "All"}, true}} {
		d := SSMDocument{SharedWith: c.with}
		d.Derive()
		if d.Public != c.want {
			t.Errorf("shared with %v: public %v, want %v", c.with, d.Public, c.want)
		}
	}
	s := SSMRegionalSettings{PublicSharingPermission: "Enable", AutomationLogDestination: "CloudWatch", ManagedInstanceIDs: []string{"i-2", "i-1", "i-2"}}
	s.Derive()
	if s.PublicSharingBlocked || !s.AutomationLogsToCloudWatch || len(s.ManagedInstanceIDs) != 2 || s.ManagedInstanceIDs[0] != "i-1" {
		t.Errorf("settings: %+v", s)
	}
	s = SSMRegionalSettings{PublicSharingPermission: "Disable", AutomationLogDestination: "None"}
	s.Derive()
	if !s.PublicSharingBlocked || s.AutomationLogsToCloudWatch {
		t.Errorf("settings: %+v", s)
	}
}
