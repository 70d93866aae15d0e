package awsinv

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func TestMisconfiguredCodeBuild(t *testing.T) {
	rs := scanServices(t, "misconfigured", "111111111111")
	const arn = "arn:aws:codebuild:us-east-1:111111111111:project/"
	legacy := mustGet(t, rs, arn+"build-legacy").Attributes
	if legacy["privileged_mode"] != true || legacy["logging_enabled"] != false || fmt.Sprint(legacy["credentialed_sources"]) != "[primary]" {
		t.Errorf("build-legacy: %v", legacy)
	}
	creds, _ := legacy["credentials"].([]any)
	if len(creds) != 2 || dig(creds[0], "key") != "AWS_ACCESS_KEY_ID" || dig(creds[1], "key") != "AWS_SECRET_ACCESS_KEY" {
		t.Errorf("build-legacy credentials: %v", creds)
	}
	if loc, _ := dig(legacy, "source.location").(string); !strings.HasPrefix(loc, "https://ci-bot:") || !strings.HasSuffix(loc, "@bitbucket.org/acme/legacy.git") {
		t.Errorf("build-legacy location %q", loc)
	}
	docker := mustGet(t, rs, arn+"docker-images").Attributes
	if docker["s3_logs_unencrypted"] != true || fmt.Sprint(docker["unencrypted_artifacts"]) != "[primary]" ||
		fmt.Sprint(docker["credentialed_sources"]) != "[base_images]" || docker["logging_enabled"] != true {
		t.Errorf("docker-images: %v", docker)
	}
	deploy := mustGet(t, rs, arn+"deploy").Attributes
	if deploy["credentials"] != nil || deploy["privileged_mode"] != false || deploy["credentialed_sources"] != nil {
		t.Errorf("deploy: %v", deploy)
	}
	b, _ := json.Marshal(rs)
	for _, secret := range []string{"hunter2-Sup3rS3cret", "ghp_0123456789", "AKIAIOSFODNN7EXAMPLE", "EXAMPLEKEY"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("%s leaked into the collected resources", secret)
		}
	}
}

func TestHardenedCodeBuild(t *testing.T) {
	rs := scanServices(t, "hardened", "222222222222")
	p := mustGet(t, rs, "arn:aws:codebuild:us-east-1:222222222222:project/api-build").Attributes
	if p["privileged_mode"] != false || p["logging_enabled"] != true || p["s3_logs_unencrypted"] != false ||
		p["unencrypted_artifacts"] != nil || p["credentials"] != nil || p["credentialed_sources"] != nil {
		t.Errorf("api-build: %v", p)
	}
}
