package awsmodel

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	cbtypes "github.com/aws/aws-sdk-go-v2/service/codebuild/types"

	"github.com/vigil-cspm/vigil/internal/secrets"
)

func TestCodeBuildProjectDerive(t *testing.T) {
	s3Logs := func(status cbtypes.LogsConfigStatusType, noEnc bool) *cbtypes.LogsConfig {
		return &cbtypes.LogsConfig{CloudWatchLogs: &cbtypes.CloudWatchLogsConfig{Status: cbtypes.LogsConfigStatusTypeDisabled},
			S3Logs: &cbtypes.S3LogsConfig{Status: status, EncryptionDisabled: aws.Bool(noEnc)}}
	}
	for _, c := range []struct {
		name string
		p    CodeBuildProject
		want string // privileged, logging, s3 logs unencrypted, unencrypted artifacts
	}{
		{"nothing set: CloudWatch logs by default", CodeBuildProject{}, "false true false []"},
		{"no logs", CodeBuildProject{LogsConfig: s3Logs(cbtypes.LogsConfigStatusTypeDisabled, true)}, "false false false []"},
		{"unencrypted S3 logs", CodeBuildProject{LogsConfig: s3Logs(cbtypes.LogsConfigStatusTypeEnabled, true)}, "false true true []"},
		{"privileged, unencrypted artifacts", CodeBuildProject{
			Environment: &cbtypes.ProjectEnvironment{PrivilegedMode: aws.Bool(true)},
			Artifacts:   &cbtypes.ProjectArtifacts{Type: cbtypes.ArtifactsTypeS3, EncryptionDisabled: aws.Bool(true)},
			SecondaryArtifacts: []cbtypes.ProjectArtifacts{{Type: cbtypes.ArtifactsTypeS3, ArtifactIdentifier: aws.String("reports"), EncryptionDisabled: aws.Bool(true)},
				{Type: cbtypes.ArtifactsTypeNoArtifacts, EncryptionDisabled: aws.Bool(true)}}},
			"true true false [primary reports]"},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.p.Derive()
			if got := fmt.Sprint(c.p.PrivilegedMode, c.p.LoggingEnabled, c.p.S3LogsUnencrypted, c.p.UnencryptedArtifacts); got != c.want {
				t.Errorf("got %s, want %s", got, c.want)
			}
		})
	}
}

func TestNewCodeBuildProjectRedacts(t *testing.T) {
	p := cbtypes.Project{
		Source: &cbtypes.ProjectSource{Type: cbtypes.SourceTypeBitbucket, Location: aws.String("https://alice:hunter2-Sup3rS3cret@bitbucket.org/acme/app.git")},
		SecondarySources: []cbtypes.ProjectSource{
			{SourceIdentifier: aws.String("lib"), Location: aws.String("https://alice@bitbucket.org/acme/lib.git")},
			{SourceIdentifier: aws.String("tools"), Location: aws.String("https://ghp_0123456789abcdefghijklmnopqrstuvwxyzAB@github.com/acme/tools.git")},
		},
		Environment: &cbtypes.ProjectEnvironment{EnvironmentVariables: []cbtypes.EnvironmentVariable{
			{Name: aws.String("AWS_SECRET_ACCESS_KEY"), Value: aws.String("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")},
			{Name: aws.String("DB_PASSWORD"), Value: aws.String("/prod/db/password"), Type: cbtypes.EnvironmentVariableTypeParameterStore},
			{Name: aws.String("STAGE"), Value: aws.String("prod"), Type: cbtypes.EnvironmentVariableTypePlaintext},
		}},
	}
	got := NewCodeBuildProject(p, secrets.New())
	if fmt.Sprint(got.CredentialedSources) != "[primary tools]" {
		t.Errorf("credentialed sources %v", got.CredentialedSources)
	}
	all := fmt.Sprint(*got.Source.Location, *got.SecondarySources[0].Location, *got.SecondarySources[1].Location)
	for _, leak := range []string{"hunter2", "ghp_0123", "EXAMPLEKEY"} {
		if strings.Contains(all+fmt.Sprint(got.Environment.EnvironmentVariables[0].Value), leak) {
			t.Errorf("%s leaked: %s", leak, all)
		}
	}
	if !strings.Contains(all, "alice@bitbucket.org/acme/lib.git") || !strings.Contains(all, "bitbucket.org/acme/app.git") {
		t.Errorf("locations lost their repository: %s", all)
	}
	if len(got.Credentials) != 1 || got.Credentials[0].Key != "AWS_SECRET_ACCESS_KEY" || *got.Environment.EnvironmentVariables[2].Value != "prod" {
		t.Errorf("credentials %+v", got.Credentials)
	}
	if *p.Source.Location != "https://alice:hunter2-Sup3rS3cret@bitbucket.org/acme/app.git" {
		t.Errorf("the project passed in was modified")
	}
}

// FuzzRedactURLCredentials: a source location is whatever the project's
// owner typed; redaction never panics and never keeps a password.
func FuzzRedactURLCredentials(f *testing.F) {
	for _, s := range []string{"https://a:b@bitbucket.org/x.git", "https://alice@bitbucket.org/x", "git@github.com:a/b.git",
		"https://ghp_0123456789abcdefghijklmnopqrstuvwxyzAB@github.com/a", "%zz", "s3://bucket/key", "https://a:b@c@d/e"} {
		f.Add(s)
	}
	d := secrets.New()
	f.Fuzz(func(t *testing.T, raw string) {
		got, ok := RedactURLCredentials(raw, d)
		u, err := url.Parse(raw)
		if err != nil || u.User == nil {
			if ok || got != raw {
				t.Fatalf("%q: redacted to %q without credentials", raw, got)
			}
			return
		}
		if pw, has := u.User.Password(); has {
			if !ok {
				t.Fatalf("%q: password not found", raw)
			}
			if len(pw) > 3 && strings.Contains(got, pw) && !strings.Contains(raw[strings.LastIndex(raw, "@"):], pw) {
				t.Fatalf("%q: password %q kept in %q", raw, pw, got)
			}
		}
	})
}
