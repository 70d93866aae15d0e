package config

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/vigil-cspm/vigil/internal/model"
	"github.com/vigil-cspm/vigil/internal/params"
)

// Versions are the schema versions this Vigil reads.
var Versions = []int{1}

// Config is a configuration with its defaults filled in. Later sections
// (admission …) are added as fields here and entries in sections.
type Config struct {
	Version     int         `yaml:"version" json:"version"`
	Exceptions  Exceptions  `yaml:"exceptions" json:"exceptions"`
	Owners      Owners      `yaml:"owners" json:"owners"`
	Criticality Criticality `yaml:"criticality" json:"criticality"`
	DueDates    DueDates    `yaml:"due_dates" json:"due_dates"`
	Links       Links       `yaml:"links" json:"links"`
	Store       Store       `yaml:"store" json:"store"`
	Rules       Rules       `yaml:"rules" json:"rules"`
	Reports     Reports     `yaml:"reports" json:"reports"`
	Inventory   Inventory   `yaml:"inventory" json:"inventory"`
	Serve       Serve       `yaml:"serve" json:"serve"`
	Admission   Admission   `yaml:"admission" json:"admission"`

	file   string
	params *params.Set
}

// Exceptions is the policy for accepted risks.
type Exceptions struct {
	// MaxTTL is the longest an exception may last.
	MaxTTL Duration `yaml:"max_ttl" json:"max_ttl"`
	// RequireExpiry makes an inline exception without an expiry an
	// input error.
	RequireExpiry bool `yaml:"require_expiry" json:"require_expiry"`
}

// Match selects resources: the globs of params.Selector, and the file
// path a resource was read from (PathPrefix: a glob matched against the
// path and each of its leading directories).
type Match struct {
	params.Selector `yaml:",inline"`
	PathPrefix      string `yaml:"path_prefix,omitempty" json:"path_prefix,omitempty"`
}

// Matches reports whether m selects r.
func (m Match) Matches(r *model.Resource) bool {
	if !m.Selector.Matches(params.ScopeOf(r)) {
		return false
	}
	return m.PathPrefix == "" || underPath(m.PathPrefix, r.Source.File)
}

// underPath reports whether file, or one of the directories leading to
// it, matches glob.
func underPath(glob, file string) bool {
	if file == "" {
		return false
	}
	glob = strings.TrimPrefix(path.Clean(filepath.ToSlash(glob)), "./")
	file = strings.TrimPrefix(path.Clean(filepath.ToSlash(file)), "./")
	for i := 0; i <= len(file); i++ {
		if i == len(file) || file[i] == '/' && i > 0 {
			if params.Glob(glob, file[:i]) {
				return true
			}
		}
	}
	return false
}

// Owners says who owns a resource: the first of TagKeys the resource's
// tags or labels carry, else the first entry of Map that matches it.
type Owners struct {
	TagKeys []string    `yaml:"tag_keys" json:"tag_keys"`
	Map     []OwnerRule `yaml:"map" json:"map"`
}

// OwnerRule assigns an owner to the resources it matches.
type OwnerRule struct {
	Match Match  `yaml:"match" json:"match"`
	Owner string `yaml:"owner" json:"owner"`
}

// Level is an asset criticality.
type Level string

// Criticality levels, lowest first.
const (
	LevelLow      Level = "low"
	LevelMedium   Level = "medium"
	LevelHigh     Level = "high"
	LevelCritical Level = "critical"
)

// Levels are the criticality levels, lowest first.
var Levels = []Level{LevelLow, LevelMedium, LevelHigh, LevelCritical}

// ParseLevel parses a level, case-insensitively.
func ParseLevel(s string) (Level, bool) {
	for _, l := range Levels {
		if strings.EqualFold(s, string(l)) {
			return l, true
		}
	}
	return "", false
}

// Criticality says how much a resource matters: the first of TagKeys
// its tags or labels carry with a valid level, else the first entry of
// Map that matches it, else Default.
type Criticality struct {
	TagKeys []string          `yaml:"tag_keys" json:"tag_keys"`
	Map     []CriticalityRule `yaml:"map" json:"map"`
	// EnvironmentKeys are the tags/labels that name a resource's
	// environment, and Environments the level of each (lower case).
	EnvironmentKeys []string         `yaml:"environment_keys" json:"environment_keys"`
	Environments    map[string]Level `yaml:"environments" json:"environments"`
	Default         Level            `yaml:"default" json:"default"`
}

// CriticalityRule assigns a level to the resources it matches.
type CriticalityRule struct {
	Match Match `yaml:"match" json:"match"`
	Level Level `yaml:"level" json:"level"`
}

// Due is how long a finding of a severity may stay open; 0 is no due
// date ("none").
type Due Duration

// MarshalText implements encoding.TextMarshaler.
func (d Due) MarshalText() ([]byte, error) {
	if d == 0 {
		return []byte("none"), nil
	}
	return Duration(d).MarshalText()
}

// DueDates are the due dates per severity.
type DueDates struct {
	Critical Due `yaml:"critical" json:"critical"`
	High     Due `yaml:"high" json:"high"`
	Medium   Due `yaml:"medium" json:"medium"`
	Low      Due `yaml:"low" json:"low"`
	Info     Due `yaml:"info" json:"info"`
}

func (d *DueDates) of(s model.Severity) *Due {
	switch s {
	case model.SeverityCritical:
		return &d.Critical
	case model.SeverityHigh:
		return &d.High
	case model.SeverityMedium:
		return &d.Medium
	case model.SeverityLow:
		return &d.Low
	case model.SeverityInfo:
		return &d.Info
	}
	return nil
}

// Links are the conventions that tie a live resource to the IaC
// resource that declares it, so one misconfiguration seen by both is one
// finding (package triage).
type Links struct {
	// AddressTagKeys are tags or labels of a live resource whose value is
	// the IaC address that declares it (aws_s3_bucket.logs, or
	// file#address to name the file too).
	AddressTagKeys []string `yaml:"address_tag_keys" json:"address_tag_keys"`
	// ByName links a live resource to the IaC resource of the same type
	// and name (for Kubernetes: kind, namespace and name) when exactly
	// one live resource and one IaC resource have them.
	ByName bool `yaml:"by_name" json:"by_name"`
	// ManifestNamespace is the namespace a manifest without
	// metadata.namespace is taken to be applied to.
	ManifestNamespace string `yaml:"manifest_namespace" json:"manifest_namespace"`
}

// Store is where findings are kept.
type Store struct {
	// DSN is the store's DSN (as --store takes it), by reference: it
	// may carry a password.
	DSN *SecretRef `yaml:"dsn,omitempty" json:"dsn,omitempty"`
}

// Reports is how compliance reports and evidence bundles are made.
type Reports struct {
	// MaxAge is how old a scope's latest finished scan may be to count
	// in a report (--max-age overrides it).
	MaxAge Duration `yaml:"max_age" json:"max_age"`
	// SignKey is the Ed25519 private key (PKCS #8 PEM) evidence bundles
	// are signed with, by reference (--sign-key overrides it).
	SignKey *SecretRef `yaml:"sign_key,omitempty" json:"sign_key,omitempty"`
}

// Rules holds the rule parameters: values for every resource and
// overrides for some (params.Set).
type Rules struct {
	// Parameters is every parameter's value where no override applies,
	// defaults included.
	Parameters map[string]any    `yaml:"parameters" json:"parameters"`
	Overrides  []params.Override `yaml:"overrides" json:"overrides"`
}

// Default returns the configuration of a run without a file.
func Default() *Config {
	c := &Config{
		Version:    Versions[len(Versions)-1],
		Exceptions: Exceptions{MaxTTL: Duration(90 * Day)},
		Owners:     Owners{TagKeys: []string{"owner", "team"}, Map: []OwnerRule{}},
		Criticality: Criticality{TagKeys: []string{"criticality"}, Map: []CriticalityRule{}, Default: LevelMedium,
			EnvironmentKeys: []string{"environment", "env"}, Environments: map[string]Level{"prod": LevelHigh, "production": LevelHigh}},
		DueDates:  DueDates{Critical: Due(3 * Day), High: Due(14 * Day), Medium: Due(30 * Day), Low: Due(90 * Day)},
		Links:     Links{AddressTagKeys: []string{"terraform:address", "iac:address"}, ByName: true, ManifestNamespace: "default"},
		Rules:     Rules{Overrides: []params.Override{}},
		Reports:   Reports{MaxAge: Duration(7 * Day)},
		Inventory: Inventory{Accounts: []string{}, Organizations: []string{}, Clusters: []string{}},
		Serve:     defaultServe(),
		Admission: defaultAdmission(),
	}
	c.setParams(nil)
	return c
}

func (c *Config) setParams(s *params.Set) {
	c.params = s
	c.Rules.Parameters = s.Global()
	if o := s.Overrides(); o != nil {
		c.Rules.Overrides = o
	}
}

// File returns the file the configuration was read from; "" for the
// defaults.
func (c *Config) File() string { return c.file }

// OwnerFor returns the owner of r, "" when neither its tags nor the map
// name one. Tag keys match case-insensitively when no tag has the exact
// key.
func (c *Config) OwnerFor(r *model.Resource) string {
	owner, _ := c.OwnerOf(r)
	return owner
}

// OwnerOf returns the owner of r as OwnerFor does, with where it came
// from: "label team" (the tag or label key as the resource spells it),
// or "vigil.yaml owners.map[2]"; both "" when nothing names one.
func (c *Config) OwnerOf(r *model.Resource) (owner, from string) {
	for _, k := range c.Owners.TagKeys {
		if key, v := tagKey(r.Labels, k); v != "" {
			return v, "label " + key
		}
	}
	for i, m := range c.Owners.Map {
		if m.Match.Matches(r) {
			return m.Owner, fmt.Sprintf("vigil.yaml owners.map[%d]", i)
		}
	}
	return "", ""
}

// Tag returns the value of a tag or label of r as the configuration's
// tag keys are matched: the exact key, else one equal to it ignoring
// case.
func Tag(r *model.Resource, key string) string { return tag(r.Labels, key) }

// CriticalityFor returns the criticality of r.
func (c *Config) CriticalityFor(r *model.Resource) Level {
	for _, k := range c.Criticality.TagKeys {
		if l, ok := ParseLevel(tag(r.Labels, k)); ok {
			return l
		}
	}
	for _, m := range c.Criticality.Map {
		if m.Match.Matches(r) {
			return m.Level
		}
	}
	for _, k := range c.Criticality.EnvironmentKeys {
		if l, ok := c.Criticality.Environments[strings.ToLower(tag(r.Labels, k))]; ok {
			return l
		}
	}
	return c.Criticality.Default
}

// tag returns the value of a tag or label: the exact key, else the
// first key (in sorted order) equal to it ignoring case.
func tag(labels map[string]string, key string) string {
	_, v := tagKey(labels, key)
	return v
}

// tagKey is tag with the key found.
func tagKey(labels map[string]string, key string) (string, string) {
	if v, ok := labels[key]; ok {
		return key, v
	}
	best, found := "", false
	for k := range labels {
		if strings.EqualFold(k, key) && (!found || k < best) {
			best, found = k, true
		}
	}
	if !found {
		return "", ""
	}
	return best, labels[best]
}

// DueFor returns how long a finding of severity s may stay open; false
// when findings of s have no due date.
func (c *Config) DueFor(s model.Severity) (time.Duration, bool) {
	d := c.DueDates.of(s)
	if d == nil || *d == 0 {
		return 0, false
	}
	return time.Duration(*d), true
}

// Params returns the value of every rule parameter for r.
func (c *Config) Params(r *model.Resource) map[string]any {
	return c.params.Resolve(params.ScopeOf(r))
}

// RuleParams returns the rule parameters, for the engine (scan.Request).
func (c *Config) RuleParams() *params.Set { return c.params }

// section is a top-level key of the file and how to decode it.
type section struct {
	name   string
	decode func(d *decoder, n *yaml.Node, c *Config, path string)
}

// sections are the top-level keys after version, in the order they are
// documented.
func sections() []section {
	return []section{
		{"exceptions", decodeExceptions},
		{"owners", decodeOwners},
		{"criticality", decodeCriticality},
		{"due_dates", decodeDueDates},
		{"links", decodeLinks},
		{"store", decodeStore},
		{"rules", decodeRules},
		{"reports", decodeReports},
		{"inventory", decodeInventory},
		{"serve", decodeServe},
		{"admission", decodeAdmission},
	}
}

// String names the file the configuration came from, for logs.
func (c *Config) String() string {
	if c.file == "" {
		return "defaults"
	}
	return fmt.Sprintf("%s (version %d)", c.file, c.Version)
}
