package secrets

import (
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	d := New()
	tests := []struct {
		name, key, value, kind string
	}{
		{"aws access key", "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLQ", KindAWSAccessKey},
		{"aws secret key", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", KindAWSSecretKey},
		{"private key", "tls.key", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----", KindPrivateKey},
		{"github token", "GH", "ghp_" + strings.Repeat("a1B2", 9), KindGitHubToken},
		{"password by name", "DB_PASSWORD", "hunter2hunter2", KindPassword},
		{"token by name", "API_TOKEN", "0123456789abcdef0123", KindToken},
		{"url with password", "DATABASE_URL", "postgres://app:s3cr3tpw@db:5432/app", KindConnectionURL},
		{"placeholder", "DB_PASSWORD", "${DB_PASSWORD}", ""},
		{"file path", "PASSWORD_FILE", "/run/secrets/db", ""},
		{"empty", "DB_PASSWORD", "", ""},
		{"boolean", "REQUIRE_PASSWORD", "true", ""},
		{"name of secret", "SECRET_NAME", "my-secret-object", ""},
		{"plain value", "LOG_LEVEL", "debug", ""},
		{"short token", "TOKEN", "abc123", ""},
		{"prose", "password_help", "enter your password here please", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kind, ok := d.Detect(tt.key, tt.value)
			if ok != (tt.kind != "") || kind != tt.kind {
				t.Fatalf("Detect(%q, %q) = %q, %v; want %q", tt.key, tt.value, kind, ok, tt.kind)
			}
		})
	}
}

func TestRedactNeverLeaks(t *testing.T) {
	for _, v := range []string{"AKIAIOSFODNN7EXAMPLQ", "hunter2hunter2", "x"} {
		for _, kind := range []string{KindAWSAccessKey, KindPassword} {
			got := Redact(kind, v)
			if len(v) > 4 && strings.Contains(got, v[4:]) {
				t.Errorf("Redact(%q, %q) = %q leaks the value", kind, v, got)
			}
			if !strings.Contains(got, "REDACTED") {
				t.Errorf("Redact(%q, %q) = %q is not marked redacted", kind, v, got)
			}
		}
	}
}
