package awsmodel

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/vigil-cspm/vigil/internal/secrets"
)

func TestRedactVariables(t *testing.T) {
	d := secrets.New()
	vars := map[string]string{
		"AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE",
		"DB_PASSWORD":       "hunter2-Sup3rS3cret",
		"DB_PASSWORD_NAME":  "prod/db",
		"LOG_LEVEL":         "debug",
	}
	out, creds := RedactVariables(d, vars)
	if out["LOG_LEVEL"] != "debug" || out["DB_PASSWORD_NAME"] != "prod/db" {
		t.Errorf("non-secrets changed: %v", out)
	}
	if len(creds) != 2 || creds[0].Key != "AWS_ACCESS_KEY_ID" || creds[1].Key != "DB_PASSWORD" || creds[1].Kind != secrets.KindPassword {
		t.Errorf("credentials %+v", creds)
	}
	if vars["DB_PASSWORD"] != "hunter2-Sup3rS3cret" {
		t.Error("the input map was modified")
	}
	b, _ := json.Marshal([]any{out, creds})
	for _, s := range []string{"AKIAIOSFODNN7EXAMPLE", "hunter2-Sup3rS3cret"} {
		if strings.Contains(string(b), s) {
			t.Errorf("%s leaked: %s", s, b)
		}
	}
	if o, c := RedactVariables(d, nil); o != nil || c != nil {
		t.Errorf("nil map: %v %v", o, c)
	}
}

func TestNewLambdaFunction(t *testing.T) {
	cfg := lambdatypes.FunctionConfiguration{
		Runtime:     lambdatypes.RuntimePython37,
		Environment: &lambdatypes.EnvironmentResponse{Variables: map[string]string{"API_TOKEN": "ghp_0123456789abcdefghijABCDEFGHIJ012345"}},
	}
	f := NewLambdaFunction(cfg, secrets.New(), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if !f.RuntimeDeprecated || f.RuntimeDeprecationDate != "2023-12-04" {
		t.Errorf("python3.7: deprecated %v %q", f.RuntimeDeprecated, f.RuntimeDeprecationDate)
	}
	if cfg.Environment.Variables["API_TOKEN"] == f.Environment.Variables["API_TOKEN"] || len(f.Credentials) != 1 {
		t.Errorf("token not redacted: %v %v", f.Environment.Variables, f.Credentials)
	}
	g := NewLambdaFunction(lambdatypes.FunctionConfiguration{Runtime: lambdatypes.RuntimePython39}, secrets.New(), time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
	if g.RuntimeDeprecated || g.RuntimeDeprecationDate == "" {
		t.Errorf("python3.9 before its date: deprecated %v date %q", g.RuntimeDeprecated, g.RuntimeDeprecationDate)
	}
}

// FuzzRedactVariables: whatever the detector takes for a secret never
// appears in what is kept.
func FuzzRedactVariables(f *testing.F) {
	f.Add("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
	f.Add("DB_PASSWORD", "hunter2-Sup3rS3cret")
	f.Add("DATABASE_URL", "postgres://app:s3cr3tpw@db.internal:5432/app")
	f.Add("LOG_LEVEL", "debug")
	f.Add("K", "")
	d := secrets.New()
	f.Fuzz(func(t *testing.T, key, value string) {
		out, creds := RedactVariables(d, map[string]string{key: value})
		if _, secret := d.Detect(key, value); !secret {
			if out[key] != value || len(creds) != 0 {
				t.Fatalf("non-secret %q=%q changed: %q %v", key, value, out[key], creds)
			}
			return
		}
		if len(value) > 4 && (strings.Contains(out[key], value) || strings.Contains(creds[0].Redacted, value)) {
			t.Fatalf("secret %q kept: %q", value, out[key])
		}
		if len(creds) != 1 || creds[0].Key != key || out[key] != creds[0].Redacted {
			t.Fatalf("credentials %v for %q", creds, key)
		}
	})
}
