package model

import "testing"

func TestShortID(t *testing.T) {
	for id, want := range map[string]string{
		"k8s://prod/shop/apps/Deployment/web":                "Deployment/web",
		"arn:aws:iam::111122223333:role/admin":               "role/admin",
		"arn:aws:ec2:us-east-1:111122223333:instance/i-0abc": "instance/i-0abc",
		"iac:main.tf#aws_security_group.web":                 "aws_security_group.web",
		"internet":                                           "internet",
		"arn:aws:s3:::bucket-name":                           "bucket-name",
	} {
		if got := ShortID(id); got != want {
			t.Errorf("ShortID(%q) = %q, want %q", id, got, want)
		}
	}
}
