package iacpush

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"

	"github.com/vigil-cspm/vigil/internal/model"
)

// Version is the wire format's version.
const Version = 1

// MaxBytes bounds a pushed scan.
const MaxBytes = 256 << 20

// Payload is one pushed IaC scan.
type Payload struct {
	Version int `json:"version"`
	// Repo is the repository ("org/infra"); Ref the branch or tag the
	// scan is of ("main", "refs/pull/12/merge"); Commit its commit.
	Repo   string `json:"repo"`
	Ref    string `json:"ref"`
	Commit string `json:"commit,omitempty"`
	// Paths are the paths the CI scan was given.
	Paths []string `json:"paths"`
	// VigilVersion is the version of the CLI that parsed the files.
	VigilVersion string  `json:"vigil_version,omitempty"`
	Scopes       []Scope `json:"scopes"`
}

// Scope is a model.Scope on the wire.
type Scope struct {
	Name       string             `json:"name"`
	Resources  []Resource         `json:"resources"`
	References []Resource         `json:"references,omitempty"`
	Complete   []string           `json:"complete,omitempty"`
	Coverage   []model.Coverage   `json:"coverage,omitempty"`
	Errors     []model.InputError `json:"errors,omitempty"`
	Warnings   []model.InputError `json:"warnings,omitempty"`
}

// Resource is a resource with its inline exceptions.
type Resource struct {
	Resource   *model.Resource   `json:"resource"`
	Directives []model.Directive `json:"directives,omitempty"`
}

// plainName is a repo or ref: printable, no spaces, no "..".
var plainName = regexp.MustCompile(`^[A-Za-z0-9._/@+-]{1,255}$`)

// Decode reads and checks a payload of at most MaxBytes.
func Decode(r io.Reader) (*Payload, error) {
	body, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read the pushed scan: %w", err)
	}
	if len(body) > MaxBytes {
		return nil, fmt.Errorf("the pushed scan is larger than %d MiB: push fewer paths at once", MaxBytes>>20)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	var p Payload
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("the pushed scan is not valid JSON of version %d: %w (push with the same Vigil version as the server, or a newer one)", Version, err)
	}
	if dec.More() {
		return nil, errors.New("the pushed scan has more than one JSON value")
	}
	return &p, p.check()
}

func (p *Payload) check() error {
	switch {
	case p.Version != Version:
		return fmt.Errorf("the pushed scan is version %d; this server reads version %d (upgrade the CLI or the server so they match)", p.Version, Version)
	case !plainName.MatchString(p.Repo) || bytes.Contains([]byte(p.Repo), []byte("..")):
		return fmt.Errorf("repo %q: give the repository as owner/name (--repo)", p.Repo)
	case !plainName.MatchString(p.Ref) || bytes.Contains([]byte(p.Ref), []byte("..")):
		return fmt.Errorf("ref %q: give the branch or tag the scan is of (--ref main)", p.Ref)
	case len(p.Commit) > 64:
		return fmt.Errorf("commit %q is longer than 64 characters: give the commit hash", p.Commit[:64])
	}
	for i, s := range p.Scopes {
		for j, rs := range [][]Resource{s.Resources, s.References} {
			for k, r := range rs {
				if r.Resource == nil || r.Resource.ID == "" || r.Resource.Type == "" {
					what := "resources"
					if j == 1 {
						what = "references"
					}
					return fmt.Errorf("scope %d (%s): %s[%d] has no id or type", i, s.Name, what, k)
				}
			}
		}
	}
	return nil
}
