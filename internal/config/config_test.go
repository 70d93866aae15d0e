package config

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/params"
)

func parse(t *testing.T, src string) *Config {
	t.Helper()
	c, err := Parse("vigil.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse:\n%v", err)
	}
	return c
}

func TestDefaults(t *testing.T) {
	for name, c := range map[string]*Config{"Default": Default(), "version only": parse(t, "version: 1\n")} {
		t.Run(name, func(t *testing.T) {
			if c.Exceptions.MaxTTL != Duration(90*Day) || c.Exceptions.RequireExpiry {
				t.Errorf("exceptions = %+v", c.Exceptions)
			}
			if !reflect.DeepEqual(c.Owners.TagKeys, []string{"owner", "team"}) || !reflect.DeepEqual(c.Criticality.TagKeys, []string{"criticality"}) {
				t.Errorf("tag keys = %v, %v", c.Owners.TagKeys, c.Criticality.TagKeys)
			}
			if c.Criticality.Default != LevelMedium {
				t.Errorf("criticality default = %s", c.Criticality.Default)
			}
			if c.Store.DSN != nil {
				t.Errorf("store.dsn = %v", c.Store.DSN)
			}
			if got := c.Rules.Parameters["max_access_key_age_days"]; got != 90 {
				t.Errorf("max_access_key_age_days = %v", got)
			}
		})
	}
}

func TestDueFor(t *testing.T) {
	c := parse(t, "version: 1\ndue_dates: {high: 2w, low: none, info: 36h}\n")
	for _, tc := range []struct {
		sev  model.Severity
		want time.Duration
		ok   bool
	}{
		{model.SeverityCritical, 3 * Day, true},
		{model.SeverityHigh, 14 * Day, true},
		{model.SeverityMedium, 30 * Day, true},
		{model.SeverityLow, 0, false},
		{model.SeverityInfo, 36 * time.Hour, true},
		{0, 0, false},
	} {
		t.Run(tc.sev.String(), func(t *testing.T) {
			got, ok := c.DueFor(tc.sev)
			if got != tc.want || ok != tc.ok {
				t.Errorf("DueFor(%s) = %v, %v; want %v, %v", tc.sev, got, ok, tc.want, tc.ok)
			}
		})
	}
	if _, ok := Default().DueFor(model.SeverityInfo); ok {
		t.Error("info findings have a due date by default")
	}
}

func TestOwnerAndCriticality(t *testing.T) {
	c := parse(t, `version: 1
owners:
  tag_keys: [owner, team]
  map:
    - match: {cluster: prod-*, namespace: payments}
      owner: payments-team
    - match: {account: "111122223333"}
      owner: platform
    - match: {path_prefix: services/*/billing}
      owner: billing
criticality:
  map:
    - match: {namespace: payments}
      level: critical
    - match: {region: us-*}
      level: low
  environments: {prod: critical, Staging: low}
  default: high
`)
	res := func(provider, account, region, ns, file string, labels map[string]string) *model.Resource {
		return &model.Resource{Provider: provider, Account: account, Region: region, Namespace: ns, Labels: labels, Source: model.Source{File: file}}
	}
	for _, tc := range []struct {
		name  string
		r     *model.Resource
		owner string
		level Level
	}{
		{"tag first", res("aws", "111122223333", "eu-west-1", "", "", map[string]string{"team": "data"}), "data", LevelHigh},
		{"tag key case", res("aws", "1", "", "", "", map[string]string{"Owner": "ops", "Criticality": "LOW"}), "ops", LevelLow},
		{"owner before team", res("aws", "1", "", "", "", map[string]string{"team": "b", "owner": "a"}), "a", LevelHigh},
		{"bad level tag falls through", res("k8s", "prod-eu", "", "payments", "", map[string]string{"criticality": "extreme"}), "payments-team", LevelCritical},
		{"cluster and namespace", res("k8s", "prod-eu", "", "payments", "", nil), "payments-team", LevelCritical},
		{"other cluster", res("k8s", "dev", "", "payments", "", nil), "", LevelCritical},
		{"account", res("aws", "111122223333", "us-east-1", "", "", nil), "platform", LevelLow},
		{"path prefix", res("k8s", "manifests", "", "", "services/shop/billing/deploy.yaml", nil), "billing", LevelHigh},
		{"path prefix on a boundary", res("k8s", "manifests", "", "", "services/shop/billing2/deploy.yaml", nil), "", LevelHigh},
		{"nothing", res("aws", "222222222222", "eu-west-1", "", "", nil), "", LevelHigh},
		{"environment label", res("k8s", "dev", "", "shop", "", map[string]string{"environment": "Prod"}), "", LevelCritical},
		{"env tag, key case", res("aws", "222222222222", "eu-west-1", "", "", map[string]string{"Env": "staging"}), "", LevelLow},
		{"unknown environment", res("aws", "222222222222", "eu-west-1", "", "", map[string]string{"env": "qa"}), "", LevelHigh},
		{"criticality tag before environment", res("aws", "222222222222", "eu-west-1", "", "", map[string]string{"env": "prod", "criticality": "low"}), "", LevelLow},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.OwnerFor(tc.r); got != tc.owner {
				t.Errorf("OwnerFor = %q, want %q", got, tc.owner)
			}
			if got := c.CriticalityFor(tc.r); got != tc.level {
				t.Errorf("CriticalityFor = %q, want %q", got, tc.level)
			}
		})
	}
}

func TestOwnerOf(t *testing.T) {
	c := parse(t, `version: 1
owners:
  tag_keys: [owner, team]
  map:
    - match: {account: "111122223333"}
      owner: platform
    - match: {namespace: shop}
      owner: shop-team
`)
	for _, tc := range []struct {
		labels      map[string]string
		ns          string
		owner, from string
	}{
		{map[string]string{"Team": "data"}, "shop", "data", "label Team"},
		{nil, "shop", "shop-team", "vigil.yaml owners.map[1]"},
		{nil, "other", "", ""},
	} {
		r := &model.Resource{Provider: "k8s", Account: "c", Namespace: tc.ns, Labels: tc.labels}
		if owner, from := c.OwnerOf(r); owner != tc.owner || from != tc.from {
			t.Errorf("OwnerOf(%v, %s) = %q, %q; want %q, %q", tc.labels, tc.ns, owner, from, tc.owner, tc.from)
		}
	}
}

func TestLinks(t *testing.T) {
	if l := Default().Links; !reflect.DeepEqual(l.AddressTagKeys, []string{"terraform:address", "iac:address"}) || !l.ByName || l.ManifestNamespace != "default" {
		t.Errorf("default links = %+v", l)
	}
	c := parse(t, "version: 1\nlinks:\n  address_tag_keys: [iac-address]\n  by_name: false\n  manifest_namespace: apps\n")
	if l := c.Links; !reflect.DeepEqual(l.AddressTagKeys, []string{"iac-address"}) || l.ByName || l.ManifestNamespace != "apps" {
		t.Errorf("links = %+v", l)
	}
	out, err := c.Marshal("yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "links:\n  address_tag_keys:\n    - iac-address\n  by_name: false\n  manifest_namespace: apps\n") {
		t.Errorf("config show lacks the links section:\n%s", out)
	}
}

func TestParams(t *testing.T) {
	c := parse(t, `version: 1
rules:
  parameters:
    max_access_key_age_days: 60
    allowed_image_registries: [registry.example.com]
  overrides:
    - match: {namespace: legacy-*}
      parameters:
        allowed_image_registries: [registry.example.com, docker.io/library]
    - match: {account: "111122223333"}
      parameters: {max_access_key_age_days: 30}
`)
	for _, tc := range []struct {
		name  string
		r     *model.Resource
		param string
		want  any
	}{
		{"configured", &model.Resource{Provider: "aws", Account: "2"}, "max_access_key_age_days", 60},
		{"account override", &model.Resource{Provider: "aws", Account: "111122223333"}, "max_access_key_age_days", 30},
		{"default", &model.Resource{Provider: "aws"}, "min_password_length", 14},
		{"namespace override", &model.Resource{Provider: "k8s", Namespace: "legacy-shop"}, "allowed_image_registries", []string{"registry.example.com", "docker.io/library"}},
		{"no override", &model.Resource{Provider: "k8s", Namespace: "shop"}, "allowed_image_registries", []string{"registry.example.com"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.Params(tc.r)[tc.param]; !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Params()[%s] = %v, want %v", tc.param, got, tc.want)
			}
			if got, _ := c.RuleParams().Value(tc.param, params.ScopeOf(tc.r)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("RuleParams().Value(%s) = %v, want %v", tc.param, got, tc.want)
			}
		})
	}
}

func TestDuration(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		err  string
		out  string
	}{
		{in: "90d", want: 90 * Day, out: "90d"},
		{in: "2w", want: 14 * Day, out: "14d"},
		{in: "36h", want: 36 * time.Hour, out: "1d12h"},
		{in: "30m", want: 30 * time.Minute, out: "30m"},
		{in: "1d12h", want: 36 * time.Hour, out: "1d12h"},
		{in: "45s", want: 45 * time.Second, out: "45s"},
		{in: "90", err: `has no unit: write 90d`},
		{in: "-3d", err: "is negative"},
		{in: "0d", err: "is zero"},
		{in: "3y", err: `unknown unit "y"`},
		{in: "d", err: "is not a duration"},
		{in: "", err: "empty duration"},
		{in: "99999999999999w", err: "too long"},
		{in: "9223372036854775807s", err: "too long"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := ParseDuration(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("ParseDuration(%q) = %v, %v; want an error containing %q", tc.in, got, err, tc.err)
				}
				return
			}
			if err != nil || time.Duration(got) != tc.want || got.String() != tc.out {
				t.Fatalf("ParseDuration(%q) = %v (%s), %v; want %v (%s)", tc.in, time.Duration(got), got, err, tc.want, tc.out)
			}
		})
	}
}

// TestErrors: every mistake is reported with its line and column and
// what to write instead, all of them in one run.
func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []string
	}{
		{"empty", "", []string{"vigil.yaml: the file is empty: start it with version: 1"}},
		{"comments only", "# nothing\n", []string{"vigil.yaml: the file is empty"}},
		{"not a mapping", "- 1\n", []string{"vigil.yaml:1:1: the file must be a mapping starting with version: 1, not a list"}},
		{"no version", "owners: {}\n", []string{"vigil.yaml:1:1: version is missing: add version: 1"}},
		{"unknown version", "version: 2\nfoo: 1\n", []string{"vigil.yaml:1:10: version 2 is not one this Vigil reads: it reads version 1"}},
		{"version string", "version: \"1\"\n", []string{`vigil.yaml:1:10: version must be the number 1, not "1"`}},
		{"syntax", "version: 1\nowners: [\n", []string{"vigil.yaml:2: not valid YAML: did not find expected node content"}},
		{"two documents", "version: 1\n---\nversion: 1\n", []string{"a second YAML document"}},
		{"unknown key with suggestion", "version: 1\nownres: {}\n", []string{`vigil.yaml:2:1: unknown key "ownres" in the top level: did you mean "owners"? Known keys: version, exceptions, owners, criticality, due_dates, links, store, rules, reports, inventory`}},
		{"inventory account", "version: 1\ninventory:\n  accounts: [\"111111111111\", 12345]\n", []string{`vigil.yaml:3:30: inventory.accounts[1]: "12345" is not an AWS account ID`}},
		{"inventory organization", "version: 1\ninventory: {organizations: [org-1]}\n", []string{`vigil.yaml:2:29: inventory.organizations[0]: "org-1" is not an AWS organization ID`}},
		{"inventory duplicate", "version: 1\ninventory:\n  clusters: [prod, prod]\n", []string{`vigil.yaml:3:20: inventory.clusters[1]: "prod" is listed twice (first at [0]): keep one`}},
		{"environments not a map", "version: 1\ncriticality: {environments: [prod]}\n", []string{`vigil.yaml:2:29: criticality.environments: write a map of environment to level, such as {prod: high, staging: low}`}},
		{"environment level", "version: 1\ncriticality:\n  environments: {prod: urgent}\n", []string{`criticality.environments.prod`}},
		{"inventory key", "version: 1\ninventory: {cluster: [prod]}\n", []string{`unknown key "cluster" in inventory: did you mean "clusters"?`}},
		{"unknown key without suggestion", "version: 1\nexceptions: {zzz: 1}\n", []string{`vigil.yaml:2:14: unknown key "zzz" in exceptions. Known keys: max_ttl, require_expiry`}},
		{"duplicate key", "version: 1\nexceptions:\n  max_ttl: 30d\n  max_ttl: 60d\n", []string{"vigil.yaml:4:3: exceptions.max_ttl is set twice (first on line 3): keep one"}},
		{"wrong type", "version: 1\nexceptions:\n  require_expiry: sometimes\n", []string{`vigil.yaml:3:19: exceptions.require_expiry must be true or false, not "sometimes"`}},
		{"section not a mapping", "version: 1\nowners: [a]\n", []string{"vigil.yaml:2:9: owners must be a mapping with keys tag_keys, map, not a list"}},
		{"reports", "version: 1\nreports: {max_age: soon, sign_key: /etc/key.pem}\n", []string{
			`vigil.yaml:2:20: reports.max_age: "soon" is not a duration`, "vigil.yaml:2:36: reports.sign_key is a secret and is never written in the file"}},
		{"negative duration", "version: 1\nexceptions: {max_ttl: -5d}\n", []string{`vigil.yaml:2:23: exceptions.max_ttl: "-5d" is negative`}},
		{"bad glob", "version: 1\nowners:\n  map:\n    - match: {namespace: \"pay[\"}\n      owner: x\n", []string{`vigil.yaml:4:26: owners.map[0].match.namespace: "pay[" is not a valid glob`}},
		{"empty match", "version: 1\nowners:\n  map:\n    - match: {}\n      owner: x\n", []string{"vigil.yaml:4:14: owners.map[0].match selects nothing: give at least one of account, namespace, region, cluster, path_prefix"}},
		{"unknown match key only", "version: 1\nowners:\n  map:\n    - match: {namespce: shop}\n      owner: x\n", []string{`vigil.yaml:4:15: unknown key "namespce" in owners.map[0].match: did you mean "namespace"?`}},
		{"no owner", "version: 1\nowners:\n  map:\n    - match: {account: \"1\"}\n", []string{"vigil.yaml:4:7: owners.map[0] has no owner"}},
		{"bad level", "version: 1\ncriticality: {default: severe}\n", []string{`vigil.yaml:2:24: criticality.default: "severe" is not a level: use low, medium, high, critical`}},
		{"plain secret", "version: 1\nstore:\n  dsn: postgres://u:p@h/db\n", []string{"vigil.yaml:3:8: store.dsn is a secret and is never written in the file: write it as {env: VIGIL_STORE_DSN} or {file: /run/secrets/store_dsn}"}},
		{"secret both", "version: 1\nstore: {dsn: {env: A, file: b}}\n", []string{"store.dsn: give env or file, not both"}},
		{"secret empty", "version: 1\nstore: {dsn: {}}\n", []string{"store.dsn names no secret"}},
		{"unknown parameter", "version: 1\nrules:\n  parameters:\n    max_key_age: 3\n", []string{`vigil.yaml:4:5: unknown key "max_key_age" in rules.parameters`, "Known keys: acm_min_days_to_expiry, admin_ports, allowed_image_registries, cognito_min_password_length"}},
		{"parameter type", "version: 1\nrules:\n  parameters:\n    admin_ports: 22\n", []string{"vigil.yaml:4:18: rules.parameters.admin_ports must be a list of whole numbers, not a number"}},
		{"parameter element type", "version: 1\nrules:\n  parameters:\n    admin_ports: [22, ssh]\n", []string{`vigil.yaml:4:23: rules.parameters.admin_ports[1] must be a whole number, not "ssh"`}},
		{"quoted number", "version: 1\nrules: {parameters: {min_password_length: \"16\"}}\n", []string{`rules.parameters.min_password_length must be a whole number, not "16": write it without quotes`}},
		{"parameter check", "version: 1\nrules:\n  parameters:\n    max_access_key_age_days: 0\n", []string{"vigil.yaml:4:30: rules.parameters.max_access_key_age_days: 0 is too small: use 1 or more"}},
		{"override without parameters", "version: 1\nrules:\n  overrides:\n    - match: {namespace: x}\n", []string{"vigil.yaml:4:7: rules.overrides[0] has no parameters"}},
		{"override path_prefix", "version: 1\nrules:\n  overrides:\n    - match: {path_prefix: x}\n      parameters: {admin_ports: [22]}\n", []string{`unknown key "path_prefix" in rules.overrides[0].match`}},
		{"due none or duration", "version: 1\ndue_dates: {high: never}\n", []string{`vigil.yaml:2:19: due_dates.high: "never" is not a duration`}},
		{"links unknown key", "version: 1\nlinks: {by_names: true}\n", []string{`vigil.yaml:2:9: unknown key "by_names" in links: did you mean "by_name"? Known keys: address_tag_keys, by_name, manifest_namespace`}},
		{"links by_name type", "version: 1\nlinks:\n  by_name: yes please\n", []string{`vigil.yaml:3:12: links.by_name must be true or false, not "yes please"`}},
		{"links empty tag key", "version: 1\nlinks: {address_tag_keys: [\"\"]}\n", []string{"vigil.yaml:2:28: links.address_tag_keys[0] is empty: give a tag or label key"}},
		{"links empty namespace", "version: 1\nlinks: {manifest_namespace: \" \"}\n", []string{"links.manifest_namespace is empty: give a namespace such as default"}},
		{"due severity", "version: 1\ndue_dates: {urgent: 1d}\n", []string{`unknown key "urgent" in due_dates. Known keys: critical, high, medium, low, info`}},
		{"merge key", "version: 1\nbase: &b {max_ttl: 3d}\nexceptions:\n  <<: *b\n", []string{`unknown key "base"`, "vigil.yaml:4:3: exceptions: merge keys (<<) are not supported"}},
		{"custom tag", "version: 1\nexceptions: {max_ttl: !days 3}\n", []string{"exceptions.max_ttl: YAML tags (!days) are not supported"}},
		{"bool as string", "version: 1\nowners: {tag_keys: [owner, true]}\n", []string{`owners.tag_keys[1] must be a string, not true: quote it ("true")`}},
		{"several at once", "version: 1\nexceptions: {max_ttl: 3x}\nowners: {tag_keys: owner}\nrules: {parameters: {admin_ports: [0]}}\n", []string{
			"vigil.yaml:2:23: exceptions.max_ttl", "vigil.yaml:3:20: owners.tag_keys must be a list of strings, not a string", "vigil.yaml:4:35: rules.parameters.admin_ports: port 0 is out of range"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("vigil.yaml", []byte(tc.src))
			var errs *Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Parse = %v, want *Errors", err)
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("errors:\n%s\nwant one containing:\n%s", msg, w)
				}
			}
		})
	}
}

func TestErrorLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("version: 1\nowners:\n  map:\n")
	for range 50 {
		b.WriteString("    - match: {namespace: \"[\"}\n      owner: x\n")
	}
	_, err := Parse("vigil.yaml", []byte(b.String()))
	var errs *Errors
	if !errors.As(err, &errs) || len(errs.List) != maxErrors || errs.More != 50-maxErrors {
		t.Fatalf("got %d errors and %d more, want %d and %d", len(errs.List), errs.More, maxErrors, 50-maxErrors)
	}
	if !strings.HasSuffix(err.Error(), "… and 30 more") {
		t.Errorf("the message does not say how many were left out:\n%s", err)
	}
}

func TestAliasBomb(t *testing.T) {
	// Each override names the same one, whose list has 1,000 elements:
	// a million values from a 10 KB file.
	src := "version: 1\nrules:\n  overrides:\n    - &o {match: {namespace: x}, parameters: {allowed_image_registries: [" +
		strings.Repeat("r.io, ", 999) + "r.io]}}\n" + strings.Repeat("    - *o\n", 999)
	_, err := Parse("vigil.yaml", []byte(src))
	if err == nil || !strings.Contains(err.Error(), "more than 100000 values through aliases") {
		t.Fatalf("Parse = %v, want the alias budget error", err)
	}
}

func TestAliases(t *testing.T) {
	c := parse(t, "version: 1\nowners: {tag_keys: &k [owner, squad]}\ncriticality: {tag_keys: *k}\n")
	if !reflect.DeepEqual(c.Criticality.TagKeys, []string{"owner", "squad"}) {
		t.Errorf("alias not followed: %v", c.Criticality.TagKeys)
	}
}

// TestMarshalRoundTrip: what config show prints is a vigil.yaml that
// reads back to the same configuration.
func TestMarshalRoundTrip(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "examples", "vigil.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c := parse(t, string(src))
	out, err := c.Marshal("yaml")
	if err != nil {
		t.Fatal(err)
	}
	back := parse(t, string(out))
	again, _ := back.Marshal("yaml")
	if !bytes.Equal(out, again) {
		t.Errorf("show → parse → show differs:\n%s\n---\n%s", out, again)
	}
	if _, err := c.Marshal("json"); err != nil {
		t.Error(err)
	}
	if strings.Contains(string(out), "s3cr3t") {
		t.Error("a secret's value was shown")
	}
}

func TestSecretRef(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string, mode os.FileMode) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Join(dir, name), mode); err != nil {
			t.Fatal(err)
		}
	}
	write("dsn", "postgres://u:s3cr3t@db/vigil\n", 0o600)
	write("open", "postgres://u:s3cr3t@db/vigil", 0o644)
	write("empty", "\n", 0o600)
	t.Setenv("VIGIL_TEST_DSN", "postgres://u:s3cr3t@db/vigil")
	t.Setenv("VIGIL_TEST_EMPTY", "")
	for _, tc := range []struct {
		name, ref string
		want      string
		err       string
		warn      bool
	}{
		{name: "env", ref: "{env: VIGIL_TEST_DSN}", want: "postgres://u:s3cr3t@db/vigil"},
		{name: "env unset", ref: "{env: VIGIL_TEST_UNSET}", err: "cfg/vigil.yaml:2: store.dsn: environment variable VIGIL_TEST_UNSET is not set"},
		{name: "env empty", ref: "{env: VIGIL_TEST_EMPTY}", err: "is empty"},
		{name: "relative file", ref: "{file: dsn}", want: "postgres://u:s3cr3t@db/vigil"},
		{name: "absolute file", ref: "{file: " + filepath.Join(dir, "dsn") + "}", want: "postgres://u:s3cr3t@db/vigil"},
		{name: "world-readable file", ref: "{file: open}", want: "postgres://u:s3cr3t@db/vigil", warn: true},
		{name: "missing file", ref: "{file: nope}", err: "read secret file: open " + filepath.Join(dir, "nope")},
		{name: "empty file", ref: "{file: empty}", err: "is empty"},
		{name: "directory", ref: "{file: " + dir + "}", err: "is not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse(filepath.Join(dir, "vigil.yaml"), []byte("version: 1\nstore: {dsn: "+tc.ref+"}\n"))
			if err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			got, err := c.Store.DSN.Resolve(slog.New(slog.NewTextHandler(&logs, nil)))
			if tc.err != "" {
				if err == nil || !strings.Contains(strings.ReplaceAll(err.Error(), dir, "cfg"), strings.ReplaceAll(tc.err, dir, "cfg")) {
					t.Fatalf("Resolve = %q, %v; want an error containing %q", got, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("Resolve = %q, %v; want %q", got, err, tc.want)
			}
			if warned := strings.Contains(logs.String(), "readable by every user"); warned != tc.warn {
				t.Errorf("warning = %v, want %v (%s)", warned, tc.warn, logs.String())
			}
			if strings.Contains(c.Store.DSN.String(), "s3cr3t") {
				t.Error("String shows the secret")
			}
		})
	}
}

func TestLoad(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml does not exist") {
		t.Errorf("Load(missing) = %v", err)
	}
	if _, err := Load(t.TempDir()); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("Load(dir) = %v", err)
	}
	c, err := Load(filepath.Join("..", "..", "examples", "vigil.yaml"))
	if err != nil {
		t.Fatalf("examples/vigil.yaml does not validate:\n%v", err)
	}
	if c.File() == "" || c.Store.DSN == nil {
		t.Errorf("examples/vigil.yaml: file %q, store.dsn %v", c.File(), c.Store.DSN)
	}
}

// TestOneErrorPerMistake: a mistake is not reported again as the
// consequence it has on its parent.
func TestOneErrorPerMistake(t *testing.T) {
	_, err := Parse("vigil.yaml", []byte("version: 1\nowners:\n  map:\n    - match: {namespce: shop}\n      owner: x\n"))
	var errs *Errors
	if !errors.As(err, &errs) || len(errs.List) != 1 {
		t.Fatalf("want one error, got:\n%v", err)
	}
}
