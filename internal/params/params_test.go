package params

import (
	"reflect"
	"strings"
	"testing"
)

func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	prev := ""
	for _, d := range Registry() {
		if d.Name <= prev {
			t.Errorf("%s: the registry must be sorted by name and hold each name once", d.Name)
		}
		prev = d.Name
		seen[d.Name] = true
		if d.Description == "" || len(d.Rules) == 0 {
			t.Errorf("%s: needs a description and the rules that read it", d.Name)
		}
		if _, err := d.Validate(d.Default); err != nil {
			t.Errorf("%s: default %v is not valid: %v", d.Name, d.Default, err)
		}
	}
	if _, ok := Lookup("max_access_key_age_days"); !ok {
		t.Error("Lookup misses a registered parameter")
	}
	if _, ok := Lookup("nope"); ok {
		t.Error("Lookup finds an unregistered name")
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		v    any
		err  string
	}{
		{"max_access_key_age_days", 30, ""},
		{"max_access_key_age_days", 0, "use 1 or more"},
		{"max_access_key_age_days", "30", "is a int"},
		{"admin_ports", []int{22, 2222}, ""},
		{"admin_ports", []int{22, 70000}, "port 70000 is out of range"},
		{"admin_ports", []string{"22"}, "is a list of ints"},
		{"allowed_image_registries", []string{"registry.example.com/team"}, ""},
		{"allowed_image_registries", []string{"https://registry.example.com"}, "without a scheme, e.g. registry.example.com"},
		{"allowed_image_registries", []string{"/"}, "would allow every image"},
		{"allowed_image_registries", []string{"nginx@sha256:x"}, "not a registry"},
		{"password_reuse_prevention", 25, "use 1 to 24"},
		{"min_password_length", 5, "use 6 to 128"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := Lookup(tc.name)
			_, err := d.Validate(tc.v)
			switch {
			case tc.err == "" && err != nil:
				t.Fatalf("Validate(%v): %v", tc.v, err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("Validate(%v) = %v, want an error containing %q", tc.v, err, tc.err)
			}
		})
	}
}

func TestSelector(t *testing.T) {
	aws := Scope{Provider: "aws", Account: "111122223333", Region: "eu-west-1"}
	k8s := Scope{Provider: "k8s", Account: "prod-eu", Namespace: "payments"}
	for _, tc := range []struct {
		name string
		sel  Selector
		sc   Scope
		want bool
	}{
		{"empty matches all", Selector{}, aws, true},
		{"account", Selector{Account: "1111*"}, aws, true},
		{"other account", Selector{Account: "2222*"}, aws, false},
		{"account is not a cluster", Selector{Account: "prod-*"}, k8s, false},
		{"cluster", Selector{Cluster: "prod-*"}, k8s, true},
		{"cluster is not an account", Selector{Cluster: "*"}, aws, false},
		{"namespace", Selector{Namespace: "pay*"}, k8s, true},
		{"namespace on a cloud resource", Selector{Namespace: "pay*"}, aws, false},
		{"region", Selector{Region: "eu-*"}, aws, true},
		{"every field must match", Selector{Account: "1111*", Region: "us-*"}, aws, false},
		{"class", Selector{Region: "eu-west-[12]"}, aws, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.sel.Matches(tc.sc); got != tc.want {
				t.Errorf("%+v.Matches(%+v) = %v, want %v", tc.sel, tc.sc, got, tc.want)
			}
		})
	}
	if err := CheckGlob("prod-[a"); err == nil {
		t.Error("CheckGlob accepts an unclosed class")
	}
}

func TestSetPrecedence(t *testing.T) {
	s, err := NewSet(map[string]any{"max_access_key_age_days": 60}, []Override{
		{Match: Selector{Account: "111122223333"}, Values: map[string]any{"min_password_length": 20}},
		{Match: Selector{Account: "1111*"}, Values: map[string]any{"max_access_key_age_days": 30}},
		{Match: Selector{Account: "9*"}, Values: map[string]any{"max_access_key_age_days": 365}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		param   string
		account string
		want    any
	}{
		{"default", "max_credential_idle_days", "111122223333", 45},
		{"configured", "max_access_key_age_days", "", 60},
		{"first override that sets it", "max_access_key_age_days", "111122223333", 30},
		{"later override", "max_access_key_age_days", "999999999999", 365},
		{"override of another parameter", "min_password_length", "111122223333", 20},
		{"override not matching", "min_password_length", "222222222222", 14},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := Scope{Provider: "aws", Account: tc.account}
			got, ok := s.Value(tc.param, sc)
			if !ok || !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Value(%s, %s) = %v, %v; want %v", tc.param, tc.account, got, ok, tc.want)
			}
			if all := s.Resolve(sc); !reflect.DeepEqual(all[tc.param], tc.want) {
				t.Errorf("Resolve(%s)[%s] = %v, want %v", tc.account, tc.param, all[tc.param], tc.want)
			}
		})
	}
	var none *Set
	if v, ok := none.Value("admin_ports", Scope{}); !ok || !reflect.DeepEqual(v, []int{22, 3389}) {
		t.Errorf("a nil Set gives %v, want the default", v)
	}
	if _, ok := none.Value("nope", Scope{}); ok {
		t.Error("Value knows an unregistered parameter")
	}
}

func TestNewSetRejects(t *testing.T) {
	for _, tc := range []struct {
		name      string
		values    map[string]any
		overrides []Override
		err       string
	}{
		{"unknown", map[string]any{"nope": 1}, nil, `unknown parameter "nope"`},
		{"kind", map[string]any{"admin_ports": 22}, nil, "admin_ports is a list of ints"},
		{"override value", nil, []Override{{Values: map[string]any{"admin_ports": []int{0}}}}, "override 1: admin_ports: port 0"},
		{"glob", nil, []Override{{Match: Selector{Namespace: "[x"}}}, "override 1: \"[x\" is not a valid glob"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewSet(tc.values, tc.overrides)
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Fatalf("NewSet = %v, want an error containing %q", err, tc.err)
			}
		})
	}
}
