package awsinv

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/awstest"
	"github.com/vigil-cspm/vigil/internal/inventory"
	"github.com/vigil-cspm/vigil/internal/model"
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

func coverage(res inventory.Result) (scopes, statuses string) {
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
func attr(r *model.Resource, path string) any {
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

func num(v any) int64 {
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

func mustResource(t *testing.T, rs map[string]*model.Resource, id string) *model.Resource {
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

func dump(r *model.Resource) string {
	b, _ := json.MarshalIndent(r.Attributes, "", " ")
	return string(b)
}

// checkActions: every SDK operation the scan ran is listed in the
// family's collectors' Actions.
func checkActions(t *testing.T, s *Scanner) {
	t.Helper()
	listed := map[string]bool{}
	for _, c := range iamCollectors() {
		for _, a := range c.Actions {
			listed[a] = true
		}
	}
	for op := range s.Operations() {
		if strings.HasPrefix(op, "STS:") || strings.HasPrefix(op, "EC2:DescribeRegions") {
			continue
		}
		if a := Action(op); !listed[a] {
			t.Errorf("operation %s (action %s) is not in the collectors' Actions", op, a)
		}
	}
}

func TestMisconfiguredIAM(t *testing.T) {
	srv := replay(t, "misconfigured")
	s, res := scan(t, Config{Services: iamServices})
	if m := srv.Misses(); len(m) > 0 {
		t.Fatalf("requests without a recorded response:\n%s", strings.Join(m, "\n"))
	}
	if res.Status != model.ScanComplete {
		_, st := coverage(res)
		t.Errorf("status %s:\n%s", res.Status, st)
	}
	if got, _ := coverage(res); got != iamScopes("111111111111") {
		t.Errorf("coverage scopes\n%s\nwant\n%s", got, iamScopes("111111111111"))
	}
	checkActions(t, s)
	rs := byID(res)
	acct := mustResource(t, rs, "arn:aws:iam::111111111111:vigil/account-settings")
	t.Log(dump(acct))
	for _, id := range []string{"arn:aws:iam::111111111111:user/alice", "arn:aws:iam::111111111111:role/public-assume", "arn:aws:iam::111111111111:role/vendor-access", "arn:aws:iam::111111111111:group/developers", "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:organizations::111111111111:organization/o-misconf111", "arn:aws:access-analyzer:eu-west-1:111111111111:vigil/regional-settings", "arn:aws:account::111111111111:vigil/settings", "arn:aws:iam::111111111111:server-certificate/old-web-cert"} {
		t.Log(id, dump(mustResource(t, rs, id)))
	}
	_ = awstest.AccessKeyFor
}

func TestHardenedIAMDump(t *testing.T) {
	srv := replay(t, "hardened")
	_, res := scan(t, Config{Services: iamServices})
	if m := srv.Misses(); len(m) > 0 {
		t.Fatalf("requests without a recorded response:\n%s", strings.Join(m, "\n"))
	}
	_, st := coverage(res)
	t.Log(res.Status, st)
	for _, r := range res.Resources {
		t.Log(r.ID, dump(r))
	}
}
