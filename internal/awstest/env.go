package awstest

import "path/filepath"

// Setenver is testing.TB's Setenv.
type Setenver interface {
	Setenv(key, value string)
	TempDir() string
}

// Env points the SDK's default configuration chain at the server with
// static credentials of the scenario's first account, and away from the
// user's own AWS files and instance metadata.
func (s *Server) Env(t Setenver) {
	for k, v := range s.Vars() {
		t.Setenv(k, v)
	}
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
}

// Vars are the environment variables that point the SDK at the server.
func (s *Server) Vars() map[string]string {
	return map[string]string{
		"AWS_ENDPOINT_URL":          s.URL,
		"AWS_ACCESS_KEY_ID":         AccessKeyFor(s.sc.Accounts[0].ID),
		"AWS_SECRET_ACCESS_KEY":     "replay-secret",
		"AWS_SESSION_TOKEN":         "",
		"AWS_REGION":                "us-east-1",
		"AWS_PROFILE":               "",
		"AWS_EC2_METADATA_DISABLED": "true",
	}
}
