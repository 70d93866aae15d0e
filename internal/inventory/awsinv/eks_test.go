package awsinv

import "testing"

const (
	opsNodegroup    = "arn:aws:eks:us-east-1:111111111111:nodegroup/prod-eks/ops/2ec5b1a2-1111-4000-8000-000000000001"
	webNodegroup    = "arn:aws:eks:us-east-1:111111111111:nodegroup/prod-eks/web/2ec5b1a2-1111-4000-8000-000000000002"
	bastionNodegrp  = "arn:aws:eks:eu-west-1:222222222222:nodegroup/platform/bastion-ssh/3ec5b1a2-2222-4000-8000-000000000001"
	apiNodegroup    = "arn:aws:eks:eu-west-1:222222222222:nodegroup/platform/api/3ec5b1a2-2222-4000-8000-000000000002"
	nodegroupType   = "aws.eks.nodegroup"
	launchTemplates = "aws.ec2.launch_template"
)

func eksNodegroupRules() map[string][]string {
	return map[string][]string{
		"aws-eks-nodegroup-ssh-open": {opsNodegroup},
		"aws-eks-nodegroup-imdsv2":   {webNodegroup},
	}
}

// TestMisconfiguredEKSNodegroups reads both pages of node groups and
// judges the launch-template rule across types (node group → template).
func TestMisconfiguredEKSNodegroups(t *testing.T) {
	rs := scanTypes(t, "misconfigured", "111111111111", []string{"eks", "ec2"}, nodegroupType, launchTemplates)
	ops := mustGet(t, rs, opsNodegroup)
	if ops.Name != "ops" || attr(ops, "ssh_open_to_internet") != true || attr(ops, "remote_access", "ec2_ssh_key") != "ops-key" || ops.Labels["team"] != "platform" {
		t.Errorf("ops: %s %v %v", ops.Name, ops.Labels, ops.Attributes)
	}
	web := mustGet(t, rs, webNodegroup)
	if attr(web, "ssh_open_to_internet") != false || attr(web, "launch_template", "id") != "lt-0web0000000000001" || attr(web, "launch_template", "version") != "3" {
		t.Errorf("web: %v", web.Attributes)
	}
	got, _ := firedOn(t, rs)
	checkFired(t, got, eksNodegroupRules())
}

func TestHardenedEKSNodegroups(t *testing.T) {
	rs := scanTypes(t, "hardened", "222222222222", []string{"eks", "ec2"}, nodegroupType, launchTemplates)
	if b := mustGet(t, rs, bastionNodegrp); attr(b, "ssh_open_to_internet") != false {
		t.Errorf("bastion-ssh: %v", b.Attributes)
	}
	mustGet(t, rs, apiNodegroup)
	got, sev := firedOn(t, rs)
	checkQuiet(t, got, sev)
	for id := range eksNodegroupRules() {
		if len(got[id]) > 0 {
			t.Errorf("%s fires in the hardened scenario on %v", id, got[id])
		}
	}
}
