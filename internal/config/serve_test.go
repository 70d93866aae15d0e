package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/model"
)

func TestServeDefaults(t *testing.T) {
	for name, c := range map[string]*Config{"Default": Default(), "version only": parse(t, "version: 1\n"), "empty section": parse(t, "version: 1\nserve: {}\n")} {
		t.Run(name, func(t *testing.T) {
			s := c.Serve
			if s.Listen != "127.0.0.1:8080" || s.PublicURL != "" || s.TLS != nil {
				t.Errorf("listen %q, public_url %q, tls %v", s.Listen, s.PublicURL, s.TLS)
			}
			if !reflect.DeepEqual(s.IaC.DefaultBranches, []string{"main", "master"}) {
				t.Errorf("iac.default_branches = %v", s.IaC.DefaultBranches)
			}
			if s.Retention.History != Duration(400*Day) || s.Retention.AuditPeriod != Duration(365*Day) {
				t.Errorf("retention = %+v", s.Retention)
			}
			if s.Auth.SessionTTL != Duration(12*time.Hour) || s.Auth.OIDC != nil || len(s.Auth.Tokens) != 0 {
				t.Errorf("auth = %+v", s.Auth)
			}
			if len(s.Connectors) != 0 || len(s.Channels) != 0 || len(s.Routes) != 0 {
				t.Errorf("connectors %v, channels %v, routes %v: want none by default", s.Connectors, s.Channels, s.Routes)
			}
		})
	}
}

// TestServe: a full serve section reads into the values it says.
func TestServe(t *testing.T) {
	c, err := Load(filepath.Join("testdata", "serve.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s := c.Serve
	if s.Listen != "0.0.0.0:8443" || s.PublicURL != "https://vigil.example.com" {
		t.Errorf("listen %q, public_url %q", s.Listen, s.PublicURL)
	}
	if s.TLS == nil || c.Path(s.TLS.CertFile) != filepath.Join("testdata", "tls", "cert.pem") {
		t.Errorf("tls = %+v: a relative cert_file is read from the file's directory", s.TLS)
	}
	if len(s.Connectors) != 4 {
		t.Fatalf("%d connectors, want 4", len(s.Connectors))
	}
	prod, org, kube, self := s.Connectors[0], s.Connectors[1], s.Connectors[2], s.Connectors[3]
	if a := prod.AWS; prod.Name != "prod" || a == nil || a.Account != "111122223333" || a.RoleARN != "arn:aws:iam::111122223333:role/VigilAudit" ||
		a.ExternalID.String() != "env:VIGIL_PROD_EXTERNAL_ID" || !reflect.DeepEqual(a.Regions, []string{"eu-west-1", "us-east-1"}) ||
		!reflect.DeepEqual(a.Services, []string{"s3", "ec2", "iam"}) || prod.Kubernetes != nil {
		t.Errorf("prod = %+v, aws %+v", prod, a)
	}
	if a := org.AWS; a == nil || a.Organization != "o-a1b2c3d4e5" || a.RoleName != "VigilAudit" || !reflect.DeepEqual(a.Regions, []string{"all"}) {
		t.Errorf("org aws = %+v", a)
	}
	if k := kube.Kubernetes; k == nil || k.Kubeconfig != "/etc/vigil/kubeconfig" || k.Context != "prod" || k.InCluster {
		t.Errorf("k8s-prod = %+v", k)
	}
	if k := self.Kubernetes; k == nil || !k.InCluster || k.ClusterName != "ops" {
		t.Errorf("self = %+v", k)
	}

	// Schedules: an interval, or a cron expression in UTC.
	at := time.Date(2026, 3, 1, 7, 20, 0, 0, time.UTC)
	if got := prod.Schedule.Next(at); !got.Equal(at.Add(time.Hour)) || prod.Schedule.Jitter != Duration(5*time.Minute) {
		t.Errorf("prod: next %v, jitter %s", got, prod.Schedule.Jitter)
	}
	if got, want := org.Schedule.Next(at), time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC); org.Schedule.Cron != "0 */6 * * *" || !got.Equal(want) {
		t.Errorf("org: cron %q, next after %v = %v, want %v", org.Schedule.Cron, at, got, want)
	}
	berlin := time.FixedZone("CET", 3600)
	if got, want := org.Schedule.Next(at.In(berlin)), time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("cron is not read in UTC: next = %v, want %v", got, want)
	}

	if !reflect.DeepEqual(s.IaC.DefaultBranches, []string{"main"}) {
		t.Errorf("default_branches = %v", s.IaC.DefaultBranches)
	}
	kinds := map[string]string{}
	for name, ch := range s.Channels {
		kinds[name] = ch.Kind()
	}
	if want := map[string]string{"oncall": "pagerduty", "sec-slack": "slack", "hook": "webhook", "mail": "email", "gh": "github", "jira": "jira"}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("channel kinds = %v, want %v", kinds, want)
	}
	if r := s.Channels["oncall"].RateLimit; r == nil || r.Count != 30 || r.Per != Duration(time.Hour) {
		t.Errorf("oncall rate_limit = %v", r)
	}
	if e := s.Channels["mail"].Email; e.SMTPPort != 587 || !e.StartTLS || e.Password.String() != "env:SMTP_PW" || !reflect.DeepEqual(e.To, []string{"sec@example.com"}) {
		t.Errorf("email = %+v: want port 587 and starttls by default", e)
	}
	if len(s.Routes) != 4 {
		t.Fatalf("%d routes, want 4", len(s.Routes))
	}
	if r := s.Routes[1]; r.Action != ActionPage || r.Channel != "oncall" || !r.Match.Exposed || r.Match.MinSeverity != model.SeverityHigh {
		t.Errorf("routes[1] = %+v", r)
	}
	if r := s.Routes[3]; r.Action != ActionDigest || r.DigestEvery != Duration(Day) || r.Match.MinSeverity != model.SeverityLow {
		t.Errorf("routes[3] = %+v", r)
	}
	if tk := s.Auth.Tokens; len(tk) != 2 || tk[0].Role != RoleCI || len(tk[0].SHA256) != 64 || tk[1].HashFile != "tokens/payments.sha256" ||
		!reflect.DeepEqual(tk[1].Scope.Owners, []string{"payments"}) {
		t.Errorf("tokens = %+v", tk)
	}
	o := s.Auth.OIDC
	if o == nil || o.Issuer != "https://login.example.com" || o.GroupsClaim != "groups" || o.ClientSecret.String() != "env:OIDC_SECRET" ||
		o.Groups["security"].Role != RoleAdmin || !reflect.DeepEqual(o.Groups["payments-devs"].Scope.Owners, []string{"payments"}) {
		t.Errorf("oidc = %+v", o)
	}
	if s.Auth.SessionTTL != Duration(8*time.Hour) {
		t.Errorf("session_ttl = %s", s.Auth.SessionTTL)
	}
}

// TestServeRoundTrip: config show prints the serve section as a
// vigil.yaml that reads back to the same values, secrets as their
// references only.
func TestServeRoundTrip(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "serve.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("VIGIL_PROD_EXTERNAL_ID", "s3cr3t-external-id")
	c := parse(t, string(src))
	for _, format := range Formats {
		out, err := c.Marshal(format)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(out), "s3cr3t") {
			t.Errorf("%s: a secret's value was shown", format)
		}
		for _, want := range []string{"VIGIL_PROD_EXTERNAL_ID", "/run/secrets/slack", "30/1h", "0 */6 * * *", "arn:aws:iam::111122223333:role/VigilAudit"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("%s output lacks %q:\n%s", format, want, out)
			}
		}
	}
	out, _ := c.Marshal("yaml")
	back := parse(t, string(out))
	if !reflect.DeepEqual(back.Serve.Routes, c.Serve.Routes) || !reflect.DeepEqual(back.Serve.Auth.Tokens, c.Serve.Auth.Tokens) ||
		!reflect.DeepEqual(back.Serve.Retention, c.Serve.Retention) || !reflect.DeepEqual(back.Serve.IaC, c.Serve.IaC) {
		t.Errorf("serve differs after show → parse:\n%+v\n%+v", back.Serve, c.Serve)
	}
	again, _ := back.Marshal("yaml")
	if string(again) != string(out) {
		t.Errorf("show → parse → show differs:\n%s\n---\n%s", out, again)
	}
}

// TestServeErrors: every mistake in the serve section is reported with
// its line and column and what to write instead.
func TestServeErrors(t *testing.T) {
	// srv puts a serve section on line 2 of a file; its keys start on
	// line 3, column 3.
	srv := func(body string) string { return "version: 1\nserve:\n" + body }
	// conn is one connector; the schedule (line 6) is added unless
	// given.
	conn := func(body string) string {
		return srv("  connectors:\n    - name: c\n" + body)
	}
	every := "      schedule: {every: 1h}\n"
	aws := func(body string) string { return conn("      aws: " + body + "\n" + every) }
	kube := func(body string) string { return conn("      kubernetes: " + body + "\n" + every) }
	sched := func(body string) string {
		return conn("      aws: {account: \"111122223333\", regions: [all]}\n      schedule: " + body + "\n")
	}
	// route is one channel (line 4) and one route (line 6).
	route := func(channel, body string) string {
		return srv("  channels:\n    " + channel + "\n  routes:\n    - " + body + "\n")
	}
	slack := "sec: {slack: {webhook_url: {env: SLACK}}}"
	for _, tc := range []struct {
		name string
		src  string
		want []string
	}{
		// The section itself.
		{"not a mapping", srv("  - listen\n"), []string{"vigil.yaml:3:3: serve must be a mapping with keys listen, public_url, tls, connectors, iac, channels, routes, auth, retention, announce_first_scan, not a list"}},
		{"unknown key", srv("  listne: :80\n"), []string{`vigil.yaml:3:3: unknown key "listne" in serve: did you mean "listen"?`}},
		{"listen without port", srv("  listen: localhost\n"), []string{`vigil.yaml:3:11: serve.listen: "localhost" is not a host:port: write it as 127.0.0.1:8080, or :8080 for every interface`}},
		{"listen bad port", srv("  listen: \":99999\"\n"), []string{`vigil.yaml:3:11: serve.listen: port "99999" is not a port number: use 1 to 65535`}},
		{"listen type", srv("  listen: [a]\n"), []string{"vigil.yaml:3:11: serve.listen must be a string, not a list"}},
		{"public_url relative", srv("  public_url: vigil.example.com\n"), []string{`vigil.yaml:3:15: serve.public_url: "vigil.example.com" is not an absolute http(s) URL: write an absolute URL such as https://vigil.example.com`}},
		{"public_url scheme", srv("  public_url: ftp://vigil.example.com\n"), []string{"serve.public_url: \"ftp://vigil.example.com\" is not an absolute http(s) URL"}},
		{"public_url credentials", srv("  public_url: https://u:p@vigil.example.com\n"), []string{"vigil.yaml:3:15: serve.public_url: the URL carries credentials, which are secrets"}},
		{"tls half", srv("  tls: {cert_file: c.pem}\n"), []string{"vigil.yaml:3:8: serve.tls needs both cert_file and key_file (or leave tls out"}},
		{"tls unknown key", srv("  tls: {cert: c.pem, key_file: k.pem}\n"), []string{`vigil.yaml:3:9: unknown key "cert" in serve.tls. Known keys: cert_file, key_file`}},
		{"default_branches empty", srv("  iac: {default_branches: []}\n"), []string{"vigil.yaml:3:27: serve.iac.default_branches is empty: no pushed scan would enter the findings lifecycle"}},
		{"default_branches glob", srv("  iac: {default_branches: [main, \"release/*\"]}\n"), []string{`vigil.yaml:3:34: serve.iac.default_branches[1]: "release/*" is not a branch name`}},
		{"default_branches twice", srv("  iac: {default_branches: [main, main]}\n"), []string{`serve.iac.default_branches[1]: "main" is listed twice`}},
		{"retention history shorter", srv("  retention:\n    history: 90d\n"), []string{"vigil.yaml:4:14: serve.retention.history (90d) is shorter than serve.retention.audit_period (365d): history inside the audit period is never compacted; make history at least 365d"}},
		{"retention audit longer", srv("  retention: {audit_period: 500d}\n"), []string{"vigil.yaml:3:14: serve.retention.history (400d) is shorter than serve.retention.audit_period (500d)"}},
		{"retention type", srv("  retention: {history: forever}\n"), []string{`vigil.yaml:3:24: serve.retention.history: "forever" is not a duration`}},

		// Connectors.
		{"connectors not a list", srv("  connectors: {name: c}\n"), []string{"vigil.yaml:3:15: serve.connectors must be a list of connectors"}},
		{"connector no kind", conn(every), []string{"vigil.yaml:4:7: serve.connectors[0] needs one of aws, kubernetes: say what the connector scans"}},
		{"connector two kinds", conn("      aws: {account: \"111122223333\", regions: [all]}\n      kubernetes: {in_cluster: true, cluster_name: x}\n" + every), []string{"vigil.yaml:4:7: serve.connectors[0] has aws and kubernetes: give only one of them"}},
		{"connector no schedule", conn("      kubernetes: {in_cluster: true, cluster_name: x}\n"), []string{"vigil.yaml:4:7: serve.connectors[0] has no schedule: add it"}},
		{"connector no name", srv("  connectors:\n    - kubernetes: {in_cluster: true, cluster_name: x}\n      schedule: {every: 1h}\n"), []string{"vigil.yaml:4:7: serve.connectors[0] has no name: add it"}},
		{"connector bad name", srv("  connectors:\n    - name: Prod EU\n      kubernetes: {in_cluster: true, cluster_name: x}\n      schedule: {every: 1h}\n"), []string{`vigil.yaml:4:13: serve.connectors[0].name: "Prod EU" is not a valid name: use lower-case letters, digits, - and _`}},
		{"connector names twice", srv("  connectors:\n    - name: a\n      kubernetes: {in_cluster: true, cluster_name: x}\n      schedule: {every: 1h}\n    - name: a\n      kubernetes: {in_cluster: true, cluster_name: y}\n      schedule: {every: 1h}\n"), []string{`vigil.yaml:7:7: serve.connectors[1]: the name "a" is taken by serve.connectors[0]: give each connector its own name`}},
		{"connector unknown key", conn("      gcp: {}\n" + every), []string{`vigil.yaml:5:7: unknown key "gcp" in serve.connectors[0]. Known keys: name, aws, kubernetes, schedule`}},
		{"connector empty", srv("  connectors:\n    -\n"), []string{"vigil.yaml:4:6: serve.connectors[0] is empty: give name, aws or kubernetes, and schedule"}},

		// AWS.
		{"aws account and organization", aws(`{account: "111122223333", organization: o-a1b2c3d4e5, role_name: R, regions: [all]}`), []string{"vigil.yaml:5:12: serve.connectors[0].aws has account and organization: give only one of them"}},
		{"aws neither", aws(`{regions: [all]}`), []string{`vigil.yaml:5:12: serve.connectors[0].aws needs one of account, organization: write account: "111122223333" or organization: o-a1b2c3d4e5`}},
		{"aws account unquoted short", aws(`{account: 12345, regions: [all]}`), []string{`vigil.yaml:5:22: serve.connectors[0].aws.account: "12345" is not an AWS account ID: write its 12 digits, quoted`}},
		{"aws organization", aws(`{organization: org-1, role_name: R, regions: [all]}`), []string{`vigil.yaml:5:27: serve.connectors[0].aws.organization: "org-1" is not an AWS organization ID: it looks like o-a1b2c3d4e5`}},
		{"aws role arn shape", aws(`{account: "111122223333", role_arn: "arn:aws:iam::111122223333:user/bob", regions: [all]}`), []string{`vigil.yaml:5:48: serve.connectors[0].aws.role_arn: "arn:aws:iam::111122223333:user/bob" is not an IAM role ARN: it looks like arn:aws:iam::111122223333:role/VigilAudit`}},
		{"aws role arn account", aws(`{account: "111122223333", role_arn: "arn:aws:iam::444455556666:role/R", regions: [all]}`), []string{"vigil.yaml:5:48: serve.connectors[0].aws.role_arn is a role of account 444455556666, not of 111122223333"}},
		{"aws role name is an arn", aws(`{account: "111122223333", role_name: "arn:aws:iam::111122223333:role/R", regions: [all]}`), []string{"serve.connectors[0].aws.role_name: \"arn:aws:iam::111122223333:role/R\" is not an IAM role name: write the name alone"}},
		{"aws both roles", aws(`{account: "111122223333", role_name: R, role_arn: "arn:aws:iam::111122223333:role/R", regions: [all]}`), []string{"vigil.yaml:5:12: serve.connectors[0].aws has role_name and role_arn: give only one of them"}},
		{"aws organization without role", aws(`{organization: o-a1b2c3d4e5, regions: [all]}`), []string{"vigil.yaml:5:12: serve.connectors[0].aws has no role_name: name the role Vigil assumes in each member account"}},
		{"aws organization with arn", aws(`{organization: o-a1b2c3d4e5, role_arn: "arn:aws:iam::111122223333:role/R", regions: [all]}`), []string{"vigil.yaml:5:51: serve.connectors[0].aws.role_arn names one account's role: for an organization give role_name"}},
		{"aws external id plain", aws(`{account: "111122223333", role_name: R, external_id: abc123, regions: [all]}`), []string{"vigil.yaml:5:65: serve.connectors[0].aws.external_id is a secret and is never written in the file: write it as {env: VIGIL_SERVE_CONNECTORS_0_AWS_EXTERNAL_ID}"}},
		{"aws external id without role", aws(`{account: "111122223333", external_id: {env: X}, regions: [all]}`), []string{"vigil.yaml:5:12: serve.connectors[0].aws has an external_id but no role to assume it with"}},
		{"aws no regions", aws(`{account: "111122223333"}`), []string{"vigil.yaml:5:12: serve.connectors[0].aws has no regions: write regions: [all] or list them"}},
		{"aws bad region", aws(`{account: "111122223333", regions: [eu-west-1, europe]}`), []string{`vigil.yaml:5:59: serve.connectors[0].aws.regions[1]: "europe" is not an AWS region: write one such as eu-west-1, or all`}},
		{"aws all and more", aws(`{account: "111122223333", regions: [all, eu-west-1]}`), []string{"vigil.yaml:5:47: serve.connectors[0].aws.regions lists all and other regions: write [all] alone"}},
		{"aws regions empty", aws(`{account: "111122223333", regions: []}`), []string{"vigil.yaml:5:47: serve.connectors[0].aws.regions is empty: write [all] or list the regions to read"}},
		{"aws regions string", aws(`{account: "111122223333", regions: all}`), []string{"vigil.yaml:5:47: serve.connectors[0].aws.regions must be a list of strings, not a string"}},
		{"aws service", aws(`{account: "111122223333", regions: [all], services: [S3]}`), []string{`serve.connectors[0].aws.services[0]: "S3" is not a service name`}},
		{"aws unknown key", aws(`{account: "111122223333", region: [all]}`), []string{`vigil.yaml:5:38: unknown key "region" in serve.connectors[0].aws: did you mean "regions"?`}},

		// Kubernetes.
		{"kubernetes in_cluster and kubeconfig", kube(`{in_cluster: true, kubeconfig: k, context: c, cluster_name: x}`), []string{"vigil.yaml:5:19: serve.connectors[0].kubernetes: in_cluster: true reads the cluster Vigil runs in: leave out kubeconfig and context, or in_cluster"}},
		{"kubernetes in_cluster without name", kube(`{in_cluster: true}`), []string{"vigil.yaml:5:19: serve.connectors[0].kubernetes has no cluster_name"}},
		{"kubernetes no context", kube(`{kubeconfig: /k}`), []string{"vigil.yaml:5:19: serve.connectors[0].kubernetes needs kubeconfig and context"}},
		{"kubernetes in_cluster type", kube(`{in_cluster: yes please, cluster_name: x}`), []string{`vigil.yaml:5:32: serve.connectors[0].kubernetes.in_cluster must be true or false, not "yes please"`}},
		{"kubernetes empty", kube(`{}`), []string{"vigil.yaml:5:19: serve.connectors[0].kubernetes needs kubeconfig and context"}},

		// Schedules.
		{"schedule neither", sched(`{jitter: 5m}`), []string{`vigil.yaml:6:17: serve.connectors[0].schedule needs one of every, cron: write every: 1h or cron: "0 */6 * * *"`}},
		{"schedule both", sched(`{every: 1h, cron: "0 * * * *"}`), []string{"vigil.yaml:6:17: serve.connectors[0].schedule has every and cron: give only one of them"}},
		{"every too often", sched(`{every: 1m}`), []string{"vigil.yaml:6:25: serve.connectors[0].schedule.every: 1m is too often: scan at most every 5m"}},
		{"every not a duration", sched(`{every: hourly}`), []string{`vigil.yaml:6:25: serve.connectors[0].schedule.every: "hourly" is not a duration`}},
		{"cron bad field", sched(`{cron: "0 25 * * *"}`), []string{`vigil.yaml:6:24: serve.connectors[0].schedule.cron: "0 25 * * *" is not a valid cron expression: end of range (25) above maximum (23): 25`}},
		{"cron six fields", sched(`{cron: "0 0 */6 * * *"}`), []string{`vigil.yaml:6:24: serve.connectors[0].schedule.cron: "0 0 */6 * * *" is not a five-field cron expression (minute hour day-of-month month day-of-week, in UTC)`}},
		{"cron descriptor", sched(`{cron: "@every 1h"}`), []string{`"@every 1h" is not a five-field cron expression`}},
		{"cron time zone", sched(`{cron: "CRON_TZ=UTC 0 * * *"}`), []string{`is not a five-field cron expression`}},
		{"cron too often", sched(`{cron: "*/2 * * * *"}`), []string{`vigil.yaml:6:24: serve.connectors[0].schedule.cron: "*/2 * * * *" runs 2m apart: scan at most every 5m`}},
		{"cron too often at times", sched(`{cron: "0,1 9 * * *"}`), []string{`"0,1 9 * * *" runs 1m apart`}},
		{"cron never", sched(`{cron: "0 0 31 2 *"}`), []string{`vigil.yaml:6:24: serve.connectors[0].schedule.cron: "0 0 31 2 *" never runs: check the day and month`}},
		{"cron number", sched(`{cron: 5}`), []string{`serve.connectors[0].schedule.cron: "5" is not a five-field cron expression`}},
		{"jitter as long as every", sched(`{every: 1h, jitter: 1h}`), []string{"vigil.yaml:6:37: serve.connectors[0].schedule.jitter (1h) is not shorter than the interval (1h): runs would overlap; make it less, such as 6m"}},
		{"jitter longer than cron gap", sched(`{cron: "0 9,10 * * *", jitter: 2h}`), []string{"vigil.yaml:6:48: serve.connectors[0].schedule.jitter (2h) is not shorter than the interval (1h)"}},
		{"jitter bad", sched(`{every: 1h, jitter: -1m}`), []string{`vigil.yaml:6:37: serve.connectors[0].schedule.jitter: "-1m" is negative`}},

		// Channels.
		{"channels a list", srv("  channels: [a]\n"), []string{"vigil.yaml:3:13: serve.channels must be a mapping of names to channels, not a list"}},
		{"channel bad name", srv("  channels:\n    On Call: {pagerduty: {routing_key: {env: K}}}\n"), []string{`vigil.yaml:4:5: serve.channels: "On Call" is not a valid channel name`}},
		{"channel no kind", srv("  channels:\n    a: {rate_limit: 1/1h}\n"), []string{"vigil.yaml:4:8: serve.channels.a needs one of slack, webhook, pagerduty, email, github, jira"}},
		{"channel two kinds", srv("  channels:\n    a: {slack: {webhook_url: {env: S}}, pagerduty: {routing_key: {env: K}}}\n"), []string{"vigil.yaml:4:8: serve.channels.a has slack and pagerduty: give only one of them"}},
		{"channel unknown kind", srv("  channels:\n    a: {teams: {}}\n"), []string{`vigil.yaml:4:9: unknown key "teams" in serve.channels.a`, "Known keys: slack, webhook, pagerduty, email, github, jira, rate_limit"}},
		{"channel twice", srv("  channels:\n    a: {slack: {webhook_url: {env: S}}}\n    a: {slack: {webhook_url: {env: S}}}\n"), []string{"vigil.yaml:5:5: serve.channels.a is set twice (first on line 4): keep one"}},
		{"slack plain url", srv("  channels:\n    a: {slack: {webhook_url: https://hooks.slack.com/services/T/B/X}}\n"), []string{"vigil.yaml:4:30: serve.channels.a.slack.webhook_url is a secret and is never written in the file: write it as {env: VIGIL_SERVE_CHANNELS_A_SLACK_WEBHOOK_URL}"}},
		{"slack no url", srv("  channels:\n    a: {slack: {}}\n"), []string{"vigil.yaml:4:16: serve.channels.a.slack has no webhook_url: add it"}},
		{"webhook no secret", srv("  channels:\n    a: {webhook: {url: https://h.example.com}}\n"), []string{"vigil.yaml:4:18: serve.channels.a.webhook has no hmac_secret: add it"}},
		{"webhook bad url", srv("  channels:\n    a: {webhook: {url: /hook, hmac_secret: {env: H}}}\n"), []string{`vigil.yaml:4:24: serve.channels.a.webhook.url: "/hook" is not an absolute http(s) URL`}},
		{"pagerduty empty secret", srv("  channels:\n    a: {pagerduty: {routing_key: {}}}\n"), []string{"vigil.yaml:4:34: serve.channels.a.pagerduty.routing_key names no secret"}},
		{"email missing", srv("  channels:\n    a: {email: {smtp_host: smtp.example.com, to: [a@example.com]}}\n"), []string{"vigil.yaml:4:16: serve.channels.a.email has no from: add it"}},
		{"email bad address", srv("  channels:\n    a: {email: {smtp_host: s, from: vigil, to: [a@example.com, nobody]}}\n"), []string{`vigil.yaml:4:37: serve.channels.a.email.from: "vigil" is not an e-mail address`, `vigil.yaml:4:64: serve.channels.a.email.to[1]: "nobody" is not an e-mail address`}},
		{"email no recipients", srv("  channels:\n    a: {email: {smtp_host: s, from: v@example.com, to: []}}\n"), []string{"vigil.yaml:4:56: serve.channels.a.email.to is empty: give at least one address"}},
		{"email port", srv("  channels:\n    a: {email: {smtp_host: s, smtp_port: 70000, from: v@example.com, to: [a@example.com]}}\n"), []string{"vigil.yaml:4:42: serve.channels.a.email.smtp_port: 70000 is not a port"}},
		{"email user without password", srv("  channels:\n    a: {email: {smtp_host: s, from: v@example.com, to: [a@example.com], username: u}}\n"), []string{"vigil.yaml:4:16: serve.channels.a.email: give username and password together"}},
		{"email starttls", srv("  channels:\n    a: {email: {smtp_host: s, from: v@example.com, to: [a@example.com], starttls: \"no\"}}\n"), []string{`serve.channels.a.email.starttls must be true or false, not "no": write it without quotes`}},
		{"github repo", srv("  channels:\n    a: {github: {repo: infra, token: {env: T}}}\n"), []string{`vigil.yaml:4:24: serve.channels.a.github.repo: "infra" is not a repository: write owner/name`}},
		{"github token plain", srv("  channels:\n    a: {github: {repo: a/b, token: ghp_x}}\n"), []string{"vigil.yaml:4:36: serve.channels.a.github.token is a secret and is never written in the file"}},
		{"jira http", srv("  channels:\n    a: {jira: {base_url: http://x.atlassian.net, project: SEC, email: a@example.com, token: {env: J}}}\n"), []string{`vigil.yaml:4:26: serve.channels.a.jira.base_url: "http://x.atlassian.net" must use https`}},
		{"jira project", srv("  channels:\n    a: {jira: {base_url: https://x.atlassian.net, project: security, email: a@example.com, token: {env: J}}}\n"), []string{`serve.channels.a.jira.project: "security" is not a Jira project key`}},
		{"jira missing", srv("  channels:\n    a: {jira: {base_url: https://x.atlassian.net}}\n"), []string{"vigil.yaml:4:15: serve.channels.a.jira has no project: add it"}},
		{"rate limit", srv("  channels:\n    a: {slack: {webhook_url: {env: S}}, rate_limit: 30 per minute}\n"), []string{`vigil.yaml:4:53: serve.channels.a.rate_limit: "30 per minute" is not a rate limit: write a count of at least 1, a slash and a duration, such as 30/1h`}},
		{"rate limit zero", srv("  channels:\n    a: {slack: {webhook_url: {env: S}}, rate_limit: 0/1h}\n"), []string{`"0/1h" is not a rate limit`}},
		{"rate limit duration", srv("  channels:\n    a: {slack: {webhook_url: {env: S}}, rate_limit: 5/1y}\n"), []string{`serve.channels.a.rate_limit: "5/1y": "1y": unknown unit "y"`}},

		// Routes.
		{"route unknown channel", route(slack, "{action: page, channel: oncall}"), []string{`vigil.yaml:6:31: serve.routes[0].channel: no channel "oncall": define it under serve.channels, or use one of "sec"`}},
		{"route channel typo", route(slack, "{action: page, channel: sce}"), []string{`vigil.yaml:6:31: serve.routes[0].channel: no channel "sce": did you mean "sec"?`}},
		{"route no channels", srv("  routes:\n    - {action: page, channel: oncall}\n"), []string{`vigil.yaml:4:31: serve.routes[0].channel: no channel "oncall": define it under serve.channels`}},
		{"route before channels", srv("  routes:\n    - {action: page, channel: nope}\n  channels:\n    " + slack + "\n"), []string{`vigil.yaml:4:31: serve.routes[0].channel: no channel "nope"`}},
		{"route channel in error is no second error", route("sec: {slack: {webhook_url: plain}}", "{action: page, channel: sec}"), []string{"serve.channels.sec.slack.webhook_url is a secret"}},
		{"route action", route(slack, "{action: notify, channel: sec}"), []string{`vigil.yaml:6:16: serve.routes[0].action: "notify" is not an action: use page, ticket or digest`}},
		{"route no action", route(slack, "{channel: sec}"), []string{"vigil.yaml:6:7: serve.routes[0] has no action: add it"}},
		{"route ticket to slack", route(slack, "{action: ticket, channel: sec}"), []string{`vigil.yaml:6:33: serve.routes[0].channel: "sec" is a slack channel, which cannot ticket: use a github or jira channel`}},
		{"route digest without interval", route(slack, "{action: digest, channel: sec}"), []string{"vigil.yaml:6:7: serve.routes[0] is a digest with no digest_every: say how often it is sent, such as digest_every: 1d"}},
		{"route page with interval", route(slack, "{action: page, channel: sec, digest_every: 1d}"), []string{"vigil.yaml:6:50: serve.routes[0].digest_every: digest_every is for action: digest, not page: remove it"}},
		{"route digest too often", route(slack, "{action: digest, channel: sec, digest_every: 5m}"), []string{"serve.routes[0].digest_every: 5m is too often for a digest: use 1h or more"}},
		{"route min_risk", route(slack, "{match: {min_risk: 150}, action: page, channel: sec}"), []string{"vigil.yaml:6:26: serve.routes[0].match.min_risk: 150 is not a risk score: use 0 to 100"}},
		{"route min_severity", route(slack, "{match: {min_severity: urgent}, action: page, channel: sec}"), []string{`vigil.yaml:6:30: serve.routes[0].match.min_severity: "urgent" is not a severity: use critical, high, medium, low or info`}},
		{"route rules glob", route(slack, "{match: {rules: [\"aws-[\"]}, action: page, channel: sec}"), []string{`vigil.yaml:6:24: serve.routes[0].match.rules[0]: "aws-[" is not a valid glob`}},
		{"route toxic type", route(slack, "{match: {toxic: 1}, action: page, channel: sec}"), []string{`vigil.yaml:6:23: serve.routes[0].match.toxic must be true or false, not "1"`}},
		{"route match key", route(slack, "{match: {severity: high}, action: page, channel: sec}"), []string{`vigil.yaml:6:16: unknown key "severity" in serve.routes[0].match. Known keys: min_severity, min_risk`}},
		{"route match a list", route(slack, "{match: [toxic], action: page, channel: sec}"), []string{"vigil.yaml:6:15: serve.routes[0].match must be a mapping with keys min_severity, min_risk, rules, frameworks, accounts, clusters, owners, toxic, exposed, not a list"}},

		// Auth.
		{"token plain", srv("  auth:\n    tokens:\n      - {name: ci, role: ci, sha256: vgl_live_abcdef}\n"), []string{"vigil.yaml:5:38: serve.auth.tokens[0].sha256 is not a SHA-256: write the token's SHA-256 as 64 lower-case hex digits (printf %s \"$TOKEN\" | sha256sum), never the token itself"}},
		{"token upper hex", srv("  auth:\n    tokens:\n      - {name: ci, role: ci, sha256: " + strings.Repeat("AB", 32) + "}\n"), []string{"serve.auth.tokens[0].sha256 is not a SHA-256: the token's SHA-256 as 64 lower-case hex digits"}},
		{"token no hash", srv("  auth:\n    tokens:\n      - {name: ci, role: ci}\n"), []string{"vigil.yaml:5:9: serve.auth.tokens[0] needs one of sha256, hash_file: tokens are kept only hashed"}},
		{"token both hashes", srv("  auth:\n    tokens:\n      - {name: ci, role: ci, hash_file: h, sha256: " + strings.Repeat("ab", 32) + "}\n"), []string{"vigil.yaml:5:9: serve.auth.tokens[0] has sha256 and hash_file: give only one of them"}},
		{"token role", srv("  auth:\n    tokens:\n      - {name: ci, role: root, hash_file: h}\n"), []string{`vigil.yaml:5:26: serve.auth.tokens[0].role: "root" is not a role: use viewer, operator, admin or ci`}},
		{"token no role", srv("  auth:\n    tokens:\n      - {name: ci, hash_file: h}\n"), []string{"vigil.yaml:5:9: serve.auth.tokens[0] has no role: add it"}},
		{"token token key", srv("  auth:\n    tokens:\n      - {name: ci, role: ci, token: {env: T}}\n"), []string{`vigil.yaml:5:30: unknown key "token" in serve.auth.tokens[0]`}},
		{"token names twice", srv("  auth:\n    tokens:\n      - {name: ci, role: ci, hash_file: a}\n      - {name: ci, role: ci, hash_file: b}\n"), []string{`vigil.yaml:6:9: serve.auth.tokens[1]: the name "ci" is taken by serve.auth.tokens[0]`}},
		{"token scope key", srv("  auth:\n    tokens:\n      - {name: v, role: viewer, hash_file: a, scope: {teams: [x]}}\n"), []string{`unknown key "teams" in serve.auth.tokens[0].scope. Known keys: accounts, clusters, namespaces, owners`}},
		{"oidc http issuer", srv("  auth:\n    oidc: {issuer: http://login.example.com, client_id: v, client_secret: {env: S}, redirect_url: https://v.example.com/cb, groups: {sec: {role: admin}}}\n"), []string{`vigil.yaml:4:20: serve.auth.oidc.issuer: "http://login.example.com" must use https`}},
		{"oidc missing", srv("  auth:\n    oidc: {issuer: https://login.example.com}\n"), []string{"vigil.yaml:4:11: serve.auth.oidc has no client_id: add it", "serve.auth.oidc has no client_secret", "serve.auth.oidc has no redirect_url", "serve.auth.oidc has no groups"}},
		{"oidc secret plain", srv("  auth:\n    oidc: {issuer: https://l.example.com, client_id: v, client_secret: abc, redirect_url: https://v.example.com/cb, groups: {sec: {role: admin}}}\n"), []string{"serve.auth.oidc.client_secret is a secret and is never written in the file"}},
		{"oidc group role", srv("  auth:\n    oidc: {issuer: https://l.example.com, client_id: v, client_secret: {env: S}, redirect_url: https://v.example.com/cb, groups: {sec: {role: boss}}}\n"), []string{`serve.auth.oidc.groups.sec.role: "boss" is not a role`}},
		{"oidc group no role", srv("  auth:\n    oidc: {issuer: https://l.example.com, client_id: v, client_secret: {env: S}, redirect_url: https://v.example.com/cb, groups: {sec: {scope: {owners: [x]}}}}\n"), []string{"serve.auth.oidc.groups.sec has no role: add role: viewer, operator, admin or ci"}},
		{"oidc no groups", srv("  auth:\n    oidc: {issuer: https://l.example.com, client_id: v, client_secret: {env: S}, redirect_url: https://v.example.com/cb, groups: {}}\n"), []string{"vigil.yaml:4:11: serve.auth.oidc.groups is empty: map at least one group to a role, or nobody can sign in"}},
		{"session_ttl", srv("  auth: {session_ttl: 0h}\n"), []string{`vigil.yaml:3:23: serve.auth.session_ttl: "0h" is zero`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("vigil.yaml", []byte(tc.src))
			var errs *Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Parse = %v, want *Errors\n%s", err, tc.src)
			}
			msg := err.Error()
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("errors:\n%s\nwant one containing:\n%s", msg, w)
				}
			}
			if strings.Contains(msg, "internal error") {
				t.Errorf("internal error:\n%s", msg)
			}
		})
	}
}

// TestServeAliasKeys: a key written through an alias counts as written.
func TestServeAliasKeys(t *testing.T) {
	c := parse(t, "version: 1\nserve:\n  connectors:\n    - &n name: c\n      kubernetes: {in_cluster: true, cluster_name: x}\n      schedule: {every: 1h}\n    - *n : d\n      kubernetes: {in_cluster: true, cluster_name: y}\n      schedule: {every: 1h}\n")
	if len(c.Serve.Connectors) != 2 || c.Serve.Connectors[1].Name != "d" {
		t.Errorf("connectors = %+v: the second, named through an alias key, is lost", c.Serve.Connectors)
	}
}

// TestServeOneErrorPerMistake: a key reported unknown is not reported
// missing too, and a route naming a channel in error is not reported
// again.
func TestServeOneErrorPerMistake(t *testing.T) {
	for name, src := range map[string]string{
		"aws key":          "version: 1\nserve:\n  connectors:\n    - name: c\n      aws: {account: \"111122223333\", region: [all]}\n      schedule: {every: 1h}\n",
		"schedule key":     "version: 1\nserve:\n  connectors:\n    - name: c\n      kubernetes: {in_cluster: true, cluster_name: x}\n      schedule: {evry: 1h}\n",
		"connector key":    "version: 1\nserve:\n  connectors:\n    - nmae: c\n      kubernetes: {in_cluster: true, cluster_name: x}\n      schedule: {every: 1h}\n",
		"slack key":        "version: 1\nserve:\n  channels:\n    a: {slack: {webhookurl: {env: S}}}\n",
		"channel in error": "version: 1\nserve:\n  channels:\n    a: {slack: {webhook_url: plain}}\n  routes:\n    - {action: page, channel: a}\n",
		"token key":        "version: 1\nserve:\n  auth:\n    tokens:\n      - {name: a, role: ci, sha265: x}\n",
		"oidc key":         "version: 1\nserve:\n  auth:\n    oidc: {issuer: https://l.example.com, clientid: v, client_secret: {env: S}, redirect_url: https://v.example.com/cb, groups: {a: {role: admin}}}\n",
		"route key":        "version: 1\nserve:\n  channels:\n    a: {slack: {webhook_url: {env: S}}}\n  routes:\n    - {acton: page, channel: a}\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("vigil.yaml", []byte(src))
			var errs *Errors
			if !errors.As(err, &errs) || len(errs.List) != 1 {
				t.Fatalf("want one error, got:\n%v", err)
			}
		})
	}
}

// TestServeNoSilentDrop: a value or list element of the full example
// set to null is
// either a mistake reported, or leaves every connector, channel, route,
// token and OIDC group in place: nothing is dropped without a word.
func TestServeNoSilentDrop(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "serve.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		t.Fatal(err)
	}
	counts := func(c *Config) [5]int {
		s := c.Serve
		groups := -1
		if s.Auth.OIDC != nil {
			groups = len(s.Auth.OIDC.Groups)
		}
		return [5]int{len(s.Connectors), len(s.Channels), len(s.Routes), len(s.Auth.Tokens), groups}
	}
	want := counts(parse(t, string(src)))
	// Lists and mappings of entries set to null are unset, as in every
	// section: their defaults apply.
	unset := map[string]bool{"connectors": true, "channels": true, "routes": true, "auth": true, "tokens": true, "oidc": true}
	var values []*yaml.Node
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for i := 1; i < len(n.Content); i += 2 {
				if !unset[n.Content[i-1].Value] {
					values = append(values, n.Content[i])
				}
			}
		}
		if n.Kind == yaml.SequenceNode {
			values = append(values, n.Content...)
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(doc.Content[0].Content[3]) // serve's value
	if len(values) < 100 {
		t.Fatalf("only %d values found in the example", len(values))
	}
	for _, v := range values {
		saved := *v
		*v = yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "~", Line: v.Line, Column: v.Column}
		out, err := yaml.Marshal(&doc)
		*v = saved
		if err != nil {
			t.Fatal(err)
		}
		c, err := Parse("vigil.yaml", out)
		if err == nil && counts(c) != want {
			t.Errorf("line %d column %d set to null: counts %v, want %v or an error", saved.Line, saved.Column, counts(c), want)
		}
	}
}
