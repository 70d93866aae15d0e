package admission_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	admissionv1 "k8s.io/api/admission/v1"
	sigyaml "sigs.k8s.io/yaml"

	yaml "gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/admission"
	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/iac"
	iack8s "github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/kube"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/params"
	"github.com/vigil-cspm/vigil/internal/scan"
	"github.com/vigil-cspm/vigil/internal/secrets"
)

// TestSameAsScanIaC: each object of every Kubernetes fail fixture of
// the library, sent to the webhook as a CREATE with the file's objects
// of the related kinds in its cache, gets exactly the findings (by
// fingerprint, rule, message and path) `vigil scan iac` reports on that
// object, cross-object rules and rule parameters included. The webhook
// uses the cluster name "manifests", so IDs and fingerprints are the
// IaC ones.
func TestSameAsScanIaC(t *testing.T) {
	files, err := filepath.Glob("../../rules/k8s/*/testdata/*/fail*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var fixtures []string
	for _, f := range files {
		if !strings.HasSuffix(f, ".vigil.yaml") {
			fixtures = append(fixtures, f)
		}
	}
	if len(fixtures) < 50 {
		t.Fatalf("found only %d fail fixtures", len(fixtures))
	}
	h := newHandler(t, nil, admission.Floor{Default: admission.Audit})
	h.Cluster = kube.IaCAccount
	h.Exempt = admission.Exemptions{}
	lib := h.Library
	cached := map[string]bool{}
	for _, k := range admission.CacheKinds(h.Norm.Catalog(), lib.Engine.RelatedTypes()) {
		cached[k.Type] = true
	}
	compared, crossObject := 0, 0
	for _, file := range fixtures {
		t.Run(strings.TrimPrefix(file, "../../rules/"), func(t *testing.T) {
			set := fixtureParams(t, file)
			want := map[string][]string{} // resource ID → its findings
			for _, f := range scanIaC(t, lib, file, set) {
				want[f.Resource.ID] = append(want[f.Resource.ID], key(f.Fingerprint, f.RuleID, f.Message, f.Evidence.Path))
			}
			objs := objects(t, file)
			// The cache: the file's objects of the cached kinds, as the
			// API server would list them.
			cache := &admission.Static{}
			for _, o := range objs {
				r, err := h.Norm.Normalize(clone(t, o), kube.IaCAccount, model.Source{Kind: model.SourceLive})
				if err == nil && cached[r.Type] {
					cache.Resources = append(cache.Resources, r)
				}
			}
			h.Cache, h.Params = cache, set
			ids := idsOf(t, h, objs)
			for i, o := range objs {
				if ids[i] == "" {
					continue // not modelled, or a second copy in the file: IaC names those by line
				}
				resp := judge(t, h, o)
				var got []string
				for _, v := range resp.Verdicts {
					got = append(got, key(v.Fingerprint, v.RuleID, v.Message, v.Path))
				}
				slices.Sort(got)
				w := want[ids[i]]
				slices.Sort(w)
				if !slices.Equal(got, w) {
					t.Errorf("%s: the webhook found\n  %s\nvigil scan iac found\n  %s", ids[i], strings.Join(got, "\n  "), strings.Join(w, "\n  "))
				}
				compared++
				for _, v := range resp.Verdicts {
					if r, ok := lib.Engine.Rule(v.RuleID); ok && len(r.RelatedTypes) > 0 {
						crossObject++
					}
				}
			}
		})
	}
	if compared < 100 || crossObject < 5 {
		t.Errorf("compared %d objects, %d findings of cross-object rules: the comparison covers too little", compared, crossObject)
	}
	t.Logf("compared %d objects of %d fixtures; %d findings of cross-object rules", compared, len(fixtures), crossObject)
}

func key(fp, rule, msg, path string) string {
	return fmt.Sprintf("%s %s %q at %s", fp, rule, msg, path)
}

// fixtureParams reads a fixture's <stem>.vigil.yaml, as the rule tests do.
func fixtureParams(t *testing.T, file string) *params.Set {
	dir, name := filepath.Split(file)
	stem, _, _ := strings.Cut(name, ".")
	data, err := os.ReadFile(filepath.Join(dir, stem+".vigil.yaml"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse(file, data)
	if err != nil {
		t.Fatal(err)
	}
	return cfg.RuleParams()
}

// scanIaC is `vigil scan iac file` without the report.
func scanIaC(t *testing.T, lib *scan.Library, file string, set *params.Set) []model.Finding {
	s := &iac.Scanner{Parser: iack8s.NewParser(kube.NewNormalizer(kube.NewCatalog(), secrets.New())), MaxFileSize: iac.DefaultMaxFileSize,
		Known: lib.Known, References: lib.Engine.RelatedTypes()}
	var c collect
	if _, err := scan.Run(context.Background(), scan.Request{Kind: "iac", Source: s.Source([]string{file}, nil), Library: lib, Sink: &c, Params: set}); err != nil {
		t.Fatal(err)
	}
	return c.all
}

type collect struct{ all []model.Finding }

func (c *collect) Findings(fs []model.Finding) error { c.all = append(c.all, fs...); return nil }

// objects reads a manifest's documents (a List's items each) as JSON maps.
func objects(t *testing.T, file string) []map[string]any {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out []map[string]any
	for {
		var n yaml.Node
		if err := dec.Decode(&n); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		b, err := yaml.Marshal(&n)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := sigyaml.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m == nil {
			continue
		}
		if items, ok := m["items"].([]any); ok && strings.HasSuffix(fmt.Sprint(m["kind"]), "List") {
			for _, it := range items {
				if im, ok := it.(map[string]any); ok {
					out = append(out, im)
				}
			}
			continue
		}
		out = append(out, m)
	}
	return out
}

func clone(t *testing.T, m map[string]any) map[string]any {
	b, err := sigyaml.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := sigyaml.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// idsOf is each object's resource ID, "" for one Vigil does not model
// or that repeats an earlier one's ID.
func idsOf(t *testing.T, h *admission.Handler, objs []map[string]any) []string {
	seen := map[string]bool{}
	out := make([]string, len(objs))
	for i, o := range objs {
		r, err := h.Norm.Normalize(clone(t, o), kube.IaCAccount, model.Source{Kind: model.SourceIaC})
		if err != nil || seen[r.ID] {
			continue
		}
		seen[r.ID] = true
		out[i] = r.ID
	}
	return out
}

// judge sends o to the handler as a CREATE and returns its decision.
func judge(t *testing.T, h *admission.Handler, o map[string]any) *admission.Decision {
	t.Helper()
	rv, err := admission.Decode(review(t, admissionv1.Create, clone(t, o), nil, false))
	if err != nil {
		t.Fatal(err)
	}
	d, err := h.Judge(context.Background(), rv)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
