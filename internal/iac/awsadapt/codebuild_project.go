package awsadapt

import (
	"maps"

	"github.com/aws/aws-sdk-go-v2/aws"
	cbtypes "github.com/aws/aws-sdk-go-v2/service/codebuild/types"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
)

// codebuildProject reads a CodeBuild project: its sources, artifacts,
// environment and logs configuration. Omitted: the API's defaults, which
// the provider and CloudFormation leave to it (no privileged mode,
// CloudWatch logs on, S3 logs off, encrypted S3 logs and artifacts,
// plain-text environment variables). Credentials in plain-text variables
// and source URLs are redacted as the collector does.
func codebuildProject(ix *Index, b *builder) (string, any) {
	in := b.in
	name := labelOr(in, spell(in, "name", "Name"))
	p := cbtypes.Project{Name: aws.String(name)}
	if arn := knownStr(in, "arn"); arn != "" {
		p.Arn = &arn
	}
	if s, ok := b.strOrRef(spell(in, "service_role", "ServiceRole"), ""); ok {
		p.ServiceRole = &s
	}
	if s, ok := presentStr(b, spell(in, "encryption_key", "EncryptionKey"), ""); ok {
		p.EncryptionKey = &s
	}
	sources := map[string][]string{"location": {"credentialed_sources"}}
	codebuildSection(b, spell(in, "source", "Source"), &p.Source, sources)
	codebuildSection(b, spell(in, "secondary_sources", "SecondarySources"), &p.SecondarySources, sources)
	artifacts := map[string][]string{"type": {"unencrypted_artifacts"}, "encryption_disabled": {"unencrypted_artifacts"}}
	codebuildSection(b, spell(in, "artifacts", "Artifacts"), &p.Artifacts, artifacts)
	codebuildSection(b, spell(in, "secondary_artifacts", "SecondaryArtifacts"), &p.SecondaryArtifacts, artifacts)
	codebuildSection(b, spell(in, "environment", "Environment"), &p.Environment, map[string][]string{
		"privileged_mode": {"privileged_mode"}, "type": {"credentials"}})
	codebuildSection(b, spell(in, "logs_config", "LogsConfig"), &p.LogsConfig, map[string][]string{
		"status": {"logging_enabled", "s3_logs_unencrypted"}, "encryption_disabled": {"s3_logs_unencrypted"}})
	return name, awsmodel.NewCodeBuildProject(p, ix.secrets())
}

// codebuildSection decodes one part of a project (a Terraform block or
// a CloudFormation property) into dst. fields maps a field known only
// at apply to the attributes it leaves unread; a part that does not fit
// the API's shape leaves all of them unread.
func codebuildSection(b *builder, path string, dst any, fields map[string][]string) {
	v, ok := b.in.Get(path)
	if !ok || v == nil {
		return
	}
	v = renameTerraformKey(v, "environment_variable", "environment_variables")
	attrs := map[string]bool{}
	for _, as := range fields {
		for _, a := range as {
			attrs[a] = true
			b.locateFirst(a, path)
		}
	}
	if !decodeSDK(v, dst, func(field string) {
		for _, a := range fields[field] {
			b.unknown(a)
		}
	}) {
		for a := range attrs {
			b.unknown(a)
		}
	}
}

// renameTerraformKey renames a key of a Terraform block (a one-element
// list of a map): Terraform names a repeated block in the singular
// (environment_variable) where the API has a list (environmentVariables).
func renameTerraformKey(v any, from, to string) any {
	l, ok := v.([]any)
	if !ok || len(l) != 1 {
		return v
	}
	m, ok := l[0].(map[string]any)
	if !ok {
		return v
	}
	e, ok := m[from]
	if !ok {
		return v
	}
	m = maps.Clone(m)
	delete(m, from)
	m[to] = e
	return []any{m}
}
