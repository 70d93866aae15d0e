package config

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad: Parse never panics, reports every mistake as *Errors with a
// message, and what Marshal prints of a configuration it accepts reads
// back to the same configuration.
func FuzzLoad(f *testing.F) {
	for _, file := range []string{filepath.Join("..", "..", "examples", "vigil.yaml"), filepath.Join("testdata", "serve.yaml")} {
		if ex, err := os.ReadFile(file); err == nil {
			f.Add(ex)
		}
	}
	for _, s := range []string{
		"version: 1\n",
		"version: 1\nexceptions: {max_ttl: 1w2d, require_expiry: true}\n",
		"version: 1\ndue_dates: {critical: 1d, info: none}\n",
		"version: 1\nowners: {tag_keys: &k [a], map: [{match: {path_prefix: a/*}, owner: b}]}\ncriticality: {tag_keys: *k}\n",
		"version: 1\nrules: {parameters: {admin_ports: [22]}, overrides: [{match: {cluster: c}, parameters: {allowed_image_registries: [x.io]}}]}\n",
		"version: 1\nstore: {dsn: {file: ./dsn}}\n",
		"version: 1\ninventory: {accounts: [\"012345678901\", 111111111111], organizations: [o-abcdefghij], clusters: [prod, \"\"]}\n",
		"version: 1\nserve: {listen: \":8080\", public_url: \"https://v.example.com\", tls: {cert_file: c, key_file: k}, retention: {history: 2w, audit_period: 1w}}\n",
		"version: 1\nserve:\n  connectors:\n    - {name: a, aws: {account: \"111122223333\", role_arn: \"arn:aws:iam::111122223333:role/R\", external_id: {env: X}, regions: [all]}, schedule: {every: 1h, jitter: 5m}}\n    - {name: b, aws: {organization: o-a1b2c3d4e5, role_name: R, regions: [eu-west-1]}, schedule: {cron: \"*/15 * * * 1-5\"}}\n    - {name: c, kubernetes: {in_cluster: true, cluster_name: x}, schedule: {cron: \"0 0 29 2 *\", jitter: 1d}}\n",
		"version: 1\nserve:\n  channels:\n    s: {slack: {webhook_url: {env: S}}, rate_limit: 10/1m}\n    m: {email: {smtp_host: h, from: a@b.c, to: [d@e.f], username: u, password: {file: p}, starttls: false}}\n    j: {jira: {base_url: \"https://x.atlassian.net\", project: SEC, email: a@b.c, token: {env: J}}}\n  routes:\n    - {match: {min_risk: 80, rules: [aws-*], toxic: true}, action: page, channel: s}\n    - {action: ticket, channel: j}\n    - {match: {owners: [a]}, action: digest, channel: m, digest_every: 1w}\n",
		"version: 1\nserve:\n  auth:\n    tokens: [{name: a, role: viewer, scope: {namespaces: [x-*]}, sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08}]\n    oidc: {issuer: \"https://l.example.com\", client_id: v, client_secret: {env: S}, redirect_url: \"http://127.0.0.1:8080/cb\", groups: {\"Sec Team\": {role: admin}}}\n    session_ttl: 1h\n",
		"version: 2\n",
		"- a\n",
		"version: 1\n---\n",
		"{version: 1, x: [*a]}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse("vigil.yaml", data)
		if err != nil {
			var errs *Errors
			if !errors.As(err, &errs) || len(errs.List) == 0 {
				t.Fatalf("error %v is not *Errors with a mistake", err)
			}
			for _, e := range errs.List {
				if e.Message == "" || strings.Contains(e.Message, "internal error") {
					t.Fatalf("bad error: %v", e)
				}
			}
			return
		}
		out, err := cfg.Marshal("yaml")
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		back, err := Parse("vigil.yaml", out)
		if err != nil {
			t.Fatalf("what Marshal printed does not read back:\n%s\n%v", out, err)
		}
		again, _ := back.Marshal("yaml")
		if !bytes.Equal(out, again) {
			t.Fatalf("Marshal → Parse → Marshal differs:\n%s\n---\n%s", out, again)
		}
		if _, err := cfg.Marshal("json"); err != nil {
			t.Fatalf("Marshal json: %v", err)
		}
	})
}
