package scan

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"

	"github.com/vigil-cspm/vigil/internal/compliance"
	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/policy"
	"github.com/vigil-cspm/vigil/internal/risk"
	"github.com/vigil-cspm/vigil/rules"
)

// Library is the loaded rule library with its compliance mappings, and
// what identifies it in stored scans.
type Library struct {
	Engine     *policy.Engine
	Frameworks *compliance.Set
	// Version is Vigil's version, which the embedded library is part of.
	Version string
	// Hash digests every rule and framework file loaded, users' own
	// included: two scans with the same hash were judged by the same
	// rules.
	Hash string
	// Combinations are the toxic-combination rules (rules/combinations).
	Combinations *risk.Combinations
}

// LibraryOptions select what LoadLibrary loads.
type LibraryOptions struct {
	// PolicyDirs hold users' own rules, loaded after the library.
	PolicyDirs []string
	// Framework, when set, limits evaluation to the rules it maps.
	Framework string
	// Version is Vigil's version.
	Version string
	// CheckLibrary type-checks the embedded library too (its own tests
	// do; users' rules are always checked).
	CheckLibrary bool
	// AllowNetBuiltins lets rules call built-ins that reach outside the
	// process (policy.Options.AllowNetBuiltins).
	AllowNetBuiltins bool
}

// FrameworkError is LoadLibrary's error for a framework the embedded
// mappings do not have.
type FrameworkError struct{ Err error }

func (e *FrameworkError) Error() string { return e.Err.Error() }

func (e *FrameworkError) Unwrap() error { return e.Err }

// LoadLibrary loads the embedded rules, the users' rules and the
// framework mappings; a rule that does not load is a policy.Errors.
func LoadLibrary(ctx context.Context, opts LibraryOptions) (*Library, error) {
	preLib, preFws := splitPrecompiled(precompiled)
	// The rule selection needs the framework before the library loads;
	// its rule ids are checked against the library afterwards.
	fws, err := loadFrameworks(preFws)
	if err != nil {
		return nil, err
	}
	var sel func(*model.RuleMeta) bool
	if opts.Framework != "" {
		fw, err := fws.Lookup(opts.Framework)
		if err != nil {
			return nil, &FrameworkError{Err: err}
		}
		set := fw.RuleSet()
		sel = func(r *model.RuleMeta) bool { return set[r.ID] }
	}
	popts := libraryPolicyOptions()
	popts.PolicyDirs, popts.Select, popts.CheckLibrary, popts.AllowNetBuiltins = opts.PolicyDirs, sel, opts.CheckLibrary, opts.AllowNetBuiltins
	popts.Precompiled = preLib
	eng, err := policy.Load(ctx, popts)
	if err != nil {
		return nil, err
	}
	if err := fws.Check(func(id string) bool { _, ok := eng.Rule(id); return ok }); err != nil {
		return nil, err
	}
	for _, r := range eng.Rules() {
		r.Compliance = fws.Refs(r.ID)
	}
	combos, digest, err := combinations()
	if err != nil {
		return nil, err
	}
	h := sha256.Sum256([]byte(eng.Digest() + "\x00" + fws.Digest() + "\x00" + digest))
	return &Library{Engine: eng, Frameworks: fws, Version: opts.Version, Hash: "sha256:" + hex.EncodeToString(h[:]), Combinations: combos}, nil
}

// combinations returns the embedded combination rules, compiled on first
// use, and a digest of their files.
func combinations() (*risk.Combinations, string, error) {
	sub, err := fs.Sub(rules.Combinations, "combinations")
	if err != nil {
		return nil, "", err
	}
	h := sha256.New()
	err = fs.WalkDir(sub, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".rego" {
			return err
		}
		b, err := fs.ReadFile(sub, p)
		h.Write([]byte(p + "\x00"))
		h.Write(b)
		return err
	})
	if err != nil {
		return nil, "", err
	}
	return risk.NewCombinations(sub, rules.Prefix+"combinations/"), hex.EncodeToString(h.Sum(nil)), nil
}

// Known reports whether the library has a rule (a combination rule
// included).
func (l *Library) Known(id string) bool {
	if _, ok := l.Engine.Rule(id); ok {
		return true
	}
	combos, _ := l.Combinations.Rules()
	for _, r := range combos {
		if r.ID == id {
			return true
		}
	}
	return false
}

// Rules maps the rule ids, the combination rules' included, to their
// metadata.
func (l *Library) Rules() map[string]*model.RuleMeta {
	out := map[string]*model.RuleMeta{}
	for _, r := range l.Engine.Rules() {
		out[r.ID] = r
	}
	combos, _ := l.Combinations.Rules() // embedded and tested; Run reports an error
	for _, r := range combos {
		out[r.ID] = r
	}
	return out
}
