package auth

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/vigil-cspm/vigil/internal/config"
)

// TestSessions: a cookie verifies until it expires; a tampered or
// re-signed one does not.
func TestSessions(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	key := []byte(strings.Repeat("k", KeySize))
	s, err := NewSessions(key, time.Hour, true, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	s.Issue(w, &Principal{Name: "alice", Role: config.RoleOperator, Scope: config.Scope{Owners: []string{"team-a"}}})
	c := w.Result().Cookies()[0]
	if c.Name != "__Host-vigil_session" || !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode {
		t.Fatalf("cookie attributes = %+v", c)
	}
	read := func(v string) *Principal {
		r := httptest.NewRequest("GET", "/", nil)
		r.AddCookie(&http.Cookie{Name: c.Name, Value: v})
		return s.Read(r)
	}
	if p := read(c.Value); p == nil || p.Name != "alice" || p.Role != config.RoleOperator || p.Scope.Owners[0] != "team-a" || p.Via != "session" {
		t.Fatalf("read = %+v", p)
	}
	body, sig, _ := strings.Cut(c.Value, ".")
	if read(body[:len(body)-2]+"xx."+sig) != nil || read(body) != nil {
		t.Fatal("a tampered cookie verified")
	}
	other, _ := NewSessions([]byte(strings.Repeat("o", KeySize)), time.Hour, true, func() time.Time { return now })
	if w2 := httptest.NewRecorder(); true {
		other.Issue(w2, &Principal{Name: "mallory", Role: config.RoleAdmin})
		if read(w2.Result().Cookies()[0].Value) != nil {
			t.Fatal("a cookie signed with another key verified")
		}
	}
	now = now.Add(61 * time.Minute)
	if read(c.Value) != nil {
		t.Fatal("an expired session verified")
	}
	if _, err := NewSessions([]byte("short"), time.Hour, false, nil); err == nil {
		t.Fatal("a short key was accepted")
	}
}

// TestScopes: each list a scope sets must match; unknown fields do not
// match a set list.
func TestScopes(t *testing.T) {
	p := &Principal{Role: config.RoleViewer, Scope: config.Scope{Accounts: []string{"1111*"}, Namespaces: []string{"shop", "pay-*"}}}
	cases := []struct {
		s    Subject
		want bool
	}{
		{Subject{Account: "111122223333", Namespace: "shop"}, true},
		{Subject{Account: "111122223333", Namespace: "pay-eu"}, true},
		{Subject{Account: "999922223333", Namespace: "shop"}, false},
		{Subject{Account: "111122223333"}, false},
		{Subject{Account: "111122223333", Namespace: "kube-system"}, false},
	}
	for _, c := range cases {
		if got := p.Sees(c.s); got != c.want {
			t.Errorf("Sees(%+v) = %v", c.s, got)
		}
	}
	if !(&Principal{}).Sees(Subject{}) || (*Principal)(nil).Sees(Subject{}) {
		t.Error("empty scope must see all; nil principal nothing")
	}
}

// TestNeeds: the role ladder, and ci apart from it.
func TestNeeds(t *testing.T) {
	roles := map[config.Role]string{config.RoleViewer: "vx", config.RoleOperator: "vox", config.RoleAdmin: "voac", config.RoleCI: "c"}
	letter := map[Need]byte{NeedViewer: 'v', NeedOperator: 'o', NeedAdmin: 'a', NeedCI: 'c'}
	for role, may := range roles {
		for need, l := range letter {
			if got, want := need.Allows(&Principal{Role: role}), strings.IndexByte(may, l) >= 0; got != want {
				t.Errorf("%s allows %s = %v, want %v", need, role, got, want)
			}
		}
	}
	if NeedUnset.Allows(&Principal{Role: config.RoleAdmin}) || !NeedNothing.Allows(nil) || NeedViewer.Allows(nil) {
		t.Error("unset must allow nobody, nothing everybody")
	}
}

// TestLinksAreSpentOnce and expire.
func TestLinksAreSpentOnce(t *testing.T) {
	now := time.Now()
	l := NewLinks(func() time.Time { return now })
	tok := l.New(Principal{Name: "admin", Role: config.RoleAdmin}, time.Minute)
	if p := l.Redeem(tok); p == nil || p.Name != "admin" {
		t.Fatal("a fresh link did not redeem")
	}
	if l.Redeem(tok) != nil {
		t.Fatal("a link redeemed twice")
	}
	tok = l.New(Principal{Name: "admin"}, time.Minute)
	now = now.Add(2 * time.Minute)
	if l.Redeem(tok) != nil {
		t.Fatal("an expired link redeemed")
	}
}
