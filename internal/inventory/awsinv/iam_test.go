package awsinv

import (
	"encoding/json"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/awstest"
	"github.com/vigil-cspm/vigil/internal/inventory"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/scan/scantest"
)

var iamServices = []string{"iam", "accessanalyzer", "account", "organizations"}

// iamScopes are the coverage scopes of the family in a scenario account.
func iamScopes(acct string) string {
	s := []string{
		"aws.accessanalyzer.regional_settings@" + acct + "/eu-west-1",
		"aws.accessanalyzer.regional_settings@" + acct + "/us-east-1",
		"aws.account.settings@" + acct,
		"aws.iam.account_settings@" + acct,
		"aws.iam.group@" + acct,
		"aws.iam.policy@" + acct,
		"aws.iam.role@" + acct,
		"aws.iam.server_certificate@" + acct,
		"aws.iam.user@" + acct,
		"aws.organizations.organization@" + acct,
	}
	return strings.Join(s, " ")
}

func iamCoverage(res inventory.Result) (scopes, statuses string) {
	var sc, st []string
	for _, c := range res.Coverage {
		sc = append(sc, c.Scope)
		st = append(st, c.Scope+"="+c.Status+" "+c.API+" "+c.Reason)
	}
	sort.Strings(sc)
	sort.Strings(st)
	return strings.Join(sc, " "), strings.Join(st, "\n")
}

// attr walks a dotted path through a resource's attributes.
func iamAttr(r *model.Resource, path string) any {
	var v any = r.Attributes
	for _, k := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func iamNum(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int:
		return int64(x)
	case float64:
		return int64(x)
	}
	return -1
}

func iamResource(t *testing.T, rs map[string]*model.Resource, id string) *model.Resource {
	t.Helper()
	r := rs[id]
	if r == nil {
		ids := make([]string, 0, len(rs))
		for k := range rs {
			ids = append(ids, k)
		}
		sort.Strings(ids)
		t.Fatalf("%s not collected; got\n%s", id, strings.Join(ids, "\n"))
	}
	return r
}

func iamDump(r *model.Resource) string {
	b, _ := json.MarshalIndent(r.Attributes, "", " ")
	return string(b)
}

// findings evaluates the rule library on the collected resources and
// returns rule id -> the names of the resources it fired on.
func iamFindings(t *testing.T, res inventory.Result) (map[string][]string, map[string]model.Severity) {
	t.Helper()
	rs := scantest.Evaluate(t, scantest.Library(t).Engine, res.Resources)
	out := map[string][]string{}
	sev := map[string]model.Severity{}
	for _, r := range rs {
		out[r.Rule.ID] = append(out[r.Rule.ID], r.Resource.Name)
		sev[r.Rule.ID] = r.Rule.Severity
	}
	return out, sev
}

// iamFamilyRules are the rules of this family, with a resource each must
// fire on in the misconfigured scenario.
var iamFamilyRules = map[string]string{
	"aws-iam-root-access-keys":                      "111111111111",
	"aws-iam-root-mfa":                              "111111111111",
	"aws-iam-root-hardware-mfa":                     "111111111111",
	"aws-iam-root-recent-use":                       "111111111111",
	"aws-iam-password-min-length":                   "111111111111",
	"aws-iam-password-reuse-prevention":             "111111111111",
	"aws-iam-user-console-mfa":                      "alice",
	"aws-iam-unused-credentials":                    "ci-deployer",
	"aws-iam-access-key-rotation":                   "alice",
	"aws-iam-multiple-access-keys":                  "alice",
	"aws-iam-user-direct-policies":                  "alice",
	"aws-iam-full-admin-policy":                     "legacy-admin",
	"aws-iam-inline-full-admin":                     "break-glass",
	"aws-iam-support-role":                          "111111111111",
	"aws-iam-expired-server-certificate":            "old-web-cert",
	"aws-accessanalyzer-not-enabled":                "111111111111/eu-west-1",
	"aws-iam-cloudshell-full-access":                "111111111111",
	"aws-account-security-contact":                  "111111111111",
	"aws-iam-wildcard-pass-role":                    "lambda-exec",
	"aws-iam-role-trusts-any-principal":             "public-assume",
	"aws-iam-role-cross-account-external-id":        "vendor-access",
	"aws-organizations-root-credentials-management": "o-misconf111",
	"aws-iam-no-federation":                         "111111111111",
}

func TestMisconfiguredIAM(t *testing.T) {
	srv := replay(t, "misconfigured")
	s, res := scan(t, Config{Services: iamServices})
	if m := srv.Misses(); len(m) > 0 {
		t.Fatalf("requests without a recorded response:\n%s", strings.Join(m, "\n"))
	}
	if res.Status != model.ScanComplete {
		_, st := iamCoverage(res)
		t.Errorf("status %s:\n%s", res.Status, st)
	}
	if got, _ := iamCoverage(res); got != iamScopes("111111111111") {
		t.Errorf("coverage scopes\n%s\nwant\n%s", got, iamScopes("111111111111"))
	}
	checkDeclared(t, s, iamCollectors())
	// The GetAccountAuthorizationDetails pages and ListAnalyzers pages
	// were both followed.
	if n := srv.Calls()["iam:GetAccountAuthorizationDetails"]; n != 2 {
		t.Errorf("GetAccountAuthorizationDetails called %d times, want 2 pages", n)
	}
	rs := byID(res)

	acct := iamResource(t, rs, "arn:aws:iam::111111111111:vigil/account-settings")
	for path, want := range map[string]any{
		"root_access_keys_present": true, "root_mfa_enabled": false, "root_hardware_mfa": false,
		"password_policy.minimum_password_length": int64(8), "support_role_attached": false,
		"cloudshell_full_access_entities.groups": []any{"developers"}, "federation_configured": false,
		"root.user": "<root_account>", "root.access_key_1_active": true, "root_credentials_management": false,
	} {
		if got := iamAttr(acct, path); !iamEqual(got, want) {
			t.Errorf("account settings %s = %v, want %v", path, got, want)
		}
	}
	if n := iamNum(iamAttr(acct, "console_users")); n != 2 {
		t.Errorf("console users %d, want 2 (alice, bob)", n)
	}
	if n := iamNum(iamAttr(acct, "summary_map.Users")); n != 3 {
		t.Errorf("summary map users %d", n)
	}

	alice := iamResource(t, rs, "arn:aws:iam::111111111111:user/alice")
	if alice.Labels["team"] != "platform" || alice.Region != "" || alice.Account != "111111111111" {
		t.Errorf("alice identity: labels %v region %q account %q", alice.Labels, alice.Region, alice.Account)
	}
	for path, want := range map[string]any{
		"direct_policies": int64(2), "active_access_keys": int64(2), "wildcard_pass_role": true,
		"credentials.password_enabled": true, "credentials.mfa_active": false,
		"credentials.access_key_1_last_used_region": "eu-west-1",
		"user_policy_list":                          nil,
	} {
		if path == "user_policy_list" {
			continue
		}
		if got := iamAttr(alice, path); !iamEqual(got, want) {
			t.Errorf("alice %s = %v, want %v", path, got, want)
		}
	}
	if d := iamNum(iamAttr(alice, "credentials.access_key_1_last_rotated_days")); d < 1000 {
		t.Errorf("alice key 1 age %d days", d)
	}
	if d := iamNum(iamAttr(alice, "credentials.password_idle_days")); d < 900 {
		t.Errorf("alice password idle %d days", d)
	}
	ci := iamResource(t, rs, "arn:aws:iam::111111111111:user/ci/ci-deployer")
	if iamAttr(ci, "credentials.password_enabled") != false || iamNum(iamAttr(ci, "direct_policies")) != 0 {
		t.Errorf("ci-deployer: %s", iamDump(ci))
	}
	dev := iamResource(t, rs, "arn:aws:iam::111111111111:group/developers")
	if !iamEqual(iamAttr(dev, "users"), []any{"bob", "ci-deployer"}) {
		t.Errorf("developers members %v (joined across GetAccountAuthorizationDetails pages)", iamAttr(dev, "users"))
	}
	pub := iamResource(t, rs, "arn:aws:iam::111111111111:role/public-assume")
	if iamAttr(pub, "trust.any_principal") != true {
		t.Errorf("public-assume trust %v", iamAttr(pub, "trust"))
	}
	vendor := iamResource(t, rs, "arn:aws:iam::111111111111:role/vendor-access")
	if !iamEqual(iamAttr(vendor, "trust.external_accounts_without_external_id"), []any{"999999999999"}) || vendor.Labels["vendor"] != "acme" {
		t.Errorf("vendor-access trust %v labels %v", iamAttr(vendor, "trust"), vendor.Labels)
	}
	lambda := iamResource(t, rs, "arn:aws:iam::111111111111:role/service/lambda-exec")
	if iamAttr(lambda, "wildcard_pass_role") != true || !iamEqual(iamAttr(lambda, "trust.services"), []any{"lambda.amazonaws.com"}) {
		t.Errorf("lambda-exec %s", iamDump(lambda))
	}
	admin := iamResource(t, rs, "arn:aws:iam::aws:policy/AdministratorAccess")
	if iamAttr(admin, "aws_managed") != true || iamAttr(admin, "document.analysis.full_admin") != true || iamNum(iamAttr(admin, "attachment_count")) != 1 || iamAttr(admin, "default_version_id") != "v2" {
		t.Errorf("AdministratorAccess %s", iamDump(admin))
	}
	if iamAttr(iamResource(t, rs, "arn:aws:iam::111111111111:policy/legacy-admin"), "document.analysis.full_admin") != true {
		t.Error(`legacy-admin ("*:*") should be full admin`)
	}
	if rs["arn:aws:iam::aws:policy/ViewOnlyAccess"] != nil {
		t.Error("unattached AWS managed policies should not be emitted")
	}
	if rs["arn:aws:iam::111111111111:policy/unused-admin"] == nil {
		t.Error("unattached customer managed policies should be emitted")
	}
	if c := iamResource(t, rs, "arn:aws:iam::111111111111:server-certificate/old-web-cert"); iamAttr(c, "expired") != true || iamNum(iamAttr(c, "expires_in_days")) >= 0 {
		t.Errorf("old-web-cert %s", iamDump(c))
	}
	if c := iamResource(t, rs, "arn:aws:iam::111111111111:server-certificate/web-cert-2031"); iamAttr(c, "expired") != false {
		t.Errorf("web-cert-2031 %s", iamDump(c))
	}
	use1 := iamResource(t, rs, "arn:aws:access-analyzer:us-east-1:111111111111:vigil/regional-settings")
	if use1.Region != "us-east-1" || iamAttr(use1, "external_access_active") != true || len(iamAttr(use1, "analyzers").([]any)) != 2 {
		t.Errorf("us-east-1 analyzers (two pages): %s", iamDump(use1))
	}
	if euw1 := iamResource(t, rs, "arn:aws:access-analyzer:eu-west-1:111111111111:vigil/regional-settings"); iamAttr(euw1, "external_access_active") != false {
		t.Errorf("eu-west-1 analyzers: %s", iamDump(euw1))
	}
	contacts := iamResource(t, rs, "arn:aws:account::111111111111:vigil/settings")
	if iamAttr(contacts, "security_contact") != nil || iamAttr(contacts, "contact_information.full_name") != "Jane Founder" {
		t.Errorf("account settings %s", iamDump(contacts))
	}
	org := iamResource(t, rs, "arn:aws:organizations::111111111111:organization/o-misconf111")
	if iamAttr(org, "is_management_account") != true || len(iamAttr(org, "service_control_policies").([]any)) != 1 || iamAttr(org, "resource_control_policies") != nil {
		t.Errorf("organization %s", iamDump(org))
	}
	if _, ok := org.Attributes["unread"]; ok {
		t.Errorf("organization unread %v", org.Attributes["unread"])
	}

	got, _ := iamFindings(t, res)
	t.Logf("findings: %v", got)
	for id, name := range iamFamilyRules {
		if !iamContains(got[id], name) {
			t.Errorf("rule %s should fire on %s; fired on %v", id, name, got[id])
		}
	}
	// Negative controls inside the misconfigured account.
	for id, name := range map[string]string{
		"aws-iam-full-admin-policy":         "unused-admin",
		"aws-iam-user-console-mfa":          "bob",
		"aws-accessanalyzer-not-enabled":    "111111111111/us-east-1",
		"aws-iam-role-trusts-any-principal": "vendor-access",
		"aws-iam-inline-full-admin":         "lambda-exec",
	} {
		if iamContains(got[id], name) {
			t.Errorf("rule %s should not fire on %s", id, name)
		}
	}
}

func TestHardenedIAM(t *testing.T) {
	srv := replay(t, "hardened")
	s, res := scan(t, Config{Services: iamServices})
	if m := srv.Misses(); len(m) > 0 {
		t.Fatalf("requests without a recorded response:\n%s", strings.Join(m, "\n"))
	}
	if res.Status != model.ScanComplete {
		_, st := iamCoverage(res)
		t.Errorf("status %s:\n%s", res.Status, st)
	}
	if got, _ := iamCoverage(res); got != iamScopes("222222222222") {
		t.Errorf("coverage scopes\n%s\nwant\n%s", got, iamScopes("222222222222"))
	}
	checkDeclared(t, s, iamCollectors())
	rs := byID(res)
	acct := iamResource(t, rs, "arn:aws:iam::222222222222:vigil/account-settings")
	for path, want := range map[string]any{
		"root_access_keys_present": false, "root_mfa_enabled": true, "root_hardware_mfa": true,
		"support_role_attached": true, "support_access_entities.roles": []any{"support"},
		"federation_configured": true, "root_credentials_management": true,
		"organizations_features": []any{"RootCredentialsManagement", "RootSessions"},
	} {
		if got := iamAttr(acct, path); !iamEqual(got, want) {
			t.Errorf("account settings %s = %v, want %v", path, got, want)
		}
	}
	vendor := iamResource(t, rs, "arn:aws:iam::222222222222:role/vendor-readonly")
	if iamAttr(vendor, "trust.external_accounts_without_external_id") != nil || !iamEqual(iamAttr(vendor, "trust.external_accounts"), []any{"999999999999"}) {
		t.Errorf("vendor-readonly trust %v", iamAttr(vendor, "trust"))
	}
	if slr := iamResource(t, rs, "arn:aws:iam::222222222222:role/aws-service-role/support.amazonaws.com/AWSServiceRoleForSupport"); iamAttr(slr, "service_linked") != true {
		t.Errorf("service-linked role %s", iamDump(slr))
	}
	contacts := iamResource(t, rs, "arn:aws:account::222222222222:vigil/settings")
	for _, k := range []string{"security_contact", "billing_contact", "operations_contact"} {
		if iamAttr(contacts, k+".email_address") != "security@example.com" {
			t.Errorf("%s = %v", k, iamAttr(contacts, k))
		}
	}
	if iamAttr(contacts, "billing_contact.alternate_contact_type") != "BILLING" {
		t.Errorf("contacts are filed under the type asked for: %v", iamAttr(contacts, "billing_contact"))
	}
	org := iamResource(t, rs, "arn:aws:organizations::222222222222:organization/o-secure222")
	if len(iamAttr(org, "service_control_policies").([]any)) != 2 || len(iamAttr(org, "resource_control_policies").([]any)) != 1 || len(iamAttr(org, "delegated_administrators").([]any)) != 1 {
		t.Errorf("organization %s", iamDump(org))
	}

	got, sev := iamFindings(t, res)
	t.Logf("findings: %v", got)
	for id := range iamFamilyRules {
		if len(got[id]) > 0 && sev[id] != model.SeverityLow && sev[id] != model.SeverityInfo {
			t.Errorf("rule %s (%s) fired in the hardened account on %v", id, sev[id], got[id])
		}
	}
}

// A member account cannot list the organization's policies: those are
// coverage failures, the organization is still emitted.
func TestOrganizationMemberDenied(t *testing.T) {
	srv := replay(t, "misconfigured")
	denied := func(*awstest.Request) *awstest.Reply {
		return &awstest.Reply{Status: 400, Error: "AccessDeniedException", Message: "You don't have permissions to access this resource."}
	}
	srv.Handle("organizations:ListPolicies", denied)
	srv.Handle("organizations:ListDelegatedAdministrators", denied)
	_, res := scan(t, Config{Services: []string{"organizations"}})
	org := iamResource(t, byID(res), "arn:aws:organizations::111111111111:organization/o-misconf111")
	if !iamEqual(org.Attributes["unread"], []any{"delegated_administrators", "resource_control_policies", "service_control_policies"}) {
		t.Errorf("unread %v", org.Attributes["unread"])
	}
	if len(res.Coverage) != 1 || res.Coverage[0].Status != model.CoverageDenied || res.Coverage[0].API != "organizations:ListPolicies" {
		t.Errorf("coverage %+v", res.Coverage)
	}
}

// Outside an organization nothing is emitted and coverage is complete.
func TestOrganizationNotInUse(t *testing.T) {
	srv := replay(t, "misconfigured")
	srv.Handle("organizations:DescribeOrganization", func(*awstest.Request) *awstest.Reply {
		return &awstest.Reply{Status: 400, Error: "AWSOrganizationsNotInUseException", Message: "Your account is not a member of an organization."}
	})
	_, res := scan(t, Config{Services: []string{"organizations"}})
	if len(res.Resources) != 0 || len(res.Coverage) != 1 || res.Coverage[0].Status != model.CoverageComplete {
		t.Errorf("resources %d, coverage %+v", len(res.Resources), res.Coverage)
	}
}

// A denied sub-call marks its attribute unread and the scope partial,
// never fatal.
func TestIAMAccountSettingsPartial(t *testing.T) {
	srv := replay(t, "misconfigured")
	srv.Handle("iam:ListEntitiesForPolicy", func(*awstest.Request) *awstest.Reply {
		return &awstest.Reply{Status: 403, Error: "AccessDenied", Message: "not authorized"}
	})
	srv.Handle("iam:GetCredentialReport", func(*awstest.Request) *awstest.Reply {
		return &awstest.Reply{Status: 403, Error: "AccessDenied", Message: "not authorized"}
	})
	_, res := scan(t, Config{Services: []string{"iam"}})
	rs := byID(res)
	acct := iamResource(t, rs, "arn:aws:iam::111111111111:vigil/account-settings")
	if !iamEqual(acct.Attributes["unread"], []any{"cloudshell_full_access_entities", "console_users", "root", "support_access_entities", "support_role_attached"}) {
		t.Errorf("unread %v", acct.Attributes["unread"])
	}
	alice := iamResource(t, rs, "arn:aws:iam::111111111111:user/alice")
	if !iamEqual(alice.Attributes["unread"], []any{"active_access_keys", "credentials"}) {
		t.Errorf("alice unread %v", alice.Attributes["unread"])
	}
	got, _ := iamFindings(t, res)
	for _, id := range []string{"aws-iam-support-role", "aws-iam-cloudshell-full-access", "aws-iam-user-console-mfa", "aws-iam-root-recent-use", "aws-iam-no-federation"} {
		if len(got[id]) > 0 {
			t.Errorf("%s fired on unread data: %v", id, got[id])
		}
	}
}

func iamEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func iamContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// The credential report is polled while IAM generates it.
func TestCredentialReportWaits(t *testing.T) {
	defer func(w time.Duration) { credentialReportWait = w }(credentialReportWait)
	credentialReportWait = time.Millisecond
	srv := replay(t, "misconfigured")
	var mu sync.Mutex
	n := 0
	srv.Handle("iam:GenerateCredentialReport", func(*awstest.Request) *awstest.Reply {
		mu.Lock()
		defer mu.Unlock()
		n++
		if n < 3 {
			return &awstest.Reply{Body: map[string]any{"State": "INPROGRESS"}}
		}
		return &awstest.Reply{Body: map[string]any{"State": "COMPLETE"}}
	})
	_, res := scan(t, Config{Services: []string{"iam"}})
	if res.Status != model.ScanComplete || n != 3 {
		t.Errorf("status %s after %d GenerateCredentialReport calls", res.Status, n)
	}
	if c := iamAttr(byID(res)["arn:aws:iam::111111111111:user/alice"], "credentials.user"); c != "alice" {
		t.Errorf("alice's report row: %v", c)
	}
}
