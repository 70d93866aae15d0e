package iac_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-cspm/vigil/internal/iac"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
)

// TestSAMExceptions: resources the SAM transform generates are located
// at the SAM source, so vigil:ignore comments there apply to them — above
// the function for its generated role, above the event for the implicit
// API it creates, above the property for the function URL.
func TestSAMExceptions(t *testing.T) {
	lib := scantest.Library(t)
	file := filepath.Join(t.TempDir(), "template.yaml")
	src := `Transform: AWS::Serverless-2016-10-31
Globals:
  Function: {Runtime: python3.12, CodeUri: s3://artifacts/app.zip}
Resources:
  # vigil:ignore aws-iam-wildcard-pass-role deploys only our own functions (SEC-7)
  DeployHook:
    Type: AWS::Serverless::Function
    Properties:
      Handler: deploy.hook
      Policies:
        - Statement:
            - {Effect: Allow, Action: "iam:PassRole", Resource: "*"}
      Events:
        # vigil:ignore aws-apigateway-access-logging health check only
        Health:
          Type: Api
          Properties: {Path: /health, Method: get}
  Export:
    Type: AWS::Serverless::Function
    Properties:
      Handler: export.handler
      # vigil:ignore aws-lambda-url-no-auth public download link, rate limited
      FunctionUrlConfig: {AuthType: NONE}
`
	if err := os.WriteFile(file, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	fs, res := scanIaC(t, lib, file, iac.CloudOptions{})
	if len(res.Errors) > 0 {
		t.Fatalf("problems %v", res.Errors)
	}
	want := map[string]string{
		"aws-iam-wildcard-pass-role DeployHookRole":            model.StatusExcepted,
		"aws-apigateway-access-logging ServerlessRestApi/Prod": model.StatusExcepted,
		"aws-lambda-url-no-auth Export":                        model.StatusExcepted,
		"aws-lambda-public-policy Export":                      model.StatusOpen, // not the rule excepted
	}
	got := map[string]string{}
	for _, f := range fs {
		got[f.RuleID+" "+f.Resource.Name] = f.Status
	}
	for k, st := range want {
		if got[k] != st {
			t.Errorf("%s: status %q, want %q (findings %v)", k, got[k], st, got)
		}
	}
}
