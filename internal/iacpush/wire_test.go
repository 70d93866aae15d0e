package iacpush

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/vigil-cspm/vigil/internal/model"
)

type scopes []*model.Scope

func (s scopes) Scopes(_ context.Context, emit func(*model.Scope) error) error {
	for _, sc := range s {
		if err := emit(sc); err != nil {
			return err
		}
	}
	return nil
}

type lineLocator map[string]int

func (l lineLocator) Locate(p string) (string, int) { return "", l[p] }

// TestRoundTrip: what the recorder writes decodes to the same resources,
// with the locator turned into lines AttrAt finds and the inline
// exceptions kept.
func TestRoundTrip(t *testing.T) {
	r := &model.Resource{ID: "iac:a.yaml#ns/apps/Deployment/web", Type: "k8s.apps.deployment", Name: "web",
		Attributes: map[string]any{"pod_spec": map[string]any{"containers": []any{map[string]any{"name": "c", "security_context": map[string]any{}}}}},
		Source: model.Source{Kind: "iac", File: "a.yaml", Line: 1,
			Locator:    lineLocator{"pod_spec": 5, "pod_spec.containers": 6, "pod_spec.containers[0]": 7, "pod_spec.containers[0].security_context": 9, "name": 3},
			Directives: []model.Directive{{Rule: "k8s-x", Reason: "ok", File: "a.yaml", Line: 2}}}}
	var buf bytes.Buffer
	rec := &Recorder{Source: scopes{{Name: "iac a.yaml", Resources: []*model.Resource{r}, Coverage: []model.Coverage{{Scope: "file:a.yaml", Status: "complete"}}}}, W: &buf}
	if err := rec.Begin(Payload{Repo: "org/infra", Ref: "main", Paths: []string{"."}}); err != nil {
		t.Fatal(err)
	}
	if err := rec.Scopes(context.Background(), func(*model.Scope) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if err := rec.End(); err != nil {
		t.Fatal(err)
	}
	p, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var got []*model.Scope
	if err := p.Source().Scopes(context.Background(), func(s *model.Scope) error { got = append(got, s); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0].Resources) != 1 || got[0].Coverage[0].Scope != "file:a.yaml" {
		t.Fatalf("scopes = %+v", got)
	}
	res := got[0].Resources[0]
	if _, line := res.Source.Evidence("pod_spec.containers[0].security_context.run_as_non_root"); line != 9 {
		t.Errorf("a missing attribute's line = %d, want its parent's, 9", line)
	}
	if _, line := res.Source.Evidence("pod_spec.containers[0].name"); line != 7 {
		t.Errorf("an attribute the locator did not know = %d, want the nearest known parent's, 7", line)
	}
	if len(res.Source.Directives) != 1 || res.Source.Directives[0].Rule != "k8s-x" {
		t.Errorf("directives = %+v", res.Source.Directives)
	}
}

func TestDecodeErrors(t *testing.T) {
	cases := map[string]string{
		`{"version":2,"repo":"a/b","ref":"main","paths":[],"scopes":[]}`:                                           "version 2",
		`{"version":1,"repo":"","ref":"main","paths":[],"scopes":[]}`:                                              "owner/name",
		`{"version":1,"repo":"a/b","ref":"../x","paths":[],"scopes":[]}`:                                           "ref",
		`{"version":1,"repo":"a/b","ref":"main","paths":[],"scopes":[],"verdicts":[]}`:                             "unknown field",
		`{"version":1,"repo":"a/b","ref":"main","paths":[],"scopes":[{"name":"s","resources":[{"resource":{}}]}]}`: "no id or type",
		`{"version":1,"repo":"a/b","ref":"main","paths":[],"scopes":[]} {}`:                                        "more than one",
		`not json`: "not valid JSON",
	}
	for in, want := range cases {
		if _, err := Decode(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Decode(%s) = %v, want an error saying %q", in, err, want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"version":1,"repo":"a/b","ref":"main","paths":["."],"scopes":[{"name":"s","resources":[{"resource":{"id":"x","type":"k8s.core.pod","attributes":{"a":[1,{"b":null}]}},"directives":[{"Rule":"*","Reason":"r"}]}]}]}`))
	f.Add([]byte(`{"version":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := Decode(bytes.NewReader(b))
		if err != nil {
			return
		}
		_ = p.Source().Scopes(context.Background(), func(s *model.Scope) error {
			for _, r := range s.Resources {
				r.Source.Evidence("a.b[0]")
			}
			return nil
		})
	})
}
