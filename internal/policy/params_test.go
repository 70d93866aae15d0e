package policy

import (
	"context"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/params"
	"github.com/vigil-cspm/vigil/schemas"
)

// TestParamLoadRejects: a rule naming a parameter the registry does not
// have, or naming it with anything but a string literal, does not load.
func TestParamLoadRejects(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"unknown", "deny contains 1 if {\n\tinput.attributes.user_name\n\tvigil.param(input, \"max_key_age\") > 1\n}\n",
			`rules/p.rego:14: unknown rule parameter "max_key_age": the parameters are acm_min_days_to_expiry, admin_ports, allowed_image_registries, cognito_min_password_length`},
		{"not a literal", "deny contains 1 if {\n\tn := concat(\"\", [\"max_access_key\", \"_age_days\"])\n\tvigil.param(input, n) > 1\n}\n",
			"rules/p.rego:14: vigil.param names its parameter with a string literal"},
		{"in a library module", "deny contains 1 if { true }\n", `rules/lib.rego:5: unknown rule parameter "nope"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := map[string]string{"p.rego": rule("t-param", "aws.iam.user", tc.body),
				"lib.rego": "package vigil.lib.t\n\nimport rego.v1\n\nx := vigil.param(input, \"nope\") if { true }\n"}
			if tc.name != "in a library module" {
				delete(files, "lib.rego")
			}
			_, err := load(t, files)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Load = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// TestParamBuiltin: vigil.param gives the default, the configured
// value, or the first override matching the resource, the same from the
// plan and from OPA's interpreter; a rule's metadata lists what it
// reads.
func TestParamBuiltin(t *testing.T) {
	files := map[string]string{
		"a.rego": rule("t-key-age", "aws.iam.user", `
deny contains {"msg": sprintf("%s: limit %d", [input.name, limit])} if {
	limit := vigil.param(input, "max_access_key_age_days")
	input.attributes.credentials.access_key_1_last_rotated_days > limit
}
`),
		"b.rego": rule("t-registries", "k8s.core.pod", `
deny contains {"msg": concat(",", regs)} if {
	regs := vigil.param(input, "allowed_image_registries")
	count(regs) > 0
}
`),
	}
	set, err := params.NewSet(map[string]any{"max_access_key_age_days": 60}, []params.Override{
		{Match: params.Selector{Account: "1111*"}, Values: map[string]any{"max_access_key_age_days": 30}},
		{Match: params.Selector{Namespace: "payments"}, Values: map[string]any{"allowed_image_registries": []string{"registry.example.com"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	user := func(account string, days int) *model.Resource {
		return &model.Resource{ID: "u-" + account, Type: "aws.iam.user", Provider: "aws", Account: account, Name: "u-" + account,
			Attributes: map[string]any{"credentials": map[string]any{"access_key_1_last_rotated_days": days}}}
	}
	pod := func(ns string) *model.Resource {
		return &model.Resource{ID: "p-" + ns, Type: "k8s.core.pod", Provider: "k8s", Account: "prod", Namespace: ns, Name: "p-" + ns, Attributes: map[string]any{}}
	}
	resources := []*model.Resource{user("111122223333", 45), user("222222222222", 45), user("333333333333", 75), pod("payments"), pod("shop")}
	for _, mode := range []struct {
		name string
		opts Options
	}{{"plan", Options{CheckLibrary: true}}, {"interpreter", Options{InterpreterOnly: true}}} {
		t.Run(mode.name, func(t *testing.T) {
			opts := mode.opts
			opts.Library, opts.LibraryPrefix, opts.Schemas = mapFS(files), "rules/", schemas.FS
			eng, err := Load(context.Background(), opts)
			if err != nil {
				t.Fatal(err)
			}
			if r, _ := eng.Rule("t-key-age"); len(r.Parameters) != 1 || r.Parameters[0] != "max_access_key_age_days" {
				t.Errorf("t-key-age reads %v", r.Parameters)
			}
			for _, tc := range []struct {
				name string
				set  *params.Set
				want []string
			}{
				// The defaults: 90 days, no registries.
				{"defaults", nil, nil},
				{"configured", set, []string{"u-111122223333: limit 30", "u-333333333333: limit 60", "registry.example.com"}},
			} {
				inv := NewInventory(resources, nil)
				if tc.set != nil {
					inv.SetParams(tc.set)
				}
				got, err := eng.Evaluate(context.Background(), inv, nil)
				if err != nil {
					t.Fatal(err)
				}
				var msgs []string
				for _, r := range got {
					msgs = append(msgs, r.Message)
				}
				if strings.Join(msgs, "|") != strings.Join(tc.want, "|") {
					t.Errorf("%s: got %q, want %q", tc.name, msgs, tc.want)
				}
			}
		})
	}
}
