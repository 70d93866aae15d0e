package secrets

import (
	"regexp"
	"strings"
	"sync"
)

// Kinds of credential the detector recognises.
const (
	KindAWSAccessKey  = "aws_access_key_id"
	KindAWSSecretKey  = "aws_secret_access_key"
	KindPrivateKey    = "private_key"
	KindGitHubToken   = "github_token"
	KindGitLabToken   = "gitlab_token"
	KindSlackToken    = "slack_token"
	KindGoogleAPIKey  = "google_api_key"
	KindStripeKey     = "stripe_key"
	KindJWT           = "jwt"
	KindPassword      = "password"
	KindToken         = "token"
	KindConnectionURL = "url_with_password"
)

type valuePattern struct {
	kind string
	re   *regexp.Regexp
}

// Detector finds credentials. Its zero value is not usable; use New.
type Detector struct {
	patterns func() *patterns
}

// patterns are the detector's regular expressions.
type patterns struct {
	values     []valuePattern
	keyName    *regexp.Regexp
	tokenName  *regexp.Regexp
	awsSecret  *regexp.Regexp
	awsKeyName *regexp.Regexp
}

// compiled are the patterns every Detector shares, compiled on first
// use (a command that reads no object never compiles them).
var compiled = sync.OnceValue(compile)

// New returns a Detector; it is safe for concurrent use, and cheap: the
// patterns are compiled once per process.
func New() *Detector {
	return &Detector{patterns: compiled}
}

func compile() *patterns {
	return &patterns{
		values: []valuePattern{
			{KindPrivateKey, regexp.MustCompile(`-----BEGIN ((RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----`)},
			{KindAWSAccessKey, regexp.MustCompile(`\b(AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b`)},
			{KindGitHubToken, regexp.MustCompile(`\b(gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})\b`)},
			{KindGitLabToken, regexp.MustCompile(`\bglpat-[A-Za-z0-9_\-]{20,}\b`)},
			{KindSlackToken, regexp.MustCompile(`\bxox[abposr]-[A-Za-z0-9-]{10,}\b`)},
			{KindGoogleAPIKey, regexp.MustCompile(`\bAIza[0-9A-Za-z_\-]{35}\b`)},
			{KindStripeKey, regexp.MustCompile(`\b(sk|rk)_live_[0-9A-Za-z]{20,}\b`)},
			{KindJWT, regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`)},
			{KindConnectionURL, regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:[^/\s@]{3,}@[^\s]+`)},
		},
		keyName:    regexp.MustCompile(`(?i)(passw(or)?d|passwd|pwd|secret|private[_-]?key|client[_-]?secret|credential)`),
		tokenName:  regexp.MustCompile(`(?i)(token|api[_-]?key|apikey|access[_-]?key|auth[_-]?key)`),
		awsSecret:  regexp.MustCompile(`^[A-Za-z0-9/+=]{40}$`),
		awsKeyName: regexp.MustCompile(`(?i)aws.*secret|secret.*access.*key`),
	}
}

// Detect reports whether value, stored under key, is a credential and of
// which kind. Key-name heuristics only fire on values that look like
// literal secrets, not on references, placeholders or booleans.
func (d *Detector) Detect(key, value string) (string, bool) {
	if value == "" {
		return "", false
	}
	pats := d.patterns()
	for _, p := range pats.values {
		if p.re.MatchString(value) {
			return p.kind, true
		}
	}
	if pats.awsKeyName.MatchString(key) && pats.awsSecret.MatchString(strings.TrimSpace(value)) {
		return KindAWSSecretKey, true
	}
	if !literalSecret(value) {
		return "", false
	}
	if pats.keyName.MatchString(key) && !nonSecretKey(key) {
		return KindPassword, true
	}
	if pats.tokenName.MatchString(key) && !nonSecretKey(key) && len(value) >= 12 {
		return KindToken, true
	}
	return "", false
}

// nonSecretKey rejects key names that mention a secret without holding
// one: SECRET_NAME, PASSWORD_FILE, TOKEN_PATH, *_URL of a vault …
func nonSecretKey(key string) bool {
	k := strings.ToLower(key)
	for _, suffix := range []string{"_file", "_path", "_name", "_ref", "_dir", "_url", "_endpoint", "_ttl", "_length", "_policy", "_enabled", "_mode", "-file", "-path", "-name", ".file", ".path"} {
		if strings.HasSuffix(k, suffix) {
			return true
		}
	}
	return false
}

// literalSecret rejects placeholders, references and obvious non-secrets.
func literalSecret(v string) bool {
	v = strings.TrimSpace(v)
	if len(v) < 6 || len(v) > 4096 {
		return false
	}
	if strings.ContainsAny(v, " \n\t") && !strings.Contains(v, "://") {
		// prose, config files and commands: key-name heuristics do not apply
		return false
	}
	l := strings.ToLower(v)
	switch l {
	case "true", "false", "null", "none", "changeme", "change-me", "redacted", "example", "xxxxxx", "password", "secret":
		return false
	}
	for _, p := range []string{"${", "$(", "{{", "<", "/", "file:", "vault:", "arn:", "ref+", "secretref", "******"} {
		if strings.HasPrefix(l, p) {
			return false
		}
	}
	return true
}

// Redact returns a form of a secret that is safe to store and print: the
// first four characters of short structured keys (AKIA…) survive so a
// reader can find the key, everything else is masked.
func Redact(kind, value string) string {
	keep := 0
	switch kind {
	case KindAWSAccessKey, KindGitHubToken, KindGitLabToken, KindSlackToken, KindGoogleAPIKey, KindStripeKey:
		keep = 4
	}
	if keep > len(value) {
		keep = 0
	}
	return value[:keep] + "****[REDACTED]"
}
