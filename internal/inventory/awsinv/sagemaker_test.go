package awsinv

import "testing"

const (
	researchNotebook    = "arn:aws:sagemaker:us-east-1:111111111111:notebook-instance/research"
	forecastingNotebook = "arn:aws:sagemaker:us-east-1:111111111111:notebook-instance/forecasting"
	analyticsNotebook   = "arn:aws:sagemaker:eu-west-1:222222222222:notebook-instance/analytics"
)

func sagemakerRules() map[string][]string {
	return map[string][]string{
		"aws-sagemaker-notebook-internet-access": {forecastingNotebook, researchNotebook},
		"aws-sagemaker-notebook-vpc":             {researchNotebook},
		"aws-sagemaker-notebook-root-access":     {researchNotebook},
	}
}

func TestMisconfiguredSageMaker(t *testing.T) {
	rs := scanTypes(t, "misconfigured", "111111111111", []string{"sagemaker"}, "aws.sagemaker.notebook_instance")
	if len(rs) != 2 {
		t.Errorf("%d notebook instances, want 2 (both pages)", len(rs))
	}
	r := mustGet(t, rs, researchNotebook)
	if attr(r, "direct_internet_access_enabled") != true || attr(r, "in_vpc") != false || attr(r, "root_access_enabled") != true || attr(r, "url") != nil {
		t.Errorf("research: %v", r.Attributes)
	}
	f := mustGet(t, rs, forecastingNotebook)
	if attr(f, "in_vpc") != true || attr(f, "root_access_enabled") != false || attr(f, "subnet_id") != "subnet-0private00000001" {
		t.Errorf("forecasting: %v", f.Attributes)
	}
	got, _ := firedOn(t, rs)
	checkFired(t, got, sagemakerRules())
}

func TestHardenedSageMaker(t *testing.T) {
	rs := scanTypes(t, "hardened", "222222222222", []string{"sagemaker"}, "aws.sagemaker.notebook_instance")
	a := mustGet(t, rs, analyticsNotebook)
	if attr(a, "direct_internet_access_enabled") != false || attr(a, "in_vpc") != true || attr(a, "root_access_enabled") != false {
		t.Errorf("analytics: %v", a.Attributes)
	}
	got, sev := firedOn(t, rs)
	checkQuiet(t, got, sev)
	for id := range sagemakerRules() {
		if len(got[id]) > 0 {
			t.Errorf("%s fires in the hardened scenario on %v", id, got[id])
		}
	}
}
