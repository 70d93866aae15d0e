package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeConfig writes a vigil.yaml into a temporary directory.
func writeConfig(t *testing.T, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "vigil.yaml")
	if err := os.WriteFile(p, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConfigValidate(t *testing.T) {
	example := filepath.Join(examples(t), "vigil.yaml")
	if r := run(t, "", "config", "validate", example); r.code != ExitOK || !strings.Contains(r.stdout, "valid (version 1)") {
		t.Fatalf("examples/vigil.yaml: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	t.Setenv("VIGIL_CONFIG", example)
	if r := run(t, "", "config", "validate"); r.code != ExitOK {
		t.Fatalf("VIGIL_CONFIG: exit %d, stderr %s", r.code, r.stderr)
	}
	t.Setenv("VIGIL_CONFIG", "")

	bad := writeConfig(t, "version: 1\nexceptions:\n  max_ttl: 90\nownres: {}\n")
	r := run(t, "", "config", "validate", bad)
	if r.code != ExitError || r.stdout != "" {
		t.Fatalf("invalid file: exit %d, stdout %q", r.code, r.stdout)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], bad+":3:12: exceptions.max_ttl") || !strings.HasPrefix(lines[1], bad+`:4:1: unknown key "ownres"`) ||
		!strings.Contains(lines[2], "is not valid: 2 mistakes") {
		t.Errorf("stderr does not list every mistake, file:line first:\n%s", r.stderr)
	}

	missing := filepath.Join(t.TempDir(), "nope.yaml")
	if r := run(t, "", "config", "validate", missing); r.code != ExitError || !strings.Contains(r.stderr, missing+" does not exist") {
		t.Errorf("missing file: exit %d, stderr %s", r.code, r.stderr)
	}
	if r := run(t, "", "config", "validate"); r.code != ExitError || !strings.Contains(r.stderr, "give FILE, --config or VIGIL_CONFIG") {
		t.Errorf("no file: exit %d, stderr %s", r.code, r.stderr)
	}
}

func TestConfigShow(t *testing.T) {
	r := run(t, "", "config", "show")
	if r.code != ExitOK || !strings.Contains(r.stdout, "max_ttl: 90d") || !strings.Contains(r.stdout, "max_access_key_age_days: 90") {
		t.Fatalf("defaults: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	t.Setenv("VIGIL_TEST_DSN", "postgres://vigil:s3cr3t@db/vigil")
	cfg := writeConfig(t, "version: 1\nstore: {dsn: {env: VIGIL_TEST_DSN}}\nrules: {parameters: {admin_ports: [22, 2222]}}\ninventory: {accounts: [\"012345678901\"], clusters: [prod]}\n")
	r = run(t, "", "--config", cfg, "config", "show", "--format", "json")
	if r.code != ExitOK {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	var doc struct {
		Store     struct{ DSN map[string]string }
		Rules     struct{ Parameters map[string]any }
		Inventory struct{ Accounts, Organizations, Clusters []string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if doc.Store.DSN["env"] != "VIGIL_TEST_DSN" || strings.Contains(r.stdout, "s3cr3t") {
		t.Errorf("store.dsn shown as %v", doc.Store.DSN)
	}
	if p := doc.Rules.Parameters["admin_ports"]; len(p.([]any)) != 2 {
		t.Errorf("admin_ports = %v", p)
	}
	if inv := doc.Inventory; len(inv.Accounts) != 1 || inv.Accounts[0] != "012345678901" || len(inv.Clusters) != 1 || inv.Organizations == nil {
		t.Errorf("inventory = %+v, want the account (leading zero kept), the cluster, no organization", inv)
	}
	if r := run(t, "", "config", "show", "--format", "toml"); r.code != ExitError {
		t.Errorf("--format toml: exit %d", r.code)
	}
}

// TestConfigReadByEveryCommand: --config and VIGIL_CONFIG are read
// before any command runs; a missing or invalid file stops it with exit
// 2 and the file's name.
func TestConfigReadByEveryCommand(t *testing.T) {
	shop := filepath.Join(examples(t), "shop.yaml")
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	if r := run(t, "", "--config", missing, "scan", "iac", shop); r.code != ExitError || !strings.Contains(r.stderr, missing+" does not exist") {
		t.Errorf("missing --config: exit %d, stderr %s", r.code, r.stderr)
	}
	bad := writeConfig(t, "version: 7\n")
	t.Setenv("VIGIL_CONFIG", bad)
	if r := run(t, "", "rules", "list"); r.code != ExitError || !strings.Contains(r.stderr, bad+":1:10: version 7 is not one this Vigil reads") {
		t.Errorf("invalid VIGIL_CONFIG: exit %d, stderr %s", r.code, r.stderr)
	}
	for _, args := range [][]string{{"completion", "bash"}, {"version"}, {"help", "scan"}} {
		if r := run(t, "", args...); r.code != ExitOK {
			t.Errorf("%v with an invalid VIGIL_CONFIG: exit %d, stderr %s", args, r.code, r.stderr)
		}
	}
	t.Setenv("VIGIL_CONFIG", filepath.Join(examples(t), "vigil.yaml"))
	if r := run(t, "", "rules", "list"); r.code != ExitOK {
		t.Errorf("valid VIGIL_CONFIG: exit %d, stderr %s", r.code, r.stderr)
	}
	// The shell completes --config with YAML files.
	if r := run(t, "", "__complete", "--config", ""); !strings.Contains(r.stdout, "yaml\nyml\n:8") {
		t.Errorf("completion of --config = %q, want the yaml and yml extensions with ShellCompDirectiveFilterFileExt", r.stdout)
	}
}

// TestConfigStore: store.dsn is read from its file when a command opens
// the store; --store overrides it.
func TestConfigStore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "from-config.db")
	if err := os.WriteFile(filepath.Join(dir, "dsn"), []byte(db+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := writeConfig(t, "version: 1\nstore:\n  dsn: {file: "+filepath.Join(dir, "dsn")+"}\n")
	shop := filepath.Join(examples(t), "shop.yaml")
	if r := run(t, "", "--config", cfg, "scan", "iac", shop, "--format", "json"); r.code != ExitOK {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("the scan was not stored where store.dsn points: %v", err)
	}
	if r := run(t, "", "--config", cfg, "findings", "list", "--format", "json"); r.code != ExitOK || !strings.Contains(r.stdout, "k8s-privileged-container") {
		t.Errorf("findings list from the configured store: exit %d, stderr %s", r.code, r.stderr)
	}
	other := filepath.Join(dir, "from-flag.db")
	if r := run(t, "", "--config", cfg, "scan", "iac", shop, "--store", other); r.code != ExitOK {
		t.Fatalf("--store: exit %d, stderr %s", r.code, r.stderr)
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("--store did not override store.dsn: %v", err)
	}
	unset := writeConfig(t, "version: 1\nstore: {dsn: {env: VIGIL_TEST_UNSET_DSN}}\n")
	if r := run(t, "", "--config", unset, "findings", "list"); r.code != ExitError || !strings.Contains(r.stderr, "environment variable VIGIL_TEST_UNSET_DSN is not set") {
		t.Errorf("unset variable: exit %d, stderr %s", r.code, r.stderr)
	}
}

// TestConfigRuleParameters: the scan commands hand vigil.yaml's rule
// parameters to the engine, overrides included, and rules list names
// the parameters each rule reads.
func TestConfigRuleParameters(t *testing.T) {
	shop := filepath.Join(examples(t), "shop.yaml")
	count := func(r result) int {
		t.Helper()
		if r.code != ExitOK {
			t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
		}
		n := 0
		for _, f := range parseDoc(t, r.stdout).Findings {
			if f.RuleID == "k8s-image-registry-not-allowed" {
				n++
			}
		}
		return n
	}
	if n := count(run(t, "", "scan", "iac", shop, "--format", "json")); n != 0 {
		t.Errorf("without allowed registries: %d findings, want none", n)
	}
	only := writeConfig(t, "version: 1\nrules: {parameters: {allowed_image_registries: [registry.example.com]}}\n")
	if n := count(run(t, "", "--config", only, "scan", "iac", shop, "--format", "json")); n == 0 {
		t.Error("nginx:latest is not under registry.example.com, but no finding")
	}
	t.Setenv("VIGIL_CONFIG", writeConfig(t, `version: 1
rules:
  parameters: {allowed_image_registries: [registry.example.com]}
  overrides:
    - match: {namespace: shop}
      parameters: {allowed_image_registries: [docker.io/library]}
`))
	if n := count(run(t, "", "scan", "iac", shop, "--format", "json")); n != 0 {
		t.Errorf("the shop namespace's override allows Docker Hub's official images, but %d findings", n)
	}

	r := run(t, "", "rules", "list", "--format", "json")
	var doc struct {
		Rules []struct {
			ID         string
			Parameters []struct {
				Name    string
				Type    string
				Default any
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	for _, rule := range doc.Rules {
		if rule.ID == "aws-ec2-sg-admin-ports-ipv4" {
			if len(rule.Parameters) != 1 || rule.Parameters[0].Name != "admin_ports" || rule.Parameters[0].Type != "list of ints" {
				t.Errorf("%s parameters = %+v", rule.ID, rule.Parameters)
			}
			return
		}
	}
	t.Error("aws-ec2-sg-admin-ports-ipv4 not listed")
}

// TestRulesHashCoversParameters: a scan judged with configured rule
// parameters records another rules hash than one with the defaults, so
// stored results of other thresholds are never taken for each other.
func TestRulesHashCoversParameters(t *testing.T) {
	shop := filepath.Join(examples(t), "shop.yaml")
	hash := func(args ...string) string {
		t.Helper()
		r := run(t, "", append(args, "scan", "iac", shop, "--format", "json")...)
		var doc struct {
			Scan struct {
				RulesHash string `json:"rules_hash"`
			} `json:"scan"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil || doc.Scan.RulesHash == "" {
			t.Fatalf("exit %d, no rules hash (%v): %s", r.code, err, r.stderr)
		}
		return doc.Scan.RulesHash
	}
	plain, again := hash(), hash()
	defaults := hash("--config", writeConfig(t, "version: 1\n"))
	tighter := hash("--config", writeConfig(t, "version: 1\nrules: {parameters: {max_access_key_age_days: 30}}\n"))
	override := hash("--config", writeConfig(t, "version: 1\nrules:\n  overrides:\n    - match: {namespace: shop}\n      parameters: {max_access_key_age_days: 30}\n"))
	if plain != again || plain != defaults {
		t.Errorf("the defaults gave hashes %s, %s and %s: want one", plain, again, defaults)
	}
	if tighter == plain || override == plain || override == tighter {
		t.Errorf("hashes: defaults %s, a value %s, an override %s: want three", plain, tighter, override)
	}
}

// TestConfigServe: config validate checks the serve section with the
// place of each mistake, and config show prints it with secrets as
// their references.
func TestConfigServe(t *testing.T) {
	example := filepath.Join(examples(t), "vigil.yaml")
	t.Setenv("VIGIL_PAGERDUTY_ROUTING_KEY", "s3cr3t-routing-key")
	r := run(t, "", "--config", example, "config", "show", "--format", "json")
	if r.code != ExitOK {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	var doc struct {
		Serve struct {
			Listen     string
			Connectors []struct {
				Name     string
				Schedule map[string]string
			}
			Channels map[string]struct {
				PagerDuty *struct {
					RoutingKey map[string]string `json:"routing_key"`
				}
				RateLimit string `json:"rate_limit"`
			}
			Routes []struct{ Action, Channel string }
			Auth   struct {
				Tokens []struct{ Name, Role, SHA256 string }
			}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	s := doc.Serve
	if s.Listen != "127.0.0.1:8080" || len(s.Connectors) != 3 || s.Connectors[1].Schedule["cron"] != "0 */6 * * *" {
		t.Errorf("serve = %+v", s)
	}
	if oc := s.Channels["oncall"]; oc.PagerDuty == nil || oc.PagerDuty.RoutingKey["env"] != "VIGIL_PAGERDUTY_ROUTING_KEY" || oc.RateLimit != "30/1h" {
		t.Errorf("channels.oncall = %+v", oc)
	}
	if strings.Contains(r.stdout, "s3cr3t") {
		t.Error("config show printed a secret's value")
	}
	if len(s.Routes) != 4 || s.Routes[0].Action != "page" || s.Routes[2].Channel != "tickets" {
		t.Errorf("routes = %+v", s.Routes)
	}
	if len(s.Auth.Tokens) != 2 || s.Auth.Tokens[0].Role != "ci" || len(s.Auth.Tokens[0].SHA256) != 64 {
		t.Errorf("tokens = %+v", s.Auth.Tokens)
	}

	bad := writeConfig(t, `version: 1
serve:
  connectors:
    - name: prod
      aws: {account: "111122223333", regions: [all]}
      schedule: {cron: "0 25 * * *"}
  channels:
    oncall: {pagerduty: {routing_key: {env: PD}}}
  routes:
    - {match: {toxic: true}, action: page, channel: on-call}
`)
	r = run(t, "", "config", "validate", bad)
	if r.code != ExitError || r.stdout != "" {
		t.Fatalf("invalid serve section: exit %d, stdout %q", r.code, r.stdout)
	}
	for _, want := range []string{
		bad + `:6:24: serve.connectors[0].schedule.cron: "0 25 * * *" is not a valid cron expression`,
		bad + `:10:53: serve.routes[0].channel: no channel "on-call": did you mean "oncall"?`,
		"is not valid: 2 mistakes",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
}
