package awsmodel

import (
	"net/url"
	"strings"

	cbtypes "github.com/aws/aws-sdk-go-v2/service/codebuild/types"

	"github.com/vigil-cspm/vigil/internal/secrets"
)

// TypeCodeBuildProject is a CodeBuild build project.
const TypeCodeBuildProject = "aws.codebuild.project"

func codebuildTypes() []Type {
	return []Type{typeOf[CodeBuildProject](TypeCodeBuildProject, "AWS::CodeBuild::Project", false)}
}

// CodeBuildProject is aws.codebuild.project: BatchGetProjects' entry
// for one project. Plain-text environment values that hold credentials
// and credentials written in source URLs are redacted.
type CodeBuildProject struct {
	Arn                *string
	Name               *string
	Description        *string
	Source             *cbtypes.ProjectSource
	SecondarySources   []cbtypes.ProjectSource
	Artifacts          *cbtypes.ProjectArtifacts
	SecondaryArtifacts []cbtypes.ProjectArtifacts
	Environment        *cbtypes.ProjectEnvironment
	LogsConfig         *cbtypes.LogsConfig
	EncryptionKey      *string
	ServiceRole        *string
	VpcConfig          *cbtypes.VpcConfig
	ProjectVisibility  cbtypes.ProjectVisibilityType
	TimeoutInMinutes   *int32
	// Credentials are the plain-text environment variables that hold a
	// secret; their values in environment are redacted the same way.
	Credentials []Credential
	// CredentialedSources name the sources whose repository URL carries
	// a password or token ("primary", or a secondary source's
	// identifier); the URLs are redacted.
	CredentialedSources []string
	// PrivilegedMode: builds may run the Docker daemon, with root on the
	// build host.
	PrivilegedMode bool
	// LoggingEnabled: CloudWatch Logs (on unless disabled) or S3 logs
	// receive the build logs.
	LoggingEnabled bool
	// S3LogsUnencrypted: S3 logs are on with encryption disabled.
	S3LogsUnencrypted bool `attr:"s3_logs_unencrypted"`
	// UnencryptedArtifacts name the S3 artifacts whose encryption is
	// disabled ("primary", or a secondary artifact's identifier).
	UnencryptedArtifacts []string
}

// NewCodeBuildProject builds a project, redacting the plain-text
// environment and the source URLs. The project passed in is not
// modified.
func NewCodeBuildProject(p cbtypes.Project, d *secrets.Detector) CodeBuildProject {
	out := CodeBuildProject{
		Arn: p.Arn, Name: p.Name, Description: p.Description, Artifacts: p.Artifacts, SecondaryArtifacts: p.SecondaryArtifacts,
		LogsConfig: p.LogsConfig, EncryptionKey: p.EncryptionKey, ServiceRole: p.ServiceRole, VpcConfig: p.VpcConfig,
		ProjectVisibility: p.ProjectVisibility, TimeoutInMinutes: p.TimeoutInMinutes,
	}
	if p.Source != nil {
		src := *p.Source
		if redactSource(&src, d) {
			out.CredentialedSources = append(out.CredentialedSources, "primary")
		}
		out.Source = &src
	}
	for _, s := range p.SecondarySources {
		if redactSource(&s, d) {
			id := "secondary"
			if s.SourceIdentifier != nil {
				id = *s.SourceIdentifier
			}
			out.CredentialedSources = append(out.CredentialedSources, id)
		}
		out.SecondarySources = append(out.SecondarySources, s)
	}
	if p.Environment != nil {
		env := *p.Environment
		env.EnvironmentVariables = nil
		for _, v := range p.Environment.EnvironmentVariables {
			if v.Name != nil && v.Value != nil && (v.Type == "" || v.Type == cbtypes.EnvironmentVariableTypePlaintext) {
				if kind, ok := d.Detect(*v.Name, *v.Value); ok {
					red := secrets.Redact(kind, *v.Value)
					out.Credentials = append(out.Credentials, Credential{Key: *v.Name, Kind: kind, Redacted: red})
					v.Value = &red
				}
			}
			env.EnvironmentVariables = append(env.EnvironmentVariables, v)
		}
		out.Environment = &env
	}
	return out
}

// redactSource replaces credentials in a source's repository URL (a
// password, or a user name the detector takes for a token) and reports
// whether it found any.
func redactSource(s *cbtypes.ProjectSource, d *secrets.Detector) bool {
	if s.Location == nil {
		return false
	}
	red, ok := RedactURLCredentials(*s.Location, d)
	if ok {
		s.Location = &red
	}
	return ok
}

// RedactURLCredentials returns rawURL with the credentials of its user
// information redacted, and whether it had any: a password, or a user
// name that is itself a token (https://<token>@github.com/...). A plain
// user name (https://alice@bitbucket.org/...) is not a credential.
func RedactURLCredentials(rawURL string, d *secrets.Detector) (string, bool) {
	u, err := url.Parse(rawURL)
	if err != nil || u.User == nil {
		return rawURL, false
	}
	user := u.User.Username()
	_, hasPassword := u.User.Password()
	_, tokenUser := d.Detect("token", user)
	if !hasPassword && !tokenUser {
		return rawURL, false
	}
	name := user
	if tokenUser {
		name = "****"
	}
	// The user information ends at the authority's last "@".
	start := strings.Index(rawURL, "://")
	if start < 0 {
		return u.Scheme + "://[REDACTED]@" + u.Host + u.EscapedPath(), true
	}
	start += 3
	authority := rawURL[start:]
	if end := strings.IndexAny(authority, "/?#"); end >= 0 {
		authority = authority[:end]
	}
	at := strings.LastIndex(authority, "@")
	if at < 0 {
		return u.Scheme + "://[REDACTED]@" + u.Host + u.EscapedPath(), true
	}
	rest := rawURL[start+at:]
	if hasPassword {
		return rawURL[:start] + name + ":****[REDACTED]" + rest, true
	}
	return rawURL[:start] + name + "[REDACTED]" + rest, true
}

// Derive computes the privilege, logging and encryption fields.
func (p *CodeBuildProject) Derive() {
	p.PrivilegedMode = p.Environment != nil && p.Environment.PrivilegedMode != nil && *p.Environment.PrivilegedMode
	cloudWatch, s3 := true, false
	p.S3LogsUnencrypted = false
	if l := p.LogsConfig; l != nil {
		if l.CloudWatchLogs != nil && l.CloudWatchLogs.Status == cbtypes.LogsConfigStatusTypeDisabled {
			cloudWatch = false
		}
		if l.S3Logs != nil && l.S3Logs.Status == cbtypes.LogsConfigStatusTypeEnabled {
			s3 = true
			p.S3LogsUnencrypted = l.S3Logs.EncryptionDisabled != nil && *l.S3Logs.EncryptionDisabled
		}
	}
	p.LoggingEnabled = cloudWatch || s3
	p.UnencryptedArtifacts = nil
	unencrypted := func(a cbtypes.ProjectArtifacts, id string) {
		if a.Type == cbtypes.ArtifactsTypeS3 && a.EncryptionDisabled != nil && *a.EncryptionDisabled {
			if a.ArtifactIdentifier != nil {
				id = *a.ArtifactIdentifier
			}
			p.UnencryptedArtifacts = append(p.UnencryptedArtifacts, id)
		}
	}
	if p.Artifacts != nil {
		unencrypted(*p.Artifacts, "primary")
	}
	for _, a := range p.SecondaryArtifacts {
		unencrypted(a, "secondary")
	}
}
