package awsadapt

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"

	"github.com/vigil-cspm/vigil/internal/awsmodel"
	"github.com/vigil-cspm/vigil/internal/iac/cloudres"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// writtenSecret returns, redacted as model attribute attr, the secret an
// argument holds when the configuration writes it: a literal, or a
// variable or parameter default written in the files. An argument that
// is absent, known only after apply, given at scan time (--var,
// --cfn-param) or a dynamic reference resolved at deployment
// ({{resolve:secretsmanager:…}}) writes none. kind is the credential's
// kind, or "" to let the detector judge the value under its name (an
// access key id must look like one). Plans and state files hold the
// value wherever it came from, so they write none.
func writtenSecret(ix *Index, b *builder, path, attr, name, kind string) []awsmodel.Credential {
	if b.in.Source != cloudres.Terraform && b.in.Source != cloudres.CloudFormation {
		return nil
	}
	v, _ := b.in.Get(path)
	s, ok := v.(string)
	if !ok || s == "" || b.in.IsSupplied(path) || strings.HasPrefix(strings.TrimSpace(s), "{{resolve:") {
		return nil
	}
	if kind == "" {
		if kind, ok = ix.secrets().Detect(name, s); !ok {
			return nil
		}
	}
	b.locateFirst(attr, path)
	return []awsmodel.Credential{{Key: path, Kind: kind, Redacted: secrets.Redact(kind, s)}}
}

// textCredentials returns the credentials in the text at path (a
// script), located as model attribute attr: the text as written, or its
// known parts when a part is known only after apply (Instance.Partial).
// encoded: the text is base64 (CloudFormation UserData, Terraform
// user_data_base64); a text that does not decode holds none.
func textCredentials(ix *Index, b *builder, path, attr string, encoded bool) []awsmodel.Credential {
	v, _ := b.in.Get(path)
	s, ok := v.(string)
	if !ok {
		if !cloudres.IsUnknown(v) {
			return nil
		}
		if s, ok = b.in.Partial[path]; !ok {
			return nil
		}
	}
	if encoded {
		dec, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
		if err != nil || !utf8.Valid(dec) {
			return nil
		}
		s = string(dec)
	}
	creds := awsmodel.TextCredentials(ix.secrets(), s)
	if len(creds) > 0 {
		b.locateFirst(attr, path)
	}
	return creds
}
