package oidc

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
)

// TestGrantFor: the highest role wins; the scopes of the groups granting
// it merge (an unscoped one makes the whole unscoped); ci and unknown
// groups grant nothing.
func TestGrantFor(t *testing.T) {
	conf := map[string]config.Grant{
		"view-all":   {Role: config.RoleViewer},
		"ops-pay":    {Role: config.RoleOperator, Scope: config.Scope{Owners: []string{"payments"}, Accounts: []string{"1111*"}}},
		"ops-shop":   {Role: config.RoleOperator, Scope: config.Scope{Owners: []string{"shop", "payments"}}},
		"ops-all":    {Role: config.RoleOperator},
		"admins":     {Role: config.RoleAdmin, Scope: config.Scope{Clusters: []string{"prod-*"}}},
		"ci":         {Role: config.RoleCI},
		"ns-a":       {Role: config.RoleViewer, Scope: config.Scope{Namespaces: []string{"a"}}},
		"ns-b-owned": {Role: config.RoleViewer, Scope: config.Scope{Namespaces: []string{"b"}, Owners: []string{"x"}}},
	}
	cases := []struct {
		groups  []string
		ok      bool
		role    config.Role
		scope   config.Scope
		matched string
	}{
		{groups: nil},
		{groups: []string{"marketing"}},
		{groups: []string{"ci"}},
		{groups: []string{"ci", "view-all"}, ok: true, role: config.RoleViewer, matched: "view-all"},
		{groups: []string{"view-all", "ops-pay"}, ok: true, role: config.RoleOperator, scope: config.Scope{Owners: []string{"payments"}, Accounts: []string{"1111*"}}, matched: "ops-pay"},
		// Accounts is set by ops-pay only: ops-shop does not limit it.
		{groups: []string{"ops-shop", "ops-pay"}, ok: true, role: config.RoleOperator, scope: config.Scope{Owners: []string{"payments", "shop"}}, matched: "ops-pay,ops-shop"},
		{groups: []string{"ops-pay", "ops-all", "ops-pay"}, ok: true, role: config.RoleOperator, matched: "ops-all,ops-pay"},
		{groups: []string{"ops-all", "admins", "ci"}, ok: true, role: config.RoleAdmin, scope: config.Scope{Clusters: []string{"prod-*"}}, matched: "admins"},
		{groups: []string{"ns-a", "ns-b-owned"}, ok: true, role: config.RoleViewer, scope: config.Scope{Namespaces: []string{"a", "b"}}, matched: "ns-a,ns-b-owned"},
	}
	for _, c := range cases {
		g, matched, ok := grantFor(c.groups, conf)
		if ok != c.ok || g.Role != c.role || !reflect.DeepEqual(g.Scope, c.scope) || strings.Join(matched, ",") != c.matched {
			t.Errorf("grantFor(%v) = %+v %v %v, want %s %+v %s %v", c.groups, g, matched, ok, c.role, c.scope, c.matched, c.ok)
		}
	}
	w := widening(conf)
	if strings.Join(w, ";") != "ns-a (namespaces) and ns-b-owned (namespaces,owners);ops-pay (accounts,owners) and ops-shop (owners)" {
		t.Errorf("widening = %q", w)
	}
}

// TestGroupsOf: the claim must be a list of strings; anything else is
// an error that names the claim and never echoes its content.
func TestGroupsOf(t *testing.T) {
	claims := map[string]json.RawMessage{
		"groups": json.RawMessage(`["a","b"]`), "empty": json.RawMessage(`[]`), "str": json.RawMessage(`"secret-group"`),
		"nums": json.RawMessage(`[1,2]`), "obj": json.RawMessage(`{"x":1}`), "null": json.RawMessage(`null`),
	}
	if g, err := groupsOf(claims, "groups"); err != nil || strings.Join(g, ",") != "a,b" {
		t.Errorf("groups = %v %v", g, err)
	}
	if g, err := groupsOf(claims, "empty"); err != nil || len(g) != 0 {
		t.Errorf("empty = %v %v", g, err)
	}
	for claim, want := range map[string]string{"missing": `has no "missing" claim`, "null": `has no "null" claim`,
		"str": "(it is a string)", "nums": "values that are not strings", "obj": "(it is an object)"} {
		_, err := groupsOf(claims, claim)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "secret-group") {
			t.Errorf("%s: %v, want %q", claim, err, want)
		}
	}
}

// FuzzGroupsOf: any claim value gives groups or an error, never a panic,
// and the groups are the claim's own strings.
func FuzzGroupsOf(f *testing.F) {
	for _, s := range []string{`["a"]`, `"a"`, `[1]`, `{}`, `null`, `[`, `["a",null]`, `[[]]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		g, err := groupsOf(map[string]json.RawMessage{"groups": raw}, "groups")
		if err != nil {
			if g != nil || !strings.Contains(err.Error(), `"groups"`) {
				t.Fatalf("error %v with groups %v", err, g)
			}
			return
		}
		back, _ := json.Marshal(g)
		var again []string
		if json.Unmarshal(back, &again) != nil || len(again) != len(g) {
			t.Fatalf("groups %v do not round-trip", g)
		}
		grantFor(g, map[string]config.Grant{"a": {Role: config.RoleViewer}})
	})
}

// FuzzFlowCookie: no cookie value but one the sealer made opens; none
// panics.
func FuzzFlowCookie(f *testing.F) {
	s, err := newSealer(make([]byte, 32), false)
	if err != nil {
		f.Fatal(err)
	}
	now := time.Unix(1_800_000_000, 0)
	good := flow{State: "s", Nonce: "n", Verifier: "v", Next: "/", Expires: now.Add(time.Minute).Unix()}
	f.Add(seal(s, good))
	f.Add("")
	f.Add("!!!")
	f.Add(strings.Repeat("A", 100))
	f.Fuzz(func(t *testing.T, v string) {
		got, err := s.open(v, now)
		if err == nil && got != good {
			t.Fatalf("open(%q) = %+v: a value the sealer never made opened", v, got)
		}
	})
}

// seal is the cookie value set would write.
func seal(s *sealer, f flow) string {
	w := &headerWriter{h: map[string][]string{}}
	s.set(w, f)
	v := w.h["Set-Cookie"][0]
	v = strings.TrimPrefix(v, s.name+"=")
	v, _, _ = strings.Cut(v, ";")
	return v
}

// TestFlowCookie: a sealed flow opens until it expires; another key or
// cookie name, or a changed byte, does not open.
func TestFlowCookie(t *testing.T) {
	s, _ := newSealer([]byte(strings.Repeat("k", 32)), false)
	now := time.Unix(1_800_000_000, 0)
	f := flow{State: "st", Nonce: "no", Verifier: "ve", Next: "/x", Expires: now.Add(flowTTL).Unix()}
	v := seal(s, f)
	if got, err := s.open(v, now); err != nil || got != f {
		t.Fatalf("open = %+v %v", got, err)
	}
	if _, err := s.open(v, now.Add(flowTTL)); err != errExpiredFlow {
		t.Errorf("expired flow: %v", err)
	}
	other, _ := newSealer([]byte(strings.Repeat("o", 32)), false)
	secure, _ := newSealer([]byte(strings.Repeat("k", 32)), true)
	b := []byte(v)
	b[len(b)-3] ^= 1
	for name, try := range map[string]func() error{
		"other key":  func() error { _, err := other.open(v, now); return err },
		"other name": func() error { _, err := secure.open(v, now); return err },
		"changed":    func() error { _, err := s.open(string(b), now); return err },
	} {
		if err := try(); err != errBadFlow {
			t.Errorf("%s: %v, want errBadFlow", name, err)
		}
	}
	var sp spent
	if !sp.spend("a", now.Add(time.Minute), now) || sp.spend("a", now.Add(time.Minute), now) || !sp.spend("b", now.Add(time.Minute), now) {
		t.Error("spent: a state must be spendable once")
	}
}

type headerWriter struct{ h map[string][]string }

func (w *headerWriter) Header() http.Header         { return w.h }
func (w *headerWriter) Write(b []byte) (int, error) { return len(b), nil }
func (w *headerWriter) WriteHeader(int)             {}

// TestPersonName: the e-mail address unless the token says it is not
// verified (as a boolean or, as some providers send it, a string).
func TestPersonName(t *testing.T) {
	cases := []struct {
		claims string
		want   string
	}{
		{`{"email":"a@x.example"}`, "a@x.example"},
		{`{"email":"a@x.example","email_verified":true}`, "a@x.example"},
		{`{"email":"a@x.example","email_verified":false}`, "sub-1"},
		{`{"email":"a@x.example","email_verified":"false"}`, "sub-1"},
		{`{"email":7}`, "sub-1"},
		{`{}`, "sub-1"},
	}
	for _, c := range cases {
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(c.claims), &m); err != nil {
			t.Fatal(err)
		}
		if got := personName(m, "sub-1"); got != c.want {
			t.Errorf("personName(%s) = %q, want %q", c.claims, got, c.want)
		}
	}
}
