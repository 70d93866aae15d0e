package awsadapt

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
)

func TestCodeBuildProjects(t *testing.T) {
	insts := []cloudres.Instance{
		// Terraform blocks; the privileged mode and a log status known
		// only at apply.
		tf("aws_codebuild_project", "aws_codebuild_project.later", 1, props{"name": "later",
			"source":      items(props{"type": "BITBUCKET", "location": "https://bot:p4ss-w0rd-long@bitbucket.org/a/b.git"}),
			"environment": items(props{"privileged_mode": cloudres.Unknown{}, "environment_variable": items(props{"name": "X", "value": "y"})}),
			"logs_config": items(props{"cloudwatch_logs": items(props{"status": cloudres.Unknown{}})})}),
		// A source location from another resource is not a credential.
		tf("aws_codebuild_project", "aws_codebuild_project.ref", 10, props{"name": "ref",
			"source": items(props{"type": "CODECOMMIT", "location": refAt("aws_codecommit_repository.r", "clone_url_http")})}),
		cfnRes("AWS::CodeBuild::Project", "Cfn", 1, props{"Name": "cfn",
			"SecondaryArtifacts": items(props{"Type": "S3", "ArtifactIdentifier": "reports", "EncryptionDisabled": "true"}),
			"Environment":        props{"PrivilegedMode": "false", "EnvironmentVariables": items(props{"Name": "GITHUB_TOKEN", "Value": "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"})}}),
	}
	res, got := evaluate(t, insts)
	later := find(t, res, "later").Attributes
	if u := fmt.Sprint(later["unread"]); u != "[logging_enabled privileged_mode s3_logs_unencrypted]" {
		t.Errorf("later: unread %s", u)
	}
	if loc := fmt.Sprint(dig(later, "source", "location")); strings.Contains(loc, "p4ss") {
		t.Errorf("later: location %s", loc)
	}
	assertFires(t, got, "aws-codebuild-source-credentials", []string{"later"}, []string{"ref", "cfn"})
	assertFires(t, got, "aws-codebuild-artifact-encryption", []string{"cfn"}, []string{"later", "ref"})
	assertFires(t, got, "aws-codebuild-env-credentials", []string{"cfn"}, []string{"later", "ref"})
	assertFires(t, got, "aws-codebuild-privileged-mode", nil, []string{"later", "ref", "cfn"})
	assertFires(t, got, "aws-codebuild-logging", nil, []string{"later", "ref", "cfn"})
	if v := fmt.Sprint(dig(later, "environment", "environment_variables")); !strings.Contains(v, "name:X") {
		t.Errorf("later: Terraform's environment_variable blocks: %s", v)
	}
}

// dig follows keys through attribute maps.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}
