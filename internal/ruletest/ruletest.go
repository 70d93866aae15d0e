// Package ruletest runs rules against their pass/fail fixtures: the one
// generic test behind the library's fixture suite and `vigil rules test`.
//
// Convention: a rule in <dir>/<name>.rego has fixtures in
// <dir>/testdata/<name>/. Files whose names start with "pass" must yield
// no finding of the rule; files starting with "fail" must yield at least
// one. Fixtures are Kubernetes manifests (.yaml, .yml, .json), Terraform
// (.tf) or CloudFormation templates when the runner has the cloud
// front-ends, or, for any provider, resources in model shape
// (*.resources.json: a JSON array).
//
// A fixture is evaluated with the default rule parameters, or with those
// of <stem>.vigil.yaml beside it (stem: the fixture's name up to its
// first dot; a vigil.yaml with a rules section, as `vigil --config`
// reads). Such a case also records whether those parameters change its
// verdict, so a suite can check that each parameter has a fixture
// showing it matters.
//
// A rule must not fall silent when a field it only prints is absent: with
// CheckLabels, each fail fixture is evaluated again with every label
// field (see labelFields) removed, and must still yield a finding.
package ruletest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/vigil-cspm/vigil/internal/config"
	"github.com/vigil-cspm/vigil/internal/iac"
	"github.com/vigil-cspm/vigil/internal/iac/k8s"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/params"
	"github.com/vigil-cspm/vigil/internal/policy"
)

// Case is the outcome of one fixture file for one rule.
type Case struct {
	RuleID  string
	File    string
	Want    string // "pass" or "fail"
	Passed  bool
	Message string
	// Config is the fixture's <stem>.vigil.yaml, when it has one, and
	// ChangesVerdict whether the fixture's verdict differs with the
	// default parameters.
	Config         string `json:",omitempty"`
	ChangesVerdict bool   `json:",omitempty"`
}

// Runner evaluates fixtures.
type Runner struct {
	Engine *policy.Engine
	Parser *k8s.Parser
	// Cloud, when set, reads Terraform (.tf) and CloudFormation fixtures
	// through the cloud front-ends and adapters.
	Cloud *iac.Cloud
	// CheckLabels adds, for each passing fail fixture, a case with the
	// label fields removed. The library's own tests set it; users' rules
	// may match on container names on purpose.
	CheckLabels bool
}

// FixtureDir returns the fixture folder of a rule file.
func FixtureDir(ruleFile string) string {
	dir, file := path.Split(ruleFile)
	return path.Join(dir, "testdata", strings.TrimSuffix(file, ".rego"))
}

// Run runs the fixtures of every rule whose file is under fsys, where
// rule files are named relative to fsys after stripping prefix. A rule
// with no pass or no fail fixture yields a failed case.
func (r *Runner) Run(ctx context.Context, fsys fs.FS, prefix string) ([]Case, error) {
	var cases []Case
	for _, rule := range r.Engine.Rules() {
		if !strings.HasPrefix(rule.File, prefix) {
			continue
		}
		dir := FixtureDir(strings.TrimPrefix(rule.File, prefix))
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read fixtures of %s: %w", rule.ID, err)
		}
		seen := map[string]bool{}
		for _, e := range entries {
			want := fixtureKind(e.Name())
			if e.IsDir() || want == "" {
				continue
			}
			seen[want] = true
			file := path.Join(dir, e.Name())
			c := Case{RuleID: rule.ID, File: prefix + file, Want: want}
			data, err := fs.ReadFile(fsys, file)
			if err != nil {
				return nil, err
			}
			resources, err := r.parse(c.File, data)
			var set *params.Set
			if err == nil {
				set, c.Config, err = fixtureParams(fsys, prefix, dir, e.Name())
			}
			var got []policy.Result
			if err == nil {
				got, err = r.evaluate(ctx, resources, rule.ID, set)
			}
			if err == nil && c.Config != "" {
				var dflt []policy.Result
				dflt, err = r.evaluate(ctx, resources, rule.ID, nil)
				c.ChangesVerdict = (len(dflt) > 0) != (len(got) > 0)
			}
			switch {
			case err != nil:
				c.Message = err.Error()
			case want == "pass" && len(got) > 0:
				c.Message = fmt.Sprintf("want no finding, got %d: %s", len(got), describe(got))
			case want == "fail" && len(got) == 0:
				c.Message = "want at least one finding, got none"
			default:
				c.Passed = true
			}
			cases = append(cases, c)
			if r.CheckLabels && want == "fail" && c.Passed {
				if lc, ok := r.withoutLabels(ctx, c, resources, set); ok {
					cases = append(cases, lc)
				}
			}
		}
		for _, want := range []string{"pass", "fail"} {
			if !seen[want] {
				cases = append(cases, Case{RuleID: rule.ID, File: prefix + dir, Want: want, Message: fmt.Sprintf("rule has no %s fixture: add %s/%s.yaml", want, prefix+dir, want)})
			}
		}
	}
	sort.SliceStable(cases, func(i, j int) bool { return cases[i].RuleID < cases[j].RuleID })
	return cases, nil
}

// configSuffix names a fixture's parameters: <stem>.vigil.yaml.
const configSuffix = ".vigil.yaml"

// fixtureParams reads the parameters of the fixture name in dir: those
// of its <stem>.vigil.yaml, or nil and "" when it has none.
func fixtureParams(fsys fs.FS, prefix, dir, name string) (*params.Set, string, error) {
	stem, _, _ := strings.Cut(name, ".")
	file := path.Join(dir, stem+configSuffix)
	data, err := fs.ReadFile(fsys, file)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, "", nil
	}
	if err != nil {
		return nil, "", err
	}
	cfg, err := config.Parse(prefix+file, data)
	if err != nil {
		return nil, "", err
	}
	return cfg.RuleParams(), prefix + file, nil
}

func fixtureKind(name string) string {
	if strings.HasSuffix(name, configSuffix) {
		return ""
	}
	ext := path.Ext(name)
	if ext != ".yaml" && ext != ".yml" && ext != ".json" && ext != ".tf" {
		return ""
	}
	switch {
	case strings.HasPrefix(name, "pass"):
		return "pass"
	case strings.HasPrefix(name, "fail"):
		return "fail"
	}
	return ""
}

func (r *Runner) parse(file string, data []byte) ([]*model.Resource, error) {
	var resources []*model.Resource
	if strings.HasSuffix(file, ".resources.json") {
		if err := json.Unmarshal(data, &resources); err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
	} else if rs, errs, ok := r.Cloud.ParseFile(file, data); ok {
		if len(errs) > 0 {
			return nil, errs[0]
		}
		resources = rs
	} else {
		res := r.Parser.Parse(file, data)
		if len(res.Errors) > 0 {
			return nil, res.Errors[0]
		}
		resources = res.Resources
	}
	if len(resources) == 0 {
		return nil, fmt.Errorf("%s holds no resource Vigil models", file)
	}
	return resources, nil
}

func (r *Runner) evaluate(ctx context.Context, resources []*model.Resource, ruleID string, set *params.Set) ([]policy.Result, error) {
	inv := policy.NewInventory(resources, nil)
	if set != nil {
		inv.SetParams(set)
	}
	all, err := r.Engine.Evaluate(ctx, inv, nil)
	if err != nil {
		return nil, err
	}
	var out []policy.Result
	for _, res := range all {
		if res.Rule.ID == ruleID {
			out = append(out, res)
		}
	}
	return out, nil
}

func describe(rs []policy.Result) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, fmt.Sprintf("%s/%s: %s", r.Resource.Kind, r.Resource.Name, r.Message))
	}
	return strings.Join(parts, "; ")
}
